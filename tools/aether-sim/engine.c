// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Replay engine.  Per read request, in the order Linux's filemap_read()
 * does it: walk the request's pages; on a page not cached, synchronous
 * readahead (or, without readahead, a demand read of the missing run); at
 * the last page of each cached batch, asynchronous readahead if it carries
 * the marker.  Every device read this produces (a "bio": a run of missing
 * pages) goes to the module's view: the POVM gate over the last N read
 * sectors, then the predictor.  Prefetches (readahead beyond the request
 * and aether's ranges) are applied after the request, in the order issued:
 * the module's worker issues them asynchronously too, and it keeps the
 * replay equal to an R-then-P scorer of the --emit stream.  Pages of the
 * request itself always count as demand (hits or misses), never as
 * prefetched.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "pagecache.h"
#include "readahead.h"

#define PAGE_SECTORS	AETHER_PAGE_SECTORS
#define MAX_RANGES	64
/* a pend's source beyond the stats' ones: aether's history predictor */
#define SRC_HIST	SIM_NR_SRC

const char *const sim_policy_names[SIM_NR_POLICIES] = {
	[SIM_NONE] = "none",
	[SIM_READAHEAD] = "readahead",
	[SIM_STRIDE] = "stride",
	[SIM_POVM] = "povm",
	[SIM_POVM_RA] = "povm+readahead",
	[SIM_HISTORY] = "history",
	[SIM_STRIDE_HISTORY] = "stride+history",
	[SIM_POVM_HISTORY] = "povm+history",
	[SIM_POVM_HISTORY_RA] = "povm+history+readahead",
};

int sim_policy_find(const char *name)
{
	int i;

	for (i = 0; i < SIM_NR_POLICIES; i++)
		if (!strcmp(name, sim_policy_names[i]))
			return i;
	return -1;
}

struct pend {
	u64 start, nr;		/* pages */
	u64 mark;		/* RA_NO_MARK or the marker page */
	u8 src;
};

struct engine {
	struct sim_stats *st;
	FILE *emit;
	bool emit_source;
	bool ra_on, aether_on, gate_on, stride_on, hist_on, record;
	enum aether_policy apol;
	u64 cap_pages;

	struct pagecache pc;
	struct ra_model ra;
	struct ra_io io;
	struct aether_povm povm;
	struct aether_pred pred;
	struct aether_hist hist;
	struct aether_hist_entry *hist_table;
	u64 *ring;
	u32 window;
	u32 ring_pos;		/* where the next read's sector goes */
	u32 ring_fill;

	/* the request being replayed */
	u32 req;
	u64 a, b;		/* its pages [a, b) */
	u32 tag;

	struct pend *pend;
	size_t npend, cappend;
	u32 fb_used, fb_wasted;	/* for aether_pred_feedback() */
	u32 hfb_used, hfb_wasted;	/* for aether_hist_feedback() */
	int oom;
};

void sim_config_default(struct sim_config *cfg, const struct trace *t)
{
	u64 cap = 1ULL << 21;			/* at least 1 GiB */

	memset(cfg, 0, sizeof(*cfg));
	cfg->policy = SIM_POVM;
	cfg->cache_pages = 256 * 256;		/* 256 MiB */
	cfg->ra_pages = RA_DEFAULT_PAGES;
	/* unknown device size: the trace's extent, rounded up to a power of two */
	while (t && cap < t->max_end && cap < (1ULL << 63))
		cap <<= 1;
	cfg->capacity = t && t->max_end > cap ? ~0ULL : cap;
	cfg->params = aether_presets[AETHER_PRESET_DEFAULT];
	cfg->window = 16;
	cfg->max_depth = AETHER_PRED_DEPTH_DEFAULT;
	cfg->hist_entries = AETHER_HIST_ENTRIES_DEFAULT;
	cfg->hist_depth = AETHER_HIST_DEPTH_DEFAULT;
}

/* Each predictor's feedback: its own pages used or wasted. */
static void fb_count(struct engine *e, u8 flags, bool used)
{
	if (!(flags & PC_AETHER))
		return;
	if (flags & PC_HIST) {
		if (used)
			e->hfb_used++;
		else
			e->hfb_wasted++;
	} else {
		if (used)
			e->fb_used++;
		else
			e->fb_wasted++;
	}
}

static u32 insert(struct engine *e, u64 page, u8 flags)
{
	u8 ev;
	u32 n = pc_insert(&e->pc, page, flags, e->req, &ev);

	fb_count(e, ev, false);
	return n;
}

static void pend_push(struct engine *e, u64 start, u64 nr, u64 mark, u8 src)
{
	if (e->npend == e->cappend) {
		size_t cap = e->cappend ? e->cappend * 2 : 64;
		struct pend *np = realloc(e->pend, cap * sizeof(*np));

		if (!np) {
			e->oom = 1;
			return;
		}
		e->pend = np;
		e->cappend = cap;
	}
	e->pend[e->npend].start = start;
	e->pend[e->npend].nr = nr;
	e->pend[e->npend].mark = mark;
	e->pend[e->npend].src = src;
	e->npend++;
}

/* The module sees one device read: gate, then predictor. */
static void module_bio(struct engine *e, u64 page, u64 npages)
{
	struct aether_pred_range r[MAX_RANGES];
	struct aether_hist_pred h[MAX_RANGES];
	u64 sector = page * PAGE_SECTORS;
	u32 nr = npages > 0xffffffffULL / PAGE_SECTORS ? 0xfffffff8U :
		 (u32)(npages * PAGE_SECTORS);
	bool fetch = false, want = false;
	u32 n = 0, i;

	/* as the module: the streams learn first, then the gate judges */
	if (e->stride_on)
		want = aether_pred_learn(&e->pred, e->tag, sector, nr);
	if (e->gate_on) {
		/* the module's window: the last `window` read sectors, a ring */
		u32 first;

		e->ring[e->ring_pos] = sector;
		if (++e->ring_pos == e->window)
			e->ring_pos = 0;
		if (e->ring_fill < e->window)
			e->ring_fill++;
		first = e->ring_fill < e->window ? 0 : e->ring_pos;
		/* a read no prediction can follow is judged only when recorded */
		if (want || e->hist_on || e->record) {
			fetch = aether_povm_cycle(&e->povm, e->ring[first],
						  sector, e->ring_fill, NULL);
			e->st->decisions++;
			e->st->gate_fires += fetch;
		}
	}
	u32 hn = 0;
	bool predict = aether_policy_predicts(e->apol, fetch);

	if (e->hist_on) {
		/* the disk's LBA space: key 0; blocks are bios, page-aligned here */
		hn = aether_hist_access(&e->hist, e->tag, 0, sector, nr, predict, h,
					MAX_RANGES);
		e->st->hist_blocks += hn;
		for (i = 0; i < hn; i++) {
			u64 a = h[i].addr / PAGE_SECTORS;
			u64 z = (h[i].addr + h[i].len + PAGE_SECTORS - 1) / PAGE_SECTORS;

			if (a < e->cap_pages)
				pend_push(e, a, (z < e->cap_pages ? z : e->cap_pages) - a,
					  RA_NO_MARK, SRC_HIST);
		}
	}
	if (e->stride_on) {
		/*
		 * A read the history knows the sequence after is the history's
		 * to predict: the stride predictor still learns from it.
		 */
		if (want && predict && !hn)
			n = aether_pred_predict(&e->pred, r, MAX_RANGES);
		e->st->ranges += n;
		for (i = 0; i < n; i++)
			pend_push(e, r[i].sector / PAGE_SECTORS,
				  r[i].nr_sectors / PAGE_SECTORS, RA_NO_MARK,
				  SRC_AETHER);
	}
}

/* A device read of [start, start + nr): each run of missing pages is a bio. */
static void device_read(struct engine *e, u64 start, u64 nr, u64 mark, bool ra)
{
	u64 p = start, end = start + nr, run;

	while (p < end) {
		while (p < end && pc_find(&e->pc, p) != PC_NONE)
			p++;
		for (run = p; run < end && pc_find(&e->pc, run) == PC_NONE; run++) {
			/* the request's own pages now, readahead's after it */
			if (run >= e->a && run < e->b)
				insert(e, run, run == mark ? PC_MARK : 0);
		}
		if (run > p && e->aether_on)
			module_bio(e, p, run - p);
		p = run;
	}
	if (ra && end > e->b) {
		u64 s = start > e->b ? start : e->b;

		pend_push(e, s, end - s, mark, SRC_LINUX);
	}
}

/*
 * Without readahead: read the run of missing pages from idx (which is
 * missing) to the next cached page or the end of the request, as one bio.
 * Returns idx's node, or PC_NONE if the run did not fit the cache.
 */
static u32 demand_read(struct engine *e, u64 idx)
{
	u64 end = idx + 1, p;
	u32 first;

	while (end < e->b && pc_find(&e->pc, end) == PC_NONE)
		end++;
	first = insert(e, idx, 0);
	for (p = idx + 1; p < end; p++)
		insert(e, p, 0);
	if (e->aether_on)
		module_bio(e, idx, end - idx);
	return e->pc.node[first].page == idx ? first : PC_NONE;
}

static bool cached_cb(void *ctx, u64 page)
{
	struct engine *e = ctx;

	return pc_find(&e->pc, page) != PC_NONE;
}

static void ra_read_cb(void *ctx, u64 start, u64 nr, u64 mark)
{
	device_read(ctx, start, nr, mark, true);
}

/* Apply the request's prefetches, in the order they were issued. */
static void apply_pending(struct engine *e)
{
	size_t i;
	u64 p, end;

	for (i = 0; i < e->npend; i++) {
		const struct pend *q = &e->pend[i];
		u8 flag = q->src == SRC_HIST ? PC_AETHER | PC_HIST :
			  q->src == SRC_AETHER ? PC_AETHER : PC_LINUX;
		u8 src = q->src == SRC_HIST ? SRC_AETHER : q->src;

		if (e->emit)
			fprintf(e->emit, "P %llu %llu%s\n",
				(unsigned long long)(q->start * PAGE_SECTORS),
				(unsigned long long)(q->nr * PAGE_SECTORS),
				!e->emit_source ? "" : q->src == SRC_HIST ? " history" :
				q->src == SRC_AETHER ? " stride" : " readahead");
		for (p = q->start, end = q->start + q->nr; p < end; p++) {
			if (pc_find(&e->pc, p) != PC_NONE)
				continue;
			insert(e, p, flag | (p == q->mark ? PC_MARK : 0));
			e->st->prefetched[src]++;
			e->st->hist_prefetched += q->src == SRC_HIST;
		}
	}
	e->npend = 0;
}

/* A demand read reached a cached page: a hit, unless this request read it. */
static void touch(struct engine *e, u32 n)
{
	struct pc_node *node = &e->pc.node[n];

	if (node->req == e->req) {
		e->st->misses++;
	} else {
		e->st->hits++;
		if (node->flags & PC_LINUX)
			e->st->used[SRC_LINUX]++;
		if (node->flags & PC_AETHER)
			e->st->used[SRC_AETHER]++;
		if (node->flags & PC_HIST)
			e->st->hist_used++;
		fb_count(e, node->flags, true);
		node->flags &= (u8)~(PC_LINUX | PC_AETHER | PC_HIST);
	}
	pc_touch(&e->pc, n);
}

static void read_request(struct engine *e, const struct trace_rec *r)
{
	u64 end_sector = r->sector + r->nr_sectors, idx = e->a;
	struct ra_file *f = e->ra_on ? ra_file_of(&e->ra, r->tag) : NULL;
	u32 n, last;

	e->st->reads++;
	e->st->read_pages += e->b - e->a;
	if (e->emit)
		fprintf(e->emit, "R %llu %u\n", (unsigned long long)r->sector,
			r->nr_sectors);
	while (idx < e->b) {
		n = pc_find(&e->pc, idx);
		if (n == PC_NONE) {
			if (f) {
				ra_sync(&e->ra, f, idx, e->b - idx, &e->io);
				n = pc_find(&e->pc, idx);
			}
			if (n == PC_NONE)
				n = demand_read(e, idx);
			if (n == PC_NONE) {	/* a cache smaller than the read */
				e->st->misses++;
				idx++;
				continue;
			}
		}
		/* a batch of cached pages ends at a marked one (filemap_get_read_batch) */
		for (;;) {
			touch(e, n);
			last = n;
			if (++idx >= e->b || (e->pc.node[n].flags & PC_MARK) ||
			    (n = pc_find(&e->pc, idx)) == PC_NONE)
				break;
		}
		if (f && (e->pc.node[last].flags & PC_MARK)) {
			e->pc.node[last].flags &= (u8)~PC_MARK;
			ra_async(&e->ra, f, idx - 1, e->b - (idx - 1), &e->io);
		}
		if (f)
			f->prev_pos = idx * PAGE_SECTORS < end_sector ?
				      idx * PAGE_SECTORS : end_sector;
	}
}

/* Writes land in the cache; a prefetched page they overwrite was wasted. */
static void write_request(struct engine *e)
{
	u64 p;
	u32 n;

	e->st->writes++;
	for (p = e->a; p < e->b; p++) {
		n = pc_find(&e->pc, p);
		if (n == PC_NONE) {
			insert(e, p, 0);
			continue;
		}
		fb_count(e, e->pc.node[n].flags, false);
		e->pc.node[n].flags &= (u8)~(PC_LINUX | PC_AETHER | PC_HIST);
		pc_touch(&e->pc, n);
	}
}

int sim_run(const struct sim_config *cfg, const struct trace *t,
	    struct sim_stats *st, FILE *emit)
{
	struct engine e;
	size_t i;
	u64 none_misses = st->none_misses, base = 0;

	memset(&e, 0, sizeof(e));
	memset(st, 0, sizeof(*st));
	st->none_misses = none_misses;
	e.st = st;
	e.emit = emit;
	e.emit_source = cfg->emit_source;
	e.record = cfg->record;
	e.ra_on = cfg->policy == SIM_READAHEAD || cfg->policy == SIM_POVM_RA ||
		  cfg->policy == SIM_POVM_HISTORY_RA;
	e.stride_on = cfg->policy == SIM_STRIDE || cfg->policy == SIM_POVM ||
		      cfg->policy == SIM_POVM_RA || cfg->policy == SIM_STRIDE_HISTORY ||
		      cfg->policy == SIM_POVM_HISTORY || cfg->policy == SIM_POVM_HISTORY_RA;
	e.hist_on = cfg->policy == SIM_HISTORY || cfg->policy == SIM_STRIDE_HISTORY ||
		    cfg->policy == SIM_POVM_HISTORY || cfg->policy == SIM_POVM_HISTORY_RA;
	e.aether_on = e.stride_on || e.hist_on;
	e.gate_on = cfg->policy == SIM_POVM || cfg->policy == SIM_POVM_RA ||
		    cfg->policy == SIM_POVM_HISTORY || cfg->policy == SIM_POVM_HISTORY_RA;
	e.apol = e.gate_on ? AETHER_POLICY_POVM : AETHER_POLICY_STRIDE;
	e.cap_pages = cfg->capacity / PAGE_SECTORS;
	e.window = cfg->window ? cfg->window : 1;
	e.io.ctx = &e;
	e.io.cached = cached_cb;
	e.io.read = ra_read_cb;

	if (pc_init(&e.pc, cfg->cache_pages))
		return -1;
	e.ring = calloc(e.window, sizeof(*e.ring));
	if (!e.ring) {
		pc_free(&e.pc);
		return -1;
	}
	if (e.hist_on) {
		e.hist_table = calloc(cfg->hist_entries, sizeof(*e.hist_table));
		if (!e.hist_table ||
		    aether_hist_init(&e.hist, e.hist_table, cfg->hist_entries,
				     cfg->hist_depth)) {
			free(e.hist_table);
			free(e.ring);
			pc_free(&e.pc);
			return -1;
		}
		/*
		 * Unlike the stride predictor, history predicts readahead's
		 * windows too when readahead is on: it replays a whole learnt
		 * sequence, so no window is left half-read for readahead to
		 * resume without its marker (python-twice, second run: 42
		 * misses left, against 277 when contiguous runs were skipped).
		 */
	}
	ra_init(&e.ra, cfg->ra_pages, e.cap_pages);
	aether_povm_init(&e.povm, &cfg->params);
	aether_pred_init(&e.pred, cfg->capacity, cfg->max_depth);
	/* Linux readahead serves forward sequential streams when it is on */
	aether_pred_set_skip_sequential(&e.pred, e.ra_on);

	for (i = 0; i < t->n && !e.oom; i++) {
		const struct trace_rec *r = &t->rec[i];

		if (r->drop) {
			/*
			 * echo 3 >drop_caches between two runs: the page cache and
			 * the files' readahead state go, the module's state stays;
			 * its unread pages count as unused, but are not fed back as
			 * its mistakes.
			 */
			if (e.emit && e.emit_source)
				fputs("# drop_caches\n", e.emit);
			pc_clear(&e.pc);
			ra_init(&e.ra, cfg->ra_pages, e.cap_pages);
			st->drops++;
			base = st->misses;
			continue;
		}
		st->requests++;
		e.req++;
		e.tag = r->tag;
		e.a = r->sector / PAGE_SECTORS;
		e.b = (r->sector + r->nr_sectors - 1) / PAGE_SECTORS + 1;
		if (r->write) {
			write_request(&e);
		} else {
			read_request(&e, r);
			apply_pending(&e);
		}
		if (e.fb_used || e.fb_wasted) {
			aether_pred_feedback(&e.pred, e.fb_used, e.fb_wasted);
			e.fb_used = 0;
			e.fb_wasted = 0;
		}
		if (e.hfb_used || e.hfb_wasted) {
			aether_hist_feedback(&e.hist, e.hfb_used, e.hfb_wasted);
			e.hfb_used = 0;
			e.hfb_wasted = 0;
		}
	}
	st->last_run_misses = st->misses - base;
	free(e.hist_table);
	free(e.pend);
	free(e.ring);
	pc_free(&e.pc);
	return e.oom ? -1 : 0;
}

void sim_ratio(char *buf, size_t size, s64 num, u64 den)
{
	u64 a, v;

	if (!den) {
		snprintf(buf, size, "na");
		return;
	}
	a = num < 0 ? (u64)-num : (u64)num;
	v = (u64)(((unsigned __int128)a * 10000 + den / 2) / den);
	snprintf(buf, size, "%s%llu.%04llu", num < 0 && v ? "-" : "",
		 (unsigned long long)(v / 10000), (unsigned long long)(v % 10000));
}

void sim_summary(FILE *f, const struct sim_config *cfg, const struct sim_stats *st)
{
	u64 pref = st->prefetched[SRC_LINUX] + st->prefetched[SRC_AETHER];
	u64 used = st->used[SRC_LINUX] + st->used[SRC_AETHER];
	char prec[32], aprec[32], cov[32], extra[32], hprec[32];

	sim_ratio(prec, sizeof(prec), (s64)used, pref);
	sim_ratio(aprec, sizeof(aprec), (s64)st->used[SRC_AETHER],
		  st->prefetched[SRC_AETHER]);
	sim_ratio(hprec, sizeof(hprec), (s64)st->hist_used, st->hist_prefetched);
	sim_ratio(cov, sizeof(cov), (s64)st->none_misses - (s64)st->misses,
		  st->none_misses);
	sim_ratio(extra, sizeof(extra), (s64)(pref - used), st->none_misses);
	fprintf(f, "policy=%s requests=%llu reads=%llu writes=%llu read_pages=%llu "
		"hits=%llu misses=%llu prefetched_pages=%llu used_prefetched_pages=%llu "
		"precision=%s coverage=%s extra_io=%s none_misses=%llu "
		"device_read_pages=%llu aether_prefetched_pages=%llu "
		"aether_used_pages=%llu aether_precision=%s decisions=%llu "
		"gate_fires=%llu ranges=%llu history_prefetched_pages=%llu "
		"history_used_pages=%llu history_precision=%s history_blocks=%llu "
		"drops=%llu last_run_misses=%llu",
		sim_policy_names[cfg->policy],
		(unsigned long long)st->requests, (unsigned long long)st->reads,
		(unsigned long long)st->writes, (unsigned long long)st->read_pages,
		(unsigned long long)st->hits, (unsigned long long)st->misses,
		(unsigned long long)pref, (unsigned long long)used, prec, cov, extra,
		(unsigned long long)st->none_misses,
		(unsigned long long)(st->misses + pref),
		(unsigned long long)st->prefetched[SRC_AETHER],
		(unsigned long long)st->used[SRC_AETHER], aprec,
		(unsigned long long)st->decisions, (unsigned long long)st->gate_fires,
		(unsigned long long)st->ranges,
		(unsigned long long)st->hist_prefetched,
		(unsigned long long)st->hist_used, hprec,
		(unsigned long long)st->hist_blocks,
		(unsigned long long)st->drops,
		(unsigned long long)st->last_run_misses);
}
