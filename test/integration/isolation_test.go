package integration_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bb-chroot/bb-chroot/internal/runnertest"
	"github.com/stretchr/testify/require"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// isolatedMounts is the example configuration of
// config/bb_runner_chroot.jsonnet: all special file systems, and IPC,
// UTS and network namespaces.
const isolatedMounts = fullMounts + `
  chrootNamespaces: { ipc: true, uts: true, network: true },
`

// sandboxModes are the two ways in which bb_runner sets up sandboxes:
// on a thread of its own with a reaper as the init process (Linux 6.15
// and later), and in an init process. The action's PID differs.
var sandboxModes = []struct {
	name                  string
	namespaceOptions      string
	actionPID             string
	initCommandLineSuffix string
}{
	{name: "Thread", actionPID: "2", initCommandLineSuffix: "reaper\x00"},
	{name: "InitProcess", namespaceOptions: "useInitProcess: true,", actionPID: "32"},
}

// TestInitProcessPerAction checks that every action gets its own PID
// namespace and init process, which reveals nothing of the host and
// which the action cannot use to affect later actions.
func TestInitProcessPerAction(t *testing.T) {
	runnertest.RequireRoot(t)
	for _, mode := range sandboxModes {
		t.Run(mode.name, func(t *testing.T) {
			testInitProcessPerAction(t, fullMounts+`
  chrootNamespaces: { ipc: true, uts: true, network: true, `+mode.namespaceOptions+` },
`, mode.actionPID, mode.initCommandLineSuffix)
		})
	}
}

func testInitProcessPerAction(t *testing.T, configuration, actionPID, initCommandLineSuffix string) {
	buildDirectory := t.TempDir()
	s := newSuite(t, buildDirectory, configuration)

	t.Run("SamePIDEveryTime", func(t *testing.T) {
		// The action always has the same PID, regardless of the
		// actions that ran before it.
		name := s.newInputRoot(t, "proc")
		for i := 0; i < 100; i++ {
			require.Equal(t, actionPID+"\n", s.requireSuccess(t, name, "testtool", "readlink", "/proc/self"))
		}
	})

	t.Run("OnlyInitAndAction", func(t *testing.T) {
		// The PID namespace holds the init process and the
		// action, and nothing else.
		name := s.newInputRoot(t, "proc")
		require.Equal(t, "1 "+actionPID+"\n", s.requireSuccess(t, name, "testtool", "pids"))
	})

	t.Run("InitMountTable", func(t *testing.T) {
		// The init process lives in the action's mount
		// namespace, so its mount table is the sandbox's, and
		// shows none of the host's mounts.
		name := s.newInputRoot(t, "proc", "dev", "sys")
		mounts := s.requireSuccess(t, name, "testtool", "cat", "/proc/1/mountinfo", "/proc/self/mountinfo")
		initMounts, ownMounts := mounts[:len(mounts)/2], mounts[len(mounts)/2:]
		require.Equal(t, ownMounts, initMounts)
		for _, line := range strings.Split(strings.TrimSpace(initMounts), "\n") {
			mountpoint := strings.Fields(line)[4]
			require.True(t, mountpoint == "/" || strings.HasPrefix(mountpoint, "/proc") || strings.HasPrefix(mountpoint, "/dev") || strings.HasPrefix(mountpoint, "/sys") || mountpoint == "/tmp", "Unexpected mount %#v", line)
		}
	})

	t.Run("InitNetwork", func(t *testing.T) {
		// The init process lives in the action's network
		// namespace, which only has a loopback interface.
		name := s.newInputRoot(t, "proc")
		netDev := s.requireSuccess(t, name, "testtool", "cat", "/proc/1/net/dev")
		lines := strings.Split(strings.TrimSpace(netDev), "\n")
		require.Len(t, lines, 3, netDev)
		require.True(t, strings.HasPrefix(strings.TrimSpace(lines[2]), "lo:"), netDev)
	})

	t.Run("LimitsOfInitDoNotCarryOver", func(t *testing.T) {
		// Resource limits and the OOM score of the init process
		// only apply to the action that changed them.
		name := s.newInputRoot(t, "proc")
		limitsBefore := s.requireSuccess(t, name, "testtool", "cat", "/proc/self/limits")
		s.requireSuccess(t, name, "testtool", "prlimit", "1", "RLIMIT_FSIZE", "1048576")
		s.requireSuccess(t, name, "testtool", "prlimit", "1", "RLIMIT_NOFILE", "4")
		s.requireSuccess(t, name, "testtool", "write", "/proc/1/oom_score_adj", "1000")
		require.Equal(t, limitsBefore, s.requireSuccess(t, name, "testtool", "cat", "/proc/self/limits"))
		require.Equal(t, "0\n", s.requireSuccess(t, name, "testtool", "cat", "/proc/self/oom_score_adj"))
	})

	t.Run("SignalsToInit", func(t *testing.T) {
		// Signals that the action sends to the init process
		// neither terminate it nor make it print anything.
		name := s.newInputRoot(t, "proc")
		stdout := s.requireSuccess(t, name, "testtool", "kill", "1", "SIGHUP", "SIGINT", "SIGQUIT", "SIGSEGV", "SIGTERM", "SIGUSR1", "SIGKILL", "SIGSTOP")
		require.Equal(t, "SIGHUP <nil>\nSIGINT <nil>\nSIGQUIT <nil>\nSIGSEGV <nil>\nSIGTERM <nil>\nSIGUSR1 <nil>\nSIGKILL <nil>\nSIGSTOP <nil>\n", stdout)
		require.Equal(t, actionPID+"\n", s.requireSuccess(t, name, "testtool", "readlink", "/proc/self"))
		require.NotContains(t, s.runner.Log.String(), "goroutine")
	})

	t.Run("ReaperInStrictMode", func(t *testing.T) {
		// bb_sandbox_init, linked with its own entry point,
		// reaps in seccomp's strict mode, in which it can only
		// read, write and exit.
		if initCommandLineSuffix == "" {
			t.Skip("The init process sets up the sandbox")
		}
		name := s.newInputRoot(t, "proc")
		require.Contains(t, s.requireSuccess(t, name, "testtool", "cat", "/proc/1/status"), "\nSeccomp:\t1\n")
	})

	t.Run("DefaultSignalDispositions", func(t *testing.T) {
		// The init process catches signals, but the action
		// starts with no signal ignored or blocked.
		name := s.newInputRoot(t, "proc")
		status := s.requireSuccess(t, name, "testtool", "cat", "/proc/self/status")
		require.Contains(t, status, "\nSigBlk:\t0000000000000000\n")
		require.Contains(t, status, "\nSigIgn:\t0000000000000000\n")
	})

	t.Run("InitKilled", func(t *testing.T) {
		// When the init process is killed from outside, for
		// example by the OOM killer, the action fails with an
		// error that says so, and the next action succeeds.
		name := s.newInputRoot(t, "proc", "dev")
		token := fmt.Sprintf("init-killed-%d", time.Now().UnixNano())
		errs := make(chan error, 1)
		go func() {
			response, stdout, stderr, err := s.run(context.Background(), name, "testtool", "daemonize", token, "wait")
			if err == nil {
				err = fmt.Errorf("exit code %d, stdout %#v, stderr %#v", response.ExitCode, stdout, stderr)
			}
			errs <- err
		}()
		var pids []string
		for len(pids) == 0 {
			select {
			case err := <-errs:
				require.FailNow(t, "Action terminated before the init process was killed", "%v", err)
			case <-time.After(10 * time.Millisecond):
			}
			pids = processesWithToken(t, token)
		}
		// The action has the token on its command line. Its
		// init process is in the same PID namespace.
		actionPIDNamespace, err := os.Readlink(fmt.Sprintf("/proc/%s/ns/pid", pids[0]))
		require.NoError(t, err)
		initPID := 0
		entries, err := os.ReadDir("/proc")
		require.NoError(t, err)
		for _, entry := range entries {
			cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%s/cmdline", entry.Name()))
			if err != nil || string(cmdline) != "bb_runner [sandbox init]\x00"+initCommandLineSuffix {
				continue
			}
			if pidNamespace, err := os.Readlink(fmt.Sprintf("/proc/%s/ns/pid", entry.Name())); err == nil && pidNamespace == actionPIDNamespace {
				_, err := fmt.Sscan(entry.Name(), &initPID)
				require.NoError(t, err)
			}
		}
		require.NotZero(t, initPID)
		require.NoError(t, syscall.Kill(initPID, syscall.SIGKILL))

		err = <-errs
		require.Equal(t, codes.FailedPrecondition, status.Code(err), "%v", err)
		require.Contains(t, status.Convert(err).Message(), "The sandbox init process of the action was terminated by signal KILL")
		require.Equal(t, actionPID+"\n", s.requireSuccess(t, name, "testtool", "readlink", "/proc/self"))
	})
}

// parentPID returns the PID of the parent of a process on the host.
func parentPID(t *testing.T, pid any) int {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%v/stat", pid))
	require.NoError(t, err)
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	var ppid int
	_, err = fmt.Sscan(fields[1], &ppid)
	require.NoError(t, err)
	return ppid
}

// TestInitByExecutingRunner checks that bb_runner can act as the init
// process itself, for deployments that do not install bb_sandbox_init.
func TestInitByExecutingRunner(t *testing.T) {
	runnertest.RequireRoot(t)
	s := newSuite(t, t.TempDir(), fullMounts+`
  chrootNamespaces: { initExecutablePath: '/proc/self/exe' },
`)
	name := s.newInputRoot(t, "proc", "dev")
	// The PID namespace holds the reaper and the action. The
	// threads of the reaper's Go runtime take PIDs too, how many
	// depends on when the Go runtime starts them, so the action's PID
	// is only the same every time with bb_sandbox_init's own entry
	// point.
	require.Regexp(t, "^1 [0-9]+\n$", s.requireSuccess(t, name, "testtool", "pids"))
	require.Equal(t, "hello\n", s.requireSuccess(t, name, "testtool", "echo", "hello"))
	_, _, _, err := s.run(context.Background(), name, "nonexistent")
	require.Equal(t, codes.InvalidArgument, status.Code(err))
}

// TestRunnerStartedWithSignalsIgnored checks that actions start with
// no signal ignored, even if bb_runner was started with SIGHUP and
// SIGINT ignored, as nohup and shells starting background jobs do, and
// that bb_runner still ignores SIGHUP.
func TestRunnerStartedWithSignalsIgnored(t *testing.T) {
	runnertest.RequireRoot(t)
	for _, mode := range sandboxModes {
		t.Run(mode.name, func(t *testing.T) {
			buildDirectory := t.TempDir()
			configuration, socket := runnertest.WriteConfiguration(t, buildDirectory, fullMounts+`
  chrootNamespaces: { ipc: true, uts: true, network: true, `+mode.namespaceOptions+` },
`)
			wrapper := filepath.Join(t.TempDir(), "bb_runner")
			require.NoError(t, os.WriteFile(wrapper, []byte(fmt.Sprintf("#!/bin/sh\ntrap '' HUP INT\nexec %s \"$@\"\n", runnertest.BuildBinary(t, "cmd/bb_runner"))), 0o755))
			r, err := runnertest.StartRunnerWithConfiguration(wrapper, configuration, socket)
			require.NoError(t, err)
			t.Cleanup(r.Stop)
			// bb_runner started with SIGHUP ignored. Starting
			// actions on threads, it catches it instead.
			if mode.initCommandLineSuffix != "" {
				status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", r.Cmd.Process.Pid))
				require.NoError(t, err)
				require.Regexp(t, "\nSigCgt:\t[0-9a-f]*[13579bdf]\n", string(status))
			}

			s := &suite{
				runner:         r,
				buildDirectory: buildDirectory,
				testtool:       runnertest.BuildBinary(t, "internal/testtool"),
			}
			name := s.newInputRoot(t, "proc")
			require.Contains(t, s.requireSuccess(t, name, "testtool", "cat", "/proc/self/status"), "\nSigIgn:\t0000000000000000\n")
			require.NoError(t, r.Cmd.Process.Signal(syscall.SIGHUP))
			require.Contains(t, s.requireSuccess(t, name, "testtool", "cat", "/proc/self/status"), "\nSigIgn:\t0000000000000000\n")
		})
	}
}
