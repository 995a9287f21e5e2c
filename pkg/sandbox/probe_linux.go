//go:build linux
// +build linux

package sandbox

import (
	"context"
	"os"
	"path/filepath"

	"github.com/buildbarn/bb-storage/pkg/util"

	"golang.org/x/sys/unix"
	"google.golang.org/grpc/codes"
)

// Probe checks that the current process is able to run actions in a
// sandbox with a given configuration: that it may create the
// namespaces, create every configured mount, and call pivot_root(). It
// does so by setting up a sandbox for an input root in a temporary
// directory, containing the mountpoints of all configured mounts. This
// allows bb_runner to refuse to start when it lacks privileges or
// kernel features, instead of failing every action.
func Probe(ctx context.Context, configuration *Configuration) error {
	buildDirectory, err := os.MkdirTemp("", "bb_runner_probe")
	if err != nil {
		return util.StatusWrapWithCode(err, codes.Internal, "Failed to create temporary directory")
	}
	defer os.RemoveAll(buildDirectory)
	if err := os.Mkdir(filepath.Join(buildDirectory, "root"), 0o755); err != nil {
		return util.StatusWrapWithCode(err, codes.Internal, "Failed to create input root directory")
	}
	nullFile, err := os.Open(os.DevNull)
	if err != nil {
		return util.StatusWrapWithCode(err, codes.Internal, "Failed to open null device")
	}
	defer nullFile.Close()

	// Let the init process create all mountpoints, so that every
	// configured mount is tested.
	probeConfiguration := *configuration
	probeConfiguration.Mounts = append([]Mount(nil), configuration.Mounts...)
	for i := range probeConfiguration.Mounts {
		probeConfiguration.Mounts[i].CreateMountpoint = true
	}
	var stat unix.Stat_t
	if err := unix.Stat(buildDirectory, &stat); err != nil {
		return util.StatusWrapWithCode(err, codes.Internal, "Failed to obtain attributes of temporary directory")
	}
	r := &sandboxedRunner{
		buildDirectoryPath: buildDirectory,
		configuration:      &probeConfiguration,
	}
	_, err = r.runInit(ctx, &initRequest{
		Configuration:        &probeConfiguration,
		BuildDirectory:       buildDirectory,
		BuildDirectoryDevice: stat.Dev,
		BuildDirectoryInode:  stat.Ino,
		InputRootDirectory:   "root",
		Probe:                true,
	}, nullFile, nullFile)
	return err
}
