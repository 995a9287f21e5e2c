//go:build linux
// +build linux

package initprocess

import (
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// wrapKernelError converts an error returned by the kernel while
// setting up mounts or namespaces. Missing privileges and kernel
// features are problems of the deployment, not of the action.
func wrapKernelError(err error, format string, args ...any) *Error {
	switch {
	case errors.Is(err, unix.EPERM):
		e := wrapf(err, CodeFailedPrecondition, format, args...)
		e.Message += " (bb_runner needs CAP_SYS_ADMIN, and must not be confined by a seccomp or AppArmor profile that blocks mounting)"
		return e
	case errors.Is(err, unix.ENOSYS):
		e := wrapf(err, CodeFailedPrecondition, format, args...)
		e.Message += " (this requires Linux 5.12 or later)"
		return e
	default:
		return wrapf(err, CodeInternal, format, args...)
	}
}

// newFileSystem creates a new instance of a file system using the
// mount API introduced in Linux 5.2, returning a file descriptor of a
// detached mount.
func newFileSystem(fsType string, flags []string, options [][2]string, attributes int) (int, error) {
	fsFD, err := unix.Fsopen(fsType, unix.FSOPEN_CLOEXEC)
	if err != nil {
		return -1, wrapKernelError(err, "Failed to create %s file system", fsType)
	}
	defer unix.Close(fsFD)
	for _, flag := range flags {
		if err := unix.FsconfigSetFlag(fsFD, flag); err != nil {
			return -1, wrapKernelError(err, "Failed to set option %#v of %s file system", flag, fsType)
		}
	}
	for _, option := range options {
		if err := unix.FsconfigSetString(fsFD, option[0], option[1]); err != nil {
			return -1, wrapKernelError(err, "Failed to set option %#v of %s file system to %#v", option[0], fsType, option[1])
		}
	}
	if err := unix.FsconfigCreate(fsFD); err != nil {
		return -1, wrapKernelError(err, "Failed to create %s file system", fsType)
	}
	mountFD, err := unix.Fsmount(fsFD, unix.FSMOUNT_CLOEXEC, attributes)
	if err != nil {
		return -1, wrapKernelError(err, "Failed to mount %s file system", fsType)
	}
	return mountFD, nil
}

// newProcFileSystem creates a new instance of procfs for a PID
// namespace that the calling process is not in, using the "pidns"
// option added in Linux 6.15.
func newProcFileSystem(pidNamespaceFD int) (int, error) {
	fsFD, err := unix.Fsopen("proc", unix.FSOPEN_CLOEXEC)
	if err != nil {
		return -1, wrapKernelError(err, "Failed to create proc file system")
	}
	defer unix.Close(fsFD)
	if err := unix.FsconfigSetFd(fsFD, "pidns", pidNamespaceFD); err == unix.EINVAL {
		return -1, ErrProcPIDNamespaceUnsupported
	} else if err != nil {
		return -1, wrapKernelError(err, "Failed to set PID namespace of proc file system")
	}
	if err := unix.FsconfigCreate(fsFD); err != nil {
		return -1, wrapKernelError(err, "Failed to create proc file system")
	}
	mountFD, err := unix.Fsmount(fsFD, unix.FSMOUNT_CLOEXEC, unix.MOUNT_ATTR_NOSUID|unix.MOUNT_ATTR_NODEV|unix.MOUNT_ATTR_NOEXEC)
	if err != nil {
		return -1, wrapKernelError(err, "Failed to mount proc file system")
	}
	return mountFD, nil
}

// cloneTree creates a detached copy of the mount at a path, as is done
// by "mount --rbind", and applies mount attributes to all of its
// mounts.
func cloneTree(dirFD int, name string, attributes uint64) (int, error) {
	flags := uint(unix.OPEN_TREE_CLONE | unix.OPEN_TREE_CLOEXEC | unix.AT_RECURSIVE)
	if name == "" {
		flags |= unix.AT_EMPTY_PATH
	}
	treeFD, err := unix.OpenTree(dirFD, name, flags)
	if err != nil {
		return -1, err
	}
	if attributes != 0 {
		if err := unix.MountSetattr(treeFD, "", unix.AT_EMPTY_PATH|unix.AT_RECURSIVE, &unix.MountAttr{
			Attr_set: attributes,
		}); err != nil {
			unix.Close(treeFD)
			return -1, err
		}
	}
	return treeFD, nil
}

// attachMount attaches a detached mount on top of a mountpoint that
// has been opened as a file descriptor.
func attachMount(mountFD, mountpointFD int) error {
	return unix.MoveMount(mountFD, "", mountpointFD, "", unix.MOVE_MOUNT_F_EMPTY_PATH|unix.MOVE_MOUNT_T_EMPTY_PATH)
}

// procReadOnlyPaths are the paths inside procfs that permit changing
// the configuration of the system. They are made read-only, as is done
// by container runtimes such as runc.
var procReadOnlyPaths = []string{"bus", "fs", "irq", "sys", "sysrq-trigger"}

// devCharacterDevices are the character devices that are bind mounted
// from the host into a minimal /dev, as is done by bubblewrap's --dev.
var devCharacterDevices = []string{"full", "null", "random", "tty", "urandom", "zero"}

// devSymlinks are the symbolic links created in a minimal /dev.
var devSymlinks = [][2]string{
	{"core", "/proc/kcore"},
	{"fd", "/proc/self/fd"},
	{"ptmx", "pts/ptmx"},
	{"stderr", "/proc/self/fd/2"},
	{"stdin", "/proc/self/fd/0"},
	{"stdout", "/proc/self/fd/1"},
}

// newMount creates the detached mount of a configured file system.
func newMount(mount *Mount, temporaryDirectory string, pidNamespaceFD int) (int, error) {
	switch mount.Kind {
	case KindProc:
		if pidNamespaceFD >= 0 {
			return newProcFileSystem(pidNamespaceFD)
		}
		return newFileSystem("proc", nil, nil, unix.MOUNT_ATTR_NOSUID|unix.MOUNT_ATTR_NODEV|unix.MOUNT_ATTR_NOEXEC)
	case KindSysfs:
		return newFileSystem("sysfs", nil, nil, unix.MOUNT_ATTR_RDONLY|unix.MOUNT_ATTR_NOSUID|unix.MOUNT_ATTR_NODEV|unix.MOUNT_ATTR_NOEXEC)
	case KindDev:
		return newFileSystem("tmpfs", nil, [][2]string{{"mode", "0755"}, {"size", "1m"}, {"nr_inodes", strconv.FormatUint(mount.MaximumInodes, 10)}}, unix.MOUNT_ATTR_NOSUID|unix.MOUNT_ATTR_NODEV|unix.MOUNT_ATTR_NOEXEC)
	case KindDevpts:
		return newFileSystem("devpts", []string{"newinstance"}, [][2]string{{"ptmxmode", "0666"}, {"mode", "0620"}, {"max", strconv.FormatUint(uint64(mount.MaximumPseudoTerminals), 10)}}, unix.MOUNT_ATTR_NOSUID|unix.MOUNT_ATTR_NOEXEC)
	case KindTmpfs:
		options := [][2]string{
			{"mode", "0" + strconv.FormatUint(uint64(mount.Mode), 8)},
			{"nr_inodes", strconv.FormatUint(mount.MaximumInodes, 10)},
		}
		if mount.SizeBytes > 0 {
			options = append(options, [2]string{"size", strconv.FormatUint(mount.SizeBytes, 10)})
		}
		return newFileSystem("tmpfs", nil, options, unix.MOUNT_ATTR_NOSUID|unix.MOUNT_ATTR_NODEV)
	case KindBind:
		attributes := uint64(unix.MOUNT_ATTR_NOSUID | unix.MOUNT_ATTR_NODEV)
		if !mount.Writable {
			attributes |= unix.MOUNT_ATTR_RDONLY
		}
		treeFD, err := cloneTree(unix.AT_FDCWD, mount.Source, attributes)
		if errors.Is(err, unix.ENOENT) {
			return -1, errorf(CodeFailedPrecondition, "Source %#v of the bind mount at mountpoint %#v does not exist", mount.Source, mount.Mountpoint)
		} else if err != nil {
			return -1, wrapKernelError(err, "Failed to clone bind mount source %#v", mount.Source)
		}
		return treeFD, nil
	case KindTemporaryDirectory:
		if temporaryDirectory == "" {
			return -1, errorf(CodeInvalidArgument, "No temporary directory was provided to mount at %#v", mount.Mountpoint)
		}
		treeFD, err := cloneTree(unix.AT_FDCWD, temporaryDirectory, unix.MOUNT_ATTR_NOSUID|unix.MOUNT_ATTR_NODEV)
		if err != nil {
			return -1, wrapKernelError(err, "Failed to clone temporary directory %#v", temporaryDirectory)
		}
		return treeFD, nil
	default:
		return -1, errorf(CodeInternal, "Unknown kind %d of mount at %#v", mount.Kind, mount.Mountpoint)
	}
}

// mountInInputRoot mounts a single file system inside the input root,
// if its mountpoint exists or is created. Mounts of KindDev are copied
// from templates if not nil. Otherwise they are created, and
// mountpoints are the directories and files on which the mounts beneath
// them are mounted.
func mountInInputRoot(rootFD int, mount *Mount, temporaryDirectory string, pidNamespaceFD int, templates *Templates, mountpoints devMountpoints) error {
	var mountFD, mountpointFD int
	var err error
	if mount.Kind == KindBind {
		// Bind mounts of files need a file as their mountpoint.
		if mountFD, err = newMount(mount, temporaryDirectory, pidNamespaceFD); err != nil {
			return wrapf(err, CodeInternal, "Failed to create mount for mountpoint %#v", mount.Mountpoint)
		}
		defer unix.Close(mountFD)
		var stat unix.Stat_t
		if err := unix.Fstat(mountFD, &stat); err != nil {
			return wrapKernelError(err, "Failed to obtain attributes of bind mount source %#v", mount.Source)
		}
		mountpointFD, err = openMountpoint(rootFD, mount.Mountpoint, mount.CreateMountpoint, stat.Mode&unix.S_IFMT == unix.S_IFDIR)
	} else {
		mountpointFD, err = openMountpoint(rootFD, mount.Mountpoint, mount.CreateMountpoint, true)
	}
	if err == errMountpointMissing {
		// Mount on demand: the input root does not contain the
		// mountpoint, meaning the action does not need it.
		return nil
	} else if err != nil {
		return err
	}
	defer unix.Close(mountpointFD)
	if template := templates.get(mount); template != nil {
		// The template was populated when it was created.
		if mountFD, err = cloneTree(int(template.Fd()), "", 0); err != nil {
			return wrapKernelError(err, "Failed to copy template of mount at mountpoint %#v", mount.Mountpoint)
		}
		defer unix.Close(mountFD)
		if err := attachMount(mountFD, mountpointFD); err != nil {
			return wrapKernelError(err, "Failed to mount file system at mountpoint %#v", mount.Mountpoint)
		}
		return nil
	}
	if mount.Kind != KindBind {
		if mountFD, err = newMount(mount, temporaryDirectory, pidNamespaceFD); err == ErrProcPIDNamespaceUnsupported {
			return err
		} else if err != nil {
			return wrapf(err, CodeInternal, "Failed to create mount for mountpoint %#v", mount.Mountpoint)
		}
		defer unix.Close(mountFD)
	}
	if err := attachMount(mountFD, mountpointFD); err != nil {
		return wrapKernelError(err, "Failed to mount file system at mountpoint %#v", mount.Mountpoint)
	}
	return populateMount(mount, mountFD, mountpoints)
}

// populateMount adds contents to a file system. Mounts of KindDev are
// made read-only afterwards.
func populateMount(mount *Mount, mountFD int, mountpoints devMountpoints) error {
	switch mount.Kind {
	case KindTemporaryDirectory:
		// Let every user write to the temporary directory, as
		// is expected of /tmp.
		fd, err := unix.Openat(mountFD, ".", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != nil {
			return wrapKernelError(err, "Failed to open temporary directory at %#v", mount.Mountpoint)
		}
		err = unix.Fchmod(fd, 0o1777)
		unix.Close(fd)
		if err != nil {
			return wrapKernelError(err, "Failed to set permissions of temporary directory at %#v", mount.Mountpoint)
		}
	case KindProc:
		for _, name := range procReadOnlyPaths {
			if err := bindReadOnlyOntoItself(mountFD, name); err != nil && err != unix.ENOENT {
				return wrapKernelError(err, "Failed to make %#v read-only", mount.Mountpoint+"/"+name)
			}
		}
	case KindDev:
		for _, name := range devCharacterDevices {
			if err := bindHostDevice(mountFD, name); err != nil {
				return wrapKernelError(err, "Failed to bind mount character device %#v into %#v", "/dev/"+name, mount.Mountpoint)
			}
		}
		for _, symlink := range devSymlinks {
			if err := unix.Symlinkat(symlink[1], mountFD, symlink[0]); err != nil {
				return wrapKernelError(err, "Failed to create symbolic link %#v", mount.Mountpoint+"/"+symlink[0])
			}
		}
		for _, directory := range mountpoints.directories {
			mode := uint32(0o755)
			if directory == "shm" {
				mode = 0o1777
			}
			if err := unix.Mkdirat(mountFD, directory, mode); err != nil && err != unix.EEXIST {
				return wrapKernelError(err, "Failed to create directory %#v", mount.Mountpoint+"/"+directory)
			}
			// Undo the effect of the umask.
			if err := unix.Fchmodat(mountFD, directory, mode, 0); err != nil {
				return wrapKernelError(err, "Failed to set permissions of directory %#v", mount.Mountpoint+"/"+directory)
			}
		}
		for _, file := range mountpoints.files {
			fd, err := unix.Openat(mountFD, file, unix.O_WRONLY|unix.O_CREAT|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o644)
			if err != nil {
				return wrapKernelError(err, "Failed to create mountpoint %#v", mount.Mountpoint+"/"+file)
			}
			unix.Close(fd)
		}
		// Actions may write to the devices, but cannot add
		// files to /dev. This lets a single copy be shared by
		// all actions.
		if err := unix.MountSetattr(mountFD, "", unix.AT_EMPTY_PATH, &unix.MountAttr{
			Attr_set: unix.MOUNT_ATTR_RDONLY,
		}); err != nil {
			return wrapKernelError(err, "Failed to make %#v read-only", mount.Mountpoint)
		}
	}
	return nil
}

// devMountpoints are the directories and files created inside a mount
// of KindDev, on which other mounts are mounted.
type devMountpoints struct {
	directories []string
	files       []string
}

// getDevMountpoints returns the directories and files to create inside
// a mount of KindDev: the directories "pts" and "shm", and the
// mountpoints of the mounts beneath it that are to be created, such as
// "mqueue" for "dev/mqueue", and their parent directories. A bind mount
// of a file needs a file as its mountpoint.
func getDevMountpoints(mounts []Mount, devMount *Mount) devMountpoints {
	directories := []string{"pts", "shm"}
	var files []string
	prefix := devMount.Mountpoint + "/"
	for _, mount := range mounts {
		relative, ok := strings.CutPrefix(mount.Mountpoint, prefix)
		if !ok || !mount.CreateMountpoint {
			continue
		}
		components := strings.Split(relative, "/")
		if mount.Kind == KindBind {
			var stat unix.Stat_t
			if err := unix.Stat(mount.Source, &stat); err != nil {
				// Mounting it reports the error.
				continue
			}
			if stat.Mode&unix.S_IFMT != unix.S_IFDIR {
				files = append(files, relative)
				components = components[:len(components)-1]
			}
		}
		for i := range components {
			if directory := strings.Join(components[:i+1], "/"); !slices.Contains(directories, directory) {
				directories = append(directories, directory)
			}
		}
	}
	return devMountpoints{directories: directories, files: files}
}

// Templates holds file systems that are created once, and copied into
// every sandbox that NewThreadSandbox() sets up: the minimal /dev of
// mounts of KindDev. Copying a mount with OPEN_TREE_CLONE is cheaper
// than creating a file system and bind mounting six devices into it
// for every action. The copies share the file system. It is read-only,
// so that no action can change what the next one sees.
//
// It also holds a read-only bind mount of the host's /dev/null, through
// which the action's standard input is opened.
type Templates struct {
	dev     map[string]*os.File
	devNull *os.File
}

// NewTemplates creates the templates of the mounts of a sandbox. It
// requires Linux 6.15 or later, which permits attaching mounts to a
// file system that is not attached itself, unless mounts is empty.
func NewTemplates(mounts []Mount) (*Templates, error) {
	devNullFD, err := cloneTree(unix.AT_FDCWD, "/dev/null", unix.MOUNT_ATTR_RDONLY|unix.MOUNT_ATTR_NOSUID|unix.MOUNT_ATTR_NOEXEC)
	if err != nil {
		return nil, wrapKernelError(err, "Failed to clone %#v", "/dev/null")
	}
	// Closing the file descriptors releases the templates.
	t := &Templates{
		dev:     map[string]*os.File{},
		devNull: os.NewFile(uintptr(devNullFD), "/dev/null"),
	}
	for i := range mounts {
		mount := &mounts[i]
		if mount.Kind != KindDev {
			continue
		}
		mountFD, err := newMount(mount, "", -1)
		if err != nil {
			return nil, wrapf(err, CodeInternal, "Failed to create mount for mountpoint %#v", mount.Mountpoint)
		}
		f := os.NewFile(uintptr(mountFD), mount.Mountpoint)
		if err := populateMount(mount, mountFD, getDevMountpoints(mounts, mount)); err != nil {
			f.Close()
			return nil, err
		}
		t.dev[mount.Mountpoint] = f
	}
	return t, nil
}

// OpenDevNull opens the host's /dev/null through a read-only mount,
// so that an action cannot change its attributes through its standard
// input.
func (t *Templates) OpenDevNull() (*os.File, error) {
	fd, err := unix.Open("/proc/thread-self/fd/"+strconv.Itoa(int(t.devNull.Fd())), unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, wrapKernelError(err, "Failed to open %#v", "/dev/null")
	}
	return os.NewFile(uintptr(fd), "/dev/null"), nil
}

// get returns the template of a mount, or nil if it has none.
func (t *Templates) get(mount *Mount) *os.File {
	if t == nil {
		return nil
	}
	if mount.Kind != KindDev {
		return nil
	}
	return t.dev[mount.Mountpoint]
}

// bindReadOnlyOntoItself makes a path inside a mount read-only, by
// bind mounting it onto itself.
func bindReadOnlyOntoItself(dirFD int, name string) error {
	treeFD, err := cloneTree(dirFD, name, unix.MOUNT_ATTR_RDONLY|unix.MOUNT_ATTR_NOSUID|unix.MOUNT_ATTR_NODEV|unix.MOUNT_ATTR_NOEXEC)
	if err != nil {
		return err
	}
	defer unix.Close(treeFD)
	return unix.MoveMount(treeFD, "", dirFD, name, unix.MOVE_MOUNT_F_EMPTY_PATH)
}

// bindHostDevice bind mounts a character device of the host into a
// minimal /dev. The bind mount is read-only, so that the action can
// read from and write to the device, but cannot change the attributes
// of the host's device node.
func bindHostDevice(devFD int, name string) error {
	fd, err := unix.Openat(devFD, name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o666)
	if err != nil {
		return err
	}
	unix.Close(fd)
	treeFD, err := cloneTree(unix.AT_FDCWD, "/dev/"+name, unix.MOUNT_ATTR_RDONLY|unix.MOUNT_ATTR_NOSUID|unix.MOUNT_ATTR_NOEXEC)
	if err != nil {
		return err
	}
	defer unix.Close(treeFD)
	return unix.MoveMount(treeFD, "", devFD, name, unix.MOVE_MOUNT_F_EMPTY_PATH)
}
