//go:build linux
// +build linux

package sandbox

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"

	"github.com/bb-chroot/bb-chroot/pkg/sandbox/initprocess"
	runner_pb "github.com/buildbarn/bb-remote-execution/pkg/proto/runner"
	"github.com/buildbarn/bb-storage/pkg/filesystem/path"
	"github.com/buildbarn/bb-storage/pkg/util"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Probe checks that the current process is able to run actions in a
// sandbox with a given configuration: that it may create the
// namespaces, create every configured mount, and make the input root
// the root directory. It
// does so by setting up a sandbox for an input root in a temporary
// directory, containing the mountpoints of all configured mounts. This
// allows bb_runner to refuse to start when it lacks privileges or
// kernel features, instead of failing every action.
//
// It sets the configuration's UseInitProcess if the kernel cannot
// mount procfs for a PID namespace that bb_runner is not in.
func Probe(ctx context.Context, configuration *Configuration) error {
	directory, err := os.MkdirTemp("", "bb_runner_probe")
	if err != nil {
		return util.StatusWrapWithCode(err, codes.Internal, "Failed to create temporary directory")
	}
	defer os.RemoveAll(directory)
	for _, name := range []string{"root", "tmp"} {
		if err := os.Mkdir(filepath.Join(directory, name), 0o755); err != nil {
			return util.StatusWrapWithCode(err, codes.Internal, "Failed to create directory in temporary directory")
		}
	}

	// Let the init process create all mountpoints, so that every
	// configured mount is tested.
	probeConfiguration := *configuration
	probeConfiguration.Mounts = append(probeConfiguration.Mounts[:0:0], configuration.Mounts...)
	for i := range probeConfiguration.Mounts {
		probeConfiguration.Mounts[i].CreateMountpoint = true
	}

	buildDirectoryPath, scopeWalker := path.EmptyBuilder.Join(path.NewAbsoluteScopeWalker(path.VoidComponentWalker))
	if err := path.Resolve(path.LocalFormat.NewParser(directory), scopeWalker); err != nil {
		return util.StatusWrap(err, "Failed to resolve temporary directory")
	}
	inputRootDirectory, scopeWalker := buildDirectoryPath.Join(path.VoidScopeWalker)
	if err := path.Resolve(path.UNIXFormat.NewParser("root"), scopeWalker); err != nil {
		return util.StatusWrap(err, "Failed to resolve input root directory")
	}
	state := &runState{
		request: &runner_pb.RunRequest{
			InputRootDirectory: "root",
			TemporaryDirectory: "tmp",
		},
		probe: true,
	}
	if !configuration.UseInitProcess {
		err := probeThreadSandbox(buildDirectoryPath, &probeConfiguration, state)
		if err != initprocess.ErrProcPIDNamespaceUnsupported {
			return err
		}
		// Fall back to setting up sandboxes in init processes.
		configuration.UseInitProcess = true
		probeConfiguration.UseInitProcess = true
	}
	cmd, err := NewCommandCreator(buildDirectoryPath, &probeConfiguration, &syscall.SysProcAttr{})(
		context.WithValue(ctx, runStateKey{}, state),
		[]string{"probe"},
		inputRootDirectory,
		path.UNIXFormat.NewParser("."),
		"",
	)
	if err != nil {
		return err
	}
	err = cmd.Start()
	if err == nil {
		err = cmd.Wait()
	}
	report, reportErr := state.finish()
	if errors.Is(err, os.ErrPermission) {
		return status.Errorf(codes.FailedPrecondition, "Failed to start sandbox init process in new namespaces: %s (bb_runner needs CAP_SYS_ADMIN, and must not be confined by a seccomp or AppArmor profile that blocks creating namespaces)", err)
	}
	if reportErr == nil && report.Error != nil {
		// The init process reports why it could not set up
		// the sandbox, and exits with a non-zero status.
		return status.Error(codes.Code(report.Error.Code), report.Error.Message)
	}
	if err != nil {
		return util.StatusWrapWithCode(err, codes.Internal, "Failed to run sandbox init process")
	}
	if reportErr != nil {
		return util.StatusWrapWithCode(reportErr, codes.Internal, "Failed to read report of sandbox init process")
	}
	return nil
}

// probeThreadSandbox sets up a sandbox on a thread of its own, drops
// the thread's privileges, and terminates the thread. It returns
// initprocess.ErrProcPIDNamespaceUnsupported if sandboxes have to be
// set up by init processes instead.
func probeThreadSandbox(buildDirectoryPath *path.Builder, configuration *Configuration, state *runState) error {
	request, err := newInitRequest(buildDirectoryPath, configuration, &syscall.SysProcAttr{}, state, []string{"probe"}, path.UNIXFormat.NewParser("."), "")
	if err != nil {
		return err
	}
	// Create all mounts from scratch, instead of copying them from
	// templates, so that the need to fall back to init processes is
	// detected on kernels that cannot create the templates either.
	templates, err := initprocess.NewTemplates(nil)
	if err != nil {
		return convertInitError(err)
	}
	runOnDisposableThread(func() {
		var threadSandbox *initprocess.ThreadSandbox
		threadSandbox, err = initprocess.NewThreadSandbox(request, templates, getCloneflags(configuration), getInitExecutablePath(configuration))
		if err == nil {
			err = threadSandbox.Probe()
			threadSandbox.Close()
		}
	})
	switch {
	case err == nil:
		if _, err := initprocess.NewTemplates(configuration.Mounts); err != nil {
			return convertInitError(err)
		}
		return nil
	case err == initprocess.ErrProcPIDNamespaceUnsupported:
		return err
	case errors.Is(err, os.ErrPermission):
		return status.Errorf(codes.FailedPrecondition, "Failed to create namespaces: %s (bb_runner needs CAP_SYS_ADMIN, and must not be confined by a seccomp or AppArmor profile that blocks creating namespaces)", err)
	default:
		return convertInitError(err)
	}
}
