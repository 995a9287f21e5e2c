//go:build linux
// +build linux

package hostile_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/bb-chroot/bb-chroot/internal/hoststate"
	"github.com/bb-chroot/bb-chroot/internal/runnertest"
	runner_pb "github.com/buildbarn/bb-remote-execution/pkg/proto/runner"
	"github.com/stretchr/testify/require"

	"golang.org/x/sys/unix"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// deepMountpoint is a configured mountpoint with many components.
const deepMountpoint = "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/deep"

// hostileConfiguration enables special file systems at the usual
// places, plus mountpoints that are created on demand, nested deeply,
// and bind mounts of a host directory and a host file.
const hostileConfiguration = `
  chrootIntoInputRoot: true,
  inputRootMounts: [
    { mountpoint: 'proc', filesystemType: 'proc' },
    { mountpoint: 'sys', filesystemType: 'sysfs' },
    { mountpoint: 'dev', filesystemType: 'dev' },
    { mountpoint: 'dev/pts', filesystemType: 'devpts' },
    { mountpoint: 'dev/shm', filesystemType: 'tmpfs' },
    { mountpoint: 'tmp', filesystemType: 'tmpfs', createMountpoint: true },
    { mountpoint: 'run/created', filesystemType: 'tmpfs', createMountpoint: true },
    { mountpoint: '` + deepMountpoint + `', filesystemType: 'tmpfs' },
    { mountpoint: 'opt/hostdata', filesystemType: 'bind', source: %q },
    { mountpoint: 'etc/hostfile', filesystemType: 'bind', source: %q },
  ],
`

// hostileEnvironment is the state shared by all cases: a runner, its
// build directory, and a directory on the host outside of the build
// directory that hostile input roots point at. Nothing may ever be
// created, mounted or changed in it.
type hostileEnvironment struct {
	runner         *runnertest.Runner
	buildDirectory string
	hostDirectory  string
	hostFile       string
	hostTesttool   string
	testtool       []byte
	counter        int
}

// hostileCase is a single input root layout and request, with the
// outcome that is expected.
type hostileCase struct {
	name string
	// setup modifies the input root at root, which contains
	// bin/testtool and the directories proc, sys and dev, and the
	// request, which runs "testtool echo ok" with PATH=/bin.
	setup func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest)
	// The expected gRPC code, and a substring of the message. With
	// codes.OK, the action must succeed and its standard output
	// must contain the message.
	code    codes.Code
	message string
}

func symlink(target string, components ...string) func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
	return func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
		name := filepath.Join(append([]string{root}, components...)...)
		require.NoError(t, os.RemoveAll(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(name), 0o755))
		require.NoError(t, os.Symlink(target, name))
	}
}

func replaceWith(create func(name string) error, components ...string) func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
	return func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
		name := filepath.Join(append([]string{root}, components...)...)
		require.NoError(t, os.RemoveAll(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(name), 0o755))
		require.NoError(t, create(name))
	}
}

func regularFile(name string) error { return os.WriteFile(name, []byte("not a directory\n"), 0o644) }

func directory(name string) error { return os.Mkdir(name, 0o755) }

func fifo(name string) error { return unix.Mkfifo(name, 0o644) }

func characterDevice(name string) error {
	return unix.Mknod(name, unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3)))
}

func socket(name string) error {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	return unix.Bind(fd, &unix.SockaddrUnix{Name: name})
}

// makeDeepDirectory creates a chain of directories that is longer than
// PATH_MAX, which requires creating them relative to each other.
func makeDeepDirectory(t *testing.T, base, component string, depth int) {
	fd, err := unix.Open(base, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	require.NoError(t, err)
	for i := 0; i < depth; i++ {
		require.NoError(t, unix.Mkdirat(fd, component, 0o755))
		next, err := unix.Openat(fd, component, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		require.NoError(t, err)
		unix.Close(fd)
		fd = next
	}
	unix.Close(fd)
}

func hostileCases() []hostileCase {
	return []hostileCase{
		// Mountpoints that are symbolic links, wherever they
		// point, are refused, as following them could place a
		// mount outside the input root.
		{"ProcSymlinkAbsolute", symlink("/etc", "proc"), codes.InvalidArgument, `Mountpoint "proc" in the input root is a symbolic link, while a directory is expected`},
		{"ProcSymlinkRelativeDotDot", symlink("../../../../../../../../etc", "proc"), codes.InvalidArgument, `Mountpoint "proc" in the input root is a symbolic link, while a directory is expected`},
		{"SysSymlinkToRoot", symlink("/", "sys"), codes.InvalidArgument, `Mountpoint "sys" in the input root is a symbolic link, while a directory is expected`},
		{"DevSymlinkToProcSelfRoot", symlink("/proc/self/root", "dev"), codes.InvalidArgument, `Mountpoint "dev" in the input root is a symbolic link, while a directory is expected`},
		{"SysSymlinkToInputRoot", symlink(".", "sys"), codes.InvalidArgument, `Mountpoint "sys" in the input root is a symbolic link, while a directory is expected`},
		{"DevSymlinkToHostDirectory", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			symlink(e.hostDirectory, "dev")(t, e, root, request)
		}, codes.InvalidArgument, `Mountpoint "dev" in the input root is a symbolic link, while a directory is expected`},
		{"CreatedTmpSymlinkToHostDirectory", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			symlink(e.hostDirectory, "tmp")(t, e, root, request)
		}, codes.InvalidArgument, `Mountpoint "tmp" in the input root is a symbolic link, while a directory is expected`},
		{"CreatedTmpDanglingSymlinkToHost", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			symlink(filepath.Join(e.hostDirectory, "created-by-runner"), "tmp")(t, e, root, request)
		}, codes.InvalidArgument, `Mountpoint "tmp" in the input root is a symbolic link, while a directory is expected`},
		{"ProcDanglingSymlink", symlink("/nonexistent", "proc"), codes.InvalidArgument, `Mountpoint "proc" in the input root is a symbolic link, while a directory is expected`},

		// Mountpoints that are not directories.
		{"ProcRegularFile", replaceWith(regularFile, "proc"), codes.InvalidArgument, `Mountpoint "proc" in the input root is a regular file, while a directory is expected`},
		{"DevFIFO", replaceWith(fifo, "dev"), codes.InvalidArgument, `Mountpoint "dev" in the input root is a FIFO, while a directory is expected`},
		{"SysSocket", replaceWith(socket, "sys"), codes.InvalidArgument, `Mountpoint "sys" in the input root is a socket, while a directory is expected`},
		{"ProcCharacterDevice", replaceWith(characterDevice, "proc"), codes.InvalidArgument, `Mountpoint "proc" in the input root is a character device, while a directory is expected`},
		{"BindMountpointRegularFile", replaceWith(regularFile, "opt", "hostdata"), codes.InvalidArgument, `Mountpoint "opt/hostdata" in the input root is a regular file, while a directory is expected`},
		{"FileBindMountpointDirectory", replaceWith(directory, "etc", "hostfile"), codes.InvalidArgument, `Mountpoint "etc/hostfile" in the input root is a directory, while a regular file is expected`},
		{"FileBindMountpointSymlink", symlink("/etc/passwd", "etc", "hostfile"), codes.InvalidArgument, `Mountpoint "etc/hostfile" in the input root is a symbolic link, while a regular file is expected`},

		// Parent directories of mountpoints, including those
		// created on demand.
		{"CreatedMountpointParentSymlinkToHost", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			symlink(e.hostDirectory, "run")(t, e, root, request)
		}, codes.InvalidArgument, `Path "run" in the input root is a symbolic link, while a directory is expected, as it contains mountpoint "run/created"`},
		{"CreatedMountpointParentRegularFile", replaceWith(regularFile, "run"), codes.InvalidArgument, `Path "run" in the input root is a regular file, while a directory is expected, as it contains mountpoint "run/created"`},
		{"BindMountpointParentSymlinkToHost", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			symlink(e.hostDirectory, "opt")(t, e, root, request)
		}, codes.InvalidArgument, `Path "opt" in the input root is a symbolic link, while a directory is expected, as it contains mountpoint "opt/hostdata"`},
		{"DeepNesting", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			require.NoError(t, os.MkdirAll(filepath.Join(root, deepMountpoint), 0o755))
			request.Arguments = []string{"testtool", "cat", "/proc/self/mountinfo"}
		}, codes.OK, " /" + deepMountpoint + " rw,nosuid,nodev"},
		{"DeepNestingComponentEscapes", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			require.NoError(t, os.MkdirAll(filepath.Join(root, "a/b/c/d/e/f/g"), 0o755))
			symlink("../../../../../../../../../../../..", "a/b/c/d/e/f/g/h")(t, e, root, request)
		}, codes.InvalidArgument, `Path "a/b/c/d/e/f/g/h" in the input root is a symbolic link, while a directory is expected, as it contains mountpoint "` + deepMountpoint + `"`},
		{"SymlinkLoopComponent", symlink("a", "a"), codes.InvalidArgument, `Path "a" in the input root is a symbolic link, while a directory is expected, as it contains mountpoint "` + deepMountpoint + `"`},
		{"SymlinkLoopPair", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			symlink("b", "a")(t, e, root, request)
			symlink("a", "b")(t, e, root, request)
		}, codes.InvalidArgument, `Path "a" in the input root is a symbolic link, while a directory is expected, as it contains mountpoint "` + deepMountpoint + `"`},
		{"FileBindMountpointHardLinkToHostFile", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			// The mountpoint shares its inode with a file
			// of the host. Mounting on it must not cover
			// the host's file.
			require.NoError(t, os.MkdirAll(filepath.Join(root, "etc"), 0o755))
			require.NoError(t, os.Link(filepath.Join(e.hostDirectory, "victim"), filepath.Join(root, "etc", "hostfile")))
			request.Arguments = []string{"testtool", "cat", "/etc/hostfile"}
		}, codes.OK, "bind mount source\n"},

		// Working directories are resolved inside the input root,
		// after it has become the root directory.
		{"WorkingDirectorySymlinkToHostPath", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			symlink(e.hostDirectory, "w")(t, e, root, request)
			request.WorkingDirectory = "w"
		}, codes.InvalidArgument, `Failed to open working directory "w" in the input root: no such file or directory`},
		{"WorkingDirectorySymlinkToHostPathShadowed", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			// The input root contains a directory at the
			// same path as the host directory. It is the
			// one that is entered.
			require.NoError(t, os.MkdirAll(filepath.Join(root, e.hostDirectory), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(root, e.hostDirectory, "inside-marker"), nil, 0o644))
			symlink(e.hostDirectory, "w")(t, e, root, request)
			request.WorkingDirectory = "w"
			request.Arguments = []string{"testtool", "ls", "."}
		}, codes.OK, "inside-marker\n"},
		{"WorkingDirectorySymlinkDotDot", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			symlink("../../../../../../../..", "w")(t, e, root, request)
			request.WorkingDirectory = "w"
			request.Arguments = []string{"testtool", "pwd"}
		}, codes.OK, "/\n"},
		{"WorkingDirectorySymlinkProcSelfRoot", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			symlink("/proc/self/root", "w")(t, e, root, request)
			request.WorkingDirectory = "w"
			// bb_runner resolves the working directory before the
			// action exists, when /proc/self does not exist yet.
			// With an init process, it is a magic link.
		}, codes.InvalidArgument, `Failed to open working directory "w" in the input root: `},
		{"WorkingDirectorySymlinkProcOneRoot", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			symlink("/proc/1/root"+e.hostDirectory, "w")(t, e, root, request)
			request.WorkingDirectory = "w"
		}, codes.InvalidArgument, `Failed to open working directory "w" in the input root: too many levels of symbolic links`},
		{"WorkingDirectorySymlinkLoop", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			symlink("w", "w")(t, e, root, request)
			request.WorkingDirectory = "w"
		}, codes.InvalidArgument, `Failed to open working directory "w" in the input root: too many levels of symbolic links`},
		{"WorkingDirectoryRegularFile", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			require.NoError(t, regularFile(filepath.Join(root, "w")))
			request.WorkingDirectory = "w"
		}, codes.InvalidArgument, `Failed to open working directory "w" in the input root: not a directory`},
		{"WorkingDirectoryDotDotInRequest", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			request.WorkingDirectory = "../../.."
		}, codes.InvalidArgument, `Failed to resolve working directory: Path resolves to a location outside the input root`},
		{"WorkingDirectoryLongerThanPathMax", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			makeDeepDirectory(t, root, "x", 2100)
			request.WorkingDirectory = strings.Repeat("x/", 2100)
		}, codes.InvalidArgument, `: file name too long`},
		{"WorkingDirectoryDeep", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			makeDeepDirectory(t, root, "x", 1000)
			request.WorkingDirectory = strings.Repeat("x/", 1000)
			request.Arguments = []string{"testtool", "pwd"}
		}, codes.OK, strings.Repeat("/x", 1000) + "\n"},

		// Log files that cannot be created are a problem of the
		// build directory, reported as FailedPrecondition.
		{"StdoutPathExists", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			require.NoError(t, regularFile(filepath.Join(e.buildDirectory, request.StdoutPath)))
		}, codes.FailedPrecondition, `Failed to open stdout path "`},
		{"StderrPathThroughSymlinkToHost", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			require.NoError(t, os.Symlink(e.hostDirectory, filepath.Join(filepath.Dir(root), "logs")))
			request.StderrPath = filepath.Join(filepath.Base(filepath.Dir(root)), "logs", "stderr")
		}, codes.FailedPrecondition, `Failed to open stderr path "`},

		// argv[0] and PATH are resolved inside the input root.
		{"Argv0SymlinkToHostPath", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			symlink(e.hostTesttool, "bin", "tool")(t, e, root, request)
			request.Arguments = []string{"tool", "echo", "escaped"}
		}, codes.InvalidArgument, `Cannot find executable "tool" in search paths "/bin"`},
		{"Argv0AbsoluteSymlinkToHostPath", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			symlink(e.hostTesttool, "bin", "tool")(t, e, root, request)
			request.Arguments = []string{"/bin/tool", "echo", "escaped"}
		}, codes.InvalidArgument, `Failed to start process: fork/exec /bin/tool: no such file or directory`},
		{"Argv0HostPath", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			request.Arguments = []string{e.hostTesttool, "echo", "escaped"}
		}, codes.InvalidArgument, `no such file or directory`},
		{"Argv0SymlinkResolvesInsideRoot", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			symlink("/bin/testtool", "bin", "tool")(t, e, root, request)
			request.Arguments = []string{"tool", "echo", "inside"}
		}, codes.OK, "inside\n"},
		{"Argv0DotDotEscape", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			request.WorkingDirectory = "bin"
			request.Arguments = []string{"../../../../../../../bin/testtool", "echo", "inside"}
		}, codes.OK, "inside\n"},
		{"Argv0SymlinkThroughProcOneRoot", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			// PID 1 is bb_runner's init process, whose root
			// directory is that of the host.
			symlink("/proc/1/root"+e.hostTesttool, "bin", "tool")(t, e, root, request)
			request.Arguments = []string{"tool", "echo", "escaped"}
		}, codes.InvalidArgument, `Cannot find executable "tool" in search paths "/bin"`},
		{"Argv0AbsoluteSymlinkThroughProcOneRoot", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			symlink("/proc/1/root"+e.hostTesttool, "bin", "tool")(t, e, root, request)
			request.Arguments = []string{"/bin/tool", "echo", "escaped"}
		}, codes.InvalidArgument, `Failed to start process: fork/exec /bin/tool: permission denied`},
		{"Argv0ThroughProcOneRoot", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			request.Arguments = []string{"/proc/1/root" + e.hostTesttool, "echo", "escaped"}
		}, codes.InvalidArgument, `permission denied`},
		{"ScriptInterpreterThroughProcOneRoot", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			require.NoError(t, os.WriteFile(filepath.Join(root, "bin", "script"), []byte("#!/proc/1/root"+e.hostTesttool+" echo\n"), 0o755))
			request.Arguments = []string{"script", "escaped"}
		}, codes.InvalidArgument, `Failed to start process: fork/exec /bin/script: permission denied`},
		{"PathEntrySymlinkToHostDirectory", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			symlink(filepath.Dir(e.hostTesttool), "hostbin")(t, e, root, request)
			request.EnvironmentVariables["PATH"] = "/hostbin"
		}, codes.InvalidArgument, `Cannot find executable "testtool" in search paths "/hostbin"`},
		{"PathEntryDotDot", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			request.EnvironmentVariables["PATH"] = "/../../../.." + filepath.Dir(e.hostTesttool)
		}, codes.InvalidArgument, `Cannot find executable "testtool" in search paths`},
		{"PathEntryThroughProcOneRoot", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			request.EnvironmentVariables["PATH"] = "/proc/1/root" + filepath.Dir(e.hostTesttool)
		}, codes.InvalidArgument, `Cannot find executable "testtool" in search paths`},

		// The input root itself is opened without following
		// symbolic links.
		{"InputRootSymlinkToHostRoot", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			require.NoError(t, os.RemoveAll(root))
			require.NoError(t, os.Symlink("/", root))
		}, codes.InvalidArgument, `Failed to open input root directory`},
		{"InputRootSymlinkInsideBuildDirectory", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			require.NoError(t, os.Rename(root, root+".real"))
			require.NoError(t, os.Symlink("root.real", root))
		}, codes.InvalidArgument, `Failed to open input root directory`},
		{"InputRootParentSymlink", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			require.NoError(t, os.Symlink(filepath.Dir(root), filepath.Dir(root)+".link"))
			request.InputRootDirectory = filepath.Base(filepath.Dir(root)) + ".link/root"
		}, codes.InvalidArgument, `Failed to open input root directory`},
		{"InputRootDotDot", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			request.InputRootDirectory = "../../../etc"
		}, codes.InvalidArgument, `Failed to resolve input root directory: Path resolves to a location outside the build directory`},
		{"InputRootRegularFile", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			require.NoError(t, os.RemoveAll(root))
			require.NoError(t, regularFile(root))
		}, codes.InvalidArgument, `Failed to open input root directory`},

		// Names containing newlines and bytes that are not valid
		// UTF-8 are handled as any other name, and are quoted in
		// error messages.
		{"NewlineInWorkingDirectory", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			require.NoError(t, os.Mkdir(filepath.Join(root, "new\nline"), 0o755))
			request.WorkingDirectory = "new\nline"
			request.Arguments = []string{"testtool", "pwd"}
		}, codes.OK, "/new\nline\n"},
		{"NewlineInArgv0", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			request.Arguments = []string{"no\nsuch", "command"}
		}, codes.InvalidArgument, `Cannot find executable "no\nsuch" in search paths "/bin"`},
		{"NewlineInMissingWorkingDirectory", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			request.WorkingDirectory = "fake\nerror: injected"
		}, codes.InvalidArgument, `Failed to open working directory "fake\nerror: injected" in the input root`},
		{"NonUTF8NamesNextToMountpoints", func(t *testing.T, e *hostileEnvironment, root string, request *runner_pb.RunRequest) {
			require.NoError(t, os.Mkdir(filepath.Join(root, "\xff\xfe"), 0o755))
			require.NoError(t, os.Symlink("/", filepath.Join(root, "proc\xff")))
			require.NoError(t, os.Symlink("/", filepath.Join(root, "dev\n")))
			request.Arguments = []string{"testtool", "ls", "/"}
		}, codes.OK, "bin\ndev\ndev\n\nproc\nproc\xff\nrun\nsys\ntmp\n\xff\xfe\n"},
	}
}

// newInputRoot creates an input root containing the test tool and the
// mountpoints proc, sys and dev, and a request to run it.
func (e *hostileEnvironment) newInputRoot(t *testing.T) (string, *runner_pb.RunRequest) {
	e.counter++
	name := fmt.Sprintf("action%d", e.counter)
	root := filepath.Join(e.buildDirectory, name, "root")
	for _, d := range []string{"bin", "proc", "sys", "dev"} {
		require.NoError(t, os.MkdirAll(filepath.Join(root, d), 0o755))
	}
	require.NoError(t, os.WriteFile(filepath.Join(root, "bin", "testtool"), e.testtool, 0o755))
	return root, &runner_pb.RunRequest{
		Arguments:            []string{"testtool", "echo", "ok"},
		EnvironmentVariables: map[string]string{"PATH": "/bin"},
		StdoutPath:           name + "/stdout",
		StderrPath:           name + "/stderr",
		InputRootDirectory:   name + "/root",
	}
}

// listTree returns the paths, types and contents of all files below a
// directory, to detect changes.
func listTree(t *testing.T, root string) []string {
	var entries []string
	require.NoError(t, filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		entry := fmt.Sprintf("%s %s", p, info.Mode())
		if info.Mode().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			entry += " " + string(data)
		}
		entries = append(entries, entry)
		return nil
	}))
	sort.Strings(entries)
	return entries
}

func TestHostileInputRoots(t *testing.T) {
	runnertest.RequireRoot(t)

	buildDirectory := t.TempDir()
	// The host directory is not placed in /tmp, as the input
	// roots get a tmpfs at /tmp, which would hide a directory at
	// the same path inside them.
	hostDirectory, err := os.MkdirTemp("/var/tmp", "bb_chroot_hostile")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(hostDirectory) })
	require.NoError(t, os.Mkdir(filepath.Join(hostDirectory, "hostdata"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(hostDirectory, "host-marker"), []byte("host\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(hostDirectory, "victim"), []byte("host file\n"), 0o644))
	hostFile := filepath.Join(t.TempDir(), "bind-source")
	require.NoError(t, os.WriteFile(hostFile, []byte("bind mount source\n"), 0o644))
	testtool := runnertest.BuildBinary(t, "internal/testtool")
	testtoolData, err := os.ReadFile(testtool)
	require.NoError(t, err)

	mountsBefore, err := hoststate.Mounts()
	require.NoError(t, err)
	hostTreeBefore := listTree(t, hostDirectory)
	e := &hostileEnvironment{
		runner:         runnertest.StartRunner(t, buildDirectory, fmt.Sprintf(hostileConfiguration, filepath.Join(hostDirectory, "hostdata"), hostFile)),
		buildDirectory: buildDirectory,
		hostDirectory:  hostDirectory,
		hostFile:       hostFile,
		hostTesttool:   testtool,
		testtool:       testtoolData,
	}

	// requireHostUnchanged checks that the host's mount table and
	// the host directory are unchanged, and that the runner still
	// runs actions.
	requireHostUnchanged := func(t *testing.T) {
		mountsAfter, err := hoststate.Mounts()
		require.NoError(t, err)
		leaked, _ := hoststate.LeakedMounts(mountsBefore, mountsAfter, buildDirectory, hostDirectory)
		require.Empty(t, leaked)
		require.Equal(t, hostTreeBefore, listTree(t, hostDirectory))

		_, request := e.newInputRoot(t)
		response, err := e.runner.Client.Run(context.Background(), request)
		require.NoError(t, err)
		require.Equal(t, int64(0), response.ExitCode)
	}

	cases := hostileCases()
	require.GreaterOrEqual(t, len(cases), 25)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// The case yields the expected outcome, and leaves
			// the host and the runner unaffected.
			root, request := e.newInputRoot(t)
			tc.setup(t, e, root, request)
			response, err := e.runner.Client.Run(context.Background(), request)
			if tc.code == codes.OK {
				require.NoError(t, err)
				stdout, err := os.ReadFile(filepath.Join(buildDirectory, request.StdoutPath))
				require.NoError(t, err)
				stderr, err := os.ReadFile(filepath.Join(buildDirectory, request.StderrPath))
				require.NoError(t, err)
				require.Equal(t, int64(0), response.ExitCode, "stderr: %s", stderr)
				require.Contains(t, string(stdout), tc.message)
			} else {
				require.Equal(t, tc.code, status.Code(err), "%v", err)
				require.Contains(t, status.Convert(err).Message(), tc.message)
			}
			requireHostUnchanged(t)
		})
	}

	t.Run("NonUTF8OnTheWire", func(t *testing.T) {
		// Protobuf strings must be valid UTF-8. A request whose
		// arguments or paths are not is rejected before it
		// reaches the runner's code, even if the client does
		// not validate it.
		conn, err := grpc.NewClient("unix://"+e.runner.Socket, grpc.WithTransportCredentials(insecure.NewCredentials()))
		require.NoError(t, err)
		defer conn.Close()
		for _, field := range []string{"argument", "working directory", "input root"} {
			_, request := e.newInputRoot(t)
			const placeholder = "PLACEHOLDER"
			switch field {
			case "argument":
				request.Arguments = []string{"testtool", "echo", placeholder}
			case "working directory":
				request.WorkingDirectory = placeholder
			case "input root":
				request.InputRootDirectory = placeholder
			}
			data, err := proto.Marshal(request)
			require.NoError(t, err)
			require.Equal(t, 1, bytes.Count(data, []byte(placeholder)))
			invalid := []byte("bad\xff\xfe\n\x00xxxx")
			require.Len(t, invalid, len(placeholder))
			data = bytes.Replace(data, []byte(placeholder), invalid, 1)

			var response runner_pb.RunResponse
			err = conn.Invoke(context.Background(), runner_pb.Runner_Run_FullMethodName, data, &response, grpc.ForceCodec(rawCodec{}))
			require.Equal(t, codes.Internal, status.Code(err), "%v", err)
			require.Contains(t, status.Convert(err).Message(), "invalid UTF-8")
		}
		requireHostUnchanged(t)
	})
}

// rawCodec sends requests that are already marshaled, so that invalid
// messages can be sent.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) {
	if data, ok := v.([]byte); ok {
		return data, nil
	}
	return proto.Marshal(v.(proto.Message))
}

func (rawCodec) Unmarshal(data []byte, v any) error {
	return proto.Unmarshal(data, v.(proto.Message))
}

func (rawCodec) Name() string {
	return "proto"
}
