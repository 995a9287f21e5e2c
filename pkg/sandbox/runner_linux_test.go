package sandbox

import (
	"context"
	"testing"

	"github.com/bb-chroot/bb-chroot/pkg/sandbox/initprocess"
	runner_pb "github.com/buildbarn/bb-remote-execution/pkg/proto/runner"
	"github.com/buildbarn/bb-storage/pkg/testutil"
	"github.com/stretchr/testify/require"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// failingRunner is a Runner whose Run() fails with a fixed error.
type failingRunner struct {
	runner_pb.RunnerServer
	err error
}

func (r failingRunner) Run(ctx context.Context, request *runner_pb.RunRequest) (*runner_pb.RunResponse, error) {
	return nil, r.err
}

func TestSandboxedRunnerLogFileErrors(t *testing.T) {
	request := &runner_pb.RunRequest{Arguments: []string{"true"}}

	t.Run("LogFileExists", func(t *testing.T) {
		// runner.NewLocalRunner() reports that a log file could
		// not be created as Unknown.
		_, err := NewSandboxedRunner(failingRunner{
			err: status.Error(codes.Unknown, `Failed to open stdout path "stdout": file exists`),
		}, &Configuration{}, false).Run(context.Background(), request)
		testutil.RequireEqualStatus(t, status.Error(codes.FailedPrecondition, `Failed to open stdout path "stdout": file exists`), err)

		_, err = NewSandboxedRunner(failingRunner{
			err: status.Error(codes.Unknown, `Failed to open stderr path "logs/stderr": not a directory`),
		}, &Configuration{}, false).Run(context.Background(), request)
		testutil.RequireEqualStatus(t, status.Error(codes.FailedPrecondition, `Failed to open stderr path "logs/stderr": not a directory`), err)
	})

	t.Run("OtherErrors", func(t *testing.T) {
		// Other errors are passed on unchanged.
		_, err := NewSandboxedRunner(failingRunner{
			err: status.Error(codes.Unknown, "Something else"),
		}, &Configuration{}, false).Run(context.Background(), request)
		require.Equal(t, codes.Unknown, status.Code(err))
	})
}

func TestSandboxedRunnerStartErrors(t *testing.T) {
	request := &runner_pb.RunRequest{Arguments: []string{"true"}}

	// runner.NewLocalRunner() reports these errors of execve() as
	// Internal, while they are caused by the action.
	_, err := NewSandboxedRunner(failingRunner{
		err: status.Error(codes.Internal, "Failed to start process: fork/exec /bin/true: argument list too long"),
	}, &Configuration{}, false).Run(context.Background(), request)
	testutil.RequireEqualStatus(t, status.Error(codes.InvalidArgument, "Failed to start process: fork/exec /bin/true: argument list too long"), err)

	_, err = NewSandboxedRunner(failingRunner{
		err: status.Error(codes.Internal, "Failed to start process: fork/exec /bin/true: cannot allocate memory"),
	}, &Configuration{}, false).Run(context.Background(), request)
	testutil.RequireEqualStatus(t, status.Error(codes.Internal, "Failed to start process: fork/exec /bin/true: cannot allocate memory"), err)
}

// environmentRunner is a Runner that sends the environment variables
// of every request over a channel.
type environmentRunner struct {
	runner_pb.RunnerServer
	environment chan map[string]string
}

func (r environmentRunner) Run(ctx context.Context, request *runner_pb.RunRequest) (*runner_pb.RunResponse, error) {
	r.environment <- request.EnvironmentVariables
	return &runner_pb.RunResponse{}, nil
}

func TestSandboxedRunnerTemporaryDirectory(t *testing.T) {
	configuration := &Configuration{
		Mounts: []initprocess.Mount{{Kind: initprocess.KindTemporaryDirectory, Mountpoint: "tmp"}},
	}
	base := environmentRunner{environment: make(chan map[string]string, 1)}

	t.Run("Mounted", func(t *testing.T) {
		// TMPDIR names the mountpoint, not the path on the host.
		request := &runner_pb.RunRequest{
			Arguments:            []string{"true"},
			EnvironmentVariables: map[string]string{"PATH": "/bin"},
			TemporaryDirectory:   "tmp/1",
		}
		_, err := NewSandboxedRunner(base, configuration, true).Run(context.Background(), request)
		require.NoError(t, err)
		require.Equal(t, map[string]string{"PATH": "/bin", "TMPDIR": "/tmp"}, <-base.environment)
		// The client's request is left unchanged.
		require.Equal(t, map[string]string{"PATH": "/bin"}, request.EnvironmentVariables)
	})

	t.Run("SetByClient", func(t *testing.T) {
		request := &runner_pb.RunRequest{
			Arguments:            []string{"true"},
			EnvironmentVariables: map[string]string{"TMPDIR": "/var/tmp"},
			TemporaryDirectory:   "tmp/1",
		}
		_, err := NewSandboxedRunner(base, configuration, true).Run(context.Background(), request)
		require.NoError(t, err)
		require.Equal(t, map[string]string{"TMPDIR": "/var/tmp"}, <-base.environment)
	})

	t.Run("Disabled", func(t *testing.T) {
		// Without set_tmpdir_environment_variable, TMPDIR is
		// not set at all.
		request := &runner_pb.RunRequest{
			Arguments:          []string{"true"},
			TemporaryDirectory: "tmp/1",
		}
		_, err := NewSandboxedRunner(base, configuration, false).Run(context.Background(), request)
		require.NoError(t, err)
		require.Empty(t, <-base.environment)
	})
}
