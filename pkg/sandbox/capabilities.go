package sandbox

import (
	"strings"

	"golang.org/x/sys/unix"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// capabilitiesByName maps the names of capabilities to their numbers.
var capabilitiesByName = map[string]int{
	"CAP_AUDIT_CONTROL":      unix.CAP_AUDIT_CONTROL,
	"CAP_AUDIT_READ":         unix.CAP_AUDIT_READ,
	"CAP_AUDIT_WRITE":        unix.CAP_AUDIT_WRITE,
	"CAP_BLOCK_SUSPEND":      unix.CAP_BLOCK_SUSPEND,
	"CAP_BPF":                unix.CAP_BPF,
	"CAP_CHECKPOINT_RESTORE": unix.CAP_CHECKPOINT_RESTORE,
	"CAP_CHOWN":              unix.CAP_CHOWN,
	"CAP_DAC_OVERRIDE":       unix.CAP_DAC_OVERRIDE,
	"CAP_DAC_READ_SEARCH":    unix.CAP_DAC_READ_SEARCH,
	"CAP_FOWNER":             unix.CAP_FOWNER,
	"CAP_FSETID":             unix.CAP_FSETID,
	"CAP_IPC_LOCK":           unix.CAP_IPC_LOCK,
	"CAP_IPC_OWNER":          unix.CAP_IPC_OWNER,
	"CAP_KILL":               unix.CAP_KILL,
	"CAP_LEASE":              unix.CAP_LEASE,
	"CAP_LINUX_IMMUTABLE":    unix.CAP_LINUX_IMMUTABLE,
	"CAP_MAC_ADMIN":          unix.CAP_MAC_ADMIN,
	"CAP_MAC_OVERRIDE":       unix.CAP_MAC_OVERRIDE,
	"CAP_MKNOD":              unix.CAP_MKNOD,
	"CAP_NET_ADMIN":          unix.CAP_NET_ADMIN,
	"CAP_NET_BIND_SERVICE":   unix.CAP_NET_BIND_SERVICE,
	"CAP_NET_BROADCAST":      unix.CAP_NET_BROADCAST,
	"CAP_NET_RAW":            unix.CAP_NET_RAW,
	"CAP_PERFMON":            unix.CAP_PERFMON,
	"CAP_SETFCAP":            unix.CAP_SETFCAP,
	"CAP_SETGID":             unix.CAP_SETGID,
	"CAP_SETPCAP":            unix.CAP_SETPCAP,
	"CAP_SETUID":             unix.CAP_SETUID,
	"CAP_SYSLOG":             unix.CAP_SYSLOG,
	"CAP_SYS_ADMIN":          unix.CAP_SYS_ADMIN,
	"CAP_SYS_BOOT":           unix.CAP_SYS_BOOT,
	"CAP_SYS_CHROOT":         unix.CAP_SYS_CHROOT,
	"CAP_SYS_MODULE":         unix.CAP_SYS_MODULE,
	"CAP_SYS_NICE":           unix.CAP_SYS_NICE,
	"CAP_SYS_PACCT":          unix.CAP_SYS_PACCT,
	"CAP_SYS_PTRACE":         unix.CAP_SYS_PTRACE,
	"CAP_SYS_RAWIO":          unix.CAP_SYS_RAWIO,
	"CAP_SYS_RESOURCE":       unix.CAP_SYS_RESOURCE,
	"CAP_SYS_TIME":           unix.CAP_SYS_TIME,
	"CAP_SYS_TTY_CONFIG":     unix.CAP_SYS_TTY_CONFIG,
	"CAP_WAKE_ALARM":         unix.CAP_WAKE_ALARM,
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
