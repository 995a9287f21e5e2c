package integration_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/bb-chroot/bb-chroot/internal/runnertest"
	"github.com/stretchr/testify/require"
)

// TestHostUserland runs a glibc userland, the host's own, bind mounted
// read-only into an input root, with the example configuration's
// mounts, namespaces and default seccomp filter: gcc (which starts
// cc1, as and ld through posix_spawn(), whose clone3() gets ENOSYS
// from the filter), Python's subprocess module and make.
func TestHostUserland(t *testing.T) {
	runnertest.RequireRoot(t)
	for _, tool := range []string{"/usr/bin/bash", "/usr/bin/gcc", "/usr/bin/python3", "/usr/bin/make"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("The host has no %s", tool)
		}
	}
	s := newSuite(t, t.TempDir(), `
  chrootIntoInputRoot: true,
  setTmpdirEnvironmentVariable: true,
  inputRootMounts: [
    { mountpoint: 'proc', kind: 'PROC' },
    { mountpoint: 'sys', kind: 'SYSFS' },
    { mountpoint: 'dev', kind: 'DEV' },
    { mountpoint: 'dev/pts', kind: 'DEVPTS' },
    { mountpoint: 'dev/shm', kind: 'TMPFS' },
    { mountpoint: 'tmp', kind: 'TEMPORARY_DIRECTORY' },
    { mountpoint: 'usr', kind: 'BIND', source: '/usr' },
    { mountpoint: 'etc', kind: 'BIND', source: '/etc' },
  ],
  chrootNamespaces: { ipc: true, uts: true, network: true },
`)
	name := s.newInputRoot(t, "proc", "sys", "dev", "tmp", "usr", "etc")
	root := filepath.Join(s.buildDirectory, name, "root")
	// Debian's merged /usr.
	require.NoError(t, os.RemoveAll(filepath.Join(root, "bin")))
	for _, link := range []string{"bin", "lib", "lib64", "sbin"} {
		require.NoError(t, os.Symlink("usr/"+link, filepath.Join(root, link)))
	}
	require.NoError(t, os.MkdirAll(filepath.Join(s.buildDirectory, name, "tmp"), 0o777))
	require.NoError(t, os.WriteFile(filepath.Join(root, "hello.c"), []byte("#include <stdio.h>\nint main(void) { puts(\"hello from gcc\"); return 0; }\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "Makefile"), []byte("all:\n\t@echo hello from make\n"), 0o644))

	require.Equal(t, "hello from gcc\n", s.requireSuccess(t, name, "bash", "-c", "cd / && gcc -o \"$TMPDIR/hello\" hello.c && \"$TMPDIR/hello\""))
	require.Equal(t, "hello from make\n", s.requireSuccess(t, name, "make", "-s", "-C", "/"))
	require.Equal(t, "['core', 'fd', 'full', 'null', 'ptmx', 'pts', 'random', 'shm', 'stderr', 'stdin', 'stdout', 'tty', 'urandom', 'zero']\n", s.requireSuccess(t, name, "python3", "-c", "import subprocess; print(subprocess.run(['ls', '/dev'], capture_output=True, text=True, check=True).stdout.split())"))
}
