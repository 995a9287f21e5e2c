package sandbox

import (
	"maps"
	"runtime"
	"slices"

	sandbox_pb "github.com/bb-chroot/bb-chroot/pkg/proto/configuration/sandbox"
	"github.com/bb-chroot/bb-chroot/pkg/sandbox/initprocess"
	"github.com/buildbarn/bb-storage/pkg/util"
	"github.com/elastic/go-seccomp-bpf/arch"

	"golang.org/x/net/bpf"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// defaultBlockedSystemCalls are the system calls that the default
// seccomp filter makes fail with EPERM. The list is documented in
// sandbox.proto. Names that an architecture does not have are
// skipped.
var defaultBlockedSystemCalls = []string{
	"acct",
	"add_key",
	"bpf",
	"clock_adjtime",
	"clock_settime",
	"delete_module",
	"finit_module",
	"init_module",
	"io_uring_enter",
	"io_uring_register",
	"io_uring_setup",
	"kexec_file_load",
	"kexec_load",
	"keyctl",
	"lookup_dcookie",
	"nfsservctl",
	"perf_event_open",
	"reboot",
	"request_key",
	"settimeofday",
	"swapoff",
	"swapon",
	"sysfs",
	"uselib",
	"userfaultfd",
	"ustat",
	"vm86",
	"vm86old",
}

// Values of the seccomp filter's instructions, from <linux/seccomp.h>,
// <linux/audit.h> and <linux/sched.h>.
const (
	seccompReturnAllow = 0x7fff0000
	seccompReturnErrno = 0x00050000
	errnoEPERM         = 1
	errnoENOSYS        = 38
	cloneNewUser       = 0x10000000

	// Offsets of the fields of struct seccomp_data.
	seccompDataNumber        = 0
	seccompDataArchitecture  = 4
	seccompDataFirstArgument = 16
)

// seccompArchitectures returns the architectures whose system calls
// processes on this machine can make: the native one first, followed
// by the compat one.
func seccompArchitectures() ([]*arch.Info, error) {
	switch runtime.GOARCH {
	case "amd64":
		return []*arch.Info{arch.X86_64, arch.I386}, nil
	case "arm64":
		return []*arch.Info{arch.AARCH64, arch.ARM}, nil
	default:
		return nil, status.Errorf(codes.Unimplemented, "Seccomp filters are not supported on architecture %#v, so the seccomp filter must be disabled", runtime.GOARCH)
	}
}

// newSeccompFilter assembles the seccomp filter that the init process
// installs before starting the command, or returns nil if it installs
// none.
func newSeccompFilter(configuration *sandbox_pb.SeccompConfiguration) ([]initprocess.SeccompInstruction, error) {
	if configuration.GetDisabled() {
		return nil, nil
	}
	architectures, err := seccompArchitectures()
	if err != nil {
		return nil, err
	}

	// Validate the names in the configuration against the native
	// architecture, so that typing errors are not ignored.
	native := architectures[0]
	blocked := map[string]bool{}
	for _, name := range defaultBlockedSystemCalls {
		blocked[name] = true
	}
	for _, name := range configuration.GetAllowedSystemCalls() {
		if _, ok := native.SyscallNames[name]; !ok {
			return nil, status.Errorf(codes.InvalidArgument, "Unknown system call %#v in allowed system calls", name)
		}
		if !blocked[name] {
			return nil, status.Errorf(codes.InvalidArgument, "System call %#v is not blocked by the default seccomp filter", name)
		}
		blocked[name] = false
	}
	for _, name := range configuration.GetBlockedSystemCalls() {
		if _, ok := native.SyscallNames[name]; !ok {
			return nil, status.Errorf(codes.InvalidArgument, "Unknown system call %#v in blocked system calls", name)
		}
		blocked[name] = true
	}
	allowUserNamespaces := configuration.GetAllowUserNamespaces()

	// The filter checks the architecture first, then compares the
	// system call number with the blocked ones in turn. Jumps are
	// forward only, to the return instructions at the end of each
	// architecture's section.
	var program []bpf.Instruction
	for _, a := range architectures {
		var numbers []uint32
		for _, name := range slices.Sorted(maps.Keys(blocked)) {
			if number, ok := a.SyscallNames[name]; ok && blocked[name] {
				numbers = append(numbers, uint32(number))
			}
		}
		var argumentChecks []uint32
		if !allowUserNamespaces {
			for _, name := range []string{"clone", "unshare"} {
				if number, ok := a.SyscallNames[name]; ok {
					argumentChecks = append(argumentChecks, uint32(number))
				}
			}
		}
		clone3, hasClone3 := a.SyscallNames["clone3"]
		hasClone3 = hasClone3 && !allowUserNamespaces

		// The section of this architecture, which starts by
		// loading the system call number, and ends with:
		//
		//   ret ALLOW
		//   ret ERRNO(EPERM)
		//   ret ERRNO(ENOSYS)
		//   ld args[0]
		//   jset CLONE_NEWUSER, EPERM', ALLOW'
		//   ret ALLOW
		//   ret ERRNO(EPERM)
		var section []bpf.Instruction
		section = append(section, bpf.LoadAbsolute{Off: seccompDataNumber, Size: 4})
		type jump struct {
			value  uint32
			target int
		}
		const (
			targetEPERM = iota
			targetENOSYS
			targetArgumentCheck
		)
		var jumps []jump
		if a == arch.X86_64 {
			// x32 system calls have bit 30 set.
			jumps = append(jumps, jump{value: uint32(arch.X32.SeccompMask), target: -1})
		}
		for _, number := range numbers {
			jumps = append(jumps, jump{value: number, target: targetEPERM})
		}
		if hasClone3 {
			jumps = append(jumps, jump{value: uint32(clone3), target: targetENOSYS})
		}
		for _, number := range argumentChecks {
			jumps = append(jumps, jump{value: number, target: targetArgumentCheck})
		}
		for i, j := range jumps {
			// Distance from the instruction after this jump
			// to "ret ALLOW" at the end of the jumps.
			remaining := len(jumps) - i - 1
			var skip int
			switch j.target {
			case -1, targetENOSYS:
				skip = remaining + 2
			case targetEPERM:
				skip = remaining + 1
			case targetArgumentCheck:
				skip = remaining + 3
			}
			if skip > 255 {
				return nil, status.Error(codes.InvalidArgument, "Too many blocked system calls for a seccomp filter")
			}
			if j.target == -1 {
				section = append(section, bpf.JumpIf{Cond: bpf.JumpGreaterOrEqual, Val: j.value, SkipTrue: uint8(skip)})
			} else {
				section = append(section, bpf.JumpIf{Cond: bpf.JumpEqual, Val: j.value, SkipTrue: uint8(skip)})
			}
		}
		section = append(
			section,
			bpf.RetConstant{Val: seccompReturnAllow},
			bpf.RetConstant{Val: seccompReturnErrno | errnoEPERM},
			bpf.RetConstant{Val: seccompReturnErrno | errnoENOSYS},
			bpf.LoadAbsolute{Off: seccompDataFirstArgument, Size: 4},
			bpf.JumpIf{Cond: bpf.JumpBitsSet, Val: cloneNewUser, SkipFalse: 1},
			bpf.RetConstant{Val: seccompReturnErrno | errnoEPERM},
			bpf.RetConstant{Val: seccompReturnAllow},
		)

		// Skip the section if the architecture differs.
		if len(section) > 255 {
			return nil, status.Error(codes.InvalidArgument, "Too many blocked system calls for a seccomp filter")
		}
		program = append(
			program,
			bpf.LoadAbsolute{Off: seccompDataArchitecture, Size: 4},
			bpf.JumpIf{Cond: bpf.JumpNotEqual, Val: uint32(a.ID), SkipTrue: uint8(len(section))},
		)
		program = append(program, section...)
	}
	// System calls of other architectures cannot be made on this
	// machine.
	program = append(program, bpf.RetConstant{Val: seccompReturnErrno | errnoENOSYS})

	raw, err := bpf.Assemble(program)
	if err != nil {
		return nil, util.StatusWrapWithCode(err, codes.Internal, "Failed to assemble seccomp filter")
	}
	instructions := make([]initprocess.SeccompInstruction, 0, len(raw))
	for _, instruction := range raw {
		instructions = append(instructions, initprocess.SeccompInstruction{
			Code:      instruction.Op,
			JumpTrue:  instruction.Jt,
			JumpFalse: instruction.Jf,
			Constant:  instruction.K,
		})
	}
	return instructions, nil
}
