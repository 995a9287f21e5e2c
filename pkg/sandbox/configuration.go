package sandbox

import (
	"strings"

	sandbox_pb "github.com/bb-chroot/bb-chroot/pkg/proto/configuration/sandbox"
	"github.com/bb-chroot/bb-chroot/pkg/sandbox/initprocess"
	"github.com/buildbarn/bb-storage/pkg/filesystem/path"
	"github.com/buildbarn/bb-storage/pkg/util"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Configuration of the sandbox in which chrooted actions are run.
type Configuration struct {
	Mounts         []initprocess.Mount
	UnshareIPC     bool
	UnshareUTS     bool
	UnshareNetwork bool
	// Path of the executable that is started as the init process
	// of every sandbox. Empty if bb_runner executes itself.
	InitExecutablePath string
	// Set up every sandbox in an init process, instead of on a
	// thread of bb_runner with the init process only acting as
	// the reaper. Probe() also sets this if the kernel cannot
	// mount procfs for a PID namespace that bb_runner is not in
	// (Linux 6.15 and later can). It is set if actions retain
	// CAP_SYS_ADMIN or may create user namespaces.
	UseInitProcess bool
	// Capabilities that commands running as root retain, as a bit
	// mask.
	Capabilities           uint64
	AllowSetuidInInputRoot bool
	AllowNewPrivileges     bool
	SeccompFilter          []initprocess.SeccompInstruction
}

// Defaults of the limits of the shared pools of the kernel that mounts
// use, documented in sandbox.proto.
const (
	defaultMaximumPseudoTerminals = 256
	defaultDevInodes              = 1024
)

// getDefaultTmpfsInodes returns the default number of inodes of a
// tmpfs, so that an action cannot make the kernel spend memory on empty
// files beyond the size of the tmpfs: one inode per 4 KiB page, and
// 65536 for a tmpfs without a size limit.
func getDefaultTmpfsInodes(sizeBytes uint64) uint64 {
	if sizeBytes == 0 {
		return 65536
	}
	if inodes := sizeBytes / 4096; inodes > 1024 {
		return inodes
	}
	return 1024
}

// kindsByFileSystemType maps the file system types of PR #116
// (buildbarn/bb-remote-execution), which passed the type to mount(2)
// directly, to the kinds of mounts that replace them.
var kindsByFileSystemType = map[string]sandbox_pb.InputMountOptions_Kind{
	"proc":   sandbox_pb.InputMountOptions_PROC,
	"sysfs":  sandbox_pb.InputMountOptions_SYSFS,
	"dev":    sandbox_pb.InputMountOptions_DEV,
	"devpts": sandbox_pb.InputMountOptions_DEVPTS,
	"tmpfs":  sandbox_pb.InputMountOptions_TMPFS,
	"bind":   sandbox_pb.InputMountOptions_BIND,
}

// NewConfigurationFromProto converts the input root mounts and
// namespace options of bb_runner's configuration file to a
// Configuration. Mountpoints are validated and normalized. Mounts of
// PR #116 (buildbarn/bb-remote-execution), which name a file system
// type instead of a kind, keep working: 'proc' and 'sysfs' mounts with
// a source such as '/proc' and '/sys' yield a fresh procfs and a
// read-only sysfs.
func NewConfigurationFromProto(mounts []*sandbox_pb.InputMountOptions, namespaces *sandbox_pb.ChrootNamespacesConfiguration) (*Configuration, error) {
	var configuration Configuration
	seen := map[string]struct{}{}
	for i, m := range mounts {
		mountpoint, err := normalizeMountpoint(m.Mountpoint)
		if err != nil {
			return nil, util.StatusWrapf(err, "Invalid mountpoint %#v of input root mount at index %d", m.Mountpoint, i)
		}
		if _, ok := seen[mountpoint]; ok {
			return nil, status.Errorf(codes.InvalidArgument, "Mountpoint %#v is listed more than once", mountpoint)
		}
		seen[mountpoint] = struct{}{}

		kind := m.Kind
		if kind == sandbox_pb.InputMountOptions_KIND_UNSPECIFIED {
			var ok bool
			if kind, ok = kindsByFileSystemType[m.FilesystemType]; !ok {
				return nil, status.Errorf(codes.InvalidArgument, "Unsupported file system type %#v for mountpoint %#v: supported types are proc, sysfs, dev, devpts, tmpfs and bind", m.FilesystemType, mountpoint)
			}
		} else if m.FilesystemType != "" {
			return nil, status.Errorf(codes.InvalidArgument, "Mountpoint %#v has both a kind and a file system type", mountpoint)
		}
		mount := initprocess.Mount{
			Mountpoint:       mountpoint,
			Source:           m.Source,
			CreateMountpoint: m.CreateMountpoint,
			Writable:         m.Writable,
			SizeBytes:        m.SizeBytes,
			Mode:             m.Mode,
			MaximumInodes:    m.MaximumInodes,
		}
		switch kind {
		case sandbox_pb.InputMountOptions_PROC:
			mount.Kind = initprocess.KindProc
		case sandbox_pb.InputMountOptions_SYSFS:
			mount.Kind = initprocess.KindSysfs
		case sandbox_pb.InputMountOptions_DEV:
			mount.Kind = initprocess.KindDev
			if mount.MaximumInodes == 0 {
				mount.MaximumInodes = defaultDevInodes
			}
		case sandbox_pb.InputMountOptions_DEVPTS:
			mount.Kind = initprocess.KindDevpts
			mount.MaximumPseudoTerminals = m.MaximumPseudoTerminals
			if mount.MaximumPseudoTerminals == 0 {
				mount.MaximumPseudoTerminals = defaultMaximumPseudoTerminals
			}
		case sandbox_pb.InputMountOptions_TMPFS:
			mount.Kind = initprocess.KindTmpfs
			if mount.MaximumInodes == 0 {
				mount.MaximumInodes = getDefaultTmpfsInodes(mount.SizeBytes)
			}
			if mount.Mode == 0 {
				mount.Mode = 0o1777
			} else if mount.Mode&^0o7777 != 0 {
				return nil, status.Errorf(codes.InvalidArgument, "Mode %#o of tmpfs at mountpoint %#v contains bits other than permissions", mount.Mode, mountpoint)
			}
		case sandbox_pb.InputMountOptions_BIND:
			mount.Kind = initprocess.KindBind
			if len(mount.Source) == 0 || mount.Source[0] != '/' {
				return nil, status.Errorf(codes.InvalidArgument, "Bind mount at mountpoint %#v must have an absolute source path, not %#v", mountpoint, mount.Source)
			}
		case sandbox_pb.InputMountOptions_TEMPORARY_DIRECTORY:
			mount.Kind = initprocess.KindTemporaryDirectory
		default:
			return nil, status.Errorf(codes.InvalidArgument, "Unsupported kind %d for mountpoint %#v", kind, mountpoint)
		}
		if mount.Kind != initprocess.KindBind && mount.Writable {
			return nil, status.Errorf(codes.InvalidArgument, "Option 'writable' of mountpoint %#v only applies to bind mounts", mountpoint)
		}
		if mount.Kind != initprocess.KindTmpfs && (mount.SizeBytes != 0 || m.Mode != 0) {
			return nil, status.Errorf(codes.InvalidArgument, "Options 'size_bytes' and 'mode' of mountpoint %#v only apply to tmpfs", mountpoint)
		}
		if mount.Kind != initprocess.KindTmpfs && mount.Kind != initprocess.KindDev && m.MaximumInodes != 0 {
			return nil, status.Errorf(codes.InvalidArgument, "Option 'maximum_inodes' of mountpoint %#v only applies to tmpfs and dev", mountpoint)
		}
		if mount.Kind != initprocess.KindDevpts && m.MaximumPseudoTerminals != 0 {
			return nil, status.Errorf(codes.InvalidArgument, "Option 'maximum_pseudo_terminals' of mountpoint %#v only applies to devpts", mountpoint)
		}
		configuration.Mounts = append(configuration.Mounts, mount)
	}
	configuration.UnshareIPC = namespaces.GetIpc()
	configuration.UnshareUTS = namespaces.GetUts()
	configuration.UnshareNetwork = namespaces.GetNetwork()
	configuration.InitExecutablePath = namespaces.GetInitExecutablePath()
	configuration.UseInitProcess = namespaces.GetUseInitProcess()
	configuration.AllowSetuidInInputRoot = namespaces.GetAllowSetuidInInputRoot()
	configuration.AllowNewPrivileges = namespaces.GetAllowNewPrivileges()

	defaultCapabilities, err := getCapabilityMask(defaultCapabilities)
	if err != nil {
		return nil, err
	}
	additionalCapabilities, err := getCapabilityMask(namespaces.GetAdditionalCapabilities())
	if err != nil {
		return nil, util.StatusWrap(err, "Invalid additional capabilities")
	}
	droppedCapabilities, err := getCapabilityMask(namespaces.GetDroppedCapabilities())
	if err != nil {
		return nil, util.StatusWrap(err, "Invalid dropped capabilities")
	}
	configuration.Capabilities = (defaultCapabilities | additionalCapabilities) &^ droppedCapabilities

	if configuration.SeccompFilter, err = newSeccompFilter(namespaces.GetSeccomp()); err != nil {
		return nil, util.StatusWrap(err, "Invalid seccomp configuration")
	}

	// A sandbox that is set up on a thread leaves the host's file
	// systems in the mount namespace, underneath the input root.
	// Actions that could uncover them, because they retain
	// CAP_SYS_ADMIN, or list them, in a user namespace of their
	// own, get sandboxes set up by init processes, which detach
	// them.
	if configuration.Capabilities&(1<<capabilitiesByName["CAP_SYS_ADMIN"]) != 0 || namespaces.GetSeccomp().GetAllowUserNamespaces() {
		configuration.UseInitProcess = true
	}
	return &configuration, nil
}

// normalizeMountpoint converts the path of a mountpoint to a relative
// path without "." and ".." components. A leading slash is permitted,
// as the path is always interpreted relative to the input root.
func normalizeMountpoint(p string) (string, error) {
	if len(p) > 0 && p[0] == '/' {
		p = p[1:]
	}
	mountpoint, scopeWalker := path.EmptyBuilder.Join(path.NewRelativeScopeWalker(path.VoidComponentWalker))
	if err := path.Resolve(path.UNIXFormat.NewParser(p), scopeWalker); err != nil {
		return "", err
	}
	s := strings.TrimSuffix(mountpoint.GetUNIXString(), "/")
	if s == "." {
		return "", status.Error(codes.InvalidArgument, "Mountpoint must not be the input root itself")
	}
	if s == ".." || len(s) >= 3 && s[:3] == "../" {
		return "", status.Error(codes.InvalidArgument, "Mountpoint must not be outside the input root")
	}
	return s, nil
}
