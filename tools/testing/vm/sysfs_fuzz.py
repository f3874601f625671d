#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""sysfs_fuzz.py SECONDS [SEED]: random bytes into every file under /sys/kernel/aether.

Walks /sys/kernel/aether (global files and every attached disk's) again and
again for SECONDS, writing to each file either an edge value (numbers at and
past the knobs' bounds, malformed decimals, policy and preset names, disk
names, MAJ:MIN) or random bytes (0 to 80 of them, sometimes a page or
more), then reading it back.  Files vanish as disks are detached (ENOENT,
ENODEV): that is the point.  Counts the outcomes by errno and prints

    sysfs-fuzz: N writes: ok=.. EINVAL=.. ...
    RESULT stress-sysfs-fuzz passed=1 failed=0 writes=N reads=M

failing if a write or read gets an errno outside those a sysfs store may
return, or if reading a file gives something that is not text.
"""
import errno
import os
import random
import sys
import time

ROOT = "/sys/kernel/aether"
EDGE = [b"", b"0", b"1", b"-1", b"0.5", b"1.0000001", b"-8", b"8.0", b"16", b"-16",
        b"99999999999999999999999", b"0x10", b"1e3", b"nan", b"inf", b"-0", b"+1",
        b"0.0000000001", b"3.", b".5", b"povm", b"stride", b"off", b"povm\n", b"default",
        b"hft", b"gaming", b"hft\n", b" 3", b"3 ", b"64", b"65", b"2", b"4294967296",
        b"-9223372036854775808", b"sy0", b"sy1", b"../sy0", b"nullb0", b"sy0 sy1",
        b"sy0,sy1", b"253:0", b"0:0", b"sy0\n", b"\n", b"\0", b"sy1\0garbage",
        b"a" * 31, b"a" * 32, b"a" * 4096, b"1" * 4097]
# errnos a store may return for a bad value or a file that just went away
EXPECTED = {errno.EINVAL, errno.ENOENT, errno.ENODEV, errno.EEXIST, errno.ENOSPC,
            errno.ERANGE, errno.EACCES, errno.EBUSY, errno.ENXIO, errno.ENOTBLK,
            errno.EAGAIN, errno.E2BIG, errno.EOVERFLOW, errno.ENAMETOOLONG}


def files():
    out = []
    for d, _, fs in os.walk(ROOT):
        out.extend(os.path.join(d, f) for f in fs)
    return sorted(out)


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else int(time.time())
    rnd = random.Random(seed)
    res = {}
    bad = []
    writes = reads = passes = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        passes += 1
        if not os.path.isdir(ROOT + "/devices/sy0"):	# the disk fio reads
            try:
                with open(ROOT + "/attach", "w") as f:
                    f.write("sy0")
            except OSError:
                pass
        for path in files():
            if rnd.random() < 0.5:
                val = rnd.choice(EDGE)
            else:
                n = rnd.randrange(81) if rnd.random() < 0.9 else rnd.randrange(4090, 8200)
                val = bytes(rnd.getrandbits(8) for _ in range(n))
            try:
                fd = os.open(path, os.O_WRONLY)
                try:
                    os.write(fd, val)
                finally:
                    os.close(fd)
                key = "ok"
            except OSError as e:
                key = errno.errorcode.get(e.errno, str(e.errno))
                if e.errno not in EXPECTED:
                    bad.append("%s <- %r: %s" % (path, val[:40], e))
            writes += 1
            res[key] = res.get(key, 0) + 1
            try:
                with open(path, "rb") as f:
                    data = f.read()
                reads += 1
                if data and not all(32 <= c < 127 or c in (9, 10) for c in data):
                    bad.append("%s reads back non-text %r" % (path, data[:40]))
            except OSError as e:
                if e.errno not in (errno.ENOENT, errno.ENODEV, errno.EACCES, errno.EINVAL):
                    bad.append("read %s: %s" % (path, e))
    print("sysfs-fuzz: seed %d, %d passes, %d writes: %s" % (
        seed, passes, writes, " ".join("%s=%d" % kv for kv in sorted(res.items()))))
    for b in bad[:20]:
        print("sysfs-fuzz: unexpected: " + b)
    ok = not bad
    print("RESULT stress-sysfs-fuzz passed=%d failed=%d writes=%d reads=%d passes=%d" % (
        ok, not ok, writes, reads, passes))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
