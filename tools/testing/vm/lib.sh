# SPDX-License-Identifier: GPL-2.0
# What the VM test scripts share (sourced by run.sh and stress.sh): check
# bookkeeping, sysfs writes by errno, the module's state and null_blk disks
# through configfs.  The caller sets NULLB and RESULT_PREFIX ("vm", "stress").

suite_name="" npass=0 nfail=0 t0=0
begin() { suite_name=$1; npass=0; nfail=0; t0=$SECONDS; echo "=== $RESULT_PREFIX-$suite_name"; }
ok() { echo "ok   $*"; npass=$((npass + 1)); }
bad() { echo "FAIL $*"; nfail=$((nfail + 1)); }
check() {	# check WHAT COMMAND...: passes if COMMAND succeeds
	local what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}
end() {	# end [KEY=VALUE...]: the RESULT line, with extra figures if any
	echo "    ($((SECONDS - t0)) s)"
	echo "RESULT $RESULT_PREFIX-$suite_name passed=$npass failed=$nfail${*:+ $*}"
}

# errno name of writing VALUE to FILE as the calling user ("OK" if it worked)
sysw() {
	local err
	err=$( { printf '%s' "$2" >"$1"; } 2>&1) && { echo OK; return; }
	case $err in
	*"Invalid argument"*) echo EINVAL ;;
	*"No such device"*) echo ENODEV ;;
	*"No such file"*) echo ENOENT ;;
	*"File exists"*) echo EEXIST ;;
	*"Permission denied"*) echo EACCES ;;
	*"Operation not permitted"*) echo EPERM ;;
	*"No space left"*) echo ENOSPC ;;
	*"Numerical result"*) echo ERANGE ;;
	*"Device or resource busy"*) echo EBUSY ;;
	*) echo "OTHER($err)" ;;
	esac
}

loaded() { grep -q "^aether " /proc/modules; }
unload() { ! loaded || rmmod aether; }

# nullb_make NAME [ATTR=VALUE...]: a null_blk disk through configfs (16 TiB,
# no backing memory unless asked: reads return whatever, fast)
nullb_make() {
	local name=$1 kv
	shift
	mkdir "$NULLB/$name" || return 1
	echo 16777216 >"$NULLB/$name/size"
	for kv in "$@"; do
		echo "${kv#*=}" >"$NULLB/$name/${kv%%=*}"
	done
	echo 1 >"$NULLB/$name/power" || return 1
	udevadm settle 2>/dev/null
	[ -b "/dev/$name" ]
}
nullb_remove() {
	[ -d "$NULLB/$1" ] || return 0
	echo 0 >"$NULLB/$1/power"
	rmdir "$NULLB/$1"
}
