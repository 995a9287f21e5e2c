package main

import (
	"context"
	"fmt"
	"time"
)

// options of a benchmark run, set through command line flags.
type options struct {
	command           string
	runs              int
	warmup            int
	throughputRounds  int
	throughputActions int
	concurrencies     []int
	outputDirectory   string
	workDirectory     string
	busybox           string
	bbRunner          string
	upstreamBBRunner  string
	network           bool
	userland          string
	userlandActions   int
}

// mountCounts are the numbers of mounts of the mount scaling
// benchmark. Five mounts is the full set, which is also used for the
// comparison with upstream and bubblewrap.
var mountCounts = []int{0, 2, 5, 10}

const fullMountCount = 5

// unhardenedVariantName is the name of the variant that measures the
// cost of the hardening of the full configuration.
var unhardenedVariantName = fmt.Sprint("ours-", fullMountCount, "-unhardened")

// action runs the trivial action once.
type action func(ctx context.Context) error

// variant is a way of running the trivial action whose latency is
// measured.
type variant struct {
	name        string
	description string
	run         action
	samples     []time.Duration
}

// throughputSample contains the number of actions per second achieved
// by upstream's runner and ours at a given concurrency, and the CPU
// time they consumed per action, in milliseconds: that of the runner
// and its descendants, and that of the whole machine, which includes
// the kernel's worker threads, for example those that destroy
// namespaces.
type throughputSample struct {
	concurrency       int
	upstream          []float64
	ours              []float64
	upstreamCPU       []float64
	oursCPU           []float64
	upstreamSystemCPU []float64
	oursSystemCPU     []float64
}

// isolationFloorSample contains the machine CPU time per action, in
// milliseconds, of running /bin/true directly ("bare") and after a
// process in the namespaces of a sandbox ("isolated"), one value per
// round.
type isolationFloorSample struct {
	concurrency int
	bare        []float64
	isolated    []float64
}
