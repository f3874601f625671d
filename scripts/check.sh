#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make check`: every suite, in order, each logged to build/check/<suite>.log.
# A suite reports itself with lines "RESULT <name> passed=N failed=M"; a suite
# that exits non-zero without reporting a failure counts as one failure.
# Ends with the one summary line "N passed, N failed"; non-zero if any failed.
set -u
cd "$(dirname "$0")/.."
LOG=build/check
mkdir -p "$LOG"
JOBS=$(nproc 2>/dev/null || echo 2)
total_pass=0
total_fail=0

run() {			# run NAME COMMAND...
	local name=$1 rc p f line got=0 suite_fail=0
	shift
	echo "=== $name: $*"
	"$@" >"$LOG/$name.log" 2>&1
	rc=$?
	while read -r line; do
		p=$(sed -n 's/.*passed=\([0-9]*\).*/\1/p' <<<"$line")
		f=$(sed -n 's/.*failed=\([0-9]*\).*/\1/p' <<<"$line")
		total_pass=$((total_pass + ${p:-0}))
		total_fail=$((total_fail + ${f:-0}))
		suite_fail=$((suite_fail + ${f:-0}))
		got=1
		echo "    $line"
	done < <(grep -a '^RESULT ' "$LOG/$name.log")
	if [ "$got" = 0 ]; then
		if [ "$rc" = 0 ]; then
			total_pass=$((total_pass + 1))
			echo "    RESULT $name passed=1 failed=0"
		else
			total_fail=$((total_fail + 1))
			echo "    RESULT $name passed=0 failed=1"
		fi
	elif [ "$rc" != 0 ] && [ "$suite_fail" = 0 ]; then
		total_fail=$((total_fail + 1))
		echo "    $name exited $rc without reporting a failure: counted as one"
	fi
	if [ "$rc" != 0 ]; then
		echo "    --- last lines of $LOG/$name.log:"
		tail -n 25 "$LOG/$name.log" | sed 's/^/    | /'
	fi
}

run build make -j"$JOBS" lib tools tests vmtests golden workloads
run tables sh -c 'python3 scripts/gen-fixp-tables.py | cmp - module/core/fixp_tables.c'
run fixp build/test_fixp
run golden build/test_golden build/golden
run paths build/test_paths build/golden
run install tools/testing/test_install.sh
run fio-jobs sh -c 'for f in scripts/fio/*.fio; do AETHER_DEV=/dev/null AETHER_RUNTIME=1 fio --parse-only "$f" || exit 1; done'
run sim-cli tools/testing/test_sim_cli.sh build/aether-sim build/golden
run sim-heatmap tools/testing/test_sim_heatmap.sh build/aether-sim
run aetherctl-cli tools/testing/test_aetherctl_cli.sh build/aetherctl
run cross tools/testing/cross.sh
run lint scripts/lint.sh
run predict build/test_predict
run history build/test_history
run kunit-vectors sh -c 'python3 scripts/gen-kunit-fixp-ref.py | cmp - kunit/fixp_ref.h &&
	python3 scripts/gen-kunit-golden.py | cmp - kunit/golden_vectors.h'
run kunit scripts/kunit.sh
# the same suites on the 6.12 line (linux-source-6.12, cached in /var/cache/aether/kunit)
run kunit-6.12 scripts/kunit.sh --source 6.12
run sim build/test_sim
run sim-replay tools/testing/test_sim_replay.sh build
run module-logic build/test_module_logic
run module-lint scripts/module-lint.sh
# one VM boot for every in-kernel test (tools/testing/vm/run.sh)
run vm scripts/vm.sh -- tools/testing/vm/run.sh
# aether-tools' udev rule and units attaching disks by stable id, Prometheus output
run vm-boot-attach scripts/vm.sh -- tools/testing/vm/boot_attach.sh
# the module against every Debian kernel line (headers cached in
# /var/cache/aether), and the VM suite again on 6.12 (bookworm-backports)
run kernels scripts/build-kernels.sh
run vm-6.12 scripts/check-kernels.sh --no-build bookworm-backports
# the DKMS package, installed on this machine and loaded in a VM (last: it
# installs a second kernel's headers for a minute)
run deb tools/testing/test_deb.sh

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
