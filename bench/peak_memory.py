"""Peak memory of a command and every process it starts, counted once (Linux).

    python bench/peak_memory.py -- atmp-kg build --graph DIR --out /tmp/dist

GNU time's "maximum resident set size" is per process, and adding the build's and its forked
explorer's would count twice the pages they share (copy-on-write after fork). This samples, every
``--every`` seconds, the proportional set size (PSS: shared pages split between their users) of
the command's process tree from ``/proc/<pid>/smaps_rollup`` and prints the largest sum seen,
with the wall-clock seconds. Sampling can miss a short peak between two samples.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path


def tree(root):
    """``root`` and its descendants' pids."""
    children = {}
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(status.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def pss_kb(pid):
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=float, default=0.2, help="seconds between samples")
    parser.add_argument("--trace", action="store_true", help="print each sample (seconds, MB)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command, after --")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to measure after --")
    start = time.perf_counter()
    process = subprocess.Popen(command)
    peak = 0
    while process.poll() is None:
        sample = sum(pss_kb(pid) for pid in tree(process.pid))
        peak = max(peak, sample)
        if args.trace:
            print(f"{time.perf_counter() - start:7.1f} s {sample / 1024:8,.0f} MB", file=sys.stderr, flush=True)
        time.sleep(args.every)
    wall = time.perf_counter() - start
    print(f"exit {process.returncode}; wall {wall:.1f} s; peak PSS of the process tree {peak / 1024:,.0f} MB",
          file=sys.stderr)
    return process.returncode


if __name__ == "__main__":
    sys.exit(main())
