/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Index arithmetic of aether's event ring: a bounded ring of 2^order slots
 * with one shared read cursor.  Writers never wait: when the ring is full the
 * oldest unread event is overwritten and counted as dropped.  Every event
 * gets a sequence number (head), so readers see drops as gaps.
 *
 * No locking here; the caller serialises every call on one ring.
 */
#ifndef _AETHER_EVRING_H
#define _AETHER_EVRING_H

#include "types.h"

#define AETHER_EVRING_MIN_ORDER	6	/* 64 events */
#define AETHER_EVRING_MAX_ORDER	16	/* 65536 events */

struct aether_evring {
	u64 head;		/* sequence number of the next event written */
	u64 tail;		/* sequence number of the oldest unread event */
	u64 dropped;		/* events overwritten before anyone read them */
	u32 order;		/* capacity is 1 << order */
};

/* order of a capacity n the ring accepts (a power of two in range), or -1 */
int aether_evring_order(u32 n);

void aether_evring_init(struct aether_evring *r, u32 order);

/* slot index of sequence number seq */
static inline u32 aether_evring_slot(const struct aether_evring *r, u64 seq)
{
	return (u32)(seq & (((u64)1 << r->order) - 1));
}

/* events written and not yet read (or overwritten) */
static inline u32 aether_evring_unread(const struct aether_evring *r)
{
	return (u32)(r->head - r->tail);
}

/*
 * Claim the slot for a new event and return its sequence number.  If the
 * ring was full, the oldest unread event (sequence number returned in
 * *lost, else *lost is set to U64 max) is overwritten: tail moves past it and
 * dropped grows by one.
 */
u64 aether_evring_produce(struct aether_evring *r, u64 *lost);

/*
 * Unread events a reader may copy: sets *from to the oldest and returns how
 * many there are, at most max.  Nothing moves until aether_evring_consume().
 */
u32 aether_evring_peek(const struct aether_evring *r, u32 max, u64 *from);

/*
 * Mark every event before sequence number end as read.  Events a writer
 * overwrote in the meantime are already behind tail; end beyond head is
 * clamped.  Returns how many events this call moved tail over.
 */
u32 aether_evring_consume(struct aether_evring *r, u64 end);

#endif /* _AETHER_EVRING_H */
