#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The history predictor in the kernel, in the VM, as root from the project
# root (needs `make module`):
#   scripts/vm.sh [--module FILE] -- tools/testing/vm/history.sh
#   - history_entries (per disk) and the module parameter take 0 or a power
#     of two from 64 to 1048576; anything else is EINVAL and changes nothing;
#   - a non-strided sequence (a fixed random list of 4 KiB buffered reads of
#     a 1 ms null_blk) read twice, caches dropped between: with history on,
#     the second pass gets history prefetches that it reads (counters); with
#     history off, none;
#   - detach and rmmod with history on, the disk being read, are clean.
# Prints "RESULT vm-history passed=N failed=M ...".
set -u
NULLB=/sys/kernel/config/nullb
SYS=/sys/kernel/aether
RESULT_PREFIX=vm
. tools/testing/vm/lib.sh

# READS buffered reads of 4 KiB of DEV at a fixed (seeded) random list of
# distinct 4 KiB offsets in its first GiB: no stride, the same each run.
# Prints the reads done.
READER_PY='import os,sys,random
fd=os.open(sys.argv[1],os.O_RDONLY); n=int(sys.argv[2])
random.seed(11); k=0
for b in random.sample(range(1<<18),n):
    if len(os.pread(fd,4096,b*4096))==4096: k+=1
print(k)'
D=$SYS/devices/hi0
pf() { cat "$D/$1"; }
cold() { blockdev --flushbufs /dev/hi0; echo 3 >/proc/sys/vm/drop_caches; }

begin history
modprobe null_blk nr_devices=0
mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
unload
check "insmod history_entries=100 refused" bash -c '! insmod ./aether.ko history_entries=100 2>/dev/null'
check "insmod history_entries=32 refused" bash -c '! insmod ./aether.ko history_entries=32 2>/dev/null'
insmod ./aether.ko history_entries=4096 || { bad "insmod history_entries=4096"; end; exit 1; }
nullb_make hi0 irqmode=2 completion_nsec=1000000 && echo hi0 >$SYS/attach ||
	{ bad "null_blk hi0 attached"; end; exit 1; }
check "the module parameter is the new disk's history_entries" test "$(pf history_entries)" = 4096
rmmod aether
insmod ./aether.ko || { bad "insmod"; end; exit 1; }
echo hi0 >$SYS/attach
check "history is off by default" test "$(pf history_entries)" = 0
for v in 63 100 32 2097152 4294967296 -1 abc 1048577; do
	check "history_entries '$v' is EINVAL, unchanged" \
		test "$(sysw $D/history_entries "$v"):$(pf history_entries)" = EINVAL:0
done
for v in 64 1048576 16384 0; do
	check "history_entries $v accepted" test "$(sysw $D/history_entries $v):$(pf history_entries)" = OK:$v
done
check "its counters read 0" test "$(pf history_pages_prefetched)$(pf history_pages_used)$(pf history_pages_wasted)" = 000

# the stride predictor finds nothing in a random list: what is prefetched
# is the history's.  The policy stride (no POVM gate) makes the test not
# depend on the gate's view of random reads.
echo stride >$D/policy
exec 9</dev/hi0		# the last close would drop the disk's page cache
n=500
twice() {	# read the list twice, cold each time; prints pages used by history
	cold
	r1=$(python3 -c "$READER_PY" /dev/hi0 $n)
	cold
	p0=$(pf history_pages_prefetched) u0=$(pf history_pages_used)
	a0=$(pf pages_prefetched)
	r2=$(python3 -c "$READER_PY" /dev/hi0 $n)
	sleep 3		# every prefetched page judged (2 s)
	hp=$(($(pf history_pages_prefetched) - p0)) hu=$(($(pf history_pages_used) - u0))
	ap=$(($(pf pages_prefetched) - a0))
}
twice
echo "  history off: $r1 + $r2 reads; aether prefetched $ap pages, history $hp"
check "history off: both passes read ($r1, $r2 of $n)" test "$r1:$r2" = $n:$n
check "history off: no history prefetch ($hp)" test "$hp" = 0

echo 16384 >$D/history_entries
twice
hw=$(pf history_pages_wasted)
echo "  history on: $r1 + $r2 reads; aether prefetched $ap pages; history $hp, $hu used, $hw wasted so far"
check "history on: both passes read ($r1, $r2 of $n)" test "$r1:$r2" = $n:$n
check "history on: the second pass got history prefetches ($hp >= $((n / 2)))" test "$hp" -ge $((n / 2))
check "history on: >= 90% of them used ($hu of $hp)" test $((hu * 10)) -ge $((hp * 9))
# reading the list a third time: the table is kept, and learning did not
# stop because the second pass was served from aether's pages
twice
echo "  again: history $hp, $hu used"
check "history on, again: history prefetches used ($hu of $hp)" \
	test "$hp" -ge $((n / 2)) -a $((hu * 10)) -ge $((hp * 9))
hist_used=$hu

# teardown with history on, while the list is read
cold
python3 -c "$READER_PY" /dev/hi0 $n >/dev/null &
rdpid=$!
sleep 0.3
check "history_entries resized while reading" test "$(sysw $D/history_entries 64)" = OK
check "detach with history on, while reading" bash -c "echo hi0 >$SYS/detach"
wait $rdpid
exec 9<&-
check "rmmod" rmmod aether
check "no warning or BUG in dmesg" bash -c "! dmesg | grep -qE 'WARNING:|BUG:|Oops'"
nullb_remove hi0
end hist_used=$hist_used
