//go:build linux
// +build linux

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	runner_pb "github.com/buildbarn/bb-remote-execution/pkg/proto/runner"
	"github.com/buildbarn/bb-storage/pkg/util"

	"golang.org/x/sys/unix"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

// getOurNamespaces returns the namespaces of
// config/bb_runner_chroot.jsonnet, with which all of our runners are
// started, unless the network namespace is turned off with --network.
// Bubblewrap is given the namespaces of the configuration.
func getOurNamespaces(o *options) string {
	return fmt.Sprintf("{ ipc: true, uts: true, network: %t }", o.network)
}

// allMounts are the input root mounts of our runner. The first five
// are the full set of special file systems; the mount scaling
// benchmark adds tmpfs mounts on top of those.
var allMounts = []string{
	`{ mountpoint: 'proc', kind: 'PROC' }`,
	`{ mountpoint: 'sys', kind: 'SYSFS' }`,
	`{ mountpoint: 'dev', kind: 'DEV' }`,
	`{ mountpoint: 'dev/pts', kind: 'DEVPTS' }`,
	`{ mountpoint: 'dev/shm', kind: 'TMPFS', sizeBytes: 8 * 1024 * 1024 }`,
	`{ mountpoint: 't1', kind: 'TMPFS' }`,
	`{ mountpoint: 't2', kind: 'TMPFS' }`,
	`{ mountpoint: 't3', kind: 'TMPFS' }`,
	`{ mountpoint: 't4', kind: 'TMPFS' }`,
	`{ mountpoint: 't5', kind: 'TMPFS' }`,
}

// namespaces in which the exec-*-ns variants run.
const namespaces = unix.CLONE_NEWNS | unix.CLONE_NEWPID

// benchmarkEnvironment holds the build directory with the input root
// and the runners serving it.
type benchmarkEnvironment struct {
	log            io.Writer
	buildDirectory string
	inputRoot      string
	runners        []*runnerProcess
	logCounter     atomic.Uint64
}

// runBenchmark sets up the environment, measures latency and
// throughput, and returns the results. Progress is written to log.
func runBenchmark(ctx context.Context, o *options, log io.Writer) (*results, error) {
	if os.Geteuid() != 0 {
		return nil, status.Error(codes.FailedPrecondition, "This benchmark creates namespaces and mounts, which requires running as root")
	}
	bwrap, err := exec.LookPath("bwrap")
	if err != nil {
		return nil, util.StatusWrap(err, "Failed to find bubblewrap")
	}
	chroot, err := exec.LookPath("chroot")
	if err != nil {
		return nil, util.StatusWrap(err, "Failed to find chroot")
	}

	workDirectory, err := os.MkdirTemp(o.workDirectory, "bb_chroot_bench")
	if err != nil {
		return nil, util.StatusWrap(err, "Failed to create work directory")
	}
	defer os.RemoveAll(workDirectory)

	if o.bbRunner == "" {
		if o.bbRunner, err = buildBinary(workDirectory, "github.com/bb-chroot/bb-chroot/cmd/bb_runner"); err != nil {
			return nil, err
		}
	}
	// bb_runner starts bb_sandbox_init if it is installed next to it.
	initExecutable := filepath.Join(filepath.Dir(o.bbRunner), "bb_sandbox_init")
	if _, err := os.Stat(initExecutable); err != nil {
		builtInitExecutable, err := buildBinary(workDirectory, "github.com/bb-chroot/bb-chroot/cmd/bb_sandbox_init")
		if err != nil {
			return nil, err
		}
		if err := os.Rename(builtInitExecutable, initExecutable); err != nil {
			return nil, util.StatusWrap(err, "Failed to install bb_sandbox_init next to bb_runner")
		}
	}
	if o.upstreamBBRunner == "" {
		if o.upstreamBBRunner, err = buildBinary(workDirectory, "github.com/buildbarn/bb-remote-execution/cmd/bb_runner"); err != nil {
			return nil, err
		}
	}

	emptyGo, err := buildEmptyGoProgram(workDirectory)
	if err != nil {
		return nil, err
	}

	e := &benchmarkEnvironment{
		log:            log,
		buildDirectory: filepath.Join(workDirectory, "build"),
	}
	if err := e.createInputRoot(map[string]string{
		"bin/true":      o.busybox,
		"usr/bin/env":   o.busybox,
		"bin/empty_go":  emptyGo,
		"bin/bb_runner": o.bbRunner,
		"bin/init":      initExecutable,
	}); err != nil {
		return nil, err
	}
	defer e.stopRunners()
	upstream, err := e.startRunner(o.upstreamBBRunner, "upstream", "", "")
	if err != nil {
		return nil, err
	}
	ours := map[int]*runnerProcess{}
	for _, n := range mountCounts {
		if ours[n], err = e.startRunner(o.bbRunner, fmt.Sprintf("ours-%d", n), strings.Join(allMounts[:n], ",\n    "), "chrootNamespaces: "+getOurNamespaces(o)+",\n"); err != nil {
			return nil, err
		}
	}
	oursSelf, err := e.startRunner(o.bbRunner, fmt.Sprintf("ours-%d-self", fullMountCount), strings.Join(allMounts[:fullMountCount], ",\n    "), "chrootNamespaces: "+strings.TrimSuffix(getOurNamespaces(o), " }")+", initExecutablePath: '/proc/self/exe' },\n")
	if err != nil {
		return nil, err
	}

	oursUnhardened, err := e.startRunner(o.bbRunner, unhardenedVariantName, strings.Join(allMounts[:fullMountCount], ",\n    "), "chrootNamespaces: "+strings.TrimSuffix(getOurNamespaces(o), " }")+", seccomp: { disabled: true }, allowSetuidInInputRoot: true, allowNewPrivileges: true },\n")
	if err != nil {
		return nil, err
	}

	variants := []*variant{
		{
			name:        "chroot",
			description: "chroot(8) ROOT /bin/true, executed from Go",
			run:         commandAction(chroot, e.inputRoot, "/bin/true"),
		},
		{
			name:        "bwrap",
			description: "bwrap --unshare-pid --unshare-ipc --unshare-uts --unshare-net --proc --dev --ro-bind /sys, executed from Go",
			run:         commandAction(bwrap, "--bind", e.inputRoot, "/", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-net", "--proc", "/proc", "--dev", "/dev", "--ro-bind", "/sys", "/sys", "/bin/true"),
		},
		{
			name:        "exec-true",
			description: "/bin/true, fork/exec from Go with SysProcAttr.Chroot",
			run:         e.forkExecAction("/bin/true", 0),
		},
		{
			name:        "exec-true-ns",
			description: "/bin/true, as exec-true, in new mount and PID namespaces",
			run:         e.forkExecAction("/bin/true", namespaces),
		},
		{
			name:        "exec-go-ns",
			description: "empty static Go program, as exec-true-ns",
			run:         e.forkExecAction("/bin/empty_go", namespaces),
		},
		{
			name:        "exec-init-ns",
			description: "bb_sandbox_init without a request (starts, fails to read its request, exits), as exec-true-ns",
			run:         e.forkExecAction("/bin/init", namespaces),
		},
		{
			name:        "exec-bb-runner-ns",
			description: "our bb_runner without arguments (package initialization, usage), as exec-true-ns",
			run:         e.forkExecAction("/bin/bb_runner", namespaces),
		},
		{
			name:        "upstream",
			description: "Run() on upstream's bb_runner (chroot, /usr/bin/env)",
			run:         upstream.run,
		},
	}
	for _, n := range mountCounts {
		variants = append(variants, &variant{
			name:        fmt.Sprintf("ours-%d", n),
			description: fmt.Sprintf("Run() on our bb_runner with %d mounts and the namespaces %s", n, getOurNamespaces(o)),
			run:         ours[n].run,
		})
	}
	variants = append(variants, &variant{
		name:        oursSelf.name,
		description: fmt.Sprintf("as ours-%d, with bb_runner executing itself as the init process instead of bb_sandbox_init", fullMountCount),
		run:         oursSelf.run,
	})

	variants = append(variants, &variant{
		name:        oursUnhardened.name,
		description: fmt.Sprintf("as ours-%d, without seccomp filter, PR_SET_NO_NEW_PRIVS and nosuid input root", fullMountCount),
		run:         oursUnhardened.run,
	})

	loadAverageBefore := loadAverage()
	fmt.Fprintf(log, "Measuring latency: %d rounds of %d variants\n", o.runs, len(variants))
	if err := e.measureLatency(ctx, variants, o.warmup, o.runs, log); err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "Measuring throughput: %d rounds at concurrency %v\n", o.throughputRounds, o.concurrencies)
	throughput, err := e.measureThroughput(ctx, upstream, ours[fullMountCount], o.concurrencies, o.throughputRounds, o.throughputActions, (*runnerProcess).run, log)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "Measuring the least that isolation costs: %d rounds at concurrency 8\n", o.throughputRounds)
	isolationFloor, err := e.measureIsolationFloor(ctx, o.network, o.throughputRounds, o.throughputActions, log)
	if err != nil {
		return nil, err
	}
	var userland *throughputSample
	if o.userland != "" {
		if err := e.createUserlandInputRoot(o.userland); err != nil {
			return nil, err
		}
		fmt.Fprintf(log, "Measuring gcc in a Debian userland: %d rounds of %d actions at concurrency 8\n", o.throughputRounds, o.userlandActions)
		samples, err := e.measureThroughput(ctx, upstream, ours[fullMountCount], []int{8}, o.throughputRounds, o.userlandActions, (*runnerProcess).compile, log)
		if err != nil {
			return nil, err
		}
		userland = samples[0]
	}
	r := newResults(o.command, variants, throughput, isolationFloor, userland)
	r.Machine.LoadAverageBefore = loadAverageBefore
	r.Machine.BuildDirectoryFileSystem = fileSystemType(e.buildDirectory)
	return r, nil
}

// buildBinary builds a statically linked Go program.
func buildBinary(directory, pkg string) (string, error) {
	fmt.Fprintf(os.Stderr, "Building %s\n", pkg)
	output := filepath.Join(directory, strings.ReplaceAll(pkg, "/", "_"))
	arguments := []string{"build", "-o", output}
	if pkg == "github.com/bb-chroot/bb-chroot/cmd/bb_sandbox_init" {
		// Let it act as the reaper of sandboxes without starting
		// the Go runtime (see cmd/bb_sandbox_init).
		arguments = append(arguments, "-ldflags=-E=main.reaperEntry")
	}
	cmd := exec.Command("go", append(arguments, pkg)...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", util.StatusWrapf(err, "Failed to build %#v: %s", pkg, out)
	}
	return output, nil
}

// buildEmptyGoProgram builds a statically linked Go program that does
// nothing. Its cost is the lower bound of that of any init process
// written in Go.
func buildEmptyGoProgram(directory string) (string, error) {
	source := filepath.Join(directory, "empty_go.go")
	if err := os.WriteFile(source, []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		return "", util.StatusWrap(err, "Failed to write empty Go program")
	}
	output := filepath.Join(directory, "empty_go")
	cmd := exec.Command("go", "build", "-o", output, source)
	cmd.Dir = directory
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", util.StatusWrapf(err, "Failed to build empty Go program: %s", out)
	}
	return output, nil
}

// createInputRoot creates the input root shared by all variants. It
// contains the mountpoints of all mounts and copies of executables,
// keyed by their path in the input root.
func (e *benchmarkEnvironment) createInputRoot(executables map[string]string) error {
	e.inputRoot = filepath.Join(e.buildDirectory, "root")
	for _, d := range []string{"bin", "usr/bin", "proc", "sys", "dev", "t1", "t2", "t3", "t4", "t5"} {
		if err := os.MkdirAll(filepath.Join(e.inputRoot, d), 0o755); err != nil {
			return util.StatusWrapf(err, "Failed to create directory %#v in input root", d)
		}
	}
	for p, source := range executables {
		data, err := os.ReadFile(source)
		if err != nil {
			return util.StatusWrapf(err, "Failed to read %#v", source)
		}
		if err := os.WriteFile(filepath.Join(e.inputRoot, p), data, 0o755); err != nil {
			return util.StatusWrapf(err, "Failed to write %#v in input root", p)
		}
	}
	return e.resetLogs()
}

// helloC is the C file that is compiled in the userland input root.
const helloC = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	const char *name;
	int count;
};

static int compare(const void *a, const void *b) {
	const struct entry *x = a, *y = b;
	return y->count - x->count ? y->count - x->count : strcmp(x->name, y->name);
}

int main(int argc, char **argv) {
	struct entry *entries = calloc(argc, sizeof(*entries));
	for (int i = 1; i < argc; i++) {
		entries[i - 1].name = argv[i];
		entries[i - 1].count = (int)strlen(argv[i]);
	}
	qsort(entries, argc - 1, sizeof(*entries), compare);
	for (int i = 0; i < argc - 1; i++)
		printf("%s %d\n", entries[i].name, entries[i].count);
	free(entries);
	return 0;
}
`

// createUserlandInputRoot copies a Debian userland into the input root
// "userland" of the build directory, and adds /src/hello.c.
func (e *benchmarkEnvironment) createUserlandInputRoot(userland string) error {
	root := filepath.Join(e.buildDirectory, "userland")
	if out, err := exec.Command("cp", "-a", userland, root).CombinedOutput(); err != nil {
		return util.StatusWrapf(err, "Failed to copy userland %#v: %s", userland, out)
	}
	if err := os.MkdirAll(filepath.Join(root, "src"), 0o755); err != nil {
		return util.StatusWrap(err, "Failed to create source directory in userland")
	}
	if err := os.WriteFile(filepath.Join(root, "src/hello.c"), []byte(helloC), 0o644); err != nil {
		return util.StatusWrap(err, "Failed to write C file in userland")
	}
	return nil
}

// resetLogs removes the output files of previous actions. It is called
// between measurements, so that the build directory does not grow.
func (e *benchmarkEnvironment) resetLogs() error {
	logs := filepath.Join(e.buildDirectory, "logs")
	if err := os.RemoveAll(logs); err != nil {
		return util.StatusWrap(err, "Failed to remove logs directory")
	}
	if err := os.Mkdir(logs, 0o755); err != nil {
		return util.StatusWrap(err, "Failed to create logs directory")
	}
	return nil
}

// commandAction returns an action that executes a command.
func commandAction(path string, arguments ...string) action {
	return func(ctx context.Context) error {
		cmd := exec.CommandContext(ctx, path, arguments...)
		if out, err := cmd.CombinedOutput(); err != nil {
			return util.StatusWrapf(err, "%#v failed: %s", path, out)
		}
		return nil
	}
}

// forkExecAction returns an action that runs a program in the input
// root directly through fork/exec from Go, optionally in new
// namespaces. As the program may be bb_runner without arguments, which
// prints its usage, an exit code of 1 is accepted.
func (e *benchmarkEnvironment) forkExecAction(path string, cloneFlags uintptr, arguments ...string) action {
	return func(ctx context.Context) error {
		cmd := &exec.Cmd{
			Path:        path,
			Args:        append([]string{filepath.Base(path)}, arguments...),
			Dir:         "/",
			SysProcAttr: &syscall.SysProcAttr{Chroot: e.inputRoot, Cloneflags: cloneFlags},
		}
		// bb_runner without arguments exits with status 1, and
		// bb_sandbox_init without a request with status 127.
		if err := cmd.Run(); err != nil {
			if exitErr, ok := err.(*exec.ExitError); !ok || (exitErr.ExitCode() != 1 && exitErr.ExitCode() != 127) {
				return util.StatusWrapf(err, "Failed to run %#v", path)
			}
		}
		return nil
	}
}

// measureIsolationFloor measures the least that the isolation of the
// sandboxes costs per action, without a runner, as the machine CPU time
// per action at concurrency 8 of two ways of running /bin/true in the
// input root. "Bare" does what upstream's runner does to start a
// command: /usr/bin/env executes it. "Isolated" starts
// bb_sandbox_init's reaper (/bin/init in the input root) in new mount,
// PID, IPC, UTS and, unless network is false, network namespaces, the
// process that becomes PID 1 of every sandbox, and then /bin/true
// directly. With the null device as its standard input, the reaper
// exits right after changing its root directory. Nothing is mounted, no
// loopback interface is brought up and no seccomp filter is installed,
// so a runner that isolates actions this way costs at least the
// difference more per action than upstream's. Rounds alternate
// between the two.
func (e *benchmarkEnvironment) measureIsolationFloor(ctx context.Context, network bool, rounds, actions int, log io.Writer) (*isolationFloorSample, error) {
	cloneFlags := uintptr(unix.CLONE_NEWNS | unix.CLONE_NEWPID | unix.CLONE_NEWIPC | unix.CLONE_NEWUTS)
	if network {
		cloneFlags |= unix.CLONE_NEWNET
	}
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		return nil, util.StatusWrap(err, "Failed to open null device")
	}
	defer devNull.Close()
	bare := e.forkExecAction("/usr/bin/env", 0, "/bin/true")
	command := e.forkExecAction("/bin/true", 0)
	isolated := func(ctx context.Context) error {
		// Started like bb_runner starts it, without os/exec.
		pid, err := syscall.ForkExec("/bin/init", []string{"init", "reaper"}, &syscall.ProcAttr{
			Dir:   "/",
			Files: []uintptr{devNull.Fd()},
			Sys:   &syscall.SysProcAttr{Chroot: e.inputRoot, Cloneflags: cloneFlags},
		})
		if err != nil {
			return util.StatusWrap(err, "Failed to start reaper")
		}
		var waitStatus unix.WaitStatus
		if _, err := unix.Wait4(pid, &waitStatus, 0, nil); err != nil {
			return util.StatusWrap(err, "Failed to wait for reaper")
		}
		if waitStatus.ExitStatus() != 0 {
			return status.Errorf(codes.Internal, "Reaper terminated with wait status %#x", uint32(waitStatus))
		}
		return command(ctx)
	}
	s := &isolationFloorSample{concurrency: 8}
	for round := -1; round < rounds; round++ {
		for _, v := range []struct {
			run     action
			samples *[]float64
		}{{bare, &s.bare}, {isolated, &s.isolated}} {
			before := systemCPUTime()
			if _, err := runConcurrently(ctx, v.run, s.concurrency, actions); err != nil {
				return nil, err
			}
			// A kernel worker destroys network namespaces
			// after their last process exited. Let it do so
			// within the measurement; idle time is not counted.
			time.Sleep(200 * time.Millisecond)
			if round >= 0 {
				*v.samples = append(*v.samples, float64((systemCPUTime()-before).Microseconds())/1000/float64(actions))
			}
		}
		if round >= 0 {
			fmt.Fprintf(log, "  %d/%d rounds\n", round+1, rounds)
		}
	}
	return s, nil
}

// measureLatency runs each variant sequentially, interleaving them
// round-robin. Each round starts at a different variant, so that no
// variant consistently runs after a particular other one.
func (e *benchmarkEnvironment) measureLatency(ctx context.Context, variants []*variant, warmup, runs int, log io.Writer) error {
	for round := -warmup; round < runs; round++ {
		for i := range variants {
			v := variants[(i+round+warmup)%len(variants)]
			start := time.Now()
			err := v.run(ctx)
			elapsed := time.Since(start)
			if err != nil {
				return util.StatusWrapf(err, "Variant %#v failed", v.name)
			}
			if round >= 0 {
				v.samples = append(v.samples, elapsed)
			}
		}
		if err := e.resetLogs(); err != nil {
			return err
		}
		if round > 0 && round%50 == 0 {
			fmt.Fprintf(log, "  %d/%d rounds\n", round, runs)
		}
	}
	return nil
}

// measureThroughput measures the number of actions per second of
// upstream's runner and ours at increasing concurrency, alternating
// between them. An unmeasured first round lets the runners reach a
// steady state at every concurrency level.
func (e *benchmarkEnvironment) measureThroughput(ctx context.Context, upstream, ours *runnerProcess, concurrencies []int, rounds, actions int, run func(*runnerProcess, context.Context) error, log io.Writer) ([]*throughputSample, error) {
	samples := make([]*throughputSample, 0, len(concurrencies))
	for _, c := range concurrencies {
		samples = append(samples, &throughputSample{concurrency: c})
	}
	for round := -1; round < rounds; round++ {
		for _, s := range samples {
			order := []*runnerProcess{upstream, ours}
			if round%2 != 0 {
				order[0], order[1] = order[1], order[0]
			}
			for _, r := range order {
				cpuBefore, systemCPUBefore := r.cpuTime(), systemCPUTime()
				actionsPerSecond, err := runConcurrently(ctx, func(ctx context.Context) error { return run(r, ctx) }, s.concurrency, actions)
				if err != nil {
					return nil, util.StatusWrapf(err, "Runner %#v failed at concurrency %d", r.name, s.concurrency)
				}
				cpuPerAction := float64((r.cpuTime() - cpuBefore).Microseconds()) / 1000 / float64(actions)
				systemCPUPerAction := float64((systemCPUTime() - systemCPUBefore).Microseconds()) / 1000 / float64(actions)
				if round >= 0 && r == upstream {
					s.upstream = append(s.upstream, actionsPerSecond)
					s.upstreamCPU = append(s.upstreamCPU, cpuPerAction)
					s.upstreamSystemCPU = append(s.upstreamSystemCPU, systemCPUPerAction)
				} else if round >= 0 {
					s.ours = append(s.ours, actionsPerSecond)
					s.oursCPU = append(s.oursCPU, cpuPerAction)
					s.oursSystemCPU = append(s.oursSystemCPU, systemCPUPerAction)
				}
				if err := e.resetLogs(); err != nil {
					return nil, err
				}
			}
		}
		if round >= 0 {
			fmt.Fprintf(log, "  %d/%d rounds\n", round+1, rounds)
		}
	}
	return samples, nil
}

// runConcurrently runs an action a number of times with a given number
// of workers, returning the number of actions per second.
func runConcurrently(ctx context.Context, run action, concurrency, actions int) (float64, error) {
	var next atomic.Int64
	var wg sync.WaitGroup
	var errOnce sync.Once
	var firstErr error
	start := time.Now()
	for i := 0; i < concurrency; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(actions) {
				if err := run(ctx); err != nil {
					errOnce.Do(func() { firstErr = err })
					return
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return 0, firstErr
	}
	return float64(actions) / time.Since(start).Seconds(), nil
}

// runnerProcess is a bb_runner process listening on a UNIX socket.
type runnerProcess struct {
	name   string
	env    *benchmarkEnvironment
	cmd    *exec.Cmd
	log    strings.Builder
	client runner_pb.RunnerClient
	conn   *grpc.ClientConn
	exited chan struct{}
	// The cgroup containing the runner, or nil if the CPU time
	// of the runner cannot be measured.
	cgroup *cpuCgroup
}

// startRunner starts a bb_runner binary with chroot_into_input_root
// enabled and a list of input root mounts, and waits until it accepts
// requests.
func (e *benchmarkEnvironment) startRunner(binary, name, mounts, extraConfiguration string) (*runnerProcess, error) {
	directory := filepath.Join(filepath.Dir(e.buildDirectory), name)
	if err := os.Mkdir(directory, 0o755); err != nil {
		return nil, util.StatusWrapf(err, "Failed to create directory for runner %#v", name)
	}
	socket := filepath.Join(directory, "runner.sock")
	configuration := filepath.Join(directory, "bb_runner.jsonnet")
	mountsField := ""
	if mounts != "" {
		mountsField = fmt.Sprintf("inputRootMounts: [\n    %s,\n  ],\n", mounts)
	}
	if err := os.WriteFile(configuration, []byte(fmt.Sprintf(`{
  buildDirectoryPath: %q,
  grpcServers: [{ listenPaths: [%q], authenticationPolicy: { allow: {} } }],
  chrootIntoInputRoot: true,
  %s%s}
`, e.buildDirectory, socket, mountsField, extraConfiguration)), 0o644); err != nil {
		return nil, util.StatusWrapf(err, "Failed to write configuration of runner %#v", name)
	}

	r := &runnerProcess{
		name:   name,
		env:    e,
		cmd:    exec.Command(binary, configuration),
		exited: make(chan struct{}),
	}
	r.cmd.Stdout = &r.log
	r.cmd.Stderr = &r.log
	if err := r.cmd.Start(); err != nil {
		return nil, util.StatusWrapf(err, "Failed to start runner %#v", name)
	}
	e.runners = append(e.runners, r)
	go func() {
		r.cmd.Wait()
		close(r.exited)
	}()
	if c, err := newCPUCgroup(fmt.Sprintf("bb_chroot_bench-%d-%s", os.Getpid(), name)); err != nil {
		fmt.Fprintf(e.log, "Not measuring CPU time of runner %#v: %s\n", name, err)
	} else if err := c.add(r.cmd.Process.Pid); err != nil {
		c.remove()
		fmt.Fprintf(e.log, "Not measuring CPU time of runner %#v: %s\n", name, err)
	} else {
		r.cgroup = c
	}
	for {
		if _, err := os.Stat(socket); err == nil {
			break
		}
		select {
		case <-r.exited:
			return nil, status.Errorf(codes.Internal, "Runner %#v terminated before listening: %s", name, r.log.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	conn, err := grpc.NewClient("unix://"+socket, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, util.StatusWrapf(err, "Failed to create client of runner %#v", name)
	}
	r.conn = conn
	r.client = runner_pb.NewRunnerClient(conn)
	return r, nil
}

// run sends a RunRequest for the trivial action to the runner, the way
// bb_worker does.
func (r *runnerProcess) run(ctx context.Context) error {
	return r.runCommand(ctx, "root", "true")
}

// compile sends a RunRequest that compiles a small C file in the
// userland input root to the runner.
func (r *runnerProcess) compile(ctx context.Context) error {
	return r.runCommand(ctx, "userland", "gcc", "-pipe", "-O2", "-S", "-o", "-", "/src/hello.c")
}

func (r *runnerProcess) runCommand(ctx context.Context, inputRoot string, arguments ...string) error {
	n := r.env.logCounter.Add(1)
	response, err := r.client.Run(ctx, &runner_pb.RunRequest{
		Arguments:            arguments,
		EnvironmentVariables: map[string]string{"PATH": "/bin:/usr/bin"},
		StdoutPath:           fmt.Sprintf("logs/%d.stdout", n),
		StderrPath:           fmt.Sprintf("logs/%d.stderr", n),
		InputRootDirectory:   inputRoot,
	})
	if err != nil {
		return err
	}
	if response.ExitCode != 0 {
		stderr, _ := os.ReadFile(filepath.Join(r.env.buildDirectory, fmt.Sprintf("logs/%d.stderr", n)))
		return status.Errorf(codes.Internal, "Action exited with code %d: %s", response.ExitCode, stderr)
	}
	return nil
}

// stopRunners kills all runners and waits for them to terminate.
func (e *benchmarkEnvironment) stopRunners() {
	for _, r := range e.runners {
		if r.conn != nil {
			r.conn.Close()
		}
		r.cmd.Process.Kill()
		<-r.exited
		if r.cgroup != nil {
			r.cgroup.remove()
		}
	}
}

// cpuTime returns the CPU time consumed by the runner and all of its
// descendants, or zero if it cannot be measured.
func (r *runnerProcess) cpuTime() time.Duration {
	if r.cgroup == nil {
		return 0
	}
	usage, err := r.cgroup.usage()
	if err != nil {
		return 0
	}
	return usage
}

// fileSystemTypes contains the names of common file system types,
// keyed by the magic number that statfs() returns.
var fileSystemTypes = map[int64]string{
	unix.BTRFS_SUPER_MAGIC:     "btrfs",
	unix.EXT4_SUPER_MAGIC:      "ext4",
	unix.FUSE_SUPER_MAGIC:      "fuse",
	unix.OVERLAYFS_SUPER_MAGIC: "overlayfs",
	unix.TMPFS_MAGIC:           "tmpfs",
	unix.XFS_SUPER_MAGIC:       "xfs",
}

// fileSystemType returns the type of the file system containing a
// path, as the cost of creating the output files of actions depends on
// it.
func fileSystemType(p string) string {
	var statfs unix.Statfs_t
	if err := unix.Statfs(p, &statfs); err != nil {
		return "unknown"
	}
	if name, ok := fileSystemTypes[statfs.Type]; ok {
		return name
	}
	return fmt.Sprintf("file system type %#x", statfs.Type)
}

// loadAverage returns the 1, 5 and 15 minute load averages of the
// system, as other processes on the machine affect the results.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	return strings.Join(strings.Fields(string(data))[:3], " ")
}

// machineFacts describes the machine on which the benchmark ran.
func machineFacts() machine {
	m := machine{
		CPUs:             runtime.NumCPU(),
		GoVersion:        runtime.Version(),
		LoadAverageAfter: loadAverage(),
	}
	var uname unix.Utsname
	if unix.Uname(&uname) == nil {
		m.Kernel = unix.ByteSliceToString(uname.Release[:])
	}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if name, value, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "model name" {
				m.CPUModel = strings.TrimSpace(value)
				break
			}
		}
	}
	return m
}
