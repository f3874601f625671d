// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The stride predictor (see include/aether/predict.h and
 * Documentation/predictor.md).  Everything is bounded: one pass over the
 * stream slots, one majority vote over a stream's history, one step per
 * range written.
 */
#include "../../include/aether/predict.h"
#include "fixp_inline.h"	/* U64_ALL, aether_always_inline, noinline */

/*
 * Slot masks: slot i is bit 15 - i, so the lowest slot is found with a
 * count of leading zeros (the kernel provides __clzdi2 where the CPU has no
 * such instruction, not __ctzsi2 everywhere)
 */
#define SLOT_BIT(i)	(0x8000U >> (i))
#define PAGE_MASK_S	((u64)AETHER_PAGE_SECTORS - 1)

const char *const aether_policy_names[AETHER_NR_POLICIES] = {
	[AETHER_POLICY_POVM] = "povm",
	[AETHER_POLICY_STRIDE] = "stride",
	[AETHER_POLICY_OFF] = "off",
};

int aether_policy_find(const char *name, size_t len)
{
	int i;
	size_t j;

	for (i = 0; i < AETHER_NR_POLICIES; i++) {
		const char *p = aether_policy_names[i];

		for (j = 0; j < len && p[j] && p[j] == name[j]; j++)
			;
		if (j == len && !p[j])
			return i;
	}
	return -1;
}

static u32 clamp_depth(u32 d)
{
	if (d < AETHER_PRED_DEPTH_MIN)
		return AETHER_PRED_DEPTH_MIN;
	return d > AETHER_PRED_DEPTH_MAX ? AETHER_PRED_DEPTH_MAX : d;
}

/* A seed's born that makes it stale, now and from then on. */
static u64 seed_stale(const struct aether_pred *p)
{
	return p->streams_started - 2 * AETHER_PRED_SEED_LIFE;
}

void aether_pred_forget(struct aether_pred *p)
{
	unsigned int i;

	for (i = 0; i < AETHER_PRED_STREAMS; i++)
		p->s[i].valid = false;
	p->cur = NULL;
	p->confirmed = 0;
	for (i = 0; i < (1U << AETHER_PRED_NEAR_BITS); i++)
		p->near[i] = 0;
	for (i = 0; i < (1U << AETHER_PRED_SEED_BITS); i++)
		p->seed[i].born = seed_stale(p);
}

void aether_pred_init(struct aether_pred *p, u64 capacity, u32 max_depth)
{
	p->capacity = capacity;
	p->max_depth = clamp_depth(max_depth);
	p->depth = 0;
	p->fb_used = 0;
	p->fb_wasted = 0;
	p->trial_used = 0;
	p->trial_wasted = 0;
	p->clock = 0;
	p->hand = 0;
	p->skip_sequential = false;
	p->accesses = 0;
	p->streams_started = 0;
	p->streams_confirmed = 0;
	p->ranges = 0;
	p->sectors = 0;
	p->trials = 0;
	p->suspensions = 0;
	p->shifts = 0;
	aether_pred_forget(p);
}

int aether_pred_set_max_depth(struct aether_pred *p, u32 max_depth)
{
	if (max_depth < AETHER_PRED_DEPTH_MIN || max_depth > AETHER_PRED_DEPTH_MAX)
		return -1;
	p->max_depth = max_depth;
	if (p->depth > max_depth)
		p->depth = max_depth;
	return 0;
}

void aether_pred_set_capacity(struct aether_pred *p, u64 capacity)
{
	p->capacity = capacity;
}

static u32 sat_add32(u32 a, u32 b)
{
	return a + b < a ? ~(u32)0 : a + b;
}

static u32 restart_depth(const struct aether_pred *p)
{
	return p->max_depth > AETHER_PRED_DEPTH_INIT ? AETHER_PRED_DEPTH_INIT :
						       p->max_depth;
}

void aether_pred_feedback(struct aether_pred *p, u32 used, u32 wasted)
{
	u64 total;

	p->fb_used = sat_add32(p->fb_used, used);
	p->fb_wasted = sat_add32(p->fb_wasted, wasted);
	total = (u64)p->fb_used + p->fb_wasted;
	if (total < AETHER_PRED_FEEDBACK_BATCH)
		return;
	if ((u64)p->fb_wasted * 5 > total) {
		/* below 4/5 used: stop polluting the cache, go back to trials */
		if (p->depth)
			p->suspensions++;
		p->depth = 0;
	} else if ((u64)p->fb_wasted * 8 > total) {
		if (p->depth > 1)
			p->depth /= 2;
	} else if (!p->depth) {
		p->depth = restart_depth(p);
	} else {
		p->depth = p->depth * 2 < p->max_depth ? p->depth * 2 : p->max_depth;
	}
	p->fb_used = 0;
	p->fb_wasted = 0;
}

/* A trial prediction was right (the stream read the block next) or not. */
static void judge_trial(struct aether_pred *p, bool right)
{
	u32 total;

	if (right)
		p->trial_used++;
	else
		p->trial_wasted++;
	total = p->trial_used + p->trial_wasted;
	if (total < AETHER_PRED_TRIAL_BATCH)
		return;
	if (!p->depth && p->trial_wasted * 8 <= total)
		p->depth = restart_depth(p);
	p->trial_used = 0;
	p->trial_wasted = 0;
}

/*
 * Boyer-Moore majority over the history, then a count: the stride is
 * confirmed with AETHER_PRED_MIN_VOTES votes that are also a strict majority,
 * so a random stream (all deltas different) never is.
 */
static s32 majority(const struct aether_pred_stream *st, u32 *votes)
{
	s32 cand = 0;
	u32 i, n = 0;

	for (i = 0; i < st->hist_fill; i++) {
		if (!n)
			cand = st->hist[i];
		n += st->hist[i] == cand ? 1 : -1;
	}
	for (i = 0, n = 0; i < st->hist_fill; i++)
		n += st->hist[i] == cand;
	*votes = n;
	if (n >= AETHER_PRED_MIN_VOTES && 2 * n > st->hist_fill)
		return cand;
	return 0;
}

static void push_delta(struct aether_pred_stream *st, s32 d)
{
	st->hist[st->hist_pos] = d;
	st->hist_pos = (st->hist_pos + 1) % AETHER_PRED_HISTORY;
	if (st->hist_fill < AETHER_PRED_HISTORY)
		st->hist_fill++;
}

static u64 abs_stride(s32 s)
{
	return s < 0 ? (u64)-(s64)s : (u64)s;
}

/*
 * How far x lies ahead of a confirmed stream's latest read, in the stream's
 * direction, and how far it may lie: one block past what was predicted
 * (the blocks in between were served from the page cache and so never
 * reached the device), saturated.
 */
static u64 ahead_of(const struct aether_pred_stream *st, u64 x, u64 *bound)
{
	u64 s = abs_stride(st->stride), d, reach;

	/* a frontier the stream has passed (no predictions lately) counts as none */
	if (st->stride > 0) {
		d = x - st->last;
		reach = st->ahead && st->next > st->last ? st->next - st->last : s;
	} else {
		d = st->last - x;
		reach = st->ahead && st->next < st->last ? st->last - st->next : s;
	}
	*bound = reach > U64_ALL - s ? U64_ALL : reach + s;
	return d;
}

/*
 * Is x a continuation of a confirmed stream: a whole number of strides
 * ahead, within the bound above?  Returns the distance in sectors, or 0.
 */
static u64 continues(const struct aether_pred_stream *st, u64 x)
{
	u64 s = abs_stride(st->stride), bound, d = ahead_of(st, x, &bound);

	if (!d || d > bound || d % s)
		return 0;
	return d;
}

/* The band a stream's phase may shift by (sectors), 0 for short strides. */
static u64 band(const struct aether_pred_stream *st)
{
	u64 w = abs_stride(st->stride) >> AETHER_PRED_BAND_SHIFT;

	return w >= AETHER_PAGE_SECTORS ? w : 0;
}

/*
 * Is x off a confirmed stream's stride by no more than its band (either
 * way), within the bound above plus the band?  Returns the distance in
 * sectors, or 0.
 */
static u64 shifted(const struct aether_pred_stream *st, u64 x)
{
	u64 s = abs_stride(st->stride), w = band(st), bound, r, d;

	if (!w)
		return 0;
	d = ahead_of(st, x, &bound);
	r = d % s;
	if (!d || (d > w && d - w > bound) || d < s - w || !r ||
	    (r > w && s - r > w))
		return 0;
	return d;
}

/* How far a read shifted() found lies off the stride: + late, - early. */
static s32 shift_offset(const struct aether_pred_stream *st, u64 d)
{
	u64 s = abs_stride(st->stride), r = d % s;

	return r <= band(st) ? (s32)r : -(s32)(s - r);
}

/*
 * Does x confirm the shift a stream noted: one or two whole strides past
 * the read that was off the stride?  The second read of the new phase tells
 * a real shift from a stray read in the band.
 */
static bool shift_confirmed(const struct aether_pred_stream *st, u64 x)
{
	u64 s = abs_stride(st->stride);
	u64 d = st->stride > 0 ? x - st->shift_at : st->shift_at - x;

	return st->shift_open && d && d <= 2 * s && !(d % s);
}

/*
 * A slot for a new stream: a free, learning or idle one, found by a clock
 * hand with a second chance for streams read again since the hand last
 * passed them, so random reads (a new stream each) cost O(1) here and do
 * not push out a stream still learning among them.  Only when every slot
 * holds a live confirmed stream, the least recently used of those.
 */
static inline aether_always_inline struct aether_pred_stream *
pick_victim(struct aether_pred *p)
{
	struct aether_pred_stream *st, *lru = NULL;
	unsigned int k;

	for (k = 0; k < 2 * AETHER_PRED_STREAMS; k++) {
		st = &p->s[p->hand];
		p->hand = (p->hand + 1) % AETHER_PRED_STREAMS;
		if (!st->valid)
			return st;
		if (!st->stride || p->clock - st->stamp > AETHER_PRED_STALE) {
			if (!st->again)
				return st;
			st->again = false;
			continue;
		}
		if (!lru || p->clock - st->stamp > p->clock - lru->stamp)
			lru = st;
	}
	return lru;
}

static void emit(struct aether_pred_range *out, u32 *n, u64 start, u64 end,
		 bool forward)
{
	struct aether_pred_range *r = *n ? &out[*n - 1] : NULL;

	if (r && forward && r->sector + r->nr_sectors == start) {
		r->nr_sectors += (u32)(end - start);
	} else if (r && !forward && end == r->sector) {
		r->nr_sectors += (u32)(end - start);
		r->sector = start;
	} else {
		out[*n].sector = start;
		out[*n].nr_sectors = (u32)(end - start);
		++*n;
	}
}

/* End of the page-aligned block of len sectors at b, clipped to cap. */
static u64 block_end(u64 b, u32 len, u64 cap)
{
	if (b >= cap || len >= cap - b)
		return cap;
	return (b + len + PAGE_MASK_S) & ~PAGE_MASK_S;
}

static u32 predict_forward(struct aether_pred_stream *st, u64 x, u32 len,
			   u64 span, u64 cap, struct aether_pred_range *out,
			   u32 max_out)
{
	u64 s = (u64)st->stride, limit, b, start, end;
	u32 n = 0;

	if (x >= cap || len >= cap - x)
		return 0;
	end = (x + len + PAGE_MASK_S) & ~PAGE_MASK_S;
	if (!st->ahead || st->next <= x) {
		st->next = x + s;
		st->edge = end;
		st->ahead = true;
	} else if (st->edge < end) {
		st->edge = end;
	}
	limit = span > cap - x ? cap : x + span;
	while (n < max_out && st->next <= limit && st->next < cap) {
		b = st->next;
		start = b & ~PAGE_MASK_S;
		end = block_end(b, len, cap);
		if (start < st->edge)
			start = st->edge;
		if (start < end) {
			emit(out, &n, start, end, true);
			st->edge = end;
		}
		st->next = b > U64_ALL - s ? U64_ALL : b + s;
	}
	return n;
}

static u32 predict_backward(struct aether_pred_stream *st, u64 x, u32 len,
			    u64 span, u64 cap, struct aether_pred_range *out,
			    u32 max_out)
{
	u64 s = abs_stride(st->stride), limit, b, start, end;
	u32 n = 0;

	if (x < s)
		return 0;
	start = x & ~PAGE_MASK_S;
	if (!st->ahead || st->next >= x) {
		st->next = x - s;
		st->edge = start;
		st->ahead = true;
	} else if (st->edge > start) {
		st->edge = start;
	}
	limit = span > x ? 0 : x - span;
	while (n < max_out && st->next >= limit) {
		b = st->next;
		start = b & ~PAGE_MASK_S;
		end = block_end(b, len, cap);
		if (end > st->edge)
			end = st->edge;
		if (start < end) {
			emit(out, &n, start, end, false);
			st->edge = start;
		}
		if (b < s)
			break;		/* the next block would be below sector 0 */
		st->next = b - s;
	}
	return n;
}

/* A forward stream Linux readahead serves, while it is on: not ours. */
static inline bool sequential_skipped(const struct aether_pred *p,
				      const struct aether_pred_stream *st)
{
	return p->skip_sequential && st->stride > 0 &&
	       ((u32)st->stride <= st->len || st->contiguous);
}

static u32 predict(struct aether_pred *p, struct aether_pred_stream *st,
		   u64 x, struct aether_pred_range *out, u32 max_out)
{
	u64 cap = p->capacity & ~PAGE_MASK_S;
	u32 len = st->len > AETHER_PRED_MAX_BLOCK ? AETHER_PRED_MAX_BLOCK : st->len;
	u32 lead = st->run >> 2, n, i;
	u64 span;

	st->more = false;
	if (sequential_skipped(p, st))
		return 0;
	if (!p->depth) {
		/* suspended: name the next block, judge it at the next read */
		st->trial = x + (u64)(s64)st->stride;
		st->trial_open = true;
		p->trials++;
		return 0;
	}
	/*
	 * Run ahead by at most a quarter of the strided steps seen so far: a
	 * stream that stops wastes at most a fifth of what it prefetched.  A
	 * stream whose phase shifts wastes what was predicted past each shift:
	 * at most a sixth of its mean steps between shifts ahead.
	 */
	if (st->seg_avg && lead > st->seg_avg / 6)
		lead = st->seg_avg / 6;
	if (lead < 1)
		lead = 1;
	if (lead > p->depth)
		lead = p->depth;
	span = (u64)lead * abs_stride(st->stride);
	if (st->stride > 0)
		n = predict_forward(st, x, len, span, cap, out, max_out);
	else
		n = predict_backward(st, x, len, span, cap, out, max_out);
	p->ranges += n;
	for (i = 0; i < n; i++) {
		p->sectors += out[i].nr_sectors;
		out[i].stream = st->id;
	}
	st->more = n == max_out;
	return n;
}

u32 aether_pred_more(struct aether_pred *p, u32 stream,
		     struct aether_pred_range *out, u32 max_out)
{
	struct aether_pred_stream *st = &p->s[stream % AETHER_PRED_STREAMS];

	if (!stream || !out || !max_out || !p->depth || !st->valid ||
	    st->id != stream || !st->stride || !st->more)
		return 0;
	return predict(p, st, st->last, out, max_out);
}

/*
 * The fresh seed of tag in lo's or hi's bucket nearest to sector, if
 * nearer than *best (then its distance).
 */
static struct aether_pred_seed *seed_nearest(struct aether_pred *p,
					     unsigned int lo, unsigned int hi,
					     u32 tag, u64 sector, u64 *best)
{
	struct aether_pred_seed *pick = NULL, *sd;
	unsigned int k;
	u64 d;

	for (k = 0; k < 2; k++) {
		if (k && aether_pred_seed_at(p, hi) == aether_pred_seed_at(p, lo))
			break;
		sd = aether_pred_seed_near(p, k ? hi : lo, tag, sector);
		if (!sd)
			continue;
		d = sector - sd->last;
		if ((s64)d < 0)
			d = -d;
		if (d < *best) {
			pick = sd;
			*best = d;
		}
	}
	return pick;
}

/*
 * A second read lands near a seed: the seed becomes a stream, in the
 * victim's slot, whose one read so far is the seed's.  Only what a
 * learning stream's reads look at is set here; what a stride's reads use
 * is set when the stride is confirmed (confirm()).
 */
static struct aether_pred_stream *grow(struct aether_pred *p,
				       struct aether_pred_seed *sd)
{
	struct aether_pred_stream *st = pick_victim(p);
	unsigned int near = aether_pred_near_slot(sd->last, sd->tag);
	/* unique while fewer than 2^28 seeds are planted between two reads */
	u32 id = (u32)(sd->born + 1) * AETHER_PRED_STREAMS + (u32)(st - p->s);

	if (st->valid) {
		if (st->trial_open)
			judge_trial(p, false);	/* the stream never came back */
		if (st->stride)
			p->confirmed &= ~(SLOT_BIT(st - p->s));
		else
			p->near[st->near]--;
	}
	p->near[near]++;
	st->last = sd->last;
	st->tag = sd->tag;
	st->stride = 0;
	st->len = sd->len;
	st->valid = true;
	st->again = false;
	st->hist_pos = 0;
	st->hist_fill = 0;
	st->trial_open = false;	/* also as a slot forgotten meanwhile left it */
	st->id = id ? id : AETHER_PRED_STREAMS;	/* slot 0, wrapped */
	st->near = (u16)near;
	sd->born = seed_stale(p);		/* it is the stream's now */
	return st;
}

/* A learning stream's stride is confirmed: it starts predicting afresh. */
static void confirm(struct aether_pred *p, struct aether_pred_stream *st,
		    s32 stride, u32 votes)
{
	st->stride = stride;
	st->run = votes;
	st->seg = votes;
	st->seg_avg = 0;
	st->shift_by = 0;
	st->shift_open = false;
	st->ahead = false;
	p->streams_confirmed++;
	p->confirmed |= SLOT_BIT(st - p->s);
}

/*
 * st took the read: it now ends there.  p->cur is st if it has a stride,
 * and the answer whether it may predict now.
 */
static inline aether_always_inline bool took(struct aether_pred *p,
					     struct aether_pred_stream *st,
					     u64 sector, u32 nr_sectors,
					     bool contiguous)
{
	st->contiguous = contiguous;
	st->last = sector;
	st->len = nr_sectors;
	st->stamp = p->clock;
	st->more = false;
	if (!st->stride) {
		p->cur = NULL;
		return false;
	}
	p->cur = st;
	return !sequential_skipped(p, st);
}

/*
 * A read some stream or seed may take: the slots in scan looked at, then
 * the stream that takes it learns (a seed that takes it grows into one; a
 * read nothing takes is planted).  p->cur is that stream if it
 * has a stride, else NULL (also after a re-read, or a read off the stride
 * noted for later: nothing a prediction could follow).
 */
noinline bool aether_pred_learn_scan(struct aether_pred *p, u32 tag,
				     u64 sector, u32 nr_sectors,
				     unsigned int scan)
{
	struct aether_pred_stream *cont = NULL, *near = NULL, *off = NULL, *st;
	struct aether_pred_seed *sd;
	unsigned int lo, hi;
	u64 cont_d = U64_ALL, near_d = U64_ALL, off_d = U64_ALL, d;
	bool rephase = false;
	bool contiguous = false;	/* began where the stream's last read ended */
	unsigned int i;
	u32 votes;
	s32 stride;

	for (; scan; scan ^= SLOT_BIT(i)) {
		i = (unsigned int)__builtin_clzll(scan) - 48;
		st = &p->s[i];
		d = sector - st->last;
		/*
		 * A learning stream farther than the radius (|d| > radius as one
		 * unsigned compare) cannot take this access: the common case
		 * under random reads, so it is rejected before anything else.
		 */
		if (!st->stride && d + AETHER_PRED_RADIUS > 2ULL * AETHER_PRED_RADIUS)
			continue;
		if (!st->valid || st->tag != tag)
			continue;
		if (!d) {		/* re-read: nothing learnt */
			st->stamp = p->clock;
			st->len = nr_sectors;
			p->cur = NULL;
			return false;
		}
		if (st->stride) {
			d = continues(st, sector);
			if (d && d < cont_d) {
				cont = st;
				cont_d = d;
			}
			if (d || cont)
				continue;
			/* a shift noted before, confirmed now, comes first */
			if (shift_confirmed(st, sector)) {
				if (!rephase || !off || st->stamp > off->stamp) {
					off = st;
					rephase = true;
				}
				continue;
			}
			d = rephase ? 0 : shifted(st, sector);
			if (d && d < off_d) {
				off = st;
				off_d = d;
			}
			continue;
		}
		if ((s64)d < 0)
			d = -d;
		if (d < near_d) {
			near = st;
			near_d = d;
		}
	}

	if (!cont && !off) {
		/* the buckets again, rather than two more arguments of the call */
		aether_pred_near_pair(sector, tag, &lo, &hi);
		/* a seed nearer than any learning stream grows into one */
		sd = seed_nearest(p, lo, hi, tag, sector, &near_d);
		if (sd && sd->last == sector) {	/* re-read: nothing learnt */
			sd->len = nr_sectors;
			p->cur = NULL;
			return false;
		}
		if (sd) {
			near = grow(p, sd);
		} else if (!near) {
			/* nothing may take it: a seed */
			aether_pred_plant(p, aether_pred_near_own(sector, lo, hi),
					  tag, sector, nr_sectors);
			return false;
		}
	}

	if (cont) {
		st = cont;
		st->again = true;
		contiguous = sector == st->last + st->len;
		d = cont_d / abs_stride(st->stride);
		st->run = sat_add32(st->run, (u32)d);
		st->seg = sat_add32(st->seg, (u32)d);
		st->shift_open = false;
		if (st->trial_open) {
			judge_trial(p, sector == st->trial);
			st->trial_open = false;
		}
	} else if (off && !rephase &&
		   shift_offset(off, off_d) != off->shift_by) {
		/*
		 * Off the stride within the band: note it, learn and predict
		 * nothing until the stream's next read says whether the phase
		 * shifted (a stray read leaves the stream as it was).
		 */
		off->again = true;
		off->more = false;	/* the old phase's rest is likely waste */
		off->shift_open = true;
		off->shift_at = sector;
		off->shift_off = shift_offset(off, off_d);
		off->stamp = p->clock;
		p->cur = NULL;
		return false;
	} else if (off) {
		/*
		 * The phase shifted: go on from here, the stride kept.  A
		 * shift by the offset the stream's last one had (a B-tree
		 * whose other pages split its leaves alike) is taken at once:
		 * waiting for its confirmation would cost a second miss.
		 */
		st = off;
		if (rephase)
			st->shift_by = st->shift_off;	/* confirmed: learnt */
		else
			st->shift_at = sector;		/* by the learnt offset */
		st->again = true;
		d = (st->stride > 0 ? sector - st->shift_at : st->shift_at - sector) /
		    abs_stride(st->stride);
		st->run = sat_add32(st->run, (u32)d + 1);
		st->seg_avg = st->seg_avg ?
			(u32)(((u64)st->seg_avg * 3 + st->seg) / 4) : st->seg;
		if (!st->seg_avg)
			st->seg_avg = 1;
		st->seg = (u32)d;
		st->shift_open = false;
		st->ahead = false;	/* predictions restart from this read */
		p->shifts++;
		if (st->trial_open) {
			judge_trial(p, false);
			st->trial_open = false;
		}
	} else {
		/* a learning stream takes the nearest access */
		st = near;
		st->again = true;
		contiguous = sector == st->last + st->len;
		push_delta(st, (s32)(sector - st->last));
		p->near[st->near]--;
		stride = majority(st, &votes);
		if (stride) {
			confirm(p, st, stride, votes);
		} else {
			st->near = (u16)aether_pred_near_slot(sector, tag);
			p->near[st->near]++;
		}
	}
	return took(p, st, sector, nr_sectors, contiguous);
}

u32 aether_pred_predict(struct aether_pred *p, struct aether_pred_range *out,
			u32 max_out)
{
	struct aether_pred_stream *st = p->cur;

	p->cur = NULL;
	if (!st || !out || !max_out)
		return 0;
	return predict(p, st, st->last, out, max_out);
}

u32 aether_pred_access(struct aether_pred *p, u32 tag, u64 sector,
		       u32 nr_sectors, bool predict_now,
		       struct aether_pred_range *out, u32 max_out)
{
	aether_pred_learn(p, tag, sector, nr_sectors);
	if (!predict_now) {
		p->cur = NULL;
		return 0;
	}
	return aether_pred_predict(p, out, max_out);
}
