#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/debug-kernel.sh [build|path|kver|module]
#
# A small x86_64 debug kernel from Debian's linux-source-6.1 (the tarball
# scripts/deps.sh installs in /usr/src): virtme-ng's minimal config
# (`vng --kconfig`) plus what the VM tests load (null_blk, loop and dm-mod as
# modules since the tests rmmod/modprobe them with parameters; configfs,
# ext4, xfs built in) and the debugging options that catch the bugs a module
# like aether can have: KASAN (generic, inline), KFENCE, lockdep
# (PROVE_LOCKING), DEBUG_ATOMIC_SLEEP, DEBUG_OBJECTS (work, timers,
# rcu_head), DEBUG_LIST and kmemleak (no automatic scan: the caller scans
# after rmmod).  No debug info, to keep the build short.
#
# Cached outside the clone, in the layout scripts/vm.sh reads:
#   $DK/<pkgver>/src/linux-source-6.1          the built tree (KDIR)
#   $DK/<pkgver>/kernels/<kver>/boot/vmlinuz-<kver>
#   $DK/<pkgver>/kernels/<kver>/lib/modules/<kver>/
#   $DK/<pkgver>/stamp                          config fragment hash: no rebuild
# where DK=/var/cache/aether/debug-kernel (AETHER_DEBUG_CACHE).  Boot it with
#   AETHER_CACHE=$(scripts/debug-kernel.sh path) scripts/vm.sh --kernel $(scripts/debug-kernel.sh kver) ...
#
#   build   (default) build if the stamp is missing or stale; print the cache dir
#   path    the cache dir ($DK/<pkgver>), for AETHER_CACHE
#   kver    the kernel's release string
#   module  aether.ko built (W=1) against the tree, from a scratch copy of the
#           module's sources, into build/debug-kernel/aether.ko
#
# JOBS (default 2) and NICE (default 10) for the kernel build.
set -eu
cd "$(dirname "$0")/.."
REPO=$PWD
PROG=debug-kernel.sh
TARBALL=/usr/src/linux-source-6.1.tar.xz
DK=${AETHER_DEBUG_CACHE:-/var/cache/aether/debug-kernel}
JOBS=${JOBS:-2}
NICE=${NICE:-10}
LOCALVERSION=-aether-debug

pkgver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || true)
[ -n "$pkgver" ] && [ -r "$TARBALL" ] ||
	{ echo "$PROG: no linux-source-6.1 in /usr/src: run scripts/deps.sh" >&2; exit 2; }
D=$DK/$pkgver
TREE=$D/src/linux-source-6.1

# The fragment merged over vng's minimal config.
fragment() {
	cat <<'FRAG'
CONFIG_LOCALVERSION="-aether-debug"
# CONFIG_LOCALVERSION_AUTO is not set
CONFIG_MODULES=y
CONFIG_MODULE_UNLOAD=y
# CONFIG_MODULE_SIG is not set
# CONFIG_MODVERSIONS is not set
CONFIG_BLOCK=y
CONFIG_BLK_DEV=y
CONFIG_BLK_DEV_NULL_BLK=m
CONFIG_BLK_DEV_LOOP=m
CONFIG_CONFIGFS_FS=y
CONFIG_EXT4_FS=y
CONFIG_XFS_FS=y
CONFIG_MD=y
CONFIG_BLK_DEV_DM=m
CONFIG_TRACEPOINTS=y
CONFIG_FTRACE=y
CONFIG_BLK_DEV_IO_TRACE=y
CONFIG_DEBUG_FS=y
CONFIG_DEBUG_KERNEL=y
CONFIG_KALLSYMS=y
CONFIG_KALLSYMS_ALL=y
CONFIG_DEBUG_INFO_NONE=y
# CONFIG_DEBUG_INFO_BTF is not set
CONFIG_KASAN=y
CONFIG_KASAN_GENERIC=y
CONFIG_KASAN_INLINE=y
CONFIG_KASAN_VMALLOC=y
CONFIG_KFENCE=y
CONFIG_PROVE_LOCKING=y
CONFIG_DEBUG_ATOMIC_SLEEP=y
CONFIG_DEBUG_OBJECTS=y
CONFIG_DEBUG_OBJECTS_FREE=y
CONFIG_DEBUG_OBJECTS_WORK=y
CONFIG_DEBUG_OBJECTS_TIMERS=y
CONFIG_DEBUG_OBJECTS_RCU_HEAD=y
CONFIG_DEBUG_LIST=y
CONFIG_DEBUG_KMEMLEAK=y
CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE=16000
# CONFIG_DEBUG_KMEMLEAK_DEFAULT_OFF is not set
# CONFIG_DEBUG_KMEMLEAK_AUTO_SCAN is not set
CONFIG_DETECT_HUNG_TASK=y
CONFIG_DEFAULT_HUNG_TASK_TIMEOUT=240
FRAG
}

# options that must come out as asked (olddefconfig drops what it cannot do)
REQUIRED="MODULES=y MODULE_UNLOAD=y BLK_DEV_NULL_BLK=m BLK_DEV_LOOP=m CONFIGFS_FS=y
EXT4_FS=y XFS_FS=y BLK_DEV_DM=m BLK_DEV_IO_TRACE=y TRACEPOINTS=y DEBUG_FS=y
KASAN=y KASAN_GENERIC=y KASAN_INLINE=y KFENCE=y PROVE_LOCKING=y DEBUG_ATOMIC_SLEEP=y
DEBUG_OBJECTS=y DEBUG_OBJECTS_WORK=y DEBUG_OBJECTS_TIMERS=y DEBUG_OBJECTS_RCU_HEAD=y
DEBUG_LIST=y DEBUG_KMEMLEAK=y DEBUG_INFO_NONE=y"

stamp_want() {
	{ echo "$pkgver"; fragment; echo "$REQUIRED"; } | sha256sum | cut -c1-16
}

kver() {
	if [ -r "$TREE/include/config/kernel.release" ]; then
		cat "$TREE/include/config/kernel.release"
	else
		echo "${pkgver%%-*}$LOCALVERSION"
	fi
}

fresh() {
	[ -r "$D/stamp" ] && [ "$(cat "$D/stamp")" = "$(stamp_want)" ] &&
		[ -r "$D/kernels/$(kver)/boot/vmlinuz-$(kver)" ]
}

build() {
	if fresh; then
		echo "$PROG: cached: $D (kernel $(kver))" >&2
		return 0
	fi
	[ "$(id -u)" = 0 ] || { echo "$PROG: run as root (writes $DK)" >&2; exit 1; }
	command -v vng >/dev/null || { echo "$PROG: virtme-ng missing: run scripts/deps.sh" >&2; exit 2; }
	mkdir -p "$D"
	exec 9>"$D/.lock"
	flock 9
	fresh && return 0
	local t0=$SECONDS
	rm -f "$D/stamp"
	if [ ! -f "$TREE/Makefile" ]; then
		echo "$PROG: unpacking $TARBALL" >&2
		rm -rf "$D/src"
		mkdir -p "$D/src"
		tar -C "$D/src" -xf "$TARBALL"
	fi
	fragment >"$D/aether-debug.config"
	echo "$PROG: configuring (vng --kconfig + $D/aether-debug.config)" >&2
	(cd "$TREE" && vng --kconfig --config "$D/aether-debug.config") >"$D/config.log" 2>&1 ||
		{ tail -n 30 "$D/config.log" >&2; exit 1; }
	# vng applies its own items after the fragment (among them
	# DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT=y): no debug info wins here, and a
	# last olddefconfig settles dependencies
	"$TREE/scripts/config" --file "$TREE/.config" -d DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT \
		-d DEBUG_INFO_DWARF4 -d DEBUG_INFO_DWARF5 -e DEBUG_INFO_NONE -d DEBUG_INFO
	make -C "$TREE" olddefconfig >>"$D/config.log" 2>&1
	local o miss=""
	for o in $REQUIRED; do
		grep -qx "CONFIG_$o" "$TREE/.config" || miss="$miss $o"
	done
	[ -z "$miss" ] || { echo "$PROG: .config lacks:$miss" >&2; exit 1; }
	echo "$PROG: building $(make -s -C "$TREE" kernelrelease) with -j$JOBS (log: $D/build.log)" >&2
	nice -n "$NICE" make -C "$TREE" -j"$JOBS" bzImage modules >"$D/build.log" 2>&1 ||
		{ tail -n 40 "$D/build.log" >&2; exit 1; }
	local kv
	kv=$(cat "$TREE/include/config/kernel.release")
	rm -rf "$D/kernels"
	mkdir -p "$D/kernels/$kv/boot"
	cp "$TREE/arch/x86/boot/bzImage" "$D/kernels/$kv/boot/vmlinuz-$kv"
	cp "$TREE/.config" "$D/kernels/$kv/boot/config-$kv"
	cp "$TREE/System.map" "$D/kernels/$kv/boot/System.map-$kv"
	make -C "$TREE" INSTALL_MOD_PATH="$D/kernels/$kv" modules_install >>"$D/build.log" 2>&1
	stamp_want >"$D/stamp"
	echo "$PROG: built $kv in $((SECONDS - t0)) s" >&2
	echo "$((SECONDS - t0))" >"$D/build-seconds"
}

# aether.ko against the tree, W=1, from a scratch copy of its sources
module() {
	fresh || build
	local src=$REPO/build/debug-kernel/src log=$REPO/build/debug-kernel/build.log
	rm -rf "$src"
	mkdir -p "$src"
	cp Kbuild "$src/"
	find module include -name '*.[ch]' -print0 | xargs -0 cp --parents -t "$src"
	rm -f "$REPO/build/debug-kernel/aether.ko"
	local rc=0
	make -C "$TREE" M="$src" W=1 -k -j"$JOBS" modules >"$log" 2>&1 || rc=$?
	if [ "$rc" != 0 ] || grep -Eq 'warning:|error:|undefined!|WARNING:' "$log"; then
		grep -E 'warning:|error:|undefined!|WARNING:|Error' "$log" | head -n 40 >&2
		echo "$PROG: aether.ko build against $(kver) failed (log: $log)" >&2
		exit 1
	fi
	cp "$src/aether.ko" "$REPO/build/debug-kernel/aether.ko"
	echo "$REPO/build/debug-kernel/aether.ko"
}

case ${1:-build} in
build) build; echo "$D" ;;
path) echo "$D" ;;
kver) kver ;;
module) module ;;
*) echo "usage: $PROG [build|path|kver|module]" >&2; exit 2 ;;
esac
