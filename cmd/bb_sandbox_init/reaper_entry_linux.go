//go:build linux && (amd64 || arm64)
// +build linux
// +build amd64 arm64

package main

// reaperEntry is the entry point of the program when it is linked with
// "-ldflags=-E=main.reaperEntry", implemented in assembly.
func reaperEntry()
