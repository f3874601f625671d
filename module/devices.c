// SPDX-License-Identifier: GPL-2.0
/*
 * aether: the table of attached disks.
 *
 * Attach resolves a disk (by name or MAJ:MIN) to its device number, opens
 * the disk just long enough to check it is a live whole disk, and inserts
 * an aether_dev into an RCU hash the probe searches by dev_t.  aether keeps
 * no reference to the disk afterwards: holding the gendisk or an open block
 * device would pin the driver (rmmod null_blk would fail with EBUSY), and
 * its prefetch workers never open it either (prefetch.c).  The block_device
 * pointer stays valid because aether lets go of it before the disk can be
 * freed: del_gendisk() -> device_del() calls our class interface's
 * remove_dev(), synchronously, and remove_dev() returns only once the
 * device's workers have stopped.
 *
 * Teardown (detach, remove_dev, rmmod) runs in two steps.  Under
 * aether_dev_mutex the device is marked dying, unhashed (new probes miss
 * it) and its sysfs directory removed (the name is free for a re-attach);
 * then, outside the mutex, its prefetch work is stopped, and only then does
 * it leave the list.  Whoever meets a dying device (remove_dev() for the
 * same disk, a re-attach) waits for that to finish rather than racing it.
 * The memory goes after an RCU grace period, when the last reference drops.
 * Nothing here sleeps for a grace period, so a disk removal -- which runs
 * under the block class's mutex -- waits only for the workers of a disk
 * that was attached, and those never need that mutex.
 *
 * Lock order: aether_cfg_mutex -> aether_dev_mutex -> aether_dev.lock.
 */
#include <linux/blkdev.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/hashtable.h>
#include <linux/namei.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "aether.h"
#include "compat.h"

DEFINE_HASHTABLE(aether_dev_hash, AETHER_DEV_HASH_BITS);
static LIST_HEAD(aether_dev_list);
static DEFINE_MUTEX(aether_dev_mutex);
static unsigned int aether_dev_count;

static DEFINE_MUTEX(watch_mutex);
static bool watching;
static bool unloading;

static void aether_block_remove(struct device *d);
AETHER_CLASS_REMOVE_DEV(aether_block_remove)

static struct class_interface aether_block_watch = {
	.remove_dev = aether_block_remove_compat,
};

static struct aether_dev *find_locked(dev_t devt, const char *name)
{
	struct aether_dev *dev;

	lockdep_assert_held(&aether_dev_mutex);
	list_for_each_entry(dev, &aether_dev_list, list)
		if (dev->devt == devt || (name && !strcmp(dev->name, name)))
			return dev;
	return NULL;
}

/* First step of teardown, under aether_dev_mutex: nothing new reaches dev. */
static void unpublish_locked(struct aether_dev *dev)
{
	lockdep_assert_held(&aether_dev_mutex);
	dev->dying = true;
	hash_del_rcu(&dev->hnode);
	/* drains running sysfs handlers: they take dev->lock, never our mutex */
	kobject_del(&dev->kobj);
}

/* Second step, outside the mutex: may sleep, but never for the block class. */
static void teardown(struct aether_dev *dev)
{
	aether_prefetch_stop(dev);
	mutex_lock(&aether_dev_mutex);
	list_del(&dev->list);
	aether_dev_count--;
	mutex_unlock(&aether_dev_mutex);
	complete_all(&dev->stopped);
	kobject_put(&dev->kobj);	/* frees dev after a grace period */
}

/* Wait for another task's teardown of dev; called with the mutex held. */
static void wait_dying_unlock(struct aether_dev *dev)
{
	kobject_get(&dev->kobj);
	mutex_unlock(&aether_dev_mutex);
	wait_for_completion(&dev->stopped);
	kobject_put(&dev->kobj);
}

/* The block class: a disk (or partition) is being deleted. */
static void aether_block_remove(struct device *d)
{
	struct aether_dev *dev;

	mutex_lock(&aether_dev_mutex);
	dev = find_locked(d->devt, NULL);
	if (!dev) {
		mutex_unlock(&aether_dev_mutex);
		return;
	}
	if (dev->dying) {
		/* a detach is stopping its workers: they must be done first */
		wait_dying_unlock(dev);
		return;
	}
	unpublish_locked(dev);
	mutex_unlock(&aether_dev_mutex);
	if (!unloading)
		pr_info("aether: %s is going away, detached\n", dev->name);
	teardown(dev);
}

static int watch_block_class(struct device *d)
{
	int err = 0;

	mutex_lock(&watch_mutex);
	if (!watching) {
		aether_block_watch.class = d->class;
		err = class_interface_register(&aether_block_watch);
		watching = !err;
	}
	mutex_unlock(&watch_mutex);
	return err;
}

/* The per-CPU counters, summed (any context). */
void aether_dev_counts(struct aether_dev *dev, struct aether_dev_pcpu *sum)
{
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct aether_dev_pcpu *c = per_cpu_ptr(dev->pcpu, cpu);

		sum->reads += READ_ONCE(c->reads);
		sum->sectors += READ_ONCE(c->sectors);
		sum->self_reads += READ_ONCE(c->self_reads);
		sum->noted += READ_ONCE(c->noted);
		sum->waited += READ_ONCE(c->waited);
	}
}

/* Set a device's parameters and window, restarting its POVM state. */
void aether_dev_configure(struct aether_dev *dev, const struct aether_params *p,
			  u32 window)
{
	aether_povm_init(&dev->povm, p);
	aether_window_init(&dev->win, window);
	dev->window = window;
}

void aether_dev_apply_config(const struct aether_config *cfg)
{
	struct aether_dev *dev;
	unsigned long flags;

	mutex_lock(&aether_dev_mutex);
	list_for_each_entry(dev, &aether_dev_list, list) {
		spin_lock_irqsave(&dev->lock, flags);
		/* reads before the write are decided as they were */
		aether_dev_decide_notes(dev);
		/* a disk's own settings survive a global write */
		if (!dev->own_config)
			aether_dev_configure(dev, &cfg->params, cfg->window);
		aether_dev_unlock(dev, flags);
	}
	mutex_unlock(&aether_dev_mutex);
}

/* Returns 0, -EAGAIN (a dying namesake was waited for: retry) or an error. */
static int insert(struct aether_dev *dev, struct gendisk *disk)
{
	struct aether_dev *old;
	int err;

	mutex_lock(&aether_dev_mutex);
	old = find_locked(dev->devt, dev->name);
	if (old && old->dying) {
		wait_dying_unlock(old);
		return -EAGAIN;
	}
	err = -EEXIST;
	if (old)
		goto out;
	err = -ENOSPC;
	if (aether_dev_count >= AETHER_MAX_DEVICES)
		goto out;
	/* del_gendisk() unhashes the disk before calling remove_dev() */
	err = -ENODEV;
	if (!disk_live(disk))
		goto out;
	err = aether_sysfs_dev_add(dev);
	if (err)
		goto out;
	list_add_tail(&dev->list, &aether_dev_list);
	hash_add_rcu(aether_dev_hash, &dev->hnode, dev->devt);
	aether_dev_count++;
out:
	mutex_unlock(&aether_dev_mutex);
	return err;
}

/*
 * A disk name's device number, from its node in /dev ("cciss!c0d0" is
 * /dev/cciss/c0d0).  name_to_dev_t() is gone since 6.5 and its successor
 * is __init; lookup_bdev() is exported on every kernel we support.
 */
static int name_to_devt(const char *name, dev_t *devt)
{
	char path[sizeof("/dev/") + AETHER_DISK_NAME_LEN];
	int err;

	snprintf(path, sizeof(path), "/dev/%s", name);
	strreplace(path, '!', '/');
	err = lookup_bdev(path, devt);
	return err == -ENOENT || err == -ENOTBLK ? -ENODEV : err;
}

/*
 * Opening a device number no driver registered makes the block layer load
 * one for it (CONFIG_BLOCK_LEGACY_AUTOLOAD, on in Debian's kernels:
 * "block-major-1-0" loads brd).  Only numbers the block layer lists in
 * sysfs are opened; a stale /dev node or a made-up MAJ:MIN is -ENODEV.
 * A disk going away between the look and the open is the rest of the
 * window.  The path resolves in the writer's mount namespace: where no
 * sysfs is mounted there (a chroot, early boot) the number is opened
 * unchecked, as before the check.
 */
static bool devt_registered(dev_t devt)
{
	char name[sizeof("/sys/dev/block/4294967295:4294967295")];
	struct path path;

	snprintf(name, sizeof(name), "/sys/dev/block/%u:%u", MAJOR(devt),
		 MINOR(devt));
	if (!kern_path(name, 0, &path)) {
		path_put(&path);
		return true;
	}
	if (kern_path("/sys/dev/block", 0, &path))
		return true;	/* nothing to look in */
	path_put(&path);
	return false;
}

/*
 * Attach a whole disk: by name (already validated by
 * aether_disk_name_parse()), or by number when name is NULL.  Returns 0,
 * -ENODEV (no such disk), -EINVAL (a partition), -EEXIST, -ENOSPC or
 * -ENOMEM, or the error opening it gave.
 */
int aether_dev_attach(const char *name, dev_t devt)
{
	struct aether_bdev_ref ref;
	struct block_device *bdev;
	struct aether_dev *dev;
	int err;

	if (name) {
		err = name_to_devt(name, &devt);
		if (err)
			return err;
	}
	if (!devt_registered(devt))
		return -ENODEV;
	bdev = aether_bdev_open(devt, &ref);
	if (IS_ERR(bdev))
		return PTR_ERR(bdev) == -ENXIO ? -ENODEV : PTR_ERR(bdev);

	err = -EINVAL;
	if (bdev_is_partition(bdev) ||
	    (name && strcmp(dev_name(disk_to_dev(bdev->bd_disk)), name)))
		goto out_put;
	err = watch_block_class(disk_to_dev(bdev->bd_disk));
	if (err)
		goto out_put;

	err = -ENOMEM;
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		goto out_put;
	kobject_init(&dev->kobj, &aether_dev_ktype);
	dev->pcpu = alloc_percpu(struct aether_dev_pcpu);
	dev->note = alloc_percpu(struct aether_read);
	if (!dev->pcpu || !dev->note)
		goto out_free;
	init_llist_head(&dev->notes);
	spin_lock_init(&dev->lock);
	init_completion(&dev->stopped);
	dev->devt = bdev->bd_dev;
	dev->bdev = bdev;
	dev->disk = bdev->bd_disk;
	dev->diskseq = bdev->bd_disk->diskseq;
	strscpy(dev->name, dev_name(disk_to_dev(bdev->bd_disk)),
		sizeof(dev->name));
	mutex_lock(&aether_cfg_mutex);
	err = aether_prefetch_attach(dev, bdev, &aether_defaults);
	mutex_unlock(&aether_cfg_mutex);
	if (err)
		goto out_free;

	do {
		mutex_lock(&aether_cfg_mutex);
		aether_dev_configure(dev, &aether_defaults.params,
				     aether_defaults.window);
		err = insert(dev, bdev->bd_disk);
		mutex_unlock(&aether_cfg_mutex);
	} while (err == -EAGAIN);
	if (err)
		goto out_free;
	/* dev may already be gone: log from what is ours */
	pr_info("aether: attached %s (%u:%u)\n",
		dev_name(disk_to_dev(bdev->bd_disk)), MAJOR(devt), MINOR(devt));
	aether_bdev_close(&ref);
	return 0;

out_free:
	kobject_put(&dev->kobj);	/* frees the prefetch state too */
out_put:
	aether_bdev_close(&ref);
	return err;
}

int aether_dev_detach(const char *name, dev_t devt)
{
	struct aether_dev *dev;

	mutex_lock(&aether_dev_mutex);
	dev = find_locked(name ? 0 : devt, name);
	if (!dev || dev->dying) {
		mutex_unlock(&aether_dev_mutex);
		return -ENODEV;
	}
	unpublish_locked(dev);
	mutex_unlock(&aether_dev_mutex);
	pr_info("aether: detached %s\n", dev->name);
	teardown(dev);
	return 0;
}

static void fill_target(struct aether_target_stats *t,
			const struct aether_prefetch_counts *c, u32 depth)
{
	t->requests = c->requests;
	t->pages = c->pages;
	t->cached = c->cached;
	t->used = c->used;
	t->wasted = c->wasted;
	t->depth = depth;
}

static void fill_prefetch_stats(struct aether_dev *dev,
				struct aether_dev_stats_ext *x)
{
	struct aether_dev_stats *st = &x->base;
	struct aether_prefetch_stats pf;

	aether_prefetch_stats(dev, &pf);
	fill_target(&x->disk, &pf.disk, pf.depth);
	fill_target(&x->file, &pf.file, pf.file_depth);
	fill_target(&x->history, &pf.hist, pf.history_entries);
	st->pf_requests = pf.requests;
	st->pf_pages = pf.pages;
	st->pf_cached = pf.cached;
	st->pf_used = pf.used;
	st->pf_wasted = pf.wasted;
	st->pf_budget_drops = pf.budget_drops;
	st->policy = pf.policy;
	st->depth = pf.depth;
	st->max_depth = pf.max_depth;
	st->budget_kb = pf.budget_kb;
}

static void fill_stats(struct aether_dev *dev, struct aether_dev_stats_ext *x)
{
	struct aether_dev_stats *st = &x->base;
	struct aether_dev_pcpu c;
	unsigned long flags;

	strscpy_pad(st->disk, dev->name, sizeof(st->disk));
	st->major = MAJOR(dev->devt);
	st->minor = MINOR(dev->devt);
	spin_lock_irqsave(&dev->lock, flags);
	aether_dev_decide_notes(dev);
	st->window = dev->window;
	aether_dev_counts(dev, &c);
	st->reads = c.reads;
	st->sectors = c.sectors;
	st->self_reads = c.self_reads;
	st->decisions = dev->decisions;
	st->prefetches = dev->prefetches;
	aether_params_to_ioc(&dev->povm.params, &st->params);
	st->phi = dev->povm.phi;
	st->epsilon = dev->povm.epsilon;
	aether_dev_unlock(dev, flags);
	st->dropped = READ_ONCE(dev->dropped);
	fill_prefetch_stats(dev, x);
}

/* By disk, or the index-th attached device if disk is "" (in x->base). */
int aether_dev_stats(struct aether_dev_stats_ext *x)
{
	struct aether_dev_stats *st = &x->base;
	struct aether_dev *dev, *found = NULL;
	u32 i = 0;

	mutex_lock(&aether_dev_mutex);
	list_for_each_entry(dev, &aether_dev_list, list) {
		if (st->disk[0] ? !strcmp(dev->name, st->disk) : i == st->index) {
			found = dev;
			break;
		}
		i++;
	}
	if (found)
		fill_stats(found, x);
	mutex_unlock(&aether_dev_mutex);
	return found ? 0 : -ENODEV;
}

void aether_devices_exit(void)
{
	struct aether_dev *dev;

	/* the probe is gone: detach every disk, outside the class mutex */
	mutex_lock(&watch_mutex);
	unloading = true;
	mutex_unlock(&watch_mutex);
	for (;;) {
		mutex_lock(&aether_dev_mutex);
		list_for_each_entry(dev, &aether_dev_list, list)
			if (!dev->dying)
				break;
		if (list_entry_is_head(dev, &aether_dev_list, list)) {
			dev = list_first_entry_or_null(&aether_dev_list,
						       struct aether_dev, list);
			if (!dev) {
				mutex_unlock(&aether_dev_mutex);
				break;
			}
			wait_dying_unlock(dev);	/* a removal's teardown */
			continue;
		}
		unpublish_locked(dev);
		mutex_unlock(&aether_dev_mutex);
		teardown(dev);
	}
	/* with nothing attached, remove_dev() has nothing to do */
	mutex_lock(&watch_mutex);
	if (watching)
		class_interface_unregister(&aether_block_watch);
	watching = false;
	mutex_unlock(&watch_mutex);
	rcu_barrier();		/* every device's memory is freed */
}
