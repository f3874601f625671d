// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Per-device LBA window ring (see include/aether/window.h).
 */
#include "../../include/aether/window.h"

bool aether_window_size_valid(u32 size)
{
	return size >= AETHER_WINDOW_MIN && size <= AETHER_WINDOW_MAX;
}

void aether_window_init(struct aether_window *w, u32 size)
{
	u32 i;

	if (size < 1)
		size = 1;
	if (size > AETHER_WINDOW_MAX)
		size = AETHER_WINDOW_MAX;
	w->size = size;
	w->fill = 0;
	w->next = 0;
	for (i = 0; i < AETHER_WINDOW_MAX; i++)
		w->lba[i] = 0;
	w->prev_sector = 0;
	w->prev_end = 0;
	w->prev_lba = 0;
}

/* inline in push_io: the probe makes one call per read, not two */
static inline u32 window_push(struct aether_window *w, u64 lba, u64 *first)
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

u32 aether_window_push(struct aether_window *w, u64 lba, u64 *first)
{
	return window_push(w, lba, first);
}

u32 aether_window_push_io(struct aether_window *w, u64 sector, u32 sectors,
			  u64 *first, u64 *last)
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
	return window_push(w, lba, first);
}
