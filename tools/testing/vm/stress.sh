#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fuzz and stress aether inside the VM, bounded in time, as root from the
# project root (scripts/check-debug.sh runs it on the debug kernel):
#   scripts/vm.sh -- tools/testing/vm/stress.sh [PHASE...]
# Phases (all by default, in this order):
#   fuzz    vm-fuzz-ioctl and vm-fuzz-ioctl32 (FUZZ_IOCTLS in total, default
#           1000000, over FUZZ_ROUNDS rounds, default 4) racing attach/detach
#           and a null_blk disk removed and re-created through configfs, fio
#           on an attached disk; rmmod/insmod between rounds; then
#           RMMOD_CYCLES (default 20) insmod/rmmod cycles racing sysfs
#           attach/detach writes
#   sysfs   random bytes and edge values into every file under
#           /sys/kernel/aether (global and per disk) while fio reads the disk
#           and another disk is attached and detached, for SYSFS_SECONDS
#           (default 90; tools/testing/vm/sysfs_fuzz.py)
#   many    64 null_blk disks attached, fio on 8 of them (MANY_SECONDS, 20)
#   cycles  CYCLES (1000) attach/detach cycles of a disk fio is reading
#   unpriv  as nobody: /dev/aether, attach/detach and knobs refused; a
#           strided reader's pages against what aether prefetched for it
# Each phase prints "RESULT stress-PHASE passed=N failed=M ..." lines.
# Needs `make module tools vmtests` on the host first.
set -u
B=build
CTL=$B/aetherctl
SYS=/sys/kernel/aether
NULLB=/sys/kernel/config/nullb
# per kernel: VMs of several kernels run at once (check-kernels beside
# make check) and must not overwrite each other's logs mid-comparison
LOGDIR=$B/vm/logs/$(uname -r)
mkdir -p "$LOGDIR"
FUZZ_IOCTLS=${FUZZ_IOCTLS:-1000000}
FUZZ_ROUNDS=${FUZZ_ROUNDS:-4}
FUZZ_SECONDS=${FUZZ_SECONDS:-600}	# per fuzzer run, at most
FUZZ_THREADS=${FUZZ_THREADS:-4}
RMMOD_CYCLES=${RMMOD_CYCLES:-20}
SYSFS_SECONDS=${SYSFS_SECONDS:-90}
MANY=${MANY:-64}
MANY_SECONDS=${MANY_SECONDS:-20}
CYCLES=${CYCLES:-1000}
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)

RESULT_PREFIX=stress
. tools/testing/vm/lib.sh
load() { loaded || insmod ./aether.ko "$@"; }
# a strided reader in the background: fio_bg NAME DEV SECONDS
fio_bg() {
	fio --allow_file_create=0 --name="$1" --filename="$2" --rw=read:60k --bs=4k \
		--ioengine=psync --size=64g --runtime="$3" --time_based >"$LOGDIR/stress-fio-$1.log" 2>&1 &
}
setup() {
	modprobe null_blk nr_devices=0 || return 1
	mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
}

phase_fuzz() {
	local r per out total=0 bits fpid apid i
	begin fuzz
	unload
	nullb_make fz0 || { bad "null_blk fz0"; end; return; }
	nullb_make fz1 size=1024 || { bad "null_blk fz1"; end; return; }
	per=$(( (FUZZ_IOCTLS + 2 * FUZZ_ROUNDS - 1) / (2 * FUZZ_ROUNDS) ))
	for r in $(seq 1 "$FUZZ_ROUNDS"); do
		check "round $r: insmod" load
		echo fz0 >$SYS/attach
		fio_bg fz$r /dev/fz0 100000
		fpid=$!
		for bits in "" 32; do
			out=$LOGDIR/stress-fuzz$bits-$r.log
			# fz1 is removed and re-created through configfs during the run
			[ -d $NULLB/fz1 ] || nullb_make fz1 size=1024
			$B/vm-fuzz-ioctl$bits -n "$per" -t "$FUZZ_THREADS" -s "$FUZZ_SECONDS" \
				-a fz0 -a fz1 -c fz1 -l "${bits:-64}-r$r" >"$out" 2>&1
			cat "$out"
			n=$(sed -n 's/^RESULT .* ioctls=\([0-9]*\).*/\1/p' "$out")
			total=$((total + ${n:-0}))
			check "round $r: ${bits:-64}-bit fuzzer: $per ioctls, expected errnos, VERSION after" \
				grep -q "^RESULT .* passed=1 failed=0" "$out"
		done
		kill "$fpid" 2>/dev/null
		wait "$fpid" 2>/dev/null
		check "round $r: rmmod after the fuzzers" rmmod aether
	done
	# insmod/rmmod racing attach/detach writes through sysfs (the files come
	# and go with the module)
	# the loop counts its writes' outcomes by errno in a log
	( while :; do
		sysw $SYS/attach fz0
		sysw $SYS/attach fz1
		sysw $SYS/detach fz0
	done >"$LOGDIR/stress-rmmod-race.log" ) 2>/dev/null &
	apid=$!
	fio_bg fzr /dev/fz0 100000
	fpid=$!
	local cyc_ok=0
	for i in $(seq 1 "$RMMOD_CYCLES"); do
		if insmod ./aether.ko && sleep 0.$((RANDOM % 5)) && rmmod aether; then
			cyc_ok=$((cyc_ok + 1))
		fi
	done
	kill "$apid" "$fpid" 2>/dev/null
	wait "$apid" "$fpid" 2>/dev/null
	check "$RMMOD_CYCLES insmod/rmmod cycles racing sysfs attach/detach: $cyc_ok clean" \
		test "$cyc_ok" = "$RMMOD_CYCLES"
	echo "  the racing writes, by outcome:" $(sort "$LOGDIR/stress-rmmod-race.log" | uniq -c)
	check "total ioctls $total >= $FUZZ_IOCTLS" test "$total" -ge "$FUZZ_IOCTLS"
	unload
	nullb_remove fz0
	nullb_remove fz1
	end "ioctls=$total rounds=$FUZZ_ROUNDS rmmod_cycles=$cyc_ok"
}

phase_sysfs() {
	local apid fpid out=$LOGDIR/stress-sysfs-fuzz.log
	begin sysfs
	unload
	load && nullb_make sy0 && nullb_make sy1 && echo sy0 >$SYS/attach ||
		{ bad "setup: aether, sy0 attached, sy1"; end; return; }
	fio_bg sy0 /dev/sy0 100000
	fpid=$!
	( while :; do
		printf sy1 >$SYS/attach
		sleep 0.0$((RANDOM % 10))
		printf sy1 >$SYS/detach
	done ) 2>/dev/null &
	apid=$!
	python3 tools/testing/vm/sysfs_fuzz.py "$SYSFS_SECONDS" >"$out" 2>&1
	cat "$out"
	check "random bytes into every file: expected errnos, text read back" \
		grep -q '^RESULT .* passed=1 failed=0' "$out"
	check "fio kept reading throughout" kill -0 "$fpid"
	kill "$apid" "$fpid" 2>/dev/null
	wait "$apid" "$fpid" 2>/dev/null
	check "the module still answers: aetherctl list" "$CTL" list
	check "rmmod" rmmod aether
	nullb_remove sy0
	nullb_remove sy1
	end "$(sed -n 's/^RESULT [^ ]* passed=[0-9]* failed=[0-9]* //p' "$out")"
}

phase_many() {
	local i n fpid names="" stats_reads=0 busy=0 jobs=()
	begin many
	unload
	load || { bad "insmod"; end; return; }
	for i in $(seq 0 $((MANY - 1))); do
		mkdir "$NULLB/mn$i" && echo 1024 >"$NULLB/mn$i/size" && echo 1 >"$NULLB/mn$i/power" ||
			bad "null_blk mn$i"
	done
	udevadm settle 2>/dev/null
	n=0
	for i in $(seq 0 $((MANY - 1))); do
		printf "mn$i" >$SYS/attach && n=$((n + 1))
	done
	check "$MANY disks attached ($n)" test "$(ls $SYS/devices | wc -l)" = "$MANY"
	if [ "$MANY" = 64 ]; then
		nullb_make mn64 size=1024
		check "a 65th attach: ENOSPC" test "$(sysw $SYS/attach mn64)" = ENOSPC
		nullb_remove mn64
	fi
	for i in $(seq 0 7); do
		jobs+=(--name="j$i" --filename="/dev/mn$((i * MANY / 8))")
	done
	fio --allow_file_create=0 --rw=read:60k --bs=4k --ioengine=psync --size=1g \
		--runtime="$MANY_SECONDS" --time_based "${jobs[@]}" >"$LOGDIR/stress-many-fio.log" 2>&1 &
	fpid=$!
	while kill -0 "$fpid" 2>/dev/null; do
		"$CTL" stats >/dev/null 2>&1 && stats_reads=$((stats_reads + 1))
		sleep 0.5
	done
	wait "$fpid"
	check "fio on 8 of them" test $? = 0
	for i in $(seq 0 7); do
		[ "$(awk '{print $3}' $SYS/devices/mn$((i * MANY / 8))/stat)" -gt 0 ] || busy=$((busy + 1))
	done
	check "decisions on each of the 8 read disks" test "$busy" = 0
	"$CTL" stats >"$LOGDIR/stress-many-stats.txt" 2>&1
	n=0
	for i in $(seq 0 $((MANY - 1))); do
		printf "mn$i" >$SYS/detach && n=$((n + 1))
	done
	check "$MANY detached ($n)" test "$n" = "$MANY" -a -z "$(ls $SYS/devices)"
	# the other half of removal: attach them all again, then remove the disks
	for i in $(seq 0 $((MANY - 1))); do printf "mn$i" >$SYS/attach; done
	for i in $(seq 0 $((MANY - 1))); do nullb_remove "mn$i"; done
	check "removing the attached disks dropped them all" test -z "$(ls $SYS/devices)"
	check "rmmod" rmmod aether
	end "disks=$MANY fio_disks=8 stats_reads=$stats_reads"
}

phase_cycles() {
	local i okc=0 fpid died=0
	begin cycles
	unload
	load && nullb_make cy0 irqmode=2 completion_nsec=100000 ||
		{ bad "setup"; end; return; }
	fio_bg cy0 /dev/cy0 100000
	fpid=$!
	for i in $(seq 1 "$CYCLES"); do
		if printf cy0 >$SYS/attach && printf cy0 >$SYS/detach; then
			okc=$((okc + 1))
		fi
		if [ $((i % 100)) = 0 ]; then
			kill -0 "$fpid" 2>/dev/null || died=1
			echo "  $i cycles"
		fi
	done
	kill -0 "$fpid" 2>/dev/null || died=1
	kill "$fpid" 2>/dev/null
	wait "$fpid" 2>/dev/null
	check "$CYCLES attach/detach cycles under fio: $okc clean" test "$okc" = "$CYCLES"
	check "fio kept reading throughout" test "$died" = 0
	check "nothing left attached" test -z "$(ls $SYS/devices)"
	check "rmmod" rmmod aether
	nullb_remove cy0
	end "cycles=$okc"
}

# a reader, run as nobody: READS reads of 4 KiB, buffered, of FILE; MODE
# stride: every 64 KiB from the start; bursts: runs of 16 such reads, each
# run at a random 2 MiB of the first SIZE bytes (a stride that stops: what
# aether predicts past the run is never read).  Prints the reads done.
READER_PY='import os,sys,random
fd=os.open(sys.argv[1],os.O_RDONLY); n=int(sys.argv[2]); mode=sys.argv[3]; size=int(sys.argv[4])
random.seed(12); k=0; base=0
for i in range(n):
    if mode=="stride": off=i*65536
    else:
        if i%16==0: base=random.randrange(0,size//2097152-1)*2097152
        off=base+(i%16)*65536
    if len(os.pread(fd,4096,off))==4096: k+=1
print(k)'
pfsum() {	# DISK: pages_prefetched, device sectors read
	echo "$(cat $SYS/devices/$1/pages_prefetched) $(awk '{print $3}' /sys/block/$1/stat)"
}
amplify() {	# LABEL DISK FILE READS MODE SIZE [setpriv args]: the reader's pages against aether's
	local label=$1 disk=$2 file=$3 reads=$4 mode=$5 size=$6 b a got p0 s0 p1 s1 pf dev ratio
	shift 6
	echo 3 >/proc/sys/vm/drop_caches
	b=$(pfsum "$disk")
	got=$("$@" python3 -c "$READER_PY" "$file" "$reads" "$mode" "$size" \
		2>"$LOGDIR/stress-amplify-$label.err")
	sleep 3	# prefetch still in flight
	a=$(pfsum "$disk")
	read -r p0 s0 <<<"$b"
	read -r p1 s1 <<<"$a"
	pf=$((p1 - p0))
	dev=$(( (s1 - s0) / 8 ))
	got=${got:-0}
	ratio=$(awk -v d="$dev" -v r="$got" 'BEGIN { printf "%.2f", r ? d / r : 0 }')
	echo "  $label: the reader read $got pages; aether prefetched $pf pages;" \
		"the disk read $dev pages ($ratio x the reader's)"
	check "$label: the reader as nobody ran ($got of $reads reads)" test "$got" = "$reads"
	echo "RESULT stress-amplify-$label passed=$([ "$got" = "$reads" ] && echo 1 || echo 0)" \
		"failed=$([ "$got" = "$reads" ] && echo 0 || echo 1)" \
		"reader_pages=$got prefetched_pages=$pf device_pages=$dev amplification=$ratio"
}
phase_unpriv() {
	local f e disk_gid mnt=/tmp/aether-stress-mnt
	begin unpriv
	unload
	load && nullb_make up0 irqmode=2 completion_nsec=1000000 && echo up0 >$SYS/attach ||
		{ bad "setup"; end; return; }
	e=$("${NOBODY[@]}" cat /dev/aether 2>&1 >/dev/null)
	check "nobody: read /dev/aether refused (${e##*: })" test "${e##*: }" = "Permission denied"
	e=$("${NOBODY[@]}" python3 -c 'import os
try: os.open("/dev/aether", os.O_RDONLY|os.O_NONBLOCK); print("opened")
except OSError as x: print(x.errno)' 2>&1)
	check "nobody: open(/dev/aether) EACCES ($e)" test "$e" = 13
	for f in attach detach preset epsilon window bias \
		devices/up0/policy devices/up0/budget_kb devices/up0/max_depth \
		devices/up0/epsilon devices/up0/window devices/up0/preset; do
		local before after
		before=$(cat $SYS/$f 2>/dev/null)
		e=$("${NOBODY[@]}" bash -c "$(declare -f sysw); sysw $SYS/$f up0")
		after=$(cat $SYS/$f 2>/dev/null)
		check "nobody: write $f refused ($e), unchanged" \
			bash -c '[[ ( $1 = EACCES || $1 = EPERM ) && $2 = "$3" ]]' - "$e" "$before" "$after"
	done
	check "nobody: attach of another disk did nothing" test "$(ls $SYS/devices)" = up0
	check "nobody: per-disk counters are readable" "${NOBODY[@]}" cat $SYS/devices/up0/stat
	# amplification: a strided reader of the raw disk (as nobody in group
	# disk, as a database's user would be), then of a file on ext4
	disk_gid=$(getent group disk | cut -d: -f3)
	chgrp disk /dev/up0 && chmod 0640 /dev/up0
	local raw=(setpriv --reuid=65534 --regid=65534 --groups="$disk_gid")
	amplify raw-stride up0 /dev/up0 3000 stride $((64 << 30)) "${raw[@]}"
	amplify raw-bursts up0 /dev/up0 3000 bursts $((64 << 30)) "${raw[@]}"
	echo up0 >$SYS/detach
	nullb_remove up0
	if nullb_make up1 memory_backed=1 irqmode=2 completion_nsec=1000000 size=1024 &&
	   mkfs.ext4 -q -F /dev/up1 && mkdir -p $mnt && mount /dev/up1 $mnt; then
		dd if=/dev/zero of=$mnt/f bs=1M count=256 status=none && chmod 644 $mnt/f && sync
		echo up1 >$SYS/attach
		amplify file-stride up1 $mnt/f 3000 stride $((256 << 20)) "${NOBODY[@]}"
		amplify file-bursts up1 $mnt/f 3000 bursts $((256 << 20)) "${NOBODY[@]}"
		echo up1 >$SYS/detach
		umount $mnt
	else
		bad "ext4 on a memory-backed null_blk disk"
	fi
	nullb_remove up1
	check "rmmod" rmmod aether
	end
}

setup || { echo "RESULT stress-setup passed=0 failed=1"; exit 1; }
status=0
for p in ${@:-fuzz sysfs many cycles unpriv}; do
	"phase_$p"
	[ "$nfail" = 0 ] || status=1
done
exit $status
