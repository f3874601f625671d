#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Static checks of the kernel-side C: checkpatch --strict (from Debian's
# linux-source), sparse through the module build when there is a module, and
# no floating point anywhere in the module or the core.
set -u
cd "$(dirname "$0")/.."
B=build/lint
mkdir -p "$B"
pass=0
fail=0

result() {		# result NAME STATUS
	if [ "$2" = 0 ]; then
		pass=$((pass + 1))
		echo "ok   $1"
	else
		fail=$((fail + 1))
		echo "FAIL $1"
	fi
}

tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
cp=$B/$(basename "${tarball:-none}" .tar.xz)/scripts/checkpatch.pl
if [ -n "$tarball" ] && [ ! -f "$cp" ]; then
	src=$(basename "$tarball" .tar.xz)
	tar -xJf "$tarball" -C "$B" "$src/scripts/checkpatch.pl" "$src/scripts/spelling.txt" \
		"$src/scripts/const_structs.checkpatch"
fi
if [ ! -f "$cp" ]; then
	result "checkpatch available (install linux-source via scripts/deps.sh)" 1
else
	files=$(git ls-files 'module/*.c' 'module/*.h' 'include/*.h' 'kunit/*.c' 'kunit/*.h')
	for f in $files; do
		"$cp" --no-tree --strict --quiet --show-types --ignore FILE_PATH_CHANGES \
			-f "$f" >"$B/checkpatch.out" 2>&1
		st=$?
		[ $st = 0 ] || sed 's/^/     | /' "$B/checkpatch.out"
		result "checkpatch $f" $st
	done
fi

# No floating point in anything the kernel compiles.
fp=$(git ls-files 'module/*.c' 'module/*.h' 'include/*.h' |
	xargs grep -nwE 'float|double|long double' /dev/null | grep -v '^\S*:\s*\*' || true)
[ -z "$fp" ] || echo "$fp" | sed 's/^/     | /'
result "no floating point in module/ and include/" "$([ -z "$fp" ]; echo $?)"

if [ -f Kbuild ] && [ -n "$(make -s -f Makefile -pn 2>/dev/null | sed -n 's/^KDIR := //p')" ]; then
	make module C=2 CHECK="sparse -Wno-decl" >"$B/sparse.log" 2>&1
	st=$?
	warn=$(grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error)' "$B/sparse.log" || true)
	[ -z "$warn" ] || echo "$warn" | sed 's/^/     | /'
	result "sparse (make module C=2)" "$([ $st = 0 ] && [ -z "$warn" ]; echo $?)"
fi

echo "RESULT lint passed=$pass failed=$fail"
[ "$fail" = 0 ]
