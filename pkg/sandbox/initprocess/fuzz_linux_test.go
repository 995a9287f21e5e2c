//go:build linux
// +build linux

package initprocess_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	sandbox_pb "github.com/bb-chroot/bb-chroot/pkg/proto/configuration/sandbox"
	"github.com/bb-chroot/bb-chroot/pkg/sandbox"
	"github.com/bb-chroot/bb-chroot/pkg/sandbox/initprocess"
	"github.com/stretchr/testify/require"

	"golang.org/x/sys/unix"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// fuzzPaths are the paths inside the input root at which the layout of
// a fuzzed input root places files. They are nested, and include the
// names of common mountpoints.
var fuzzPaths = []string{
	"a", "b", "a/b", "a/c", "b/a", "a/b/c", "proc", "dev", "dev/pts",
	"dev/shm", "sys", "tmp", "x", "x/y", "x/y/z", "loop",
}

// fuzzSymlinkTargets are the targets of symbolic links in a fuzzed
// input root: absolute and relative, pointing inside and outside the
// input root, at magic links, at themselves and nowhere. "OUTSIDE" is
// replaced by the absolute path of a directory next to the input root.
var fuzzSymlinkTargets = []string{
	"/", ".", "..", "../..", "../../..", "/a", "a", "b", "a/b", "../a",
	"/proc/self/root", "/proc/self/cwd", "/proc/1/root", "OUTSIDE",
	"OUTSIDE/x", "../outside", "../../outside/x", "a/../../outside",
	"loop", "/dev", "/etc", "nonexistent", "/nonexistent/x", "x/y/../..",
}

// buildFuzzLayout creates files in an input root as described by
// layout: every three bytes select the kind of file, its path and, for
// symbolic links, its target. Parent directories are created as
// needed. Nothing is created if a parent is not a directory, and no
// symbolic link is followed, so that nothing is created outside the
// input root.
func buildFuzzLayout(t *testing.T, rootFD int, outside string, layout []byte) {
	for i := 0; i+2 < len(layout); i += 3 {
		components := strings.Split(fuzzPaths[int(layout[i+1])%len(fuzzPaths)], "/")
		dirFD := rootFD
		for _, component := range components[:len(components)-1] {
			unix.Mkdirat(dirFD, component, 0o755)
			fd, err := unix.Openat2(dirFD, component, &unix.OpenHow{
				Flags:   unix.O_PATH | unix.O_DIRECTORY | unix.O_CLOEXEC,
				Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS,
			})
			if dirFD != rootFD {
				unix.Close(dirFD)
			}
			if err != nil {
				dirFD = -1
				break
			}
			dirFD = fd
		}
		if dirFD < 0 {
			continue
		}
		name := components[len(components)-1]
		switch layout[i] % 5 {
		case 0:
			unix.Mkdirat(dirFD, name, 0o755)
		case 1:
			if fd, err := unix.Openat(dirFD, name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o644); err == nil {
				unix.Close(fd)
			}
		case 2, 3:
			target := fuzzSymlinkTargets[int(layout[i+2])%len(fuzzSymlinkTargets)]
			if strings.HasPrefix(target, "OUTSIDE") {
				target = outside + strings.TrimPrefix(target, "OUTSIDE")
			}
			unix.Symlinkat(target, dirFD, name)
		case 4:
			unix.Mknodat(dirFD, name, unix.S_IFIFO|0o644, 0)
		}
		if dirFD != rootFD {
			unix.Close(dirFD)
		}
	}
}

// listTree returns the names and types of all files below a directory.
func listTree(t *testing.T, directory string) []string {
	var entries []string
	require.NoError(t, filepath.Walk(directory, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		entries = append(entries, fmt.Sprintf("%s %s", p, info.Mode().Type()))
		return nil
	}))
	sort.Strings(entries)
	return entries
}

func countFileDescriptors(t *testing.T) int {
	entries, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	return len(entries)
}

// FuzzOpenMountpoint resolves a mountpoint in randomly laid out input
// roots. Every resolution must either yield a file descriptor of the
// mountpoint itself, at its path inside the input root, or fail with a
// gRPC status. Nothing outside the input root may be created, and no
// file descriptor may leak.
//
// Run it with:
//
//	go test -run '^$' -fuzz FuzzOpenMountpoint -fuzztime 20s ./pkg/sandbox/initprocess
func FuzzOpenMountpoint(f *testing.F) {
	f.Add([]byte{0, 7, 0}, "dev", false, true)
	f.Add([]byte{0, 8, 0}, "dev/pts", true, true)
	f.Add([]byte{2, 6, 0}, "proc", false, true)
	f.Add([]byte{0, 0, 0, 2, 2, 13}, "a/b/c", true, true)
	f.Add([]byte{2, 0, 15}, "a/x", true, true)
	f.Add([]byte{2, 15, 18}, "loop/a", true, false)
	f.Add([]byte{1, 0, 0}, "a", false, false)
	f.Add([]byte{4, 10, 0}, "sys", true, true)

	f.Fuzz(func(t *testing.T, layout []byte, mountpoint string, create, wantDirectory bool) {
		// Mountpoints are normalized the way the configuration
		// is, rejecting those that are invalid.
		configuration, err := sandbox.NewConfigurationFromProto([]*sandbox_pb.InputMountOptions{{
			Mountpoint:     mountpoint,
			FilesystemType: "tmpfs",
		}}, nil)
		if err != nil {
			require.Equal(t, codes.InvalidArgument, status.Code(err), "%v", err)
			return
		}
		mountpoint = configuration.Mounts[0].Mountpoint

		directory := t.TempDir()
		root := filepath.Join(directory, "root")
		outside := filepath.Join(directory, "outside")
		require.NoError(t, os.Mkdir(root, 0o755))
		require.NoError(t, os.Mkdir(outside, 0o755))
		require.NoError(t, os.Mkdir(filepath.Join(outside, "x"), 0o755))
		rootFD, err := unix.Open(root, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		require.NoError(t, err)
		defer unix.Close(rootFD)
		buildFuzzLayout(t, rootFD, outside, layout)
		outsideBefore := listTree(t, outside)
		fdsBefore := countFileDescriptors(t)

		fd, err := initprocess.OpenMountpoint(rootFD, mountpoint, create, wantDirectory)
		if err == initprocess.ErrMountpointMissing {
			// A missing mountpoint is only skipped if it
			// is not to be created.
			require.False(t, create)
		} else if err != nil {
			// Failures are reported as gRPC statuses with a
			// code that blames the input root.
			s, ok := status.FromError(toStatus(err))
			require.True(t, ok, "%v", err)
			require.Contains(t, []codes.Code{codes.InvalidArgument, codes.FailedPrecondition}, s.Code(), "%v", err)
			require.Equal(t, -1, fd)
		} else {
			// The file descriptor refers to the mountpoint
			// itself: no symbolic link was followed.
			p, err := os.Readlink(fmt.Sprintf("/proc/self/fd/%d", fd))
			require.NoError(t, err)
			require.Equal(t, root+"/"+mountpoint, p)
			var stat unix.Stat_t
			require.NoError(t, unix.Fstat(fd, &stat))
			if wantDirectory {
				require.Equal(t, uint32(unix.S_IFDIR), stat.Mode&unix.S_IFMT)
			} else {
				require.Equal(t, uint32(unix.S_IFREG), stat.Mode&unix.S_IFMT)
			}
			require.NoError(t, unix.Close(fd))
		}

		require.Equal(t, fdsBefore, countFileDescriptors(t))
		require.Equal(t, outsideBefore, listTree(t, outside))
		entries, err := os.ReadDir(directory)
		require.NoError(t, err)
		require.Len(t, entries, 2)
	})
}
