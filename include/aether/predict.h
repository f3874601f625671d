/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The stride predictor: after the POVM gate has said "prefetch", it decides
 * where.  Each device keeps a small table of streams; a stream learns its
 * stride by majority vote over its recent deltas (as Leap does) and, once
 * confident, predicts the next strided blocks as page-aligned sector ranges
 * that never cross the device's capacity.  How far ahead it runs adapts to
 * usefulness feedback (pages used versus wasted) within a per-device bound.
 *
 * Streams are keyed by a caller-supplied tag (the module passes the
 * submitting task's tgid) and, within one tag, separated by address: see
 * Documentation/predictor.md for why.
 *
 * Freestanding like the rest of the core: caller-provided fixed-size state,
 * no allocation, no floating point, no recursion, O(AETHER_PRED_STREAMS +
 * AETHER_PRED_HISTORY) work per access plus O(1) per range written.  Not
 * locked: the caller serialises calls on one struct aether_pred (the module
 * holds its per-device spinlock; everything here is safe in atomic context).
 */
#ifndef _AETHER_PREDICT_H
#define _AETHER_PREDICT_H

#include "types.h"

/* Ranges are aligned to 4 KiB pages of 512-byte sectors. */
#define AETHER_PAGE_SECTORS		8

/*
 * Stream slots per device (at most 16: struct aether_pred's confirmed mask)
 * and deltas per stream in the majority vote.
 */
#define AETHER_PRED_STREAMS		16
#define AETHER_PRED_ALL_SLOTS		0xffffU	/* slot i: bit 15 - i */
#define AETHER_PRED_HISTORY		8
/* A stride is confident with this many votes and a strict majority. */
#define AETHER_PRED_MIN_VOTES		3
/* A learning stream takes accesses within this many sectors (512 MiB). */
#define AETHER_PRED_RADIUS		1048576U
/*
 * Learning streams are also counted in buckets of two radii of address
 * (hashed with the tag): a read whose two neighbouring buckets hold none
 * cannot be taken by a learning stream, and only the confirmed streams are
 * scanned for it (a random read: none).
 */
#define AETHER_PRED_NEAR_BITS		12
/*
 * A read no stream takes (any random read) is kept as a seed, not a
 * stream: one per hashed bucket of near[] (its top AETHER_PRED_SEED_BITS
 * bits), as long as fewer than AETHER_PRED_SEED_LIFE seeds have been
 * planted since.  A later read of its tag within the radius makes it a
 * stream, in a slot; random reads thus cost no slot and push out no
 * stream that is still learning.
 */
#define AETHER_PRED_SEED_BITS		9
#define AETHER_PRED_SEED_LIFE		AETHER_PRED_STREAMS
/* Accesses (device-wide) after which an idle confident stream is replaceable. */
#define AETHER_PRED_STALE		1024
/*
 * A confirmed stream of at least 8 pages' stride keeps its stride through a
 * shift of its phase by up to 1/2^AETHER_PRED_BAND_SHIFT of it (a B-tree
 * leaf scan whose leaves are 16 pages apart, 17 or 18 where another page was
 * allocated in between): a read that far off the stride is confirmed as the
 * stream's new phase by the stream's next read, a whole stride after it.
 */
#define AETHER_PRED_BAND_SHIFT		3
/* Longest block (sectors) a prediction copies from the stream's requests. */
#define AETHER_PRED_MAX_BLOCK		2048

/* The per-device max-depth knob: blocks predicted ahead of a stream. */
#define AETHER_PRED_DEPTH_MIN		1
#define AETHER_PRED_DEPTH_MAX		1024
#define AETHER_PRED_DEPTH_DEFAULT	64
/* Depth when prefetching (re)starts (clamped to the knob). */
#define AETHER_PRED_DEPTH_INIT		16
/* Feedback is judged once this many pages have been reported. */
#define AETHER_PRED_FEEDBACK_BATCH	32
/* While suspended, this many trial predictions are judged at a time. */
#define AETHER_PRED_TRIAL_BATCH		64

/* What a device does with decisions; shared by the module and the tools. */
enum aether_policy {
	AETHER_POLICY_POVM,	/* gate + predictor (default) */
	AETHER_POLICY_STRIDE,	/* predictor alone, for comparison */
	AETHER_POLICY_OFF,	/* count (decide while recorded), issue nothing */
	AETHER_NR_POLICIES,
};

extern const char *const aether_policy_names[AETHER_NR_POLICIES];

/* index of the policy called name[0..len), or -1 */
int aether_policy_find(const char *name, size_t len);

/* Does this policy ask the predictor for ranges, given the gate's decision? */
static inline bool aether_policy_predicts(enum aether_policy pol, bool gate)
{
	return pol == AETHER_POLICY_STRIDE || (pol == AETHER_POLICY_POVM && gate);
}

/* One predicted range: page-aligned, below the capacity (rounded to pages). */
struct aether_pred_range {
	u64 sector;
	u32 nr_sectors;
	u32 stream;	/* the stream that predicted it, for aether_pred_more() */
};

struct aether_pred_stream {
	/* what the per-access scan reads comes first, in one cache line */
	u64 last;		/* first sector of the latest access */
	u64 next;		/* next strided block not yet predicted */
	u64 edge;		/* page-aligned end of what is read or predicted */
	u64 trial;		/* the block a trial prediction named */
	u32 tag;
	s32 stride;		/* confirmed stride in sectors, 0 while learning */
	u32 stamp;		/* device clock at the latest access */
	u32 len;		/* sectors of the latest access */
	u32 run;		/* strided steps seen since the stride was confirmed */
	bool valid;
	bool ahead;		/* next and edge are set */
	bool trial_open;	/* trial is waiting for the stream's next read */
	bool again;		/* read again since the victim hand passed */
	bool contiguous;	/* the latest read began where the one before ended */
	bool more;		/* the last prediction stopped at max_out */
	u8 hist_pos;
	u8 hist_fill;
	s32 hist[AETHER_PRED_HISTORY];	/* recent deltas, a ring */
	/* phase shifts within the band (AETHER_PRED_BAND_SHIFT) */
	bool shift_open;	/* shift_at awaits the stream's next read */
	u32 seg;		/* strided steps since the phase last shifted */
	u32 seg_avg;		/* mean steps between shifts, 0 before the first */
	u64 shift_at;		/* a read off the stride within the band */
	s32 shift_off;		/* shift_at's offset from the stride (sectors) */
	s32 shift_by;		/* the last confirmed shift's offset, 0 before */
	u32 id;			/* names this stream in its ranges, never 0 */
	u16 near;		/* its counter in near[] while learning */
};

/* A read no stream took, until a second read lands near it. */
struct aether_pred_seed {
	u64 last;		/* its first sector */
	u64 born;		/* streams_started when planted: fresh, and the id */
	u32 tag;
	u32 len;		/* its sectors */
};

struct aether_pred {
	u64 capacity;		/* sectors */
	u32 max_depth;		/* the knob */
	u32 depth;		/* adaptive, 0 (suspended) or 1..max_depth */
	u32 fb_used;		/* feedback since the last judgement */
	u32 fb_wasted;
	u32 trial_used;		/* trial predictions since the last judgement */
	u32 trial_wasted;
	u32 clock;		/* accesses seen, wrapping */
	u32 hand;		/* next slot pick_victim() looks at */
	/* the stream with a stride the latest access went to, or NULL */
	struct aether_pred_stream *cur;
	bool skip_sequential;	/* leave forward contiguous streams to Linux */
	u16 confirmed;		/* valid streams with a stride: slot i, bit 15 - i */
	/* valid learning streams per hashed (bucket of last, tag) */
	u8 near[1 << AETHER_PRED_NEAR_BITS];
	struct aether_pred_seed seed[1 << AETHER_PRED_SEED_BITS];
	/* statistics, never reset by the predictor */
	u64 accesses;
	u64 streams_started;
	u64 streams_confirmed;
	u64 ranges;
	u64 sectors;
	u64 trials;		/* predictions judged instead of issued */
	u64 suspensions;	/* times feedback suspended prefetching */
	u64 shifts;		/* phase shifts confirmed within the band */
	struct aether_pred_stream s[AETHER_PRED_STREAMS];
};

/*
 * Start empty on a device of capacity sectors, suspended (depth 0): the
 * device's streams must first prove, by trial predictions judged against
 * their own next reads, that predicting them is worth it.  max_depth out of
 * AETHER_PRED_DEPTH_MIN..AETHER_PRED_DEPTH_MAX is clamped into it.
 */
void aether_pred_init(struct aether_pred *p, u64 capacity, u32 max_depth);

/* The knob: 0, or -1 for a value out of range (nothing changed). */
int aether_pred_set_max_depth(struct aether_pred *p, u32 max_depth);

/* The device was resized; later predictions stay below the new capacity. */
void aether_pred_set_capacity(struct aether_pred *p, u64 capacity);

/*
 * With Linux readahead enabled on the device, forward streams whose blocks
 * touch (stride <= request length) or whose latest read began where the one
 * before ended (readahead's windows, of growing sizes) are its job: predict
 * nothing for them.
 */
static inline void aether_pred_set_skip_sequential(struct aether_pred *p,
						   bool skip)
{
	p->skip_sequential = skip;
}

/* Forget every stream (statistics, depth and knobs stay). */
void aether_pred_forget(struct aether_pred *p);

/*
 * One read of nr_sectors at sector, submitted by tag.  Every read the device
 * sees must come here (writes and the module's own prefetch I/O must not),
 * so the streams learn whatever the gate decides.  If predict is true and
 * the read continues a confident stream, up to max_out ranges that were not
 * predicted before are written to out, nearest first; the rest follow on
 * later calls.  Returns the number of ranges written.  While suspended it
 * writes none: it names the stream's next block as a trial and judges it
 * against the stream's next read.  A read within a confirmed stream's
 * band off its stride (AETHER_PRED_BAND_SHIFT) writes none and is noted;
 * the stream's next read, a stride after it, moves the stream's phase there.
 */
u32 aether_pred_access(struct aether_pred *p, u32 tag, u64 sector,
		       u32 nr_sectors, bool predict,
		       struct aether_pred_range *out, u32 max_out);

/*
 * The learning step, inline in the caller: a read that no stream or fresh
 * seed of its tag can take (any random read) is planted as a seed without
 * a call; the others go to aether_pred_learn_scan().
 */

/* The near[] counter of a stream or seed whose latest read is at x. */
static inline unsigned int aether_pred_near_slot(u64 x, u32 tag)
{
	u64 b = x / (2ULL * AETHER_PRED_RADIUS) ^ ((u64)tag << 43);

	return (unsigned int)((b * 0x9e3779b97f4a7c15ULL) >>
			      (64 - AETHER_PRED_NEAR_BITS));
}

/*
 * The near[] counters of the two buckets [x - radius, x + radius] (mod
 * 2^64, as the scan's compare) touches: any stream or seed of tag that may
 * take a read at x lies in one of them.
 */
static inline aether_always_inline void
aether_pred_near_pair(u64 x, u32 tag, unsigned int *lo, unsigned int *hi)
{
	*lo = aether_pred_near_slot(x - AETHER_PRED_RADIUS, tag);
	*hi = aether_pred_near_slot(x + AETHER_PRED_RADIUS, tag);
}

/* x's own bucket of the two: lo if x lies in its bucket's upper half. */
static inline aether_always_inline unsigned int
aether_pred_near_own(u64 x, unsigned int lo, unsigned int hi)
{
	return x & AETHER_PRED_RADIUS ? lo : hi;
}

static inline aether_always_inline struct aether_pred_seed *
aether_pred_seed_at(struct aether_pred *p, unsigned int slot)
{
	return &p->seed[slot >> (AETHER_PRED_NEAR_BITS - AETHER_PRED_SEED_BITS)];
}

/* The fresh seed of tag in slot's bucket that may take a read at x, or NULL. */
static inline aether_always_inline struct aether_pred_seed *
aether_pred_seed_near(struct aether_pred *p, unsigned int slot, u32 tag, u64 x)
{
	struct aether_pred_seed *sd = aether_pred_seed_at(p, slot);

	if (p->streams_started - sd->born > AETHER_PRED_SEED_LIFE ||
	    sd->tag != tag ||
	    x - sd->last + AETHER_PRED_RADIUS > 2ULL * AETHER_PRED_RADIUS)
		return NULL;
	return sd;
}

/* A read no stream took: a seed, in place of what its bucket held. */
static inline aether_always_inline void
aether_pred_plant(struct aether_pred *p, unsigned int slot, u32 tag,
		  u64 sector, u32 nr_sectors)
{
	struct aether_pred_seed *sd = aether_pred_seed_at(p, slot);

	sd->last = sector;
	sd->tag = tag;
	sd->len = nr_sectors;
	sd->born = p->streams_started++;
	p->cur = NULL;
}

/*
 * A read some stream of scan's slots (a mask of AETHER_PRED_ALL_SLOTS), or a
 * fresh seed, may take: the learning step out of line.
 */
bool aether_pred_learn_scan(struct aether_pred *p, u32 tag, u64 sector,
			    u32 nr_sectors, unsigned int scan);

/*
 * aether_pred_access() in two steps, for a caller that asks something else
 * (the gate) only when a prediction could follow: learn from the read and
 * say whether its stream may predict now (it has a stride, and is not a
 * forward stream left to Linux readahead); then, if wanted, predict for it
 * as aether_pred_access() would have with predict true.  Nothing else may
 * reach the predictor between the two.
 */
static inline aether_always_inline bool
aether_pred_learn(struct aether_pred *p, u32 tag, u64 sector, u32 nr_sectors)
{
	unsigned int lo, hi;

	p->clock++;
	p->accesses++;
	if (!nr_sectors)
		nr_sectors = 1;
	/*
	 * Every slot, or only the confirmed streams' where no learning one is
	 * near: any other slot would be passed over by the scan's first or
	 * second test, so the outcome is the same.  With neither, nor a seed
	 * near, no stream can take the read (any random read of a disk no
	 * stride is being read from): it is planted.
	 */
	aether_pred_near_pair(sector, tag, &lo, &hi);
	if (p->near[lo] | p->near[hi])
		return aether_pred_learn_scan(p, tag, sector, nr_sectors,
					      AETHER_PRED_ALL_SLOTS);
	if (p->confirmed || aether_pred_seed_near(p, lo, tag, sector) ||
	    aether_pred_seed_near(p, hi, tag, sector))
		return aether_pred_learn_scan(p, tag, sector, nr_sectors,
					      p->confirmed);
	aether_pred_plant(p, aether_pred_near_own(sector, lo, hi), tag, sector,
			  nr_sectors);
	return false;
}

u32 aether_pred_predict(struct aether_pred *p, struct aether_pred_range *out,
			u32 max_out);

/*
 * The rest of a prediction that stopped at max_out: up to max_out more
 * ranges of the stream that wrote the range named stream (its ->stream),
 * as its next read would have, still within its lead of its latest read.
 * 0 if that stream has nothing more, is gone (its slot reused) or the
 * device is suspended.  For an engine that takes a few ranges per read
 * and reads the rest from its worker: the lead is not bounded by what one
 * read may queue.
 */
u32 aether_pred_more(struct aether_pred *p, u32 stream,
		     struct aether_pred_range *out, u32 max_out);

/*
 * Usefulness of earlier predictions: prefetched pages since read (used) and
 * evicted or judged never read (wasted), judged per AETHER_PRED_FEEDBACK_BATCH
 * pages: at least 7/8 used doubles the depth (a suspended device restarts
 * at AETHER_PRED_DEPTH_INIT), less than 4/5 used suspends prefetching
 * (depth 0), in between halves it (not below 1).  While suspended, trial
 * predictions restart it when at least 7/8 of AETHER_PRED_TRIAL_BATCH of
 * them were right.
 */
void aether_pred_feedback(struct aether_pred *p, u32 used, u32 wasted);

#endif /* _AETHER_PREDICT_H */
