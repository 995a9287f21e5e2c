//go:build linux
// +build linux

// Package hoststate takes snapshots of the state of the host that
// bb_runner must leave unchanged when it runs actions: the mount table,
// the process table, and the file descriptors and memory usage of the
// runner itself. It is used by the soak driver and the reliability and
// hostile input root tests.
package hoststate

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/buildbarn/bb-storage/pkg/util"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Mount is an entry of /proc/self/mountinfo.
type Mount struct {
	Root           string
	Mountpoint     string
	FileSystemType string
	Source         string
	// Key identifies the mount, without the mount ID and parent
	// mount ID, which differ between two identical mounts.
	Key string
}

// unescapeMountinfo undoes the octal escaping of spaces, tabs,
// newlines and backslashes in fields of /proc/self/mountinfo.
func unescapeMountinfo(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// ParseMountinfo parses the contents of a mountinfo file.
func ParseMountinfo(data []byte) ([]Mount, error) {
	var mounts []Mount
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		fields := strings.Fields(line)
		separator := -1
		for i, field := range fields {
			if field == "-" {
				separator = i
				break
			}
		}
		if len(fields) < 6 || separator < 6 || separator+2 >= len(fields) {
			return nil, status.Errorf(codes.Internal, "Malformed mountinfo line %#v", line)
		}
		mounts = append(mounts, Mount{
			Root:           unescapeMountinfo(fields[3]),
			Mountpoint:     unescapeMountinfo(fields[4]),
			FileSystemType: fields[separator+1],
			Source:         unescapeMountinfo(fields[separator+2]),
			Key:            strings.Join(fields[2:], " "),
		})
	}
	return mounts, nil
}

// Mounts returns the mount table of the mount namespace of the calling
// process.
func Mounts() ([]Mount, error) {
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return nil, util.StatusWrapWithCode(err, codes.Internal, "Failed to read mount table")
	}
	return ParseMountinfo(data)
}

// DiffMounts returns the mounts that are only present in after, and
// those that are only present in before. Mounts are compared by
// everything but their IDs, taking duplicates into account.
func DiffMounts(before, after []Mount) (added, removed []Mount) {
	counts := map[string]int{}
	for _, m := range before {
		counts[m.Key]++
	}
	for _, m := range after {
		if counts[m.Key] > 0 {
			counts[m.Key]--
		} else {
			added = append(added, m)
		}
	}
	for _, m := range before {
		if counts[m.Key] > 0 {
			counts[m.Key]--
			removed = append(removed, m)
		}
	}
	return added, removed
}

// IsBeneath returns whether a path is a directory or one of the
// files it contains, directly or indirectly.
func IsBeneath(p, directory string) bool {
	directory = filepath.Clean(directory)
	return p == directory || strings.HasPrefix(p, directory+"/")
}

// LeakedMounts compares two snapshots of the host's mount table. Every
// mount that appeared or disappeared counts as a leak, except FUSE
// mounts outside the provided directories: bb_runner never creates
// those, while tests running in parallel (such as those using a FUSE
// build directory) do. They are returned separately.
func LeakedMounts(before, after []Mount, directories ...string) (leaked, unrelated []Mount) {
	added, removed := DiffMounts(before, after)
	for _, m := range append(added, removed...) {
		isFUSE := m.FileSystemType == "fuse" || strings.HasPrefix(m.FileSystemType, "fuse.")
		for _, directory := range directories {
			if IsBeneath(m.Mountpoint, directory) {
				isFUSE = false
			}
		}
		if isFUSE {
			unrelated = append(unrelated, m)
		} else {
			leaked = append(leaked, m)
		}
	}
	return leaked, unrelated
}

// Process is an entry of the host's process table.
type Process struct {
	PID       int
	PPID      int
	State     byte
	StartTime uint64
	Comm      string
	Cmdline   []string
}

func (p *Process) String() string {
	return fmt.Sprintf("PID %d (parent %d, state %c, %q)", p.PID, p.PPID, p.State, p.Cmdline)
}

// ReadProcess reads the state of a single process. It returns nil if
// the process no longer exists.
func ReadProcess(pid int) *Process {
	directory := filepath.Join("/proc", strconv.Itoa(pid))
	stat, err := os.ReadFile(filepath.Join(directory, "stat"))
	if err != nil {
		return nil
	}
	// The command name is enclosed in parentheses, and may itself
	// contain spaces and parentheses.
	lparen, rparen := bytes.IndexByte(stat, '('), bytes.LastIndexByte(stat, ')')
	if lparen < 0 || rparen < lparen {
		return nil
	}
	fields := strings.Fields(string(stat[rparen+1:]))
	if len(fields) < 20 {
		return nil
	}
	ppid, _ := strconv.Atoi(fields[1])
	startTime, _ := strconv.ParseUint(fields[19], 10, 64)
	p := &Process{
		PID:       pid,
		PPID:      ppid,
		State:     fields[0][0],
		StartTime: startTime,
		Comm:      string(stat[lparen+1 : rparen]),
	}
	if cmdline, err := os.ReadFile(filepath.Join(directory, "cmdline")); err == nil && len(cmdline) > 0 {
		p.Cmdline = strings.Split(strings.TrimSuffix(string(cmdline), "\x00"), "\x00")
	}
	return p
}

// Processes returns the process table of the PID namespace of the
// calling process, indexed by PID.
func Processes() (map[int]*Process, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil, util.StatusWrapWithCode(err, codes.Internal, "Failed to read process table")
	}
	processes := map[int]*Process{}
	for _, entry := range entries {
		if pid, err := strconv.Atoi(entry.Name()); err == nil {
			if p := ReadProcess(pid); p != nil {
				processes[pid] = p
			}
		}
	}
	return processes, nil
}

// Descendants returns the processes in a process table that are
// descendants of a process, not including the process itself.
func Descendants(processes map[int]*Process, pid int) []*Process {
	var descendants []*Process
	for _, p := range processes {
		for ancestor, depth := p.PPID, 0; ancestor > 1 && depth < len(processes); depth++ {
			if ancestor == pid {
				descendants = append(descendants, p)
				break
			}
			parent, ok := processes[ancestor]
			if !ok {
				break
			}
			ancestor = parent.PPID
		}
	}
	return descendants
}

// NewProcesses returns the processes in after that are not in before.
// A PID that has been reused by a new process counts as new.
func NewProcesses(before, after map[int]*Process) []*Process {
	var added []*Process
	for pid, p := range after {
		if old, ok := before[pid]; !ok || old.StartTime != p.StartTime {
			added = append(added, p)
		}
	}
	return added
}

// HasToken returns whether the command line or the environment of a
// process contains a string. The environment can only be read by root
// or by the owner of the process.
func HasToken(pid int, token string) bool {
	directory := filepath.Join("/proc", strconv.Itoa(pid))
	for _, name := range []string{"cmdline", "environ"} {
		if data, err := os.ReadFile(filepath.Join(directory, name)); err == nil && bytes.Contains(data, []byte(token)) {
			return true
		}
	}
	return false
}

// ProcessesWithToken returns the processes whose command line or
// environment contains a string.
func ProcessesWithToken(token string) ([]*Process, error) {
	processes, err := Processes()
	if err != nil {
		return nil, err
	}
	var matches []*Process
	for pid, p := range processes {
		if HasToken(pid, token) {
			matches = append(matches, p)
		}
	}
	return matches, nil
}

// Namespace returns the identifier of a namespace of a process, such
// as "mnt:[4026531841]". kind is the name of the namespace in
// /proc/PID/ns.
func Namespace(pid int, kind string) (string, error) {
	return os.Readlink(filepath.Join("/proc", strconv.Itoa(pid), "ns", kind))
}

// FileDescriptors returns what the open file descriptors of a process
// refer to, such as "socket:[1234]" or a path, indexed by number.
func FileDescriptors(pid int) (map[int]string, error) {
	directory := filepath.Join("/proc", strconv.Itoa(pid), "fd")
	entries, err := os.ReadDir(directory)
	if err != nil {
		return nil, util.StatusWrapfWithCode(err, codes.Internal, "Failed to list file descriptors of process %d", pid)
	}
	fds := map[int]string{}
	for _, entry := range entries {
		fd, err := strconv.Atoi(entry.Name())
		if err != nil {
			continue
		}
		if target, err := os.Readlink(filepath.Join(directory, entry.Name())); err == nil {
			fds[fd] = target
		}
	}
	return fds, nil
}

// MemoryUsage returns the resident set size and its high-water mark of
// a process in bytes, as reported by /proc/PID/status.
func MemoryUsage(pid int) (rss, hwm uint64, err error) {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0, 0, util.StatusWrapfWithCode(err, codes.Internal, "Failed to read status of process %d", pid)
	}
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 3 && fields[2] == "kB" {
			value, _ := strconv.ParseUint(fields[1], 10, 64)
			switch fields[0] {
			case "VmRSS:":
				rss = value * 1024
			case "VmHWM:":
				hwm = value * 1024
			}
		}
	}
	return rss, hwm, nil
}

// NamespaceMembers returns the threads, as "PID/TID", that are members
// of a namespace. A namespace without members (and without other
// references, such as bind mounts of its /proc/PID/ns file) no longer
// exists, together with everything mounted in it.
func NamespaceMembers(kind, namespace string) ([]string, error) {
	processes, err := Processes()
	if err != nil {
		return nil, err
	}
	var members []string
	for pid := range processes {
		directory := filepath.Join("/proc", strconv.Itoa(pid), "task")
		entries, err := os.ReadDir(directory)
		if err != nil {
			continue
		}
		for _, entry := range entries {
			if ns, err := os.Readlink(filepath.Join(directory, entry.Name(), "ns", kind)); err == nil && ns == namespace {
				members = append(members, fmt.Sprintf("%d/%s", pid, entry.Name()))
			}
		}
	}
	return members, nil
}

// Exists returns whether a process still exists, and has not
// terminated. A process that has the same PID but was started later
// does not count.
func (p *Process) Exists() bool {
	current := ReadProcess(p.PID)
	return current != nil && current.StartTime == p.StartTime && current.State != 'Z'
}
