#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel module's build checks, for `make check` (checkpatch and sparse
# run in scripts/lint.sh):
#   module-build    `make module` (W=1) builds aether.ko without a warning
#   module-modinfo  license GPL, description, author, version, every
#                   parameter described
set -u
cd "$(dirname "$0")/.."
LOG=build/lint
mkdir -p "$LOG"

result() {	# NAME STATUS
	if [ "$2" = 0 ]; then
		echo "RESULT $1 passed=1 failed=0"
	else
		echo "RESULT $1 passed=0 failed=1"
	fi
}

# a clean build, so every file's warnings show
rm -f aether.ko module/*.o module/core/*.o
make module >"$LOG/module-build.log" 2>&1
rc=$?
grep -E 'warning:|error:|undefined!' "$LOG/module-build.log"
! grep -qE 'warning:|error:|undefined!' "$LOG/module-build.log" && [ $rc = 0 ]
result module-build $?

ok=0
for f in license description author version; do
	[ -n "$(modinfo -F "$f" ./aether.ko 2>/dev/null)" ] || { echo "modinfo: no $f"; ok=1; }
done
[ "$(modinfo -F license ./aether.ko 2>/dev/null)" = GPL ] || { echo "modinfo: license is not GPL"; ok=1; }
params=$(cat module/*.c | grep -c '^module_param')
described=$(modinfo -F parm ./aether.ko 2>/dev/null | grep -c ':.\{10,\}')
[ "$params" = "$described" ] || { echo "modinfo: $described of $params parameters described"; ok=1; }
result module-modinfo $ok
