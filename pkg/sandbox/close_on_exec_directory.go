package sandbox

import (
	"os"
	"syscall"

	"github.com/buildbarn/bb-storage/pkg/filesystem"
	"github.com/buildbarn/bb-storage/pkg/filesystem/path"
)

type closeOnExecDirectory struct {
	filesystem.Directory
}

// NewCloseOnExecDirectory creates a decorator for the build directory
// of runner.NewLocalRunner(), which marks the log files that it opens
// close-on-exec. bb-storage's local directories open files without
// O_CLOEXEC, so that the command would inherit a second file descriptor
// of each of its log files, next to its standard output and error.
func NewCloseOnExecDirectory(base filesystem.Directory) filesystem.Directory {
	return closeOnExecDirectory{Directory: base}
}

func (d closeOnExecDirectory) EnterDirectory(name path.Component) (filesystem.DirectoryCloser, error) {
	child, err := d.Directory.EnterDirectory(name)
	if err != nil {
		return nil, err
	}
	return closeOnExecDirectoryCloser{DirectoryCloser: child}, nil
}

func (d closeOnExecDirectory) OpenAppend(name path.Component, creationMode filesystem.CreationMode) (filesystem.FileAppender, error) {
	return openAppendCloseOnExec(d.Directory, name, creationMode)
}

type closeOnExecDirectoryCloser struct {
	filesystem.DirectoryCloser
}

func (d closeOnExecDirectoryCloser) EnterDirectory(name path.Component) (filesystem.DirectoryCloser, error) {
	child, err := d.DirectoryCloser.EnterDirectory(name)
	if err != nil {
		return nil, err
	}
	return closeOnExecDirectoryCloser{DirectoryCloser: child}, nil
}

func (d closeOnExecDirectoryCloser) OpenAppend(name path.Component, creationMode filesystem.CreationMode) (filesystem.FileAppender, error) {
	return openAppendCloseOnExec(d.DirectoryCloser, name, creationMode)
}

func openAppendCloseOnExec(d filesystem.Directory, name path.Component, creationMode filesystem.CreationMode) (filesystem.FileAppender, error) {
	f, err := d.OpenAppend(name, creationMode)
	if err != nil {
		return nil, err
	}
	if file, ok := f.(*os.File); ok {
		syscall.CloseOnExec(int(file.Fd()))
	}
	return f, nil
}
