// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The history predictor (see include/aether/history.h and
 * Documentation/predictor.md).  A set-associative table maps a block to the
 * block that followed it; a few per-tag contexts remember each reader's
 * previous block and whether its predictions have earned trust.  Every
 * operation is bounded: one set of AETHER_HIST_WAYS per lookup, one set of
 * AETHER_HIST_CTX_WAYS contexts per read, at most max_out lookups per
 * prediction.
 */
#include "../../include/aether/history.h"

static u32 clamp_depth(u32 d)
{
	if (d < AETHER_HIST_DEPTH_MIN)
		return AETHER_HIST_DEPTH_MIN;
	return d > AETHER_HIST_DEPTH_MAX ? AETHER_HIST_DEPTH_MAX : d;
}

static u32 restart_depth(const struct aether_hist *h)
{
	return h->max_depth > AETHER_HIST_DEPTH_INIT ? AETHER_HIST_DEPTH_INIT :
						       h->max_depth;
}

static void ctx_reset(struct aether_hist_ctx *c)
{
	c->mid = false;
	c->in_run = false;
	c->blind = false;
	c->has_before = false;
	c->trial_open = false;
	c->chain_open = false;
	c->active = false;
	c->right = 0;
	c->wrong = 0;
}

void aether_hist_forget(struct aether_hist *h)
{
	u32 i, n = (h->mask + 1) * AETHER_HIST_WAYS;

	for (i = 0; i < n; i++)
		h->e[i].conf = 0;
	for (i = 0; i < AETHER_HIST_CTX; i++) {
		h->c[i].valid = false;
		ctx_reset(&h->c[i]);
	}
}

int aether_hist_init(struct aether_hist *h, struct aether_hist_entry *entries,
		     u32 nr, u32 max_depth)
{
	if (!entries || nr < AETHER_HIST_ENTRIES_MIN ||
	    nr > AETHER_HIST_ENTRIES_MAX || (nr & (nr - 1)))
		return -1;
	h->e = entries;
	h->mask = nr / AETHER_HIST_WAYS - 1;
	h->clock = 0;
	h->max_depth = clamp_depth(max_depth);
	h->depth = restart_depth(h);
	h->max_span = AETHER_HIST_SPAN_DEFAULT;
	h->fb_used = 0;
	h->fb_wasted = 0;
	h->accesses = 0;
	h->learnt = 0;
	h->confirmed = 0;
	h->replaced = 0;
	h->trials = 0;
	h->trials_right = 0;
	h->chains = 0;
	h->chains_right = 0;
	h->predicted = 0;
	h->suspensions = 0;
	aether_hist_forget(h);
	return 0;
}

int aether_hist_set_max_span(struct aether_hist *h, u32 units)
{
	if (units < AETHER_HIST_SPAN_MIN || units > AETHER_HIST_SPAN_MAX)
		return -1;
	h->max_span = units;
	return 0;
}

int aether_hist_set_max_depth(struct aether_hist *h, u32 max_depth)
{
	if (max_depth < AETHER_HIST_DEPTH_MIN || max_depth > AETHER_HIST_DEPTH_MAX)
		return -1;
	h->max_depth = max_depth;
	if (h->depth > max_depth)
		h->depth = max_depth;
	return 0;
}

static u32 sat_add32(u32 a, u32 b)
{
	return a + b < a ? ~(u32)0 : a + b;
}

void aether_hist_feedback(struct aether_hist *h, u32 used, u32 wasted)
{
	u64 total;
	u32 i;

	h->fb_used = sat_add32(h->fb_used, used);
	h->fb_wasted = sat_add32(h->fb_wasted, wasted);
	total = (u64)h->fb_used + h->fb_wasted;
	if (total < AETHER_HIST_FEEDBACK_BATCH)
		return;
	if ((u64)h->fb_wasted * 5 > total) {
		/* below 4/5 used: stop, and let every tag prove itself again */
		if (h->depth)
			h->suspensions++;
		h->depth = 0;
		for (i = 0; i < AETHER_HIST_CTX; i++) {
			h->c[i].active = false;
			h->c[i].chain_open = false;
			h->c[i].right = 0;
			h->c[i].wrong = 0;
		}
	} else if ((u64)h->fb_wasted * 8 > total) {
		if (h->depth > 1)
			h->depth /= 2;
	} else if (h->depth) {
		h->depth = h->depth * 2 < h->max_depth ? h->depth * 2 : h->max_depth;
	}
	h->fb_used = 0;
	h->fb_wasted = 0;
}

/* Fibonacci hashing of (key, addr) to a set. */
static struct aether_hist_entry *set_of(const struct aether_hist *h, u32 key,
					u64 addr)
{
	u64 x = (addr ^ ((u64)key << 29) ^ key) * 0x9e3779b97f4a7c15ULL;

	return &h->e[((u32)(x >> 32) & h->mask) * AETHER_HIST_WAYS];
}

static struct aether_hist_entry *lookup(const struct aether_hist *h, u32 key,
					u64 addr)
{
	struct aether_hist_entry *s = set_of(h, key, addr);
	u32 w;

	for (w = 0; w < AETHER_HIST_WAYS; w++)
		if (s[w].conf && s[w].addr == addr && s[w].key == key)
			return &s[w];
	return NULL;
}

/*
 * The way a new entry takes: a free one, else the least confirmed, counting
 * entries not updated for a table's worth of accesses as unconfirmed (so
 * old sequences give way in the end), the oldest among equals.
 */
static struct aether_hist_entry *victim(struct aether_hist *h,
					struct aether_hist_entry *s)
{
	u32 nr = (h->mask + 1) * AETHER_HIST_WAYS, w, best = 0, best_c = ~0U;
	u32 best_age = 0;

	for (w = 0; w < AETHER_HIST_WAYS; w++) {
		u32 age = h->clock - s[w].stamp;
		u32 c = age > nr ? 0 : s[w].conf;

		if (!s[w].conf)
			return &s[w];
		if (c < best_c || (c == best_c && age > best_age)) {
			best = w;
			best_c = c;
			best_age = age;
		}
	}
	h->replaced++;
	return &s[best];
}

/*
 * An entry remembers a hash of the run that came before its own: a chain
 * goes on only through entries learnt coming from where it comes from, so
 * two sequences through one block (a reader's and another's that touched
 * it) are not spliced together.  Never 0, which stands for "unknown".
 */
static u8 from_hash(u32 key, u64 addr)
{
	u64 x = (addr ^ ((u64)key << 29) ^ key) * 0x9e3779b97f4a7c15ULL;
	u8 v = (u8)(x >> 56);

	return v ? v : 1;
}

static bool from_ok(const struct aether_hist_entry *e, u8 from)
{
	return !e->from || !from || e->from == from;
}

/*
 * The run [pa, pa + run) of space pk, reached from a run hashed to from,
 * was followed by a run at (key, addr).
 */
static void learn(struct aether_hist *h, u32 pk, u64 pa, u64 run, u8 from,
		  u32 key, u64 addr)
{
	struct aether_hist_entry *e = lookup(h, pk, pa);
	u16 r = run > AETHER_HIST_MAX_RUN ? AETHER_HIST_MAX_RUN : (u16)run;

	if (e && e->next == addr && e->next_key == key) {
		if (e->conf < AETHER_HIST_CONF_MAX)
			e->conf++;
		e->run = r;
		e->stamp = h->clock;
		h->confirmed++;
		return;
	}
	if (e && e->conf > 1) {
		/* hysteresis: one different successor does not unlearn a confirmed one */
		e->conf--;
		e->stamp = h->clock;
		return;
	}
	if (!e) {
		e = victim(h, set_of(h, pk, pa));
		e->addr = pa;
		e->key = pk;
	}
	e->next = addr;
	e->next_key = key;
	e->run = r;
	e->from = from;
	e->conf = 1;
	e->stamp = h->clock;
	h->learnt++;
}

/* A predicted run was followed as learnt. */
static void confirm(struct aether_hist *h, u32 key, u64 addr)
{
	struct aether_hist_entry *e = lookup(h, key, addr);

	if (!e)
		return;
	if (e->conf < AETHER_HIST_CONF_MAX)
		e->conf++;
	e->stamp = h->clock;
	h->confirmed++;
}

/*
 * The tag's context, from its set of AETHER_HIST_CTX_WAYS (a hash of the
 * tag picks it): a free one or the least recently used one is recycled.
 * A new tag starts trusted while another tag is: a program's threads, and
 * its next start, read what the trusted one learnt (git status's 15 lstat
 * threads paid 8 trials each in misses).  It is judged in the same batches
 * and loses that trust below 7/8 right; page feedback still suspends all.
 */
static struct aether_hist_ctx *ctx_of(struct aether_hist *h, u32 tag)
{
	/* the hash's top bits: consecutive pids (a program's threads) spread */
	u64 x = ((u64)tag * 0x9e3779b97f4a7c15ULL) >> 32;
	u32 set = (u32)((x * (AETHER_HIST_CTX / AETHER_HIST_CTX_WAYS)) >> 32);
	struct aether_hist_ctx *s = &h->c[set * AETHER_HIST_CTX_WAYS];
	struct aether_hist_ctx *c, *old = NULL;
	u32 i;

	for (i = 0; i < AETHER_HIST_CTX_WAYS; i++) {
		c = &s[i];
		if (c->valid && c->tag == tag)
			return c;
		if (!old || !c->valid ||
		    (old->valid && h->clock - c->stamp > h->clock - old->stamp))
			old = c;
	}
	old->valid = true;
	old->tag = tag;
	ctx_reset(old);
	for (i = 0; i < AETHER_HIST_CTX && !old->active; i++)
		old->active = h->c[i].valid && h->c[i].active;
	return old;
}

/* A trial or chain of c was right or wrong; a batch decides trust. */
static void judge(struct aether_hist *h, struct aether_hist_ctx *c, bool right)
{
	u32 total;

	if (right)
		c->right++;
	else
		c->wrong++;
	total = (u32)c->right + c->wrong;
	if (total < AETHER_HIST_TRIAL_BATCH)
		return;
	c->active = c->wrong * 8 <= total;
	if (c->active && !h->depth)
		h->depth = restart_depth(h);
	c->right = 0;
	c->wrong = 0;
}

static void emit(struct aether_hist_pred *out, u32 *n, u32 key, u64 addr,
		 u64 len)
{
	out[*n].addr = addr;
	out[*n].len = (u32)len;
	out[*n].key = key;
	++*n;
}

/* The chain stops before pos in e's run (mid) or before e's successor. */
static void frontier(struct aether_hist_ctx *c, const struct aether_hist_entry *e,
		     u64 pos, bool mid)
{
	c->chain_open = true;
	c->mid = mid;
	c->expect = mid ? pos : e->next;
	c->expect_key = mid ? e->key : e->next_key;
	c->last_pred = e->addr;
	c->last_pred_key = e->key;
}

/*
 * From pos in the run of e (the unit after what the tag has read): the rest
 * of that run, then the runs that followed it, at most limit blocks and
 * max_span units.  Where it stops for either bound, the chain's frontier
 * is what the tag should read next: inside a run cut short, or where the
 * next run begins.
 */
static u32 walk(struct aether_hist *h, struct aether_hist_ctx *c,
		const struct aether_hist_entry *e, u64 pos,
		struct aether_hist_pred *out, u32 limit)
{
	const struct aether_hist_entry *nx;
	u64 first = e->addr, end, take, span = h->max_span;
	u32 first_key = e->key, n = 0;

	for (;;) {
		end = e->addr + e->run;
		if (pos < end) {
			if (n == limit) {
				frontier(c, e, pos, true);
				return n;
			}
			take = end - pos < span ? end - pos : span;
			emit(out, &n, e->key, pos, take);
			span -= take;
			pos += take;
			if (pos < end) {
				frontier(c, e, pos, true);
				return n;
			}
		}
		if (n == limit || !span) {
			frontier(c, e, 0, false);
			return n;
		}
		if (e->next == first && e->next_key == first_key)
			return n;	/* back at the start */
		nx = lookup(h, e->next_key, e->next);
		if (!nx)
			return n;	/* its length is unknown */
		if (!from_ok(nx, from_hash(e->key, e->addr)))
			return n;	/* learnt on another way through it */
		e = nx;
		pos = e->addr;
	}
}

/* Predict from pos in e's run, if the tag and the device may. */
static u32 predict_from(struct aether_hist *h, struct aether_hist_ctx *c,
			const struct aether_hist_entry *e, u64 pos, bool predict,
			struct aether_hist_pred *out, u32 max_out)
{
	u32 n, limit = max_out < h->depth ? max_out : h->depth;

	if (!limit || !predict || !out || !c->active)
		return 0;
	n = walk(h, c, e, pos, out, limit);
	if (c->chain_open)
		h->chains++;
	/* what the tag reads next may follow blocks it read from the cache */
	c->blind = c->blind || n > 0;
	h->predicted += n;
	return n;
}

u32 aether_hist_access(struct aether_hist *h, u32 tag, u32 key, u64 addr,
		       u32 len, bool predict, struct aether_hist_pred *out,
		       u32 max_out)
{
	struct aether_hist_ctx *c;
	const struct aether_hist_entry *e;
	bool right;
	u8 from;

	h->clock++;
	h->accesses++;
	if (!len)
		len = 1;
	/* a read at the top of the address space ends there: no sum wraps */
	if (addr > ~0ULL - len) {
		if (addr == ~0ULL)
			return 0;
		len = (u32)(~0ULL - addr);
	}
	c = ctx_of(h, tag);
	c->stamp = h->clock;
	if (c->in_run && c->key == key) {
		if (addr >= c->start && addr < c->end)
			return 0;	/* a re-read: nothing to learn */
		if (addr == c->end && c->end - c->start + len <= AETHER_HIST_MAX_RUN) {
			c->end += len;	/* the run goes on */
			return 0;
		}
	}

	/* a new run: judge the open chain or trial, learn the run that ended */
	right = c->expect == addr && c->expect_key == key;
	if (c->chain_open && c->mid && right) {
		/*
		 * The tag reached a chain cut short inside a run: go on from
		 * there.  Its position in the run is not a run start: learn
		 * no pair across it.
		 */
		h->chains_right++;
		judge(h, c, true);
		c->chain_open = false;
		c->in_run = true;
		c->start = addr;
		c->end = addr + len;
		c->key = key;
		c->has_before = false;
		c->blind = true;
		e = lookup(h, c->last_pred_key, c->last_pred);
		return e ? predict_from(h, c, e, addr + len, predict, out, max_out) : 0;
	}
	e = lookup(h, key, addr);
	if (!right && !e && (c->chain_open || c->trial_open) && c->slack) {
		/*
		 * A run never seen before (another thread's metadata read, a
		 * block cached last time) does not end an open trial or chain:
		 * up to AETHER_HIST_SLACK of them may come between.  The pair is
		 * not learnt, so it cannot displace the expected successor.
		 */
		c->slack--;
		c->has_before = c->in_run && !c->blind;
		c->before = c->start;
		c->before_key = c->key;
		c->start = addr;
		c->end = addr + len;
		c->key = key;
		return 0;
	}
	if (c->chain_open) {
		h->chains_right += right;
		judge(h, c, right);
		/*
		 * The chain's runs were read unseen (from the cache): at the
		 * frontier its last pair is confirmed; elsewhere what came
		 * between is unknown, so nothing is learnt.
		 */
		if (right)
			confirm(h, c->last_pred_key, c->last_pred);
	} else {
		if (c->trial_open) {
			h->trials_right += right;
			judge(h, c, right);
		}
		if (c->in_run && !c->blind)
			learn(h, c->key, c->start, c->end - c->start,
			      c->has_before ? from_hash(c->before_key, c->before) : 0,
			      key, addr);
	}
	/*
	 * The new run's predecessor: the run that ends, if it was seen, or at
	 * the frontier the chain's last run.
	 */
	if (c->chain_open && right) {
		c->has_before = true;
		c->before = c->last_pred;
		c->before_key = c->last_pred_key;
	} else {
		c->has_before = c->in_run && !c->blind;
		c->before = c->start;
		c->before_key = c->key;
	}
	c->blind = false;
	c->chain_open = false;
	c->trial_open = false;
	c->in_run = true;
	c->start = addr;
	c->end = addr + len;
	c->key = key;
	if (!e)
		return 0;
	from = c->has_before ? from_hash(c->before_key, c->before) : 0;
	if (from && e->from && from != e->from)
		return 0;	/* learnt on another way through this block */
	c->slack = AETHER_HIST_SLACK;
	/*
	 * Predict only where the entry is known to be this tag's way: learnt
	 * coming from the same run, or from nowhere known (a tag's first
	 * run).  Otherwise a trial, which issues nothing.
	 */
	if (!c->active || !h->depth || !predict || !out || !max_out ||
	    (e->from && !from)) {
		/* name the next run; where the tag goes next judges it */
		c->trial_open = true;
		c->expect = e->next;
		c->expect_key = e->next_key;
		h->trials++;
		return 0;
	}
	return predict_from(h, c, e, addr + len, predict, out, max_out);
}
