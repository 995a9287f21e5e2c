//go:build linux
// +build linux

package initprocess_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bb-chroot/bb-chroot/pkg/sandbox/initprocess"
	"github.com/buildbarn/bb-storage/pkg/testutil"
	"github.com/stretchr/testify/require"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestLookupExecutable(t *testing.T) {
	directory := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(directory, "bin"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(directory, "sbin/tool"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(directory, "bin/tool"), nil, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(directory, "bin/data"), nil, 0o644))
	t.Chdir(directory)

	t.Run("Slash", func(t *testing.T) {
		// argv[0] containing a slash is not looked up.
		p, err := initprocess.LookupExecutable("./nonexistent", "bin")
		require.NoError(t, err)
		require.Equal(t, "./nonexistent", p)
	})

	t.Run("SkipsDirectoriesAndNonExecutables", func(t *testing.T) {
		// Directories and files that are not executable are
		// skipped.
		p, err := initprocess.LookupExecutable("tool", "sbin:nonexistent:bin")
		require.NoError(t, err)
		require.Equal(t, "bin/tool", p)
	})

	t.Run("EmptyEntry", func(t *testing.T) {
		// An empty entry in PATH denotes the working directory.
		t.Chdir(filepath.Join(directory, "bin"))
		p, err := initprocess.LookupExecutable("tool", "/nonexistent::")
		require.NoError(t, err)
		require.Equal(t, "./tool", p)
	})

	t.Run("NotFound", func(t *testing.T) {
		// A missing command names the command and the search
		// path.
		_, err := initprocess.LookupExecutable("data", "bin:/usr/bin")
		testutil.RequireEqualStatus(t, status.Error(codes.InvalidArgument, `Cannot find executable "data" in search paths "bin:/usr/bin"`), toStatus(err))
	})
}
