//go:build linux
// +build linux

// Package attack_test runs attacks of actions that run as root in the
// sandbox of config/bb_runner_chroot.jsonnet, the configuration that
// operators start from. Each attack is written as a test: it checks
// that the attack fails, that the host is unchanged, that nothing of
// the action is left, and that the runner keeps serving.
package attack_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/bb-chroot/bb-chroot/internal/hoststate"
	"github.com/bb-chroot/bb-chroot/internal/runnertest"
	"github.com/buildbarn/bb-remote-execution/pkg/proto/resourceusage"
	runner_pb "github.com/buildbarn/bb-remote-execution/pkg/proto/runner"
	"github.com/stretchr/testify/require"

	"golang.org/x/sys/unix"
)

// environment is a runner started from a configuration file, with
// the build directory in which its actions run.
type environment struct {
	runner         *runnertest.Runner
	buildDirectory string
	testtool       []byte
	lock           sync.Mutex
	counter        int
}

// newInputRoot creates an input root holding the test tool at
// /bin/testtool and the mountpoints of the example configuration.
func (e *environment) newInputRoot(t *testing.T) string {
	e.lock.Lock()
	e.counter++
	name := fmt.Sprintf("action%d", e.counter)
	e.lock.Unlock()
	root := filepath.Join(e.buildDirectory, name, "root")
	for _, directory := range []string{"bin", "proc", "sys", "dev", "tmp"} {
		require.NoError(t, os.MkdirAll(filepath.Join(root, directory), 0o755))
	}
	require.NoError(t, os.Mkdir(filepath.Join(e.buildDirectory, name, "tmp"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(root, "bin", "testtool"), e.testtool, 0o755))
	return name
}

func (e *environment) run(t *testing.T, name string, arguments ...string) (*runner_pb.RunResponse, string, string) {
	e.lock.Lock()
	e.counter++
	logSuffix := strconv.Itoa(e.counter)
	e.lock.Unlock()
	response, stdout, stderr, err := e.runner.Run(context.Background(), e.buildDirectory, &runner_pb.RunRequest{
		Arguments:            arguments,
		EnvironmentVariables: map[string]string{"PATH": "/bin"},
		StdoutPath:           name + "/stdout" + logSuffix,
		StderrPath:           name + "/stderr" + logSuffix,
		InputRootDirectory:   name + "/root",
		TemporaryDirectory:   name + "/tmp",
	})
	require.NoError(t, err, "stderr: %s", stderr)
	return response, stdout, stderr
}

// hostState is what an action must not be able to change: the mount
// table, the host's device nodes, the runner's process attributes,
// the host name, the keys and System V objects of the host, and the
// processes of the runner.
type hostState struct {
	devices      map[string]string
	runner       map[string]string
	hostname     string
	keys         string
	sharedMemory string
	children     []string
}

func readHostState(t *testing.T, runnerPID int) *hostState {
	s := &hostState{
		devices: map[string]string{},
		runner:  map[string]string{},
	}
	for _, device := range []string{"null", "zero", "full", "random", "urandom", "tty"} {
		var stat unix.Stat_t
		require.NoError(t, unix.Stat("/dev/"+device, &stat))
		s.devices[device] = fmt.Sprintf("mode %o, owner %d:%d, ctime %d.%d", stat.Mode, stat.Uid, stat.Gid, stat.Ctim.Sec, stat.Ctim.Nsec)
	}
	for _, file := range []string{"autogroup", "limits", "oom_score_adj", "status"} {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/%s", runnerPID, file))
		require.NoError(t, err)
		if file == "status" {
			// Only keep what an action could change.
			var kept []string
			for _, line := range strings.Split(string(data), "\n") {
				if strings.HasPrefix(line, "State:") || strings.HasPrefix(line, "Cap") || strings.HasPrefix(line, "NoNewPrivs:") || strings.HasPrefix(line, "Seccomp:") {
					kept = append(kept, line)
				}
			}
			data = []byte(strings.Join(kept, "\n"))
		}
		s.runner[file] = string(data)
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", runnerPID))
	require.NoError(t, err)
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+2:]))
	// Process group, session, terminal, and nice value.
	s.runner["stat"] = strings.Join([]string{fields[2], fields[3], fields[4], fields[16]}, " ")
	s.hostname, err = os.Hostname()
	require.NoError(t, err)
	keys, err := os.ReadFile("/proc/keys")
	require.NoError(t, err)
	s.keys = string(keys)
	sharedMemory, err := os.ReadFile("/proc/sysvipc/shm")
	require.NoError(t, err)
	s.sharedMemory = string(sharedMemory)
	processes, err := hoststate.Processes()
	require.NoError(t, err)
	for _, p := range hoststate.Descendants(processes, runnerPID) {
		s.children = append(s.children, p.String())
	}
	return s
}

// attack is an action that tries to affect something outside of
// itself. It must fail with the expected output.
type attack struct {
	name      string
	arguments []string
	// The expected standard output of the action, or a regular
	// expression that matches it.
	stdout        string
	stdoutPattern string
	// The exit code of the action, and what its standard error
	// contains.
	exitCode int64
	stderr   string
	// The signal that terminates the action, if any.
	signal string
}

var attacks = []attack{
	// Signals, resource limits and scheduling: reach nothing but
	// the action's own session and its own init process.
	{name: "KillSession", arguments: []string{"testtool", "kill", "0", "SIGKILL"}, signal: "KILL"},
	{name: "KillEverything", arguments: []string{"testtool", "kill", "-1", "SIGKILL", "SIGSTOP"}, stdout: "SIGKILL no such process\nSIGSTOP no such process\n"},
	{name: "SignalInit", arguments: []string{"testtool", "kill", "1", "SIGHUP", "SIGINT", "SIGQUIT", "SIGSEGV", "SIGTERM", "SIGSTOP", "SIGKILL"}, stdout: "SIGHUP <nil>\nSIGINT <nil>\nSIGQUIT <nil>\nSIGSEGV <nil>\nSIGTERM <nil>\nSIGSTOP <nil>\nSIGKILL <nil>\n"},
	{name: "LimitInitFileDescriptors", arguments: []string{"testtool", "prlimit", "1", "RLIMIT_NOFILE", "4"}, stdout: "limited\n"},
	{name: "LimitInitFileSize", arguments: []string{"testtool", "prlimit", "1", "RLIMIT_FSIZE", "1"}, stdout: "limited\n"},
	{name: "InitOOMScore", arguments: []string{"testtool", "write", "/proc/1/oom_score_adj", "1000"}, stdout: "written\n"},
	{name: "InitAutogroup", arguments: []string{"testtool", "write", "/proc/1/autogroup", "19"}, stdout: "written\n"},
	{name: "NiceProcessGroup", arguments: []string{"testtool", "syscall", "setpriority-pgrp"}, stdout: "setpriority-pgrp ok\n"},
	{name: "NiceUser", arguments: []string{"testtool", "syscall", "setpriority-user"}, stdout: "setpriority-user EPERM\n"},
	{name: "RaiseInitPriority", arguments: []string{"testtool", "syscall", "setpriority-init"}, stdout: "setpriority-init EACCES\n"},

	// Terminals: the action has no controlling terminal, and bb_runner's is
	// not reachable.
	{name: "TypeIntoControllingTerminal", arguments: []string{"testtool", "syscall", "tiocsti-tty"}, stdout: "tiocsti-tty ENXIO\n"},
	{name: "TypeIntoStandardStreams", arguments: []string{"testtool", "syscall", "tiocsti-stdio"}, stdout: "tiocsti-stdio ENOTTY\n"},
	{name: "ExhaustPseudoTerminals", arguments: []string{"testtool", "ptys"}, stdout: "opened 256 ENOSPC\n"},

	// The init process and file descriptors.
	{name: "PtraceInit", arguments: []string{"testtool", "syscall", "ptrace-init"}, stdout: "ptrace-init EPERM\n"},
	{name: "InitMemory", arguments: []string{"testtool", "read", "/proc/1/mem", "16"}, exitCode: 1, stderr: "permission denied"},
	{name: "InitFileDescriptors", arguments: []string{"testtool", "readlink", "/proc/1/fd/0"}, exitCode: 1, stderr: "permission denied"},
	{name: "InitRoot", arguments: []string{"testtool", "ls", "/proc/1/root"}, exitCode: 1, stderr: "permission denied"},
	{name: "InheritedFileDescriptors", arguments: []string{"testtool", "fds"}, stdoutPattern: `^0 /\n1 /\S+/stdout\d+\n2 /\S+/stderr\d+\n$`},
	{name: "InheritedRootDirectory", arguments: []string{"testtool", "ls", "/proc/self/fd/3/etc"}, exitCode: 1, stderr: "no such file or directory"},

	// Device nodes and special files of the host.
	{name: "ChmodStandardInput", arguments: []string{"testtool", "chmod", "/proc/self/fd/0", "600"}, stdout: "chmod /proc/self/fd/0: read-only file system\n"},
	{name: "ChmodDevice", arguments: []string{"testtool", "chmod", "/dev/full", "600"}, stdout: "chmod /dev/full: read-only file system\n"},
	{name: "ChownDevice", arguments: []string{"testtool", "syscall", "chown-dev-null"}, stdout: "chown-dev-null EROFS\n"},
	{name: "TouchDevice", arguments: []string{"testtool", "syscall", "utimes-dev-null"}, stdout: "utimes-dev-null EROFS\n"},
	{name: "CreateDiskDevice", arguments: []string{"testtool", "syscall", "mknod-block"}, stdout: "mknod-block EPERM\n"},
	{name: "OpenByHandle", arguments: []string{"testtool", "syscall", "open_by_handle_at"}, stdout: "open_by_handle_at EPERM\n"},
	{name: "WriteKernelParameter", arguments: []string{"testtool", "write", "/proc/sys/kernel/hostname", "attacker"}, exitCode: 1, stderr: "read-only file system"},
	{name: "WriteCorePattern", arguments: []string{"testtool", "write", "/proc/sys/kernel/core_pattern", "|/bin/testtool"}, exitCode: 1, stderr: "read-only file system"},
	{name: "WriteSysfs", arguments: []string{"testtool", "write", "/sys/kernel/mm/transparent_hugepage/enabled", "never"}, exitCode: 1, stderr: "read-only file system"},

	// Mounts and the root directory.
	{name: "MountTmpfs", arguments: []string{"testtool", "syscall", "mount-tmpfs"}, stdout: "mount-tmpfs EPERM\n"},
	{name: "UnmountProc", arguments: []string{"testtool", "syscall", "umount-proc"}, stdout: "umount-proc EPERM\n"},
	{name: "PivotRoot", arguments: []string{"testtool", "syscall", "pivot_root"}, stdout: "pivot_root EPERM\n"},
	{name: "ChrootEscape", arguments: []string{"testtool", "escape", "/etc/hostname"}, stdout: "contained\n"},
	// The host's file systems underneath the input root can be
	// neither inspected nor listed: listmount() reports the 17
	// mounts of the sandbox (the input root, proc and its five
	// read-only bind mounts, sys, the seven of /dev, devpts and
	// /dev/shm), all beneath the root directory.
	{name: "MountsUnderneath", arguments: []string{"testtool", "mounts-underneath"}, stdout: "statmount / ok\nstatmount parent of / EPERM\nlistmount ok 17\n"},
	{name: "UserNamespace", arguments: []string{"testtool", "syscall", "unshare-user", "clone-user", "clone3"}, stdout: "unshare-user EPERM\nclone-user EPERM\nclone3 ENOSYS\n"},

	// Kernel state shared with the host.
	{name: "Hostname", arguments: []string{"testtool", "syscall", "sethostname"}, stdout: "sethostname EPERM\n"},
	{name: "Keyring", arguments: []string{"testtool", "syscall", "add_key", "keyctl", "request_key"}, stdout: "add_key EPERM\nkeyctl EPERM\nrequest_key EPERM\n"},
	{name: "SharedMemory", arguments: []string{"testtool", "syscall", "shm-create", "shm-find"}, stdout: "shm-create ok\nshm-find ok\n"},
	{name: "PacketSocket", arguments: []string{"testtool", "syscall", "packet-socket"}, stdout: "packet-socket EPERM\n"},
	{name: "BPF", arguments: []string{"testtool", "syscall", "bpf"}, stdout: "bpf EPERM\n"},
	{name: "PerfEvents", arguments: []string{"testtool", "syscall", "perf_event_open"}, stdout: "perf_event_open EPERM\n"},
	{name: "Userfaultfd", arguments: []string{"testtool", "syscall", "userfaultfd"}, stdout: "userfaultfd EPERM\n"},
	{name: "IOUring", arguments: []string{"testtool", "syscall", "io_uring_setup"}, stdout: "io_uring_setup EPERM\n"},
	{name: "KernelModules", arguments: []string{"testtool", "syscall", "init_module", "delete_module"}, stdout: "init_module EPERM\ndelete_module EPERM\n"},
	{name: "Kexec", arguments: []string{"testtool", "syscall", "kexec_load"}, stdout: "kexec_load EPERM\n"},
	{name: "Clock", arguments: []string{"testtool", "syscall", "settimeofday"}, stdout: "settimeofday EPERM\n"},
	{name: "Reboot", arguments: []string{"testtool", "syscall", "reboot"}, stdout: "reboot EPERM\n"},
	{name: "Swap", arguments: []string{"testtool", "syscall", "swapon"}, stdout: "swapon EPERM\n"},
	{name: "Accounting", arguments: []string{"testtool", "syscall", "acct"}, stdout: "acct EPERM\n"},

	// Resources that concurrent actions share.
	{name: "ExhaustInodes", arguments: []string{"testtool", "inodes", "/dev/shm"}, stdout: "created 65535 ENOSPC\n"},
	{name: "FillDev", arguments: []string{"testtool", "fill", "/dev/file"}, exitCode: 1, stderr: "open /dev/file: read-only file system"},
	{name: "ForkBomb", arguments: []string{"testtool", "forkbomb", "8", "attack"}, stdout: "processes 511\n"},
	{name: "Daemon", arguments: []string{"testtool", "daemonize", "attack"}, stdoutPattern: `^started \d+\n$`},
}

func TestAttacks(t *testing.T) {
	runnertest.RequireRoot(t)
	buildDirectory := t.TempDir()
	directory := t.TempDir()
	socket := filepath.Join(directory, "runner.sock")
	t.Setenv("BB_BUILD_DIRECTORY", buildDirectory)
	t.Setenv("BB_RUNNER_SOCKET", socket)

	// Start bb_runner with a controlling terminal, as when an
	// operator starts it from a shell, and with file descriptors
	// that it inherits without close-on-exec: the host's root
	// directory at 3, as "bb_runner config 3</" would.
	ptmxFD, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NONBLOCK|unix.O_CLOEXEC|unix.O_NOCTTY, 0)
	require.NoError(t, err)
	defer unix.Close(ptmxFD)
	require.NoError(t, unix.IoctlSetPointerInt(ptmxFD, unix.TIOCSPTLCK, 0))
	ptyNumber, err := unix.IoctlGetInt(ptmxFD, unix.TIOCGPTN)
	require.NoError(t, err)
	wrapper := filepath.Join(directory, "bb_runner")
	require.NoError(t, os.WriteFile(wrapper, []byte(fmt.Sprintf(
		"#!/bin/sh\nexec setsid --ctty %s \"$@\" </dev/pts/%d\n",
		runnertest.BuildBinary(t, "cmd/bb_runner"),
		ptyNumber,
	)), 0o755))
	rootDirectory, err := os.Open("/")
	require.NoError(t, err)
	defer rootDirectory.Close()
	r, err := runnertest.StartRunnerWithConfiguration(
		wrapper,
		filepath.Join(runnertest.ModuleRoot(t), "config/bb_runner_chroot.jsonnet"),
		socket,
		rootDirectory,
	)
	require.NoError(t, err)
	defer r.Stop()
	testtool, err := os.ReadFile(runnertest.BuildBinary(t, "internal/testtool"))
	require.NoError(t, err)
	e := &environment{
		runner:         r,
		buildDirectory: buildDirectory,
		testtool:       testtool,
	}

	// The attacks on the terminal are only meaningful if bb_runner
	// has one, and TIOCSTI works on it.
	runnerPID := r.Cmd.Process.Pid
	before := readHostState(t, runnerPID)
	ttyNumber, err := strconv.Atoi(strings.Fields(before.runner["stat"])[2])
	require.NoError(t, err)
	require.NotZero(t, ttyNumber, "bb_runner has no controlling terminal")

	hostMounts, err := hoststate.Mounts()
	require.NoError(t, err)
	for _, a := range attacks {
		t.Run(a.name, func(t *testing.T) {
			name := e.newInputRoot(t)
			response, stdout, stderr := e.run(t, name, a.arguments...)
			if a.signal == "" {
				require.Equal(t, a.exitCode, response.ExitCode, stderr)
				require.Contains(t, stderr, a.stderr)
			} else {
				require.Equal(t, int64(-1), response.ExitCode, stdout)
				var resourceUsage resourceusage.POSIXResourceUsage
				require.NoError(t, response.ResourceUsage[0].UnmarshalTo(&resourceUsage))
				require.Equal(t, a.signal, resourceUsage.TerminationSignal)
			}
			if a.stdoutPattern != "" {
				require.Regexp(t, a.stdoutPattern, stdout)
			} else {
				require.Equal(t, a.stdout, stdout)
			}

			// The host is unchanged, and nothing of the
			// action is left.
			require.Equal(t, before, readHostState(t, runnerPID))
			mounts, err := hoststate.Mounts()
			require.NoError(t, err)
			leaked, _ := hoststate.LeakedMounts(hostMounts, mounts, buildDirectory)
			require.Empty(t, leaked)
			n, err := unix.Read(ptmxFD, make([]byte, 16))
			require.Equal(t, unix.EAGAIN, err, "%d bytes were typed into bb_runner's terminal", n)

			// The next action in the same input root runs
			// as usual.
			response, stdout, _ = e.run(t, name, "testtool", "echo", "serving")
			require.Equal(t, int64(0), response.ExitCode)
			require.Equal(t, "serving\n", stdout)
		})
	}
}

// fileCapabilitySetuid is the value of the security.capability
// extended attribute that grants CAP_SETUID when a file is executed
// (struct vfs_cap_data, revision 2, effective).
var fileCapabilitySetuid = []byte{
	0x01, 0x00, 0x00, 0x02,
	0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
}

// startRunner starts bb_runner with a configuration file, in a build
// directory of its own, and stops it when the test ends.
func startRunner(t *testing.T, configurationFile string) *environment {
	testtool, err := os.ReadFile(runnertest.BuildBinary(t, "internal/testtool"))
	require.NoError(t, err)
	buildDirectory := t.TempDir()
	socket := filepath.Join(t.TempDir(), "runner.sock")
	t.Setenv("BB_BUILD_DIRECTORY", buildDirectory)
	t.Setenv("BB_RUNNER_SOCKET", socket)
	r, err := runnertest.StartRunnerWithConfiguration(runnertest.BuildBinary(t, "cmd/bb_runner"), configurationFile, socket)
	require.NoError(t, err)
	t.Cleanup(r.Stop)
	return &environment{runner: r, buildDirectory: buildDirectory, testtool: testtool}
}

func TestSetuidAsUnprivilegedUser(t *testing.T) {
	runnertest.RequireRoot(t)

	// An input root with a set-user-ID root copy of the test tool,
	// and a copy with file capability CAP_SETUID.
	newEnvironment := func(t *testing.T, configuration string) (*environment, string) {
		configurationFile := filepath.Join(t.TempDir(), "bb_runner.jsonnet")
		require.NoError(t, os.WriteFile(configurationFile, []byte(fmt.Sprintf(
			"(import %q) + { runCommandsAs: { userId: 65534, groupId: 65534 } } + %s",
			filepath.Join(runnertest.ModuleRoot(t), "config/bb_runner_chroot.jsonnet"),
			configuration,
		)), 0o644))
		e := startRunner(t, configurationFile)
		buildDirectory, testtool := e.buildDirectory, e.testtool
		name := e.newInputRoot(t)
		require.NoError(t, os.Chmod(filepath.Join(buildDirectory, name), 0o755))
		require.NoError(t, os.Chmod(filepath.Join(buildDirectory, name, "tmp"), 0o777))
		suid := filepath.Join(buildDirectory, name, "root/bin/suid")
		require.NoError(t, os.WriteFile(suid, testtool, 0o755))
		require.NoError(t, unix.Chmod(suid, 0o4755))
		fcap := filepath.Join(buildDirectory, name, "root/bin/fcap")
		require.NoError(t, os.WriteFile(fcap, testtool, 0o755))
		require.NoError(t, unix.Setxattr(fcap, "security.capability", fileCapabilitySetuid, 0))
		return e, name
	}

	t.Run("Default", func(t *testing.T) {
		// Neither the set-user-ID bit nor the file capability
		// raises the privileges of the action.
		e, name := newEnvironment(t, "{}")
		_, stdout, _ := e.run(t, name, "suid", "creds")
		require.Equal(t, "65534 65534 0000000000000000\n", stdout)
		_, stdout, _ = e.run(t, name, "fcap", "creds")
		require.Equal(t, "65534 65534 0000000000000000\n", stdout)
	})

	t.Run("Allowed", func(t *testing.T) {
		// The operator can allow both, which shows that the
		// files are set up to raise privileges.
		e, name := newEnvironment(t, "{ chrootNamespaces+: { allowSetuidInInputRoot: true, allowNewPrivileges: true } }")
		_, stdout, _ := e.run(t, name, "suid", "creds")
		require.Equal(t, "65534 0 00000000a00405fb\n", stdout)
		_, stdout, _ = e.run(t, name, "fcap", "creds")
		require.Equal(t, "65534 65534 0000000000000080\n", stdout)
	})
}

// TestSharedMountsAreReadOnly checks that an action cannot change what
// the next action sees in the file systems that are shared by all
// actions: the minimal /dev, which every sandbox copies from a
// template, and the host's devices bind mounted into it. Only /dev/pts
// and /dev/shm, which are created for every action, are writable.
func TestSharedMountsAreReadOnly(t *testing.T) {
	runnertest.RequireRoot(t)
	e := startRunner(t, filepath.Join(runnertest.ModuleRoot(t), "config/bb_runner_chroot.jsonnet"))
	name := e.newInputRoot(t)
	runnerPID := e.runner.Cmd.Process.Pid
	before := readHostState(t, runnerPID)

	response, tree, stderr := e.run(t, name, "testtool", "tree", "/dev")
	require.Equal(t, int64(0), response.ExitCode, stderr)
	require.Contains(t, tree, "/dev/null 20666 0:0 103 \n")
	require.Contains(t, tree, "/dev/shm 41777 0:0 0 \n")

	for _, directory := range []string{"/dev", "/dev/shm"} {
		response, stdout, stderr := e.run(t, name, "testtool", "tamper-files", directory)
		require.Equal(t, int64(0), response.ExitCode, stderr)
		for _, line := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
			fields := strings.Fields(line)
			switch {
			case directory == "/dev/shm":
				// Each action has a /dev/shm of its own.
				require.True(t, strings.HasSuffix(line, " <nil>"), line)
			case fields[1] == "/dev/pts" || fields[1] == "/dev/shm":
				// Mounted for this action only, but the
				// mountpoints stay in place.
				if fields[0] == "rename" || fields[0] == "remove" {
					require.False(t, strings.HasSuffix(line, " <nil>"), line)
				}
			default:
				require.True(t, strings.HasSuffix(line, "read-only file system"), line)
			}
		}
		// Writing to a device is permitted.
		response, _, stderr = e.run(t, name, "testtool", "write", "/dev/null", "data")
		require.Equal(t, int64(0), response.ExitCode, stderr)

		// The next action sees the same /dev, with an empty
		// /dev/shm.
		response, stdout, stderr = e.run(t, name, "testtool", "tree", "/dev")
		require.Equal(t, int64(0), response.ExitCode, stderr)
		require.Equal(t, tree, stdout)
	}
	require.Equal(t, before, readHostState(t, runnerPID))
}
