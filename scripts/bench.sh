#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`: what aether costs and what it buys, side by side in one run.
#
#  1. Decision cost in userspace: tools/aether-bench on three workloads
#     (median of 3 runs each) and instructions per decision under callgrind.
#  2. fio in a VM on null_blk (1 ms, 50 us, no completion latency): every job
#     of scripts/fio/ under Linux readahead alone, aether off, povm and stride,
#     alternated, repeated; medians and ratios (scripts/bench-report.py).
#  3. The files plan in the same VM: files on ext4 and xfs on a memory-backed
#     null_blk (1 ms, 50 us), scripts/fio/file-*.fio, and the sqlite3 CLI
#     scanning one table of a database whose pages interleave with another
#     table's (scripts/gen-sqlite-db.py), Linux readahead alone against
#     aether (povm), alternated, repeated.
#  4. CPU per read under qemu -icount (scripts/bench-cost.sh).
# Before the VM: the access-pattern pictures of scripts/figures.sh
# (aether-sim heatmap), in build/bench/<time>/figures/.
#
# Results go to build/bench/<time>/ (results.md, ratios.png, raw.csv); the
# headline table is written into Documentation/benchmarks.md.
#
# Environment: BENCH_REPS (3), BENCH_RUNTIME (seconds per fio run, 6),
# BENCH_PLAN (disk, files or all, the default, or LAT:JOB,... and
# LAT:FS:JOB,...; see scripts/bench-guest.sh), BENCH_SKIP_VM=1,
# BENCH_NO_DOC=1 (leave Documentation/ alone), BENCH_COST=0 (skip the
# instruction counts of scripts/bench-cost.sh), BENCH_COST_REPS (4),
# BENCH_HISTORY=1 (also the second cold start with the history predictor,
# tools/testing/vm/history-bench.sh: build/vm-listread's 2,000 reads, the
# sqlite3 CLI's lookups and python3's imports, one vCPU under -icount,
# BENCH_HISTORY_REPS repetitions, 7, BENCH_HISTORY_CASES to choose; its lines in
# build/bench/<time>/history.txt, its table in history.md), BENCH_HISTORY=only
# (that alone in the VM: no fio, no instruction counts).  The files plan keeps its
# files in guest memory: the VM gets 8 GiB when the plan has file jobs.
# BENCH_ICOUNT=1: the fio and files VM gets one vCPU under qemu -icount
# (guest time = instructions x 4 ns) instead of two plain TCG vCPUs: ratios
# that do not move with the host's load (the sqlite scan's CPU under plain
# TCG swung its ratio 1.3-3x on a shared host).
# BENCH_MODULE=FILE: benchmark that aether.ko instead of ./aether.ko (passed
# to scripts/vm.sh --module; a copy that nobody rebuilds during the run).
set -eu
cd "$(dirname "$0")/.."
reps=${BENCH_REPS:-3}
runtime=${BENCH_RUNTIME:-6}
out=build/bench/$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
command="make bench"
[ -z "${BENCH_PLAN:-}" ] || command="BENCH_PLAN=$BENCH_PLAN $command"
[ "$reps" = 3 ] || command="BENCH_REPS=$reps $command"
[ "$runtime" = 6 ] || command="BENCH_RUNTIME=$runtime $command"
[ "${BENCH_ICOUNT:-0}" != 1 ] || command="BENCH_ICOUNT=1 $command"

make -s tools golden
echo "== decision cost (tools/aether-bench, window 16, median of 3 runs)"
{
	echo "| workload | ns/decision p50 | p99 | Mdecisions/s | instructions/decision (callgrind) |"
	echo "|---|---:|---:|---:|---:|"
	for w in builtin stride random; do
		args=""
		[ $w = builtin ] || args="--workload build/golden/$w.lba"
		for i in 1 2 3; do
			# shellcheck disable=SC2086
			build/aether-bench $args --cycles 3000000 2>/dev/null
		done | sort -t= -k2 -n | sed -n 2p >"$out/cost-$w"
		instr=n/a
		if command -v valgrind >/dev/null; then
			# shellcheck disable=SC2086
			total=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
				--toggle-collect=aether_povm_cycle build/aether-bench $args \
				--cycles 100000 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
			[ -z "$total" ] || instr=$((total / 100000))
		fi
		sed -E "s/ns_per_decision_p50=([^ ]*) ns_per_decision_p99=([^ ]*) mops=([^ ]*)/| $w | \1 | \2 | \3 | $instr |/" "$out/cost-$w"
	done
} | tee "$out/cost.md"

if [ "${BENCH_NO_DOC:-0}" != 1 ]; then
	python3 - "$out/cost.md" "$command" <<'PY'
import sys
doc = "Documentation/benchmarks.md"
table, command = open(sys.argv[1]).read(), sys.argv[2]
text = open(doc).read()
start, end = "<!-- COST-START -->", "<!-- COST-END -->"
if start in text and end in text:
    text = text[:text.index(start) + len(start)] + "\n" + table + "\n" + text[text.index(end):]
    open(doc, "w").write(text)
PY
fi

echo "== access patterns: aether-sim heatmap (scripts/figures.sh) into $out/figures"
scripts/figures.sh --out "$out/figures" | sed 's/^png=[^ ]*\/\([^ ]*\) /\1 /'

if [ "${BENCH_SKIP_VM:-0}" = 1 ]; then
	echo "== VM benchmark skipped (BENCH_SKIP_VM=1)"
	exit 0
fi
make -s module
if [ "${BENCH_HISTORY:-0}" = only ]; then
	echo "== fio in a VM skipped (BENCH_HISTORY=only)"
else
	echo "== fio in a VM: $reps repeats of ${runtime}s per configuration (this takes a while)"
	plan=${BENCH_PLAN:-all}
	memory=4G
	guest_args=(--plan "$plan")
	case ,$plan, in
	*,all,* | *,files,* | *:ext4:* | *:xfs:*) memory=8G ;;
	esac
	case ,$plan, in
	*,all,* | *,files,* | *:sqlite,*)
		db=build/bench/sqlite-interleaved.db
		[ -f $db ] && [ $db -nt scripts/gen-sqlite-db.py ] || scripts/gen-sqlite-db.py $db
		guest_args+=(--sqlite-db "$db")
		;;
	esac
	vm_args=(--cpus 2 --memory "$memory")
	# one vCPU whose time is its instructions: the readers' CPU no longer
	# stretches with the host's load, the disk's latency stays real time
	[ "${BENCH_ICOUNT:-0}" != 1 ] || vm_args=(--cpus 1 --icount --memory "$memory")
	[ -z "${BENCH_MODULE:-}" ] || vm_args+=(--module "$BENCH_MODULE")
	VM_TIMEOUT=${VM_TIMEOUT:-7200} scripts/vm.sh "${vm_args[@]}" -- \
		scripts/bench-guest.sh --out "$out/raw.csv" --runtime "$runtime" --reps "$reps" "${guest_args[@]}"
	doc_args=()
	[ "${BENCH_NO_DOC:-0}" = 1 ] || doc_args=(--doc Documentation/benchmarks.md)
	python3 scripts/bench-report.py "$out/raw.csv" "$out" --command "$command" "${doc_args[@]}"
	cp "$out/cost.md" "$out/cost-table.md"
	echo "results: $out/results.md, $out/ratios.png"
fi

# optional (about 20 minutes): the history predictor on a repeated cold start
case ${BENCH_HISTORY:-0} in 1 | only)
	echo "== second cold start with the history predictor (tools/testing/vm/history-bench.sh)"
	make -s build/vm-listread
	hdb=build/bench/sqlite-lookup.db
	[ -f $hdb ] && [ $hdb -nt scripts/gen-sqlite-lookup.py ] || scripts/gen-sqlite-lookup.py $hdb
	# -icount: the programs' CPU counted in instructions (4 ns each), not in
	# the host's load, which made TCG's wall-clock ratios swing 2-3x
	hvm_args=(--cpus 1 --icount --memory 4G)
	[ -z "${BENCH_MODULE:-}" ] || hvm_args+=(--module "$BENCH_MODULE")
	VM_TIMEOUT=${VM_TIMEOUT:-3600} scripts/vm.sh "${hvm_args[@]}" -- tools/testing/vm/history-bench.sh \
		"${BENCH_HISTORY_REPS:-7}" 2000 "${BENCH_HISTORY_CASES:-listread,sqlite,python}" |
		tee "$out/history.txt"
	{
		echo "| second cold start, 1 ms, median | readahead alone | aether (history) | speedup | median of ratios | all cached | device reads alone / aether |"
		echo "|---|---:|---:|---:|---:|---:|---:|"
		sed -n 's/^RESULT history-bench-\([a-z]*\) ra_ms=\([0-9]*\) aether_ms=\([0-9]*\) speedup=\([0-9.]*\) ratio_median=\([0-9.]*\) ratios=[^ ]* cached_ms=\([0-9]*\) ra_reads=\([0-9]*\) aether_reads=\([0-9]*\).*/| \1 | \2 ms | \3 ms | \4x | \5x | \6 ms | \7 \/ \8 |/p' "$out/history.txt"
	} >"$out/history.md"
	cat "$out/history.md"
	;;
esac

# CPU per read in instructions: one vCPU under qemu -icount (the timing runs
# above cannot resolve a few per cent)
if [ "${BENCH_COST:-1}" = 1 ] && [ "${BENCH_HISTORY:-0}" != only ]; then
	echo "== CPU per read under -icount (scripts/bench-cost.sh)"
	scripts/bench-cost.sh --reps "${BENCH_COST_REPS:-4}" --runtime 3
fi
