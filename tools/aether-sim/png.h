/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A minimal PNG writer for aether-sim's pictures: 8-bit palette images,
 * compressed with a small deflate of its own (fixed Huffman codes, runs of
 * a repeated byte as matches at distance 1), so no library is needed.
 * Pictures of block traces are mostly background, which runs compress well.
 */
#ifndef _AETHER_SIM_PNG_H
#define _AETHER_SIM_PNG_H

#include <stdio.h>
#include "../../include/aether/types.h"

/*
 * Write a width x height image of palette indices (pix, row by row, top
 * first) with nr_colors RGB entries (palette, 3 bytes each) to f.
 * Returns 0, or -1 (out of memory or a write error, errno set).
 */
int png_write_indexed(FILE *f, const u8 *pix, u32 width, u32 height,
		      const u8 *palette, u32 nr_colors);

/* CRC-32 (ISO 3309, as PNG and zlib use it) and Adler-32: for tests too */
u32 png_crc32(u32 crc, const u8 *buf, size_t len);
u32 png_adler32(u32 adler, const u8 *buf, size_t len);

#endif /* _AETHER_SIM_PNG_H */
