//go:build linux
// +build linux

package initprocess_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/bb-chroot/bb-chroot/pkg/sandbox/initprocess"
	"github.com/buildbarn/bb-storage/pkg/testutil"
	"github.com/stretchr/testify/require"

	"golang.org/x/sys/unix"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// openRoot creates an input root containing a layout, and returns a
// file descriptor of it.
// toStatus converts an error of the init process to the gRPC status
// as which the runner reports it.
func toStatus(err error) error {
	var e *initprocess.Error
	if errors.As(err, &e) {
		return status.Error(codes.Code(e.Code), e.Message)
	}
	return err
}

func openRoot(t *testing.T, layout func(root string)) (string, int) {
	root := t.TempDir()
	layout(root)
	fd, err := unix.Open(root, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	require.NoError(t, err)
	t.Cleanup(func() { unix.Close(fd) })
	return root, fd
}

func fdPath(t *testing.T, fd int) string {
	p, err := os.Readlink(fmt.Sprintf("/proc/self/fd/%d", fd))
	require.NoError(t, err)
	return p
}

func TestOpenMountpoint(t *testing.T) {
	t.Run("Directory", func(t *testing.T) {
		// A nested directory is opened.
		root, rootFD := openRoot(t, func(root string) {
			require.NoError(t, os.MkdirAll(filepath.Join(root, "dev/pts"), 0o755))
		})
		fd, err := initprocess.OpenMountpoint(rootFD, "dev/pts", false, true)
		require.NoError(t, err)
		defer unix.Close(fd)
		require.Equal(t, filepath.Join(root, "dev/pts"), fdPath(t, fd))
	})

	t.Run("MissingSkipped", func(t *testing.T) {
		// A missing mountpoint is reported as such, so that the
		// mount is skipped.
		_, rootFD := openRoot(t, func(root string) {})
		_, err := initprocess.OpenMountpoint(rootFD, "dev/pts", false, true)
		require.Equal(t, initprocess.ErrMountpointMissing, err)
	})

	t.Run("MissingCreated", func(t *testing.T) {
		// Missing directories are created if requested, and so is
		// a regular file for a bind mount of a file.
		root, rootFD := openRoot(t, func(root string) {})
		fd, err := initprocess.OpenMountpoint(rootFD, "a/b/c", true, true)
		require.NoError(t, err)
		unix.Close(fd)
		info, err := os.Stat(filepath.Join(root, "a/b/c"))
		require.NoError(t, err)
		require.True(t, info.IsDir())

		fd, err = initprocess.OpenMountpoint(rootFD, "etc/resolv.conf", true, false)
		require.NoError(t, err)
		unix.Close(fd)
		info, err = os.Stat(filepath.Join(root, "etc/resolv.conf"))
		require.NoError(t, err)
		require.True(t, info.Mode().IsRegular())
	})

	for _, tc := range []struct {
		name       string
		layout     func(root string) error
		mountpoint string
		message    string
	}{
		{"Symlink", func(root string) error { return os.Symlink("/etc", filepath.Join(root, "proc")) }, "proc", `Mountpoint "proc" in the input root is a symbolic link, while a directory is expected`},
		{"SymlinkParent", func(root string) error { return os.Symlink("../../..", filepath.Join(root, "dev")) }, "dev/pts", `Path "dev" in the input root is a symbolic link, while a directory is expected, as it contains mountpoint "dev/pts"`},
		{"RegularFile", func(root string) error { return os.WriteFile(filepath.Join(root, "sys"), nil, 0o644) }, "sys", `Mountpoint "sys" in the input root is a regular file, while a directory is expected`},
		{"FIFO", func(root string) error { return unix.Mkfifo(filepath.Join(root, "proc"), 0o644) }, "proc", `Mountpoint "proc" in the input root is a FIFO, while a directory is expected`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Mountpoints that are not directories are
			// rejected, naming the path.
			_, rootFD := openRoot(t, func(root string) { require.NoError(t, tc.layout(root)) })
			_, err := initprocess.OpenMountpoint(rootFD, tc.mountpoint, true, true)
			testutil.RequireEqualStatus(t, status.Error(codes.InvalidArgument, tc.message), toStatus(err))
		})
	}
}
