#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Guest-kernel instructions per fio read, per function (scripts/prof-guest.sh).

scripts/prof-attribute.py [--dir DIR] [--top N] NAME=TAG[,TAG...] ...

Each NAME=TAG[,TAG...] is one configuration (e.g. povm=povm.1,povm.2): the
runs TAG of it are pooled (instructions summed, reads summed).  A run TAG
is, in DIR (default build/prof/out):
  tb.TAG.1, tb.TAG.2  tools/prof/tbcount.c's dumps at the two markers around
                      the counted window ("vaddr_hex n_insns exec_count")
  kallsyms.TAG, modules.TAG  that boot's /proc/kallsyms and /proc/modules
                      (KASLR: every boot has its own addresses)
Each block's n_insns * (count2 - count1) goes to the kallsyms text symbol
containing its start address (module symbols carry [module]); the reads in
the window are the calls of blkdev_read_iter (executions of its entry
block: one per read(2) on the block device).  A block is charged wholly to
the function it starts in: inlined helpers show under their caller.

Prints the totals per configuration (and per run: the run-to-run noise),
every function of the aether module, and the kernel's functions with the
largest differences.  The differences are each configuration minus the
last one (e.g. povm-off).
"""
import argparse
import bisect
import collections
import os
import sys

READ_FUNC = "blkdev_read_iter"
KERNEL_START = 0xffff800000000000
MODULE_START = 0xffffffffc0000000
AETHER = "[aether]"


def load_syms(kallsyms, modules):
    """Sorted text symbol addresses and names, _etext, module ranges."""
    syms, etext = [], None
    for line in open(kallsyms):
        f = line.split()
        if len(f) < 3:
            continue
        if f[2] == "_etext":
            etext = int(f[0], 16)
        if f[1] not in "tTwW":
            continue
        addr = int(f[0], 16)
        if addr < KERNEL_START:
            continue
        syms.append((addr, f[2] + (" " + f[3] if len(f) > 3 else "")))
    syms.sort()
    mods = []
    if os.path.exists(modules):
        for line in open(modules):
            f = line.split()	# name size refs deps state addr
            mods.append((int(f[5], 16), int(f[1])))
    return [a for a, _ in syms], [n for _, n in syms], etext, mods


def lookup(addrs, names, etext, mods, va):
    if va >= MODULE_START and mods:
        if not any(b <= va < b + s for b, s in mods):
            return "?module-space-nonmodule"
    elif etext is not None and etext <= va < MODULE_START:
        return "?kernel-nontext"
    i = bisect.bisect_right(addrs, va) - 1
    return names[i] if i >= 0 else "?below-text"


def load_tb(path):
    d = {}
    for line in open(path):
        va, n, c = line.split()
        d[(int(va, 16), int(n))] = int(c)
    return d


def profile(out, tag):
    """Instructions per function and reads in the window of run TAG."""
    addrs, names, etext, mods = load_syms(os.path.join(out, "kallsyms." + tag),
                                          os.path.join(out, "modules." + tag))
    t1 = load_tb(os.path.join(out, "tb.%s.1" % tag))
    t2 = load_tb(os.path.join(out, "tb.%s.2" % tag))
    if READ_FUNC not in names:
        sys.exit("prof-attribute.py: no %s in kallsyms.%s" % (READ_FUNC, tag))
    fa = addrs[names.index(READ_FUNC)]
    reads = sum(c - t1.get(k, 0) for k, c in t2.items() if k[0] == fa)
    per = collections.Counter()
    cache = {}
    for (va, n), c in t2.items():
        d = c - t1.get((va, n), 0)
        if d <= 0:
            continue
        if va not in cache:
            cache[va] = lookup(addrs, names, etext, mods, va)
        per[cache[va]] += n * d
    return per, reads


def main():
    ap = argparse.ArgumentParser(
        usage="scripts/prof-attribute.py [--dir DIR] [--top N] NAME=TAG[,TAG...] ...")
    ap.add_argument("--dir", default="build/prof/out")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("configs", nargs="+", metavar="NAME=TAG[,TAG...]")
    args = ap.parse_args()

    names, ipr, runs = [], [], []
    for spec in args.configs:
        name, sep, tags = spec.partition("=")
        if not sep or not name or not tags:
            ap.error("bad configuration %r (NAME=TAG[,TAG...])" % spec)
        pooled, reads, per_run = collections.Counter(), 0, []
        for t in tags.split(","):
            p, r = profile(args.dir, t)
            if r == 0:
                sys.exit("prof-attribute.py: run %s: no reads in its window" % t)
            pooled.update(p)
            reads += r
            per_run.append((t, r, sum(p.values()) / r))
        names.append(name)
        ipr.append({k: v / reads for k, v in pooled.items()})
        runs.append((reads, per_run))

    # differences: each configuration minus the last
    base = len(names) - 1
    dcols = [i for i in range(base)]
    keys = set().union(*ipr)

    def diff(i, k):
        return ipr[i].get(k, 0) - ipr[base].get(k, 0)

    def spread(k):
        return max((abs(diff(i, k)) for i in dcols), default=0)

    w = 52
    hdr = "%-*s" % (w, "function (guest kernel instr / fio read)")
    hdr += "".join(" %10s" % n[:10] for n in names)
    hdr += "".join(" %12s" % ("%s-%s" % (names[i], names[base]))[:12] for i in dcols)

    def row(k):
        s = "%-*s" % (w, k[:w])
        s += "".join(" %10.1f" % c.get(k, 0) for c in ipr)
        s += "".join(" %+12.1f" % diff(i, k) for i in dcols)
        return s

    total = [sum(c.values()) for c in ipr]
    mod = [sum(v for k, v in c.items() if k.endswith(AETHER)) for c in ipr]
    print("configurations (runs pooled): " + "  ".join(
        "%s=%s" % (n, ",".join(t for t, _, _ in r[1])) for n, r in zip(names, runs)))
    print("reads in the window:  " + "  ".join(
        "%s=%d" % (n, r[0]) for n, r in zip(names, runs)))
    for label, v in (("kernel instr/read:", total), ("  of which [aether]:", mod)):
        print("%-21s " % label + "  ".join("%s=%.0f" % (n, x) for n, x in zip(names, v)) +
              "".join("  %s-%s=%+.0f" % (names[i], names[base], v[i] - v[base]) for i in dcols))
    print("per run (instr/read): " + "  ".join(
        "%s=%.0f" % (t, x) for r in runs for t, _, x in r[1]))

    print("\n== [aether] functions ==")
    print(hdr)
    for k in sorted((k for k in keys if k.endswith(AETHER)),
                    key=lambda k: (-spread(k), -ipr[0].get(k, 0), k)):
        print(row(k))
    if dcols:
        print("\n== kernel: top %d by difference ==" % args.top)
        rest = (k for k in keys if not k.endswith(AETHER))
        sel = sorted(rest, key=lambda k: (-spread(k), k))[:args.top]
    else:
        print("\n== kernel: top %d ==" % args.top)
        rest = (k for k in keys if not k.endswith(AETHER))
        sel = sorted(rest, key=lambda k: (-ipr[0].get(k, 0), k))[:args.top]
    print(hdr)
    for k in sel:
        print(row(k))
    return 0


if __name__ == "__main__":
    sys.exit(main())
