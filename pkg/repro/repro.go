// Package repro reproduces the problems of running actions chrooted
// into their input root with upstream Buildbarn, and shows that
// bb-chroot's bb_runner fixes them.
//
// The reproduction builds a small static tool that lists /proc/self,
// puts it into an input root that also contains the empty directories
// proc/, sys/ and dev/ but no usr/bin/env, and executes it through
// upstream's worker code (builder.NewLocalBuildExecutor with a native
// build directory) against upstream's chrooting runner and against
// bb-chroot's bb_runner. In remote mode it executes the same action on
// a Buildbarn deployment through the Remote Execution API instead.
package repro

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	remoteexecution "github.com/bazelbuild/remote-apis/build/bazel/remote/execution/v2"
	"github.com/buildbarn/bb-storage/pkg/blobstore"
	"github.com/buildbarn/bb-storage/pkg/digest"
	"github.com/buildbarn/bb-storage/pkg/program"
	"github.com/buildbarn/bb-storage/pkg/util"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Names of the runners in the report.
const (
	UpstreamRunnerName        = "upstream bb_runner"
	UpstreamWithEnvRunnerName = "upstream bb_runner + env"
	BBChrootRunnerName        = "bb-chroot bb_runner"
	RemoteRunnerName          = "remote"
)

// Options of a run of the reproduction.
type Options struct {
	// SourceDirectory is a checkout of this module, from which the
	// introspection tool and bb_runner are built. If empty, it is
	// searched for in the working directory and its parents.
	SourceDirectory string
	// IntrospectionPath is a prebuilt introspection tool. If empty,
	// it is built from SourceDirectory.
	IntrospectionPath string
	// RunnerPath is a prebuilt bb_runner of bb-chroot. If empty, it
	// is built from SourceDirectory.
	RunnerPath string
	// BusyboxPath is a statically linked busybox, which is copied to
	// usr/bin/env when an input root with /usr/bin/env is needed. If
	// empty, DefaultBusyboxPath is used if it is a static
	// executable, and the local reproduction skips upstream's runner
	// with /usr/bin/env otherwise.
	BusyboxPath string

	// InputRootPath is a directory to use as the input root instead
	// of the introspection tool's. Arguments must then be set.
	InputRootPath        string
	Arguments            []string
	EnvironmentVariables map[string]string
	WorkingDirectory     string
	PlatformProperties   map[string]string
	Timeout              time.Duration

	// WorkDirectoryParent is where the temporary work directory is
	// created. If empty, the system's temporary directory is used.
	WorkDirectoryParent string
	// Keep the work directory, with the input roots, build
	// directories and runner logs.
	Keep bool
	// RunnerStartTimeout is how long bb_runner may take to listen on
	// its socket.
	RunnerStartTimeout time.Duration

	// Remote is the Execution service to use in remote mode, as
	// grpc://HOST:PORT, grpcs://HOST:PORT or unix:///PATH.
	Remote       string
	InstanceName string
	// RemoteWaitTimeout is how long to wait for the result of the
	// action in remote mode, including the time it is queued.
	RemoteWaitTimeout time.Duration
	// AddEnv adds busybox as usr/bin/env to the input root in
	// remote mode, so that upstream's runner can start the command.
	AddEnv bool

	// Progress receives a line for every step.
	Progress io.Writer
}

type run struct {
	options       *Options
	step          int
	workDirectory string
}

func (r *run) progress(format string, args ...any) {
	if r.options.Progress != nil {
		r.step++
		fmt.Fprintf(r.options.Progress, "[%d] %s\n", r.step, fmt.Sprintf(format, args...))
	}
}

func (r *run) createWorkDirectory() error {
	workDirectory, err := os.MkdirTemp(r.options.WorkDirectoryParent, "bb-chroot-repro-")
	if err != nil {
		return util.StatusWrap(err, "Failed to create work directory")
	}
	r.workDirectory, err = filepath.Abs(workDirectory)
	if err != nil {
		return util.StatusWrapf(err, "Failed to make %#v absolute", workDirectory)
	}
	return nil
}

// removeWorkDirectory removes the work directory, unless it is to be
// kept or a runner leaked a mount into it.
func (r *run) removeWorkDirectory(report *Report) error {
	if r.workDirectory == "" {
		return nil
	}
	if r.options.Keep {
		r.progress("Keeping work directory %s", r.workDirectory)
		if report != nil {
			report.WorkDirectory = r.workDirectory
		}
		return nil
	}
	mounts, err := GetMountsUnder(r.workDirectory)
	if err != nil {
		return err
	}
	if len(mounts) > 0 {
		return status.Errorf(codes.Internal, "Not removing work directory %#v, because file systems are still mounted inside it: %s", r.workDirectory, strings.Join(mounts, ", "))
	}
	if err := os.RemoveAll(r.workDirectory); err != nil {
		return util.StatusWrapf(err, "Failed to remove work directory %#v", r.workDirectory)
	}
	return nil
}

func (r *run) getSourceDirectory() (string, error) {
	if r.options.SourceDirectory != "" {
		return r.options.SourceDirectory, nil
	}
	sourceDirectory, err := FindSourceDirectory(".")
	if err != nil {
		return "", err
	}
	r.options.SourceDirectory = sourceDirectory
	return sourceDirectory, nil
}

// getProgram returns the path of a program of this module, building
// it if no prebuilt one is provided.
func (r *run) getProgram(ctx context.Context, prebuiltPath, name string) (string, error) {
	if prebuiltPath != "" {
		r.progress("Using prebuilt %s %s", name, prebuiltPath)
		return prebuiltPath, nil
	}
	sourceDirectory, err := r.getSourceDirectory()
	if err != nil {
		return "", err
	}
	outputPath := filepath.Join(r.workDirectory, name)
	r.progress("Building %s: CGO_ENABLED=0 go build ./cmd/%s (in %s)", name, name, sourceDirectory)
	if err := BuildStaticGoProgram(ctx, sourceDirectory, "./cmd/"+name, outputPath); err != nil {
		return "", err
	}
	return outputPath, nil
}

// inputRoot is an input root on the local file system, and the
// digest of the action that runs the command in it.
type inputRoot struct {
	path         string
	actionDigest digest.Digest
	action       *remoteexecution.Action
}

// getIntrospection returns the path of a statically linked
// introspection tool, building it if needed. It returns an empty path
// if the user supplied an input root of their own.
func (r *run) getIntrospection(ctx context.Context) (string, error) {
	if r.options.InputRootPath != "" {
		return "", nil
	}
	introspectionPath, err := r.getProgram(ctx, r.options.IntrospectionPath, "introspection")
	if err != nil {
		return "", err
	}
	if err := CheckStaticExecutable(introspectionPath); err != nil {
		return "", err
	}
	return introspectionPath, nil
}

// prepareInputRoot creates the input root of the introspection tool
// if the user did not provide one.
func (r *run) prepareInputRoot(introspectionPath, name, envPath string) (string, error) {
	if r.options.InputRootPath != "" {
		return r.options.InputRootPath, nil
	}
	inputRootPath := filepath.Join(r.workDirectory, "input-roots", name)
	if envPath != "" {
		r.progress("Creating input root %s: bin/introspection, proc/, sys/, dev/, and usr/bin/env copied from %s", inputRootPath, envPath)
		return inputRootPath, CreateIntrospectionInputRoot(inputRootPath, introspectionPath, envPath)
	}
	r.progress("Creating input root %s: bin/introspection, proc/, sys/, dev/ and no usr/bin/env", inputRootPath)
	return inputRootPath, CreateIntrospectionInputRoot(inputRootPath, introspectionPath, "")
}

func (r *run) addAction(blobs *BlobSet, inputRootPath string) (*inputRoot, error) {
	inputRootDigest, err := AddInputRoot(blobs, inputRootPath)
	if err != nil {
		return nil, err
	}
	command, err := NewCommand(r.getArguments(), r.getEnvironmentVariables(), r.options.WorkingDirectory, r.options.PlatformProperties)
	if err != nil {
		return nil, err
	}
	actionDigest, action, err := AddAction(blobs, command, inputRootDigest, r.options.Timeout)
	if err != nil {
		return nil, err
	}
	r.progress("Computed digests for %s: input root %s, action %s", inputRootPath, FormatDigest(inputRootDigest), FormatDigest(actionDigest))
	return &inputRoot{
		path:         inputRootPath,
		actionDigest: actionDigest,
		action:       action,
	}, nil
}

func (r *run) getArguments() []string {
	if r.options.InputRootPath != "" {
		return r.options.Arguments
	}
	return IntrospectionArguments
}

func (r *run) getEnvironmentVariables() map[string]string {
	environmentVariables := map[string]string{}
	if r.options.InputRootPath == "" {
		for name, value := range IntrospectionEnvironmentVariables {
			environmentVariables[name] = value
		}
	} else {
		environmentVariables["PATH"] = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin"
	}
	for name, value := range r.options.EnvironmentVariables {
		environmentVariables[name] = value
	}
	return environmentVariables
}

func (r *run) getExpectedEntries() []string {
	if r.options.InputRootPath != "" {
		return nil
	}
	return ExpectedProcSelfEntries
}

func (r *run) validateOptions() error {
	if r.options.InputRootPath != "" && len(r.options.Arguments) == 0 {
		return status.Error(codes.InvalidArgument, "A command must be given to run in the input root")
	}
	if r.options.InputRootPath == "" && len(r.options.Arguments) > 0 {
		return status.Error(codes.InvalidArgument, "A command can only be given together with an input root")
	}
	if r.options.InputRootPath != "" {
		if fileInfo, err := os.Stat(r.options.InputRootPath); err != nil {
			return util.StatusWrapfWithCode(err, codes.InvalidArgument, "Cannot use input root %#v", r.options.InputRootPath)
		} else if !fileInfo.IsDir() {
			return status.Errorf(codes.InvalidArgument, "Input root %#v is not a directory", r.options.InputRootPath)
		}
	}
	if r.options.Timeout <= 0 {
		r.options.Timeout = time.Minute
	}
	if r.options.RunnerStartTimeout <= 0 {
		r.options.RunnerStartTimeout = 30 * time.Second
	}
	if r.options.RemoteWaitTimeout <= 0 {
		r.options.RemoteWaitTimeout = 10 * time.Minute
	}
	return nil
}

// DefaultBusyboxPath is where Debian's and Ubuntu's busybox-static
// package installs busybox.
const DefaultBusyboxPath = "/bin/busybox"

// getBusyboxPath returns the path of the busybox to use as
// usr/bin/env. It returns an empty string if none was given and the
// default one is absent or dynamically linked.
func (r *run) getBusyboxPath() (string, error) {
	if r.options.BusyboxPath != "" {
		if err := CheckStaticExecutable(r.options.BusyboxPath); err != nil {
			return "", util.StatusWrap(err, "Cannot use it as usr/bin/env")
		}
		return r.options.BusyboxPath, nil
	}
	if CheckStaticExecutable(DefaultBusyboxPath) != nil {
		return "", nil
	}
	return DefaultBusyboxPath, nil
}

// localVariant is one runner against which the local reproduction
// executes the action.
type localVariant struct {
	name        string
	description string
	slug        string
	inputRoot   *inputRoot
	// start the runner, listening on a UNIX socket, and return a
	// function that stops it.
	start func(buildDirectoryPath, socketPath string) (func() error, error)
}

// CheckLocalPrivileges returns an error if the local reproduction
// cannot run with the given effective user ID.
func CheckLocalPrivileges(effectiveUserID int) error {
	if effectiveUserID != 0 {
		return status.Error(codes.PermissionDenied, "The local reproduction must run as root: both runners chroot() into the input root, and bb-chroot's bb_runner creates mount and PID namespaces (CAP_SYS_CHROOT, CAP_SYS_ADMIN). Run it with sudo, or use --remote to test a Buildbarn deployment")
	}
	return nil
}

// RunLocal runs the reproduction on the local system: it executes the
// action through upstream's worker code against upstream's chrooting
// runner and against bb-chroot's bb_runner, and reports the results
// side by side. The returned error is only set if the reproduction
// itself could not be run; a runner that fails the action is reported
// in the Report.
func RunLocal(ctx context.Context, options *Options) (*Report, error) {
	optionsCopy := *options
	var report *Report
	err := program.RunLocal(ctx, func(ctx context.Context, siblingsGroup, dependenciesGroup program.Group) error {
		r := run{options: &optionsCopy}
		var err error
		report, err = r.runLocal(ctx, dependenciesGroup)
		if errRemove := r.removeWorkDirectory(report); err == nil {
			err = errRemove
		}
		return err
	})
	return report, err
}

func (r *run) runLocal(ctx context.Context, dependenciesGroup program.Group) (*Report, error) {
	if err := CheckLocalPrivileges(os.Geteuid()); err != nil {
		return nil, err
	}
	if err := r.validateOptions(); err != nil {
		return nil, err
	}
	busyboxPath, err := r.getBusyboxPath()
	if err != nil {
		return nil, err
	}
	if err := r.createWorkDirectory(); err != nil {
		return nil, err
	}
	r.progress("Created work directory %s", r.workDirectory)

	introspectionPath, err := r.getIntrospection(ctx)
	if err != nil {
		return nil, err
	}
	runnerPath, err := r.getProgram(ctx, r.options.RunnerPath, "bb_runner")
	if err != nil {
		return nil, err
	}

	// Create the input roots and compute the digests of the
	// actions.
	blobs := NewBlobSet(digest.MustNewFunction("", remoteexecution.DigestFunction_SHA256))
	plainInputRootPath, err := r.prepareInputRoot(introspectionPath, "without-env", "")
	if err != nil {
		return nil, err
	}
	plainInputRoot, err := r.addAction(blobs, plainInputRootPath)
	if err != nil {
		return nil, err
	}

	startUpstreamRunner := func(buildDirectoryPath, socketPath string) (func() error, error) {
		runner, err := StartUpstreamRunner(buildDirectoryPath, socketPath, true)
		if err != nil {
			return nil, err
		}
		return runner.Stop, nil
	}
	upstreamDescription := "upstream's runner.NewLocalRunner with runner.NewChrootedCommandCreator, served in-process"
	variants := []localVariant{{
		name:        UpstreamRunnerName,
		description: upstreamDescription + "; the input root has no usr/bin/env",
		slug:        "upstream",
		inputRoot:   plainInputRoot,
		start:       startUpstreamRunner,
	}}
	if r.options.InputRootPath == "" && busyboxPath == "" {
		r.progress("Skipping %s: %s is not a static busybox; install busybox-static or pass --busybox", UpstreamWithEnvRunnerName, DefaultBusyboxPath)
	}
	if r.options.InputRootPath == "" && busyboxPath != "" {
		withEnvInputRootPath, err := r.prepareInputRoot(introspectionPath, "with-env", busyboxPath)
		if err != nil {
			return nil, err
		}
		withEnvInputRoot, err := r.addAction(blobs, withEnvInputRootPath)
		if err != nil {
			return nil, err
		}
		variants = append(variants, localVariant{
			name:        UpstreamWithEnvRunnerName,
			description: upstreamDescription + "; busybox added to the input root as usr/bin/env",
			slug:        "upstream-env",
			inputRoot:   withEnvInputRoot,
			start:       startUpstreamRunner,
		})
	}
	if r.options.InputRootPath != "" {
		variants[0].description = upstreamDescription
	}
	variants = append(variants, localVariant{
		name:        BBChrootRunnerName,
		description: fmt.Sprintf("%s with chrootIntoInputRoot and inputRootMounts proc, sys, dev, dev/pts and dev/shm, as a child process", runnerPath),
		slug:        "bb-chroot",
		inputRoot:   plainInputRoot,
		start: func(buildDirectoryPath, socketPath string) (func() error, error) {
			variantDirectory := filepath.Dir(buildDirectoryPath)
			configurationPath := filepath.Join(variantDirectory, "bb_runner.jsonnet")
			if err := WriteRunnerConfiguration(configurationPath, buildDirectoryPath, socketPath); err != nil {
				return nil, err
			}
			process, err := StartRunnerProcess(runnerPath, configurationPath, socketPath, filepath.Join(variantDirectory, "bb_runner.log"), r.options.RunnerStartTimeout)
			if err != nil {
				return nil, err
			}
			return process.Stop, nil
		},
	})

	// Store all blobs in an in-memory CAS, from which the worker
	// fetches them.
	contentAddressableStorage, err := NewInMemoryContentAddressableStorage(dependenciesGroup)
	if err != nil {
		return nil, err
	}
	if err := blobs.Upload(ctx, contentAddressableStorage); err != nil {
		return nil, err
	}
	r.progress("Stored %d blobs in bb-storage's in-memory Content Addressable Storage", len(blobs.GetDigests()))

	cacheDirectoryPath := filepath.Join(r.workDirectory, "cache")
	if err := os.Mkdir(cacheDirectoryPath, 0o755); err != nil {
		return nil, util.StatusWrapf(err, "Failed to create cache directory %#v", cacheDirectoryPath)
	}
	report := &Report{
		Mode:      "local",
		Arguments: r.getArguments(),
	}
	for _, variant := range variants {
		result, err := r.executeLocally(ctx, &variant, contentAddressableStorage, blobs.GetDigestFunction(), cacheDirectoryPath)
		if err != nil {
			return nil, util.StatusWrapf(err, "Failed to execute the action on %s", variant.name)
		}
		report.Results = append(report.Results, result)
	}
	report.Check(BBChrootRunnerName, r.getExpectedEntries())
	return report, nil
}

func (r *run) executeLocally(ctx context.Context, variant *localVariant, contentAddressableStorage blobstore.BlobAccess, digestFunction digest.Function, cacheDirectoryPath string) (*Result, error) {
	variantDirectory := filepath.Join(r.workDirectory, variant.slug)
	buildDirectoryPath := filepath.Join(variantDirectory, "build")
	if err := os.MkdirAll(buildDirectoryPath, 0o755); err != nil {
		return nil, util.StatusWrapf(err, "Failed to create build directory %#v", buildDirectoryPath)
	}
	socketPath := filepath.Join(variantDirectory, "runner.sock")
	r.progress("Starting %s on unix://%s", variant.name, socketPath)
	stop, err := variant.start(buildDirectoryPath, socketPath)
	if err != nil {
		return nil, err
	}
	result, err := r.executeOnRunner(ctx, variant, contentAddressableStorage, digestFunction, buildDirectoryPath, cacheDirectoryPath, socketPath)
	if errStop := stop(); errStop != nil && err == nil {
		err = util.StatusWrapf(errStop, "Failed to stop %s", variant.name)
	}
	return result, err
}

func (r *run) executeOnRunner(ctx context.Context, variant *localVariant, contentAddressableStorage blobstore.BlobAccess, digestFunction digest.Function, buildDirectoryPath, cacheDirectoryPath, socketPath string) (*Result, error) {
	runnerClient, runnerConnection, err := NewRunnerClient(socketPath)
	if err != nil {
		return nil, err
	}
	defer runnerConnection.Close()
	worker, err := NewNativeWorker(contentAddressableStorage, buildDirectoryPath, cacheDirectoryPath, runnerClient, "bb_chroot_repro", false)
	if err != nil {
		return nil, err
	}
	defer worker.Close()

	r.progress("Executing action %s on %s (build directory %s)", FormatDigest(variant.inputRoot.actionDigest), variant.name, buildDirectoryPath)
	start := time.Now()
	response := worker.Execute(ctx, digestFunction, variant.inputRoot.actionDigest, variant.inputRoot.action)
	wallTime := time.Since(start)
	return NewResult(ctx, variant.name, variant.description, variant.inputRoot.actionDigest, response, wallTime, contentAddressableStorage)
}
