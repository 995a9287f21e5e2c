// Package runnertest contains utilities for tests that start bb-chroot's
// bb_runner as a separate process and send it requests over gRPC, the
// way bb_worker does.
package runnertest

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	runner_pb "github.com/buildbarn/bb-remote-execution/pkg/proto/runner"
	"github.com/stretchr/testify/require"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// RequireRoot skips a test if it does not run as root, as creating
// namespaces and mounts requires CAP_SYS_ADMIN.
func RequireRoot(t testing.TB) {
	if os.Geteuid() != 0 {
		t.Skip("This test creates namespaces and mounts, which requires running as root")
	}
}

// ModuleRoot returns the directory containing this module's go.mod.
func ModuleRoot(t testing.TB) string {
	_, file, _, ok := runtime.Caller(0)
	require.True(t, ok)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

var (
	buildLock        sync.Mutex
	builtPaths       = map[string]string{}
	buildDirectories []string
)

// RunTests runs the tests of a package, and removes the binaries that
// BuildBinary built for them afterwards. Packages that call
// BuildBinary call it from TestMain.
func RunTests(m *testing.M) int {
	code := m.Run()
	buildLock.Lock()
	defer buildLock.Unlock()
	for _, directory := range buildDirectories {
		os.RemoveAll(directory)
	}
	buildDirectories = nil
	return code
}

// BuildBinary builds a main package of this module once per test
// binary, returning the path of the executable. The test binary's
// TestMain must call RunTests, which removes it. Binaries are linked
// statically, so that they can be placed inside input roots.
// bb_sandbox_init is built next to bb_runner.
//
// The environment variable BB_RUNNER_BINARY may point to a bb_runner
// built elsewhere, such as one built from upstream bb-remote-execution
// with the patch series applied, which is then used instead of
// cmd/bb_runner.
func BuildBinary(t testing.TB, pkg string) string {
	buildLock.Lock()
	defer buildLock.Unlock()
	if p, ok := builtPaths[pkg]; ok {
		return p
	}
	if p := os.Getenv("BB_RUNNER_BINARY"); pkg == "cmd/bb_runner" && p != "" {
		builtPaths[pkg] = p
		return p
	}
	directory, err := os.MkdirTemp("", "bb_chroot_bin")
	require.NoError(t, err)
	buildDirectories = append(buildDirectories, directory)
	// Permit running the binaries as other users.
	require.NoError(t, os.Chmod(directory, 0o755))
	// bb_runner uses bb_sandbox_init if it is installed next to it.
	pkgs := []string{pkg}
	if pkg == "cmd/bb_runner" {
		pkgs = append(pkgs, "cmd/bb_sandbox_init")
	}
	for _, p := range pkgs {
		arguments := []string{"build", "-o", filepath.Join(directory, filepath.Base(p))}
		if p == "cmd/bb_sandbox_init" {
			arguments = append(arguments, SandboxInitLinkerFlags...)
		}
		cmd := exec.Command("go", append(arguments, "./"+p)...)
		cmd.Dir = ModuleRoot(t)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "Failed to build %s: %s", p, out)
	}
	output := filepath.Join(directory, filepath.Base(pkg))
	builtPaths[pkg] = output
	return output
}

// SandboxInitLinkerFlags are the flags of "go build" with which
// bb_sandbox_init is built, so that it starts as a sandbox's reaper
// without starting the Go runtime (see cmd/bb_sandbox_init).
var SandboxInitLinkerFlags = []string{"-ldflags=-E=main.reaperEntry"}

// Runner is a bb_runner process listening on a UNIX socket.
type Runner struct {
	Client runner_pb.RunnerClient
	Cmd    *exec.Cmd
	Log    *strings.Builder
	Socket string

	exited chan struct{}
}

// StartRunner starts bb-chroot's bb_runner with a Jsonnet
// configuration whose build directory and socket are filled in, and
// waits until it accepts requests. extraConfiguration is inserted into
// the top-level Jsonnet object.
func StartRunner(t testing.TB, buildDirectory, extraConfiguration string, extraFiles ...*os.File) *Runner {
	configuration, socket := WriteConfiguration(t, buildDirectory, extraConfiguration)
	r, err := StartRunnerWithConfiguration(BuildBinary(t, "cmd/bb_runner"), configuration, socket, extraFiles...)
	require.NoError(t, err)
	t.Cleanup(r.Stop)
	return r
}

// WriteConfiguration writes the Jsonnet configuration that
// StartRunner() starts bb_runner with into a temporary directory. It
// returns the paths of the configuration and of the socket on which
// bb_runner will listen.
func WriteConfiguration(t testing.TB, buildDirectory, extraConfiguration string) (string, string) {
	directory := t.TempDir()
	socket := filepath.Join(directory, "runner.sock")
	configuration := filepath.Join(directory, "bb_runner.jsonnet")
	require.NoError(t, os.WriteFile(configuration, []byte(fmt.Sprintf(`{
  buildDirectoryPath: %q,
  grpcServers: [{ listenPaths: [%q], authenticationPolicy: { allow: {} } }],
  %s
}`, buildDirectory, socket, extraConfiguration)), 0o644))
	return configuration, socket
}

// StartRunnerWithConfiguration starts a bb_runner binary with a
// configuration file, and waits until it listens on the provided
// socket. It returns an error containing the runner's output if it
// terminates before that. extraFiles are inherited by bb_runner as
// file descriptors 3 and up, without close-on-exec.
func StartRunnerWithConfiguration(binary, configuration, socket string, extraFiles ...*os.File) (*Runner, error) {
	r := &Runner{
		Cmd:    exec.Command(binary, configuration),
		Log:    &strings.Builder{},
		Socket: socket,
	}
	r.Cmd.ExtraFiles = extraFiles
	stderr, err := r.Cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	r.Cmd.Stdout = nil
	if err := r.Cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan struct{})
	r.exited = exited
	var logLock sync.Mutex
	go func() {
		scanner := bufio.NewScanner(stderr)
		for scanner.Scan() {
			logLock.Lock()
			r.Log.WriteString(scanner.Text() + "\n")
			logLock.Unlock()
		}
		r.Cmd.Wait()
		close(exited)
	}()
	for {
		// The socket exists between bind() and listen(), when
		// connecting to it still fails.
		if conn, err := net.Dial("unix", socket); err == nil {
			conn.Close()
			break
		}
		select {
		case <-exited:
			logLock.Lock()
			defer logLock.Unlock()
			return nil, fmt.Errorf("bb_runner terminated before listening: %s", r.Log.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	conn, err := grpc.NewClient("unix://"+socket, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		r.Cmd.Process.Kill()
		return nil, err
	}
	r.Client = runner_pb.NewRunnerClient(conn)
	return r, nil
}

// Stop kills the runner and waits for it to terminate.
func (r *Runner) Stop() {
	r.Cmd.Process.Kill()
	<-r.exited
}

// Run sends a RunRequest and returns the response together with the
// contents of the action's standard output and standard error.
func (r *Runner) Run(ctx context.Context, buildDirectory string, request *runner_pb.RunRequest) (*runner_pb.RunResponse, string, string, error) {
	response, err := r.Client.Run(ctx, request)
	stdout, _ := os.ReadFile(filepath.Join(buildDirectory, request.StdoutPath))
	stderr, _ := os.ReadFile(filepath.Join(buildDirectory, request.StderrPath))
	return response, string(stdout), string(stderr), err
}
