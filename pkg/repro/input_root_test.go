package repro_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	remoteexecution "github.com/bazelbuild/remote-apis/build/bazel/remote/execution/v2"
	"github.com/bb-chroot/bb-chroot/pkg/repro"
	"github.com/buildbarn/bb-storage/pkg/digest"
	"github.com/buildbarn/bb-storage/pkg/testutil"
	"github.com/stretchr/testify/require"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// createFixedTree creates a small input root whose digests never
// change:
//
//	bin/tool   "#!/bin/sh\necho hello\n", executable
//	data.txt   "hello\n"
//	dev/       empty
//	lib        symbolic link to "bin"
//	proc/      empty
func createFixedTree(t *testing.T) string {
	root := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(root, "bin"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "bin", "tool"), []byte("#!/bin/sh\necho hello\n"), 0o755))
	require.NoError(t, os.Chmod(filepath.Join(root, "bin", "tool"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "data.txt"), []byte("hello\n"), 0o644))
	require.NoError(t, os.Chmod(filepath.Join(root, "data.txt"), 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(root, "dev"), 0o755))
	require.NoError(t, os.Symlink("bin", filepath.Join(root, "lib")))
	require.NoError(t, os.Mkdir(filepath.Join(root, "proc"), 0o755))
	return root
}

func TestAddInputRoot(t *testing.T) {
	digestFunction := digest.MustNewFunction("", remoteexecution.DigestFunction_SHA256)

	t.Run("GoldenDigests", func(t *testing.T) {
		// The digests of the fixed tree and of an action running
		// in it. They were verified independently of this code,
		// by encoding the same messages by hand in Python (field
		// numbers from remote_execution.proto) and hashing them
		// with hashlib.sha256.
		blobs := repro.NewBlobSet(digestFunction)
		inputRootDigest, err := repro.AddInputRoot(blobs, createFixedTree(t))
		require.NoError(t, err)
		require.Equal(t, "b1e0390904b2419925cbebcea6102250785125e5fa072c9d360874c514d04c93/322", repro.FormatDigest(inputRootDigest))

		command, err := repro.NewCommand([]string{"tool", "--flag"}, map[string]string{"PATH": "/bin"}, "", nil)
		require.NoError(t, err)
		actionDigest, action, err := repro.AddAction(blobs, command, inputRootDigest, time.Minute)
		require.NoError(t, err)
		require.Equal(t, "aca0a9d47bf384839d6d89a4939f13f4f1a1bbb08ebcad700996990a765641f2/147", repro.FormatDigest(actionDigest))
		require.Equal(t, "f0f45ca5158fcfda5273195c32a6fde44cffcfabb70981b731fc276d602d6d3c", action.CommandDigest.Hash)
		require.True(t, action.DoNotCache)

		// The set holds the Action, the Command, three distinct
		// Directory messages (root, bin and the empty one) and two
		// files.
		require.Len(t, blobs.GetDigests(), 7)
		binDigest := digest.MustNewDigest("", remoteexecution.DigestFunction_SHA256, "1a30bcc5bae985511107f1754194e45b525084528880d0c53018158aa0e048e7", 80)
		data, ok := blobs.GetData(binDigest)
		require.True(t, ok)
		var bin remoteexecution.Directory
		require.NoError(t, proto.Unmarshal(data, &bin))
		require.Len(t, bin.Files, 1)
		require.Equal(t, "tool", bin.Files[0].Name)
		require.True(t, bin.Files[0].IsExecutable)
	})

	t.Run("DigestsDoNotDependOnTheLocation", func(t *testing.T) {
		// Two copies of the same tree in different directories
		// have the same digest.
		digest1, err := repro.AddInputRoot(repro.NewBlobSet(digestFunction), createFixedTree(t))
		require.NoError(t, err)
		digest2, err := repro.AddInputRoot(repro.NewBlobSet(digestFunction), createFixedTree(t))
		require.NoError(t, err)
		require.Equal(t, digest1, digest2)
	})

	t.Run("NonexistentDirectory", func(t *testing.T) {
		// A missing input root is reported with its path.
		_, err := repro.AddInputRoot(repro.NewBlobSet(digestFunction), "/nonexistent/input/root")
		require.Error(t, err)
		require.Equal(t, codes.InvalidArgument, status.Code(err))
		require.Contains(t, err.Error(), "Failed to open input root \"/nonexistent/input/root\"")
	})

	t.Run("UnsupportedFileType", func(t *testing.T) {
		// FIFOs and device nodes cannot be expressed in the
		// Remote Execution API.
		root := createFixedTree(t)
		require.NoError(t, syscall.Mkfifo(filepath.Join(root, "bin", "fifo"), 0o644))
		_, err := repro.AddInputRoot(repro.NewBlobSet(digestFunction), root)
		testutil.RequireEqualStatus(t, status.Error(codes.InvalidArgument, "Input root contains \"bin/fifo\", which is not a regular file, directory or symbolic link"), err)
	})
}

func TestNewCommand(t *testing.T) {
	t.Run("NoArguments", func(t *testing.T) {
		// A command needs at least argv[0].
		_, err := repro.NewCommand(nil, nil, "", nil)
		testutil.RequireEqualStatus(t, status.Error(codes.InvalidArgument, "No command arguments provided"), err)
	})

	t.Run("Sorted", func(t *testing.T) {
		// Environment variables and platform properties are sorted
		// by name, as the Remote Execution API requires.
		command, err := repro.NewCommand(
			[]string{"true"},
			map[string]string{"PATH": "/bin", "HOME": "/", "LANG": "C"},
			"src",
			map[string]string{"OSFamily": "linux", "ISA": "x86-64"},
		)
		require.NoError(t, err)
		var names []string
		for _, environmentVariable := range command.EnvironmentVariables {
			names = append(names, environmentVariable.Name)
		}
		require.Equal(t, []string{"HOME", "LANG", "PATH"}, names)
		require.Equal(t, "ISA", command.Platform.Properties[0].Name)
		require.Equal(t, "OSFamily", command.Platform.Properties[1].Name)
		require.Equal(t, "src", command.WorkingDirectory)
	})

	t.Run("NoPlatform", func(t *testing.T) {
		// Without platform properties, the platform is omitted.
		command, err := repro.NewCommand([]string{"true"}, nil, "", nil)
		require.NoError(t, err)
		require.Nil(t, command.Platform)
	})
}
