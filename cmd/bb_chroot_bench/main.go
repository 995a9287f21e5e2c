// bb_chroot_bench compares the cost of running a trivial action with
// bb-chroot's bb_runner against upstream bb-remote-execution's stock
// chrooting bb_runner, plain chroot(8) and bubblewrap, on one machine
// and in one run. It must run as root, from within this module, with
// bubblewrap and a statically linked busybox installed:
//
//	go run ./cmd/bb_chroot_bench --runs 200 --output docs/benchmarks
//
// It builds both bb_runner binaries (statically linked), creates a build
// directory with an input root containing busybox as /bin/true (and as
// /usr/bin/env, which upstream's runner needs), starts the runners on
// UNIX sockets, and then measures:
//
//   - Latency: the wall time of a single invocation of the action.
//     Commands executed directly from the benchmark are chroot(8),
//     bubblewrap, and fork/exec from Go of /bin/true, of an empty Go
//     program and of bb_runner itself, with and without new mount and
//     PID namespaces. Run() calls through gRPC go to upstream's runner
//     and to ours with 0, 2, 5 and 10 input root mounts. Variants are
//     interleaved round-robin, so that noise on the machine affects all
//     of them alike.
//   - Throughput: actions per second through gRPC at several
//     concurrency levels, upstream's runner against ours with the full
//     set of five mounts, again interleaved. The CPU time that each
//     runner and its descendants consume per action is measured
//     through a cgroup, if cgroups can be created.
//
// It prints Markdown tables, and writes all samples to results.json
// and plots to *.svg in the output directory. Plots can be regenerated
// from results.json without measuring again:
//
//	go run ./cmd/bb_chroot_bench --plot --output docs/benchmarks
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/buildbarn/bb-storage/pkg/util"
)

func main() {
	var o options
	var concurrencies string
	plotOnly := flag.Bool("plot", false, "Only regenerate the plots from results.json in the output directory")
	flag.IntVar(&o.runs, "runs", 200, "Number of latency samples per variant")
	flag.IntVar(&o.warmup, "warmup", 10, "Number of unmeasured invocations per variant before measuring")
	flag.IntVar(&o.throughputRounds, "throughput-rounds", 7, "Number of throughput measurements per variant and concurrency")
	flag.IntVar(&o.throughputActions, "throughput-actions", 320, "Number of actions per throughput measurement")
	flag.StringVar(&concurrencies, "concurrency", "1,2,4,8,32", "Comma separated concurrency levels of the throughput benchmark")
	flag.StringVar(&o.outputDirectory, "output", "docs/benchmarks", "Directory to which results.json and plots are written")
	flag.StringVar(&o.workDirectory, "work-directory", os.TempDir(), "Directory in which the build directory and the binaries are placed")
	flag.StringVar(&o.busybox, "busybox", "/bin/busybox", "Statically linked busybox, used as the action")
	flag.StringVar(&o.bbRunner, "bb-runner", "", "bb-chroot's bb_runner binary, linked statically (default: build github.com/bb-chroot/bb-chroot/cmd/bb_runner)")
	flag.StringVar(&o.userland, "userland", "", "Root directory of a Debian userland with gcc (debootstrap --variant=minbase --include=gcc,libc6-dev), in which a small C file is compiled to measure the CPU time of a realistic action; not measured if empty")
	flag.IntVar(&o.userlandActions, "userland-actions", 48, "Number of compilations per runner and round in the userland")
	flag.BoolVar(&o.network, "network", true, "Give the actions of our runner a network namespace of their own, as config/bb_runner_chroot.jsonnet does")
	flag.StringVar(&o.upstreamBBRunner, "upstream-bb-runner", "", "Upstream's bb_runner binary (default: build github.com/buildbarn/bb-remote-execution/cmd/bb_runner)")
	flag.Parse()

	if *plotOnly {
		r, err := readResults(filepath.Join(o.outputDirectory, "results.json"))
		if err != nil {
			log.Fatal(err)
		}
		if err := writePlots(o.outputDirectory, r); err != nil {
			log.Fatal(err)
		}
		return
	}

	for _, field := range strings.Split(concurrencies, ",") {
		c, err := strconv.Atoi(field)
		if err != nil || c < 1 {
			log.Fatalf("Invalid concurrency level %#v", field)
		}
		o.concurrencies = append(o.concurrencies, c)
	}
	o.command = strings.Join(append([]string{"bb_chroot_bench"}, os.Args[1:]...), " ")

	r, err := runBenchmark(context.Background(), &o, os.Stderr)
	if err != nil {
		log.Fatal(err)
	}
	if err := writeResults(o.outputDirectory, r); err != nil {
		log.Fatal(err)
	}
	printReport(os.Stdout, r)
}

// writeResults writes results.json and the plots to the output
// directory.
func writeResults(outputDirectory string, r *results) error {
	if err := os.MkdirAll(outputDirectory, 0o755); err != nil {
		return util.StatusWrapf(err, "Failed to create output directory %#v", outputDirectory)
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return util.StatusWrap(err, "Failed to marshal results")
	}
	resultsPath := filepath.Join(outputDirectory, "results.json")
	if err := os.WriteFile(resultsPath, append(data, '\n'), 0o644); err != nil {
		return util.StatusWrapf(err, "Failed to write %#v", resultsPath)
	}
	return writePlots(outputDirectory, r)
}

// readResults reads results.json written by a previous run.
func readResults(resultsPath string) (*results, error) {
	data, err := os.ReadFile(resultsPath)
	if err != nil {
		return nil, util.StatusWrapf(err, "Failed to read %#v", resultsPath)
	}
	var r results
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, util.StatusWrapf(err, "Failed to parse %#v", resultsPath)
	}
	return &r, nil
}

// writePlots writes the plots of a set of results as SVG files.
func writePlots(outputDirectory string, r *results) error {
	for name, svg := range map[string]string{
		"latency.svg":    plotLatency(r),
		"throughput.svg": plotThroughput(r),
		"mounts.svg":     plotMountScaling(r),
	} {
		p := filepath.Join(outputDirectory, name)
		if err := os.WriteFile(p, []byte(svg), 0o644); err != nil {
			return util.StatusWrapf(err, "Failed to write %#v", p)
		}
	}
	return nil
}

// printReport prints the results as Markdown tables, so that they can
// be pasted into docs/benchmarks.md.
func printReport(w *os.File, r *results) {
	fmt.Fprintf(w, "Command: `%s`\n\n", r.Command)
	fmt.Fprintf(w, "Machine: %d CPUs (%s), Linux %s, %s, build directory on %s, load average %s before and %s after\n\n", r.Machine.CPUs, r.Machine.CPUModel, r.Machine.Kernel, r.Machine.GoVersion, r.Machine.BuildDirectoryFileSystem, r.Machine.LoadAverageBefore, r.Machine.LoadAverageAfter)

	fmt.Fprintf(w, "| Variant | Median (ms) | p90 (ms) | Samples |\n|---|---:|---:|---:|\n")
	for _, l := range r.Latency {
		fmt.Fprintf(w, "| `%s`: %s | %.2f | %.2f | %d |\n", l.Name, l.Description, l.MedianMs, l.P90Ms, len(l.SamplesMs))
	}

	fmt.Fprintf(w, "\n| Concurrency | Upstream (actions/s) | Ours, 5 mounts (actions/s) | Ratio | Upstream CPU (ms/action) | Ours CPU (ms/action) | Upstream, machine CPU (ms/action) | Ours, machine CPU (ms/action) |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, t := range r.Throughput {
		fmt.Fprintf(w, "| %d | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", t.Concurrency, t.UpstreamMedian, t.OursMedian, t.Ratio, median(t.UpstreamCPUMs), median(t.OursCPUMs), median(t.UpstreamSystemCPUMs), median(t.OursSystemCPUMs))
	}

	s := &r.Summary
	fmt.Fprintf(w, "\nAdded latency of ours (5 mounts) over upstream's chroot: %.2f ms\n", s.OursAddedMs)
	fmt.Fprintf(w, "Added latency of bubblewrap over chroot(8): %.2f ms\n", s.BubblewrapAddedMs)
	fmt.Fprintf(w, "Ratio: %.2f (target: at most 0.25, %s)\n", s.AddedLatencyRatio, met(s.AddedLatencyRatio <= 0.25))
	fmt.Fprintf(w, "Cost of hardening (%s minus %s, median per round): %.2f ms (target: at most 0.3, %s)\n", fmt.Sprintf("ours-%d", fullMountCount), unhardenedVariantName, s.HardeningCostMs, met(s.HardeningCostMs <= 0.3))
	if s.ThroughputRatioAt8 > 0 {
		fmt.Fprintf(w, "Throughput at concurrency 8, ours/upstream: %.2f (target: at least 0.9, %s)\n", s.ThroughputRatioAt8, met(s.ThroughputRatioAt8 >= 0.9))
	}
	if f := r.IsolationFloor; f != nil {
		fmt.Fprintf(w, "\nLeast cost of the isolation, machine CPU per action at concurrency %d: /bin/true %.2f ms, after a reaper in new namespaces %.2f ms, difference %.2f ms\n", f.Concurrency, median(f.BareCPUMs), median(f.IsolatedCPUMs), f.ExtraCPUMs)
		if f.MaximumThroughputRatio > 0 {
			fmt.Fprintf(w, "Highest throughput ratio at concurrency %d of a runner that adds only that to upstream's: %.2f\n", f.Concurrency, f.MaximumThroughputRatio)
		}
	}
	if t := r.Userland; t != nil {
		fmt.Fprintf(w, "\ngcc in a Debian userland, concurrency %d: upstream %.1f, ours %.1f actions/s; CPU per action upstream %.2f ms, ours %.2f ms\n", t.Concurrency, t.UpstreamMedian, t.OursMedian, median(t.UpstreamCPUMs), median(t.OursCPUMs))
		fmt.Fprintf(w, "CPU per action of gcc, ours/upstream: %.3f (target: at most 1.03, %s)\n", s.UserlandCPURatio, met(s.UserlandCPURatio <= 1.03))
	}
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "missed"
}
