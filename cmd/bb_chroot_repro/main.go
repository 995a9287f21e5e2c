// Command bb_chroot_repro reproduces the problems of running chrooted
// actions with upstream Buildbarn, and shows that bb-chroot's
// bb_runner fixes them.
//
// Run as root from a checkout of this repository, it builds a static
// tool that lists /proc/self, executes it in an input root without
// /usr/bin/env through upstream's worker code, once against upstream's
// chrooting runner and once against bb-chroot's bb_runner, and prints
// the results side by side. With --remote it executes the same action
// on a Buildbarn deployment instead. It exits with status 0 only if
// bb-chroot's bb_runner (or the remote deployment) ran the action
// correctly, 1 if it did not, and 2 if the reproduction could not run.
//
// Usage:
//
//	bb_chroot_repro [flags]
//	bb_chroot_repro [flags] --input-root DIR -- COMMAND [ARGUMENT...]
//	bb_chroot_repro [flags] --remote grpc://HOST:PORT [--instance-name NAME]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/bb-chroot/bb-chroot/pkg/repro"
)

// keyValueFlag is a repeatable flag of the form NAME=VALUE.
type keyValueFlag map[string]string

func (f keyValueFlag) String() string {
	var pairs []string
	for name, value := range f {
		pairs = append(pairs, name+"="+value)
	}
	return strings.Join(pairs, ",")
}

func (f keyValueFlag) Set(s string) error {
	name, value, ok := strings.Cut(s, "=")
	if !ok || name == "" {
		return fmt.Errorf("expected NAME=VALUE, got %#v", s)
	}
	f[name] = value
	return nil
}

func main() {
	environmentVariables := keyValueFlag{}
	platformProperties := keyValueFlag{}
	var options repro.Options
	var outputJSON bool
	flags := flag.NewFlagSet("bb_chroot_repro", flag.ContinueOnError)
	flags.Usage = func() {
		fmt.Fprintf(flags.Output(), `Usage:
  bb_chroot_repro [flags]
  bb_chroot_repro [flags] --input-root DIR -- COMMAND [ARGUMENT...]
  bb_chroot_repro [flags] --remote grpc://HOST:PORT [--instance-name NAME]

Without --remote, runs as root on this machine: executes an action that
lists /proc/self in an input root without /usr/bin/env through upstream
Buildbarn's worker code, against upstream's chrooting runner and against
bb-chroot's bb_runner, and reports the results side by side.

Exit status: 0 if bb-chroot's bb_runner (or the remote deployment) ran
the action correctly, 1 if it did not, 2 if the reproduction failed.

Flags:
`)
		flags.PrintDefaults()
	}
	flags.BoolVar(&options.Keep, "keep", false, "Keep the work directory with the input roots, build directories and runner logs")
	flags.BoolVar(&outputJSON, "json", false, "Print the report as JSON")
	flags.StringVar(&options.InputRootPath, "input-root", "", "Run the command given after -- in this directory as input root, instead of the introspection tool")
	flags.Var(environmentVariables, "env", "Set an environment variable of the command, as NAME=VALUE (repeatable)")
	flags.StringVar(&options.WorkingDirectory, "working-directory", "", "Working directory of the command, relative to the input root")
	flags.Var(platformProperties, "platform", "Add a platform property to the action, as NAME=VALUE (repeatable)")
	flags.DurationVar(&options.Timeout, "timeout", time.Minute, "Execution timeout of the action")
	flags.StringVar(&options.SourceDirectory, "source", "", "Checkout of bb-chroot to build the introspection tool and bb_runner from (default: the one containing the working directory)")
	flags.StringVar(&options.RunnerPath, "runner", "", "Prebuilt bb_runner of bb-chroot to use, instead of building ./cmd/bb_runner")
	flags.StringVar(&options.IntrospectionPath, "introspection", "", "Prebuilt static introspection tool to use, instead of building ./cmd/introspection")
	flags.StringVar(&options.BusyboxPath, "busybox", "", "Statically linked busybox, copied into the input root as usr/bin/env to show what upstream's runner does with it (default: "+repro.DefaultBusyboxPath+", if it is static)")
	flags.StringVar(&options.WorkDirectoryParent, "tmpdir", "", "Directory in which to create the work directory (default: the system's temporary directory)")
	flags.StringVar(&options.Remote, "remote", "", "Execute on a Buildbarn deployment: grpc://HOST:PORT, grpcs://HOST:PORT or unix:///PATH")
	flags.StringVar(&options.InstanceName, "instance-name", "", "Instance name to use with --remote")
	flags.DurationVar(&options.RemoteWaitTimeout, "wait-timeout", 10*time.Minute, "With --remote, how long to wait for the result, including the time the action is queued")
	flags.BoolVar(&options.AddEnv, "add-env", false, "With --remote, add busybox as usr/bin/env to the input root, as upstream's runner needs")
	if err := flags.Parse(os.Args[1:]); err != nil {
		if err == flag.ErrHelp {
			os.Exit(0)
		}
		os.Exit(2)
	}
	options.Arguments = flags.Args()
	options.EnvironmentVariables = environmentVariables
	options.PlatformProperties = platformProperties
	options.Progress = os.Stderr

	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	var report *repro.Report
	var err error
	if options.Remote != "" {
		report, err = repro.RunRemote(ctx, &options)
	} else {
		report, err = repro.RunLocal(ctx, &options)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "bb_chroot_repro: %s\n", err)
		os.Exit(2)
	}

	fmt.Fprintln(os.Stderr)
	if outputJSON {
		if err := report.WriteJSON(os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "bb_chroot_repro: Failed to write report: %s\n", err)
			os.Exit(2)
		}
	} else {
		report.WriteText(os.Stdout)
	}
	if !report.Success {
		os.Exit(1)
	}
}
