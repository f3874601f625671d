#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The core on the seed's other architectures: cross-compile the conformance
# and math tests for aarch64 and riscv64, run them under qemu-user, and check
# that the core builds without any floating-point or vector registers
# (arm64 -mgeneral-regs-only, x86-64 kernel flags).
set -u
cd "$(dirname "$0")/../.."
B=build/cross
mkdir -p "$B"
CORE="module/core/fixp.c module/core/fixp_tables.c module/core/povm.c module/core/decimal.c module/core/predict.c
module/core/history.c"
pass=0
fail=0

step() {		# step NAME COMMAND...
	local name=$1
	shift
	if "$@" >"$B/$name.log" 2>&1; then
		pass=$((pass + 1))
		echo "ok   $name"
	else
		fail=$((fail + 1))
		echo "FAIL $name"
		tail -n 15 "$B/$name.log" | sed 's/^/     | /'
	fi
}

for arch in aarch64 riscv64; do
	cc=$arch-linux-gnu-gcc
	qemu=qemu-$arch-static
	if ! command -v "$cc" >/dev/null || ! command -v "$qemu" >/dev/null; then
		fail=$((fail + 1))
		echo "FAIL $arch: $cc or $qemu missing (scripts/deps.sh installs them)"
		continue
	fi
	for t in test_golden test_fixp test_predict test_history; do
		step "$arch-build-$t" $cc -O2 -static -Wall -Wextra -Werror -Iinclude \
			-o "$B/$t.$arch" tools/testing/$t.c $CORE -lm
	done
	# golden bounds must hold on every architecture, not just build
	step "$arch-golden" $qemu "$B/test_golden.$arch" build/golden
	step "$arch-fixp" $qemu "$B/test_fixp.$arch"
	step "$arch-predict" $qemu "$B/test_predict.$arch"
	step "$arch-history" $qemu "$B/test_history.$arch"
done

# The kernel forbids FPU/SIMD registers; prove the core needs none.
for f in $CORE; do
	step "x86-64-no-fpu-$(basename "$f" .c)" gcc -O2 -ffreestanding -mno-sse -mno-mmx \
		-mno-80387 -mno-fp-ret-in-387 -msoft-float -fno-pic -mcmodel=kernel -Wall -Werror \
		-Iinclude -c "$f" -o "$B/$(basename "$f" .c).nofpu.o"
	step "arm64-no-fp-$(basename "$f" .c)" aarch64-linux-gnu-gcc -O2 -ffreestanding \
		-mgeneral-regs-only -Wall -Werror -Iinclude -c "$f" -o "$B/$(basename "$f" .c).a64.o"
	step "riscv64-no-fp-$(basename "$f" .c)" riscv64-linux-gnu-gcc -O2 -ffreestanding \
		-march=rv64imac -mabi=lp64 -Wall -Werror -Iinclude -c "$f" -o "$B/$(basename "$f" .c).rv.o"
done

# The kernel links no libgcc: the core may call nothing but its own tables
# and __clzdi2, which the kernel itself provides (lib/clz_ctz.c) where the
# CPU has no count-leading-zeros instruction.  A 128-bit division, for one,
# would need __udivti3 and fail to load.
for o in "$B"/*.nofpu.o "$B"/*.a64.o "$B"/*.rv.o; do
	step "no-libgcc-$(basename "$o")" sh -c "! nm -u '$o' | grep -v -e ' aether_' -e ' __clzdi2$' | grep -q ."
done

echo "RESULT cross passed=$pass failed=$fail"
[ "$fail" = 0 ]
