/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A device's decision window: the last N reads, oldest first.  The POVM
 * kernel reads only the window's first and last LBA, so pushing one LBA and
 * handing back the window's oldest is all the probe needs, in O(1).
 *
 * Until N LBAs have been seen the window is shorter, exactly as the golden
 * files window their input (row i sees lbas[max(0, i - N + 1) .. i]), so a
 * freshly attached device decides as `aether-sim decide` does on the same
 * LBAs.
 *
 * The reference models a stream as 4 KiB reads: a sequential stream
 * advances 8 sectors per read.  The page cache turns a sequential buffered
 * stream into few large readahead bios, each starting where the previous
 * one ended, whose raw sectors would advance hundreds of sectors per read
 * and look like a wide stride.  aether_window_push_io() therefore records
 * a read that continues the previous one exactly as a 4 KiB step
 * (AETHER_WINDOW_SEQ_STEP) and any other read by its true distance from the
 * previous read.  For streams of 4 KiB reads this is the identity: the
 * window holds the sectors themselves.
 */
#ifndef _AETHER_WINDOW_H
#define _AETHER_WINDOW_H

#include "types.h"

#define AETHER_WINDOW_MIN	2
#define AETHER_WINDOW_MAX	64
#define AETHER_WINDOW_DEFAULT	16
#define AETHER_WINDOW_SEQ_STEP	8	/* sectors: one 4 KiB read */

struct aether_window {
	u64 lba[AETHER_WINDOW_MAX];
	u32 size;		/* N: capacity in use, 1..AETHER_WINDOW_MAX */
	u32 fill;		/* LBAs held, <= size */
	u32 next;		/* slot the next LBA goes to */
	u64 prev_sector;	/* the previous read, for push_io */
	u64 prev_end;
	u64 prev_lba;		/* what push_io recorded for it */
};

/* true for the sizes the knobs accept (AETHER_WINDOW_MIN..AETHER_WINDOW_MAX) */
bool aether_window_size_valid(u32 size);

/* Empty window of size LBAs; size is clamped to 1..AETHER_WINDOW_MAX. */
void aether_window_init(struct aether_window *w, u32 size);

/*
 * Append lba (dropping the oldest if the window is full).  Returns the
 * window's length after the push and sets *first to its oldest LBA.
 */
static inline u32 aether_window_push_inline(struct aether_window *w, u64 lba,
					    u64 *first)
{
	u32 oldest;

	w->lba[w->next] = lba;
	w->next = w->next + 1 == w->size ? 0 : w->next + 1;
	if (w->fill < w->size)
		w->fill++;
	/* the oldest of the last fill LBAs; next points past the newest */
	oldest = w->next + w->size - w->fill;
	if (oldest >= w->size)
		oldest -= w->size;
	*first = w->lba[oldest];
	return w->fill;
}

u32 aether_window_push(struct aether_window *w, u64 lba, u64 *first);

/*
 * Append a read of that many sectors at sector, as described above: the
 * recorded LBA is the sector itself for the first read, the previous LBA
 * plus AETHER_WINDOW_SEQ_STEP when the read starts where the previous one
 * ended, and the previous LBA plus (sector - previous sector), wrapping,
 * otherwise.  Returns the window's length and sets *first and *last.
 */
static inline u32 aether_window_push_io(struct aether_window *w, u64 sector,
					u32 sectors, u64 *first, u64 *last)
{
	u64 lba;

	if (!w->fill)
		lba = sector;
	else if (sector == w->prev_end)
		lba = w->prev_lba + AETHER_WINDOW_SEQ_STEP;
	else
		lba = w->prev_lba + (sector - w->prev_sector);
	w->prev_sector = sector;
	w->prev_end = sector + sectors;
	w->prev_lba = lba;
	*last = lba;
	/* inline in the probe: no call for the window */
	return aether_window_push_inline(w, lba, first);
}

#endif /* _AETHER_WINDOW_H */
