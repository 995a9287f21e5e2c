// bb_runner configuration that runs every action chrooted into its
// input root, in its own mount, PID, IPC, UTS and network namespaces,
// with all special file systems available. File systems are only
// mounted where the input root contains the mountpoint directory, so
// clients choose what they need by sending empty proc/, sys/, dev/
// and tmp/ directories. See docs/configuration.md for clients that
// send no mountpoints.
//
// Usage:
//
//   BB_BUILD_DIRECTORY=/worker/build \
//   BB_RUNNER_SOCKET=/worker/runner \
//   bb_runner config/bb_runner_chroot.jsonnet
//
// bb_runner starts bb_sandbox_init as PID 1 of every action if it is
// installed next to bb_runner (build it with
// -ldflags=-E=main.reaperEntry), and executes itself otherwise, which
// is slower (see docs/design.md).
{
  buildDirectoryPath: std.extVar('BB_BUILD_DIRECTORY'),
  grpcServers: [{
    listenPaths: [std.extVar('BB_RUNNER_SOCKET')],
    authenticationPolicy: { allow: {} },
  }],
  chrootIntoInputRoot: true,
  // TMPDIR names the action's temporary directory, which is mounted
  // at /tmp below.
  setTmpdirEnvironmentVariable: true,
  inputRootMounts: [
    // A fresh procfs, only showing the action's processes.
    { mountpoint: 'proc', kind: 'PROC' },
    // sysfs, read-only.
    { mountpoint: 'sys', kind: 'SYSFS' },
    // A minimal /dev: null, zero, full, random, urandom, tty, and
    // the symbolic links fd, stdin, stdout, stderr, core and ptmx.
    { mountpoint: 'dev', kind: 'DEV' },
    // Pseudo-terminals, and shared memory for POSIX semaphores and
    // Python's multiprocessing. These are mounted on top of the
    // minimal /dev, so they must be listed after it.
    { mountpoint: 'dev/pts', kind: 'DEVPTS' },
    { mountpoint: 'dev/shm', kind: 'TMPFS', sizeBytes: 256 * 1024 * 1024 },
    // The temporary directory that bb_worker creates for the action,
    // which it empties after the action.
    { mountpoint: 'tmp', kind: 'TEMPORARY_DIRECTORY' },
  ],
  // Commands that run as root keep Docker's default capabilities
  // without CAP_MKNOD and CAP_NET_RAW, run with PR_SET_NO_NEW_PRIVS
  // in a nosuid input root, and under a seccomp filter that blocks the
  // keyrings, bpf, io_uring and user namespaces, among others. Builds
  // that run nested sandboxes need
  // 'seccomp: { allowUserNamespaces: true }' here. See
  // docs/configuration.md.
  chrootNamespaces: { ipc: true, uts: true, network: true },
}
