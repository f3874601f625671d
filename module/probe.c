// SPDX-License-Identifier: GPL-2.0
/*
 * aether: the block-layer hook.
 *
 * aether probes the block_bio_queue tracepoint rather than block_rq_issue:
 * - it fires in the context of the task submitting the bio, so aether can
 *   recognise (and ignore) the I/O its own prefetch worker issues;
 * - it sees each bio once, before the I/O scheduler merges neighbours into
 *   one request, so the window holds the reader's own access pattern;
 * - it fires for every disk, blk-mq or bio-based, with or without a
 *   scheduler, and after partition remapping, so sectors are whole-disk.
 * Neither tracepoint is exported as a symbol; for_each_kernel_tracepoint()
 * finds it by name.
 *
 * The probe runs on every CPU at once with preemption disabled: it looks at
 * reads only, finds the device in O(1) under RCU, runs one POVM cycle under
 * the device's spinlock, records an event and hands the decision to the
 * prefetch engine.  It allocates nothing and never sleeps.  The window
 * counts a read that continues the previous one as a 4 KiB step, so large
 * readahead bios of a sequential stream look sequential to the POVM kernel
 * (include/aether/window.h).
 */
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "aether.h"

#define AETHER_TRACEPOINT	"block_bio_queue"

static struct tracepoint *aether_tp;

/*
 * One read on an attached device: window, POVM cycle, counters, event and
 * the prefetch hook, all under the device's lock so that the events of one
 * device are in decision order and the hook sees the window as it decided.
 */
static void aether_decide(struct aether_dev *dev, struct bio *bio, u64 diskseq,
			  u64 sector, u32 sectors)
{
	struct aether_target t;
	unsigned long flags;
	bool fetch;
	u64 first, last;
	u32 len;

	spin_lock_irqsave(&dev->lock, flags);
	if (aether_prefetch_own_io()) {
		dev->self_reads++;
		goto out;
	}
	if (unlikely(dev->diskseq != diskseq)) {
		/* loop rebind, media change: the old streams are gone */
		dev->diskseq = diskseq;
		aether_window_init(&dev->win, dev->window);
		aether_prefetch_new_media(dev);
	}
	aether_target_classify(dev, bio, &t);
	len = aether_window_push_io(&dev->win, sector, sectors, &first, &last);
	fetch = aether_povm_cycle(&dev->povm, first, last, len, NULL);
	dev->reads++;
	dev->sectors += sectors;
	dev->decisions++;
	dev->prefetches += fetch;
	aether_event_record(dev, sector, sectors, fetch, dev->povm.phi,
			    dev->povm.epsilon);
	aether_prefetch_decision(dev, &t, sector, sectors, fetch);
out:
	spin_unlock_irqrestore(&dev->lock, flags);
}

static void aether_probe_bio_queue(void *data, struct bio *bio)
{
	struct gendisk *disk = bio->bi_bdev->bd_disk;
	struct aether_dev *dev;

	if (bio_op(bio) != REQ_OP_READ || !bio_sectors(bio))
		return;
	rcu_read_lock();
	dev = aether_dev_lookup(disk_devt(disk), disk);
	if (dev)
		aether_decide(dev, bio, READ_ONCE(disk->diskseq),
			      bio->bi_iter.bi_sector, bio_sectors(bio));
	rcu_read_unlock();
}

static void find_tracepoint(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, AETHER_TRACEPOINT))
		*(struct tracepoint **)priv = tp;
}

int aether_probe_init(void)
{
	int err;

	for_each_kernel_tracepoint(find_tracepoint, &aether_tp);
	if (!aether_tp) {
		pr_err("aether: tracepoint %s not found\n", AETHER_TRACEPOINT);
		return -ENOENT;
	}
	err = tracepoint_probe_register(aether_tp, aether_probe_bio_queue, NULL);
	if (err)
		pr_err("aether: cannot probe %s: %d\n", AETHER_TRACEPOINT, err);
	return err;
}

void aether_probe_exit(void)
{
	tracepoint_probe_unregister(aether_tp, aether_probe_bio_queue, NULL);
	/* waits for probes running on other CPUs */
	tracepoint_synchronize_unregister();
}
