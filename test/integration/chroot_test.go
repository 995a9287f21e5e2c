package integration_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bb-chroot/bb-chroot/internal/runnertest"
	runner_pb "github.com/buildbarn/bb-remote-execution/pkg/proto/runner"
	"github.com/stretchr/testify/require"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestChrootWithoutSandbox checks that chroot_into_input_root without
// input root mounts and namespaces keeps upstream's behaviour and
// privileges: a plain chroot() that only needs CAP_SYS_CHROOT, except
// that argv[0] is looked up inside the input root, so that no
// /usr/bin/env is needed.
func TestChrootWithoutSandbox(t *testing.T) {
	runnertest.RequireRoot(t)
	buildDirectory := t.TempDir()
	directory := t.TempDir()
	socket := filepath.Join(directory, "runner.sock")
	configuration := filepath.Join(directory, "bb_runner.jsonnet")
	require.NoError(t, os.WriteFile(configuration, []byte(fmt.Sprintf(`{
  buildDirectoryPath: %q,
  grpcServers: [{ listenPaths: [%q], authenticationPolicy: { allow: {} } }],
  chrootIntoInputRoot: true,
}`, buildDirectory, socket)), 0o644))

	// Run bb_runner as root, but with CAP_SYS_CHROOT as its only
	// capability.
	wrapper := filepath.Join(directory, "bb_runner")
	require.NoError(t, os.WriteFile(wrapper, []byte(fmt.Sprintf(
		"#!/bin/sh\nexec setpriv --bounding-set=-all,+sys_chroot --inh-caps=-all %s \"$@\"\n",
		runnertest.BuildBinary(t, "cmd/bb_runner"),
	)), 0o755))
	// Let it inherit file descriptors without close-on-exec, among
	// them a directory.
	rootDirectory, err := os.Open("/")
	require.NoError(t, err)
	defer rootDirectory.Close()
	r, err := runnertest.StartRunnerWithConfiguration(wrapper, configuration, socket, rootDirectory)
	require.NoError(t, err)
	defer r.Stop()
	processStatus, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", r.Cmd.Process.Pid))
	require.NoError(t, err)
	require.Contains(t, string(processStatus), "\nCapEff:\t0000000000040000\n")

	// An input root without /usr/bin/env, whose /bin is a symbolic
	// link that only resolves inside the input root.
	root := filepath.Join(buildDirectory, "root")
	require.NoError(t, os.MkdirAll(filepath.Join(root, "usr/bin"), 0o755))
	require.NoError(t, os.Symlink("/usr/bin", filepath.Join(root, "bin")))
	data, err := os.ReadFile(runnertest.BuildBinary(t, "internal/testtool"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(root, "usr/bin/testtool"), data, 0o755))

	run := func(environment map[string]string, arguments ...string) (*runner_pb.RunResponse, string, error) {
		response, stdout, _, err := r.Run(context.Background(), buildDirectory, &runner_pb.RunRequest{
			Arguments:            arguments,
			EnvironmentVariables: environment,
			StdoutPath:           "stdout",
			StderrPath:           "stderr",
			InputRootDirectory:   "root",
		})
		os.Remove(filepath.Join(buildDirectory, "stdout"))
		os.Remove(filepath.Join(buildDirectory, "stderr"))
		return response, stdout, err
	}

	t.Run("PathLookupInInputRoot", func(t *testing.T) {
		// argv[0] is found through PATH inside the input root.
		response, stdout, err := run(map[string]string{"PATH": "/bin"}, "testtool", "echo", "hello")
		require.NoError(t, err)
		require.Equal(t, int64(0), response.ExitCode)
		require.Equal(t, "hello\n", stdout)
	})

	t.Run("NoInheritedFileDescriptors", func(t *testing.T) {
		// bb_runner marks the file descriptors it inherited
		// close-on-exec at startup, so that the host's root
		// directory does not reach commands. Only the command's
		// own log files leak, as bb-storage's LocalDirectory
		// opens them without O_CLOEXEC.
		response, stdout, _, err := r.Run(context.Background(), buildDirectory, &runner_pb.RunRequest{
			Arguments:          []string{"testtool", "fds"},
			StdoutPath:         "fds-stdout",
			StderrPath:         "fds-stderr",
			InputRootDirectory: "root",
		})
		require.NoError(t, err)
		require.Equal(t, int64(0), response.ExitCode)
		var inodes []string
		for i, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
			fields := strings.Fields(line)
			require.Len(t, fields, 3, stdout)
			if i < 3 {
				require.Equal(t, strconv.Itoa(i), fields[0], stdout)
				inodes = append(inodes, fields[2])
			} else {
				require.Equal(t, "100000", fields[1], "File descriptor %s is not a regular file: %s", fields[0], stdout)
				require.Contains(t, inodes[1:], fields[2], "File descriptor %s is not a log file: %s", fields[0], stdout)
			}
		}
	})

	t.Run("DefaultPath", func(t *testing.T) {
		// Without PATH, argv[0] is looked up in /bin and /usr/bin,
		// as execvp() does.
		response, stdout, err := run(nil, "testtool", "pwd")
		require.NoError(t, err)
		require.Equal(t, int64(0), response.ExitCode)
		require.Equal(t, "/\n", stdout)
	})

	t.Run("NotFound", func(t *testing.T) {
		// A command that the input root lacks is the client's
		// error, even if the host has it.
		_, _, err := run(map[string]string{"PATH": "/bin"}, "sh", "-c", "true")
		require.Equal(t, codes.InvalidArgument, status.Code(err))
		require.True(t, strings.HasPrefix(status.Convert(err).Message(), `Cannot find executable "sh" in search paths "/bin"`), "%v", err)
	})
}
