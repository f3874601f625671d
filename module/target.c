// SPDX-License-Identifier: GPL-2.0
/*
 * aether: where a prediction lands -- the disk's own page cache or a file's.
 *
 * A read bio carries the pages it fills.  The first one tells whose page
 * cache the read is for: the disk's own mapping (a raw-device reader), a
 * regular file's (a filesystem reader), or neither (O_DIRECT into user
 * memory, swap, anything already uptodate).  Predictions follow the reader
 * into the same cache; a read of neither kind teaches no predictor and
 * prefetches nothing.  The disk's cache is never filled while something
 * holds the disk (a mounted filesystem, dm, md): only a raw reader of an
 * unclaimed disk uses it, and filesystem metadata read through it is the
 * filesystem's business.
 *
 * A file target is pinned from the probe to the worker that reads it:
 * first the superblock (s_active, so umount cannot finish under us), then
 * the inode; both are released in process context, in reverse order, as
 * fs/proc/inode.c and NFS do.  Pins last as long as one queued range does:
 * milliseconds.  What the worker reads is clamped to the file's size.
 */
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/mm.h>
#include <linux/pagemap.h>

#include "aether.h"
#include "compat.h"

/*
 * Probe context, for a read whose first page is locked, not uptodate and
 * neither anonymous nor swap cache (the probe has looked, inline); the
 * reader holds the folio locked until the read completes, so its mapping
 * and index are stable here.
 */
void aether_target_classify(struct aether_dev *dev, struct bio *bio,
			    struct page *page, struct aether_target *t)
{
	struct folio *folio = page_folio(page);
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
		t->index = folio->index + folio_page_idx(folio, page);
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
void aether_target_note(const struct aether_target *t, struct aether_read *rd)
{
	u64 ino = t->inode->i_ino;

	rd->index = t->index;
	rd->file_tag = rd->tgid ^ hash_ptr(t->inode, 32);
	/* 64-bit inode numbers, filesystems on several partitions */
	rd->file_key = (u32)ino ^ (u32)(ino >> 32) ^ hash_ptr(t->inode->i_sb, 32);
}

/*
 * Probe context: keep a file target's inode and filesystem alive until
 * aether_target_unpin().  False if either is on its way out.  A superblock
 * pin that cannot be dropped here (we would be the last) is handed to the
 * worker as a pin without an inode.
 */
bool aether_target_pin(struct aether_target *t)
{
	struct super_block *sb;

	if (t->kind != AETHER_TARGET_FILE)
		return true;
	sb = t->inode->i_sb;
	if (!atomic_inc_not_zero(&sb->s_active))
		return false;
	t->sb = sb;
	if (igrab(t->inode))
		return true;
	t->inode = NULL;
	if (atomic_add_unless(&sb->s_active, -1, 1))
		return false;
	return true;		/* the worker will deactivate_super() */
}

/* Process context: drop what aether_target_pin() took. */
void aether_target_unpin(struct aether_target *t)
{
	if (t->kind != AETHER_TARGET_FILE)
		return;
	if (t->inode)
		iput(t->inode);
	deactivate_super(t->sb);
}

/*
 * Worker: the page cache to read a target's pages into and, in *limit, the
 * first page past its end; NULL when nothing may be read there now.
 */
struct address_space *
aether_target_mapping(struct aether_dev *dev, const struct aether_target *t,
		      pgoff_t *limit)
{
	switch (t->kind) {
	case AETHER_TARGET_DISK:
		if (READ_ONCE(dev->bdev->bd_holder))
			return NULL;	/* claimed since the read */
		*limit = bdev_nr_sectors(dev->bdev) >> (PAGE_SHIFT - SECTOR_SHIFT);
		return aether_bdev_mapping(dev->bdev);
	case AETHER_TARGET_FILE:
		if (!t->inode)
			return NULL;
		*limit = DIV_ROUND_UP(i_size_read(t->inode), PAGE_SIZE);
		return t->inode->i_mapping;
	case AETHER_TARGET_NONE:
		break;
	}
	return NULL;
}
