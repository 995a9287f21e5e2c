package integration_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/bb-chroot/bb-chroot/internal/runnertest"
	"github.com/stretchr/testify/require"
)

// TestHardening runs attacks of an action running as root against
// the runner, the host and other actions, and checks that each fails,
// that the host is unchanged, and that the runner keeps serving.
func TestHardening(t *testing.T) {
	runnertest.RequireRoot(t)
	for _, mode := range sandboxModes {
		t.Run(mode.name, func(t *testing.T) {
			testHardening(t, fullMounts+`
  chrootNamespaces: { ipc: true, uts: true, network: true, `+mode.namespaceOptions+` },
`, mode.actionPID)
		})
	}
}

func testHardening(t *testing.T, configuration, actionPID string) {
	// Let bb_runner inherit file descriptors without close-on-exec,
	// among them the host's root directory, as happens when it is
	// started as "bb_runner config 9</".
	rootDirectory, err := os.Open("/")
	require.NoError(t, err)
	defer rootDirectory.Close()
	devNull, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	require.NoError(t, err)
	defer devNull.Close()
	s := newSuite(t, t.TempDir(), configuration, rootDirectory, devNull)

	requireServing := func(t *testing.T) {
		name := s.newInputRoot(t)
		require.Equal(t, "serving\n", s.requireSuccess(t, name, "testtool", "echo", "serving"))
	}

	t.Run("OwnSession", func(t *testing.T) {
		// The action leads a session and process group of its
		// own, so kill(0, ...) only reaches the action.
		name := s.newInputRoot(t, "proc")
		require.Equal(t, strings.Repeat(actionPID+" ", 2)+actionPID+"\n", s.requireSuccess(t, name, "testtool", "session"))
		response, _, _, err := s.run(context.Background(), name, "testtool", "kill", "0", "SIGKILL")
		require.NoError(t, err)
		require.Equal(t, int64(-1), response.ExitCode)
		require.Equal(t, "KILL", getResourceUsage(t, response).TerminationSignal)
		requireServing(t)
	})

	t.Run("NoInheritedFileDescriptors", func(t *testing.T) {
		// The action only has standard input, output and error,
		// even though bb_runner inherited more.
		name := s.newInputRoot(t, "proc")
		fds := s.requireSuccess(t, name, "testtool", "fds")
		lines := strings.Split(strings.TrimSpace(fds), "\n")
		require.Len(t, lines, 3, fds)
		for i, line := range lines {
			require.True(t, strings.HasPrefix(line, []string{"0 ", "1 ", "2 "}[i]), fds)
		}
	})

	t.Run("NoFileDescriptorsOfConcurrentActions", func(t *testing.T) {
		// Actions started while other actions open their log
		// files inherit none of them.
		name := s.newInputRoot(t, "proc")
		var wg sync.WaitGroup
		for i := 0; i < 16; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := 0; j < 5; j++ {
					fds := s.requireSuccess(t, name, "testtool", "fds")
					require.Len(t, strings.Split(strings.TrimSpace(fds), "\n"), 3, fds)
				}
			}()
		}
		wg.Wait()
	})

	t.Run("HostDevicesReadOnly", func(t *testing.T) {
		// The host's device nodes can be used, but their
		// attributes cannot be changed.
		var before syscall.Stat_t
		require.NoError(t, syscall.Stat("/dev/full", &before))
		name := s.newInputRoot(t, "proc", "dev")
		require.Equal(t, "chmod /dev/full: read-only file system\n", s.requireSuccess(t, name, "testtool", "chmod", "/dev/full", "600"))
		require.Equal(t, "written\n", s.requireSuccess(t, name, "testtool", "write", "/dev/null", "data"))
		require.Equal(t, "16\n", s.requireSuccess(t, name, "testtool", "read", "/dev/zero", "16"))
		var after syscall.Stat_t
		require.NoError(t, syscall.Stat("/dev/full", &after))
		require.Equal(t, before, after)

		// Nor can they through standard input, which is the
		// host's /dev/null, with or without a /dev mounted.
		require.NoError(t, syscall.Stat("/dev/null", &before))
		defer func() {
			// Repair the host if the check below fails.
			var now syscall.Stat_t
			if syscall.Stat("/dev/null", &now) == nil && now.Mode != before.Mode {
				syscall.Chmod("/dev/null", before.Mode&0o7777)
			}
		}()
		for _, mountpoints := range [][]string{{"proc", "dev"}, {"proc"}} {
			name := s.newInputRoot(t, mountpoints...)
			require.Equal(t, "chmod /proc/self/fd/0: read-only file system\n", s.requireSuccess(t, name, "testtool", "chmod", "/proc/self/fd/0", "600"))
		}
		require.NoError(t, syscall.Stat("/dev/null", &after))
		require.Equal(t, before, after)
	})

	t.Run("Privileges", func(t *testing.T) {
		// Actions cannot gain privileges through set-user-ID
		// files or file capabilities, and lack CAP_NET_RAW.
		name := s.newInputRoot(t, "proc")
		status := s.requireSuccess(t, name, "testtool", "cat", "/proc/self/status")
		require.Contains(t, status, "\nNoNewPrivs:\t1\n")
		require.Contains(t, status, "\nCapBnd:\t00000000a00405fb\n")
		mounts := s.requireSuccess(t, name, "testtool", "cat", "/proc/self/mountinfo")
		require.Regexp(t, `(?m)^\S+ \S+ \S+ \S+ / \S*nosuid`, mounts)
	})

	t.Run("BoundedPools", func(t *testing.T) {
		// One action cannot exhaust the pseudo-terminals or the
		// inodes that concurrent actions need.
		name := s.newInputRoot(t, "proc", "dev")
		mounts := s.requireSuccess(t, name, "testtool", "cat", "/proc/self/mountinfo")
		require.Regexp(t, ` /dev/pts \S+ .* devpts \S+ \S*max=256`, mounts)
		require.Regexp(t, ` /dev \S+ .* tmpfs \S+ \S*nr_inodes=1024`, mounts)
		require.Regexp(t, ` /dev/shm \S+ .* tmpfs \S+ \S*nr_inodes=2048`, mounts)
	})
}

// blockedSystemCalls are the system calls of testtool's "syscall"
// command that the default seccomp filter blocks, and the errors that
// they then fail with.
var blockedSystemCalls = []string{
	"add_key EPERM",
	"keyctl EPERM",
	"request_key EPERM",
	"bpf EPERM",
	"perf_event_open EPERM",
	"userfaultfd EPERM",
	"io_uring_setup EPERM",
	"kexec_load EPERM",
	"init_module EPERM",
	"delete_module EPERM",
	"unshare-user EPERM",
	"clone-user EPERM",
	"clone3 ENOSYS",
}

// systemCalls runs testtool's "syscall" command, returning one line
// per system call.
func (s *suite) systemCalls(t *testing.T, names ...string) []string {
	name := s.newInputRoot(t, "proc", "dev")
	return strings.Split(strings.TrimSpace(s.requireSuccess(t, name, append([]string{"testtool", "syscall"}, names...)...)), "\n")
}

func TestSeccomp(t *testing.T) {
	runnertest.RequireRoot(t)
	var names []string
	for _, line := range blockedSystemCalls {
		names = append(names, strings.Fields(line)[0])
	}

	t.Run("Default", func(t *testing.T) {
		// The default filter blocks system calls that reach
		// state shared with the host, such as the keyrings, or
		// large parts of the kernel. A blocked system call fails
		// with EPERM, without killing the action.
		s := newSuite(t, t.TempDir(), isolatedMounts)
		require.Equal(t, blockedSystemCalls, s.systemCalls(t, names...))
		require.Equal(t, []string{"uname ok"}, s.systemCalls(t, "uname"))
	})

	t.Run("Disabled", func(t *testing.T) {
		// Without the filter, the same system calls reach the
		// kernel, which fails some of them for lack of
		// capabilities.
		s := newSuite(t, t.TempDir(), fullMounts+`
  chrootNamespaces: { seccomp: { disabled: true } },
`)
		require.Equal(t, []string{
			"add_key ok",
			"keyctl ok",
			"io_uring_setup EFAULT",
			"unshare-user EINVAL",
			"clone-user ok",
			"clone3 EINVAL",
		}, s.systemCalls(t, "add_key", "keyctl", "io_uring_setup", "unshare-user", "clone-user", "clone3"))
	})

	t.Run("Configured", func(t *testing.T) {
		// System calls can be removed from and added to the
		// default filter, and user namespaces can be permitted
		// for nested sandboxes.
		s := newSuite(t, t.TempDir(), fullMounts+`
  chrootNamespaces: { seccomp: {
    allowedSystemCalls: ['keyctl'],
    blockedSystemCalls: ['uname'],
    allowUserNamespaces: true,
  } },
`)
		require.Equal(t, []string{
			"add_key EPERM",
			"keyctl ok",
			"uname EPERM",
			"clone-user ok",
			"clone3 EINVAL",
		}, s.systemCalls(t, "add_key", "keyctl", "uname", "clone-user", "clone3"))
	})
}

func TestConfigurablePrivileges(t *testing.T) {
	runnertest.RequireRoot(t)
	// Operators can change the capabilities, allow set-user-ID
	// files and new privileges, and change the limits of the
	// shared pools.
	s := newSuite(t, t.TempDir(), `
  chrootIntoInputRoot: true,
  inputRootMounts: [
    { mountpoint: 'proc', kind: 'PROC' },
    { mountpoint: 'dev', kind: 'DEV', maximumInodes: 100 },
    { mountpoint: 'dev/pts', kind: 'DEVPTS', maximumPseudoTerminals: 5 },
    { mountpoint: 'dev/shm', kind: 'TMPFS', sizeBytes: 1048576, maximumInodes: 10 },
  ],
  chrootNamespaces: {
    additionalCapabilities: ['CAP_NET_RAW'],
    droppedCapabilities: ['CAP_CHOWN'],
    allowSetuidInInputRoot: true,
    allowNewPrivileges: true,
  },
`)
	name := s.newInputRoot(t, "proc", "dev")
	status := s.requireSuccess(t, name, "testtool", "cat", "/proc/self/status")
	require.Contains(t, status, "\nNoNewPrivs:\t0\n")
	require.Contains(t, status, "\nCapBnd:\t00000000a00425fa\n")
	mounts := s.requireSuccess(t, name, "testtool", "cat", "/proc/self/mountinfo")
	require.NotRegexp(t, `(?m)^\S+ \S+ \S+ \S+ / \S*nosuid`, mounts)
	require.Regexp(t, ` /dev/pts \S+ .* devpts \S+ \S*max=5`, mounts)
	require.Regexp(t, ` /dev \S+ .* tmpfs \S+ \S*nr_inodes=100`, mounts)
	require.Regexp(t, ` /dev/shm \S+ .* tmpfs \S+ \S*nr_inodes=10`, mounts)
}
