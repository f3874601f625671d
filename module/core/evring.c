// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Event ring index arithmetic (see include/aether/evring.h).  Sequence
 * numbers are u64 and never wrap in practice (2^64 events), so head - tail
 * is the unread count and seq & mask the slot.
 */
#include "../../include/aether/evring.h"

int aether_evring_order(u32 n)
{
	int order;

	for (order = AETHER_EVRING_MIN_ORDER; order <= AETHER_EVRING_MAX_ORDER; order++)
		if (n == (u32)1 << order)
			return order;
	return -1;
}

void aether_evring_init(struct aether_evring *r, u32 order)
{
	if (order < AETHER_EVRING_MIN_ORDER)
		order = AETHER_EVRING_MIN_ORDER;
	if (order > AETHER_EVRING_MAX_ORDER)
		order = AETHER_EVRING_MAX_ORDER;
	r->head = 0;
	r->tail = 0;
	r->dropped = 0;
	r->order = order;
}

u64 aether_evring_produce(struct aether_evring *r, u64 *lost)
{
	*lost = ~(u64)0;
	if (r->head - r->tail == (u64)1 << r->order) {
		*lost = r->tail;
		r->tail++;
		r->dropped++;
	}
	return r->head++;
}

u32 aether_evring_peek(const struct aether_evring *r, u32 max, u64 *from)
{
	u64 n = r->head - r->tail;

	*from = r->tail;
	return n < max ? (u32)n : max;
}

u32 aether_evring_consume(struct aether_evring *r, u64 end)
{
	u64 moved;

	if (end > r->head)
		end = r->head;
	if (end <= r->tail)
		return 0;
	moved = end - r->tail;
	r->tail = end;
	return (u32)moved;
}
