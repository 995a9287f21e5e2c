// Command testtool is a statically linked program that is placed in
// input roots by the integration tests. It provides small commands
// that inspect the environment in which an action runs.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"github.com/bb-chroot/bb-chroot/internal/dirlist"

	"golang.org/x/sys/unix"
)

// printTree prints every file beneath a directory with its type,
// permissions, owner, device number and symbolic link target.
func printTree(directory string) error {
	var stat unix.Stat_t
	if err := unix.Lstat(directory, &stat); err != nil {
		return err
	}
	target, _ := os.Readlink(directory)
	fmt.Printf("%s %o %d:%d %x %s\n", directory, stat.Mode, stat.Uid, stat.Gid, stat.Rdev, target)
	if stat.Mode&unix.S_IFMT != unix.S_IFDIR {
		return nil
	}
	names, err := dirlist.Names(directory)
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := printTree(directory + "/" + name); err != nil {
			return err
		}
	}
	return nil
}

// tamper attempts to change the files beneath a directory in every way
// that leaves a trace, printing the error of every attempt.
func tamper(directory string) {
	names, err := dirlist.Names(directory)
	if err != nil {
		fail(err)
	}
	for _, name := range names {
		p := directory + "/" + name
		if stat, err := os.Lstat(p); err == nil && stat.Mode()&os.ModeSymlink == 0 {
			// chmod() would change the target of a
			// symbolic link.
			fmt.Println("chmod", p, os.Chmod(p, 0o600))
		}
		fmt.Println("chown", p, os.Lchown(p, 1, 1))
		fmt.Println("utimes", p, unix.UtimesNanoAt(unix.AT_FDCWD, p, []unix.Timespec{{}, {}}, unix.AT_SYMLINK_NOFOLLOW))
		fmt.Println("setxattr", p, unix.Lsetxattr(p, "user.tampered", []byte("1"), 0))
		fmt.Println("rename", p, os.Rename(p, p+".tampered"))
		fmt.Println("remove", p, os.Remove(p))
	}
	fmt.Println("create", os.WriteFile(directory+"/tampered", nil, 0o644))
	fmt.Println("mkdir", os.Mkdir(directory+"/tampered.d", 0o755))
	fmt.Println("symlink", os.Symlink("/", directory+"/tampered.lnk"))
	fmt.Println("chmod", directory, os.Chmod(directory, 0o777))
}

// mountIDRequest is struct mnt_id_req of statmount() and listmount().
type mountIDRequest struct {
	size    uint32
	spare   uint32
	mountID uint64
	param   uint64
}

// mountAttributes are the fields of struct statmount that
// STATMOUNT_MNT_BASIC returns.
type mountAttributes struct {
	parentID uint64
}

// statmount obtains the basic attributes of a mount by its unique ID.
func statmount(mountID uint64) (*mountAttributes, error) {
	const statmountMountBasic = 0x2
	request := mountIDRequest{size: 24, mountID: mountID, param: statmountMountBasic}
	var buffer [512]byte
	if _, _, errno := unix.Syscall6(unix.SYS_STATMOUNT, uintptr(unsafe.Pointer(&request)), uintptr(unsafe.Pointer(&buffer[0])), uintptr(len(buffer)), 0, 0, 0); errno != 0 {
		return nil, errno
	}
	// mnt_parent_id is at offset 48 of struct statmount.
	return &mountAttributes{parentID: *(*uint64)(unsafe.Pointer(&buffer[48]))}, nil
}

// listmountRoot lists the mounts beneath the root, as seen by the
// caller, of the mount namespace.
func listmountRoot() ([]uint64, error) {
	const listmountRootID = ^uint64(0)
	request := mountIDRequest{size: 24, mountID: listmountRootID}
	var mountIDs [256]uint64
	n, _, errno := unix.Syscall6(unix.SYS_LISTMOUNT, uintptr(unsafe.Pointer(&request)), uintptr(unsafe.Pointer(&mountIDs[0])), uintptr(len(mountIDs)), 0, 0, 0)
	if errno != 0 {
		return nil, errno
	}
	return mountIDs[:n], nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

// systemCall makes a system call that a seccomp filter may block.
func systemCall(name string) error {
	var errno syscall.Errno
	switch name {
	case "add_key":
		// Add a key to the keyring of this process.
		_, err := unix.AddKey("user", "testtool", []byte("secret"), unix.KEY_SPEC_PROCESS_KEYRING)
		return err
	case "keyctl":
		_, err := unix.KeyctlInt(unix.KEYCTL_GET_KEYRING_ID, unix.KEY_SPEC_USER_KEYRING, 0, 0, 0)
		return err
	case "request_key":
		_, err := unix.RequestKey("user", "testtool", "", unix.KEY_SPEC_PROCESS_KEYRING)
		return err
	case "bpf":
		_, _, errno = unix.Syscall(unix.SYS_BPF, 0, 0, 0)
	case "perf_event_open":
		_, _, errno = unix.Syscall6(unix.SYS_PERF_EVENT_OPEN, 0, 0, ^uintptr(0), ^uintptr(0), 0, 0)
	case "userfaultfd":
		// UFFD_USER_MODE_ONLY needs no privileges.
		fd, _, e := unix.Syscall(unix.SYS_USERFAULTFD, unix.O_CLOEXEC|1, 0, 0)
		if e == 0 {
			unix.Close(int(fd))
		}
		errno = e
	case "io_uring_setup":
		_, _, errno = unix.Syscall(unix.SYS_IO_URING_SETUP, 1, 0, 0)
	case "kexec_load":
		_, _, errno = unix.Syscall6(unix.SYS_KEXEC_LOAD, 0, 0, 0, 0, 0, 0)
	case "init_module":
		_, _, errno = unix.Syscall(unix.SYS_INIT_MODULE, 0, 0, 0)
	case "delete_module":
		return unix.DeleteModule("testtool", 0)
	case "uname":
		var utsname unix.Utsname
		return unix.Uname(&utsname)
	case "unshare-user":
		// Create a user namespace.
		return unix.Unshare(unix.CLONE_NEWUSER)
	case "clone-user":
		// Start a process in a new user namespace.
		cmd := exec.Command("/bin/testtool", "exit", "0")
		cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: unix.CLONE_NEWUSER}
		if err := cmd.Run(); err != nil {
			var pathError *os.PathError
			if errors.As(err, &pathError) {
				return pathError.Err
			}
			var syscallError *os.SyscallError
			if errors.As(err, &syscallError) {
				return syscallError.Err
			}
			return err
		}
	case "setpriority-pgrp":
		// Lower the priority of the process group.
		return unix.Setpriority(unix.PRIO_PGRP, 0, 19)
	case "setpriority-user":
		// Lower the priority of all processes of this user.
		return unix.Setpriority(unix.PRIO_USER, 0, 19)
	case "setpriority-init":
		// Raise the priority of PID 1.
		return unix.Setpriority(unix.PRIO_PROCESS, 1, -20)
	case "tiocsti-tty":
		// Type a command into the controlling terminal.
		fd, err := unix.Open("/dev/tty", unix.O_RDWR|unix.O_CLOEXEC, 0)
		if err != nil {
			return err
		}
		defer unix.Close(fd)
		c := byte('#')
		_, _, errno = unix.Syscall(unix.SYS_IOCTL, uintptr(fd), unix.TIOCSTI, uintptr(unsafe.Pointer(&c)))
	case "tiocsti-stdio":
		// Type a command into a terminal that standard input,
		// output or error may be.
		for fd := 0; fd < 3; fd++ {
			c := byte('#')
			if _, _, e := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), unix.TIOCSTI, uintptr(unsafe.Pointer(&c))); e != unix.ENOTTY {
				errno = e
				break
			}
			errno = unix.ENOTTY
		}
	case "ptrace-init":
		_, _, errno = unix.Syscall6(unix.SYS_PTRACE, unix.PTRACE_ATTACH, 1, 0, 0, 0, 0)
	case "chown-dev-null":
		return unix.Chown("/dev/null", 65534, 65534)
	case "utimes-dev-null":
		return unix.Utimes("/dev/null", []unix.Timeval{{Sec: 1}, {Sec: 1}})
	case "mknod-block":
		// Create a device node of the host's first disk.
		return unix.Mknod("/tmp/disk", unix.S_IFBLK|0o600, int(unix.Mkdev(8, 0)))
	case "open_by_handle_at":
		handle := unix.NewFileHandle(1, make([]byte, 8))
		_, err := unix.OpenByHandleAt(unix.AT_FDCWD, handle, unix.O_RDONLY)
		return err
	case "mount-tmpfs":
		return unix.Mount("tmpfs", "/tmp", "tmpfs", 0, "")
	case "umount-proc":
		return unix.Unmount("/proc", unix.MNT_DETACH)
	case "pivot_root":
		return unix.PivotRoot("/tmp", "/tmp")
	case "sethostname":
		return unix.Sethostname([]byte("attacker"))
	case "settimeofday":
		var tv unix.Timeval
		if err := unix.Gettimeofday(&tv); err != nil {
			return err
		}
		return unix.Settimeofday(&tv)
	case "reboot":
		// Invalid magic numbers, so that the call fails if it
		// is permitted.
		_, _, errno = unix.Syscall6(unix.SYS_REBOOT, 0, 0, 0, 0, 0, 0)
	case "swapon":
		_, _, errno = unix.Syscall(unix.SYS_SWAPON, 0, 0, 0)
	case "acct":
		return unix.Acct("")
	case "packet-socket":
		// Capture the traffic of all interfaces.
		fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW, 0x300)
		if err == nil {
			unix.Close(fd)
		}
		return err
	case "shm-create":
		// Leave a System V shared memory segment behind.
		_, err := unix.SysvShmGet(0x62620001, 4096, unix.IPC_CREAT|0o600)
		return err
	case "shm-find":
		_, err := unix.SysvShmGet(0x62620001, 4096, 0)
		return err
	case "clone3":
		// Without arguments, clone3() fails with EFAULT or
		// EINVAL, unless a seccomp filter blocks it.
		_, _, errno = unix.Syscall(unix.SYS_CLONE3, 0, 0, 0)
	default:
		fail(fmt.Errorf("unknown system call %#v", name))
	}
	if errno != 0 {
		return errno
	}
	return nil
}

// errorName returns "ok" for nil, and the name of the error otherwise.
func errorName(err error) string {
	var errno syscall.Errno
	if err == nil {
		return "ok"
	} else if errors.As(err, &errno) {
		return unix.ErrnoName(errno)
	}
	return err.Error()
}

func main() {
	if len(os.Args) < 2 {
		fail(fmt.Errorf("usage: testtool command [arguments]"))
	}
	args := os.Args[2:]
	switch os.Args[1] {
	case "ls":
		// Print the sorted names of the entries of a directory,
		// one per line.
		names, err := dirlist.Names(args[0])
		if err != nil {
			fail(err)
		}
		fmt.Println(strings.Join(names, "\n"))
	case "tree":
		// Print every file beneath directories with its type,
		// permissions, owner, device number and symbolic link
		// target, one per line.
		for _, directory := range args {
			if err := printTree(directory); err != nil {
				fail(err)
			}
		}
	case "tamper-files":
		// Attempt to change the files beneath a directory,
		// printing the result of every attempt.
		tamper(args[0])
	case "readlink":
		target, err := os.Readlink(args[0])
		if err != nil {
			fail(err)
		}
		fmt.Println(target)
	case "cat":
		// Copy files to standard output.
		for _, name := range args {
			f, err := os.Open(name)
			if err != nil {
				fail(err)
			}
			if _, err := io.Copy(os.Stdout, f); err != nil {
				fail(err)
			}
			f.Close()
		}
	case "read":
		// Read a number of bytes from a file, printing how many
		// were read.
		n, _ := strconv.Atoi(args[1])
		f, err := os.Open(args[0])
		if err != nil {
			fail(err)
		}
		buf := make([]byte, n)
		got, err := io.ReadFull(f, buf)
		if err != nil {
			fail(err)
		}
		fmt.Println(got)
	case "write":
		// Write data to a file, which must exist or be creatable.
		if err := os.WriteFile(args[0], []byte(args[1]), 0o666); err != nil {
			fail(err)
		}
		fmt.Println("written")
	case "pids":
		// Print the numeric entries of /proc.
		entries, err := os.ReadDir("/proc")
		if err != nil {
			fail(err)
		}
		var pids []string
		for _, entry := range entries {
			if _, err := strconv.Atoi(entry.Name()); err == nil {
				pids = append(pids, entry.Name())
			}
		}
		fmt.Println(strings.Join(pids, " "))
	case "pty":
		// Open a new pseudo-terminal through /dev/ptmx.
		ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
		if err != nil {
			fail(err)
		}
		if err := unix.IoctlSetPointerInt(int(ptmx.Fd()), unix.TIOCSPTLCK, 0); err != nil {
			fail(err)
		}
		n, err := unix.IoctlGetInt(int(ptmx.Fd()), unix.TIOCGPTN)
		if err != nil {
			fail(err)
		}
		name := fmt.Sprintf("/dev/pts/%d", n)
		pts, err := os.OpenFile(name, os.O_RDWR, 0)
		if err != nil {
			fail(err)
		}
		pts.Close()
		fmt.Println("opened", name)
	case "escape":
		// Attempt to leave the root directory the way a process
		// running as root can leave a chroot(), and report
		// whether a file of the host can then be seen.
		marker := args[0]
		if err := os.MkdirAll("/escape", 0o755); err != nil {
			fail(err)
		}
		if err := syscall.Chroot("/escape"); err != nil {
			fmt.Println("chroot failed:", err)
		}
		for i := 0; i < 64; i++ {
			syscall.Chdir("..")
		}
		syscall.Chroot(".")
		if _, err := os.Stat(marker); err == nil {
			fmt.Println("ESCAPED")
			os.Exit(0)
		}
		for _, p := range []string{"/proc/1/root" + marker, "/proc/self/root" + marker} {
			if _, err := os.Stat(p); err == nil {
				fmt.Println("ESCAPED through", p)
				os.Exit(0)
			}
		}
		fmt.Println("contained")
	case "daemonize":
		// Start a copy of this program in a new session, running
		// "sleep" with a token that the test can search for, and
		// exit without waiting for it.
		cmd := exec.Command("/proc/self/exe", "sleep", "1000", args[0])
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if err := cmd.Start(); err != nil {
			fail(err)
		}
		fmt.Println("started", cmd.Process.Pid)
		if len(args) > 1 {
			time.Sleep(1000 * time.Second)
		}
	case "sleep":
		seconds, _ := strconv.Atoi(args[0])
		time.Sleep(time.Duration(seconds) * time.Second)
	case "exit":
		code, _ := strconv.Atoi(args[0])
		os.Exit(code)
	case "kill-self":
		signal := unix.SignalNum(args[0])
		syscall.Kill(os.Getpid(), signal)
		time.Sleep(10 * time.Second)
	case "kill":
		// Send signals to a process, printing the result of each.
		pid, _ := strconv.Atoi(args[0])
		for _, name := range args[1:] {
			fmt.Println(name, syscall.Kill(pid, unix.SignalNum(name)))
		}
	case "prlimit":
		// Set a resource limit of a process, such as
		// "prlimit 1 RLIMIT_NOFILE 4".
		pid, _ := strconv.Atoi(args[0])
		resources := map[string]int{
			"RLIMIT_CPU":    unix.RLIMIT_CPU,
			"RLIMIT_FSIZE":  unix.RLIMIT_FSIZE,
			"RLIMIT_NOFILE": unix.RLIMIT_NOFILE,
			"RLIMIT_NPROC":  unix.RLIMIT_NPROC,
		}
		value, _ := strconv.ParseUint(args[2], 10, 64)
		if err := unix.Prlimit(pid, resources[args[1]], &unix.Rlimit{Cur: value, Max: value}, nil); err != nil {
			fail(err)
		}
		fmt.Println("limited")
	case "chmod":
		// Change the permissions of a file, printing the result.
		mode, _ := strconv.ParseUint(args[1], 8, 32)
		fmt.Println(os.Chmod(args[0], os.FileMode(mode)))
	case "fds":
		// Print the open file descriptors, other than the one
		// used to list them, and what they refer to.
		entries, err := os.ReadDir("/proc/self/fd")
		if err != nil {
			// Without /proc, probe the first 1024 file
			// descriptors and print their numbers, file
			// types and inode numbers.
			for fd := 0; fd < 1024; fd++ {
				var stat unix.Stat_t
				if unix.Fstat(fd, &stat) == nil {
					fmt.Printf("%d %o %d\n", fd, stat.Mode&unix.S_IFMT, stat.Ino)
				}
			}
			return
		}
		for _, entry := range entries {
			if target, err := os.Readlink("/proc/self/fd/" + entry.Name()); err == nil {
				fmt.Println(entry.Name(), target)
			}
		}
	case "syscall":
		// Make system calls that a seccomp filter may block,
		// with arguments that do no harm if they are permitted,
		// printing "ok" or the name of the error of each.
		for _, name := range args {
			fmt.Println(name, errorName(systemCall(name)))
		}
	case "mounts-underneath":
		// Attempt to obtain the attributes of the mount on
		// which the root directory is mounted, and to list the
		// mounts of the mount namespace from its root, printing
		// "ok" or the name of the error of each.
		var stx unix.Statx_t
		if err := unix.Statx(unix.AT_FDCWD, "/", 0, unix.STATX_MNT_ID_UNIQUE, &stx); err != nil {
			fail(err)
		}
		root, err := statmount(stx.Mnt_id)
		fmt.Println("statmount /", errorName(err))
		if err == nil && root.parentID != stx.Mnt_id {
			_, err := statmount(root.parentID)
			fmt.Println("statmount parent of /", errorName(err))
		}
		// Every mount that listmount() reports must be one whose
		// attributes the caller may obtain.
		mountIDs, err := listmountRoot()
		fmt.Println("listmount", errorName(err), len(mountIDs))
		for _, mountID := range mountIDs {
			if _, err := statmount(mountID); err != nil {
				fmt.Println("statmount of listed mount", errorName(err))
			}
		}
	case "ptys":
		// Open pseudo-terminals until that fails.
		var ptys []*os.File
		for {
			ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
			if err != nil {
				fmt.Println("opened", len(ptys), errorName(err))
				break
			}
			ptys = append(ptys, ptmx)
		}
	case "inodes":
		// Create empty files in a directory until that fails.
		n := 0
		for {
			f, err := os.Create(fmt.Sprintf("%s/%d", args[0], n))
			if err != nil {
				fmt.Println("created", n, errorName(err))
				break
			}
			f.Close()
			n++
		}
	case "creds":
		// Print the real and effective user IDs and the
		// effective capabilities.
		data, err := os.ReadFile("/proc/self/status")
		if err != nil {
			fail(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "CapEff:") {
				fmt.Println(os.Getuid(), os.Geteuid(), strings.TrimSpace(strings.TrimPrefix(line, "CapEff:")))
			}
		}
	case "session":
		// Print the process ID, process group ID and session ID.
		sid, _ := unix.Getsid(0)
		fmt.Println(os.Getpid(), syscall.Getpgrp(), sid)
	case "getenv":
		// Print the value of an environment variable.
		if value, ok := os.LookupEnv(args[0]); ok {
			fmt.Println(value)
		} else {
			fmt.Println("(unset)")
		}
	case "mode":
		// Print the type and permissions of a file.
		info, err := os.Stat(args[0])
		if err != nil {
			fail(err)
		}
		fmt.Println(info.Mode())
	case "id":
		groups, _ := os.Getgroups()
		fmt.Println(os.Getuid(), os.Getgid(), groups)
	case "pwd":
		wd, err := os.Getwd()
		if err != nil {
			fail(err)
		}
		fmt.Println(wd)
	case "hostname":
		name, err := os.Hostname()
		if err != nil {
			fail(err)
		}
		fmt.Println(name)
	case "echo":
		fmt.Println(strings.Join(args, " "))
	case "spew":
		// Write a number of bytes of a recognizable pattern to
		// standard output, as produced by spewPattern().
		n, _ := strconv.Atoi(args[0])
		if _, err := os.Stdout.Write(spewPattern(n)); err != nil {
			fail(err)
		}
	case "fill":
		// Write to a file until the file system is full,
		// reporting how many bytes were written.
		f, err := os.Create(args[0])
		if err != nil {
			fail(err)
		}
		chunk := make([]byte, 64*1024)
		written := 0
		for {
			n, err := f.Write(chunk)
			written += n
			if err != nil {
				fmt.Println("filled", written, err)
				if errors.Is(err, syscall.ENOSPC) {
					os.Exit(0)
				}
				os.Exit(1)
			}
		}
	case "close-stdio":
		// Close standard output and standard error after writing
		// to them, and keep running with them closed. Exit with
		// 0 only if writing to them afterwards fails as expected.
		fmt.Println("before close")
		fmt.Fprintln(os.Stderr, "before close")
		unix.Close(1)
		unix.Close(2)
		_, errStdout := unix.Write(1, []byte("after close\n"))
		_, errStderr := unix.Write(2, []byte("after close\n"))
		if errStdout != unix.EBADF || errStderr != unix.EBADF {
			os.Exit(1)
		}
		time.Sleep(100 * time.Millisecond)
		os.Exit(0)
	case "forkbomb":
		// Start a tree of processes of a given depth, each of
		// which starts two copies of itself and sleeps. The
		// root of the tree exits once /proc shows that all of
		// them exist, leaving them behind. The token is passed
		// on, so that the processes can be found on the host.
		depth, _ := strconv.Atoi(args[0])
		token := args[1]
		isRoot := len(args) < 3
		for i := 0; depth > 0 && i < 2; i++ {
			cmd := exec.Command("/proc/self/exe", "forkbomb", strconv.Itoa(depth-1), token, "child")
			cmd.Env = []string{"GOMAXPROCS=1"}
			if err := cmd.Start(); err != nil {
				fail(err)
			}
		}
		if !isRoot {
			time.Sleep(1000 * time.Second)
			os.Exit(0)
		}
		// All processes exist once all leaves of the tree do.
		// Only they are counted, as a process that has been
		// forked but has not yet called execve() still has the
		// command line of its parent.
		leaves := 1 << depth
		leafCommandLine := "forkbomb\x000\x00" + token + "\x00child\x00"
		deadline := time.Now().Add(120 * time.Second)
		for {
			count := 0
			entries, err := os.ReadDir("/proc")
			if err != nil {
				fail(err)
			}
			for _, entry := range entries {
				cmdline, err := os.ReadFile("/proc/" + entry.Name() + "/cmdline")
				if err == nil && strings.HasSuffix(string(cmdline), leafCommandLine) {
					count++
				}
			}
			if count == leaves {
				fmt.Println("processes", 2*leaves-1)
				os.Exit(0)
			}
			if time.Now().After(deadline) {
				fail(fmt.Errorf("only %d of %d leaf processes started", count, leaves))
			}
			time.Sleep(10 * time.Millisecond)
		}
	case "tamper":
		// Attempt to unmount, remount and replace the file systems
		// mounted by the sandbox, printing the outcome of every
		// attempt.
		try := func(description string, err error) {
			if err == nil {
				fmt.Printf("%s: ok\n", description)
			} else {
				fmt.Printf("%s: %v\n", description, err)
			}
		}
		try("umount /proc", unix.Unmount("/proc", 0))
		try("umount -l /proc", unix.Unmount("/proc", unix.MNT_DETACH))
		try("umount -l /dev", unix.Unmount("/dev", unix.MNT_DETACH))
		try("umount -l /dev/shm", unix.Unmount("/dev/shm", unix.MNT_DETACH))
		try("remount -o ro /proc", unix.Mount("", "/proc", "", unix.MS_REMOUNT|unix.MS_RDONLY, ""))
		try("remount -o rw /sys", unix.Mount("", "/sys", "", unix.MS_REMOUNT, ""))
		try("mount -t proc proc /tmp", unix.Mount("proc", "/tmp", "proc", 0, ""))
		try("mount --make-rshared /", unix.Mount("", "/", "", unix.MS_REC|unix.MS_SHARED, ""))
		try("rename /proc /proc.old", unix.Rename("/proc", "/proc.old"))
		try("rmdir /proc", unix.Rmdir("/proc"))
		try("rename /dev /dev.old", unix.Rename("/dev", "/dev.old"))
		try("unshare -m", unix.Unshare(unix.CLONE_NEWNS))
		try("pivot_root /tmp /tmp", unix.PivotRoot("/tmp", "/tmp"))
		// Replace a directory that is not a mountpoint with a
		// symbolic link pointing to the host's view of the root.
		try("symlink / /proc.old", unix.Symlink("/", "/proc.old"))
		try("symlink /proc/1/root /escape", unix.Symlink("/proc/1/root", "/escape"))
		if _, err := os.ReadDir("/proc/1/root/"); err != nil {
			try("ls /proc/1/root", err)
		} else {
			try("ls /proc/1/root", nil)
		}
		// Capabilities obtained by creating a user namespace
		// only apply to file systems and namespaces owned by it.
		userns := exec.Command("/proc/self/exe", "tamper-in-userns")
		userns.Stdout = os.Stdout
		userns.SysProcAttr = &syscall.SysProcAttr{
			Cloneflags:  syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS,
			UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
			GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
		}
		try("unshare -U -m", userns.Run())
		try("ptrace -p 1", unix.PtraceAttach(1))
		// The kernel ignores SIGKILL sent to the init process of
		// a PID namespace from inside the namespace.
		try("kill -KILL 1", unix.Kill(1, unix.SIGKILL))
	case "tamper-in-userns":
		// Run by "tamper" in a new user and mount namespace.
		try := func(description string, err error) {
			if err == nil {
				fmt.Printf("  %s: ok\n", description)
			} else {
				fmt.Printf("  %s: %v\n", description, err)
			}
		}
		try("umount -l /proc", unix.Unmount("/proc", unix.MNT_DETACH))
		try("umount -l /", unix.Unmount("/", unix.MNT_DETACH))
		try("mount -t proc proc /tmp", unix.Mount("proc", "/tmp", "proc", 0, ""))
		try("mount -t tmpfs tmpfs /tmp", unix.Mount("tmpfs", "/tmp", "tmpfs", 0, ""))
		if _, err := os.ReadDir("/proc/1/root/"); err != nil {
			try("ls /proc/1/root", err)
		} else {
			try("ls /proc/1/root", nil)
		}
	case "await":
		// Create a file announcing that the action runs, and wait
		// for another file to appear. Then print the type of a
		// path, without following symbolic links.
		if err := os.WriteFile(args[0], nil, 0o666); err != nil {
			fail(err)
		}
		deadline := time.Now().Add(60 * time.Second)
		for {
			if _, err := os.Stat(args[1]); err == nil {
				break
			}
			if time.Now().After(deadline) {
				fail(fmt.Errorf("%s did not appear", args[1]))
			}
			time.Sleep(10 * time.Millisecond)
		}
		if fi, err := os.Lstat(args[2]); err != nil {
			fmt.Println(err)
		} else {
			fmt.Println(fi.Mode().Type())
		}
		if _, err := os.Stat(args[2] + "/self/exe"); err != nil {
			fmt.Println(err)
		} else {
			fmt.Println(args[2] + "/self/exe exists")
		}
	default:
		fail(fmt.Errorf("unknown command %#v", os.Args[1]))
	}
}

// spewPattern returns n bytes of lines that contain their own offset,
// so that truncated, reordered or duplicated output is detected.
func spewPattern(n int) []byte {
	var b strings.Builder
	for b.Len() < n {
		fmt.Fprintf(&b, "%015d bb-chroot spew line\n", b.Len())
	}
	return []byte(b.String()[:n])
}
