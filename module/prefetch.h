/* SPDX-License-Identifier: GPL-2.0 */
/*
 * aether: the prefetch engine's state (prefetch.c), and the learning step
 * every page-cache read takes inline in the probe, under the device's
 * lock: a call for it would cost a random read more than the step itself.
 */
#ifndef _AETHER_PREFETCH_H
#define _AETHER_PREFETCH_H

#include <linux/backing-dev-defs.h>
#include <linux/hash.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>

#include "aether.h"
#include "../include/aether/history.h"
#include "../include/aether/predict.h"

/* ranges waiting for a worker, per device */
#define AETHER_PF_QUEUE		256
/* prefetched pages awaiting a verdict, per device */
#define AETHER_PF_TRACK		4096
/* workers per device, at most */
#define AETHER_PF_WORKERS	4
/* readers' credit slots per device (processes hashed by tgid) */
#define AETHER_PF_READER_BITS	6
#define AETHER_PF_READERS	BIT(AETHER_PF_READER_BITS)

struct aether_pf;

struct aether_pf_worker {
	struct work_struct work;
	struct aether_pf *pf;
};

/* One predicted range and the page cache it is for. */
struct aether_pf_req {
	struct aether_pred_range r;	/* in the target's sectors */
	struct aether_target t;		/* pinned while queued */
	bool discard;			/* flushed: release, do not read */
	bool hist;			/* the history predictor's */
	u8 reader;			/* the reader's credit slot */
	/* the reader's cgroups (referenced while queued): the I/O and the pages are theirs */
	struct cgroup_subsys_state *blkcg;
	struct mem_cgroup *memcg;
};

/*
 * A prefetched page awaiting its verdict.  The folio reference keeps the
 * folio (not its file or filesystem) alive: truncation, eviction and
 * umount go ahead and leave it without a mapping, which counts as wasted.
 */
struct aether_pf_page {
	struct folio *folio;
	unsigned long when;	/* jiffies at submission */
	bool file;
	bool hist;		/* the history predictor's */
	u8 reader;		/* credit slot of the reader it was read for */
};

/*
 * The history predictor's state (module/core/history.c), allocated only
 * while the history_entries knob is not 0: one instance for the disk's LBA
 * space (sectors), one for files' page offsets (key: the inode number),
 * each over half of e[].
 */
struct aether_pf_hist {
	struct aether_hist disk;
	struct aether_hist file;
	struct aether_hist_entry e[];
};

struct aether_pf {
	struct aether_dev *dev;
	/* under dev->lock */
	struct aether_pred pred;	/* the disk's LBA space */
	struct aether_pred fpred;	/* files' page-offset spaces */
	struct aether_pf_hist *hist;	/* NULL: the history predictor is off */
	u32 hist_entries;	/* per instance, the knob */
	struct backing_dev_info *ra_bdi;	/* whose readahead is on or off */
	enum aether_policy policy;
	u32 budget_pages;
	bool busy_yield;	/* no prediction while the CPU is wanted */
	u32 inflight;		/* pages queued or being submitted */
	u32 credit[AETHER_PF_READERS];	/* pages each reader may still cause */
	u32 q_head, q_tail;	/* free-running; q_tail - q_head queued */
	struct aether_pf_req q[AETHER_PF_QUEUE];
	u32 t_head, t_tail;	/* free-running ring of pages to judge */
	bool gone;		/* detaching: queue nothing more */
	/* one decision's ranges: off the stack, which the kernel may zero */
	struct aether_pred_range r[8];
	struct aether_prefetch_stats st;
	/* set at attach */
	unsigned int nr_workers;
	struct aether_pf_worker workers[AETHER_PF_WORKERS];
	struct delayed_work judge;
	struct work_struct hist_reset;	/* pf_hist_reset() for the probe */
	struct mutex hist_mutex;	/* the history knob vs pf_hist_reset() */
	struct aether_pf_page track[AETHER_PF_TRACK];
};

/*
 * The per-reader bound.  Each reader (a process, hashed by tgid into one of
 * AETHER_PF_READERS slots) has a credit in pages, at most a quarter of the
 * budget: a page it reads from the disk earns one, a page queued for it
 * costs one, and a prefetched page it then reads (judged used) or that
 * aether did not read after all (cached, past the end, flushed) is paid
 * back.  Wasted pages are not: what one reader can make aether read and
 * leave unused is at most the burst plus what it reads itself, however
 * fast it reads and however late the feedback comes.
 */
static inline u32 pf_reader_burst(const struct aether_pf *pf)
{
	return DIV_ROUND_UP(pf->budget_pages, 4);
}

static inline void pf_reader_pay(struct aether_pf *pf, u8 slot, u32 pages)
{
	pf->credit[slot] = min(pf->credit[slot] + pages, pf_reader_burst(pf));
}

/* the reader's slot of credit */
static inline u8 pf_reader_slot(const struct aether_read *rd)
{
	return hash_32(rd->tgid, AETHER_PF_READER_BITS);
}

/* dev->lock held: the reader's slot is paid for the pages it reads. */
static inline void pf_reader_earn(struct aether_pf *pf, const struct aether_read *rd)
{
	pf_reader_pay(pf, pf_reader_slot(rd),
		      DIV_ROUND_UP(rd->sectors, AETHER_PAGE_SECTORS));
}

/*
 * Probe context, dev->lock held, every read a policy can use, before the
 * gate: the read's stream learns from it (and the reader pays for it).
 * Returns what may follow: a stride prediction (AETHER_WANT_STRIDE), the
 * history's turn (AETHER_WANT_HIST: it learns and predicts in one step) and
 * whether the gate's verdict decides them (AETHER_WANT_GATE, policy povm).
 * A random read, whose stream has no stride yet, wants nothing: the gate
 * need not judge it.
 */
static __always_inline u32
aether_prefetch_learn(struct aether_dev *dev, const struct aether_read *rd)
{
	struct aether_pf *pf = dev->prefetch;
	bool file = rd->kind == AETHER_TARGET_FILE;
	struct aether_pred *pred = file ? &pf->fpred : &pf->pred;
	/* a file's reads in its page-offset space, by reader and file */
	u32 tag = file ? rd->file_tag : rd->tgid;
	u64 at = file ? (u64)rd->index * AETHER_PAGE_SECTORS : rd->sector;
	u32 want = 0;

	if (pf->policy == AETHER_POLICY_OFF || rd->kind == AETHER_TARGET_NONE)
		return 0;
	pf_reader_earn(pf, rd);	/* per-reader bound, cgroups */
	/* readahead on or off now, not at attach (blockdev --setra) */
	aether_pred_set_skip_sequential(pred,
					READ_ONCE(pf->ra_bdi->ra_pages) != 0);
	if (aether_pred_learn(pred, tag, at, rd->sectors))	/* inline */
		want = AETHER_WANT_STRIDE;
	/* off by default: then one load, the probe's cost unchanged */
	if (pf->hist)
		want |= AETHER_WANT_HIST;
	if (want && pf->policy == AETHER_POLICY_POVM)
		want |= AETHER_WANT_GATE;
	return want;
}

#endif /* _AETHER_PREFETCH_H */
