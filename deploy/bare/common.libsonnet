// Settings shared by the configuration files of the bare deployment.
// deploy/bare/run.sh sets the environment variables that are read
// here; see docs/deploy/bare.md.
local deployDirectory = std.extVar('BB_DEPLOY_DIR');
local portBase = std.parseInt(std.extVar('BB_DEPLOY_PORT_BASE'));
local loopback(port) = '127.0.0.1:%d' % port;

{
  // Directory holding all state of the deployment.
  deployDirectory: deployDirectory,

  // Instance name under which the worker registers. Clients pass it
  // as --remote_instance_name (Bazel) or --instance-name
  // (bb_chroot_repro).
  instanceName: std.extVar('BB_DEPLOY_INSTANCE_NAME'),

  // Whether bb_worker creates character devices in dev/ of every
  // input root (inputRootCharacterDeviceNodes), as deployments with
  // upstream's bb_runner do. bb-chroot's bb_runner mounts a minimal
  // /dev instead, so this is off by default.
  workerDeviceNodes: std.extVar('BB_DEPLOY_WORKER_DEVICE_NODES') == 'true',

  // Addresses, all on loopback.
  frontendAddress: loopback(portBase),
  schedulerClientAddress: loopback(portBase + 2),
  schedulerWorkerAddress: loopback(portBase + 3),
  schedulerAdminAddress: loopback(portBase + 4),
  diagnosticsAddress(offset): loopback(portBase + 1000 + offset),

  // Where links in logs and in the scheduler's web UI point. run.sh
  // does not start bb_browser; run it there to follow them.
  browserUrl: 'http://%s/' % loopback(portBase + 5),

  // Paths shared by bb_worker and bb_runner. The runner must use the
  // worker's build directory, and the worker connects to the runner
  // over a UNIX socket.
  buildDirectoryPath: deployDirectory + '/worker/build',
  runnerSocketPath: deployDirectory + '/runner/runner.sock',

  maximumMessageSizeBytes: 16 * 1024 * 1024,

  // Whether the binaries predate bb-storage commit f62d21c (March
  // 2026), which moved the client configuration of the "grpc" storage
  // backend into a "client" field.
  legacyConfiguration: std.extVar('BB_DEPLOY_LEGACY_CONFIGURATION') == 'true',

  // Storage backend that forwards to bb_storage over gRPC.
  grpcBackend(address):
    if $.legacyConfiguration
    then { grpc: { address: address } }
    else { grpc: { client: { address: address } } },

  // Options that apply to all Buildbarn programs: a diagnostics web
  // server with Prometheus metrics and pprof.
  global(diagnosticsOffset): {
    diagnosticsHttpServer: {
      httpServers: [{
        listenAddresses: [$.diagnosticsAddress(diagnosticsOffset)],
        authenticationPolicy: { allow: {} },
      }],
      enablePrometheus: true,
      enablePprof: true,
      enableActiveSpans: true,
    },
  },

  // Storage backend of bb_storage, held in memory. Everything stored
  // is lost when bb_storage stops, which suits a deployment that
  // lives in a temporary directory. Every blob must fit in a block.
  inMemoryBackend(blockSizeBytes, blocks): {
    'local': {
      keyLocationMapInMemory: { entries: 64 * 1024 },
      keyLocationMapMaximumGetAttempts: 16,
      keyLocationMapMaximumPutAttempts: 64,
      oldBlocks: 1,
      currentBlocks: blocks - 2,
      newBlocks: 1,
      blocksInMemory: { blockSizeBytes: blockSizeBytes },
    },
  },
}
