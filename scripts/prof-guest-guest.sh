#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Inside the VM (scripts/prof-guest.sh): POLICY RUNTIME OUTDIR TAG
#
# scripts/bench-cost-guest.sh's buffered-rand job on the same null_blk
# (aether attached with POLICY; "linux": not loaded), with two runs of
# build/prof/marker RUNTIME s apart in the middle of fio: at each the
# tbcount plugin dumps its counters (OUTDIR/tb.TAG.1, tb.TAG.2, written by
# qemu on the host).  Then this boot's kallsyms and modules (KASLR) for
# scripts/prof-attribute.py.
set -u
policy=$1 runtime=$2 out=$3 tag=$4
SYS=/sys/kernel/aether
# shellcheck source=scripts/cost-nullb0.sh
. scripts/cost-nullb0.sh
cost_nullb0
udevadm settle 2>/dev/null

if [ "$policy" != linux ]; then
	insmod ./aether.ko || exit 1
	echo nullb0 >$SYS/attach || exit 1
	echo "$policy" >$SYS/devices/nullb0/policy || exit 1
fi
# the load's and the attach's uevents handled before the run, not in it
udevadm settle 2>/dev/null
echo 3 >/proc/sys/vm/drop_caches

args="--name=c --filename=/dev/nullb0 --bs=4k --ioengine=psync --size=16t"
args="$args --time_based --randrepeat=0 --random_generator=tausworthe64"
args="$args --output-format=json --rw=randread --invalidate=1"
# a warm-up, not counted: fio's binary and libraries in the page cache
# shellcheck disable=SC2086
fio $args --runtime=1 >/dev/null 2>&1
# The counted window is RUNTIME s in the middle of the measured run: after
# fio's start-up (some 4e8 instructions, mostly xas_find: --invalidate over
# the device's page cache, which would add thousands of instructions per
# read to a short run) and before its end.
# shellcheck disable=SC2086
fio $args --runtime=$((runtime + 6)) >"$out/fio.$tag.json" 2>"$out/fio.$tag.err" &
fio_pid=$!
sleep 4
build/prof/marker	# dump 1
sleep "$runtime"
build/prof/marker	# dump 2
wait $fio_pid
rc=$?
[ $rc = 0 ] || cat "$out/fio.$tag.err"
cp /proc/kallsyms "$out/kallsyms.$tag"
cat /proc/modules >"$out/modules.$tag"
exit $rc
