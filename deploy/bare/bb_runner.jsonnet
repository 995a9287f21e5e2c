// bb-chroot's bb_runner: runs every action chrooted into its input
// root, in its own mount and PID namespace, with the file systems
// below mounted where the input root has a directory for them.
local common = import 'common.libsonnet';

{
  buildDirectoryPath: common.buildDirectoryPath,
  grpcServers: [{
    listenPaths: [common.runnerSocketPath],
    authenticationPolicy: { allow: {} },
  }],
  chrootIntoInputRoot: true,
  inputRootMounts: [
    { mountpoint: 'proc', filesystemType: 'proc' },
    { mountpoint: 'sys', filesystemType: 'sysfs' },
    { mountpoint: 'dev', filesystemType: 'dev' },
    { mountpoint: 'dev/pts', filesystemType: 'devpts' },
    { mountpoint: 'dev/shm', filesystemType: 'tmpfs', sizeBytes: 64 * 1024 * 1024 },
  ],
  global: common.global(7),
}
