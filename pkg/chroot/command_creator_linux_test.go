//go:build linux
// +build linux

package chroot_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/bb-chroot/bb-chroot/pkg/chroot"
	"github.com/buildbarn/bb-storage/pkg/filesystem/path"
	"github.com/buildbarn/bb-storage/pkg/testutil"
	"github.com/stretchr/testify/require"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestChrootedCommandCreator(t *testing.T) {
	ctx := context.Background()

	// An input root whose /bin is an absolute symbolic link, which
	// only resolves properly inside the input root, and which has
	// no /usr/bin/env.
	inputRootDirectory := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(inputRootDirectory, "usr/bin"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(inputRootDirectory, "sbin/tool"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(inputRootDirectory, "src/scripts"), 0o755))
	require.NoError(t, os.Symlink("/usr/bin", filepath.Join(inputRootDirectory, "bin")))
	require.NoError(t, os.Symlink("../../../../../../usr/bin", filepath.Join(inputRootDirectory, "up")))
	require.NoError(t, os.WriteFile(filepath.Join(inputRootDirectory, "usr/bin/tool"), nil, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(inputRootDirectory, "usr/bin/data"), nil, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(inputRootDirectory, "src/scripts/build"), nil, 0o755))
	inputRootDirectoryPath, scopeWalker := path.EmptyBuilder.Join(path.NewAbsoluteScopeWalker(path.VoidComponentWalker))
	require.NoError(t, path.Resolve(path.LocalFormat.NewParser(inputRootDirectory), scopeWalker))

	sysProcAttr := &syscall.SysProcAttr{Setpgid: true}
	commandCreator, err := chroot.NewChrootedCommandCreator(sysProcAttr)
	require.NoError(t, err)

	t.Run("LookupThroughSymlinkInInputRoot", func(t *testing.T) {
		// argv[0] is looked up inside the input root, skipping
		// directories and files that are not executable, and
		// following symbolic links as if the input root were the
		// root directory.
		cmd, err := commandCreator(ctx, []string{"tool", "arg"}, inputRootDirectoryPath, path.UNIXFormat.NewParser("src"), "/nonexistent:/sbin:/bin")
		require.NoError(t, err)
		require.Equal(t, "/bin/tool", cmd.Path)
		require.Equal(t, []string{"tool", "arg"}, cmd.Args)
		require.Equal(t, "/src", cmd.Dir)
		require.Equal(t, inputRootDirectory, cmd.SysProcAttr.Chroot)
		require.True(t, cmd.SysProcAttr.Setpgid)
		require.Empty(t, sysProcAttr.Chroot)

		cmd, err = commandCreator(ctx, []string{"tool"}, inputRootDirectoryPath, path.UNIXFormat.NewParser(""), "/up")
		require.NoError(t, err)
		require.Equal(t, "/up/tool", cmd.Path)
	})

	t.Run("RelativeSearchPath", func(t *testing.T) {
		// Relative entries in PATH are relative to the working
		// directory.
		cmd, err := commandCreator(ctx, []string{"build"}, inputRootDirectoryPath, path.UNIXFormat.NewParser("src"), "scripts")
		require.NoError(t, err)
		require.Equal(t, "./scripts/build", cmd.Path)
	})

	t.Run("DefaultSearchPath", func(t *testing.T) {
		// Without PATH, the default of execvp() is used.
		cmd, err := commandCreator(ctx, []string{"tool"}, inputRootDirectoryPath, path.UNIXFormat.NewParser(""), "")
		require.NoError(t, err)
		require.Equal(t, "/bin/tool", cmd.Path)
	})

	t.Run("Slash", func(t *testing.T) {
		// argv[0] containing a slash is used as is.
		cmd, err := commandCreator(ctx, []string{"./nonexistent"}, inputRootDirectoryPath, path.UNIXFormat.NewParser(""), "/bin")
		require.NoError(t, err)
		require.Equal(t, "./nonexistent", cmd.Path)
	})

	t.Run("NotFound", func(t *testing.T) {
		// Executables of the host are not considered.
		_, err := commandCreator(ctx, []string{"sh"}, inputRootDirectoryPath, path.UNIXFormat.NewParser(""), "/bin:/usr/bin")
		testutil.RequireEqualStatus(t, status.Error(codes.InvalidArgument, "Cannot find executable \"sh\" in search paths \"/bin:/usr/bin\""), err)
		_, err = commandCreator(ctx, []string{"data"}, inputRootDirectoryPath, path.UNIXFormat.NewParser(""), "/bin")
		testutil.RequireEqualStatus(t, status.Error(codes.InvalidArgument, "Cannot find executable \"data\" in search paths \"/bin\""), err)
	})
}
