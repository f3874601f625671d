/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The page-cache model of aether-sim replay: a plain LRU of 4 KiB pages of
 * fixed capacity.  Each cached page carries a few flags (who prefetched it
 * and whether that prefetch has been used yet, Linux's readahead marker)
 * and the number of the request that brought it in.  Lookups are one hash
 * probe; insertion evicts the least recently used page when full.
 */
#ifndef _AETHER_SIM_PAGECACHE_H
#define _AETHER_SIM_PAGECACHE_H

#include "../../include/aether/types.h"

#define PC_NONE		(~(u32)0)

enum {
	PC_LINUX = 1,		/* prefetched by the readahead model, not yet read */
	PC_AETHER = 2,		/* prefetched by aether, not yet read */
	PC_MARK = 4,		/* Linux's PG_readahead marker */
	PC_HIST = 8,		/* with PC_AETHER: the history predictor's */
	PC_EVICTED = 0x80,	/* in pc_insert()'s *evicted: a page was */
};

struct pc_node {
	u64 page;
	u32 prev, next;		/* towards MRU, towards LRU */
	u32 req;		/* request that brought the page in */
	u8 flags;
};

/* A hash table slot: the key is kept here so probing touches no node. */
struct pc_slot {
	u64 page;
	u32 idx;		/* node, PC_NONE for an empty slot */
};

struct pagecache {
	u32 cap;		/* pages */
	u32 used;
	u32 mru, lru;
	u32 mask;		/* hash table size - 1 */
	int shift;		/* 64 - log2(table size) */
	struct pc_slot *table;
	struct pc_node *node;
};

/* A cache of cap pages (>= 1).  Returns 0 or -1 (out of memory). */
int pc_init(struct pagecache *c, u32 cap);
void pc_free(struct pagecache *c);
/* Empty again, same size. */
void pc_clear(struct pagecache *c);

/* The page's node, or PC_NONE. */
u32 pc_find(const struct pagecache *c, u64 page);

/* Make a cached page the most recently used. */
void pc_touch(struct pagecache *c, u32 idx);

/*
 * Insert a page that is not cached, as the most recently used.  When full
 * the least recently used page goes first: *evicted is its flags with
 * PC_EVICTED, or 0 if nothing was evicted.  Returns the new node.
 */
u32 pc_insert(struct pagecache *c, u64 page, u8 flags, u32 req, u8 *evicted);

#endif /* _AETHER_SIM_PAGECACHE_H */
