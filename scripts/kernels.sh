#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/kernels.sh [fetch [SUITE...] | list [SUITE...] | roots]
#
# The Debian kernels aether is built and tested against, cached outside the
# clone under /var/cache/aether (AETHER_CACHE):
#
#   bookworm            the system's own linux-headers-amd64 (scripts/deps.sh)
#   bookworm-backports  6.12, builds natively on bookworm
#   trixie              6.12, kbuild needs trixie's glibc and gcc-14
#   trixie-backports    7.x,  the same
#   sid                 7.x,  kbuild needs sid's glibc and gcc-16
#
# Each suite's version is what its linux-headers-amd64 depends on today (not
# a hard-coded point release).  Its header, kbuild, common and image packages
# (linux-* dependencies, followed) are downloaded through scripts/apt-suite.sh
# and unpacked with dpkg-deb -x into kernels/<abi>/, a small root where
#   usr/src/linux-headers-<abi>   is the KDIR (absolute links and the
#                                 Makefile's include point into this root)
#   boot/vmlinuz-<abi>, lib/modules/<abi>   boot it with scripts/vm.sh
#                                 --kernel <abi> (depmod already run)
# Kernels whose kbuild does not run on bookworm are built in a debootstrap'd
# minbase root, roots/<trixie|sid>/, with the compiler the headers depend on,
# make, libc6-dev, libelf-dev, libssl-dev, zlib1g-dev, pahole, perl, python3,
# bc, bison, flex and kmod.
#
# Everything is stamped: a second run downloads nothing.  AETHER_REFRESH=1
# re-reads the suites' package lists and fetches a newer kernel if there is
# one (old ones stay until removed by hand).
#
#   fetch [SUITE...]  fetch and unpack (default: every suite above)
#   list [SUITE...]   one line per fetched kernel:  SUITE ABI KDIR ROOT
#                     (ROOT is / for the host, else the build root)
#   roots             make the build roots only
set -eu
cd "$(dirname "$0")/.."
PROG=kernels.sh
CACHE=${AETHER_CACHE:-/var/cache/aether}
SUITES="bookworm bookworm-backports trixie trixie-backports sid"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
# the unpacked layout's version: a cached kernel of another layout is
# unpacked again from the cached packages
LAYOUT=2
ROOT_PKGS="make libc6-dev libelf-dev libssl-dev zlib1g-dev pahole perl python3 bc bison flex
kmod cpio xz-utils zstd"

die() { echo "$PROG: $*" >&2; exit 1; }
log() { echo "$PROG: $*" >&2; }

# the build root a suite's kbuild runs in: "/" for bookworm's own
root_of() {
	case $1 in
	bookworm | bookworm-*) echo / ;;
	trixie | trixie-*) echo "$CACHE/roots/trixie" ;;
	sid | unstable) echo "$CACHE/roots/sid" ;;
	*) die "unknown suite $1" ;;
	esac
}

# the ABI name ("6.12.95+deb12-amd64") SUITE's linux-headers-amd64 points at
abi_of() {
	local suite=$1 dep
	if [ "$suite" = bookworm ]; then
		dep=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null) ||
			die "linux-headers-amd64 is not installed: run scripts/deps.sh"
	else
		dep=$(scripts/apt-suite.sh "$suite" apt-cache show --no-all-versions \
			linux-headers-amd64 | sed -n 's/^Depends: //p')
	fi
	dep=$(echo "$dep" | tr ',' '\n' | sed -n 's/^ *linux-headers-\([^ ]*-amd64\).*/\1/p' | head -n 1)
	[ -n "$dep" ] || die "$suite: no linux-headers-amd64 dependency"
	echo "$dep"
}

# "PKG=VERSION" for PKG and every linux-* package it depends on (first
# alternative), linux-base itself excepted; then "gcc=gcc-N", the compiler
# the headers depend on
closure() {
	local suite=$1 todo="$2" seen=" " p rec ver deps d name gcc_dep=""
	while [ -n "$todo" ]; do
		# shellcheck disable=SC2086
		set -- $todo
		p=$1
		shift
		todo="$*"
		case $seen in *" $p "*) continue ;; esac
		seen="$seen$p "
		rec=$(scripts/apt-suite.sh "$suite" apt-cache show --no-all-versions "$p")
		ver=$(echo "$rec" | sed -n 's/^Version: //p' | head -n 1)
		[ -n "$ver" ] || die "$suite: no package $p"
		echo "$p=$ver"
		deps=$(echo "$rec" | sed -n 's/^Depends: //p' | head -n 1)
		while read -r d; do
			name=${d%%|*}
			name=$(echo "$name" | awk '{print $1}')
			case $name in
			linux-base) ;;
			linux-*) todo="$todo $name" ;;
			gcc-[0-9]*) gcc_dep=${name%-for-host} ;;
			esac
		done < <(echo "$deps" | tr ',' '\n')
	done
	echo "gcc=$gcc_dep"
}

# Make absolute links and the headers' Makefile include resolve inside $K.
fix_tree() {
	local K=$1 abi=$2 l t
	while IFS= read -r -d '' l; do
		t=$(readlink "$l")
		case $t in
		/*) ln -sfn "$K$t" "$l" ;;
		esac
	done < <(find "$K" -type l -print0)
	# "include /usr/src/...-common/Makefile", and 7.x's KBUILD_OUTPUT=
	sed -i "s|\([ =]\)/usr/src/|\1$K/usr/src/|g" "$K/usr/src/linux-headers-$abi/Makefile"
}

fetch_suite() {
	local suite=$1 abi K stage pkgs archives p deb root closure_out gcc_dep v
	abi=$(abi_of "$suite")
	K=$CACHE/kernels/$abi
	root=$(root_of "$suite")
	if [ "$suite" = bookworm ]; then
		[ -d "/usr/src/linux-headers-$abi" ] || die "no /usr/src/linux-headers-$abi: run scripts/deps.sh"
		mkdir -p "$CACHE/kernels"
		printf 'SUITE=%s\nABI=%s\nKDIR=%s\nROOT=/\n' "$suite" "$abi" \
			"/usr/src/linux-headers-$abi" >"$CACHE/kernels/bookworm.info"
		log "bookworm: $abi (the system's)"
		return 0
	fi
	if [ "$(head -n 1 "$K/.aether-stamp" 2>/dev/null)" = "layout=$LAYOUT" ]; then
		log "$suite: $abi (cached)"
	else
		log "$suite: fetching $abi"
		closure_out=$(closure "$suite" "linux-headers-$abi linux-image-$abi")
		pkgs=$(echo "$closure_out" | grep -v '^gcc=' | tr '\n' ' ')
		gcc_dep=$(echo "$closure_out" | sed -n 's/^gcc=//p')
		archives=$(scripts/apt-suite.sh "$suite" path)/archives
		# only what an earlier, interrupted run has not downloaded
		local get=""
		for p in $pkgs; do
			v=${p#*=}
			ls "$archives/${p%%=*}_${v//:/%3a}_"*.deb >/dev/null 2>&1 || get="$get $p"
		done
		if [ -n "$get" ]; then
			# shellcheck disable=SC2086
			scripts/apt-suite.sh "$suite" apt-get -q download $get >&2
		fi
		stage=$K.new
		rm -rf "$stage"
		mkdir -p "$stage"
		for p in $pkgs; do
			v=${p#*=}
			deb=$(ls "$archives/${p%%=*}_${v//:/%3a}_"*.deb)
			dpkg-deb -x "$deb" "$stage"
		done
		# merged /usr: the image may ship /usr/lib/modules and the headers
		# /lib/modules/<abi>/build; vng and depmod look in lib/modules
		if [ -d "$stage/usr/lib/modules/$abi" ]; then
			mkdir -p "$stage/lib/modules"
			if [ -d "$stage/lib/modules/$abi" ]; then
				cp -a "$stage/lib/modules/$abi/." "$stage/usr/lib/modules/$abi/"
				rm -rf "$stage/lib/modules/$abi"
			fi
			ln -s "../../usr/lib/modules/$abi" "$stage/lib/modules/$abi"
		fi
		# 7.x ships the image as /usr/lib/modules/<abi>/vmlinuz
		if [ ! -e "$stage/boot/vmlinuz-$abi" ] && [ -e "$stage/usr/lib/modules/$abi/vmlinuz" ]; then
			mkdir -p "$stage/boot"
			ln -s "../usr/lib/modules/$abi/vmlinuz" "$stage/boot/vmlinuz-$abi"
		fi
		rm -rf "$K"
		mv "$stage" "$K"
		fix_tree "$K" "$abi"
		[ -f "$K/usr/src/linux-headers-$abi/Makefile" ] || die "$abi: no headers Makefile"
		[ -e "$K/boot/vmlinuz-$abi" ] || die "$abi: no kernel image"
		depmod -b "$K" "$abi"
		{
			printf 'SUITE=%s\nABI=%s\nKDIR=%s\nROOT=%s\nGCC=%s\n' "$suite" "$abi" \
				"$K/usr/src/linux-headers-$abi" "$root" "$gcc_dep"
			printf 'PKGS="%s"\n' "$pkgs"
		} >"$K/info"
		printf 'layout=%s\n%s\n' "$LAYOUT" "$(date -u +%FT%TZ)" >"$K/.aether-stamp"
	fi
	ln -sfn "$abi" "$CACHE/kernels/$suite"
	# shellcheck disable=SC1091
	[ "$root" = / ] || make_root "$root" "$(. "$K/info"; echo "$GCC")"
}

# make_root DIR GCC: a minbase root of DIR's suite with GCC and ROOT_PKGS
make_root() {
	local R=$1 gcc=$2 suite mirror want have
	suite=$(basename "$R")
	want="${gcc:-gcc} $ROOT_PKGS"
	if [ -f "$R/.aether-stamp" ]; then
		have=$(cat "$R/.aether-stamp")
		local missing="" p
		for p in $want; do
			case " $have " in *" $p "*) ;; *) missing="$missing $p" ;; esac
		done
		[ -n "$missing" ] || return 0
		log "root $suite: adding$missing"
		cp /etc/resolv.conf "$R/etc/resolv.conf"
		# shellcheck disable=SC2086
		chroot "$R" apt-get -q update >&2 &&
			DEBIAN_FRONTEND=noninteractive chroot "$R" apt-get -q install -y \
				--no-install-recommends $missing >&2
		echo "$have$missing" >"$R/.aether-stamp"
		return 0
	fi
	command -v debootstrap >/dev/null || die "debootstrap missing: run scripts/deps.sh"
	mirror=$(scripts/apt-suite.sh "$suite" mirror)
	[ -n "$mirror" ] || die "no Debian mirror in the system's apt sources"
	log "root $suite: debootstrap --variant=minbase ($want)"
	rm -rf "$R.new"
	mkdir -p "$(dirname "$R")"
	debootstrap --variant=minbase --keyring="$KEYRING" \
		--include="$(echo "$want" | tr -s ' \n' ',' | sed 's/,$//')" \
		"$suite" "$R.new" "$mirror" >&2 || die "debootstrap $suite failed (log: $R.new/debootstrap/debootstrap.log)"
	chroot "$R.new" apt-get clean
	rm -rf "$R"
	mv "$R.new" "$R"
	echo " $want " | tr -s ' \n' '  ' >"$R/.aether-stamp"
}

list() {
	local s info
	for s in "$@"; do
		if [ "$s" = bookworm ]; then
			info=$CACHE/kernels/bookworm.info
		else
			info=$CACHE/kernels/$s/info
		fi
		[ -f "$info" ] || continue
		# shellcheck disable=SC1090,SC2153
		(. "$info"; echo "$SUITE $ABI $KDIR $ROOT")
	done
}

[ "$(id -u)" = 0 ] || die "run as root (it writes $CACHE and makes chroots)"
cmd=${1:-fetch}
[ $# = 0 ] || shift
# shellcheck disable=SC2086
[ $# -gt 0 ] || set -- $SUITES
case $cmd in
fetch)
	for s in "$@"; do
		fetch_suite "$s"
	done ;;
list) list "$@" ;;
roots)
	for s in "$@"; do
		[ "$(root_of "$s")" = / ] || fetch_suite "$s"
	done ;;
*) echo "usage: $PROG [fetch [SUITE...] | list [SUITE...] | roots]" >&2; exit 2 ;;
esac
