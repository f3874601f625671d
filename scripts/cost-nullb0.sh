# SPDX-License-Identifier: GPL-2.0
# Sourced inside the VM by scripts/bench-cost-guest.sh and
# scripts/prof-guest-guest.sh: nullb0, a 16 TiB null_blk with no latency
# (irqmode 0, completion_nsec 0), so that a read's time is its CPU path.
cost_nullb0() {
	local nullb=/sys/kernel/config/nullb

	modprobe null_blk nr_devices=0
	mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
	mkdir "$nullb/nullb0"
	echo 16777216 >"$nullb/nullb0/size"	# MiB: reads never repeat a page
	echo 0 >"$nullb/nullb0/irqmode"
	echo 0 >"$nullb/nullb0/completion_nsec"
	echo 1 >"$nullb/nullb0/power"
}
