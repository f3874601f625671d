#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/build-kernels.sh [SUITE...]
#
# Build aether.ko (W=1) against every Debian kernel scripts/kernels.sh
# caches (default: all of its suites), each from a scratch copy of the
# module's sources so no object lands in the source tree.  Kernels whose
# kbuild needs a newer Debian run in their debootstrap'd root (chroot, /proc
# mounted, the kernel cache bind-mounted read-only at the same path).
#
# Kernels whose kbuild runs on this Debian (6.1, 6.12 from bookworm-backports)
# are checked with sparse too (C=2).
# One line per kernel:  RESULT build-<abi> passed=1 failed=0
# A warning, an error or an undefined symbol is a failure (make -k: every
# file's diagnostics show).  Per kernel:
# build/kernels/<abi>/build.log and aether.ko; every diagnostic of every
# kernel, with the kernel it came from: build/kernels/diagnostics.txt.
set -eu
cd "$(dirname "$0")/.."
REPO=$PWD
PROG=build-kernels.sh
CACHE=${AETHER_CACHE:-/var/cache/aether}
OUT=$REPO/build/kernels
JOBS=$(nproc 2>/dev/null || echo 2)
DIAG='warning:|error:|undefined!|WARNING:|^make.*Error'

[ "$(id -u)" = 0 ] || { echo "$PROG: run as root (chroot builds)" >&2; exit 1; }
mkdir -p "$OUT" "$CACHE"
# one run at a time: the build roots' mounts are shared
exec 9>"$CACHE/build-kernels.lock"
flock 9

if ! scripts/kernels.sh fetch "$@" >"$OUT/fetch.log" 2>&1; then
	echo "$PROG: fetching the kernels failed:" >&2
	tail -n 20 "$OUT/fetch.log" >&2
fi

mounts=""
cleanup() {
	local m
	for m in $mounts; do
		umount -l "$m" 2>/dev/null || true
	done
	mounts=""
}
trap cleanup EXIT

# copy_sources DEST: the module's sources only (Kbuild, .c, .h)
copy_sources() {
	rm -rf "$1"
	mkdir -p "$1"
	cp Kbuild "$1/"
	find module include -name '*.[ch]' -print0 | xargs -0 cp --parents -t "$1"
}

# mount_root R: /proc, /dev and the kernel cache inside the build root
mount_root() {
	local R=$1
	if ! mountpoint -q "$R/proc"; then
		mount -t proc proc "$R/proc"
		mounts="$R/proc $mounts"
	fi
	if ! mountpoint -q "$R/dev"; then
		mount --bind /dev "$R/dev"
		mounts="$R/dev $mounts"
	fi
	mkdir -p "$R$CACHE/kernels"
	if ! mountpoint -q "$R$CACHE/kernels"; then
		mount --bind "$CACHE/kernels" "$R$CACHE/kernels"
		mounts="$R$CACHE/kernels $mounts"
		mount -o remount,bind,ro "$R$CACHE/kernels"
	fi
}

: >"$OUT/diagnostics.txt"
fail=0
built=0
while read -r suite abi kdir root; do
	built=$((built + 1))
	d=$OUT/$abi
	mkdir -p "$d"
	rm -f "$d/aether.ko"
	log=$d/build.log
	if [ "$root" = / ]; then
		src=$d/src
		copy_sources "$src"
		rc=0
		# the kernels bookworm builds natively get sparse as well
		make -C "$kdir" M="$src" W=1 C=2 CHECK="sparse -Wno-decl" -k -j"$JOBS" \
			modules >"$log" 2>&1 || rc=$?
	else
		src=/tmp/aether-build/$abi
		copy_sources "$root$src"
		mount_root "$root"
		rc=0
		chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
			make -C "$kdir" M="$src" W=1 -k -j"$JOBS" modules >"$log" 2>&1 || rc=$?
		src=$root$src
	fi
	[ ! -f "$src/aether.ko" ] || cp "$src/aether.ko" "$d/aether.ko"
	diags=$(grep -E "$DIAG" "$log" || true)
	echo "== $suite $abi (make exit $rc) $([ "$root" = / ] || echo "in $root")"
	if [ -n "$diags" ]; then
		echo "$diags" | head -n 40
		{ echo "== $suite $abi"; echo "$diags"; } >>"$OUT/diagnostics.txt"
	fi
	if [ "$rc" = 0 ] && [ -z "$diags" ] && [ -f "$d/aether.ko" ]; then
		echo "RESULT build-$abi passed=1 failed=0"
	else
		echo "RESULT build-$abi passed=0 failed=1"
		fail=1
	fi
done < <(scripts/kernels.sh list "$@")
cleanup

if [ "$built" = 0 ]; then
	echo "$PROG: no kernel fetched (log: $OUT/fetch.log)" >&2
	echo "RESULT build-kernels passed=0 failed=1"
	exit 1
fi
exit "$fail"
