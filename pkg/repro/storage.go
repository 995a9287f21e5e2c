package repro

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/buildbarn/bb-storage/pkg/blobstore"
	blobstore_configuration "github.com/buildbarn/bb-storage/pkg/blobstore/configuration"
	"github.com/buildbarn/bb-storage/pkg/program"
	blobstore_pb "github.com/buildbarn/bb-storage/pkg/proto/configuration/blobstore"
	"github.com/buildbarn/bb-storage/pkg/util"
)

// NewInMemoryBlobAccessConfiguration returns the configuration of a
// bb-storage "local" backend that keeps both its key-location map and
// its blocks in memory, sized for the reproduction: the blocks hold a
// few hundred megabytes in total, and any single blob must fit in one
// block.
func NewInMemoryBlobAccessConfiguration() *blobstore_pb.BlobAccessConfiguration {
	return &blobstore_pb.BlobAccessConfiguration{
		Backend: &blobstore_pb.BlobAccessConfiguration_Local{
			Local: &blobstore_pb.LocalBlobAccessConfiguration{
				KeyLocationMapBackend: &blobstore_pb.LocalBlobAccessConfiguration_KeyLocationMapInMemory_{
					KeyLocationMapInMemory: &blobstore_pb.LocalBlobAccessConfiguration_KeyLocationMapInMemory{
						Entries: 16 * 1024,
					},
				},
				KeyLocationMapMaximumGetAttempts: 16,
				KeyLocationMapMaximumPutAttempts: 64,
				OldBlocks:                        1,
				CurrentBlocks:                    6,
				NewBlocks:                        1,
				BlocksBackend: &blobstore_pb.LocalBlobAccessConfiguration_BlocksInMemory_{
					BlocksInMemory: &blobstore_pb.LocalBlobAccessConfiguration_BlocksInMemory{
						BlockSizeBytes: 64 * 1024 * 1024,
					},
				},
			},
		},
	}
}

// NewInMemoryContentAddressableStorage creates a Content Addressable
// Storage backed by bb-storage's local blob access, held in memory,
// configured as bb_storage would be with
// NewInMemoryBlobAccessConfiguration().
func NewInMemoryContentAddressableStorage(dependenciesGroup program.Group) (blobstore.BlobAccess, error) {
	info, err := blobstore_configuration.NewBlobAccessFromConfiguration(
		dependenciesGroup,
		NewInMemoryBlobAccessConfiguration(),
		blobstore_configuration.NewCASBlobAccessCreator(grpcClientFactory, MaximumMessageSizeBytes),
	)
	if err != nil {
		return nil, util.StatusWrap(err, "Failed to create in-memory Content Addressable Storage")
	}
	return info.BlobAccess, nil
}

// NewInMemoryActionCache creates an Action Cache backed by bb-storage's
// local blob access, held in memory.
func NewInMemoryActionCache(dependenciesGroup program.Group, contentAddressableStorage blobstore.BlobAccess) (blobstore.BlobAccess, error) {
	info, err := blobstore_configuration.NewBlobAccessFromConfiguration(
		dependenciesGroup,
		NewInMemoryBlobAccessConfiguration(),
		blobstore_configuration.NewACBlobAccessCreator(
			&blobstore_configuration.BlobAccessInfo{BlobAccess: contentAddressableStorage},
			grpcClientFactory,
			MaximumMessageSizeBytes,
		),
	)
	if err != nil {
		return nil, util.StatusWrap(err, "Failed to create in-memory Action Cache")
	}
	return info.BlobAccess, nil
}

// unescapeMountinfo undoes the octal escaping of spaces, tabs,
// newlines and backslashes in /proc/self/mountinfo.
func unescapeMountinfo(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// GetMountsUnder returns the mount points in the current mount
// namespace that are inside a directory. The reproduction refuses to
// remove its work directory if any runner left a mount behind in it,
// as removing files below a leaked bind mount would remove them from
// the mounted file system.
func GetMountsUnder(directory string) ([]string, error) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil, util.StatusWrap(err, "Failed to open the list of mounts")
	}
	defer f.Close()
	prefix := filepath.Clean(directory) + "/"
	var mounts []string
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		if len(fields) < 5 {
			continue
		}
		if mountpoint := unescapeMountinfo(fields[4]); strings.HasPrefix(mountpoint, prefix) {
			mounts = append(mounts, mountpoint)
		}
	}
	if err := scanner.Err(); err != nil {
		return nil, util.StatusWrap(err, "Failed to read the list of mounts")
	}
	return mounts, nil
}
