#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Synthetic block traces for aether-sim replay, beyond the golden ones.

Deterministic (fixed seeds): `scripts/gen-workloads.py DIR` writes the same
files every time.  Sizes are chosen against the default 256 MiB page cache
of `aether-sim replay`: the reused regions are larger than the cache, so
reuse is only served by prefetching, not by the cache alone.

  stride-reuse.lba   4 KiB every 64 KiB over 8 GiB (512 MiB of data), 3 passes
  seq-reuse.lba      4 KiB sequential reads over 1 GiB, 3 passes
  leaf-scan.lba      B-tree-like: strided runs (16-256 KiB strides, 64-1024
                     blocks) from random starts, 30% random point reads between
  column.lba         8 columns read in lockstep (one stream each, 1 MiB stride)
  hot-random.lba     Zipf-like random reads over 4 GiB (a hot set the cache holds)
  two-tasks.blkparse two processes reading strided streams half a stride apart
                     on one device, interleaved (blkparse text, with pids)
  two-tasks.lba      the same reads without the pids
  oltp.msr           MSR Cambridge CSV: 70% random 8 KiB reads over a hot
                     table, 20% writes, 10% 64 KiB sequential log reads
"""
import os
import random
import sys

SECT = 8  # sectors per 4 KiB


def write_lba(path, sectors):
    with open(path, "w") as f:
        f.write("".join("%d\n" % s for s in sectors))


def stride_reuse():
    base, n = 4_000_000, 131072  # 8 GiB / 64 KiB
    return [base + i * 128 for _ in range(3) for i in range(n)]


def seq_reuse():
    base, n = 10_000_000, 262144  # 1 GiB / 4 KiB
    return [base + i * SECT for _ in range(3) for i in range(n)]


def leaf_scan(rng):
    out, span = [], 1 << 31  # 1 TiB of sectors
    while len(out) < 400_000:
        stride = rng.choice((32, 64, 128, 256, 512))
        start = rng.randrange(0, span) & ~7
        for i in range(rng.randrange(64, 1025)):
            out.append(start + i * stride)
            if rng.random() < 0.3:
                out.append(rng.randrange(0, span) & ~7)
    return out


def column(rng):
    cols = [rng.randrange(0, 1 << 30) & ~7 for _ in range(8)]
    return [c + row * 2048 for row in range(40_000) for c in cols]


def hot_random(rng):
    pages = (4 << 30) // 4096
    out = []
    for _ in range(400_000):
        # 80% of reads to 5% of the pages (fits the cache), the rest anywhere
        if rng.random() < 0.8:
            p = rng.randrange(0, pages // 20)
        else:
            p = rng.randrange(0, pages)
        out.append(50_000_000 + p * SECT)
    return out


def two_tasks():
    """(pid, sector) pairs: two strided streams 64 sectors apart."""
    out = []
    for i in range(100_000):
        out.append((1001, 8_000_000 + i * 128))
        out.append((1002, 8_000_064 + i * 128))
    return out


def write_blkparse(path, reqs):
    with open(path, "w") as f:
        t = 0.0
        for seq, (pid, sector) in enumerate(reqs, 1):
            t += 0.000025
            f.write("  8,16   0 %8d %14.9f %5d  Q   R %d + 8 [reader%d]\n"
                    % (seq, t, pid, sector, pid - 1000))
            f.write("  8,16   0 %8d %14.9f %5d  G   R %d + 8 [reader%d]\n"
                    % (seq, t, pid, sector, pid - 1000))
        f.write("CPU0 (8,16):\n Reads Queued:   %d\n" % len(reqs))


def oltp(rng):
    lines, ts = [], 128166372000000000
    table = (2 << 30) // 8192  # 2 GiB of 8 KiB rows
    log, log_pos = 6 << 30, 0
    for _ in range(300_000):
        ts += rng.randrange(100, 5000)
        r = rng.random()
        if r < 0.7:
            off = rng.randrange(0, table // 10 if rng.random() < 0.7 else table) * 8192
            lines.append("%d,db,0,Read,%d,8192,%d" % (ts, off, rng.randrange(100, 9000)))
        elif r < 0.9:
            off = rng.randrange(0, table) * 8192
            lines.append("%d,db,0,Write,%d,8192,%d" % (ts, off, rng.randrange(100, 9000)))
        else:
            lines.append("%d,db,0,Read,%d,65536,%d" % (ts, log + log_pos, rng.randrange(100, 9000)))
            log_pos += 65536
    return lines


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen-workloads.py DIR")
    d = sys.argv[1]
    os.makedirs(d, exist_ok=True)
    write_lba(os.path.join(d, "stride-reuse.lba"), stride_reuse())
    write_lba(os.path.join(d, "seq-reuse.lba"), seq_reuse())
    write_lba(os.path.join(d, "leaf-scan.lba"), leaf_scan(random.Random(1)))
    write_lba(os.path.join(d, "column.lba"), column(random.Random(2)))
    write_lba(os.path.join(d, "hot-random.lba"), hot_random(random.Random(3)))
    tt = two_tasks()
    write_blkparse(os.path.join(d, "two-tasks.blkparse"), tt)
    write_lba(os.path.join(d, "two-tasks.lba"), [s for _, s in tt])
    with open(os.path.join(d, "oltp.msr"), "w") as f:
        f.write("\n".join(oltp(random.Random(4))) + "\n")


if __name__ == "__main__":
    main()
