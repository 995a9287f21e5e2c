package integration_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bb-chroot/bb-chroot/internal/runnertest"
	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
	"github.com/stretchr/testify/require"

	"golang.org/x/sys/unix"
)

// mountLoopbackFUSE mounts a FUSE file system that passes all
// operations through to a directory, standing in for the virtual build
// directory of bb_worker. Like bb_worker, it is mounted with
// "allow_other", so that actions running as other users can access
// it, and "nosuid,nodev".
func mountLoopbackFUSE(t *testing.T) string {
	if _, err := os.Stat("/dev/fuse"); err != nil {
		t.Skip("This test requires /dev/fuse")
	}
	underlying := t.TempDir()
	mountpoint := t.TempDir()
	root, err := fs.NewLoopbackRoot(underlying)
	require.NoError(t, err)
	timeout := time.Duration(0)
	server, err := fs.Mount(mountpoint, root, &fs.Options{
		MountOptions: fuse.MountOptions{
			AllowOther:  true,
			DirectMount: true,
			FsName:      "bb_chroot_test",
			Name:        "loopback",
		},
		EntryTimeout: &timeout,
		AttrTimeout:  &timeout,
	})
	require.NoError(t, err)
	t.Cleanup(func() {
		if err := server.Unmount(); err != nil {
			unix.Unmount(mountpoint, unix.MNT_DETACH)
		}
	})
	return mountpoint
}

func TestSandboxFUSEBuildDirectory(t *testing.T) {
	runnertest.RequireRoot(t)
	buildDirectory := mountLoopbackFUSE(t)

	// The build directory is mounted nosuid,nodev, like bb_worker's.
	mountinfo, err := os.ReadFile("/proc/self/mountinfo")
	require.NoError(t, err)
	var found bool
	for _, line := range strings.Split(string(mountinfo), "\n") {
		if fields := strings.Fields(line); len(fields) > 5 && fields[4] == buildDirectory {
			require.Contains(t, fields[5], "nodev")
			found = true
		}
	}
	require.True(t, found)

	testSandbox(t, buildDirectory)

	t.Run("WorkerCreatedDeviceNodes", func(t *testing.T) {
		// Device nodes that bb_worker creates in the input root
		// (inputRootCharacterDeviceNodes) cannot be opened on a
		// nodev FUSE mount. The minimal /dev does not depend on
		// them, as it bind mounts the host's devices.
		workerBuildDirectory := filepath.Join(buildDirectory, "worker")
		require.NoError(t, os.Mkdir(workerBuildDirectory, 0o755))
		s := newSuite(t, workerBuildDirectory, `chrootIntoInputRoot: true,`)
		name := s.newInputRoot(t, "dev")
		require.NoError(t, unix.Mknod(filepath.Join(workerBuildDirectory, name, "root/dev/null"), unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3))))
		response, _, stderr, err := s.run(context.Background(), name, "testtool", "write", "/dev/null", "data")
		require.NoError(t, err)
		require.Equal(t, int64(1), response.ExitCode)
		require.Contains(t, stderr, "permission denied")
	})
}
