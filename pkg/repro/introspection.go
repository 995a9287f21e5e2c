package repro

import (
	"bufio"
	"context"
	"debug/elf"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/buildbarn/bb-storage/pkg/util"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// ModulePath is the Go module path of this repository. The
// reproduction builds its programs from a checkout of it.
const ModulePath = "github.com/bb-chroot/bb-chroot"

// IntrospectionArguments are the arguments of the action that the
// reproduction runs. The introspection tool is looked up through PATH
// inside the input root, which contains it as bin/introspection.
var IntrospectionArguments = []string{"introspection"}

// IntrospectionEnvironmentVariables are the environment variables of
// the action that the reproduction runs.
var IntrospectionEnvironmentVariables = map[string]string{
	"PATH": "/bin",
}

// ExpectedProcSelfEntries are names that the introspection tool must
// print for the reproduction to succeed. All Linux kernels that
// Buildbarn supports show them in /proc/self.
var ExpectedProcSelfEntries = []string{"attr", "cgroup", "exe", "fd", "maps", "mounts", "status"}

// FindSourceDirectory returns the root of the checkout of this module
// that contains the directory, or one of its parents.
func FindSourceDirectory(directory string) (string, error) {
	current, err := filepath.Abs(directory)
	if err != nil {
		return "", util.StatusWrapf(err, "Failed to make %#v absolute", directory)
	}
	for {
		if isModuleRoot(filepath.Join(current, "go.mod")) {
			return current, nil
		}
		parent := filepath.Dir(current)
		if parent == current {
			return "", status.Errorf(codes.NotFound, "Cannot find a checkout of %s in %#v or any of its parents: run bb_chroot_repro from a checkout, or pass --source", ModulePath, directory)
		}
		current = parent
	}
}

func isModuleRoot(goModPath string) bool {
	f, err := os.Open(goModPath)
	if err != nil {
		return false
	}
	defer f.Close()
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		if fields := strings.Fields(scanner.Text()); len(fields) == 2 && fields[0] == "module" {
			return fields[1] == ModulePath
		}
	}
	return false
}

// BuildStaticGoProgram builds a main package of the module checked out
// in sourceDirectory (e.g., "./cmd/introspection") with CGO_ENABLED=0,
// so that the resulting executable is statically linked and can run
// inside an input root that contains nothing else.
func BuildStaticGoProgram(ctx context.Context, sourceDirectory, packagePath, outputPath string) error {
	goTool, err := exec.LookPath("go")
	if err != nil {
		return util.StatusWrapWithCode(err, codes.FailedPrecondition, "Cannot find the go tool, which is needed to build the programs of the reproduction")
	}
	cmd := exec.CommandContext(ctx, goTool, "build", "-trimpath", "-o", outputPath, packagePath)
	cmd.Dir = sourceDirectory
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if output, err := cmd.CombinedOutput(); err != nil {
		return util.StatusWrapfWithCode(err, codes.FailedPrecondition, "Failed to build %#v in %#v: %s", packagePath, sourceDirectory, strings.TrimSpace(string(output)))
	}
	return nil
}

// CheckStaticExecutable returns an error if a file is not an ELF
// executable, or if it needs a dynamic linker. Such an executable
// cannot run inside an input root that does not contain its
// interpreter and libraries.
func CheckStaticExecutable(executablePath string) error {
	f, err := elf.Open(executablePath)
	if err != nil {
		return util.StatusWrapfWithCode(err, codes.InvalidArgument, "%#v is not an ELF executable", executablePath)
	}
	defer f.Close()
	for _, program := range f.Progs {
		if program.Type == elf.PT_INTERP {
			interpreter, _ := io.ReadAll(program.Open())
			return status.Errorf(codes.InvalidArgument, "%#v is dynamically linked against %#v, so it cannot run inside an input root that only contains it", executablePath, strings.TrimRight(string(interpreter), "\x00"))
		}
	}
	return nil
}

func copyFile(sourcePath, destinationPath string, mode os.FileMode) error {
	source, err := os.Open(sourcePath)
	if err != nil {
		return util.StatusWrapf(err, "Failed to open %#v", sourcePath)
	}
	defer source.Close()
	destination, err := os.OpenFile(destinationPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return util.StatusWrapf(err, "Failed to create %#v", destinationPath)
	}
	if _, err := io.Copy(destination, source); err != nil {
		destination.Close()
		return util.StatusWrapf(err, "Failed to copy %#v to %#v", sourcePath, destinationPath)
	}
	if err := destination.Close(); err != nil {
		return util.StatusWrapf(err, "Failed to close %#v", destinationPath)
	}
	return nil
}

// CreateIntrospectionInputRoot creates the input root of the
// reproduction's action in an empty or nonexistent directory. It holds
// the introspection tool as bin/introspection, and the empty
// directories proc/, sys/ and dev/ that ask the runner to mount file
// systems there. It does not contain usr/bin/env, unless envPath is
// set. In that case the file at envPath, which should be a statically
// linked busybox, is copied to usr/bin/env.
func CreateIntrospectionInputRoot(directory, introspectionPath, envPath string) error {
	for _, d := range []string{"", "bin", "proc", "sys", "dev"} {
		if err := os.MkdirAll(filepath.Join(directory, d), 0o755); err != nil {
			return util.StatusWrapf(err, "Failed to create directory %#v", filepath.Join(directory, d))
		}
	}
	if err := copyFile(introspectionPath, filepath.Join(directory, "bin", "introspection"), 0o755); err != nil {
		return err
	}
	if envPath != "" {
		if err := CheckStaticExecutable(envPath); err != nil {
			return util.StatusWrap(err, "Cannot use it as usr/bin/env")
		}
		usrBin := filepath.Join(directory, "usr", "bin")
		if err := os.MkdirAll(usrBin, 0o755); err != nil {
			return util.StatusWrapf(err, "Failed to create directory %#v", usrBin)
		}
		if err := copyFile(envPath, filepath.Join(usrBin, "env"), 0o755); err != nil {
			return err
		}
	}
	return nil
}

// GetMissingProcSelfEntries returns the entries of
// ExpectedProcSelfEntries that the output of the introspection tool
// does not contain.
func GetMissingProcSelfEntries(stdout string) []string {
	present := map[string]bool{}
	for _, name := range strings.Fields(stdout) {
		present[name] = true
	}
	var missing []string
	for _, name := range ExpectedProcSelfEntries {
		if !present[name] {
			missing = append(missing, name)
		}
	}
	return missing
}
