package repro

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	remoteexecution "github.com/bazelbuild/remote-apis/build/bazel/remote/execution/v2"
	"github.com/buildbarn/bb-storage/pkg/blobstore"
	"github.com/buildbarn/bb-storage/pkg/digest"
	"github.com/buildbarn/bb-storage/pkg/util"

	"google.golang.org/grpc/status"
)

// maximumOutputSizeBytes is the maximum number of bytes of stdout and
// stderr that a report contains.
const maximumOutputSizeBytes = 64 * 1024

// Seconds is a duration that is marshaled to JSON as a number of
// seconds.
type Seconds time.Duration

// MarshalJSON marshals the duration as a number of seconds.
func (s Seconds) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(s).Seconds())
}

// UnmarshalJSON unmarshals a number of seconds.
func (s *Seconds) UnmarshalJSON(data []byte) error {
	var seconds float64
	if err := json.Unmarshal(data, &seconds); err != nil {
		return err
	}
	*s = Seconds(seconds * float64(time.Second))
	return nil
}

func (s Seconds) String() string {
	d := time.Duration(s)
	switch {
	case d == 0:
		return "-"
	case d < time.Second:
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%.2fs", d.Seconds())
	}
}

// Error is the status that an ExecuteResponse carries when the action
// could not be run, such as when the runner fails to start the
// command.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Result is the outcome of executing the action on one runner.
type Result struct {
	// Runner is a short name of the runner, such as "bb-chroot
	// bb_runner".
	Runner string `json:"runner"`
	// Description says how the runner was set up.
	Description  string `json:"description"`
	ActionDigest string `json:"action_digest"`
	// ExitCode of the command. It is only meaningful if Error is
	// not set.
	ExitCode int32  `json:"exit_code"`
	Error    *Error `json:"error,omitempty"`
	// WallTime is the time between submitting the action to the
	// worker or the Execution service and receiving its result. It
	// includes fetching inputs and uploading outputs.
	WallTime Seconds `json:"wall_time_seconds"`
	// RunTime is the time the runner took to run the command, as
	// reported by the worker in the action's execution metadata.
	RunTime Seconds `json:"run_time_seconds,omitempty"`
	Worker  string  `json:"worker,omitempty"`
	Stdout  string  `json:"stdout"`
	Stderr  string  `json:"stderr"`
}

// Succeeded returns whether the command ran and exited with status 0.
func (r *Result) Succeeded() bool {
	return r.Error == nil && r.ExitCode == 0
}

// Outcome describes in a few words how the command ended.
func (r *Result) Outcome() string {
	if r.Error != nil {
		return "error " + r.Error.Code
	}
	return fmt.Sprintf("exit %d", r.ExitCode)
}

func getOutput(ctx context.Context, contentAddressableStorage blobstore.BlobAccess, digestFunction digest.Function, raw []byte, outputDigest *remoteexecution.Digest) (string, error) {
	if len(raw) > 0 || outputDigest == nil || outputDigest.SizeBytes == 0 {
		return string(raw), nil
	}
	d, err := digestFunction.NewDigestFromProto(outputDigest)
	if err != nil {
		return "", err
	}
	if d.GetSizeBytes() > maximumOutputSizeBytes {
		// Only return the start of large outputs.
		b, _ := contentAddressableStorage.Get(ctx, d).ToByteSlice(int(d.GetSizeBytes()))
		if len(b) > maximumOutputSizeBytes {
			b = b[:maximumOutputSizeBytes]
		}
		return string(b) + "\n[truncated]", nil
	}
	data, err := contentAddressableStorage.Get(ctx, d).ToByteSlice(maximumOutputSizeBytes)
	if err != nil {
		return "", err
	}
	return string(data), nil
}

// NewResult converts the ExecuteResponse of an action to a Result,
// fetching its stdout and stderr from the Content Addressable Storage.
func NewResult(ctx context.Context, runnerName, description string, actionDigest digest.Digest, response *remoteexecution.ExecuteResponse, wallTime time.Duration, contentAddressableStorage blobstore.BlobAccess) (*Result, error) {
	result := &Result{
		Runner:       runnerName,
		Description:  description,
		ActionDigest: FormatDigest(actionDigest),
		WallTime:     Seconds(wallTime),
	}
	if err := status.ErrorProto(response.Status); err != nil {
		s := status.Convert(err)
		result.Error = &Error{
			Code:    s.Code().String(),
			Message: s.Message(),
		}
	}
	actionResult := response.Result
	if actionResult == nil {
		return result, nil
	}
	result.ExitCode = actionResult.ExitCode
	if metadata := actionResult.ExecutionMetadata; metadata != nil {
		result.Worker = metadata.Worker
		if start, completed := metadata.ExecutionStartTimestamp, metadata.ExecutionCompletedTimestamp; start != nil && completed != nil {
			result.RunTime = Seconds(completed.AsTime().Sub(start.AsTime()))
		}
	}
	digestFunction := actionDigest.GetDigestFunction()
	var err error
	if result.Stdout, err = getOutput(ctx, contentAddressableStorage, digestFunction, actionResult.StdoutRaw, actionResult.StdoutDigest); err != nil {
		return nil, util.StatusWrap(err, "Failed to fetch stdout of the action")
	}
	if result.Stderr, err = getOutput(ctx, contentAddressableStorage, digestFunction, actionResult.StderrRaw, actionResult.StderrDigest); err != nil {
		return nil, util.StatusWrap(err, "Failed to fetch stderr of the action")
	}
	return result, nil
}

// Report of a run of the reproduction.
type Report struct {
	// Mode is "local" or "remote".
	Mode         string    `json:"mode"`
	Endpoint     string    `json:"endpoint,omitempty"`
	InstanceName string    `json:"instance_name,omitempty"`
	Arguments    []string  `json:"arguments"`
	Results      []*Result `json:"results"`
	// CheckedRunner is the runner whose result decides whether the
	// reproduction succeeds.
	CheckedRunner string `json:"checked_runner"`
	Success       bool   `json:"success"`
	Verdict       string `json:"verdict"`
	// WorkDirectory contains the build directories, input roots and
	// runner logs, if they were kept.
	WorkDirectory string `json:"work_directory,omitempty"`
}

// Check decides whether the reproduction succeeded, based on the
// result of the runner named checkedRunner. The command must have
// exited with status 0. If expectedEntries is not empty, its stdout
// must also contain all of them, as the introspection tool prints when
// /proc is mounted.
func (r *Report) Check(checkedRunner string, expectedEntries []string) {
	r.CheckedRunner = checkedRunner
	var result *Result
	for _, candidate := range r.Results {
		if candidate.Runner == checkedRunner {
			result = candidate
		}
	}
	switch {
	case result == nil:
		r.Success, r.Verdict = false, fmt.Sprintf("%s did not run the action", checkedRunner)
	case result.Error != nil:
		r.Success, r.Verdict = false, fmt.Sprintf("%s failed to run the action: %s", checkedRunner, result.Error.Message)
	case result.ExitCode != 0:
		r.Success, r.Verdict = false, fmt.Sprintf("%s ran the action, but it exited with status %d", checkedRunner, result.ExitCode)
	case len(expectedEntries) == 0:
		r.Success, r.Verdict = true, fmt.Sprintf("%s ran the action, and it exited with status 0", checkedRunner)
	default:
		if missing := GetMissingProcSelfEntries(result.Stdout); len(missing) > 0 {
			r.Success, r.Verdict = false, fmt.Sprintf("%s ran the action, but /proc/self lacks %s", checkedRunner, strings.Join(missing, " "))
		} else {
			r.Success, r.Verdict = true, fmt.Sprintf("%s ran the action, and /proc/self contains %s", checkedRunner, strings.Join(expectedEntries, " "))
		}
	}
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	encoder := json.NewEncoder(w)
	encoder.SetIndent("", "  ")
	return encoder.Encode(r)
}

// reportLineWidth is the width to which the report wraps the output
// of the action.
const reportLineWidth = 120

// reportOutputLines is the number of lines of stdout and stderr that
// the report shows for each runner.
const reportOutputLines = 8

func wrapLine(line string, width int) []string {
	var lines []string
	for len(line) > width {
		cut := strings.LastIndexByte(line[:width], ' ')
		if cut <= 0 {
			cut = width
		}
		lines = append(lines, line[:cut])
		line = strings.TrimLeft(line[cut:], " ")
	}
	return append(lines, line)
}

func writeOutput(w io.Writer, label, output string) {
	output = strings.TrimRight(output, "\n")
	if output == "" {
		return
	}
	var lines []string
	for _, line := range strings.Split(output, "\n") {
		lines = append(lines, wrapLine(line, reportLineWidth-8)...)
	}
	truncated := len(lines) > reportOutputLines
	if truncated {
		lines = lines[:reportOutputLines]
	}
	for i, line := range lines {
		if i == 0 {
			fmt.Fprintf(w, "  %-6s %s\n", label+":", line)
		} else {
			fmt.Fprintf(w, "         %s\n", line)
		}
	}
	if truncated {
		fmt.Fprintf(w, "         [...]\n")
	}
}

// WriteText writes the report in a form meant for people: one line
// per runner with the outcome and timings, then the first lines of
// each runner's stdout and stderr, then the verdict.
func (r *Report) WriteText(w io.Writer) {
	runnerWidth := len("RUNNER")
	for _, result := range r.Results {
		runnerWidth = max(runnerWidth, len(result.Runner))
	}
	fmt.Fprintf(w, "%-*s  %-24s  %10s  %10s\n", runnerWidth, "RUNNER", "RESULT", "WALL", "RUN")
	for _, result := range r.Results {
		fmt.Fprintf(w, "%-*s  %-24s  %10s  %10s\n", runnerWidth, result.Runner, result.Outcome(), result.WallTime, result.RunTime)
	}
	for _, result := range r.Results {
		if result.Description == "" {
			fmt.Fprintf(w, "\n%s:\n", result.Runner)
		} else {
			fmt.Fprintf(w, "\n%s: %s\n", result.Runner, result.Description)
		}
		if result.Error != nil {
			writeOutput(w, "error", result.Error.Message)
		}
		writeOutput(w, "stdout", result.Stdout)
		writeOutput(w, "stderr", result.Stderr)
		if result.Error == nil && result.Stdout == "" && result.Stderr == "" {
			fmt.Fprintf(w, "  (no output)\n")
		}
	}
	if r.WorkDirectory != "" {
		fmt.Fprintf(w, "\nBuild directories, input roots and runner logs are kept in %s\n", r.WorkDirectory)
	}
	if r.Success {
		fmt.Fprintf(w, "\nPASS: %s\n", r.Verdict)
	} else {
		fmt.Fprintf(w, "\nFAIL: %s\n", r.Verdict)
	}
}
