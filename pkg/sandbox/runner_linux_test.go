package sandbox

import (
	"context"
	"testing"

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
		}).Run(context.Background(), request)
		testutil.RequireEqualStatus(t, status.Error(codes.FailedPrecondition, `Failed to open stdout path "stdout": file exists`), err)

		_, err = NewSandboxedRunner(failingRunner{
			err: status.Error(codes.Unknown, `Failed to open stderr path "logs/stderr": not a directory`),
		}).Run(context.Background(), request)
		testutil.RequireEqualStatus(t, status.Error(codes.FailedPrecondition, `Failed to open stderr path "logs/stderr": not a directory`), err)
	})

	t.Run("OtherErrors", func(t *testing.T) {
		// Other errors are passed on unchanged.
		_, err := NewSandboxedRunner(failingRunner{
			err: status.Error(codes.Unknown, "Something else"),
		}).Run(context.Background(), request)
		require.Equal(t, codes.Unknown, status.Code(err))
	})
}
