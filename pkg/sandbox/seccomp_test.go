package sandbox

import (
	"encoding/binary"
	"runtime"
	"testing"

	sandbox_pb "github.com/bb-chroot/bb-chroot/pkg/proto/configuration/sandbox"
	"github.com/elastic/go-seccomp-bpf/arch"
	"github.com/stretchr/testify/require"

	"golang.org/x/net/bpf"
)

func TestSeccompFilter(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("The system call numbers in this test are those of amd64")
	}

	// Run the filter in x/net/bpf's virtual machine, against
	// struct seccomp_data.
	evaluate := func(t *testing.T, configuration *sandbox_pb.SeccompConfiguration, architecture *arch.Info, name string, number uint32, firstArgument uint64) string {
		instructions, err := newSeccompFilter(configuration)
		require.NoError(t, err)
		raw := make([]bpf.RawInstruction, 0, len(instructions))
		for _, instruction := range instructions {
			raw = append(raw, bpf.RawInstruction{Op: instruction.Code, Jt: instruction.JumpTrue, Jf: instruction.JumpFalse, K: instruction.Constant})
		}
		program, ok := bpf.Disassemble(raw)
		require.True(t, ok)
		vm, err := bpf.NewVM(program)
		require.NoError(t, err)
		if name != "" {
			number = uint32(architecture.SyscallNames[name])
		}
		// The virtual machine loads words in big-endian byte
		// order, while the kernel loads them in the native one.
		// Store the low word of the first argument at offset 16,
		// as on a little-endian machine.
		data := make([]byte, 64)
		binary.BigEndian.PutUint32(data[0:], number)
		binary.BigEndian.PutUint32(data[4:], uint32(architecture.ID))
		binary.BigEndian.PutUint32(data[16:], uint32(firstArgument))
		binary.BigEndian.PutUint32(data[20:], uint32(firstArgument>>32))
		result, err := vm.Run(data)
		require.NoError(t, err)
		switch result {
		case seccompReturnAllow:
			return "allow"
		case seccompReturnErrno | errnoEPERM:
			return "EPERM"
		case seccompReturnErrno | errnoENOSYS:
			return "ENOSYS"
		}
		return "unknown"
	}
	var defaults *sandbox_pb.SeccompConfiguration

	t.Run("Default", func(t *testing.T) {
		for _, a := range []*arch.Info{arch.X86_64, arch.I386} {
			require.Equal(t, "allow", evaluate(t, defaults, a, "read", 0, 0))
			require.Equal(t, "EPERM", evaluate(t, defaults, a, "keyctl", 0, 0))
			require.Equal(t, "EPERM", evaluate(t, defaults, a, "io_uring_setup", 0, 0))
			require.Equal(t, "allow", evaluate(t, defaults, a, "unshare", 0, cloneNewUser>>1))
			require.Equal(t, "EPERM", evaluate(t, defaults, a, "unshare", 0, cloneNewUser))
			require.Equal(t, "EPERM", evaluate(t, defaults, a, "clone", 0, cloneNewUser|0x11))
			require.Equal(t, "ENOSYS", evaluate(t, defaults, a, "clone3", 0, 0))
		}
		// x32 system calls, and those of other architectures.
		require.Equal(t, "ENOSYS", evaluate(t, defaults, arch.X86_64, "", 0x40000000|0, 0))
		require.Equal(t, "ENOSYS", evaluate(t, defaults, arch.AARCH64, "read", 0, 0))
	})

	t.Run("Configured", func(t *testing.T) {
		configuration := &sandbox_pb.SeccompConfiguration{
			AllowedSystemCalls:  []string{"keyctl"},
			BlockedSystemCalls:  []string{"uname"},
			AllowUserNamespaces: true,
		}
		require.Equal(t, "allow", evaluate(t, configuration, arch.X86_64, "keyctl", 0, 0))
		require.Equal(t, "EPERM", evaluate(t, configuration, arch.X86_64, "add_key", 0, 0))
		require.Equal(t, "EPERM", evaluate(t, configuration, arch.I386, "uname", 0, 0))
		require.Equal(t, "allow", evaluate(t, configuration, arch.X86_64, "unshare", 0, cloneNewUser))
		require.Equal(t, "allow", evaluate(t, configuration, arch.X86_64, "clone3", 0, 0))
	})
}
