//go:build !linux
// +build !linux

package initprocess

// Main returns a non-zero exit code, as sandboxes are only supported
// on Linux.
func Main() int {
	return 1
}
