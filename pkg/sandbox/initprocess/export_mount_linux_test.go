//go:build linux
// +build linux

package initprocess

// Unexported functions of mount_linux.go and resolve_linux.go that are
// tested by package initprocess_test.
var (
	ErrMountpointMissing = errMountpointMissing
	OpenMountpoint       = openMountpoint
	WrapKernelError      = wrapKernelError
)
