#!/usr/bin/env python3
"""Per-thread CPU of a process, grouped by thread name, between two snapshots read from /proc.

    bench/thread-cpu.py snap PID FILE        before a run, and again after it
    bench/thread-cpu.py diff BEFORE AFTER    CPU-seconds per group of threads, largest first

Groups drop the numbers of thread names (vert.x-eventloop-thread-1 and -2 are one group; Linux
cuts names to 15 characters). On a shared machine JFR samples threads that wait for a core as if
they ran; this counts the CPU they used (docs/benchmark-history.md, "End to end").
"""
import collections
import json
import os
import re
import sys

TICKS = os.sysconf("SC_CLK_TCK")


def snap(pid):
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip()
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # the thread ended meanwhile
        fields = stat[stat.rindex(")") + 2:].split()
        out[tid] = (name, int(fields[11]) + int(fields[12]))  # utime + stime
    return out


def group(name):
    return re.sub(r"\d+", "N", re.sub(r"[-#]?\d+$", "", name))


def diff(before, after):
    used = collections.Counter()
    for tid, (name, ticks) in after.items():
        used[group(name)] += ticks - before.get(tid, (name, 0))[1]
    total = sum(used.values()) or 1
    print(f"total CPU-s {total / TICKS:.1f}")
    for name, ticks in used.most_common(25):
        print(f"{ticks / TICKS:8.1f} {ticks * 100 / total:5.1f}% {name}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "snap":
        with open(sys.argv[3], "w") as f:
            json.dump(snap(sys.argv[2]), f)
    elif len(sys.argv) == 4 and sys.argv[1] == "diff":
        with open(sys.argv[2]) as a, open(sys.argv[3]) as b:
            diff(json.load(a), json.load(b))
    else:
        sys.exit(__doc__)
