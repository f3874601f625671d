#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module at work, in a VM (a couple of minutes, most of it the
# VM booting).  A null_blk disk with 50 us completion latency is attached;
# fio reads it sequentially, then strided (4 KiB every 64 KiB), buffered;
# the demo prints decisions as they happen and the disk's counters.
#
# Until the prefetch engine lands, aether decides but does not prefetch:
# the point here is which streams it would act on (strided: nearly every
# read) and which it leaves to Linux's readahead (sequential: almost none).
set -u
cd "$(dirname "$0")/.."

if [ "${1:-}" != --guest ]; then
	make -s module tools >/dev/null || exit 1
	exec scripts/vm.sh -- scripts/demo-vm.sh --guest
fi

CTL=build/aetherctl
SECS=${DEMO_SECONDS:-8}

say() { printf '\n\033[1m%s\033[0m\n' "$*"; }

stat_line() {	# per-second counters while fio runs
	local t=0 r0 p0 r1 p1 prev
	prev=$(cut -d' ' -f1,4 /sys/kernel/aether/devices/nullb0/stat)
	while [ $t -lt "$SECS" ] && kill -0 "$1" 2>/dev/null; do
		sleep 1
		t=$((t + 1))
		read -r r0 p0 <<<"$prev"
		prev=$(cut -d' ' -f1,4 /sys/kernel/aether/devices/nullb0/stat)
		read -r r1 p1 <<<"$prev"
		printf '  t=%2ds  reads/s=%6d  prefetch decisions/s=%6d\n' \
			$t $((r1 - r0)) $((p1 - p0))
	done
}

phase() {	# TITLE FIO-RW
	say "$1"
	"$CTL" watch --nonblock >/dev/null	# start from an empty stream
	fio --name=demo --filename=/dev/nullb0 --rw="$2" --bs=4k --size=32g \
		--ioengine=psync --runtime="$SECS" --time_based --allow_file_create=0 \
		>/tmp/fio.out 2>&1 &
	local fio=$!
	sleep 1
	echo "  first decisions (seq time disk sector sectors decision phi epsilon):"
	"$CTL" watch --count 6 | sed 's/^/    /'
	stat_line $fio
	wait $fio
	echo "  fio: $(grep -m1 -o 'IOPS=[^,]*, BW=[^ ]*' /tmp/fio.out)"
	"$CTL" stats nullb0 | tr ' ' '\n' | grep -E '^(reads|decisions|prefetches|prefetch_ratio|dropped)=' |
		paste -sd' ' | sed 's/^/  counters: /'
}

say "aether $(modinfo -F version ./aether.ko) on $(uname -r), $(nproc) CPUs (qemu TCG)"
insmod ./aether.ko || exit 1
modprobe null_blk nr_devices=1 gb=32 irqmode=2 completion_nsec=50000 || exit 1
udevadm settle 2>/dev/null
"$CTL" attach nullb0 || exit 1
echo "  null_blk nullb0: 32 GiB, 50 us per I/O; attached:"
"$CTL" list | sed 's/^/    /'
echo "  knobs: preset=$("$CTL" get preset) window=$("$CTL" get window) epsilon=$("$CTL" get epsilon)"

phase "Sequential buffered reads: readahead serves them, aether defers" read
"$CTL" detach nullb0 && "$CTL" attach nullb0	# fresh counters
phase "Strided buffered reads (4 KiB every 64 KiB): readahead cannot, aether would prefetch" read:60k

say "Per-device files: /sys/kernel/aether/devices/nullb0/"
for f in dev window preset stat prefetch_ratio cur_epsilon cur_phi; do
	printf '  %-15s %s\n' "$f" "$(cat /sys/kernel/aether/devices/nullb0/$f)"
done
"$CTL" detach nullb0
rmmod aether
say "Done.  (The prefetch engine that acts on these decisions is the next step.)"
