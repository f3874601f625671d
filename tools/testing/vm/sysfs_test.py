#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Every /sys/kernel/aether file fed good, malformed, out-of-range and hostile
input: a bad write must fail with the documented errno and change nothing.

usage: sysfs_test.py DISK   (DISK attached, idle: no I/O while this runs)
Prints "RESULT vm-sysfs passed=N failed=M".
"""
import errno
import os
import sys

SYS = "/sys/kernel/aether"
Q_RANGES = {
    "epsilon": (0.0, 1.0), "phi": (-8.0, 8.0), "bias": (-8.0, 8.0),
    "lambda1": (-4.0, 4.0), "lambda2": (-4.0, 4.0), "lambda3": (-4.0, 4.0),
}
KNOBS = ["preset", "window"] + sorted(Q_RANGES)
passed = failed = 0
# what the files held after the last check; a refused write must not change it
last = {}


def check(ok, what):
    global passed, failed
    print(("ok   " if ok else "FAIL ") + what)
    if ok:
        passed += 1
    else:
        failed += 1


def forget():
    """after a write meant to change something"""
    global last
    last = {}


def write(path, data):
    """0 or the errno of the write (or of the open)"""
    try:
        fd = os.open(path, os.O_WRONLY)
    except OSError as e:
        return e.errno
    try:
        n = os.write(fd, data)
        return 0 if n == len(data) else errno.EIO
    except OSError as e:
        return e.errno
    finally:
        os.close(fd)


def read(path):
    with open(path) as f:
        return f.read()


def snapshot(d):
    """every readable file of directory d and its device subdirectories"""
    out = {}
    for root, dirs, files in os.walk(d):
        for f in files:
            p = os.path.join(root, f)
            try:
                out[p] = read(p)
            except OSError:
                pass
    return out


def expect_reject(path, data, err, what):
    global last
    if not last:
        last = snapshot(SYS)
    got = write(path, data)
    now = snapshot(SYS)
    check(got == err and now == last,
          "%s: %r -> %s and nothing changed (got %s%s)" %
          (what, data[:40], errno.errorcode[err], errno.errorcode.get(got, got),
           "" if now == last else ", files changed"))
    last = now


def expect_value(path, data, shown, what):
    global last
    got = write(path, data)
    val = read(path) if not got else None
    check(got == 0 and val == shown, "%s: %r reads back %r (got %s, %r)" %
          (what, data, shown, errno.errorcode.get(got, got), val))
    last = {}


COMMON_BAD = [b"\n", b"abc", b"0.5x", b"1e-3", b"--0.5", b" 0.5", b"0.5 ", b"0.5\n\n",
              b"0x1", b".", b"1.2.3", b"nan", b"0,5", b"99999999999999999999",
              b"1" * 5000, b"0.5\x00", b"\xff\xfe"]


def q_bad(knob):
    lo, hi = Q_RANGES[knob]
    return [("%.6f" % (hi + 0.000001)).encode(), ("%.6f" % (lo - 0.000001)).encode(),
            ("%d" % (hi + 1)).encode(), ("%d" % (lo - 100)).encode()]


def test_knobs(d, what):
    for knob in sorted(Q_RANGES):
        path = os.path.join(d, knob)
        for bad in COMMON_BAD + q_bad(knob):
            expect_reject(path, bad, errno.EINVAL, "%s/%s" % (what, knob))
        lo, hi = Q_RANGES[knob]
        old = read(path)
        expect_value(path, b"0.25\n", "0.250000\n", "%s/%s" % (what, knob))
        expect_value(path, b"0.1234567", "0.123457\n", "%s/%s" % (what, knob))
        expect_value(path, ("%g" % hi).encode(), "%.6f\n" % hi, "%s/%s" % (what, knob))
        expect_value(path, ("%g" % lo).encode(), "%.6f\n" % lo, "%s/%s" % (what, knob))
        expect_value(path, old.encode(), old, "%s/%s restored" % (what, knob))

    path = os.path.join(d, "window")
    for bad in [b"\n", b"0", b"1", b"65", b"-16", b"16.0", b"0x10", b"abc", b"16 16",
                b"99999999999", b"4294967312", b"1" * 5000, b"\x00"]:
        expect_reject(path, bad, errno.EINVAL, "%s/window" % what)
    expect_value(path, b"2", "2\n", "%s/window" % what)
    expect_value(path, b"64\n", "64\n", "%s/window" % what)
    expect_value(path, b"16", "16\n", "%s/window" % what)

    path = os.path.join(d, "preset")
    for bad in [b"\n", b"foo", b"Default", b"hft ", b" hft", b"hft\n\n", b"hft\x00",
                b"defaultx", b"x" * 5000, b"gamin"]:
        expect_reject(path, bad, errno.EINVAL, "%s/preset" % what)
    expect_value(path, b"hft\n", "hft\n", "%s/preset" % what)
    check(read(os.path.join(d, "epsilon")) == "0.650000\n" and
          read(os.path.join(d, "bias")) == "-0.020000\n",
          "%s/preset hft sets epsilon 0.65 and bias -0.02" % what)
    expect_value(os.path.join(d, "epsilon"), b"0.3", "0.300000\n", "%s/epsilon" % what)
    check(read(path) == "custom\n", "%s/preset reads custom after a change" % what)
    expect_value(path, b"gaming", "gaming\n", "%s/preset" % what)
    expect_value(path, b"default", "default\n", "%s/preset" % what)


def main():
    disk = sys.argv[1]
    dev = os.path.join(SYS, "devices", disk)

    test_knobs(SYS, "global")
    test_knobs(dev, disk)

    # a disk with settings of its own keeps them through a global write;
    # "global" in its preset makes it follow the global knobs again
    write(os.path.join(dev, "epsilon"), b"0.7")
    forget()
    expect_value(os.path.join(SYS, "epsilon"), b"0.35", "0.350000\n", "global/epsilon")
    check(read(os.path.join(dev, "epsilon")) == "0.700000\n",
          "a disk's own setting survives a global write")
    check(write(os.path.join(dev, "preset"), b"global\n") == 0 and
          read(os.path.join(dev, "epsilon")) == "0.350000\n",
          "preset 'global': the disk takes the global knobs")
    forget()
    expect_value(os.path.join(SYS, "epsilon"), b"0.4", "0.400000\n", "global/epsilon")
    check(read(os.path.join(dev, "epsilon")) == "0.400000\n",
          "a global write applies to a disk that follows the global knobs")
    expect_reject(os.path.join(dev, "preset"), b"globals", errno.EINVAL,
                  "%s/preset" % disk)
    write(os.path.join(dev, "lambda2"), b"0.5")
    forget()
    check(read(os.path.join(SYS, "lambda2")) == "0.200000\n",
          "a device write leaves the global knob alone")
    write(os.path.join(dev, "preset"), b"global")
    forget()
    write(os.path.join(SYS, "preset"), b"default")
    forget()
    check(read(os.path.join(dev, "cur_epsilon")) == "0.500000\n" and
          read(os.path.join(dev, "cur_phi")) == "0.100000\n",
          "a knob write restarts the device's adaptive state")

    # the prefetch engine's knobs
    path = os.path.join(dev, "policy")
    check(read(path) == "povm\n", "%s/policy starts at povm" % disk)
    for bad in [b"\n", b"POVM", b"povm ", b" off", b"stride\n\n", b"of", b"offx",
                b"off\x00", b"x" * 5000, b"0"]:
        expect_reject(path, bad, errno.EINVAL, "%s/policy" % disk)
    for good in [b"off", b"stride\n", b"povm"]:
        expect_value(path, good, good.decode().strip() + "\n", "%s/policy" % disk)
    # numeric prefetch knobs: initial value, rejected writes, accepted writes
    for knob, initial, bads, goods in [
            ("max_depth", "64",
             [b"\n", b"0", b"1025", b"-1", b"64.0", b"0x40", b"abc", b"64 64",
              b"4294967360", b"1" * 5000],
             [b"1", b"1024\n", b"64"]),
            ("budget_kb", "16384",
             [b"\n", b"0", b"3", b"6", b"1048580", b"-4", b"abc", b"16k",
              b"4294967296", b"1" * 5000],
             [b"4", b"1048576\n", b"16384"]),
            ("busy_yield", "1",
             [b"\n", b"2", b"-1", b"yes", b"on", b"1 1", b"4294967297",
              b"1" * 5000],
             [b"0", b"1\n", b"1"])]:
        path = os.path.join(dev, knob)
        check(read(path) == initial + "\n", "%s/%s starts at %s" % (disk, knob, initial))
        for bad in bads:
            expect_reject(path, bad, errno.EINVAL, "%s/%s" % (disk, knob))
        for good in goods:
            expect_value(path, good, good.decode().strip() + "\n", "%s/%s" % (disk, knob))

    # read-only and write-only files
    for f in ["version", "ring_size", "ring_dropped"]:
        expect_reject(os.path.join(SYS, f), b"1", errno.EACCES, f)
    # the events mode
    path = os.path.join(SYS, "events")
    mode = read(path)
    for bad in [b"\n", b"ON", b"off", b"auto on", b"1", b"x" * 5000]:
        expect_reject(path, bad, errno.EINVAL, "events")
    expect_value(path, b"auto\n", "auto\n", "events")
    expect_value(path, b"on", "on\n", "events")
    write(path, mode.encode())
    for f in ["dev", "stat", "prefetch_ratio", "cur_epsilon", "cur_phi",
              "prefetch_requests", "pages_prefetched", "pages_cached", "pages_used",
              "pages_wasted", "budget_drops", "depth", "file_depth",
              "disk_pages_prefetched", "disk_pages_used", "disk_pages_wasted",
              "file_pages_prefetched", "file_pages_used", "file_pages_wasted",
              "busy_skips", "lock_noted", "lock_waited"]:
        expect_reject(os.path.join(dev, f), b"1", errno.EACCES, "%s/%s" % (disk, f))
    for f in ["attach", "detach"]:
        try:
            open(os.path.join(SYS, f)).read()
            check(False, "%s is not readable" % f)
        except OSError as e:
            check(e.errno == errno.EACCES, "%s is not readable (%s)" % (f, errno.errorcode[e.errno]))

    # attach / detach
    for bad in [b"\n", b"../" + disk.encode(), disk.encode() + b"/", b"a" * 32, b"-x",
                b".", b"..", b"null b0", disk.encode() + b"\n\n", b"nul\x00lb0",
                b"nullb0;rm", b"\xff", b"/dev/" + disk.encode()]:
        expect_reject(os.path.join(SYS, "attach"), bad, errno.EINVAL, "attach")
        expect_reject(os.path.join(SYS, "detach"), bad, errno.EINVAL, "detach")
    expect_reject(os.path.join(SYS, "attach"), b"nosuchdisk0", errno.ENODEV, "attach")
    expect_reject(os.path.join(SYS, "attach"), b"a" * 31, errno.ENODEV, "attach")
    expect_reject(os.path.join(SYS, "attach"), disk.encode() + b"\n", errno.EEXIST,
                  "attach an attached disk")
    expect_reject(os.path.join(SYS, "detach"), b"nosuchdisk0", errno.ENODEV, "detach")
    check(write(os.path.join(SYS, "detach"), disk.encode() + b"\n") == 0 and
          not os.path.exists(dev), "detach %s removes its directory" % disk)
    forget()
    expect_reject(os.path.join(SYS, "detach"), disk.encode(), errno.ENODEV,
                  "detach a detached disk")
    check(write(os.path.join(SYS, "attach"), disk.encode()) == 0 and
          read(os.path.join(dev, "stat")) == "0 0 0 0 0 0\n",
          "re-attach %s starts from zero" % disk)
    forget()

    print("RESULT vm-sysfs-knobs passed=%d failed=%d" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
