package sandbox

import (
	"strings"

	"github.com/bb-chroot/bb-chroot/pkg/proto/configuration/bb_runner"
	"github.com/buildbarn/bb-storage/pkg/filesystem/path"
	"github.com/buildbarn/bb-storage/pkg/util"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// FileSystemType is the kind of file system that is mounted inside
// the input root of an action.
type FileSystemType string

const (
	// FileSystemTypeProc is a new instance of procfs, belonging to the
	// PID namespace of the action.
	FileSystemTypeProc FileSystemType = "proc"
	// FileSystemTypeSysfs is sysfs, mounted read-only.
	FileSystemTypeSysfs FileSystemType = "sysfs"
	// FileSystemTypeDev is a minimal /dev, similar to the one
	// created by bubblewrap's --dev option.
	FileSystemTypeDev FileSystemType = "dev"
	// FileSystemTypeDevpts is a new instance of devpts.
	FileSystemTypeDevpts FileSystemType = "devpts"
	// FileSystemTypeTmpfs is an empty tmpfs.
	FileSystemTypeTmpfs FileSystemType = "tmpfs"
	// FileSystemTypeBind is a recursive bind mount of a path on the
	// host.
	FileSystemTypeBind FileSystemType = "bind"
)

// Mount describes a single file system that is mounted inside the
// input root of an action.
type Mount struct {
	// Mountpoint is the path of the mountpoint, relative to the input
	// root, in normalized form (e.g., "dev/pts").
	Mountpoint       string
	Type             FileSystemType
	Source           string
	CreateMountpoint bool
	Writable         bool
	SizeBytes        uint64
	Mode             uint32
}

// Configuration of the sandbox in which chrooted actions are run.
type Configuration struct {
	Mounts         []Mount
	UnshareIPC     bool
	UnshareUTS     bool
	UnshareNetwork bool
}

// NewConfigurationFromProto converts the input root mounts and
// namespace options of bb_runner's configuration file to a
// Configuration. Mountpoints are validated and normalized. File system
// types of PR #116 (buildbarn/bb-remote-execution), which passed the
// type to mount(2) directly, keep working: 'proc' and 'sysfs' mounts
// with a source such as '/proc' and '/sys' yield a fresh procfs and a
// read-only sysfs.
func NewConfigurationFromProto(mounts []*bb_runner.InputMountOptions, namespaces *bb_runner.ChrootNamespacesConfiguration) (*Configuration, error) {
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

		mount := Mount{
			Mountpoint:       mountpoint,
			Type:             FileSystemType(m.FilesystemType),
			Source:           m.Source,
			CreateMountpoint: m.CreateMountpoint,
			Writable:         m.Writable,
			SizeBytes:        m.SizeBytes,
			Mode:             m.Mode,
		}
		switch mount.Type {
		case FileSystemTypeProc, FileSystemTypeSysfs, FileSystemTypeDev, FileSystemTypeDevpts:
		case FileSystemTypeTmpfs:
			if mount.Mode == 0 {
				mount.Mode = 0o1777
			} else if mount.Mode&^0o7777 != 0 {
				return nil, status.Errorf(codes.InvalidArgument, "Mode %#o of tmpfs at mountpoint %#v contains bits other than permissions", mount.Mode, mountpoint)
			}
		case FileSystemTypeBind:
			if len(mount.Source) == 0 || mount.Source[0] != '/' {
				return nil, status.Errorf(codes.InvalidArgument, "Bind mount at mountpoint %#v must have an absolute source path, not %#v", mountpoint, mount.Source)
			}
		default:
			return nil, status.Errorf(codes.InvalidArgument, "Unsupported file system type %#v for mountpoint %#v: supported types are proc, sysfs, dev, devpts, tmpfs and bind", m.FilesystemType, mountpoint)
		}
		if mount.Type != FileSystemTypeBind && mount.Writable {
			return nil, status.Errorf(codes.InvalidArgument, "Option 'writable' of mountpoint %#v only applies to bind mounts", mountpoint)
		}
		if mount.Type != FileSystemTypeTmpfs && (mount.SizeBytes != 0 || m.Mode != 0) {
			return nil, status.Errorf(codes.InvalidArgument, "Options 'size_bytes' and 'mode' of mountpoint %#v only apply to tmpfs", mountpoint)
		}
		configuration.Mounts = append(configuration.Mounts, mount)
	}
	if namespaces != nil {
		configuration.UnshareIPC = namespaces.Ipc
		configuration.UnshareUTS = namespaces.Uts
		configuration.UnshareNetwork = namespaces.Network
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
