package repro_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bb-chroot/bb-chroot/pkg/repro"
	"github.com/stretchr/testify/require"
)

func newReport(results ...*repro.Result) *repro.Report {
	return &repro.Report{
		Mode:      "local",
		Arguments: []string{"introspection"},
		Results:   results,
	}
}

func TestReportCheck(t *testing.T) {
	upstream := &repro.Result{
		Runner: repro.UpstreamRunnerName,
		Error:  &repro.Error{Code: "InvalidArgument", Message: "Failed to run command: Failed to start process: fork/exec /usr/bin/env: no such file or directory"},
	}

	t.Run("Success", func(t *testing.T) {
		// Only the checked runner decides, and it must list the
		// expected entries.
		report := newReport(upstream, &repro.Result{
			Runner: repro.BBChrootRunnerName,
			Stdout: "arch_status attr cgroup exe fd maps mounts status\n",
		})
		report.Check(repro.BBChrootRunnerName, repro.ExpectedProcSelfEntries)
		require.True(t, report.Success)
		require.Equal(t, "bb-chroot bb_runner ran the action, and /proc/self contains attr cgroup exe fd maps mounts status", report.Verdict)
	})

	t.Run("RunnerError", func(t *testing.T) {
		// An ExecuteResponse with an error status is a failure,
		// and the verdict quotes the error.
		report := newReport(upstream)
		report.Check(repro.UpstreamRunnerName, repro.ExpectedProcSelfEntries)
		require.False(t, report.Success)
		require.Equal(t, "upstream bb_runner failed to run the action: Failed to run command: Failed to start process: fork/exec /usr/bin/env: no such file or directory", report.Verdict)
	})

	t.Run("NonZeroExitCode", func(t *testing.T) {
		// A command that exits with a non-zero status fails.
		report := newReport(&repro.Result{
			Runner:   repro.BBChrootRunnerName,
			ExitCode: 1,
			Stderr:   "open /proc/self: no such file or directory\n",
		})
		report.Check(repro.BBChrootRunnerName, repro.ExpectedProcSelfEntries)
		require.False(t, report.Success)
		require.Equal(t, "bb-chroot bb_runner ran the action, but it exited with status 1", report.Verdict)
	})

	t.Run("MissingEntries", func(t *testing.T) {
		// Exiting with status 0 is not enough: /proc/self must
		// be complete.
		report := newReport(&repro.Result{
			Runner: repro.BBChrootRunnerName,
			Stdout: "attr cgroup exe\n",
		})
		report.Check(repro.BBChrootRunnerName, repro.ExpectedProcSelfEntries)
		require.False(t, report.Success)
		require.Equal(t, "bb-chroot bb_runner ran the action, but /proc/self lacks fd maps mounts status", report.Verdict)
	})

	t.Run("CustomCommand", func(t *testing.T) {
		// For a user's command, exit status 0 suffices.
		report := newReport(&repro.Result{Runner: repro.BBChrootRunnerName})
		report.Check(repro.BBChrootRunnerName, nil)
		require.True(t, report.Success)
	})

	t.Run("RunnerAbsent", func(t *testing.T) {
		// The checked runner must be part of the report.
		report := newReport(upstream)
		report.Check(repro.BBChrootRunnerName, nil)
		require.False(t, report.Success)
		require.Equal(t, "bb-chroot bb_runner did not run the action", report.Verdict)
	})
}

func TestReportWrite(t *testing.T) {
	report := newReport(
		&repro.Result{
			Runner:   repro.UpstreamRunnerName,
			Error:    &repro.Error{Code: "InvalidArgument", Message: "Failed to run command: Failed to start process: fork/exec /usr/bin/env: no such file or directory"},
			WallTime: repro.Seconds(12300 * time.Microsecond),
		},
		&repro.Result{
			Runner:   repro.UpstreamWithEnvRunnerName,
			ExitCode: 1,
			Stderr:   "open /proc/self: no such file or directory\n",
			WallTime: repro.Seconds(8 * time.Millisecond),
			RunTime:  repro.Seconds(4 * time.Millisecond),
		},
		&repro.Result{
			Runner:   repro.BBChrootRunnerName,
			Stdout:   strings.Repeat("entry ", 200) + "\n",
			WallTime: repro.Seconds(1500 * time.Millisecond),
			RunTime:  repro.Seconds(20 * time.Millisecond),
		},
	)
	report.Check(repro.BBChrootRunnerName, nil)

	t.Run("Text", func(t *testing.T) {
		// One line per runner, then the first lines of their
		// output, then the verdict.
		var b bytes.Buffer
		report.WriteText(&b)
		lines := strings.Split(b.String(), "\n")
		require.Regexp(t, `^RUNNER +RESULT +WALL +RUN$`, lines[0])
		require.Regexp(t, `^upstream bb_runner +error InvalidArgument +12\.3ms +-$`, lines[1])
		require.Regexp(t, `^upstream bb_runner \+ env +exit 1 +8\.0ms +4\.0ms$`, lines[2])
		require.Regexp(t, `^bb-chroot bb_runner +exit 0 +1\.50s +20\.0ms$`, lines[3])
		require.Contains(t, b.String(), "  error: Failed to run command: Failed to start process: fork/exec /usr/bin/env: no such file or directory\n")
		require.Contains(t, b.String(), "  stderr: open /proc/self: no such file or directory\n")
		require.Contains(t, b.String(), "         [...]\n")
		require.True(t, strings.HasSuffix(b.String(), "\nPASS: bb-chroot bb_runner ran the action, and it exited with status 0\n"))
	})

	t.Run("JSON", func(t *testing.T) {
		// The JSON form holds the same data, with times in
		// seconds.
		var b bytes.Buffer
		require.NoError(t, report.WriteJSON(&b))
		var decoded map[string]any
		require.NoError(t, json.Unmarshal(b.Bytes(), &decoded))
		require.Equal(t, true, decoded["success"])
		results := decoded["results"].([]any)
		require.Len(t, results, 3)
		require.Equal(t, "InvalidArgument", results[0].(map[string]any)["error"].(map[string]any)["code"])
		require.Equal(t, 1.5, results[2].(map[string]any)["wall_time_seconds"])
	})
}
