/* SPDX-License-Identifier: GPL-2.0 */
/*
 * aether: whose page cache a read fills, looked at inline in the probe --
 * every page-cache read of an attached disk pays for it, so it is not a
 * call (target.c has the rest of the target's life).
 */
#ifndef _AETHER_TARGET_H
#define _AETHER_TARGET_H

#include <linux/blkdev.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/pagemap.h>

#include "aether.h"
#include "compat.h"

/*
 * Probe context, for a read whose first page's folio is locked, not
 * uptodate and neither anonymous nor swap cache (the probe has looked); the
 * reader holds the folio locked until the read completes, so its mapping
 * and index are stable here.
 */
static __always_inline void aether_target_classify(struct aether_dev *dev,
						   struct bio *bio,
						   struct folio *folio,
						   struct aether_target *t)
{
	struct address_space *mapping;
	struct inode *host;

	t->kind = AETHER_TARGET_NONE;
	t->bio = bio;
	t->inode = NULL;
	mapping = READ_ONCE(folio->mapping);
	if (!mapping || ((unsigned long)mapping & AETHER_MAPPING_FLAGS))
		return;
	if (mapping == aether_bdev_mapping(dev->bdev)) {
		if (!READ_ONCE(dev->bdev->bd_holder))
			t->kind = AETHER_TARGET_DISK;
		return;
	}
	host = mapping->host;
	if (host && S_ISREG(host->i_mode)) {
		t->kind = AETHER_TARGET_FILE;
		t->inode = host;
		t->index = folio->index + folio_page_idx(folio, bio_page(bio));
	}
}

/*
 * Probe context, a file target: what the gate and the prefetch engine keep
 * of it besides the read's sectors and reader, as values another CPU may
 * use after the probe has returned.  The tag is the reader and the file,
 * so readers of one file and one reader of many files each get streams of
 * their own; the key is the inode number, which a second cold start finds
 * again after drop_caches has evicted the inode itself (the tag's pointer
 * would be a new one).
 */
static __always_inline void aether_target_note(const struct aether_target *t,
					       struct aether_read *rd)
{
	u64 ino = t->inode->i_ino;

	rd->index = t->index;
	rd->file_tag = rd->tgid ^ hash_ptr(t->inode, 32);
	/* 64-bit inode numbers, filesystems on several partitions */
	rd->file_key = (u32)ino ^ (u32)(ino >> 32) ^ hash_ptr(t->inode->i_sb, 32);
}

#endif /* _AETHER_TARGET_H */
