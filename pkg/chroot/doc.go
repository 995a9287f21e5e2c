// Package chroot provides a CommandCreator for bb_runner's
// chroot_into_input_root option that looks up argv[0] inside the input
// root. It is the same as the one in the patch series for
// bb-remote-execution's pkg/runner, for use with bb-remote-execution
// versions that lack it.
package chroot
