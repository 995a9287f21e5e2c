//go:build linux
// +build linux

package initprocess

import (
	"errors"
	"os"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// enterWorkingDirectory changes to the working directory of the
// action. It is called after the input root has become the root
// directory, so that symbolic links are resolved inside of it.
func enterWorkingDirectory(workingDirectory string) error {
	var fd int
	var err error
	for {
		fd, err = unix.Openat2(unix.AT_FDCWD, workingDirectory, &unix.OpenHow{
			Flags:   unix.O_PATH | unix.O_DIRECTORY | unix.O_CLOEXEC,
			Resolve: unix.RESOLVE_IN_ROOT | unix.RESOLVE_NO_MAGICLINKS,
		})
		// openat2() returns EAGAIN when resolving ".." raced
		// with a rename or mount anywhere on the system. Retry.
		if err != unix.EAGAIN {
			break
		}
	}
	if err != nil {
		return wrapf(err, CodeInvalidArgument, "Failed to open working directory %#v in the input root", workingDirectory)
	}
	defer unix.Close(fd)
	if err := unix.Fchdir(fd); err != nil {
		return wrapf(err, CodeInvalidArgument, "Failed to change to working directory %#v", workingDirectory)
	}
	return nil
}

// lookupExecutable resolves argv[0] of the action inside the input
// root, using the PATH environment variable of the action, as
// described by the Remote Execution API: argv[0] containing a slash
// is used as is, relative to the working directory. Otherwise it is
// looked up in the directories listed in PATH.
func lookupExecutable(argv0, pathVariable string) (string, error) {
	if strings.ContainsRune(argv0, '/') {
		return argv0, nil
	}
	for _, directory := range strings.Split(pathVariable, ":") {
		if directory == "" {
			// An empty PATH entry denotes the working directory.
			directory = "."
		}
		candidate := directory + "/" + argv0
		// Don't follow magic links such as /proc/1/root.
		fd, err := unix.Openat2(unix.AT_FDCWD, candidate, &unix.OpenHow{
			Flags:   unix.O_PATH | unix.O_CLOEXEC,
			Resolve: unix.RESOLVE_NO_MAGICLINKS,
		})
		if err != nil {
			continue
		}
		var stat unix.Stat_t
		err = unix.Fstat(fd, &stat)
		unix.Close(fd)
		if err == nil && stat.Mode&unix.S_IFMT == unix.S_IFREG && stat.Mode&0o111 != 0 {
			return candidate, nil
		}
	}
	return "", errorf(CodeInvalidArgument, "Cannot find executable %#v in search paths %#v", truncate(argv0), truncate(pathVariable))
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

// invalidArgumentErrs are the errors of starting the action that are
// caused by the action's input root or command, such as a missing or
// non-executable argv[0].
var invalidArgumentErrs = []error{
	os.ErrPermission, syscall.E2BIG, syscall.EISDIR, syscall.ELOOP,
	syscall.ENAMETOOLONG, syscall.ENOENT, syscall.ENOEXEC, syscall.ENOTDIR,
}

func wrapStartError(executablePath string, err error) error {
	code := uint32(CodeInternal)
	for _, invalidArgumentErr := range invalidArgumentErrs {
		if errors.Is(err, invalidArgumentErr) {
			code = CodeInvalidArgument
			break
		}
	}
	return errorf(code, "Failed to start process: fork/exec %s: %s", truncate(executablePath), err)
}

// threadCapabilities are the capability sets of the thread that
// starts the action.
type threadCapabilities struct {
	header unix.CapUserHeader
	data   [2]unix.CapUserData
}

// reduceBoundingSet removes all capabilities that are not in the
// retained bit mask from the bounding set of the current thread, which
// the action inherits. It returns the thread's own effective, permitted and
// inheritable sets without those capabilities, which the thread must
// apply before it starts the action: the action's execve() resolves
// argv[0] and the interpreters it names (#! lines and ELF
// interpreters) with the forking thread's capabilities.
func reduceBoundingSet(retainedMask uint64) (*threadCapabilities, error) {
	retained := [2]uint32{uint32(retainedMask), uint32(retainedMask >> 32)}
	for capability := 0; capability <= unix.CAP_LAST_CAP; capability++ {
		if retained[capability/32]&(1<<(capability%32)) == 0 {
			// A raw system call, as prctl() does not block,
			// and this is done for most capabilities.
			if _, _, errno := unix.RawSyscall6(unix.SYS_PRCTL, unix.PR_CAPBSET_DROP, uintptr(capability), 0, 0, 0, 0); errno != 0 && errno != unix.EINVAL {
				return nil, wrapKernelError(errno, "Failed to drop capability %d from the bounding set", capability)
			}
		}
	}

	c := &threadCapabilities{
		header: unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3},
	}
	if err := unix.Capget(&c.header, &c.data[0]); err != nil {
		return nil, wrapKernelError(err, "Failed to obtain capabilities")
	}
	c.retain(retainedMask, retainedMask)
	return c, nil
}

// retain removes capabilities from the effective and permitted sets,
// and from the inheritable set.
func (c *threadCapabilities) retain(permittedMask, inheritableMask uint64) {
	permitted := [2]uint32{uint32(permittedMask), uint32(permittedMask >> 32)}
	inheritable := [2]uint32{uint32(inheritableMask), uint32(inheritableMask >> 32)}
	for i := range c.data {
		c.data[i].Effective &= permitted[i]
		c.data[i].Permitted &= permitted[i]
		c.data[i].Inheritable &= inheritable[i]
	}
}

// apply sets the capabilities of the current thread. It uses a raw
// system call, for the reason given in run().
func (c *threadCapabilities) apply() error {
	if _, _, errno := unix.RawSyscall(unix.SYS_CAPSET, uintptr(unsafe.Pointer(&c.header)), uintptr(unsafe.Pointer(&c.data[0])), 0); errno != 0 {
		return wrapKernelError(errno, "Failed to drop capabilities")
	}
	return nil
}
