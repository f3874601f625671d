#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise scripts/bench-guest.sh's raw CSV: medians over repeats of IOPS
and device sectors read per (latency, job, configuration), ratios against
Linux readahead alone, the targets of the prefetch-engine issue, a Markdown
table, a gnuplot PNG chart, and optionally the headline table spliced into
Documentation/benchmarks.md between its BENCH-HEADLINE markers.  Lines of
the files plan (job FS/JOB, twelve fields) make a second table, "files",
with the file targets, spliced between the FILES-START/FILES-END markers.

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


FILE_JOBS = ["strided", "strided2", "seq", "random", "mixed", "sqlite"]
# (latency, fs, job, metric, bound, description): aether (povm) / Linux alone
FILE_TARGETS = [
    ("1ms", "ext4", "strided", "speed", 4.0, "ext4 file strided at 1 ms: >= 4x"),
    ("1ms", "xfs", "strided", "speed", 4.0, "xfs file strided at 1 ms: >= 4x"),
    ("1ms", "ext4", "strided2", "speed", 3.0, "ext4, two strided files at 1 ms: >= 3x"),
    ("1ms", "xfs", "strided2", "speed", 3.0, "xfs, two strided files at 1 ms: >= 3x"),
    ("1ms", "ext4", "sqlite", "speed", 2.0, "sqlite3 scan of an interleaved table, ext4, 1 ms: >= 2x"),
] + [(lat, fs, job, "speed", 0.95, "%s %s at %s: >= 0.95x" % (fs, job, lat.replace("us", " us").replace("ms", " ms")))
     for job in ("seq", "random", "mixed") for lat in ("1ms", "50us") for fs in ("ext4", "xfs")] + \
    [(lat, fs, job, "sectors", -1.05, "%s %s at %s: device sectors per read <= 1.05x" % (
        fs, job, lat.replace("us", " us").replace("ms", " ms")))
     for job in ("seq", "random") for lat in ("1ms", "50us") for fs in ("ext4", "xfs")]


def load_files(path):
    """Files-plan lines: {(lat, fs, job, cfg): [run dict, ...]}."""
    runs = defaultdict(list)
    with open(path) as f:
        for row in csv.reader(f):
            if len(row) < 12 or "/" not in row[1]:
                continue
            fs, job = row[1].split("/", 1)
            runs[(row[0], fs, job, row[2])].append({
                "iops": float(row[4]), "sectors": int(row[5]), "fpf": int(row[6]),
                "fused": int(row[7]), "ios": int(row[8]), "dpf": int(row[9]),
                "early": int(row[10]), "seconds": float(row[11])})
    return runs


def file_medians(runs):
    med = {}
    for key, rs in runs.items():
        m = {k: statistics.median(r[k] for r in rs) for k in rs[0]}
        # reads complete at different rates: device sectors per read; the
        # sqlite query reads the same pages every time: sectors per query
        m["spr"] = statistics.median(r["sectors"] if key[2] == "sqlite" else
                                     r["sectors"] / r["ios"] if r["ios"] else 0 for r in rs)
        # speed: IOPS for fio jobs, 1/seconds for the timed sqlite query
        m["speed"] = statistics.median(1 / r["seconds"] if r["seconds"] else r["iops"] for r in rs)
        m["early"] = sum(r["early"] for r in rs)
        m["dpf"] = max(r["dpf"] for r in rs)
        m["n"] = len(rs)
        med[key] = m
    return med


def file_ratio(med, lat, fs, job, metric, cfg="povm"):
    base, m = med.get((lat, fs, job, "linux")), med.get((lat, fs, job, cfg))
    key = "spr" if metric == "sectors" else "speed"
    if not base or not m or not base[key]:
        return None
    return m[key] / base[key]


def file_table(med):
    order = {j: i for i, j in enumerate(FILE_JOBS)}
    keys = sorted({k[:3] for k in med}, key=lambda k: (LAT_ORDER.get(k[0], 9), k[1], order.get(k[2], 99)))
    lines = ["| latency | fs | job | Linux alone | aether (povm) | ratio | device sectors per read, Linux / aether | file pages prefetched (aether) | used/prefetched | disk pages prefetched | runs |",
             "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for lat, fs, job in keys:
        base, p = med.get((lat, fs, job, "linux")), med.get((lat, fs, job, "povm"))
        spr = "%.1f"
        if job == "sqlite":
            val = lambda m: "n/a" if not m else "%.2f s" % m["seconds"]
            spr = "%.0f per query"
        else:
            val = lambda m: "n/a" if not m else "%.0f IOPS" % m["iops"]
        use = p["fused"] / p["fpf"] if p and p["fpf"] else None
        runs = min(v["n"] for k, v in med.items() if k[:3] == (lat, fs, job))
        early = sum(v["early"] for k, v in med.items() if k[:3] == (lat, fs, job))
        lines.append("| %s | %s | %s | %s | %s | %s | %s / %s | %s | %s | %s | %d%s |" % (
            lat, fs, job, val(base), val(p), fmt(file_ratio(med, lat, fs, job, "speed"), "%.2fx"),
            fmt(base and base["spr"], spr.split()[0]), fmt(p and p["spr"], spr),
            fmt(p and p["fpf"], "%.0f"), fmt(use), fmt(p and p["dpf"], "%d"), runs,
            " (%d readers reached EOF)" % early if early else ""))
    return "\n".join(lines)


def file_targets(med):
    lines = ["| target | measured | met |", "|---|---:|:---:|"]
    for lat, fs, job, metric, bound, desc in FILE_TARGETS:
        r = file_ratio(med, lat, fs, job, metric)
        if r is None:
            met = "not run"
        elif bound < 0:
            met = "yes" if r <= -bound else "**no**"
        else:
            met = "yes" if r >= bound else "**no**"
        lines.append("| %s | %s | %s |" % (desc, fmt(r, "%.2fx"), met))
    dpf = [v["dpf"] for k, v in med.items() if k[3] != "linux"]
    if dpf:
        lines.append("| 0 pages prefetched into the disk's page cache with a filesystem mounted | %d | %s |" % (
            max(dpf), "yes" if max(dpf) == 0 else "**no**"))
    return "\n".join(lines)


def splice(doc, start, end, new):
    text = open(doc).read()
    if start in text and end in text:
        text = text[:text.index(start) + len(start)] + new + text[text.index(end):]
        open(doc, "w").write(text)
        print("bench-report: updated", doc)


def load(path):
    runs = defaultdict(list)
    with open(path) as f:
        for row in csv.reader(f):
            if not row or row[0].startswith("#") or len(row) < 6 or "/" in row[1]:
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
    fmed = file_medians(load_files(raw))
    if not med and not fmed:
        sys.exit("bench-report: no runs in %s" % raw)
    os.makedirs(outdir, exist_ok=True)
    body = ""
    png = None
    if med:
        png = chart(med, outdir)
        body += "## IOPS, medians of repeats, as ratios to Linux readahead alone\n\n" + table(med) + \
            "\n\n## Targets\n\n" + targets(med) + "\n"
        if png:
            body += "\n![IOPS ratios](ratios.png)\n"
        print(table(med))
        print()
        print(targets(med))
    if fmed:
        body += "\n## Files: medians of repeats, aether (povm) against Linux readahead alone\n\n" + \
            file_table(fmed) + "\n\n## File targets\n\n" + file_targets(fmed) + "\n"
        print()
        print(file_table(fmed))
        print()
        print(file_targets(fmed))
    with open(os.path.join(outdir, "results.md"), "w") as f:
        f.write("# aether benchmark\n\n" + (f"Command: `{command}`\n\n" if command else "") + body)
    if doc and med:
        splice(doc, "<!-- BENCH-HEADLINE-START -->", "<!-- BENCH-HEADLINE-END -->",
               "\n" + (f"Reproduce with `{command}`.\n\n" if command else "") +
               table(med) + "\n\n" + targets(med) + "\n")
    if doc and fmed:
        splice(doc, "<!-- FILES-START -->", "<!-- FILES-END -->",
               "\n" + (f"Reproduce with `{command}`.\n\n" if command else "") +
               file_table(fmed) + "\n\n" + file_targets(fmed) + "\n")


if __name__ == "__main__":
    main()
