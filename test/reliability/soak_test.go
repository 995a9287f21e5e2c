//go:build linux
// +build linux

package reliability_test

import (
	"os/exec"
	"runtime"
	"testing"

	"github.com/bb-chroot/bb-chroot/internal/runnertest"
	"github.com/stretchr/testify/require"

	"golang.org/x/sys/unix"
)

// runSoak runs the soak driver against a freshly built bb_runner.
func runSoak(t *testing.T, arguments ...string) (string, error) {
	soak := runnertest.BuildBinary(t, "cmd/bb_chroot_soak")
	cmd := exec.Command(soak, append([]string{
		"-bb-runner", runnertest.BuildBinary(t, "cmd/bb_runner"),
		"-testtool", runnertest.BuildBinary(t, "internal/testtool"),
		"-build-dir", t.TempDir(),
	}, arguments...)...)
	output, err := cmd.CombinedOutput()
	t.Logf("bb_chroot_soak %q:\n%s", arguments, output)
	return string(output), err
}

func TestSoak(t *testing.T) {
	runnertest.RequireRoot(t)

	t.Run("Short", func(t *testing.T) {
		// 300 actions at concurrency 8 behave as expected, and
		// leave no mount, process, file descriptor or memory
		// behind.
		output, err := runSoak(t, "-n", "300", "-c", "8")
		require.NoError(t, err)
		require.Contains(t, output, "\nPASS\n")
	})

	t.Run("LeaksAreDetected", func(t *testing.T) {
		// A process and a mount left behind on purpose are
		// reported as leaks, making the soak driver fail. The
		// soak driver runs in a mount namespace of its own, so
		// that its mount does not disturb tests running in
		// parallel. This goroutine stays locked to the thread
		// that created it, which Go terminates when the test
		// ends.
		runtime.LockOSThread()
		require.NoError(t, unix.Unshare(unix.CLONE_NEWNS))
		require.NoError(t, unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""))
		output, err := runSoak(t, "-n", "16", "-c", "4", "-inject-leak", "-settle-timeout", "3s")
		require.Error(t, err)
		require.Regexp(t, `Leak: host mount table changed: .*/leaked-mount `, output)
		require.Regexp(t, `Leak: process of an action left behind: PID [0-9]+ .*"sleep" "1000"`, output)
		require.Contains(t, output, "FAIL: 0 actions failed, ")
	})
}
