//go:build linux
// +build linux

package initprocess

import (
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ReaperArgument is argv[1] with which the init process is started to
// act as the reaper of a sandbox that the runner sets up itself. The
// reaper is PID 1 of the sandbox's PID namespace. It is started in the
// input root directory, which it makes its root directory. It then
// writes a byte to its standard input, a socket, to report that it did
// so. It reaps orphaned processes, and exits when the other end of the
// socket is closed.
const ReaperArgument = "reaper"

// runReaper turns the current process into the reaper of a sandbox. It
// is used by binaries that are not linked with the reaper's own entry
// point (see cmd/bb_sandbox_init), such as bb_runner executing itself.
// Unlike that entry point, it cannot enter seccomp's strict mode, as
// the Go runtime makes system calls on all of its threads.
func runReaper() {
	resetSignalDispositions()
	// With SIGCHLD ignored, the kernel reaps orphaned processes that
	// are reparented to this process as soon as they terminate.
	action := [4]uint64{1} // SIG_IGN
	unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(unix.SIGCHLD), uintptr(unsafe.Pointer(&action)), 0, 8, 0, 0)
	unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0)
	if err := unix.Chroot("."); err != nil {
		os.Exit(1)
	}
	var b [1]byte
	unix.Write(0, b[:])
	for {
		if _, err := unix.Read(0, b[:]); err != unix.EINTR {
			os.Exit(0)
		}
	}
}
