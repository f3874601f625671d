#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The POVM gate on the bundled workloads, in userspace: a few decisions of
# each and the prefetch ratio per workload.  This is what the module runs per
# device; the reference says "prefetch" for strided and random streams and
# "defer" for sequential ones.
set -eu
cd "$(dirname "$0")/.."
make -s tools golden
printf '%-11s %-48s %s\n' workload "decisions (first 48 windows, window 16)" "prefetch ratio"
for w in seq stride backward interleave bursty hft mixed random huge; do
	out=$(build/aether-sim decide --preset default --window 16 <build/golden/$w.lba | tail -n +2)
	dec=$(echo "$out" | head -n 48 | cut -d, -f4 | tr -d '\n' | tr 01 '.P')
	ratio=$(echo "$out" | awk -F, '{n++; p+=$4} END {printf "%.3f", p/n}')
	printf '%-11s %-48s %s\n' "$w" "$dec" "$ratio"
done
echo "(P = prefetch, . = defer; the gate's job is to tell the kinds apart)"
