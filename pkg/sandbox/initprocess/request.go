package initprocess

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Argv0 is the value of argv[0] with which the init process is
// started. A program that imports this package turns into the init
// process when it is executed with this value of argv[0], before the
// package initializers of most other packages run.
const Argv0 = "bb_runner [sandbox init]"

// File descriptors that the runner passes to the init process, next to
// standard input, output and error.
const (
	// ReportFD is the write end of a pipe over which the init process
	// reports why it failed to run the action, or the signal that
	// terminated the action. It is closed on execution of the
	// action, so the action cannot write to it.
	ReportFD = 3
	// RequestFD is a file containing the marshaled Request.
	RequestFD = 4
)

// Codes of errors reported by the init process. They are the numeric
// values of the gRPC status codes of the same names, which this package
// does not import, to keep the init process small.
const (
	CodeInvalidArgument    = 3
	CodeFailedPrecondition = 9
	CodeInternal           = 13
)

// Kind of a file system that is mounted in the input root.
type Kind uint8

const (
	// KindProc is a new instance of procfs.
	KindProc Kind = iota + 1
	// KindSysfs is sysfs, mounted read-only.
	KindSysfs
	// KindDev is a minimal /dev, similar to bubblewrap's --dev.
	KindDev
	// KindDevpts is a new instance of devpts.
	KindDevpts
	// KindTmpfs is an empty tmpfs.
	KindTmpfs
	// KindBind is a recursive bind mount of a path on the host.
	KindBind
	// KindTemporaryDirectory is a bind mount of the temporary
	// directory that bb_worker created for the action.
	KindTemporaryDirectory
)

// Mount is a file system that is mounted in the input root.
type Mount struct {
	Kind Kind
	// Mountpoint relative to the input root, without "." and ".."
	// components (e.g., "dev/pts").
	Mountpoint       string
	Source           string
	CreateMountpoint bool
	Writable         bool
	SizeBytes        uint64
	Mode             uint32
	// The nr_inodes option of a tmpfs, and the max option of a
	// devpts.
	MaximumInodes          uint64
	MaximumPseudoTerminals uint32
}

// Request describes the action that an init process runs.
type Request struct {
	// Absolute path of the build directory on the host, and the
	// path of the input root relative to it.
	BuildDirectory     string
	InputRootDirectory string
	// Absolute path of the action's temporary directory on the host,
	// mounted by mounts of KindTemporaryDirectory.
	TemporaryDirectory string
	// Path of the working directory relative to the input root.
	WorkingDirectory string
	Arguments        []string
	// Value of the PATH environment variable of the action, used to
	// look up argv[0] inside the input root.
	PathVariable string
	Mounts       []Mount
	// Set the host name to "localhost" and bring up the loopback
	// interface. The runner sets these when it creates a UTS or
	// network namespace for the action.
	SetHostname      bool
	EnableLoopback   bool
	RunAsCredentials bool
	UID, GID         uint32
	Groups           []uint32
	// Only set up the sandbox without running an action, to check
	// that the runner has sufficient privileges.
	Probe bool
	// Capabilities that the action retains if it runs as root, as
	// a bit mask.
	Capabilities uint64
	// Do not mount the input root nosuid, and do not set
	// PR_SET_NO_NEW_PRIVS for the action.
	AllowSetuidInInputRoot bool
	AllowNewPrivileges     bool
	// The seccomp filter that the init process installs right
	// before starting the action, if not empty.
	SeccompFilter []SeccompInstruction
}

// SeccompInstruction is an instruction of a seccomp filter, with the
// fields of struct sock_filter.
type SeccompInstruction struct {
	Code      uint16
	JumpTrue  uint8
	JumpFalse uint8
	Constant  uint32
}

type encoder []byte

func (e *encoder) uint(v uint64) { *e = binary.AppendUvarint(*e, v) }

func (e *encoder) bool(v bool) {
	if v {
		e.uint(1)
	} else {
		e.uint(0)
	}
}

func (e *encoder) string(s string) {
	e.uint(uint64(len(s)))
	*e = append(*e, s...)
}

type decoder struct {
	data []byte
	err  error
}

var errTruncated = errors.New("message is truncated")

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.data)
	if n <= 0 {
		d.err = errTruncated
		d.data = nil
		return 0
	}
	d.data = d.data[n:]
	return v
}

func (d *decoder) bool() bool { return d.uint() != 0 }

func (d *decoder) string() string {
	n := d.uint()
	if n > uint64(len(d.data)) {
		d.err = errTruncated
		d.data = nil
		return ""
	}
	s := string(d.data[:n])
	d.data = d.data[n:]
	return s
}

// count reads the number of elements of a list, each of which takes at
// least one byte, so that a corrupt count cannot cause a huge
// allocation.
func (d *decoder) count() int {
	n := d.uint()
	if n > uint64(len(d.data)) {
		d.err = errTruncated
		d.data = nil
		return 0
	}
	return int(n)
}

// Marshal converts a Request to the form in which the runner passes it
// to the init process.
func (r *Request) Marshal() []byte {
	var e encoder
	e.string(r.BuildDirectory)
	e.string(r.InputRootDirectory)
	e.string(r.TemporaryDirectory)
	e.string(r.WorkingDirectory)
	e.uint(uint64(len(r.Arguments)))
	for _, argument := range r.Arguments {
		e.string(argument)
	}
	e.string(r.PathVariable)
	e.uint(uint64(len(r.Mounts)))
	for _, m := range r.Mounts {
		e.uint(uint64(m.Kind))
		e.string(m.Mountpoint)
		e.string(m.Source)
		e.bool(m.CreateMountpoint)
		e.bool(m.Writable)
		e.uint(m.SizeBytes)
		e.uint(uint64(m.Mode))
		e.uint(m.MaximumInodes)
		e.uint(uint64(m.MaximumPseudoTerminals))
	}
	e.bool(r.SetHostname)
	e.bool(r.EnableLoopback)
	e.bool(r.RunAsCredentials)
	e.uint(uint64(r.UID))
	e.uint(uint64(r.GID))
	e.uint(uint64(len(r.Groups)))
	for _, group := range r.Groups {
		e.uint(uint64(group))
	}
	e.bool(r.Probe)
	e.uint(r.Capabilities)
	e.bool(r.AllowSetuidInInputRoot)
	e.bool(r.AllowNewPrivileges)
	e.uint(uint64(len(r.SeccompFilter)))
	for _, instruction := range r.SeccompFilter {
		e.uint(uint64(instruction.Code))
		e.uint(uint64(instruction.JumpTrue))
		e.uint(uint64(instruction.JumpFalse))
		e.uint(uint64(instruction.Constant))
	}
	return e
}

// UnmarshalRequest converts the data written by Request.Marshal back
// to a Request.
func UnmarshalRequest(data []byte) (*Request, error) {
	d := decoder{data: data}
	var r Request
	r.BuildDirectory = d.string()
	r.InputRootDirectory = d.string()
	r.TemporaryDirectory = d.string()
	r.WorkingDirectory = d.string()
	r.Arguments = make([]string, d.count())
	for i := range r.Arguments {
		r.Arguments[i] = d.string()
	}
	r.PathVariable = d.string()
	r.Mounts = make([]Mount, d.count())
	for i := range r.Mounts {
		m := &r.Mounts[i]
		m.Kind = Kind(d.uint())
		m.Mountpoint = d.string()
		m.Source = d.string()
		m.CreateMountpoint = d.bool()
		m.Writable = d.bool()
		m.SizeBytes = d.uint()
		m.Mode = uint32(d.uint())
		m.MaximumInodes = d.uint()
		m.MaximumPseudoTerminals = uint32(d.uint())
	}
	r.SetHostname = d.bool()
	r.EnableLoopback = d.bool()
	r.RunAsCredentials = d.bool()
	r.UID = uint32(d.uint())
	r.GID = uint32(d.uint())
	r.Groups = make([]uint32, d.count())
	for i := range r.Groups {
		r.Groups[i] = uint32(d.uint())
	}
	r.Probe = d.bool()
	r.Capabilities = d.uint()
	r.AllowSetuidInInputRoot = d.bool()
	r.AllowNewPrivileges = d.bool()
	if n := d.count(); n > 0 {
		r.SeccompFilter = make([]SeccompInstruction, n)
		for i := range r.SeccompFilter {
			instruction := &r.SeccompFilter[i]
			instruction.Code = uint16(d.uint())
			instruction.JumpTrue = uint8(d.uint())
			instruction.JumpFalse = uint8(d.uint())
			instruction.Constant = uint32(d.uint())
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	if len(d.data) != 0 {
		return nil, fmt.Errorf("message has %d trailing bytes", len(d.data))
	}
	return &r, nil
}

// Error is an error that prevented the init process from running the
// action. Code is the numeric value of a gRPC status code.
type Error struct {
	Code    uint32
	Message string
}

func (e *Error) Error() string { return e.Message }

func errorf(code uint32, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// wrapf prefixes the message of an error, keeping its code if it is an
// Error, and using the provided code otherwise.
func wrapf(err error, code uint32, format string, args ...any) *Error {
	var e *Error
	if errors.As(err, &e) {
		code = e.Code
	}
	return &Error{Code: code, Message: fmt.Sprintf(format, args...) + ": " + err.Error()}
}

// Report is what the init process sends to the runner before it exits.
// An empty report means that the action exited, with the init process'
// exit code being that of the action.
type Report struct {
	// Error is set if the action could not be started.
	Error *Error
	// Signal is the number of the signal that terminated the
	// action, if any.
	Signal uint32
}

// Marshal converts a Report to the form in which the init process
// writes it.
func (r *Report) Marshal() []byte {
	var e encoder
	if r.Error != nil {
		e.bool(true)
		e.uint(uint64(r.Error.Code))
		e.string(r.Error.Message)
	} else {
		e.bool(false)
	}
	e.uint(uint64(r.Signal))
	return e
}

// UnmarshalReport converts the data written by Report.Marshal back to
// a Report. No data at all yields an empty Report.
func UnmarshalReport(data []byte) (*Report, error) {
	var r Report
	if len(data) == 0 {
		return &r, nil
	}
	d := decoder{data: data}
	if d.bool() {
		r.Error = &Error{Code: uint32(d.uint())}
		r.Error.Message = d.string()
	}
	r.Signal = uint32(d.uint())
	if d.err != nil {
		return nil, d.err
	}
	return &r, nil
}
