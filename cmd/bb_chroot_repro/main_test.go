package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/bb-chroot/bb-chroot/internal/runnertest"
	"github.com/bb-chroot/bb-chroot/pkg/repro"
	"github.com/stretchr/testify/require"
)

// buildReproduction builds bb_chroot_repro into a directory that any
// user may read, so that it can also be run unprivileged.
func buildReproduction(t *testing.T) string {
	directory, err := os.MkdirTemp("", "bb_chroot_repro")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(directory) })
	require.NoError(t, os.Chmod(directory, 0o755))
	binary := filepath.Join(directory, "bb_chroot_repro")
	cmd := exec.Command("go", "build", "-o", binary, "./cmd/bb_chroot_repro")
	cmd.Dir = runnertest.ModuleRoot(t)
	output, err := cmd.CombinedOutput()
	require.NoError(t, err, "Failed to build bb_chroot_repro: %s", output)
	return binary
}

func exitCode(t *testing.T, err error) int {
	if err == nil {
		return 0
	}
	var exitErr *exec.ExitError
	require.ErrorAs(t, err, &exitErr)
	return exitErr.ExitCode()
}

func TestBBChrootRepro(t *testing.T) {
	binary := buildReproduction(t)

	t.Run("NotRoot", func(t *testing.T) {
		// Run by an unprivileged user, the local reproduction
		// explains that it needs root, and exits with status 2.
		cmd := exec.Command(binary)
		if os.Geteuid() == 0 {
			cmd.SysProcAttr = &syscall.SysProcAttr{
				Credential: &syscall.Credential{Uid: 65534, Gid: 65534},
			}
		}
		cmd.Dir = "/"
		var stderr strings.Builder
		cmd.Stderr = &stderr
		require.Equal(t, 2, exitCode(t, cmd.Run()))
		require.Equal(t, "bb_chroot_repro: rpc error: code = PermissionDenied desc = The local reproduction must run as root: both runners chroot() into the input root, and bb-chroot's bb_runner creates mount and PID namespaces (CAP_SYS_CHROOT, CAP_SYS_ADMIN). Run it with sudo, or use --remote to test a Buildbarn deployment\n", stderr.String())
	})

	t.Run("UsageError", func(t *testing.T) {
		// Malformed flags give exit status 2.
		output, err := exec.Command(binary, "--env", "NOEQUALS").CombinedOutput()
		require.Equal(t, 2, exitCode(t, err))
		require.Contains(t, string(output), "expected NAME=VALUE")
	})

	t.Run("Reproduction", func(t *testing.T) {
		// The command that the README tells people to run, from
		// the checkout, with nothing prebuilt. It succeeds, and
		// its report shows upstream's failures next to bb-chroot's
		// listing of /proc/self.
		runnertest.RequireRoot(t)
		cmd := exec.Command(binary, "--json", "--tmpdir", t.TempDir())
		cmd.Dir = runnertest.ModuleRoot(t)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		stdout, err := cmd.Output()
		require.NoError(t, err, "stderr: %s", stderr.String())

		// A progress line for every step.
		require.Contains(t, stderr.String(), "[1] Created work directory ")
		require.Contains(t, stderr.String(), "Building introspection: CGO_ENABLED=0 go build ./cmd/introspection")
		require.Contains(t, stderr.String(), "Building bb_runner: CGO_ENABLED=0 go build ./cmd/bb_runner")
		require.Contains(t, stderr.String(), "Executing action ")

		var report repro.Report
		require.NoError(t, json.Unmarshal(stdout, &report))
		require.True(t, report.Success, report.Verdict)
		require.Equal(t, repro.BBChrootRunnerName, report.CheckedRunner)
		require.Contains(t, report.Results[0].Error.Message, "fork/exec /usr/bin/env: no such file or directory")
		if repro.CheckStaticExecutable(repro.DefaultBusyboxPath) == nil {
			require.Len(t, report.Results, 3)
			require.Equal(t, "open /proc/self: no such file or directory\n", report.Results[1].Stderr)
		} else {
			require.Len(t, report.Results, 2)
		}
		require.Equal(t, repro.BBChrootRunnerName, report.Results[len(report.Results)-1].Runner)
		require.Empty(t, repro.GetMissingProcSelfEntries(report.Results[len(report.Results)-1].Stdout))
	})

	t.Run("ReproductionFails", func(t *testing.T) {
		// If bb-chroot's bb_runner is replaced by one that does
		// not mount /proc, the reproduction notices and exits with
		// status 1. Here, a runner whose configuration has no
		// mounts stands in for it.
		runnertest.RequireRoot(t)
		runner := filepath.Join(t.TempDir(), "bb_runner")
		require.NoError(t, os.WriteFile(runner, []byte("#!/bin/sh\nsed -i '/inputRootMounts/,/\\],/d' \"$1\"\nexec "+runnertest.BuildBinary(t, "cmd/bb_runner")+" \"$1\"\n"), 0o755))
		cmd := exec.Command(binary, "--runner", runner, "--introspection", runnertest.BuildBinary(t, "cmd/introspection"), "--tmpdir", t.TempDir())
		var stderr strings.Builder
		cmd.Stderr = &stderr
		stdout, err := cmd.Output()
		require.Equal(t, 1, exitCode(t, err), "stderr: %s", stderr.String())
		require.Contains(t, string(stdout), "\nFAIL: bb-chroot bb_runner ran the action, but it exited with status 1\n")
		require.Contains(t, string(stdout), "stderr: open /proc/self: no such file or directory")
	})
}
