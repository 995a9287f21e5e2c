package repro

import (
	"context"
	"sync/atomic"

	remoteexecution "github.com/bazelbuild/remote-apis/build/bazel/remote/execution/v2"
	"github.com/buildbarn/bb-remote-execution/pkg/builder"
	"github.com/buildbarn/bb-remote-execution/pkg/cas"
	"github.com/buildbarn/bb-remote-execution/pkg/cleaner"
	re_filesystem "github.com/buildbarn/bb-remote-execution/pkg/filesystem"
	"github.com/buildbarn/bb-remote-execution/pkg/proto/remoteworker"
	runner_pb "github.com/buildbarn/bb-remote-execution/pkg/proto/runner"
	"github.com/buildbarn/bb-storage/pkg/blobstore"
	"github.com/buildbarn/bb-storage/pkg/clock"
	"github.com/buildbarn/bb-storage/pkg/digest"
	"github.com/buildbarn/bb-storage/pkg/eviction"
	"github.com/buildbarn/bb-storage/pkg/filesystem"
	"github.com/buildbarn/bb-storage/pkg/filesystem/path"
	"github.com/buildbarn/bb-storage/pkg/util"

	"golang.org/x/sync/semaphore"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// MaximumMessageSizeBytes is the maximum size of Directory and Command
// messages that the worker reads, as bb_worker's
// maximumMessageSizeBytes.
const MaximumMessageSizeBytes = 16 * 1024 * 1024

// NativeWorker holds the parts of bb_worker that execute an action
// with a native build directory: input files are hardlinked from a
// cache directory into the build directory, and the command is run by
// a runner that is reached over gRPC. It is wired the way
// upstream's cmd/bb_worker/main.go wires a native build directory.
type NativeWorker struct {
	BuildExecutor  builder.BuildExecutor
	buildDirectory filesystem.DirectoryCloser
	cacheDirectory filesystem.DirectoryCloser
}

// NewNativeWorker creates a NativeWorker.
//
// If shareBuildDirectory is set, every action runs in a subdirectory
// of the build directory that is removed afterwards, and the build
// directory is emptied whenever the worker goes from idle to busy, as
// bb_worker does. Otherwise the action runs in the build directory
// itself, which must be empty, and its input root, stdout and stderr
// are left in place for inspection. Only one action can be executed
// in that case.
func NewNativeWorker(contentAddressableStorage blobstore.BlobAccess, buildDirectoryPath, cacheDirectoryPath string, runnerClient runner_pb.RunnerClient, workerName string, shareBuildDirectory bool) (*NativeWorker, error) {
	buildDirectory, err := filesystem.NewLocalDirectory(path.LocalFormat.NewParser(buildDirectoryPath))
	if err != nil {
		return nil, util.StatusWrapf(err, "Failed to open build directory %#v", buildDirectoryPath)
	}
	cacheDirectory, err := filesystem.NewLocalDirectory(path.LocalFormat.NewParser(cacheDirectoryPath))
	if err != nil {
		buildDirectory.Close()
		return nil, util.StatusWrapf(err, "Failed to open cache directory %#v", cacheDirectoryPath)
	}

	directoryFetcher := cas.NewBlobAccessDirectoryFetcher(
		contentAddressableStorage,
		/* maximumDirectorySizeBytes = */ MaximumMessageSizeBytes,
		/* maximumTreeSizeBytes = */ 0,
	)
	fileFetcher := cas.NewHardlinkingFileFetcher(
		cas.NewBlobAccessFileFetcher(contentAddressableStorage),
		cacheDirectory,
		/* maxFiles = */ 10000,
		/* maxSize = */ 1<<30,
		eviction.NewLRUSet[string](),
	)
	naiveBuildDirectory := builder.NewNaiveBuildDirectory(
		buildDirectory,
		directoryFetcher,
		fileFetcher,
		semaphore.NewWeighted(10),
		contentAddressableStorage,
	)

	buildDirectoryCreator := builder.NewRootBuildDirectoryCreator(naiveBuildDirectory)
	if shareBuildDirectory {
		buildDirectoryCreator = builder.NewSharedBuildDirectoryCreator(
			builder.NewCleanBuildDirectoryCreator(
				buildDirectoryCreator,
				cleaner.NewIdleInvoker(cleaner.NewDirectoryCleaner(buildDirectory, buildDirectoryPath)),
			),
			&atomic.Uint64{},
		)
	}

	return &NativeWorker{
		BuildExecutor: builder.NewTimestampedBuildExecutor(
			builder.NewLocalBuildExecutor(
				contentAddressableStorage,
				buildDirectoryCreator,
				runnerClient,
				clock.SystemClock,
				/* maximumWritableFileUploadDelay = */ 0,
				/* inputRootCharacterDevices = */ nil,
				MaximumMessageSizeBytes,
				/* environmentVariables = */ nil,
				/* forceUploadTreesAndDirectories = */ false,
			),
			clock.SystemClock,
			workerName,
		),
		buildDirectory: buildDirectory,
		cacheDirectory: cacheDirectory,
	}, nil
}

// Execute an action, the way bb_worker does after receiving it from
// the scheduler.
func (w *NativeWorker) Execute(ctx context.Context, digestFunction digest.Function, actionDigest digest.Digest, action *remoteexecution.Action) *remoteexecution.ExecuteResponse {
	updates := make(chan *remoteworker.CurrentState_Executing)
	done := make(chan struct{})
	go func() {
		for range updates {
		}
		close(done)
	}()
	response := w.BuildExecutor.Execute(
		ctx,
		re_filesystem.EmptyFilePool,
		/* monitor = */ nil,
		digestFunction,
		&remoteworker.DesiredState_Executing{
			ActionDigest:    actionDigest.GetProto(),
			Action:          action,
			QueuedTimestamp: timestamppb.Now(),
		},
		updates,
	)
	close(updates)
	<-done
	return response
}

// Close the build and cache directories.
func (w *NativeWorker) Close() error {
	err1 := w.buildDirectory.Close()
	err2 := w.cacheDirectory.Close()
	if err1 != nil {
		return util.StatusWrap(err1, "Failed to close build directory")
	}
	if err2 != nil {
		return util.StatusWrap(err2, "Failed to close cache directory")
	}
	return nil
}
