#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Capture real block traces for aether-sim replay: real programs reading an
# ext4 filesystem on a virtio disk inside a virtme-ng VM, recorded with
# blktrace (queue events only) and written as blkparse's default text.
#
#   scripts/capture-trace.sh [--out DIR] [WORKLOAD...]
#
# Workloads (default: all):
#   tar            tar cf - doc | cat >/dev/null  (a copy of /usr/share/doc)
#   sqlite-scan    a full-table scan of a ~300 MiB SQLite database
#   sqlite-lookup  2,000 lookups by an indexed column of the same database
#   grep           grep -r over a source tree (a copy of /usr/include)
# Repeated starts (issue 14): each runs twice, caches dropped before each
# run; the trace holds both runs with a "# drop_caches" line between them,
# which aether-sim replay models as a cold page cache (aether's state stays):
#   python-twice   python3 importing pip, pygments, cryptography, asyncio and
#                  more from a copy of the stdlib and dist-packages on the disk
#   git-twice      git status on a git work tree of a copy of /usr/include
#   sqlite-twice   the 2,000 indexed lookups of sqlite-lookup
#   mix-twice      python-twice while a strided reader (4 KiB every 64 KiB)
#                  and a random reader (a new seed each run) read the database
#
# The filesystem image is built on the host with mkfs.ext4 -d (no mount
# needed) from /usr/share/doc, /usr/include and a database sqlite3 creates;
# the VM gets it as a disk.  In the guest, readahead is off on the disk
# (blockdev --setra 0, set before any file is opened) so the trace is the
# programs' demand reads, page by page, not Linux readahead's windows; and
# caches are dropped before each workload.  Traces land in DIR (default
# tools/testing/traces) as WORKLOAD.blkparse.xz, with a WORKLOAD.txt note.
#
# `tar cf /dev/null` is not used as such: GNU tar notices an archive of
# /dev/null and skips reading file contents, so the trace would hold
# metadata only.
#
# Drives vng directly (qemu TCG, --disable-kvm: KVM hangs on this
# machine); the VM sees the host's filesystem read-only and writes only to
# build/traces-work/out.
set -eu
cd "$(dirname "$0")/.."
ROOT=$PWD
ALL="tar sqlite-scan sqlite-lookup grep python-twice git-twice sqlite-twice mix-twice"

if [ "${1:-}" = --guest ]; then
	# ---- inside the VM ----
	shift
	out=$1
	shift
	dev=
	for _ in $(seq 50); do
		dev=$(blkid -L aether-trace 2>/dev/null || true)
		[ -n "$dev" ] && break
		sleep 0.2
	done
	[ -n "$dev" ] || { echo "capture: the image (label aether-trace) is not in the guest" >&2; exit 1; }
	mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
	blockdev --setra 0 "$dev"
	MNT=/tmp/aether-trace-fs	# the guest's root is the host's, read-only; /tmp is not
	mkdir -p $MNT
	mount -o ro "$dev" $MNT
	bt=$(mktemp -d)
	PY="/usr/bin/python3 -B"
	IMPORTS="import pip._internal.commands.install, pygments.lexers, pygments.formatters, cryptography.x509, email.mime.multipart, http.server, asyncio, unittest.mock, xml.etree.ElementTree, json, decimal, sqlite3, argparse, logging.handlers, urllib.request, multiprocessing, concurrent.futures"
	# readers for the mixes: pread() from Python started before tracing
	# (its own start reads the host's files, not the traced disk)
	strided() {
		$PY -c "import os
f = os.open('$MNT/db.sqlite', os.O_RDONLY)
for i in range(3000): os.pread(f, 4096, (1 << 20) + i * 65536)"
	}
	randreads() {
		$PY -c "import os, random
r = random.Random($1)
f = os.open('$MNT/db.sqlite', os.O_RDONLY)
for i in range(2000): os.pread(f, 4096, r.randrange(70000) * 4096)"
	}
	run_one() {	# workload, run number
		case $1 in
		tar) tar cf - -C $MNT doc | cat >/dev/null ;;
		sqlite-scan) sqlite3 $MNT/db.sqlite 'SELECT count(*), sum(length(payload)) FROM t NOT INDEXED;' ;;
		sqlite-lookup|sqlite-twice) sqlite3 $MNT/db.sqlite <$MNT/lookups.sql >/dev/null ;;
		grep) grep -r -c aether_no_such_string $MNT/include >/dev/null || true ;;
		python-twice) PYTHONPATH=$MNT/py/python3.11:$MNT/py/dist $PY -c "$IMPORTS" ;;
		git-twice) git -c safe.directory='*' -C $MNT/repo --no-optional-locks status >/dev/null ;;
		mix-twice)
			strided & s=$!
			randreads "$2" & r=$!
			PYTHONPATH=$MNT/py/python3.11:$MNT/py/dist $PY -c "$IMPORTS"
			wait $s $r ;;
		*) echo "capture: unknown workload $1" >&2; exit 2 ;;
		esac
	}
	for w in "$@"; do
		case $w in *-twice) runs="1 2" ;; *) runs=1 ;; esac
		: >"$out/$w.blkparse"
		total=0
		for n in $runs; do
			sync
			echo 3 >/proc/sys/vm/drop_caches
			rm -f "$bt"/*
			blktrace -d "$dev" -a queue -D "$bt" -o trace &
			btpid=$!
			sleep 2			# blktrace is set up
			start=$(date +%s.%N)
			run_one "$w" "$n"
			end=$(date +%s.%N)
			sleep 1
			kill -INT $btpid
			wait $btpid || true
			# between runs, the marker replay reads as "caches dropped";
			# each run's summary is cut so the parser reads on
			[ "$n" = 1 ] || echo "# drop_caches" >>"$out/$w.blkparse"
			blkparse -q -D "$bt" -i trace | sed '/^Input file/d; /^CPU\|^Total/,$d' >>"$out/$w.blkparse"
			total=$(echo "$total + $end - $start" | bc)
		done
		reads=$(grep -c ' Q  *R' "$out/$w.blkparse" || true)
		printf 'workload %s: %s read events, %.1f s in the guest (%s, readahead %s)\n' \
			"$w" "$reads" "$total" "$dev" "$(blockdev --getra "$dev")" \
			>"$out/$w.guest"
	done
	umount $MNT
	exit 0
fi

# ---- on the host ----
OUT=tools/testing/traces
if [ "${1:-}" = --out ]; then
	OUT=$2
	shift 2
fi
WORKLOADS=${*:-$ALL}
W=build/traces-work
mkdir -p "$W/src" "$W/out" "$OUT"
KVER=$(ls /lib/modules | sort -V | tail -n 1)
KIMG=/boot/vmlinuz-$KVER
[ -f "$KIMG" ] || { echo "capture: no $KIMG (run scripts/deps.sh)" >&2; exit 1; }
for t in vng mkfs.ext4 sqlite3 blktrace blkparse xz git; do
	command -v $t >/dev/null || { echo "capture: $t missing (run scripts/deps.sh)" >&2; exit 1; }
done

if [ ! -f "$W/fs.img" ]; then
	echo "capture: building the filesystem image" >&2
	rm -rf "$W/src"/*
	cp -a /usr/share/doc "$W/src/doc"
	cp -a /usr/include "$W/src/include"
	# ~300 MiB: 1.2 M rows of ~230 bytes, an index on k
	sqlite3 "$W/src/db.sqlite" >/dev/null <<-'EOF'
		PRAGMA page_size = 4096;
		PRAGMA journal_mode = OFF;
		CREATE TABLE t (id INTEGER PRIMARY KEY, k INTEGER, payload TEXT);
		WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 1200000)
		INSERT INTO t SELECT x, abs(random()) % 1000000, hex(randomblob(110)) FROM c;
		CREATE INDEX t_k ON t (k);
	EOF
	python3 -c "
import random
r = random.Random(6)
print('\n'.join('SELECT payload FROM t WHERE k = %d;' % r.randrange(1000000) for _ in range(2000)))
" >"$W/src/lookups.sql"
	# a Python to cold-start (stdlib and dist-packages, with their .pyc)
	mkdir -p "$W/src/py"
	cp -a /usr/lib/python3.11 "$W/src/py/python3.11"
	cp -a /usr/lib/python3/dist-packages "$W/src/py/dist"
	# a git work tree for git status: a copy of /usr/include, committed
	cp -a /usr/include "$W/src/repo"
	git -C "$W/src/repo" init -q
	git -C "$W/src/repo" add -A
	git -C "$W/src/repo" -c user.name=aether -c user.email=aether@localhost \
		commit -q -m snapshot
	mkfs.ext4 -q -F -L aether-trace -d "$W/src" "$W/fs.img" 1600M
fi

rm -f "$W/out"/*
vng --run "$KIMG" --disable-kvm --user root --cpus 2 --memory 1G \
	--disk "$ROOT/$W/fs.img" --rwdir="$ROOT/$W/out=$ROOT/$W/out" \
	--exec "$ROOT/scripts/capture-trace.sh --guest $ROOT/$W/out $WORKLOADS"

for w in $WORKLOADS; do
	[ -s "$W/out/$w.blkparse" ] || { echo "capture: no trace for $w" >&2; exit 1; }
	xz -9 -c "$W/out/$w.blkparse" >"$OUT/$w.blkparse.xz"
	{
		echo "$w.blkparse.xz: made by scripts/capture-trace.sh $w on $(date -u +%Y-%m-%d)"
		cat "$W/out/$w.guest"
		echo "guest kernel $KVER, virtme-ng $(vng --version | awk '{print $2}'), qemu TCG, 2 CPUs, 1 GiB"
	} >"$OUT/$w.txt"
	echo "capture: $OUT/$w.blkparse.xz ($(stat -c %s "$OUT/$w.blkparse.xz") bytes)" >&2
done
