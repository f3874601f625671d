/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The history predictor: learns which block followed which and, when a
 * known sequence starts again (the same application cold-starting, the same
 * index walk), names the learnt successors to prefetch.  What it remembers
 * are runs: a tag's reads that each begin where the one before ended are
 * one run, stored as one entry (its start, its length, the start of the
 * run that came next), so a file read front to back costs one entry however
 * it was split into reads.  It sits beside the
 * stride predictor (predict.h): strides need no memory of the past, repeated
 * sequences without a stride need nothing else.
 *
 * A block is (key, addr, len) in the caller's units: the key names an
 * address space (the module passes 0 for a disk's LBA space in sectors, an
 * inode's number for a file's page offsets), so one instance can serve
 * both.  Successors are learnt per tag (the submitting task) so that two
 * programs reading at once do not splice their sequences together; the
 * table itself is keyed by address only, so what one process learnt serves
 * the next one that reads the same blocks (a second cold start has a new
 * pid).
 *
 * Memory: the caller provides the entry array (AETHER_HIST_ENTRY_BYTES each,
 * a power of two of them between AETHER_HIST_ENTRIES_MIN and _MAX) beside
 * struct aether_hist; nothing is allocated here.  Work per access: one
 * lookup and one update in a 4-way set, one pass over a set of
 * AETHER_HIST_CTX_WAYS contexts, and one lookup per block predicted (at most max_out and the
 * depth).  No floating point, no recursion, no sleeping; not locked: the
 * caller serialises calls on one instance.
 *
 * Precision: nothing is predicted for a tag until its own next reads have
 * confirmed AETHER_HIST_TRIAL_BATCH trial predictions, at least 7/8 of them
 * right, unless it comes while another tag is trusted (a program's threads,
 * its next start): then it starts trusted.  Once predicting, each chain is
 * judged by where the tag reads next, in the same batches, and page
 * feedback from the caller suspends everything when less than 4/5 of the
 * prefetched pages were used.  Where nothing repeats, nothing is
 * issued.  See Documentation/predictor.md.
 */
#ifndef _AETHER_HISTORY_H
#define _AETHER_HISTORY_H

#include "types.h"

/* Ways per set of the successor table. */
#define AETHER_HIST_WAYS		4
/* Table sizes (entries, powers of two): the module's history_entries knob. */
#define AETHER_HIST_ENTRIES_MIN		64
#define AETHER_HIST_ENTRIES_MAX		1048576U
#define AETHER_HIST_ENTRIES_DEFAULT	16384
/* Bytes per entry: sizeof(struct aether_hist_entry), as the tests check. */
#define AETHER_HIST_ENTRY_BYTES		32
/* Bytes one instance takes for a table of n entries. */
#define AETHER_HIST_BYTES(n)	(sizeof(struct aether_hist) + \
				 (size_t)(n) * AETHER_HIST_ENTRY_BYTES)

/*
 * Tags whose predecessor and trial state are remembered at once, in sets
 * of AETHER_HIST_CTX_WAYS chosen by a hash of the tag: one set is scanned
 * per read.  32: git status's main thread and its 15 lstat threads (with 8,
 * linearly recycled, the threads evicted one another before their trials
 * ended: 14% of the misses readahead leaves removed instead of 59%).
 */
#define AETHER_HIST_CTX			32
#define AETHER_HIST_CTX_WAYS		4
/* Runs never seen before that may come between a prediction and its check. */
#define AETHER_HIST_SLACK		2
/* An entry counts successes up to this (1: seen once). */
#define AETHER_HIST_CONF_MAX		3
/*
 * Trials judged per tag before it may predict; 7/8 must be right.  8, not
 * 16: each of a second run's threads (new pids) pays its trials in misses.
 */
#define AETHER_HIST_TRIAL_BATCH		8
/* Chain length knob: blocks predicted per call at most. */
#define AETHER_HIST_DEPTH_MIN		1
#define AETHER_HIST_DEPTH_MAX		256
#define AETHER_HIST_DEPTH_DEFAULT	64
/* Units (the caller's) one prediction covers at most: the span knob. */
#define AETHER_HIST_SPAN_MIN		1
#define AETHER_HIST_SPAN_MAX		1048576U
#define AETHER_HIST_SPAN_DEFAULT	8192
/* Depth when a device (re)starts predicting. */
#define AETHER_HIST_DEPTH_INIT		16
/* Page feedback is judged per this many pages. */
#define AETHER_HIST_FEEDBACK_BATCH	64
/* Longest run one entry holds (units of the caller's addresses). */
#define AETHER_HIST_MAX_RUN		0xffffU

struct aether_hist_entry {
	u64 addr;		/* the run's first unit */
	u64 next;		/* where the run that followed it began */
	u32 key;
	u32 next_key;
	u32 stamp;		/* clock at the latest update */
	u16 run;		/* the run's length */
	u8 conf;		/* 0: free, 1: seen once, .. AETHER_HIST_CONF_MAX */
	u8 from;		/* hash of the run before this one, 0: unknown */
};

/* One tag's state: its current run and its open trial or chain. */
struct aether_hist_ctx {
	u64 start, end;		/* the tag's current run [start, end) */
	u64 before;		/* the start of the run before it */
	u64 expect;		/* where the trial or chain says the tag goes next */
	u64 last_pred;		/* the start of the open chain's last run */
	u32 tag;
	u32 key;		/* the current run's */
	u32 before_key;
	u32 expect_key;
	u32 last_pred_key;
	u32 stamp;
	u16 right, wrong;	/* judgements in the current batch */
	u8 slack;		/* unknown runs the open trial or chain may yet pass */
	bool valid;
	bool in_run;		/* start, end and key are set */
	bool blind;		/* predicted: the run's successor is not known */
	bool has_before;	/* before is known */
	bool trial_open;	/* expect is a trial: judged, nothing issued */
	bool chain_open;	/* expect is the frontier of issued predictions */
	bool mid;		/* that frontier is inside last_pred's run */
	bool active;		/* the tag proved its trials: predict */
};

/* One predicted block, in the caller's units. */
struct aether_hist_pred {
	u64 addr;
	u32 len;
	u32 key;
};

struct aether_hist {
	struct aether_hist_entry *e;	/* the caller's table */
	u32 mask;		/* sets - 1 */
	u32 clock;		/* accesses, wrapping */
	u32 max_depth;		/* the knob */
	u32 max_span;		/* units per prediction, the other knob */
	u32 depth;		/* 0: suspended by page feedback */
	u32 fb_used, fb_wasted;
	struct aether_hist_ctx c[AETHER_HIST_CTX];
	/* statistics, never reset by the predictor */
	u64 accesses;
	u64 learnt;		/* runs stored in a new or reused entry */
	u64 confirmed;		/* runs whose successor was seen again */
	u64 replaced;		/* live entries evicted for new ones */
	u64 trials, trials_right;
	u64 chains, chains_right;	/* predictions judged at the tag's next read */
	u64 predicted;		/* blocks predicted (each the rest of a run, or a run) */
	u64 suspensions;	/* times page feedback suspended predicting */
};

/*
 * Start empty over entries[0..nr): nr a power of two within
 * AETHER_HIST_ENTRIES_MIN..MAX (else -1, nothing changed), max_depth clamped
 * into AETHER_HIST_DEPTH_MIN..MAX.  Every tag starts on trials.
 */
int aether_hist_init(struct aether_hist *h, struct aether_hist_entry *entries,
		     u32 nr, u32 max_depth);

/*
 * The span knob: units one prediction covers at most, AETHER_HIST_SPAN_MIN
 * ..MAX (default 8192: 4 MiB of sectors); 0, or -1 out of range (nothing
 * changed).  A run longer than what is left is cut; the tag's read where
 * it was cut carries the chain on.
 */
int aether_hist_set_max_span(struct aether_hist *h, u32 units);

/* Forget every entry and tag (statistics and knobs stay). */
void aether_hist_forget(struct aether_hist *h);

/* The depth knob: 0, or -1 for a value out of range (nothing changed). */
int aether_hist_set_max_depth(struct aether_hist *h, u32 max_depth);

/*
 * One read of len units at addr in address space key, by tag: extend the
 * tag's run or close it (learning where the next began), judge the tag's
 * open trial or chain, and if predict is true, the tag is trusted and a
 * learnt run starts at addr, write to out the rest of that run and the runs
 * that followed it (nearest first, at most max_out and the depth blocks and
 * max_span units).
 * Every read the device sees must come here, prefetch I/O must not.
 * Returns the number written.
 */
u32 aether_hist_access(struct aether_hist *h, u32 tag, u32 key, u64 addr,
		       u32 len, bool predict, struct aether_hist_pred *out,
		       u32 max_out);

/* aether_hist_access() without predicting: learn only. */
static inline void aether_hist_note(struct aether_hist *h, u32 tag, u32 key,
				    u64 addr, u32 len)
{
	aether_hist_access(h, tag, key, addr, len, false, (void *)0, 0);
}

/*
 * Usefulness of earlier predictions in pages (used, wasted), judged per
 * AETHER_HIST_FEEDBACK_BATCH: less than 4/5 used suspends predicting and
 * sends every tag back to trials; at least 7/8 doubles the depth.
 */
void aether_hist_feedback(struct aether_hist *h, u32 used, u32 wasted);

#endif /* _AETHER_HISTORY_H */
