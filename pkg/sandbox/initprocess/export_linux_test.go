//go:build linux
// +build linux

package initprocess

// Unexported functions that are tested by package initprocess_test.
var (
	ErrMountpointMissing = errMountpointMissing
	LookupExecutable     = lookupExecutable
	OpenMountpoint       = openMountpoint
	WrapKernelError      = wrapKernelError
)
