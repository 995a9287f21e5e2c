// Command testtool is a statically linked program that is placed in
// input roots by the integration tests. It provides small commands
// that inspect the environment in which an action runs.
package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func main() {
	if len(os.Args) < 2 {
		fail(fmt.Errorf("usage: testtool command [arguments]"))
	}
	args := os.Args[2:]
	switch os.Args[1] {
	case "ls":
		// Print the sorted names of the entries of a directory.
		entries, err := os.ReadDir(args[0])
		if err != nil {
			fail(err)
		}
		var names []string
		for _, entry := range entries {
			names = append(names, entry.Name())
		}
		sort.Strings(names)
		fmt.Println(strings.Join(names, "\n"))
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
	default:
		fail(fmt.Errorf("unknown command %#v", os.Args[1]))
	}
}
