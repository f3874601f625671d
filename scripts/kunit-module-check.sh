#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Check the other way of running the KUnit suites, aether_kunit.ko, where
# Debian's kernel cannot (it has no CONFIG_KUNIT): build a User-Mode Linux
# kernel with KUnit and modules from scripts/kunit.sh's scratch tree, build
# the module against it with `make kunit-module`, boot it with the host's /
# as a read-only hostfs root and insmod the module.  Not part of `make
# check` (a second kernel build, ~6 CPU-minutes cold); reruns are
# incremental.  Prints the module's KTAP results and
# "RESULT kunit-module passed=N failed=M"; non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
CACHE=$REPO/build/kunit
JOBS=${KUNIT_JOBS:-$(nproc 2>/dev/null || echo 2)}

# the scratch tree (with aether's Kconfig overlaid) scripts/kunit.sh keeps
shopt -s nullglob
trees=("$CACHE"/tree-*)
[ ${#trees[@]} -gt 0 ] || { scripts/kunit.sh >/dev/null; trees=("$CACHE"/tree-*); }
tree=${trees[0]}
OUT=$CACHE/modout-${tree##*/tree-}	# removed by kunit.sh with its tree
LOG=$OUT/aether-insmod.log

mkdir -p "$OUT"
cat >"$OUT/aether.kunitconfig" <<'EOF'
CONFIG_KUNIT=y
CONFIG_MODULES=y
CONFIG_MODULE_UNLOAD=y
CONFIG_BLOCK=y
CONFIG_BLK_DEV=y
CONFIG_HOSTFS=y
CONFIG_BINFMT_ELF=y
CONFIG_BINFMT_SCRIPT=y
CONFIG_PROC_FS=y
CONFIG_MAGIC_SYSRQ=y
EOF
(cd "$tree" && python3 tools/testing/kunit/kunit.py build --arch=um \
	--kunitconfig="$OUT/aether.kunitconfig" --build_dir="$OUT" --jobs="$JOBS")
make -s kunit-module KDIR="$OUT" ARCH=um

cat >"$OUT/aether-init.sh" <<EOF
#!/bin/sh
/bin/mount -t proc proc /proc
/sbin/insmod $REPO/build/kunit-module/aether_kunit.ko
echo "insmod: exit status \$?"
echo o >/proc/sysrq-trigger
EOF
chmod +x "$OUT/aether-init.sh"
timeout 300 "$OUT/linux" mem=512M root=/dev/root rootfstype=hostfs rootflags=/ ro \
	init="$OUT/aether-init.sh" con0=fd:0,fd:1 con=null </dev/null >"$LOG" 2>&1 || true

grep -E '^ *(KTAP|# Subtest|1\.\.|(not )?ok |# aether_)|insmod:' "$LOG" || true
pass=$(sed -n 's/^# aether_[a-z_]*: pass:\([0-9]*\).*/\1/p' "$LOG" | paste -sd+ | bc)
fail=$(sed -n 's/^# aether_[a-z_]*: pass:[0-9]* fail:\([0-9]*\).*/\1/p' "$LOG" | paste -sd+ | bc)
suites=$(grep -c '^# aether_[a-z_]*: pass:' "$LOG" || true)
want=$(grep -ho '^[[:space:]]*\.name[[:space:]]*=[[:space:]]*"aether_[a-z0-9_]*"' kunit/*_test.c | wc -l)
[ -n "$pass" ] || pass=0
[ -n "$fail" ] || fail=0
if [ "$suites" != "$want" ] || ! grep -q 'insmod: exit status 0' "$LOG"; then
	echo "kunit-module-check: $suites of $want suites reported; see $LOG" >&2
	fail=$((fail + 1))
fi
echo "RESULT kunit-module passed=$pass failed=$fail"
[ "$fail" = 0 ]
