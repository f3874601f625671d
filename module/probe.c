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
 * The probe runs on every CPU at once: it looks at reads only, finds the
 * device in O(1) under RCU, counts the read per CPU and, for a read some
 * policy can use (or while events are recorded), runs one POVM cycle under
 * the device's spinlock, records an event and hands the decision to the
 * prefetch engine.  It allocates nothing and never sleeps.  The window
 * counts a read that continues the previous one as a 4 KiB step, so large
 * readahead bios of a sequential stream look sequential to the POVM kernel
 * (include/aether/window.h).
 */
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/pagemap.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "aether.h"
#include "compat.h"

#define AETHER_TRACEPOINT	"block_bio_queue"

static struct tracepoint *aether_tp;

/*
 * One decided read: window, POVM cycle, counters, event and the prefetch
 * hook, all under the device's lock so that the events of one device are
 * in decision order and the hook sees the window as it decided.
 */
static void aether_decide(struct aether_dev *dev, const struct aether_target *t,
			  u64 diskseq, u64 sector, u32 sectors)
{
	unsigned long flags;
	bool fetch;
	u64 first, last;
	u32 len;

	spin_lock_irqsave(&dev->lock, flags);
	if (unlikely(dev->diskseq != diskseq)) {
		/* loop rebind, media change: the old streams are gone */
		dev->diskseq = diskseq;
		aether_window_init(&dev->win, dev->window);
		aether_prefetch_new_media(dev);
	}
	len = aether_window_push_io(&dev->win, sector, sectors, &first, &last);
	fetch = aether_povm_cycle(&dev->povm, first, last, len, NULL);
	dev->decisions++;
	dev->prefetches += fetch;
	if (aether_events_recording())	/* no call when nobody listens */
		aether_event_record(dev, sector, sectors, fetch, dev->povm.phi,
				    dev->povm.epsilon);
	aether_prefetch_decision(dev, t, sector, sectors, fetch);
	spin_unlock_irqrestore(&dev->lock, flags);
}

/*
 * Probe context: the page a read fills if it can be a page-cache read at
 * all -- locked for the read, not uptodate, neither anonymous nor swap
 * cache nor slab (XFS reads small metadata into kmalloc memory, whose
 * flags word SLUB may use as a lock) -- else NULL.  O_DIRECT into user
 * memory and swap stop here, before any call.
 */
static __always_inline struct page *aether_read_page(struct bio *bio)
{
	struct folio *folio;
	struct page *page;

	if (!bio_has_data(bio))
		return NULL;
	page = bio_page(bio);
	folio = page_folio(page);
	if (!folio_test_locked(folio) || folio_test_uptodate(folio) ||
	    folio_test_anon(folio) || folio_test_swapcache(folio) ||
	    folio_test_slab(folio))
		return NULL;
	return page;
}

/*
 * A read that may be decided: a page-cache read (target.c says whose), or
 * any read while the event stream records.  Out of line, so that the
 * probe's common exits carry no stack frame for the target.
 */
static noinline void aether_read(struct aether_dev *dev, struct bio *bio,
				 struct gendisk *disk, struct page *page)
{
	struct aether_dev_pcpu __percpu *c = dev->pcpu;
	u32 sectors = bio_sectors(bio);
	struct aether_target t = { .kind = AETHER_TARGET_NONE, .bio = bio };

	if (page)
		aether_target_classify(dev, bio, page, &t);
	/*
	 * A bio a workqueue worker submits has no reader to learn from or to
	 * credit: blk-throttle dispatches throttled bios from kblockd (a
	 * reader's, or aether's own, which are charged to the reader's blkcg
	 * and throttled too), loop reads its backing file from its workers.
	 * Such a read is counted and, like O_DIRECT, decided only while
	 * events are recorded.  Kernel threads that serve readers (nfsd,
	 * ksmbd) are not workqueue workers and are predicted for.
	 */
	if (unlikely(current->flags & PF_WQ_WORKER)) {
		/* aether's own I/O (a worker's) is never NONE */
		if (t.kind != AETHER_TARGET_NONE && aether_prefetch_own_io()) {
			this_cpu_inc(c->self_reads);
			return;
		}
		t.kind = AETHER_TARGET_NONE;
	}
	this_cpu_inc(c->reads);
	this_cpu_add(c->sectors, sectors);
	if (t.kind == AETHER_TARGET_NONE && !aether_events_recording())
		return;
	aether_decide(dev, &t, READ_ONCE(disk->diskseq), bio->bi_iter.bi_sector,
		      sectors);
}

/*
 * A read that is not decided: counted, on this CPU, without a lock.  A
 * page-cache read by aether's own worker (policy off: one still in
 * flight) is a self read, as aether_read() counts it.
 */
static __always_inline void aether_count(struct aether_dev *dev,
					 struct bio *bio, struct page *page)
{
	struct aether_dev_pcpu __percpu *c = dev->pcpu;

	if (unlikely(page && (current->flags & PF_WQ_WORKER)) &&
	    aether_prefetch_own_io()) {
		this_cpu_inc(c->self_reads);
		return;
	}
	this_cpu_inc(c->reads);
	this_cpu_add(c->sectors, bio_sectors(bio));
}

/*
 * Every read of an attached disk is counted, on this CPU, without a lock.
 * Only reads a policy can use (page-cache reads, policy povm or stride)
 * are decided, and the others (O_DIRECT, swap, metadata of a claimed
 * disk, every read under policy off) only while the event stream records
 * them: when nobody listens, such a read costs a look at its first page,
 * the inline lookup and two per-CPU additions.  Under policy off the gate
 * thus sees only what is recorded, as it sees O_DIRECT reads.
 */
static void aether_probe_bio_queue(void *data, struct bio *bio)
{
	struct gendisk *disk = bio->bi_bdev->bd_disk;
	struct aether_dev *dev;
	struct page *page;

	if (bio_op(bio) != REQ_OP_READ || !bio_sectors(bio))
		return;
	page = aether_read_page(bio);
	aether_probe_rcu_lock();
	dev = aether_dev_lookup(disk_devt(disk), disk);
	if (dev) {
		if (aether_events_recording() ||
		    (page && !READ_ONCE(dev->policy_off)))
			aether_read(dev, bio, disk, page);
		else
			aether_count(dev, bio, page);
	}
	aether_probe_rcu_unlock();
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
