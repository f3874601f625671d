#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# aether-sim decide's command-line contract (DESIGN.md): header, one row per
# input line, custom parameters, and a clear error with a non-zero exit --
# never a wrong row -- for malformed input and options.
# usage: test_sim_cli.sh path/to/aether-sim [golden-dir]
set -u
SIM=${1:?usage: $0 aether-sim [golden-dir]}
GOLDEN=${2:-build/golden}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect() { if eval "$2"; then ok; else no "$1"; fi; }

seq 1000000 8 1000800 >"$T/seq"
"$SIM" decide --preset default --window 16 <"$T/seq" >"$T/out" 2>"$T/err"
expect "decide exits 0 on good input" '[ $? = 0 ]'
expect "header is the contract's" '[ "$(head -n1 "$T/out")" = "cycle,first,last,fetch,phi,epsilon" ]'
expect "one row per input line" '[ $(($(wc -l <"$T/out") - 1)) = $(wc -l <"$T/seq") ]'
expect "nothing on stderr" '[ ! -s "$T/err" ]'
expect "row 20 sees the window's first LBA" '[ "$(sed -n 22p "$T/out" | cut -d, -f1-3)" = "20,1000040,1000160" ]'

"$SIM" decide --features <"$T/seq" | head -n1 >"$T/h"
expect "--features header" '[ "$(cat "$T/h")" = "cycle,first,last,fetch,phi,epsilon,delta,velocity,variance,spectrum,history,context,rx,ry,rz" ]'

"$SIM" decide --epsilon 0.5 --phi 0.1 --lambda 0.1,0.2,0.3 --bias 0.05 <"$T/seq" >"$T/custom"
expect "custom parameters equal to the default preset give its output" 'cmp -s "$T/out" "$T/custom"'
"$SIM" decide --preset hft --epsilon 0.5 --phi 0.1 --lambda 0.1,0.2,0.3 --bias 0.05 <"$T/seq" >"$T/custom2"
expect "custom values override every preset field" 'cmp -s "$T/out" "$T/custom2"'
"$SIM" decide --preset gaming <"$T/seq" >"$T/gaming"
expect "presets differ" '! cmp -s "$T/out" "$T/gaming"'
"$SIM" decide <"$T/seq" >"$T/again"
expect "deterministic" 'cmp -s "$T/out" "$T/again"'

if [ -f "$GOLDEN/stride.lba" ]; then
	"$SIM" decide --preset default --window 16 <"$GOLDEN/stride.lba" | tail -n +2 | cut -d, -f1-4 >"$T/mine"
	grep -v '^#' "$GOLDEN/stride-default-w16.csv" | tail -n +2 | cut -d, -f1-4 >"$T/ref"
	expect "stride decisions equal the reference's" 'cmp -s "$T/mine" "$T/ref"'
else
	no "golden inputs missing in $GOLDEN (run make golden)"
fi

bad_input() {		# bad_input NAME CONTENT EXPECTED_LINE
	printf '%b' "$2" >"$T/bad"
	"$SIM" decide <"$T/bad" >"$T/o" 2>"$T/e"
	local rc=$?
	expect "$1: non-zero exit" "[ $rc != 0 ]"
	expect "$1: message names line $3" "grep -q 'line $3' '$T/e'"
	expect "$1: no row for the bad line" "[ \$((\$(wc -l <'$T/o') - 1)) -lt $3 ]"
}
bad_input "letters" '100\n108\nabc\n116\n' 3
bad_input "negative" '-5\n' 1
bad_input "fraction" '100\n1.5\n' 2
bad_input "empty line" '100\n\n108\n' 2
bad_input "2^64" '18446744073709551616\n' 1
bad_input "trailing junk" '100 200\n' 1
bad_input "hex" '0x100\n' 1
printf '18446744073709551615\n0\n' | "$SIM" decide >"$T/o" 2>&1
expect "2^64 - 1 is a valid LBA" '[ $? = 0 ] && [ $(wc -l <"$T/o") = 3 ]'
printf '100\r\n108\r\n' | "$SIM" decide >"$T/o" 2>&1
expect "CRLF line ends accepted" '[ $? = 0 ] && [ $(wc -l <"$T/o") = 3 ]'
: | "$SIM" decide >"$T/o" 2>&1
expect "empty input: header only" '[ $? = 0 ] && [ "$(cat "$T/o")" = "cycle,first,last,fetch,phi,epsilon" ]'

bad_opt() {		# bad_opt NAME ARGS...
	local name=$1
	shift
	echo 100 | "$SIM" decide "$@" >"$T/o" 2>"$T/e"
	local rc=$?
	expect "$name: exit 2" "[ $rc = 2 ]"
	expect "$name: message on stderr" "[ -s '$T/e' ]"
	expect "$name: nothing on stdout" "[ ! -s '$T/o' ]"
}
bad_opt "unknown preset" --preset turbo
bad_opt "window 0" --window 0
bad_opt "window too big" --window 4097
bad_opt "window not a number" --window 16x
bad_opt "epsilon above 1" --epsilon 1.5
bad_opt "epsilon malformed" --epsilon 0.5.5
bad_opt "lambda with two values" --lambda 0.1,0.2
bad_opt "lambda with four values" --lambda 0.1,0.2,0.3,0.4
bad_opt "lambda out of range" --lambda 0.1,9,0.3
bad_opt "bias malformed" --bias abc
bad_opt "phi out of range" --phi 100
bad_opt "unknown option" --frobnicate
bad_opt "stray argument" extra

"$SIM" frob >/dev/null 2>&1
expect "unknown command exits 2" '[ $? = 2 ]'
"$SIM" decide --help >"$T/o" 2>&1
expect "decide --help documents --window" '[ $? = 0 ] && grep -q -- --window "$T/o"'

echo "RESULT sim-cli passed=$pass failed=$fail"
[ "$fail" = 0 ]
