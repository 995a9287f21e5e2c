//go:build linux
// +build linux

package sandbox

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/buildbarn/bb-remote-execution/pkg/proto/resourceusage"
	runner_pb "github.com/buildbarn/bb-remote-execution/pkg/proto/runner"
	"github.com/buildbarn/bb-storage/pkg/filesystem/path"
	"github.com/buildbarn/bb-storage/pkg/util"

	"golang.org/x/sys/unix"
	"google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/codes"
	grpc_status "google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/emptypb"
)

type sandboxedRunner struct {
	buildDirectoryPath           string
	configuration                *Configuration
	credential                   *syscall.Credential
	setTmpdirEnvironmentVariable bool
}

// NewSandboxedRunner returns a Runner that runs every command inside
// its input root, in a new mount and PID namespace. bb_runner is
// re-executed to act as the init process of these namespaces. It
// mounts the configured file systems, makes the input root the root
// directory using pivot_root(), looks up argv[0] in the input root,
// and runs the command with the provided credentials. When the command
// terminates, all processes it left behind are killed.
//
// The credentials of the command are taken from sysProcAttr, which is
// obtained through credentials.GetSysProcAttrFromConfiguration().
// Programs that use this Runner must call RunInitIfRequested() at the
// start of main().
func NewSandboxedRunner(buildDirectoryPath *path.Builder, configuration *Configuration, sysProcAttr *syscall.SysProcAttr, setTmpdirEnvironmentVariable bool) runner_pb.RunnerServer {
	return &sandboxedRunner{
		buildDirectoryPath:           buildDirectoryPath.GetUNIXString(),
		configuration:                configuration,
		credential:                   sysProcAttr.Credential,
		setTmpdirEnvironmentVariable: setTmpdirEnvironmentVariable,
	}
}

// resolveRelativePath converts a path provided by bb_worker to a
// normalized relative path, without "." and ".." components. Paths
// leaving the directory against which they are resolved are rejected.
func resolveRelativePath(p string) (string, error) {
	builder, scopeWalker := path.EmptyBuilder.Join(path.NewRelativeScopeWalker(path.VoidComponentWalker))
	if err := path.Resolve(path.UNIXFormat.NewParser(p), scopeWalker); err != nil {
		return "", err
	}
	s := builder.GetUNIXString()
	if s == ".." || strings.HasPrefix(s, "../") {
		return "", grpc_status.Error(codes.InvalidArgument, "Path resolves to a location outside the build directory")
	}
	return s, nil
}

// openLog creates a file in the build directory to which the output
// of the command is written.
func (r *sandboxedRunner) openLog(buildDirectoryFD int, logPath string) (*os.File, error) {
	relativePath, err := resolveRelativePath(logPath)
	if err != nil {
		return nil, err
	}
	fd, err := openBeneath(buildDirectoryFD, relativePath, unix.O_WRONLY|unix.O_APPEND|unix.O_CREAT|unix.O_EXCL, 0o666)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), filepath.Join(r.buildDirectoryPath, relativePath)), nil
}

// runInit starts an init process in new namespaces, sends it a
// request, and waits for its response.
func (r *sandboxedRunner) runInit(ctx context.Context, request *initRequest, stdout, stderr *os.File) (*initResponse, error) {
	requestReader, requestWriter, err := os.Pipe()
	if err != nil {
		return nil, util.StatusWrapWithCode(err, codes.Internal, "Failed to create request pipe")
	}
	defer requestWriter.Close()
	responseReader, responseWriter, err := os.Pipe()
	if err != nil {
		requestReader.Close()
		return nil, util.StatusWrapWithCode(err, codes.Internal, "Failed to create response pipe")
	}
	defer responseReader.Close()

	// Start the init process. Let it be killed when bb_runner
	// terminates, so that its namespaces and all processes and
	// mounts inside of them disappear with it.
	cmd := exec.CommandContext(ctx, "/proc/self/exe")
	cmd.Args = []string{initArgv0}
	cmd.Env = []string{}
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	cmd.ExtraFiles = []*os.File{requestReader, responseWriter, stdout, stderr}
	cloneFlags := uintptr(unix.CLONE_NEWNS | unix.CLONE_NEWPID)
	if r.configuration.UnshareIPC {
		cloneFlags |= unix.CLONE_NEWIPC
	}
	if r.configuration.UnshareUTS {
		cloneFlags |= unix.CLONE_NEWUTS
	}
	if r.configuration.UnshareNetwork {
		cloneFlags |= unix.CLONE_NEWNET
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags: cloneFlags,
		Pdeathsig:  syscall.SIGKILL,
	}
	err = cmd.Start()
	requestReader.Close()
	responseWriter.Close()
	if err != nil {
		return nil, wrapKernelError(err, "Failed to start sandbox init process in new namespaces")
	}

	// Send the request. The init process reads it while we write
	// it, so that requests larger than the pipe buffer are fine.
	encodeErr := json.NewEncoder(requestWriter).Encode(request)
	requestWriter.Close()

	// Wait for the response. The init process sends it after the
	// action and all processes it left behind have terminated.
	responseData, readErr := io.ReadAll(responseReader)
	waitErr := cmd.Wait()
	if err := ctx.Err(); err != nil {
		return nil, util.StatusFromContext(ctx)
	}
	if encodeErr != nil {
		return nil, util.StatusWrapWithCode(encodeErr, codes.Internal, "Failed to send request to sandbox init process")
	}
	if readErr != nil {
		return nil, util.StatusWrapWithCode(readErr, codes.Internal, "Failed to read response from sandbox init process")
	}
	var response initResponse
	if err := json.Unmarshal(responseData, &response); err != nil {
		if waitErr != nil {
			return nil, util.StatusWrapWithCode(waitErr, codes.Internal, "Sandbox init process terminated unexpectedly")
		}
		return nil, util.StatusWrapWithCode(err, codes.Internal, "Received malformed response from sandbox init process")
	}
	if response.Status != nil {
		var s status.Status
		if err := proto.Unmarshal(response.Status, &s); err != nil {
			return nil, util.StatusWrapWithCode(err, codes.Internal, "Received malformed error from sandbox init process")
		}
		return nil, grpc_status.ErrorProto(&s)
	}
	return &response, nil
}

func (r *sandboxedRunner) Run(ctx context.Context, request *runner_pb.RunRequest) (*runner_pb.RunResponse, error) {
	if len(request.Arguments) < 1 {
		return nil, grpc_status.Error(codes.InvalidArgument, "Insufficient number of command arguments")
	}
	inputRootDirectory, err := resolveRelativePath(request.InputRootDirectory)
	if err != nil {
		return nil, util.StatusWrap(err, "Failed to resolve input root directory")
	}
	workingDirectory, err := resolveRelativePath(request.WorkingDirectory)
	if err != nil {
		return nil, util.StatusWrap(err, "Failed to resolve working directory")
	}

	// Set the environment variables.
	environment := make([]string, 0, len(request.EnvironmentVariables)+1)
	if r.setTmpdirEnvironmentVariable && request.TemporaryDirectory != "" {
		temporaryDirectory, err := resolveRelativePath(request.TemporaryDirectory)
		if err != nil {
			return nil, util.StatusWrap(err, "Failed to resolve temporary directory")
		}
		environment = append(environment, "TMPDIR="+filepath.Join(r.buildDirectoryPath, temporaryDirectory))
	}
	for name, value := range request.EnvironmentVariables {
		environment = append(environment, name+"="+value)
	}

	// Open output files for logging.
	buildDirectoryFD, err := unix.Open(r.buildDirectoryPath, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, util.StatusWrapfWithCode(err, codes.Internal, "Failed to open build directory %#v", r.buildDirectoryPath)
	}
	stdout, err := r.openLog(buildDirectoryFD, request.StdoutPath)
	if err != nil {
		unix.Close(buildDirectoryFD)
		return nil, util.StatusWrapf(err, "Failed to open stdout path %#v", request.StdoutPath)
	}
	defer stdout.Close()
	stderr, err := r.openLog(buildDirectoryFD, request.StderrPath)
	unix.Close(buildDirectoryFD)
	if err != nil {
		return nil, util.StatusWrapf(err, "Failed to open stderr path %#v", request.StderrPath)
	}
	defer stderr.Close()

	response, err := r.runInit(ctx, &initRequest{
		Configuration:      r.configuration,
		BuildDirectory:     r.buildDirectoryPath,
		InputRootDirectory: inputRootDirectory,
		WorkingDirectory:   workingDirectory,
		Arguments:          request.Arguments,
		Environment:        environment,
		PathVariable:       request.EnvironmentVariables["PATH"],
		Credential:         r.credential,
	}, stdout, stderr)
	if err != nil {
		return nil, err
	}

	// Attach rusage information to the response.
	posixResourceUsage, err := anypb.New(getPOSIXResourceUsage(response.WaitStatus, &response.Rusage))
	if err != nil {
		return nil, util.StatusWrap(err, "Failed to marshal POSIX resource usage")
	}
	exitCode := int64(-1)
	if response.WaitStatus.Exited() {
		exitCode = int64(response.WaitStatus.ExitStatus())
	}
	return &runner_pb.RunResponse{
		ExitCode:      exitCode,
		ResourceUsage: []*anypb.Any{posixResourceUsage},
	}, nil
}

func (r *sandboxedRunner) CheckReadiness(ctx context.Context, request *runner_pb.CheckReadinessRequest) (*emptypb.Empty, error) {
	// Check that the path that the worker provided as part of the
	// request exists in the build directory. This ensures that
	// trivial misconfigurations of the build directory don't lead
	// to repeated build failures.
	relativePath, err := resolveRelativePath(request.Path)
	if err != nil {
		return nil, util.StatusWrapfWithCode(err, codes.Internal, "Failed to resolve path %#v in build directory", request.Path)
	}
	buildDirectoryFD, err := unix.Open(r.buildDirectoryPath, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, util.StatusWrapfWithCode(err, codes.Internal, "Failed to open build directory %#v", r.buildDirectoryPath)
	}
	defer unix.Close(buildDirectoryFD)
	fd, err := openBeneath(buildDirectoryFD, relativePath, unix.O_PATH|unix.O_NOFOLLOW, 0)
	if err != nil {
		return nil, util.StatusWrapfWithCode(err, codes.Internal, "Failed to check existence of path %#v in build directory", request.Path)
	}
	unix.Close(fd)
	return &emptypb.Empty{}, nil
}

func convertTimeval(t unix.Timeval) *durationpb.Duration {
	return &durationpb.Duration{
		Seconds: t.Sec,
		Nanos:   int32(t.Usec) * 1000,
	}
}

// getPOSIXResourceUsage converts the resource usage of the action, as
// reported by wait4() in the init process, to a message that is
// attached to the response. The maximum resident set size includes
// that of the init process at the time it started the action, as the
// action shares its memory until it calls execve().
func getPOSIXResourceUsage(waitStatus unix.WaitStatus, rusage *unix.Rusage) *resourceusage.POSIXResourceUsage {
	resourceUsage := &resourceusage.POSIXResourceUsage{
		UserTime:                   convertTimeval(rusage.Utime),
		SystemTime:                 convertTimeval(rusage.Stime),
		MaximumResidentSetSize:     rusage.Maxrss * 1024,
		PageReclaims:               rusage.Minflt,
		PageFaults:                 rusage.Majflt,
		Swaps:                      rusage.Nswap,
		BlockInputOperations:       rusage.Inblock,
		BlockOutputOperations:      rusage.Oublock,
		MessagesSent:               rusage.Msgsnd,
		MessagesReceived:           rusage.Msgrcv,
		SignalsReceived:            rusage.Nsignals,
		VoluntaryContextSwitches:   rusage.Nvcsw,
		InvoluntaryContextSwitches: rusage.Nivcsw,
	}
	if waitStatus.Signaled() {
		if s, ok := strings.CutPrefix(unix.SignalName(waitStatus.Signal()), "SIG"); ok {
			resourceUsage.TerminationSignal = s
		}
	}
	return resourceUsage
}
