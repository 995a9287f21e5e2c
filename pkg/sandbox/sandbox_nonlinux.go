//go:build !linux
// +build !linux

package sandbox

import (
	"context"
	"syscall"

	runner_pb "github.com/buildbarn/bb-remote-execution/pkg/proto/runner"
	"github.com/buildbarn/bb-storage/pkg/filesystem/path"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// RunInitIfRequested does nothing, as sandboxes are only supported on
// Linux.
func RunInitIfRequested() {}

// Probe returns an error, as sandboxes are only supported on Linux.
func Probe(ctx context.Context, configuration *Configuration) error {
	return status.Error(codes.Unimplemented, "Running actions in sandboxes is only supported on Linux")
}

type sandboxedRunner struct{}

// NewSandboxedRunner returns a Runner that fails every action, as
// sandboxes are only supported on Linux.
func NewSandboxedRunner(buildDirectoryPath *path.Builder, configuration *Configuration, sysProcAttr *syscall.SysProcAttr, setTmpdirEnvironmentVariable bool) runner_pb.RunnerServer {
	return sandboxedRunner{}
}

func (sandboxedRunner) Run(ctx context.Context, request *runner_pb.RunRequest) (*runner_pb.RunResponse, error) {
	return nil, status.Error(codes.Unimplemented, "Running actions in sandboxes is only supported on Linux")
}

func (sandboxedRunner) CheckReadiness(ctx context.Context, request *runner_pb.CheckReadinessRequest) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}
