// SPDX-License-Identifier: GPL-2.0
/*
 * aether: where a prediction lands -- the disk's own page cache or a file's.
 *
 * A read bio carries the pages it fills.  The first one tells whose page
 * cache the read is for (target.h, inline in the probe): the disk's own
 * mapping (a raw-device reader), a regular file's (a filesystem reader),
 * or neither (O_DIRECT into user memory, swap, anything already uptodate).
 * Predictions follow the reader
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
#include <linux/mm.h>
#include <linux/pagemap.h>

#include "aether.h"
#include "compat.h"

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
