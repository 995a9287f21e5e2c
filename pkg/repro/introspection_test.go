package repro_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/bb-chroot/bb-chroot/internal/runnertest"
	"github.com/bb-chroot/bb-chroot/pkg/repro"
	"github.com/stretchr/testify/require"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestFindSourceDirectory(t *testing.T) {
	t.Run("FromSubdirectory", func(t *testing.T) {
		// The checkout is found from any directory inside it.
		sourceDirectory, err := repro.FindSourceDirectory(".")
		require.NoError(t, err)
		require.FileExists(t, filepath.Join(sourceDirectory, "cmd", "introspection", "main.go"))
	})

	t.Run("OutsideCheckout", func(t *testing.T) {
		// Outside a checkout, the error says what to do.
		_, err := repro.FindSourceDirectory(t.TempDir())
		require.Equal(t, codes.NotFound, status.Code(err))
		require.Contains(t, err.Error(), "run bb_chroot_repro from a checkout, or pass --source")
	})
}

func TestBuildStaticGoProgram(t *testing.T) {
	sourceDirectory, err := repro.FindSourceDirectory(".")
	require.NoError(t, err)

	t.Run("Introspection", func(t *testing.T) {
		// The introspection tool is linked statically, and lists
		// /proc/self.
		output := filepath.Join(t.TempDir(), "introspection")
		require.NoError(t, repro.BuildStaticGoProgram(context.Background(), sourceDirectory, "./cmd/introspection", output))
		require.NoError(t, repro.CheckStaticExecutable(output))
		stdout, err := exec.Command(output).Output()
		require.NoError(t, err)
		require.Empty(t, repro.GetMissingProcSelfEntries(string(stdout)))
	})

	t.Run("NoSuchPackage", func(t *testing.T) {
		// Build failures include the output of the go tool.
		err := repro.BuildStaticGoProgram(context.Background(), sourceDirectory, "./cmd/nonexistent", filepath.Join(t.TempDir(), "nonexistent"))
		require.Equal(t, codes.FailedPrecondition, status.Code(err))
		require.Contains(t, err.Error(), "Failed to build \"./cmd/nonexistent\"")
		require.Contains(t, err.Error(), "cmd/nonexistent")
	})
}

func TestIntrospectionTool(t *testing.T) {
	introspection := runnertest.BuildBinary(t, "cmd/introspection")

	t.Run("MissingDirectory", func(t *testing.T) {
		// Without /proc, the tool prints the error of open(2) and
		// exits with status 1, which is what upstream's runner
		// shows after chroot().
		cmd := exec.Command(introspection, "/nonexistent/self")
		output, err := cmd.CombinedOutput()
		var exitErr *exec.ExitError
		require.ErrorAs(t, err, &exitErr)
		require.Equal(t, 1, exitErr.ExitCode())
		require.Equal(t, "open /nonexistent/self: no such file or directory\n", string(output))
	})

	t.Run("SortedNames", func(t *testing.T) {
		// Names are sorted and separated by spaces.
		directory := t.TempDir()
		for _, name := range []string{"b", "c", "a"} {
			require.NoError(t, os.WriteFile(filepath.Join(directory, name), nil, 0o644))
		}
		output, err := exec.Command(introspection, directory).Output()
		require.NoError(t, err)
		require.Equal(t, "a b c\n", string(output))
	})
}

func TestCheckStaticExecutable(t *testing.T) {
	t.Run("Static", func(t *testing.T) {
		// The introspection tool is static.
		require.NoError(t, repro.CheckStaticExecutable(runnertest.BuildBinary(t, "cmd/introspection")))
	})

	t.Run("Dynamic", func(t *testing.T) {
		// A dynamically linked executable names its interpreter.
		shell, err := exec.LookPath("sh")
		require.NoError(t, err)
		shell, err = filepath.EvalSymlinks(shell)
		require.NoError(t, err)
		if repro.CheckStaticExecutable(shell) == nil {
			t.Skipf("%s is linked statically on this system", shell)
		}
		err = repro.CheckStaticExecutable(shell)
		require.Equal(t, codes.InvalidArgument, status.Code(err))
		require.Contains(t, err.Error(), "is dynamically linked against \"/lib")
	})

	t.Run("NotELF", func(t *testing.T) {
		// A script is not an ELF executable.
		script := filepath.Join(t.TempDir(), "script")
		require.NoError(t, os.WriteFile(script, []byte("#!/bin/sh\n"), 0o755))
		err := repro.CheckStaticExecutable(script)
		require.Equal(t, codes.InvalidArgument, status.Code(err))
		require.Contains(t, err.Error(), "is not an ELF executable")
	})
}

func TestCreateIntrospectionInputRoot(t *testing.T) {
	introspection := runnertest.BuildBinary(t, "cmd/introspection")

	t.Run("WithoutEnv", func(t *testing.T) {
		// The input root holds the tool and the directories that
		// ask for mounts, and no usr/bin/env.
		root := filepath.Join(t.TempDir(), "root")
		require.NoError(t, repro.CreateIntrospectionInputRoot(root, introspection, ""))
		entries, err := os.ReadDir(root)
		require.NoError(t, err)
		var names []string
		for _, entry := range entries {
			names = append(names, entry.Name())
		}
		require.Equal(t, []string{"bin", "dev", "proc", "sys"}, names)
		fileInfo, err := os.Stat(filepath.Join(root, "bin", "introspection"))
		require.NoError(t, err)
		require.NotZero(t, fileInfo.Mode()&0o111)
		require.NoFileExists(t, filepath.Join(root, "usr", "bin", "env"))
	})

	t.Run("WithEnv", func(t *testing.T) {
		// A static executable is copied to usr/bin/env.
		root := filepath.Join(t.TempDir(), "root")
		require.NoError(t, repro.CreateIntrospectionInputRoot(root, introspection, introspection))
		require.FileExists(t, filepath.Join(root, "usr", "bin", "env"))
	})

	t.Run("DynamicEnv", func(t *testing.T) {
		// A dynamically linked env would not run in the input
		// root, so it is refused.
		shell, err := filepath.EvalSymlinks("/bin/sh")
		require.NoError(t, err)
		if repro.CheckStaticExecutable(shell) == nil {
			t.Skipf("%s is linked statically on this system", shell)
		}
		err = repro.CreateIntrospectionInputRoot(filepath.Join(t.TempDir(), "root"), introspection, shell)
		require.Equal(t, codes.InvalidArgument, status.Code(err))
		require.Contains(t, err.Error(), "Cannot use it as usr/bin/env")
	})
}

func TestGetMissingProcSelfEntries(t *testing.T) {
	t.Run("Complete", func(t *testing.T) {
		// Output of the tool on a kernel with procfs mounted.
		require.Empty(t, repro.GetMissingProcSelfEntries("arch_status attr autogroup auxv cgroup clear_refs cmdline comm cwd environ exe fd maps mounts status\n"))
	})

	t.Run("Empty", func(t *testing.T) {
		// No output at all.
		require.Equal(t, repro.ExpectedProcSelfEntries, repro.GetMissingProcSelfEntries(""))
	})

	t.Run("SubstringsDoNotCount", func(t *testing.T) {
		// "mountinfo" is not "mounts", and "fdinfo" is not "fd".
		require.Equal(t, []string{"fd", "mounts"}, repro.GetMissingProcSelfEntries("attr cgroup exe fdinfo maps mountinfo status"))
	})
}
