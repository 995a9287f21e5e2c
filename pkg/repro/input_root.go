package repro

import (
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"

	remoteexecution "github.com/bazelbuild/remote-apis/build/bazel/remote/execution/v2"
	"github.com/buildbarn/bb-storage/pkg/digest"
	"github.com/buildbarn/bb-storage/pkg/filesystem"
	"github.com/buildbarn/bb-storage/pkg/filesystem/path"
	"github.com/buildbarn/bb-storage/pkg/util"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// AddInputRoot computes the Merkle tree of REv2 Directory messages of
// a directory on the local file system, and adds the messages and the
// contents of all files to a BlobSet. It returns the digest of the
// root Directory message, which is what Action.input_root_digest
// refers to.
//
// Regular files, directories and symbolic links are supported. Files
// are marked executable if any of their execute bits is set. Other
// types of files, such as device nodes, cannot be expressed in the
// Remote Execution API and cause an InvalidArgument error.
func AddInputRoot(blobs *BlobSet, directoryPath string) (digest.Digest, error) {
	d, err := filesystem.NewLocalDirectory(path.LocalFormat.NewParser(directoryPath))
	if err != nil {
		return digest.BadDigest, util.StatusWrapfWithCode(err, codes.InvalidArgument, "Failed to open input root %#v", directoryPath)
	}
	defer d.Close()
	return addDirectory(blobs, d, directoryPath, nil)
}

func addDirectory(blobs *BlobSet, d filesystem.Directory, rootPath string, dPath *path.Trace) (digest.Digest, error) {
	entries, err := d.ReadDir()
	if err != nil {
		return digest.BadDigest, util.StatusWrapf(err, "Failed to read directory %#v in input root", dPath.GetUNIXString())
	}
	sort.Slice(entries, func(i, j int) bool {
		return entries[i].Name().String() < entries[j].Name().String()
	})

	var directory remoteexecution.Directory
	for _, entry := range entries {
		name := entry.Name()
		childPath := dPath.Append(name)
		switch entry.Type() {
		case filesystem.FileTypeRegularFile:
			filePath := filepath.Join(rootPath, filepath.FromSlash(childPath.GetUNIXString()))
			fileDigest, err := getFileDigest(blobs.digestFunction, d, name, filePath)
			if err != nil {
				return digest.BadDigest, util.StatusWrapf(err, "Failed to compute digest of file %#v in input root", childPath.GetUNIXString())
			}
			blobs.addFile(fileDigest, filePath)
			directory.Files = append(directory.Files, &remoteexecution.FileNode{
				Name:         name.String(),
				Digest:       fileDigest.GetProto(),
				IsExecutable: entry.IsExecutable(),
			})
		case filesystem.FileTypeDirectory:
			child, err := d.EnterDirectory(name)
			if err != nil {
				return digest.BadDigest, util.StatusWrapf(err, "Failed to enter directory %#v in input root", childPath.GetUNIXString())
			}
			childDigest, err := addDirectory(blobs, child, rootPath, childPath)
			child.Close()
			if err != nil {
				return digest.BadDigest, err
			}
			directory.Directories = append(directory.Directories, &remoteexecution.DirectoryNode{
				Name:   name.String(),
				Digest: childDigest.GetProto(),
			})
		case filesystem.FileTypeSymlink:
			targetParser, err := d.Readlink(name)
			if err != nil {
				return digest.BadDigest, util.StatusWrapf(err, "Failed to read symbolic link %#v in input root", childPath.GetUNIXString())
			}
			target, scopeWalker := path.EmptyBuilder.Join(path.VoidScopeWalker)
			if err := path.Resolve(targetParser, scopeWalker); err != nil {
				return digest.BadDigest, util.StatusWrapf(err, "Failed to resolve target of symbolic link %#v in input root", childPath.GetUNIXString())
			}
			directory.Symlinks = append(directory.Symlinks, &remoteexecution.SymlinkNode{
				Name:   name.String(),
				Target: target.GetUNIXString(),
			})
		default:
			return digest.BadDigest, status.Errorf(codes.InvalidArgument, "Input root contains %#v, which is not a regular file, directory or symbolic link", childPath.GetUNIXString())
		}
	}
	return blobs.AddMessage(&directory)
}

func getFileDigest(digestFunction digest.Function, d filesystem.Directory, name path.Component, filePath string) (digest.Digest, error) {
	// The size is only a hint for digest functions that benefit
	// from knowing it in advance, such as SHA256TREE.
	var expectedSizeBytes int64
	if fileInfo, err := os.Lstat(filePath); err == nil {
		expectedSizeBytes = fileInfo.Size()
	}
	f, err := d.OpenRead(name)
	if err != nil {
		return digest.BadDigest, err
	}
	defer f.Close()
	generator := digestFunction.NewGenerator(expectedSizeBytes)
	if _, err := io.Copy(generator, io.NewSectionReader(f, 0, math.MaxInt64)); err != nil {
		return digest.BadDigest, err
	}
	return generator.Sum(), nil
}
