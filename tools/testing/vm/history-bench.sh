#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The second cold start with the history predictor, in the VM, as root from
# the project root (needs `make module vmtests`):
#   scripts/vm.sh [--module FILE] -- tools/testing/vm/history-bench.sh [REPS] [READS]
# A program that reads the same non-strided list of blocks each time it
# starts: READS (2000) buffered 4 KiB reads at a fixed random list of
# offsets in a 256 MiB file on ext4, on a memory-backed null_blk with 1 ms
# completions.  Each repetition, for Linux readahead alone (aether loaded,
# the disk not attached) and for aether (povm, history_entries=16384),
# alternated: caches dropped, the list read once (the first start), caches
# dropped again, read again: the time of the second start is what counts.
# Prints one line per run and "RESULT history-bench ra_ms=.. aether_ms=..
# speedup=.." with the medians of REPS (3).
set -u
NULLB=/sys/kernel/config/nullb
SYS=/sys/kernel/aether
RESULT_PREFIX=bench
. tools/testing/vm/lib.sh
reps=${1:-3}
reads=${2:-2000}
MNT=/tmp/hbench

# READS reads of FILE, the same list each run; prints the milliseconds
# (tools/testing/vm/listread.c, little CPU per read under emulation)
READER=build/vm-listread
cold() { sync; echo 3 >/proc/sys/vm/drop_caches; }
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

modprobe null_blk nr_devices=0
mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
unload
insmod ./aether.ko || exit 1
nullb_make hb0 memory_backed=1 size=1024 irqmode=2 completion_nsec=1000000 || exit 1
mkfs.ext4 -q -F /dev/hb0 || exit 1
mkdir -p $MNT && mount /dev/hb0 $MNT || exit 1
dd if=/dev/zero of=$MNT/data bs=1M count=256 status=none && sync
ra=() ae=()
for i in $(seq "$reps"); do
	for mode in ra aether; do
		if [ $mode = aether ]; then
			echo hb0 >$SYS/attach
			echo 16384 >$SYS/devices/hb0/history_entries
		fi
		cold
		first=$($READER $MNT/data "$reads" 5)
		cold
		second=$($READER $MNT/data "$reads" 5)
		extra=""
		if [ $mode = aether ]; then
			sleep 3		# verdicts on the prefetched pages
			d=$SYS/devices/hb0
			extra="history prefetched $(cat $d/history_pages_prefetched) used $(cat $d/history_pages_used) wasted $(cat $d/history_pages_wasted)"
			echo hb0 >$SYS/detach
			ae+=("$second")
		else
			ra+=("$second")
		fi
		echo "rep $i $mode: first ${first} ms, second ${second} ms $extra"
	done
done
umount $MNT
rmmod aether
nullb_remove hb0
r=$(printf '%s\n' "${ra[@]}" | median)
a=$(printf '%s\n' "${ae[@]}" | median)
echo "RESULT history-bench ra_ms=$r aether_ms=$a speedup=$(awk -v r="$r" -v a="$a" 'BEGIN { printf "%.2f", r / a }')"
