//go:build linux
// +build linux

package initprocess

// LookupExecutable is lookupExecutable, tested by package
// initprocess_test.
var LookupExecutable = lookupExecutable
