#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The guest half of `make bench` (scripts/bench.sh boots the VM): each fio job
# of the plan under each configuration -- Linux readahead alone (aether not
# loaded), aether attached with policy off, povm and stride -- alternating
# the configurations and repeating, with caches dropped before every run.
# Appends one CSV line per run to OUT:
#   latency,job,config,rep,iops,sectors_read,prefetch_pages,used_pages
#
# usage: bench-guest.sh --out FILE [--runtime S] [--reps N] [--plan PLAN]
#   [--configs "C..."] [--file-configs "C..."] [--sqlite-db FILE]
# PLAN is a comma-separated list of
#   LAT:JOB      a raw-disk job, scripts/fio/JOB.fio on /dev/nullb0 (64 GiB)
#   LAT:FS:JOB   a file job on FS (ext4 or xfs): scripts/fio/file-JOB.fio, or
#                JOB=sqlite: `sqlite3 DB 'SELECT sum(v) FROM a'`, timed, on a
#                copy of the --sqlite-db database (scripts/gen-sqlite-db.py)
#   disk, files  the default raw-disk and files plans; all = both (default)
# LAT is 1ms, 50us or none (null_blk completion latency, timer irq mode).
# File jobs run on a memory-backed null_blk made through configfs (5 GiB),
# formatted and mounted with the files s1 (2 GiB), s2 (1.5 GiB) and r
# (512 MiB) written once per latency and filesystem, under --file-configs
# (default "linux povm"); their CSV lines have more fields:
#   latency,FS/JOB,config,rep,iops,sectors_read,file_pages_prefetched,
#   file_pages_used,reads_completed,disk_pages_prefetched,jobs_ended_early,seconds
# reads_completed is fio's (or, for sqlite, the device's) read count;
# jobs_ended_early counts readers that reached the end of their file before
# the runtime (they stop there rather than wrap into cached pages);
# seconds is the sqlite query's wall time (0 for fio jobs).  A job of
# several readers (mixed, strided2) also appends one line per reader to
# OUT-readers.csv (OUT without .csv): latency,FS/JOB,reader,config,rep,iops.
set -u
cd "$(dirname "$0")/.." || exit 1
out=""
runtime=6
reps=3
disk_plan="1ms:seq,1ms:strided,1ms:random,1ms:strided2,1ms:mixed,50us:seq,50us:strided,50us:random,50us:strided2,50us:mixed,none:randdirect"
files_plan=""
for lat in 1ms 50us; do
	for fs in ext4 xfs; do
		for job in strided strided2 seq random mixed; do
			files_plan="$files_plan,$lat:$fs:$job"
		done
	done
done
files_plan="1ms:ext4:sqlite${files_plan}"
plan=all
configs="linux off povm stride"
file_configs="linux povm"
sqlite_db=""
while [ $# -gt 0 ]; do
	case $1 in
	--out) out=$2; shift 2 ;;
	--runtime) runtime=$2; shift 2 ;;
	--reps) reps=$2; shift 2 ;;
	--plan) plan=$2; shift 2 ;;
	--configs) configs=$2; shift 2 ;;
	--file-configs) file_configs=$2; shift 2 ;;
	--sqlite-db) sqlite_db=$2; shift 2 ;;
	*) echo "bench-guest.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
[ -n "$out" ] || { echo "bench-guest.sh: --out FILE is required" >&2; exit 2; }
plan=${plan//all/disk,files}
plan=${plan//disk/$disk_plan}
plan=${plan//files/$files_plan}
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
	local s0 s1 p0 p1 u0 u1 iops json=/tmp/bench-guest.json
	apply_config "$3" || { echo "skip $2/$3: no prefetch engine in this build"; return; }
	sync
	echo 3 >/proc/sys/vm/drop_caches
	s0=$(awk '{print $3}' /sys/block/$DEV/stat)
	p0=$(dev_counter pages_prefetched)
	u0=$(dev_counter pages_used)
	AETHER_DEV=/dev/$DEV AETHER_RUNTIME=$runtime fio --output-format=json \
		scripts/fio/"$2".fio >$json 2>/tmp/bench-guest.err || die "fio $2 failed: $(cat /tmp/bench-guest.err)"
	s1=$(awk '{print $3}' /sys/block/$DEV/stat)
	p1=$(dev_counter pages_prefetched)
	u1=$(dev_counter pages_used)
	iops=$(python3 -c 'import json,sys; print("%.1f" % sum(j["read"]["iops"] for j in json.load(open(sys.argv[1]))["jobs"]))' $json)
	echo "$1,$2,$3,$4,$iops,$((s1 - s0)),$((p1 - p0)),$((u1 - u0))" | tee -a "$out"
}

# ---- the files plan: a filesystem on a memory-backed null_blk ----
NULLB=/sys/kernel/config/nullb
MNT=/tmp/aether-bench
FILE_RUN=""	# LAT:FS set up now

files_teardown() {
	[ -n "$FILE_RUN" ] || return 0
	umount $MNT 2>/dev/null
	rmmod aether 2>/dev/null
	if [ -d $NULLB/$DEV ]; then
		echo 0 >$NULLB/$DEV/power
		rmdir $NULLB/$DEV
	fi
	FILE_RUN=""
}

files_setup() {		# files_setup LATENCY FS: mkfs, mount, lay out the files
	local nsec
	case $1 in
	1ms) nsec=1000000 ;;
	50us) nsec=50000 ;;
	*) die "files: latency $1 (1ms or 50us)" ;;
	esac
	files_teardown
	rmmod aether 2>/dev/null
	rmmod null_blk 2>/dev/null
	modprobe null_blk nr_devices=0 || die "cannot load null_blk"
	mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
	mkdir $NULLB/$DEV || die "configfs: cannot make $DEV"
	# 5 GiB in guest memory, 4 KiB blocks, one completion timer per I/O
	for kv in size=5120 blocksize=4096 memory_backed=1 irqmode=2 completion_nsec=$nsec; do
		echo "${kv#*=}" >"$NULLB/$DEV/${kv%%=*}" || die "configfs: $kv"
	done
	echo 1 >$NULLB/$DEV/power || die "configfs: power on $DEV"
	udevadm settle 2>/dev/null
	[ -b /dev/$DEV ] || die "no /dev/$DEV"
	FILE_RUN="$1:$2"
	case $2 in
	# inode tables and journal written now: no ext4lazyinit during runs
	ext4) mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0,nodiscard /dev/$DEV ;;
	xfs) mkfs.xfs -q -f -K /dev/$DEV ;;
	*) die "files: filesystem $2 (ext4 or xfs)" ;;
	esac || die "mkfs.$2 failed"
	mkdir -p $MNT
	mount /dev/$DEV $MNT || die "cannot mount $2"
	# Real blocks (not fallocated, which reads as zeros without I/O), big
	# enough that a strided reader at 64 KiB per read does not reach the
	# end within the runtime: 2 GiB is 32,768 reads.
	dd if=/dev/zero of=$MNT/s1 bs=4M count=512 oflag=direct status=none &&
		dd if=/dev/zero of=$MNT/s2 bs=4M count=384 oflag=direct status=none &&
		dd if=/dev/zero of=$MNT/r bs=4M count=128 oflag=direct status=none ||
		die "cannot write the files on $2"
	if [ -n "$sqlite_db" ]; then
		cp "$sqlite_db" $MNT/sqlite.db || die "cannot copy $sqlite_db"
	fi
	sync
	echo "files: $2 on $DEV ($1 per I/O, memory-backed): $(ls -s --block-size=M $MNT | tr '\n' ' ')"
}

drop_caches() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
}

run_file() {		# run_file LATENCY FS JOB CONFIG REP
	local lat=$1 fs=$2 job=$3 cfg=$4 rep=$5 json=/tmp/bench-guest.json
	local s0 s1 r0 r1 p0 u0 d0 iops ios early t0 t1 secs=0
	apply_config "$cfg" || { echo "skip $fs/$job/$cfg: no prefetch engine in this build"; return; }
	drop_caches
	[ "$job" != sqlite ] || sqlite3 :memory: 'SELECT 1' >/dev/null	# the binary, not the disk
	read -r r0 _ s0 _ </sys/block/$DEV/stat
	p0=$(dev_counter file_pages_prefetched)
	u0=$(dev_counter file_pages_used)
	d0=$(dev_counter disk_pages_prefetched)
	if [ "$job" = sqlite ]; then
		t0=$(date +%s.%N)
		sqlite3 -readonly $MNT/sqlite.db 'SELECT sum(v) FROM a' >/dev/null ||
			die "sqlite3 failed"
		t1=$(date +%s.%N)
		read -r r1 _ s1 _ </sys/block/$DEV/stat
		secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
		iops=0 ios=$((r1 - r0)) early=0
	else
		AETHER_DEV=$MNT AETHER_RUNTIME=$runtime fio --output-format=json \
			scripts/fio/file-"$job".fio >$json 2>/tmp/bench-guest.err ||
			die "fio file-$job failed: $(cat /tmp/bench-guest.err)"
		read -r r1 _ s1 _ </sys/block/$DEV/stat
		# the sums; several readers: each one's IOPS too (OUT-readers.csv)
		read -r iops ios early < <(python3 -c '
import json, sys
json_path, runtime, readers_csv, prefix = sys.argv[1:]
jobs = json.load(open(json_path))["jobs"]
limit = float(runtime) * 1000 - 300
if len(jobs) > 1:
    with open(readers_csv, "a") as f:
        for j in jobs:
            f.write("%s,%.1f\n" % (prefix.replace("READER", j["jobname"]),
                                  j["read"]["iops"]))
print("%.1f %d %d" % (sum(j["read"]["iops"] for j in jobs),
    sum(j["read"]["total_ios"] for j in jobs),
    sum(1 for j in jobs if j["job_runtime"] < limit)))' $json "$runtime" \
			"${out%.csv}-readers.csv" "$lat,$fs/$job,READER,$cfg,$rep")
	fi
	# unread prefetched pages are judged wasted after 2 s: let the verdicts in
	[ "$cfg" = linux ] || sleep 2.5
	echo "$lat,$fs/$job,$cfg,$rep,$iops,$((s1 - s0)),$(($(dev_counter file_pages_prefetched) - p0)),$(($(dev_counter file_pages_used) - u0)),$ios,$(($(dev_counter disk_pages_prefetched) - d0)),$early,$secs" |
		tee -a "$out"
}

rotations() {		# rotations REP CONFIG...: the configurations, rotated REP-1 times
	local rep=$1
	shift
	for _ in $(seq 2 "$rep"); do set -- "${@:2}" "$1"; done
	echo "$@"
}

[ -f "$KO" ] || die "no $KO: run make module"
command -v fio >/dev/null || die "fio missing"
current=""
for item in ${plan//,/ }; do
	lat=${item%%:*}
	job=${item#*:}
	if [ "${job#*:}" != "$job" ]; then	# LAT:FS:JOB
		fs=${job%%:*}
		job=${job#*:}
		if [ "$job" = sqlite ]; then
			[ -n "$sqlite_db" ] && [ -f "$sqlite_db" ] ||
				die "$item needs --sqlite-db (scripts/gen-sqlite-db.py)"
			command -v sqlite3 >/dev/null || die "sqlite3 missing"
		else
			[ -f scripts/fio/file-$job.fio ] || die "no job scripts/fio/file-$job.fio"
		fi
		if [ "$FILE_RUN" != "$lat:$fs" ]; then
			files_setup "$lat" "$fs"
			current=""
		fi
		for rep in $(seq 1 "$reps"); do
			# shellcheck disable=SC2086
			for cfg in $(rotations "$rep" $file_configs); do
				run_file "$lat" "$fs" "$job" "$cfg" "$rep"
			done
		done
		continue
	fi
	[ -f scripts/fio/$job.fio ] || die "no job scripts/fio/$job.fio"
	files_teardown
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
		for cfg in $(rotations "$rep" $job_configs); do
			run_one "$lat" "$job" "$cfg" "$rep"
		done
	done
done
files_teardown
rmmod aether 2>/dev/null
rmmod null_blk 2>/dev/null
exit 0
