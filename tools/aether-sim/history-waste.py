#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Where the history predictor's pages go on a repeated-start trace.

Scores `aether-sim replay --emit-source` of POLICY (default
povm+history+readahead) and of `readahead` alone with an LRU of the same
size, as the emit contract says (R: each page a hit or a miss, then cached;
P: each page not cached is prefetched), and splits the history's pages of
the last run (after the last "# drop_caches") by what they were:

  demand-1     a page the program read in the first run
  ra-waste-1   a page readahead read in the first run and nobody used
  other        neither
and whether readahead alone reads the page in the last run too (ra-2).

usage: history-waste.py TRACE [--format F] [--sim PATH] [--policy P]
                           [replay options...]
"""
import argparse
import collections
import subprocess
import sys


def score(sim, trace, fmt, policy, extra, cache_pages):
    """Per run: prefetched pages {page: [src, used]}, demand pages, misses."""
    out = subprocess.run([sim, "replay", "--trace", trace, "--format", fmt,
                          "--policy", policy, "--emit-source"] + extra,
                         check=True, capture_output=True, text=True).stdout
    runs = [({}, set(), [0])]
    lru = collections.OrderedDict()   # page -> [src or None, used]
    for line in out.splitlines():
        f = line.split()
        if line.startswith("# drop_caches"):
            runs.append(({}, set(), [0]))
            lru.clear()
            continue
        pre, dem, miss = runs[-1]
        a = int(f[1]) // 8
        if f[0] == "R":
            z = (int(f[1]) + int(f[2]) + 7) // 8
            for p in range(a, z):
                dem.add(p)
                if p in lru:
                    lru[p][1] = True
                    lru.move_to_end(p)
                else:
                    miss[0] += 1
                    lru[p] = [None, True]
        else:
            for p in range(a, a + int(f[2]) // 8):
                if p not in lru:
                    lru[p] = [f[3], False]
                    pre[p] = lru[p]
        while len(lru) > cache_pages:
            lru.popitem(last=False)
    return runs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("trace")
    ap.add_argument("--format", default="blkparse")
    ap.add_argument("--sim", default="build/aether-sim")
    ap.add_argument("--policy", default="povm+history+readahead")
    ap.add_argument("--cache-mb", type=int, default=256)
    args, extra = ap.parse_known_args()
    extra += ["--cache-mb", str(args.cache_mb)]
    pages = args.cache_mb * 256
    hist = score(args.sim, args.trace, args.format, args.policy, extra, pages)
    ra = score(args.sim, args.trace, args.format, "readahead", extra, pages)
    if len(hist) < 2:
        sys.exit("history-waste.py: the trace has no '# drop_caches'")
    first_ra, first_dem = ra[0][0], ra[0][1]
    last_ra = ra[-1][0]
    pre = hist[-1][0]
    kinds = collections.Counter()
    for p, (src, used) in pre.items():
        if src != "history":
            continue
        was = ("demand-1" if p in first_dem else
               "ra-waste-1" if p in first_ra and not first_ra[p][1] else "other")
        kinds[("used" if used else "wasted", was,
               "ra-2" if p in last_ra else "not-ra-2")] += 1
    n = sum(kinds.values())
    print(f"{args.trace}: last run, {args.policy}: {n} history pages, "
          f"misses {hist[-1][2][0]} (readahead alone: {ra[-1][2][0]})")
    for k, v in sorted(kinds.items(), key=lambda kv: -kv[1]):
        print(f"  {' '.join(k):32} {v:6}")
    for name, runs in ((args.policy, hist), ("readahead", ra)):
        c = collections.Counter((src, used) for src, used in runs[-1][0].values())
        print(f"  last run, {name}: wasted pages by source:",
              ", ".join(f"{s} {c[(s, False)]}" for s in
                        ("readahead", "stride", "history") if c[(s, False)] or c[(s, True)]))


if __name__ == "__main__":
    main()
