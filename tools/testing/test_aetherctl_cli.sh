#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# aetherctl's command line, on the host, without the module: --version and
# --help, every refusal (bad numbers, out-of-range values, non-disks,
# partitions) with exit 2 and a message naming the range, and every output
# format (table, --raw, --json checked by python's json parser) against a
# fake sysfs tree under $AETHER_SYSFS; --prometheus checked by promtool;
# attach-configured with a disks file.  The module's own side is in
# tools/testing/vm/.
# usage: test_aetherctl_cli.sh [path/to/aetherctl]
set -u
cd "$(dirname "$0")/../.."
CTL=$(realpath "${1:-build/aetherctl}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect() { if eval "$2"; then ok; else no "$1"; fi; }
json() { python3 -m json.tool "$@" >/dev/null 2>&1; }	# json [--json-lines] FILE

# --- offline: no module, no sysfs ---
export AETHER_SYSFS=$T/nosys
"$CTL" --version >"$T/o" 2>"$T/e"
expect "--version exits 0" '[ $? = 0 ]'
want=$(sed -n 's/^#define AETHER_VERSION[[:space:]]*"\(.*\)"$/\1/p' module/aether.h)
expect "--version prints module/aether.h's AETHER_VERSION ($want)" \
	'[ -n "$want" ] && grep -q "^aetherctl $want " "$T/o"'
"$CTL" --json --version >"$T/o"
expect "--json --version is JSON" 'json "$T/o" && grep -q "\"$want\"" "$T/o"'
"$CTL" -V >/dev/null
expect "-V exits 0" '[ $? = 0 ]'
bmin=$(sed -n 's/^#define AETHER_PF_BUDGET_KB_MIN[[:space:]]*\([0-9]*\).*/\1/p' module/aether.h)
bmax=$(sed -n 's/^#define AETHER_PF_BUDGET_KB_MAX[[:space:]]*\([0-9]*\).*/\1/p' module/aether.h)
expect "budget_kb range in --help is module/aether.h's ($bmin..$bmax)" \
	'[ -n "$bmin" ] && "$CTL" --help | grep -q "^  budget_kb .* $bmin\.\.$bmax "'

"$CTL" --help >"$T/help"
expect "--help exits 0" '[ $? = 0 ]'
for k in policy max_depth budget_kb busy_yield preset epsilon phi lambda1 lambda2 lambda3 bias window; do
	expect "--help explains knob $k" "grep -q '^  $k ' '$T/help'"
done
expect "--help: policy off is the kill switch" 'grep -q "off.*kill switch" "$T/help"'
expect "--help: set DISK policy off" 'grep -q "set DISK policy off" "$T/help"'
for c in attach detach list stats get set watch decide version; do
	expect "--help lists $c" "grep -q '^  $c' '$T/help'"
done
expect "--help names --json and --version" 'grep -q -- --json "$T/help" && grep -q -- --version "$T/help"'
"$CTL" help >/dev/null && "$CTL" -h >/dev/null
expect "help and -h exit 0" '[ $? = 0 ]'
"$CTL" stats --help >"$T/o"
expect "stats --help explains every column" \
	'for c in READS READ_MiB GATE% PF_REQS PF_MiB USED% WASTED_MiB DROP_MiB DEPTH/MAX; do grep -q "$c" "$T/o" || exit 1; done'
"$CTL" watch --help >"$T/o"
expect "watch --help documents --json" 'grep -q -- --json "$T/o"'

usage_err() {		# usage_err NAME PATTERN ARGS...: exit 2, PATTERN on stderr, nothing on stdout
	local name=$1 pat=$2
	shift 2
	"$CTL" "$@" >"$T/o" 2>"$T/e" </dev/null
	local rc=$?
	expect "$name: exit 2 (got $rc)" "[ $rc = 2 ]"
	expect "$name: says '$pat'" "grep -q -- '$pat' '$T/e'"
	expect "$name: nothing on stdout" "[ ! -s '$T/o' ]"
}
usage_err "no command" "usage" 
usage_err "unknown command" "unknown command" frob
usage_err "unknown option" "unknown option" --frob list
usage_err "watch --count -1" "integer in 1\.\." watch --count -1
usage_err "watch --count 0" "integer in 1\.\." watch --count 0
usage_err "watch --count abc" "integer in 1\.\." watch --count abc
usage_err "watch --count 2^64" "integer in 1\.\." watch --count 18446744073709551616
usage_err "watch --count 1x" "integer in 1\.\." watch --count 1x
usage_err "watch --csv --json" "choose one" watch --csv --json
usage_err "watch stray argument" "unexpected argument" watch extra
usage_err "stats -i 0" "integer in 1\.\.86400" stats -i 0
usage_err "stats -i -1" "integer in 1\.\.86400" stats -i -1
usage_err "stats -i 86401" "integer in 1\.\.86400" stats -i 86401
usage_err "stats --count 0" "integer in 1\.\." stats -i 1 --count 0
usage_err "stats --count without -i" "needs --interval" stats --count 3
usage_err "stats --raw --json" "choose one" stats --raw --json
usage_err "--json on attach" "no JSON output" attach sda --json
usage_err "--json on set" "no JSON output" --json set epsilon 0.5
usage_err "set epsilon 2" "epsilon takes a decimal in 0\.\.1" set epsilon 2
usage_err "set epsilon abc" "epsilon takes a decimal in 0\.\.1" set epsilon abc
usage_err "set phi 9" "phi takes a decimal in -8\.\.8" set phi 9
usage_err "set bias -9" "bias takes a decimal in -8\.\.8" set bias -9
usage_err "set lambda2 5" "lambda2 takes a decimal in -4\.\.4" set lambda2 5
usage_err "set window 1" "window takes an integer in 2\.\.64" set window 1
usage_err "set window 65" "window takes an integer in 2\.\.64" set window 65
usage_err "set window -1" "window takes an integer in 2\.\.64" set window -1
usage_err "set preset turbo" "preset takes default, hft or gaming" set preset turbo
usage_err "set policy on" "policy takes povm, stride or off" set nullb0/policy on
usage_err "set max_depth 0" "max_depth takes an integer in 1\.\.1024" set nullb0/max_depth 0
usage_err "set max_depth 1025" "max_depth takes an integer in 1\.\.1024" set nullb0 max_depth 1025
usage_err "set budget_kb 2" "budget_kb takes a multiple of 4 in 4\.\.1048576" set nullb0/budget_kb 2
usage_err "set budget_kb 6" "budget_kb takes a multiple of 4" set nullb0/budget_kb 6
usage_err "set budget_kb 2^30" "budget_kb takes a multiple of 4" set nullb0/budget_kb 1073741824
usage_err "set busy_yield 2" "busy_yield takes 0 or 1" set nullb0/busy_yield 2
usage_err "set a read-only knob" "read-only" set nullb0/stat 1
usage_err "set wrong arity" "usage" set epsilon
usage_err "get wrong arity" "usage" get
usage_err "attach /dev/null" "not a block device" attach /dev/null
usage_err "attach a missing path" "No such file" attach /dev/nonexistent-disk
usage_err "attach a bad name" "is not a disk" attach 'bad name'
usage_err "attach a too long name" "is not a disk" attach abcdefghijklmnopqrstuvwxyz0123456789
usage_err "attach without a disk" "usage" attach
usage_err "detach /dev/null" "not a block device" detach /dev/null
usage_err "stats /dev/null" "not a block device" stats /dev/null
usage_err "get /dev/null/policy" "not a block device" get /dev/null/policy
usage_err "MAJ:MIN of no device" "no block device 4095:1048575" attach 4095:1048575

notloaded() {		# notloaded NAME ARGS...: exit 1 and says so
	local name=$1
	shift
	"$CTL" "$@" >"$T/o" 2>"$T/e" </dev/null
	local rc=$?
	expect "$name without the module: exit 1, says not loaded" \
		"[ $rc = 1 ] && grep -q 'not loaded' '$T/e'"
}
notloaded "list" list
notloaded "stats" stats
notloaded "get" get epsilon
notloaded "set" set epsilon 0.5
notloaded "attach" attach nullb0

# --- a fake sysfs: the files the module makes, as it writes them ---
F=$T/sys
A=$F/kernel/aether
export AETHER_SYSFS=$F
mkdir -p "$A/devices" "$F/dev/block" "$F/devices/virtual/block/nullb0" \
	"$F/devices/virtual/block/nullb1" "$F/devices/pci0/block/sda/sda1"
touch "$F/devices/pci0/block/sda/sda1/partition"
ln -s ../../devices/virtual/block/nullb0 "$F/dev/block/251:0"
ln -s ../../devices/virtual/block/nullb1 "$F/dev/block/251:1"
ln -s ../../devices/pci0/block/sda "$F/dev/block/8:0"
ln -s ../../devices/pci0/block/sda/sda1 "$F/dev/block/8:1"
for k in preset=default epsilon=0.500000 phi=0.100000 lambda1=0.100000 lambda2=0.200000 \
	lambda3=0.300000 bias=0.050000 window=16 version=$want ring_size=4096 ring_dropped=7; do
	echo "${k#*=}" >"$A/${k%%=*}"
done
: >"$A/attach"
: >"$A/detach"
mkdisk() {		# mkdisk NAME DEV READS: an attached disk's directory
	local d=$A/devices/$1 k
	mkdir -p "$d"
	for k in preset=default epsilon=0.500000 phi=0.100000 lambda1=0.100000 \
		lambda2=0.200000 lambda3=0.300000 bias=0.050000 window=16 dev=$2 \
		"stat=$3 $(($3 * 8)) $3 $(($3 * 9 / 10)) 3 0" prefetch_ratio=0.900000 \
		cur_epsilon=0.512000 cur_phi=-0.250000 policy=povm max_depth=64 budget_kb=16384 \
		prefetch_requests=50 pages_prefetched=2560 pages_cached=10 pages_used=2048 \
		pages_wasted=256 budget_drops=0 depth=32; do
		echo "${k#*=}" >"$d/${k%%=*}"
	done
}
mkdisk nullb1 251:1 500
mkdisk nullb0 251:0 1000

"$CTL" list >"$T/o"
expect "list: DISK MAJ:MIN per line, sorted" '[ "$(cat "$T/o")" = "$(printf "nullb0 251:0\nnullb1 251:1")" ]'
"$CTL" list --json >"$T/o"
expect "list --json is JSON" 'json "$T/o"'
expect "list --json: both disks, with dev and policy" \
	'python3 -c "import json,sys; d=json.load(open(sys.argv[1]))[\"disks\"]; assert [x[\"disk\"] for x in d]==[\"nullb0\",\"nullb1\"] and d[0][\"dev\"]==\"251:0\" and d[0][\"policy\"]==\"povm\"" "$T/o"'
"$CTL" --json list >"$T/o2"
expect "--json before the command: the same" 'cmp -s "$T/o" "$T/o2"'

"$CTL" stats >"$T/o"
expect "stats: header and one row per disk" '[ $(wc -l <"$T/o") = 3 ] && head -n1 "$T/o" | grep -q "^DISK .*READS .*READ_MiB .*GATE% .*PF_MiB .*USED% "'
expect "stats: rows within 120 columns" '[ $(awk "{ if (length > m) m = length } END { print m }" "$T/o") -le 120 ]'
expect "stats: nullb0 row has MiB and percentages" \
	'grep -qE "^nullb0 +251:0 +povm +1000 +3\.9 +90\.0 +50 +10\.0 +88\.9 +1\.0 +0\.0 +32/64$" "$T/o"'
"$CTL" stats nullb1 >"$T/o"
expect "stats DISK: that disk only" '[ $(wc -l <"$T/o") = 2 ] && grep -q "^nullb1 " "$T/o"'
"$CTL" stats 251:1 >"$T/o2"
expect "stats MAJ:MIN = stats name" 'cmp -s "$T/o" "$T/o2"'
"$CTL" stats --raw >"$T/o"
expect "stats --raw: one line per disk" '[ $(wc -l <"$T/o") = 2 ]'
for k in dev policy reads sectors decisions prefetches dropped self_reads prefetch_requests \
	pages_prefetched pages_cached pages_used pages_wasted budget_drops depth max_depth \
	budget_kb window prefetch_ratio cur_epsilon cur_phi; do
	expect "stats --raw has $k" "head -n1 '$T/o' | tr ' ' '\n' | grep -q '^$k='"
done
expect "stats --raw: no key twice" '[ -z "$(head -n1 "$T/o" | tr " " "\n" | cut -d= -f1 | sort | uniq -d)" ]'
expect "stats --raw values" 'head -n1 "$T/o" | grep -q "^nullb0 dev=251:0 .* reads=1000 sectors=8000 .*pages_used=2048 "'
"$CTL" stats --json >"$T/o"
expect "stats --json is JSON" 'json "$T/o"'
expect "stats --json: numbers as numbers, text as text" \
	'python3 -c "import json,sys; d=json.load(open(sys.argv[1]))[\"disks\"][0]; assert d[\"reads\"]==1000 and d[\"cur_phi\"]==-0.25 and d[\"policy\"]==\"povm\" and d[\"dev\"]==\"251:0\" and d[\"page_size\"]>0" "$T/o"'
rm "$A/devices/nullb1/pages_cached"
"$CTL" stats --json nullb1 >"$T/o"
expect "stats --json: a file the module lacks is null" \
	'json "$T/o" && python3 -c "import json,sys; assert json.load(open(sys.argv[1]))[\"disks\"][0][\"pages_cached\"] is None" "$T/o"'
"$CTL" stats --raw nullb1 >"$T/o"
expect "stats --raw: a file the module lacks is -" 'grep -q " pages_cached=- " "$T/o"'
"$CTL" stats nosuch0 >"$T/o" 2>"$T/e"
expect "stats of an unattached disk: exit 1, says so" '[ $? = 1 ] && grep -q "nosuch0 is not attached" "$T/e"'
"$CTL" stats 8:1 >"$T/o" 2>"$T/e"
expect "stats of a partition: exit 2, names its disk" '[ $? = 2 ] && grep -q "partition sda1 of disk sda" "$T/e"'

# rates: the counters grow by a known amount during the interval
( sleep 0.5; echo "1100 8800 1100 990 3 0" >"$A/devices/nullb0/stat" ) &
"$CTL" stats -i 1 -c 1 nullb0 >"$T/o"
wait
expect "stats -i 1 -c 1: header and one row" '[ $(wc -l <"$T/o") = 2 ] && head -n1 "$T/o" | grep -q "READS/s"'
expect "stats -i: reads/s near 100, MiB/s, gate 90%" \
	'awk "NR == 2 && \$2 > 90 && \$2 <= 100 && \$3 > 0.3 && \$3 < 0.4 && \$4 == 90.0 { f = 1 } END { exit !f }" "$T/o"'
"$CTL" stats -i 1 --count 2 --json >"$T/o"
expect "stats -i --json: JSON Lines, one per report" '[ $(wc -l <"$T/o") = 2 ] && json --json-lines "$T/o"'
expect "stats -i --json: rates per second" \
	'python3 -c "import json,sys; d=json.loads(open(sys.argv[1]).readline()); assert d[\"interval_s\"] > 0.9 and d[\"disks\"][0][\"reads_per_s\"] == 0" "$T/o"'
"$CTL" stats -i 1 -c 1 --raw nullb0 >"$T/o"
expect "stats -i --raw: KEY_per_s" 'grep -q "^nullb0 reads_per_s=0.000 " "$T/o"'

"$CTL" get epsilon >"$T/o"
expect "get KNOB" '[ "$(cat "$T/o")" = 0.500000 ]'
"$CTL" get nullb0/cur_phi >"$T/o"
expect "get DISK/KNOB" '[ "$(cat "$T/o")" = -0.250000 ]'
"$CTL" get 251:0 policy >"$T/o"
expect "get MAJ:MIN KNOB" '[ "$(cat "$T/o")" = povm ]'
"$CTL" get --json nullb0/stat >"$T/o"
expect "get --json is JSON with disk, knob, value" \
	'json "$T/o" && python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d==dict(disk=\"nullb0\", knob=\"stat\", value=\"1100 8800 1100 990 3 0\")" "$T/o"'
"$CTL" get epsilon --json >"$T/o"
expect "get --json of a global knob: disk null, value a number" \
	'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"disk\"] is None and d[\"value\"]==0.5" "$T/o"'
"$CTL" get nullb0/bogus >"$T/o" 2>"$T/e"
expect "get unknown knob: exit 2, lists the knobs" '[ $? = 2 ] && grep -q "per disk: policy max_depth budget_kb" "$T/e"'
"$CTL" get policy >"$T/o" 2>"$T/e"
expect "get policy without a disk: exit 2, says per-disk" '[ $? = 2 ] && grep -q "per-disk knob" "$T/e"'
"$CTL" get nullb0/ring_size >"$T/o" 2>"$T/e"
expect "get a global-only knob of a disk: exit 2" '[ $? = 2 ] && grep -q "global knob" "$T/e"'
"$CTL" get nosuch0/epsilon >"$T/o" 2>"$T/e"
expect "get of an unattached disk: exit 1" '[ $? = 1 ] && grep -q "not attached" "$T/e"'
echo 5 >"$A/devices/nullb0/new_knob"
"$CTL" get nullb0/new_knob >"$T/o"
expect "get a file of a newer module" '[ "$(cat "$T/o")" = 5 ]'

"$CTL" set nullb0/policy off
expect "set DISK/policy off writes 'off'" '[ $? = 0 ] && [ "$(cat "$A/devices/nullb0/policy")" = off ]'
"$CTL" set 251:0 max_depth 128
expect "set MAJ:MIN KNOB VALUE" '[ $? = 0 ] && [ "$(cat "$A/devices/nullb0/max_depth")" = 128 ]'
"$CTL" set epsilon 0.65
expect "set KNOB VALUE (global)" '[ $? = 0 ] && [ "$(cat "$A/epsilon")" = 0.65 ]'
"$CTL" set nullb0/budget_kb 1048576
expect "set budget_kb at its maximum" '[ $? = 0 ]'
"$CTL" set nosuch0/epsilon 0.5 2>"$T/e"
expect "set of an unattached disk: exit 1" '[ $? = 1 ] && grep -q "not attached" "$T/e"'

"$CTL" attach 251:1
expect "attach MAJ:MIN writes the kernel name" '[ $? = 0 ] && [ "$(cat "$A/attach")" = nullb1 ]'
"$CTL" attach nvme0n1
expect "attach NAME writes it" '[ $? = 0 ] && [ "$(cat "$A/attach")" = nvme0n1 ]'
"$CTL" detach 8:0
expect "detach MAJ:MIN" '[ $? = 0 ] && [ "$(cat "$A/detach")" = sda ]'
"$CTL" attach 8:1 >"$T/o" 2>"$T/e"
expect "attach a partition: exit 2, names the disk, writes nothing" \
	'[ $? = 2 ] && grep -q "partition sda1 of disk sda" "$T/e" && [ "$(cat "$A/attach")" = nvme0n1 ]'
# a /dev path and a by-id link need a block device node: one the host has
blk=$(find /dev -maxdepth 1 -type b 2>/dev/null | head -n1)
if [ -n "$blk" ] && [ -e "/sys/dev/block/$(stat -c '%Hr:%Lr' "$blk")" ]; then
	AETHER_SYSFS=/sys "$CTL" stats "$blk" 2>"$T/e"
	expect "a /dev path resolves (to the kernel name; no module: exit 1)" \
		'[ $? = 1 ] && grep -q "not loaded" "$T/e"'
	ln -s "$blk" "$T/by-id-link"
	devt=$(stat -L -c '%Hr:%Lr' "$T/by-id-link")
	name=$(basename "$(realpath "/sys/dev/block/$devt")")
	ln -s "$(realpath "/sys/dev/block/$devt")" "$F/dev/block/$devt" 2>/dev/null
	"$CTL" attach "$T/by-id-link" 2>"$T/e"
	rc=$?
	if [ -e "/sys/dev/block/$devt/partition" ]; then
		expect "a link to a partition: exit 2" '[ $rc = 2 ] && grep -q partition "$T/e"'
	else
		expect "a by-id style link resolves to $name" '[ $rc = 0 ] && [ "$(cat "$A/attach")" = "$name" ]'
	fi
else
	echo "(no block device on this host: /dev path resolution left to the VM)"
fi

# --- Prometheus text format (node_exporter's textfile collector) ---
have_promtool=1
command -v promtool >/dev/null || { have_promtool=0; no "promtool missing: run scripts/deps.sh (Debian package prometheus)"; }
promcheck() { [ "$have_promtool" = 1 ] && promtool check metrics <"$1" >"$T/lint" 2>&1 && [ ! -s "$T/lint" ]; }
"$CTL" stats --prometheus >"$T/p" 2>"$T/e"
expect "stats --prometheus: exit 0" '[ $? = 0 ] && [ ! -s "$T/e" ]'
expect "stats --prometheus: promtool check metrics finds no problem" 'promcheck "$T/p" || { cat "$T/lint"; false; }'
expect "stats --prometheus: aether_pages_prefetched_total{disk=\"nullb0\"} 2560" \
	'grep -qx "aether_pages_prefetched_total{disk=\"nullb0\"} 2560" "$T/p"'
expect "stats --prometheus: both disks" 'grep -q "^aether_reads_total{disk=\"nullb1\"} " "$T/p" && grep -qx "aether_reads_total{disk=\"nullb0\"} 1100" "$T/p"'
expect "stats --prometheus: bytes, not sectors or KiB" \
	'grep -qx "aether_read_bytes_total{disk=\"nullb0\"} $((8800 * 512))" "$T/p" && grep -qx "aether_budget_bytes{disk=\"nullb0\"} $((1048576 * 1024))" "$T/p"'
expect "stats --prometheus: every metric has HELP and TYPE" \
	'for m in $(grep -v "^#" "$T/p" | sed "s/[{ ].*//" | sort -u); do grep -q "^# HELP $m " "$T/p" && grep -q "^# TYPE $m " "$T/p" || exit 1; done'
expect "stats --prometheus: counters end in _total, gauges do not" \
	'! grep "^# TYPE " "$T/p" | awk "(\$4 == \"counter\") != (\$3 ~ /_total\$/)" | grep -q .'
for m in aether_reads_total aether_decisions_total aether_gate_prefetch_decisions_total \
	aether_prefetch_requests_total aether_pages_used_total aether_pages_wasted_total \
	aether_pages_cached_total aether_budget_dropped_pages_total aether_depth aether_max_depth \
	aether_window aether_prefetch_ratio aether_gate_epsilon aether_gate_phi aether_page_size_bytes \
	aether_ring_events_dropped_total aether_module_loaded aether_disk_info; do
	expect "stats --prometheus has $m" "grep -q '^$m[{ ]' '$T/p'"
done
expect "stats --prometheus: decimals as numbers" 'grep -qx "aether_gate_phi{disk=\"nullb0\"} -0.250000" "$T/p"'
expect "stats --prometheus: disk info labels" \
	'grep -qx "aether_disk_info{disk=\"nullb0\",dev=\"251:0\",policy=\"off\",preset=\"default\"} 1" "$T/p"'
expect "stats --prometheus: a file the module lacks has no sample" \
	'! grep -q "^aether_pages_cached_total{disk=\"nullb1\"}" "$T/p" && grep -q "^aether_pages_cached_total{disk=\"nullb0\"}" "$T/p"'
"$CTL" stats --prometheus nullb1 >"$T/p1"
expect "stats --prometheus DISK: that disk only" \
	'grep -q "disk=\"nullb1\"" "$T/p1" && ! grep -q "disk=\"nullb0\"" "$T/p1" && promcheck "$T/p1"'
usage_err "stats --prometheus --json" "none of" stats --prometheus --json
usage_err "stats --prometheus --raw" "none of" stats --prometheus --raw
usage_err "stats --prometheus -i 1" "none of" stats --prometheus -i 1
usage_err "stats --output without --prometheus" "needs --prometheus" stats --output "$T/x.prom"
mkdir -p "$T/textfile"
"$CTL" stats --prometheus --output "$T/textfile/aether.prom" >"$T/o" 2>"$T/e"
expect "stats --prometheus --output: exit 0, nothing on stdout" '[ $? = 0 ] && [ ! -s "$T/o" ]'
expect "stats --prometheus --output: the same text as stdout" 'cmp -s "$T/p" "$T/textfile/aether.prom"'
expect "stats --prometheus --output: mode 0644, no temporary left" \
	'[ "$(stat -c %a "$T/textfile/aether.prom")" = 644 ] && [ "$(ls "$T/textfile")" = aether.prom ]'
echo stale >"$T/textfile/aether.prom"
ino=$(stat -c %i "$T/textfile/aether.prom")
"$CTL" stats --prometheus -o "$T/textfile/aether.prom"
expect "stats --prometheus -o: replaced by rename (a new inode), not rewritten" \
	'[ "$(stat -c %i "$T/textfile/aether.prom")" != "$ino" ] && cmp -s "$T/p" "$T/textfile/aether.prom"'
"$CTL" stats --prometheus -o "$T/nodir/aether.prom" >"$T/o" 2>"$T/e"
expect "stats --prometheus -o into a missing directory: exit 1, says why" \
	'[ $? = 1 ] && grep -q "No such file" "$T/e"'
AETHER_SYSFS=$T/nosys "$CTL" stats --prometheus >"$T/p0" 2>"$T/e"
expect "stats --prometheus without the module: exit 0, aether_module_loaded 0" \
	'[ $? = 0 ] && grep -qx "aether_module_loaded 0" "$T/p0" && promcheck "$T/p0"'

# --- attach-configured: /etc/aether/disks at boot (systemd) and hotplug (udev) ---
mkdir -p "$F/class/block"
ln -s ../../devices/virtual/block/nullb0 "$F/class/block/nullb0"
ln -s ../../devices/virtual/block/nullb1 "$F/class/block/nullb1"
rm -r "$A/devices/nullb1"
cat >"$T/disks" <<'EOF'
# the disks aether attaches
251:1                          # by MAJ:MIN: not attached yet
nullb0 max_depth=100 policy=stride   # attached already: knobs again

/dev/disk/by-id/no-such-disk   # not on this machine
EOF
: >"$A/attach"
"$CTL" attach-configured --config "$T/disks" >"$T/o" 2>"$T/e"
expect "attach-configured: exit 0" '[ $? = 0 ]'
expect "attach-configured: attaches nullb1 (251:1)" '[ "$(cat "$A/attach")" = nullb1 ] && grep -q "attached nullb1 (251:1)" "$T/o"'
expect "attach-configured: knobs of an attached disk set again" \
	'[ "$(cat "$A/devices/nullb0/max_depth")" = 100 ] && [ "$(cat "$A/devices/nullb0/policy")" = stride ] && grep -q "nullb0 (nullb0) already attached" "$T/o"'
expect "attach-configured: a missing disk is skipped, named with its line" \
	'grep -q "disks:5: /dev/disk/by-id/no-such-disk: not present, skipped" "$T/e"'
: >"$A/attach"
AETHER_DISKS_CONF=$T/disks "$CTL" attach-configured nullb1 >"$T/o" 2>"$T/e"
expect "attach-configured DISK (udev %k): that disk only, silent on the others" \
	'[ $? = 0 ] && [ "$(cat "$A/attach")" = nullb1 ] && ! grep -q nullb0 "$T/o" && [ ! -s "$T/e" ]'
: >"$A/attach"
AETHER_DISKS_CONF=$T/disks "$CTL" attach-configured sda >"$T/o" 2>"$T/e"
expect "attach-configured of a disk not listed: exit 0, nothing written" \
	'[ $? = 0 ] && [ ! -s "$A/attach" ] && [ ! -s "$T/o" ] && [ ! -s "$T/e" ]'
AETHER_DISKS_CONF=$T/disks AETHER_SYSFS=$T/nosys "$CTL" attach-configured nullb1 >"$T/o" 2>"$T/e"
expect "attach-configured DISK without the module: exit 0, silent (the module's uevent comes later)" \
	'[ $? = 0 ] && [ ! -s "$T/o" ] && [ ! -s "$T/e" ]'
AETHER_DISKS_CONF=$T/disks AETHER_SYSFS=$T/nosys "$CTL" attach-configured >"$T/o" 2>"$T/e"
expect "attach-configured without the module: exit 1, says not loaded" '[ $? = 1 ] && grep -q "not loaded" "$T/e"'
"$CTL" attach-configured --config "$T/none" nullb1 >"$T/o" 2>"$T/e"
expect "attach-configured DISK without a config file: exit 0" '[ $? = 0 ] && [ ! -s "$T/e" ]'
"$CTL" attach-configured --config "$T/none" >"$T/o" 2>"$T/e"
expect "attach-configured without a config file: exit 1, names it" '[ $? = 1 ] && grep -q "$T/none" "$T/e"'
printf 'nullb0 max_depth=0\n' >"$T/bad1"
"$CTL" attach-configured --config "$T/bad1" >"$T/o" 2>"$T/e"
expect "attach-configured: a knob out of range: exit 1, the range and the line" \
	'[ $? = 1 ] && grep -q "max_depth takes an integer in 1\.\.1024" "$T/e" && grep -q "bad1:1: max_depth=0 not set on nullb0" "$T/e"'
printf 'nullb0 stride\n' >"$T/bad2"
"$CTL" attach-configured --config "$T/bad2" >"$T/o" 2>"$T/e"
expect "attach-configured: a setting without =: exit 1" '[ $? = 1 ] && grep -q "bad2:1: .stride. is not KNOB=VALUE" "$T/e"'
printf '8:1\n' >"$T/bad3"
"$CTL" attach-configured --config "$T/bad3" >"$T/o" 2>"$T/e"
expect "attach-configured: a partition: exit 1, names its disk" '[ $? = 1 ] && grep -q "partition sda1 of disk sda" "$T/e"'
usage_err "attach-configured two disks" "usage" attach-configured sda sdb
"$CTL" attach-configured --help >"$T/o"
expect "attach-configured --help names /etc/aether/disks" '[ $? = 0 ] && grep -q /etc/aether/disks "$T/o"'
expect "--help lists attach-configured" '"$CTL" --help | grep -q "^  attach-configured "'

# --- record: usage, and its output from a stand-in event stream ---
usage_err "record --duration 0" "integer in 1\.\." record --duration 0
usage_err "record --count abc" "integer in 1\.\." record --count abc
usage_err "record --file and a DISK" "no DISK with it" record --file /etc/hostname sda
usage_err "record a partition" "partition sda1 of disk sda" record 8:1
"$CTL" record --file "$T/no-such-file" >"$T/o" 2>"$T/e"
expect "record --file of a missing file: exit 1 with the reason" '[ $? = 1 ] && grep -q "No such file" "$T/e"'
"$CTL" record --help >"$T/o"
expect "record --help gives the line format and aether-sim's command" \
	'grep -q "MAJ,MIN 0 SEQ SECONDS.NANOSECONDS 0 Q R SECTOR + SECTORS" "$T/o" && grep -q "aether-sim replay --format blkparse" "$T/o"'
expect "--help lists record" '"$CTL" --help | grep -q "^  record "'
# $AETHER_DEV: a file of struct aether_event (48 bytes each) stands in for
# /dev/aether; seq 7 to 9 are missing (dropped), one read is of another disk
python3 - "$T/events" <<'PY'
import struct, sys
ev = [(s, 5000000000 + s * 1000000, s * 128, 252, 0, 8, s % 2) for s in range(1, 7)]
ev += [(10, 5020000000, 4096, 8, 0, 16, 1)]
ev += [(s, 5000000000 + s * 1000000, s * 128, 252, 0, 8, 1) for s in range(11, 41)]
with open(sys.argv[1], "wb") as f:
    for e in ev:
        f.write(struct.pack("<QQQIIIIii", *e, 0, 0))
PY
AETHER_DEV=$T/events "$CTL" record -o "$T/rec" 2>"$T/e"
expect "record from a stand-in stream: exit 0" '[ $? = 0 ]'
expect "record: one blkparse Q R line per read (37)" '[ $(grep -c "^[0-9].* Q R " "$T/rec") = 37 ]'
expect "record: the first read at time 0, its sector, length and decision" \
	'grep -q "^252,0 0 1 0\.000000000 0 Q R 128 + 8 \[fetch\]$" "$T/rec"'
expect "record: time from the first read, to the ns" \
	'grep -q "^252,0 0 6 0\.005000000 0 Q R 768 + 8 \[defer\]$" "$T/rec"'
expect "record: the seq gap counted as 3 events lost" 'grep -q "^# 37 reads saved, 3 events lost" "$T/rec"'
AETHER_DEV=$T/events "$CTL" record -c 4 >"$T/rec4" 2>/dev/null
expect "record -c 4: four reads, to stdout" '[ $(grep -c "^[0-9].* Q R " "$T/rec4") = 4 ]'
SIM=$(dirname "$CTL")/aether-sim
if [ -x "$SIM" ]; then
	"$SIM" replay --format blkparse --strict --trace "$T/rec" --policy stride >"$T/o" 2>"$T/e"
	expect "aether-sim replays the recording: 36 reads of the first disk, the other disk's named" \
		'[ $? = 0 ] && grep -q "reads=36 " "$T/o" && grep -q "1 events of devices other than 252,0" "$T/e"'
else
	no "aether-sim not built next to $CTL"
fi

echo "RESULT aetherctl-cli passed=$pass failed=$fail"
[ "$fail" = 0 ]
