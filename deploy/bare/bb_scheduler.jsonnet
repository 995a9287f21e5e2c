// bb_scheduler: queues actions and hands them to bb_worker.
local common = import 'common.libsonnet';

{
  adminHttpServers: [{
    listenAddresses: [common.schedulerAdminAddress],
    authenticationPolicy: { allow: {} },
  }],
  clientGrpcServers: [{
    listenAddresses: [common.schedulerClientAddress],
    authenticationPolicy: { allow: {} },
  }],
  workerGrpcServers: [{
    listenAddresses: [common.schedulerWorkerAddress],
    authenticationPolicy: { allow: {} },
  }],
  browserUrl: common.browserUrl,
  contentAddressableStorage: common.grpcBackend(common.frontendAddress),
  maximumMessageSizeBytes: common.maximumMessageSizeBytes,
  global: common.global(2),
  executeAuthorizer: { allow: {} },
  modifyDrainsAuthorizer: { allow: {} },
  killOperationsAuthorizer: { allow: {} },
  actionRouter: {
    simple: {
      platformKeyExtractor: { action: {} },
      invocationKeyExtractors: [
        { correlatedInvocationsId: {} },
        { toolInvocationId: {} },
      ],
      initialSizeClassAnalyzer: {
        defaultExecutionTimeout: '1800s',
        maximumExecutionTimeout: '7200s',
      },
    },
  },
  // Declare the worker's platform queue up front, so that actions
  // submitted before bb_worker has connected are queued instead of
  // being rejected.
  predeclaredPlatformQueues: [{
    instanceNamePrefix: common.instanceName,
    platform: {},
    sizeClasses: [0],
  }],
  platformQueueWithNoWorkersTimeout: '900s',
} + (
  // Newer bb_scheduler also authorizes workers.
  if common.legacyConfiguration then {} else {
    synchronizeAuthorizer: { allow: {} },
  }
)
