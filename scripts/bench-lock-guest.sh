#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of scripts/bench-lock.sh: buffered 4 KiB random reads of a
# no-latency null_blk, one fio job, then one per vCPU, Linux alone and
# with aether (policy povm) attached, alternated, REPS repeats.  One line
# per run: reads a second, decided reads and how many found the disk lock
# held (left to its holder, or waited for it).
set -u
reps=${1:-3} runtime=${2:-4}
N=$(nproc)
NULLB=/sys/kernel/config/nullb
D=/sys/kernel/aether/devices/nullb0
modprobe null_blk nr_devices=0 || exit 1
mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
mkdir "$NULLB/nullb0" || exit 1
echo 16777216 >"$NULLB/nullb0/size"
echo 0 >"$NULLB/nullb0/irqmode"
echo 0 >"$NULLB/nullb0/completion_nsec"
echo 1 >"$NULLB/nullb0/power"
udevadm settle
iops() {
	echo 3 >/proc/sys/vm/drop_caches
	fio --name=c --filename=/dev/nullb0 --rw=randread --bs=4k --ioengine=psync \
		--size=64g --runtime="$runtime" --time_based --numjobs="$1" \
		--group_reporting --output-format=terse | awk -F';' '{ print $8 }'
}
echo "rep,readers,linux_iops,aether_iops,decided,lock_noted,lock_waited"
for rep in $(seq "$reps"); do
	for j in 1 "$N"; do
		a=$(iops "$j")
		insmod ./aether.ko && echo nullb0 >/sys/kernel/aether/attach || exit 1
		b=$(iops "$j")
		read -r _ _ decided _ <"$D/stat"
		echo "$rep,$j,$a,$b,$decided,$(cat $D/lock_noted),$(cat $D/lock_waited)"
		rmmod aether
	done
done
