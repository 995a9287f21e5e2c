// bb_storage: the frontend that clients talk to. It stores the Content
// Addressable Storage and the Action Cache in memory, and forwards
// Execute() calls to bb_scheduler.
local common = import 'common.libsonnet';

{
  grpcServers: [{
    listenAddresses: [common.frontendAddress],
    authenticationPolicy: { allow: {} },
  }],
  // Forward Execute() calls for all instance names to bb_scheduler,
  // with their instance names unchanged. (A non-empty key would be
  // stripped from the instance name, unless addInstanceNamePrefix
  // puts it back.)
  schedulers: {
    '': {
      endpoint: { address: common.schedulerClientAddress },
    },
  },
  contentAddressableStorage: {
    backend: common.inMemoryBackend(64 * 1024 * 1024, 16),
    getAuthorizer: { allow: {} },
    putAuthorizer: { allow: {} },
    findMissingAuthorizer: { allow: {} },
  },
  actionCache: {
    backend: common.inMemoryBackend(4 * 1024 * 1024, 4),
    getAuthorizer: { allow: {} },
    putAuthorizer: { allow: {} },
  },
  executeAuthorizer: { allow: {} },
  maximumMessageSizeBytes: common.maximumMessageSizeBytes,
  global: common.global(0),
}
