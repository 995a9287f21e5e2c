//go:build linux
// +build linux

package sandbox

import (
	"context"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/bb-chroot/bb-chroot/pkg/sandbox/initprocess"
	"github.com/buildbarn/bb-remote-execution/pkg/proto/resourceusage"
	runner_pb "github.com/buildbarn/bb-remote-execution/pkg/proto/runner"
	"github.com/buildbarn/bb-storage/pkg/util"

	"golang.org/x/sys/unix"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
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

	// The sandbox that the CommandCreator set up on the calling
	// thread, if it does not use an init process, and the function
	// that stops killing it when the context is done.
	threadSandbox *initprocess.ThreadSandbox
	stopKilling   func()

	// Files that the CommandCreator opened for the init process.
	report       *os.File
	reportWriter *os.File
	requestFile  *os.File
	stdin        *os.File
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
	s.stdin.Close()
	data, err := io.ReadAll(io.LimitReader(s.report, 1<<20))
	s.report.Close()
	if err != nil {
		return nil, err
	}
	return initprocess.UnmarshalReport(data)
}

type sandboxedRunner struct {
	base                            runner_pb.RunnerServer
	useInitProcess                  bool
	temporaryDirectoryVariableValue string
}

// NewSandboxedRunner creates a decorator for a Runner returned by
// runner.NewLocalRunner() whose CommandCreator was returned by
// NewCommandCreator() for the same configuration.
//
// Unless the configuration uses an init process, it calls the Runner
// on a thread of its own, on which the CommandCreator sets up the
// sandbox and from which it starts the command. The thread is
// terminated afterwards, releasing the sandbox's namespaces.
//
// Otherwise it passes the request to the CommandCreator, and converts
// what the sandbox's init process reports into the response: an error
// if the sandbox could not be set up or the command could not be
// started, and the signal that terminated the command.
//
// If setTmpdirEnvironmentVariable is set, as it is for
// runner.NewLocalRunner(), and the temporary directory is mounted in
// the input root, TMPDIR is set to the path of the mountpoint.
func NewSandboxedRunner(base runner_pb.RunnerServer, configuration *Configuration, setTmpdirEnvironmentVariable bool) runner_pb.RunnerServer {
	r := &sandboxedRunner{
		base:           base,
		useInitProcess: configuration.UseInitProcess,
	}
	if setTmpdirEnvironmentVariable {
		for _, m := range configuration.Mounts {
			if m.Kind == initprocess.KindTemporaryDirectory {
				r.temporaryDirectoryVariableValue = "/" + m.Mountpoint
				break
			}
		}
	}
	return r
}

// setTemporaryDirectoryVariable sets TMPDIR to the path at which the
// action's temporary directory is mounted, instead of its path on the
// host that runner.NewLocalRunner() sets, unless the client set TMPDIR
// itself.
func (r *sandboxedRunner) setTemporaryDirectoryVariable(request *runner_pb.RunRequest) *runner_pb.RunRequest {
	if r.temporaryDirectoryVariableValue == "" || request.TemporaryDirectory == "" {
		return request
	}
	if _, ok := request.EnvironmentVariables["TMPDIR"]; ok {
		return request
	}
	request = proto.Clone(request).(*runner_pb.RunRequest)
	if request.EnvironmentVariables == nil {
		request.EnvironmentVariables = map[string]string{}
	}
	request.EnvironmentVariables["TMPDIR"] = r.temporaryDirectoryVariableValue
	return request
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
	if err := validateRequest(request); err != nil {
		return nil, err
	}
	request = r.setTemporaryDirectoryVariable(request)
	if r.useInitProcess {
		return r.runWithInitProcess(ctx, request)
	}

	var response *runner_pb.RunResponse
	var err error
	runOnDisposableThread(func() {
		state := &runState{request: request}
		response, err = r.base.Run(context.WithValue(ctx, runStateKey{}, state), request)
		var reaperSignal unix.Signal
		if state.threadSandbox != nil {
			// Kill everything that the command left
			// behind before returning.
			if state.stopKilling != nil {
				state.stopKilling()
			}
			reaperSignal = state.threadSandbox.Close()
		}
		if ctxErr := util.StatusFromContext(ctx); err != nil && status.Code(ctxErr) != codes.OK {
			// Setting up the sandbox took longer than the
			// action may run, or the reaper was killed
			// before the command was started.
			err = ctxErr
		} else if err != nil {
			err = convertStartError(convertLogFileError(err))
		} else if response.ExitCode < 0 {
			if ctxErr := util.StatusFromContext(ctx); status.Code(ctxErr) != codes.OK {
				// The command was killed, because the
				// context is done.
				response, err = nil, ctxErr
			} else if reaperSignal != 0 {
				response, err = nil, status.Errorf(codes.FailedPrecondition, "The sandbox init process of the action was terminated by signal %s, which terminated the action", strings.TrimPrefix(unix.SignalName(reaperSignal), "SIG"))
			}
		}
	})
	return response, err
}

// runOnDisposableThread runs a function on a goroutine that is locked
// to an OS thread, which the Go runtime terminates afterwards. The
// function may change the thread's namespaces, root directory,
// capabilities and seccomp filter, none of which can be undone.
func runOnDisposableThread(f func()) {
	done := make(chan struct{})
	go func() {
		// Never unlock the thread, so that the Go runtime
		// terminates it when this goroutine returns.
		runtime.LockOSThread()
		if unix.Gettid() == unix.Getpid() {
			// The Go runtime cannot terminate the main
			// thread. Keep it busy while the function runs
			// on another thread.
			runOnDisposableThread(f)
			runtime.UnlockOSThread()
		} else {
			f()
		}
		close(done)
	}()
	<-done
}

// startErrorsCausedByAction are the messages of errors of execve()
// that runner.NewLocalRunner() reports with code Internal, while they
// are caused by the action's input root or command.
var startErrorsCausedByAction = []string{
	unix.E2BIG.Error(), unix.ELOOP.Error(), unix.ENAMETOOLONG.Error(), unix.ENOTDIR.Error(),
}

// convertStartError gives errors of runner.NewLocalRunner() that report
// that the command could not be started, because of the action's input
// root or command, the code InvalidArgument instead of Internal, as the
// init process does.
func convertStartError(err error) error {
	s := status.Convert(err)
	if s.Code() == codes.Internal && strings.HasPrefix(s.Message(), "Failed to start process: ") {
		for _, message := range startErrorsCausedByAction {
			if strings.HasSuffix(s.Message(), ": "+message) {
				return status.Error(codes.InvalidArgument, s.Message())
			}
		}
	}
	return err
}

func (r *sandboxedRunner) runWithInitProcess(ctx context.Context, request *runner_pb.RunRequest) (*runner_pb.RunResponse, error) {
	state := &runState{request: request}
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
