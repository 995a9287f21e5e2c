// Command bb_sandbox_init is the init process of the sandboxes in
// which bb_runner runs chrooted commands. bb_runner starts it as PID 1
// of every command's namespaces. It is a separate program with few
// dependencies, so that it starts quickly. Install it in the same
// directory as bb_runner, or set the path to it in bb_runner's
// configuration ('chroot_namespaces.init_executable_path').
package main

import (
	"os"

	"github.com/bb-chroot/bb-chroot/pkg/sandbox/initprocess"
)

func main() {
	os.Exit(initprocess.Main())
}
