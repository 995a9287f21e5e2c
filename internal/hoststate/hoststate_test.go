//go:build linux
// +build linux

package hoststate_test

import (
	"os"
	"testing"

	"github.com/bb-chroot/bb-chroot/internal/hoststate"
	"github.com/stretchr/testify/require"
)

const mountinfoBefore = `22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
40 27 0:40 / /tmp/other\040fuse rw,nosuid,nodev - fuse.loopback other rw
`

func TestParseMountinfo(t *testing.T) {
	t.Run("Fields", func(t *testing.T) {
		// Fields are extracted and unescaped, and the key
		// leaves out the mount IDs.
		mounts, err := hoststate.ParseMountinfo([]byte(mountinfoBefore))
		require.NoError(t, err)
		require.Len(t, mounts, 3)
		require.Equal(t, hoststate.Mount{
			Root:           "/",
			Mountpoint:     "/tmp/other fuse",
			FileSystemType: "fuse.loopback",
			Source:         "other",
			Key:            `0:40 / /tmp/other\040fuse rw,nosuid,nodev - fuse.loopback other rw`,
		}, mounts[2])
	})

	t.Run("Malformed", func(t *testing.T) {
		// Lines without a separator are rejected.
		_, err := hoststate.ParseMountinfo([]byte("22 27 0:21 / /proc rw,relatime proc proc rw\n"))
		require.Error(t, err)
	})

	t.Run("Self", func(t *testing.T) {
		// The mount table of this process can be parsed.
		mounts, err := hoststate.Mounts()
		require.NoError(t, err)
		require.NotEmpty(t, mounts)
	})
}

func TestLeakedMounts(t *testing.T) {
	before, err := hoststate.ParseMountinfo([]byte(mountinfoBefore))
	require.NoError(t, err)

	t.Run("Unchanged", func(t *testing.T) {
		// New mount IDs alone are no change.
		after, err := hoststate.ParseMountinfo([]byte(`122 127 0:21 / /proc rw,relatime - proc proc rw
127 1 254:0 / / rw,relatime - ext4 /dev/vda rw
140 127 0:40 / /tmp/other\040fuse rw,nosuid,nodev - fuse.loopback other rw
`))
		require.NoError(t, err)
		leaked, unrelated := hoststate.LeakedMounts(before, after, "/build")
		require.Empty(t, leaked)
		require.Empty(t, unrelated)
	})

	t.Run("Changes", func(t *testing.T) {
		// Added and removed mounts are leaks, except FUSE mounts
		// outside the given directories.
		after, err := hoststate.ParseMountinfo([]byte(`27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
41 27 0:41 / /tmp/x rw - tmpfs tmpfs rw
42 27 254:0 /etc /elsewhere rw - ext4 /dev/vda rw
43 27 0:43 / /build/a/root/proc rw - fuse.loopback other rw
44 27 0:44 / /tmp/y rw - fuse.loopback other rw
`))
		require.NoError(t, err)
		leaked, unrelated := hoststate.LeakedMounts(before, after, "/build")
		var leakedMountpoints, unrelatedMountpoints []string
		for _, m := range leaked {
			leakedMountpoints = append(leakedMountpoints, m.Mountpoint)
		}
		for _, m := range unrelated {
			unrelatedMountpoints = append(unrelatedMountpoints, m.Mountpoint)
		}
		require.ElementsMatch(t, []string{"/tmp/x", "/elsewhere", "/build/a/root/proc", "/proc"}, leakedMountpoints)
		require.ElementsMatch(t, []string{"/tmp/y", "/tmp/other fuse"}, unrelatedMountpoints)
	})
}

func TestIsBeneath(t *testing.T) {
	t.Run("Paths", func(t *testing.T) {
		// A directory contains itself and its descendants, but
		// not siblings sharing a prefix.
		require.True(t, hoststate.IsBeneath("/build", "/build"))
		require.True(t, hoststate.IsBeneath("/build/a/b", "/build/"))
		require.False(t, hoststate.IsBeneath("/build2", "/build"))
		require.False(t, hoststate.IsBeneath("/", "/build"))
	})
}

func TestProcesses(t *testing.T) {
	t.Run("Self", func(t *testing.T) {
		// This process and its parent are found, and this
		// process is a descendant of its parent.
		processes, err := hoststate.Processes()
		require.NoError(t, err)
		self, ok := processes[os.Getpid()]
		require.True(t, ok)
		require.Equal(t, os.Getppid(), self.PPID)
		require.True(t, self.Exists())
		require.Contains(t, hoststate.Descendants(processes, os.Getppid()), self)
		require.Empty(t, hoststate.NewProcesses(processes, processes))
	})

	t.Run("FileDescriptors", func(t *testing.T) {
		// Open file descriptors are listed with their targets.
		f, err := os.Open("/dev/null")
		require.NoError(t, err)
		defer f.Close()
		fds, err := hoststate.FileDescriptors(os.Getpid())
		require.NoError(t, err)
		require.Equal(t, "/dev/null", fds[int(f.Fd())])
	})
}
