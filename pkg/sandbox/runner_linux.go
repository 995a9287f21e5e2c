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

	idleInitProcesses chan *initProcess
}

// maximumIdleInitProcesses is the maximum number of init processes
// that are kept for running subsequent actions.
const maximumIdleInitProcesses = 64

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
		idleInitProcesses:            make(chan *initProcess, maximumIdleInitProcesses),
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

// initProcess is a bb_runner process that has been re-executed in a
// new PID namespace to act as its init process. It runs actions one
// after the other, receiving requests over a UNIX socket.
type initProcess struct {
	cmd    *exec.Cmd
	socket *os.File
}

// startInitProcess starts an init process in new namespaces. The init
// process is killed when bb_runner terminates, so that its namespaces
// and all processes and mounts inside of them disappear with it.
func startInitProcess() (*initProcess, error) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, util.StatusWrapWithCode(err, codes.Internal, "Failed to create socket pair")
	}
	socket, childSocket := os.NewFile(uintptr(fds[0]), "socket"), os.NewFile(uintptr(fds[1]), "socket")
	defer childSocket.Close()

	cmd := exec.Command("/proc/self/exe")
	cmd.Args = []string{initArgv0}
	cmd.Env = []string{}
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	cmd.ExtraFiles = []*os.File{childSocket}
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags: unix.CLONE_NEWNS | unix.CLONE_NEWPID,
		Pdeathsig:  syscall.SIGKILL,
	}
	if err := cmd.Start(); err != nil {
		socket.Close()
		return nil, wrapKernelError(err, "Failed to start sandbox init process in new namespaces")
	}
	go cmd.Wait()
	return &initProcess{
		cmd:    cmd,
		socket: socket,
	}, nil
}

// kill terminates an init process, causing all processes in its
// namespaces to be killed.
func (p *initProcess) kill() {
	p.cmd.Process.Kill()
	p.socket.Close()
}

// run sends a request to an init process, together with the file
// descriptors of the action's standard output and standard error, and
// waits for its response. The init process is killed when the context
// is cancelled, or when communicating with it fails.
func (p *initProcess) run(ctx context.Context, request *initRequest, stdout, stderr *os.File) (*initResponse, error) {
	requestData, err := json.Marshal(request)
	if err != nil {
		p.kill()
		return nil, util.StatusWrapWithCode(err, codes.Internal, "Failed to marshal request for sandbox init process")
	}

	// Kill the init process, and with it the action, when the
	// context is cancelled.
	stopWatching := make(chan struct{})
	watcherDone := make(chan bool, 1)
	go func() {
		select {
		case <-ctx.Done():
			p.kill()
			watcherDone <- true
		case <-stopWatching:
			watcherDone <- false
		}
	}()
	responseData, err := p.exchange(requestData, stdout, stderr)
	close(stopWatching)
	if <-watcherDone {
		return nil, util.StatusFromContext(ctx)
	}
	if err != nil {
		p.kill()
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, grpc_status.Error(codes.Internal, "Sandbox init process terminated unexpectedly")
		}
		return nil, util.StatusWrapWithCode(err, codes.Internal, "Failed to communicate with sandbox init process")
	}
	var response initResponse
	if err := json.Unmarshal(responseData, &response); err != nil {
		p.kill()
		return nil, util.StatusWrapWithCode(err, codes.Internal, "Received malformed response from sandbox init process")
	}
	return &response, nil
}

func (p *initProcess) exchange(requestData []byte, stdout, stderr *os.File) ([]byte, error) {
	if err := sendMessage(p.socket, requestData, stdout, stderr); err != nil {
		return nil, err
	}
	responseData, files, err := receiveMessage(p.socket)
	for _, f := range files {
		f.Close()
	}
	return responseData, err
}

// getInitProcess returns an init process that is ready to receive a
// request. Starting an init process takes considerably longer than
// running a small action, as bb_runner is a large executable. Init
// processes are therefore reused for subsequent actions.
func (r *sandboxedRunner) getInitProcess() (*initProcess, error) {
	select {
	case p := <-r.idleInitProcesses:
		return p, nil
	default:
		return startInitProcess()
	}
}

func (r *sandboxedRunner) putInitProcess(p *initProcess) {
	select {
	case r.idleInitProcesses <- p:
	default:
		p.kill()
	}
}

// runInit runs a request in an init process.
func (r *sandboxedRunner) runInit(ctx context.Context, request *initRequest, stdout, stderr *os.File) (*initResponse, error) {
	for attempt := 0; ; attempt++ {
		p, err := r.getInitProcess()
		if err != nil {
			return nil, err
		}
		response, err := p.run(ctx, request, stdout, stderr)
		if err != nil {
			return nil, err
		}
		if !response.Stale {
			r.putInitProcess(p)
			if response.Status != nil {
				var s status.Status
				if err := proto.Unmarshal(response.Status, &s); err != nil {
					return nil, util.StatusWrapWithCode(err, codes.Internal, "Received malformed error from sandbox init process")
				}
				return nil, grpc_status.ErrorProto(&s)
			}
			return response, nil
		}

		// The init process cannot see the build directory as
		// the runner does, as a file system was mounted on top
		// of it after the init process started. Retry with a
		// new one.
		p.kill()
		if attempt > 0 {
			return nil, grpc_status.Errorf(codes.Internal, "Build directory %#v changed while starting the sandbox init process", r.buildDirectoryPath)
		}
	}
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
	if err != nil {
		unix.Close(buildDirectoryFD)
		return nil, util.StatusWrapf(err, "Failed to open stderr path %#v", request.StderrPath)
	}
	defer stderr.Close()
	var buildDirectoryStat unix.Stat_t
	err = unix.Fstat(buildDirectoryFD, &buildDirectoryStat)
	unix.Close(buildDirectoryFD)
	if err != nil {
		return nil, util.StatusWrapfWithCode(err, codes.Internal, "Failed to obtain attributes of build directory %#v", r.buildDirectoryPath)
	}

	response, err := r.runInit(ctx, &initRequest{
		Configuration:        r.configuration,
		BuildDirectory:       r.buildDirectoryPath,
		BuildDirectoryDevice: buildDirectoryStat.Dev,
		BuildDirectoryInode:  buildDirectoryStat.Ino,
		InputRootDirectory:   inputRootDirectory,
		WorkingDirectory:     workingDirectory,
		Arguments:            request.Arguments,
		Environment:          environment,
		PathVariable:         request.EnvironmentVariables["PATH"],
		Credential:           r.credential,
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
