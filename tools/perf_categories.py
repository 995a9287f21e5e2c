#!/usr/bin/env python3
"""Split the CPU time of a throughput benchmark into categories, per runner.

This is an analysis aid for docs/benchmarks.md, not part of the
benchmark. bb_chroot_bench alternates between the runners, one round
at a time, so a system-wide profile covers both. This script divides
the profile into half-second windows, keeps the windows in which only
one of the runners ran (our bb_runner's command name is "bb_runner",
upstream's is "upstream_bb_run", as the benchmark starts prebuilt
binaries with those names), and attributes every sample in them to the
first category of CATEGORIES whose marker is on its stack, or else to
its command name. Kernel threads (netns cleanup, RCU) are counted, as
they work on behalf of the runner whose window it is.

  go build -o /tmp/bench ./cmd/bb_chroot_bench
  CGO_ENABLED=0 go build -o /tmp/bin/bb_runner ./cmd/bb_runner
  CGO_ENABLED=0 go build -ldflags=-E=main.reaperEntry -o /tmp/bin/bb_sandbox_init ./cmd/bb_sandbox_init
  CGO_ENABLED=0 go build -o /tmp/bin/upstream_bb_runner github.com/buildbarn/bb-remote-execution/cmd/bb_runner
  /tmp/bench --runs 2 --warmup 1 --throughput-rounds 2 --throughput-actions 2000 --concurrency 8 \\
      --work-directory /dev/shm --bb-runner /tmp/bin/bb_runner \\
      --upstream-bb-runner /tmp/bin/upstream_bb_runner --output /tmp/out &
  sleep 12; perf record -a -g -o /tmp/cpu.data -- sleep 40
  perf script -i /tmp/cpu.data -F comm,time,ip,sym | python3 tools/perf_categories.py

It prints the share of all samples in each runner's windows, per
category. Both runners keep both CPUs busy, so the shares are
comparable; divide by the actions per second of each runner for the
CPU per action.

With --markers, it prints instead, per runner, the share of samples
that have any function of a group on their stack (substrings of the
names; groups separated by ",", names within a group by "+"):

  perf script -i /tmp/cpu.data -F comm,time,ip,sym | python3 tools/perf_categories.py \\
      --markers runtime.handoffp+runtime.startlockedm+runtime.stoplockedm,reduceBoundingSet
"""

import collections
import re
import sys

# Markers (substrings of function names on the stack) and categories,
# tried in this order.
CATEGORIES = [
    ("cleanup_net", "network namespace teardown (kernel worker)"),
    ("setup_net", "network namespace creation"),
    ("copy_mnt_ns", "mount namespace copy"),
    ("free_nsproxy", "namespace teardown (thread exit)"),
    ("rcu_exp", "expedited RCU grace periods"),
    ("sync_rcu_exp", "expedited RCU grace periods"),
    ("cloneInputRoot", "input root clone"),
    ("mountFileSystems", "mounts"),
    # Before patch 0023, which split it up.
    ("enterSandbox", "mounts"),
    ("installSeccompFilter", "seccomp filter"),
    ("bringUpLoopbackInterface", "loopback interface"),
    ("forkExec", "fork and exec, in the runner"),
    ("newm", "thread creation"),
    ("mstart", "thread creation"),
    ("grpc", "gRPC and runner (upstream)"),
    ("Unshare", "other namespaces"),
]

WINDOW_SECONDS = 0.5


def category(comm, stack):
    for marker, name in CATEGORIES:
        if any(marker in frame for frame in stack):
            return name
    if comm in ("true", "env"):
        return "the action: " + comm
    if comm.startswith("bb_sandbox_ini"):
        return "reaper process"
    if comm.startswith("bb_runner"):
        return "runner, other"
    if comm.startswith("upstream_bb"):
        return "runner, other"
    if comm.startswith("swapper"):
        return "idle"
    if comm.startswith(("kworker", "ksoftirqd", "rcu_")):
        return "kernel threads, other"
    return "other"


def main():
    markers = []
    if len(sys.argv) == 3 and sys.argv[1] == "--markers":
        markers = [group.split("+") for group in sys.argv[2].split(",")]
    samples = []
    stacks = []
    head, stack = None, []

    def flush():
        if head is not None:
            samples.append((head[1], head[0], category(head[0], stack)))
            if markers:
                stacks.append((head[1], head[0], list(stack)))

    for line in sys.stdin:
        if not line.strip():
            flush()
            head, stack = None, []
        elif not line[0].isspace():
            m = re.match(r"\s*(.+?)\s+([\d.]+):", line)
            head = (m.group(1), float(m.group(2))) if m else None
        else:
            fields = line.split()
            if len(fields) >= 2:
                stack.append(fields[1])
    flush()

    runners = collections.defaultdict(collections.Counter)
    for t, comm, _ in samples:
        if comm.startswith("bb_runner"):
            runners[int(t / WINDOW_SECONDS)]["ours"] += 1
        elif comm.startswith("upstream_bb"):
            runners[int(t / WINDOW_SECONDS)]["upstream"] += 1
    owner = {
        w: next(iter(c)) for w, c in runners.items() if len(c) == 1
    }
    counts = {"ours": collections.Counter(), "upstream": collections.Counter()}
    for t, _, name in samples:
        o = owner.get(int(t / WINDOW_SECONDS))
        if o:
            counts[o][name] += 1
    totals = {o: sum(c.values()) or 1 for o, c in counts.items()}
    if markers:
        print("| Functions on the stack | Ours | Upstream |")
        print("|---|---:|---:|")
        for group in markers:
            hits = collections.Counter()
            for t, _, stack in stacks:
                o = owner.get(int(t / WINDOW_SECONDS))
                if o and any(m in frame for m in group for frame in stack):
                    hits[o] += 1
            print("| %s | %.2f%% | %.2f%% |" % (
                ", ".join(group),
                100 * hits["ours"] / totals["ours"],
                100 * hits["upstream"] / totals["upstream"],
            ))
        return
    names = sorted(
        set(counts["ours"]) | set(counts["upstream"]),
        key=lambda n: -(counts["ours"][n] / totals["ours"] + counts["upstream"][n] / totals["upstream"]),
    )
    print("| Category | Ours | Upstream |")
    print("|---|---:|---:|")
    for n in names:
        print("| %s | %.1f%% | %.1f%% |" % (
            n,
            100 * counts["ours"][n] / totals["ours"],
            100 * counts["upstream"][n] / totals["upstream"],
        ))
    windows = collections.Counter(owner.values())
    print("\nWindows of %.1f s: ours %d, upstream %d" % (WINDOW_SECONDS, windows["ours"], windows["upstream"]))


if __name__ == "__main__":
    main()
