//go:build linux
// +build linux

package initprocess_test

import (
	"testing"

	"github.com/bb-chroot/bb-chroot/pkg/sandbox/initprocess"
	"github.com/buildbarn/bb-storage/pkg/testutil"

	"golang.org/x/sys/unix"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestWrapKernelError(t *testing.T) {
	t.Run("MissingPrivileges", func(t *testing.T) {
		// Missing privileges are a problem of the deployment.
		testutil.RequireEqualStatus(t, status.Error(codes.FailedPrecondition, "Failed to mount: operation not permitted (bb_runner needs CAP_SYS_ADMIN, and must not be confined by a seccomp or AppArmor profile that blocks mounting)"), toStatus(initprocess.WrapKernelError(unix.EPERM, "Failed to mount")))
	})

	t.Run("OldKernel", func(t *testing.T) {
		// Missing system calls mean the kernel is too old.
		testutil.RequireEqualStatus(t, status.Error(codes.FailedPrecondition, "Failed to mount: function not implemented (this requires Linux 5.12 or later)"), toStatus(initprocess.WrapKernelError(unix.ENOSYS, "Failed to mount")))
	})

	t.Run("Other", func(t *testing.T) {
		// Other errors are internal errors.
		testutil.RequireEqualStatus(t, status.Error(codes.Internal, "Failed to mount: no space left on device"), toStatus(initprocess.WrapKernelError(unix.ENOSPC, "Failed to mount")))
	})
}
