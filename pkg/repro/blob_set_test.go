package repro_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	remoteexecution "github.com/bazelbuild/remote-apis/build/bazel/remote/execution/v2"
	"github.com/bb-chroot/bb-chroot/internal/mock"
	"github.com/bb-chroot/bb-chroot/pkg/repro"
	"github.com/buildbarn/bb-storage/pkg/blobstore/buffer"
	"github.com/buildbarn/bb-storage/pkg/digest"
	"github.com/buildbarn/bb-storage/pkg/testutil"
	"github.com/stretchr/testify/require"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"go.uber.org/mock/gomock"
)

func TestBlobSetUpload(t *testing.T) {
	ctrl, ctx := gomock.WithContext(context.Background(), t)
	digestFunction := digest.MustNewFunction("example", remoteexecution.DigestFunction_SHA256)
	helloDigest := digest.MustNewDigest("example", remoteexecution.DigestFunction_SHA256, "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03", 6)

	newBlobSet := func(t *testing.T) (*repro.BlobSet, string) {
		root := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(root, "hello.txt"), []byte("hello\n"), 0o644))
		require.NoError(t, os.Mkdir(filepath.Join(root, "empty"), 0o755))
		blobs := repro.NewBlobSet(digestFunction)
		_, err := repro.AddInputRoot(blobs, root)
		require.NoError(t, err)
		return blobs, root
	}

	t.Run("OnlyMissingBlobs", func(t *testing.T) {
		// Only blobs that FindMissing() reports are uploaded, and
		// the empty blob is not even asked for.
		blobs, _ := newBlobSet(t)
		contentAddressableStorage := mock.NewMockBlobAccess(ctrl)
		contentAddressableStorage.EXPECT().FindMissing(ctx, gomock.Any()).DoAndReturn(
			func(ctx context.Context, digests digest.Set) (digest.Set, error) {
				require.Equal(t, 2, digests.Length())
				for _, d := range digests.Items() {
					require.NotZero(t, d.GetSizeBytes())
				}
				return helloDigest.ToSingletonSet(), nil
			},
		)
		contentAddressableStorage.EXPECT().Put(ctx, helloDigest, gomock.Any()).DoAndReturn(
			func(ctx context.Context, d digest.Digest, b buffer.Buffer) error {
				data, err := b.ToByteSlice(100)
				require.NoError(t, err)
				require.Equal(t, []byte("hello\n"), data)
				return nil
			},
		)
		require.NoError(t, blobs.Upload(ctx, contentAddressableStorage))
	})

	t.Run("FindMissingFailure", func(t *testing.T) {
		// Failing to contact the CAS is reported as such.
		blobs, _ := newBlobSet(t)
		contentAddressableStorage := mock.NewMockBlobAccess(ctrl)
		contentAddressableStorage.EXPECT().FindMissing(ctx, gomock.Any()).Return(digest.EmptySet, status.Error(codes.Unavailable, "Connection refused"))
		testutil.RequireEqualStatus(
			t,
			status.Error(codes.Unavailable, "Failed to determine which blobs are missing in the Content Addressable Storage: Connection refused"),
			blobs.Upload(ctx, contentAddressableStorage),
		)
	})

	t.Run("PutFailure", func(t *testing.T) {
		// A failed upload names the file and its digest, and
		// keeps the code that the CAS returned.
		blobs, root := newBlobSet(t)
		contentAddressableStorage := mock.NewMockBlobAccess(ctrl)
		contentAddressableStorage.EXPECT().FindMissing(ctx, gomock.Any()).Return(helloDigest.ToSingletonSet(), nil)
		contentAddressableStorage.EXPECT().Put(ctx, helloDigest, gomock.Any()).DoAndReturn(
			func(ctx context.Context, d digest.Digest, b buffer.Buffer) error {
				b.Discard()
				return status.Error(codes.ResourceExhausted, "Storage is full")
			},
		)
		testutil.RequireEqualStatus(
			t,
			status.Errorf(codes.ResourceExhausted, "Failed to upload file %#v with digest \"5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03/6\" to the Content Addressable Storage: Storage is full", filepath.Join(root, "hello.txt")),
			blobs.Upload(ctx, contentAddressableStorage),
		)
	})

	t.Run("FileChangedAfterDigestComputation", func(t *testing.T) {
		// A file that changes between computing its digest and
		// uploading it is detected, instead of being stored under
		// a wrong digest.
		blobs, root := newBlobSet(t)
		require.NoError(t, os.WriteFile(filepath.Join(root, "hello.txt"), []byte("howdy\n"), 0o644))
		contentAddressableStorage := mock.NewMockBlobAccess(ctrl)
		contentAddressableStorage.EXPECT().FindMissing(ctx, gomock.Any()).Return(helloDigest.ToSingletonSet(), nil)
		contentAddressableStorage.EXPECT().Put(ctx, helloDigest, gomock.Any()).DoAndReturn(
			func(ctx context.Context, d digest.Digest, b buffer.Buffer) error {
				_, err := b.ToByteSlice(100)
				return err
			},
		)
		err := blobs.Upload(ctx, contentAddressableStorage)
		require.Error(t, err)
		require.Contains(t, err.Error(), "Failed to upload file")
		require.Contains(t, err.Error(), "Buffer has checksum")
	})
}
