#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module at work, in a VM (a few minutes, most of it the VM booting and
# fio running).  A null_blk disk with 1 ms completion latency (disk-class or
# cloud block storage) is attached; fio reads it buffered, 4 KiB at a time:
# strided (4 KiB every 64 KiB) with aether's policy off -- Linux readahead
# alone -- and then with the default policy (POVM gate + stride predictor),
# then sequentially, where aether leaves the stream to Linux readahead.  The
# demo prints live decisions, the prefetch counters per second and the
# speedup.  Then the same strided reader on a file of an ext4 filesystem (a
# memory-backed null_blk, 1 ms per I/O): Linux alone against aether, whose
# predictions go into the file's own page cache.  DEMO_SECONDS (default 8)
# sets each fio run's length.
set -u
cd "$(dirname "$0")/.."

if [ "${1:-}" != --guest ]; then
	make -s module tools >/dev/null || exit 1
	# the file case keeps a 1 GiB filesystem in guest memory
	exec scripts/vm.sh --memory 3G -- scripts/demo-vm.sh --guest
fi

CTL=build/aetherctl
SECS=${DEMO_SECONDS:-8}
DEV=/sys/kernel/aether/devices/nullb0

say() { printf '\n\033[1m%s\033[0m\n' "$*"; }

counters() { echo "$(cut -d' ' -f1 $DEV/stat) $(cat $DEV/pages_prefetched $DEV/pages_used)"; }

per_second() {	# FIO_PID: per-second counters while fio runs
	local t=0 r0 f0 u0 r1 f1 u1 prev
	prev=$(counters)
	while [ $t -lt "$SECS" ] && kill -0 "$1" 2>/dev/null; do
		sleep 1
		t=$((t + 1))
		read -r r0 f0 u0 <<<"$prev"
		prev=$(counters)
		read -r r1 f1 u1 <<<"$prev"
		printf '  t=%2ds  reads reaching the disk/s=%5d  pages prefetched/s=%5d  prefetched pages read/s=%5d\n' \
			$t $((r1 - r0)) $((f1 - f0)) $((u1 - u0))
	done
}

IOPS=0
run_fio() {	# TITLE RW POLICY OFFSET
	say "$1"
	echo "$3" >$DEV/policy
	"$CTL" watch --nonblock >/dev/null	# start from an empty stream
	fio --name=demo --filename=/dev/nullb0 --rw="$2" --bs=4k --size=32g \
		--offset="$4" --ioengine=psync --runtime="$SECS" --time_based \
		--allow_file_create=0 --output-format=json >/tmp/fio.json 2>/tmp/fio.err &
	local fio=$!
	sleep 1
	echo "  first decisions (seq time disk sector sectors decision phi epsilon):"
	"$CTL" watch --count 4 | sed 's/^/    /'
	per_second $fio
	wait $fio
	IOPS=$(python3 -c 'import json; print(int(json.load(open("/tmp/fio.json"))["jobs"][0]["read"]["iops"]))')
	echo "  fio: $IOPS IOPS (policy $3)"
}

say "aether $(modinfo -F version ./aether.ko) on $(uname -r), $(nproc) CPUs (qemu TCG)"
insmod ./aether.ko || exit 1
modprobe null_blk nr_devices=1 gb=64 irqmode=2 completion_nsec=1000000 || exit 1
udevadm settle 2>/dev/null
"$CTL" attach nullb0 || exit 1
echo "  null_blk nullb0: 64 GiB, 1 ms per I/O; attached:"
"$CTL" list | sed 's/^/    /'
echo "  knobs: preset=$("$CTL" get preset) window=$("$CTL" get window) max_depth=$(cat $DEV/max_depth) budget_kb=$(cat $DEV/budget_kb)"

run_fio "Strided reads (4 KiB every 64 KiB), Linux readahead alone (policy off)" read:60k off 0
base=$IOPS
run_fio "The same strided reads with aether (policy povm: gate + stride predictor)" read:60k povm 16g
with=$IOPS
sleep 2.5	# unread prefetched pages are judged after 2 s
say "Strided: $base IOPS alone, $with IOPS with aether: $(awk -v a="$base" -v b="$with" 'BEGIN{printf "%.1f", a ? b / a : 0}')x"
"$CTL" stats --raw nullb0 | tr ' ' '\n' |
	grep -E '^(pages_prefetched|pages_used|pages_wasted|budget_drops|depth)=' | paste -sd' ' | sed 's/^/  /'

run_fio "Sequential reads: Linux readahead serves them, aether defers and prefetches nothing" read povm 32g
echo "  pages prefetched in total: $(cat $DEV/pages_prefetched)"

say "Per-disk files: $DEV/"
for f in dev window preset policy stat prefetch_ratio cur_epsilon cur_phi max_depth budget_kb \
	pages_prefetched pages_used pages_wasted budget_drops depth; do
	printf '  %-17s %s\n' "$f" "$(cat $DEV/$f)"
done
"$CTL" detach nullb0

say "A file on ext4: the same strided reader, through a filesystem"
NULLB=/sys/kernel/config/nullb
FDEV=/sys/kernel/aether/devices/nullb1
MNT=/tmp/aether-demo
mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
mkdir $NULLB/nullb1 || exit 1
for kv in size=1024 blocksize=4096 memory_backed=1 irqmode=2 completion_nsec=1000000; do
	echo "${kv#*=}" >"$NULLB/nullb1/${kv%%=*}" || exit 1
done
echo 1 >$NULLB/nullb1/power || exit 1
udevadm settle 2>/dev/null
mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0,nodiscard /dev/nullb1 || exit 1
mkdir -p $MNT && mount /dev/nullb1 $MNT || exit 1
echo "  null_blk nullb1: 1 GiB in memory, 1 ms per I/O, ext4; writing a 768 MiB file..."
dd if=/dev/zero of=$MNT/data bs=4M count=192 oflag=direct status=none || exit 1
"$CTL" attach nullb1 || exit 1
FIOPS=0
file_fio() {	# TITLE POLICY: strided reads of the file from a cold cache
	echo "  $1"
	echo "$2" >$FDEV/policy
	sync
	echo 3 >/proc/sys/vm/drop_caches
	# not time-based: the reader stops at the end of the file, never wraps
	fio --name=demo-file --filename=$MNT/data --rw=read:60k --bs=4k \
		--ioengine=psync --runtime="$SECS" --invalidate=0 \
		--output-format=json >/tmp/fio.json 2>/tmp/fio.err || { cat /tmp/fio.err; exit 1; }
	FIOPS=$(python3 -c 'import json; print(int(json.load(open("/tmp/fio.json"))["jobs"][0]["read"]["iops"]))')
	echo "    fio: $FIOPS IOPS (policy $2)"
}
file_fio "Linux readahead alone (policy off)" off
fbase=$FIOPS
file_fio "with aether (policy povm): predictions read into the file's page cache" povm
fwith=$FIOPS
sleep 2.5	# unread prefetched pages are judged after 2 s
say "File on ext4: $fbase IOPS alone, $fwith IOPS with aether: $(awk -v a="$fbase" -v b="$fwith" 'BEGIN{printf "%.1f", a ? b / a : 0}')x"
for f in file_pages_prefetched file_pages_used file_pages_wasted disk_pages_prefetched file_depth budget_drops; do
	printf '  %-22s %s\n' "$f" "$(cat $FDEV/$f)"
done
echo "  (disk_pages_prefetched stays 0: nothing goes into the disk's own cache while ext4 holds it)"
"$CTL" detach nullb1
umount $MNT
echo 0 >$NULLB/nullb1/power
rmdir $NULLB/nullb1
rmmod aether
say "Done.  make bench measures every workload side by side; Documentation/benchmarks.md has the figures."
