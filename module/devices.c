// SPDX-License-Identifier: GPL-2.0
/*
 * aether: the table of attached disks.
 *
 * Attach resolves a disk name to its device number, opens the disk just long
 * enough to check it is a live whole disk, and inserts an aether_dev keyed
 * by (dev_t, diskseq) into an RCU hash the probe searches.  aether keeps no
 * reference to the disk afterwards: holding the gendisk or an open block
 * device would pin the driver (rmmod null_blk would fail with EBUSY).
 *
 * To learn that a disk is going away, aether registers a class interface on
 * the block class (found through the disk's struct device, as block_class
 * is not exported).  del_gendisk() -> device_del() calls remove_dev() for
 * every interface, synchronously, before the driver can free anything; we
 * drop the device there.  An attach that races with the deletion notices,
 * under aether_dev_mutex, that the disk is no longer live and backs out.
 *
 * Lock order: aether_cfg_mutex -> aether_dev_mutex -> aether_dev.lock.
 * remove_dev() runs under the block class's own mutex and takes only
 * aether_dev_mutex, so the class interface is registered outside it.
 */
#include <linux/blkdev.h>
#include <linux/device.h>
#include <linux/hashtable.h>
#include <linux/mount.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "aether.h"

static DEFINE_HASHTABLE(aether_dev_hash, 6);
static LIST_HEAD(aether_dev_list);
static DEFINE_MUTEX(aether_dev_mutex);
static unsigned int aether_dev_count;

static DEFINE_MUTEX(watch_mutex);
static bool watching;
static bool unloading;

static void aether_block_remove(struct device *d, struct class_interface *intf);

static struct class_interface aether_block_watch = {
	.remove_dev = aether_block_remove,
};

/* Probe context, under rcu_read_lock(). */
struct aether_dev *aether_dev_lookup(dev_t devt, u64 diskseq)
{
	struct aether_dev *dev;

	hash_for_each_possible_rcu(aether_dev_hash, dev, hnode, devt)
		if (dev->devt == devt && dev->diskseq == diskseq)
			return dev;
	return NULL;
}

static struct aether_dev *find_locked(dev_t devt, const char *name)
{
	struct aether_dev *dev;

	lockdep_assert_held(&aether_dev_mutex);
	list_for_each_entry(dev, &aether_dev_list, list)
		if (dev->devt == devt || (name && !strcmp(dev->name, name)))
			return dev;
	return NULL;
}

static void unlink_locked(struct aether_dev *dev)
{
	lockdep_assert_held(&aether_dev_mutex);
	hash_del_rcu(&dev->hnode);
	list_del(&dev->list);
	aether_dev_count--;
}

/* After unlink_locked(), outside aether_dev_mutex: may sleep. */
static void destroy(struct aether_dev *dev)
{
	synchronize_rcu();		/* no probe is still using it */
	aether_prefetch_detach(dev);
	aether_events_forget(dev);
	kobject_put(&dev->kobj);	/* removes devices/<disk>/, frees dev */
}

/* The block class: a disk (or partition) is being deleted. */
static void aether_block_remove(struct device *d, struct class_interface *intf)
{
	struct aether_dev *dev;

	mutex_lock(&aether_dev_mutex);
	dev = find_locked(d->devt, NULL);
	if (dev)
		unlink_locked(dev);
	mutex_unlock(&aether_dev_mutex);
	if (dev) {
		if (!unloading)
			pr_info("aether: %s is going away, detached\n",
				dev->name);
		destroy(dev);
	}
}

static int watch_block_class(struct class *cls)
{
	int err = 0;

	mutex_lock(&watch_mutex);
	if (!watching) {
		aether_block_watch.class = cls;
		err = class_interface_register(&aether_block_watch);
		watching = !err;
	}
	mutex_unlock(&watch_mutex);
	return err;
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
		aether_dev_configure(dev, &cfg->params, cfg->window);
		spin_unlock_irqrestore(&dev->lock, flags);
	}
	mutex_unlock(&aether_dev_mutex);
}

static int insert(struct aether_dev *dev, struct gendisk *disk)
{
	int err;

	mutex_lock(&aether_dev_mutex);
	err = -EEXIST;
	if (find_locked(dev->devt, dev->name))
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
 * Attach the whole disk called name (already validated by
 * aether_disk_name_parse()).  Returns 0, -ENODEV (no such disk), -EINVAL (a
 * partition), -EEXIST, -ENOSPC or -ENOMEM, or the error opening it gave.
 */
int aether_dev_attach(const char *name)
{
	const fmode_t mode = FMODE_READ | FMODE_NDELAY;
	char path[sizeof("/dev/") + AETHER_DISK_NAME_LEN];
	struct block_device *bdev;
	struct aether_dev *dev;
	dev_t devt;
	int err;

	snprintf(path, sizeof(path), "/dev/%s", name);
	devt = name_to_dev_t(path);
	if (!devt)
		return -ENODEV;
	bdev = blkdev_get_by_dev(devt, mode, NULL);
	if (IS_ERR(bdev))
		return PTR_ERR(bdev) == -ENXIO ? -ENODEV : PTR_ERR(bdev);

	err = -EINVAL;
	if (bdev_is_partition(bdev) ||
	    strcmp(dev_name(disk_to_dev(bdev->bd_disk)), name))
		goto out_put;
	err = watch_block_class(disk_to_dev(bdev->bd_disk)->class);
	if (err)
		goto out_put;

	err = -ENOMEM;
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		goto out_put;
	kobject_init(&dev->kobj, &aether_dev_ktype);
	spin_lock_init(&dev->lock);
	dev->devt = bdev->bd_dev;
	dev->diskseq = bdev->bd_disk->diskseq;
	strscpy(dev->name, name, sizeof(dev->name));
	err = aether_prefetch_attach(dev, bdev);
	if (err)
		goto out_free;

	mutex_lock(&aether_cfg_mutex);
	aether_dev_configure(dev, &aether_defaults.params, aether_defaults.window);
	err = insert(dev, bdev->bd_disk);
	mutex_unlock(&aether_cfg_mutex);
	if (err)
		goto out_detach;
	blkdev_put(bdev, mode);
	pr_info("aether: attached %s (%u:%u)\n", name, MAJOR(dev->devt),
		MINOR(dev->devt));
	return 0;

out_detach:
	aether_prefetch_detach(dev);
out_free:
	kobject_put(&dev->kobj);
out_put:
	blkdev_put(bdev, mode);
	return err;
}

int aether_dev_detach(const char *name)
{
	struct aether_dev *dev;

	mutex_lock(&aether_dev_mutex);
	dev = find_locked(0, name);
	if (dev)
		unlink_locked(dev);
	mutex_unlock(&aether_dev_mutex);
	if (!dev)
		return -ENODEV;
	pr_info("aether: detached %s\n", dev->name);
	destroy(dev);
	return 0;
}

static void fill_prefetch_stats(struct aether_dev *dev,
				struct aether_dev_stats *st)
{
	struct aether_prefetch_stats pf;

	aether_prefetch_stats(dev, &pf);
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

static void fill_stats(struct aether_dev *dev, struct aether_dev_stats *st)
{
	unsigned long flags;

	strscpy_pad(st->disk, dev->name, sizeof(st->disk));
	st->major = MAJOR(dev->devt);
	st->minor = MINOR(dev->devt);
	spin_lock_irqsave(&dev->lock, flags);
	st->window = dev->window;
	st->reads = dev->reads;
	st->sectors = dev->sectors;
	st->decisions = dev->decisions;
	st->prefetches = dev->prefetches;
	st->self_reads = dev->self_reads;
	aether_params_to_ioc(&dev->povm.params, &st->params);
	st->phi = dev->povm.phi;
	st->epsilon = dev->povm.epsilon;
	spin_unlock_irqrestore(&dev->lock, flags);
	st->dropped = READ_ONCE(dev->dropped);
	fill_prefetch_stats(dev, st);
}

/* By st->disk, or the st->index-th attached device if st->disk is "". */
int aether_dev_stats(struct aether_dev_stats *st)
{
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
		fill_stats(found, st);
	mutex_unlock(&aether_dev_mutex);
	return found ? 0 : -ENODEV;
}

void aether_devices_exit(void)
{
	struct aether_dev *dev;

	/* detaches, through remove_dev(), every attached disk */
	mutex_lock(&watch_mutex);
	unloading = true;
	if (watching)
		class_interface_unregister(&aether_block_watch);
	watching = false;
	mutex_unlock(&watch_mutex);

	for (;;) {
		mutex_lock(&aether_dev_mutex);
		dev = list_first_entry_or_null(&aether_dev_list,
					       struct aether_dev, list);
		if (dev)
			unlink_locked(dev);
		mutex_unlock(&aether_dev_mutex);
		if (!dev)
			break;
		destroy(dev);
	}
}
