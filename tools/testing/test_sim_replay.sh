#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# aether-sim replay and sweep from the command line: the summary and --emit
# contracts of DESIGN.md, --emit-source, errors with line numbers and --strict, the quality
# bar (povm precision >= 0.8 on every workload, the history predictor's
# >= 0.9), sweep's grid, parallel
# determinism and agreement with replay, and that replay runs the module's
# own core objects (libaether.a), not a second copy.
# usage: test_sim_replay.sh [build-dir]
set -u
B=${1:-build}
SIM=$B/aether-sim
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect() { if eval "$2"; then ok; else no "$1"; fi; }
key() { tr ' ' '\n' <"$1" | sed -n "s/^$2=//p"; }	# key FILE KEY

# --- the summary line ---
"$SIM" replay --trace "$B/golden/stride.lba" --policy povm >"$T/out" 2>"$T/err"
expect "replay exits 0" '[ $? = 0 ]'
expect "one line" '[ $(wc -l <"$T/out") = 1 ]'
expect "nothing on stderr" '[ ! -s "$T/err" ]'
for k in requests read_pages hits misses prefetched_pages used_prefetched_pages \
	precision coverage extra_io; do
	expect "summary has $k" "grep -q ' $k=\\| ^$k=' '$T/out' || grep -q '$k=' '$T/out'"
done
expect "requests = trace lines" '[ "$(key "$T/out" requests)" = 2048 ]'
expect "hits + misses = read pages" \
	'[ $(( $(key "$T/out" hits) + $(key "$T/out" misses) )) = $(key "$T/out" read_pages) ]'
"$SIM" replay --trace "$B/golden/stride.lba" --policy none >"$T/none"
expect "none prefetches nothing, coverage 0" \
	'[ "$(key "$T/none" prefetched_pages)" = 0 ] && [ "$(key "$T/none" coverage)" = 0.0000 ]'
expect "none_misses is none's misses" '[ "$(key "$T/out" none_misses)" = "$(key "$T/none" misses)" ]'

# --- --emit: R per read, P per prefetch, nothing else ---
"$SIM" replay --trace "$B/golden/stride.lba" --policy povm --emit >"$T/emit"
expect "emit lines are R/P sector sectors" '! grep -qvE "^[RP] [0-9]+ [0-9]+$" "$T/emit"'
expect "one R per read, in order" \
	'[ "$(grep ^R "$T/emit" | cut -d" " -f2 | tr "\n" " ")" = "$(tr "\n" " " <"$B/golden/stride.lba")" ]'
expect "P lines for a strided trace" 'grep -q "^P " "$T/emit"'
expect "P ranges page-aligned" '! grep "^P" "$T/emit" | awk "\$2 % 8 || \$3 % 8 || !\$3" | grep -q .'
"$SIM" replay --trace "$B/golden/random.lba" --policy povm --emit >"$T/emit2"
expect "no P for random reads" '! grep -q "^P" "$T/emit2"'

# --- --emit-source: --emit with each P's source and the drops ---
awk 'BEGIN { x = 7; for (r = 0; r < 2; r++) { if (r) print "# drop_caches";
	for (i = 0; i < 400; i++) { x = (x * 1103515245 + 12345) % 2147483648;
	a[i] = r ? a[i] : (x % 1000000) * 8; print a[i] } } }' >"$T/twice.lba"
"$SIM" replay --trace "$T/twice.lba" --policy povm+history+readahead --emit >"$T/e1"
"$SIM" replay --trace "$T/twice.lba" --policy povm+history+readahead --emit-source >"$T/e2"
expect "emit-source lines: R, P with a source, the drop" \
	'! grep -qvE "^(R [0-9]+ [0-9]+|P [0-9]+ [0-9]+ (readahead|stride|history)|# drop_caches)$" "$T/e2"'
expect "emit-source is --emit plus sources" \
	'grep -v "^#" "$T/e2" | cut -d" " -f1-3 | cmp -s - "$T/e1"'
expect "emit-source: one drop, history P lines after it" \
	'[ "$(grep -c "^# drop_caches" "$T/e2")" = 1 ] && sed -n "/^#/,\$p" "$T/e2" | grep -q " history$"'

# --- malformed input ---
printf '8\n16\nbad line\n24\n' >"$T/bad.lba"
"$SIM" replay --trace "$T/bad.lba" >"$T/o" 2>"$T/e"
expect "malformed line skipped: exit 0" '[ $? = 0 ]'
expect "message names file and line 3" 'grep -q "bad.lba:3:" "$T/e"'
expect "3 requests replayed" '[ "$(key "$T/o" requests)" = 3 ]'
"$SIM" replay --trace "$T/bad.lba" --strict >"$T/o" 2>"$T/e"
expect "--strict: exit 1" '[ $? = 1 ]'
expect "--strict: no summary" '[ ! -s "$T/o" ]'
printf '1,h,0,Read,0,4096,1\n1,h,0,Read,0,4096\n' >"$T/bad.msr"
"$SIM" replay --trace "$T/bad.msr" --format msr --strict >/dev/null 2>"$T/e"
expect "msr: line 2 named" 'grep -q "bad.msr:2:" "$T/e"'
for bad in "--policy bogus" "--format csv" "--cache-mb 0" "--ra-kb 6" "--max-depth 0" \
	"--max-depth 1025" "--epsilon 2" "--window 0" "--capacity 7"; do
	# shellcheck disable=SC2086
	"$SIM" replay --trace "$B/golden/seq.lba" $bad >/dev/null 2>"$T/e"
	expect "bad option '$bad': exit 2 with a message" '[ $? = 2 ] && [ -s "$T/e" ]'
done
"$SIM" replay --policy povm >/dev/null 2>"$T/e"
expect "no --trace: exit 2" '[ $? = 2 ] && grep -q -- --trace "$T/e"'
"$SIM" replay --trace /nonexistent >/dev/null 2>"$T/e"
expect "missing file: exit 1" '[ $? = 1 ] && grep -q nonexistent "$T/e"'

# --- formats: the same reads in three formats replay the same ---
awk '{printf "1,h,0,Read,%.0f,4096,1\n", $1 * 512}' "$B/golden/interleave.lba" >"$T/i.msr"
awk '{printf "  8,0 0 %d 0.%09d 77 Q R %s + 8 [t]\n", NR, NR, $1}' "$B/golden/interleave.lba" >"$T/i.blk"
for f in lba msr blk; do
	case $f in lba) p="$B/golden/interleave.lba"; fmt=lba ;; msr) p=$T/i.msr; fmt=msr ;;
		blk) p=$T/i.blk; fmt=blkparse ;; esac
	"$SIM" replay --trace "$p" --format $fmt --policy stride | cut -d' ' -f2- >"$T/fmt.$f"
done
expect "msr replays as lba" 'cmp -s "$T/fmt.lba" "$T/fmt.msr"'
expect "blkparse replays as lba" 'cmp -s "$T/fmt.lba" "$T/fmt.blk"'

# --- the quality bar: povm precision >= 0.8 (or nothing prefetched) everywhere ---
workloads="$B/golden/*.lba"
[ -d "$B/workloads" ] && workloads="$workloads $(ls "$B"/workloads/* | grep -v stamp)"
[ -d "$B/traces" ] && workloads="$workloads $(ls "$B"/traces/*.blkparse)"
for w in $workloads; do
	case $w in *.msr) fmt=msr ;; *.blkparse) fmt=blkparse ;; *) fmt=lba ;; esac
	for pol in povm povm+readahead; do
		"$SIM" replay --trace "$w" --format $fmt --policy $pol >"$T/q" 2>/dev/null
		p=$(key "$T/q" aether_precision)
		expect "$pol aether precision >= 0.8 on $(basename "$w") ($p)" \
			'[ "$p" = na ] || [ "${p%%.*}" -ge 1 ] || [ "${p#0.}" -ge 8000 ]'
	done
	# the history predictor's own pages, without readahead (whose windows
	# it would replay, waste included): precision >= 0.9 or nothing
	for pol in history povm+history; do
		"$SIM" replay --trace "$w" --format $fmt --policy $pol >"$T/q" 2>/dev/null
		p=$(key "$T/q" history_precision)
		expect "$pol history precision >= 0.9 on $(basename "$w") ($p)" \
			'[ "$p" = na ] || [ "${p%%.*}" -ge 1 ] || [ "${p#0.}" -ge 9000 ]'
	done
done

# --- sweep ---
"$SIM" sweep --trace "$B/golden/mixed.lba" --param epsilon=0.1:0.5:0.2 --param window=4,16 \
	--jobs 2 >"$T/sw2" 2>"$T/e"
expect "sweep exits 0" '[ $? = 0 ]'
expect "one line per point, then best" '[ $(wc -l <"$T/sw2") = 7 ] && tail -n1 "$T/sw2" | grep -q "^best metric=coverage "'
expect "points in grid order" \
	'[ "$(head -n6 "$T/sw2" | cut -d" " -f1-2 | tr "\n" ";")" = "epsilon=0.1 window=4;epsilon=0.1 window=16;epsilon=0.3 window=4;epsilon=0.3 window=16;epsilon=0.5 window=4;epsilon=0.5 window=16;" ]'
"$SIM" sweep --trace "$B/golden/mixed.lba" --param epsilon=0.1:0.5:0.2 --param window=4,16 \
	--jobs 1 >"$T/sw1"
expect "parallel and serial sweeps agree" 'cmp -s "$T/sw1" "$T/sw2"'
"$SIM" replay --trace "$B/golden/mixed.lba" --epsilon 0.3 --window 16 >"$T/r"
expect "a sweep point equals replay with its values" \
	'grep "^epsilon=0.3 window=16 " "$T/sw2" | cut -d" " -f3- | cmp -s - "$T/r"'
"$SIM" sweep --trace "$B/golden/stride.lba" --param max-depth=1,64 --metric misses >"$T/sw3"
expect "best by misses is the deeper point" 'tail -n1 "$T/sw3" | grep -q "^best metric=misses max-depth=64 "'
"$SIM" sweep --trace "$B/golden/stride.lba" --param bogus=1 >/dev/null 2>&1
expect "unknown param: exit 2" '[ $? = 2 ]'
"$SIM" sweep --trace "$B/golden/stride.lba" --param epsilon=0.1:0.9 >/dev/null 2>&1
expect "range without step: exit 2" '[ $? = 2 ]'
"$SIM" sweep --trace "$B/golden/stride.lba" --param epsilon=0.5,7 >/dev/null 2>&1
expect "value out of range: exit 2" '[ $? = 2 ]'

# --- the same core objects as the module: libaether.a, no second copy ---
core_syms="aether_povm_cycle aether_povm_init aether_pred_access aether_pred_feedback aether_pred_init"
sim_objs=$(ls "$B"/tools/aether-sim/*.o "$B"/tools/lib/*.o)
for s in $core_syms; do
	expect "no tool object defines $s" '! nm --defined-only $sim_objs 2>/dev/null | grep -qw "$s"'
	expect "libaether.a defines $s once, from module/core" \
		'[ "$(nm -A --defined-only "$B/libaether.a" 2>/dev/null | grep -w "T $s" | sed "s/.*:\(.*\.o\):.*/\1/")" = "$(case $s in aether_povm*) echo povm.o ;; *) echo predict.o ;; esac)" ]'
	expect "aether-sim has one $s, the library's" \
		'[ "$(nm "$SIM" | grep -cw "T $s")" = 1 ] && [ "$(nm -S "$SIM" | awk -v s=$s "\$4 == s {print \$2}")" = "$(nm -S "$B/libaether.a" 2>/dev/null | awk -v s=$s "\$4 == s {print \$2}")" ]'
done
# and it behaves as the gate: on random reads every read reaches the device,
# so with --record (the gate judges every read) replay's gate decisions are
# decide's
fires=$("$SIM" replay --trace "$B/golden/random.lba" --policy povm --record | tr ' ' '\n' | sed -n 's/^gate_fires=//p')
want=$("$SIM" decide --window 16 <"$B/golden/random.lba" | awk -F, 'NR > 1 && $4 == 1' | wc -l)
expect "replay --record: gate = decide's decisions ($fires vs $want)" '[ "$fires" = "$want" ]'
# unrecorded, random reads no stream can predict from are not judged, while
# a strided trace's reads that reach the device (its misses) nearly all are
summary() { "$SIM" replay --trace "$1" --policy povm | tr ' ' '\n' | sed -n "s/^$2=//p"; }
r_miss=$(summary "$B/golden/random.lba" misses) r_dec=$(summary "$B/golden/random.lba" decisions)
s_miss=$(summary "$B/golden/stride.lba" misses) s_dec=$(summary "$B/golden/stride.lba" decisions)
expect "replay: random device reads judged: $r_dec of $r_miss (< 10%)" '[ $((r_dec * 10)) -lt "$r_miss" ]'
expect "replay: strided device reads judged: $s_dec of $s_miss (> 90%)" '[ $((s_dec * 10)) -gt $((s_miss * 9)) ]'

echo "RESULT sim-replay passed=$pass failed=$fail"
[ "$fail" = 0 ]
