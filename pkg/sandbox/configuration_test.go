package sandbox_test

import (
	"testing"

	sandbox_pb "github.com/bb-chroot/bb-chroot/pkg/proto/configuration/sandbox"
	"github.com/bb-chroot/bb-chroot/pkg/sandbox"
	"github.com/bb-chroot/bb-chroot/pkg/sandbox/initprocess"
	"github.com/buildbarn/bb-storage/pkg/testutil"
	"github.com/stretchr/testify/require"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestNewConfigurationFromProto(t *testing.T) {
	t.Run("Empty", func(t *testing.T) {
		// Without mounts and namespaces, only mount and PID
		// namespaces are used.
		configuration, err := sandbox.NewConfigurationFromProto(nil, nil)
		require.NoError(t, err)
		require.Empty(t, configuration.Mounts)
		require.False(t, configuration.UnshareIPC || configuration.UnshareUTS || configuration.UnshareNetwork)
		require.False(t, configuration.AllowSetuidInInputRoot || configuration.AllowNewPrivileges)
		// Docker's default capabilities, without CAP_MKNOD and
		// CAP_NET_RAW.
		require.Equal(t, uint64(0x00000000a00405fb), configuration.Capabilities)
		require.NotEmpty(t, configuration.SeccompFilter)
	})

	t.Run("AllFileSystems", func(t *testing.T) {
		// All supported file system types are accepted, and
		// mountpoints are normalized.
		configuration, err := sandbox.NewConfigurationFromProto([]*sandbox_pb.InputMountOptions{
			{Mountpoint: "/proc", FilesystemType: "proc"},
			{Mountpoint: "sys/", FilesystemType: "sysfs"},
			{Mountpoint: "dev", FilesystemType: "dev"},
			{Mountpoint: "dev//pts", FilesystemType: "devpts"},
			{Mountpoint: "dev/shm", FilesystemType: "tmpfs", SizeBytes: 1 << 20},
			{Mountpoint: "tmp", FilesystemType: "tmpfs", Mode: 0o700, CreateMountpoint: true},
			{Mountpoint: "opt/./tools", FilesystemType: "bind", Source: "/opt/tools", Writable: true},
			{Mountpoint: "work/tmp", Kind: sandbox_pb.InputMountOptions_TEMPORARY_DIRECTORY},
		}, &sandbox_pb.ChrootNamespacesConfiguration{Ipc: true, Uts: true, Network: true, InitExecutablePath: "/usr/bin/bb_sandbox_init"})
		require.NoError(t, err)
		// The shared pools of the kernel are bounded by default.
		require.Equal(t, []initprocess.Mount{
			{Mountpoint: "proc", Kind: initprocess.KindProc},
			{Mountpoint: "sys", Kind: initprocess.KindSysfs},
			{Mountpoint: "dev", Kind: initprocess.KindDev, MaximumInodes: 1024},
			{Mountpoint: "dev/pts", Kind: initprocess.KindDevpts, MaximumPseudoTerminals: 256},
			{Mountpoint: "dev/shm", Kind: initprocess.KindTmpfs, SizeBytes: 1 << 20, Mode: 0o1777, MaximumInodes: 1024},
			{Mountpoint: "tmp", Kind: initprocess.KindTmpfs, Mode: 0o700, CreateMountpoint: true, MaximumInodes: 65536},
			{Mountpoint: "opt/tools", Kind: initprocess.KindBind, Source: "/opt/tools", Writable: true},
			{Mountpoint: "work/tmp", Kind: initprocess.KindTemporaryDirectory},
		}, configuration.Mounts)
		require.True(t, configuration.UnshareIPC && configuration.UnshareUTS && configuration.UnshareNetwork)
		require.Equal(t, "/usr/bin/bb_sandbox_init", configuration.InitExecutablePath)
	})

	t.Run("InitProcess", func(t *testing.T) {
		// Sandboxes are set up on a thread, unless configured
		// otherwise, or unless actions could uncover or list
		// the host's file systems underneath the input root.
		for _, tc := range []struct {
			namespaces     *sandbox_pb.ChrootNamespacesConfiguration
			useInitProcess bool
		}{
			{&sandbox_pb.ChrootNamespacesConfiguration{}, false},
			{&sandbox_pb.ChrootNamespacesConfiguration{AdditionalCapabilities: []string{"CAP_SYS_PTRACE"}}, false},
			{&sandbox_pb.ChrootNamespacesConfiguration{UseInitProcess: true}, true},
			{&sandbox_pb.ChrootNamespacesConfiguration{AdditionalCapabilities: []string{"CAP_SYS_ADMIN"}}, true},
			{&sandbox_pb.ChrootNamespacesConfiguration{Seccomp: &sandbox_pb.SeccompConfiguration{AllowUserNamespaces: true}}, true},
		} {
			configuration, err := sandbox.NewConfigurationFromProto(nil, tc.namespaces)
			require.NoError(t, err)
			require.Equal(t, tc.useInitProcess, configuration.UseInitProcess, tc.namespaces)
		}
	})

	t.Run("PoolLimits", func(t *testing.T) {
		// The limits of the shared pools can be configured.
		configuration, err := sandbox.NewConfigurationFromProto([]*sandbox_pb.InputMountOptions{
			{Mountpoint: "dev", Kind: sandbox_pb.InputMountOptions_DEV, MaximumInodes: 100},
			{Mountpoint: "dev/pts", Kind: sandbox_pb.InputMountOptions_DEVPTS, MaximumPseudoTerminals: 10},
			{Mountpoint: "dev/shm", Kind: sandbox_pb.InputMountOptions_TMPFS, SizeBytes: 1 << 30, MaximumInodes: 5000},
			{Mountpoint: "tmp", Kind: sandbox_pb.InputMountOptions_TMPFS, SizeBytes: 1 << 30},
		}, nil)
		require.NoError(t, err)
		require.Equal(t, []initprocess.Mount{
			{Mountpoint: "dev", Kind: initprocess.KindDev, MaximumInodes: 100},
			{Mountpoint: "dev/pts", Kind: initprocess.KindDevpts, MaximumPseudoTerminals: 10},
			{Mountpoint: "dev/shm", Kind: initprocess.KindTmpfs, SizeBytes: 1 << 30, Mode: 0o1777, MaximumInodes: 5000},
			{Mountpoint: "tmp", Kind: initprocess.KindTmpfs, SizeBytes: 1 << 30, Mode: 0o1777, MaximumInodes: 262144},
		}, configuration.Mounts)

		_, err = sandbox.NewConfigurationFromProto([]*sandbox_pb.InputMountOptions{
			{Mountpoint: "proc", Kind: sandbox_pb.InputMountOptions_PROC, MaximumInodes: 100},
		}, nil)
		testutil.RequireEqualStatus(t, status.Error(codes.InvalidArgument, `Option 'maximum_inodes' of mountpoint "proc" only applies to tmpfs and dev`), err)
		_, err = sandbox.NewConfigurationFromProto([]*sandbox_pb.InputMountOptions{
			{Mountpoint: "dev/shm", Kind: sandbox_pb.InputMountOptions_TMPFS, MaximumPseudoTerminals: 10},
		}, nil)
		testutil.RequireEqualStatus(t, status.Error(codes.InvalidArgument, `Option 'maximum_pseudo_terminals' of mountpoint "dev/shm" only applies to devpts`), err)
	})

	t.Run("Capabilities", func(t *testing.T) {
		// Capabilities can be added to and dropped from the
		// default set, by name.
		configuration, err := sandbox.NewConfigurationFromProto(nil, &sandbox_pb.ChrootNamespacesConfiguration{
			AdditionalCapabilities: []string{"CAP_SYS_PTRACE", "net_raw"},
			DroppedCapabilities:    []string{"CAP_CHOWN", "CAP_SETUID"},
		})
		require.NoError(t, err)
		require.Equal(t, uint64(0x00000000a00405fb|1<<19|1<<13)&^(1<<0|1<<7), configuration.Capabilities)

		_, err = sandbox.NewConfigurationFromProto(nil, &sandbox_pb.ChrootNamespacesConfiguration{
			AdditionalCapabilities: []string{"CAP_EVERYTHING"},
		})
		testutil.RequireEqualStatus(t, status.Error(codes.InvalidArgument, `Invalid additional capabilities: Unknown capability "CAP_EVERYTHING"`), err)
	})

	t.Run("Privileges", func(t *testing.T) {
		configuration, err := sandbox.NewConfigurationFromProto(nil, &sandbox_pb.ChrootNamespacesConfiguration{
			AllowSetuidInInputRoot: true,
			AllowNewPrivileges:     true,
		})
		require.NoError(t, err)
		require.True(t, configuration.AllowSetuidInInputRoot && configuration.AllowNewPrivileges)
	})

	t.Run("Seccomp", func(t *testing.T) {
		// The seccomp filter can be disabled, and system calls
		// can be added to and removed from it by name.
		configuration, err := sandbox.NewConfigurationFromProto(nil, &sandbox_pb.ChrootNamespacesConfiguration{
			Seccomp: &sandbox_pb.SeccompConfiguration{Disabled: true},
		})
		require.NoError(t, err)
		require.Empty(t, configuration.SeccompFilter)

		_, err = sandbox.NewConfigurationFromProto(nil, &sandbox_pb.ChrootNamespacesConfiguration{
			Seccomp: &sandbox_pb.SeccompConfiguration{BlockedSystemCalls: []string{"no_such_call"}},
		})
		testutil.RequireEqualStatus(t, status.Error(codes.InvalidArgument, `Invalid seccomp configuration: Unknown system call "no_such_call" in blocked system calls`), err)
		_, err = sandbox.NewConfigurationFromProto(nil, &sandbox_pb.ChrootNamespacesConfiguration{
			Seccomp: &sandbox_pb.SeccompConfiguration{AllowedSystemCalls: []string{"read"}},
		})
		testutil.RequireEqualStatus(t, status.Error(codes.InvalidArgument, `Invalid seccomp configuration: System call "read" is not blocked by the default seccomp filter`), err)
	})

	t.Run("TypedKinds", func(t *testing.T) {
		// Kinds may be selected through the 'kind' enum, but not
		// together with a file system type.
		configuration, err := sandbox.NewConfigurationFromProto([]*sandbox_pb.InputMountOptions{
			{Mountpoint: "proc", Kind: sandbox_pb.InputMountOptions_PROC},
			{Mountpoint: "dev", Kind: sandbox_pb.InputMountOptions_DEV},
		}, nil)
		require.NoError(t, err)
		require.Equal(t, []initprocess.Mount{
			{Mountpoint: "proc", Kind: initprocess.KindProc},
			{Mountpoint: "dev", Kind: initprocess.KindDev, MaximumInodes: 1024},
		}, configuration.Mounts)

		_, err = sandbox.NewConfigurationFromProto([]*sandbox_pb.InputMountOptions{
			{Mountpoint: "proc", Kind: sandbox_pb.InputMountOptions_PROC, FilesystemType: "sysfs"},
		}, nil)
		testutil.RequireEqualStatus(t, status.Error(codes.InvalidArgument, `Mountpoint "proc" has both a kind and a file system type`), err)
	})

	t.Run("PR116", func(t *testing.T) {
		// Configurations of buildbarn/bb-remote-execution#116,
		// which provide a source for proc and sysfs, are accepted.
		configuration, err := sandbox.NewConfigurationFromProto([]*sandbox_pb.InputMountOptions{
			{Mountpoint: "proc", Source: "/proc", FilesystemType: "proc"},
			{Mountpoint: "sys", Source: "/sys", FilesystemType: "sysfs"},
		}, nil)
		require.NoError(t, err)
		require.Equal(t, initprocess.KindProc, configuration.Mounts[0].Kind)
		require.Equal(t, initprocess.KindSysfs, configuration.Mounts[1].Kind)
	})

	for _, tc := range []struct {
		name    string
		mount   *sandbox_pb.InputMountOptions
		message string
	}{
		{"UnsupportedType", &sandbox_pb.InputMountOptions{Mountpoint: "dev", FilesystemType: "devtmpfs"}, `Unsupported file system type "devtmpfs" for mountpoint "dev": supported types are proc, sysfs, dev, devpts, tmpfs and bind`},
		{"InputRootItself", &sandbox_pb.InputMountOptions{Mountpoint: "/", FilesystemType: "tmpfs"}, `Invalid mountpoint "/" of input root mount at index 0: Mountpoint must not be the input root itself`},
		{"OutsideInputRoot", &sandbox_pb.InputMountOptions{Mountpoint: "../proc", FilesystemType: "proc"}, `Invalid mountpoint "../proc" of input root mount at index 0: Mountpoint must not be outside the input root`},
		{"RelativeBindSource", &sandbox_pb.InputMountOptions{Mountpoint: "opt", FilesystemType: "bind", Source: "opt"}, `Bind mount at mountpoint "opt" must have an absolute source path, not "opt"`},
		{"WritableProc", &sandbox_pb.InputMountOptions{Mountpoint: "proc", FilesystemType: "proc", Writable: true}, `Option 'writable' of mountpoint "proc" only applies to bind mounts`},
		{"SizedSysfs", &sandbox_pb.InputMountOptions{Mountpoint: "sys", FilesystemType: "sysfs", SizeBytes: 1}, `Options 'size_bytes' and 'mode' of mountpoint "sys" only apply to tmpfs`},
		{"TmpfsModeWithFileType", &sandbox_pb.InputMountOptions{Mountpoint: "tmp", FilesystemType: "tmpfs", Mode: 0o40755}, `Mode 040755 of tmpfs at mountpoint "tmp" contains bits other than permissions`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Invalid mounts are rejected at startup with an
			// error naming the mountpoint.
			_, err := sandbox.NewConfigurationFromProto([]*sandbox_pb.InputMountOptions{tc.mount}, nil)
			testutil.RequireEqualStatus(t, status.Error(codes.InvalidArgument, tc.message), err)
		})
	}

	t.Run("Duplicate", func(t *testing.T) {
		// Every mountpoint may only be listed once.
		_, err := sandbox.NewConfigurationFromProto([]*sandbox_pb.InputMountOptions{
			{Mountpoint: "proc", FilesystemType: "proc"},
			{Mountpoint: "/proc/", FilesystemType: "proc"},
		}, nil)
		testutil.RequireEqualStatus(t, status.Error(codes.InvalidArgument, `Mountpoint "proc" is listed more than once`), err)
	})
}
