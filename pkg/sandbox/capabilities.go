package sandbox

import (
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// capabilitiesByName maps the names of capabilities to their numbers,
// as defined in <linux/capability.h>.
var capabilitiesByName = map[string]int{
	"CAP_AUDIT_CONTROL":      30,
	"CAP_AUDIT_READ":         37,
	"CAP_AUDIT_WRITE":        29,
	"CAP_BLOCK_SUSPEND":      36,
	"CAP_BPF":                39,
	"CAP_CHECKPOINT_RESTORE": 40,
	"CAP_CHOWN":              0,
	"CAP_DAC_OVERRIDE":       1,
	"CAP_DAC_READ_SEARCH":    2,
	"CAP_FOWNER":             3,
	"CAP_FSETID":             4,
	"CAP_IPC_LOCK":           14,
	"CAP_IPC_OWNER":          15,
	"CAP_KILL":               5,
	"CAP_LEASE":              28,
	"CAP_LINUX_IMMUTABLE":    9,
	"CAP_MAC_ADMIN":          33,
	"CAP_MAC_OVERRIDE":       32,
	"CAP_MKNOD":              27,
	"CAP_NET_ADMIN":          12,
	"CAP_NET_BIND_SERVICE":   10,
	"CAP_NET_BROADCAST":      11,
	"CAP_NET_RAW":            13,
	"CAP_PERFMON":            38,
	"CAP_SETFCAP":            31,
	"CAP_SETGID":             6,
	"CAP_SETPCAP":            8,
	"CAP_SETUID":             7,
	"CAP_SYSLOG":             34,
	"CAP_SYS_ADMIN":          21,
	"CAP_SYS_BOOT":           22,
	"CAP_SYS_CHROOT":         18,
	"CAP_SYS_MODULE":         16,
	"CAP_SYS_NICE":           23,
	"CAP_SYS_PACCT":          20,
	"CAP_SYS_PTRACE":         19,
	"CAP_SYS_RAWIO":          17,
	"CAP_SYS_RESOURCE":       24,
	"CAP_SYS_TIME":           25,
	"CAP_SYS_TTY_CONFIG":     26,
	"CAP_WAKE_ALARM":         35,
}

// defaultCapabilities are the capabilities that a command running as
// root retains by default. They are the ones that container runtimes
// such as Docker grant by default, except CAP_MKNOD and CAP_NET_RAW.
// Capabilities to mount file systems, load kernel modules or trace
// other processes are dropped, so that a command running as root
// cannot leave the input root. Without CAP_NET_RAW, a command that
// shares the host's network namespace cannot capture its traffic.
var defaultCapabilities = []string{
	"CAP_AUDIT_WRITE",
	"CAP_CHOWN",
	"CAP_DAC_OVERRIDE",
	"CAP_FOWNER",
	"CAP_FSETID",
	"CAP_KILL",
	"CAP_NET_BIND_SERVICE",
	"CAP_SETFCAP",
	"CAP_SETGID",
	"CAP_SETPCAP",
	"CAP_SETUID",
	"CAP_SYS_CHROOT",
}

// getCapabilityMask converts the names of capabilities to a bit mask.
// Names may be written with or without the "CAP_" prefix, in any
// case.
func getCapabilityMask(names []string) (uint64, error) {
	var mask uint64
	for _, name := range names {
		canonical := strings.ToUpper(name)
		if !strings.HasPrefix(canonical, "CAP_") {
			canonical = "CAP_" + canonical
		}
		capability, ok := capabilitiesByName[canonical]
		if !ok {
			return 0, status.Errorf(codes.InvalidArgument, "Unknown capability %#v", name)
		}
		mask |= 1 << capability
	}
	return mask, nil
}
