#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# `make install` into a staging DESTDIR, then the documented Quick Start is
# built against the installed header and library only, and run.
set -eu
cd "$(dirname "$0")/../.."
stage=build/stage
rm -rf "$stage"
make -s install DESTDIR="$PWD/$stage" PREFIX=/usr
for f in usr/lib/libaether.a usr/include/aether/povm.h usr/include/aether/fixp.h \
	usr/include/aether/types.h usr/include/aether/decimal.h usr/bin/aether-sim usr/bin/aether-bench; do
	[ -f "$stage/$f" ] || { echo "FAIL: make install did not install /$f"; exit 1; }
done
${CC:-cc} -Wall -Wextra -Werror -I"$stage/usr/include" -o build/quickstart \
	Documentation/examples/quickstart.c -L"$stage/usr/lib" -laether
out=$(build/quickstart)
echo "$out"
# the stride stream is what the gate fires on: most cycles prefetch
echo "$out" | grep -Eq '^(PREFETCH|defer)' || { echo "FAIL: no decision line"; exit 1; }
echo "$out" | grep -Eq '^cycles=1001 prefetches=(9[0-9][0-9]|1000|1001) ratio=0\.9' ||
	{ echo "FAIL: strided stream not gated to prefetch"; exit 1; }
echo "$out" | grep -q '^after reset: cycles=0$' || { echo "FAIL: reset"; exit 1; }
