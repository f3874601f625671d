#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/bench-cost.sh [--reps N] [--runtime SEC] [--jobs "JOB..."]
#
# What aether costs per read, in instructions.  One VM with one vCPU under
# qemu's -icount shift=2 (scripts/vm.sh --icount): guest time is
# instructions x 4 ns, so IOPS on a no-latency null_blk (irqmode=0,
# completion_nsec=0) measures the CPU path of a read, repeatably, whatever
# the host is doing.  Each job runs Linux alone (aether not loaded), aether
# attached with policy off, and with policy povm, alternated (the order rotated each repeat), N repeats;
# the report gives median IOPS, the ratio to Linux alone and instructions
# per read (2.5e8 / IOPS) and those aether adds.  Jobs (fio psync 4 KiB):
#   direct-rand     O_DIRECT random reads
#   buffered-rand   buffered random reads (page-cache misses)
#   direct-strided  O_DIRECT, 4 KiB every 64 KiB
#   buffered-strided buffered, 4 KiB every 64 KiB (povm prefetches here:
#                   its IOPS include the prefetch work, and the hits)
#   mixed-1ms       scripts/fio/mixed.fio's three readers (sequential,
#                   strided, random) at once on a disk with 1 ms
#                   completions, each reader's IOPS and their sum
#                   (not in the default list)
# Results: build/bench-cost/results.csv and report.txt.
set -eu
cd "$(dirname "$0")/.."
reps=4 runtime=3 jobs="direct-rand buffered-rand direct-strided buffered-strided"
while [ $# -gt 0 ]; do
	case $1 in
	--reps) reps=$2; shift 2 ;;
	--runtime) runtime=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	*) echo "usage: scripts/bench-cost.sh [--reps N] [--runtime SEC] [--jobs \"JOB...\"]" >&2; exit 2 ;;
	esac
done
OUT=build/bench-cost
mkdir -p "$OUT"
make -s module tools >/dev/null
scripts/vm.sh --cpus 1 --memory 1G --icount -- \
	scripts/bench-cost-guest.sh "$reps" "$runtime" "$jobs" "$OUT/results.csv"
python3 - "$OUT/results.csv" <<'PY' | tee "$OUT/report.txt"
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
jobs = []
for r in rows:
    if r["job"] not in jobs:
        jobs.append(r["job"])
print("%-17s %-6s %10s %8s %12s %8s  %s" % ("job", "config", "IOPS", "ratio",
      "instr/read", "added", "repeats"))
for j in jobs:
    med = {}
    for c in ("linux", "off", "povm"):
        v = [float(r["iops"]) for r in rows if r["job"] == j and r["config"] == c]
        if not v:
            continue
        med[c] = statistics.median(v)
        base = med.get("linux")
        ipr = 2.5e8 / med[c]
        added = ipr - 2.5e8 / base if base else 0
        print("%-17s %-6s %10.0f %8s %12.0f %8s  %s" % (
            j, c, med[c], "%.3f" % (med[c] / base) if base else "-", ipr,
            "%+.0f" % added if base else "-", " ".join("%.0f" % x for x in v)))
PY
