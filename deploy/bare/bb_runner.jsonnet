// bb-chroot's bb_runner: config/bb_runner_chroot.jsonnet, which runs
// every action chrooted into its input root in its own namespaces,
// with the paths and global options of this deployment.
local common = import 'common.libsonnet';

(import '../../config/bb_runner_chroot.jsonnet') + {
  buildDirectoryPath: common.buildDirectoryPath,
  grpcServers: [{
    listenPaths: [common.runnerSocketPath],
    authenticationPolicy: { allow: {} },
  }],
  global: common.global(7),
}
