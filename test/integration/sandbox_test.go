package integration_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bb-chroot/bb-chroot/internal/hoststate"
	"github.com/bb-chroot/bb-chroot/internal/runnertest"
	"github.com/buildbarn/bb-remote-execution/pkg/proto/resourceusage"
	runner_pb "github.com/buildbarn/bb-remote-execution/pkg/proto/runner"
	"github.com/stretchr/testify/require"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// fullMounts is the runner configuration with all special file systems
// enabled, like config/bb_runner_chroot.jsonnet, plus a tmpfs at /tmp.
const fullMounts = `
  chrootIntoInputRoot: true,
  inputRootMounts: [
    { mountpoint: 'proc', filesystemType: 'proc' },
    { mountpoint: 'sys', filesystemType: 'sysfs' },
    { mountpoint: 'dev', filesystemType: 'dev' },
    { mountpoint: 'dev/pts', filesystemType: 'devpts' },
    { mountpoint: 'dev/shm', filesystemType: 'tmpfs', sizeBytes: 8 * 1024 * 1024 },
    { mountpoint: 'tmp', filesystemType: 'tmpfs', createMountpoint: true },
  ],
`

// suite holds a runner and a build directory shared by the subtests
// of one test.
type suite struct {
	runner         *runnertest.Runner
	buildDirectory string
	testtool       string
	counter        int
	lock           sync.Mutex
}

func newSuite(t *testing.T, buildDirectory, configuration string, extraFiles ...*os.File) *suite {
	return &suite{
		runner:         runnertest.StartRunner(t, buildDirectory, configuration, extraFiles...),
		buildDirectory: buildDirectory,
		testtool:       runnertest.BuildBinary(t, "internal/testtool"),
	}
}

// newInputRoot creates a directory in the build directory containing
// an input root with the test tool at /bin/testtool and the provided
// directories. It returns the name of the directory, which contains
// the input root in "root".
func (s *suite) newInputRoot(t *testing.T, directories ...string) string {
	s.lock.Lock()
	s.counter++
	name := fmt.Sprintf("action%d", s.counter)
	s.lock.Unlock()
	root := filepath.Join(s.buildDirectory, name, "root")
	require.NoError(t, os.MkdirAll(filepath.Join(root, "bin"), 0o755))
	data, err := os.ReadFile(s.testtool)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(root, "bin", "testtool"), data, 0o755))
	for _, d := range directories {
		require.NoError(t, os.MkdirAll(filepath.Join(root, d), 0o755))
	}
	return name
}

// run runs a command in an input root, the way bb_worker would.
func (s *suite) run(ctx context.Context, name string, arguments ...string) (*runner_pb.RunResponse, string, string, error) {
	return s.runInDirectory(ctx, name, "", arguments...)
}

func (s *suite) runInDirectory(ctx context.Context, name, workingDirectory string, arguments ...string) (*runner_pb.RunResponse, string, string, error) {
	s.lock.Lock()
	s.counter++
	logSuffix := fmt.Sprint(s.counter)
	s.lock.Unlock()
	return s.runner.Run(ctx, s.buildDirectory, &runner_pb.RunRequest{
		Arguments:            arguments,
		EnvironmentVariables: map[string]string{"PATH": "/bin:/usr/bin"},
		WorkingDirectory:     workingDirectory,
		StdoutPath:           name + "/stdout" + logSuffix,
		StderrPath:           name + "/stderr" + logSuffix,
		InputRootDirectory:   name + "/root",
		TemporaryDirectory:   name + "/tmp",
	})
}

// requireSuccess runs a command that must succeed, returning its
// standard output.
func (s *suite) requireSuccess(t *testing.T, name string, arguments ...string) string {
	response, stdout, stderr, err := s.run(context.Background(), name, arguments...)
	require.NoError(t, err)
	require.Equal(t, int64(0), response.ExitCode, "stdout: %s\nstderr: %s\nresource usage: %v", stdout, stderr, response.ResourceUsage)
	return stdout
}

func getResourceUsage(t *testing.T, response *runner_pb.RunResponse) *resourceusage.POSIXResourceUsage {
	var resourceUsage resourceusage.POSIXResourceUsage
	require.Len(t, response.ResourceUsage, 1)
	require.NoError(t, response.ResourceUsage[0].UnmarshalTo(&resourceUsage))
	return &resourceUsage
}

// hostMounts returns the mount table of the host, to check that
// actions leave no mounts behind. FUSE mounts outside the build
// directory are omitted: the runner never creates them, while other
// tests running on the machine at the same time do.
func hostMounts(t *testing.T, buildDirectory string) []string {
	mounts, err := hoststate.Mounts()
	require.NoError(t, err)
	var keys []string
	for _, m := range mounts {
		isFUSE := m.FileSystemType == "fuse" || strings.HasPrefix(m.FileSystemType, "fuse.")
		if !isFUSE || hoststate.IsBeneath(m.Mountpoint, buildDirectory) {
			keys = append(keys, m.Key)
		}
	}
	return keys
}

// processesWithToken returns the PIDs of the host's processes whose
// command line contains a token.
func processesWithToken(t *testing.T, token string) []string {
	entries, err := os.ReadDir("/proc")
	require.NoError(t, err)
	var pids []string
	for _, entry := range entries {
		cmdline, err := os.ReadFile(filepath.Join("/proc", entry.Name(), "cmdline"))
		if err == nil && strings.Contains(string(cmdline), token) {
			pids = append(pids, entry.Name())
		}
	}
	return pids
}

func TestSandboxNativeBuildDirectory(t *testing.T) {
	runnertest.RequireRoot(t)
	testSandbox(t, t.TempDir())
}

func testSandbox(t *testing.T, buildDirectory string) {
	mountsBefore := hostMounts(t, buildDirectory)
	s := newSuite(t, buildDirectory, fullMounts)

	t.Run("PathLookupWithoutEnv", func(t *testing.T) {
		// argv[0] is looked up using the action's PATH inside the
		// input root, which contains no /usr/bin/env.
		name := s.newInputRoot(t)
		require.Equal(t, "hello world\n", s.requireSuccess(t, name, "testtool", "echo", "hello", "world"))
	})

	t.Run("PathLookupOrder", func(t *testing.T) {
		// The first directory in PATH containing an executable
		// wins. Directories without it are skipped.
		name := s.newInputRoot(t, "usr/bin")
		require.NoError(t, os.WriteFile(filepath.Join(buildDirectory, name, "root/usr/bin/tool"), []byte("#!/bin/testtool echo\n"), 0o644))
		require.NoError(t, os.Symlink("testtool", filepath.Join(buildDirectory, name, "root/bin/tool")))
		response, stdout, _, err := s.runner.Run(context.Background(), buildDirectory, &runner_pb.RunRequest{
			Arguments:            []string{"tool", "echo", "found"},
			EnvironmentVariables: map[string]string{"PATH": "/usr/bin:/nonexistent:/bin"},
			StdoutPath:           name + "/stdout",
			StderrPath:           name + "/stderr",
			InputRootDirectory:   name + "/root",
		})
		require.NoError(t, err)
		require.Equal(t, int64(0), response.ExitCode)
		require.Equal(t, "found\n", stdout)
	})

	t.Run("RelativeArgv0", func(t *testing.T) {
		// argv[0] containing a slash is relative to the working
		// directory.
		name := s.newInputRoot(t)
		response, stdout, _, err := s.runInDirectory(context.Background(), name, "bin", "./testtool", "pwd")
		require.NoError(t, err)
		require.Equal(t, int64(0), response.ExitCode)
		require.Equal(t, "/bin\n", stdout)
	})

	t.Run("CommandNotFound", func(t *testing.T) {
		// A command that is not in PATH is the client's error, and
		// names the command and the search path.
		name := s.newInputRoot(t)
		_, _, _, err := s.run(context.Background(), name, "nonexistent")
		require.Equal(t, codes.InvalidArgument, status.Code(err))
		require.Contains(t, status.Convert(err).Message(), `Cannot find executable "nonexistent" in search paths "/bin:/usr/bin"`)
	})

	t.Run("AbsoluteCommandNotFound", func(t *testing.T) {
		// An absolute argv[0] that does not exist fails to start.
		name := s.newInputRoot(t)
		_, _, _, err := s.run(context.Background(), name, "/usr/bin/env", "true")
		require.Equal(t, codes.InvalidArgument, status.Code(err))
		require.Contains(t, status.Convert(err).Message(), "Failed to start process")
	})

	t.Run("ProcSelfExe", func(t *testing.T) {
		// /proc/self/exe points to the executable, relative to the
		// input root.
		name := s.newInputRoot(t, "proc")
		require.Equal(t, "/bin/testtool\n", s.requireSuccess(t, name, "testtool", "readlink", "/proc/self/exe"))
	})

	t.Run("OwnProcessesOnly", func(t *testing.T) {
		// The action runs in its own PID namespace, where it only
		// sees itself and the init process, which has PID 1.
		name := s.newInputRoot(t, "proc")
		pids := strings.Fields(s.requireSuccess(t, name, "testtool", "pids"))
		require.Len(t, pids, 2)
		require.Equal(t, "1", pids[0])
	})

	t.Run("DevNodes", func(t *testing.T) {
		// Character devices of the minimal /dev can be opened.
		name := s.newInputRoot(t, "proc", "dev")
		require.Equal(t, "16\n", s.requireSuccess(t, name, "testtool", "read", "/dev/zero", "16"))
		require.Equal(t, "16\n", s.requireSuccess(t, name, "testtool", "read", "/dev/urandom", "16"))
		require.Equal(t, "written\n", s.requireSuccess(t, name, "testtool", "write", "/dev/null", "data"))
		require.Equal(t, "", s.requireSuccess(t, name, "testtool", "cat", "/dev/null"))
		require.Equal(t, "/proc/self/fd\n", s.requireSuccess(t, name, "testtool", "readlink", "/dev/fd"))
		// /dev/fd/N refers to the file descriptors of the action.
		require.Equal(t, "written\n", s.requireSuccess(t, name, "testtool", "write", "/dev/fd/1", ""))
		require.Equal(t, "written\n", s.requireSuccess(t, name, "testtool", "write", "/dev/stdout", ""))
	})

	t.Run("DevStdin", func(t *testing.T) {
		// Standard input of the action is empty, and can be read
		// through /dev/stdin.
		name := s.newInputRoot(t, "proc", "dev")
		require.Equal(t, "", s.requireSuccess(t, name, "testtool", "cat", "/dev/stdin"))
	})

	t.Run("DevShm", func(t *testing.T) {
		// /dev/shm is a writable tmpfs, as needed by Python's
		// multiprocessing.
		name := s.newInputRoot(t, "proc", "dev")
		require.Equal(t, "written\n", s.requireSuccess(t, name, "testtool", "write", "/dev/shm/file", "data"))
	})

	t.Run("DevPts", func(t *testing.T) {
		// Pseudo-terminals can be created through /dev/ptmx.
		name := s.newInputRoot(t, "proc", "dev")
		require.Equal(t, "opened /dev/pts/0\n", s.requireSuccess(t, name, "testtool", "pty"))
	})

	t.Run("SysReadOnly", func(t *testing.T) {
		// /sys can be read, but not written, even by root.
		name := s.newInputRoot(t, "proc", "sys")
		require.NotEmpty(t, s.requireSuccess(t, name, "testtool", "ls", "/sys/kernel"))
		response, _, stderr, err := s.run(context.Background(), name, "testtool", "write", "/sys/kernel/profiling", "1")
		require.NoError(t, err)
		require.Equal(t, int64(1), response.ExitCode)
		require.Contains(t, stderr, "read-only file system")
	})

	t.Run("ProcSysReadOnly", func(t *testing.T) {
		// /proc/sys cannot be written, even by root.
		name := s.newInputRoot(t, "proc")
		response, _, stderr, err := s.run(context.Background(), name, "testtool", "write", "/proc/sys/kernel/hostname", "evil")
		require.NoError(t, err)
		require.Equal(t, int64(1), response.ExitCode)
		require.Contains(t, stderr, "read-only file system")
		hostname, err := os.Hostname()
		require.NoError(t, err)
		require.NotEqual(t, "evil", hostname)
	})

	t.Run("NoChrootEscape", func(t *testing.T) {
		// A command running as root cannot leave the input root
		// the way it can leave a chroot().
		marker := filepath.Join(t.TempDir(), "host-marker")
		require.NoError(t, os.WriteFile(marker, nil, 0o644))
		name := s.newInputRoot(t, "proc")
		require.Equal(t, "contained\n", s.requireSuccess(t, name, "testtool", "escape", marker))
	})

	t.Run("BackgroundProcessKilled", func(t *testing.T) {
		// A process that the action starts in a new session and
		// does not wait for does not survive the action.
		token := fmt.Sprintf("bb-chroot-token-%d", time.Now().UnixNano())
		name := s.newInputRoot(t, "proc", "dev")
		require.Contains(t, s.requireSuccess(t, name, "testtool", "daemonize", token), "started")
		require.Empty(t, processesWithToken(t, token))
	})

	t.Run("Timeout", func(t *testing.T) {
		// When the context is cancelled, the action and all of its
		// descendants are killed.
		token := fmt.Sprintf("bb-chroot-token-%d", time.Now().UnixNano())
		name := s.newInputRoot(t, "proc", "dev")
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		start := time.Now()
		_, _, _, err := s.run(ctx, name, "testtool", "daemonize", token, "wait")
		require.Equal(t, codes.DeadlineExceeded, status.Code(err))
		// The client stops waiting when the deadline expires,
		// while the runner is still killing the action. Wait for
		// the processes to disappear.
		for len(processesWithToken(t, token)) > 0 {
			require.Less(t, time.Since(start), 30*time.Second, "Processes of the action still exist")
			time.Sleep(10 * time.Millisecond)
		}
	})

	t.Run("ExitCodeAndSignal", func(t *testing.T) {
		// Exit codes are reported as is. Termination by a signal is
		// reported through the resource usage.
		name := s.newInputRoot(t)
		response, _, _, err := s.run(context.Background(), name, "testtool", "exit", "42")
		require.NoError(t, err)
		require.Equal(t, int64(42), response.ExitCode)
		require.Empty(t, getResourceUsage(t, response).TerminationSignal)

		response, _, _, err = s.run(context.Background(), name, "testtool", "kill-self", "SIGTERM")
		require.NoError(t, err)
		require.Equal(t, int64(-1), response.ExitCode)
		require.Equal(t, "TERM", getResourceUsage(t, response).TerminationSignal)
	})

	t.Run("Concurrent", func(t *testing.T) {
		// Runs are independent of each other.
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for i := 0; i < 8; i++ {
			name := s.newInputRoot(t, "proc", "dev")
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				response, stdout, stderr, err := s.run(context.Background(), name, "testtool", "echo", fmt.Sprint(i))
				if err != nil {
					errs <- err
				} else if response.ExitCode != 0 || stdout != fmt.Sprintf("%d\n", i) {
					errs <- fmt.Errorf("run %d: exit code %d, stdout %#v, stderr %#v", i, response.ExitCode, stdout, stderr)
				}
			}(i)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
	})

	t.Run("MountOnDemand", func(t *testing.T) {
		// File systems are only mounted where the input root has
		// the mountpoint, except those that create it.
		name := s.newInputRoot(t)
		require.Equal(t, "bin\ntmp\n", s.requireSuccess(t, name, "testtool", "ls", "/"))
		_, err := os.Stat(filepath.Join(buildDirectory, name, "root/proc"))
		require.True(t, os.IsNotExist(err))
	})

	t.Run("NestedMounts", func(t *testing.T) {
		// devpts and tmpfs are mounted on top of the minimal /dev.
		name := s.newInputRoot(t, "proc", "dev")
		mounts := s.requireSuccess(t, name, "testtool", "cat", "/proc/self/mountinfo")
		require.Regexp(t, ` / /dev ro,nosuid,nodev,noexec[^ ]* - tmpfs `, mounts)
		require.Regexp(t, ` / /dev/pts rw,nosuid,noexec[^ ]* - devpts `, mounts)
		require.Regexp(t, ` / /dev/shm rw,nosuid,nodev[^ ]* - tmpfs `, mounts)
		require.Equal(t, "core\nfd\nfull\nnull\nptmx\npts\nrandom\nshm\nstderr\nstdin\nstdout\ntty\nurandom\nzero\n", s.requireSuccess(t, name, "testtool", "ls", "/dev"))
	})

	t.Run("ResourceUsage", func(t *testing.T) {
		// Resource usage describes the action, not bb_runner.
		name := s.newInputRoot(t)
		response, _, _, err := s.run(context.Background(), name, "testtool", "exit", "0")
		require.NoError(t, err)
		resourceUsage := getResourceUsage(t, response)
		require.Greater(t, resourceUsage.MaximumResidentSetSize, int64(0))
		require.Less(t, resourceUsage.MaximumResidentSetSize, int64(64*1024*1024))
	})

	t.Run("HostileLayouts", func(t *testing.T) {
		// Input roots whose mountpoints are not directories are
		// rejected with an error naming the path, and never cause
		// a mount outside of the input root.
		for _, tc := range []struct {
			name    string
			setup   func(root string) error
			code    codes.Code
			message string
		}{
			{"ProcSymlinkToEtc", func(root string) error { return os.Symlink("/etc", filepath.Join(root, "proc")) }, codes.InvalidArgument, `Mountpoint "proc" in the input root is a symbolic link, while a directory is expected`},
			{"DevSymlinkUp", func(root string) error { return os.Symlink("../../..", filepath.Join(root, "dev")) }, codes.InvalidArgument, `Mountpoint "dev" in the input root is a symbolic link, while a directory is expected`},
			{"SysRegularFile", func(root string) error { return os.WriteFile(filepath.Join(root, "sys"), nil, 0o644) }, codes.InvalidArgument, `Mountpoint "sys" in the input root is a regular file, while a directory is expected`},
			{"ProcDanglingSymlink", func(root string) error { return os.Symlink("/nonexistent", filepath.Join(root, "proc")) }, codes.InvalidArgument, `Mountpoint "proc" in the input root is a symbolic link`},
			{"TmpSymlinkToRoot", func(root string) error { return os.Symlink("/", filepath.Join(root, "tmp")) }, codes.InvalidArgument, `Mountpoint "tmp" in the input root is a symbolic link`},
			{"WorkingDirectoryMissing", func(root string) error { return nil }, codes.InvalidArgument, `Failed to open working directory "nonexistent" in the input root`},
			{"InputRootSymlink", nil, codes.InvalidArgument, `Failed to open input root directory`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				name := s.newInputRoot(t)
				root := filepath.Join(buildDirectory, name, "root")
				workingDirectory := ""
				if tc.setup == nil {
					// The input root itself is a symbolic
					// link pointing outside the build
					// directory.
					require.NoError(t, os.RemoveAll(root))
					require.NoError(t, os.Symlink("/", root))
				} else {
					require.NoError(t, tc.setup(root))
				}
				if tc.name == "WorkingDirectoryMissing" {
					workingDirectory = "nonexistent"
				}
				_, _, _, err := s.runInDirectory(context.Background(), name, workingDirectory, "testtool", "echo")
				require.Equal(t, tc.code, status.Code(err), "%v", err)
				require.Contains(t, status.Convert(err).Message(), tc.message)
				require.Equal(t, mountsBefore, hostMounts(t, buildDirectory))
			})
		}
		// The runner keeps serving.
		name := s.newInputRoot(t)
		require.Equal(t, "ok\n", s.requireSuccess(t, name, "testtool", "echo", "ok"))
	})

	require.Equal(t, mountsBefore, hostMounts(t, buildDirectory))
}

func TestSandboxRunCommandsAs(t *testing.T) {
	runnertest.RequireRoot(t)
	buildDirectory := t.TempDir()
	require.NoError(t, os.Chmod(buildDirectory, 0o755))
	s := newSuite(t, buildDirectory, fullMounts+`
  runCommandsAs: { userId: 65534, groupId: 65534, additionalGroupIds: [65533] },
`)

	t.Run("Credentials", func(t *testing.T) {
		// The command runs with the configured credentials.
		name := s.newInputRoot(t, "proc", "dev")
		require.Equal(t, "65534 65534 [65533]\n", s.requireSuccess(t, name, "testtool", "id"))
	})

	t.Run("DevicesUsable", func(t *testing.T) {
		// The minimal /dev is usable by unprivileged users.
		name := s.newInputRoot(t, "proc", "dev")
		require.Equal(t, "written\n", s.requireSuccess(t, name, "testtool", "write", "/dev/null", "data"))
		require.Equal(t, "opened /dev/pts/0\n", s.requireSuccess(t, name, "testtool", "pty"))
		require.Equal(t, "written\n", s.requireSuccess(t, name, "testtool", "write", "/dev/shm/file", "data"))
	})

	t.Run("InputRootNotWritable", func(t *testing.T) {
		// Files owned by root in the input root cannot be
		// modified.
		name := s.newInputRoot(t, "proc", "dev")
		response, _, stderr, err := s.run(context.Background(), name, "testtool", "write", "/bin/testtool", "")
		require.NoError(t, err)
		require.Equal(t, int64(1), response.ExitCode)
		require.Contains(t, stderr, "permission denied")
	})
}

func TestSandboxNamespaces(t *testing.T) {
	runnertest.RequireRoot(t)
	buildDirectory := t.TempDir()
	s := newSuite(t, buildDirectory, fullMounts+`
  chrootNamespaces: { ipc: true, uts: true, network: true },
`)

	t.Run("Hostname", func(t *testing.T) {
		// The UTS namespace has hostname localhost.
		name := s.newInputRoot(t, "proc")
		require.Equal(t, "localhost\n", s.requireSuccess(t, name, "testtool", "hostname"))
	})

	t.Run("LoopbackOnly", func(t *testing.T) {
		// The network namespace only has a loopback interface,
		// which is up.
		name := s.newInputRoot(t, "proc", "sys")
		require.Equal(t, "lo\n", s.requireSuccess(t, name, "testtool", "ls", "/sys/class/net"))
		require.Equal(t, "0x9\n", s.requireSuccess(t, name, "testtool", "cat", "/sys/class/net/lo/flags"))
	})
}

func TestSandboxEnvironment(t *testing.T) {
	runnertest.RequireRoot(t)
	buildDirectory := t.TempDir()
	s := newSuite(t, buildDirectory, fullMounts)
	name := s.newInputRoot(t)
	runs := 0
	getenv := func(environment map[string]string, variable string) string {
		runs++
		_, stdout, _, err := s.runner.Run(context.Background(), s.buildDirectory, &runner_pb.RunRequest{
			Arguments:            []string{"testtool", "getenv", variable},
			EnvironmentVariables: environment,
			StdoutPath:           fmt.Sprintf("%s/stdout%d", name, runs),
			StderrPath:           fmt.Sprintf("%s/stderr%d", name, runs),
			InputRootDirectory:   name + "/root",
		})
		require.NoError(t, err)
		return stdout
	}

	t.Run("DefaultPath", func(t *testing.T) {
		// Without PATH, argv[0] is looked up in /bin and
		// /usr/bin, and PATH stays unset.
		require.Equal(t, "(unset)\n", getenv(nil, "PATH"))
	})
}

func TestSandboxPR116Configuration(t *testing.T) {
	runnertest.RequireRoot(t)
	buildDirectory := t.TempDir()
	// Configuration as used by buildbarn/bb-remote-execution#116.
	s := newSuite(t, buildDirectory, `
  chrootIntoInputRoot: true,
  inputRootMounts: [
    { mountpoint: 'proc', source: '/proc', filesystemType: 'proc' },
    { mountpoint: 'sys', source: '/sys', filesystemType: 'sysfs' },
  ],
`)

	t.Run("FreshProc", func(t *testing.T) {
		// proc shows only the processes of the action.
		name := s.newInputRoot(t, "proc", "sys")
		require.Len(t, strings.Fields(s.requireSuccess(t, name, "testtool", "pids")), 2)
	})

	t.Run("ReadOnlySys", func(t *testing.T) {
		// sysfs is mounted read-only.
		name := s.newInputRoot(t, "proc", "sys")
		mounts := s.requireSuccess(t, name, "testtool", "cat", "/proc/self/mountinfo")
		require.Regexp(t, ` / /sys ro,nosuid,nodev,noexec[^ ]* - sysfs `, mounts)
	})
}

func TestSandboxBindMounts(t *testing.T) {
	runnertest.RequireRoot(t)
	buildDirectory := t.TempDir()
	source := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(source, "file"), []byte("contents"), 0o644))
	s := newSuite(t, buildDirectory, fmt.Sprintf(`
  chrootIntoInputRoot: true,
  inputRootMounts: [
    { mountpoint: 'opt/ro', filesystemType: 'bind', source: %q, createMountpoint: true },
    { mountpoint: 'opt/rw', filesystemType: 'bind', source: %q, writable: true },
    { mountpoint: 'etc/file', filesystemType: 'bind', source: %q, createMountpoint: true },
  ],
`, source, source, filepath.Join(source, "file")))

	t.Run("ReadOnlyByDefault", func(t *testing.T) {
		// Bind mounts can be read, but not written.
		name := s.newInputRoot(t)
		require.Equal(t, "contents", s.requireSuccess(t, name, "testtool", "cat", "/opt/ro/file"))
		response, _, stderr, err := s.run(context.Background(), name, "testtool", "write", "/opt/ro/new", "data")
		require.NoError(t, err)
		require.Equal(t, int64(1), response.ExitCode)
		require.Contains(t, stderr, "read-only file system")
	})

	t.Run("Writable", func(t *testing.T) {
		// Bind mounts that are marked writable can be written,
		// but only exist where the input root has the
		// mountpoint.
		name := s.newInputRoot(t, "opt/rw")
		require.Equal(t, "written\n", s.requireSuccess(t, name, "testtool", "write", "/opt/rw/new", "data"))
		data, err := os.ReadFile(filepath.Join(source, "new"))
		require.NoError(t, err)
		require.Equal(t, "data", string(data))
	})

	t.Run("File", func(t *testing.T) {
		// Individual files can be bind mounted.
		name := s.newInputRoot(t)
		require.Equal(t, "contents", s.requireSuccess(t, name, "testtool", "cat", "/etc/file"))
	})
}

func TestSandboxClientDevDirectory(t *testing.T) {
	runnertest.RequireRoot(t)
	buildDirectory := t.TempDir()
	// Without a minimal /dev, devpts is mounted in the input
	// root's own dev directory.
	s := newSuite(t, buildDirectory, `
  chrootIntoInputRoot: true,
  inputRootMounts: [
    { mountpoint: 'dev/pts', filesystemType: 'devpts' },
  ],
`)

	t.Run("DevPtsIsFile", func(t *testing.T) {
		// A regular file where a mountpoint is expected is
		// rejected, naming the path.
		name := s.newInputRoot(t, "dev")
		require.NoError(t, os.WriteFile(filepath.Join(buildDirectory, name, "root/dev/pts"), nil, 0o644))
		mountsBefore := hostMounts(t, buildDirectory)
		_, _, _, err := s.run(context.Background(), name, "testtool", "echo")
		require.Equal(t, codes.InvalidArgument, status.Code(err))
		require.Contains(t, status.Convert(err).Message(), `Mountpoint "dev/pts" in the input root is a regular file, while a directory is expected`)
		require.Equal(t, mountsBefore, hostMounts(t, buildDirectory))
	})

	t.Run("DevIsSymlinkToHostDev", func(t *testing.T) {
		// A parent directory of a mountpoint that is a symbolic
		// link is rejected, naming the path.
		name := s.newInputRoot(t)
		require.NoError(t, os.Symlink("/dev", filepath.Join(buildDirectory, name, "root/dev")))
		mountsBefore := hostMounts(t, buildDirectory)
		_, _, _, err := s.run(context.Background(), name, "testtool", "echo")
		require.Equal(t, codes.InvalidArgument, status.Code(err))
		require.Contains(t, status.Convert(err).Message(), `Path "dev" in the input root is a symbolic link, while a directory is expected, as it contains mountpoint "dev/pts"`)
		require.Equal(t, mountsBefore, hostMounts(t, buildDirectory))
	})
}

func TestExampleConfiguration(t *testing.T) {
	runnertest.RequireRoot(t)
	// config/bb_runner_chroot.jsonnet runs unmodified, given the
	// build directory and socket path through the environment.
	buildDirectory := t.TempDir()
	socket := filepath.Join(t.TempDir(), "runner.sock")
	t.Setenv("BB_BUILD_DIRECTORY", buildDirectory)
	t.Setenv("BB_RUNNER_SOCKET", socket)
	r, err := runnertest.StartRunnerWithConfiguration(
		runnertest.BuildBinary(t, "cmd/bb_runner"),
		filepath.Join(runnertest.ModuleRoot(t), "config/bb_runner_chroot.jsonnet"),
		socket,
	)
	require.NoError(t, err)
	defer r.Stop()
	s := &suite{
		runner:         r,
		buildDirectory: buildDirectory,
		testtool:       runnertest.BuildBinary(t, "internal/testtool"),
	}
	name := s.newInputRoot(t, "proc", "sys", "dev", "tmp")
	temporaryDirectory := filepath.Join(buildDirectory, name, "tmp")
	require.NoError(t, os.Mkdir(temporaryDirectory, 0o700))
	require.Equal(t, "localhost\n", s.requireSuccess(t, name, "testtool", "hostname"))
	require.Equal(t, "opened /dev/pts/0\n", s.requireSuccess(t, name, "testtool", "pty"))

	// The action's temporary directory is mounted at /tmp, and
	// TMPDIR names it inside the input root.
	require.Equal(t, "/tmp\n", s.requireSuccess(t, name, "testtool", "getenv", "TMPDIR"))
	require.Equal(t, "dtrwxrwxrwx\n", s.requireSuccess(t, name, "testtool", "mode", "/tmp"))
	require.Equal(t, "written\n", s.requireSuccess(t, name, "testtool", "write", "/tmp/file", "contents"))
	data, err := os.ReadFile(filepath.Join(temporaryDirectory, "file"))
	require.NoError(t, err)
	require.Equal(t, "contents", string(data))
}

func TestRefuseToStartWithoutPrivileges(t *testing.T) {
	runnertest.RequireRoot(t)
	// bb_runner checks at startup that it can create namespaces
	// and mounts, and refuses to start with a message naming the
	// missing capability if it cannot.
	directory, err := os.MkdirTemp("", "bb_chroot_unprivileged")
	require.NoError(t, err)
	defer os.RemoveAll(directory)
	require.NoError(t, os.Chmod(directory, 0o777))
	configuration := filepath.Join(directory, "bb_runner.jsonnet")
	require.NoError(t, os.WriteFile(configuration, []byte(fmt.Sprintf(`{
  buildDirectoryPath: %q,
  grpcServers: [{ listenPaths: [%q], authenticationPolicy: { allow: {} } }],
  %s
}`, directory, filepath.Join(directory, "runner.sock"), fullMounts)), 0o644))
	cmd := exec.Command(runnertest.BuildBinary(t, "cmd/bb_runner"), configuration)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	output, err := cmd.CombinedOutput()
	require.Error(t, err)
	require.Regexp(t, `Cannot run actions in sandboxes with the configured input root mounts and namespaces: Failed to [^:]+: operation not permitted \(bb_runner needs CAP_SYS_ADMIN, and must not be confined by a seccomp or AppArmor profile that blocks `, string(output))
}

func TestRefuseToStartWithMissingBindSource(t *testing.T) {
	runnertest.RequireRoot(t)
	// A bind mount whose source does not exist is reported once,
	// when bb_runner starts, and not by every action.
	directory := t.TempDir()
	configuration := filepath.Join(directory, "bb_runner.jsonnet")
	require.NoError(t, os.WriteFile(configuration, []byte(fmt.Sprintf(`{
  buildDirectoryPath: %q,
  grpcServers: [{ listenPaths: [%q], authenticationPolicy: { allow: {} } }],
  chrootIntoInputRoot: true,
  inputRootMounts: [{ mountpoint: 'opt/tools', kind: 'BIND', source: %q }],
}`, directory, filepath.Join(directory, "runner.sock"), filepath.Join(directory, "nonexistent"))), 0o644))
	output, err := exec.Command(runnertest.BuildBinary(t, "cmd/bb_runner"), configuration).CombinedOutput()
	require.Error(t, err)
	require.Contains(t, string(output), fmt.Sprintf(`Source %#v of the bind mount at mountpoint "opt/tools" does not exist`, filepath.Join(directory, "nonexistent")))
}
