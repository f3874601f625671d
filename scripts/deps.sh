#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Install everything aether's build, tests, demo and benchmarks need on a
# Debian 12 machine.  Idempotent: installs only what is missing, after an
# `apt-get update`.  virtme-ng is taken from Debian trixie (Architecture: all)
# through a private sources list (scripts/apt-suite.sh, on the system's own
# mirror), so the system's own sources stay bookworm.
set -eu
cd "$(dirname "$0")/.."

PKGS="build-essential bc bison flex kmod cpio xz-utils file udev python3
libelf-dev libssl-dev linux-headers-amd64 linux-image-amd64 linux-source-6.1
qemu-system-x86 qemu-user-static busybox-static
gcc-aarch64-linux-gnu gcc-riscv64-linux-gnu libc6-dev-arm64-cross libc6-dev-riscv64-cross
gcc-i686-linux-gnu libc6-dev-i386-cross
sparse valgrind fio blktrace gnuplot-nox sqlite3 xfsprogs e2fsprogs dmsetup util-linux
python3-argcomplete python3-pkg-resources python3-requests
pahole debootstrap dkms prometheus"
# pahole: 6.12+ headers ship a vmlinux and the module build generates BTF;
# debootstrap: trixie/sid roots for 7.x headers (scripts/kernels.sh);
# dkms: the aether-dkms package test (tools/testing/test_deb.sh)
# prometheus: promtool checks `aetherctl stats --prometheus` (test_aetherctl_cli.sh)
# 32-bit userspace (compat ioctl tests) is built with the i686 cross compiler:
# Debian's gcc-multilib conflicts with the cross compilers and removes them.
VNG_MIN=1.35

[ "$(id -u)" = 0 ] || { echo "deps.sh: run as root (it installs Debian packages)" >&2; exit 1; }
command -v apt-get >/dev/null || { echo "deps.sh: needs a Debian machine (apt-get)" >&2; exit 1; }

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "deps.sh: installing:$missing"
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

have_vng() {
	command -v vng >/dev/null 2>&1 || return 1
	v=$(vng --version 2>/dev/null | awk '{print $2}')
	[ "$(printf '%s\n%s\n' "$VNG_MIN" "$v" | sort -V | head -n1)" = "$VNG_MIN" ]
}

if ! have_vng; then
	echo "deps.sh: installing virtme-ng from Debian trixie"
	scripts/apt-suite.sh trixie apt-get -q download virtme-ng
	deb=$(ls "$(scripts/apt-suite.sh trixie path)"/archives/virtme-ng_*_all.deb | sort -V | tail -n 1)
	dpkg -i "$deb"
	have_vng || { echo "deps.sh: virtme-ng install failed" >&2; exit 1; }
fi
