package bare_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/bb-chroot/bb-chroot/pkg/proto/configuration/bb_runner"
	"github.com/bb-chroot/bb-chroot/pkg/sandbox"
	"github.com/buildbarn/bb-remote-execution/pkg/proto/configuration/bb_scheduler"
	"github.com/buildbarn/bb-remote-execution/pkg/proto/configuration/bb_worker"
	"github.com/buildbarn/bb-remote-execution/pkg/scheduler/routing"
	blobstore_configuration "github.com/buildbarn/bb-storage/pkg/blobstore/configuration"
	bb_grpc "github.com/buildbarn/bb-storage/pkg/grpc"
	"github.com/buildbarn/bb-storage/pkg/program"
	"github.com/buildbarn/bb-storage/pkg/proto/configuration/bb_storage"
	"github.com/buildbarn/bb-storage/pkg/util"
	"github.com/google/go-jsonnet"
	"github.com/stretchr/testify/require"
)

// setEnvironment sets the environment variables that run.sh passes to
// the programs of the bare deployment. The configuration is checked
// against the protobuf messages of the upstream versions that this
// module builds against, so it is generated in their (legacy) format.
func setEnvironment(t *testing.T, workerDeviceNodes string) {
	t.Setenv("BB_DEPLOY_DIR", "/tmp/bb-chroot-bare.test")
	t.Setenv("BB_DEPLOY_PORT_BASE", "8980")
	t.Setenv("BB_DEPLOY_INSTANCE_NAME", "")
	t.Setenv("BB_DEPLOY_WORKER_DEVICE_NODES", workerDeviceNodes)
	t.Setenv("BB_DEPLOY_LEGACY_CONFIGURATION", "true")
}

// evaluate evaluates a configuration file the way Buildbarn programs
// do, returning the resulting JSON object.
func evaluate(t *testing.T, path string) map[string]any {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	vm := jsonnet.MakeVM()
	for _, name := range []string{"BB_DEPLOY_DIR", "BB_DEPLOY_PORT_BASE", "BB_DEPLOY_INSTANCE_NAME", "BB_DEPLOY_WORKER_DEVICE_NODES", "BB_DEPLOY_LEGACY_CONFIGURATION"} {
		vm.ExtVar(name, os.Getenv(name))
	}
	output, err := vm.EvaluateAnonymousSnippet(path, string(data))
	require.NoError(t, err)
	var configuration map[string]any
	require.NoError(t, json.Unmarshal([]byte(output), &configuration))
	return configuration
}

func TestConfigurations(t *testing.T) {
	// The checks below parse the configuration files with the
	// protobuf messages of the programs that read them, and build
	// the parts of the programs that are built from them, so that
	// mistakes show up without the upstream binaries.

	t.Run("BBStorage", func(t *testing.T) {
		// bb_storage listens on the frontend port, forwards
		// execution to bb_scheduler, and can create its
		// in-memory storage.
		setEnvironment(t, "false")
		var configuration bb_storage.ApplicationConfiguration
		require.NoError(t, util.UnmarshalConfigurationFromFile("bb_storage.jsonnet", &configuration))
		require.Equal(t, []string{"127.0.0.1:8980"}, configuration.GrpcServers[0].ListenAddresses)
		require.Equal(t, "127.0.0.1:8982", configuration.Schedulers[""].Endpoint.Address)
		require.NoError(t, program.RunLocal(context.Background(), func(ctx context.Context, siblingsGroup, dependenciesGroup program.Group) error {
			grpcClientFactory := bb_grpc.NewBaseClientFactory(bb_grpc.BaseClientDialer, nil, nil)
			contentAddressableStorage, err := blobstore_configuration.NewBlobAccessFromConfiguration(
				dependenciesGroup,
				configuration.ContentAddressableStorage.Backend,
				blobstore_configuration.NewCASBlobAccessCreator(grpcClientFactory, int(configuration.MaximumMessageSizeBytes)),
			)
			if err != nil {
				return err
			}
			_, err = blobstore_configuration.NewBlobAccessFromConfiguration(
				dependenciesGroup,
				configuration.ActionCache.Backend,
				blobstore_configuration.NewACBlobAccessCreator(&contentAddressableStorage, grpcClientFactory, int(configuration.MaximumMessageSizeBytes)),
			)
			return err
		}))
	})

	t.Run("BBScheduler", func(t *testing.T) {
		// bb_scheduler's action router can be created, and the
		// worker's platform queue is declared.
		setEnvironment(t, "false")
		var configuration bb_scheduler.ApplicationConfiguration
		require.NoError(t, util.UnmarshalConfigurationFromFile("bb_scheduler.jsonnet", &configuration))
		require.Equal(t, []string{"127.0.0.1:8982"}, configuration.ClientGrpcServers[0].ListenAddresses)
		require.Equal(t, []string{"127.0.0.1:8983"}, configuration.WorkerGrpcServers[0].ListenAddresses)
		require.Equal(t, "127.0.0.1:8980", configuration.ContentAddressableStorage.GetGrpc().Address)
		_, err := routing.NewActionRouterFromConfiguration(configuration.ActionRouter, nil, int(configuration.MaximumMessageSizeBytes), nil)
		require.NoError(t, err)
		require.Len(t, configuration.PredeclaredPlatformQueues, 1)
	})

	t.Run("BBWorker", func(t *testing.T) {
		// bb_worker uses a native build directory and reaches
		// bb_runner over its UNIX socket. It creates no device
		// nodes unless asked to.
		setEnvironment(t, "false")
		var configuration bb_worker.ApplicationConfiguration
		require.NoError(t, util.UnmarshalConfigurationFromFile("bb_worker.jsonnet", &configuration))
		require.Equal(t, "127.0.0.1:8983", configuration.Scheduler.Address)
		require.Len(t, configuration.BuildDirectories, 1)
		buildDirectory := configuration.BuildDirectories[0]
		require.Equal(t, "/tmp/bb-chroot-bare.test/worker/build", buildDirectory.GetNative().BuildDirectoryPath)
		require.Len(t, buildDirectory.Runners, 1)
		require.Equal(t, "unix:///tmp/bb-chroot-bare.test/runner/runner.sock", buildDirectory.Runners[0].Endpoint.Address)
		require.Empty(t, buildDirectory.Runners[0].InputRootCharacterDeviceNodes)

		setEnvironment(t, "true")
		require.NoError(t, util.UnmarshalConfigurationFromFile("bb_worker.jsonnet", &configuration))
		require.Equal(t, []string{"full", "null", "random", "tty", "urandom", "zero"}, configuration.BuildDirectories[0].Runners[0].InputRootCharacterDeviceNodes)
	})

	t.Run("CurrentFormat", func(t *testing.T) {
		// Without BB_DEPLOY_LEGACY_CONFIGURATION, the "grpc"
		// storage backend has its client configuration in a
		// "client" field, and bb_scheduler gets a synchronize
		// authorizer, as upstream binaries from March 2026 on
		// require. Those binaries are not available here, so only
		// the structure is checked.
		setEnvironment(t, "false")
		t.Setenv("BB_DEPLOY_LEGACY_CONFIGURATION", "false")
		scheduler := evaluate(t, "bb_scheduler.jsonnet")
		require.Equal(t, map[string]any{"grpc": map[string]any{"client": map[string]any{"address": "127.0.0.1:8980"}}}, scheduler["contentAddressableStorage"])
		require.Equal(t, map[string]any{"allow": map[string]any{}}, scheduler["synchronizeAuthorizer"])
		worker := evaluate(t, "bb_worker.jsonnet")
		require.Equal(t, map[string]any{"grpc": map[string]any{"client": map[string]any{"address": "127.0.0.1:8980"}}}, worker["blobstore"].(map[string]any)["actionCache"])

		setEnvironment(t, "false")
		require.NotContains(t, evaluate(t, "bb_scheduler.jsonnet"), "synchronizeAuthorizer")
	})

	t.Run("BBRunner", func(t *testing.T) {
		// bb-chroot's bb_runner shares the worker's build
		// directory, and its mounts are accepted by the sandbox.
		setEnvironment(t, "false")
		var configuration bb_runner.ApplicationConfiguration
		require.NoError(t, util.UnmarshalConfigurationFromFile("bb_runner.jsonnet", &configuration))
		require.Equal(t, "/tmp/bb-chroot-bare.test/worker/build", configuration.BuildDirectoryPath)
		require.Equal(t, []string{"/tmp/bb-chroot-bare.test/runner/runner.sock"}, configuration.GrpcServers[0].ListenPaths)
		require.True(t, configuration.ChrootIntoInputRoot)
		_, err := sandbox.NewConfigurationFromProto(configuration.InputRootMounts, configuration.ChrootNamespaces)
		require.NoError(t, err)
	})
}
