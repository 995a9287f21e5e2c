package main

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// results of a benchmark run, as written to results.json.
type results struct {
	Command      string              `json:"command"`
	Date         string              `json:"date"`
	Machine      machine             `json:"machine"`
	Latency      []latencyResult     `json:"latency"`
	MountScaling []mountScalingPoint `json:"mountScaling"`
	Throughput   []throughputResult  `json:"throughput"`
	// The least CPU time per action that isolating actions costs,
	// measured without a runner.
	IsolationFloor *isolationFloorResult `json:"isolationFloor,omitempty"`
	// Compiling a small C file with gcc in a Debian userland, if
	// measured.
	Userland *throughputResult `json:"userland,omitempty"`
	Summary  summary           `json:"summary"`
}

type machine struct {
	CPUs      int    `json:"cpus"`
	CPUModel  string `json:"cpuModel"`
	Kernel    string `json:"kernel"`
	GoVersion string `json:"goVersion"`
	// The file system holding the build directory, in which every
	// action creates its output files.
	BuildDirectoryFileSystem string `json:"buildDirectoryFileSystem"`
	// Load averages at the start and at the end of the run, which
	// show whether other processes competed for the CPUs.
	LoadAverageBefore string `json:"loadAverageBefore"`
	LoadAverageAfter  string `json:"loadAverageAfter"`
}

// latencyResult contains the samples of a single variant, in the order
// in which they were taken.
type latencyResult struct {
	Name        string    `json:"name"`
	Description string    `json:"description"`
	MedianMs    float64   `json:"medianMs"`
	P90Ms       float64   `json:"p90Ms"`
	SamplesMs   []float64 `json:"samplesMs"`
}

type mountScalingPoint struct {
	Mounts   int     `json:"mounts"`
	MedianMs float64 `json:"medianMs"`
	P90Ms    float64 `json:"p90Ms"`
}

// throughputResult contains the actions per second of each round at
// one concurrency level, and the CPU time that the runner and all of
// its descendants consumed per action, if it could be measured.
type throughputResult struct {
	Concurrency    int       `json:"concurrency"`
	Upstream       []float64 `json:"upstreamActionsPerSecond"`
	Ours           []float64 `json:"oursActionsPerSecond"`
	UpstreamMedian float64   `json:"upstreamMedian"`
	OursMedian     float64   `json:"oursMedian"`
	Ratio          float64   `json:"ratio"`
	UpstreamCPUMs  []float64 `json:"upstreamCpuMsPerAction"`
	OursCPUMs      []float64 `json:"oursCpuMsPerAction"`
	// CPU time of the whole machine per action, including kernel
	// worker threads.
	UpstreamSystemCPUMs []float64 `json:"upstreamSystemCpuMsPerAction,omitempty"`
	OursSystemCPUMs     []float64 `json:"oursSystemCpuMsPerAction,omitempty"`
}

// summary compares the medians against the targets.
type summary struct {
	// Median latency of our runner with the full mount set minus
	// that of upstream's runner.
	OursAddedMs float64 `json:"oursAddedMs"`
	// Median latency of bubblewrap minus that of chroot(8).
	BubblewrapAddedMs float64 `json:"bubblewrapAddedMs"`
	// OursAddedMs / BubblewrapAddedMs. The target is at most 0.25.
	AddedLatencyRatio float64 `json:"addedLatencyRatio"`
	// Throughput of ours over upstream's at concurrency 8. The target
	// is at least 0.9.
	ThroughputRatioAt8 float64 `json:"throughputRatioAt8"`
	// Median over the rounds of the latency of our runner with the
	// full mount set minus that of the same without seccomp,
	// PR_SET_NO_NEW_PRIVS and nosuid. The target is at most 0.3 ms.
	HardeningCostMs float64 `json:"hardeningCostMs"`
	// Median CPU time per action of ours over upstream's, compiling
	// a small C file in a Debian userland. The target is at most
	// 1.03.
	UserlandCPURatio float64 `json:"userlandCPURatio,omitempty"`
}

func milliseconds(durations []time.Duration) []float64 {
	ms := make([]float64, 0, len(durations))
	for _, d := range durations {
		ms = append(ms, float64(d.Microseconds())/1000)
	}
	return ms
}

// isolationFloorResult contains the machine CPU time per action of
// /bin/true, run bare and after a process in the namespaces of a
// sandbox, at one concurrency level (see measureIsolationFloor()).
type isolationFloorResult struct {
	Concurrency   int       `json:"concurrency"`
	BareCPUMs     []float64 `json:"bareCpuMsPerAction"`
	IsolatedCPUMs []float64 `json:"isolatedCpuMsPerAction"`
	// The difference of the medians: the least CPU time per action
	// that the isolation costs.
	ExtraCPUMs float64 `json:"extraCpuMsPerAction"`
	// The machine CPU time per action of upstream's runner at the
	// same concurrency divided by that plus ExtraCPUMs: the highest
	// throughput ratio that a CPU bound runner which isolates
	// actions can reach, if isolation were all it added.
	MaximumThroughputRatio float64 `json:"maximumThroughputRatio,omitempty"`
}

// quantile returns the q-quantile of a set of values, interpolating
// linearly between the closest ranks. It returns zero for an empty set,
// so that results can always be marshaled.
func quantile(values []float64, q float64) float64 {
	if len(values) == 0 {
		return 0
	}
	sorted := append([]float64(nil), values...)
	sort.Float64s(sorted)
	position := q * float64(len(sorted)-1)
	lower := int(math.Floor(position))
	upper := int(math.Ceil(position))
	return sorted[lower] + (sorted[upper]-sorted[lower])*(position-float64(lower))
}

func median(values []float64) float64 {
	return quantile(values, 0.5)
}

// newThroughputResult summarizes the samples of one concurrency level.
func newThroughputResult(s *throughputSample) throughputResult {
	t := throughputResult{
		Concurrency:    s.concurrency,
		Upstream:       s.upstream,
		Ours:           s.ours,
		UpstreamMedian: median(s.upstream),
		OursMedian:     median(s.ours),
		UpstreamCPUMs:  s.upstreamCPU,
		OursCPUMs:      s.oursCPU,

		UpstreamSystemCPUMs: s.upstreamSystemCPU,
		OursSystemCPUMs:     s.oursSystemCPU,
	}
	if t.UpstreamMedian > 0 {
		t.Ratio = t.OursMedian / t.UpstreamMedian
	}
	return t
}

func newResults(command string, variants []*variant, throughput []*throughputSample, isolationFloor *isolationFloorSample, userland *throughputSample) *results {
	r := &results{
		Command: command,
		Date:    time.Now().UTC().Format(time.RFC3339),
		Machine: machineFacts(),
	}
	medians := map[string]float64{}
	samplesByName := map[string][]float64{}
	for _, v := range variants {
		samples := milliseconds(v.samples)
		l := latencyResult{
			Name:        v.name,
			Description: v.description,
			MedianMs:    median(samples),
			P90Ms:       quantile(samples, 0.9),
			SamplesMs:   samples,
		}
		medians[v.name] = l.MedianMs
		samplesByName[v.name] = samples
		r.Latency = append(r.Latency, l)
	}
	for _, n := range mountCounts {
		for _, l := range r.Latency {
			if l.Name == fmt.Sprintf("ours-%d", n) {
				r.MountScaling = append(r.MountScaling, mountScalingPoint{Mounts: n, MedianMs: l.MedianMs, P90Ms: l.P90Ms})
			}
		}
	}
	for _, s := range throughput {
		t := newThroughputResult(s)
		if t.Concurrency == 8 {
			r.Summary.ThroughputRatioAt8 = t.Ratio
		}
		r.Throughput = append(r.Throughput, t)
	}
	if s := isolationFloor; s != nil {
		f := &isolationFloorResult{
			Concurrency:   s.concurrency,
			BareCPUMs:     s.bare,
			IsolatedCPUMs: s.isolated,
			ExtraCPUMs:    median(s.isolated) - median(s.bare),
		}
		for _, t := range r.Throughput {
			if upstreamCPU := median(t.UpstreamSystemCPUMs); t.Concurrency == s.concurrency && upstreamCPU > 0 {
				f.MaximumThroughputRatio = upstreamCPU / (upstreamCPU + f.ExtraCPUMs)
			}
		}
		r.IsolationFloor = f
	}
	if userland != nil {
		t := newThroughputResult(userland)
		r.Userland = &t
		if upstreamCPU := median(t.UpstreamCPUMs); upstreamCPU > 0 {
			r.Summary.UserlandCPURatio = median(t.OursCPUMs) / upstreamCPU
		}
	}
	r.Summary.OursAddedMs = medians[fmt.Sprintf("ours-%d", fullMountCount)] - medians["upstream"]
	r.Summary.BubblewrapAddedMs = medians["bwrap"] - medians["chroot"]
	// Samples of the same round were taken one after the other, so
	// the median of the differences per round is less noisy than
	// the difference of the medians.
	hardened, unhardened := samplesByName[fmt.Sprintf("ours-%d", fullMountCount)], samplesByName[unhardenedVariantName]
	if len(hardened) > 0 && len(hardened) == len(unhardened) {
		differences := make([]float64, 0, len(hardened))
		for i := range hardened {
			differences = append(differences, hardened[i]-unhardened[i])
		}
		r.Summary.HardeningCostMs = median(differences)
	}
	if r.Summary.BubblewrapAddedMs > 0 {
		r.Summary.AddedLatencyRatio = r.Summary.OursAddedMs / r.Summary.BubblewrapAddedMs
	}
	return r
}
