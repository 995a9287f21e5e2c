//go:build linux
// +build linux

// Command bb_chroot_soak sends a large number of actions to bb-chroot's
// bb_runner, the way bb_worker does, and checks that the runner leaks
// nothing: no mount on the host, no process, no file descriptor, and
// no memory beyond a bound.
//
// The actions are a mix of successful and failing commands, commands
// killed by signals, commands that leave processes behind, use a
// pseudo-terminal, write a lot of output, fill a tmpfs, close their
// standard output early, are not found, or exceed their deadline. Every
// response is checked against what the action does.
//
// Usage, as root, from within this module:
//
//	go run ./cmd/bb_chroot_soak -n 10000 -c 8
//
// It exits with status 1 if any action has an unexpected outcome or if
// anything leaked.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/bb-chroot/bb-chroot/internal/hoststate"
	"github.com/buildbarn/bb-remote-execution/pkg/proto/resourceusage"
	runner_pb "github.com/buildbarn/bb-remote-execution/pkg/proto/runner"
	"github.com/buildbarn/bb-storage/pkg/util"

	"golang.org/x/sys/unix"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

// runnerConfiguration is the configuration of bb_runner, with all
// special file systems enabled, as in the integration tests.
const runnerConfiguration = `{
  buildDirectoryPath: %q,
  grpcServers: [{ listenPaths: [%q], authenticationPolicy: { allow: {} } }],
  chrootIntoInputRoot: true,
  inputRootMounts: [
    { mountpoint: 'proc', filesystemType: 'proc' },
    { mountpoint: 'sys', filesystemType: 'sysfs' },
    { mountpoint: 'dev', filesystemType: 'dev' },
    { mountpoint: 'dev/pts', filesystemType: 'devpts' },
    { mountpoint: 'dev/shm', filesystemType: 'tmpfs', sizeBytes: %d },
    { mountpoint: 'tmp', filesystemType: 'tmpfs', createMountpoint: true },
  ],
}
`

// shmSizeBytes is the size of the tmpfs at /dev/shm, which the "fill"
// action fills up.
const shmSizeBytes = 4 * 1024 * 1024

// actionKind is a kind of action that the soak driver sends, with the
// relative frequency at which it is sent.
type actionKind struct {
	name   string
	weight int
}

var actionKinds = []actionKind{
	{"echo", 20},
	{"exit", 15},
	{"signal", 15},
	{"background", 10},
	{"pty", 10},
	{"large-stdout", 10},
	{"not-found", 5},
	{"fill-shm", 5},
	{"close-stdio", 5},
	{"timeout", 2},
}

var terminationSignals = []string{"SIGTERM", "SIGKILL", "SIGHUP", "SIGINT"}

type soak struct {
	client         runner_pb.RunnerClient
	buildDirectory string
	testtool       string
	token          string
	timeout        time.Duration
}

type actionResult struct {
	kind     string
	err      error
	duration time.Duration
}

// run creates an input root for a single action, runs the action,
// checks its outcome, and removes the input root, the way bb_worker
// does.
func (s *soak) run(i int, kind string, rng *rand.Rand) error {
	name := fmt.Sprintf("action%d", i)
	actionDirectory := filepath.Join(s.buildDirectory, name)
	root := filepath.Join(actionDirectory, "root")
	for _, d := range []string{"bin", "proc", "sys", "dev"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return err
		}
	}
	if err := os.Link(s.testtool, filepath.Join(root, "bin", "testtool")); err != nil {
		return err
	}

	request := &runner_pb.RunRequest{
		EnvironmentVariables: map[string]string{
			"PATH": "/bin",
			// Lets the soak driver find processes left
			// behind by actions.
			"BB_CHROOT_SOAK_TOKEN": s.token,
		},
		StdoutPath:         name + "/stdout",
		StderrPath:         name + "/stderr",
		InputRootDirectory: name + "/root",
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()

	var check func(*runner_pb.RunResponse, string, error) error
	switch kind {
	case "echo":
		message := fmt.Sprintf("soak %d", i)
		request.Arguments = []string{"testtool", "echo", message}
		check = expectExit(0, message+"\n")
	case "exit":
		code := 1 + rng.Intn(254)
		request.Arguments = []string{"testtool", "exit", fmt.Sprint(code)}
		check = expectExit(int64(code), "")
	case "signal":
		signal := terminationSignals[rng.Intn(len(terminationSignals))]
		request.Arguments = []string{"testtool", "kill-self", signal}
		check = func(response *runner_pb.RunResponse, _ string, err error) error {
			if err != nil {
				return err
			}
			var resourceUsage resourceusage.POSIXResourceUsage
			if len(response.ResourceUsage) != 1 || response.ResourceUsage[0].UnmarshalTo(&resourceUsage) != nil {
				return status.Error(codes.Internal, "No POSIX resource usage in response")
			}
			if response.ExitCode != -1 || "SIG"+resourceUsage.TerminationSignal != signal {
				return status.Errorf(codes.Internal, "Expected termination by %s, got exit code %d and signal %#v", signal, response.ExitCode, resourceUsage.TerminationSignal)
			}
			return nil
		}
	case "background":
		// Leave a process behind in a new session. It is found
		// through its environment if it survives.
		request.Arguments = []string{"testtool", "daemonize", s.token}
		check = func(response *runner_pb.RunResponse, stdout string, err error) error {
			if err != nil {
				return err
			}
			if response.ExitCode != 0 || !strings.HasPrefix(stdout, "started ") {
				return status.Errorf(codes.Internal, "Expected exit code 0 and output \"started\", got exit code %d and output %#v", response.ExitCode, stdout)
			}
			return nil
		}
	case "pty":
		request.Arguments = []string{"testtool", "pty"}
		check = expectExit(0, "opened /dev/pts/0\n")
	case "large-stdout":
		size := 1024*1024 + rng.Intn(3*1024*1024)
		request.Arguments = []string{"testtool", "spew", fmt.Sprint(size)}
		expected := string(spewPattern(size))
		check = expectExit(0, expected)
	case "not-found":
		request.Arguments = []string{"nonexistent", "argument"}
		check = func(_ *runner_pb.RunResponse, _ string, err error) error {
			if status.Code(err) != codes.InvalidArgument || !strings.Contains(status.Convert(err).Message(), `Cannot find executable "nonexistent"`) {
				return status.Errorf(codes.Internal, "Expected InvalidArgument naming the executable, got %v", err)
			}
			return nil
		}
	case "fill-shm":
		request.Arguments = []string{"testtool", "fill", "/dev/shm/fill"}
		check = func(response *runner_pb.RunResponse, stdout string, err error) error {
			if err != nil {
				return err
			}
			var written int
			if _, scanErr := fmt.Sscanf(stdout, "filled %d write /dev/shm/fill: no space left on device\n", &written); scanErr != nil || response.ExitCode != 0 || written > shmSizeBytes || written < shmSizeBytes/2 {
				return status.Errorf(codes.Internal, "Expected /dev/shm to fill up, got exit code %d and output %#v", response.ExitCode, stdout)
			}
			return nil
		}
	case "close-stdio":
		request.Arguments = []string{"testtool", "close-stdio"}
		check = expectExit(0, "before close\n")
	case "timeout":
		// A deadline shorter than the action, which leaves a
		// process behind that keeps running.
		var timeoutCancel context.CancelFunc
		ctx, timeoutCancel = context.WithTimeout(ctx, 200*time.Millisecond)
		defer timeoutCancel()
		request.Arguments = []string{"testtool", "daemonize", s.token, "wait"}
		check = func(_ *runner_pb.RunResponse, _ string, err error) error {
			if status.Code(err) != codes.DeadlineExceeded {
				return status.Errorf(codes.Internal, "Expected DeadlineExceeded, got %v", err)
			}
			return nil
		}
	default:
		panic("unknown action kind " + kind)
	}

	response, err := s.client.Run(ctx, request)
	stdout, _ := os.ReadFile(filepath.Join(actionDirectory, "stdout"))
	if err := check(response, string(stdout), err); err != nil {
		stderr, _ := os.ReadFile(filepath.Join(actionDirectory, "stderr"))
		return util.StatusWrapf(err, "Action %s %q with standard error %#v", kind, request.Arguments, truncate(string(stderr)))
	}
	// Removing the input root fails if a mount was left behind
	// inside it on the host.
	if err := os.RemoveAll(actionDirectory); err != nil {
		return util.StatusWrapfWithCode(err, codes.Internal, "Failed to remove input root %#v", root)
	}
	return nil
}

func expectExit(code int64, stdout string) func(*runner_pb.RunResponse, string, error) error {
	return func(response *runner_pb.RunResponse, actualStdout string, err error) error {
		if err != nil {
			return err
		}
		if response.ExitCode != code || actualStdout != stdout {
			return status.Errorf(codes.Internal, "Expected exit code %d and output %#v, got exit code %d and output %#v", code, truncate(stdout), response.ExitCode, truncate(actualStdout))
		}
		return nil
	}
}

func truncate(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}

// spewPattern returns the output of "testtool spew".
func spewPattern(n int) []byte {
	var b strings.Builder
	for b.Len() < n {
		fmt.Fprintf(&b, "%015d bb-chroot spew line\n", b.Len())
	}
	return []byte(b.String()[:n])
}

// runActions sends actions at a given concurrency, returning their
// results.
func (s *soak) runActions(first, count, concurrency int, seed int64, progress func(done int)) []actionResult {
	totalWeight := 0
	for _, k := range actionKinds {
		totalWeight += k.weight
	}
	rng := rand.New(rand.NewSource(seed))
	kinds := make([]string, count)
	seeds := make([]int64, count)
	for i := range kinds {
		n := rng.Intn(totalWeight)
		for _, k := range actionKinds {
			if n < k.weight {
				kinds[i] = k.name
				break
			}
			n -= k.weight
		}
		seeds[i] = rng.Int63()
	}

	results := make([]actionResult, count)
	indices := make(chan int)
	var wg sync.WaitGroup
	var lock sync.Mutex
	done := 0
	for w := 0; w < concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range indices {
				start := time.Now()
				err := s.run(first+i, kinds[i], rand.New(rand.NewSource(seeds[i])))
				results[i] = actionResult{kind: kinds[i], err: err, duration: time.Since(start)}
				lock.Lock()
				done++
				if progress != nil {
					progress(done)
				}
				lock.Unlock()
			}
		}()
	}
	for i := 0; i < count; i++ {
		indices <- i
	}
	close(indices)
	wg.Wait()
	return results
}

// snapshot is the state of the host and the runner that must not
// change across the soak.
type snapshot struct {
	mounts    []hoststate.Mount
	processes map[int]*hoststate.Process
	fds       map[int]string
	rss       uint64
	hwm       uint64
	// Direct children of the runner, which are init processes of
	// running actions, and their total RSS.
	runnerChildren    int
	runnerChildrenRSS uint64
}

func takeSnapshot(runnerPID int) (*snapshot, error) {
	mounts, err := hoststate.Mounts()
	if err != nil {
		return nil, err
	}
	processes, err := hoststate.Processes()
	if err != nil {
		return nil, err
	}
	fds, err := hoststate.FileDescriptors(runnerPID)
	if err != nil {
		return nil, err
	}
	rss, hwm, err := hoststate.MemoryUsage(runnerPID)
	if err != nil {
		return nil, err
	}
	s := &snapshot{
		mounts:    mounts,
		processes: processes,
		fds:       fds,
		rss:       rss,
		hwm:       hwm,
	}
	for _, p := range processes {
		if p.PPID == runnerPID {
			s.runnerChildren++
			childRSS, _, _ := hoststate.MemoryUsage(p.PID)
			s.runnerChildrenRSS += childRSS
		}
	}
	return s, nil
}

// settledSnapshot takes snapshots until the number of file descriptors
// and children of the runner no longer change, as the runner may start
// and stop init processes in the background.
func settledSnapshot(runnerPID int) (*snapshot, error) {
	previous, err := takeSnapshot(runnerPID)
	if err != nil {
		return nil, err
	}
	for i := 0; i < 50; i++ {
		time.Sleep(200 * time.Millisecond)
		current, err := takeSnapshot(runnerPID)
		if err != nil {
			return nil, err
		}
		if len(current.fds) == len(previous.fds) && current.runnerChildren == previous.runnerChildren {
			return current, nil
		}
		previous = current
	}
	return previous, nil
}

// pidfds returns the number of file descriptors of the runner that
// refer to processes. Go's os/exec holds one for every child process
// that has not been waited for.
func (s *snapshot) pidfds() int {
	n := 0
	for _, target := range s.fds {
		if target == "anon_inode:[pidfd]" {
			n++
		}
	}
	return n
}

// unaccountedFDs returns the number of file descriptors of the runner,
// not counting the pidfds of its child processes.
func (s *snapshot) unaccountedFDs() int {
	return len(s.fds) - s.pidfds()
}

// findLeaks compares the state of the host against the baseline,
// returning a description of every leak.
//
// Every action has an init process of its own, which exits with the
// action, so once all actions have finished, the runner has no child
// processes at all. File descriptors of the runner are compared after
// subtracting those that belong to child processes (pidfds), which
// only matters while actions are still being killed.
func (s *soak) findLeaks(runnerPID int, baseline, current *snapshot, maxRSSGrowth uint64) (leaks, notes []string) {
	leakedMounts, unrelatedMounts := hoststate.LeakedMounts(baseline.mounts, current.mounts, s.buildDirectory)
	for _, m := range leakedMounts {
		leaks = append(leaks, fmt.Sprintf("host mount table changed: %s", m.Key))
	}
	for _, m := range unrelatedMounts {
		notes = append(notes, fmt.Sprintf("unrelated FUSE mount outside the build directory changed: %s", m.Key))
	}

	// Processes of actions carry the token in their environment.
	for _, p := range hoststate.NewProcesses(baseline.processes, current.processes) {
		if hoststate.HasToken(p.PID, s.token) {
			leaks = append(leaks, fmt.Sprintf("process of an action left behind: %s", p))
		}
	}
	for _, p := range hoststate.Descendants(current.processes, runnerPID) {
		switch {
		case p.PPID != runnerPID:
			leaks = append(leaks, fmt.Sprintf("process below an init process left behind: %s", p))
		case p.State == 'Z':
			leaks = append(leaks, fmt.Sprintf("init process not reaped: %s", p))
		default:
			leaks = append(leaks, fmt.Sprintf("init process outlived its action: %s", p))
		}
	}
	if current.unaccountedFDs() > baseline.unaccountedFDs() || current.pidfds() > current.runnerChildren {
		var added []string
		for fd, target := range current.fds {
			if baseline.fds[fd] != target {
				added = append(added, fmt.Sprintf("%d -> %s", fd, target))
			}
		}
		sort.Strings(added)
		leaks = append(leaks, fmt.Sprintf("runner has %d open file descriptors and %d init processes, while it had %d and %d before; new or changed: %s", len(current.fds), current.runnerChildren, len(baseline.fds), baseline.runnerChildren, strings.Join(added, ", ")))
	}
	if current.rss > baseline.rss+maxRSSGrowth {
		leaks = append(leaks, fmt.Sprintf("runner RSS grew from %d to %d bytes, more than %d bytes", baseline.rss, current.rss, maxRSSGrowth))
	}
	return leaks, notes
}

// buildBinary builds a main package of this module as a static
// executable.
func buildBinary(directory, pkg string) (string, error) {
	output := filepath.Join(directory, filepath.Base(pkg))
	cmd := exec.Command("go", "build", "-o", output, "github.com/bb-chroot/bb-chroot/"+pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return "", util.StatusWrapfWithCode(err, codes.FailedPrecondition, "Failed to build %#v (run bb_chroot_soak from within the bb-chroot module, or pass the executable)", pkg)
	}
	return output, nil
}

// copyFile copies an executable into the build directory, so that it
// can be hard linked into input roots.
func copyFile(source, destination string) error {
	data, err := os.ReadFile(source)
	if err != nil {
		return err
	}
	return os.WriteFile(destination, data, 0o755)
}

// startRunner starts bb_runner and waits until it accepts requests.
func startRunner(binary, configuration, socket string) (*exec.Cmd, <-chan struct{}, error) {
	cmd := exec.Command(binary, configuration)
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	for {
		if _, err := os.Stat(socket); err == nil {
			return cmd, exited, nil
		}
		select {
		case <-exited:
			return nil, nil, status.Errorf(codes.Unavailable, "bb_runner terminated before listening: %s", cmd.ProcessState)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[int(float64(len(sorted)-1)*p)]
}

func mib(n uint64) string {
	return fmt.Sprintf("%.1f MiB", float64(n)/(1024*1024))
}

func main() {
	actions := flag.Int("n", 10000, "Number of actions to run")
	concurrency := flag.Int("c", 8, "Number of actions to run concurrently")
	buildDirectoryFlag := flag.String("build-dir", "", "Build directory in which input roots are created (default: a new temporary directory)")
	runnerBinary := flag.String("bb-runner", "", "bb-chroot's bb_runner executable (default: build it)")
	testtoolBinary := flag.String("testtool", "", "Statically linked internal/testtool executable (default: build it)")
	seed := flag.Int64("seed", 1, "Seed of the random mix of actions")
	maxRSSGrowth := flag.Uint64("max-rss-growth", 64*1024*1024, "Growth of the runner's resident set size in bytes that counts as a leak")
	settleTimeout := flag.Duration("settle-timeout", 60*time.Second, "Time to wait for processes of timed out actions to terminate")
	injectLeak := flag.Bool("inject-leak", false, "Leave a process and a mount behind on purpose, to check that they are detected")
	flag.Parse()
	if err := soakMain(*actions, *concurrency, *buildDirectoryFlag, *runnerBinary, *testtoolBinary, *seed, *maxRSSGrowth, *settleTimeout, *injectLeak); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", status.Convert(err).Message())
		os.Exit(1)
	}
	fmt.Println("PASS")
}

func soakMain(actions, concurrency int, buildDirectory, runnerBinary, testtoolBinary string, seed int64, maxRSSGrowth uint64, settleTimeout time.Duration, injectLeak bool) error {
	if os.Geteuid() != 0 {
		return status.Error(codes.PermissionDenied, "bb_chroot_soak must run as root, as bb_runner creates namespaces and mounts")
	}
	// Init processes of bb_runner that are orphaned when it is
	// stopped become children of this process, so that they are
	// reaped even if the system's init process does not reap them.
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		return util.StatusWrapWithCode(err, codes.Internal, "Failed to become a child subreaper")
	}

	workDirectory, err := os.MkdirTemp("", "bb_chroot_soak")
	if err != nil {
		return err
	}
	defer os.RemoveAll(workDirectory)
	if runnerBinary == "" {
		if runnerBinary, err = buildBinary(workDirectory, "cmd/bb_runner"); err != nil {
			return err
		}
	}
	if testtoolBinary == "" {
		if testtoolBinary, err = buildBinary(workDirectory, "internal/testtool"); err != nil {
			return err
		}
	}
	if buildDirectory == "" {
		buildDirectory = filepath.Join(workDirectory, "build")
		if err := os.Mkdir(buildDirectory, 0o755); err != nil {
			return err
		}
	}
	if buildDirectory, err = filepath.Abs(buildDirectory); err != nil {
		return err
	}
	// Input roots are hard linked to a copy of the test tool in the
	// build directory, as bb_worker does with its cache.
	testtool := filepath.Join(buildDirectory, "testtool")
	if err := copyFile(testtoolBinary, testtool); err != nil {
		return err
	}
	defer os.Remove(testtool)

	socket := filepath.Join(workDirectory, "runner.sock")
	configuration := filepath.Join(workDirectory, "bb_runner.jsonnet")
	if err := os.WriteFile(configuration, []byte(fmt.Sprintf(runnerConfiguration, buildDirectory, socket, shmSizeBytes)), 0o644); err != nil {
		return err
	}
	runner, runnerExited, err := startRunner(runnerBinary, configuration, socket)
	if err != nil {
		return err
	}
	defer func() {
		runner.Process.Kill()
		<-runnerExited
		// Reap init processes orphaned by the runner.
		for {
			if _, err := unix.Wait4(-1, nil, 0, nil); err == unix.ECHILD {
				break
			}
		}
	}()
	runnerPID := runner.Process.Pid
	conn, err := grpc.NewClient("unix://"+socket, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()

	s := &soak{
		client:         runner_pb.NewRunnerClient(conn),
		buildDirectory: buildDirectory,
		testtool:       testtool,
		token:          fmt.Sprintf("bb-chroot-soak-%d-%d", os.Getpid(), time.Now().UnixNano()),
		timeout:        5 * time.Minute,
	}
	fmt.Printf("bb_chroot_soak: %d actions at concurrency %d, seed %d, build directory %s, runner PID %d\n", actions, concurrency, seed, buildDirectory, runnerPID)

	// Warm up, so that the runner's gRPC server and Go runtime
	// have allocated what they keep for their lifetime.
	warmUp := 4 * concurrency
	for _, result := range s.runActions(0, warmUp, concurrency, seed+1, nil) {
		if result.err != nil {
			return util.StatusWrap(result.err, "Warm-up action failed")
		}
	}
	baseline, err := settledSnapshot(runnerPID)
	if err != nil {
		return err
	}

	if injectLeak {
		// A process carrying the token, as if an action had
		// left it behind, and a mount inside the build
		// directory.
		leakedProcess := exec.Command(testtool, "sleep", "1000")
		leakedProcess.Env = []string{"BB_CHROOT_SOAK_TOKEN=" + s.token}
		if err := leakedProcess.Start(); err != nil {
			return err
		}
		defer func() {
			leakedProcess.Process.Kill()
			leakedProcess.Wait()
		}()
		leakedMount := filepath.Join(buildDirectory, "leaked-mount")
		if err := os.Mkdir(leakedMount, 0o755); err != nil {
			return err
		}
		if err := unix.Mount("tmpfs", leakedMount, "tmpfs", 0, ""); err != nil {
			return err
		}
		defer os.Remove(leakedMount)
		defer unix.Unmount(leakedMount, 0)
	}

	start := time.Now()
	step := actions / 10
	if step == 0 {
		step = 1
	}
	results := s.runActions(warmUp, actions, concurrency, seed, func(done int) {
		if done%step == 0 {
			rss, _, _ := hoststate.MemoryUsage(runnerPID)
			fds, _ := hoststate.FileDescriptors(runnerPID)
			fmt.Printf("  %6d/%d actions after %s: runner RSS %s, %d fds\n", done, actions, time.Since(start).Round(time.Millisecond), mib(rss), len(fds))
		}
	})
	elapsed := time.Since(start)

	// Processes of actions that exceeded their deadline are
	// killed by the runner after the client has given up on them.
	// Wait for the state to settle before reporting leaks.
	var current *snapshot
	var leaks, notes []string
	settleStart := time.Now()
	for {
		if current, err = takeSnapshot(runnerPID); err != nil {
			return err
		}
		leaks, notes = s.findLeaks(runnerPID, baseline, current, maxRSSGrowth)
		if len(leaks) == 0 || time.Since(settleStart) > settleTimeout {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	settleTime := time.Since(settleStart)

	// Report.
	failuresByKind := map[string]int{}
	countByKind := map[string]int{}
	var durations []time.Duration
	var failures []string
	for _, result := range results {
		countByKind[result.kind]++
		durations = append(durations, result.duration)
		if result.err != nil {
			failuresByKind[result.kind]++
			failures = append(failures, result.err.Error())
		}
	}
	sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
	fmt.Printf("\nActions: %d in %s (%.1f actions/s), latency p50 %s, p90 %s, p99 %s, max %s\n",
		actions, elapsed.Round(time.Millisecond), float64(actions)/elapsed.Seconds(),
		percentile(durations, 0.5).Round(time.Microsecond), percentile(durations, 0.9).Round(time.Microsecond),
		percentile(durations, 0.99).Round(time.Microsecond), percentile(durations, 1).Round(time.Microsecond))
	fmt.Printf("%-14s %8s %8s\n", "kind", "actions", "failed")
	for _, k := range actionKinds {
		fmt.Printf("%-14s %8d %8d\n", k.name, countByKind[k.name], failuresByKind[k.name])
	}
	addedMounts, removedMounts := hoststate.DiffMounts(baseline.mounts, current.mounts)
	fmt.Printf("\nHost mounts:          %d before, %d after (%d added, %d removed)\n", len(baseline.mounts), len(current.mounts), len(addedMounts), len(removedMounts))
	fmt.Printf("Host processes:       %d before, %d after\n", len(baseline.processes), len(current.processes))
	fmt.Printf("Runner children:      %d before (%s RSS), %d after (%s RSS); init processes of running actions\n", baseline.runnerChildren, mib(baseline.runnerChildrenRSS), current.runnerChildren, mib(current.runnerChildrenRSS))
	fmt.Printf("Runner fds:           %d before, %d after (%d and %d not belonging to child processes)\n", len(baseline.fds), len(current.fds), baseline.unaccountedFDs(), current.unaccountedFDs())
	fmt.Printf("Runner RSS:           %s before, %s after, high-water mark %s\n", mib(baseline.rss), mib(current.rss), mib(current.hwm))
	fmt.Printf("Settled after:        %s\n", settleTime.Round(time.Millisecond))
	for _, note := range notes {
		fmt.Println("Note:", note)
	}

	if len(failures) > 0 {
		for i, failure := range failures {
			if i == 20 {
				fmt.Printf("... and %d more\n", len(failures)-i)
				break
			}
			fmt.Println("Action failed:", failure)
		}
	}
	for _, leak := range leaks {
		fmt.Println("Leak:", leak)
	}
	if len(failures) > 0 || len(leaks) > 0 {
		return status.Errorf(codes.Internal, "%d actions failed, %d leaks", len(failures), len(leaks))
	}
	return nil
}
