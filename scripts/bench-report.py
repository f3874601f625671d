#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise scripts/bench-guest.sh's raw CSV: medians over repeats of IOPS
and device sectors read per (latency, job, configuration), ratios against
Linux readahead alone, the targets of the prefetch-engine issue, a Markdown
table, a gnuplot PNG chart, and optionally the headline table spliced into
Documentation/benchmarks.md between its BENCH-HEADLINE markers.

usage: bench-report.py RAW.csv OUTDIR [--doc Documentation/benchmarks.md --command "..."]
"""
import csv
import os
import statistics
import subprocess
import sys
from collections import defaultdict

CONFIGS = ["linux", "off", "povm", "stride"]
LAT_ORDER = {"1ms": 0, "50us": 1, "none": 2}
# (latency, job, config, metric, bound, description)
TARGETS = [
    ("1ms", "strided", "povm", "iops", 4.0, "strided at 1 ms: povm >= 4x Linux readahead"),
    ("1ms", "strided2", "povm", "iops", 3.0, "two interleaved strided jobs at 1 ms: >= 3x"),
    ("1ms", "seq", "povm", "iops", 0.95, "sequential at 1 ms: >= 0.95x"),
    ("50us", "seq", "povm", "iops", 0.95, "sequential at 50 us: >= 0.95x"),
    ("1ms", "random", "povm", "iops", 0.95, "random at 1 ms: >= 0.95x"),
    ("50us", "random", "povm", "iops", 0.95, "random at 50 us: >= 0.95x"),
    ("1ms", "random", "povm", "sectors", -1.05, "random at 1 ms: <= 1.05x the device sectors per read"),
    ("50us", "random", "povm", "sectors", -1.05, "random at 50 us: <= 1.05x the device sectors per read"),
    ("none", "randdirect", "off", "iops", 0.97, "probe overhead, direct random, policy off: >= 0.97x"),
]


def load(path):
    runs = defaultdict(list)
    with open(path) as f:
        for row in csv.reader(f):
            if not row or row[0].startswith("#") or len(row) < 6:
                continue
            lat, job, cfg, rep, iops, sectors = row[:6]
            pf = int(row[6]) if len(row) > 6 else 0
            used = int(row[7]) if len(row) > 7 else 0
            runs[(lat, job, cfg)].append((float(iops), int(sectors), pf, used))
    return runs


def medians(runs):
    med = {}
    for key, rs in runs.items():
        med[key] = {
            "iops": statistics.median(r[0] for r in rs),
            # runs are time-based: device sectors per reader I/O (IOPS times
            # the same runtime) is what compares across configurations
            "sectors": statistics.median(r[1] / r[0] if r[0] else 0 for r in rs),
            "prefetched": statistics.median(r[2] for r in rs),
            "used": statistics.median(r[3] for r in rs),
            "n": len(rs),
        }
    return med


def ratio(med, lat, job, cfg, metric):
    base, m = med.get((lat, job, "linux")), med.get((lat, job, cfg))
    if not base or not m or not base[metric]:
        return None
    return m[metric] / base[metric]


def fmt(x, spec="%.2f"):
    return "n/a" if x is None else spec % x


def table(med):
    keys = sorted({(k[0], k[1]) for k in med}, key=lambda k: (LAT_ORDER.get(k[0], 9), k[1]))
    lines = ["| latency | job | Linux IOPS | off | povm | stride | device sectors per read, povm/Linux | used/prefetched (povm) | runs |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for lat, job in keys:
        base = med.get((lat, job, "linux"))
        p = med.get((lat, job, "povm"))
        use = None
        if p and p["prefetched"]:
            use = p["used"] / p["prefetched"]
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %d |" % (
            lat, job, fmt(base and base["iops"], "%.0f"),
            *(fmt(ratio(med, lat, job, c, "iops"), "%.2fx") for c in CONFIGS[1:]),
            fmt(ratio(med, lat, job, "povm", "sectors"), "%.2fx"), fmt(use),
            min(v["n"] for k, v in med.items() if k[:2] == (lat, job))))
    return "\n".join(lines)


def targets(med):
    lines = ["| target | measured | met |", "|---|---:|:---:|"]
    for lat, job, cfg, metric, bound, desc in TARGETS:
        r = ratio(med, lat, job, cfg, metric)
        if r is None:
            met = "not run"
        elif bound < 0:
            met = "yes" if r <= -bound else "**no**"
        else:
            met = "yes" if r >= bound else "**no**"
        lines.append("| %s | %s | %s |" % (desc, fmt(r, "%.2fx"), met))
    return "\n".join(lines)


def chart(med, outdir):
    keys = sorted({(k[0], k[1]) for k in med}, key=lambda k: (LAT_ORDER.get(k[0], 9), k[1]))
    dat = os.path.join(outdir, "ratios.dat")
    with open(dat, "w") as f:
        f.write("# case off povm stride (IOPS / Linux readahead alone)\n")
        for lat, job in keys:
            f.write('"%s %s" %s\n' % (job, lat, " ".join(
                fmt(ratio(med, lat, job, c, "iops"), "%.3f") .replace("n/a", "NaN") for c in CONFIGS[1:])))
    png = os.path.join(outdir, "ratios.png")
    # gnuplot rejects a histogram column without a single point
    cols = [(i + 2, c) for i, c in enumerate(CONFIGS[1:])
            if any(ratio(med, lat, job, c, "iops") for lat, job in keys)]
    if not cols:
        return None
    plots = ", ".join('"%s" using %d%s title "aether %s"' % (dat if n == 0 else "", col,
                      ":xtic(1)" if n == 0 else "", c) for n, (col, c) in enumerate(cols))
    script = f"""set terminal pngcairo size 1100,500 font ",10"
set output "{png}"
set style data histogram
set style histogram cluster gap 1
set style fill solid 0.8 border -1
set ylabel "IOPS relative to Linux readahead alone"
set xtics rotate by -30
set logscale y
set grid ytics
set key top left
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2
plot {plots}
"""
    try:
        subprocess.run(["gnuplot"], input=script, text=True, check=True,
                       stderr=subprocess.PIPE)
    except (OSError, subprocess.CalledProcessError) as e:
        sys.stderr.write("bench-report: no chart (%s)\n" % e)
        return None
    return png


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    raw, outdir = args[0], args[1]
    doc = command = None
    if "--doc" in args:
        doc = args[args.index("--doc") + 1]
    if "--command" in args:
        command = args[args.index("--command") + 1]
    med = medians(load(raw))
    if not med:
        sys.exit("bench-report: no runs in %s" % raw)
    os.makedirs(outdir, exist_ok=True)
    png = chart(med, outdir)
    body = "## IOPS, medians of repeats, as ratios to Linux readahead alone\n\n" + table(med) + \
        "\n\n## Targets\n\n" + targets(med) + "\n"
    if png:
        body += "\n![IOPS ratios](ratios.png)\n"
    with open(os.path.join(outdir, "results.md"), "w") as f:
        f.write("# aether benchmark\n\n" + (f"Command: `{command}`\n\n" if command else "") + body)
    print(table(med))
    print()
    print(targets(med))
    if doc:
        text = open(doc).read()
        start, end = "<!-- BENCH-HEADLINE-START -->", "<!-- BENCH-HEADLINE-END -->"
        if start in text and end in text:
            head = text[:text.index(start) + len(start)]
            tail = text[text.index(end):]
            new = "\n" + (f"Reproduce with `{command}`.\n\n" if command else "") + \
                table(med) + "\n\n" + targets(med) + "\n"
            open(doc, "w").write(head + new + tail)
            print("bench-report: updated", doc)


if __name__ == "__main__":
    main()
