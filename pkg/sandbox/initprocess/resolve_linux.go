//go:build linux
// +build linux

package initprocess

import (
	"errors"
	"strings"

	"golang.org/x/sys/unix"
)

// errMountpointMissing is returned by openMountpoint when the input
// root does not contain the mountpoint, and it is not to be created.
var errMountpointMissing = errors.New("mountpoint does not exist")

// openBeneath opens a single path relative to a directory, without
// following symbolic links and without leaving the directory. A
// trailing symbolic link is opened itself when flags contains
// O_PATH|O_NOFOLLOW, so that the caller can report what it found.
func openBeneath(dirFD int, name string, flags, mode uint64) (int, error) {
	for {
		fd, err := unix.Openat2(dirFD, name, &unix.OpenHow{
			Flags:   flags | unix.O_CLOEXEC,
			Mode:    mode,
			Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS,
		})
		// openat2() returns EAGAIN when a concurrent rename
		// could have caused the path to escape. Retry.
		if err != unix.EAGAIN {
			return fd, err
		}
	}
}

// describeFileType returns a human readable name of the type of a
// file, for use in error messages.
func describeFileType(mode uint32) string {
	switch mode & unix.S_IFMT {
	case unix.S_IFDIR:
		return "a directory"
	case unix.S_IFREG:
		return "a regular file"
	case unix.S_IFLNK:
		return "a symbolic link"
	case unix.S_IFIFO:
		return "a FIFO"
	case unix.S_IFSOCK:
		return "a socket"
	case unix.S_IFCHR:
		return "a character device"
	case unix.S_IFBLK:
		return "a block device"
	default:
		return "a file of unknown type"
	}
}

// openMountpoint resolves the mountpoint of a mount inside the input
// root, one component at a time, refusing symbolic links and anything
// that is not a directory along the way. Missing components are
// created if requested. It returns errMountpointMissing if the
// mountpoint does not exist and is not created.
func openMountpoint(rootFD int, mountpoint string, create, wantDirectory bool) (int, error) {
	components := strings.Split(mountpoint, "/")
	currentFD := rootFD
	closeCurrent := func() {
		if currentFD != rootFD {
			unix.Close(currentFD)
		}
	}
	for i, component := range components {
		isLast := i == len(components)-1
		pathSoFar := strings.Join(components[:i+1], "/")
		fd, err := openBeneath(currentFD, component, unix.O_PATH|unix.O_NOFOLLOW, 0)
		if err == unix.ENOENT {
			if !create {
				closeCurrent()
				return -1, errMountpointMissing
			}
			if isLast && !wantDirectory {
				var fileFD int
				fileFD, err = openBeneath(currentFD, component, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW, 0o644)
				if err == nil {
					unix.Close(fileFD)
				}
			} else {
				err = unix.Mkdirat(currentFD, component, 0o755)
			}
			if err != nil && err != unix.EEXIST {
				closeCurrent()
				return -1, wrapf(err, CodeFailedPrecondition, "Failed to create mountpoint %#v in the input root", pathSoFar)
			}
			fd, err = openBeneath(currentFD, component, unix.O_PATH|unix.O_NOFOLLOW, 0)
		}
		closeCurrent()
		if err != nil {
			return -1, wrapf(err, CodeInvalidArgument, "Failed to open %#v in the input root", pathSoFar)
		}
		currentFD = fd

		var stat unix.Stat_t
		if err := unix.Fstat(fd, &stat); err != nil {
			closeCurrent()
			return -1, wrapf(err, CodeInternal, "Failed to obtain attributes of %#v in the input root", pathSoFar)
		}
		isDirectory := stat.Mode&unix.S_IFMT == unix.S_IFDIR
		if !isLast && !isDirectory {
			closeCurrent()
			return -1, errorf(CodeInvalidArgument, "Path %#v in the input root is %s, while a directory is expected, as it contains mountpoint %#v", pathSoFar, describeFileType(stat.Mode), mountpoint)
		}
		if isLast {
			if wantDirectory && !isDirectory {
				closeCurrent()
				return -1, errorf(CodeInvalidArgument, "Mountpoint %#v in the input root is %s, while a directory is expected", mountpoint, describeFileType(stat.Mode))
			}
			if !wantDirectory && stat.Mode&unix.S_IFMT != unix.S_IFREG {
				closeCurrent()
				return -1, errorf(CodeInvalidArgument, "Mountpoint %#v in the input root is %s, while a regular file is expected", mountpoint, describeFileType(stat.Mode))
			}
		}
	}
	return currentFD, nil
}
