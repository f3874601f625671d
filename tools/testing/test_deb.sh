#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/testing/test_deb.sh: the Debian packages of `make deb`.
#
#   deb-build     packaging/mkdeb.sh builds aether-dkms and aether-tools
#   deb-info      dpkg-deb --info/--contents: names, version (AETHER_VERSION),
#                 dkms.conf (AUTOINSTALL, version), the module's sources,
#                 aetherctl, man page (renders without warnings), completion,
#                 udev rule, systemd units, example /etc/aether/disks
#   deb-install   on this machine (root, Debian's dkms): both packages
#                 install; `dkms status` shows aether built and installed
#                 for the system's 6.1 headers and for bookworm-backports'
#                 6.12 headers (installed from scripts/kernels.sh's cached
#                 .debs for the test, with their image, and purged after),
#                 each module signed with DKMS's MOK key
#   deb-vm        a VM of the 6.1 kernel: `modprobe aether` loads the
#                 DKMS-built module (AETHER_DEB_VM=0 skips it)
#   deb-remove    purging leaves no /usr/src/aether-*, no DKMS tree, no module
#
# The machine is left as it was: the packages, and the 6.12 kernel if the
# test installed it, are purged at the end (also on failure).
set -eu
cd "$(dirname "$0")/../.."
OUT=build/deb-test
pass=0
fail=0

result() {	# result NAME STATUS
	if [ "$2" = 0 ]; then
		pass=$((pass + 1))
		echo "RESULT $1 passed=1 failed=0"
	else
		fail=$((fail + 1))
		echo "RESULT $1 passed=0 failed=1"
	fi
}
check() {	# check WHAT COMMAND...: quiet on success
	if ! "${@:2}" >/dev/null 2>&1; then
		echo "FAIL: $1"
		return 1
	fi
}

[ "$(id -u)" = 0 ] || { echo "test_deb.sh: run as root (it installs packages)" >&2; exit 1; }
version=$(sed -n 's/^#define AETHER_VERSION[ \t]*"\(.*\)"$/\1/p' module/aether.h)
arch=$(dpkg --print-architecture)
dkms_deb=$OUT/aether-dkms_${version}_all.deb
tools_deb=$OUT/aether-tools_${version}_${arch}.deb

installed_kernel_pkgs=""
cleanup() {
	dpkg -P aether-dkms aether-tools >/dev/null 2>&1 || true
	if [ -n "$installed_kernel_pkgs" ]; then
		# shellcheck disable=SC2086
		dpkg -P $installed_kernel_pkgs >/dev/null 2>&1 || true
		installed_kernel_pkgs=""
	fi
}
trap cleanup EXIT

# ---- build
rm -rf "$OUT"
st=0
packaging/mkdeb.sh "$OUT" || st=1
[ -f "$dkms_deb" ] && [ -f "$tools_deb" ] || st=1
result deb-build $st
[ $st = 0 ] || exit 1

# ---- dpkg-deb --info / --contents
st=0
field() { dpkg-deb -f "$1" "$2"; }
[ "$(field "$dkms_deb" Package)" = aether-dkms ] || { echo "FAIL: dkms package name"; st=1; }
[ "$(field "$dkms_deb" Version)" = "$version" ] || { echo "FAIL: dkms version"; st=1; }
[ "$(field "$dkms_deb" Architecture)" = all ] || { echo "FAIL: dkms arch"; st=1; }
field "$dkms_deb" Depends | grep -q '^dkms' || { echo "FAIL: aether-dkms does not depend on dkms"; st=1; }
[ "$(field "$tools_deb" Package)" = aether-tools ] || { echo "FAIL: tools package name"; st=1; }
[ "$(field "$tools_deb" Version)" = "$version" ] || { echo "FAIL: tools version"; st=1; }
check "dpkg-deb --info" dpkg-deb --info "$dkms_deb" || st=1
contents=$(dpkg-deb --contents "$dkms_deb" | awk '{print $NF}')
src=./usr/src/aether-$version
for f in dkms.conf Kbuild module/aether_main.c module/aether.h module/core/povm.c \
	include/uapi/linux/aether.h include/aether/povm.h; do
	echo "$contents" | grep -qx "$src/$f" || { echo "FAIL: aether-dkms lacks /${src#./}/$f"; st=1; }
done
# every object Kbuild names has its source in the package
for o in $(grep -o 'module/[a-z_/]*\.o' Kbuild | sed 's/\.o$//' | sort -u); do
	echo "$contents" | grep -qx "$src/$o.c" || { echo "FAIL: aether-dkms lacks $o.c"; st=1; }
done
echo "$contents" | grep -E '\.(o|ko|cmd)$' && { echo "FAIL: build products in aether-dkms"; st=1; }
x=$(mktemp -d)
dpkg-deb -x "$dkms_deb" "$x/dkms"
dpkg-deb -x "$tools_deb" "$x/tools"
grep -qx 'AUTOINSTALL="yes"' "$x/dkms/usr/src/aether-$version/dkms.conf" ||
	{ echo "FAIL: dkms.conf: AUTOINSTALL"; st=1; }
grep -qx "PACKAGE_VERSION=\"$version\"" "$x/dkms/usr/src/aether-$version/dkms.conf" ||
	{ echo "FAIL: dkms.conf: PACKAGE_VERSION"; st=1; }
grep -qx 'BUILT_MODULE_NAME\[0\]="aether"' "$x/dkms/usr/src/aether-$version/dkms.conf" ||
	{ echo "FAIL: dkms.conf: BUILT_MODULE_NAME"; st=1; }
[ -x "$x/tools/usr/sbin/aetherctl" ] || { echo "FAIL: no /usr/sbin/aetherctl"; st=1; }
"$x/tools/usr/sbin/aetherctl" --version | grep -q "^aetherctl $version" ||
	{ echo "FAIL: aetherctl --version is not $version"; st=1; }
man=$x/tools/usr/share/man/man8/aetherctl.8.gz
if [ -f "$man" ]; then
	w=$(MANWIDTH=80 man --warnings -l "$man" 2>&1 >/dev/null || true)
	[ -z "$w" ] || { echo "FAIL: man page warnings: $w"; st=1; }
	MANWIDTH=80 man -l "$man" 2>/dev/null | grep -q "aetherctl $version\|aether $version" ||
		{ echo "FAIL: man page does not carry the version"; st=1; }
else
	echo "FAIL: no aetherctl.8.gz"; st=1
fi
comp=$x/tools/usr/share/bash-completion/completions/aetherctl
if [ -f "$comp" ]; then
	# the completion offers the commands and a knob's values
	out=$(bash -c ". '$comp'; COMP_WORDS=(aetherctl st); COMP_CWORD=1; _aetherctl;
		echo \"\${COMPREPLY[*]}\"; COMP_WORDS=(aetherctl set policy o); COMP_CWORD=3;
		_aetherctl; echo \"\${COMPREPLY[*]}\"" 2>&1)
	[ "$out" = "$(printf 'stats\noff')" ] || { echo "FAIL: completion: $out"; st=1; }
else
	echo "FAIL: no bash completion"; st=1
fi
for f in lib/udev/rules.d/90-aether.rules lib/systemd/system/aether-attach.service \
	lib/systemd/system/aether-prometheus.service lib/systemd/system/aether-prometheus.timer \
	usr/share/doc/aether-tools/examples/disks; do
	[ -f "$x/tools/$f" ] || { echo "FAIL: aether-tools lacks /$f"; st=1; }
done
rm -rf "$x"
result deb-info $st

# ---- install on this machine
command -v dkms >/dev/null || { echo "FAIL: dkms missing: run scripts/deps.sh"; result deb-install 1; exit 1; }
st=0
abi61=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 | sed -n 's/^linux-headers-\([^ ,]*-amd64\).*/\1/p')
abis=$abi61
# bookworm-backports' 6.12 from the cache of scripts/kernels.sh, as packages
if scripts/kernels.sh fetch bookworm-backports >"$OUT/kernels.log" 2>&1; then
	# shellcheck disable=SC1090,SC1091
	bpo=$(. "$(readlink -f /var/cache/aether/kernels/bookworm-backports)/info"; echo "$ABI $PKGS")
	abi612=${bpo%% *}
	abis="$abis $abi612"
	archives=$(scripts/apt-suite.sh bookworm-backports path)/archives
	debs=""
	names=""
	for p in ${bpo#* }; do
		n=${p%%=*}
		v=${p#*=}
		dpkg-query -W -f='${Status}' "$n" 2>/dev/null | grep -q 'ok installed' && continue
		debs="$debs $(ls "$archives/${n}_${v//:/%3a}_"*.deb)"
		names="$names $n"
	done
	if [ -n "$debs" ]; then
		installed_kernel_pkgs=$names
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive dpkg -i $debs >"$OUT/kernel-install.log" 2>&1 ||
			{ echo "FAIL: installing the 6.12 kernel packages (log: $OUT/kernel-install.log)"; st=1; }
	fi
else
	echo "FAIL: scripts/kernels.sh fetch bookworm-backports (log: $OUT/kernels.log)"
	st=1
fi
DEBIAN_FRONTEND=noninteractive dpkg -i "$dkms_deb" "$tools_deb" >"$OUT/install.log" 2>&1 ||
	{ echo "FAIL: dpkg -i (log: $OUT/install.log)"; tail -n 30 "$OUT/install.log"; st=1; }
dkms status -m aether 2>/dev/null | sed 's/^/  dkms status: /'
for a in $abis; do
	dkms status -m aether -v "$version" -k "$a" 2>/dev/null | grep -q ": installed" ||
		{ echo "FAIL: dkms status: aether $version not installed for $a"; st=1; }
	modinfo -k "$a" -F vermagic aether 2>/dev/null | grep -q "^$a " ||
		{ echo "FAIL: modinfo -k $a aether: not the DKMS module for $a"; st=1; }
	# signed with DKMS's MOK key (Documentation/install.rst, Secure Boot)
	[ "$(modinfo -k "$a" -F signer aether 2>/dev/null)" = "DKMS module signing key" ] ||
		{ echo "FAIL: aether for $a is not signed with DKMS's key"; st=1; }
done
command -v aetherctl >/dev/null || { echo "FAIL: aetherctl not in PATH"; st=1; }
# the units parse, and postinst enabled them (as dh_installsystemd would)
units="aether-attach.service aether-prometheus.service aether-prometheus.timer"
# shellcheck disable=SC2086
out=$(cd /lib/systemd/system && systemd-analyze verify --man=no $units 2>&1) ||
	{ echo "FAIL: systemd-analyze verify: $out"; st=1; }
wants="multi-user.target.wants/aether-attach.service timers.target.wants/aether-prometheus.timer"
for w in $wants; do
	[ -L "/etc/systemd/system/$w" ] || { echo "FAIL: not enabled: $w"; st=1; }
done
result deb-install $st

# ---- in a VM: modprobe loads the DKMS-built module
if [ "${AETHER_DEB_VM:-1}" != 0 ]; then
	st=0
	out=$(VM_TIMEOUT=600 scripts/vm.sh --kernel "$abi61" -- sh -c \
		'modprobe aether && grep "^aether " /proc/modules >/dev/null &&
		 modinfo -F filename aether && cat /sys/kernel/aether/version && rmmod aether' 2>&1) || st=1
	# shellcheck disable=SC2001
	echo "$out" | sed 's/^/  vm: /'
	echo "$out" | grep -q "updates/dkms/aether.ko" || st=1
	echo "$out" | grep -qx "$version" || st=1
	result deb-vm $st
fi

# ---- remove
st=0
dpkg -P aether-dkms aether-tools >"$OUT/remove.log" 2>&1 || { echo "FAIL: dpkg -P"; st=1; }
[ ! -e "/usr/src/aether-$version" ] || { echo "FAIL: /usr/src/aether-$version left"; st=1; }
[ ! -e /var/lib/dkms/aether ] || { echo "FAIL: /var/lib/dkms/aether left"; st=1; }
for a in $abis; do
	[ -z "$(find "/lib/modules/$a" -name 'aether.ko*' 2>/dev/null)" ] ||
		{ echo "FAIL: aether.ko left in /lib/modules/$a"; st=1; }
done
[ ! -e /usr/sbin/aetherctl ] || { echo "FAIL: /usr/sbin/aetherctl left"; st=1; }
for w in $wants; do
	if [ -e "/etc/systemd/system/$w" ] || [ -L "/etc/systemd/system/$w" ]; then
		echo "FAIL: /etc/systemd/system/$w left"
		st=1
	fi
done
result deb-remove $st
cleanup
[ "$(dpkg-query -W -f='${Status}' linux-headers-amd64)" = "install ok installed" ] ||
	echo "WARNING: linux-headers-amd64 is no longer installed"

echo "test_deb: $pass passed, $fail failed"
[ "$fail" = 0 ]
