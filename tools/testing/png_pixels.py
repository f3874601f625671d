#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check a PNG the way a viewer reads it, with python's zlib only: the
signature, every chunk's CRC, IHDR, the zlib stream (its Adler-32 too) and
the filter bytes; then print "WIDTH HEIGHT" and, for each X,Y argument,
"X,Y R,G,B".  With --count R,G,B also the number of pixels of that colour.
Exit 1 with the reason if anything is wrong.

usage: png_pixels.py FILE [X,Y ...] [--count R,G,B ...]
"""
import struct
import sys
import zlib


def fail(msg):
    print("png_pixels: " + msg, file=sys.stderr)
    sys.exit(1)


def main():
    args = sys.argv[1:]
    if not args:
        fail("usage: png_pixels.py FILE [X,Y ...] [--count R,G,B ...]")
    data = open(args[0], "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("no PNG signature")
    pos, chunks = 8, []
    while pos < len(data):
        n, = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        crc, = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])
        if zlib.crc32(kind + body) & 0xffffffff != crc:
            fail("bad CRC in " + kind.decode("latin1"))
        chunks.append((kind, body))
        pos += 12 + n
    if not chunks or chunks[0][0] != b"IHDR" or chunks[-1][0] != b"IEND":
        fail("IHDR first and IEND last expected")
    w, h, depth, ctype, comp, filt, inter = struct.unpack(">IIBBBBB", chunks[0][1])
    if (depth, ctype, comp, filt, inter) != (8, 3, 0, 0, 0):
        fail("not an 8-bit palette image")
    pal = b"".join(b for k, b in chunks if k == b"PLTE")
    raw = zlib.decompress(b"".join(b for k, b in chunks if k == b"IDAT"))
    if len(raw) != (w + 1) * h:
        fail("image data is %d bytes, want %d" % (len(raw), (w + 1) * h))
    if any(raw[y * (w + 1)] != 0 for y in range(h)):
        fail("a filter byte other than 0")

    def rgb(i):
        if 3 * i + 3 > len(pal):
            fail("index %d outside the palette" % i)
        return "%d,%d,%d" % tuple(pal[3 * i:3 * i + 3])

    print(w, h)
    i = 1
    while i < len(args):
        if args[i] == "--count":
            want = args[i + 1]
            n = sum(1 for y in range(h) for x in range(w)
                    if rgb(raw[y * (w + 1) + 1 + x]) == want)
            print("count %s %d" % (want, n))
            i += 2
            continue
        x, y = (int(v) for v in args[i].split(","))
        if not (0 <= x < w and 0 <= y < h):
            fail("pixel %d,%d outside the image" % (x, y))
        print("%d,%d %s" % (x, y, rgb(raw[y * (w + 1) + 1 + x])))
        i += 1


main()
