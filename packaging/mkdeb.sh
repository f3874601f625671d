#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# packaging/mkdeb.sh [OUTDIR]   (make deb)
#
# Build, offline and with dpkg-deb only, into OUTDIR (default build/deb):
#   aether-dkms_VERSION_all.deb    the module's sources in /usr/src/aether-VERSION
#                                  with dkms.conf; installing it builds aether.ko
#                                  for every installed kernel's headers, and
#                                  DKMS rebuilds it for each kernel installed later
#   aether-tools_VERSION_ARCH.deb  aetherctl in /usr/sbin, its man page and
#                                  bash completion; attaching the disks of
#                                  /etc/aether/disks at boot and hotplug (udev
#                                  rule 90-aether.rules, aether-attach.service);
#                                  aether-prometheus.timer refreshing node_exporter's
#                                  /var/lib/prometheus/node-exporter/aether.prom
# VERSION is AETHER_VERSION in module/aether.h.  aetherctl is built with the
# Makefile (build/aetherctl) when out of date.
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-build/deb}
STAGE=build/deb-stage
MAINT=${DEB_MAINTAINER:-aether maintainers <aether@localhost>}

version=$(sed -n 's/^#define AETHER_VERSION[ \t]*"\(.*\)"$/\1/p' module/aether.h)
[ -n "$version" ] || { echo "mkdeb.sh: no AETHER_VERSION in module/aether.h" >&2; exit 1; }
arch=$(dpkg --print-architecture)

rm -rf "$STAGE"
mkdir -p "$OUT" "$STAGE"

# files with no build date or host in them: dpkg-deb sets the times from
# SOURCE_DATE_EPOCH when it is set; the tree's own mode bits are normalised
finish() {	# finish PKGDIR: md5sums, Installed-Size, permissions
	d=$1
	find "$d" -type d -exec chmod 755 {} +
	find "$d" -type f ! -path "$d/DEBIAN/*" -exec chmod 644 {} +
	(cd "$d" && find . -type f ! -path './DEBIAN/*' -printf '%P\n' | LC_ALL=C sort |
		xargs -r md5sum) >"$d/DEBIAN/md5sums"
	chmod 644 "$d/DEBIAN/md5sums"
	size=$(du -k -s --exclude=DEBIAN "$d" | cut -f1)
	sed -i "s/^Installed-Size: .*/Installed-Size: $size/" "$d/DEBIAN/control"
}

copyright() {	# copyright DIR
	mkdir -p "$1"
	cat >"$1/copyright" <<EOF
aether

Copyright: The aether authors
License: GPL-2.0-only

On Debian systems the full text of the GNU General Public License version 2
is in /usr/share/common-licenses/GPL-2.
EOF
}

# ---- aether-dkms
d=$STAGE/aether-dkms
src=$d/usr/src/aether-$version
mkdir -p "$src" "$d/DEBIAN"
cp Kbuild "$src/"
find module include -name '*.[ch]' -exec cp --parents -t "$src" {} +
sed "s/@VERSION@/$version/" packaging/dkms.conf >"$src/dkms.conf"
copyright "$d/usr/share/doc/aether-dkms"
cat >"$d/DEBIAN/control" <<EOF
Package: aether-dkms
Version: $version
Architecture: all
Section: kernel
Priority: optional
Maintainer: $MAINT
Installed-Size: 0
Depends: dkms (>= 2.1.0.0)
Recommends: aether-tools (= $version)
Description: aether: POVM-gated stride prefetching for block devices (DKMS)
 aether watches the reads of the block devices it is attached to, runs a
 fixed-point POVM gate on each disk's recent reads, and reads ahead the
 strided streams Linux readahead does not serve.
 .
 This package builds the aether kernel module with DKMS for every installed
 kernel that has its headers, and again for each kernel installed later.
EOF
cat >"$d/DEBIAN/postinst" <<EOF
#!/bin/sh
set -e
# as dh_dkms does: add, build and install for the installed kernels
if [ "\$1" = configure ]; then
	/usr/lib/dkms/common.postinst aether $version "" "" "\$2"
fi
EOF
cat >"$d/DEBIAN/prerm" <<EOF
#!/bin/sh
set -e
case "\$1" in
remove | upgrade | deconfigure)
	if [ "\$(dkms status -m aether -v $version)" ]; then
		dkms remove -m aether -v $version --all
	fi ;;
esac
EOF
chmod 755 "$d/DEBIAN/postinst" "$d/DEBIAN/prerm"
finish "$d"
dpkg-deb --root-owner-group -Zxz --build "$d" "$OUT/aether-dkms_${version}_all.deb"

# ---- aether-tools
make -s build/aetherctl
d=$STAGE/aether-tools
mkdir -p "$d/DEBIAN" "$d/usr/sbin" "$d/usr/share/man/man8" \
	"$d/usr/share/bash-completion/completions" "$d/lib/udev/rules.d" \
	"$d/lib/systemd/system" "$d/usr/share/doc/aether-tools/examples"
install -m 755 build/aetherctl "$d/usr/sbin/aetherctl"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$d/usr/sbin/aetherctl"
sed "s/@VERSION@/$version/" packaging/aetherctl.8 | gzip -9n >"$d/usr/share/man/man8/aetherctl.8.gz"
cp packaging/aetherctl.bash-completion "$d/usr/share/bash-completion/completions/aetherctl"
cp packaging/90-aether.rules "$d/lib/udev/rules.d/"
cp packaging/systemd/aether-attach.service packaging/systemd/aether-prometheus.service \
	packaging/systemd/aether-prometheus.timer "$d/lib/systemd/system/"
cp packaging/disks.example "$d/usr/share/doc/aether-tools/examples/disks"
copyright "$d/usr/share/doc/aether-tools"
libc=$(dpkg-query -W -f='${Version}' libc6 | sed 's/-[^-]*$//')
cat >"$d/DEBIAN/control" <<EOF
Package: aether-tools
Version: $version
Architecture: $arch
Section: admin
Priority: optional
Maintainer: $MAINT
Installed-Size: 0
Depends: libc6 (>= $libc)
Suggests: aether-dkms (= $version)
Description: aether: POVM-gated stride prefetching for block devices (tools)
 aether watches the reads of the block devices it is attached to, runs a
 fixed-point POVM gate on each disk's recent reads, and reads ahead the
 strided streams Linux readahead does not serve.
 .
 This package holds aetherctl, which attaches aether to disks, tunes it and
 shows its counters and decisions; a udev rule and aether-attach.service that
 attach the disks listed in /etc/aether/disks at boot and when they appear;
 and aether-prometheus.timer, which keeps aether's counters in node_exporter's
 textfile directory.
EOF
# as dh_installsystemd would: enabled on first install (both are inert until
# /etc/aether/disks or /var/lib/prometheus/node-exporter exists), started
# when systemd runs; udev reloads its rules
units="aether-attach.service aether-prometheus.timer"
cat >"$d/DEBIAN/postinst" <<EOF
#!/bin/sh
set -e
if [ "\$1" = configure ] || [ "\$1" = abort-upgrade ]; then
	if command -v deb-systemd-helper >/dev/null; then
		for u in $units; do
			if [ -z "\$2" ] || deb-systemd-helper --quiet was-enabled "\$u"; then
				deb-systemd-helper enable "\$u" >/dev/null || true
			else
				deb-systemd-helper update-state "\$u" >/dev/null || true
			fi
		done
	fi
	if [ -d /run/systemd/system ]; then
		systemctl --system daemon-reload >/dev/null || true
		deb-systemd-invoke start aether-prometheus.timer >/dev/null || true
	fi
	if command -v udevadm >/dev/null; then
		udevadm control --reload-rules >/dev/null 2>&1 || true
	fi
fi
EOF
cat >"$d/DEBIAN/prerm" <<EOF
#!/bin/sh
set -e
if [ "\$1" = remove ] && [ -d /run/systemd/system ]; then
	deb-systemd-invoke stop aether-prometheus.timer aether-prometheus.service >/dev/null || true
fi
EOF
cat >"$d/DEBIAN/postrm" <<EOF
#!/bin/sh
set -e
if [ -d /run/systemd/system ]; then
	systemctl --system daemon-reload >/dev/null || true
fi
if [ "\$1" = remove ] && command -v deb-systemd-helper >/dev/null; then
	deb-systemd-helper mask $units >/dev/null || true
fi
if [ "\$1" = purge ] && command -v deb-systemd-helper >/dev/null; then
	deb-systemd-helper purge $units >/dev/null || true
	deb-systemd-helper unmask $units >/dev/null || true
fi
EOF
chmod 755 "$d/DEBIAN/postinst" "$d/DEBIAN/prerm" "$d/DEBIAN/postrm"
finish "$d"
chmod 755 "$d/usr/sbin/aetherctl"
dpkg-deb --root-owner-group -Zxz --build "$d" "$OUT/aether-tools_${version}_${arch}.deb"
rm -rf "$STAGE"
