//go:build linux
// +build linux

package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestBenchmarkSmoke(t *testing.T) {
	// Run the benchmark with tiny counts, only checking that it
	// produces results and plots. Timings are not checked, as this
	// is not a benchmark.
	if os.Geteuid() != 0 {
		t.Skip("The benchmark creates namespaces and mounts, which requires running as root")
	}
	for _, tool := range []string{"bwrap", "chroot"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("The benchmark compares against %s, which is not installed", tool)
		}
	}
	if _, err := os.Stat("/bin/busybox"); err != nil {
		t.Skip("The benchmark runs a statically linked busybox, which is not installed at /bin/busybox")
	}

	// A stand-in for a Debian userland: a gcc that only reads the
	// source file, run by busybox' shell.
	userland := t.TempDir()
	busybox, err := os.ReadFile("/bin/busybox")
	require.NoError(t, err)
	for _, name := range []string{"bin/sh", "usr/bin/env"} {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(userland, name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(userland, name), busybox, 0o755))
	}
	require.NoError(t, os.WriteFile(filepath.Join(userland, "usr/bin/gcc"), []byte("#!/bin/sh\nread line < /src/hello.c && echo \"$line\"\n"), 0o755))
	for _, name := range []string{"proc", "sys", "dev"} {
		require.NoError(t, os.Mkdir(filepath.Join(userland, name), 0o755))
	}

	o := options{
		command:           "bb_chroot_bench (smoke test)",
		runs:              2,
		warmup:            1,
		throughputRounds:  1,
		throughputActions: 4,
		concurrencies:     []int{1, 2},
		outputDirectory:   t.TempDir(),
		busybox:           "/bin/busybox",
		network:           true,
		userland:          userland,
		userlandActions:   8,
	}
	r, err := runBenchmark(context.Background(), &o, io.Discard)
	require.NoError(t, err)
	require.NoError(t, writeResults(o.outputDirectory, r))

	written, err := readResults(filepath.Join(o.outputDirectory, "results.json"))
	require.NoError(t, err)
	require.Len(t, written.Latency, 14)
	for _, l := range written.Latency {
		require.Len(t, l.SamplesMs, 2, l.Name)
	}
	require.Equal(t, "ours-5-unhardened", written.Latency[13].Name)
	require.Len(t, written.MountScaling, len(mountCounts))
	require.Len(t, written.Throughput, 2)
	require.NotNil(t, written.IsolationFloor)
	require.Len(t, written.IsolationFloor.BareCPUMs, 1)
	require.Len(t, written.IsolationFloor.IsolatedCPUMs, 1)
	require.NotNil(t, written.Userland)
	require.Len(t, written.Userland.Ours, 1)
	require.Len(t, written.Userland.Upstream, 1)
	for _, name := range []string{"latency.svg", "throughput.svg", "mounts.svg"} {
		data, err := os.ReadFile(filepath.Join(o.outputDirectory, name))
		require.NoError(t, err)
		require.Contains(t, string(data), "</svg>")
	}
}
