// Command bb_sandbox_init is the init process of the sandboxes in
// which bb_runner runs chrooted commands. bb_runner starts it as PID 1
// of every command's namespaces. It is a separate program with few
// dependencies, so that it starts quickly. Install it in the same
// directory as bb_runner, or set the path to it in bb_runner's
// configuration ('chroot_namespaces.init_executable_path').
//
// When bb_runner sets up sandboxes itself (Linux 6.15 and later), this
// program only acts as the reaper of the sandbox. Link it with
// "-ldflags=-E=main.reaperEntry" (amd64 and arm64), so that it does so
// without starting the Go runtime, which costs more than setting up
// the sandbox.
package main

import (
	"os"

	"github.com/bb-chroot/bb-chroot/pkg/sandbox/initprocess"
)

func main() {
	os.Exit(initprocess.Main())
}
