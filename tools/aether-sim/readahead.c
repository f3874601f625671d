// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Linux 6.1 on-demand readahead, transcribed in pages from mm/readahead.c
 * (get_init_ra_size, get_next_ra_size, ondemand_readahead,
 * try_context_readahead, do_page_cache_ra).  Left out: large folios (the
 * block device's mapping has none), the hardware io_pages enlargement of
 * oversize reads, cgroup congestion, FMODE_RANDOM and memory pressure.
 */
#include <string.h>

#include "readahead.h"

#define SECTORS_PER_PAGE 8

static u64 roundup_pow_of_two(u64 v)
{
	u64 r = 1;

	while (r < v)
		r <<= 1;
	return r;
}

u64 ra_init_size(u64 req, u64 max)
{
	u64 newsize = roundup_pow_of_two(req);

	if (newsize <= max / 32)
		return newsize * 4;
	if (newsize <= max / 4)
		return newsize * 2;
	return max;
}

u64 ra_next_size(u64 cur, u64 max)
{
	if (cur < max / 16)
		return 4 * cur;
	if (cur <= max / 2)
		return 2 * cur;
	return max;
}

void ra_init(struct ra_model *m, u64 max_pages, u64 capacity_pages)
{
	memset(m, 0, sizeof(*m));
	m->max_pages = max_pages;
	m->capacity = capacity_pages;
}

struct ra_file *ra_file_of(struct ra_model *m, u32 tag)
{
	struct ra_file *f, *victim = &m->f[0];
	int i;

	m->clock++;
	for (i = 0; i < RA_FILES; i++) {
		f = &m->f[i];
		if (f->valid && f->tag == tag) {
			f->stamp = m->clock;
			return f;
		}
		if (!f->valid || (victim->valid &&
				  m->clock - f->stamp > m->clock - victim->stamp))
			victim = f;
	}
	/* file_ra_state_init() */
	memset(victim, 0, sizeof(*victim));
	victim->valid = true;
	victim->tag = tag;
	victim->stamp = m->clock;
	victim->prev_pos = ~(u64)0;
	return victim;
}

/* do_page_cache_ra(): nr pages from index, clipped to the device */
static void do_ra(struct ra_model *m, u64 index, u64 nr, u64 lookahead,
		  const struct ra_io *io)
{
	u64 mark = RA_NO_MARK;

	if (!m->capacity || index >= m->capacity)
		return;
	if (nr > m->capacity - index)
		nr = m->capacity - index;
	/* page_cache_ra_unbounded() marks page nr - lookahead of the batch */
	if (lookahead && lookahead <= nr)
		mark = index + nr - lookahead;
	io->read(io->ctx, index, nr, mark);
}

/* contiguous cached pages just before index, at most max (count_history_pages) */
static u64 history(u64 index, u64 max, const struct ra_io *io)
{
	u64 n = 0;

	while (n < max && n < index && io->cached(io->ctx, index - 1 - n))
		n++;
	return n;
}

/* first page at or after index that is not cached, scanning max pages */
static u64 next_miss(u64 index, u64 max, const struct ra_io *io)
{
	u64 n;

	for (n = 0; n < max; n++)
		if (!io->cached(io->ctx, index + n))
			return index + n;
	return index + max;
}

static void ondemand(struct ra_model *m, struct ra_file *ra, u64 index,
		     u64 req, bool marker, const struct ra_io *io)
{
	u64 max = m->max_pages, prev_index, start, size, add;

	if (!index)
		goto initial;
	/* the expected callback index: sequential, ramp up and push forward */
	if (index == ra->start + ra->size - ra->async_size ||
	    index == ra->start + ra->size) {
		ra->start += ra->size;
		size = ra_next_size(ra->size, max);
		ra->size = size > ra->size ? size : ra->size;
		ra->async_size = ra->size;
		goto readit;
	}
	/* a marked page without matching state (interleaved streams) */
	if (marker) {
		start = next_miss(index + 1, max, io);
		if (!start || start - index > max)
			return;
		ra->start = start;
		ra->size = start - index + req;
		ra->size = ra_next_size(ra->size, max);
		ra->async_size = ra->size;
		goto readit;
	}
	if (req > max)
		goto initial;			/* oversize read */
	/* sequential miss: the read starts in or right after the previous one */
	prev_index = ra->prev_pos == ~(u64)0 ? ~(u64)0 >> 12 :
		     ra->prev_pos / SECTORS_PER_PAGE;
	if (index - prev_index <= 1)
		goto initial;
	/* try_context_readahead(): the cached history of a stream */
	size = history(index, max, io);
	if (size > req) {
		if (size >= index)
			size *= 2;
		ra->start = index;
		ra->size = size + req < max ? size + req : max;
		ra->async_size = 1;
		goto readit;
	}
	/* standalone small random read: as is, state untouched */
	do_ra(m, index, req, 0, io);
	return;

initial:
	ra->start = index;
	ra->size = ra_init_size(req, max);
	ra->async_size = ra->size > req ? ra->size - req : ra->size;
readit:
	/* a read that would hit its own marker: merge the next window now */
	if (index == ra->start && ra->size == ra->async_size) {
		add = ra_next_size(ra->size, max);
		if (ra->size + add <= max) {
			ra->async_size = add;
			ra->size += add;
		} else {
			ra->size = max;
			ra->async_size = max >> 1;
		}
	}
	do_ra(m, ra->start, ra->size, ra->async_size, io);
}

void ra_sync(struct ra_model *m, struct ra_file *f, u64 index, u64 req,
	     const struct ra_io *io)
{
	if (!m->max_pages) {
		do_ra(m, index, 1, 0, io);	/* readahead off: the page alone */
		return;
	}
	ondemand(m, f, index, req, false, io);
}

void ra_async(struct ra_model *m, struct ra_file *f, u64 index, u64 req,
	      const struct ra_io *io)
{
	if (!m->max_pages)
		return;
	ondemand(m, f, index, req, true, io);
}
