// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * PNG writer (png.h).  The zlib stream is one deflate block with the fixed
 * Huffman codes of RFC 1951, 3.2.6: literals, and for a byte repeated 3 or
 * more times a match at distance 1 (run-length coding through LZ77).  That
 * is all a picture of mostly flat colour needs, and it stays a few dozen
 * lines that any inflater checks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "png.h"

u32 png_crc32(u32 crc, const u8 *buf, size_t len)
{
	static u32 table[256];
	static bool ready;
	size_t i;
	u32 c;
	int k;

	if (!ready) {
		for (i = 0; i < 256; i++) {
			c = (u32)i;
			for (k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320U ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
		ready = true;
	}
	crc = ~crc;
	for (i = 0; i < len; i++)
		crc = table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}

u32 png_adler32(u32 adler, const u8 *buf, size_t len)
{
	u32 a = adler & 0xffff, b = adler >> 16;
	size_t i;

	for (i = 0; i < len; i++) {
		a = (a + buf[i]) % 65521;
		b = (b + a) % 65521;
	}
	return b << 16 | a;
}

/* A growing byte buffer with a deflate bit writer (LSB first). */
struct out {
	u8 *buf;
	size_t len, cap;
	u32 bits, nbits;
	bool oom;
};

static void put_byte(struct out *o, u8 b)
{
	if (o->len == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 65536;
		u8 *nb = o->oom ? NULL : realloc(o->buf, cap);

		if (!nb) {
			o->oom = true;
			return;
		}
		o->buf = nb;
		o->cap = cap;
	}
	o->buf[o->len++] = b;
}

static void put_bits(struct out *o, u32 v, u32 n)
{
	o->bits |= v << o->nbits;
	o->nbits += n;
	while (o->nbits >= 8) {
		put_byte(o, (u8)o->bits);
		o->bits >>= 8;
		o->nbits -= 8;
	}
}

/* Huffman codes go out most significant bit first */
static void put_code(struct out *o, u32 code, u32 n)
{
	u32 rev = 0, i;

	for (i = 0; i < n; i++)
		rev |= ((code >> i) & 1) << (n - 1 - i);
	put_bits(o, rev, n);
}

/* The fixed literal/length code of symbol sym (0..287) */
static void put_sym(struct out *o, u32 sym)
{
	if (sym < 144)
		put_code(o, 0x30 + sym, 8);
	else if (sym < 256)
		put_code(o, 0x190 + sym - 144, 9);
	else if (sym < 280)
		put_code(o, sym - 256, 7);
	else
		put_code(o, 0xc0 + sym - 280, 8);
}

static const u16 len_base[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
};
static const u8 len_extra[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
};

/* A match of len (3..258) bytes at distance 1 */
static void put_run(struct out *o, u32 len)
{
	u32 i = 28;

	while (len_base[i] > len)
		i--;
	put_sym(o, 257 + i);
	if (len_extra[i])
		put_bits(o, len - len_base[i], len_extra[i]);
	put_code(o, 0, 5);	/* distance code 0: distance 1 */
}

/* raw as a zlib stream into o */
static void zlib_compress(struct out *o, const u8 *raw, size_t n)
{
	size_t i = 0, run;
	u32 adler = png_adler32(1, raw, n);

	put_byte(o, 0x78);	/* deflate, 32 KiB window */
	put_byte(o, 0x01);	/* (0x78 << 8 | 0x01) % 31 == 0 */
	put_bits(o, 1, 1);	/* BFINAL */
	put_bits(o, 1, 2);	/* BTYPE 01: fixed codes */
	while (i < n) {
		put_sym(o, raw[i]);
		i++;
		/* the byte again: copies of the one before */
		for (run = 0; i + run < n && raw[i + run] == raw[i - 1] && run < 258; run++)
			;
		if (run >= 3) {
			put_run(o, (u32)run);
			i += run;
		}
	}
	put_sym(o, 256);	/* end of block */
	if (o->nbits)
		put_bits(o, 0, 8 - o->nbits);
	put_byte(o, (u8)(adler >> 24));
	put_byte(o, (u8)(adler >> 16));
	put_byte(o, (u8)(adler >> 8));
	put_byte(o, (u8)adler);
}

static void be32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24);
	p[1] = (u8)(v >> 16);
	p[2] = (u8)(v >> 8);
	p[3] = (u8)v;
}

static int chunk(FILE *f, const char *type, const u8 *data, size_t len)
{
	u8 hdr[8], crc[4];
	u32 c;

	be32(hdr, (u32)len);
	memcpy(hdr + 4, type, 4);
	c = png_crc32(0, hdr + 4, 4);
	c = png_crc32(c, data, len);
	be32(crc, c);
	if (fwrite(hdr, 1, 8, f) != 8 || (len && fwrite(data, 1, len, f) != len) ||
	    fwrite(crc, 1, 4, f) != 4)
		return -1;
	return 0;
}

int png_write_indexed(FILE *f, const u8 *pix, u32 width, u32 height,
		      const u8 *palette, u32 nr_colors)
{
	static const u8 sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	size_t stride = (size_t)width + 1, y;
	struct out z = { 0 };
	u8 ihdr[13], *raw;
	int rc = -1;

	raw = malloc(stride * height);
	if (!raw) {
		errno = ENOMEM;
		return -1;
	}
	for (y = 0; y < height; y++) {
		raw[y * stride] = 0;	/* filter: none */
		memcpy(raw + y * stride + 1, pix + y * width, width);
	}
	zlib_compress(&z, raw, stride * height);
	free(raw);
	if (z.oom) {
		errno = ENOMEM;
		goto out;
	}
	be32(ihdr, width);
	be32(ihdr + 4, height);
	ihdr[8] = 8;		/* bits per index */
	ihdr[9] = 3;		/* colour type: palette */
	ihdr[10] = ihdr[11] = ihdr[12] = 0;	/* deflate, adaptive filters, no interlace */
	if (fwrite(sig, 1, 8, f) != 8 || chunk(f, "IHDR", ihdr, 13) ||
	    chunk(f, "PLTE", palette, (size_t)nr_colors * 3) ||
	    chunk(f, "IDAT", z.buf, z.len) || chunk(f, "IEND", NULL, 0))
		goto out;
	rc = 0;
out:
	free(z.buf);
	return rc;
}
