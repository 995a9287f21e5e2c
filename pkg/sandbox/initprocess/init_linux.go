//go:build linux
// +build linux

package initprocess

import (
	"errors"
	"io"
	"os"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// resetSignalDispositions sets the disposition of every signal other
// than SIGKILL, SIGSTOP and SIGURG (which the Go runtime uses to
// preempt goroutines) to SIG_DFL, removing the handlers that the Go
// runtime installed, which would terminate this process or print its
// goroutines. The kernel discards signals with the default disposition
// that are sent to PID 1 from inside its PID namespace, so nothing the
// action sends affects this process; only SIGKILL from outside, sent
// by the runner or the kernel, terminates it. The action starts with
// these default dispositions, which would not be the case if the
// signals were ignored.
func resetSignalDispositions() {
	// struct sigaction with sa_handler set to SIG_DFL.
	var action [4]uint64
	for s := 1; s <= 64; s++ {
		if s != int(unix.SIGKILL) && s != int(unix.SIGSTOP) && s != int(unix.SIGURG) {
			unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(s), uintptr(unsafe.Pointer(&action)), 0, 8, 0, 0)
		}
	}
}

// closeRangeCloexec is CLOSE_RANGE_CLOEXEC, which marks file
// descriptors close-on-exec instead of closing them.
const closeRangeCloexec = 1 << 2

func init() {
	// Turn into the init process as early as possible, so that a
	// large program that imports this package and re-executes itself
	// does not run the package initializers it does not need.
	if len(os.Args) == 1 && os.Args[0] == Argv0 {
		os.Exit(Main())
	}
	if len(os.Args) == 2 && os.Args[0] == Argv0 && os.Args[1] == ReaperArgument {
		runReaper()
	}
}

// Main runs the init process of a sandbox. The runner starts it as
// PID 1 of new mount and PID namespaces (and optionally IPC, UTS and
// network namespaces), with the action's environment, its standard
// output and error, the request at file descriptor RequestFD and the
// report pipe at file descriptor ReportFD. It sets up the sandbox,
// runs the action, reaps every process in the namespace, and returns
// the exit code with which the init process exits.
func Main() int {
	resetSignalDispositions()

	// This process only waits for the action. A single P prevents
	// the Go runtime from starting threads while the action is
	// started, as threads take PIDs in the PID namespace.
	runtime.GOMAXPROCS(1)

	// The Go runtime starts a thread when it hands off the P of a
	// thread that blocks in a system call, unless it has an idle
	// one. Create idle threads now, so that no thread is started
	// right before the action is started, which would take the
	// action's PID.
	startIdleThreads(2)

	// Prevent the action from opening this process' file
	// descriptors and memory through /proc/1.
	unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0)

	report := os.NewFile(ReportFD, "report")
	unix.CloseOnExec(ReportFD)
	var r Report
	exitCode := 0
	request, err := readRequest()
	if err == nil {
		exitCode, r.Signal, err = run(request)
	}
	if err != nil {
		if !errors.As(err, &r.Error) {
			r.Error = &Error{Code: CodeInternal, Message: err.Error()}
		}
		exitCode = 127
	}
	if r.Error != nil || r.Signal != 0 {
		report.Write(r.Marshal())
	}
	return exitCode
}

func readRequest() (*Request, error) {
	f := os.NewFile(RequestFD, "request")
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		return nil, wrapf(err, CodeInternal, "Failed to read request")
	}
	request, err := UnmarshalRequest(data)
	if err != nil {
		return nil, wrapf(err, CodeInternal, "Failed to unmarshal request")
	}
	return request, nil
}

// run sets up the sandbox and runs the action. It returns the exit code
// of the action, or the signal that terminated it.
func run(request *Request) (int, uint32, error) {
	if err := enterSandbox(request); err != nil {
		return 0, 0, err
	}
	if request.Probe {
		// Check that the kernel accepts the seccomp filter.
		runtime.LockOSThread()
		return 0, 0, installSeccompFilter(newSeccompFilter(request.SeccompFilter))
	}

	// The action is started from this thread, after the thread
	// dropped its capabilities.
	runtime.LockOSThread()
	if err := enterWorkingDirectory(request.WorkingDirectory); err != nil {
		return 0, 0, err
	}
	executablePath, err := lookupExecutable(request.Arguments[0], request.PathVariable)
	if err != nil {
		return 0, 0, err
	}
	lastPIDFD, err := openLastPID()
	if err != nil {
		return 0, 0, err
	}
	defer unix.Close(lastPIDFD)
	capabilities, err := reduceBoundingSet(request.Capabilities)
	if err != nil {
		return 0, 0, err
	}
	sysProcAttr := &syscall.SysProcAttr{Setsid: true}
	if request.RunAsCredentials {
		sysProcAttr.Credential = &syscall.Credential{
			Uid:    request.UID,
			Gid:    request.GID,
			Groups: request.Groups,
		}
	}
	environment := os.Environ()
	filter := newSeccompFilter(request.SeccompFilter)
	// The action is the next process in the PID namespace. From here
	// until it is started, only raw system calls are made. A thread
	// blocking in a regular system call may make the Go runtime start
	// a new thread, which would take the action's PID.
	lastPID := []byte(strconv.Itoa(actionPID - 1))
	if _, _, errno := unix.RawSyscall(unix.SYS_WRITE, uintptr(lastPIDFD), uintptr(unsafe.Pointer(&lastPID[0])), uintptr(len(lastPID))); errno != 0 {
		return 0, 0, wrapKernelError(errno, "Failed to write ns_last_pid")
	}
	if request.AllowNewPrivileges {
		// Without PR_SET_NO_NEW_PRIVS, installing a seccomp
		// filter requires CAP_SYS_ADMIN, which is dropped next.
		if err := installSeccompFilter(filter); err != nil {
			return 0, 0, err
		}
		if err := capabilities.apply(); err != nil {
			return 0, 0, err
		}
	} else {
		if err := capabilities.apply(); err != nil {
			return 0, 0, err
		}
		// Neither set-user-ID files nor file capabilities may
		// raise the privileges of the action.
		if _, _, errno := unix.RawSyscall(unix.SYS_PRCTL, unix.PR_SET_NO_NEW_PRIVS, 1, 0); errno != 0 {
			return 0, 0, wrapKernelError(errno, "Failed to set PR_SET_NO_NEW_PRIVS")
		}
		if err := installSeccompFilter(filter); err != nil {
			return 0, 0, err
		}
	}
	// Let the action inherit no file descriptors other than its
	// standard input, output and error, even those that bb_runner
	// inherited without close-on-exec.
	if _, _, errno := unix.RawSyscall(unix.SYS_CLOSE_RANGE, 3, ^uintptr(0), closeRangeCloexec); errno != 0 {
		return 0, 0, wrapKernelError(errno, "Failed to mark file descriptors close-on-exec")
	}
	pid, err := syscall.ForkExec(executablePath, request.Arguments, &syscall.ProcAttr{
		Env:   environment,
		Files: []uintptr{0, 1, 2},
		Sys:   sysProcAttr,
	})
	if err != nil {
		return 0, 0, wrapStartError(executablePath, err)
	}

	// As PID 1, this process is the parent of the action and of all
	// of its orphaned descendants. Reap all of them until the
	// action terminates. Then kill and reap everything it left
	// behind, so that nothing survives the action.
	var actionStatus unix.WaitStatus
	for {
		var waitStatus unix.WaitStatus
		reapedPID, err := unix.Wait4(-1, &waitStatus, 0, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return 0, 0, wrapf(err, CodeInternal, "Failed to wait for action")
		}
		if reapedPID == pid {
			actionStatus = waitStatus
			break
		}
	}
	unix.Kill(-1, unix.SIGKILL)
	for {
		if _, err := unix.Wait4(-1, nil, 0, nil); err == unix.ECHILD {
			break
		} else if err != nil && err != unix.EINTR {
			return 0, 0, wrapf(err, CodeInternal, "Failed to wait for processes left behind by the action")
		}
	}
	if actionStatus.Signaled() {
		return 128 + int(actionStatus.Signal()), uint32(actionStatus.Signal()), nil
	}
	return actionStatus.ExitStatus(), 0, nil
}

// startIdleThreads makes the Go runtime create a number of threads
// that are idle afterwards: goroutines locked to their threads block
// until all of them run, which requires a thread each, and then
// unlock their threads and exit, leaving the threads idle.
func startIdleThreads(n int) {
	var started, done sync.WaitGroup
	started.Add(n)
	done.Add(n)
	release := make(chan struct{})
	for i := 0; i < n; i++ {
		go func() {
			runtime.LockOSThread()
			started.Done()
			<-release
			runtime.UnlockOSThread()
			done.Done()
		}()
	}
	started.Wait()
	close(release)
	done.Wait()
}

// actionPID is the PID of the action in its PID namespace. The threads
// of the init process take the PIDs below it. It is the same for every
// action, so that PIDs reveal nothing about other actions, and builds
// that record PIDs are reproducible.
const actionPID = 32

// openLastPID opens ns_last_pid of the PID namespace, through a procfs
// instance of the namespace that is never attached. Writing N to it
// makes the kernel give the next process PID N+1.
func openLastPID() (int, error) {
	mountFD, err := newFileSystem("proc", nil, nil, unix.MOUNT_ATTR_NOSUID|unix.MOUNT_ATTR_NODEV|unix.MOUNT_ATTR_NOEXEC)
	if err != nil {
		return -1, err
	}
	defer unix.Close(mountFD)
	fd, err := unix.Openat(mountFD, "sys/kernel/ns_last_pid", unix.O_WRONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, wrapKernelError(err, "Failed to open ns_last_pid")
	}
	return fd, nil
}

// newSeccompFilter converts the instructions of a seccomp filter to
// the form in which the kernel accepts them.
func newSeccompFilter(instructions []SeccompInstruction) *unix.SockFprog {
	if len(instructions) == 0 {
		return nil
	}
	filter := make([]unix.SockFilter, 0, len(instructions))
	for _, instruction := range instructions {
		filter = append(filter, unix.SockFilter{
			Code: instruction.Code,
			Jt:   instruction.JumpTrue,
			Jf:   instruction.JumpFalse,
			K:    instruction.Constant,
		})
	}
	return &unix.SockFprog{Len: uint16(len(filter)), Filter: &filter[0]}
}

// installSeccompFilter installs a seccomp filter for the current
// thread, which the action inherits. It uses a raw system call, for
// the reason given in run().
func installSeccompFilter(filter *unix.SockFprog) error {
	if filter == nil {
		return nil
	}
	if _, _, errno := unix.RawSyscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, 0, uintptr(unsafe.Pointer(filter))); errno != 0 {
		return wrapf(errno, CodeFailedPrecondition, "Failed to install seccomp filter (the kernel must be built with CONFIG_SECCOMP_FILTER, or the filter must be disabled in the configuration)")
	}
	return nil
}

// enterSandbox mounts the configured file systems inside the input root
// and makes it the root directory of the mount namespace.
func enterSandbox(request *Request) error {
	inputRootFD, rootFD, err := cloneInputRoot(request)
	if err != nil {
		return err
	}
	defer unix.Close(rootFD)
	// pivot_root() requires that the new root directory is a
	// mountpoint. Bind mount the input root onto itself.
	err = attachMount(rootFD, inputRootFD)
	unix.Close(inputRootFD)
	if err != nil {
		return wrapKernelError(err, "Failed to bind mount input root directory onto itself")
	}
	if err := mountFileSystems(request, rootFD, -1, nil); err != nil {
		return err
	}

	// Switch to the input root, and detach the old root directory,
	// so that it cannot be reached again, even by processes running
	// as root. Stacking the old root on top of the new one and
	// detaching it avoids the need for a directory to hold it.
	if err := unix.Fchdir(rootFD); err != nil {
		return wrapKernelError(err, "Failed to change to input root directory")
	}
	if err := unix.PivotRoot(".", "."); err != nil {
		return wrapKernelError(err, "Failed to make input root directory the root directory")
	}
	if err := unix.Unmount(".", unix.MNT_DETACH); err != nil {
		return wrapKernelError(err, "Failed to detach old root directory")
	}
	if err := unix.Chdir("/"); err != nil {
		return wrapKernelError(err, "Failed to change to root directory")
	}
	return configureNamespaces(request)
}

// cloneInputRoot makes all mounts in the mount namespace private, so
// that no mount propagates to the host, and creates a detached copy of
// the input root's mount. The file descriptor of the copy is used to
// resolve all paths inside the input root. It is mounted nosuid unless
// configured otherwise, so that set-user-ID files and file capabilities
// in the input root do not raise the action's privileges. It also
// returns the input root directory itself.
func cloneInputRoot(request *Request) (int, int, error) {
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return -1, -1, wrapKernelError(err, "Failed to make mounts private")
	}

	buildDirectoryFD, err := unix.Open(request.BuildDirectory, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, -1, wrapf(err, CodeInternal, "Failed to open build directory %#v", request.BuildDirectory)
	}
	inputRootFD, err := openBeneath(buildDirectoryFD, request.InputRootDirectory, unix.O_PATH|unix.O_DIRECTORY, 0)
	unix.Close(buildDirectoryFD)
	if err != nil {
		return -1, -1, wrapf(err, CodeInvalidArgument, "Failed to open input root directory %#v", request.InputRootDirectory)
	}
	rootAttributes := uint64(unix.MOUNT_ATTR_NOSUID)
	if request.AllowSetuidInInputRoot {
		rootAttributes = 0
	}
	rootFD, err := cloneTree(inputRootFD, "", rootAttributes)
	if err != nil {
		unix.Close(inputRootFD)
		return -1, -1, wrapKernelError(err, "Failed to clone input root directory")
	}
	return inputRootFD, rootFD, nil
}

// mountFileSystems mounts the configured file systems inside the
// input root. procfs is mounted for the PID namespace of the calling
// process, or for the one referenced by pidNamespaceFD if not -1.
// Mounts that have a template are copied from it.
func mountFileSystems(request *Request, rootFD, pidNamespaceFD int, templates *Templates) error {
	for i := range request.Mounts {
		mount := &request.Mounts[i]
		var mountpoints devMountpoints
		if mount.Kind == KindDev && templates.get(mount) == nil {
			mountpoints = getDevMountpoints(request.Mounts, mount)
		}
		if err := mountInInputRoot(rootFD, mount, request.TemporaryDirectory, pidNamespaceFD, templates, mountpoints); err != nil {
			return err
		}
	}
	return nil
}

// configureNamespaces sets the hostname of a new UTS namespace, and
// brings up the loopback interface of a new network namespace.
func configureNamespaces(request *Request) error {
	if request.SetHostname {
		if err := unix.Sethostname([]byte("localhost")); err != nil {
			return wrapKernelError(err, "Failed to set hostname")
		}
	}
	if request.EnableLoopback {
		if err := bringUpLoopbackInterface(); err != nil {
			return err
		}
	}
	return nil
}

// bringUpLoopbackInterface enables the loopback interface of a newly
// created network namespace.
func bringUpLoopbackInterface() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return wrapKernelError(err, "Failed to create socket for configuring the loopback interface")
	}
	defer unix.Close(fd)
	ifreq, err := unix.NewIfreq("lo")
	if err != nil {
		return wrapKernelError(err, "Failed to create request for configuring the loopback interface")
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifreq); err != nil {
		return wrapKernelError(err, "Failed to obtain flags of the loopback interface")
	}
	ifreq.SetUint16(ifreq.Uint16() | unix.IFF_UP)
	if err := unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifreq); err != nil {
		return wrapKernelError(err, "Failed to bring up the loopback interface")
	}
	return nil
}
