#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/prof-guest.sh [--policies "POLICY..."] [--runtime SEC] [--reps N]
#                       [--kernel VERSION] [--module FILE] [--top N]
#
# Where aether's cost per read goes, per function: guest-kernel
# instructions per fio read for each policy, counted exactly by a qemu TCG
# plugin (tools/prof/tbcount.c), not sampled.  Each policy and repetition
# boots its own VM (scripts/vm.sh, 1 vCPU, 1G) with the plugin loaded; the
# guest (scripts/prof-guest-guest.sh) runs scripts/bench-cost-guest.sh's
# buffered-rand job (fio psync 4 KiB random buffered reads of a no-latency
# null_blk) and marks a window of RUNTIME s in the middle of it
# (tools/prof/marker.c), at whose edges the plugin dumps its counters.
# scripts/prof-attribute.py charges each block to the function it starts in
# and divides by the reads in the window; the repetitions of a policy are
# pooled.  Policies: the module's (povm, off, ...) or linux (aether not
# loaded); the differences are each policy minus the last one.  The report
# (build/prof/report.txt) gives the totals, every aether function and the
# kernel functions with the largest differences; the raw dumps stay in
# build/prof/out/.  Only kernel-mode instructions are counted; boot,
# fio's start-up and its user space are not.  Run-to-run noise: about
# +-100 instructions per read in the total, mostly < 10 per function.
#
# --module FILE is the aether.ko the guests load (it must be built for the
# guest's kernel); by default the working tree's module/ is built into
# build/prof/mod/ (the tree's own build is left alone) against KDIR as in
# the Makefile, or, with --kernel VERSION, build/kernels/VERSION/aether.ko
# (scripts/build-kernels.sh).
#
# Needs qemu 7.2 (the plugin is written for its plugin API, version 1) and
# libglib2.0-dev.  qemu-plugin.h is taken from Debian's source of the
# installed qemu, fetched once from the system's apt mirror into
# /var/cache/aether/qemu-plugin/VERSION/ (AETHER_CACHE).  A benchmark-side
# tool: without those it says so and exits 1.  About a minute per boot.
set -eu
cd "$(dirname "$0")/.."
ROOT=$PWD
PROG=prof-guest.sh

usage() {
	echo "usage: scripts/prof-guest.sh [--policies \"POLICY...\"] [--runtime SEC] [--reps N]" \
		"[--kernel VERSION] [--module FILE] [--top N]" >&2
	exit 2
}
die() { echo "$PROG: $*" >&2; exit 1; }

policies="povm off" runtime=3 reps=3 kernel="" module="" top=30
while [ $# -gt 0 ]; do
	case $1 in
	--policies) [ $# -ge 2 ] || usage; policies=$2; shift 2 ;;
	--runtime) [ $# -ge 2 ] || usage; runtime=$2; shift 2 ;;
	--reps) [ $# -ge 2 ] || usage; reps=$2; shift 2 ;;
	--kernel) [ $# -ge 2 ] || usage; kernel=$2; shift 2 ;;
	--module) [ $# -ge 2 ] || usage; module=$2; shift 2 ;;
	--top) [ $# -ge 2 ] || usage; top=$2; shift 2 ;;
	*) usage ;;
	esac
done
[ -n "$policies" ] || usage
for n in "$runtime" "$reps" "$top"; do
	case $n in "" | *[!0-9]*) usage ;; esac
done
if [ "$runtime" -eq 0 ] || [ "$reps" -eq 0 ]; then usage; fi

OUT=build/prof
CACHE=${AETHER_CACHE:-/var/cache/aether}

# --- qemu 7.2 and its plugin header ---
command -v qemu-system-x86_64 >/dev/null || die "no qemu-system-x86_64 (scripts/deps.sh)"
qver=$(qemu-system-x86_64 --version |
	sed -n 's/^QEMU emulator version \([0-9]*\.[0-9]*\).*/\1/p')
[ "$qver" = 7.2 ] ||
	die "needs qemu 7.2 (tools/prof/tbcount.c uses its plugin API); this host has ${qver:-an unknown version}"
pkg-config --exists glib-2.0 || die "needs glib's headers: apt-get install libglib2.0-dev"
# the upstream version of the installed qemu's Debian source, e.g. 7.2+dfsg
src=$(dpkg-query -W -f='${source:Upstream-Version}' qemu-system-x86 2>/dev/null) ||
	die "cannot tell which Debian qemu is installed (dpkg-query qemu-system-x86)"
HDR=$CACHE/qemu-plugin/$src/qemu-plugin.h
if [ ! -s "$HDR" ]; then
	codename=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release 2>/dev/null | tr -d '"')
	mirror=$(scripts/apt-suite.sh "${codename:-stable}" mirror 2>/dev/null) || mirror=""
	[ -n "$mirror" ] || die "no Debian mirror in the system's apt sources: cannot fetch qemu-plugin.h"
	url=$mirror/pool/main/q/qemu/qemu_$src.orig.tar.xz
	echo "$PROG: fetching qemu-plugin.h from $url" >&2
	mkdir -p "$(dirname "$HDR")" || die "cannot write $(dirname "$HDR")"
	tmp=$HDR.tmp.$$
	# only the header is kept; the tarball streams through
	if ! (set -o pipefail; curl -sfL "$url" |
		tar -xJO --wildcards '*/include/qemu/qemu-plugin.h' >"$tmp") ||
		! grep -q 'QEMU_PLUGIN_VERSION' "$tmp"; then
		rm -f "$tmp"
		die "cannot fetch qemu-plugin.h for qemu $src from $url"
	fi
	mv "$tmp" "$HDR"
fi

# --- the plugin, the marker and the module, all under build/prof ---
mkdir -p "$OUT/out"
# shellcheck disable=SC2046
gcc -shared -fPIC -O2 -Wall $(pkg-config --cflags glib-2.0) -I"$(dirname "$HDR")" \
	-o "$OUT/tbcount.so" tools/prof/tbcount.c || die "cannot build the plugin"
gcc -O2 -Wall -static -o "$OUT/marker" tools/prof/marker.c || die "cannot build the marker"
if [ -z "$module" ] && [ -n "$kernel" ]; then
	module=build/kernels/$kernel/aether.ko
	[ -r "$module" ] || die "no $module: run scripts/build-kernels.sh or pass --module"
elif [ -z "$module" ]; then
	kdir=${KDIR:-/lib/modules/$(uname -r)/build}
	# shellcheck disable=SC2012
	[ -d "$kdir" ] || kdir=$(ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -n 1)
	[ -n "$kdir" ] || die "no kernel headers: run scripts/deps.sh"
	rm -rf "$OUT/mod"
	mkdir -p "$OUT/mod"
	tar -c Kbuild module include | tar -x -C "$OUT/mod"
	find "$OUT/mod" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' \) -delete
	echo "$PROG: building the tree's module into $OUT/mod ($kdir)" >&2
	make -C "$kdir" M="$ROOT/$OUT/mod" W=1 modules >"$OUT/mod.log" 2>&1 ||
		{ tail -n 30 "$OUT/mod.log" >&2; die "the module build failed ($OUT/mod.log)"; }
	module=$OUT/mod/aether.ko
	export KDIR=$kdir	# vm.sh boots the kernel these headers are for
fi
[ -r "$module" ] || die "no module $module"

# --- one boot per repetition and policy ---
configs=()
for p in $policies; do
	tags=""
	for rep in $(seq 1 "$reps"); do
		tags="$tags${tags:+,}$p.$rep"
	done
	configs+=("$p=$tags")
done
for rep in $(seq 1 "$reps"); do
	# rotated each repetition: no policy always boots first
	# shellcheck disable=SC2086
	set -- $policies
	for _ in $(seq 2 "$rep"); do set -- "${@:2}" "$1"; done
	for p in "$@"; do
		tag=$p.$rep
		rm -f "$OUT/out/"{tb,fio,kallsyms,modules,vm}."$tag"*
		echo "$PROG: $p, repetition $rep" >&2
		st=0
		scripts/vm.sh --cpus 1 --memory 1G ${kernel:+--kernel "$kernel"} --module "$module" \
			--qemu-opts "-plugin file=$ROOT/$OUT/tbcount.so,out=$ROOT/$OUT/out/tb.$tag" -- \
			scripts/prof-guest-guest.sh "$p" "$runtime" "$OUT/out" "$tag" \
			>"$OUT/out/vm.$tag.log" 2>&1 || st=$?
		if [ $st != 0 ] || [ ! -s "$OUT/out/tb.$tag.2" ] || [ ! -s "$OUT/out/kallsyms.$tag" ]; then
			tail -n 40 "$OUT/out/vm.$tag.log" >&2
			die "$p, repetition $rep: the run failed (exit $st; $OUT/out/vm.$tag.log)"
		fi
	done
done

python3 scripts/prof-attribute.py --dir "$OUT/out" --top "$top" "${configs[@]}" >"$OUT/report.txt.new"
mv "$OUT/report.txt.new" "$OUT/report.txt"
cat "$OUT/report.txt"
