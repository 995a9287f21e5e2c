//go:build linux
// +build linux

package reliability_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/bb-chroot/bb-chroot/internal/hoststate"
	"github.com/bb-chroot/bb-chroot/internal/runnertest"
	runner_pb "github.com/buildbarn/bb-remote-execution/pkg/proto/runner"
	"github.com/stretchr/testify/require"

	"golang.org/x/sys/unix"
)

// faultConfiguration enables all special file systems, with size
// limits on the tmpfs instances, so that actions can fill them.
const faultConfiguration = `
  chrootIntoInputRoot: true,
  inputRootMounts: [
    { mountpoint: 'proc', filesystemType: 'proc' },
    { mountpoint: 'sys', filesystemType: 'sysfs' },
    { mountpoint: 'dev', filesystemType: 'dev' },
    { mountpoint: 'dev/pts', filesystemType: 'devpts' },
    { mountpoint: 'dev/shm', filesystemType: 'tmpfs', sizeBytes: 8 * 1024 * 1024 },
    { mountpoint: 'tmp', filesystemType: 'tmpfs', createMountpoint: true, sizeBytes: 4 * 1024 * 1024 },
  ],
`

func TestMain(m *testing.M) {
	// Keep other goroutines off the main thread. Tests lock their
	// goroutine to a thread and unshare its mount namespace; Go
	// parks the main thread forever instead of terminating it when
	// such a goroutine exits, and /proc/self refers to it.
	runtime.LockOSThread()

	// When a test stops or kills bb_runner, its init processes are
	// killed through their parent death signal. Become their
	// parent, so that they are reaped even if the system's init
	// process does not reap orphans.
	if os.Geteuid() == 0 {
		if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
			fmt.Fprintln(os.Stderr, "Failed to become a child subreaper:", err)
			os.Exit(1)
		}
	}
	os.Exit(runnertest.RunTests(m))
}

// reapOrphanedInitProcesses reaps init processes of bb_runner that
// were orphaned and reparented to this process, and have terminated.
// It returns the number of init processes that still exist. This
// includes zombies that cannot be reaped yet, because threads of theirs
// are still exiting; those still count as members of their namespaces.
func reapOrphanedInitProcesses() int {
	processes, err := hoststate.Processes()
	if err != nil {
		return -1
	}
	running := 0
	for _, p := range processes {
		// Actions are children of bb_runner if the sandbox is
		// set up by bb_runner itself, with the init process
		// only reaping orphans. Reap those that were
		// orphaned, as their init processes cannot terminate
		// before they are reaped.
		if p.PPID == os.Getpid() && p.State == 'Z' && p.Comm != "bb_runner" {
			unix.Wait4(p.PID, nil, unix.WNOHANG, nil)
		}
	}
	for _, p := range processes {
		// The command name of init processes is that of
		// bb_sandbox_init, or "exe" when bb_runner executes
		// /proc/self/exe.
		if p.PPID == os.Getpid() && (p.Comm == "bb_sandbox_init" || p.Comm == "exe") {
			if p.State != 'Z' {
				running++
			} else if reaped, _ := unix.Wait4(p.PID, nil, unix.WNOHANG, nil); reaped != p.PID {
				running++
			}
		}
	}
	return running
}

// waitFor polls a condition until it holds, failing the test if it does
// not hold within a minute.
func waitFor(t *testing.T, description string, condition func() bool) {
	deadline := time.Now().Add(time.Minute)
	for !condition() {
		require.True(t, time.Now().Before(deadline), "Timed out waiting until %s", description)
		time.Sleep(10 * time.Millisecond)
	}
}

// environment is a runner and its build directory, shared by the
// subtests of one test.
type environment struct {
	runner         *runnertest.Runner
	buildDirectory string
	// Where the test creates input roots and reads output files,
	// which is the build directory, unless the runner sees a file
	// system mounted on top of it in a mount namespace of its own.
	hostView      string
	testtool      string
	configuration string
	counter       int
	mountsBefore  []hoststate.Mount
}

// newEnvironment starts a runner with a build directory. The host's
// mount table is recorded before, so that it can be compared
// afterwards.
func newEnvironment(t *testing.T, buildDirectory, configuration string) *environment {
	return newEnvironmentWithView(t, buildDirectory, buildDirectory, configuration)
}

// newEnvironmentWithView starts a runner with a build directory, whose
// contents the test accesses through another directory.
func newEnvironmentWithView(t *testing.T, buildDirectory, hostView, configuration string) *environment {
	mountsBefore, err := hoststate.Mounts()
	require.NoError(t, err)
	e := &environment{
		buildDirectory: buildDirectory,
		hostView:       hostView,
		configuration:  configuration,
		mountsBefore:   mountsBefore,
	}
	// Input roots hard link the test tool, as bb_worker does with
	// files from its cache.
	data, err := os.ReadFile(runnertest.BuildBinary(t, "internal/testtool"))
	require.NoError(t, err)
	e.testtool = filepath.Join(hostView, "testtool")
	require.NoError(t, os.WriteFile(e.testtool, data, 0o755))
	e.startRunner(t)
	return e
}

func (e *environment) startRunner(t *testing.T) {
	// Cleanups run in reverse order: reap the init processes
	// after the runner is stopped.
	t.Cleanup(func() {
		waitFor(t, "init processes have terminated", func() bool { return reapOrphanedInitProcesses() == 0 })
	})
	e.runner = runnertest.StartRunner(t, e.buildDirectory, e.configuration)
}

// newInputRoot creates an input root with the test tool and the
// mountpoints proc, sys and dev, returning its name.
func (e *environment) newInputRoot(t *testing.T) string {
	e.counter++
	name := fmt.Sprintf("action%d", e.counter)
	root := filepath.Join(e.hostView, name, "root")
	for _, d := range []string{"bin", "proc", "sys", "dev"} {
		require.NoError(t, os.MkdirAll(filepath.Join(root, d), 0o755))
	}
	require.NoError(t, os.Link(e.testtool, filepath.Join(root, "bin", "testtool")))
	return name
}

// newRequest returns a request to run a command in an input root,
// with its own output files.
func (e *environment) newRequest(name string, arguments ...string) *runner_pb.RunRequest {
	e.counter++
	return &runner_pb.RunRequest{
		Arguments:            arguments,
		EnvironmentVariables: map[string]string{"PATH": "/bin"},
		StdoutPath:           fmt.Sprintf("%s/stdout%d", name, e.counter),
		StderrPath:           fmt.Sprintf("%s/stderr%d", name, e.counter),
		InputRootDirectory:   name + "/root",
	}
}

// run runs a command in an input root, returning its response and
// output.
func (e *environment) run(ctx context.Context, name string, arguments ...string) (*runner_pb.RunResponse, string, string, error) {
	return e.runner.Run(ctx, e.hostView, e.newRequest(name, arguments...))
}

// requireSuccess runs a command that must succeed, returning its
// standard output.
func (e *environment) requireSuccess(t *testing.T, name string, arguments ...string) string {
	response, stdout, stderr, err := e.run(context.Background(), name, arguments...)
	require.NoError(t, err)
	require.Equal(t, int64(0), response.ExitCode, "stdout: %s\nstderr: %s", stdout, stderr)
	return stdout
}

// requireHealthy checks that the host's mount table is as it was when
// the environment was created, and that the runner runs actions.
func (e *environment) requireHealthy(t *testing.T) {
	mountsAfter, err := hoststate.Mounts()
	require.NoError(t, err)
	leaked, _ := hoststate.LeakedMounts(e.mountsBefore, mountsAfter, e.buildDirectory)
	require.Empty(t, leaked)
	require.Equal(t, "healthy\n", e.requireSuccess(t, e.newInputRoot(t), "testtool", "echo", "healthy"))
}

// newToken returns a string that is passed to processes of actions, so
// that they can be found in the host's process table.
func newToken() string {
	return fmt.Sprintf("bb-chroot-token-%d", time.Now().UnixNano())
}

func processesWithToken(t *testing.T, token string) []*hoststate.Process {
	processes, err := hoststate.ProcessesWithToken(token)
	require.NoError(t, err)
	return processes
}

// daemonsWithToken returns the processes that "testtool daemonize"
// started with a token: "/proc/self/exe sleep 1000 TOKEN". Unlike the
// actions and their init processes, which also carry the token in
// their environment, and short-lived children that the Go runtime
// starts, they live until they are killed.
func daemonsWithToken(t *testing.T, token string) []*hoststate.Process {
	var daemons []*hoststate.Process
	for _, p := range processesWithToken(t, token) {
		if len(p.Cmdline) > 1 && p.Cmdline[1] == "sleep" {
			daemons = append(daemons, p)
		}
	}
	return daemons
}

// holdNamespace opens a namespace of a process and returns its
// identifier. Keeping it open prevents its identifier from being
// reused by a new namespace while the test checks that the namespace
// has no members left.
func holdNamespace(t *testing.T, pid int, kind string) string {
	f, err := os.Open(filepath.Join("/proc", strconv.Itoa(pid), "ns", kind))
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	var stat unix.Stat_t
	require.NoError(t, unix.Fstat(int(f.Fd()), &stat))
	return fmt.Sprintf("%s:[%d]", kind, stat.Ino)
}
