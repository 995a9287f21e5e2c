package repro

import (
	"context"
	"fmt"
	"os"
	"sort"

	"github.com/buildbarn/bb-storage/pkg/blobstore"
	"github.com/buildbarn/bb-storage/pkg/blobstore/buffer"
	"github.com/buildbarn/bb-storage/pkg/digest"
	"github.com/buildbarn/bb-storage/pkg/util"

	"google.golang.org/protobuf/proto"
)

// blob is an object that needs to be stored in the Content Addressable
// Storage (CAS): either a serialized message held in memory, or the
// contents of a file on the local file system.
type blob struct {
	data []byte
	path string
}

// BlobSet is the set of objects that make up an action: the Action and
// Command messages, the Directory messages of its input root and the
// contents of its input files. It can be uploaded to any Content
// Addressable Storage.
type BlobSet struct {
	digestFunction digest.Function
	blobs          map[digest.Digest]blob
}

// NewBlobSet creates an empty BlobSet whose digests are computed with
// the provided digest function.
func NewBlobSet(digestFunction digest.Function) *BlobSet {
	return &BlobSet{
		digestFunction: digestFunction,
		blobs:          map[digest.Digest]blob{},
	}
}

// AddMessage serializes a message and adds it to the set. Messages are
// serialized deterministically, so that the same message always yields
// the same digest.
func (bs *BlobSet) AddMessage(m proto.Message) (digest.Digest, error) {
	data, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		return digest.BadDigest, util.StatusWrap(err, "Failed to marshal message")
	}
	return bs.AddData(data), nil
}

// AddData adds a blob held in memory to the set.
func (bs *BlobSet) AddData(data []byte) digest.Digest {
	generator := bs.digestFunction.NewGenerator(int64(len(data)))
	generator.Write(data)
	blobDigest := generator.Sum()
	bs.blobs[blobDigest] = blob{data: data}
	return blobDigest
}

// addFile adds the contents of a file on the local file system whose
// digest has already been computed. The file is read again when the
// set is uploaded, and the upload fails if its contents changed.
func (bs *BlobSet) addFile(blobDigest digest.Digest, path string) {
	if _, ok := bs.blobs[blobDigest]; !ok {
		bs.blobs[blobDigest] = blob{path: path}
	}
}

// GetDigestFunction returns the digest function that is used to
// compute the digests of the blobs in the set.
func (bs *BlobSet) GetDigestFunction() digest.Function {
	return bs.digestFunction
}

// GetDigests returns the digests of all blobs in the set, sorted.
func (bs *BlobSet) GetDigests() []digest.Digest {
	digests := make([]digest.Digest, 0, len(bs.blobs))
	for blobDigest := range bs.blobs {
		digests = append(digests, blobDigest)
	}
	sort.Slice(digests, func(i, j int) bool {
		return digests[i].String() < digests[j].String()
	})
	return digests
}

// GetData returns the contents of a blob in the set that is held in
// memory, such as a Directory or Command message.
func (bs *BlobSet) GetData(blobDigest digest.Digest) ([]byte, bool) {
	b, ok := bs.blobs[blobDigest]
	if !ok || b.path != "" {
		return nil, false
	}
	return b.data, true
}

func (bs *BlobSet) getBuffer(blobDigest digest.Digest) buffer.Buffer {
	b := bs.blobs[blobDigest]
	if b.path == "" {
		return buffer.NewCASBufferFromByteSlice(blobDigest, b.data, buffer.UserProvided)
	}
	f, err := os.Open(b.path)
	if err != nil {
		return buffer.NewBufferFromError(err)
	}
	return buffer.NewCASBufferFromReader(blobDigest, f, buffer.UserProvided)
}

// Upload stores all blobs in the set that are missing in a Content
// Addressable Storage. The empty blob is never uploaded, as the Remote
// Execution API requires servers to treat it as present.
func (bs *BlobSet) Upload(ctx context.Context, contentAddressableStorage blobstore.BlobAccess) error {
	digests := digest.NewSetBuilder()
	for blobDigest := range bs.blobs {
		if blobDigest.GetSizeBytes() > 0 {
			digests.Add(blobDigest)
		}
	}
	missing, err := contentAddressableStorage.FindMissing(ctx, digests.Build())
	if err != nil {
		return util.StatusWrap(err, "Failed to determine which blobs are missing in the Content Addressable Storage")
	}
	for _, blobDigest := range missing.Items() {
		if err := contentAddressableStorage.Put(ctx, blobDigest, bs.getBuffer(blobDigest)); err != nil {
			if path := bs.blobs[blobDigest].path; path != "" {
				return util.StatusWrapf(err, "Failed to upload file %#v with digest %#v to the Content Addressable Storage", path, FormatDigest(blobDigest))
			}
			return util.StatusWrapf(err, "Failed to upload blob with digest %#v to the Content Addressable Storage", FormatDigest(blobDigest))
		}
	}
	return nil
}

// FormatDigest formats a digest as HASH/SIZE, the way Bazel and
// bb_browser show digests.
func FormatDigest(d digest.Digest) string {
	return fmt.Sprintf("%s/%d", d.GetHashString(), d.GetSizeBytes())
}
