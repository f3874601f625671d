#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/vm.sh [--kernel VERSION] [--module FILE] [--cpus N] [--memory SIZE] [--icount] [--qemu-opts STRING] -- COMMAND...
#
# Boot a Debian kernel in a virtme-ng VM (qemu TCG: nested KVM hangs on the
# machines this was built on), run COMMAND there as root from the project
# directory, and exit with COMMAND's status.  The host filesystem is the
# guest's (read-only), with build/ writable so tests can leave logs.
#
# VERSION defaults to the kernel whose headers the module is built against
# (KDIR, as in the Makefile), or AETHER_KVER.  A VERSION (or a suite name,
# e.g. trixie) without /boot/vmlinuz-VERSION is looked up among the kernels
# scripts/kernels.sh caches, /var/cache/aether/kernels/VERSION/boot/vmlinuz-*
# (AETHER_CACHE): virtme-ng finds that image's lib/modules/VERSION next to it
# and links it into the guest's /lib/modules, so modprobe works there.
# --module FILE puts FILE in place of ./aether.ko inside the guest (a bind
# mount; ./aether.ko must exist): the VM suite then loads the aether.ko
# built for that kernel (scripts/build-kernels.sh leaves it in
# build/kernels/VERSION/aether.ko).  The run fails loudly, printing the guest's
# kernel log, if that log shows BUG:, WARNING:, Oops, general protection,
# KASAN or list_del corruption, or if the aether module is still loaded at
# the end and cannot be removed.  VM_TIMEOUT (seconds, default 1500) bounds
# the whole run.  --icount runs qemu with -icount shift=2: guest time is
# instructions x 4 ns (use it with --cpus 1, for CPU-cost benchmarks).
# --qemu-opts STRING adds STRING to qemu's command line (through vng's
# --qemu-opts, after --icount's; vng hands it to a shell, which splits it
# at blanks); repeated, the strings are joined.  scripts/prof-guest.sh
# loads a TCG plugin with it.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
PROG=vm.sh

usage() {
	echo "usage: scripts/vm.sh [--kernel VERSION] [--module FILE] [--cpus N] [--memory SIZE] [--icount] [--qemu-opts STRING] -- COMMAND..." >&2
	exit 2
}

kernel=${AETHER_KVER:-}
module=""
cpus=2
memory=2G
icount=0
qemu_opts=""
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) [ $# -ge 2 ] || usage; kernel=$2; shift 2 ;;
	--module) [ $# -ge 2 ] || usage; module=$2; shift 2 ;;
	--cpus) [ $# -ge 2 ] || usage; cpus=$2; shift 2 ;;
	--memory) [ $# -ge 2 ] || usage; memory=$2; shift 2 ;;
	--icount) icount=1; shift ;;
	--qemu-opts) [ $# -ge 2 ] || usage; qemu_opts="${qemu_opts:+$qemu_opts }$2"; shift 2 ;;
	--) shift; break ;;
	*) usage ;;
	esac
done
[ $# -gt 0 ] || usage

if [ -z "$kernel" ]; then
	kdir=${KDIR:-}
	if [ -z "$kdir" ]; then
		kdir=/lib/modules/$(uname -r)/build
		[ -d "$kdir" ] || kdir=$(ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -n 1)
	fi
	# Debian's kernel.release holds the upstream version; UTS_RELEASE is
	# the name /boot and /lib/modules use
	kernel=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
		"$kdir/include/generated/utsrelease.h" 2>/dev/null)
	[ -n "$kernel" ] || kernel=$(basename "$(dirname "$kdir")")
fi
vmlinuz=/boot/vmlinuz-$kernel
cached=${AETHER_CACHE:-/var/cache/aether}/kernels/$kernel
extra=()
if [ ! -r "$vmlinuz" ] && [ -d "$cached" ]; then
	# a suite name is a link to its kernel's directory
	cached=$(readlink -f "$cached")
	kernel=$(basename "$cached")
	vmlinuz=$cached/boot/vmlinuz-$kernel
	# virtme-init puts a tmpfs on /var/cache: show the guest this kernel's
	# tree again, where its /lib/modules/VERSION link points
	extra=(--rodir="$cached=$cached")
fi
if [ ! -r "$vmlinuz" ]; then
	echo "$PROG: no $vmlinuz (scripts/deps.sh installs linux-image-amd64;" \
		"scripts/kernels.sh fetches other Debian kernels)" >&2
	exit 2
fi
if [ -n "$module" ]; then
	module=$(readlink -f "$module")
	[ -r "$module" ] || { echo "$PROG: no module $module" >&2; exit 2; }
	[ -f "$ROOT/aether.ko" ] ||
		{ echo "$PROG: --module needs an ./aether.ko to stand in for (make module)" >&2; exit 2; }
fi
command -v vng >/dev/null || { echo "$PROG: virtme-ng (vng) missing: run scripts/deps.sh" >&2; exit 2; }

mkdir -p build/vm
run=$(mktemp -d "$ROOT/build/vm/run.XXXXXX")
trap 'rm -rf "$run"' EXIT

limit=${VM_TIMEOUT:-1500}
# The guest side: COMMAND, then unload aether, then save the kernel log.  A
# watchdog dumps the blocked tasks and the kernel log shortly before the
# host gives up, so a hung guest still says where it hung.
{
	echo '#!/bin/bash'
	printf 'cd %q || exit 99\n' "$ROOT"
	if [ -n "$module" ]; then
		printf 'mount --bind %q %q/aether.ko || exit 98\n' "$module" "$ROOT"
	fi
	printf '( sleep %d; echo w > /proc/sysrq-trigger; sleep 2; dmesg > %q/dmesg-hung ) &\n' \
		$((limit > 120 ? limit - 60 : limit / 2)) "$run"
	echo 'watchdog=$!'
	printf '%q ' "$@"
	echo
	echo 'rc=$?'
	echo 'kill $watchdog 2>/dev/null'
	echo 'unload=ok'
	echo 'if grep -q "^aether " /proc/modules; then'
	echo '	rmmod aether || unload=failed'
	echo 'fi'
	printf 'dmesg > %q/dmesg\n' "$run"
	printf 'echo "$rc $unload" > %q/status\n' "$run"
	echo 'exit $rc'
} >"$run/guest.sh"
chmod +x "$run/guest.sh"

# qemu reopens /proc/self/fd/1 for each guest output port: were that a
# regular file, the ports would overwrite each other from offset 0, so the
# output always goes through a pipe.  vng runs in its own process group: on timeout the whole group goes,
# qemu included (killing vng alone leaves qemu running).
# --icount: guest time follows instructions executed (4 ns each), so a
# benchmark's rates measure CPU cost, free of host load (scripts/bench-cost.sh)
[ "$icount" = 0 ] || extra+=(--qemu-opts='-icount shift=2')
[ -z "$qemu_opts" ] || extra+=(--qemu-opts="$qemu_opts")
setsid vng --run "$vmlinuz" --disable-kvm --user root --cpus "$cpus" \
	--memory "$memory" --rwdir="$ROOT/build=$ROOT/build" "${extra[@]}" --exec "$run/guest.sh" \
	</dev/null > >(cat) 2>&1 &
vng_pid=$!
# The killer holds none of our output open, and its sleep goes with it: a
# leftover sleep would keep a pipe from vm.sh open for the whole timeout.
( sleep "$limit"; kill -TERM -- -"$vng_pid" 2>/dev/null; sleep 10;
  kill -KILL -- -"$vng_pid" 2>/dev/null ) </dev/null >/dev/null 2>&1 &
killer=$!
wait "$vng_pid"
vng_rc=$?
killer_sleep=$(pgrep -P "$killer")
kill "$killer" $killer_sleep 2>/dev/null
wait "$killer" 2>/dev/null

if [ ! -r "$run/status" ]; then
	echo "$PROG: the guest did not finish (vng exit $vng_rc)" >&2
	if [ -r "$run/dmesg-hung" ]; then
		echo "$PROG: ---- guest dmesg before the timeout ----" >&2
		tail -n 300 "$run/dmesg-hung" >&2
		echo "$PROG: ---- end of guest dmesg ----" >&2
	fi
	exit 1
fi
read -r rc unload <"$run/status"
fail=0
if [ "$unload" != ok ]; then
	echo "$PROG: the aether module could not be removed at the end" >&2
	fail=1
fi
splat='BUG:|WARNING:|Oops|general protection|KASAN|list_del corruption'
if grep -Eq "$splat" "$run/dmesg"; then
	echo "$PROG: the guest kernel log shows a splat:" >&2
	grep -En "$splat" "$run/dmesg" | head -n 20 >&2
	fail=1
fi
if [ "$fail" != 0 ]; then
	echo "$PROG: ---- guest dmesg ----" >&2
	cat "$run/dmesg" >&2
	echo "$PROG: ---- end of guest dmesg ----" >&2
	[ "$rc" != 0 ] && exit "$rc"
	exit 1
fi
exit "$rc"
