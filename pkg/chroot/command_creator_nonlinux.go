//go:build !linux
// +build !linux

package chroot

import (
	"syscall"

	"github.com/buildbarn/bb-remote-execution/pkg/runner"
)

// NewChrootedCommandCreator returns upstream's CommandCreator, which
// runs commands through /usr/bin/env, as looking up argv[0] inside the
// input root requires openat2(), which is only available on Linux.
func NewChrootedCommandCreator(sysProcAttr *syscall.SysProcAttr) (runner.CommandCreator, error) {
	return runner.NewChrootedCommandCreator(sysProcAttr)
}
