//go:build linux
// +build linux

package initprocess

// Unexported functions of resolve_linux.go that are tested by package
// initprocess_test.
var (
	ErrMountpointMissing = errMountpointMissing
	OpenMountpoint       = openMountpoint
)
