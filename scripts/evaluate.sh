#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every policy of `aether-sim replay` on every workload: the golden traces,
# the synthetic ones of scripts/gen-workloads.py and the captured traces in
# tools/testing/traces/ (decompressed by `make workloads`), as the Markdown
# table of Documentation/evaluation.md; then the pictures of
# scripts/figures.sh in build/figures (their summary lines on stderr).
# usage: scripts/evaluate.sh [replay options, e.g. --cache-mb 64]
set -eu
cd "$(dirname "$0")/.."
make -s tools golden workloads >&2
SIM=build/aether-sim
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

traces="build/golden/seq.lba build/golden/stride.lba build/golden/backward.lba
build/golden/random.lba build/golden/interleave.lba build/golden/bursty.lba
build/golden/hft.lba build/golden/mixed.lba build/golden/huge.lba
$(ls build/workloads/* | grep -v stamp)
$(ls build/traces/*.blkparse 2>/dev/null || true)"

POLICIES="none readahead stride povm povm+readahead history stride+history povm+history
povm+history+readahead"
v() { tr ' ' '\n' <"$1" | sed -n "s/^$2=//p"; }
echo "| workload | requests | policy | precision | coverage | extra I/O | misses | prefetched pages | history precision |"
echo "|----------|---------:|--------|----------:|---------:|----------:|-------:|-----------------:|------------------:|"
repeated=""
for t in $traces; do
	case $t in *.msr) fmt=msr ;; *.blkparse) fmt=blkparse ;; *) fmt=lba ;; esac
	name=$(basename "$t")
	for p in $POLICIES; do
		"$SIM" replay --trace "$t" --format $fmt --policy $p "$@" 2>/dev/null >"$T/$(basename "$t").$p"
		s=$T/$(basename "$t").$p
		echo "| $name | $(v $s requests) | $p | $(v $s precision) | $(v $s coverage) | $(v $s extra_io) | $(v $s misses) | $(v $s prefetched_pages) | $(v $s history_precision) |"
		name=""
	done
	[ "$(v "$T/$(basename "$t").none" drops)" = 0 ] || repeated="$repeated $t"
done
if [ -n "$repeated" ]; then
	echo
	echo "Repeated starts: the second run (after the last \`# drop_caches\`) against readahead alone."
	echo
	echo "| trace | policy | misses, 2nd run | removed of readahead's | precision | aether precision | history precision | extra I/O |"
	echo "|-------|--------|----------------:|-----------------------:|----------:|-----------------:|------------------:|----------:|"
fi
for t in $repeated; do
	base=$(basename "$t")
	name=$base
	ra=$(v "$T/$base.readahead" last_run_misses)
	for p in $POLICIES; do
		s=$T/$base.$p
		m=$(v $s last_run_misses)
		rm=$(awk -v a="$ra" -v b="$m" 'BEGIN { if (a > 0) printf "%.3f", (a - b) / a; else print "na" }')
		echo "| $name | $p | $m | $rm | $(v $s precision) | $(v $s aether_precision) | $(v $s history_precision) | $(v $s extra_io) |"
		name=""
	done
done

scripts/figures.sh >&2
