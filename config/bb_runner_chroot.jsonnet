// bb_runner configuration that runs every action chrooted into its
// input root, in its own mount, PID, IPC, UTS and network namespaces,
// with all special file systems available. File systems are only
// mounted where the input root contains the mountpoint directory, so
// clients choose what they need by sending empty proc/, sys/ and dev/
// directories.
//
// Usage:
//
//   BB_BUILD_DIRECTORY=/worker/build \
//   BB_RUNNER_SOCKET=/worker/runner \
//   bb_runner config/bb_runner_chroot.jsonnet
{
  buildDirectoryPath: std.extVar('BB_BUILD_DIRECTORY'),
  grpcServers: [{
    listenPaths: [std.extVar('BB_RUNNER_SOCKET')],
    authenticationPolicy: { allow: {} },
  }],
  chrootIntoInputRoot: true,
  inputRootMounts: [
    // A fresh procfs, only showing the action's processes.
    { mountpoint: 'proc', filesystemType: 'proc' },
    // sysfs, read-only.
    { mountpoint: 'sys', filesystemType: 'sysfs' },
    // A minimal /dev: null, zero, full, random, urandom, tty, and
    // the symbolic links fd, stdin, stdout, stderr, core and ptmx.
    { mountpoint: 'dev', filesystemType: 'dev' },
    // Pseudo-terminals, and shared memory for POSIX semaphores and
    // Python's multiprocessing. These are mounted on top of the
    // minimal /dev, so they must be listed after it.
    { mountpoint: 'dev/pts', filesystemType: 'devpts' },
    { mountpoint: 'dev/shm', filesystemType: 'tmpfs', sizeBytes: 256 * 1024 * 1024 },
  ],
  chrootNamespaces: { ipc: true, uts: true, network: true },
}
