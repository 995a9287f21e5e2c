package repro_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	remoteexecution "github.com/bazelbuild/remote-apis/build/bazel/remote/execution/v2"
	"github.com/bb-chroot/bb-chroot/internal/mock"
	"github.com/bb-chroot/bb-chroot/internal/runnertest"
	"github.com/bb-chroot/bb-chroot/pkg/repro"
	"github.com/bb-chroot/bb-chroot/pkg/repro/cluster"
	"github.com/buildbarn/bb-storage/pkg/blobstore"
	"github.com/buildbarn/bb-storage/pkg/blobstore/buffer"
	"github.com/buildbarn/bb-storage/pkg/blobstore/grpcservers"
	"github.com/buildbarn/bb-storage/pkg/capabilities"
	"github.com/buildbarn/bb-storage/pkg/digest"
	"github.com/buildbarn/bb-storage/pkg/testutil"
	"github.com/stretchr/testify/require"

	"google.golang.org/genproto/googleapis/bytestream"
	"google.golang.org/genproto/googleapis/longrunning"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/anypb"

	"go.uber.org/mock/gomock"
)

func TestNewRemoteClientConfiguration(t *testing.T) {
	t.Run("Valid", func(t *testing.T) {
		// The three forms of addresses that are accepted.
		configuration, err := repro.NewRemoteClientConfiguration("grpc://localhost:8980")
		require.NoError(t, err)
		require.Equal(t, "localhost:8980", configuration.Address)
		require.Nil(t, configuration.Tls)

		configuration, err = repro.NewRemoteClientConfiguration("grpcs://buildbarn.example.com:443")
		require.NoError(t, err)
		require.Equal(t, "buildbarn.example.com:443", configuration.Address)
		require.NotNil(t, configuration.Tls)

		configuration, err = repro.NewRemoteClientConfiguration("unix:///run/frontend.sock")
		require.NoError(t, err)
		require.Equal(t, "unix:///run/frontend.sock", configuration.Address)
	})

	t.Run("Invalid", func(t *testing.T) {
		// Anything else is rejected with the expected form.
		for remote, message := range map[string]string{
			"localhost:8980":          "Invalid remote \"localhost:8980\": expected grpc://HOST:PORT, grpcs://HOST:PORT or unix:///PATH",
			"http://localhost:8980":   "Invalid remote \"http://localhost:8980\": expected grpc://HOST:PORT, grpcs://HOST:PORT or unix:///PATH",
			"grpc://localhost":        "Invalid remote \"grpc://localhost\": expected grpc://HOST:PORT",
			"grpc://localhost:1/path": "Invalid remote \"grpc://localhost:1/path\": expected grpc://HOST:PORT",
			"unix://host/path":        "Invalid remote \"unix://host/path\": expected unix:///PATH",
		} {
			_, err := repro.NewRemoteClientConfiguration(remote)
			testutil.RequireEqualStatus(t, status.Error(codes.InvalidArgument, message), err)
		}
	})
}

func TestExecute(t *testing.T) {
	ctrl, ctx := gomock.WithContext(context.Background(), t)
	actionDigest := digest.MustNewDigest("example", remoteexecution.DigestFunction_SHA256, "aca0a9d47bf384839d6d89a4939f13f4f1a1bbb08ebcad700996990a765641f2", 147)
	expectRequest := func(client *mock.MockExecutionClient, stream *mock.MockExecution_ExecuteClient) {
		client.EXPECT().Execute(gomock.Any(), gomock.Any()).DoAndReturn(
			func(ctx context.Context, request *remoteexecution.ExecuteRequest, opts ...grpc.CallOption) (remoteexecution.Execution_ExecuteClient, error) {
				require.Equal(t, "example", request.InstanceName)
				require.Equal(t, actionDigest.GetProto(), request.ActionDigest)
				require.True(t, request.SkipCacheLookup)
				require.Equal(t, remoteexecution.DigestFunction_SHA256, request.DigestFunction)
				return stream, nil
			},
		)
	}

	t.Run("CallFailure", func(t *testing.T) {
		// Errors of the Execute() call itself are returned.
		client := mock.NewMockExecutionClient(ctrl)
		client.EXPECT().Execute(gomock.Any(), gomock.Any()).Return(nil, status.Error(codes.PermissionDenied, "Not authorized"))
		_, err := repro.Execute(ctx, client, actionDigest, nil)
		testutil.RequireEqualStatus(t, status.Error(codes.PermissionDenied, "Not authorized"), err)
	})

	t.Run("StreamFailure", func(t *testing.T) {
		// Errors while waiting are returned.
		client := mock.NewMockExecutionClient(ctrl)
		stream := mock.NewMockExecution_ExecuteClient(ctrl)
		expectRequest(client, stream)
		stream.EXPECT().Recv().Return(&longrunning.Operation{Name: "op"}, nil)
		stream.EXPECT().Recv().Return(nil, status.Error(codes.FailedPrecondition, "No workers exist for instance name prefix \"example\""))
		_, err := repro.Execute(ctx, client, actionDigest, nil)
		testutil.RequireEqualStatus(t, status.Error(codes.FailedPrecondition, "No workers exist for instance name prefix \"example\""), err)
	})

	t.Run("OperationError", func(t *testing.T) {
		// An operation that completes with an error is an error.
		client := mock.NewMockExecutionClient(ctrl)
		stream := mock.NewMockExecution_ExecuteClient(ctrl)
		expectRequest(client, stream)
		stream.EXPECT().Recv().Return(&longrunning.Operation{
			Name: "op",
			Done: true,
			Result: &longrunning.Operation_Error{
				Error: status.New(codes.Internal, "Scheduler crashed").Proto(),
			},
		}, nil)
		_, err := repro.Execute(ctx, client, actionDigest, nil)
		testutil.RequireEqualStatus(t, status.Error(codes.Internal, "Operation \"op\" failed: Scheduler crashed"), err)
	})

	t.Run("NoResponse", func(t *testing.T) {
		// An operation that completes without a response is an
		// error.
		client := mock.NewMockExecutionClient(ctrl)
		stream := mock.NewMockExecution_ExecuteClient(ctrl)
		expectRequest(client, stream)
		stream.EXPECT().Recv().Return(&longrunning.Operation{Name: "op", Done: true}, nil)
		_, err := repro.Execute(ctx, client, actionDigest, nil)
		testutil.RequireEqualStatus(t, status.Error(codes.Internal, "Operation \"op\" completed without a response"), err)
	})

	t.Run("Stages", func(t *testing.T) {
		// Changes of the stage of the operation are reported once
		// each.
		client := mock.NewMockExecutionClient(ctrl)
		stream := mock.NewMockExecution_ExecuteClient(ctrl)
		expectRequest(client, stream)
		newOperation := func(stage remoteexecution.ExecutionStage_Value, done bool) *longrunning.Operation {
			metadata, err := anypb.New(&remoteexecution.ExecuteOperationMetadata{Stage: stage})
			require.NoError(t, err)
			operation := &longrunning.Operation{Name: "op", Metadata: metadata, Done: done}
			if done {
				response, err := anypb.New(&remoteexecution.ExecuteResponse{})
				require.NoError(t, err)
				operation.Result = &longrunning.Operation_Response{Response: response}
			}
			return operation
		}
		stream.EXPECT().Recv().Return(newOperation(remoteexecution.ExecutionStage_QUEUED, false), nil)
		stream.EXPECT().Recv().Return(newOperation(remoteexecution.ExecutionStage_QUEUED, false), nil)
		stream.EXPECT().Recv().Return(newOperation(remoteexecution.ExecutionStage_EXECUTING, false), nil)
		stream.EXPECT().Recv().Return(newOperation(remoteexecution.ExecutionStage_COMPLETED, true), nil)
		var stages []string
		_, err := repro.Execute(ctx, client, actionDigest, func(operationName string, stage remoteexecution.ExecutionStage_Value) {
			require.Equal(t, "op", operationName)
			stages = append(stages, stage.String())
		})
		require.NoError(t, err)
		require.Equal(t, []string{"QUEUED", "EXECUTING", "COMPLETED"}, stages)
	})

	t.Run("ResponseWithErrorStatus", func(t *testing.T) {
		// An ExecuteResponse with an error status describes the
		// outcome of the action, so it is returned, not turned
		// into an error.
		client := mock.NewMockExecutionClient(ctrl)
		stream := mock.NewMockExecution_ExecuteClient(ctrl)
		expectRequest(client, stream)
		response, err := anypb.New(&remoteexecution.ExecuteResponse{
			Status: status.New(codes.InvalidArgument, "Failed to run command").Proto(),
		})
		require.NoError(t, err)
		stream.EXPECT().Recv().Return(&longrunning.Operation{
			Name:   "op",
			Done:   true,
			Result: &longrunning.Operation_Response{Response: response},
		}, nil)
		executeResponse, err := repro.Execute(ctx, client, actionDigest, nil)
		require.NoError(t, err)
		require.Equal(t, "Failed to run command", executeResponse.Status.Message)
	})
}

// startCluster starts a Buildbarn deployment in this process whose
// worker uses a runner on a UNIX socket. If nothing listens on the
// socket, the worker never becomes ready and actions stay queued.
func startCluster(t *testing.T, buildDirectoryPath, runnerSocketPath string) *cluster.Cluster {
	runnerClient, runnerConnection, err := repro.NewRunnerClient(runnerSocketPath)
	require.NoError(t, err)
	t.Cleanup(func() { runnerConnection.Close() })
	cacheDirectoryPath := filepath.Join(filepath.Dir(buildDirectoryPath), "cache")
	require.NoError(t, os.MkdirAll(cacheDirectoryPath, 0o755))
	c, stop, err := cluster.Start(&cluster.Configuration{
		BuildDirectoryPath: buildDirectoryPath,
		CacheDirectoryPath: cacheDirectoryPath,
		RunnerClient:       runnerClient,
	})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, stop()) })
	return c
}

func newBuildDirectory(t *testing.T) string {
	buildDirectoryPath := filepath.Join(t.TempDir(), "build")
	require.NoError(t, os.Mkdir(buildDirectoryPath, 0o755))
	return buildDirectoryPath
}

// putFailingBlobAccess is a Content Addressable Storage that is full.
type putFailingBlobAccess struct {
	blobstore.BlobAccess
}

func (putFailingBlobAccess) Put(ctx context.Context, d digest.Digest, b buffer.Buffer) error {
	b.Discard()
	return status.Error(codes.ResourceExhausted, "Storage is full")
}

func TestRunRemote(t *testing.T) {
	ctx := context.Background()
	introspection := runnertest.BuildBinary(t, "cmd/introspection")
	newOptions := func(t *testing.T, address string) *repro.Options {
		return &repro.Options{
			IntrospectionPath:   introspection,
			WorkDirectoryParent: t.TempDir(),
			Remote:              "grpc://" + address,
		}
	}

	t.Run("BBChrootRunner", func(t *testing.T) {
		// A deployment whose worker uses bb-chroot's bb_runner
		// lists /proc/self, without /usr/bin/env in the input
		// root.
		runnertest.RequireRoot(t)
		buildDirectoryPath := newBuildDirectory(t)
		runnerDirectory := t.TempDir()
		configurationPath := filepath.Join(runnerDirectory, "bb_runner.jsonnet")
		socketPath := filepath.Join(runnerDirectory, "runner.sock")
		require.NoError(t, repro.WriteRunnerConfiguration(configurationPath, buildDirectoryPath, socketPath))
		runner, err := repro.StartRunnerProcess(runnertest.BuildBinary(t, "cmd/bb_runner"), configurationPath, socketPath, filepath.Join(runnerDirectory, "bb_runner.log"), 30*time.Second)
		require.NoError(t, err)
		defer runner.Stop()
		c := startCluster(t, buildDirectoryPath, socketPath)

		options := newOptions(t, c.Address)
		report, err := repro.RunRemote(ctx, options)
		require.NoError(t, err)
		require.Equal(t, "remote", report.Mode)
		require.Equal(t, "grpc://"+c.Address, report.Endpoint)
		require.Len(t, report.Results, 1)
		result := report.Results[0]
		require.Nil(t, result.Error)
		require.Equal(t, int32(0), result.ExitCode)
		require.Empty(t, repro.GetMissingProcSelfEntries(result.Stdout))
		require.Contains(t, result.Worker, "in-process")
		require.NotZero(t, result.RunTime)
		require.True(t, report.Success, report.Verdict)
		requireEmptyDirectory(t, options.WorkDirectoryParent)

		// Running it again executes it again, as the action is
		// not cacheable.
		report, err = repro.RunRemote(ctx, options)
		require.NoError(t, err)
		require.True(t, report.Success, report.Verdict)
	})

	t.Run("UpstreamRunner", func(t *testing.T) {
		// A deployment whose worker uses upstream's chrooting
		// runner fails the action: it needs /usr/bin/env, and
		// with it the action finds no /proc.
		runnertest.RequireRoot(t)
		buildDirectoryPath := newBuildDirectory(t)
		socketPath := filepath.Join(t.TempDir(), "runner.sock")
		runner, err := repro.StartUpstreamRunner(buildDirectoryPath, socketPath, true)
		require.NoError(t, err)
		defer runner.Stop()
		c := startCluster(t, buildDirectoryPath, socketPath)

		report, err := repro.RunRemote(ctx, newOptions(t, c.Address))
		require.NoError(t, err)
		require.False(t, report.Success)
		result := report.Results[0]
		require.NotNil(t, result.Error)
		require.Equal(t, "InvalidArgument", result.Error.Code)
		require.Contains(t, result.Error.Message, "fork/exec /usr/bin/env: no such file or directory")
		require.Contains(t, report.Verdict, "remote failed to run the action")

		if !haveBusybox() {
			return
		}
		options := newOptions(t, c.Address)
		options.AddEnv = true
		report, err = repro.RunRemote(ctx, options)
		require.NoError(t, err)
		require.False(t, report.Success)
		result = report.Results[0]
		require.Nil(t, result.Error)
		require.Equal(t, int32(1), result.ExitCode)
		require.Equal(t, "open /proc/self: no such file or directory\n", result.Stderr)
	})

	t.Run("RunnerFailsCommand", func(t *testing.T) {
		// A worker whose runner cannot start the command returns
		// an ExecuteResponse with an error status, which the
		// report shows. Upstream's runner without chroot looks up
		// "introspection" in /bin of the host, which does not
		// have it.
		buildDirectoryPath := newBuildDirectory(t)
		socketPath := filepath.Join(t.TempDir(), "runner.sock")
		runner, err := repro.StartUpstreamRunner(buildDirectoryPath, socketPath, false)
		require.NoError(t, err)
		defer runner.Stop()
		c := startCluster(t, buildDirectoryPath, socketPath)

		report, err := repro.RunRemote(ctx, newOptions(t, c.Address))
		require.NoError(t, err)
		require.False(t, report.Success)
		result := report.Results[0]
		require.NotNil(t, result.Error)
		require.Equal(t, "InvalidArgument", result.Error.Code)
		require.Equal(t, "Failed to run command: Cannot find executable \"introspection\" in search paths \"/bin\"", result.Error.Message)
		require.Equal(t, "remote failed to run the action: Failed to run command: Cannot find executable \"introspection\" in search paths \"/bin\"", report.Verdict)
	})

	t.Run("WaitTimeout", func(t *testing.T) {
		// A worker that cannot reach its runner never becomes
		// ready, so the action stays queued. The reproduction
		// gives up after the wait timeout, and says why.
		c := startCluster(t, newBuildDirectory(t), filepath.Join(t.TempDir(), "nonexistent.sock"))
		options := newOptions(t, c.Address)
		options.RemoteWaitTimeout = 2 * time.Second
		var progress strings.Builder
		options.Progress = &progress
		_, err := repro.RunRemote(ctx, options)
		require.Equal(t, codes.DeadlineExceeded, status.Code(err))
		require.Contains(t, err.Error(), "No result within 2s, which --wait-timeout sets")
		require.Contains(t, err.Error(), "Operation was in stage QUEUED")
		require.Contains(t, progress.String(), " is QUEUED\n")
	})

	t.Run("NoMatchingWorkers", func(t *testing.T) {
		// Executing an action whose platform no worker has fails
		// with the scheduler's explanation.
		c := startCluster(t, newBuildDirectory(t), filepath.Join(t.TempDir(), "nonexistent.sock"))
		options := newOptions(t, c.Address)
		options.InstanceName = "some/instance"
		options.PlatformProperties = map[string]string{"OSFamily": "windows"}
		_, err := repro.RunRemote(ctx, options)
		require.Equal(t, codes.FailedPrecondition, status.Code(err))
		require.Contains(t, err.Error(), "Failed to execute action")
		require.Contains(t, err.Error(), "No workers exist for instance name prefix \"some/instance\" platform {\"properties\":[{\"name\":\"OSFamily\",\"value\":\"windows\"}]}")
		requireEmptyDirectory(t, options.WorkDirectoryParent)
	})

	t.Run("ConnectionRefused", func(t *testing.T) {
		// Nothing listening at the address.
		listener, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		address := listener.Addr().String()
		listener.Close()
		_, err = repro.RunRemote(ctx, newOptions(t, address))
		require.Equal(t, codes.Unavailable, status.Code(err))
		require.Contains(t, err.Error(), "Failed to obtain capabilities of instance name \"\" from \"grpc://"+address+"\"")
	})

	t.Run("ExecutionDisabled", func(t *testing.T) {
		// A storage-only frontend does not offer execution.
		server := grpc.NewServer()
		remoteexecution.RegisterCapabilitiesServer(server, capabilities.NewServer(capabilities.NewStaticProvider(&remoteexecution.ServerCapabilities{
			CacheCapabilities: &remoteexecution.CacheCapabilities{
				DigestFunctions: []remoteexecution.DigestFunction_Value{remoteexecution.DigestFunction_SHA256},
			},
		})))
		address := serveOnLoopback(t, server)
		_, err := repro.RunRemote(ctx, newOptions(t, address))
		testutil.RequireEqualStatus(t, status.Errorf(codes.FailedPrecondition, "\"grpc://%s\" does not offer remote execution for instance name \"\"", address), err)
	})

	t.Run("UploadFailure", func(t *testing.T) {
		// A CAS that rejects writes makes the upload fail, naming
		// the blob that could not be stored.
		c := startCluster(t, newBuildDirectory(t), filepath.Join(t.TempDir(), "nonexistent.sock"))
		contentAddressableStorage := putFailingBlobAccess{BlobAccess: c.ContentAddressableStorage}
		server := grpc.NewServer()
		remoteexecution.RegisterCapabilitiesServer(server, capabilities.NewServer(capabilities.NewStaticProvider(&remoteexecution.ServerCapabilities{
			ExecutionCapabilities: &remoteexecution.ExecutionCapabilities{
				DigestFunction: remoteexecution.DigestFunction_SHA256,
				ExecEnabled:    true,
			},
		})))
		remoteexecution.RegisterContentAddressableStorageServer(server, grpcservers.NewContentAddressableStorageServer(contentAddressableStorage, 1<<20))
		bytestream.RegisterByteStreamServer(server, grpcservers.NewByteStreamServer(contentAddressableStorage, 1<<16))
		address := serveOnLoopback(t, server)

		_, err := repro.RunRemote(ctx, newOptions(t, address))
		require.Equal(t, codes.ResourceExhausted, status.Code(err))
		require.Contains(t, err.Error(), "Failed to upload the action to \"grpc://"+address+"\": Failed to upload")
		require.Contains(t, err.Error(), "Storage is full")
	})

	t.Run("InvalidRemote", func(t *testing.T) {
		// The address is checked before anything is done.
		options := newOptions(t, "")
		options.Remote = "localhost:8980"
		_, err := repro.RunRemote(ctx, options)
		require.Equal(t, codes.InvalidArgument, status.Code(err))
		requireEmptyDirectory(t, options.WorkDirectoryParent)
	})
}

func serveOnLoopback(t *testing.T, server *grpc.Server) string {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go server.Serve(listener)
	t.Cleanup(server.Stop)
	return listener.Addr().String()
}
