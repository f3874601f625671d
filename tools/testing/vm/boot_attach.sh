#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What aether-tools ships for attaching disks at boot and hotplug, and for
# Prometheus, against the real module, inside the VM:
#   scripts/vm.sh -- tools/testing/vm/boot_attach.sh
# Needs `make module tools` on the host first (./aether.ko, build/aetherctl).
#
# The guest's /etc and /usr are the host's, read-only; /run is a tmpfs and
# udevd runs (virtme-init starts it).  So packaging/90-aether.rules goes to
# /run/udev/rules.d/ and the disks file to /run/aether/disks, the rule
# rewritten only in those two paths: /usr/sbin/aetherctl -> build/aetherctl
# --config /run/aether/disks, and its TEST of /etc/aether/disks.  The
# systemd units (no systemd in the guest) are checked by running their
# ExecStart lines with the same rewriting.
#
# A scsi_debug disk stands for a server disk: it has /dev/disk/by-id links
# (null_blk has none).  Checked: loading the module attaches the listed disk
# by its by-id link, with its knobs, and leaves unlisted disks alone; `udevadm
# trigger --action=add` (what boot does) attaches it again; the disk deleted
# and rescanned (hotplug) comes back attached; a null_blk disk created later
# and listed by name is attached when it appears; aether-attach.service's
# command attaches them all; aether-prometheus.service's command writes
# aether.prom, which promtool accepts, with the disks' counters.
# Prints "RESULT vm-boot-attach passed=N failed=M".
set -u
ROOT=$PWD
CTL=$ROOT/build/aetherctl
SYS=/sys/kernel/aether
NULLB=/sys/kernel/config/nullb
W=$ROOT/build/vm/boot-attach
CONF=/run/aether/disks
pass=0
fail=0
t0=$SECONDS

ok() { echo "ok   $*"; pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
check() {	# check WHAT COMMAND...
	local what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}
finish() {
	echo "    ($((SECONDS - t0)) s)"
	echo "RESULT vm-boot-attach passed=$pass failed=$fail"
	[ "$fail" = 0 ]
	exit
}
settle() { udevadm settle --timeout=60 2>/dev/null; }
# shellcheck disable=SC2317 # called through check
attached() { [ -d "$SYS/devices/$1" ]; }
detach_all() {
	local d
	for d in "$SYS"/devices/*; do
		[ -e "$d" ] && echo "${d##*/}" >"$SYS/detach"
	done
}
# the kernel name of a /dev link
kname() { basename "$(readlink -f "$1")"; }

echo "=== vm-boot-attach"
if [ ! -x "$CTL" ] || [ ! -f aether.ko ]; then
	bad "build/aetherctl and ./aether.ko (make module tools)"
	finish
fi
rm -rf "$W"
mkdir -p "$W/textfile"

# --- disks: one with by-id links, one null_blk not listed ---
if ! modprobe scsi_debug dev_size_mb=64 2>"$W/err"; then
	bad "modprobe scsi_debug: $(cat "$W/err")"
	finish
fi
settle
sd=""
for h in /sys/bus/pseudo/drivers/scsi_debug/adapter*/host*; do
	for b in "$h"/target*/*/block/*; do
		[ -e "$b" ] && sd=${b##*/}
	done
done
link=""
for l in /dev/disk/by-id/wwn-* /dev/disk/by-id/scsi-* /dev/disk/by-id/*; do
	[ -L "$l" ] && [ -n "$sd" ] && [ "$(kname "$l")" = "$sd" ] && { link=$l; break; }
done
check "scsi_debug disk $sd has a /dev/disk/by-id link ($link)" test -n "$link"
[ -n "$link" ] || finish
hostdir=$(readlink -f "/sys/block/$sd/device")
scsi_host=$(echo "$hostdir" | sed -n 's|.*/\(host[0-9]*\)/.*|\1|p')

modprobe null_blk nr_devices=0 || { bad "modprobe null_blk"; finish; }
mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
nullb_make() {	# nullb_make NAME: a 1 GiB null_blk disk /dev/NAME
	mkdir "$NULLB/$1" && echo 1024 >"$NULLB/$1/size" && echo 1 >"$NULLB/$1/power"
}
nullb_make nullb0 || { bad "a null_blk disk"; finish; }
settle

# --- the shipped rule and a disks file, where the guest can write ---
mkdir -p /run/aether /run/udev/rules.d
cat >"$CONF" <<EOF
# the test's /etc/aether/disks
$link   policy=stride max_depth=128
nullb1                                 # created later
/dev/disk/by-id/aether-no-such-disk    # not on this machine
EOF
sed -e "s|/usr/sbin/aetherctl attach-configured|$CTL attach-configured --config $CONF|" \
	-e "s|TEST==\"/etc/aether/disks\"|TEST==\"$CONF\"|" \
	packaging/90-aether.rules >/run/udev/rules.d/90-aether.rules
check "the rule, rewritten in its two paths only (2 rules)" \
	test "$(grep -c "RUN+=\"$CTL attach-configured --config $CONF" /run/udev/rules.d/90-aether.rules)" = 2 -a \
	"$(grep -c "TEST==\"$CONF\"" /run/udev/rules.d/90-aether.rules)" = 2 -a \
	"$(diff packaging/90-aether.rules /run/udev/rules.d/90-aether.rules | grep -c '^>')" = 2
udevadm control --reload

# --- boot order 1: disks first, then the module (modules-load.d) ---
insmod ./aether.ko || { bad "insmod aether.ko"; finish; }
settle
check "module load: the listed disk attached by its by-id link ($sd)" attached "$sd"
check "module load: its knobs from the file (policy stride, max_depth 128)" \
	test "$(cat "$SYS/devices/$sd/policy" 2>/dev/null)" = stride -a \
	"$(cat "$SYS/devices/$sd/max_depth" 2>/dev/null)" = 128
check "module load: an unlisted disk left alone (nullb0)" bash -c "! test -d $SYS/devices/nullb0"

# --- boot order 2: the module first, then udev's coldplug (trigger --action=add) ---
detach_all
check "detached" bash -c "! test -d $SYS/devices/$sd"
udevadm trigger --action=add --subsystem-match=block
settle
check "udevadm trigger --action=add: attached again by its link" attached "$sd"
check "udevadm trigger --action=add: knobs again" \
	test "$(cat "$SYS/devices/$sd/policy" 2>/dev/null)" = stride
check "udevadm trigger --action=add: nullb0 still left alone" bash -c "! test -d $SYS/devices/nullb0"

# --- hotplug: the disk goes away and comes back (same by-id link) ---
echo 1 >"/sys/block/$sd/device/delete"
settle
check "disk deleted: its link is gone" bash -c "! test -e $link"
echo "- - -" >"/sys/class/scsi_host/$scsi_host/scan"
settle
if [ -e "$link" ]; then
	sd2=$(kname "$link")
	check "hotplug: the disk back ($sd2), attached by its link" attached "$sd2"
	check "hotplug: its knobs from the file" \
		test "$(cat "$SYS/devices/$sd2/max_depth" 2>/dev/null)" = 128
	sd=$sd2
else
	bad "hotplug: $link back after a rescan of $scsi_host"
fi

# --- hotplug: a new null_blk listed by name ---
nullb_make nullb1 || bad "a second null_blk disk"
settle
check "hotplug: nullb1 (listed by name) attached when it appeared" attached nullb1

# --- the module loaded after the disks, from udev's view: nothing, then all ---
rmmod aether
check "attach-configured DISK without the module: exit 0 (udev)" \
	"$CTL" attach-configured --config "$CONF" "$sd"
insmod ./aether.ko
settle
check "module reloaded: both listed disks attached again" bash -c "test -d $SYS/devices/$sd && test -d $SYS/devices/nullb1"

# --- aether-attach.service's command ---
detach_all
cmd=$(sed -n 's/^ExecStart=//p' packaging/systemd/aether-attach.service)
check "aether-attach.service runs aetherctl attach-configured" test "$cmd" = "/usr/sbin/aetherctl attach-configured"
AETHER_DISKS_CONF=$CONF ${cmd/\/usr\/sbin\/aetherctl/$CTL} >"$W/attach.out" 2>&1
check "aether-attach.service's command: exit 0" test $? = 0
check "aether-attach.service's command: both listed disks attached" \
	bash -c "test -d $SYS/devices/$sd && test -d $SYS/devices/nullb1 && ! test -d $SYS/devices/nullb0"
check "aether-attach.service's command: the missing disk named, skipped" \
	grep -q "aether-no-such-disk: not present, skipped" "$W/attach.out"

# --- Prometheus: aether-prometheus.service's command on the real module ---
# some strided reads so the counters move
for i in $(seq 0 63); do
	dd if="/dev/$sd" of=/dev/null bs=4k count=1 skip=$((i * 16)) iflag=direct 2>/dev/null
done
cmd=$(sed -n 's/^ExecStart=//p' packaging/systemd/aether-prometheus.service)
check "aether-prometheus.service writes the textfile collector's aether.prom" \
	test "$cmd" = "/usr/sbin/aetherctl stats --prometheus --output /var/lib/prometheus/node-exporter/aether.prom"
cmd=${cmd/\/usr\/sbin\/aetherctl/$CTL}
${cmd/\/var\/lib\/prometheus\/node-exporter/$W/textfile}
check "aether-prometheus.service's command: exit 0, aether.prom mode 0644, nothing else" \
	test $? = 0 -a "$(stat -c %a "$W/textfile/aether.prom" 2>/dev/null)" = 644 -a \
	"$(ls "$W/textfile")" = aether.prom
P=$W/textfile/aether.prom
if command -v promtool >/dev/null; then
	promtool check metrics <"$P" >"$W/promtool.out" 2>&1
	check "promtool check metrics: no problem" test $? = 0 -a ! -s "$W/promtool.out"
	[ -s "$W/promtool.out" ] && cat "$W/promtool.out"
else
	bad "promtool in the guest (the host's /usr/bin: scripts/deps.sh installs prometheus)"
fi
reads=$(sed -n "s/^aether_reads_total{disk=\"$sd\"} //p" "$P")
check "aether_reads_total{disk=\"$sd\"} counts the 64 reads (got ${reads:-none})" \
	test "${reads:-0}" -ge 64
check "aether_pages_prefetched_total for both disks" \
	bash -c "grep -q '^aether_pages_prefetched_total{disk=\"$sd\"} [0-9]' $P && grep -q '^aether_pages_prefetched_total{disk=\"nullb1\"} [0-9]' $P"
check "aether_disk_info names $sd's policy from the file" \
	grep -q "^aether_disk_info{disk=\"$sd\",dev=\"[0-9]*:[0-9]*\",policy=\"stride\"," "$P"
check "aether_module_loaded 1" grep -qx "aether_module_loaded 1" "$P"
rmmod aether
"$CTL" stats --prometheus >"$W/unloaded.prom"
check "without the module: aether_module_loaded 0" grep -qx "aether_module_loaded 0" "$W/unloaded.prom"

# --- leave the guest as it was ---
rm -f /run/udev/rules.d/90-aether.rules
udevadm control --reload
for n in nullb1 nullb0; do
	[ -d "$NULLB/$n" ] && { echo 0 >"$NULLB/$n/power"; rmdir "$NULLB/$n"; }
done
rmmod null_blk 2>/dev/null
rmmod scsi_debug 2>/dev/null
finish
