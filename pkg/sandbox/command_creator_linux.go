//go:build linux
// +build linux

package sandbox

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/bb-chroot/bb-chroot/pkg/sandbox/initprocess"
	"github.com/buildbarn/bb-remote-execution/pkg/runner"
	"github.com/buildbarn/bb-storage/pkg/filesystem/path"
	"github.com/buildbarn/bb-storage/pkg/util"

	"golang.org/x/sys/unix"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// initExecutableName is the name of the init process' executable,
// which is used if it is installed next to bb_runner.
const initExecutableName = "bb_sandbox_init"

// defaultPathVariable is used to look up argv[0] of commands whose
// environment has no PATH, as done by execvp().
const defaultPathVariable = "/bin:/usr/bin"

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
		return "", status.Error(codes.InvalidArgument, "Path resolves to a location outside the build directory")
	}
	return s, nil
}

// getInitExecutablePath returns the path of the executable that is
// started as the init process of every sandbox.
func getInitExecutablePath(configuration *Configuration) string {
	if configuration.InitExecutablePath != "" {
		return configuration.InitExecutablePath
	}
	if self, err := os.Executable(); err == nil {
		candidate := filepath.Join(filepath.Dir(self), initExecutableName)
		if unix.Access(candidate, unix.X_OK) == nil {
			return candidate
		}
	}
	return "/proc/self/exe"
}

// getCloneflags returns the namespaces that are created for every
// sandbox.
func getCloneflags(configuration *Configuration) uintptr {
	cloneflags := uintptr(unix.CLONE_NEWNS | unix.CLONE_NEWPID)
	if configuration.UnshareIPC {
		cloneflags |= unix.CLONE_NEWIPC
	}
	if configuration.UnshareUTS {
		cloneflags |= unix.CLONE_NEWUTS
	}
	if configuration.UnshareNetwork {
		cloneflags |= unix.CLONE_NEWNET
	}
	return cloneflags
}

// convertInitError converts an error of setting up a sandbox to a gRPC
// status.
func convertInitError(err error) error {
	var e *initprocess.Error
	if errors.As(err, &e) {
		return status.Error(codes.Code(e.Code), e.Message)
	}
	return status.Error(codes.Internal, err.Error())
}

// newInitRequest creates the request that describes the sandbox of an
// action, and the action itself.
func newInitRequest(buildDirectoryPath *path.Builder, configuration *Configuration, sysProcAttr *syscall.SysProcAttr, state *runState, arguments []string, workingDirectoryParser path.Parser, pathVariable string) (*initprocess.Request, error) {
	inputRootDirectoryStr, err := resolveRelativePath(state.request.InputRootDirectory)
	if err != nil {
		return nil, util.StatusWrap(err, "Failed to resolve input root directory")
	}
	workingDirectory, scopeWalker := path.EmptyBuilder.Join(path.NewRelativeScopeWalker(path.VoidComponentWalker))
	if err := path.Resolve(workingDirectoryParser, scopeWalker); err != nil {
		return nil, util.StatusWrap(err, "Failed to resolve working directory")
	}
	workingDirectoryStr := workingDirectory.GetUNIXString()
	if workingDirectoryStr == ".." || strings.HasPrefix(workingDirectoryStr, "../") {
		return nil, status.Error(codes.InvalidArgument, "Failed to resolve working directory: Path resolves to a location outside the input root")
	}
	if _, ok := state.request.EnvironmentVariables["PATH"]; !ok {
		pathVariable = defaultPathVariable
	}
	request := &initprocess.Request{
		BuildDirectory:     buildDirectoryPath.GetUNIXString(),
		InputRootDirectory: inputRootDirectoryStr,
		WorkingDirectory:   workingDirectoryStr,
		Arguments:          arguments,
		PathVariable:       pathVariable,
		Mounts:             configuration.Mounts,
		SetHostname:        configuration.UnshareUTS,
		EnableLoopback:     configuration.UnshareNetwork,
		Probe:              state.probe,

		Capabilities:           configuration.Capabilities,
		AllowSetuidInInputRoot: configuration.AllowSetuidInInputRoot,
		AllowNewPrivileges:     configuration.AllowNewPrivileges,
		SeccompFilter:          configuration.SeccompFilter,
	}
	if state.request.TemporaryDirectory != "" {
		// Compute the path the same way
		// runner.NewLocalRunner() does for TMPDIR.
		temporaryDirectory, scopeWalker := buildDirectoryPath.Join(path.VoidScopeWalker)
		if err := path.Resolve(path.UNIXFormat.NewParser(state.request.TemporaryDirectory), scopeWalker); err != nil {
			return nil, util.StatusWrap(err, "Failed to resolve temporary directory")
		}
		if request.TemporaryDirectory, err = path.LocalFormat.GetString(temporaryDirectory); err != nil {
			return nil, util.StatusWrap(err, "Failed to create local representation of temporary directory")
		}
	}
	if credential := sysProcAttr.Credential; credential != nil {
		request.RunAsCredentials = true
		request.UID = credential.Uid
		request.GID = credential.Gid
		request.Groups = credential.Groups
	}
	return request, nil
}

// catchIgnoredSignals lets the Go runtime catch SIGHUP and SIGINT if
// they were ignored when this process started, for example by nohup.
// Commands started from a thread would otherwise start with them
// ignored, as execve() leaves ignored signals ignored. The Go runtime
// leaves only these two signals ignored, and resets the ones it
// catches to their default action in the processes it starts. Caught
// signals that nobody receives are dropped, so this process still
// ignores them.
func catchIgnoredSignals() {
	for _, s := range []os.Signal{unix.SIGHUP, unix.SIGINT} {
		if signal.Ignored(s) {
			signal.Notify(make(chan os.Signal, 1), s)
		}
	}
}

// NewCommandCreator returns a CommandCreator for runner.NewLocalRunner()
// that runs every command in a sandbox: new mount and PID namespaces
// (and optionally IPC, UTS and network namespaces), in which an init
// process runs as PID 1. The calling thread (see
// initprocess.ThreadSandbox), or the init process if the configuration
// says so, mounts the configured file systems inside the input root,
// makes the input root the root directory, looks up argv[0] inside of
// it, and runs the command with the credentials of sysProcAttr. All
// processes that the command leaves behind are killed. The Runner returned by
// runner.NewLocalRunner() must be wrapped by NewSandboxedRunner().
func NewCommandCreator(buildDirectoryPath *path.Builder, configuration *Configuration, sysProcAttr *syscall.SysProcAttr) runner.CommandCreator {
	initExecutablePath := getInitExecutablePath(configuration)
	cloneflags := getCloneflags(configuration)
	var templates *initprocess.Templates
	var templatesErr error
	if configuration.UseInitProcess {
		// Only for the standard input of actions.
		templates, templatesErr = initprocess.NewTemplates(nil)
	} else {
		templates, templatesErr = initprocess.NewTemplates(configuration.Mounts)
		// The first time a process is started, Go checks
		// whether pidfds work by starting a process from the
		// calling thread. Let it do so now, instead of in the
		// PID namespace of the first action, where that
		// process would take the action's PID.
		if p, err := os.FindProcess(os.Getpid()); err == nil {
			p.Release()
		}
		catchIgnoredSignals()
	}

	return func(ctx context.Context, arguments []string, inputRootDirectory *path.Builder, workingDirectoryParser path.Parser, pathVariable string) (*exec.Cmd, error) {
		state, ok := ctx.Value(runStateKey{}).(*runState)
		if !ok {
			return nil, status.Error(codes.Internal, "The sandbox's CommandCreator must be used by a Runner wrapped by NewSandboxedRunner()")
		}
		request, err := newInitRequest(buildDirectoryPath, configuration, sysProcAttr, state, arguments, workingDirectoryParser, pathVariable)
		if err != nil {
			return nil, err
		}

		if templatesErr != nil {
			return nil, convertInitError(templatesErr)
		}
		if !configuration.UseInitProcess {
			// Set up the sandbox on the calling thread, which
			// NewSandboxedRunner() locked, and start the
			// command from it.
			threadSandbox, err := initprocess.NewThreadSandbox(request, templates, cloneflags, initExecutablePath)
			if err != nil {
				return nil, convertInitError(err)
			}
			state.threadSandbox = threadSandbox
			executablePath, stdin, sysProcAttr, err := threadSandbox.PrepareCommand()
			if err != nil {
				return nil, convertInitError(err)
			}
			// The file descriptor of the process that
			// exec.CommandContext() would use to kill the
			// command is only valid on this thread. Kill the
			// reaper instead, which makes the kernel kill
			// the command.
			killed := make(chan struct{})
			stopKilling := context.AfterFunc(ctx, func() {
				threadSandbox.Kill()
				close(killed)
			})
			state.stopKilling = func() {
				if !stopKilling() {
					<-killed
				}
			}
			if err := util.StatusFromContext(ctx); err != nil {
				// Setting up the sandbox took longer
				// than the action may run.
				return nil, err
			}
			cmd := exec.Command("/nonexistent")
			cmd.Path = executablePath
			cmd.Args = arguments
			cmd.Stdin = stdin
			cmd.SysProcAttr = sysProcAttr
			return cmd, nil
		}

		// Pass the request through a memory file, which, unlike a
		// pipe, can hold a request of any size before the init
		// process starts.
		requestFD, err := unix.MemfdCreate("bb_sandbox_request", unix.MFD_CLOEXEC)
		if err != nil {
			return nil, util.StatusWrapWithCode(err, codes.Internal, "Failed to create file for sandbox request")
		}
		requestFile := os.NewFile(uintptr(requestFD), "request")
		if _, err := requestFile.Write(request.Marshal()); err != nil {
			requestFile.Close()
			return nil, util.StatusWrapWithCode(err, codes.Internal, "Failed to write sandbox request")
		}
		if _, err := requestFile.Seek(0, 0); err != nil {
			requestFile.Close()
			return nil, util.StatusWrapWithCode(err, codes.Internal, "Failed to rewind sandbox request")
		}
		// The action inherits the init process' standard input.
		// Open /dev/null through a read-only mount, so that the
		// action cannot change the attributes of the host's
		// /dev/null through it.
		stdin, err := templates.OpenDevNull()
		if err != nil {
			requestFile.Close()
			return nil, convertInitError(err)
		}
		report, reportWriter, err := os.Pipe()
		if err != nil {
			requestFile.Close()
			stdin.Close()
			return nil, util.StatusWrapWithCode(err, codes.Internal, "Failed to create pipe for sandbox report")
		}
		state.report = report
		state.reportWriter = reportWriter
		state.requestFile = requestFile
		state.stdin = stdin

		// exec.CommandContext() calls exec.LookPath(), which we
		// don't want. Set cmd.Path and cmd.Args manually.
		cmd := exec.CommandContext(ctx, "/nonexistent")
		cmd.Path = initExecutablePath
		cmd.Args = []string{initprocess.Argv0}
		cmd.Stdin = stdin
		cmd.ExtraFiles = []*os.File{reportWriter, requestFile}
		cmd.SysProcAttr = &syscall.SysProcAttr{
			Cloneflags: cloneflags,
			Setsid:     true,
			Pdeathsig:  syscall.SIGKILL,
		}
		return cmd, nil
	}
}
