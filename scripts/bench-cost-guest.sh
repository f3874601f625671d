#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Inside the VM (scripts/bench-cost.sh): REPS RUNTIME "JOBS" CSV
set -u
reps=$1 runtime=$2 jobs=$3 csv=$4
SYS=/sys/kernel/aether
NULLB=/sys/kernel/config/nullb
modprobe null_blk nr_devices=0
mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
mkdir "$NULLB/nullb0"
echo 16777216 >"$NULLB/nullb0/size"	# MiB: reads never repeat a page
echo 0 >"$NULLB/nullb0/irqmode"
echo 0 >"$NULLB/nullb0/completion_nsec"
echo 1 >"$NULLB/nullb0/power"
udevadm settle 2>/dev/null

config() {	# linux | off | povm
	if [ "$1" = linux ]; then
		grep -q '^aether ' /proc/modules && rmmod aether
		return 0
	fi
	grep -q '^aether ' /proc/modules || insmod ./aether.ko
	[ -d $SYS/devices/nullb0 ] || echo nullb0 >$SYS/attach
	echo "$1" >$SYS/devices/nullb0/policy
}

fio_args() {	# JOB
	local a="--name=c --filename=/dev/nullb0 --bs=4k --ioengine=psync --size=16t"
	a="$a --runtime=$runtime --time_based --randrepeat=0 --random_generator=tausworthe64"
	a="$a --output-format=json"
	case $1 in
	direct-rand) echo "$a --rw=randread --direct=1" ;;
	buffered-rand) echo "$a --rw=randread --invalidate=1" ;;
	direct-strided) echo "$a --rw=read:60k --direct=1" ;;
	buffered-strided) echo "$a --rw=read:60k --invalidate=1" ;;
	esac
}

echo "job,config,rep,iops" >"$csv"
for job in $jobs; do
	for rep in $(seq 1 "$reps"); do
		for cfg in linux off povm; do
			config "$cfg"
			echo 3 >/proc/sys/vm/drop_caches
			# shellcheck disable=SC2046
			fio $(fio_args "$job") >/tmp/bench-cost.json 2>/tmp/bench-cost.err ||
				cat /tmp/bench-cost.err
			iops=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["jobs"][0]["read"]["iops"])' \
				/tmp/bench-cost.json)
			echo "$job,$cfg,$rep,$iops" >>"$csv"
			echo "$job $cfg $rep: $iops IOPS"
		done
	done
done
grep -q '^aether ' /proc/modules && rmmod aether
exit 0
