//go:build linux
// +build linux

package sandbox

// Unexported functions that are tested by package sandbox_test.
var (
	LookupExecutable = lookupExecutable
	OpenMountpoint   = openMountpoint
	WrapKernelError  = wrapKernelError
)
