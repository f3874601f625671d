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
	w->prev_len = 0;
	w->prev_end = 0;
	w->off = 0;
}

u32 aether_window_push(struct aether_window *w, u64 lba, u64 *first)
{
	return aether_window_push_inline(w, lba, first);
}
