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

echo "| workload | requests | policy | precision | coverage | extra I/O | misses | prefetched pages |"
echo "|----------|---------:|--------|----------:|---------:|----------:|-------:|-----------------:|"
for t in $traces; do
	case $t in *.msr) fmt=msr ;; *.blkparse) fmt=blkparse ;; *) fmt=lba ;; esac
	name=$(basename "$t")
	for p in none readahead stride povm povm+readahead; do
		"$SIM" replay --trace "$t" --format $fmt --policy $p "$@" 2>/dev/null >"$T/s"
		v() { tr ' ' '\n' <"$T/s" | sed -n "s/^$1=//p"; }
		echo "| $name | $(v requests) | $p | $(v precision) | $(v coverage) | $(v extra_io) | $(v misses) | $(v prefetched_pages) |"
		name=""
	done
done

scripts/figures.sh >&2
