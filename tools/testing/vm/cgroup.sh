#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prefetch charged to the reader's cgroups, and one reader's bound, in the
# VM, as root from the project root (needs `make module tools`):
#   scripts/vm.sh [--module FILE] -- tools/testing/vm/cgroup.sh
# cgroup v2, io and memory controllers on; a reader in child cgroup "rd"
# reads a 1 ms null_blk disk every 64 KiB as aether prefetches ahead of it:
#   - rd's io.stat rbytes for the disk cover what the disk read (the
#     prefetch included), its memory.stat "file" grows by the pages the
#     disk read, and an idle sibling "idle" gains neither;
#   - a reader's prefetch is held to its credit (budget_kb / 16 pages)
#     beyond what it reads itself: a stream allowed to run further ahead
#     sees ranges dropped, and what is prefetched and left unread stays
#     within the credit plus the pages it read;
#   - throttled by io.max, the reader's and aether's bios are dispatched
#     by blk-throttle's worker: still charged to rd, and aether's own do
#     not feed its predictions.
# Prints "RESULT vm-cgroup passed=N failed=M ...".
set -u
NULLB=/sys/kernel/config/nullb
SYS=/sys/kernel/aether
CG=/sys/fs/cgroup
RESULT_PREFIX=vm
. tools/testing/vm/lib.sh

# READS reads of 4 KiB, buffered, of FILE: every 64 KiB (stride), or runs
# of RUN such reads, each at a random 64 MiB boundary (runs RUN: streams that
# stop, leaving what was prefetched past their end unread).  Prints the
# reads done.
READER_PY='import os,sys,random
fd=os.open(sys.argv[1],os.O_RDONLY); n=int(sys.argv[2]); mode=sys.argv[3]
run=int(sys.argv[4]) if len(sys.argv)>4 else 1
random.seed(7); k=0; base=0
for i in range(n):
    if mode=="stride": off=i*65536
    else:
        if i%run==0: base=random.randrange(0,1<<17)<<26
        off=base+(i%run)*65536
    if len(os.pread(fd,4096,off))==4096: k+=1
print(k)'
# run the reader in cgroup $1: in_cg CG ARGS...
in_cg() {
	local cg=$1
	shift
	(echo $BASHPID >"$CG/$cg/cgroup.procs" && exec python3 -c "$READER_PY" "$@")
}
rbytes() {	# CGROUP MAJ:MIN: rbytes the cgroup was charged for the disk
	local v
	v=$(awk -v d="$2" '$1 == d { for (i = 2; i <= NF; i++) if (sub(/^rbytes=/, "", $i)) print $i }' \
		"$CG/$1/io.stat")
	echo "${v:-0}"
}
filebytes() { [ $memcg = 0 ] && echo 0 || awk '$1 == "file" { print $2 }' "$CG/$1/memory.stat"; }
devpages() { echo $(($(awk '{print $3}' /sys/block/$1/stat) / 8)); }
pf() { cat "$SYS/devices/$1/$2"; }

begin cgroup
mountpoint -q $CG || mount -t cgroup2 none $CG
grep -qw io $CG/cgroup.controllers || { bad "cgroup v2 with the io controller"; end; exit 1; }
# the debug kernel has no memcg (CONFIG_MEMCG): its checks are left out there
memcg=0
grep -qw memory $CG/cgroup.controllers && memcg=1
[ $memcg = 1 ] || echo "  no memory controller: memory.stat not checked"
echo "+io" >$CG/cgroup.subtree_control
[ $memcg = 0 ] || echo "+memory" >$CG/cgroup.subtree_control
mkdir -p $CG/rd $CG/idle
modprobe null_blk nr_devices=0
mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
unload
insmod ./aether.ko || { bad "insmod"; end; exit 1; }
nullb_make cg0 irqmode=2 completion_nsec=1000000 && echo cg0 >$SYS/attach ||
	{ bad "null_blk cg0 attached"; end; exit 1; }
dev=$(cat /sys/block/cg0/dev)
# the last close of a disk drops its page cache: hold it open, so what the
# reader and aether cached stays there (and in memory.stat) to be counted
exec 9</dev/cg0

# 1. charging: the disk's page cache emptied (not the whole page cache:
# python's own files, cached already, would be charged to rd if read anew)
python3 -c 'import os,sys,random' </dev/null
blockdev --flushbufs /dev/cg0
r0=$(rbytes rd "$dev") i0=$(rbytes idle "$dev") f0=$(filebytes rd) g0=$(filebytes idle)
d0=$(devpages cg0) p0=$(pf cg0 pages_prefetched)
got=$(in_cg rd /dev/cg0 3000 stride)
sleep 3		# prefetch in flight; rstat flushes on read
r1=$(rbytes rd "$dev") i1=$(rbytes idle "$dev") f1=$(filebytes rd) g1=$(filebytes idle)
d1=$(devpages cg0) p1=$(pf cg0 pages_prefetched)
dev_pages=$((d1 - d0)) pfp=$((p1 - p0))
rd_io=$(((r1 - r0) / 4096)) rd_file=$(((f1 - f0) / 4096))
echo "  reader: $got reads; the disk read $dev_pages pages, $pfp of them aether's;" \
	"rd charged: io $rd_io pages, file $rd_file pages; idle: io $(((i1 - i0) / 4096))," \
	"file $(((g1 - g0) / 4096)) pages"
check "the reader ran in rd ($got of 3000 reads)" test "${got:-0}" = 3000
check "aether prefetched for it ($pfp pages)" test "$pfp" -ge 1000
# the readers' own reads (~ dev_pages - pfp) are rd's anyway: the prefetch
# must be too, or rd's share falls to a fraction of what the disk read
check "rd's io.stat rbytes cover what the disk read ($rd_io >= 95% of $dev_pages)" \
	test $((rd_io * 100)) -ge $((dev_pages * 95))
check "the idle cgroup was charged no I/O" test "$i1" = "$i0"
if [ $memcg = 1 ]; then
	check "rd's memory.stat file grew by what the disk read ($rd_file >= 90% of $dev_pages)" \
		test $((rd_file * 100)) -ge $((dev_pages * 90))
	check "the idle cgroup was charged no page cache ($((g1 - g0)) bytes)" \
		test $((g1 - g0)) -lt $((64 * 4096))
fi

# 2. one reader's bound: its credit, budget_kb / 16 pages (64 here), is
# what it may have queued or prefetched and unread beyond what it read
# itself.  A stream allowed 1024 blocks ahead (max_depth) in runs of 1000
# reads would run further ahead than that: the credit, not the budget
# (256 pages in flight), is what stops it, and dropped ranges show it.
echo stride >$SYS/devices/cg0/policy
echo 1024 >$SYS/devices/cg0/max_depth
echo 1024 >$SYS/devices/cg0/budget_kb
credit=$((1024 / 4 / 4))
blockdev --flushbufs /dev/cg0
d0=$(devpages cg0) p0=$(pf cg0 pages_prefetched) u0=$(pf cg0 pages_used)
b0=$(pf cg0 budget_drops)
got=$(in_cg rd /dev/cg0 3000 runs 1000)
sleep 4		# every prefetched page judged (2 s)
d1=$(devpages cg0) p1=$(pf cg0 pages_prefetched) u1=$(pf cg0 pages_used)
pfp=$((p1 - p0)) used=$((u1 - u0)) own=$((d1 - d0 - (p1 - p0)))
drops=$(($(pf cg0 budget_drops) - b0))
echo "  runs: $got reads; the reader's own pages from the disk $own; aether" \
	"prefetched $pfp, $used used, $((pfp - used)) unused, $drops dropped; bound $credit + $own"
check "the reader ran ($got of 3000 reads)" test "${got:-0}" = 3000
check "its credit held it back: ranges dropped ($drops)" test "$drops" -gt 0
check "prefetched and unused <= credit + the reader's own pages ($((pfp - used)) <= $((credit + own)))" \
	test $((pfp - used)) -le $((credit + own))

# 3. rd throttled (io.max): blk-throttle's worker dispatches its bios, and
# aether's own, now that they are charged to rd: they teach no predictor,
# so aether's throttled reads do not feed its own predictions
echo povm >$SYS/devices/cg0/policy
echo 64 >$SYS/devices/cg0/max_depth
echo 16384 >$SYS/devices/cg0/budget_kb
echo "$dev riops=400" >$CG/rd/io.max
blockdev --flushbufs /dev/cg0
r0=$(rbytes rd "$dev") d0=$(devpages cg0) p0=$(pf cg0 pages_prefetched)
got=$(in_cg rd /dev/cg0 1500 stride)
sleep 3
r1=$(rbytes rd "$dev") d1=$(devpages cg0) p1=$(pf cg0 pages_prefetched)
echo "$dev riops=max" >$CG/rd/io.max
thr_io=$(((r1 - r0) / 4096)) thr_dev=$((d1 - d0)) thr_pf=$((p1 - p0))
echo "  io.max riops=400: $got reads; the disk read $thr_dev pages, $thr_pf aether's;" \
	"rd charged $thr_io; throttled: $(awk '/throttle/' $CG/rd/io.stat 2>/dev/null)"
check "throttled: the reader ran ($got of 1500 reads)" test "${got:-0}" = 1500
check "throttled: rd's rbytes cover what the disk read ($thr_io >= 95% of $thr_dev)" \
	test $((thr_io * 100)) -ge $((thr_dev * 95))
check "throttled: no more prefetched than the reader read ($thr_pf <= 1500)" \
	test "$thr_pf" -le 1500
exec 9<&-
echo cg0 >$SYS/detach
nullb_remove cg0
check "rmmod" rmmod aether
rmdir $CG/rd $CG/idle
end "rd_io_pages=$rd_io rd_file_pages=$rd_file disk_pages=$dev_pages runs_unused=$((pfp - used))" \
	"runs_own=$own runs_drops=$drops throttled_pf=$thr_pf"
[ "$nfail" = 0 ]
