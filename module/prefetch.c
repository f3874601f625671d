// SPDX-License-Identifier: GPL-2.0
/*
 * aether: the prefetch engine -- where decisions turn into readahead.
 *
 * In the probe (atomic, device lock held) every page-cache read goes to a
 * stride predictor (module/core/predict.c): the disk's, in LBA space, for a
 * raw reader of the disk; the files', in each file's page-offset space, for
 * a filesystem reader (target.c tells which).  It learns first; only a read
 * whose stream may predict goes on to the POVM gate (probe.c).  When the
 * policy lets it predict (povm: the gate said "prefetch"; stride: always;
 * off: never)
 * and no other task waits for the reader's CPU (busy_yield: the CPU a
 * prefetch costs would be taken from that task), the predicted ranges go
 * on a bounded per-device queue, within a budget of pages queued or being
 * submitted.  Workers on a per-CPU workqueue drain
 * the queue into the page cache the reader uses -- the disk's or the
 * file's -- with page_cache_ra_unbounded(), skipping pages that are already
 * cached, under a plug, and then, with the queue empty, the rest of the
 * stream's lead that one read could not queue.  The probe knows their I/O for
 * aether's own (and never feeds it back) by the work item the submitting
 * task is running.  A second work item later looks at what was
 * prefetched: pages since read (referenced) are "used", pages evicted or
 * still unread after AETHER_PF_JUDGE_MS are "wasted"; each predictor's
 * depth follows its own pages.
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
#include <linux/blk-cgroup.h>
#include <linux/blkdev.h>
#include <linux/cgroup.h>
#include <linux/cpumask.h>
#include <linux/hash.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/memcontrol.h>
#include <linux/pagemap.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/stat.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "aether.h"
#include "compat.h"
#include "prefetch.h"

static void pf_hist_reset_work(struct work_struct *work);

/* a prefetched page unread this long counts as wasted */
#define AETHER_PF_JUDGE_MS	2000
/* how often the verdicts are collected while pages await one */
#define AETHER_PF_SCAN_MS	100
/* units one history prediction covers, for files (pages): 4 MiB as for disks */
#define AETHER_PF_HIST_FILE_SPAN	(AETHER_HIST_SPAN_DEFAULT / AETHER_PAGE_SECTORS)

static struct workqueue_struct *aether_prefetch_wq;

const char *aether_prefetch_policy_name(u32 policy)
{
	return policy < AETHER_NR_POLICIES ? aether_policy_names[policy] : "?";
}

int aether_prefetch_init(void)
{
	/*
	 * Per-CPU and high priority: a range is read on the CPU of the read
	 * that predicted it, as soon as that reader sleeps on its miss, as
	 * Linux's own readahead runs in the reader.  An unbound worker woke on
	 * another (often idle) CPU first: under qemu a few ms per miss, longer
	 * than the miss itself, which a short lead (a sqlite3 leaf scan) could
	 * not hide.  Readers on several CPUs still spread the work.
	 */
	aether_prefetch_wq = alloc_workqueue("aether_prefetch",
					     AETHER_WQ_PERCPU | WQ_HIGHPRI |
					     WQ_MEM_RECLAIM, 0);
	return aether_prefetch_wq ? 0 : -ENOMEM;
}

void aether_prefetch_exit(void)
{
	destroy_workqueue(aether_prefetch_wq);
}

static struct aether_prefetch_counts *pf_counts(struct aether_pf *pf,
						bool file)
{
	return file ? &pf->st.file : &pf->st.disk;
}

/*
 * Drop whatever is queued (device lock held, any context).  File pins can
 * only be released in process context, so the ranges stay queued, marked,
 * and a worker releases them without reading.
 */
static void pf_flush_queue(struct aether_pf *pf)
{
	u32 i;

	for (i = pf->q_head; i != pf->q_tail; i++) {
		struct aether_pf_req *q = &pf->q[i % AETHER_PF_QUEUE];

		if (!q->discard) {
			q->discard = true;
			pf->st.budget_drops += q->r.nr_sectors / AETHER_PAGE_SECTORS;
		}
	}
}

static void pf_kick(struct aether_pf *pf)
{
	u32 i, queued = pf->q_tail - pf->q_head;

	/*
	 * one work item per few queued ranges: on the reader's CPU they run
	 * in turn, and side by side while one sleeps (concurrency-managed)
	 */
	for (i = 0; i < pf->nr_workers && (i == 0 || queued > 4 * i); i++)
		queue_work(aether_prefetch_wq, &pf->workers[i].work);
}

/*
 * Probe context, q just pinned: q costs its reader @pages of credit, and
 * holds the reader's cgroups -- the blkcg its bio was charged to and the
 * memcg the page being read was charged to -- so that the worker's I/O
 * and page-cache pages are charged to them, not to the root.
 * css_tryget_online() is atomic; a cgroup being removed is not pinned (its
 * pages would keep it from being freed), and the worker's own (the root)
 * is charged instead.  folio_memcg() wants an RCU read-side section on 7.x.
 */
static void pf_req_charge(struct aether_pf *pf, struct aether_pf_req *q,
			  u8 slot, u32 pages)
{
	struct bio *bio = q->t.bio;
	struct cgroup_subsys_state *css = bio_blkcg_css(bio);
#ifdef CONFIG_MEMCG
	struct mem_cgroup *memcg;
#endif

	q->t.bio = NULL;	/* the probe's, gone once it returns */
	q->reader = slot;
	pf->credit[slot] -= pages;
	q->blkcg = css && css_tryget_online(css) ? css : NULL;
	q->memcg = NULL;
#ifdef CONFIG_MEMCG
	rcu_read_lock();
	memcg = folio_memcg(page_folio(bio_page(bio)));
	if (memcg && css_tryget_online(&memcg->css))
		q->memcg = memcg;
	rcu_read_unlock();
#endif
}

/* Any context: drop what pf_req_charge() took. */
static void pf_req_uncharge(struct aether_pf_req *q)
{
	if (q->blkcg)
		css_put(q->blkcg);
#ifdef CONFIG_MEMCG
	if (q->memcg)
		css_put(&q->memcg->css);
#endif
}

/*
 * Probe context, dev->lock held: queue n predicted ranges for t's reader
 * (pinning a file target per range), within the budget, the queue and
 * the reader's credit.  Returns the number queued.
 */
static u32 pf_queue(struct aether_pf *pf, const struct aether_target *t,
		    const struct aether_pred_range *r, u32 n, u8 slot,
		    bool hist)
{
	struct aether_prefetch_counts *c =
		pf_counts(pf, t->kind == AETHER_TARGET_FILE);
	u32 i, queued = 0;

	for (i = 0; i < n; i++) {
		u32 pages = r[i].nr_sectors / AETHER_PAGE_SECTORS;
		struct aether_pf_req *q;

		if (pf->inflight + pages > pf->budget_pages ||
		    pf->q_tail - pf->q_head >= AETHER_PF_QUEUE ||
		    pf->credit[slot] < pages) {	/* per-reader bound */
			pf->st.budget_drops += pages;
			continue;
		}
		q = &pf->q[pf->q_tail % AETHER_PF_QUEUE];
		q->t = *t;
		if (!aether_target_pin(&q->t))
			break;		/* the file or its filesystem is going */
		pf_req_charge(pf, q, slot, pages);	/* per-reader bound, cgroups */
		q->r = r[i];
		q->discard = false;
		q->hist = hist;
		pf->q_tail++;
		pf->inflight += pages;
		pf->st.requests++;
		c->requests++;
		if (hist)
			pf->st.hist.requests++;
		queued++;
	}
	return queued;
}

/*
 * dev->lock held, history on: feed the read's history instance and write
 * what it predicts as page-aligned ranges to r.  A
 * file's prediction of another file is dropped: the probe holds no
 * reference to that file's inode.
 */
static u32 pf_hist_access(struct aether_pf *pf, const struct aether_read *rd,
			  bool predict, struct aether_pred_range *r,
			  u32 max_out)
{
	bool file = rd->kind == AETHER_TARGET_FILE;
	struct aether_hist_pred hp[8];
	struct aether_hist *h;
	u32 i, n, out = 0, key = 0;
	u64 addr = rd->sector, end;
	u32 len = rd->sectors;

	if (file) {
		h = &pf->hist->file;
		key = rd->file_key;
		addr = rd->index;
		len = DIV_ROUND_UP(rd->sectors, AETHER_PAGE_SECTORS);
	} else {
		h = &pf->hist->disk;
	}
	/*
	 * Tagged by thread: a program's threads (git's lstat workers) each
	 * repeat their own order, which one tag per process would interleave.
	 */
	n = aether_hist_access(h, rd->pid, key, addr, len, predict, hp,
			       min_t(u32, max_out, ARRAY_SIZE(hp)));
	for (i = 0; i < n; i++) {
		if (file) {
			if (hp[i].key != key)
				continue;
			addr = hp[i].addr * AETHER_PAGE_SECTORS;
			end = addr + (u64)hp[i].len * AETHER_PAGE_SECTORS;
		} else {
			addr = round_down(hp[i].addr, AETHER_PAGE_SECTORS);
			end = round_up(hp[i].addr + hp[i].len,
				       AETHER_PAGE_SECTORS);
		}
		r[out].sector = addr;
		r[out].nr_sectors = end - addr;
		r[out].stream = 0;	/* no aether_pred_more(): q->hist */
		out++;
	}
	return out;
}

/*
 * Probe context, dev->lock held, right after aether_prefetch_learn() said
 * @want: predict, if the policy (and the gate's @fetch) let it, and queue
 * what was predicted.  t is NULL for a read another CPU left to the lock's
 * holder: it learns, but only its own probe may pin what it predicts into.
 */
void aether_prefetch_decision(struct aether_dev *dev,
			      const struct aether_read *rd,
			      const struct aether_target *t, u32 want,
			      bool fetch)
{
	struct aether_pf *pf = dev->prefetch;
	bool file = rd->kind == AETHER_TARGET_FILE;
	struct aether_pred_range *r = pf->r;
	u8 slot = pf_reader_slot(rd);
	u32 n, queued = 0;
	bool predict;

	predict = t && aether_policy_predicts(pf->policy, fetch);
	/*
	 * Speculative reads only on a CPU no other task is waiting for: the
	 * workers read on this CPU, above the waiting task's priority, and it
	 * pays.  A strided read served by prefetch cost 1.6 reads of a
	 * sequential reader sharing the CPU (Documentation/benchmarks.md).
	 * The stream still learns, and predicts at the next read issued on a
	 * free CPU.
	 */
	if (predict && pf->busy_yield && !single_task_running()) {
		pf->st.busy_skips++;
		predict = false;
	}
	if ((want & AETHER_WANT_STRIDE) && predict) {
		n = aether_pred_predict(file ? &pf->fpred : &pf->pred, r,
					ARRAY_SIZE(pf->r));
		if (n && !pf->gone)
			queued += pf_queue(pf, t, r, n, slot, false);
	}
	if (want & AETHER_WANT_HIST) {
		n = pf_hist_access(pf, rd, predict, r, ARRAY_SIZE(pf->r));
		if (n && !pf->gone)
			queued += pf_queue(pf, t, r, n, slot, true);
	}
	if (queued)
		pf_kick(pf);
}

/* Worker: a page just submitted, to be judged later (its folio, held). */
static void pf_track(struct aether_pf *pf, struct address_space *mapping,
		     pgoff_t index, pgoff_t end, bool file, bool hist,
		     u8 reader)
{
	struct aether_dev *dev = pf->dev;
	unsigned long flags, now = jiffies;
	pgoff_t untracked = end - index;

	for (; index < end; index++) {
		struct folio *folio = aether_folio_get(mapping, index);
		bool kept = false;

		if (!folio)
			continue;	/* allocation failed, or gone already */
		spin_lock_irqsave(&dev->lock, flags);
		if (pf->t_tail - pf->t_head < AETHER_PF_TRACK) {
			struct aether_pf_page *p =
				&pf->track[pf->t_tail++ % AETHER_PF_TRACK];

			p->folio = folio;
			p->when = now;
			p->file = file;
			p->hist = hist;
			p->reader = reader;
			kept = true;
			untracked--;
		}
		aether_dev_unlock(dev, flags);
		if (!kept) {
			folio_put(folio);
			break;
		}
	}
	/*
	 * A page that is not judged is never paid back by pf_judge(): the
	 * tracking ring is full or the page has gone.  Its reader gets the
	 * credit back now, or a fully used stream would lose its lead.
	 */
	if (untracked) {
		spin_lock_irqsave(&dev->lock, flags);
		pf_reader_pay(pf, reader, (u32)untracked);
		aether_dev_unlock(dev, flags);
	}
}

static bool page_cached(struct address_space *mapping, pgoff_t index)
{
	loff_t pos = (loff_t)index << PAGE_SHIFT;

	return filemap_range_has_page(mapping, pos, pos + PAGE_SIZE - 1);
}

/*
 * Read one predicted range into the page cache: uncached runs of pages go
 * to page_cache_ra_unbounded(), cached pages are counted and skipped, and
 * nothing at or past limit (the disk's capacity, the file's size) is read.
 * Returns the number of pages submitted.
 */
static u32 pf_read_range(struct aether_pf *pf, struct address_space *mapping,
			 const struct aether_pf_req *req, pgoff_t limit,
			 bool file, u32 *cached)
{
	const struct aether_pred_range *r = &req->r;
	pgoff_t index = r->sector / AETHER_PAGE_SECTORS;
	pgoff_t end = index + r->nr_sectors / AETHER_PAGE_SECTORS;
	u32 submitted = 0;

	end = min(end, limit);
	while (index < end) {
		pgoff_t run = index;

		while (run < end && !page_cached(mapping, run))
			run++;
		if (run > index) {
			DEFINE_READAHEAD(ractl, NULL, NULL, mapping, index);

			aether_ra_unbounded(&ractl, run - index);
			pf_track(pf, mapping, index, run, file, req->hist,
				 req->reader);
			submitted += run - index;
			index = run;
		} else {
			(*cached)++;
			index++;
		}
	}
	return submitted;
}

/*
 * Worker: the rest of what req's stream predicted beyond the few ranges
 * the probe queues per read (aether_pred_more()), read now into req's page
 * cache -- req still pins it and its cgroups are in force -- within the
 * budget and req's reader's credit.  A strided reader thus has its
 * stream's whole lead read at each of its misses, not the probe's handful
 * of ranges: it waits for one miss per lead instead of one per handful.
 * Only with nothing queued (the probe's ranges are the nearest; a later
 * range of the stream takes up the rest), and with the plug flushed before
 * each batch, so the nearest pages are on their way before farther ones.
 * Returns the pages submitted; their inflight and credit are settled here.
 */
static u32 pf_read_more(struct aether_pf *pf, struct address_space *mapping,
			const struct aether_pf_req *req, pgoff_t limit,
			bool file, u32 *cached, struct blk_plug *plug)
{
	struct aether_pred *pred = file ? &pf->fpred : &pf->pred;
	struct aether_dev *dev = pf->dev;
	struct aether_pred_range r[8];
	struct aether_pf_req more = *req;
	unsigned long flags;
	u32 n, i, pages, got, rounds, submitted = 0;

	for (rounds = 0; rounds < AETHER_PRED_DEPTH_MAX / ARRAY_SIZE(r); rounds++) {
		blk_finish_plug(plug);
		cond_resched();
		blk_start_plug(plug);
		spin_lock_irqsave(&dev->lock, flags);
		/* queued ranges first: the probe's are the nearest */
		n = pf->gone || pf->q_head != pf->q_tail ? 0 :
			aether_pred_more(pred, req->r.stream, r, ARRAY_SIZE(r));
		for (i = 0, pages = 0; i < n; i++)
			pages += r[i].nr_sectors / AETHER_PAGE_SECTORS;
		if (n && (pf->inflight + pages > pf->budget_pages ||
			  pf->credit[req->reader] < pages)) {
			pf->st.budget_drops += pages;
			n = 0;
		}
		if (n) {
			pf->inflight += pages;
			pf->credit[req->reader] -= pages;
			pf->st.requests += n;
			pf_counts(pf, file)->requests += n;
		}
		aether_dev_unlock(dev, flags);
		if (!n)
			break;
		for (i = 0, got = 0; i < n; i++) {
			more.r = r[i];
			got += pf_read_range(pf, mapping, &more, limit, file,
					     cached);
		}
		spin_lock_irqsave(&dev->lock, flags);
		pf->inflight -= pages;
		/* not read from the disk after all: the reader's again */
		pf_reader_pay(pf, req->reader, pages - got);
		aether_dev_unlock(dev, flags);
		submitted += got;
	}
	return submitted;
}

/* Take the oldest queued range, if any (worker). */
static bool pf_pop(struct aether_pf *pf, struct aether_pf_req *req)
{
	struct aether_dev *dev = pf->dev;
	unsigned long flags;
	bool any;

	spin_lock_irqsave(&dev->lock, flags);
	any = pf->q_head != pf->q_tail;
	if (any)
		*req = pf->q[pf->q_head++ % AETHER_PF_QUEUE];
	aether_dev_unlock(dev, flags);
	return any;
}

static void pf_issue(struct work_struct *work)
{
	struct aether_pf *pf = container_of(work, struct aether_pf_worker,
					    work)->pf;
	struct aether_dev *dev = pf->dev;
	struct address_space *mapping;
	struct aether_pf_req req;
	struct mem_cgroup *memcg;
	unsigned long flags;
	struct blk_plug plug;
	u32 pages, submitted, more, cached;
	pgoff_t limit;
	bool file;

	spin_lock_irqsave(&dev->lock, flags);
	aether_pred_set_capacity(&pf->pred, bdev_nr_sectors(dev->bdev));
	aether_dev_unlock(dev, flags);

	blk_start_plug(&plug);
	while (pf_pop(pf, &req)) {
		pages = req.r.nr_sectors / AETHER_PAGE_SECTORS;
		file = req.t.kind == AETHER_TARGET_FILE;
		submitted = 0;
		more = 0;
		cached = 0;
		mapping = req.discard ? NULL :
			aether_target_mapping(dev, &req.t, &limit);
		if (mapping) {
			/* the reader's I/O and pages, charged to its cgroups */
			kthread_associate_blkcg(req.blkcg);
			memcg = set_active_memcg(req.memcg);
			submitted = pf_read_range(pf, mapping, &req, limit,
						  file, &cached);
			/* a history range names no stride stream */
			if (!req.hist)
				more = pf_read_more(pf, mapping, &req, limit,
						    file, &cached, &plug);
			set_active_memcg(memcg);
			kthread_associate_blkcg(NULL);
		}
		aether_target_unpin(&req.t);
		pf_req_uncharge(&req);

		spin_lock_irqsave(&dev->lock, flags);
		pf->inflight -= pages;
		/* not read from the disk after all: the reader's again */
		pf_reader_pay(pf, req.reader, pages - submitted);
		pf->st.pages += submitted + more;
		pf->st.cached += cached;
		pf_counts(pf, file)->pages += submitted + more;
		pf_counts(pf, file)->cached += cached;
		if (req.hist) {
			pf->st.hist.pages += submitted;
			pf->st.hist.cached += cached;
		}
		aether_dev_unlock(dev, flags);
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
 * active) is used; gone from its page cache, or still unread after
 * AETHER_PF_JUDGE_MS, is wasted.  Each target's predictor follows its own.
 */
static void pf_judge(struct work_struct *work)
{
	struct aether_pf *pf = container_of(to_delayed_work(work),
					    struct aether_pf, judge);
	unsigned long flags, deadline = msecs_to_jiffies(AETHER_PF_JUDGE_MS);
	struct aether_dev *dev = pf->dev;
	/* [history's][file's] */
	u32 used[2][2] = { { 0 } }, wasted[2][2] = { { 0 } };
	bool more = false;
	int i, j;

	for (;;) {
		struct aether_pf_page p;
		bool read, cached;

		spin_lock_irqsave(&dev->lock, flags);
		if (pf->t_head == pf->t_tail) {
			aether_dev_unlock(dev, flags);
			break;
		}
		p = pf->track[pf->t_head % AETHER_PF_TRACK];
		aether_dev_unlock(dev, flags);

		cached = !!READ_ONCE(p.folio->mapping);
		read = cached && (folio_test_referenced(p.folio) ||
				  folio_test_active(p.folio));
		if (cached && !read && time_before(jiffies, p.when + deadline)) {
			more = true;	/* not read yet, not judged yet */
			break;
		}
		read ? used[p.hist][p.file]++ : wasted[p.hist][p.file]++;
		folio_put(p.folio);
		spin_lock_irqsave(&dev->lock, flags);
		pf->t_head++;
		if (read)	/* a wasted page stays on its reader's account */
			pf_reader_pay(pf, p.reader, 1);
		aether_dev_unlock(dev, flags);
	}
	spin_lock_irqsave(&dev->lock, flags);
	/* each predictor follows its own pages */
	for (j = 0; j < 2; j++) {
		for (i = 0; i < 2; i++) {
			struct aether_prefetch_counts *c = pf_counts(pf, i);
			u32 u = used[j][i], w = wasted[j][i];

			pf->st.used += u;
			pf->st.wasted += w;
			c->used += u;
			c->wasted += w;
			if (!u && !w)
				continue;
			if (!j) {
				aether_pred_feedback(i ? &pf->fpred : &pf->pred,
						     u, w);
				continue;
			}
			pf->st.hist.used += u;
			pf->st.hist.wasted += w;
			/* NULL: switched off since; its pages still count */
			if (pf->hist)
				aether_hist_feedback(i ? &pf->hist->file :
						     &pf->hist->disk, u, w);
		}
	}
	more = more && !pf->gone;
	aether_dev_unlock(dev, flags);
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
	return work && (work->func == pf_issue || work->func == pf_judge);
}

bool aether_prefetch_history_valid(u32 entries)
{
	return !entries || (is_power_of_2(entries) &&
			    entries >= AETHER_HIST_ENTRIES_MIN &&
			    entries <= AETHER_HIST_ENTRIES_MAX);
}

/*
 * Process context: a history predictor of entries (valid, not 0) per
 * instance, or NULL without memory.  Up to 64 MiB at the largest: vmalloc.
 */
static struct aether_pf_hist *pf_hist_alloc(u32 entries)
{
	struct aether_pf_hist *h;

	h = kvzalloc(struct_size(h, e, 2 * (size_t)entries), GFP_KERNEL);
	if (!h)
		return NULL;
	aether_hist_init(&h->disk, h->e, entries, AETHER_HIST_DEPTH_DEFAULT);
	aether_hist_init(&h->file, h->e + entries, entries,
			 AETHER_HIST_DEPTH_DEFAULT);
	/* 4 MiB per prediction in pages as the disk's is in sectors */
	aether_hist_set_max_span(&h->file, AETHER_PF_HIST_FILE_SPAN);
	return h;
}

int aether_prefetch_attach(struct aether_dev *dev, struct block_device *bdev,
			   const struct aether_config *cfg)
{
	struct aether_pf *pf;
	unsigned int i;

	pf = kvzalloc(sizeof(*pf), GFP_KERNEL);
	if (!pf)
		return -ENOMEM;
	if (cfg->history_entries) {
		pf->hist = pf_hist_alloc(cfg->history_entries);
		if (!pf->hist) {
			kvfree(pf);
			return -ENOMEM;
		}
		pf->hist_entries = cfg->history_entries;
	}
	pf->dev = dev;
	pf->policy = cfg->policy;
	WRITE_ONCE(dev->policy_off, cfg->policy == AETHER_POLICY_OFF);
	pf->budget_pages = cfg->budget_kb / (PAGE_SIZE / 1024);
	pf->busy_yield = cfg->busy_yield;
	for (i = 0; i < AETHER_PF_READERS; i++)
		pf->credit[i] = pf_reader_burst(pf);
	aether_pred_init(&pf->pred, bdev_nr_sectors(bdev), cfg->max_depth);
	/*
	 * forward contiguous streams are Linux readahead's, when it is on:
	 * the disk's setting, followed as it changes (files on the disk use
	 * the same backing device)
	 */
	pf->ra_bdi = bdev->bd_disk->bdi;
	/* files: any offset (the worker clamps to the size) */
	aether_pred_init(&pf->fpred, U64_MAX / 2, cfg->max_depth);
	pf->nr_workers = clamp_t(unsigned int, num_online_cpus(), 1,
				 AETHER_PF_WORKERS);
	for (i = 0; i < pf->nr_workers; i++) {
		pf->workers[i].pf = pf;
		INIT_WORK(&pf->workers[i].work, pf_issue);
	}
	INIT_DELAYED_WORK(&pf->judge, pf_judge);
	INIT_WORK(&pf->hist_reset, pf_hist_reset_work);
	mutex_init(&pf->hist_mutex);
	dev->prefetch = pf;
	return 0;
}

/*
 * The probe can no longer queue work for dev: stop what is queued or
 * running, release the pins and folios still held.  Afterwards nothing of
 * aether touches dev->bdev, a file or a folio of dev's.
 */
void aether_prefetch_stop(struct aether_dev *dev)
{
	struct aether_pf *pf = dev->prefetch;
	struct aether_pf_req req;
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&dev->lock, flags);
	aether_dev_decide_notes(dev);	/* their events, before the end */
	pf->gone = true;	/* the probe queues nothing more */
	pf_flush_queue(pf);
	aether_dev_unlock(dev, flags);
	for (i = 0; i < pf->nr_workers; i++)
		cancel_work_sync(&pf->workers[i].work);
	/* a worker that ran to the end re-armed the judge: cancel after it */
	cancel_delayed_work_sync(&pf->judge);
	cancel_work_sync(&pf->hist_reset);
	while (pf_pop(pf, &req)) {
		aether_target_unpin(&req.t);
		pf_req_uncharge(&req);
		pf->inflight -= req.r.nr_sectors / AETHER_PAGE_SECTORS;
	}
	for (; pf->t_head != pf->t_tail; pf->t_head++)
		folio_put(pf->track[pf->t_head % AETHER_PF_TRACK].folio);
}

/* With the device's memory, once nothing can reach either. */
void aether_prefetch_free(struct aether_dev *dev)
{
	struct aether_pf *pf = dev->prefetch;

	if (pf)
		kvfree(pf->hist);
	kvfree(pf);
	dev->prefetch = NULL;
}

/*
 * Process context: empty the history tables.  A table can be 64 MiB, so it
 * is not cleared under dev->lock with interrupts off: it is taken away
 * under the lock (the probe then runs without history), cleared, and put
 * back; hist_mutex keeps the knob from replacing it meanwhile.
 */
static void pf_hist_reset(struct aether_pf *pf)
{
	struct aether_dev *dev = pf->dev;
	struct aether_pf_hist *h;
	unsigned long flags;

	mutex_lock(&pf->hist_mutex);
	spin_lock_irqsave(&dev->lock, flags);
	h = pf->hist;
	pf->hist = NULL;
	aether_dev_unlock(dev, flags);
	if (h) {
		aether_hist_forget(&h->disk);
		aether_hist_forget(&h->file);
		spin_lock_irqsave(&dev->lock, flags);
		pf->hist = h;
		aether_dev_unlock(dev, flags);
	}
	mutex_unlock(&pf->hist_mutex);
}

static void pf_hist_reset_work(struct work_struct *work)
{
	pf_hist_reset(container_of(work, struct aether_pf, hist_reset));
}

/* A new medium (diskseq) behind the same disk: what was learnt is void. */
void aether_prefetch_new_media(struct aether_dev *dev)
{
	struct aether_pf *pf = dev->prefetch;

	lockdep_assert_held(&dev->lock);
	aether_pred_forget(&pf->pred);
	aether_pred_forget(&pf->fpred);
	pf_flush_queue(pf);
	/* stopped: its work is cancelled and must not be queued again */
	if (pf->gone)
		return;
	if (pf->hist)
		schedule_work(&pf->hist_reset);
	pf_kick(pf);
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
	st->file_depth = pf->fpred.depth;
	st->max_depth = pf->pred.max_depth;
	st->budget_kb = pf->budget_pages * (PAGE_SIZE / 1024);
	st->inflight = pf->inflight;
	st->history_entries = pf->hist_entries;
	st->busy_yield = pf->busy_yield;
	aether_dev_unlock(dev, flags);
}

int aether_prefetch_set_busy_yield(struct aether_dev *dev, u32 on)
{
	struct aether_pf *pf = dev->prefetch;
	unsigned long flags;

	if (on > 1)
		return -EINVAL;
	spin_lock_irqsave(&dev->lock, flags);
	pf->busy_yield = on;
	aether_dev_unlock(dev, flags);
	return 0;
}

/*
 * The history_entries knob: 0 switches the history predictor off and frees
 * its table, else a new, empty table of entries per instance replaces the
 * old one (what was learnt starts over).  Allocated and freed outside the
 * device lock, swapped under it: the probe and the judge use pf->hist
 * only under the lock.  Ranges already queued are read as they are.
 */
int aether_prefetch_set_history(struct aether_dev *dev, u32 entries)
{
	struct aether_pf *pf = dev->prefetch;
	struct aether_pf_hist *h = NULL;
	unsigned long flags;

	if (!aether_prefetch_history_valid(entries))
		return -EINVAL;
	if (entries) {
		h = pf_hist_alloc(entries);
		if (!h)
			return -ENOMEM;
	}
	mutex_lock(&pf->hist_mutex);
	spin_lock_irqsave(&dev->lock, flags);
	swap(pf->hist, h);
	pf->hist_entries = entries;
	aether_dev_unlock(dev, flags);
	mutex_unlock(&pf->hist_mutex);
	kvfree(h);
	return 0;
}

int aether_prefetch_set_policy(struct aether_dev *dev, u32 policy)
{
	struct aether_pf *pf = dev->prefetch;
	unsigned long flags;
	bool changed;

	if (policy >= AETHER_NR_POLICIES)
		return -EINVAL;
	spin_lock_irqsave(&dev->lock, flags);
	changed = pf->policy != policy;
	if (changed) {
		pf->policy = policy;
		WRITE_ONCE(dev->policy_off, policy == AETHER_POLICY_OFF);
		/* streams learnt under another policy start over */
		aether_pred_forget(&pf->pred);
		aether_pred_forget(&pf->fpred);
		pf_flush_queue(pf);
		if (!pf->gone)
			pf_kick(pf);
	}
	aether_dev_unlock(dev, flags);
	if (changed)
		pf_hist_reset(pf);
	return 0;
}

int aether_prefetch_set_max_depth(struct aether_dev *dev, u32 depth)
{
	struct aether_pf *pf = dev->prefetch;
	unsigned long flags;
	int err;

	spin_lock_irqsave(&dev->lock, flags);
	err = aether_pred_set_max_depth(&pf->pred, depth) ? -EINVAL : 0;
	if (!err)
		aether_pred_set_max_depth(&pf->fpred, depth);
	aether_dev_unlock(dev, flags);
	return err;
}

bool aether_prefetch_budget_valid(u32 kb)
{
	return kb >= AETHER_PF_BUDGET_KB_MIN && kb <= AETHER_PF_BUDGET_KB_MAX &&
	       !(kb % (PAGE_SIZE / 1024));
}

int aether_prefetch_set_budget(struct aether_dev *dev, u32 kb)
{
	struct aether_pf *pf = dev->prefetch;
	unsigned long flags;
	unsigned int i;

	if (!aether_prefetch_budget_valid(kb))
		return -EINVAL;
	spin_lock_irqsave(&dev->lock, flags);
	pf->budget_pages = kb / (PAGE_SIZE / 1024);
	for (i = 0; i < AETHER_PF_READERS; i++)
		pf->credit[i] = min(pf->credit[i], pf_reader_burst(pf));
	aether_dev_unlock(dev, flags);
	return 0;
}
