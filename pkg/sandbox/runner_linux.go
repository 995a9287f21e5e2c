//go:build linux
// +build linux

package sandbox

import (
	"context"
	"io"
	"os"
	"strings"

	"github.com/bb-chroot/bb-chroot/pkg/sandbox/initprocess"
	"github.com/buildbarn/bb-remote-execution/pkg/proto/resourceusage"
	runner_pb "github.com/buildbarn/bb-remote-execution/pkg/proto/runner"
	"github.com/buildbarn/bb-storage/pkg/util"

	"golang.org/x/sys/unix"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/emptypb"
)

// runStateKey is the key of the context value through which
// sandboxedRunner passes the request to the CommandCreator returned by
// NewCommandCreator, and through which the CommandCreator passes back
// the pipe over which the init process reports.
type runStateKey struct{}

type runState struct {
	request *runner_pb.RunRequest
	probe   bool

	// Files that the CommandCreator opened for the init process.
	report       *os.File
	reportWriter *os.File
	requestFile  *os.File
}

// finish reads the report of the init process, after it terminated,
// and closes all files that were opened for it.
func (s *runState) finish() (*initprocess.Report, error) {
	if s.report == nil {
		// The CommandCreator was never called.
		return &initprocess.Report{}, nil
	}
	s.reportWriter.Close()
	s.requestFile.Close()
	data, err := io.ReadAll(io.LimitReader(s.report, 1<<20))
	s.report.Close()
	if err != nil {
		return nil, err
	}
	return initprocess.UnmarshalReport(data)
}

type sandboxedRunner struct {
	base runner_pb.RunnerServer
}

// NewSandboxedRunner creates a decorator for a Runner returned by
// runner.NewLocalRunner() whose CommandCreator was returned by
// NewCommandCreator(). It passes the request to the CommandCreator,
// and converts what the sandbox's init process reports into the
// response: an error if the sandbox could not be set up or the command
// could not be started, and the signal that terminated the command.
func NewSandboxedRunner(base runner_pb.RunnerServer) runner_pb.RunnerServer {
	return &sandboxedRunner{
		base: base,
	}
}

// validateRequest rejects arguments and environment variables that
// cannot be passed to execve().
func validateRequest(request *runner_pb.RunRequest) error {
	for i, argument := range request.Arguments {
		if strings.IndexByte(argument, 0) >= 0 {
			return status.Errorf(codes.InvalidArgument, "Argument at index %d contains a null byte", i)
		}
	}
	for name, value := range request.EnvironmentVariables {
		if name == "" || strings.IndexByte(name, '=') >= 0 || strings.IndexByte(name, 0) >= 0 {
			return status.Errorf(codes.InvalidArgument, "Invalid environment variable name %#v", truncate(name))
		}
		if strings.IndexByte(value, 0) >= 0 {
			return status.Errorf(codes.InvalidArgument, "Value of environment variable %#v contains a null byte", truncate(name))
		}
	}
	return nil
}

// convertLogFileError gives errors of runner.NewLocalRunner() that
// report that a log file could not be created the code
// FailedPrecondition instead of Unknown: the path already exists, or
// leads through a symbolic link or a file that is not a directory.
// They are a problem of the build directory, not of the runner.
func convertLogFileError(err error) error {
	s := status.Convert(err)
	if s.Code() == codes.Unknown && (strings.HasPrefix(s.Message(), "Failed to open stdout path ") || strings.HasPrefix(s.Message(), "Failed to open stderr path ")) {
		return status.Error(codes.FailedPrecondition, s.Message())
	}
	return err
}

// truncate shortens a string provided by the client before it is
// included in an error message.
func truncate(s string) string {
	const maximumLength = 256
	if len(s) <= maximumLength {
		return s
	}
	return s[:maximumLength] + "..."
}

func (r *sandboxedRunner) Run(ctx context.Context, request *runner_pb.RunRequest) (*runner_pb.RunResponse, error) {
	return r.run(ctx, request, false)
}

func (r *sandboxedRunner) run(ctx context.Context, request *runner_pb.RunRequest, probe bool) (*runner_pb.RunResponse, error) {
	if err := validateRequest(request); err != nil {
		return nil, err
	}
	state := &runState{request: request, probe: probe}
	response, err := r.base.Run(context.WithValue(ctx, runStateKey{}, state), request)
	report, reportErr := state.finish()
	if err != nil {
		return nil, convertLogFileError(err)
	}
	if reportErr != nil {
		return nil, util.StatusWrapWithCode(reportErr, codes.Internal, "Failed to read report of sandbox init process")
	}
	if report.Error != nil {
		return nil, status.Error(codes.Code(report.Error.Code), report.Error.Message)
	}
	if report.Signal == 0 && response.ExitCode >= 0 {
		return response, nil
	}

	var resourceUsage resourceusage.POSIXResourceUsage
	var resourceUsageIndex int
	for i, anyResourceUsage := range response.ResourceUsage {
		if anyResourceUsage.UnmarshalTo(&resourceUsage) == nil {
			resourceUsageIndex = i
			break
		}
	}
	if report.Signal == 0 {
		// The init process itself was terminated by a signal.
		// Only SIGKILL can do that, sent by the kernel or by
		// this process when the context is done.
		if err := util.StatusFromContext(ctx); status.Code(err) != codes.OK {
			return nil, err
		}
		return nil, status.Errorf(codes.FailedPrecondition, "The sandbox init process of the action was terminated by signal %s, for example because the action lowered its resource limits", resourceUsage.TerminationSignal)
	}

	// The command was terminated by a signal. The init process
	// cannot be terminated by the same signal, so it reported it.
	response.ExitCode = -1
	resourceUsage.TerminationSignal = strings.TrimPrefix(unix.SignalName(unix.Signal(report.Signal)), "SIG")
	anyResourceUsage, err := anypb.New(&resourceUsage)
	if err != nil {
		return nil, util.StatusWrap(err, "Failed to marshal POSIX resource usage")
	}
	if len(response.ResourceUsage) == 0 {
		response.ResourceUsage = []*anypb.Any{anyResourceUsage}
	} else {
		response.ResourceUsage[resourceUsageIndex] = anyResourceUsage
	}
	return response, nil
}

func (r *sandboxedRunner) CheckReadiness(ctx context.Context, request *runner_pb.CheckReadinessRequest) (*emptypb.Empty, error) {
	return r.base.CheckReadiness(ctx, request)
}
