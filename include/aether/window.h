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
#define AETHER_WINDOW_MAX	64	/* a power of two: the ring's index is masked */
#define AETHER_WINDOW_DEFAULT	16
#define AETHER_WINDOW_SEQ_STEP	8	/* sectors: one 4 KiB read */

struct aether_window {
	/* the last AETHER_WINDOW_MAX LBAs: the newest at (next - 1) % MAX */
	u64 lba[AETHER_WINDOW_MAX];
	u32 size;		/* N: capacity in use, 1..AETHER_WINDOW_MAX */
	u32 fill;		/* LBAs held, <= size */
	u32 next;		/* LBAs pushed, wrapping (a multiple of MAX) */
	u32 prev_len;		/* sectors of the previous read, for push_io */
	u64 prev_end;		/* the sector past it */
	u64 off;		/* recorded LBA - sector, since the last continuation */
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
	/* a power-of-two ring of the largest size: no wrap to test */
	w->lba[w->next++ % AETHER_WINDOW_MAX] = lba;
	if (w->fill < w->size)
		w->fill++;
	*first = w->lba[(w->next - w->fill) % AETHER_WINDOW_MAX];
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
	/*
	 * LBA - sector is the same for every read until one continues the
	 * previous read: it moves by the 4 KiB step less that read's length.
	 */
	if (w->fill && sector == w->prev_end)
		w->off += AETHER_WINDOW_SEQ_STEP - (u64)w->prev_len;
	w->prev_end = sector + sectors;
	w->prev_len = sectors;
	*last = sector + w->off;
	/* inline in the probe: no call for the window */
	return aether_window_push_inline(w, *last, first);
}

#endif /* _AETHER_WINDOW_H */
