#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# aether-sim heatmap: the PNG is one any viewer decodes (signature, CRCs,
# zlib stream and Adler-32, checked by tools/testing/png_pixels.py with
# python's zlib), known pixels of a tiny trace have the documented colours,
# its page counts are replay's (the same R-then-P scoring, writes
# included), a recorded trace (aetherctl record's blkparse text) draws on a
# time axis, and bad options exit 2 without writing.
# usage: test_sim_heatmap.sh path/to/aether-sim
set -u
SIM=$(realpath "${1:?usage: $0 aether-sim}")
cd "$(dirname "$0")/../.." || exit 1
PIX="python3 tools/testing/png_pixels.py"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect() { if eval "$2"; then ok; else no "$1"; fi; }
key() { tr ' ' '\n' <"$1" | sed -n "s/^$2=//p"; }

BLUE=31,119,180
GREEN=44,160,44
RED=214,39,40
WHITE=255,255,255

# 256 strided reads (4 KiB every 64 KiB): on a 16x16 plot of sectors
# 0..32767, reads 16c..16c+15 fall in column c, row c from the bottom
for i in $(seq 0 255); do echo $((i * 128)); done >"$T/s.lba"
all=$(for y in $(seq 0 15); do for x in $(seq 0 15); do printf '%d,%d ' $x $y; done; done)
diag() { for i in $(seq 0 15); do printf '%d,%d ' $i $((15 - i)); done; }

"$SIM" heatmap --trace "$T/s.lba" --policy none --width 16 --height 16 --range 0:32768 \
	--no-legend -o "$T/none.png" >"$T/o" 2>"$T/e"
expect "heatmap exits 0" '[ $? = 0 ] && [ ! -s "$T/e" ]'
$PIX "$T/none.png" $(diag) --count $BLUE --count $WHITE >"$T/px" 2>"$T/e"
expect "the PNG decodes (CRCs, zlib, Adler-32) ($(cat "$T/e"))" '[ $? = 0 ]'
expect "16x16 without the legend" '[ "$(head -n1 "$T/px")" = "16 16" ]'
expect "every read is a blue pixel on the diagonal" '[ $(grep -c " $BLUE\$" "$T/px") = 16 ]'
expect "nothing else is drawn under policy none" \
	'grep -q "^count $BLUE 16$" "$T/px" && grep -q "^count $WHITE 240$" "$T/px"'
expect "the summary line counts 256 pages read, none prefetched" \
	'[ "$(key "$T/o" read_pages)" = 256 ] && [ "$(key "$T/o" prefetched_pages)" = 0 ]'
if command -v file >/dev/null; then
	expect "file(1) calls it a PNG" 'file "$T/none.png" | grep -q "PNG image data, 16 x 16"'
fi

"$SIM" heatmap --trace "$T/s.lba" --policy stride --width 16 --height 16 --range 0:32768 \
	--no-legend -o "$T/stride.png" >"$T/o"
$PIX "$T/stride.png" $all >"$T/px"
"$SIM" replay --trace "$T/s.lba" --policy stride >"$T/r"
expect "stride: the reads stay blue" \
	'[ $($PIX "$T/stride.png" $(diag) | grep -c " $BLUE\$") = 16 ]'
expect "stride: some prefetches drawn green (used)" 'grep -q " $GREEN\$" "$T/px"'
# a prefetch is drawn where it was issued: above its read (a higher sector, later read)
expect "stride: every green pixel lies above the diagonal" \
	'! grep " $GREEN\$" "$T/px" | awk -F"[, ]" "{ if (15 - \$2 <= \$1) bad = 1 } END { exit !bad }"'
expect "stride: the pages used are replay's" \
	'[ "$(key "$T/o" used_pages)" = "$(key "$T/r" used_prefetched_pages)" ] && [ "$(key "$T/o" used_pages)" -gt 0 ]'

# the last reads' prefetches are never used: red, when the range shows them
"$SIM" heatmap --trace "$T/s.lba" --policy stride --width 16 --height 64 \
	-o "$T/wide.png" >"$T/o"
$PIX "$T/wide.png" --count $RED --count $GREEN >"$T/px"
expect "stride: wasted prefetches drawn red" \
	'[ "$(key "$T/o" wasted_pages)" -gt 0 ] && ! grep -q "^count $RED 0$" "$T/px"'
expect "the default range reaches the highest prefetched sector" \
	'[ "$(key "$T/o" sector_end)" -gt 32768 ]'
# the legend: 16 rows below the plot, a blue, a green and a red key
$PIX "$T/wide.png" 5,69 >"$T/px"
expect "the legend adds 16 rows with a blue key" \
	'[ "$(head -n1 "$T/px")" = "16 80" ] && grep -q "^5,69 $BLUE\$" "$T/px"'
"$SIM" heatmap --trace "$T/s.lba" --policy stride -o "$T/big.png" >/dev/null
$PIX "$T/big.png" 5,517 65,517 195,517 >"$T/px"
expect "legend keys blue, green, red at their documented places" \
	'grep -q "^5,517 $BLUE" "$T/px" && grep -q "^65,517 $GREEN" "$T/px" && grep -q "^195,517 $RED" "$T/px"'

# counts equal replay's on a trace with writes (a write over a prefetched
# page ends its chance) and under every policy that prefetches
python3 - "$T/mix.msr" <<'PY'
import random, sys
random.seed(7)
with open(sys.argv[1], "w") as f:
    t = 128166372000000000
    for i in range(3000):
        t += 1000
        off = (i * 65536) % (1 << 30) if i % 3 else random.randrange(1 << 18) * 4096
        kind = "Write" if i % 17 == 0 else "Read"
        size = 4096 if i % 5 else 32768
        f.write("%d,host,0,%s,%d,%d,100\n" % (t, kind, off, size))
PY
for p in readahead stride povm povm+readahead; do
	"$SIM" heatmap --trace "$T/mix.msr" --format msr --policy $p --cache-mb 4 -o "$T/m.png" >"$T/o"
	"$SIM" replay --trace "$T/mix.msr" --format msr --policy $p --cache-mb 4 >"$T/r"
	expect "$p: prefetched and used pages equal replay's ($(key "$T/o" prefetched_pages)/$(key "$T/o" used_pages) vs $(key "$T/r" prefetched_pages)/$(key "$T/r" used_prefetched_pages))" \
		'[ "$(key "$T/o" prefetched_pages)" = "$(key "$T/r" prefetched_pages)" ] &&
		 [ "$(key "$T/o" used_pages)" = "$(key "$T/r" used_prefetched_pages)" ]'
done
# a repeated start: "# drop_caches" empties the cache model as replay's does,
# and shows as a grey column
{ seq 0 128 16256; echo "# drop_caches"; seq 0 128 16256; } >"$T/rep.lba"
"$SIM" heatmap --trace "$T/rep.lba" --policy stride --width 257 -o "$T/rep.png" >"$T/o"
"$SIM" replay --trace "$T/rep.lba" --policy stride >"$T/r"
expect "drop_caches: used pages equal replay's" \
	'[ "$(key "$T/o" used_pages)" = "$(key "$T/r" used_prefetched_pages)" ]'
expect "drop_caches: a grey column (one pixel wide, the plot's height at most)" \
	'n=$($PIX "$T/rep.png" --count 160,160,160 | sed -n "s/^count .* //p"); [ "$n" -gt 257 ] && [ "$n" -le $((257 + 512)) ]'
"$SIM" heatmap --trace "$T/mix.msr" --format msr --x time -o "$T/m.png" >"$T/o"
expect "msr --x time: ns from the first request to the last" \
	'[ "$(key "$T/o" x)" = time_ns ] && [ "$(key "$T/o" x_end)" = $((2999 * 100000 + 1)) ]'

# a recording as aetherctl record writes it (blkparse text, '#' comments)
{
	echo "# aetherctl record 0.3.0: blkparse text, Q R events"
	for i in $(seq 0 99); do
		printf '252,0 0 %d %d.%09d 0 Q R %d + 8 [fetch]\n' $((i + 1)) $((i / 10)) $((i % 10 * 100000000)) $((i * 128))
	done
	echo "# 100 reads saved, 0 events lost in the recording (the ring overflowed)"
} >"$T/rec.blkparse"
"$SIM" heatmap --trace "$T/rec.blkparse" --format blkparse --x time --policy stride \
	--width 100 --height 32 -o "$T/rec.png" >"$T/o" 2>"$T/e"
expect "a recording draws on a time axis" \
	'[ $? = 0 ] && [ "$(key "$T/o" x_end)" = 9900000001 ] && [ "$(key "$T/o" read_pages)" = 100 ] && $PIX "$T/rec.png" >/dev/null'

bad() {			# bad NAME ARGS...: exit 2, a message, no PNG
	local name=$1
	shift
	rm -f "$T/bad.png"
	"$SIM" heatmap "$@" >"$T/o" 2>"$T/e"
	local rc=$?
	expect "$name: exit 2, a message, no PNG" "[ $rc = 2 ] && [ -s '$T/e' ] && [ ! -e '$T/bad.png' ]"
}
bad "no -o" --trace "$T/s.lba"
bad "--width 15" --trace "$T/s.lba" --width 15 -o "$T/bad.png"
bad "--height 8193" --trace "$T/s.lba" --height 8193 -o "$T/bad.png"
bad "--range 5:5" --trace "$T/s.lba" --range 5:5 -o "$T/bad.png"
bad "--range 5" --trace "$T/s.lba" --range 5 -o "$T/bad.png"
bad "--x space" --trace "$T/s.lba" --x space -o "$T/bad.png"
bad "--x time on an lba trace" --trace "$T/s.lba" --x time -o "$T/bad.png"
bad "no --trace" -o "$T/bad.png"
"$SIM" heatmap --trace "$T/s.lba" -o "$T/nodir/x.png" >/dev/null 2>"$T/e"
expect "an unwritable PNG: exit 1 with the reason" '[ $? = 1 ] && grep -q "No such file" "$T/e"'
"$SIM" heatmap --help >"$T/help"
expect "--help gives the colour key" \
	'grep -q "$BLUE" "$T/help" && grep -q "$GREEN" "$T/help" && grep -q "$RED" "$T/help"'
expect "aether-sim help lists heatmap" '"$SIM" help | grep -q "^  heatmap "'

echo "RESULT sim-heatmap passed=$pass failed=$fail"
[ "$fail" = 0 ]
