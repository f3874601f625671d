#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The evaluation's pictures: `aether-sim heatmap` of a strided trace, a
# B-tree leaf scan and the captured sqlite traces, each under Linux
# readahead alone and under readahead plus aether (the deployment), as
# PNGs in DIR (default build/figures), one heatmap summary line per
# picture on stdout.  Colour key: Documentation/evaluation.md, Pictures.
# Any trace, recorded with `aetherctl record` for one: FIGURES_TRACES="FILE...";
# other policies: FIGURES_POLICIES="readahead povm+history+readahead".
# usage: scripts/figures.sh [--out DIR] [heatmap options, e.g. --width 800]
set -eu
cd "$(dirname "$0")/.."
out=build/figures
if [ "${1:-}" = --out ]; then
	out=$2
	shift 2
fi
make -s tools golden workloads >&2
mkdir -p "$out"
traces=${FIGURES_TRACES:-"build/golden/stride.lba build/workloads/leaf-scan.lba
$(ls build/traces/sqlite-*.blkparse 2>/dev/null || true)"}
for t in $traces; do
	case $t in *.msr) fmt=msr ;; *.blkparse*) fmt=blkparse ;; *) fmt=lba ;; esac
	name=$(basename "$t")
	name=${name%%.*}
	for p in ${FIGURES_POLICIES:-readahead povm+readahead}; do
		build/aether-sim heatmap --trace "$t" --format $fmt --policy $p \
			-o "$out/$name-${p//+/-}.png" "$@"
	done
done
