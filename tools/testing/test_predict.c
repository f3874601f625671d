// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of the stride predictor (module/core/predict.c) in userspace:
 * forward and backward strides, interleaved streams (by tag and by address),
 * random input, the learning radius, capacity clipping, page alignment, depth adaptation, and the
 * bookkeeping a caller relies on (no range predicted twice, max_out honoured).
 *
 * Prints "RESULT predict passed=N failed=M"; one test per function.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/aether/predict.h"
#include "unit.h"

#define MAXR 256
#define TB_SECTORS (1ULL << 31)		/* 1 TiB */

static struct aether_pred P;
static struct aether_pred_range R[MAXR];

/* Every range must be page-aligned, non-empty and below the capacity. */
static void check_ranges(const struct aether_pred *p, u32 n)
{
	u64 cap = p->capacity & ~(u64)(AETHER_PAGE_SECTORS - 1);
	u32 i;

	for (i = 0; i < n; i++) {
		CHECK(R[i].sector % AETHER_PAGE_SECTORS == 0, "range %u at %llu", i,
		      (unsigned long long)R[i].sector);
		CHECK(R[i].nr_sectors % AETHER_PAGE_SECTORS == 0 && R[i].nr_sectors,
		      "range %u of %u sectors", i, R[i].nr_sectors);
		CHECK(R[i].sector + R[i].nr_sectors <= cap,
		      "range %u [%llu, +%u) crosses capacity %llu", i,
		      (unsigned long long)R[i].sector, R[i].nr_sectors,
		      (unsigned long long)cap);
	}
}

/*
 * A reader walking a strided stream of count blocks of len sectors from
 * base, through a page bitmap that stands for the page cache: blocks whose
 * pages were all predicted are served silently, the others reach the
 * predictor (as the module sees only what misses the cache).  Asserts no
 * page is predicted twice and every range is clean.  Returns the misses.
 */
struct walk {
	u64 base;		/* sectors; the bitmap covers base +- span */
	s64 stride;
	u32 len, count, tag;
	u64 misses, predicted_pages, used_pages;
	u32 max_lead;		/* most blocks ever predicted ahead of the reader */
};

#define MAP_PAGES (1u << 22)
#define M_CACHED 1
#define M_PREDICTED 2
static unsigned char map[MAP_PAGES];	/* M_* per page around base */

static unsigned char *map_at(u64 base, u64 sector)
{
	static unsigned char outside;
	s64 off = (s64)(sector / AETHER_PAGE_SECTORS) -
		  (s64)(base / AETHER_PAGE_SECTORS) + MAP_PAGES / 2;

	outside = 0;
	return off >= 0 && off < MAP_PAGES ? &map[off] : &outside;
}

static void walk_stream(struct aether_pred *p, struct walk *w)
{
	u32 i, j, n;
	u64 s, x, hi = 0, lo = ~0ULL;

	memset(map, 0, sizeof(map));
	w->misses = w->predicted_pages = w->used_pages = 0;
	w->max_lead = 0;
	for (i = 0; i < w->count; i++) {
		bool cached = true;

		x = w->base + (u64)((s64)i * w->stride);
		for (s = x & ~7ULL; s < x + w->len; s += 8) {
			unsigned char *m = map_at(w->base, s);

			cached = cached && (*m & M_CACHED);
			if ((*m & M_PREDICTED) && !(*m & M_CACHED << 2)) {
				w->used_pages++;	/* first use of a predicted page */
				*m |= M_CACHED << 2;
			}
		}
		if (cached)
			continue;
		w->misses++;
		for (s = x & ~7ULL; s < x + w->len; s += 8)
			*map_at(w->base, s) |= M_CACHED;
		n = aether_pred_access(p, w->tag, x, w->len, true, R, MAXR);
		check_ranges(p, n);
		for (j = 0; j < n; j++) {
			for (s = R[j].sector; s < R[j].sector + R[j].nr_sectors; s += 8) {
				unsigned char *m = map_at(w->base, s);

				CHECK(!*m, "page %llu predicted while cached or predicted",
				      (unsigned long long)s);
				*m |= M_CACHED | M_PREDICTED;
				w->predicted_pages++;
			}
			if (R[j].sector + R[j].nr_sectors > hi)
				hi = R[j].sector + R[j].nr_sectors;
			if (R[j].sector < lo)
				lo = R[j].sector;
		}
		if (n) {
			u64 ahead = w->stride > 0 ? hi - x : x - lo;
			u32 blocks = (u32)(ahead / (u64)(w->stride > 0 ? w->stride : -w->stride));

			if (blocks > w->max_lead)
				w->max_lead = blocks;
		}
	}
}

/* Feedback that ends the initial suspension: prefetching at once. */
static void trusted(struct aether_pred *p)
{
	aether_pred_feedback(p, AETHER_PRED_FEEDBACK_BATCH, 0);
}

static void test_policy_names(void)
{
	CHECK(aether_policy_find("povm", 4) == AETHER_POLICY_POVM, "povm");
	CHECK(aether_policy_find("stride", 6) == AETHER_POLICY_STRIDE, "stride");
	CHECK(aether_policy_find("off\n", 3) == AETHER_POLICY_OFF, "off");
	CHECK(aether_policy_find("of", 2) == -1, "prefix");
	CHECK(aether_policy_find("offx", 4) == -1, "longer");
	CHECK(aether_policy_predicts(AETHER_POLICY_POVM, true), "povm+gate");
	CHECK(!aether_policy_predicts(AETHER_POLICY_POVM, false), "povm-gate");
	CHECK(aether_policy_predicts(AETHER_POLICY_STRIDE, false), "stride");
	CHECK(!aether_policy_predicts(AETHER_POLICY_OFF, true), "off");
}

/* 4 KiB every 64 KiB: confirmed at the 4th access, then the next blocks. */
static void test_forward_stride(void)
{
	u32 i, n = 0;
	u64 x = 0;

	aether_pred_init(&P, TB_SECTORS, 64);
	trusted(&P);
	for (i = 0; i < 4; i++) {
		x = 2000000 + i * 128;
		n = aether_pred_access(&P, 7, x, 8, true, R, MAXR);
		if (i < 3)
			CHECK(n == 0, "predicted before the stride was confirmed (i=%u)", i);
	}
	CHECK(n == 1 && R[0].sector == x + 128 && R[0].nr_sectors == 8,
	      "first prediction n=%u sector=%llu", n, (unsigned long long)R[0].sector);
	CHECK(P.streams_confirmed == 1, "confirmed %llu", (unsigned long long)P.streams_confirmed);

	/* a long strided read: most blocks come from predictions */
	aether_pred_init(&P, TB_SECTORS, 64);
	{
		struct walk w = { .base = 2000000, .stride = 128, .len = 8, .count = 20000 };

		for (i = 0; i < 8; i++)		/* depth up to the knob */
			aether_pred_feedback(&P, 64, 0);
		walk_stream(&P, &w);
		CHECK(w.misses < w.count / 40, "misses %llu of %u",
		      (unsigned long long)w.misses, w.count);
		CHECK(w.used_pages * 10 >= w.predicted_pages * 9,
		      "used %llu of %llu predicted", (unsigned long long)w.used_pages,
		      (unsigned long long)w.predicted_pages);
		CHECK(w.max_lead <= 64 && w.max_lead >= 60, "max lead %u", w.max_lead);
	}
}

static void test_backward_stride(void)
{
	struct walk w = { .base = 50000000, .stride = -128, .len = 8, .count = 5000 };
	struct walk seq = { .base = 50000000, .stride = -8, .len = 8, .count = 5000 };

	aether_pred_init(&P, TB_SECTORS, 64);
	walk_stream(&P, &w);
	CHECK(w.misses < w.count / 10, "backward stride misses %llu",
	      (unsigned long long)w.misses);
	CHECK(w.predicted_pages && w.used_pages * 10 >= w.predicted_pages * 9,
	      "used %llu of %llu", (unsigned long long)w.used_pages,
	      (unsigned long long)w.predicted_pages);

	/* backward contiguous reads: Linux readahead never serves these */
	aether_pred_init(&P, TB_SECTORS, 64);
	aether_pred_set_skip_sequential(&P, true);
	walk_stream(&P, &seq);
	CHECK(seq.misses < seq.count / 10, "backward sequential misses %llu",
	      (unsigned long long)seq.misses);

	/* towards sector 0: stops there, never wraps */
	aether_pred_init(&P, TB_SECTORS, 64);
	{
		u32 i, j, n;

		for (i = 0; i < 40; i++) {
			u64 x = 40 * 128 - (u64)i * 128;

			n = aether_pred_access(&P, 0, x, 8, true, R, MAXR);
			check_ranges(&P, n);
			for (j = 0; j < n; j++)
				CHECK(R[j].sector < x, "backward range %llu at x %llu",
				      (unsigned long long)R[j].sector, (unsigned long long)x);
		}
		/* and the access at sector 0 itself predicts nothing below it */
		CHECK(aether_pred_access(&P, 0, 0, 8, true, R, MAXR) == 0, "below 0");
	}
}

/* Two streams from two tasks on one device, interleaved access by access. */
static void test_interleaved_tags(void)
{
	u64 got[2] = { 0, 0 };
	u32 i, j, n;

	/* even in the same region, phase-shifted by half a stride */
	aether_pred_init(&P, TB_SECTORS, 64);
	for (i = 0; i < 64; i++) {
		for (j = 0; j < 2; j++) {
			u64 x = 1000000 + j * 64 + (u64)i * 128;

			n = aether_pred_access(&P, 100 + j, x, 8, true, R, MAXR);
			check_ranges(&P, n);
			if (n) {
				got[j] += n;
				CHECK((R[0].sector - (1000000 + j * 64)) % 128 == 0,
				      "stream %u predicted off its stride: %llu", j,
				      (unsigned long long)R[0].sector);
			}
		}
	}
	CHECK(got[0] && got[1], "predictions per stream %llu %llu",
	      (unsigned long long)got[0], (unsigned long long)got[1]);
	CHECK(P.streams_confirmed == 2, "confirmed %llu",
	      (unsigned long long)P.streams_confirmed);
}

/* One task (or a trace without tasks): streams separated by address. */
static void test_interleaved_regions(void)
{
	static const u64 base[3] = { 10000000, 900000000, 400000000 };
	static const s64 stride[3] = { 8, 256, -128 };
	u64 got[3] = { 0, 0, 0 };
	u32 i, j, k, n;

	aether_pred_init(&P, TB_SECTORS, 64);
	for (i = 0; i < 100; i++) {
		for (j = 0; j < 3; j++) {
			u64 x = base[j] + (u64)((s64)i * stride[j]);

			n = aether_pred_access(&P, 0, x, 8, true, R, MAXR);
			check_ranges(&P, n);
			for (k = 0; k < n; k++) {
				u64 lo = stride[j] > 0 ? x : x - 64 * 128;
				u64 hi = stride[j] > 0 ? x + 64 * 256 + 8 : x;

				CHECK(R[k].sector >= lo && R[k].sector < hi,
				      "stream %u range %llu far from x %llu", j,
				      (unsigned long long)R[k].sector, (unsigned long long)x);
			}
			got[j] += n;
		}
	}
	CHECK(got[0] && got[1] && got[2], "ranges per stream %llu %llu %llu",
	      (unsigned long long)got[0], (unsigned long long)got[1],
	      (unsigned long long)got[2]);
}

static u64 lcg(u64 *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 16;
}

/* Random reads: no stream is ever confirmed, nothing is predicted. */
static void test_random(void)
{
	static const u64 spans[3] = { TB_SECTORS, 1ULL << 21, 1ULL << 44 };
	u64 seed = 42, total = 0;
	u32 i, k;

	for (k = 0; k < 3; k++) {
		aether_pred_init(&P, spans[k], 64);
		aether_pred_feedback(&P, 1000, 0);
		for (i = 0; i < 200000; i++) {
			u64 x = lcg(&seed) % spans[k] & ~7ULL;

			total += aether_pred_access(&P, i % 3, x, 8, true, R, MAXR);
		}
		CHECK(P.streams_confirmed == 0, "span %llu: %llu streams confirmed",
		      (unsigned long long)spans[k], (unsigned long long)P.streams_confirmed);
	}
	CHECK(total == 0, "%llu ranges predicted on random input", (unsigned long long)total);
}

/*
 * A read, n lonely reads of the same task far from it, then three reads a
 * stride from the first: the streams confirmed (1 if the first read's seed
 * was still fresh and grew).
 */
static u64 seed_then_stride(u32 n)
{
	u64 base = 1ULL << 30;
	u32 i;

	aether_pred_init(&P, TB_SECTORS, 64);
	trusted(&P);
	aether_pred_access(&P, 2, base, 8, true, R, MAXR);
	for (i = 0; i < n; i++)
		aether_pred_access(&P, 2, base * 4 + (u64)i * 4 * AETHER_PRED_RADIUS,
				   8, true, R, MAXR);
	for (i = 1; i < 4; i++)
		aether_pred_access(&P, 2, base + 64ULL * i, 8, true, R, MAXR);
	return P.streams_confirmed;
}

/*
 * A read no stream takes is a seed, not a stream: random reads between a
 * learning stream's own take no slot, so the stream is still there to be
 * confirmed (a slot per random read would have pushed it out); a seed
 * grows into a stream at a second read near it, while it is fresh.
 */
static void test_seeds(void)
{
	u64 base = 1ULL << 30, far = 1ULL << 40;
	u32 i, k;

	aether_pred_init(&P, 1ULL << 44, 64);
	trusted(&P);
	/* two reads: a learning stream of one delta */
	aether_pred_access(&P, 1, base, 8, true, R, MAXR);
	aether_pred_access(&P, 1, base + 256, 8, true, R, MAXR);
	for (k = 2; k < 4; k++) {
		/* 200 lonely reads of the same task in between, none near another */
		for (i = 0; i < 200; i++, far += 4 * AETHER_PRED_RADIUS)
			aether_pred_access(&P, 1, far, 8, true, R, MAXR);
		aether_pred_access(&P, 1, base + 256ULL * k, 8, true, R, MAXR);
	}
	CHECK(P.streams_confirmed == 1, "stream pushed out by random reads: %llu confirmed",
	      (unsigned long long)P.streams_confirmed);
	CHECK(P.streams_started == 401, "%llu started (the stream, 400 seeds)",
	      (unsigned long long)P.streams_started);

	/*
	 * A seed is fresh while fewer than AETHER_PRED_SEED_LIFE seeds have
	 * been planted since: then its second read makes a learning stream;
	 * after that, the second read is a seed of its own.
	 */
	CHECK(seed_then_stride(AETHER_PRED_SEED_LIFE - 1) == 1,
	      "a seed %d plantings old did not grow", AETHER_PRED_SEED_LIFE - 1);
	CHECK(seed_then_stride(AETHER_PRED_SEED_LIFE) == 0,
	      "a seed %d plantings old grew", AETHER_PRED_SEED_LIFE);
	/* ... and a re-read of a seed teaches nothing: no stream, no seed more */
	aether_pred_init(&P, TB_SECTORS, 64);
	aether_pred_access(&P, 3, base, 8, true, R, MAXR);
	aether_pred_access(&P, 3, base, 8, true, R, MAXR);
	for (i = 0, k = 0; i < AETHER_PRED_STREAMS; i++)
		k += P.s[i].valid;
	CHECK(P.streams_started == 1 && k == 0,
	      "re-read of a seed: %llu started, %u streams",
	      (unsigned long long)P.streams_started, k);

	/*
	 * A slot forgotten with a trial open (a confirmed stream, suspended)
	 * leaves no trial to the streams grown there: none is judged wasted.
	 */
	aether_pred_init(&P, TB_SECTORS, 64);
	for (i = 0; i < 6; i++)
		aether_pred_access(&P, 4, base + 128ULL * i, 8, true, R, MAXR);
	for (i = 0, k = 0; i < AETHER_PRED_STREAMS; i++)
		k += P.s[i].valid && P.s[i].trial_open;
	CHECK(k == 1, "no trial open before the forget (%u)", k);
	aether_pred_forget(&P);
	for (i = 0; i < 40; i++) {
		aether_pred_access(&P, 5, far, 8, true, R, MAXR);
		aether_pred_access(&P, 5, far + 64, 8, true, R, MAXR);
		far += 4 * AETHER_PRED_RADIUS;
	}
	CHECK(P.trial_wasted == 0, "%u trials of forgotten streams judged wasted",
	      P.trial_wasted);
}

/* A confirmed stream survives random reads in between its own. */
static void test_noise_tolerance(void)
{
	u64 seed = 7, got = 0;
	u32 i, j;

	aether_pred_init(&P, TB_SECTORS, 64);
	trusted(&P);
	for (i = 0; i < 400; i++) {
		got += aether_pred_access(&P, 0, 3000000 + (u64)i * 128, 8, true, R, MAXR);
		for (j = 0; j < 10; j++)
			aether_pred_access(&P, 0, lcg(&seed) % TB_SECTORS & ~7ULL, 8,
					   true, R, MAXR);
	}
	CHECK(got >= 390, "strided stream among random reads: %llu ranges",
	      (unsigned long long)got);
}

/*
 * A learning stream takes a read up to the radius away, wherever the read
 * falls among the buckets of two radii that let random reads skip the
 * scan (include/aether/predict.h), and nothing farther: strides of exactly
 * the radius, forward and backward, from bases on and around bucket edges
 * (0 included), each among random reads of the same tag that fill every
 * other slot.
 */
static void test_radius_edges(void)
{
	static const u64 bases[] = {
		0, AETHER_PRED_RADIUS - 8, 2ULL * AETHER_PRED_RADIUS - 8,
		2ULL * AETHER_PRED_RADIUS, 3ULL * AETHER_PRED_RADIUS + 8,
		(1ULL << 40) - AETHER_PRED_RADIUS,
	};
	const u64 r = AETHER_PRED_RADIUS, far = 1ULL << 43;
	u64 seed = 11, got, i, j, k;
	int dir;

	for (k = 0; k < sizeof(bases) / sizeof(bases[0]); k++) {
		for (dir = 0; dir < 3; dir++) {
			/* dir 2: one sector past the radius, never learnt */
			u64 step = dir == 2 ? r + 8 : r, x0 = bases[k] + 12 * r;

			aether_pred_init(&P, 1ULL << 44, 64);
			trusted(&P);
			for (i = 0, got = 0; i < 12; i++) {
				u64 x = dir == 1 ? x0 - i * step : bases[k] + i * step;

				got += aether_pred_access(&P, 5, x, 8, true, R, MAXR);
				for (j = 0; j < 6; j++)
					aether_pred_access(&P, 5, far + (lcg(&seed) % far & ~7ULL),
							   8, true, R, MAXR);
			}
			CHECK((P.streams_confirmed == 1) == (dir != 2),
			      "base %llu dir %d: %llu confirmed",
			      (unsigned long long)bases[k], dir,
			      (unsigned long long)P.streams_confirmed);
			CHECK(!!got == (dir != 2), "base %llu dir %d: %llu ranges",
			      (unsigned long long)bases[k], dir,
			      (unsigned long long)got);
		}
	}
}

/* Predictions end at the capacity, rounded down to a page, whatever the block. */
static void test_capacity(void)
{
	u64 caps[3] = { 100005, 100000, ~0ULL };
	u32 i, k, n;

	for (k = 0; k < 3; k++) {
		/* the last block starts 10 sectors below the end and crosses it */
		u64 start = (caps[k] & ~7ULL) - 10 - 30 * 1024;
		u64 top = 0;

		aether_pred_init(&P, caps[k], 256);
		for (i = 0; i < 8; i++)
			aether_pred_feedback(&P, 64, 0);
		for (i = 0; i < 30; i++) {
			u32 j;

			n = aether_pred_access(&P, 0, start + (u64)i * 1024, 24, true, R, MAXR);
			check_ranges(&P, n);
			for (j = 0; j < n; j++)
				if (R[j].sector + R[j].nr_sectors > top)
					top = R[j].sector + R[j].nr_sectors;
		}
		CHECK(top == (caps[k] & ~7ULL), "cap %llu: highest predicted end %llu",
		      (unsigned long long)caps[k], (unsigned long long)top);
	}
	/* an access beyond the capacity predicts nothing */
	aether_pred_init(&P, 1000, 64);
	for (i = 0, n = 0; i < 10; i++)
		n += aether_pred_access(&P, 0, 2000 + i * 16, 8, true, R, MAXR);
	CHECK(n == 0, "%u ranges beyond capacity", n);
}

/* Unaligned, sub-page and page-crossing blocks give whole pages, once each. */
static void test_alignment(void)
{
	struct walk odd = { .base = 1000003, .stride = 100, .len = 3, .count = 3000 };
	struct walk cross = { .base = 1000005, .stride = 77, .len = 6, .count = 3000 };
	struct walk tiny = { .base = 5064, .stride = 1, .len = 1, .count = 3000 };

	aether_pred_init(&P, TB_SECTORS, 64);
	trusted(&P);
	walk_stream(&P, &odd);		/* walk_stream checks alignment, duplicates */
	CHECK(odd.misses < odd.count / 5, "unaligned misses %llu",
	      (unsigned long long)odd.misses);
	aether_pred_init(&P, TB_SECTORS, 64);
	trusted(&P);
	walk_stream(&P, &cross);
	CHECK(cross.misses < cross.count / 5, "page-crossing misses %llu",
	      (unsigned long long)cross.misses);
	aether_pred_init(&P, TB_SECTORS, 64);
	trusted(&P);
	walk_stream(&P, &tiny);
	CHECK(tiny.predicted_pages > 0 && tiny.misses < 40, "sub-page misses %llu",
	      (unsigned long long)tiny.misses);

	/*
	 * Every access of a sub-page stride seen (as with direct I/O): the
	 * ranges never repeat a page, nor cover the page being read.
	 */
	{
		u64 base = 1000000, x, sct;
		u32 i, j, n, total, dir;

		for (dir = 0; dir < 2; dir++) {
			memset(map, 0, sizeof(map));
			aether_pred_init(&P, TB_SECTORS, 64);
			trusted(&P);
			for (i = 0, total = 0; i < 3000; i++) {
				x = dir ? base - (u64)i * 3 : base + (u64)i * 3;
				n = aether_pred_access(&P, 0, x, 2, true, R, MAXR);
				check_ranges(&P, n);
				for (j = 0; j < n; j++) {
					for (sct = R[j].sector;
					     sct < R[j].sector + R[j].nr_sectors; sct += 8) {
						CHECK(!*map_at(base, sct), "page %llu predicted twice",
						      (unsigned long long)sct);
						CHECK(sct + 8 <= (x & ~7ULL) || sct >= x + 2,
						      "page %llu is being read at %llu",
						      (unsigned long long)sct,
						      (unsigned long long)x);
						*map_at(base, sct) = M_PREDICTED;
						total++;
					}
				}
			}
			CHECK(total > 3000 * 3 / 8 - 20, "dir %u: %u pages predicted",
			      dir, total);
		}
	}
}

/* Confirmation needs a strict majority of the recent deltas, not just 3. */
static void test_majority(void)
{
	static const s64 noise[5] = { 1000, -3000, 7000, 2500, -900 };
	u64 x = 50000000;
	u32 i;

	aether_pred_init(&P, TB_SECTORS, 64);
	trusted(&P);
	aether_pred_access(&P, 0, x, 8, true, R, MAXR);
	for (i = 0; i < 5; i++) {
		x += (u64)noise[i];
		aether_pred_access(&P, 0, x, 8, true, R, MAXR);
	}
	/* deltas now: 5 different; three equal ones make 3 of 8, then 4 of 8 */
	for (i = 0; i < 4; i++) {
		x += 128;
		aether_pred_access(&P, 0, x, 8, true, R, MAXR);
		CHECK(P.streams_confirmed == 0, "confirmed with %u of 8 votes", i + 1);
	}
	x += 128;
	CHECK(aether_pred_access(&P, 0, x, 8, true, R, MAXR) > 0 &&
	      P.streams_confirmed == 1, "not confirmed with 5 of 8 votes");
}

static void test_depth_adaptation(void)
{
	struct walk w = { .base = 2000000, .stride = 128, .len = 8, .count = 20000 };
	u32 i;

	aether_pred_init(&P, TB_SECTORS, 64);
	CHECK(P.depth == 0, "starts suspended: %u", P.depth);
	aether_pred_feedback(&P, 31, 0);
	CHECK(P.depth == 0, "judged before a batch: %u", P.depth);
	aether_pred_feedback(&P, 1, 0);
	CHECK(P.depth == AETHER_PRED_DEPTH_INIT, "restarts on use: %u", P.depth);
	aether_pred_feedback(&P, 28, 4);	/* 7/8 used: grows */
	CHECK(P.depth == 32, "grows at 7/8: %u", P.depth);
	aether_pred_feedback(&P, 64, 0);
	CHECK(P.depth == 64, "grows: %u", P.depth);
	aether_pred_feedback(&P, 64, 0);
	CHECK(P.depth == 64, "bounded by the knob: %u", P.depth);
	aether_pred_feedback(&P, 26, 6);	/* 0.81 used: halves */
	CHECK(P.depth == 32, "halves below 7/8: %u", P.depth);
	for (i = 0; i < 10; i++)
		aether_pred_feedback(&P, 27, 5);
	CHECK(P.depth == 1, "floor of the halving: %u", P.depth);
	aether_pred_feedback(&P, 32, 0);
	aether_pred_feedback(&P, 32, 0);
	CHECK(P.depth == 4, "grows again: %u", P.depth);
	aether_pred_feedback(&P, 25, 7);	/* below 4/5: suspended at once */
	CHECK(P.depth == 0 && P.suspensions == 1, "suspends: %u", P.depth);

	/* the knob */
	aether_pred_feedback(&P, 32, 0);
	CHECK(aether_pred_set_max_depth(&P, 0) == -1 && P.max_depth == 64, "0 refused");
	CHECK(aether_pred_set_max_depth(&P, AETHER_PRED_DEPTH_MAX + 1) == -1 &&
	      P.max_depth == 64, "too big refused");
	for (i = 0; i < 10; i++)
		aether_pred_feedback(&P, 32, 0);
	CHECK(aether_pred_set_max_depth(&P, 8) == 0 && P.max_depth == 8 && P.depth == 8,
	      "lowering the knob lowers the depth: %u", P.depth);

	/* the depth bounds how far ahead a stream runs, and adapts it */
	walk_stream(&P, &w);
	CHECK(w.max_lead == 8, "lead %u with depth 8", w.max_lead);
	aether_pred_init(&P, TB_SECTORS, 256);
	for (i = 0; i < 10; i++)
		aether_pred_feedback(&P, 32, 0);
	walk_stream(&P, &w);
	CHECK(w.max_lead == 256, "lead %u with depth 256", w.max_lead);
	for (i = 0; i < 4; i++)
		aether_pred_feedback(&P, 27, 5);
	CHECK(P.depth == 16, "depth after some waste %u", P.depth);
	w.base += 1ULL << 24;
	walk_stream(&P, &w);
	CHECK(w.max_lead == 16, "lead %u after waste", w.max_lead);
}

/*
 * Suspended, a device issues nothing: it judges trial predictions against
 * its streams' next reads and restarts when 7/8 of a batch were right.
 */
static void test_trials(void)
{
	u64 seed = 3, x = 40000000, issued = 0;
	u32 i, n, first = 0;

	aether_pred_init(&P, TB_SECTORS, 64);
	for (i = 0; i < 200; i++) {
		n = aether_pred_access(&P, 0, 20000000 + (u64)i * 128, 8, true, R, MAXR);
		if (n && !first)
			first = i;
	}
	/* confirmed at read 3, 64 trials judged by reads 4..67 */
	CHECK(first == 3 + AETHER_PRED_TRIAL_BATCH, "first prediction at read %u", first);
	CHECK(P.trials == AETHER_PRED_TRIAL_BATCH, "trials %llu",
	      (unsigned long long)P.trials);

	/*
	 * Runs of sequential reads that go on with probability 0.7 at every
	 * read: no prediction can be right 4 times in 5, so none is issued.
	 */
	aether_pred_init(&P, TB_SECTORS, 64);
	for (i = 0; i < 20000; i++) {
		x = lcg(&seed) % 10 < 7 ? x + 8 : lcg(&seed) % TB_SECTORS & ~7ULL;
		issued += aether_pred_access(&P, 0, x, 8, true, R, MAXR);
	}
	CHECK(issued == 0 && P.trials > 1000, "%llu ranges issued, %llu trials",
	      (unsigned long long)issued, (unsigned long long)P.trials);

	/* the same with reads going on 19 times in 20: restarted */
	aether_pred_init(&P, TB_SECTORS, 64);
	for (i = 0; i < 20000; i++) {
		x = lcg(&seed) % 20 < 19 ? x + 8 : lcg(&seed) % TB_SECTORS & ~7ULL;
		issued += aether_pred_access(&P, 0, x, 8, true, R, MAXR);
	}
	CHECK(issued > 1000, "%llu ranges issued on long runs", (unsigned long long)issued);

	/* waste reported: suspended again, nothing issued until trials pass */
	aether_pred_feedback(&P, 0, AETHER_PRED_FEEDBACK_BATCH);
	CHECK(P.depth == 0, "suspended by waste: %u", P.depth);
	n = aether_pred_access(&P, 0, x + 8, 8, true, R, MAXR);
	CHECK(n == 0, "issued while suspended");
}

/* Ramp-up: a short run wastes at most about a fifth of its predictions. */
static void test_short_runs(void)
{
	u64 pred = 0, used = 0;
	u32 r;

	aether_pred_init(&P, TB_SECTORS, 64);
	for (r = 0; r < 200; r++) {
		struct walk w = { .base = 100000000 + (u64)r * 1000000, .stride = 128,
				  .len = 8, .count = 40 };

		walk_stream(&P, &w);
		pred += w.predicted_pages;
		used += w.used_pages;
	}
	CHECK(used * 10 >= pred * 7, "short runs: used %llu of %llu",
	      (unsigned long long)used, (unsigned long long)pred);
}

/* Gate closed: the stream still learns; opened: ranges at once, bounded by max_out. */
static void test_gate_and_max_out(void)
{
	u64 seen_hi = 0, x = 0;
	u32 i, n;

	aether_pred_init(&P, TB_SECTORS, 64);
	for (i = 0; i < 10; i++)
		aether_pred_feedback(&P, 32, 0);
	for (i = 0; i < 300; i++) {
		x = 7000000 + (u64)i * 256;
		CHECK(aether_pred_access(&P, 1, x, 8, false, R, MAXR) == 0, "gate closed");
	}
	CHECK(aether_pred_access(&P, 1, x + 256, 8, true, NULL, 0) == 0, "no room");
	x += 512;
	n = aether_pred_access(&P, 1, x, 8, true, R, 5);
	CHECK(n == 5 && R[0].sector == x + 256 && R[4].sector == x + 5 * 256,
	      "first five: n=%u", n);
	seen_hi = R[4].sector;
	/* the same access again is a re-read: nothing new */
	CHECK(aether_pred_access(&P, 1, x, 8, true, R, MAXR) == 0, "re-read");
	/* the next miss (one block on) continues where the last call stopped */
	n = aether_pred_access(&P, 1, x + 256, 8, true, R, MAXR);
	CHECK(n > 5 && R[0].sector == seen_hi + 256, "continued at %llu (want %llu), n=%u",
	      (unsigned long long)R[0].sector, (unsigned long long)(seen_hi + 256), n);
}

/*
 * aether_pred_learn() + aether_pred_predict() is aether_pred_access() with
 * predict true, and learn says which reads a prediction can follow: on a
 * mix of a strided, a random and a sequential reader (left to readahead),
 * range for range the same, and learn true only for the strided one.
 */
static void test_learn_predict(void)
{
	static struct aether_pred Q;
	struct aether_pred_range r2[MAXR];
	u32 i, k, n, n2, want[3] = { 0, 0, 0 }, diff = 0;
	u64 seed = 7, x;

	aether_pred_init(&P, TB_SECTORS, 64);
	aether_pred_init(&Q, TB_SECTORS, 64);
	aether_pred_set_skip_sequential(&P, true);
	aether_pred_set_skip_sequential(&Q, true);
	for (i = 0; i < 20; i++) {
		aether_pred_feedback(&P, 32, 0);
		aether_pred_feedback(&Q, 32, 0);
	}
	for (i = 0; i < 3000; i++) {
		k = i % 3;
		if (k == 0)
			x = 100000000 + (u64)i / 3 * 128;	/* strided */
		else if (k == 1)
			x = lcg(&seed) % TB_SECTORS & ~7ULL;	/* random */
		else
			x = 500000000 + (u64)i / 3 * 8;		/* sequential */
		n = aether_pred_access(&P, k, x, 8, true, R, MAXR);
		n2 = 0;
		if (aether_pred_learn(&Q, k, x, 8)) {
			want[k]++;
			n2 = aether_pred_predict(&Q, r2, MAXR);
		}
		if (n != n2 || (n && __builtin_memcmp(R, r2, n * sizeof(R[0]))))
			diff++;
	}
	CHECK(!diff, "%u reads predicted differently", diff);
	CHECK(want[0] > 990 && !want[1] && !want[2],
	      "learn wants: strided %u random %u sequential %u", want[0],
	      want[1], want[2]);
}

/* Forward contiguous streams are Linux readahead's when asked to skip them. */
static void test_skip_sequential(void)
{
	u32 i, n = 0;

	aether_pred_init(&P, TB_SECTORS, 64);
	aether_pred_set_skip_sequential(&P, true);
	for (i = 0; i < 100; i++)
		n += aether_pred_access(&P, 0, 1000000 + i * 256, 256, true, R, MAXR);
	CHECK(n == 0, "%u ranges for a sequential stream", n);
	for (i = 0; i < 100; i++)
		n += aether_pred_access(&P, 0, 5000000 + i * 512, 256, true, R, MAXR);
	CHECK(n > 0, "a strided stream is still predicted");
	/*
	 * readahead's windows: each bio begins where the last ended, sizes
	 * ramping 32, 64, 128, 256 then 256 with now and then a bio of 128:
	 * the majority stride (256) exceeds some lengths, yet it is Linux's
	 */
	{
		u64 x = 9000000;
		u32 len;

		trusted(&P);
		for (i = 0, n = 0; i < 200; i++) {
			len = i < 4 ? 32u << i : (i % 7 ? 256 : 128);
			n += aether_pred_access(&P, 3, x, len, true, R, MAXR);
			x += len;
		}
		CHECK(n == 0, "%u ranges for readahead's windows", n);
	}
	aether_pred_set_skip_sequential(&P, false);
	for (i = 0, n = 0; i < 10; i++)
		n += aether_pred_access(&P, 0, 1000000 + (100 + i) * 256, 256, true, R, MAXR);
	CHECK(n > 0, "sequential predicted without skip");
}

/*
 * A reader of the blocks at xs[0..count), len sectors each, through the
 * page bitmap (as walk_stream(), for layouts no single stride describes).
 * Returns the misses; *pred and *used count predicted and used pages, and
 * *lead the most ranges one call returned once two shifts were confirmed.
 */
static bool missed[3000];	/* walk_list(): which reads missed */

static u64 walk_list(struct aether_pred *p, const u64 *xs, u32 count, u32 len,
		     u64 *pred, u64 *used, u32 *lead)
{
	u64 misses = 0, s;
	u32 i, j, n;

	memset(map, 0, sizeof(map));
	*pred = *used = 0;
	*lead = 0;
	for (i = 0; i < count; i++) {
		bool cached = true;

		for (s = xs[i] & ~7ULL; s < xs[i] + len; s += 8) {
			unsigned char *m = map_at(xs[0], s);

			cached = cached && (*m & M_CACHED);
			if ((*m & M_PREDICTED) && !(*m & M_CACHED << 2)) {
				++*used;
				*m |= M_CACHED << 2;
			}
		}
		missed[i] = !cached;
		if (cached)
			continue;
		misses++;
		for (s = xs[i] & ~7ULL; s < xs[i] + len; s += 8)
			*map_at(xs[0], s) |= M_CACHED;
		n = aether_pred_access(p, 5, xs[i], len, true, R, MAXR);
		check_ranges(p, n);
		if (p->shifts >= 2 && n > *lead)
			*lead = n;
		for (j = 0; j < n; j++) {
			for (s = R[j].sector; s < R[j].sector + R[j].nr_sectors; s += 8) {
				unsigned char *m = map_at(xs[0], s);

				CHECK(!*m, "page %llu predicted while cached or predicted",
				      (unsigned long long)s);
				*m |= M_CACHED | M_PREDICTED;
				++*pred;
			}
		}
	}
	return misses;
}

static u64 layout[3000];

/*
 * A B-tree leaf scan whose leaves are 16 pages apart, 17 or 18 (15 when
 * shift is negative) where another page was allocated in between, every
 * 15 to 40 leaves: blocks of 8 sectors from base, step 1 backward if
 * dir < 0.  Returns the number of shifted gaps.
 */
static u32 make_layout(u64 base, int dir, int shift, u32 count)
{
	u64 seed = 99, x = base;
	u32 i, next = 20, shifts = 0;

	for (i = 0; i < count; i++) {
		s64 gap = 128;

		layout[i] = x;
		if (i == next) {
			gap += shift * (s64)(1 + lcg(&seed) % 2 * (shift > 0)) * 8;
			next += 15 + (u32)(lcg(&seed) % 26);
			shifts++;
		}
		x = dir > 0 ? x + (u64)gap : x - (u64)gap;
	}
	return shifts;
}

/* The stride is kept through shifts of its phase within the band. */
static void test_band_shift(void)
{
	static const struct { int dir, shift; } cases[3] = { { 1, 1 }, { -1, 1 }, { 1, -1 } };
	u64 pred, used, misses;
	u32 k, n, lead, shifts;

	for (k = 0; k < 3; k++) {
		shifts = make_layout(400000000, cases[k].dir, cases[k].shift, 3000);
		aether_pred_init(&P, TB_SECTORS, 64);
		trusted(&P);
		misses = walk_list(&P, layout, 3000, 8, &pred, &used, &lead);
		CHECK(P.streams_confirmed == 1, "case %u: %llu streams confirmed", k,
		      (unsigned long long)P.streams_confirmed);
		CHECK(P.shifts == shifts, "case %u: %llu shifts of %u", k,
		      (unsigned long long)P.shifts, shifts);
		/* two misses per shift, a few per segment in between */
		CHECK(misses * 10 <= 3000 * 3, "case %u: %llu misses", k,
		      (unsigned long long)misses);
		/* what was predicted past each shift is all that is wasted */
		CHECK(used * 10 >= pred * 9, "case %u: used %llu of %llu", k,
		      (unsigned long long)used, (unsigned long long)pred);
		/* lead: a sixth of ~28 steps between shifts */
		CHECK(lead >= 2 && lead <= 5, "case %u: lead %u", k, lead);
	}

	/* shifts every 6 steps: one block ahead at a time */
	aether_pred_init(&P, TB_SECTORS, 64);
	trusted(&P);
	for (k = 0, n = 0; k < 300; k++) {
		u64 x = 300000000 + (u64)k * 128 + (k / 6) * 8;
		u32 got = aether_pred_access(&P, 1, x, 8, true, R, MAXR);

		if (P.shifts >= 3 && got > n)
			n = got;
	}
	CHECK(P.shifts >= 40 && n == 1, "frequent shifts: %llu shifts, lead %u",
	      (unsigned long long)P.shifts, n);
}

/*
 * A B-tree whose other table's pages split its leaves alike (gen-sqlite-db.py:
 * one page more, every 15 to 40 leaves): once a shift by that offset was
 * confirmed, the next is taken at its first read, so the read a stride after
 * a shift is no second miss, and no more is wasted than before.
 */
static void test_band_shift_learnt(void)
{
	u64 seed = 7, x = 500000000, pred, used, misses, second = 0;
	u32 i, next = 20, lead, at[200], shifts = 0;

	for (i = 0; i < 3000; i++) {
		layout[i] = x;
		x += 128;
		if (i == next) {
			x += 8;
			next += 15 + (u32)(lcg(&seed) % 26);
			at[shifts++] = i + 1;	/* the first read of the new phase */
		}
	}
	aether_pred_init(&P, TB_SECTORS, 64);
	trusted(&P);
	misses = walk_list(&P, layout, 3000, 8, &pred, &used, &lead);
	CHECK(P.shifts == shifts, "%llu shifts of %u", (unsigned long long)P.shifts, shifts);
	for (i = 1; i < shifts; i++)
		second += missed[at[i] + 1];
	CHECK(second == 0, "%llu reads a stride past a learnt shift missed", second);
	CHECK(used * 100 >= pred * 92, "used %llu of %llu", (unsigned long long)used,
	      (unsigned long long)pred);
	CHECK(misses * 10 <= 3000 * 3, "%llu misses", (unsigned long long)misses);
	/* another offset than the learnt one still waits for its confirmation */
	aether_pred_forget(&P);
	x = 600000000;
	for (i = 0; i < 40; i++)
		aether_pred_access(&P, 2, x + i * 128, 8, false, R, MAXR);
	aether_pred_access(&P, 2, x + 40 * 128 + 8, 8, true, R, MAXR);
	aether_pred_access(&P, 2, x + 41 * 128 + 8, 8, true, R, MAXR);
	CHECK(P.shifts == shifts + 1, "shift by 8: %llu", (unsigned long long)P.shifts);
	i = aether_pred_access(&P, 2, x + 42 * 128 + 24, 8, true, R, MAXR);
	CHECK(i == 0 && P.shifts == shifts + 1, "by 16 after 8: %u ranges, %llu shifts",
	      i, (unsigned long long)P.shifts);
	/* it was a stray read: the stream goes on in its phase */
	i = aether_pred_access(&P, 2, x + 42 * 128 + 8, 8, true, R, MAXR);
	CHECK(i > 0 && R[0].sector > x + 42 * 128 && R[0].sector % 128 == (x + 8) % 128,
	      "%u ranges, first %llu", i, (unsigned long long)R[0].sector);
}

/* A read off the stride within the band, alone, changes nothing. */
static void test_band_stray(void)
{
	u64 base = 600000000, s = 128;
	u32 i, n;

	aether_pred_init(&P, TB_SECTORS, 64);
	trusted(&P);
	for (i = 0; i < 20; i++)	/* learnt, nothing predicted: gate closed */
		aether_pred_access(&P, 2, base + i * s, 8, false, R, MAXR);
	/* one page past the next block: noted, nothing predicted */
	n = aether_pred_access(&P, 2, base + 20 * s + 8, 8, true, R, MAXR);
	CHECK(n == 0, "stray read predicted %u ranges", n);
	/* the stream goes on in its phase, predictions in that phase */
	n = aether_pred_access(&P, 2, base + 20 * s, 8, true, R, MAXR);
	CHECK(n > 0 && R[0].sector == base + 21 * s, "n=%u first %llu", n,
	      (unsigned long long)R[0].sector);
	CHECK(P.shifts == 0 && P.streams_confirmed == 1, "shifts %llu confirmed %llu",
	      (unsigned long long)P.shifts, (unsigned long long)P.streams_confirmed);
	/* a stray read followed by one a stride after it: the phase moved */
	aether_pred_forget(&P);
	for (i = 0; i < 20; i++)
		aether_pred_access(&P, 2, base + i * s, 8, false, R, MAXR);
	aether_pred_access(&P, 2, base + 20 * s + 16, 8, true, R, MAXR);
	n = aether_pred_access(&P, 2, base + 21 * s + 16, 8, true, R, MAXR);
	CHECK(P.shifts == 1 && n > 0 && R[0].sector == base + 22 * s + 16,
	      "shift: %llu, n=%u first %llu", (unsigned long long)P.shifts, n,
	      (unsigned long long)R[0].sector);
	/* outside the band (s/8 = 16 sectors), no shift: 24 sectors off */
	aether_pred_forget(&P);
	for (i = 0; i < 20; i++)
		aether_pred_access(&P, 2, base + i * s, 8, false, R, MAXR);
	aether_pred_access(&P, 2, base + 20 * s + 24, 8, true, R, MAXR);
	aether_pred_access(&P, 2, base + 21 * s + 24, 8, true, R, MAXR);
	CHECK(P.shifts == 1, "shift outside the band: %llu", (unsigned long long)P.shifts);
	/* strides under 8 pages have no band: one page off is another stream */
	aether_pred_init(&P, TB_SECTORS, 64);
	trusted(&P);
	for (i = 0; i < 20; i++)
		aether_pred_access(&P, 2, base + i * 32, 8, false, R, MAXR);
	aether_pred_access(&P, 2, base + 20 * 32 + 8, 8, true, R, MAXR);
	aether_pred_access(&P, 2, base + 21 * 32 + 8, 8, true, R, MAXR);
	CHECK(P.shifts == 0, "short stride shifted: %llu", (unsigned long long)P.shifts);
}

/* The rest of a prediction cut at max_out, asked for by the stream's id. */
static void test_more(void)
{
	u64 x = 8000000, last;
	u32 i, n, id, total;

	aether_pred_init(&P, TB_SECTORS, 64);
	for (i = 0; i < 8; i++)		/* depth up to the knob */
		aether_pred_feedback(&P, 64, 0);
	for (i = 0; i < 400; i++)	/* run long enough for a lead of 64 */
		aether_pred_access(&P, 4, x + (u64)i * 128, 8, false, R, MAXR);
	x += 400 * 128;
	n = aether_pred_access(&P, 4, x, 8, true, R, 8);
	CHECK(n == 8 && R[0].sector == x + 128, "first eight: n=%u", n);
	id = R[0].stream;
	CHECK(id && R[7].stream == id, "stream id %u", id);
	last = R[7].sector;
	total = n;
	while ((n = aether_pred_more(&P, id, R, 8)) > 0) {
		check_ranges(&P, n);
		CHECK(R[0].sector == last + 128 && R[0].stream == id,
		      "more at %llu, want %llu", (unsigned long long)R[0].sector,
		      (unsigned long long)(last + 128));
		last = R[n - 1].sector;
		total += n;
		CHECK(total <= 64, "more than the lead: %u", total);
		if (total > 64)
			break;
	}
	CHECK(total == 64, "lead %u blocks", total);
	/* nothing more once the lead is read, nor for ids that name nothing */
	CHECK(aether_pred_more(&P, id, R, 8) == 0, "past the lead");
	CHECK(aether_pred_more(&P, 0, R, 8) == 0, "id 0");
	CHECK(aether_pred_more(&P, id + AETHER_PRED_STREAMS, R, 8) == 0, "other id");
	/* the next miss stops at max_out again; a read without prediction ends it */
	x = last + 128;
	CHECK(aether_pred_access(&P, 4, x, 8, true, R, 8) == 8, "next miss");
	aether_pred_access(&P, 4, x + 128, 8, false, R, 8);
	CHECK(aether_pred_more(&P, id, R, 8) == 0, "after a read not predicted");
	n = aether_pred_access(&P, 4, x + 256, 8, true, R, 4);
	CHECK(n == 4, "cut at 4: %u", n);
	aether_pred_feedback(&P, 0, AETHER_PRED_FEEDBACK_BATCH);	/* suspended */
	CHECK(aether_pred_more(&P, id, R, 8) == 0, "while suspended");
	trusted(&P);
	CHECK(aether_pred_more(&P, id, R, 8) > 0, "restarted");
	aether_pred_forget(&P);
	CHECK(aether_pred_more(&P, id, R, 8) == 0, "forgotten stream");
}

/* Many streams: the table holds 16; a 17th evicts the least valuable. */
static void test_table(void)
{
	u32 i, j, n;

	aether_pred_init(&P, TB_SECTORS, 64);
	trusted(&P);
	for (i = 0; i < 8; i++)
		for (j = 0; j < AETHER_PRED_STREAMS; j++)
			aether_pred_access(&P, j, 1000000 + (u64)i * 128, 8, true, R, MAXR);
	CHECK(P.streams_confirmed == AETHER_PRED_STREAMS, "confirmed %llu",
	      (unsigned long long)P.streams_confirmed);
	/* a new task's first read is a seed: it takes no slot */
	aether_pred_access(&P, 99, 5000000, 8, true, R, MAXR);
	n = aether_pred_access(&P, 0, 1000000 + 8 * 128, 8, true, R, MAXR);
	CHECK(n > 0, "a seed evicted the oldest stream, 0");
	/* its second, near the first, a stream: evicts the oldest now, 1 */
	aether_pred_access(&P, 99, 5000000 + 64, 8, true, R, MAXR);
	n = aether_pred_access(&P, 1, 1000000 + 8 * 128, 8, true, R, MAXR);
	CHECK(n == 0, "evicted stream 1 still predicted");
	n = aether_pred_access(&P, 5, 1000000 + 8 * 128, 8, true, R, MAXR);
	CHECK(n > 0, "stream 5 lost");
	aether_pred_forget(&P);
	n = aether_pred_access(&P, 5, 1000000 + 9 * 128, 8, true, R, MAXR);
	CHECK(n == 0, "forgotten stream predicted");
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "policy_names", test_policy_names },
		{ "forward_stride", test_forward_stride },
		{ "backward_stride", test_backward_stride },
		{ "interleaved_tags", test_interleaved_tags },
		{ "interleaved_regions", test_interleaved_regions },
		{ "random", test_random },
		{ "seeds", test_seeds },
		{ "noise_tolerance", test_noise_tolerance },
		{ "radius_edges", test_radius_edges },
		{ "capacity", test_capacity },
		{ "alignment", test_alignment },
		{ "majority", test_majority },
		{ "depth_adaptation", test_depth_adaptation },
		{ "trials", test_trials },
		{ "short_runs", test_short_runs },
		{ "gate_and_max_out", test_gate_and_max_out },
		{ "skip_sequential", test_skip_sequential },
		{ "learn_predict", test_learn_predict },
		{ "table", test_table },
		{ "band_shift", test_band_shift },
		{ "band_shift_learnt", test_band_shift_learnt },
		{ "band_stray", test_band_stray },
		{ "more", test_more },
	};

	return UNIT_RUN("predict", tests);
}
