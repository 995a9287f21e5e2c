package repro_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/bb-chroot/bb-chroot/internal/runnertest"
	"github.com/bb-chroot/bb-chroot/pkg/repro"
	"github.com/buildbarn/bb-storage/pkg/testutil"
	"github.com/stretchr/testify/require"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestCheckLocalPrivileges(t *testing.T) {
	t.Run("Root", func(t *testing.T) {
		// Root may run the local reproduction.
		require.NoError(t, repro.CheckLocalPrivileges(0))
	})

	t.Run("Unprivileged", func(t *testing.T) {
		// Other users are told why root is needed, and what to
		// do instead.
		testutil.RequireEqualStatus(
			t,
			status.Error(codes.PermissionDenied, "The local reproduction must run as root: both runners chroot() into the input root, and bb-chroot's bb_runner creates mount and PID namespaces (CAP_SYS_CHROOT, CAP_SYS_ADMIN). Run it with sudo, or use --remote to test a Buildbarn deployment"),
			repro.CheckLocalPrivileges(1000),
		)
	})
}

// haveBusybox returns whether the reproduction can add a busybox as
// usr/bin/env to the input root without being told where it is.
func haveBusybox() bool {
	return repro.CheckStaticExecutable(repro.DefaultBusyboxPath) == nil
}

// requireEmptyDirectory checks that the reproduction removed its work
// directory.
func requireEmptyDirectory(t *testing.T, directory string) {
	entries, err := os.ReadDir(directory)
	require.NoError(t, err)
	require.Empty(t, entries)
}

func TestRunLocal(t *testing.T) {
	ctx := context.Background()

	if os.Geteuid() != 0 {
		t.Run("NotRoot", func(t *testing.T) {
			// Without root, nothing is attempted.
			_, err := repro.RunLocal(ctx, &repro.Options{})
			require.Equal(t, codes.PermissionDenied, status.Code(err))
		})
	}
	runnertest.RequireRoot(t)

	newOptions := func(t *testing.T) *repro.Options {
		return &repro.Options{
			SourceDirectory:     runnertest.ModuleRoot(t),
			IntrospectionPath:   runnertest.BuildBinary(t, "cmd/introspection"),
			RunnerPath:          runnertest.BuildBinary(t, "cmd/bb_runner"),
			WorkDirectoryParent: t.TempDir(),
		}
	}

	t.Run("Introspection", func(t *testing.T) {
		// The reproduction itself: upstream's runner cannot start
		// the command without /usr/bin/env, and with it the
		// command finds no /proc. bb-chroot's bb_runner lists
		// /proc/self.
		options := newOptions(t)
		report, err := repro.RunLocal(ctx, options)
		require.NoError(t, err)
		require.Equal(t, "local", report.Mode)
		if !haveBusybox() {
			// Upstream's runner with /usr/bin/env is skipped.
			require.Len(t, report.Results, 2)
			report.Results = []*repro.Result{report.Results[0], nil, report.Results[1]}
		}
		require.Len(t, report.Results, 3)

		upstream := report.Results[0]
		require.Equal(t, repro.UpstreamRunnerName, upstream.Runner)
		require.NotNil(t, upstream.Error)
		require.Equal(t, "InvalidArgument", upstream.Error.Code)
		require.Contains(t, upstream.Error.Message, "fork/exec /usr/bin/env: no such file or directory")

		if upstreamWithEnv := report.Results[1]; upstreamWithEnv != nil {
			require.Equal(t, repro.UpstreamWithEnvRunnerName, upstreamWithEnv.Runner)
			require.Nil(t, upstreamWithEnv.Error)
			require.Equal(t, int32(1), upstreamWithEnv.ExitCode)
			require.Equal(t, "open /proc/self: no such file or directory\n", upstreamWithEnv.Stderr)
			require.NotEqual(t, upstream.ActionDigest, upstreamWithEnv.ActionDigest)
		}

		bbChroot := report.Results[2]
		require.Equal(t, repro.BBChrootRunnerName, bbChroot.Runner)
		require.Nil(t, bbChroot.Error)
		require.Equal(t, int32(0), bbChroot.ExitCode)
		require.Empty(t, repro.GetMissingProcSelfEntries(bbChroot.Stdout))
		require.Equal(t, bbChroot.ActionDigest, upstream.ActionDigest)

		require.True(t, report.Success, report.Verdict)
		require.Empty(t, report.WorkDirectory)
		requireEmptyDirectory(t, options.WorkDirectoryParent)
	})

	t.Run("Keep", func(t *testing.T) {
		// With Keep, the input roots, build directories and
		// runner logs remain for inspection.
		options := newOptions(t)
		options.Keep = true
		report, err := repro.RunLocal(ctx, options)
		require.NoError(t, err)
		require.True(t, report.Success, report.Verdict)
		require.Equal(t, options.WorkDirectoryParent, filepath.Dir(report.WorkDirectory))
		require.FileExists(t, filepath.Join(report.WorkDirectory, "bb-chroot", "build", "root", "bin", "introspection"))
		require.DirExists(t, filepath.Join(report.WorkDirectory, "bb-chroot", "build", "root", "proc"))
		require.NoFileExists(t, filepath.Join(report.WorkDirectory, "bb-chroot", "build", "root", "usr", "bin", "env"))
		if haveBusybox() {
			require.FileExists(t, filepath.Join(report.WorkDirectory, "upstream-env", "build", "root", "usr", "bin", "env"))
		}
		require.FileExists(t, filepath.Join(report.WorkDirectory, "bb-chroot", "bb_runner.jsonnet"))
		require.FileExists(t, filepath.Join(report.WorkDirectory, "bb-chroot", "bb_runner.log"))
		stdout, err := os.ReadFile(filepath.Join(report.WorkDirectory, "bb-chroot", "build", "stdout"))
		require.NoError(t, err)
		require.Empty(t, repro.GetMissingProcSelfEntries(string(stdout)))
	})

	t.Run("InputRoot", func(t *testing.T) {
		// Any command can run in a user-supplied input root. This
		// one has a shell from busybox, but no /usr/bin/env.
		inputRoot := t.TempDir()
		require.NoError(t, os.MkdirAll(filepath.Join(inputRoot, "bin"), 0o755))
		if !haveBusybox() {
			t.Skip("This test needs a static busybox at " + repro.DefaultBusyboxPath + " (Debian package busybox-static)")
		}
		busybox, err := os.ReadFile(repro.DefaultBusyboxPath)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(inputRoot, "bin", "busybox"), busybox, 0o755))
		require.NoError(t, os.Symlink("busybox", filepath.Join(inputRoot, "bin", "sh")))
		require.NoError(t, os.Mkdir(filepath.Join(inputRoot, "proc"), 0o755))
		require.NoError(t, os.Mkdir(filepath.Join(inputRoot, "dev"), 0o755))

		options := newOptions(t)
		options.IntrospectionPath = ""
		options.InputRootPath = inputRoot
		options.Arguments = []string{"sh", "-c", "test -L /proc/self/exe && test -c /dev/null && echo $GREETING"}
		options.EnvironmentVariables = map[string]string{"GREETING": "hello"}
		report, err := repro.RunLocal(ctx, options)
		require.NoError(t, err)
		require.Len(t, report.Results, 2)
		require.Equal(t, "InvalidArgument", report.Results[0].Error.Code)
		require.Equal(t, repro.BBChrootRunnerName, report.Results[1].Runner)
		require.Equal(t, "hello\n", report.Results[1].Stdout)
		require.True(t, report.Success, report.Verdict)
	})

	t.Run("BusyboxNotStatic", func(t *testing.T) {
		// A busybox given explicitly must be usable as
		// usr/bin/env.
		options := newOptions(t)
		options.BusyboxPath = filepath.Join(t.TempDir(), "busybox")
		require.NoError(t, os.WriteFile(options.BusyboxPath, []byte("#!/bin/sh\n"), 0o755))
		_, err := repro.RunLocal(ctx, options)
		require.Equal(t, codes.InvalidArgument, status.Code(err))
		require.Contains(t, err.Error(), "Cannot use it as usr/bin/env: ")
		require.Contains(t, err.Error(), "is not an ELF executable")
		requireEmptyDirectory(t, options.WorkDirectoryParent)
	})

	t.Run("InputRootWithoutCommand", func(t *testing.T) {
		// A user-supplied input root needs a command.
		options := newOptions(t)
		options.InputRootPath = t.TempDir()
		_, err := repro.RunLocal(ctx, options)
		testutil.RequireEqualStatus(t, status.Error(codes.InvalidArgument, "A command must be given to run in the input root"), err)
	})

	t.Run("RunnerCannotStart", func(t *testing.T) {
		// A bb_runner that exits at startup is reported with its
		// log, and the work directory is still removed.
		options := newOptions(t)
		options.RunnerPath = filepath.Join(t.TempDir(), "bb_runner")
		require.NoError(t, os.WriteFile(options.RunnerPath, []byte("#!/bin/sh\necho 'Fatal error: Kernel does not support mount namespaces' >&2\nexit 1\n"), 0o755))
		_, err := repro.RunLocal(ctx, options)
		require.Equal(t, codes.FailedPrecondition, status.Code(err))
		require.Contains(t, err.Error(), "Failed to execute the action on bb-chroot bb_runner: Runner")
		require.Contains(t, err.Error(), "exited before listening on")
		require.Contains(t, err.Error(), "Kernel does not support mount namespaces")
		requireEmptyDirectory(t, options.WorkDirectoryParent)
	})
}
