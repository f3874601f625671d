#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# aether-sim decide's command-line contract (DESIGN.md): header, one row per
# input line, custom parameters, and a clear error with a non-zero exit --
# never a wrong row -- for malformed input and options.  Then replay's input
# handling (compressed traces, a wrong --format, nothing parsed: refused, not
# reported as requests=0), its default policy, --help defining every key it
# prints, and sweep lines without a duplicate key.
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

# --- replay: compressed traces read through their tools, or refused ---
key() { tr ' ' '\n' <"$1" | sed -n "s/^$2=//p"; }	# key FILE KEY
seq 0 128 262144 >"$T/s.lba"
"$SIM" replay --trace "$T/s.lba" >"$T/plain" 2>"$T/e"
expect "replay of a plain trace exits 0" '[ $? = 0 ] && [ "$(key "$T/plain" requests)" = 2049 ]'
xz -c "$T/s.lba" >"$T/s.lba.xz"
"$SIM" replay --trace "$T/s.lba.xz" >"$T/o" 2>"$T/e"
expect ".xz read through xz: same summary as the plain file" '[ $? = 0 ] && cmp -s "$T/o" "$T/plain"'
gzip -c "$T/s.lba" >"$T/s.lba.gz"
"$SIM" replay --trace "$T/s.lba.gz" >"$T/o" 2>"$T/e"
expect ".gz read through gzip: same summary" '[ $? = 0 ] && cmp -s "$T/o" "$T/plain"'
cp "$T/s.lba.xz" "$T/hidden.lba"
"$SIM" replay --trace "$T/hidden.lba" >"$T/o" 2>"$T/e"
expect "xz data under another name: exit 1, says xz, no summary" \
	'[ $? = 1 ] && grep -q "xz-compressed" "$T/e" && [ ! -s "$T/o" ]'
"$SIM" replay --trace - <"$T/s.lba.gz" >"$T/o" 2>"$T/e"
expect "gzip data on stdin: exit 1, says gzip" '[ $? = 1 ] && grep -q "gzip-compressed" "$T/e"'
echo "not xz" >"$T/bad.xz"
"$SIM" replay --trace "$T/bad.xz" >"$T/o" 2>"$T/e"
expect "corrupt .xz: exit 1, no summary" '[ $? = 1 ] && grep -q "xz -dc failed" "$T/e" && [ ! -s "$T/o" ]'
printf '8\n16\0\n' >"$T/nul.lba"
"$SIM" replay --trace "$T/nul.lba" >"$T/o" 2>"$T/e"
expect "binary data: exit 1" '[ $? = 1 ] && grep -q "binary data" "$T/e"'
PATH=/nonexistent "$SIM" replay --trace "$T/s.lba.xz" >"$T/o" 2>"$T/e"
expect "no xz installed: exit 1, says to install it" '[ $? = 1 ] && grep -q "cannot run xz" "$T/e"'

# --- replay: input it cannot parse is refused with the line, never requests=0 ---
awk '{printf "1,h,0,Read,%d,4096,1\n", $1 * 512}' "$T/s.lba" >"$T/s.msr"
refused() {		# refused NAME FILE LINE ARGS...
	local name=$1 file=$2 line=$3
	shift 3
	"$SIM" replay --trace "$file" "$@" >"$T/o" 2>"$T/e"
	local rc=$?
	expect "$name: exit 1" "[ $rc = 1 ]"
	expect "$name: no summary" "[ ! -s '$T/o' ]"
	expect "$name: names line $line" "grep -q 'line $line' '$T/e'"
}
refused "msr read as lba" "$T/s.msr" 1
refused "lba read as msr" "$T/s.lba" 1 --format msr
refused "lba read as blkparse" "$T/s.lba" 1 --format blkparse
printf '# comment\n\nhello\nworld\n' >"$T/words"
refused "text that is no trace" "$T/words" 3
printf '8\nx\ny\n16\nz\n' >"$T/most"
refused "more malformed lines than requests" "$T/most" 2
: >"$T/empty"
"$SIM" replay --trace "$T/empty" >"$T/o" 2>"$T/e"
expect "empty trace: exit 1, says no request" '[ $? = 1 ] && grep -q "no read or write request" "$T/e" && [ ! -s "$T/o" ]'
printf '8\n16\nbad\n24\n' >"$T/few"
"$SIM" replay --trace "$T/few" >"$T/o" 2>"$T/e"
expect "one bad line among good ones: skipped with its line, exit 0" \
	'[ $? = 0 ] && grep -q "few:3:" "$T/e" && [ "$(key "$T/o" requests)" = 3 ]'

# --- replay: the default policy is the deployment's ---
expect "default policy is povm+readahead" '[ "$(key "$T/plain" policy)" = "povm+readahead" ]'
"$SIM" replay --trace "$T/s.lba" --policy povm+readahead >"$T/o"
expect "default equals --policy povm+readahead" 'cmp -s "$T/o" "$T/plain"'
"$SIM" replay --help >"$T/help"
expect "replay --help names the default policy" 'grep -q "default:" "$T/help" && grep -q "povm+readahead" "$T/help"'

# --- --help defines every key the summary prints ---
for k in $(tr ' ' '\n' <"$T/plain" | cut -d= -f1); do
	expect "replay --help defines $k" "grep -qE '^  ([a-z_]+, )*$k([ ,]|\$)' '$T/help'"
done
"$SIM" sweep --help >"$T/shelp"
for k in $(tr ' ' '\n' <"$T/plain" | cut -d= -f1); do
	expect "sweep --help defines $k" "grep -qE '^  ([a-z_]+, )*$k([ ,]|\$)' '$T/shelp'"
done
expect "sweep --help defines every --metric" \
	'for m in coverage precision aether_precision hits used_prefetched_pages misses extra_io device_read_pages; do grep -q "$m" "$T/shelp" || exit 1; done'

# --- sweep: no key twice on a line ---
"$SIM" sweep --trace "$T/s.lba" --param policy=povm,stride --param epsilon=0.3,0.5 \
	--jobs 1 >"$T/sw" 2>"$T/e"
expect "sweep over policy exits 0, 4 points + best" '[ $? = 0 ] && [ $(wc -l <"$T/sw") = 5 ]'
dups=$(while read -r line; do tr ' ' '\n' <<<"$line" | cut -d= -f1 | sort | uniq -d; done <"$T/sw")
expect "sweep lines carry no duplicate key ($dups)" '[ -z "$dups" ]'
expect "sweep's policy= is the point's" \
	'[ "$(head -n1 "$T/sw" | tr " " "\n" | grep -c "^policy=povm$")" = 1 ] && [ "$(sed -n 3p "$T/sw" | tr " " "\n" | grep -c "^policy=stride$")" = 1 ]'

echo "RESULT sim-cli passed=$pass failed=$fail"
[ "$fail" = 0 ]
