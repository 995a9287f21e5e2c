// bb_worker with a native build directory: input files are hardlinked
// from a cache directory into the build directory, and commands are
// run by bb-chroot's bb_runner. docs/deploy/bare.md shows how to use a
// FUSE build directory instead.
local common = import 'common.libsonnet';

{
  blobstore: {
    contentAddressableStorage: common.grpcBackend(common.frontendAddress),
    actionCache: common.grpcBackend(common.frontendAddress),
  },
  browserUrl: common.browserUrl,
  maximumMessageSizeBytes: common.maximumMessageSizeBytes,
  scheduler: { address: common.schedulerWorkerAddress },
  global: common.global(6),
  buildDirectories: [{
    native: {
      buildDirectoryPath: common.buildDirectoryPath,
      cacheDirectoryPath: common.deployDirectory + '/worker/cache',
      maximumCacheFileCount: 10000,
      maximumCacheSizeBytes: 1024 * 1024 * 1024,
      cacheReplacementPolicy: 'LEAST_RECENTLY_USED',
    },
    runners: [{
      endpoint: { address: 'unix://' + common.runnerSocketPath },
      concurrency: 4,
      instanceNamePrefix: common.instanceName,
      platform: {},
      workerId: { host: 'localhost' },
      // Quota of the file pool, which holds the files that actions
      // write on a FUSE build directory, such as stdout and stderr.
      maximumFilePoolFileCount: 10000,
      maximumFilePoolSizeBytes: 1024 * 1024 * 1024,
      // Character devices that bb_worker creates in dev/ of every
      // input root. Deployments that rely on them instead of on
      // bb_runner's 'dev' mount list them here. They do not open on
      // a FUSE build directory, which is mounted nodev.
      inputRootCharacterDeviceNodes:
        if common.workerDeviceNodes
        then ['full', 'null', 'random', 'tty', 'urandom', 'zero']
        else [],
    }],
  }],
  // Storage for files that actions write on a FUSE build directory,
  // and for core dumps. A sparse file.
  filePool: {
    blockDevice: {
      file: {
        path: common.deployDirectory + '/worker/filepool',
        sizeBytes: 1024 * 1024 * 1024,
      },
    },
  },
  inputDownloadConcurrency: 10,
  outputUploadConcurrency: 11,
  directoryCache: {
    maximumCount: 1000,
    maximumSizeBytes: 1000 * 1024,
    cacheReplacementPolicy: 'LEAST_RECENTLY_USED',
  },
}
