#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Attaching a disk that is not there loads no module, in the VM, as root
# from the project root (needs `make module`):
#   scripts/vm.sh [--module FILE] -- tools/testing/vm/autoload.sh
# Opening an unregistered device number makes the block layer request
# "block-major-M-m" (CONFIG_BLOCK_LEGACY_AUTOLOAD): 1:0 would load brd.
# aether must answer ENODEV instead, by number, by a stale /dev node's name
# and in its attach= parameter, and still attach a disk that is there.
# Prints "RESULT vm-autoload passed=N failed=M".
set -u
NULLB=/sys/kernel/config/nullb
SYS=/sys/kernel/aether
RESULT_PREFIX=vm
. tools/testing/vm/lib.sh

brd_loaded() { grep -q "^brd " /proc/modules; }

begin autoload
modprobe null_blk nr_devices=0
mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
unload
# without brd as a module (the debug kernel) nothing could be loaded by
# accident; the ENODEV checks still hold
modinfo brd >/dev/null 2>&1 || echo "  brd is not a module of this kernel"
! brd_loaded || rmmod brd
check "brd not loaded to begin with" bash -c '! grep -q "^brd " /proc/modules'
check "insmod aether.ko attach=1:0" insmod ./aether.ko attach=1:0
check "  brd still not loaded" bash -c '! grep -q "^brd " /proc/modules'
e=$(sysw $SYS/attach 1:0)
check "attach 1:0 (brd's, not registered): ENODEV ($e)" test "$e" = ENODEV
check "  brd still not loaded" bash -c '! grep -q "^brd " /proc/modules'
mknod /dev/stale0 b 1 7
e=$(sysw $SYS/attach stale0)
check "attach stale0 (a /dev node of 1:7, not registered): ENODEV ($e)" test "$e" = ENODEV
check "  brd still not loaded" bash -c '! grep -q "^brd " /proc/modules'
rm -f /dev/stale0
e=$(sysw $SYS/attach nfs)
check "attach nfs (no such disk): ENODEV ($e)" test "$e" = ENODEV
check "nothing attached by any of these" test -z "$(ls $SYS/devices)"
nullb_make al0
dev=$(cat /sys/block/al0/dev)
e=$(sysw $SYS/attach "$dev")
check "a disk that is there still attaches by number ($dev: $e)" test "$e" = OK
check "  and is listed" test -d $SYS/devices/al0
echo al0 >$SYS/detach
e=$(sysw $SYS/attach al0)
check "  and by name ($e)" test "$e" = OK
echo al0 >$SYS/detach
nullb_remove al0
check "rmmod" rmmod aether
end
[ "$nfail" = 0 ]
