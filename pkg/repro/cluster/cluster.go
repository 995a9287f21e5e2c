// Package cluster runs a small Buildbarn deployment inside the current
// process, assembled from the same libraries as bb_storage,
// bb_scheduler and bb_worker. It lets the remote mode of the
// reproduction be tested without the upstream binaries: clients talk
// to real Remote Execution API services over gRPC, the scheduler is
// upstream's InMemoryBuildQueue, and a worker thread executes actions
// with upstream's LocalBuildExecutor on a native build directory,
// against any runner that is reachable over gRPC.
package cluster

import (
	"context"
	"net"
	"net/url"
	"time"

	remoteexecution "github.com/bazelbuild/remote-apis/build/bazel/remote/execution/v2"
	"github.com/bb-chroot/bb-chroot/pkg/repro"
	re_blobstore "github.com/buildbarn/bb-remote-execution/pkg/blobstore"
	"github.com/buildbarn/bb-remote-execution/pkg/builder"
	re_filesystem "github.com/buildbarn/bb-remote-execution/pkg/filesystem"
	"github.com/buildbarn/bb-remote-execution/pkg/proto/remoteworker"
	runner_pb "github.com/buildbarn/bb-remote-execution/pkg/proto/runner"
	"github.com/buildbarn/bb-remote-execution/pkg/scheduler"
	"github.com/buildbarn/bb-remote-execution/pkg/scheduler/initialsizeclass"
	"github.com/buildbarn/bb-remote-execution/pkg/scheduler/invocation"
	"github.com/buildbarn/bb-remote-execution/pkg/scheduler/platform"
	"github.com/buildbarn/bb-remote-execution/pkg/scheduler/routing"
	"github.com/buildbarn/bb-storage/pkg/auth"
	"github.com/buildbarn/bb-storage/pkg/blobstore"
	"github.com/buildbarn/bb-storage/pkg/blobstore/grpcservers"
	"github.com/buildbarn/bb-storage/pkg/capabilities"
	"github.com/buildbarn/bb-storage/pkg/clock"
	"github.com/buildbarn/bb-storage/pkg/digest"
	bb_grpc "github.com/buildbarn/bb-storage/pkg/grpc"
	"github.com/buildbarn/bb-storage/pkg/program"
	auth_pb "github.com/buildbarn/bb-storage/pkg/proto/auth"
	"github.com/buildbarn/bb-storage/pkg/util"
	"github.com/google/uuid"

	"google.golang.org/genproto/googleapis/bytestream"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// Configuration of a Cluster.
type Configuration struct {
	// BuildDirectoryPath is the worker's native build directory. The
	// runner must use the same directory.
	BuildDirectoryPath string
	// CacheDirectoryPath holds the worker's hardlinking file cache.
	// It must be on the same file system as the build directory.
	CacheDirectoryPath string
	// RunnerClient is the runner that executes commands.
	RunnerClient runner_pb.RunnerClient
	// InstanceNamePrefix is the instance name under which the
	// worker registers, as bb_worker's instanceNamePrefix.
	InstanceNamePrefix string
	// Platform of the worker. Actions must have the same platform
	// properties to be scheduled on it.
	Platform *remoteexecution.Platform
}

// Cluster is a Buildbarn deployment running inside the current
// process.
type Cluster struct {
	// Address of the frontend, as HOST:PORT on loopback. It offers
	// the Capabilities, ContentAddressableStorage, ByteStream,
	// ActionCache and Execution services, like the frontend of a
	// Buildbarn deployment (bb_storage routing execution to
	// bb_scheduler).
	Address string
	// ContentAddressableStorage is the storage behind the frontend.
	ContentAddressableStorage blobstore.BlobAccess
}

// newServer creates a gRPC server that authenticates every request the
// way bb-storage's "allow" authentication policy does.
func newServer() *grpc.Server {
	authenticator := bb_grpc.NewAllowAuthenticator(auth.MustNewAuthenticationMetadataFromProto(&auth_pb.AuthenticationMetadata{}))
	return grpc.NewServer(
		grpc.ChainUnaryInterceptor(bb_grpc.NewAuthenticatingUnaryInterceptor(authenticator)),
		grpc.ChainStreamInterceptor(bb_grpc.NewAuthenticatingStreamInterceptor(authenticator)),
		grpc.MaxRecvMsgSize(repro.MaximumMessageSizeBytes),
	)
}

// serve runs a gRPC server on a loopback TCP port until the group's
// context is canceled, and returns its address.
func serve(group program.Group, server *grpc.Server) (string, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", util.StatusWrap(err, "Failed to create listening socket on loopback")
	}
	group.Go(func(ctx context.Context, siblingsGroup, dependenciesGroup program.Group) error {
		<-ctx.Done()
		server.Stop()
		return nil
	})
	group.Go(func(ctx context.Context, siblingsGroup, dependenciesGroup program.Group) error {
		if err := server.Serve(listener); err != nil {
			return util.StatusWrapf(err, "gRPC server failed for %#v", listener.Addr().String())
		}
		return nil
	})
	return listener.Addr().String(), nil
}

// Launch the storage, scheduler and worker of a Cluster. The worker
// thread is launched in siblingsGroup, and the servers, which must
// outlive it, in dependenciesGroup. This is how bb_worker relies on a
// scheduler that keeps running while it shuts down: once its context
// is canceled, the worker tells the scheduler that it is idle before
// it terminates.
func Launch(siblingsGroup, dependenciesGroup program.Group, configuration *Configuration) (*Cluster, error) {
	group := dependenciesGroup
	instanceNamePrefix, err := digest.NewInstanceName(configuration.InstanceNamePrefix)
	if err != nil {
		return nil, util.StatusWrapf(err, "Invalid instance name prefix %#v", configuration.InstanceNamePrefix)
	}

	// Storage, as bb_storage with in-memory "local" backends.
	contentAddressableStorage, err := repro.NewInMemoryContentAddressableStorage(group)
	if err != nil {
		return nil, err
	}
	actionCache, err := repro.NewInMemoryActionCache(group, contentAddressableStorage)
	if err != nil {
		return nil, err
	}

	// Scheduler, as bb_scheduler with an action router that takes
	// the platform from the Action message (platformKeyExtractor:
	// { action: {} }), the only choice that current bb_scheduler
	// still offers besides a static platform.
	allowAll := auth.NewStaticAuthorizer(func(digest.InstanceName) bool { return true })
	schedulerContentAddressableStorage := re_blobstore.NewExistencePreconditionBlobAccess(contentAddressableStorage)
	buildQueue := scheduler.NewInMemoryBuildQueue(
		schedulerContentAddressableStorage,
		clock.SystemClock,
		uuid.NewRandom,
		&scheduler.InMemoryBuildQueueConfiguration{
			ExecutionUpdateInterval:              10 * time.Second,
			OperationWithNoWaitersTimeout:        time.Minute,
			PlatformQueueWithNoWorkersTimeout:    0,
			BusyWorkerSynchronizationInterval:    10 * time.Second,
			GetIdleWorkerSynchronizationInterval: func() time.Duration { return time.Minute },
			WorkerTaskRetryCount:                 9,
			WorkerWithNoSynchronizationsTimeout:  time.Minute,
		},
		repro.MaximumMessageSizeBytes,
		routing.NewSimpleActionRouter(
			platform.ActionKeyExtractor,
			[]invocation.KeyExtractor{
				invocation.CorrelatedInvocationsIDKeyExtractor,
				invocation.ToolInvocationIDKeyExtractor,
			},
			initialsizeclass.NewFallbackAnalyzer(
				initialsizeclass.NewActionTimeoutExtractor(
					/* defaultExecutionTimeout = */ 30*time.Minute,
					/* maximumExecutionTimeout = */ time.Hour,
				),
			),
		),
		allowAll,
		allowAll,
		allowAll,
	)
	if err := buildQueue.RegisterPredeclaredPlatformQueue(
		instanceNamePrefix,
		configuration.Platform,
		/* workerInvocationStickinessLimits = */ nil,
		/* maximumQueuedBackgroundLearningOperations = */ 0,
		/* backgroundLearningOperationPriority = */ 0,
		/* sizeClasses = */ []uint32{0},
	); err != nil {
		return nil, util.StatusWrap(err, "Failed to register predeclared platform queue")
	}

	// Frontend for clients.
	frontend := newServer()
	remoteexecution.RegisterCapabilitiesServer(
		frontend,
		capabilities.NewServer(
			capabilities.NewMergingProvider([]capabilities.Provider{
				contentAddressableStorage,
				actionCache,
				buildQueue,
			}),
		),
	)
	remoteexecution.RegisterContentAddressableStorageServer(
		frontend,
		grpcservers.NewContentAddressableStorageServer(contentAddressableStorage, repro.MaximumMessageSizeBytes),
	)
	bytestream.RegisterByteStreamServer(
		frontend,
		grpcservers.NewByteStreamServer(contentAddressableStorage, 1<<16),
	)
	remoteexecution.RegisterActionCacheServer(
		frontend,
		grpcservers.NewActionCacheServer(actionCache, repro.MaximumMessageSizeBytes),
	)
	remoteexecution.RegisterExecutionServer(frontend, buildQueue)
	frontendAddress, err := serve(group, frontend)
	if err != nil {
		return nil, err
	}

	// Worker endpoint of the scheduler.
	workerServer := newServer()
	remoteworker.RegisterOperationQueueServer(workerServer, buildQueue)
	workerServerAddress, err := serve(group, workerServer)
	if err != nil {
		return nil, err
	}
	schedulerConnection, err := grpc.NewClient(workerServerAddress, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, util.StatusWrap(err, "Failed to create scheduler RPC client")
	}
	group.Go(func(ctx context.Context, siblingsGroup, dependenciesGroup program.Group) error {
		<-ctx.Done()
		return schedulerConnection.Close()
	})

	// Worker, as bb_worker with a native build directory and a
	// single runner thread.
	worker, err := repro.NewNativeWorker(
		contentAddressableStorage,
		configuration.BuildDirectoryPath,
		configuration.CacheDirectoryPath,
		configuration.RunnerClient,
		"in-process",
		/* shareBuildDirectory = */ true,
	)
	if err != nil {
		return nil, err
	}
	group.Go(func(ctx context.Context, siblingsGroup, dependenciesGroup program.Group) error {
		<-ctx.Done()
		return worker.Close()
	})
	browserURL, err := url.Parse("http://localhost/")
	if err != nil {
		return nil, err
	}
	buildClient := builder.NewBuildClient(
		remoteworker.NewOperationQueueClient(schedulerConnection),
		builder.NewCachingBuildExecutor(
			worker.BuildExecutor,
			contentAddressableStorage,
			actionCache,
			browserURL,
		),
		re_filesystem.EmptyFilePool,
		clock.SystemClock,
		map[string]string{"worker": "in-process"},
		instanceNamePrefix,
		configuration.Platform,
		/* sizeClass = */ 0,
	)
	builder.LaunchWorkerThread(siblingsGroup, buildClient, "in-process")

	return &Cluster{
		Address:                   frontendAddress,
		ContentAddressableStorage: contentAddressableStorage,
	}, nil
}

// Start a Cluster in the background. The returned function stops it
// and waits for all of its routines to terminate.
func Start(configuration *Configuration) (*Cluster, func() error, error) {
	ctx, cancel := context.WithCancel(context.Background())
	launched := make(chan error, 1)
	terminated := make(chan error, 1)
	var cluster *Cluster
	go func() {
		terminated <- program.RunLocal(ctx, func(ctx context.Context, siblingsGroup, dependenciesGroup program.Group) error {
			var err error
			cluster, err = Launch(siblingsGroup, dependenciesGroup, configuration)
			launched <- err
			if err != nil {
				return err
			}
			<-ctx.Done()
			return nil
		})
	}()
	if err := <-launched; err != nil {
		cancel()
		<-terminated
		return nil, nil, err
	}
	return cluster, func() error {
		cancel()
		return <-terminated
	}, nil
}
