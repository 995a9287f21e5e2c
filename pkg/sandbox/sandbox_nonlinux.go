//go:build !linux
// +build !linux

package sandbox

import (
	"context"
	"os/exec"
	"syscall"

	runner_pb "github.com/buildbarn/bb-remote-execution/pkg/proto/runner"
	"github.com/buildbarn/bb-remote-execution/pkg/runner"
	"github.com/buildbarn/bb-storage/pkg/filesystem/path"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// MarkInheritedFileDescriptorsCloseOnExec does nothing, as bb_runner
// only marks file descriptors close-on-exec on Linux.
func MarkInheritedFileDescriptorsCloseOnExec() error {
	return nil
}

// Probe returns an error, as sandboxes are only supported on Linux.
func Probe(ctx context.Context, configuration *Configuration) error {
	return status.Error(codes.Unimplemented, "Running actions in sandboxes is only supported on Linux")
}

// NewCommandCreator returns a CommandCreator that fails every action,
// as sandboxes are only supported on Linux.
func NewCommandCreator(buildDirectoryPath *path.Builder, configuration *Configuration, sysProcAttr *syscall.SysProcAttr) runner.CommandCreator {
	return func(ctx context.Context, arguments []string, inputRootDirectory *path.Builder, workingDirectoryParser path.Parser, pathVariable string) (*exec.Cmd, error) {
		return nil, status.Error(codes.Unimplemented, "Running actions in sandboxes is only supported on Linux")
	}
}

// NewSandboxedRunner returns the Runner it is provided, as sandboxes
// are only supported on Linux.
func NewSandboxedRunner(base runner_pb.RunnerServer, configuration *Configuration, setTmpdirEnvironmentVariable bool) runner_pb.RunnerServer {
	return base
}
