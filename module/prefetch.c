// SPDX-License-Identifier: GPL-2.0
/*
 * aether: the prefetch engine -- where decisions turn into readahead.
 *
 * In the probe (atomic, device lock held) every read goes to the device's
 * stride predictor (module/core/predict.c); when the policy lets it predict
 * (povm: the POVM gate said "prefetch"; stride: always; off: never) the
 * predicted ranges go on a bounded per-device queue, within a budget of
 * pages queued or being submitted.  Workers on an unbound workqueue drain
 * the queue into the block device's page cache -- the one buffered readers
 * of the device use -- with page_cache_ra_unbounded(), skipping pages that
 * are already cached, under a plug.  The probe knows their I/O for
 * aether's own (and never feeds it back) by the work item the submitting
 * task is running.  A second work item later looks at what was
 * prefetched: pages since read (referenced) are "used", pages evicted or
 * still unread after AETHER_PF_JUDGE_MS are "wasted"; the predictor's depth
 * follows.
 *
 * Workers never open the disk: an open from aether's work could make
 * `dmsetup remove` or `losetup -d` fail with EBUSY, truncate the page cache
 * it just filled when aether closed last, send medium-lock commands or
 * autoload modules.  They read through dev->bdev's mapping, valid until
 * aether_prefetch_stop() returns (devices.c says why).  Stop cancels and
 * waits for the device's work; the readahead I/O already submitted
 * completes inside the page cache, with no aether code involved.  The
 * state itself lives as long as the device (aether_prefetch_free()), so a
 * sysfs reader or writer racing a detach never sees it freed.
 */
#include <linux/backing-dev.h>
#include <linux/blkdev.h>
#include <linux/cpumask.h>
#include <linux/jiffies.h>
#include <linux/pagemap.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "aether.h"
#include "compat.h"
#include "../include/aether/predict.h"

/* ranges waiting for a worker, per device */
#define AETHER_PF_QUEUE		256
/* prefetched pages awaiting a verdict, per device */
#define AETHER_PF_TRACK		4096
/* a prefetched page unread this long counts as wasted */
#define AETHER_PF_JUDGE_MS	2000
/* how often the verdicts are collected while pages await one */
#define AETHER_PF_SCAN_MS	100
/* workers per device, at most */
#define AETHER_PF_WORKERS	4

struct aether_pf;

struct aether_pf_worker {
	struct work_struct work;
	struct aether_pf *pf;
};

struct aether_pf_page {
	pgoff_t index;
	unsigned long when;	/* jiffies at submission */
};

struct aether_pf {
	struct aether_dev *dev;
	/* under dev->lock */
	struct aether_pred pred;
	enum aether_policy policy;
	u32 budget_pages;
	u32 inflight;		/* pages queued or being submitted */
	u32 q_head, q_tail;	/* free-running; q_tail - q_head queued */
	struct aether_pred_range q[AETHER_PF_QUEUE];
	u32 t_head, t_tail;	/* free-running ring of pages to judge */
	bool gone;		/* detaching: queue nothing more */
	struct aether_prefetch_stats st;
	/* set at attach */
	unsigned int nr_workers;
	struct aether_pf_worker workers[AETHER_PF_WORKERS];
	struct delayed_work judge;
	struct aether_pf_page track[AETHER_PF_TRACK];
};

static struct workqueue_struct *aether_prefetch_wq;

const char *aether_prefetch_policy_name(u32 policy)
{
	return policy < AETHER_NR_POLICIES ? aether_policy_names[policy] : "?";
}

int aether_prefetch_init(void)
{
	aether_prefetch_wq = alloc_workqueue("aether_prefetch",
					     WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	return aether_prefetch_wq ? 0 : -ENOMEM;
}

void aether_prefetch_exit(void)
{
	destroy_workqueue(aether_prefetch_wq);
}

/* Drop whatever is queued (device lock held). */
static void pf_flush_queue(struct aether_pf *pf)
{
	while (pf->q_head != pf->q_tail) {
		struct aether_pred_range *r = &pf->q[pf->q_head++ % AETHER_PF_QUEUE];
		u32 pages = r->nr_sectors / AETHER_PAGE_SECTORS;

		pf->inflight -= pages;
		pf->st.budget_drops += pages;
	}
}

/*
 * Probe context, dev->lock held: feed the predictor, queue what it predicts
 * and wake the workers.  O(1) in the queue; no allocation, no sleeping.
 */
void aether_prefetch_decision(struct aether_dev *dev, u64 sector, u32 sectors,
			      bool fetch)
{
	struct aether_pf *pf = dev->prefetch;
	struct aether_pred_range r[8];
	u32 n, i, queued = 0;

	if (pf->policy == AETHER_POLICY_OFF)
		return;
	n = aether_pred_access(&pf->pred, current->tgid, sector, sectors,
			       aether_policy_predicts(pf->policy, fetch),
			       r, ARRAY_SIZE(r));
	if (!n || pf->gone)
		return;
	for (i = 0; i < n; i++) {
		u32 pages = r[i].nr_sectors / AETHER_PAGE_SECTORS;

		if (pf->inflight + pages > pf->budget_pages ||
		    pf->q_tail - pf->q_head >= AETHER_PF_QUEUE) {
			pf->st.budget_drops += pages;
			continue;
		}
		pf->q[pf->q_tail++ % AETHER_PF_QUEUE] = r[i];
		pf->inflight += pages;
		pf->st.requests++;
		queued++;
	}
	if (!queued)
		return;
	/* one worker per few queued ranges, so a burst spreads over CPUs */
	queued = pf->q_tail - pf->q_head;
	for (i = 0; i < pf->nr_workers && (i == 0 || queued > 4 * i); i++)
		queue_work(aether_prefetch_wq, &pf->workers[i].work);
}

/*
 * Note a submitted run of pages for judging later (worker): one trip
 * through the device lock per run, not per page, as the probe takes it too.
 */
static void pf_track(struct aether_pf *pf, pgoff_t index, pgoff_t end)
{
	struct aether_dev *dev = pf->dev;
	unsigned long flags, now = jiffies;

	spin_lock_irqsave(&dev->lock, flags);
	for (; index < end && pf->t_tail - pf->t_head < AETHER_PF_TRACK; index++) {
		struct aether_pf_page *t = &pf->track[pf->t_tail++ % AETHER_PF_TRACK];

		t->index = index;
		t->when = now;
	}
	spin_unlock_irqrestore(&dev->lock, flags);
}

static bool page_cached(struct address_space *mapping, pgoff_t index)
{
	loff_t pos = (loff_t)index << PAGE_SHIFT;

	return filemap_range_has_page(mapping, pos, pos + PAGE_SIZE - 1);
}

/*
 * Read one predicted range into the page cache: uncached runs of pages go
 * to page_cache_ra_unbounded(), cached pages are counted and skipped.
 * Returns the number of pages submitted.
 */
static u32 pf_read_range(struct aether_pf *pf, struct address_space *mapping,
			 const struct aether_pred_range *r, pgoff_t limit,
			 u32 *cached)
{
	pgoff_t index = r->sector / AETHER_PAGE_SECTORS;
	pgoff_t end = index + r->nr_sectors / AETHER_PAGE_SECTORS;
	u32 submitted = 0;

	/* the disk may have shrunk since the prediction */
	end = min(end, limit);

	while (index < end) {
		pgoff_t run = index;

		while (run < end && !page_cached(mapping, run))
			run++;
		if (run > index) {
			DEFINE_READAHEAD(ractl, NULL, NULL, mapping, index);

			aether_ra_unbounded(&ractl, run - index);
			pf_track(pf, index, run);
			submitted += run - index;
			index = run;
		} else {
			(*cached)++;
			index++;
		}
	}
	return submitted;
}

static void pf_issue(struct work_struct *work)
{
	struct aether_pf *pf = container_of(work, struct aether_pf_worker,
					    work)->pf;
	struct aether_dev *dev = pf->dev;
	struct address_space *mapping = aether_bdev_mapping(dev->bdev);
	struct aether_pred_range r;
	unsigned long flags;
	struct blk_plug plug;
	u32 pages, submitted, cached;
	sector_t capacity = bdev_nr_sectors(dev->bdev);

	spin_lock_irqsave(&dev->lock, flags);
	aether_pred_set_capacity(&pf->pred, capacity);
	spin_unlock_irqrestore(&dev->lock, flags);

	blk_start_plug(&plug);
	for (;;) {
		spin_lock_irqsave(&dev->lock, flags);
		if (pf->q_head == pf->q_tail) {
			spin_unlock_irqrestore(&dev->lock, flags);
			break;
		}
		r = pf->q[pf->q_head++ % AETHER_PF_QUEUE];
		spin_unlock_irqrestore(&dev->lock, flags);

		pages = r.nr_sectors / AETHER_PAGE_SECTORS;
		cached = 0;
		submitted = pf_read_range(pf, mapping, &r,
					  capacity / AETHER_PAGE_SECTORS,
					  &cached);

		spin_lock_irqsave(&dev->lock, flags);
		pf->inflight -= pages;
		pf->st.pages += submitted;
		pf->st.cached += cached;
		spin_unlock_irqrestore(&dev->lock, flags);
		if (need_resched()) {
			blk_finish_plug(&plug);
			cond_resched();
			blk_start_plug(&plug);
		}
	}
	blk_finish_plug(&plug);
	queue_delayed_work(aether_prefetch_wq, &pf->judge,
			   msecs_to_jiffies(AETHER_PF_SCAN_MS));
}

/*
 * Verdicts on prefetched pages, oldest first: read since (referenced or
 * active) is used; gone from the cache, or still unread after
 * AETHER_PF_JUDGE_MS, is wasted.  The predictor's depth follows.
 */
static void pf_judge(struct work_struct *work)
{
	struct aether_pf *pf = container_of(to_delayed_work(work),
					    struct aether_pf, judge);
	unsigned long flags, deadline = msecs_to_jiffies(AETHER_PF_JUDGE_MS);
	struct aether_dev *dev = pf->dev;
	struct address_space *mapping = aether_bdev_mapping(dev->bdev);
	u32 used = 0, wasted = 0;
	bool more = false;

	for (;;) {
		struct aether_pf_page t;
		struct folio *folio;
		bool read;

		spin_lock_irqsave(&dev->lock, flags);
		if (pf->t_head == pf->t_tail) {
			spin_unlock_irqrestore(&dev->lock, flags);
			break;
		}
		t = pf->track[pf->t_head % AETHER_PF_TRACK];
		spin_unlock_irqrestore(&dev->lock, flags);

		folio = aether_folio_get(mapping, t.index);
		read = folio && (folio_test_referenced(folio) ||
				 folio_test_active(folio));
		if (folio)
			folio_put(folio);
		if (folio && !read && time_before(jiffies, t.when + deadline)) {
			more = true;	/* not read yet, not judged yet */
			break;
		}
		read ? used++ : wasted++;
		spin_lock_irqsave(&dev->lock, flags);
		pf->t_head++;
		spin_unlock_irqrestore(&dev->lock, flags);
	}
	spin_lock_irqsave(&dev->lock, flags);
	pf->st.used += used;
	pf->st.wasted += wasted;
	if (used || wasted)
		aether_pred_feedback(&pf->pred, used, wasted);
	more = more && !pf->gone;
	spin_unlock_irqrestore(&dev->lock, flags);
	if (more)
		queue_delayed_work(aether_prefetch_wq, &pf->judge,
				   msecs_to_jiffies(AETHER_PF_SCAN_MS));
}

/*
 * Probe context: is the running task submitting aether's own prefetch?
 * Our workers run only pf_issue() and pf_judge(); the flag test keeps
 * every other task to one load.
 */
bool aether_prefetch_own_io(void)
{
	struct work_struct *work;

	if (!(current->flags & PF_WQ_WORKER))
		return false;
	work = current_work();
	return work && (work->func == pf_issue ||
			work->func == pf_judge);
}

int aether_prefetch_attach(struct aether_dev *dev, struct block_device *bdev)
{
	struct aether_pf *pf;
	unsigned int i;

	pf = kvzalloc(sizeof(*pf), GFP_KERNEL);
	if (!pf)
		return -ENOMEM;
	pf->dev = dev;
	pf->policy = AETHER_POLICY_POVM;
	pf->budget_pages = AETHER_PF_BUDGET_KB_DEFAULT / (PAGE_SIZE / 1024);
	aether_pred_init(&pf->pred, bdev_nr_sectors(bdev),
			 AETHER_PRED_DEPTH_DEFAULT);
	/* forward contiguous streams are Linux readahead's, when it is on */
	aether_pred_set_skip_sequential(&pf->pred,
					bdev->bd_disk->bdi->ra_pages != 0);
	pf->nr_workers = clamp_t(unsigned int, num_online_cpus(), 1,
				 AETHER_PF_WORKERS);
	for (i = 0; i < pf->nr_workers; i++) {
		pf->workers[i].pf = pf;
		INIT_WORK(&pf->workers[i].work, pf_issue);
	}
	INIT_DELAYED_WORK(&pf->judge, pf_judge);
	dev->prefetch = pf;
	return 0;
}

/*
 * The probe can no longer queue work for dev: stop what is queued or
 * running.  Afterwards nothing of aether touches dev->bdev.
 */
void aether_prefetch_stop(struct aether_dev *dev)
{
	struct aether_pf *pf = dev->prefetch;
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&dev->lock, flags);
	pf->gone = true;	/* the probe queues nothing more */
	pf_flush_queue(pf);
	spin_unlock_irqrestore(&dev->lock, flags);
	for (i = 0; i < pf->nr_workers; i++)
		cancel_work_sync(&pf->workers[i].work);
	/* a worker that ran to the end re-armed the judge: cancel after it */
	cancel_delayed_work_sync(&pf->judge);
}

/* With the device's memory, once nothing can reach either. */
void aether_prefetch_free(struct aether_dev *dev)
{
	kvfree(dev->prefetch);
	dev->prefetch = NULL;
}

/* A new medium (diskseq) behind the same disk: what was learnt is void. */
void aether_prefetch_new_media(struct aether_dev *dev)
{
	struct aether_pf *pf = dev->prefetch;

	lockdep_assert_held(&dev->lock);
	aether_pred_forget(&pf->pred);
	pf_flush_queue(pf);
}

void aether_prefetch_stats(struct aether_dev *dev,
			   struct aether_prefetch_stats *st)
{
	struct aether_pf *pf = dev->prefetch;
	unsigned long flags;

	spin_lock_irqsave(&dev->lock, flags);
	*st = pf->st;
	st->policy = pf->policy;
	st->depth = pf->pred.depth;
	st->max_depth = pf->pred.max_depth;
	st->budget_kb = pf->budget_pages * (PAGE_SIZE / 1024);
	st->inflight = pf->inflight;
	spin_unlock_irqrestore(&dev->lock, flags);
}

int aether_prefetch_set_policy(struct aether_dev *dev, u32 policy)
{
	struct aether_pf *pf = dev->prefetch;
	unsigned long flags;

	if (policy >= AETHER_NR_POLICIES)
		return -EINVAL;
	spin_lock_irqsave(&dev->lock, flags);
	if (pf->policy != policy) {
		pf->policy = policy;
		/* streams learnt under another policy start over */
		aether_pred_forget(&pf->pred);
		pf_flush_queue(pf);
	}
	spin_unlock_irqrestore(&dev->lock, flags);
	return 0;
}

int aether_prefetch_set_max_depth(struct aether_dev *dev, u32 depth)
{
	struct aether_pf *pf = dev->prefetch;
	unsigned long flags;
	int err;

	spin_lock_irqsave(&dev->lock, flags);
	err = aether_pred_set_max_depth(&pf->pred, depth) ? -EINVAL : 0;
	spin_unlock_irqrestore(&dev->lock, flags);
	return err;
}

int aether_prefetch_set_budget(struct aether_dev *dev, u32 kb)
{
	struct aether_pf *pf = dev->prefetch;
	unsigned long flags;

	if (kb < AETHER_PF_BUDGET_KB_MIN || kb > AETHER_PF_BUDGET_KB_MAX ||
	    kb % (PAGE_SIZE / 1024))
		return -EINVAL;
	spin_lock_irqsave(&dev->lock, flags);
	pf->budget_pages = kb / (PAGE_SIZE / 1024);
	spin_unlock_irqrestore(&dev->lock, flags);
	return 0;
}
