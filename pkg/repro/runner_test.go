package repro_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bb-chroot/bb-chroot/internal/runnertest"
	"github.com/bb-chroot/bb-chroot/pkg/proto/configuration/bb_runner"
	"github.com/bb-chroot/bb-chroot/pkg/repro"
	"github.com/buildbarn/bb-storage/pkg/util"
	"github.com/stretchr/testify/require"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestWriteRunnerConfiguration(t *testing.T) {
	t.Run("ParsesAsBBRunnerConfiguration", func(t *testing.T) {
		// The configuration that the reproduction writes is valid
		// Jsonnet for bb-chroot's bb_runner, with paths escaped.
		directory := t.TempDir()
		configurationPath := filepath.Join(directory, "bb_runner.jsonnet")
		buildDirectoryPath := filepath.Join(directory, "build \"quoted\"")
		socketPath := filepath.Join(directory, "runner.sock")
		require.NoError(t, repro.WriteRunnerConfiguration(configurationPath, buildDirectoryPath, socketPath))

		var configuration bb_runner.ApplicationConfiguration
		require.NoError(t, util.UnmarshalConfigurationFromFile(configurationPath, &configuration))
		require.Equal(t, buildDirectoryPath, configuration.BuildDirectoryPath)
		require.Len(t, configuration.GrpcServers, 1)
		require.Equal(t, []string{socketPath}, configuration.GrpcServers[0].ListenPaths)
		require.True(t, configuration.ChrootIntoInputRoot)
		var mounts []string
		for _, mount := range configuration.InputRootMounts {
			mounts = append(mounts, mount.Mountpoint+":"+mount.FilesystemType)
		}
		require.Equal(t, []string{"proc:proc", "sys:sysfs", "dev:dev", "dev/pts:devpts", "dev/shm:tmpfs"}, mounts)
	})
}

func TestStartRunnerProcess(t *testing.T) {
	writeScript := func(t *testing.T, script string) string {
		path := filepath.Join(t.TempDir(), "bb_runner")
		require.NoError(t, os.WriteFile(path, []byte(script), 0o755))
		return path
	}

	t.Run("ExecutableMissing", func(t *testing.T) {
		// A runner that does not exist cannot be started.
		directory := t.TempDir()
		_, err := repro.StartRunnerProcess("/nonexistent/bb_runner", "config.jsonnet", filepath.Join(directory, "runner.sock"), filepath.Join(directory, "runner.log"), time.Minute)
		require.Equal(t, codes.FailedPrecondition, status.Code(err))
		require.Contains(t, err.Error(), "Failed to start runner \"/nonexistent/bb_runner\"")
	})

	t.Run("ExitsBeforeListening", func(t *testing.T) {
		// A runner that refuses to start, for example because its
		// capability probe fails, is reported with the end of its
		// log.
		runner := writeScript(t, "#!/bin/sh\necho 'Fatal error: rpc error: code = PermissionDenied desc = Cannot create mount namespace' >&2\nexit 1\n")
		directory := t.TempDir()
		_, err := repro.StartRunnerProcess(runner, "config.jsonnet", filepath.Join(directory, "runner.sock"), filepath.Join(directory, "runner.log"), time.Minute)
		require.Equal(t, codes.FailedPrecondition, status.Code(err))
		require.Contains(t, err.Error(), "exited before listening on")
		require.Contains(t, err.Error(), "exit status 1")
		require.Contains(t, err.Error(), "Cannot create mount namespace")
	})

	t.Run("DoesNotListen", func(t *testing.T) {
		// A runner that hangs is killed after the timeout.
		runner := writeScript(t, "#!/bin/sh\necho starting >&2\nexec sleep 60\n")
		directory := t.TempDir()
		start := time.Now()
		_, err := repro.StartRunnerProcess(runner, "config.jsonnet", filepath.Join(directory, "runner.sock"), filepath.Join(directory, "runner.log"), 200*time.Millisecond)
		require.Less(t, time.Since(start), 20*time.Second)
		require.Equal(t, codes.DeadlineExceeded, status.Code(err))
		require.Contains(t, err.Error(), "did not listen on")
		require.Contains(t, err.Error(), "starting")
	})

	t.Run("BBRunner", func(t *testing.T) {
		// bb-chroot's bb_runner starts with the configuration that
		// the reproduction writes, and stops on SIGTERM.
		runnertest.RequireRoot(t)
		directory := t.TempDir()
		buildDirectoryPath := filepath.Join(directory, "build")
		require.NoError(t, os.Mkdir(buildDirectoryPath, 0o755))
		configurationPath := filepath.Join(directory, "bb_runner.jsonnet")
		socketPath := filepath.Join(directory, "runner.sock")
		require.NoError(t, repro.WriteRunnerConfiguration(configurationPath, buildDirectoryPath, socketPath))
		process, err := repro.StartRunnerProcess(runnertest.BuildBinary(t, "cmd/bb_runner"), configurationPath, socketPath, filepath.Join(directory, "runner.log"), 30*time.Second)
		require.NoError(t, err)
		require.NoError(t, process.Stop())
	})
}
