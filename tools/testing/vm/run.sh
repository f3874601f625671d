#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The aether module's tests, run inside the VM as root from the project root:
#   scripts/vm.sh -- tools/testing/vm/run.sh [SUITE...]
# Suites (all by default, in this order): load golden ioctl probe sysfs fio
# prefetch files stress teardown lifecycle record cgroup autoload history.  Each prints
# "RESULT vm-SUITE passed=N failed=M".
# Needs `make module tools vmtests golden` on the host first.
set -u
B=build
CTL=$B/aetherctl
SIM=$B/aether-sim
SYS=/sys/kernel/aether
NULLB=/sys/kernel/config/nullb
PY=/usr/bin/python3
# per kernel: VMs of several kernels run at once (check-kernels beside
# make check) and must not overwrite each other's logs mid-comparison
LOGDIR=$B/vm/logs/$(uname -r)
mkdir -p "$LOGDIR"

RESULT_PREFIX=vm
. tools/testing/vm/lib.sh
# events=on: the suites read events after the fact, with /dev/aether closed
load() { loaded || insmod ./aether.ko events=on "$@"; }

attached() { [ -d "$SYS/devices/$1" ]; }
stat_field() { awk -v f="$2" '{print $f}' "$SYS/devices/$1/stat"; }	# 1 reads 2 sectors 3 decisions 4 prefetches 5 dropped 6 self
drain() { "$CTL" watch --nonblock --ioctl | wc -l; }

setup() {
	modprobe null_blk nr_devices=0 || return 1
	mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
	nullb_make nullb0
}

suite_load() {
	begin load
	check "insmod aether.ko" load
	check "/dev/aether is a character device" test -c /dev/aether
	check "/sys/kernel/aether has every global file" bash -c \
		"cd $SYS && ls attach detach preset epsilon phi lambda1 lambda2 lambda3 bias window version ring_size ring_dropped devices >/dev/null"
	check "version file matches modinfo" \
		test "$(cat $SYS/version)" = "$(modinfo -F version ./aether.ko)"
	check "modinfo: license GPL" test "$(modinfo -F license ./aether.ko)" = GPL
	check "modinfo: description and author" \
		test -n "$(modinfo -F description ./aether.ko)" -a -n "$(modinfo -F author ./aether.ko)"
	check "modinfo: every parameter described" \
		test "$(modinfo -F parm ./aether.ko | grep -c ':.\{10,\}')" = 10
	check "aetherctl version" bash -c "$CTL version | grep -q '^aether .* abi 1$'"
	check "aetherctl attach nullb0" "$CTL" attach nullb0
	check "aetherctl list shows nullb0 and its dev_t" \
		test "$("$CTL" list)" = "nullb0 $(cat /sys/block/nullb0/dev)"
	check "aetherctl attach of a missing disk says so" \
		bash -c "$CTL attach nosuch0 2>&1 | grep -q 'no such disk'"
	check "aetherctl stats of an unattached disk says so" \
		bash -c "$CTL stats nosuch0 2>&1 | grep -q 'not attached'"
	check "aetherctl set rejects out of range" \
		bash -c "! $CTL set epsilon 2 2>/dev/null && test \"\$($CTL get epsilon)\" = 0.500000"
	end
}

# aetherctl decide (the kernel's core through AETHER_IOC_DECIDE) against
# aether-sim decide (the userspace build) on every golden configuration; the
# aether-sim side comes from `make vmtests` (build/vm/expect), run natively
suite_golden() {
	local f base w p n out expect
	begin golden
	for f in $B/golden/*-w*.csv; do
		base=$(basename "$f" .csv)
		w=${base%%-*}
		p=${base#*-}
		p=${p%-w*}
		n=${base##*-w}
		out=$LOGDIR/golden-$base.ctl
		expect=$B/vm/expect/$base.csv
		[ -s "$expect" ] || { bad "decide $base: no $expect (make vmtests)"; continue; }
		"$CTL" decide --preset "$p" --window "$n" --features <"$B/golden/$w.lba" >"$out"
		check "decide $base: kernel and userspace byte-identical ($(wc -l <"$out") lines)" \
			cmp -s "$out" "$expect"
		rm -f "$out"
	done
	# custom parameters through SET_PARAMS
	head -n 500 "$B/golden/mixed.lba" >"$LOGDIR/mixed500.lba"
	check "decide with custom parameters matches" cmp -s \
		<("$CTL" decide --epsilon 0.42 --phi -1.25 --lambda 0.5,-0.75,2.5 --bias -0.3 --window 7 --features <"$LOGDIR/mixed500.lba") \
		<("$SIM" decide --epsilon 0.42 --phi -1.25 --lambda 0.5,-0.75,2.5 --bias -0.3 --window 7 --features <"$LOGDIR/mixed500.lba")
	check "decide --window 65 is refused" bash -c "! $CTL decide --window 65 </dev/null 2>/dev/null"
	end
}

suite_ioctl() {
	local d64 d32
	begin ioctl
	load
	attached nullb0 || "$CTL" attach nullb0
	$B/vm-ioctl-test --name vm-ioctl64 nullb0 | tee "$LOGDIR/ioctl64.log" | grep -v '^ok'
	$B/vm-ioctl-test32 --name vm-ioctl32 nullb0 | tee "$LOGDIR/ioctl32.log" | grep -v '^ok'
	d64=$(sed -n 's/^DIGEST //p' "$LOGDIR/ioctl64.log")
	d32=$(sed -n 's/^DIGEST //p' "$LOGDIR/ioctl32.log")
	check "DECIDE results identical for 32- and 64-bit callers ($d64)" \
		test -n "$d64" -a "$d64" = "$d32"

	# events=auto: with /dev/aether closed nothing is recorded or dropped
	local r0 n
	drain >/dev/null
	r0=$(cat $SYS/ring_dropped)
	check "events mode file" bash -c "echo auto > $SYS/events"
	$B/vm-lbaread /dev/nullb0 <<<"800 808 816 824" >/dev/null
	n=$(drain)
	check "events auto: reads with /dev/aether closed record nothing ($n)" test "$n" = 0
	check "  and drop nothing" test "$(cat $SYS/ring_dropped)" = "$r0"
	exec 9</dev/aether
	$B/vm-lbaread /dev/nullb0 <<<"800 808 816 824" >/dev/null
	n=$(drain)
	exec 9<&-
	check "events auto: with /dev/aether open they are recorded ($n)" test "$n" = 4
	echo on >$SYS/events
	end
}

# The probe path end to end: a known LBA sequence read with O_DIRECT on a
# freshly attached disk must give, event for event, the sectors read and the
# decisions aether-sim decide computes for that sequence.
probe_case() {	# WORKLOAD PRESET WINDOW read|ioctl
	local w=$1 p=$2 n=$3 how=$4 lbas=$LOGDIR/probe-$1.lba flag=""
	head -n 400 "$B/golden/$w.lba" >"$lbas"
	"$CTL" detach nullb0 2>/dev/null
	"$CTL" attach nullb0 && "$CTL" set nullb0/preset "$p" && "$CTL" set nullb0/window "$n"
	drain >/dev/null
	$B/vm-lbaread /dev/nullb0 <"$lbas" >/dev/null
	[ "$how" = ioctl ] && flag=--ioctl
	"$CTL" watch --nonblock --csv $flag | tail -n +2 | cut -d, -f4,6,7,8 >"$LOGDIR/probe-$w.kernel"
	"$SIM" decide --preset "$p" --window "$n" <"$lbas" | tail -n +2 | cut -d, -f3-6 >"$LOGDIR/probe-$w.sim"
	check "probe $w ($p, window $n, via $how): 400 events = sectors read + aether-sim decisions" \
		cmp -s "$LOGDIR/probe-$w.kernel" "$LOGDIR/probe-$w.sim"
	check "probe $w: stat counts 400 reads of 8 sectors" \
		test "$(cut -d' ' -f1-3 "$SYS/devices/nullb0/stat")" = "400 3200 400"
}

suite_probe() {
	begin probe
	probe_case stride default 16 read
	probe_case random hft 8 ioctl
	probe_case mixed gaming 64 read
	probe_case interleave default 2 ioctl
	end
}

suite_sysfs() {
	begin sysfs
	attached nullb0 || "$CTL" attach nullb0
	$PY tools/testing/vm/sysfs_test.py nullb0 >"$LOGDIR/sysfs.log" 2>&1
	grep -v '^ok' "$LOGDIR/sysfs.log"
	# a partition is not a whole disk
	local img=/tmp/part.img loopdev
	modprobe loop
	truncate -s 8M "$img"
	printf '\x00\x20\x21\x00\x83\x00\x00\x00\x00\x08\x00\x00\x00\x38\x00\x00' |
		dd of="$img" bs=1 seek=446 conv=notrunc status=none
	printf '\x55\xaa' | dd of="$img" bs=1 seek=510 conv=notrunc status=none
	loopdev=$(losetup -P -f --show "$img")
	udevadm settle 2>/dev/null
	check "attach a partition (${loopdev#/dev/}p1): EINVAL" \
		test "$(sysw $SYS/attach "${loopdev#/dev/}p1")" = EINVAL
	check "attach its whole disk (${loopdev#/dev/}) works" \
		test "$(sysw $SYS/attach "${loopdev#/dev/}")" = OK
	check "detach it" test "$(sysw $SYS/detach "${loopdev#/dev/}")" = OK
	losetup -d "$loopdev"
	rm -f "$img"
	# module parameters
	unload
	check "insmod window=1 fails" bash -c "! insmod ./aether.ko window=1 2>/dev/null"
	check "insmod window=65 fails" bash -c "! insmod ./aether.ko window=65 2>/dev/null"
	check "insmod preset=fast fails" bash -c "! insmod ./aether.ko preset=fast 2>/dev/null"
	check "insmod ring_size=100 fails" bash -c "! insmod ./aether.ko ring_size=100 2>/dev/null"
	check "insmod ring_size=131072 fails" bash -c "! insmod ./aether.ko ring_size=131072 2>/dev/null"
	check "insmod attach=../x fails" bash -c "! insmod ./aether.ko attach=../x 2>/dev/null"
	local p
	for p in policy=fast policy= max_depth=0 max_depth=1025 budget_kb=0 budget_kb=6 \
		 budget_kb=1048580 events=off events=; do
		check "insmod $p fails" bash -c "! insmod ./aether.ko $p 2>/dev/null"
	done
	check "insmod attach=nullb0,nosuch0 preset=hft window=8 ring_size=64 loads" \
		insmod ./aether.ko attach=nullb0,nosuch0 preset=hft window=8 ring_size=64
	check "  nullb0 pre-attached with preset hft, window 8" \
		test "$(cat $SYS/devices/nullb0/preset $SYS/devices/nullb0/window $SYS/ring_size | tr '\n' ' ')" = "hft 8 64 "
	check "  events mode auto by default" test "$(cat $SYS/events)" = auto
	unload
	check "insmod policy=off max_depth=8 budget_kb=64 events=on attach=$(cat /sys/block/nullb0/dev)" \
		insmod ./aether.ko policy=off max_depth=8 budget_kb=64 events=on attach="$(cat /sys/block/nullb0/dev)"
	check "  nullb0 starts with policy off, max_depth 8, budget 64 KiB; events on" \
		test "$(cat $SYS/devices/nullb0/policy $SYS/devices/nullb0/max_depth $SYS/devices/nullb0/budget_kb $SYS/events | tr '\n' ' ')" = "off 8 64 on "
	unload
	load
	"$CTL" attach nullb0
	end
}

# fio on nullb0: counters against the block layer's own (sectors: its request
# count differs, as it splits and merges after the probe), events against
# counters, and the prefetch ratio the reference predicts per pattern
FIO_COMMON="--filename=/dev/nullb0 --bs=4k --ioengine=psync --runtime=3 --time_based --output-format=json"
fio_case() {	# NAME RW [FIO ARGS...]
	local name=$1 rw=$2
	shift 2
	local s0 s1 d0 d1 r0 r1 ev json
	drain >/dev/null
	s0=$(cat $SYS/devices/nullb0/stat)
	d0=$(cat /sys/block/nullb0/stat)
	r0=$(cat $SYS/ring_dropped)
	json=$LOGDIR/fio-$name.json
	# shellcheck disable=SC2086
	fio --allow_file_create=0 --name="$name" $FIO_COMMON --rw="$rw" "$@" >"$json" 2>"$LOGDIR/fio-$name.err"
	check "fio $name ran" test $? = 0
	sleep 0.2
	s1=$(cat $SYS/devices/nullb0/stat)
	d1=$(cat /sys/block/nullb0/stat)
	r1=$(cat $SYS/ring_dropped)
	ev=$(drain)
	read -r reads sectors decisions prefetches dropped self < <(
		paste <(echo "$s0" | tr ' ' '\n') <(echo "$s1" | tr ' ' '\n') |
		awk '{printf "%d ", $2 - $1} END {print ""}')
	read -r bios bsect < <(paste <(echo "$d0" | tr -s ' ' '\n' | sed '/^$/d') \
		<(echo "$d1" | tr -s ' ' '\n' | sed '/^$/d') | awk 'NR==1{i=$2-$1} NR==3{s=$2-$1} END{print i, s}')
	FIO_RATIO=$(awk -v p="$prefetches" -v d="$decisions" 'BEGIN{printf "%.3f", d ? p / d : 0}')
	FIO_READS=$reads FIO_SECTORS=$sectors
	echo "  $name: reads=$reads sectors=$sectors decisions=$decisions prefetches=$prefetches ratio=$FIO_RATIO events_read=$ev dropped=$dropped ring_dropped=$((r1 - r0)) block_layer: ios=$bios sectors=$bsect"
	check "$name: some reads seen" test "$reads" -gt 100
	check "$name: one decision per read" test "$decisions" = "$reads"
	check "$name: sectors equal the block layer's read sectors ($sectors)" test "$sectors" = "$bsect"
	check "$name: events read + dropped = decisions" test $((ev + dropped)) = "$decisions"
	check "$name: the device's drops are the ring's drops" test "$dropped" = $((r1 - r0))
	check "$name: no reads of aether's own" test "$self" = 0
}

suite_fio() {
	begin fio
	attached nullb0 || "$CTL" attach nullb0
	"$CTL" set preset default
	# counts only: with the engine issuing nothing, every block-layer read
	# of the disk is the reader's (suite_prefetch covers the engine)
	echo off >$SYS/devices/nullb0/policy
	fio_case seq read --size=8g
	check "sequential: prefetch ratio near 0 ($FIO_RATIO)" awk "BEGIN{exit !($FIO_RATIO < 0.05)}"
	fio_case strided read:60k --size=64g
	check "strided (4 KiB every 64 KiB): prefetch ratio near 1 ($FIO_RATIO)" awk "BEGIN{exit !($FIO_RATIO > 0.95)}"
	fio_case random randread --size=1024g --randrepeat=0
	echo "  random: prefetch ratio $FIO_RATIO"
	fio_case direct randread --size=1024g --direct=1 --runtime=2
	local ios bytes
	ios=$($PY -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["jobs"][0]["read"]["total_ios"], j["jobs"][0]["read"]["io_bytes"])' "$LOGDIR/fio-direct.json")
	bytes=${ios#* }
	ios=${ios% *}
	check "direct: reads = fio's I/Os ($FIO_READS = $ios)" test "$FIO_READS" = "$ios"
	check "direct: sectors = fio's bytes / 512" test "$FIO_SECTORS" = $((bytes / 512))
	end
}

# Everything at once for a few seconds: readers on two disks, knob writers,
# attach/detach, event readers.  Asserts survival and consistency; vm.sh
# asserts a clean kernel log.
suite_stress() {
	local pids=() i
	begin stress
	load
	nullb_make nullb1 || bad "create nullb1"
	attached nullb0 || "$CTL" attach nullb0
	"$CTL" attach nullb1
	fio --allow_file_create=0 --name=s0 --filename=/dev/nullb0 --rw=randread --bs=4k --size=64g --runtime=4 --time_based --numjobs=2 >/dev/null 2>&1 &
	pids+=($!)
	fio --allow_file_create=0 --name=s1 --filename=/dev/nullb1 --rw=read:60k --bs=4k --size=64g --runtime=4 --time_based >/dev/null 2>&1 &
	pids+=($!)
	sleep 0.5	# fio under way
	( i=0; while kill -0 "${pids[0]}" 2>/dev/null; do
		i=$((i + 1))
		echo 0.$((i % 9 + 1)) >$SYS/epsilon; echo $((i % 63 + 2)) >$SYS/window
		echo hft >$SYS/devices/nullb0/preset; echo 8 >$SYS/devices/nullb1/window
	  done ) 2>/dev/null &
	pids+=($!)
	( while kill -0 "${pids[0]}" 2>/dev/null; do "$CTL" detach nullb1; "$CTL" attach nullb1; done ) >/dev/null 2>&1 &
	pids+=($!)
	( while kill -0 "${pids[0]}" 2>/dev/null; do
		"$CTL" watch --nonblock >/dev/null; "$CTL" watch --nonblock --ioctl >/dev/null; "$CTL" stats >/dev/null
	  done ) &
	pids+=($!)
	for i in "${pids[@]}"; do wait "$i"; done
	"$CTL" attach nullb1 2>/dev/null
	check "after the storm both disks are attached" bash -c "attached() { [ -d $SYS/devices/\$1 ]; }; attached nullb0 && attached nullb1"
	read -r reads _ decisions _ < $SYS/devices/nullb0/stat
	check "nullb0: decisions = reads ($reads)" test "$reads" = "$decisions" -a "$reads" -gt 0
	"$CTL" detach nullb1
	nullb_remove nullb1
	"$CTL" set preset default
	"$CTL" set window 16
	stress_contended
	end
}

# Two readers on two CPUs, each sequential in its own half of nullb0,
# O_DIRECT so that each read is a bio of its own (decided: events are on).
# A CPU that finds the disk lock held leaves its read to the holder
# (probe.c): nothing may be lost, and each reader's reads are still decided
# in the order it issued them.
stress_contended() {
	local half=$((32 << 21)) noted waited reads decisions csv=$LOGDIR/contended.csv
	"$CTL" watch --nonblock >/dev/null
	noted=$(cat $SYS/devices/nullb0/lock_noted)
	waited=$(cat $SYS/devices/nullb0/lock_waited)
	fio --allow_file_create=0 --name=c --filename=/dev/nullb0 --rw=read --bs=4k \
		--direct=1 --ioengine=psync --size=32g --offset_increment=32g --numjobs=2 \
		--cpus_allowed=0,1 --cpus_allowed_policy=split --runtime=3 --time_based >/dev/null 2>&1
	"$CTL" watch --nonblock --csv >"$csv"
	noted=$(($(cat $SYS/devices/nullb0/lock_noted) - noted))
	waited=$(($(cat $SYS/devices/nullb0/lock_waited) - waited))
	read -r reads _ decisions _ < $SYS/devices/nullb0/stat
	check "two readers on two CPUs: decisions = reads ($reads)" test "$reads" = "$decisions"
	check "  the lock was found held: $noted reads left to its holder, $waited waited" \
		test $((noted + waited)) -gt 0
	check "  each reader's reads decided in its order ($(($(wc -l <"$csv") - 1)) events)" \
		awk -F, -v half=$half 'NR > 1 { h = $4 >= half; if ((h in last) && $4 <= last[h]) bad++; last[h] = $4 }
			END { exit NR < 100 || bad > 0 }' "$csv"
}

suite_lifecycle() {
	local pid
	begin lifecycle
	attached nullb0 || "$CTL" attach nullb0

	fio --allow_file_create=0 --name=d --filename=/dev/nullb0 --rw=read:60k --bs=4k --size=64g --runtime=4 --time_based >/dev/null 2>&1 &
	pid=$!
	sleep 1.5
	check "detach while fio runs" "$CTL" detach nullb0
	check "  fio carries on and finishes" wait $pid
	check "  nullb0 is gone from devices/" bash -c "! test -e $SYS/devices/nullb0"

	"$CTL" attach nullb0
	fio --allow_file_create=0 --name=r --filename=/dev/nullb0 --rw=randread --bs=4k --size=64g --runtime=4 --time_based >/dev/null 2>&1 &
	pid=$!
	sleep 1.5
	check "rmmod aether while fio runs" rmmod aether
	check "  fio carries on and finishes" wait $pid
	check "reload" load
	check "  starts with nothing attached" test -z "$(ls $SYS/devices)"

	# a disk deleted through configfs under load, while attached
	nullb_make nullb2 && "$CTL" attach nullb2
	fio --allow_file_create=0 --name=g --filename=/dev/nullb2 --rw=randread --bs=4k --size=64g --runtime=4 --time_based >/dev/null 2>&1 &
	pid=$!
	sleep 1.5
	echo 0 >"$NULLB/nullb2/power"
	check "configfs delete of an attached disk under load drops it" \
		bash -c "! test -e $SYS/devices/nullb2"
	wait $pid
	rmdir "$NULLB/nullb2"
	check "  dmesg says why" bash -c "dmesg | grep -q 'aether: nullb2 is going away'"
	check "a re-created nullb2 is not attached by itself" \
		bash -c "mkdir $NULLB/nullb2 && echo 1 > $NULLB/nullb2/power && ! test -e $SYS/devices/nullb2"
	check "  and can be attached again" "$CTL" attach nullb2
	$B/vm-lbaread /dev/nullb2 <<<"8 16 24" >/dev/null
	check "  and counts its reads from zero" test "$(cut -d' ' -f1 $SYS/devices/nullb2/stat)" = 3
	echo 0 >"$NULLB/nullb2/power"
	rmdir "$NULLB/nullb2"

	# rmmod null_blk while attached: no reference of ours may block it
	nullb_remove nullb0
	"$CTL" detach nullb0 2>/dev/null
	rmmod null_blk
	modprobe null_blk nr_devices=2
	udevadm settle 2>/dev/null
	check "attach module-created nullb0 and nullb1" bash -c "$CTL attach nullb0 && $CTL attach nullb1"
	$B/vm-lbaread /dev/nullb0 <<<"0 8" >/dev/null
	check "rmmod null_blk while its disks are attached" rmmod null_blk
	check "  both dropped" test -z "$(ls $SYS/devices)"
	check "rmmod aether" rmmod aether
	check "reload with attach= of a missing disk: loads, warns" \
		bash -c "insmod ./aether.ko attach=nullb0 && test -z \"\$(ls $SYS/devices)\""
	modprobe null_blk nr_devices=1
	udevadm settle 2>/dev/null
	check "aetherctl attach after null_blk returns" "$CTL" attach nullb0
	end
}

# The prefetch engine on a disk with 1 ms completion latency (timer irq
# mode, disk-class latency): strided reads fill the page cache ahead of the
# reader, random and sequential reads get next to nothing, the policy and
# budget knobs act, and detach, rmmod and disk removal with prefetch work in
# flight are clean (vm.sh checks the kernel log).
pf() { cat "$SYS/devices/nullb3/$1"; }
pf_fio() {	# RW SECONDS [FIO ARGS...]: buffered QD1 4 KiB reads of nullb3
	local rw=$1 t=$2
	shift 2
	fio --allow_file_create=0 --name=pf --filename=/dev/nullb3 --rw="$rw" --bs=4k \
		--ioengine=psync --size=64g --runtime="$t" --time_based \
		--output-format=json "$@" >"$LOGDIR/pf-$rw.json" 2>"$LOGDIR/pf-$rw.err"
}
fio_ios() { $PY -c 'import json,sys; print(sum(j["read"]["total_ios"] for j in json.load(open(sys.argv[1]))["jobs"]))' "$LOGDIR/pf-$1.json"; }

suite_prefetch() {
	local p0 u0 w0 r0 s0 d0 pages used wasted reads ios pid
	begin prefetch
	if ! load || ! nullb_make nullb3 irqmode=2 completion_nsec=1000000 ||
	   ! "$CTL" attach nullb3; then
		bad "a 1 ms null_blk disk to prefetch on"
		end
		return
	fi
	check "policy is povm by default" test "$(pf policy)" = povm
	# recorded: the gate judges every read (one decision per read, below)
	echo on >$SYS/events

	pf_fio read:60k 5
	sleep 2.5	# unread pages are judged wasted after 2 s
	pages=$(pf pages_prefetched) used=$(pf pages_used) wasted=$(pf pages_wasted)
	reads=$(stat_field nullb3 1) ios=$(fio_ios read:60k)
	echo "  strided: fio reads=$ios, reads reaching the disk=$reads, requests=$(pf prefetch_requests) prefetched=$pages used=$used wasted=$wasted cached=$(pf pages_cached) drops=$(pf budget_drops) depth=$(pf depth) self_reads=$(stat_field nullb3 6)"
	check "strided: pages were prefetched" test "$pages" -gt 100
	check "strided: prefetched pages were read (used $used)" test "$used" -gt 0
	check "strided: used/prefetched >= 0.8 ($used/$pages)" awk "BEGIN{exit !($used >= 0.8 * $pages)}"
	check "strided: most of the reader's reads were served from the page cache ($reads of $ios reached the disk)" \
		test $((reads * 2)) -lt "$ios"
	check "strided: aether's own reads were seen and ignored" test "$(stat_field nullb3 6)" -gt 0
	check "strided: one decision per reader read" test "$(stat_field nullb3 3)" = "$reads"

	p0=$(pf pages_prefetched) r0=$(stat_field nullb3 1)
	pf_fio randread 3 --randrepeat=0
	pages=$(($(pf pages_prefetched) - p0)) reads=$(($(stat_field nullb3 1) - r0))
	echo "  random: reads=$reads prefetched=$pages"
	check "random: (almost) nothing prefetched ($pages for $reads reads)" test $((pages * 100)) -le $((reads + 1600))

	p0=$(pf pages_prefetched) r0=$(stat_field nullb3 1)
	pf_fio read 3
	pages=$(($(pf pages_prefetched) - p0)) reads=$(($(stat_field nullb3 1) - r0))
	echo "  sequential: reads=$reads prefetched=$pages (Linux readahead's job)"
	check "sequential: (almost) nothing prefetched ($pages for $reads reads)" test $((pages * 100)) -le $((reads + 1600))

	# With nobody listening (events auto, /dev/aether closed) the gate
	# judges only the reads a prediction could follow: a random reader's
	# are not judged, a strided reader's are, and are prefetched as before.
	echo auto >$SYS/events
	r0=$(stat_field nullb3 1) d0=$(stat_field nullb3 3)
	pf_fio randread 3 --randrepeat=0
	reads=$(($(stat_field nullb3 1) - r0)) dec=$(($(stat_field nullb3 3) - d0))
	check "unrecorded: random reads are not judged ($dec of $reads)" \
		test "$reads" -gt 100 -a $((dec * 20)) -le "$reads"
	p0=$(pf pages_prefetched) r0=$(stat_field nullb3 1) d0=$(stat_field nullb3 3)
	pf_fio read:60k 3 --offset=24g
	pages=$(($(pf pages_prefetched) - p0)) reads=$(($(stat_field nullb3 1) - r0))
	dec=$(($(stat_field nullb3 3) - d0))
	echo "  unrecorded strided: reads reaching the disk=$reads judged=$dec prefetched=$pages"
	check "unrecorded: strided reads are judged ($dec of $reads)" \
		test "$reads" -gt 0 -a $((dec * 10)) -ge $((reads * 8))
	check "unrecorded: strided reads are prefetched ($pages pages)" test "$pages" -gt 100
	echo on >$SYS/events

	check "policy off" bash -c "echo off > $SYS/devices/nullb3/policy"
	p0=$(pf pages_prefetched)
	pf_fio read:60k 2 --offset=32g
	check "  off: strided reads prefetch nothing" test "$(pf pages_prefetched)" = "$p0"
	check "policy stride" bash -c "echo stride > $SYS/devices/nullb3/policy"
	p0=$(pf pages_prefetched)
	pf_fio read:60k 3 --offset=40g
	check "  stride: strided reads are prefetched" test "$(pf pages_prefetched)" -gt "$p0"
	# Linux readahead turned off after attach: sequential streams are ours
	# then, and Linux's again once it is back on (followed, not read once)
	blockdev --setra 0 /dev/nullb3
	p0=$(pf pages_prefetched)
	pf_fio read 2 --offset=44g
	check "  readahead off since attach (setra 0): sequential reads are prefetched ($(($(pf pages_prefetched) - p0)))" \
		test "$(pf pages_prefetched)" -gt "$p0"
	blockdev --setra 256 /dev/nullb3
	p0=$(pf pages_prefetched) r0=$(stat_field nullb3 1)
	pf_fio read 2 --offset=46g
	pages=$(($(pf pages_prefetched) - p0)) reads=$(($(stat_field nullb3 1) - r0))
	check "  readahead on again: sequential left to it ($pages for $reads reads)" \
		test $((pages * 100)) -le $((reads + 1600))

	echo povm >$SYS/devices/nullb3/policy
	echo 4 >$SYS/devices/nullb3/budget_kb
	d0=$(pf budget_drops) p0=$(pf pages_prefetched) u0=$(pf pages_used) w0=$(pf pages_wasted)
	pf_fio read:60k 4 --offset=48g
	echo "  budget 4 KiB: drops=$(($(pf budget_drops) - d0)) prefetched=$(($(pf pages_prefetched) - p0))"
	check "a one-page budget drops and counts what does not fit" test "$(pf budget_drops)" -gt "$d0"
	echo 16384 >$SYS/devices/nullb3/budget_kb

	# busy_yield: a reader sharing its CPU with a spinning task starts no
	# prefetch (the spinner would pay for it), unless told to
	check "busy_yield is 1 by default" test "$(pf busy_yield)" = 1
	taskset -c 0 sh -c 'while :; do :; done' &
	pid=$!
	s0=$(pf busy_skips) p0=$(pf pages_prefetched) r0=$(stat_field nullb3 1)
	pf_fio read:60k 3 --offset=50g --cpus_allowed=0
	pages=$(($(pf pages_prefetched) - p0)) reads=$(($(stat_field nullb3 1) - r0))
	echo "  beside a spinner on its CPU: reads=$reads skipped=$(($(pf busy_skips) - s0)) prefetched=$pages"
	check "  busy_yield 1: its reads are skipped" test $(($(pf busy_skips) - s0)) -ge $((reads / 2))
	check "  busy_yield 1: (almost) nothing prefetched ($pages for $reads reads)" \
		test $((pages * 10)) -le "$reads"
	check "busy_yield 0" bash -c "echo 0 > $SYS/devices/nullb3/busy_yield"
	s0=$(pf busy_skips) p0=$(pf pages_prefetched)
	pf_fio read:60k 3 --offset=52g --cpus_allowed=0
	check "  busy_yield 0: the same reader is prefetched for ($(($(pf pages_prefetched) - p0)) pages)" \
		test $(($(pf pages_prefetched) - p0)) -gt 100
	check "  busy_yield 0: nothing skipped" test "$(pf busy_skips)" = "$s0"
	kill $pid
	wait $pid 2>/dev/null
	echo 1 >$SYS/devices/nullb3/busy_yield

	# the engine's work in flight when its device goes away
	pf_fio read:60k 5 --offset=56g &
	pid=$!
	sleep 2.5
	check "detach while prefetching" "$CTL" detach nullb3
	check "  fio finishes" wait $pid
	"$CTL" attach nullb3
	pf_fio read:60k 5 --offset=64g &
	pid=$!
	sleep 2.5
	check "rmmod aether while prefetching" rmmod aether
	check "  fio finishes" wait $pid
	load
	"$CTL" attach nullb3
	pf_fio read:60k 5 --offset=72g &
	pid=$!
	sleep 2.5
	echo 0 >"$NULLB/nullb3/power"
	check "configfs delete of a disk being prefetched drops it" \
		bash -c "! test -e $SYS/devices/nullb3"
	wait $pid
	rmdir "$NULLB/nullb3"
	end
}

# Teardown races and what survives them (Documentation/testing.rst): sysfs
# readers and knob writers racing detach, one name attached and detached
# from several tasks at once, attach by MAJ:MIN, a loop device rebound
# under an attachment (new diskseq), and a dm device removed right after
# its reader stops.  vm.sh fails the run on any splat in the kernel log.
suite_teardown() {
	local pids=() i num loopf loopdev loopname
	begin teardown
	load
	nullb_make nullb4 || bad "create nullb4"
	num=$(cat /sys/block/nullb4/dev)
	check "attach by MAJ:MIN ($num) names the disk" \
		bash -c "echo $num > $SYS/attach && test -d $SYS/devices/nullb4"
	check "  its dev file says the same" test "$(cat $SYS/devices/nullb4/dev)" = "$num"
	check "  attach by the name too: EEXIST" test "$(sysw $SYS/attach nullb4)" = EEXIST
	check "detach by MAJ:MIN" bash -c "echo $num > $SYS/detach && ! test -e $SYS/devices/nullb4"
	check "attach of a partition number or a missing disk: ENODEV" \
		test "$(sysw $SYS/attach 4095:1048575)" = ENODEV
	check "out-of-range numbers: EINVAL" test "$(sysw $SYS/attach 4096:0)" = EINVAL

	# readers and writers of every per-disk file while the disk comes and goes
	fio --allow_file_create=0 --name=t --filename=/dev/nullb4 --rw=read:60k --bs=4k --size=64g --runtime=4 --time_based >/dev/null 2>&1 &
	pids=($!)
	( while kill -0 "${pids[0]}" 2>/dev/null; do cat $SYS/devices/nullb4/* ; done ) >/dev/null 2>&1 &
	pids+=($!)
	( while kill -0 "${pids[0]}" 2>/dev/null; do
		echo stride > $SYS/devices/nullb4/policy; echo 64 > $SYS/devices/nullb4/max_depth
		echo 4096 > $SYS/devices/nullb4/budget_kb; echo povm > $SYS/devices/nullb4/policy
	  done ) >/dev/null 2>&1 &
	pids+=($!)
	for i in 1 2; do
		( while kill -0 "${pids[0]}" 2>/dev/null; do
			echo nullb4 > $SYS/attach; echo nullb4 > $SYS/detach
		  done ) >/dev/null 2>&1 &
		pids+=($!)
	done
	for i in "${pids[@]}"; do wait "$i"; done
	check "after 4 s of it the module answers" "$CTL" list
	check "  no duplicate sysfs name was ever made" bash -c "! dmesg | grep -q 'duplicate filename'"
	attached nullb4 || "$CTL" attach nullb4
	check "  nullb4 attaches and counts again" \
		bash -c "$B/vm-lbaread /dev/nullb4 <<<'8 16' >/dev/null && test \$(cut -d' ' -f1 $SYS/devices/nullb4/stat) -ge 2"
	"$CTL" detach nullb4

	# a loop device rebound to another file: a new diskseq, the same disk
	modprobe loop 2>/dev/null
	loopf=$(mktemp /tmp/aether-loop.XXXXXX)
	truncate -s 64M "$loopf" "$loopf.2"
	loopdev=$(losetup -f --show "$loopf")
	loopname=$(basename "$loopdev")
	check "attach $loopname" "$CTL" attach "$loopname"
	$B/vm-lbaread "$loopdev" <<<"0 8" >/dev/null
	losetup -d "$loopdev"
	losetup "$loopdev" "$loopf.2"
	$B/vm-lbaread "$loopdev" <<<"16 24 32" >/dev/null
	check "  after a rebind (new diskseq) it still counts reads ($(stat_field "$loopname" 1))" \
		test "$(stat_field "$loopname" 1)" -ge 5
	"$CTL" detach "$loopname"
	losetup -d "$loopdev"

	# nothing of aether holds a disk open once its reader is done
	if command -v dmsetup >/dev/null && modprobe dm_mod 2>/dev/null; then
		dmsetup create aether-t --table "0 1048576 linear /dev/nullb4 0" &&
			udevadm settle 2>/dev/null
		local dm
		dm=$(basename "$(readlink -f /dev/mapper/aether-t)")
		check "attach $dm" "$CTL" attach "$dm"
		fio --allow_file_create=0 --name=dm --filename=/dev/mapper/aether-t --rw=read:60k --bs=4k --size=400m --runtime=2 --time_based >/dev/null 2>&1
		check "  dmsetup remove right after its reader: no EBUSY" dmsetup remove aether-t
		check "  and the attachment went with it" bash -c "! test -e $SYS/devices/$dm"
	fi
	rm -f "$loopf" "$loopf.2"
	nullb_remove nullb4
	end
}

# Prefetch for files on a filesystem (Documentation/admin-guide.rst, "What
# aether prefetches"): a strided reader of a file on ext4, on xfs and on
# ext4 over dm gets its predicted pages in the file's own page cache, and
# nothing goes into the disk's cache while a filesystem holds the disk.
# Then the safety cases: umount right after the reader (prefetch in
# flight), unlink and truncate under a reader, nothing read past EOF, a
# frozen filesystem, mmap readers, detach and rmmod with pins held.
MNT=/tmp/aether-mnt
ff() { cat "$SYS/devices/$FDISK/$1"; }
file_fio() {	# FILE SECONDS [FIO ARGS...]: buffered QD1 4 KiB strided reads of FILE
	local f=$1 t=$2
	shift 2
	echo 3 >/proc/sys/vm/drop_caches
	fio --name=f --filename="$f" --rw=read:60k --bs=4k --ioengine=psync \
		--invalidate=0 --runtime="$t" --time_based "$@" \
		--output-format=json --output="$LOGDIR/file.json" >/dev/null 2>&1
}
file_case() {	# FS DEV: mkfs, mount, a 256 MiB file, strided reads, counters
	local fs=$1 dev=$2 p0 u0 pages used
	case $fs in
	ext4) mkfs.ext4 -q -F "$dev" ;;
	xfs) mkfs.xfs -q -f "$dev" ;;
	esac
	mkdir -p $MNT && mount "$dev" $MNT || { bad "$fs: mount $dev"; return 1; }
	dd if=/dev/urandom of=$MNT/data bs=1M count=256 status=none
	sync
	p0=$(ff file_pages_prefetched) u0=$(ff file_pages_used)
	file_fio $MNT/data 4
	sleep 2.5	# unread pages are judged wasted after 2 s
	pages=$(($(ff file_pages_prefetched) - p0)) used=$(($(ff file_pages_used) - u0))
	echo "  $fs: fio reads=$(fio_ios_file) file pages prefetched=$pages used=$used wasted=$(ff file_pages_wasted) disk pages=$(ff disk_pages_prefetched) file_depth=$(ff file_depth)"
	check "$fs: a strided file reader gets file pages prefetched ($pages)" test "$pages" -gt 100
	check "$fs:   and reads them (used $used of $pages)" awk "BEGIN{exit !($used >= 0.8 * $pages)}"
	check "$fs:   nothing went into the disk's page cache" test "$(ff disk_pages_prefetched)" = 0
}
fio_ios_file() { $PY -c 'import json,sys; print(sum(j["read"]["total_ios"] for j in json.load(open(sys.argv[1]))["jobs"]))' "$LOGDIR/file.json"; }
past_eof() {	# FILE OFFSET: pages of FILE in its page cache from OFFSET on
	$PY - "$1" "$2" <<'EOF'
import ctypes, mmap, os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
start = int(sys.argv[2])
size = os.fstat(fd).st_size - start
# a private mapping can lend ctypes its address; mincore reads no page
m = mmap.mmap(fd, size, access=mmap.ACCESS_COPY, offset=start)
vec = (ctypes.c_ubyte * (size // mmap.PAGESIZE))()
libc = ctypes.CDLL(None, use_errno=True)
addr = ctypes.addressof(ctypes.c_char.from_buffer(m))
if libc.mincore(ctypes.c_void_p(addr), ctypes.c_size_t(size), vec):
    sys.exit("mincore: " + os.strerror(ctypes.get_errno()))
print(sum(v & 1 for v in vec))
EOF
}
busy_inodes() { dmesg | grep -c "Busy inodes after unmount"; }

suite_files() {
	local pid num c1 dm
	begin files
	load
	if ! nullb_make nullb5 memory_backed=1 irqmode=2 completion_nsec=1000000 size=1024 ||
	   ! "$CTL" attach nullb5; then
		bad "a 1 ms memory-backed null_blk disk"
		end
		return
	fi
	FDISK=nullb5
	file_case ext4 /dev/nullb5

	# umount while prefetch is in flight: right after the reader stops
	file_fio $MNT/data 2 --offset=64m
	check "umount right after a prefetched reader" umount $MNT
	check "  no busy inodes after unmount" test "$(busy_inodes)" = 0
	check "  mounts again" mount /dev/nullb5 $MNT
	umount $MNT
	check "  fsck is clean" e2fsck -fn /dev/nullb5
	mount /dev/nullb5 $MNT

	# unlink and truncate under a reader (which keeps its file open)
	for op in "rm -f" "truncate -s 1M"; do
		cp $MNT/data $MNT/victim
		echo 3 >/proc/sys/vm/drop_caches
		# the file is open (fd 8) before the reader starts and the op runs
		exec 8<$MNT/victim
		$PY -c '
import os, time
end = time.time() + 3
off = 0
while time.time() < end:
    if not os.pread(8, 4096, off):
        off = 0
    off += 65536
' &
		pid=$!
		sleep 1.2
		check "$op a file being prefetched" $op $MNT/victim
		check "  its reader finishes" wait $pid
		exec 8<&-
		rm -f $MNT/victim
	done

	# nothing past EOF: grow the file afterwards and count its cached pages
	dd if=/dev/urandom of=$MNT/edge bs=1M count=8 status=none
	sync
	echo 3 >/proc/sys/vm/drop_caches
	$PY -c '
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
for _ in range(3):
    for off in range(0, 8 << 20, 65536):
        os.pread(fd, 4096, off)
' $MNT/edge
	sleep 0.5
	truncate -s 64M $MNT/edge
	# count what is cached past the old EOF itself: the file's total may
	# still grow inside it (khugepaged collapses a file's pages into huge
	# pages, reading the rest of each 2 MiB, once anything mapped it)
	c1=$(past_eof $MNT/edge $((8 << 20)))
	check "nothing read past EOF ($c1 pages cached past it once the file grew)" test "$c1" = 0
	rm -f $MNT/edge

	# a frozen filesystem: reads go on, prefetch with them
	fio --name=z --filename=$MNT/data --rw=read:60k --bs=4k --invalidate=0 --runtime=3 --time_based >/dev/null 2>&1 &
	pid=$!
	sleep 1
	check "fsfreeze under a prefetched reader" fsfreeze -f $MNT
	sleep 1
	check "  thaw" fsfreeze -u $MNT
	check "  its reader finishes" wait $pid

	# mmap readers fault their pages in: the same file target
	p0=$(ff file_pages_prefetched)
	echo 3 >/proc/sys/vm/drop_caches
	$PY -c '
import mmap, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
m = mmap.mmap(fd, 0, prot=mmap.PROT_READ)
m.madvise(mmap.MADV_RANDOM)
s = 0
end = time.time() + 3
off = 128 << 20
while time.time() < end and off < len(m):
    s += m[off]
    off += 65536
' $MNT/data
	check "mmap strided reader: file pages prefetched ($(($(ff file_pages_prefetched) - p0)))" \
		test "$(ff file_pages_prefetched)" -gt "$p0"

	# detach and rmmod with pins held (prefetch under way)
	fio --name=d --filename=$MNT/data --rw=read:60k --bs=4k --invalidate=0 --runtime=3 --time_based >/dev/null 2>&1 &
	pid=$!
	sleep 1.5
	check "detach while a file is prefetched" "$CTL" detach nullb5
	wait $pid
	"$CTL" attach nullb5
	fio --name=r --filename=$MNT/data --rw=read:60k --bs=4k --invalidate=0 --runtime=3 --time_based >/dev/null 2>&1 &
	pid=$!
	sleep 1.5
	check "rmmod aether while a file is prefetched" rmmod aether
	wait $pid
	check "  umount after it" umount $MNT
	check "  no busy inodes after unmount" test "$(busy_inodes)" = 0
	load
	"$CTL" attach nullb5

	file_case xfs /dev/nullb5
	umount $MNT
	check "xfs: no busy inodes after unmount" test "$(busy_inodes)" = 0
	"$CTL" detach nullb5

	# ext4 on dm (LVM's kind of device): attach the dm device
	if modprobe dm_mod 2>/dev/null &&
	   dmsetup create aether-f --table "0 2097152 linear /dev/nullb5 0"; then
		udevadm settle 2>/dev/null
		dm=$(basename "$(readlink -f /dev/mapper/aether-f)")
		"$CTL" attach "$dm"
		FDISK=$dm
		file_case ext4 /dev/mapper/aether-f
		umount $MNT
		"$CTL" detach "$dm"
		dmsetup remove aether-f
	else
		bad "a dm device over nullb5"
	fi
	nullb_remove nullb5
	end
}

# aetherctl record: a known LBA sequence read with O_DIRECT is saved read
# for read as blkparse text that aether-sim replays and draws; -c, -d and
# SIGINT end it with the kernel's counters as comments
wait_header() { local i; for i in $(seq 100); do grep -q "^# disk $2 " "$1" 2>/dev/null && return 0; sleep 0.1; done; return 1; }
suite_record() {
	local lbas=$LOGDIR/record.lba out=$LOGDIR/record.blkparse pid rc
	begin record
	load
	attached nullb0 || "$CTL" attach nullb0
	head -n 200 "$B/golden/stride.lba" >"$lbas"
	rm -f "$out"
	"$CTL" record -o "$out" -c 200 -d 60 nullb0 2>"$LOGDIR/record.err" &
	pid=$!
	check "record: the header is written when recording begins" wait_header "$out" nullb0
	$B/vm-lbaread /dev/nullb0 <"$lbas" >/dev/null
	wait $pid
	rc=$?
	check "record -c 200: exits 0 after 200 reads ($(tail -n1 "$LOGDIR/record.err"))" test $rc = 0
	check "record: one Q R line per read, the sectors read in order" \
		cmp -s <(awk '/^[0-9]/ && $6 == "Q" && $7 == "R" && $10 == 8 { print $8 }' "$out") "$lbas"
	check "record: the disk's numbers on every line" \
		test "$(awk '/^[0-9]/ { print $1 }' "$out" | sort -u)" = "$(tr : , </sys/block/nullb0/dev)"
	check "record: the kernel's counters over the recording (200 reads)" \
		grep -q "^# nullb0 during the recording: reads=200 " "$out"
	check "record: aether-sim replays it (200 reads)" \
		bash -c "$SIM replay --format blkparse --strict --trace $out --policy stride | grep -q ' reads=200 '"
	check "record: aether-sim heatmap draws it on a time axis" \
		bash -c "$SIM heatmap --format blkparse --trace $out --x time -o $LOGDIR/record.png >/dev/null &&
			$PY tools/testing/png_pixels.py $LOGDIR/record.png >/dev/null"
	"$CTL" record -o "$out" nullb0 2>/dev/null &
	pid=$!
	wait_header "$out" nullb0
	$B/vm-lbaread /dev/nullb0 <<<"4096 4104" >/dev/null
	kill -INT $pid
	wait $pid
	rc=$?
	check "record: SIGINT ends it, exit 0, file complete" \
		bash -c "test $rc = 0 && grep -q '^# nullb0 during the recording' $out"
	check "record -d 1: stops by itself" timeout 20 "$CTL" record -o "$LOGDIR/record-d.blkparse" -d 1 nullb0
	record_file
	end
}

# record --file: a file on ext4 in a partition (at sector 2048) of a loop
# disk; reads of another file are left out, and sectors are whole-disk
record_file() {
	local img=/tmp/record.img mnt=/tmp/record-mnt out=$LOGDIR/record-file.blkparse lo pid rc first got n
	truncate -s 64M $img
	$PY -c 'import struct, sys
f = open(sys.argv[1], "r+b"); f.seek(446)
f.write(struct.pack("<B3sB3sII", 0, b"\0\0\0", 0x83, b"\0\0\0", 2048, 129024)); f.seek(510); f.write(b"\x55\xaa")' $img
	modprobe loop 2>/dev/null
	lo=$(losetup -f --show -P $img) || { bad "record --file: no loop device"; return; }
	udevadm settle 2>/dev/null
	mkdir -p $mnt
	if ! mkfs.ext4 -q "${lo}p1" || ! mount "${lo}p1" $mnt; then
		bad "record --file: ext4 on ${lo}p1"
		losetup -d "$lo"
		return
	fi
	head -c 4M /dev/urandom >$mnt/a
	head -c 4M /dev/urandom >$mnt/b
	sync
	echo 3 >/proc/sys/vm/drop_caches
	"$CTL" attach "${lo#/dev/}"
	"$CTL" record -o "$out" --file $mnt/a 2>"$LOGDIR/record-file.err" &
	pid=$!
	wait_header "$out" "${lo#/dev/}"
	cat $mnt/b $mnt/a >/dev/null
	sleep 0.5
	kill -INT $pid
	wait $pid
	rc=$?
	check "record --file: exit 0 ($(tail -n1 "$LOGDIR/record-file.err"))" test $rc = 0
	n=$(awk '/^[0-9]/ { s += $10 } END { print s + 0 }' "$out")
	check "record --file: the file's 8192 sectors, not the other file's ($n)" \
		test "$n" -ge 8192 -a "$n" -lt 16384
	first=$(filefrag -e -b512 $mnt/a | awk '$1 ~ /^[0-9]+:$/ { sub(/\.\..*/, "", $4); print $4 + 2048 }' | sort -n | head -n1)
	got=$(awk '/^[0-9]/ { print $8 }' "$out" | sort -n | head -n1)
	check "record --file: whole-disk sectors, partition start added ($got = $first)" \
		test -n "$first" -a "$got" = "$first"
	"$CTL" detach "${lo#/dev/}"
	umount $mnt
	losetup -d "$lo"
	rm -f $img
}

# scripts of their own (also run alone: scripts/vm.sh -- tools/testing/vm/X.sh)
# A suite in a script of its own loads aether as it needs it and leaves it
# unloaded; the suites after it (in any order asked for) get it back as
# setup left it: loaded, nullb0 attached.
standalone() { unload; "$@"; load && "$CTL" attach nullb0; }
suite_cgroup() { standalone tools/testing/vm/cgroup.sh; }
suite_autoload() { standalone tools/testing/vm/autoload.sh; }
suite_history() { standalone tools/testing/vm/history.sh; }

main() {
	local s suites=${*:-load golden ioctl probe sysfs fio prefetch files stress teardown lifecycle record cgroup autoload history}

	setup || { echo "RESULT vm-setup passed=0 failed=1"; return 1; }
	for s in $suites; do
		"suite_$s"
	done
	unload
}

# one line, read whole before it runs: editing this file during a run is safe
main "$@"; exit
