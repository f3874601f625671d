#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# On a PREEMPT_RT kernel aether refuses to load (its probe takes locks that
# PREEMPT_RT makes sleeping, inside the tracepoint with preemption off):
#   scripts/vm.sh --kernel 6.1.0-57-rt-amd64 --module FILE -- tools/testing/vm/rt.sh
# with FILE an aether.ko built against that kernel's headers.  Prints
# "RESULT vm-rt passed=N failed=M".
set -u
RESULT_PREFIX=vm
. tools/testing/vm/lib.sh

begin rt
check "a PREEMPT_RT kernel ($(uname -v | grep -o PREEMPT_RT))" bash -c 'uname -v | grep -q PREEMPT_RT'
e=$(insmod ./aether.ko 2>&1)
check "insmod refused: EOPNOTSUPP (${e##*: })" test "${e##*: }" = "Operation not supported"
check "  and says why" bash -c 'dmesg | grep -q "aether: PREEMPT_RT kernels are not supported"'
check "  nothing loaded" bash -c '! grep -q "^aether " /proc/modules'
end
[ "$nfail" = 0 ]
