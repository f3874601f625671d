#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/check-debug.sh [STRESS PHASE...]     (make check-debug)
#
# The VM suite (tools/testing/vm/run.sh) and the fuzz and stress phases
# (tools/testing/vm/stress.sh) on the debug kernel of scripts/debug-kernel.sh
# (KASAN, KFENCE, lockdep, DEBUG_ATOMIC_SLEEP, debug objects, DEBUG_LIST,
# kmemleak), built on first use (15-60 minutes on two CPUs) and cached in
# /var/cache/aether/debug-kernel.  At the end of the guest run aether is
# removed and kmemleak scanned.  Fails if a suite fails or if the kernel log
# shows any KASAN, KFENCE, lockdep, debug-objects, list-debugging or
# atomic-sleep report, BUG, WARNING or Oops, or kmemleak any unreferenced
# object.  Everything is kept in build/debug/: the guest's kernel log as it
# was written (dmesg-follow.txt: nothing lost to the ring buffer's size), the
# suites' output, kmemleak's report.
#
# Environment: VM_TIMEOUT (default 7200 s), DEBUG_VM_MEMORY (3G), and the
# stress knobs of tools/testing/vm/stress.sh (FUZZ_IOCTLS, CYCLES, ...),
# passed to the guest; SKIP_RUN=1 skips run.sh (the stress phases only),
# RUN_SUITES="SUITE..." runs only those suites of run.sh;
# DEBUG_MODULE=FILE tests that aether.ko instead of building one.
set -u
cd "$(dirname "$0")/.."
PROG=check-debug.sh
OUT=build/debug
STRESS_VARS="FUZZ_IOCTLS FUZZ_ROUNDS FUZZ_SECONDS FUZZ_THREADS RMMOD_CYCLES SYSFS_SECONDS
MANY MANY_SECONDS CYCLES SKIP_RUN RUN_SUITES"
# kernel log lines that fail the run
SPLAT='BUG:|WARNING:|Oops|general protection|KASAN|KFENCE|list_add corruption|list_del corruption|ODEBUG|possible circular locking|inconsistent lock state|possible recursive locking|possible irq lock inversion|suspicious RCU usage|lock held when returning|bad unlock balance|sleeping function called from invalid context|hung_task|blocked for more than|kmemleak: [0-9]+ new suspected'

# --- inside the guest --------------------------------------------------------
if [ "${1:-}" = --guest ]; then
	shift
	KL=/sys/kernel/debug/kmemleak
	mkdir -p $OUT
	rm -f $OUT/*.txt $OUT/*.log
	mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
	dmesg -w >$OUT/dmesg-follow.txt 2>&1 &
	dpid=$!
	# leaks from before the tests are not ours
	if [ -w $KL ]; then
		echo scan >$KL
		echo clear >$KL
	fi
	rc=0
	if [ "${SKIP_RUN:-0}" != 1 ]; then
		# shellcheck disable=SC2086
		tools/testing/vm/run.sh ${RUN_SUITES:-} 2>&1 | tee $OUT/run.log
		[ "${PIPESTATUS[0]}" = 0 ] || rc=1
	fi
	tools/testing/vm/stress.sh "$@" 2>&1 | tee $OUT/stress.log
	[ "${PIPESTATUS[0]}" = 0 ] || rc=1
	if grep -q "^aether " /proc/modules; then
		rmmod aether || { echo "FAIL rmmod aether at the end"; rc=1; }
	fi
	if [ -w $KL ]; then
		# an object is reported once it is older than 5 s and a scan
		# finds no reference to it; two scans, as kmemleak's doc advises
		echo scan >$KL
		sleep 6
		echo scan >$KL
		cat $KL >$OUT/kmemleak.txt
		n=$(grep -c 'unreferenced object' $OUT/kmemleak.txt)
		echo "kmemleak after rmmod aether: $n unreferenced objects"
		[ "$n" = 0 ] || head -n 60 $OUT/kmemleak.txt
	else
		echo "FAIL no $KL: not the debug kernel?"
		rc=1
	fi
	sleep 1
	kill $dpid 2>/dev/null
	exit $rc
fi

# --- on the host -------------------------------------------------------------
[ "$(id -u)" = 0 ] || { echo "$PROG: run as root (VM, kernel cache)" >&2; exit 1; }
# virtme-init waits 120 s for udev to settle and then powers the guest off
# if the script's virtio ports have no /dev links yet ("cannot find script
# I/O ports", vng exits 255): the debug kernel's boot misses that on a
# loaded machine.  Run in a private mount namespace where a copy of
# virtme-init that waits longer stands in for it (nothing else sees it).
vinit=$(/usr/bin/python3 -c 'import os, virtme
print(os.path.join(os.path.dirname(virtme.__file__), "guest", "virtme-init"))' 2>/dev/null)
if [ -z "${AETHER_PATIENT_INIT:-}" ] && [ -f "$vinit" ]; then
	mkdir -p $OUT
	sed -e 's/^\( *\)udevadm settle$/\1udevadm settle --timeout=900/' \
		-e 's|^\(if \[\[ -n \${user_cmd} \]\]; then\)$|\1\n    for _ in $(seq 600); do [[ -e /dev/virtio-ports/virtme.dev_stderr ]] \&\& break; sleep 1; done|' \
		"$vinit" >$OUT/virtme-init && chmod +x $OUT/virtme-init &&
		exec env AETHER_PATIENT_INIT=1 unshare -m --propagation private \
			sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' - \
			"$PWD/$OUT/virtme-init" "$vinit" "$0" "$@"
fi
scripts/debug-kernel.sh build >/dev/null || exit 1
D=$(scripts/debug-kernel.sh path)
KV=$(scripts/debug-kernel.sh kver)
# DEBUG_MODULE=FILE: that aether.ko (built against the debug kernel), not one
# built from the work tree as it is now
ko=${DEBUG_MODULE:-$(scripts/debug-kernel.sh module)} || exit 1
[ -r "$ko" ] || { echo "$PROG: no module $ko" >&2; exit 1; }
# the host tools; vm.sh's --module needs an ./aether.ko to stand in for (any
# kernel's: the one in the tree is left alone if there is one)
[ -f aether.ko ] || make -s module >/dev/null || { echo "$PROG: make module failed" >&2; exit 1; }
make -s tools vmtests golden >/dev/null || { echo "$PROG: make failed" >&2; exit 1; }
mkdir -p $OUT
env=()
for v in $STRESS_VARS; do
	[ -z "${!v:-}" ] || env+=("$v=${!v}")
done
rc=0
AETHER_CACHE=$D VM_TIMEOUT=${VM_TIMEOUT:-7200} scripts/vm.sh --kernel "$KV" --module "$ko" \
	--memory "${DEBUG_VM_MEMORY:-3G}" -- env "${env[@]}" scripts/check-debug.sh --guest "$@" ||
	rc=1

log=$OUT/dmesg-follow.txt
fail=0
if [ ! -s "$log" ]; then
	echo "$PROG: no guest kernel log ($log)" >&2
	fail=1
elif grep -Eq "$SPLAT" "$log"; then
	echo "$PROG: the debug kernel reported:" >&2
	grep -En "$SPLAT" "$log" | head -n 40 >&2
	fail=1
fi
# grep -c prints 0 (and fails) on an empty report: one number either way
leaks=$(grep -c 'unreferenced object' $OUT/kmemleak.txt 2>/dev/null)
leaks=${leaks:-0}
if [ "$leaks" != 0 ]; then
	echo "$PROG: kmemleak: $leaks unreferenced objects ($OUT/kmemleak.txt)" >&2
	fail=1
fi
grep -h '^RESULT' $OUT/run.log $OUT/stress.log 2>/dev/null | sed 's/^/  /'
echo "RESULT debug-kernel-log passed=$((1 - fail)) failed=$fail kernel=$KV kmemleak=$leaks"
[ "$fail" = 0 ] && [ "$rc" = 0 ] && echo "RESULT check-debug passed=1 failed=0" && exit 0
echo "RESULT check-debug passed=0 failed=1"
exit 1
