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
#                                  bash completion
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
	"$d/usr/share/bash-completion/completions"
install -m 755 build/aetherctl "$d/usr/sbin/aetherctl"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$d/usr/sbin/aetherctl"
sed "s/@VERSION@/$version/" packaging/aetherctl.8 | gzip -9n >"$d/usr/share/man/man8/aetherctl.8.gz"
cp packaging/aetherctl.bash-completion "$d/usr/share/bash-completion/completions/aetherctl"
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
 shows its counters and decisions.
EOF
finish "$d"
chmod 755 "$d/usr/sbin/aetherctl"
dpkg-deb --root-owner-group -Zxz --build "$d" "$OUT/aether-tools_${version}_${arch}.deb"
rm -rf "$STAGE"
