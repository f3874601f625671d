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
 * policy can use (or while events are recorded), under the device's
 * spinlock pushes it into the window, lets the predictors learn from it
 * and, if a prediction could follow it (or events are recorded), runs one
 * POVM cycle, records an event and hands the decision to the prefetch
 * engine.  A CPU that finds the lock held leaves the read to the
 * holder instead of waiting (flat combining: aether_decide_contended()).
 * It allocates nothing and never sleeps.  The window
 * counts a read that continues the previous one as a 4 KiB step, so large
 * readahead bios of a sequential stream look sequential to the POVM kernel
 * (include/aether/window.h).
 */
#include <linux/bio.h>
#include <linux/llist.h>
#include <linux/blkdev.h>
#include <linux/pagemap.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "aether.h"
#include "compat.h"
#include "prefetch.h"
#include "target.h"

#define AETHER_TRACEPOINT	"block_bio_queue"

static struct tracepoint *aether_tp;

/*
 * The prefetch engine's turn, out of line, with the read and its target
 * (own: the caller's probe is the read's) passed by value: the probe's
 * own stay in registers, and need no stack canary, on the path of a read
 * nothing follows.
 */
static noinline void aether_decide_predict(struct aether_dev *dev,
					   struct aether_read rd,
					   struct aether_target t, bool own,
					   u32 want, bool fetch)
{
	aether_prefetch_decision(dev, &rd, own ? &t : NULL, want, fetch);
}

/*
 * dev->lock held: one decided read -- window, the predictors' learning, the
 * POVM cycle, counters, event and the prefetch hook, all under the lock so
 * that the events of one device are in decision order and the hook sees
 * the window as it decided.  The gate judges a read only if its verdict
 * decides a prediction (the read's stream has a stride, or the history is
 * on) or the event stream records it: a random read no prediction can
 * follow costs the window and the predictor's look, not a cycle.  t is the
 * read's target if its probe is the caller, else NULL.
 */
static __always_inline void aether_decide_one(struct aether_dev *dev,
					      const struct aether_read *rd,
					      const struct aether_target *t)
{
	bool fetch = false, rec;
	u64 first, last;
	u32 len, want;

	if (unlikely(dev->diskseq != rd->diskseq)) {
		/* loop rebind, media change: the old streams are gone */
		dev->diskseq = rd->diskseq;
		aether_window_init(&dev->win, dev->window);
		aether_prefetch_new_media(dev);
	}
	len = aether_window_push_io(&dev->win, rd->sector, rd->sectors, &first,
				    &last);
	want = aether_prefetch_learn(dev, rd);
	rec = aether_events_recording();	/* no call when nobody listens */
	if ((want & AETHER_WANT_GATE) || rec) {
		fetch = aether_povm_cycle(&dev->povm, first, last, len, NULL);
		dev->decisions++;
		dev->prefetches += fetch;
		if (rec)
			aether_event_record(dev, rd->sector, rd->sectors, fetch,
					    dev->povm.phi, dev->povm.epsilon);
	}
	if (want)
		aether_decide_predict(dev, *rd, t ? *t : (struct aether_target){},
				      t, want, fetch);
}

/*
 * dev->lock held: decide the notes other CPUs left, oldest first; self,
 * if it is among them, is the caller's own, decided with its target t.
 * A note's slot is its CPU's again once decided.
 */
static noinline void aether_decide_notes(struct aether_dev *dev,
					 struct aether_read *self,
					 const struct aether_target *t)
{
	struct llist_node *node;

	node = llist_reverse_order(llist_del_all(&dev->notes));
	while (node) {
		struct aether_read *rd = llist_entry(node, struct aether_read,
						     node);

		node = node->next;
		aether_decide_one(dev, rd, rd == self ? t : NULL);
		/* decided before the slot is free: its CPU's acquire */
		smp_store_release(&rd->queued, false);
	}
}

/* dev->lock held: every read left to the holder decided. */
static __always_inline void aether_decide_left(struct aether_dev *dev)
{
	if (unlikely(!llist_empty(&dev->notes)))
		aether_decide_notes(dev, NULL, NULL);
}

/* For readers of the decisions, under dev->lock. */
void aether_dev_decide_notes(struct aether_dev *dev)
{
	lockdep_assert_held(&dev->lock);
	aether_decide_left(dev);
}

/* a holder that keeps finding notes leaves the rest to the next one */
#define AETHER_NOTE_ROUNDS	4

/*
 * Let go of the lock, then look for notes left meanwhile: a CPU that adds
 * one and then fails to take the lock counts on the holder to see it.  The
 * full barrier orders the unlock before the look, as llist_add() orders
 * the note before the other CPU's trylock: one of the two sees the other.
 */
static noinline void aether_decide_late_notes(struct aether_dev *dev)
{
	unsigned long flags;
	int round;

	for (round = 1; round < AETHER_NOTE_ROUNDS; round++) {
		if (!spin_trylock_irqsave(&dev->lock, flags))
			return;
		aether_decide_notes(dev, NULL, NULL);
		spin_unlock_irqrestore(&dev->lock, flags);
		/* as below */
		smp_mb();
		if (llist_empty(&dev->notes))
			return;
	}
}

static __always_inline void aether_unlock_look(struct aether_dev *dev,
					       unsigned long flags)
	__releases(&dev->lock)
{
	spin_unlock_irqrestore(&dev->lock, flags);
	/* the unlock before the look: pairs with llist_add() */
	smp_mb();
	if (unlikely(!llist_empty(&dev->notes)))
		aether_decide_late_notes(dev);
}

/*
 * Every holder of dev->lock lets go through here (or the inline copy
 * above): a CPU that left a note while it held the lock counts on it.
 */
void aether_dev_unlock(struct aether_dev *dev, unsigned long flags)
	__releases(&dev->lock)
{
	aether_unlock_look(dev, flags);
}

/* dev->lock held: the notes other CPUs left, then this read; let go. */
static __always_inline void aether_decide_locked(struct aether_dev *dev,
						 const struct aether_read *rd,
						 const struct aether_target *t,
						 unsigned long flags)
	__releases(&dev->lock)
{
	aether_decide_left(dev);
	aether_decide_one(dev, rd, t);
	aether_unlock_look(dev, flags);
}

/*
 * The lock was held.  In task context the read goes into this CPU's note
 * for the holder, and the probe returns without waiting; the note is
 * decided before any later read of the disk (every holder decides the
 * notes first), so one reader's reads keep their order.  If the holder
 * has gone meanwhile, the probe decides it itself.  Hard and soft
 * interrupts, and a CPU whose last note is still waiting, wait for the
 * lock instead.
 */
static noinline void aether_decide_contended(struct aether_dev *dev,
					     struct aether_read read,
					     struct aether_target target)
{
	const struct aether_target *t = &target;
	struct aether_read *rd = &read;
	struct aether_read *note;
	unsigned long flags;

	if (in_task()) {
		preempt_disable();	/* 7.x probes are preemptible */
		note = this_cpu_ptr(dev->note);
		/* the holder done with it: its release */
		if (!smp_load_acquire(&note->queued)) {
			*note = *rd;
			note->queued = true;
			this_cpu_inc(dev->pcpu->noted);
			llist_add(&note->node, &dev->notes);
			if (spin_trylock_irqsave(&dev->lock, flags)) {
				aether_decide_notes(dev, note, t);
				aether_unlock_look(dev, flags);
			}
			preempt_enable();
			return;
		}
		preempt_enable();
	}
	this_cpu_inc(dev->pcpu->waited);
	spin_lock_irqsave(&dev->lock, flags);
	aether_decide_locked(dev, rd, t, flags);
}

/*
 * One decided read.  The lock is free nearly always (a few per cent of
 * decided reads find it held with one reader per CPU: design.rst).
 */
static __always_inline void aether_decide(struct aether_dev *dev,
					  const struct aether_read *rd,
					  const struct aether_target *t)
{
	unsigned long flags;

	if (unlikely(!spin_trylock_irqsave(&dev->lock, flags)))
		aether_decide_contended(dev, *rd, *t);	/* by value, as above */
	else
		aether_decide_locked(dev, rd, t, flags);
}

/*
 * Probe context: the folio a read's first page is in if it can be a
 * page-cache read at all -- locked for the read, not uptodate, neither
 * anonymous nor swap cache nor slab (XFS reads small metadata into kmalloc
 * memory, whose flags word SLUB may use as a lock) -- else NULL.  O_DIRECT
 * into user memory and swap stop here, before any call.
 */
static __always_inline struct folio *aether_read_folio(struct bio *bio)
{
	struct folio *folio;

	if (!bio_has_data(bio))
		return NULL;
	folio = page_folio(bio_page(bio));
	if (!folio_test_locked(folio) || folio_test_uptodate(folio) ||
	    folio_test_anon(folio) || folio_test_swapcache(folio) ||
	    folio_test_slab(folio))
		return NULL;
	return folio;
}

/*
 * A read that may be decided: a page-cache read (target.c says whose), or
 * any read while the event stream records.  Out of line, so that the
 * probe's common exits carry no stack frame for the target.
 */
static noinline void aether_read(struct aether_dev *dev, struct bio *bio,
				 struct gendisk *disk, struct folio *folio)
{
	struct aether_dev_pcpu __percpu *c = dev->pcpu;
	u32 sectors = bio_sectors(bio);
	/*
	 * What each kind uses is set below (node and queued only in a note):
	 * no zeroing on every read.
	 */
	struct aether_target t __uninitialized;
	struct aether_read rd __uninitialized;

	if (folio) {
		aether_target_classify(dev, bio, folio, &t);
	} else {
		t.kind = AETHER_TARGET_NONE;
		t.bio = bio;
		t.inode = NULL;
	}
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
	rd.sector = bio->bi_iter.bi_sector;
	rd.sectors = sectors;
	rd.diskseq = READ_ONCE(disk->diskseq);
	rd.kind = t.kind;
	rd.tgid = current->tgid;
	rd.pid = current->pid;
	if (t.kind == AETHER_TARGET_FILE) {
		aether_target_note(&t, &rd);
	} else {
		rd.index = 0;
		rd.file_tag = 0;
		rd.file_key = 0;
	}
	aether_decide(dev, &rd, &t);
}

/*
 * A read that is not decided: counted, on this CPU, without a lock.  A
 * page-cache read by aether's own worker (policy off: one still in
 * flight) is a self read, as aether_read() counts it.
 */
static __always_inline void aether_count(struct aether_dev *dev,
					 struct bio *bio, struct folio *folio)
{
	struct aether_dev_pcpu __percpu *c = dev->pcpu;

	if (unlikely(folio && (current->flags & PF_WQ_WORKER)) &&
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
	struct folio *folio;

	if (bio_op(bio) != REQ_OP_READ || !bio_sectors(bio))
		return;
	folio = aether_read_folio(bio);
	aether_probe_rcu_lock();
	dev = aether_dev_lookup(disk_devt(disk), disk);
	if (dev) {
		if (aether_events_recording() ||
		    (folio && !READ_ONCE(dev->policy_off)))
			aether_read(dev, bio, disk, folio);
		else
			aether_count(dev, bio, folio);
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
