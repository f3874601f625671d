#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The second cold start with the history predictor, in the VM, as root from
# the project root (needs `make module vmtests` and, for the sqlite case,
# scripts/gen-sqlite-lookup.py build/bench/sqlite-lookup.db):
#   scripts/vm.sh --cpus 1 --icount --memory 4G [--module FILE] -- \
#	tools/testing/vm/history-bench.sh [REPS] [READS] [CASES]
# (-icount: the guest's clock counts the programs' CPU as 4 ns an
# instruction whatever the host's load; plain TCG's wall clock follows that
# load, which swung its ratios 2-3x between repetitions.)
# On ext4 on a memory-backed null_blk with 1 ms completions (hb0), the
# programs of CASES (comma-separated, default listread,sqlite,python):
#   listread  build/vm-listread: READS (2000) buffered 4 KiB reads at a
#             fixed random list of offsets of a 256 MiB file (a synthetic
#             replay, little CPU per read)
#   sqlite    the sqlite3 CLI running the 1,000 point lookups of
#             build/bench/sqlite-lookup.db.sql on a copy of that database
#             (an index walk to a leaf, then the table's leaf, per lookup)
#   python    /usr/bin/python3 -S -B importing 37 stdlib modules from a copy
#             of /usr/lib/python3.11 on the disk (PYTHONPATH): ~200 small
#             .pyc files, each read whole
# Each repetition, for Linux readahead alone (aether loaded, the disk not
# attached) and for aether (povm, history_entries=16384, a new empty
# table), alternated, the order swapped every repetition: caches dropped,
# the program run once (the first start, which aether learns), caches
# dropped again, run again: the second start is what counts.  With readahead
# alone the program then runs a third time with everything cached: its time
# is the floor that is CPU, not I/O (qemu TCG makes CPU ~50x slower).
# One line per run:
#   CASE rep N MODE: first MS ms, second MS ms, reads IOS sectors SECT [...]
# with the device's completed reads and sectors of the second start
# (/sys/block/hb0/stat; aether's prefetch included) and, for aether, the
# history_pages_* counters over the second start and its verdicts.  Then per
# case "RESULT history-bench-CASE ra_ms= aether_ms= speedup= ..." with the
# medians of REPS (5) and the median of the per-repetition ratios.
set -u
NULLB=/sys/kernel/config/nullb
SYS=/sys/kernel/aether
RESULT_PREFIX=bench
. tools/testing/vm/lib.sh
reps=${1:-5}
reads=${2:-2000}
cases=${3:-listread,sqlite,python}
MNT=/tmp/hbench
DB=build/bench/sqlite-lookup.db
PY=/usr/bin/python3
PYLIB=/usr/lib/python3.11
PYMODS="email.parser, email.policy, json, http.client, xml.dom.minidom, argparse, logging.handlers, decimal, asyncio, unittest, urllib.request, tarfile, zipfile, csv, difflib, pydoc, inspect, dataclasses, typing, sqlite3, xml.etree.ElementTree, configparser, smtplib, imaplib, ftplib, multiprocessing, concurrent.futures, shutil, tempfile, pickle, pprint, statistics, fractions, calendar, mailbox, wave, plistlib"

# READS reads of FILE, the same list each run (tools/testing/vm/listread.c)
READER=build/vm-listread
cold() { sync; echo 3 >/proc/sys/vm/drop_caches; }
median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# one start of CASE, its output thrown away
start() {
	case $1 in
	listread) $READER $MNT/data "$reads" 5 >/dev/null ;;
	sqlite) sqlite3 -readonly $MNT/lookup.db <$DB.sql >/dev/null ;;
	python) (cd /tmp && PYTHONPATH=$MNT/stdlib $PY -S -B -c "import $PYMODS") ;;
	esac
}

# warm what the program itself needs from the root filesystem (not hb0)
warm() {
	case $1 in
	sqlite) sqlite3 :memory: 'SELECT 1' >/dev/null ;;
	python) $PY -S -B -c pass ;;
	esac
}

# timed CASE: "MS READS SECTORS" of one start
timed() {
	local t0 t1 r0 r1 s0 s1
	read -r r0 _ s0 _ </sys/block/hb0/stat
	t0=$(now_ms)
	start "$1" || echo "history-bench: $1 failed" >&2
	t1=$(now_ms)
	read -r r1 _ s1 _ </sys/block/hb0/stat
	echo "$((t1 - t0)) $((r1 - r0)) $((s1 - s0))"
}

hist() { cat $SYS/devices/hb0/history_pages_"$1"; }

modprobe null_blk nr_devices=0
mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
unload
insmod ./aether.ko || exit 1
nullb_make hb0 memory_backed=1 size=1024 irqmode=2 completion_nsec=1000000 || exit 1
mkfs.ext4 -q -F /dev/hb0 || exit 1
mkdir -p $MNT && mount /dev/hb0 $MNT || exit 1
case ,$cases, in *,listread,*)
	dd if=/dev/zero of=$MNT/data bs=1M count=256 status=none || exit 1 ;;
esac
case ,$cases, in *,sqlite,*)
	[ -f $DB ] && [ -f $DB.sql ] ||
		{ echo "history-bench: no $DB (scripts/gen-sqlite-lookup.py $DB)" >&2; exit 1; }
	cp $DB $MNT/lookup.db || exit 1 ;;
esac
case ,$cases, in *,python,*)
	mkdir $MNT/stdlib && cp -a $PYLIB/. $MNT/stdlib/ || exit 1 ;;
esac
sync

for c in ${cases//,/ }; do
	ra=() ae=() ratio=() fl=() rr=() ar=() rs=() as=()
	for i in $(seq "$reps"); do
		modes="ra aether"
		[ $((i % 2)) = 1 ] || modes="aether ra"
		for mode in $modes; do
			if [ "$mode" = aether ]; then
				echo hb0 >$SYS/attach
				echo 16384 >$SYS/devices/hb0/history_entries
			fi
			cold
			warm "$c"
			read -r first _ _ < <(timed "$c")
			cold
			warm "$c"
			p0=0 u0=0 w0=0
			if [ "$mode" = aether ]; then
				p0=$(hist prefetched) u0=$(hist used) w0=$(hist wasted)
			fi
			read -r second nr ns < <(timed "$c")
			extra=""
			if [ "$mode" = aether ]; then
				sleep 3		# verdicts on the prefetched pages
				extra=", history prefetched $(($(hist prefetched) - p0)) used $(($(hist used) - u0)) wasted $(($(hist wasted) - w0))"
				echo hb0 >$SYS/detach
				ae+=("$second") ar+=("$nr") as+=("$ns")
			else
				read -r floor _ _ < <(timed "$c")
				extra=", cached $floor ms"
				ra+=("$second") rr+=("$nr") rs+=("$ns") fl+=("$floor")
			fi
			echo "$c rep $i $mode: first $first ms, second $second ms, reads $nr sectors $ns$extra"
		done
		ratio+=("$(awk -v r="${ra[-1]}" -v a="${ae[-1]}" 'BEGIN { printf "%.2f", r / a }')")
	done
	r=$(printf '%s\n' "${ra[@]}" | median)
	a=$(printf '%s\n' "${ae[@]}" | median)
	echo "RESULT history-bench-$c ra_ms=$r aether_ms=$a" \
		"speedup=$(awk -v r="$r" -v a="$a" 'BEGIN { printf "%.2f", r / a }')" \
		"ratio_median=$(printf '%s\n' "${ratio[@]}" | median) ratios=$(IFS=/; echo "${ratio[*]}")" \
		"cached_ms=$(printf '%s\n' "${fl[@]}" | median)" \
		"ra_reads=$(printf '%s\n' "${rr[@]}" | median) aether_reads=$(printf '%s\n' "${ar[@]}" | median)" \
		"ra_sectors=$(printf '%s\n' "${rs[@]}" | median) aether_sectors=$(printf '%s\n' "${as[@]}" | median)"
done
umount $MNT
rmmod aether
nullb_remove hb0
