//go:build linux
// +build linux

package initprocess

import (
	"errors"
	"os"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// ErrProcPIDNamespaceUnsupported is returned by NewThreadSandbox when
// the kernel cannot mount a procfs for a PID namespace other than that
// of the calling process. This requires the "pidns" option of procfs,
// added in Linux 6.15.
var ErrProcPIDNamespaceUnsupported = errors.New("the kernel does not support the \"pidns\" option of procfs")

// ThreadSandbox is a sandbox that the runner sets up on one of its own
// threads, instead of in an init process. The thread enters new
// namespaces, stacks a copy of the input root's mount on top of the
// root directory of the mount namespace, and mounts the configured
// file systems inside of it. The action is started from the same
// thread, so that it inherits the namespaces, and changes its root
// directory to the input root before it executes.
//
// The thread itself keeps the host's root directory, underneath the
// input root. This lets the runner open the action's log files by
// their paths on the host.
//
// Only a reaper process is started as PID 1 of the PID namespace, both
// to reap orphaned processes and because procfs can only be mounted for
// a PID namespace that has an init process. This avoids starting a Go
// program for every action, which costs more than all other steps of
// setting up the sandbox together.
type ThreadSandbox struct {
	request      *Request
	reaperPID    int
	reaperSocket int
	devNull      *os.File
	hostRootFD   int
	rootFD       int
}

// NewThreadSandbox sets up the sandbox of a request on the calling
// thread. The calling goroutine must be locked to its thread using
// runtime.LockOSThread(), and must not unlock it. The thread's
// namespaces, root directory, capabilities and seccomp filter cannot be
// restored, so the Go runtime has to terminate the thread when the
// goroutine exits. The namespaces of the sandbox are released then.
//
// templates holds the file systems that are copied into the sandbox,
// and through which the action's standard input is opened. cloneflags
// are the namespaces to create, which must include CLONE_NEWNS and
// CLONE_NEWPID. reaperExecutablePath is the executable of the init
// process, which is started with argv[1] set to ReaperArgument.
func NewThreadSandbox(request *Request, templates *Templates, cloneflags uintptr, reaperExecutablePath string) (*ThreadSandbox, error) {
	s := &ThreadSandbox{
		request:      request,
		reaperSocket: -1,
		hostRootFD:   -1,
		rootFD:       -1,
	}
	// CLONE_FS gives the thread a root and working directory of
	// its own, and CLONE_FILES a table of file descriptors of its
	// own. Mark all file descriptors in the latter close-on-exec,
	// so that the action does not inherit any file that another
	// thread opened, such as the log files of other actions.
	if err := unix.Unshare(unix.CLONE_FS | unix.CLONE_FILES | int(cloneflags)); err == unix.EPERM {
		return nil, errorf(CodeFailedPrecondition, "Failed to create namespaces: %s (bb_runner needs CAP_SYS_ADMIN, and must not be confined by a seccomp or AppArmor profile that blocks creating namespaces)", err)
	} else if err != nil {
		return nil, wrapKernelError(err, "Failed to create namespaces")
	}
	if err := unix.CloseRange(3, ^uint(0), unix.CLOSE_RANGE_CLOEXEC); err != nil {
		return nil, wrapKernelError(err, "Failed to mark file descriptors close-on-exec")
	}
	// The root directory of the host, to which the thread returns
	// before it starts the action.
	var err error
	if s.hostRootFD, err = unix.Open("/", unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0); err != nil {
		return nil, wrapKernelError(err, "Failed to open root directory")
	}

	// Stack a copy of the input root's mount on top of the root
	// directory of the mount namespace, instead of making it the
	// root with pivot_root(). Detaching the old root would make
	// the kernel wait for an RCU grace period on every action.
	// The host's file systems remain in the mount namespace,
	// underneath the input root: a process whose root directory
	// is the input root cannot reach them through "..", as the
	// kernel enters the input root's mount whenever it arrives at
	// the root directory of the namespace, and they are not
	// listed in /proc/self/mountinfo. Only unmounting the input
	// root, which requires CAP_SYS_ADMIN, would uncover them.
	inputRootFD, rootFD, err := cloneInputRoot(request)
	if err != nil {
		s.Close()
		return nil, err
	}
	unix.Close(inputRootFD)
	s.rootFD = rootFD
	if err := attachMount(s.rootFD, s.hostRootFD); err != nil {
		s.Close()
		return nil, wrapKernelError(err, "Failed to mount input root directory on top of root directory")
	}
	if err := unix.Fchdir(s.rootFD); err != nil {
		s.Close()
		return nil, wrapKernelError(err, "Failed to change to input root directory")
	}

	// Start the reaper in the input root, which it makes its root
	// directory. It reports that it did so by writing to its
	// standard input, a socket, and exits when the socket is
	// closed. It is killed when this thread terminates.
	reaperSocket, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		s.Close()
		return nil, wrapKernelError(err, "Failed to create socket pair for sandbox reaper process")
	}
	s.reaperSocket = reaperSocket[1]
	s.reaperPID, err = syscall.ForkExec(reaperExecutablePath, []string{Argv0, ReaperArgument}, &syscall.ProcAttr{
		Files: []uintptr{uintptr(reaperSocket[0])},
		Sys: &syscall.SysProcAttr{
			Setsid:    true,
			Pdeathsig: syscall.SIGKILL,
		},
	})
	unix.Close(reaperSocket[0])
	if err != nil {
		s.reaperPID = 0
		s.Close()
		return nil, wrapf(err, CodeInternal, "Failed to start sandbox reaper process %#v", reaperExecutablePath)
	}

	pidNamespaceFD, err := unix.Open("/proc/thread-self/ns/pid_for_children", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		s.Close()
		return nil, wrapKernelError(err, "Failed to open PID namespace of sandbox")
	}
	err = mountFileSystems(request, s.rootFD, pidNamespaceFD, templates)
	unix.Close(pidNamespaceFD)
	if err != nil {
		s.Close()
		return nil, err
	}
	if err := configureNamespaces(request); err != nil {
		s.Close()
		return nil, err
	}
	// The action's standard input.
	if s.devNull, err = templates.OpenDevNull(); err != nil {
		s.Close()
		return nil, err
	}

	// Let no process of the sandbox start before the reaper
	// changed its root directory, so that none can reach the
	// host's file systems through /proc/1/root.
	if err := s.waitForReaper(); err != nil {
		s.Close()
		return nil, err
	}
	if err := unix.Chroot("."); err != nil {
		s.Close()
		return nil, wrapKernelError(err, "Failed to change root directory to input root directory")
	}
	return s, nil
}

// waitForReaper waits until the reaper reports that it changed its
// root directory.
func (s *ThreadSandbox) waitForReaper() error {
	var b [1]byte
	for {
		n, err := unix.Read(s.reaperSocket, b[:])
		switch {
		case err == unix.EINTR:
		case err != nil:
			return wrapKernelError(err, "Failed to wait for sandbox reaper process")
		case n == 0:
			return errorf(CodeInternal, "The sandbox reaper process terminated before it changed its root directory to the input root directory (bb_sandbox_init must be of the same version as bb_runner)")
		default:
			return nil
		}
	}
}

// startCapabilities are the capabilities that the thread retains
// until it has started the action, next to those of the action: the
// action's process changes its root directory and credentials before
// it executes.
const startCapabilities = 1<<unix.CAP_SETGID | 1<<unix.CAP_SETUID | 1<<unix.CAP_SYS_CHROOT

// PrepareCommand changes to the action's working directory, looks up
// argv[0] inside the input root, and drops the thread's privileges.
// It returns the path of the executable, the action's standard input
// and the attributes with which the action is to be started from this
// thread. The action becomes PID 2 of the sandbox.
func (s *ThreadSandbox) PrepareCommand() (string, *os.File, *syscall.SysProcAttr, error) {
	request := s.request
	if err := enterWorkingDirectory(request.WorkingDirectory); err != nil {
		return "", nil, nil, err
	}
	executablePath, err := lookupExecutable(request.Arguments[0], request.PathVariable)
	if err != nil {
		return "", nil, nil, err
	}

	if err := s.enterHostRootDirectory(); err != nil {
		return "", nil, nil, err
	}
	if err := s.dropPrivileges(startCapabilities); err != nil {
		return "", nil, nil, err
	}
	// The action is not started with a parent death signal, as
	// syscall.ForkExec() would consider the runner dead: it is not
	// in the action's PID namespace. The kernel kills the action
	// when the reaper terminates.
	sysProcAttr := &syscall.SysProcAttr{
		Chroot: s.getRootDirectoryPath(),
		Setsid: true,
	}
	if request.RunAsCredentials {
		sysProcAttr.Credential = &syscall.Credential{
			Uid:    request.UID,
			Gid:    request.GID,
			Groups: request.Groups,
		}
	}
	return executablePath, s.devNull, sysProcAttr, nil
}

// enterHostRootDirectory makes the host's file systems the thread's
// root directory again, keeping the working directory inside the input
// root.
func (s *ThreadSandbox) enterHostRootDirectory() error {
	workingDirectoryFD, err := unix.Open(".", unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return wrapKernelError(err, "Failed to open working directory")
	}
	defer unix.Close(workingDirectoryFD)
	if err := unix.Fchdir(s.hostRootFD); err != nil {
		return wrapKernelError(err, "Failed to change to root directory of the host")
	}
	if err := unix.Chroot("."); err != nil {
		return wrapKernelError(err, "Failed to change root directory to that of the host")
	}
	if err := unix.Fchdir(workingDirectoryFD); err != nil {
		return wrapKernelError(err, "Failed to change to working directory")
	}
	return nil
}

// getRootDirectoryPath returns the path through which the action's
// process changes its root directory to the input root, before it
// executes. It is resolved with the host's procfs.
func (s *ThreadSandbox) getRootDirectoryPath() string {
	return "/proc/self/fd/" + strconv.Itoa(s.rootFD)
}

// dropPrivileges reduces the capabilities of the thread, and installs
// the seccomp filter, in the same order as the init process does. The
// thread retains additionalCapabilities, which the action cannot
// inherit.
func (s *ThreadSandbox) dropPrivileges(additionalCapabilities uint64) error {
	request := s.request
	capabilities, err := reduceBoundingSet(request.Capabilities)
	if err != nil {
		return err
	}
	capabilities.retain(request.Capabilities|additionalCapabilities, request.Capabilities)
	filter := newSeccompFilter(request.SeccompFilter)
	if request.AllowNewPrivileges {
		if err := installSeccompFilter(filter); err != nil {
			return err
		}
		return capabilities.apply()
	}
	if err := capabilities.apply(); err != nil {
		return err
	}
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return wrapKernelError(err, "Failed to set PR_SET_NO_NEW_PRIVS")
	}
	return installSeccompFilter(filter)
}

// Probe checks that the thread can drop its privileges and install the
// seccomp filter, without starting an action.
func (s *ThreadSandbox) Probe() error {
	if err := s.enterHostRootDirectory(); err != nil {
		return err
	}
	// The file descriptor table of this thread is not that of the
	// process, as it is for the action.
	var stat unix.Stat_t
	if path := "/proc/thread-self/fd/" + strconv.Itoa(s.rootFD); unix.Stat(path, &stat) != nil {
		return errorf(CodeFailedPrecondition, "Failed to find the input root through %#v (bb_runner needs procfs mounted at /proc)", path)
	}
	return s.dropPrivileges(startCapabilities)
}

// Kill kills the reaper, which makes the kernel kill all processes in
// the sandbox's PID namespace, including the action. It may be called
// from any thread, until Close() is called.
func (s *ThreadSandbox) Kill() {
	if s.reaperPID > 0 {
		unix.Kill(s.reaperPID, unix.SIGKILL)
	}
}

// Close terminates the reaper by closing its standard input, which
// makes the kernel kill all processes that are left in the sandbox's
// PID namespace, and waits for it. It returns the signal that
// terminated the reaper if it did not exit by itself, because it was
// killed by Kill() or by someone else, such as the kernel's OOM
// killer. Its termination also terminated the action.
func (s *ThreadSandbox) Close() unix.Signal {
	if s.reaperSocket >= 0 {
		unix.Close(s.reaperSocket)
		s.reaperSocket = -1
	}
	var signal unix.Signal
	if s.reaperPID > 0 {
		var waitStatus unix.WaitStatus
		for {
			if _, err := unix.Wait4(s.reaperPID, &waitStatus, 0, nil); err != unix.EINTR {
				break
			}
		}
		if waitStatus.Signaled() {
			signal = waitStatus.Signal()
		}
		s.reaperPID = 0
	}
	if s.devNull != nil {
		s.devNull.Close()
	}
	for _, fd := range []int{s.hostRootFD, s.rootFD} {
		if fd >= 0 {
			unix.Close(fd)
		}
	}
	return signal
}
