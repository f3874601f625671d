#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kunit-overlay.sh DEST: lay out what kunit/Kbuild builds in DEST, as links
# to this checkout (kunit/, module/core/ and include/aether/ keep their
# relative places so the sources' own #include paths work; Kbuild and Kconfig
# at the top).  Used by scripts/kunit.sh (DEST = drivers/block/aether of a
# scratch kernel tree) and `make kunit-module` (DEST = build/kunit-module).
# Old links are replaced, so files removed here leave nothing stale; build
# products in DEST are left alone, and make follows the links, so a rebuild
# recompiles exactly the sources that changed.
set -eu
[ $# = 1 ] || { echo "usage: $0 DEST" >&2; exit 2; }
REPO=$(cd "$(dirname "$0")/.." && pwd)
DEST=$1

mkdir -p "$DEST/kunit" "$DEST/module/core" "$DEST/include/aether"
find "$DEST" -type l -delete
ln -s "$REPO/kunit/Kbuild" "$DEST/Kbuild"
ln -s "$REPO/kunit/Kconfig" "$DEST/Kconfig"
for f in "$REPO"/kunit/*.[ch]; do ln -s "$f" "$DEST/kunit/"; done
for f in "$REPO"/module/core/*.[ch]; do ln -s "$f" "$DEST/module/core/"; done
for f in "$REPO"/include/aether/*.h; do ln -s "$f" "$DEST/include/aether/"; done
