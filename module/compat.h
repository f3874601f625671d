/* SPDX-License-Identifier: GPL-2.0 */
/*
 * aether: the kernel interfaces that changed between the kernels Debian
 * ships (6.1, 6.12, 7.x), in one place so the rest of the module reads as
 * if there were one kernel.  The AETHER_HAVE_* flags come from Kbuild,
 * which looks for each interface in the headers being built against
 * (a backport carries its feature, whatever the version number says).
 */
#ifndef _AETHER_COMPAT_H
#define _AETHER_COMPAT_H

#include <linux/blkdev.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/pagemap.h>

/* A block device held open for a moment: at attach, to check the disk. */
#if defined(AETHER_HAVE_BDEV_FILE)		/* 6.9 */
struct aether_bdev_ref {
	struct file *file;
};

static inline struct block_device *
aether_bdev_open(dev_t devt, struct aether_bdev_ref *ref)
{
	ref->file = bdev_file_open_by_dev(devt, BLK_OPEN_READ | BLK_OPEN_NDELAY,
					  NULL, NULL);
	if (IS_ERR(ref->file))
		return ERR_CAST(ref->file);
	return file_bdev(ref->file);
}

static inline void aether_bdev_close(struct aether_bdev_ref *ref)
{
	fput(ref->file);
}
#elif defined(AETHER_HAVE_BDEV_HANDLE)	/* 6.7 */
struct aether_bdev_ref {
	struct bdev_handle *handle;
};

static inline struct block_device *
aether_bdev_open(dev_t devt, struct aether_bdev_ref *ref)
{
	ref->handle = bdev_open_by_dev(devt, BLK_OPEN_READ | BLK_OPEN_NDELAY,
				       NULL, NULL);
	if (IS_ERR(ref->handle))
		return ERR_CAST(ref->handle);
	return ref->handle->bdev;
}

static inline void aether_bdev_close(struct aether_bdev_ref *ref)
{
	bdev_release(ref->handle);
}
#elif defined(AETHER_HAVE_BLK_MODE_T)	/* 6.5 */
struct aether_bdev_ref {
	struct block_device *bdev;
};

static inline struct block_device *
aether_bdev_open(dev_t devt, struct aether_bdev_ref *ref)
{
	ref->bdev = blkdev_get_by_dev(devt, BLK_OPEN_READ | BLK_OPEN_NDELAY,
				      NULL, NULL);
	return ref->bdev;
}

static inline void aether_bdev_close(struct aether_bdev_ref *ref)
{
	blkdev_put(ref->bdev, NULL);
}
#else
struct aether_bdev_ref {
	struct block_device *bdev;
};

static inline struct block_device *
aether_bdev_open(dev_t devt, struct aether_bdev_ref *ref)
{
	ref->bdev = blkdev_get_by_dev(devt, FMODE_READ | FMODE_NDELAY, NULL);
	return ref->bdev;
}

static inline void aether_bdev_close(struct aether_bdev_ref *ref)
{
	blkdev_put(ref->bdev, FMODE_READ | FMODE_NDELAY);
}
#endif

/* The block device's own page cache: bd_inode went away in 6.10. */
static inline struct address_space *aether_bdev_mapping(struct block_device *bdev)
{
#ifdef AETHER_HAVE_BD_MAPPING			/* 6.10 */
	return bdev->bd_mapping;
#else
	return bdev->bd_inode->i_mapping;
#endif
}

/* The folio at index, or NULL: absent is NULL before 6.4, ERR_PTR since. */
static inline struct folio *aether_folio_get(struct address_space *mapping,
					     pgoff_t index)
{
	struct folio *folio = filemap_get_folio(mapping, index);

	return IS_ERR_OR_NULL(folio) ? NULL : folio;
}

/*
 * page_cache_ra_unbounded(): since 7.0 the caller holds invalidate_lock
 * (shared); before, the function took it itself, and taking it here as
 * well would nest a down_read() that can deadlock behind a waiting writer.
 */
static inline void aether_ra_unbounded(struct readahead_control *ractl,
				       unsigned long nr)
{
#ifdef AETHER_RA_CALLER_LOCKS			/* 7.0 */
	filemap_invalidate_lock_shared(ractl->mapping);
	page_cache_ra_unbounded(ractl, nr, 0);
	filemap_invalidate_unlock_shared(ractl->mapping);
#else
	page_cache_ra_unbounded(ractl, nr, 0);
#endif
}

/* The block class interface: one argument and a const class since 6.4. */
#ifdef AETHER_HAVE_CLASS_REMOVE_DEV_1
#define AETHER_CLASS_REMOVE_DEV(fn)					\
	static void fn##_compat(struct device *d)			\
	{								\
		fn(d);							\
	}
#else
#define AETHER_CLASS_REMOVE_DEV(fn)					\
	static void fn##_compat(struct device *d,			\
				struct class_interface *intf)		\
	{								\
		fn(d);							\
	}
#endif

/* The low bits of folio->mapping that mark anon, KSM and movable folios. */
#ifdef PAGE_MAPPING_FLAGS
#define AETHER_MAPPING_FLAGS	PAGE_MAPPING_FLAGS
#else
#define AETHER_MAPPING_FLAGS	FOLIO_MAPPING_FLAGS
#endif

/* no_llseek was NULL all along and went away in 6.12. */
#ifdef AETHER_HAVE_NO_LLSEEK
#define AETHER_NO_LLSEEK	no_llseek
#else
#define AETHER_NO_LLSEEK	NULL
#endif

/*
 * Before 7.x a tracepoint runs its probes with preemption disabled, which
 * since the RCU flavours were consolidated (5.0) is an RCU read-side
 * critical section of its own: synchronize_rcu() and call_rcu() wait for
 * it, so the probe needs no rcu_read_lock() of its own, and every read of
 * every disk saves the calls.  7.x calls probes under SRCU, preemptible;
 * so does any kernel whose tracepoint.h is not seen to disable preemption.
 */
#ifdef AETHER_HAVE_TP_PREEMPT_OFF
#define aether_probe_rcu_lock()		lockdep_assert_preemption_disabled()
#define aether_probe_rcu_unlock()	do { } while (0)
#else
#define aether_probe_rcu_lock()		rcu_read_lock()
#define aether_probe_rcu_unlock()	rcu_read_unlock()
#endif

/* Per-CPU workqueues say so where the flag exists (7.x warns otherwise). */
#ifdef AETHER_HAVE_WQ_PERCPU
#define AETHER_WQ_PERCPU	WQ_PERCPU
#else
#define AETHER_WQ_PERCPU	0
#endif

#endif /* _AETHER_COMPAT_H */
