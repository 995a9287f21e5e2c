package repro

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	runner_pb "github.com/buildbarn/bb-remote-execution/pkg/proto/runner"
	"github.com/buildbarn/bb-remote-execution/pkg/runner"
	"github.com/buildbarn/bb-storage/pkg/filesystem"
	"github.com/buildbarn/bb-storage/pkg/filesystem/path"
	bb_grpc "github.com/buildbarn/bb-storage/pkg/grpc"
	grpc_pb "github.com/buildbarn/bb-storage/pkg/proto/configuration/grpc"
	"github.com/buildbarn/bb-storage/pkg/util"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// RunnerConfigurationTemplate is the Jsonnet configuration that the
// reproduction passes to bb-chroot's bb_runner. It has the format of
// upstream's bb_runner configuration, plus the inputRootMounts field.
// The two placeholders are the build directory and the path of the
// UNIX socket, as JSON strings.
const RunnerConfigurationTemplate = `// bb_runner configuration written by bb_chroot_repro.
{
  buildDirectoryPath: %s,
  grpcServers: [{
    listenPaths: [%s],
    authenticationPolicy: { allow: {} },
  }],
  chrootIntoInputRoot: true,
  inputRootMounts: [
    { mountpoint: 'proc', filesystemType: 'proc' },
    { mountpoint: 'sys', filesystemType: 'sysfs' },
    { mountpoint: 'dev', filesystemType: 'dev' },
    { mountpoint: 'dev/pts', filesystemType: 'devpts' },
    { mountpoint: 'dev/shm', filesystemType: 'tmpfs' },
  ],
}
`

// WriteRunnerConfiguration writes the Jsonnet configuration of
// bb-chroot's bb_runner for a build directory and a UNIX socket path.
func WriteRunnerConfiguration(configurationPath, buildDirectoryPath, socketPath string) error {
	buildDirectoryPathJSON, err := json.Marshal(buildDirectoryPath)
	if err != nil {
		return util.StatusWrap(err, "Failed to marshal build directory path")
	}
	socketPathJSON, err := json.Marshal(socketPath)
	if err != nil {
		return util.StatusWrap(err, "Failed to marshal socket path")
	}
	if err := os.WriteFile(configurationPath, fmt.Appendf(nil, RunnerConfigurationTemplate, buildDirectoryPathJSON, socketPathJSON), 0o644); err != nil {
		return util.StatusWrapf(err, "Failed to write runner configuration %#v", configurationPath)
	}
	return nil
}

// RunnerProcess is a runner that runs as a child process, listening
// on a UNIX socket for requests from the worker.
type RunnerProcess struct {
	cmd        *exec.Cmd
	logPath    string
	socketPath string
	exited     chan struct{}
	waitErr    error
}

// StartRunnerProcess starts a runner executable with a configuration
// file as its only argument, the way bb_runner is invoked. Its output
// is written to a log file. StartRunnerProcess waits until the runner
// accepts connections on its UNIX socket, and fails with the last lines
// of the log if it exits before that or does not listen within the
// timeout.
func StartRunnerProcess(executablePath, configurationPath, socketPath, logPath string, timeout time.Duration) (*RunnerProcess, error) {
	logFile, err := os.OpenFile(logPath, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, util.StatusWrapf(err, "Failed to create runner log file %#v", logPath)
	}
	defer logFile.Close()

	cmd := exec.Command(executablePath, configurationPath)
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	// Let the runner die with us if we get killed, so that it
	// never outlives the reproduction.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, util.StatusWrapfWithCode(err, codes.FailedPrecondition, "Failed to start runner %#v", executablePath)
	}
	p := &RunnerProcess{
		cmd:        cmd,
		logPath:    logPath,
		socketPath: socketPath,
		exited:     make(chan struct{}),
	}
	go func() {
		p.waitErr = cmd.Wait()
		close(p.exited)
	}()

	deadline := time.Now().Add(timeout)
	for {
		select {
		case <-p.exited:
			return nil, status.Errorf(codes.FailedPrecondition, "Runner %#v exited before listening on %#v (%s). Last lines of its log %#v:\n%s", executablePath, socketPath, p.waitErr, logPath, p.GetLogTail(10))
		default:
		}
		if conn, err := net.Dial("unix", socketPath); err == nil {
			conn.Close()
			return p, nil
		}
		if time.Now().After(deadline) {
			p.Stop()
			return nil, status.Errorf(codes.DeadlineExceeded, "Runner %#v did not listen on %#v within %s. Last lines of its log %#v:\n%s", executablePath, socketPath, timeout, logPath, p.GetLogTail(10))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// GetLogTail returns the last lines of the runner's log.
func (p *RunnerProcess) GetLogTail(lines int) string {
	data, err := os.ReadFile(p.logPath)
	if err != nil {
		return fmt.Sprintf("(cannot read log: %s)", err)
	}
	all := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// Stop terminates the runner with SIGTERM, which makes Buildbarn
// programs shut down cleanly, and with SIGKILL if it is still running
// ten seconds later.
func (p *RunnerProcess) Stop() error {
	select {
	case <-p.exited:
		return nil
	default:
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
		return nil
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-p.exited
		return status.Errorf(codes.DeadlineExceeded, "Runner did not terminate within ten seconds of SIGTERM, and was killed")
	}
}

// InProcessRunner is a runner that is served by the current process
// over a UNIX socket.
type InProcessRunner struct {
	server         *grpc.Server
	buildDirectory filesystem.DirectoryCloser
}

// StartUpstreamRunner serves upstream bb_runner's runner, exactly as
// upstream's cmd/bb_runner/main.go creates it: runner.NewLocalRunner
// with runner.NewChrootedCommandCreator if chrootIntoInputRoot is set,
// and runner.NewPlainCommandCreator otherwise. With chroot, upstream
// runs every command as "/usr/bin/env -- argv...", resolved on the
// host before chroot(), and mounts nothing inside the input root.
func StartUpstreamRunner(buildDirectoryPath, socketPath string, chrootIntoInputRoot bool) (*InProcessRunner, error) {
	buildDirectoryBuilder, scopeWalker := path.EmptyBuilder.Join(path.NewAbsoluteScopeWalker(path.VoidComponentWalker))
	if err := path.Resolve(path.LocalFormat.NewParser(buildDirectoryPath), scopeWalker); err != nil {
		return nil, util.StatusWrapf(err, "Failed to resolve build directory %#v", buildDirectoryPath)
	}
	buildDirectory, err := filesystem.NewLocalDirectory(buildDirectoryBuilder)
	if err != nil {
		return nil, util.StatusWrapf(err, "Failed to open build directory %#v", buildDirectoryPath)
	}
	commandCreator := runner.NewPlainCommandCreator(&syscall.SysProcAttr{})
	if chrootIntoInputRoot {
		commandCreator, err = runner.NewChrootedCommandCreator(&syscall.SysProcAttr{})
		if err != nil {
			buildDirectory.Close()
			return nil, util.StatusWrap(err, "Failed to create chrooted command creator")
		}
	}
	listener, err := net.Listen("unix", socketPath)
	if err != nil {
		buildDirectory.Close()
		return nil, util.StatusWrapf(err, "Failed to create listening socket for %#v", socketPath)
	}
	server := grpc.NewServer()
	runner_pb.RegisterRunnerServer(
		server,
		runner.NewLocalRunner(
			buildDirectory,
			buildDirectoryBuilder,
			commandCreator,
			/* setTmpdirEnvironmentVariable = */ false,
		),
	)
	go server.Serve(listener)
	return &InProcessRunner{
		server:         server,
		buildDirectory: buildDirectory,
	}, nil
}

// Stop the runner, and close its build directory.
func (r *InProcessRunner) Stop() error {
	r.server.Stop()
	return r.buildDirectory.Close()
}

// NewRunnerClient creates a client for a runner that listens on a UNIX
// socket, using bb-storage's gRPC client factory, as bb_worker does for
// its runner endpoint.
func NewRunnerClient(socketPath string) (runner_pb.RunnerClient, io.Closer, error) {
	conn, err := newGRPCClient(&grpc_pb.ClientConfiguration{
		Address: "unix://" + socketPath,
	})
	if err != nil {
		return nil, nil, util.StatusWrapf(err, "Failed to create client for runner at %#v", socketPath)
	}
	return runner_pb.NewRunnerClient(conn), conn, nil
}

// grpcClientFactory creates gRPC clients the way Buildbarn programs
// do, without the metrics and tracing interceptors that
// global.ApplyConfiguration() installs.
var grpcClientFactory = bb_grpc.NewBaseClientFactory(bb_grpc.BaseClientDialer, nil, nil)

type closingClientConn interface {
	grpc.ClientConnInterface
	io.Closer
}

func newGRPCClient(configuration *grpc_pb.ClientConfiguration) (closingClientConn, error) {
	conn, err := grpcClientFactory.NewClientFromConfiguration(configuration)
	if err != nil {
		return nil, err
	}
	closingConn, ok := conn.(closingClientConn)
	if !ok {
		return nil, status.Error(codes.Internal, "gRPC client connection cannot be closed")
	}
	return closingConn, nil
}
