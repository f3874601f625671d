#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Speed of `aether-sim replay`, single-threaded, per policy and workload:
# the median of 5 runs of the replay's CPU time (parsing reported apart).
# CPU time, not wall time, so other load on the machine inflates the figures
# less (it still costs cache and memory bandwidth).
# usage: scripts/bench-sim.sh [policy...]   (default: povm)
set -eu
cd "$(dirname "$0")/.."
make -s tools workloads >&2
D=build/bench-sim
mkdir -p "$D"
[ -f "$D/random-2m.lba" ] || python3 -c "
import random
r = random.Random(5)
with open('$D/random-2m.lba', 'w') as f:
    f.write(''.join('%d\n' % (r.getrandbits(31) & ~7) for _ in range(2_000_000)))
"
policies=${*:-povm}
printf '%-18s %-15s %10s %14s %14s\n' workload policy requests "replay Mreq/s" "+parse Mreq/s"
for w in "$D/random-2m.lba" build/workloads/leaf-scan.lba build/workloads/hot-random.lba \
	build/workloads/column.lba build/workloads/stride-reuse.lba build/workloads/oltp.msr; do
	case $w in *.msr) fmt=msr ;; *) fmt=lba ;; esac
	for p in $policies; do
		for i in 1 2 3 4 5; do
			build/aether-sim replay --trace "$w" --format $fmt --policy "$p" --timing 2>&1 >/dev/null |
				sed -n 's/.*replay of \([0-9]*\) requests .* = \([0-9.]*\) M requests\/s; both = \([0-9.]*\).*/\1 \2 \3/p'
		done | sort -k2 -n | sed -n 3p | {
			read -r n r b
			printf '%-18s %-15s %10s %14s %14s\n' "$(basename "$w")" "$p" "$n" "$r" "$b"
		}
	done
done
