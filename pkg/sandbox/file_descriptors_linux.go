//go:build linux
// +build linux

package sandbox

import (
	"os"
	"strconv"

	"github.com/buildbarn/bb-storage/pkg/util"

	"golang.org/x/sys/unix"
	"google.golang.org/grpc/codes"
)

// MarkInheritedFileDescriptorsCloseOnExec marks all file descriptors
// other than standard input, output and error close-on-exec. bb_runner
// calls it at startup, before it opens file descriptors of its own,
// so that file descriptors that it inherited without close-on-exec do
// not reach the commands it runs. Otherwise, starting bb_runner with
// "9</" would let every command open the host's root directory
// through /proc/self/fd/9.
func MarkInheritedFileDescriptorsCloseOnExec() error {
	err := unix.CloseRange(3, ^uint(0), unix.CLOSE_RANGE_CLOEXEC)
	if err != unix.ENOSYS && err != unix.EINVAL {
		if err != nil {
			return util.StatusWrapWithCode(err, codes.Internal, "Failed to mark file descriptors close-on-exec")
		}
		return nil
	}

	// Linux before 5.11 does not support CLOSE_RANGE_CLOEXEC.
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return util.StatusWrapWithCode(err, codes.Internal, "Failed to list file descriptors")
	}
	for _, entry := range entries {
		if fd, err := strconv.Atoi(entry.Name()); err == nil && fd > 2 {
			unix.CloseOnExec(fd)
		}
	}
	return nil
}
