#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run aether's KUnit suites (kunit/) the way kernel developers run theirs:
# tools/testing/kunit/kunit.py on a User-Mode-Linux build of Debian's
# linux-source-6.1, with aether overlaid as drivers/block/aether/.
#
#   build/kunit/src-<version>/   the tarball unpacked once (never modified)
#   build/kunit/tree-<version>/  scratch copy (hard links to src) + overlay
#   build/kunit/out-<version>/   kunit.py's build dir, kept: reruns are
#                                incremental (~2.5 min cold, seconds warm)
# <version> is the linux-source-6.1 package version; when it changes the
# old directories are removed and the new source is unpacked.
#
# The overlay (scripts/kunit-overlay.sh) links kunit/*, module/core/* and
# include/aether/* from this checkout into drivers/block/aether/, so the core
# compiles from its one source, and hooks that directory into
# drivers/block/Kconfig and Makefile.
#
# Prints kunit.py's results ending in "Testing complete. Ran N tests: ...",
# then "RESULT kunit passed=N failed=M" (test cases).  Exits non-zero on any
# failed or crashed case, a build or boot failure, or a suite of kunit/
# missing from the results.
#
# usage: scripts/kunit.sh [--source LINE] [SUITE_GLOB]
#   SUITE_GLOB e.g. 'aether_povm' or 'aether_fixp.*sin*' (kunit.py's
#   filter_glob: only matching suites must then show up).
#   --source 6.12: another kernel line's linux-source-LINE package, taken
#   from the installed package when there is one, else downloaded (once)
#   from KUNIT_SUITE (default bookworm-backports) through
#   scripts/apt-suite.sh and unpacked with dpkg-deb -x under
#   /var/cache/aether/kunit/LINE/ (AETHER_CACHE), never installed.  Its
#   trees and UML build dir live there too, outside the clone, so reruns from
#   any checkout are warm.  Prints "RESULT kunit-LINE passed=N failed=M".
#   --source 6.1 (the default) is the installed linux-source-6.1, cached in
#   build/kunit/ as before, "RESULT kunit ...".
#
# Environment: KUNIT_TARBALL (default /usr/src/linux-source-6.1.tar.xz),
# KUNIT_JOBS (default nproc), KUNIT_TIMEOUT (seconds, default 300).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
LINE=6.1
if [ "${1:-}" = --source ]; then
	[ $# -ge 2 ] || { echo "usage: $0 [--source LINE] [SUITE_GLOB]" >&2; exit 2; }
	LINE=$2
	shift 2
fi
case $LINE in
[0-9]*.[0-9]*) ;;
*) echo "kunit.sh: --source takes a kernel line such as 6.12" >&2; exit 2 ;;
esac
PKG=linux-source-$LINE
JOBS=${KUNIT_JOBS:-$(nproc 2>/dev/null || echo 2)}
TIMEOUT=${KUNIT_TIMEOUT:-300}
GLOB=${1:-aether_*}
if [ "$LINE" = 6.1 ]; then
	LABEL=kunit
	TARBALL=${KUNIT_TARBALL:-/usr/src/$PKG.tar.xz}
	CACHE=$REPO/build/kunit
else
	LABEL=kunit-$LINE
	TARBALL=/usr/src/$PKG.tar.xz
	CACHE=${AETHER_CACHE:-/var/cache/aether}/kunit/$LINE
fi

fail() {
	echo "kunit.sh: $*" >&2
	echo "RESULT $LABEL passed=0 failed=1"
	exit 1
}

command -v python3 >/dev/null || fail "python3 missing: run scripts/deps.sh"

# The package version names the cache; off Debian, the tarball's size+mtime.
version=$(dpkg-query -W -f='${Version}' "$PKG" 2>/dev/null || true)
if [ "$LINE" != 6.1 ] && [ -z "$version" ]; then
	# not installed: the package from KUNIT_SUITE, unpacked once into
	# $CACHE/deb-VERSION (its stamp written last)
	SUITE=${KUNIT_SUITE:-bookworm-backports}
	mkdir -p "$CACHE"
	version=$(scripts/apt-suite.sh "$SUITE" apt-cache show --no-all-versions "$PKG" 2>/dev/null |
		sed -n 's/^Version: //p' | head -n 1)
	if [ -z "$version" ]; then
		# offline: whatever was unpacked before
		d=""
		for s in "$CACHE"/deb-*/.aether-unpacked; do
			[ -e "$s" ] && d=${s%/.aether-unpacked}
		done
		[ -n "$d" ] || fail "$PKG is in neither this system nor $SUITE"
		version=${d##*/deb-}
	fi
	DEB=$CACHE/deb-$version
	if [ ! -e "$DEB/.aether-unpacked" ]; then
		archives=$(scripts/apt-suite.sh "$SUITE" path)/archives
		file=$archives/${PKG}_${version//:/%3a}_all.deb
		if [ ! -e "$file" ]; then
			echo "kunit.sh: downloading $PKG $version from $SUITE"
			scripts/apt-suite.sh "$SUITE" apt-get -q download "$PKG=$version" >&2 ||
				fail "cannot download $PKG=$version"
			[ -e "$file" ] || fail "no $file after the download"
		fi
		rm -rf "$DEB" "$DEB.tmp"
		mkdir -p "$DEB.tmp"
		dpkg-deb -x "$file" "$DEB.tmp"
		touch "$DEB.tmp/.aether-unpacked"
		mv "$DEB.tmp" "$DEB"
	fi
	TARBALL=$DEB/usr/src/$PKG.tar.xz
	[ -e "$TARBALL" ] || fail "$PKG $version holds no /usr/src/$PKG.tar.xz"
fi
[ -r "$TARBALL" ] || fail "$TARBALL missing: run scripts/deps.sh"
[ -n "$version" ] || version=$(stat -c '%s-%Y' "$TARBALL")
SRC=$CACHE/src-$version
TREE=$CACHE/tree-$version
OUT=$CACHE/out-$version

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9 || fail "cannot lock $CACHE"

for d in "$CACHE"/src-* "$CACHE"/tree-* "$CACHE"/out-* "$CACHE"/modout-* "$CACHE"/deb-*; do
	[ -e "$d" ] || continue
	case "$d" in
	"$SRC" | "$TREE" | "$OUT" | "$CACHE/modout-$version" | "$CACHE/deb-$version") ;;
	*)
		echo "kunit.sh: removing $d (linux-source is now $version)"
		rm -rf "$d"
		;;
	esac
done

# Unpack once; the stamp is written last, so an interrupted unpack is redone.
if [ ! -e "$SRC/.aether-unpacked" ]; then
	echo "kunit.sh: unpacking $TARBALL into $SRC"
	rm -rf "$SRC" "$TREE" "$OUT" "$SRC.tmp"
	mkdir -p "$SRC.tmp"
	tar -xJf "$TARBALL" -C "$SRC.tmp" --strip-components=1
	[ -x "$SRC.tmp/tools/testing/kunit/kunit.py" ] ||
		fail "$TARBALL has no tools/testing/kunit/kunit.py"
	touch "$SRC.tmp/.aether-unpacked"
	mv "$SRC.tmp" "$SRC"
fi

# The scratch tree shares the source's inodes; every file the overlay changes
# is replaced (new inode), never edited in place, so src stays pristine.
if [ ! -e "$TREE/.aether-tree" ]; then
	rm -rf "$TREE"
	cp -al "$SRC" "$TREE.tmp"
	touch "$TREE.tmp/.aether-tree"
	mv "$TREE.tmp" "$TREE"
fi

# replace_if_changed NEW DEST: keeps DEST's mtime when nothing changed so the
# kernel build stays incremental.
replace_if_changed() {
	if cmp -s "$1" "$2"; then
		rm -f "$1"
	else
		rm -f "$2"
		mv "$1" "$2"
	fi
}

BLK=$TREE/drivers/block
grep -q '^endif # BLK_DEV' "$SRC/drivers/block/Kconfig" ||
	fail "drivers/block/Kconfig has no 'endif # BLK_DEV' line"
sed '/^endif # BLK_DEV/i source "drivers/block/aether/Kconfig"\n' \
	"$SRC/drivers/block/Kconfig" >"$BLK/Kconfig.new"
replace_if_changed "$BLK/Kconfig.new" "$BLK/Kconfig"
# shellcheck disable=SC2016 # a make variable, for make
{ cat "$SRC/drivers/block/Makefile"; echo 'obj-$(CONFIG_AETHER_KUNIT_TEST) += aether/'; } \
	>"$BLK/Makefile.new"
replace_if_changed "$BLK/Makefile.new" "$BLK/Makefile"

scripts/kunit-overlay.sh "$BLK/aether"

# Every suite kunit/ defines must show up in the results.
suites=()
while read -r s; do
	# shellcheck disable=SC2053
	[[ $s == ${GLOB%%.*} ]] && suites+=("$s")
done < <(sed -n 's/^[[:space:]]*\.name[[:space:]]*=[[:space:]]*"\(aether_[a-z0-9_]*\)".*/\1/p' \
	"$REPO"/kunit/*_test.c | sort -u)
[ "${#suites[@]}" -gt 0 ] || fail "no suite in kunit/*_test.c matches '$GLOB'"

mkdir -p "$OUT"
rm -f "$OUT/aether-results.json"
rc=0
(cd "$TREE" && python3 tools/testing/kunit/kunit.py run --arch=um \
	--kunitconfig="$REPO/kunit/.kunitconfig" --build_dir="$OUT" \
	--jobs="$JOBS" --timeout="$TIMEOUT" \
	--json="$OUT/aether-results.json" "$GLOB") || rc=$?

[ -s "$OUT/aether-results.json" ] ||
	fail "kunit.py exited $rc without results (build or boot failure, see above)"

python3 - "$OUT/aether-results.json" "$rc" "$LABEL" "${suites[@]}" <<'EOF'
# Counts test cases from kunit.py's JSON and checks every expected suite ran.
import json
import sys

path, rc, label, expected = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
with open(path) as f:
    root = json.load(f)
passed = failed = 0
seen = {}


def walk(group):
    global passed, failed
    for case in group.get("test_cases", []):
        if case["status"] == "PASS":
            passed += 1
        elif case["status"] != "SKIP":
            failed += 1
            print(f"kunit.sh: {group['name']}.{case['name']}: {case['status']}")
    for sub in group.get("sub_groups", []):
        seen[sub["name"]] = len(sub.get("test_cases", []))
        walk(sub)


walk(root)
for name in expected:
    if not seen.get(name):
        print(f"kunit.sh: suite {name} did not run")
        failed += 1
if rc and not failed:
    print(f"kunit.sh: kunit.py exited {rc}")
    failed = 1
print(f"RESULT {label} passed={passed} failed={failed}")
sys.exit(1 if failed else 0)
EOF
