package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/bb-chroot/bb-chroot/pkg/sandbox/initprocess"
	"github.com/stretchr/testify/require"

	"golang.org/x/sys/unix"
)

// emulators are the programs of qemu-user-static that run the binaries
// of an architecture other than the host's.
var emulators = map[string]string{
	"amd64": "qemu-x86_64-static",
	"arm64": "qemu-aarch64-static",
}

// TestReaperEntry builds bb_sandbox_init with its own entry point for
// every architecture that has one, and starts it as the reaper of a
// sandbox would be started, and as an init process. Binaries of an
// architecture other than the host's run under qemu's user mode
// emulation (.ci/run installs qemu-user-static). qemu refuses
// PR_SET_SECCOMP, so seccomp's strict mode is only checked on the
// host's architecture.
func TestReaperEntry(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("The reaper calls chroot(), which requires running as root")
	}
	for arch, emulator := range emulators {
		t.Run(arch, func(t *testing.T) {
			var command []string
			if arch != runtime.GOARCH {
				p, err := exec.LookPath(emulator)
				if err != nil {
					t.Skipf("Running %s binaries requires %s (Debian package qemu-user-static)", arch, emulator)
				}
				command = append(command, p)
			}
			binary := filepath.Join(t.TempDir(), "bb_sandbox_init")
			build := exec.Command("go", "build", "-ldflags=-E=main.reaperEntry", "-o", binary, ".")
			build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+arch)
			output, err := build.CombinedOutput()
			require.NoError(t, err, string(output))
			command = append(command, binary)

			t.Run("Reaper", func(t *testing.T) {
				// The reaper makes its working directory its
				// root directory, writes a byte to its standard
				// input, a socket, and exits when the other end
				// is closed.
				fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
				require.NoError(t, err)
				runnerEnd, reaperEnd := os.NewFile(uintptr(fds[0]), "runner"), os.NewFile(uintptr(fds[1]), "reaper")
				defer runnerEnd.Close()
				root := t.TempDir()
				reaper := exec.Command(command[0], append(command[1:], "reaper")...)
				reaper.Dir = root
				reaper.Stdin = reaperEnd
				require.NoError(t, reaper.Start())
				reaperEnd.Close()

				ready := make([]byte, 2)
				n, err := runnerEnd.Read(ready)
				require.NoError(t, err)
				require.Equal(t, ".", string(ready[:n]))
				rootDirectory, err := os.Readlink(filepath.Join("/proc", strconv.Itoa(reaper.Process.Pid), "root"))
				require.NoError(t, err)
				require.Equal(t, root, rootDirectory)
				status, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(reaper.Process.Pid), "status"))
				require.NoError(t, err)
				// SIGCHLD is ignored, so that the kernel
				// reaps orphans.
				ignored := regexp.MustCompile("\nSigIgn:\t([0-9a-f]+)\n").FindStringSubmatch(string(status))
				require.NotNil(t, ignored, string(status))
				mask, err := strconv.ParseUint(ignored[1], 16, 64)
				require.NoError(t, err)
				require.NotZero(t, mask&(1<<(unix.SIGCHLD-1)), "SigIgn: %s", ignored[1])
				if len(command) == 1 {
					require.Contains(t, string(status), "\nSeccomp:\t1\n")
				}

				runnerEnd.Close()
				require.NoError(t, reaper.Wait())
			})

			t.Run("InitProcess", func(t *testing.T) {
				// Without arguments, the Go runtime starts,
				// and the init process reports that it cannot
				// read its request.
				report, reportWriter, err := os.Pipe()
				require.NoError(t, err)
				defer report.Close()
				request, err := os.Open("/dev/null")
				require.NoError(t, err)
				defer request.Close()
				init := exec.Command(command[0], command[1:]...)
				init.ExtraFiles = []*os.File{reportWriter, request}
				require.NoError(t, init.Start())
				reportWriter.Close()
				data := make([]byte, 4096)
				n, _ := report.Read(data)
				var exitError *exec.ExitError
				require.ErrorAs(t, init.Wait(), &exitError)
				require.Equal(t, 127, exitError.ExitCode())
				r, err := initprocess.UnmarshalReport(data[:n])
				require.NoError(t, err)
				require.NotNil(t, r.Error)
				require.True(t, strings.HasPrefix(r.Error.Message, "Failed to unmarshal request"), r.Error.Message)
			})
		})
	}
}
