//go:build linux
// +build linux

package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/buildbarn/bb-storage/pkg/util"
)

// cpuCgroup is a cgroup holding a runner and all of its descendants,
// which is used to measure the CPU time they consume. Both cgroup v2
// (cpu.stat) and the cgroup v1 cpuacct controller are supported.
type cpuCgroup struct {
	path string
	v2   bool
}

// newCPUCgroup creates a cgroup next to the root cgroup.
func newCPUCgroup(name string) (*cpuCgroup, error) {
	c := &cpuCgroup{path: filepath.Join("/sys/fs/cgroup/cpuacct", name)}
	if _, err := os.Stat("/sys/fs/cgroup/cgroup.controllers"); err == nil {
		c = &cpuCgroup{path: filepath.Join("/sys/fs/cgroup", name), v2: true}
	}
	if err := os.Mkdir(c.path, 0o755); err != nil {
		return nil, util.StatusWrapf(err, "Failed to create cgroup %#v", c.path)
	}
	return c, nil
}

// add moves a process into the cgroup. Processes it creates afterwards
// are placed in the cgroup as well.
func (c *cpuCgroup) add(pid int) error {
	if err := os.WriteFile(filepath.Join(c.path, "cgroup.procs"), []byte(strconv.Itoa(pid)), 0o644); err != nil {
		return util.StatusWrapf(err, "Failed to move process %d into cgroup %#v", pid, c.path)
	}
	return nil
}

// usage returns the total CPU time consumed by processes in the cgroup,
// including processes that have terminated.
func (c *cpuCgroup) usage() (time.Duration, error) {
	if c.v2 {
		data, err := os.ReadFile(filepath.Join(c.path, "cpu.stat"))
		if err != nil {
			return 0, util.StatusWrap(err, "Failed to read cpu.stat")
		}
		for _, line := range strings.Split(string(data), "\n") {
			if value, ok := strings.CutPrefix(line, "usage_usec "); ok {
				usec, err := strconv.ParseInt(value, 10, 64)
				if err != nil {
					return 0, util.StatusWrap(err, "Invalid usage_usec in cpu.stat")
				}
				return time.Duration(usec) * time.Microsecond, nil
			}
		}
		return 0, util.StatusWrap(os.ErrNotExist, "No usage_usec in cpu.stat")
	}
	data, err := os.ReadFile(filepath.Join(c.path, "cpuacct.usage"))
	if err != nil {
		return 0, util.StatusWrap(err, "Failed to read cpuacct.usage")
	}
	nsec, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	if err != nil {
		return 0, util.StatusWrap(err, "Invalid cpuacct.usage")
	}
	return time.Duration(nsec), nil
}

// remove removes the cgroup once all processes in it have terminated.
func (c *cpuCgroup) remove() {
	for attempt := 0; attempt < 100; attempt++ {
		if err := os.Remove(c.path); err == nil || os.IsNotExist(err) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// systemCPUTime returns the CPU time that the machine spent on anything
// but being idle or waiting for I/O, according to /proc/stat. It
// includes what the kernel's worker threads and interrupt handlers do
// on behalf of the runners, which is not charged to their cgroups.
func systemCPUTime() time.Duration {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(data), "\n")
	fields := strings.Fields(line)
	var ticks uint64
	for i, field := range fields[1:] {
		// user nice system idle iowait irq softirq steal ...
		// guest and guest_nice are included in user and nice.
		if i == 3 || i == 4 || i >= 8 {
			continue
		}
		v, _ := strconv.ParseUint(field, 10, 64)
		ticks += v
	}
	// /proc/stat counts in units of USER_HZ, which is 100 on all
	// architectures that Linux supports.
	return time.Duration(ticks) * 10 * time.Millisecond
}
