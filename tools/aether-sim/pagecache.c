// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * LRU page cache: nodes in one array linked MRU to LRU, found through an
 * open-addressing hash table (linear probing, at most half full, deletion
 * by backward shift so no tombstones build up over a long replay).
 */
#include <stdlib.h>

#include "pagecache.h"

static u32 home(const struct pagecache *c, u64 page)
{
	return (u32)((page * 0x9E3779B97F4A7C15ULL) >> c->shift);
}

int pc_init(struct pagecache *c, u32 cap)
{
	u32 size = 16;
	int bits = 4;

	if (!cap)
		cap = 1;
	while (size < 2 * (u64)cap) {
		size <<= 1;
		bits++;
	}
	c->cap = cap;
	c->mask = size - 1;
	c->shift = 64 - bits;
	c->table = malloc((size_t)size * sizeof(*c->table));
	c->node = malloc((size_t)cap * sizeof(*c->node));
	if (!c->table || !c->node) {
		pc_free(c);
		return -1;
	}
	pc_clear(c);
	return 0;
}

void pc_free(struct pagecache *c)
{
	free(c->table);
	free(c->node);
	c->table = NULL;
	c->node = NULL;
}

void pc_clear(struct pagecache *c)
{
	u32 i;

	for (i = 0; i <= c->mask; i++)
		c->table[i].idx = PC_NONE;
	c->used = 0;
	c->mru = PC_NONE;
	c->lru = PC_NONE;
}

u32 pc_find(const struct pagecache *c, u64 page)
{
	const struct pc_slot *t = c->table;
	u32 i = home(c, page);

	while (t[i].idx != PC_NONE) {
		if (t[i].page == page)
			return t[i].idx;
		i = (i + 1) & c->mask;
	}
	return PC_NONE;
}

static void unlink_node(struct pagecache *c, u32 idx)
{
	struct pc_node *n = &c->node[idx];

	if (n->prev != PC_NONE)
		c->node[n->prev].next = n->next;
	else
		c->mru = n->next;
	if (n->next != PC_NONE)
		c->node[n->next].prev = n->prev;
	else
		c->lru = n->prev;
}

static void link_mru(struct pagecache *c, u32 idx)
{
	struct pc_node *n = &c->node[idx];

	n->prev = PC_NONE;
	n->next = c->mru;
	if (c->mru != PC_NONE)
		c->node[c->mru].prev = idx;
	c->mru = idx;
	if (c->lru == PC_NONE)
		c->lru = idx;
}

void pc_touch(struct pagecache *c, u32 idx)
{
	if (c->mru == idx)
		return;
	unlink_node(c, idx);
	link_mru(c, idx);
}

static void table_remove(struct pagecache *c, u64 page)
{
	struct pc_slot *t = c->table;
	u32 i = home(c, page), j, k;

	while (t[i].page != page || t[i].idx == PC_NONE)
		i = (i + 1) & c->mask;
	/* backward shift: pull later entries of the probe run into the hole */
	for (j = i;;) {
		j = (j + 1) & c->mask;
		if (t[j].idx == PC_NONE)
			break;
		k = home(c, t[j].page);
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;	/* its home lies after the hole: stays */
		t[i] = t[j];
		i = j;
	}
	t[i].idx = PC_NONE;
}

u32 pc_insert(struct pagecache *c, u64 page, u8 flags, u32 req, u8 *evicted)
{
	u32 idx, i;

	*evicted = 0;
	if (c->used < c->cap) {
		idx = c->used++;
	} else {
		idx = c->lru;
		*evicted = c->node[idx].flags | PC_EVICTED;
		table_remove(c, c->node[idx].page);
		unlink_node(c, idx);
	}
	c->node[idx].page = page;
	c->node[idx].flags = flags;
	c->node[idx].req = req;
	link_mru(c, idx);
	i = home(c, page);
	while (c->table[i].idx != PC_NONE)
		i = (i + 1) & c->mask;
	c->table[i].page = page;
	c->table[i].idx = idx;
	return idx;
}
