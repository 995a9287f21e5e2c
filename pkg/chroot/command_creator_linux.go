//go:build linux
// +build linux

package chroot

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/buildbarn/bb-remote-execution/pkg/runner"
	"github.com/buildbarn/bb-storage/pkg/filesystem/path"
	"github.com/buildbarn/bb-storage/pkg/util"

	"golang.org/x/sys/unix"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// defaultPathVariable is used to look up argv[0] of commands whose
// environment has no PATH, as done by execvp().
const defaultPathVariable = "/bin:/usr/bin"

// NewChrootedCommandCreator returns a CommandCreator for cases where
// we need to chroot into the input root directory. argv[0] is looked
// up inside the input root, using the PATH environment variable of the
// action, so that the input root does not need to contain
// /usr/bin/env.
func NewChrootedCommandCreator(sysProcAttr *syscall.SysProcAttr) (runner.CommandCreator, error) {
	return func(ctx context.Context, arguments []string, inputRootDirectory *path.Builder, workingDirectoryParser path.Parser, pathVariable string) (*exec.Cmd, error) {
		inputRootDirectoryStr, err := path.LocalFormat.GetString(inputRootDirectory)
		if err != nil {
			return nil, util.StatusWrap(err, "Failed to create local representation of input root directory")
		}

		// Set the working relative to be relative to the root
		// directory of the chrooted environment.
		workingDirectory, scopeWalker := path.RootBuilder.Join(path.VoidScopeWalker)
		if err := path.Resolve(workingDirectoryParser, scopeWalker); err != nil {
			return nil, util.StatusWrap(err, "Failed to resolve working directory")
		}
		workingDirectoryStr, err := path.LocalFormat.GetString(workingDirectory)
		if err != nil {
			return nil, util.StatusWrap(err, "Failed to create local representation of working directory")
		}

		// exec.CommandContext() would look up argv[0] before the
		// chroot() takes place (golang/go#39341). Look it up
		// inside the input root instead, and set cmd.Path, which
		// is resolved after chroot() and chdir().
		executablePath, err := lookupExecutableInRoot(inputRootDirectoryStr, workingDirectoryStr, pathVariable, arguments[0])
		if err != nil {
			return nil, err
		}
		cmd := exec.CommandContext(ctx, "/nonexistent")
		cmd.Args = arguments
		cmd.Dir = workingDirectoryStr
		cmd.Path = executablePath
		sysProcAttrCopy := *sysProcAttr
		sysProcAttrCopy.Chroot = inputRootDirectoryStr
		cmd.SysProcAttr = &sysProcAttrCopy
		return cmd, nil
	}, nil
}

// lookupExecutableInRoot returns the path of an executable inside a
// root directory, taking the PATH environment variable into account.
// Symbolic links are resolved as if the root directory were the root
// of the file system, so that they can never lead outside of it.
func lookupExecutableInRoot(rootDirectory, workingDirectory, pathVariable, argv0 string) (string, error) {
	if strings.ContainsRune(argv0, '/') {
		// No PATH processing needs to be performed.
		return argv0, nil
	}
	if pathVariable == "" {
		pathVariable = defaultPathVariable
	}
	rootFD, err := unix.Open(rootDirectory, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return "", util.StatusWrapfWithCode(err, codes.InvalidArgument, "Failed to open input root directory")
	}
	defer unix.Close(rootFD)
	for _, searchPath := range filepath.SplitList(pathVariable) {
		executablePath := filepath.Join(searchPath, argv0)
		pathInRoot := executablePath
		if !filepath.IsAbs(searchPath) {
			// Relative entries in PATH are relative to the
			// working directory. Return a relative path, as
			// is done by shells.
			executablePath = "./" + executablePath
			pathInRoot = filepath.Join(workingDirectory, executablePath)
		}
		if isExecutableInRoot(rootFD, pathInRoot) {
			return executablePath, nil
		}
	}
	return "", status.Errorf(codes.InvalidArgument, "Cannot find executable %#v in search paths %#v", argv0, pathVariable)
}

// isExecutableInRoot returns whether a path inside a root directory
// refers to an executable regular file.
func isExecutableInRoot(rootFD int, p string) bool {
	for {
		fd, err := unix.Openat2(rootFD, p, &unix.OpenHow{
			Flags:   unix.O_PATH | unix.O_CLOEXEC,
			Resolve: unix.RESOLVE_IN_ROOT | unix.RESOLVE_NO_MAGICLINKS,
		})
		if err == unix.EAGAIN {
			continue
		}
		if err != nil {
			return false
		}
		var stat unix.Stat_t
		err = unix.Fstat(fd, &stat)
		unix.Close(fd)
		return err == nil && stat.Mode&unix.S_IFMT == unix.S_IFREG && stat.Mode&0o111 != 0
	}
}
