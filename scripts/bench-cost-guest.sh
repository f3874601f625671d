#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Inside the VM (scripts/bench-cost.sh): REPS RUNTIME "JOBS" CSV
set -u
reps=$1 runtime=$2 jobs=$3 csv=$4
SYS=/sys/kernel/aether
NULLB=/sys/kernel/config/nullb
# shellcheck source=scripts/cost-nullb0.sh
. scripts/cost-nullb0.sh
cost_nullb0
case " $jobs " in
*" mixed-1ms "*)	# a disk with 1 ms completions for the mixed job
	mkdir "$NULLB/nullb1"
	echo 65536 >"$NULLB/nullb1/size"
	echo 2 >"$NULLB/nullb1/irqmode"
	echo 1000000 >"$NULLB/nullb1/completion_nsec"
	echo 1 >"$NULLB/nullb1/power" ;;
esac
udevadm settle 2>/dev/null

config() {	# linux | off | povm
	if [ "$1" = linux ]; then
		grep -q '^aether ' /proc/modules && rmmod aether
		return 0
	fi
	grep -q '^aether ' /proc/modules || insmod ./aether.ko
	[ -d $SYS/devices/$2 ] || echo $2 >$SYS/attach
	echo "$1" >$SYS/devices/$2/policy
	# the load's and the attach's uevents handled before the run, not in it
	udevadm settle 2>/dev/null
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
	mixed-1ms)	# scripts/fio/mixed.fio, each reader reported on its own
		a="--filename=/dev/nullb1 --bs=4k --ioengine=psync --runtime=$runtime"
		a="$a --time_based --invalidate=1 --output-format=json"
		echo "$a --name=seq --rw=read --offset=0"
		echo "--name=strided --rw=read:60k --offset=4g"
		echo "--name=random --rw=randread --randrepeat=1 --offset=8g --size=4g" ;;
	esac
}

echo "job,config,rep,iops" >"$csv"
for job in $jobs; do
	for rep in $(seq 1 "$reps"); do
		# rotated each repetition: no configuration always runs first
		# after the load (or after the first boot's cold caches)
		set -- linux off povm
		for _ in $(seq 2 "$rep"); do set -- "${@:2}" "$1"; done
		for cfg in "$@"; do
			dev=nullb0
			[ "$job" = mixed-1ms ] && dev=nullb1
			config "$cfg" $dev
			echo 3 >/proc/sys/vm/drop_caches
			# shellcheck disable=SC2046
			fio $(fio_args "$job") >/tmp/bench-cost.json 2>/tmp/bench-cost.err ||
				cat /tmp/bench-cost.err
			# one line per reader and, for several, one for their sum
			python3 - "$job" "$cfg" "$rep" /tmp/bench-cost.json <<'PY' | tee -a "$csv"
import json, sys
job, cfg, rep, path = sys.argv[1:]
jobs = json.load(open(path))["jobs"]
for j in jobs if len(jobs) > 1 else []:
    print("%s-%s,%s,%s,%s" % (job, j["jobname"], cfg, rep, j["read"]["iops"]))
print("%s,%s,%s,%s" % (job, cfg, rep, sum(j["read"]["iops"] for j in jobs)))
PY
		done
	done
done
grep -q '^aether ' /proc/modules && rmmod aether
exit 0
