//go:build linux
// +build linux

package reliability_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bb-chroot/bb-chroot/internal/hoststate"
	"github.com/bb-chroot/bb-chroot/internal/runnertest"
	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
	"github.com/stretchr/testify/require"

	"golang.org/x/sys/unix"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// lookupGate blocks lookups of a name in one directory of a FUSE file
// system until it is opened, and records the lookups in that
// directory.
type lookupGate struct {
	directory string
	name      string
	open      chan struct{}

	lock    sync.Mutex
	lookups []string
	callers []*hoststate.Process
}

func (g *lookupGate) getLookups() ([]string, []*hoststate.Process) {
	g.lock.Lock()
	defer g.lock.Unlock()
	return append([]string(nil), g.lookups...), append([]*hoststate.Process(nil), g.callers...)
}

// gatedNode is a node of a loopback file system whose lookups pass
// through a lookupGate. It stands for a FUSE build directory whose
// server stalls, for example while fetching a file from storage.
type gatedNode struct {
	fs.LoopbackNode
	gate *lookupGate
}

func (n *gatedNode) Lookup(ctx context.Context, name string, out *fuse.EntryOut) (*fs.Inode, syscall.Errno) {
	g := n.gate
	if n.Path(n.Root()) == g.directory {
		g.lock.Lock()
		g.lookups = append(g.lookups, name)
		g.lock.Unlock()
		if name == g.name {
			if c, ok := fuse.FromContext(ctx); ok {
				if p := hoststate.ReadProcess(int(c.Pid)); p != nil {
					g.lock.Lock()
					g.callers = append(g.callers, p)
					g.lock.Unlock()
				}
			}
			select {
			case <-g.open:
			case <-ctx.Done():
				// The kernel sends an interrupt when the
				// calling process is killed.
				return nil, syscall.EINTR
			}
		}
	}
	return n.LoopbackNode.Lookup(ctx, name, out)
}

// mountGatedLoopback mounts a loopback file system of a directory,
// whose lookups pass through a gate.
func mountGatedLoopback(t *testing.T, backing, mountpoint string, gate *lookupGate) {
	var st syscall.Stat_t
	require.NoError(t, syscall.Stat(backing, &st))
	root := &fs.LoopbackRoot{
		Path: backing,
		Dev:  st.Dev,
		NewNode: func(rootData *fs.LoopbackRoot, parent *fs.Inode, name string, st *syscall.Stat_t) fs.InodeEmbedder {
			return &gatedNode{LoopbackNode: fs.LoopbackNode{RootData: rootData}, gate: gate}
		},
	}
	// Disable caching, so that every path resolution reaches the
	// FUSE server.
	var noCaching time.Duration
	server, err := fs.Mount(mountpoint, root.NewNode(root, nil, "", &st), &fs.Options{
		MountOptions: fuse.MountOptions{
			AllowOther:        true,
			DirectMountStrict: true,
			FsName:            "bb_chroot_gated",
			Name:              "gated",
		},
		EntryTimeout:    &noCaching,
		AttrTimeout:     &noCaching,
		NegativeTimeout: &noCaching,
	})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, server.Unmount()) })
}

func TestTimeoutDuringMountSetup(t *testing.T) {
	runnertest.RequireRoot(t)
	if _, err := os.Stat("/dev/fuse"); err != nil {
		t.Skip("This test requires /dev/fuse")
	}
	t.Run("InitProcess", func(t *testing.T) {
		testTimeoutDuringMountSetup(t, true)
	})
	t.Run("Thread", func(t *testing.T) {
		testTimeoutDuringMountSetup(t, false)
	})
}

func testTimeoutDuringMountSetup(t *testing.T, useInitProcess bool) {
	// The FUSE file system and the runner live in a mount namespace
	// of their own, created by the thread of this test, so that
	// tests running in parallel don't see the FUSE mount in the
	// host's mount table. This goroutine stays locked to the
	// thread, which Go terminates when the test ends.
	runtime.LockOSThread()
	require.NoError(t, unix.Unshare(unix.CLONE_NEWNS))
	require.NoError(t, unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""))

	// The build directory is a FUSE file system, as with bb_worker's
	// virtual build directories. Looking up "proc" in the input
	// root "stalled/root" blocks until the gate is opened. The test
	// accesses the files through the backing directory.
	backing := t.TempDir()
	buildDirectory := t.TempDir()
	gate := &lookupGate{
		directory: "stalled/root",
		name:      "proc",
		open:      make(chan struct{}),
	}
	mountGatedLoopback(t, backing, buildDirectory, gate)
	e := newEnvironmentWithView(t, buildDirectory, backing, faultConfiguration+fmt.Sprintf(`
  chrootNamespaces: { useInitProcess: %t },
`, useInitProcess))
	for _, d := range []string{"bin", "proc", "sys", "dev"} {
		require.NoError(t, os.MkdirAll(filepath.Join(backing, "stalled/root", d), 0o755))
	}
	require.NoError(t, os.Link(filepath.Join(backing, "testtool"), filepath.Join(backing, "stalled/root/bin/testtool")))

	t.Run("DeadlineExceeded", func(t *testing.T) {
		// The action's deadline expires while the mountpoint
		// "proc" is resolved, before anything is mounted and
		// before the command is looked up.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_, _, _, err := e.run(ctx, "stalled", "testtool", "echo", "hello")
		require.Equal(t, codes.DeadlineExceeded, status.Code(err), "%v", err)

		lookups, callers := gate.getLookups()
		require.Equal(t, []string{"proc"}, lookups)
		require.Len(t, callers, 1)
		if useInitProcess {
			// The runner kills the init process, which
			// interrupts the FUSE request.
			require.Equal(t, []string{"bb_runner [sandbox init]"}, callers[0].Cmdline)
			waitFor(t, "the init process has terminated", func() bool { return !callers[0].Exists() })
		} else {
			// A thread of the runner waits for the FUSE
			// server, which cannot be interrupted. Other
			// actions are not held up.
			require.Equal(t, e.runner.Cmd.Path, callers[0].Cmdline[0])
		}
		e.requireHealthy(t)
	})

	t.Run("SucceedsOnceUnblocked", func(t *testing.T) {
		// With the FUSE server responding again, the same input
		// root works.
		close(gate.open)
		require.Equal(t, "hello\n", e.requireSuccess(t, "stalled", "testtool", "echo", "hello"))
		lookups, _ := gate.getLookups()
		require.Contains(t, lookups, "bin")
	})
}
