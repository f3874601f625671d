#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/check-kernels.sh [--no-build] [SUITE...]   (make check-kernels)
#
# The VM suite (tools/testing/vm/run.sh) on every Debian kernel
# scripts/kernels.sh caches (default: all its suites), each with the aether.ko
# scripts/build-kernels.sh built for it, in one virtme-ng boot per kernel.
# Prints build-kernels.sh's RESULT lines, then the VM suite's with the kernel
# in the name: "RESULT vm-<abi>-<suite> passed=N failed=M".  A kernel whose
# module did not build is not booted (its build RESULT already failed).
# Slow under TCG: several minutes per kernel.  --no-build boots the modules
# an earlier scripts/build-kernels.sh left (make check builds every kernel
# first, then boots some).
set -eu
cd "$(dirname "$0")/.."
PROG=check-kernels.sh
LOG=build/check-kernels
mkdir -p "$LOG"

fail=0
if [ "${1:-}" = --no-build ]; then
	shift
else
	scripts/build-kernels.sh "$@" || fail=1
fi
# the userspace helpers the VM suite runs, and an ./aether.ko for vm.sh
# --module to stand in for
make -s tools vmtests golden >"$LOG/make.log" 2>&1 || { echo "$PROG: make tools vmtests golden failed"; tail "$LOG/make.log"; exit 1; }
[ -f aether.ko ] || make -s module >>"$LOG/make.log" 2>&1 || true
[ -f aether.ko ] || { echo "$PROG: no ./aether.ko (make module failed)"; exit 1; }

while read -r suite abi _kdir _root; do
	ko=build/kernels/$abi/aether.ko
	[ -f "$ko" ] || continue
	echo "== $suite $abi"
	rc=0
	scripts/vm.sh --kernel "$abi" --module "$ko" -- tools/testing/vm/run.sh \
		>"$LOG/$abi.log" 2>&1 || rc=$?
	sed -n "s/^RESULT vm-/RESULT vm-$abi-/p" "$LOG/$abi.log"
	if [ "$rc" != 0 ]; then
		fail=1
		grep -q '^RESULT .*failed=[1-9]' "$LOG/$abi.log" ||
			echo "RESULT vm-$abi passed=0 failed=1"
		echo "--- last lines of $LOG/$abi.log:"
		tail -n 25 "$LOG/$abi.log" | sed 's/^/  | /'
	fi
done < <(scripts/kernels.sh list "$@")
exit "$fail"
