#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The guest half of `make bench` (scripts/bench.sh boots the VM): each fio job
# of the plan under each configuration -- Linux readahead alone (aether not
# loaded), aether attached with policy off, povm and stride -- alternating
# the configurations and repeating, with caches dropped before every run.
# Appends one CSV line per run to OUT:
#   latency,job,config,rep,iops,sectors_read,prefetch_pages,used_pages
#
# usage: bench-guest.sh --out FILE [--runtime S] [--reps N] [--plan LAT:JOB,...]
#   LAT is 1ms, 50us or none (null_blk completion latency, timer irq mode).
set -u
cd "$(dirname "$0")/.."
out=""
runtime=6
reps=3
plan="1ms:seq,1ms:strided,1ms:random,1ms:strided2,1ms:mixed,50us:seq,50us:strided,50us:random,50us:strided2,50us:mixed,none:randdirect"
configs="linux off povm stride"
while [ $# -gt 0 ]; do
	case $1 in
	--out) out=$2; shift 2 ;;
	--runtime) runtime=$2; shift 2 ;;
	--reps) reps=$2; shift 2 ;;
	--plan) plan=$2; shift 2 ;;
	--configs) configs=$2; shift 2 ;;
	*) echo "bench-guest.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
[ -n "$out" ] || { echo "bench-guest.sh: --out FILE is required" >&2; exit 2; }
KO=$PWD/aether.ko
DEV=nullb0
SYS=/sys/kernel/aether

die() { echo "bench-guest.sh: $*" >&2; exit 1; }

load_nullb() {		# load_nullb LATENCY
	local mode nsec
	case $1 in
	1ms) mode=2 nsec=1000000 ;;
	50us) mode=2 nsec=50000 ;;
	none) mode=0 nsec=0 ;;
	*) die "unknown latency $1" ;;
	esac
	rmmod aether 2>/dev/null
	rmmod null_blk 2>/dev/null
	modprobe null_blk nr_devices=1 gb=64 bs=4096 irqmode=$mode completion_nsec=$nsec ||
		die "cannot load null_blk"
	udevadm settle 2>/dev/null
	[ -b /dev/$DEV ] || die "no /dev/$DEV"
}

apply_config() {	# apply_config CONFIG
	if [ "$1" = linux ]; then
		! grep -q '^aether ' /proc/modules || rmmod aether || die "cannot unload aether"
		return
	fi
	grep -q '^aether ' /proc/modules || insmod "$KO" || die "cannot load $KO"
	[ -d $SYS/devices/$DEV ] || echo $DEV >$SYS/attach || die "cannot attach $DEV"
	if [ -f $SYS/devices/$DEV/policy ]; then
		echo "$1" >$SYS/devices/$DEV/policy || die "cannot set policy $1"
	elif [ "$1" != off ]; then
		return 1	# this build has no prefetch engine
	fi
}

dev_counter() {		# dev_counter NAME: a per-device aether counter, or 0
	local f=$SYS/devices/$DEV/$1
	[ -r "$f" ] && cat "$f" || echo 0
}

run_one() {		# run_one LATENCY JOB CONFIG REP
	local s0 s1 p0 p1 u0 u1 iops json=build/bench-guest.json
	apply_config "$3" || { echo "skip $2/$3: no prefetch engine in this build"; return; }
	sync
	echo 3 >/proc/sys/vm/drop_caches
	s0=$(awk '{print $3}' /sys/block/$DEV/stat)
	p0=$(dev_counter pages_prefetched)
	u0=$(dev_counter pages_used)
	AETHER_DEV=/dev/$DEV AETHER_RUNTIME=$runtime fio --output-format=json \
		scripts/fio/"$2".fio >$json 2>build/bench-guest.err || die "fio $2 failed: $(cat build/bench-guest.err)"
	s1=$(awk '{print $3}' /sys/block/$DEV/stat)
	p1=$(dev_counter pages_prefetched)
	u1=$(dev_counter pages_used)
	iops=$(python3 -c 'import json,sys; print("%.1f" % sum(j["read"]["iops"] for j in json.load(open(sys.argv[1]))["jobs"]))' $json)
	echo "$1,$2,$3,$4,$iops,$((s1 - s0)),$((p1 - p0)),$((u1 - u0))" | tee -a "$out"
}

[ -f "$KO" ] || die "no $KO: run make module"
command -v fio >/dev/null || die "fio missing"
current=""
for item in ${plan//,/ }; do
	lat=${item%%:*}
	job=${item#*:}
	[ -f scripts/fio/$job.fio ] || die "no job scripts/fio/$job.fio"
	if [ "$lat" != "$current" ]; then
		load_nullb "$lat"
		current=$lat
	fi
	# The probe's overhead (direct I/O, nothing to prefetch) is a few per
	# cent under run-to-run noise of +-25% in this VM: only Linux alone
	# and policy off, with four times the repeats.
	job_reps=$reps job_configs=$configs
	if [ "$job" = randdirect ]; then
		job_reps=$((4 * reps))
		job_configs="linux off"
	fi
	for rep in $(seq 1 "$job_reps"); do
		# rotate the order each repeat so no configuration always runs first
		# shellcheck disable=SC2086
		set -- $job_configs
		for _ in $(seq 2 "$rep"); do set -- "${@:2}" "$1"; done
		for cfg in "$@"; do
			run_one "$lat" "$job" "$cfg" "$rep"
		done
	done
done
rmmod aether 2>/dev/null
rmmod null_blk 2>/dev/null
exit 0
