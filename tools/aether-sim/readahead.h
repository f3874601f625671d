/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A model of Linux 6.1's on-demand readahead (mm/readahead.c,
 * ondemand_readahead() and its callers), in pages: the initial window sized
 * from the request, ramp-up (x4 then x2) while the reader keeps to the
 * window, the asynchronous marker (PG_readahead) that starts the next
 * window before the reader stalls, context readahead from cached history
 * for interleaved streams, and the 128 KiB (32-page) maximum.  See
 * Documentation/evaluation.md for what it leaves out.
 */
#ifndef _AETHER_SIM_READAHEAD_H
#define _AETHER_SIM_READAHEAD_H

#include "../../include/aether/types.h"

#define RA_NO_MARK	(~(u64)0)
#define RA_FILES	16
#define RA_DEFAULT_PAGES 32

/* What readahead needs from the page cache. */
struct ra_io {
	void *ctx;
	bool (*cached)(void *ctx, u64 page);
	/* read [start, start + nr) except cached pages; PG_readahead on mark */
	void (*read)(void *ctx, u64 start, u64 nr, u64 mark);
};

/* struct file_ra_state: one per reader (tag), as Linux has one per open file */
struct ra_file {
	u64 start;
	u64 size;
	u64 async_size;
	u64 prev_pos;		/* sector after the previous read; ~0 before any */
	u32 tag;
	u32 stamp;
	bool valid;
};

struct ra_model {
	u64 max_pages;		/* ra_pages: 32 = 128 KiB */
	u64 capacity;		/* pages; nothing is read at or beyond */
	u32 clock;
	struct ra_file f[RA_FILES];
};

void ra_init(struct ra_model *m, u64 max_pages, u64 capacity_pages);

/* The state of reader tag (the least recently used is recycled). */
struct ra_file *ra_file_of(struct ra_model *m, u32 tag);

/* page_cache_sync_ra(): the read of req pages at index missed the cache. */
void ra_sync(struct ra_model *m, struct ra_file *f, u64 index, u64 req,
	     const struct ra_io *io);

/* page_cache_async_ra(): the read hit a marked page at index, req pages left. */
void ra_async(struct ra_model *m, struct ra_file *f, u64 index, u64 req,
	      const struct ra_io *io);

/* The window sizes Linux computes, exposed for the tests. */
u64 ra_init_size(u64 req, u64 max);
u64 ra_next_size(u64 cur, u64 max);

#endif /* _AETHER_SIM_READAHEAD_H */
