#!/usr/bin/env python3
"""Attribute the time of our runner's actions to phases, from perf data.

This is an analysis aid for docs/benchmarks.md, not part of the
benchmark. It relies on the names of functions and system calls of
pkg/sandbox at the time of writing, and may need updating when those
change.

Prebuilt, statically linked binaries keep the comm names stable:

  CGO_ENABLED=0 go build -o our_bb_runner ./cmd/bb_runner
  CGO_ENABLED=0 go build -o up_bb_runner github.com/buildbarn/bb-remote-execution/cmd/bb_runner
  go build -o bb_chroot_bench ./cmd/bb_chroot_bench

Critical path of one action, from tracepoints:

  perf record -a -o timeline.data -e 'sched:sched_process_fork,sched:sched_process_exec,sched:sched_process_exit,syscalls:sys_enter_unshare,syscalls:sys_exit_unshare,syscalls:sys_exit_umount,syscalls:sys_enter_sendmsg,syscalls:sys_exit_recvmsg' -- \
      ./bb_chroot_bench --runs 100 --throughput-rounds 0 --throughput-actions 1 --concurrency 1 \
      --work-directory /dev/shm --bb-runner ./our_bb_runner --upstream-bb-runner ./up_bb_runner --output /tmp/out
  perf script -i timeline.data -F comm,pid,tid,time,event,trace > timeline.txt
  python3 tools/perf_breakdown.py timeline timeline.txt

CPU time of the init processes ("exe", as bb_runner re-executes
/proc/self/exe) under load, from call graph samples:

  perf record -a -g -F 4000 -o cpu.data -- \
      ./bb_chroot_bench --runs 5 --warmup 1 --throughput-rounds 3 --throughput-actions 400 --concurrency 8 \
      --work-directory /dev/shm --bb-runner ./our_bb_runner --upstream-bb-runner ./up_bb_runner --output /tmp/out
  perf report -i cpu.data --sort comm --stdio -g none
  perf script -i cpu.data -F comm,tid,time,ip,sym > cpu.txt
  python3 tools/perf_breakdown.py cpu cpu.txt exe
"""

import collections
import re
import statistics
import sys


def timeline(path):
    pattern = re.compile(r"^\s*(\S.*?)\s+(\d+)/(\d+)\s+([\d.]+):\s+(\S+):\s*(.*)$")
    events = []
    for line in open(path):
        m = pattern.match(line)
        if m:
            c, p, t, ts, e, a = m.groups()
            events.append((c, int(p), int(t), float(ts), e, a))
    # Our runners are started in the order of mountCounts.
    runners = sorted({p for c, p, t, ts, e, a in events if e == "sched:sched_process_exec" and "our_bb_runner" in a})
    names = dict(zip(runners, ["ours-0", "ours-2", "ours-5", "ours-10"]))
    init_runner, actions, last_send, current, pending = {}, {}, {}, {}, {}
    records = collections.defaultdict(list)
    for c, p, t, ts, e, a in events:
        if e == "sched:sched_process_fork" and p in names:
            init_runner[int(re.search(r"child_pid=(\d+)", a).group(1))] = p
        if p in names and e == "syscalls:sys_enter_sendmsg":
            last_send[p] = ts
        if p in init_runner:
            r = init_runner[p]
            if e == "syscalls:sys_enter_unshare":
                current[t] = {"runner": r, "send": last_send.get(r), "unshare": ts}
            elif e == "syscalls:sys_exit_unshare" and t in current:
                current[t]["unshared"] = ts
            elif e == "syscalls:sys_exit_umount" and t in current:
                current[t]["umounted"] = ts
            elif e == "sched:sched_process_fork" and t in current:
                actions[int(re.search(r"child_pid=(\d+)", a).group(1))] = current[t]
            elif e == "syscalls:sys_enter_sendmsg":
                for tid, rec in list(current.items()):
                    if "act_exit" in rec:
                        rec["resp"] = ts
                        pending[rec["runner"]] = rec
                        del current[tid]
                        break
        if p in actions:
            rec = actions[p]
            if e == "sched:sched_process_exec":
                rec["exec"] = ts
            if e == "sched:sched_process_exit" and "exec" in rec:
                rec["act_exit"] = ts
        if p in names and e == "syscalls:sys_exit_recvmsg" and p in pending and not a.startswith("0xf"):
            rec = pending.pop(p)
            rec["received"] = ts
            records[names[p]].append(rec)
    phases = [
        ("request: runner sendmsg() to init's unshare()", "send", "unshare"),
        ("unshare(CLONE_NEWNS)", "unshare", "unshared"),
        ("mounts, pivot_root(), detach old root", "unshared", "umounted"),
        ("PATH lookup, capabilities, fork+exec", "umounted", "exec"),
        ("action runs", "exec", "act_exit"),
        ("reap, kill leftovers, send response", "act_exit", "resp"),
        ("response reaches runner", "resp", "received"),
        ("total, runner side", "send", "received"),
    ]
    for name in ["ours-0", "ours-2", "ours-5", "ours-10"]:
        rs = [r for r in records[name] if all(r.get(k) for _, a, b in phases for k in (a, b))]
        if not rs:
            continue
        print(f"{name}: {len(rs)} actions")
        for label, a, b in phases:
            print(f"  {label:47s} median {statistics.median((r[b] - r[a]) * 1000 for r in rs):6.3f} ms")


def cpu(path, comms):
    # Each sample is attributed to the first category one of whose
    # frames occurs anywhere in its call chain.
    categories = [
        ("mounts: creating the file systems", ["sandbox.newMount"]),
        ("mounts: /dev devices and symlinks, read-only parts of /proc", ["sandbox.populateMount"]),
        ("mounts: mountpoint lookup and attaching", ["sandbox.mountInInputRoot"]),
        ("unshare(CLONE_NEWNS): copy of the mount table", ["ksys_unshare"]),
        ("bind input root onto itself", ["sandbox.cloneTree", "sandbox.attachMount"]),
        ("pivot_root() (chroot_fs_refs walks all tasks)", ["__do_sys_pivot_root"]),
        ("detach old root", ["unix.Unmount"]),
        ("thread exit: mount namespace teardown", ["__x64_sys_exit", "do_exit"]),
        ("fork/exec of the action", ["os.StartProcess", "syscall.forkExec"]),
        ("request and response", ["sandbox.receiveMessage", "sandbox.sendMessage", "encoding/json"]),
        ("capabilities, PATH lookup, working directory", ["sandbox.reduce", "sandbox.lookupExecutable", "sandbox.enterWorkingDirectory"]),
        ("reaping and killing leftover processes", ["unix.Wait4", "unix.Kill"]),
        ("starting init processes (exec, package init)", ["runtime.doInit", "exec_binprm", "do_execveat_common"]),
        ("Go garbage collector", ["runtime.gcBgMarkWorker", "runtime.gcDrain", "runtime.mallocgc", "runtime.bgsweep"]),
        ("Go scheduler: spinning, sleeping, wakeups", ["runtime.findRunnable", "runtime.usleep", "runtime.notesleep", "runtime.futex", "runtime.schedule", "runtime.stopm"]),
        ("Go runtime, other (thread creation, stacks)", ["runtime."]),
    ]
    counts = collections.Counter()
    total = 0
    comm, frames = None, []

    def flush():
        nonlocal total
        if comm not in comms:
            return
        total += 1
        for name, keys in categories:
            if any(k in f for f in frames for k in keys):
                counts[name] += 1
                return
        counts["other"] += 1

    for line in open(path):
        if not line.strip():
            flush()
            comm, frames = None, []
        elif not line[0].isspace():
            comm, frames = line.split()[0], []
        else:
            parts = line.split(None, 1)
            frames.append(parts[1].strip() if len(parts) > 1 else "")
    flush()
    print(f"{total} samples")
    for name, _ in categories + [("other", None)]:
        print(f"{100.0 * counts[name] / max(total, 1):5.1f}%  {name}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "timeline":
        timeline(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "cpu":
        cpu(sys.argv[2], set(sys.argv[3].split(",")))
    else:
        sys.exit("Usage: perf_breakdown.py timeline PERF_SCRIPT_OUTPUT | cpu PERF_SCRIPT_OUTPUT COMM[,COMM...]")
