//go:build linux
// +build linux

package reliability_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bb-chroot/bb-chroot/internal/hoststate"
	"github.com/bb-chroot/bb-chroot/internal/runnertest"
	runner_pb "github.com/buildbarn/bb-remote-execution/pkg/proto/runner"
	"github.com/stretchr/testify/require"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestRunnerKilledWithActionsInFlight(t *testing.T) {
	runnertest.RequireRoot(t)
	buildDirectory := t.TempDir()
	e := newEnvironment(t, buildDirectory, faultConfiguration)

	// Start four actions that each leave a process behind in a
	// new session, and keep running.
	token := newToken()
	var names []string
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		name := e.newInputRoot(t)
		names = append(names, name)
		request := e.newRequest(name, "testtool", "daemonize", token, "wait")
		go func() {
			_, err := e.runner.Client.Run(context.Background(), request)
			errs <- err
		}()
	}
	waitFor(t, "all actions run", func() bool { return len(daemonsWithToken(t, token)) == 4 })

	// Record the namespaces of the actions. Each action runs in a
	// mount and PID namespace of its own.
	mountNamespaces := map[string]bool{}
	pidNamespaces := map[string]bool{}
	for _, p := range daemonsWithToken(t, token) {
		mountNamespaces[holdNamespace(t, p.PID, "mnt")] = true
		pidNamespaces[holdNamespace(t, p.PID, "pid")] = true
	}
	require.Len(t, mountNamespaces, 4)
	require.Len(t, pidNamespaces, 4)
	processes, err := hoststate.Processes()
	require.NoError(t, err)
	initProcesses := hoststate.Descendants(processes, e.runner.Cmd.Process.Pid)

	t.Run("ActionsFailWhenRunnerIsKilled", func(t *testing.T) {
		// The clients see the connection drop.
		require.NoError(t, e.runner.Cmd.Process.Signal(syscall.SIGKILL))
		for i := 0; i < 4; i++ {
			require.Equal(t, codes.Unavailable, status.Code(<-errs))
		}
	})

	t.Run("NothingRemains", func(t *testing.T) {
		// The init processes are killed through their parent
		// death signal, taking all processes of the actions and
		// their namespaces with them.
		waitFor(t, "init processes have terminated", func() bool { return reapOrphanedInitProcesses() == 0 })
		waitFor(t, "processes of the actions have terminated", func() bool { return len(processesWithToken(t, token)) == 0 })
		for _, p := range initProcesses {
			// An init process that has no parent anymore
			// cannot terminate before the action that was
			// started from bb_runner's thread is reaped, which
			// this process does as the subreaper.
			waitFor(t, fmt.Sprintf("process %s has terminated", p), func() bool {
				reapOrphanedInitProcesses()
				return !p.Exists()
			})
		}
		for namespaces, kind := range map[*map[string]bool]string{&mountNamespaces: "mnt", &pidNamespaces: "pid"} {
			for ns := range *namespaces {
				// The init process may still be a zombie
				// whose threads are exiting.
				waitFor(t, "namespace "+ns+" has no members", func() bool {
					reapOrphanedInitProcesses()
					members, err := hoststate.NamespaceMembers(kind, ns)
					require.NoError(t, err)
					return len(members) == 0
				})
			}
		}

		// No mount is left behind on the host, and the input
		// roots can be removed.
		mountsAfter, err := hoststate.Mounts()
		require.NoError(t, err)
		leaked, _ := hoststate.LeakedMounts(e.mountsBefore, mountsAfter, buildDirectory)
		require.Empty(t, leaked)
		for _, m := range mountsAfter {
			require.False(t, hoststate.IsBeneath(m.Mountpoint, buildDirectory), "Mount %s is in the build directory", m.Key)
		}
		for _, name := range names[1:] {
			require.NoError(t, os.RemoveAll(filepath.Join(buildDirectory, name)))
		}
	})

	t.Run("RestartedRunnerServes", func(t *testing.T) {
		// A new runner on the same build directory runs actions,
		// also in an input root that was in use when the
		// previous runner was killed.
		e.startRunner(t)
		require.Equal(t, "again\n", e.requireSuccess(t, names[0], "testtool", "echo", "again"))
		require.Equal(t, "1\n", strings.Fields(e.requireSuccess(t, names[0], "testtool", "pids"))[0]+"\n")
		e.requireHealthy(t)
	})
}

func TestTimeoutDuringAction(t *testing.T) {
	runnertest.RequireRoot(t)
	e := newEnvironment(t, t.TempDir(), faultConfiguration)

	t.Run("Cancelled", func(t *testing.T) {
		// Cancelling a running action kills it, everything it
		// left behind, and its namespaces.
		token := newToken()
		name := e.newInputRoot(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		errs := make(chan error, 1)
		go func() {
			_, _, _, err := e.run(ctx, name, "testtool", "daemonize", token, "wait")
			errs <- err
		}()
		waitFor(t, "the action runs", func() bool { return len(daemonsWithToken(t, token)) == 1 })
		daemon := daemonsWithToken(t, token)[0]
		mountNamespace := holdNamespace(t, daemon.PID, "mnt")
		pidNamespace := holdNamespace(t, daemon.PID, "pid")

		cancel()
		require.Equal(t, codes.Canceled, status.Code(<-errs))
		waitFor(t, "the action's processes and namespaces are gone", func() bool {
			mountMembers, err := hoststate.NamespaceMembers("mnt", mountNamespace)
			require.NoError(t, err)
			pidMembers, err := hoststate.NamespaceMembers("pid", pidNamespace)
			require.NoError(t, err)
			return len(processesWithToken(t, token)) == 0 && len(mountMembers) == 0 && len(pidMembers) == 0
		})
		e.requireHealthy(t)
	})

	t.Run("DeadlineExceeded", func(t *testing.T) {
		// An action that runs past its deadline fails with
		// DEADLINE_EXCEEDED, and leaves nothing behind.
		token := newToken()
		name := e.newInputRoot(t)
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_, _, _, err := e.run(ctx, name, "testtool", "daemonize", token, "wait")
		require.Equal(t, codes.DeadlineExceeded, status.Code(err))
		waitFor(t, "the action's processes are gone", func() bool { return len(processesWithToken(t, token)) == 0 })
		e.requireHealthy(t)
	})
}

func TestFillTmpfs(t *testing.T) {
	runnertest.RequireRoot(t)
	e := newEnvironment(t, t.TempDir(), faultConfiguration)

	for _, tc := range []struct {
		path      string
		sizeBytes int
	}{
		{"/dev/shm/fill", 8 * 1024 * 1024},
		{"/tmp/fill", 4 * 1024 * 1024},
	} {
		t.Run(tc.path, func(t *testing.T) {
			// Writing to a tmpfs until it is full fails with
			// ENOSPC at its size limit, without affecting the
			// host or the runner. The next action gets an
			// empty tmpfs.
			name := e.newInputRoot(t)
			stdout := e.requireSuccess(t, name, "testtool", "fill", tc.path)
			require.Equal(t, "filled "+strconv.Itoa(tc.sizeBytes)+" write "+tc.path+": no space left on device\n", stdout)
			require.Equal(t, "\n", e.requireSuccess(t, name, "testtool", "ls", filepath.Dir(tc.path)))
			e.requireHealthy(t)
		})
	}

	t.Run("/dev", func(t *testing.T) {
		// The tmpfs holding the minimal /dev is read-only, as
		// all actions share it.
		name := e.newInputRoot(t)
		response, _, stderr, err := e.run(context.Background(), name, "testtool", "fill", "/dev/fill")
		require.NoError(t, err)
		require.Equal(t, int64(1), response.ExitCode)
		require.Equal(t, "open /dev/fill: read-only file system\n", stderr)
		e.requireHealthy(t)
	})
}

func TestCloseStdioEarly(t *testing.T) {
	runnertest.RequireRoot(t)
	e := newEnvironment(t, t.TempDir(), faultConfiguration)

	// An action that closes its standard output and error and keeps
	// running completes normally, with the output written before.
	name := e.newInputRoot(t)
	response, stdout, stderr, err := e.run(context.Background(), name, "testtool", "close-stdio")
	require.NoError(t, err)
	require.Equal(t, int64(0), response.ExitCode)
	require.Equal(t, "before close\n", stdout)
	require.Equal(t, "before close\n", stderr)
	e.requireHealthy(t)
}

func TestForkBomb(t *testing.T) {
	runnertest.RequireRoot(t)
	e := newEnvironment(t, t.TempDir(), faultConfiguration)

	// An action starts a tree of 2047 processes and exits, leaving
	// them behind. The runner kills all of them before it reports
	// completion.
	token := newToken()
	name := e.newInputRoot(t)
	require.Equal(t, "processes 2047\n", e.requireSuccess(t, name, "testtool", "forkbomb", "10", token))
	require.Empty(t, processesWithToken(t, token))
	e.requireHealthy(t)
}

func TestTamperWithMounts(t *testing.T) {
	runnertest.RequireRoot(t)
	buildDirectory := t.TempDir()
	e := newEnvironment(t, buildDirectory, faultConfiguration)

	t.Run("FromInside", func(t *testing.T) {
		// An action running as root cannot unmount, remount or
		// replace the file systems of its sandbox, as it lacks
		// CAP_SYS_ADMIN. Symbolic links it leaves behind in
		// the input root are not followed by anything.
		name := e.newInputRoot(t)
		stdout := e.requireSuccess(t, name, "testtool", "tamper")
		require.Equal(t, strings.Join([]string{
			"umount /proc: operation not permitted",
			"umount -l /proc: operation not permitted",
			"umount -l /dev: operation not permitted",
			"umount -l /dev/shm: operation not permitted",
			"remount -o ro /proc: operation not permitted",
			"remount -o rw /sys: operation not permitted",
			"mount -t proc proc /tmp: operation not permitted",
			"mount --make-rshared /: operation not permitted",
			"rename /proc /proc.old: device or resource busy",
			"rmdir /proc: device or resource busy",
			"rename /dev /dev.old: device or resource busy",
			"unshare -m: operation not permitted",
			"pivot_root /tmp /tmp: operation not permitted",
			"symlink / /proc.old: ok",
			"symlink /proc/1/root /escape: ok",
			"ls /proc/1/root: open /proc/1/root/: permission denied",
			// The seccomp filter prevents creating a user
			// namespace. See FromInsideUserNamespace.
			"unshare -U -m: fork/exec /proc/self/exe: operation not permitted",
			"ptrace -p 1: operation not permitted",
			"kill -KILL 1: ok",
			"",
		}, "\n"), stdout)

		// The file systems are still in place for the next
		// action in the same input root.
		require.Contains(t, e.requireSuccess(t, name, "testtool", "cat", "/proc/self/mountinfo"), " / /proc rw,nosuid,nodev,noexec")
		root := filepath.Join(buildDirectory, name, "root")
		target, err := os.Readlink(filepath.Join(root, "escape"))
		require.NoError(t, err)
		require.Equal(t, "/proc/1/root", target)
		// Removing the input root, as bb_worker does, removes
		// the symbolic links, not what they point to.
		require.NoError(t, os.RemoveAll(filepath.Join(buildDirectory, name)))
		_, err = os.Stat(e.testtool)
		require.NoError(t, err)
		e.requireHealthy(t)
	})

	t.Run("FromInsideUserNamespace", func(t *testing.T) {
		// With user namespaces allowed, the action may mount a
		// tmpfs in a mount namespace of its own, in a user
		// namespace of its own, but it cannot unmount what the
		// sandbox mounted, as those mounts are locked.
		buildDirectory := t.TempDir()
		e := newEnvironment(t, buildDirectory, faultConfiguration+`
  chrootNamespaces: { seccomp: { allowUserNamespaces: true } },
`)
		name := e.newInputRoot(t)
		stdout := e.requireSuccess(t, name, "testtool", "tamper")
		require.Contains(t, stdout, strings.Join([]string{
			"  umount -l /proc: invalid argument",
			"  umount -l /: invalid argument",
			"  mount -t proc proc /tmp: operation not permitted",
			"  mount -t tmpfs tmpfs /tmp: ok",
			"  ls /proc/1/root: open /proc/1/root/: permission denied",
			"unshare -U -m: ok",
			"",
		}, "\n"))
		e.requireHealthy(t)
	})

	t.Run("FromOutside", func(t *testing.T) {
		// While an action runs, its mountpoint /proc is replaced
		// by a symbolic link to "/" from the host's side, as a
		// FUSE file system or another process on the host could
		// do. The action's procfs disappears with the directory,
		// the symbolic link resolves inside the input root, and
		// the runner does not follow it afterwards.
		name := e.newInputRoot(t)
		root := filepath.Join(buildDirectory, name, "root")
		type result struct {
			response *runner_pb.RunResponse
			stdout   string
			err      error
		}
		results := make(chan result, 1)
		go func() {
			response, stdout, _, err := e.run(context.Background(), name, "testtool", "await", "/ready", "/go", "/proc")
			results <- result{response, stdout, err}
		}()
		waitFor(t, "the action runs", func() bool {
			_, err := os.Stat(filepath.Join(root, "ready"))
			return err == nil
		})
		require.NoError(t, os.Remove(filepath.Join(root, "proc")))
		require.NoError(t, os.Symlink("/", filepath.Join(root, "proc")))
		require.NoError(t, os.WriteFile(filepath.Join(root, "go"), nil, 0o644))

		r := <-results
		require.NoError(t, r.err)
		require.Equal(t, int64(0), r.response.ExitCode)
		require.Equal(t, "L---------\nstat /proc/self/exe: no such file or directory\n", r.stdout)

		// A subsequent action in the same input root is refused,
		// as its mountpoint is now a symbolic link.
		_, _, _, err := e.run(context.Background(), name, "testtool", "echo")
		require.Equal(t, codes.InvalidArgument, status.Code(err))
		require.Contains(t, status.Convert(err).Message(), `Mountpoint "proc" in the input root is a symbolic link, while a directory is expected`)
		require.NoError(t, os.RemoveAll(filepath.Join(buildDirectory, name)))
		e.requireHealthy(t)
	})
}
