//go:build linux
// +build linux

package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"

	"github.com/buildbarn/bb-storage/pkg/util"

	"golang.org/x/sys/unix"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// initArgv0 is the value of argv[0] with which bb_runner re-executes
// itself to act as the init process of a sandbox.
const initArgv0 = "bb_runner [sandbox init]"

// initSocketFD is the file descriptor of the UNIX socket over which
// the init process receives its request from the runner, and sends
// back its response.
const initSocketFD = 3

// initRequest is sent by the runner to the init process over a pipe,
// describing the action to run.
type initRequest struct {
	Configuration *Configuration
	// Absolute path of the build directory in the host's view, and
	// the device and inode number of the build directory, as seen
	// by the runner.
	BuildDirectory       string
	BuildDirectoryDevice uint64
	BuildDirectoryInode  uint64
	// Path of the input root, relative to the build directory.
	InputRootDirectory string
	// Path of the working directory, relative to the input root.
	WorkingDirectory string
	Arguments        []string
	Environment      []string
	PathVariable     string
	// Credentials to run the action with, if not those of bb_runner.
	Credential *syscall.Credential
	// Only set up the sandbox, without running an action. This is used
	// to check at startup that bb_runner has sufficient privileges.
	Probe bool
}

// initResponse is sent by the init process to the runner when it
// terminates. Either Status is set, meaning that the action could not
// be started, or WaitStatus and Rusage describe how the action
// terminated. Stale is set if the init process was started before the
// build directory was mounted, meaning that it cannot see the input
// root.
type initResponse struct {
	Stale      bool
	Status     []byte
	WaitStatus unix.WaitStatus
	Rusage     unix.Rusage
}

// RunInitIfRequested turns the current process into the init process
// of a sandbox if bb_runner re-executed itself for that purpose. It
// must be called at the very start of main() of any program that runs
// actions through NewSandboxedRunner(). It returns if the current
// process is not supposed to be an init process.
func RunInitIfRequested() {
	if len(os.Args) != 1 || os.Args[0] != initArgv0 {
		return
	}
	os.Exit(runInit())
}

func runInit() int {
	// Keep this goroutine on the main thread, so that no goroutine
	// running an action is ever scheduled on it. Go terminates the
	// thread of a goroutine that exits while locked to it, but
	// parks the main thread forever instead, which would keep the
	// action's mount namespace and root directory alive.
	runtime.LockOSThread()

	// Prevent actions from accessing this process through /proc/1,
	// as it has access to the host's file systems.
	unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0)

	// Let mounts of the host propagate into this mount namespace,
	// without letting anything propagate back, so that this process
	// can see build directories that are mounted after it started.
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_SLAVE, ""); err != nil {
		fmt.Fprintln(os.Stderr, "Failed to make mounts slaves of those of the host:", err)
		return 1
	}

	// Forward termination requests to the action that is running.
	var actionPID atomic.Int32
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, unix.SIGINT, unix.SIGTERM)
	go func() {
		for s := range signals {
			if pid := actionPID.Load(); pid > 0 {
				unix.Kill(int(pid), s.(syscall.Signal))
			}
		}
	}()

	// Run actions one after the other, until the runner closes the
	// socket.
	unix.CloseOnExec(initSocketFD)
	socket := os.NewFile(initSocketFD, "socket")
	for {
		requestData, files, err := receiveMessage(socket)
		if err == io.EOF {
			return 0
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "Failed to receive request from bb_runner:", err)
			return 1
		}
		responses := make(chan *initResponse, 1)
		go func() {
			responses <- runInitRequest(requestData, files, &actionPID)
		}()
		responseData, err := json.Marshal(<-responses)
		if err != nil {
			panic(err)
		}
		if err := sendMessage(socket, responseData); err != nil {
			fmt.Fprintln(os.Stderr, "Failed to send response to bb_runner:", err)
			return 1
		}
	}
}

// newErrorResponse creates an initResponse that reports that the
// action could not be started.
func newErrorResponse(err error) *initResponse {
	data, marshalErr := proto.Marshal(status.Convert(err).Proto())
	if marshalErr != nil {
		panic(marshalErr)
	}
	return &initResponse{Status: data}
}

// runInitRequest runs a single action. It enters new mount
// namespaces and the input root on the calling thread, which is
// therefore never unlocked. Go terminates the thread when the
// goroutine returns, after which its namespaces are torn down.
func runInitRequest(requestData []byte, files []*os.File, actionPID *atomic.Int32) *initResponse {
	runtime.LockOSThread()
	for _, f := range files {
		defer f.Close()
	}
	var request initRequest
	if err := json.Unmarshal(requestData, &request); err != nil {
		return newErrorResponse(util.StatusWrapWithCode(err, codes.Internal, "Failed to unmarshal request from bb_runner"))
	}
	if len(files) != 2 {
		return newErrorResponse(status.Errorf(codes.Internal, "Received %d file descriptors from bb_runner, while 2 were expected", len(files)))
	}
	stdout, stderr := files[0], files[1]

	if stale, err := enterSandbox(&request); stale || err != nil {
		if stale {
			return &initResponse{Stale: true}
		}
		return newErrorResponse(err)
	}
	if request.Probe {
		return &initResponse{}
	}
	if err := enterWorkingDirectory(request.WorkingDirectory); err != nil {
		return newErrorResponse(err)
	}
	executablePath, err := lookupExecutable(request.Arguments[0], request.PathVariable)
	if err != nil {
		return newErrorResponse(err)
	}
	if err := reduceCapabilityBoundingSet(); err != nil {
		return newErrorResponse(err)
	}
	if err := reduceThreadCapabilities(); err != nil {
		return newErrorResponse(err)
	}

	process, err := os.StartProcess(executablePath, request.Arguments, &os.ProcAttr{
		Env:   request.Environment,
		Files: []*os.File{os.Stdin, stdout, stderr},
		Sys:   &syscall.SysProcAttr{Credential: request.Credential},
	})
	if err != nil {
		code := codes.Internal
		for _, invalidArgumentErr := range []error{os.ErrPermission, syscall.EISDIR, syscall.ENOENT, syscall.ENOEXEC, syscall.ENOTDIR} {
			if errors.Is(err, invalidArgumentErr) {
				code = codes.InvalidArgument
				break
			}
		}
		return newErrorResponse(util.StatusWrapWithCode(err, code, "Failed to start process"))
	}
	pid := process.Pid
	process.Release()
	actionPID.Store(int32(pid))
	defer actionPID.Store(0)

	// As PID 1, we are the parent of the action and of all of its
	// orphaned descendants. Reap all of them until the action
	// terminates.
	var response initResponse
	for {
		var waitStatus unix.WaitStatus
		var rusage unix.Rusage
		reapedPID, err := unix.Wait4(-1, &waitStatus, 0, &rusage)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return newErrorResponse(util.StatusWrapWithCode(err, codes.Internal, "Failed to wait for action"))
		}
		if reapedPID == pid {
			response.WaitStatus = waitStatus
			response.Rusage = rusage
			break
		}
	}

	// Kill all processes that the action left behind, so that none of
	// them survives the action, and the runner can safely report
	// completion before the namespaces are torn down.
	unix.Kill(-1, unix.SIGKILL)
	for {
		_, err := unix.Wait4(-1, nil, 0, nil)
		if err == unix.ECHILD {
			break
		}
		if err != nil && err != unix.EINTR {
			return newErrorResponse(util.StatusWrapWithCode(err, codes.Internal, "Failed to wait for processes left behind by the action"))
		}
	}
	return &response
}

// enterSandbox mounts the configured file systems inside the input root
// and makes it the root directory of the mount namespace.
func enterSandbox(request *initRequest) (bool, error) {
	// Create new namespaces for this action, only affecting the
	// current thread and the processes it starts.
	unshareFlags := unix.CLONE_NEWNS
	if request.Configuration.UnshareIPC {
		unshareFlags |= unix.CLONE_NEWIPC
	}
	if request.Configuration.UnshareUTS {
		unshareFlags |= unix.CLONE_NEWUTS
	}
	if request.Configuration.UnshareNetwork {
		unshareFlags |= unix.CLONE_NEWNET
	}
	if err := unix.Unshare(unshareFlags); err != nil {
		return false, wrapKernelError(err, "Failed to create namespaces")
	}

	// Prevent mounts from propagating to the host.
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return false, wrapKernelError(err, "Failed to make mounts private")
	}

	buildDirectoryFD, err := unix.Open(request.BuildDirectory, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return false, util.StatusWrapfWithCode(err, codes.Internal, "Failed to open build directory %#v", request.BuildDirectory)
	}
	var stat unix.Stat_t
	if err := unix.Fstat(buildDirectoryFD, &stat); err != nil {
		unix.Close(buildDirectoryFD)
		return false, util.StatusWrapfWithCode(err, codes.Internal, "Failed to obtain attributes of build directory %#v", request.BuildDirectory)
	}
	if stat.Dev != request.BuildDirectoryDevice || stat.Ino != request.BuildDirectoryInode {
		// This process was started before a file system was
		// mounted on top of the build directory.
		unix.Close(buildDirectoryFD)
		return true, nil
	}
	inputRootFD, err := openBeneath(buildDirectoryFD, request.InputRootDirectory, unix.O_PATH|unix.O_DIRECTORY, 0)
	unix.Close(buildDirectoryFD)
	if err != nil {
		return false, util.StatusWrapfWithCode(err, codes.InvalidArgument, "Failed to open input root directory %#v", request.InputRootDirectory)
	}
	defer unix.Close(inputRootFD)

	// pivot_root() requires that the new root directory is a
	// mountpoint. Bind mount the input root onto itself. The file
	// descriptor of the bind mount is used to resolve all paths
	// inside the input root.
	rootFD, err := cloneTree(inputRootFD, "", 0)
	if err != nil {
		return false, wrapKernelError(err, "Failed to clone input root directory")
	}
	defer unix.Close(rootFD)
	if err := attachMount(rootFD, inputRootFD); err != nil {
		return false, wrapKernelError(err, "Failed to bind mount input root directory onto itself")
	}

	for i := range request.Configuration.Mounts {
		if err := mountInInputRoot(rootFD, &request.Configuration.Mounts[i]); err != nil {
			return false, err
		}
	}

	// Switch to the input root, and detach the old root directory,
	// so that it cannot be reached again, even by processes running
	// as root. Stacking the old root on top of the new one and
	// detaching it avoids the need for a directory to hold it.
	if err := unix.Fchdir(rootFD); err != nil {
		return false, wrapKernelError(err, "Failed to change to input root directory")
	}
	if err := unix.PivotRoot(".", "."); err != nil {
		return false, wrapKernelError(err, "Failed to make input root directory the root directory")
	}
	if err := unix.Unmount(".", unix.MNT_DETACH); err != nil {
		return false, wrapKernelError(err, "Failed to detach old root directory")
	}
	if err := unix.Chdir("/"); err != nil {
		return false, wrapKernelError(err, "Failed to change to root directory")
	}

	if request.Configuration.UnshareUTS {
		if err := unix.Sethostname([]byte("localhost")); err != nil {
			return false, wrapKernelError(err, "Failed to set hostname")
		}
	}
	if request.Configuration.UnshareNetwork {
		if err := bringUpLoopbackInterface(); err != nil {
			return false, err
		}
	}
	return false, nil
}

// mountInInputRoot mounts a single file system inside the input root,
// if its mountpoint exists or is created.
func mountInInputRoot(rootFD int, mount *Mount) error {
	mountFD, err := newMount(mount)
	if err != nil {
		return util.StatusWrapf(err, "Failed to create mount for mountpoint %#v", mount.Mountpoint)
	}
	defer unix.Close(mountFD)

	wantDirectory := true
	if mount.Type == FileSystemTypeBind {
		var stat unix.Stat_t
		if err := unix.Fstat(mountFD, &stat); err != nil {
			return wrapKernelError(err, fmt.Sprintf("Failed to obtain attributes of bind mount source %#v", mount.Source))
		}
		wantDirectory = stat.Mode&unix.S_IFMT == unix.S_IFDIR
	}
	mountpointFD, err := openMountpoint(rootFD, mount.Mountpoint, mount.CreateMountpoint, wantDirectory)
	if err != nil {
		return err
	}
	if mountpointFD < 0 {
		// Mount on demand: the input root does not contain the
		// mountpoint, meaning the action does not need it.
		return nil
	}
	err = attachMount(mountFD, mountpointFD)
	unix.Close(mountpointFD)
	if err != nil {
		return wrapKernelError(err, fmt.Sprintf("Failed to mount %s file system at mountpoint %#v", mount.Type, mount.Mountpoint))
	}
	return populateMount(mount, mountFD)
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
		return util.StatusWrapfWithCode(err, codes.InvalidArgument, "Failed to open working directory %#v in the input root", workingDirectory)
	}
	defer unix.Close(fd)
	if err := unix.Fchdir(fd); err != nil {
		return util.StatusWrapfWithCode(err, codes.InvalidArgument, "Failed to change to working directory %#v", workingDirectory)
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
		// Don't follow magic links such as /proc/1/root, which
		// this process may follow to the host's root directory.
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
	return "", status.Errorf(codes.InvalidArgument, "Cannot find executable %#v in search paths %#v", argv0, pathVariable)
}

// retainedCapabilities are the capabilities that an action running as
// root retains. They are the ones that container runtimes such as
// Docker grant by default, except CAP_MKNOD. Capabilities to mount
// file systems, load kernel modules or trace other processes are
// dropped, so that an action running as root cannot leave the input
// root.
var retainedCapabilities = map[int]bool{
	unix.CAP_AUDIT_WRITE:      true,
	unix.CAP_CHOWN:            true,
	unix.CAP_DAC_OVERRIDE:     true,
	unix.CAP_FOWNER:           true,
	unix.CAP_FSETID:           true,
	unix.CAP_KILL:             true,
	unix.CAP_NET_BIND_SERVICE: true,
	unix.CAP_NET_RAW:          true,
	unix.CAP_SETFCAP:          true,
	unix.CAP_SETGID:           true,
	unix.CAP_SETPCAP:          true,
	unix.CAP_SETUID:           true,
	unix.CAP_SYS_CHROOT:       true,
}

// reduceThreadCapabilities drops all capabilities that are not
// retained from the effective, permitted and inheritable sets of the
// current thread. The action is forked from this thread, and its
// execve() resolves argv[0] and the interpreters it names (#! lines
// and ELF interpreters) with these capabilities, before the bounding
// set takes effect. CAP_SYS_PTRACE would let it follow /proc/1/root of
// this process, which is the host's root directory.
func reduceThreadCapabilities() error {
	header := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&header, &data[0]); err != nil {
		return wrapKernelError(err, "Failed to obtain capabilities")
	}
	var retained [2]uint32
	for capability := range retainedCapabilities {
		retained[capability/32] |= 1 << (capability % 32)
	}
	for i := range data {
		data[i].Effective &= retained[i]
		data[i].Permitted &= retained[i]
		data[i].Inheritable &= retained[i]
	}
	if err := unix.Capset(&header, &data[0]); err != nil {
		return wrapKernelError(err, "Failed to drop capabilities")
	}
	return nil
}

// reduceCapabilityBoundingSet drops all capabilities that are not
// retained from the capability bounding set of the current thread,
// which the action inherits.
func reduceCapabilityBoundingSet() error {
	for capability := 0; capability <= unix.CAP_LAST_CAP; capability++ {
		if !retainedCapabilities[capability] {
			if err := unix.Prctl(unix.PR_CAPBSET_DROP, uintptr(capability), 0, 0, 0); err != nil && err != unix.EINVAL {
				return wrapKernelError(err, fmt.Sprintf("Failed to drop capability %d from the bounding set", capability))
			}
		}
	}
	return nil
}
