//go:build linux
// +build linux

package initprocess

// WrapKernelError is wrapKernelError, tested by package
// initprocess_test.
var WrapKernelError = wrapKernelError
