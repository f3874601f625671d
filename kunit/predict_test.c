// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the stride predictor (include/aether/predict.h) built with
 * the kernel's flags: learning a stride by majority, the first predictions
 * exactly, no range predicted twice, the lead bounded by the depth, backward
 * streams stopping at sector 0, the capacity, skip_sequential, tags, the
 * suspended start with its trial predictions, depth adaptation from
 * feedback, the knobs, phase shifts within the band and the rest of a
 * prediction cut at max_out.  Broader stream scenarios are in
 * tools/testing/test_predict.c.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#include "../include/aether/predict.h"

#define TIB		BIT_ULL(31)	/* 1 TiB in sectors */
#define NR_OUT		64

struct fixture {
	struct aether_pred p;
	struct aether_pred_range r[NR_OUT];
};

/* The predictor state is ~2 KiB: keep it off the test thread's stack. */
static struct fixture *new_fixture(struct kunit *test, u64 capacity)
{
	struct fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f);
	aether_pred_init(&f->p, capacity, AETHER_PRED_DEPTH_DEFAULT);
	return f;
}

/* A device starts suspended; one batch of all-used feedback starts it. */
static void activate(struct kunit *test, struct fixture *f)
{
	aether_pred_feedback(&f->p, AETHER_PRED_FEEDBACK_BATCH, 0);
	KUNIT_ASSERT_EQ(test, f->p.depth, (u32)AETHER_PRED_DEPTH_INIT);
}

static struct fixture *new_active(struct kunit *test, u64 capacity)
{
	struct fixture *f = new_fixture(test, capacity);

	activate(test, f);
	return f;
}

static u32 access(struct fixture *f, u32 tag, u64 sector, u32 len, bool predict)
{
	return aether_pred_access(&f->p, tag, sector, len, predict, f->r, NR_OUT);
}

/* Ranges are page-aligned, non-empty, below the capacity, not the read's. */
static u32 check_ranges(struct kunit *test, struct fixture *f, u32 n,
			u64 read, u32 len)
{
	u64 cap = f->p.capacity & ~(u64)(AETHER_PAGE_SECTORS - 1);
	u64 rd_lo = read & ~(u64)(AETHER_PAGE_SECTORS - 1), rd_hi = read + len;
	u32 i, bad = 0;

	for (i = 0; i < n; i++) {
		u64 lo = f->r[i].sector, hi = lo + f->r[i].nr_sectors;

		bad += lo % AETHER_PAGE_SECTORS || hi % AETHER_PAGE_SECTORS ||
		       lo >= hi || hi > cap || (lo < rd_hi && hi > rd_lo);
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
	return bad;
}

static void predict_init(struct kunit *test)
{
	struct fixture *f = new_fixture(test, TIB);
	unsigned int i, valid = 0;

	KUNIT_EXPECT_EQ(test, f->p.capacity, TIB);
	KUNIT_EXPECT_EQ(test, f->p.max_depth, (u32)AETHER_PRED_DEPTH_DEFAULT);
	KUNIT_EXPECT_EQ(test, f->p.depth, 0U);		/* suspended */
	KUNIT_EXPECT_FALSE(test, f->p.skip_sequential);
	KUNIT_EXPECT_EQ(test, f->p.accesses + f->p.streams_started +
			f->p.streams_confirmed + f->p.ranges + f->p.sectors +
			f->p.trials + f->p.suspensions, 0ULL);
	for (i = 0; i < AETHER_PRED_STREAMS; i++)
		valid += f->p.s[i].valid;
	KUNIT_EXPECT_EQ(test, valid, 0U);
	/* max_depth is clamped into range; a start runs at min(16, max) */
	aether_pred_init(&f->p, TIB, 0);
	KUNIT_EXPECT_EQ(test, f->p.max_depth, (u32)AETHER_PRED_DEPTH_MIN);
	KUNIT_EXPECT_EQ(test, f->p.depth, 0U);
	aether_pred_feedback(&f->p, AETHER_PRED_FEEDBACK_BATCH, 0);
	KUNIT_EXPECT_EQ(test, f->p.depth, (u32)AETHER_PRED_DEPTH_MIN);
	aether_pred_init(&f->p, TIB, 100000);
	KUNIT_EXPECT_EQ(test, f->p.max_depth, (u32)AETHER_PRED_DEPTH_MAX);
	aether_pred_feedback(&f->p, AETHER_PRED_FEEDBACK_BATCH, 0);
	KUNIT_EXPECT_EQ(test, f->p.depth, (u32)AETHER_PRED_DEPTH_INIT);
	aether_pred_init(&f->p, TIB, 4);
	KUNIT_EXPECT_EQ(test, f->p.depth, 0U);
	aether_pred_feedback(&f->p, AETHER_PRED_FEEDBACK_BATCH, 0);
	KUNIT_EXPECT_EQ(test, f->p.depth, 4U);
}

static void predict_policy(struct kunit *test)
{
	int i;

	for (i = 0; i < AETHER_NR_POLICIES; i++)
		KUNIT_EXPECT_EQ(test, aether_policy_find(aether_policy_names[i],
							 strlen(aether_policy_names[i])), i);
	KUNIT_EXPECT_EQ(test, aether_policy_find("stride\n", 6), AETHER_POLICY_STRIDE);
	KUNIT_EXPECT_EQ(test, aether_policy_find("povmx", 5), -1);
	KUNIT_EXPECT_EQ(test, aether_policy_find("pov", 3), -1);
	KUNIT_EXPECT_EQ(test, aether_policy_find("", 0), -1);
	/* povm predicts when the gate fires, stride always, off never */
	KUNIT_EXPECT_TRUE(test, aether_policy_predicts(AETHER_POLICY_POVM, true));
	KUNIT_EXPECT_FALSE(test, aether_policy_predicts(AETHER_POLICY_POVM, false));
	KUNIT_EXPECT_TRUE(test, aether_policy_predicts(AETHER_POLICY_STRIDE, false));
	KUNIT_EXPECT_FALSE(test, aether_policy_predicts(AETHER_POLICY_OFF, true));
}

static void predict_max_depth_knob(struct kunit *test)
{
	struct fixture *f = new_active(test, TIB);

	KUNIT_EXPECT_EQ(test, aether_pred_set_max_depth(&f->p, 0), -1);
	KUNIT_EXPECT_EQ(test, aether_pred_set_max_depth(&f->p, AETHER_PRED_DEPTH_MAX + 1), -1);
	KUNIT_EXPECT_EQ(test, f->p.max_depth, (u32)AETHER_PRED_DEPTH_DEFAULT);
	KUNIT_EXPECT_EQ(test, f->p.depth, (u32)AETHER_PRED_DEPTH_INIT);
	/* lowering it below the depth lowers the depth at once */
	KUNIT_EXPECT_EQ(test, aether_pred_set_max_depth(&f->p, 3), 0);
	KUNIT_EXPECT_EQ(test, f->p.depth, 3U);
	KUNIT_EXPECT_EQ(test, aether_pred_set_max_depth(&f->p, AETHER_PRED_DEPTH_MAX), 0);
	KUNIT_EXPECT_EQ(test, f->p.max_depth, (u32)AETHER_PRED_DEPTH_MAX);
	KUNIT_EXPECT_EQ(test, f->p.depth, 3U);
}

/*
 * 4 KiB reads every 64 KiB: the first read starts a stream, three equal
 * deltas confirm the stride, and the confirming read predicts one block.
 */
static void predict_learns_forward_stride(struct kunit *test)
{
	struct fixture *f = new_active(test, TIB);
	u64 base = 1000 * 128;
	u32 i, n;

	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, access(f, 1, base + 128 * i, 8, true), 0U);
	KUNIT_EXPECT_EQ(test, f->p.streams_started, 1ULL);
	KUNIT_EXPECT_EQ(test, f->p.streams_confirmed, 0ULL);
	n = access(f, 1, base + 3 * 128, 8, true);
	KUNIT_EXPECT_EQ(test, f->p.streams_confirmed, 1ULL);
	KUNIT_ASSERT_EQ(test, n, 1U);
	KUNIT_EXPECT_EQ(test, f->r[0].sector, base + 4 * 128);
	KUNIT_EXPECT_EQ(test, f->r[0].nr_sectors, 8U);
	KUNIT_EXPECT_EQ(test, f->p.ranges, 1ULL);
	KUNIT_EXPECT_EQ(test, f->p.sectors, 8ULL);
	KUNIT_EXPECT_EQ(test, f->p.accesses, 4ULL);
}

/* A read that continues a stream, but with predict false, learns only. */
static void predict_only_when_asked(struct kunit *test)
{
	struct fixture *f = new_active(test, TIB);
	u32 i, n = 0;

	for (i = 0; i < 20; i++)
		n += access(f, 1, 128ULL * i, 8, false);
	KUNIT_EXPECT_EQ(test, n, 0U);
	KUNIT_EXPECT_EQ(test, f->p.streams_confirmed, 1ULL);
	/* no output buffer: nothing written, nothing counted */
	KUNIT_EXPECT_EQ(test, aether_pred_access(&f->p, 1, 128 * 20, 8, true, NULL, 4), 0U);
	KUNIT_EXPECT_EQ(test, f->p.ranges, 0ULL);
	n = access(f, 1, 128 * 21, 8, true);
	KUNIT_EXPECT_GT(test, n, 0U);
	check_ranges(test, f, n, 128 * 21, 8);
}

/* all deltas different: no majority, never a prediction */
static void predict_random_never(struct kunit *test)
{
	struct fixture *f = new_fixture(test, TIB);
	u64 s = 99, n = 0;
	u32 i;

	for (i = 0; i < 2000; i++) {
		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		n += access(f, 1, (s >> 33) & ~7ULL, 8, true);
	}
	KUNIT_EXPECT_EQ(test, n, 0ULL);
	KUNIT_EXPECT_EQ(test, f->p.streams_confirmed, 0ULL);
	KUNIT_EXPECT_EQ(test, f->p.accesses, 2000ULL);
}

/*
 * Over a long stream that reads only what was not predicted (the rest is
 * served by the page cache), no sector is predicted twice, every range is
 * clean, and the stream never runs more than depth strides ahead.
 */
static void predict_no_repeat_and_lead(struct kunit *test)
{
	struct fixture *f = new_active(test, TIB);
	u64 frontier = 0, x = 4096, predicted = 0;
	u32 i, n, j, overlaps = 0, too_far = 0, misses = 0;

	for (i = 0; i < 400; i++, x += 64) {
		if (x + 8 <= frontier && x >= 4096 + 4 * 64)
			continue;	/* prefetched: never reaches the device */
		misses++;
		n = access(f, 7, x, 8, true);
		check_ranges(test, f, n, x, 8);
		for (j = 0; j < n; j++) {
			const struct aether_pred_range *r = &f->r[j];

			overlaps += r->sector < frontier;
			too_far += r->sector + r->nr_sectors >
				   x + (u64)f->p.depth * 64 + 8;
			frontier = r->sector + r->nr_sectors;
			predicted += r->nr_sectors;
		}
	}
	KUNIT_EXPECT_EQ(test, overlaps, 0U);
	KUNIT_EXPECT_EQ(test, too_far, 0U);
	KUNIT_EXPECT_EQ(test, predicted, f->p.sectors);
	/* the prefetches did their job: most reads were served from cache */
	KUNIT_EXPECT_LT(test, misses, 100U);
}

/* The lead ramps with the run: a quarter of the strided steps seen. */
static void predict_lead_ramps(struct kunit *test)
{
	struct fixture *f = new_active(test, TIB);
	u64 furthest = 0;
	u32 i, n, j;

	for (i = 0; i < 40; i++) {
		u64 x = 256ULL * i;

		n = access(f, 1, x, 8, true);
		for (j = 0; j < n; j++)
			furthest = max(furthest, f->r[j].sector);
		if (i >= 3) {
			/* run = i after confirmation at read 3 (3 votes) */
			u64 lead = clamp(i / 4, 1U, f->p.depth);

			KUNIT_EXPECT_EQ(test, furthest, x + lead * 256);
		}
	}
}

/* Blocks longer than the stride overlap: each page is predicted once. */
static void predict_overlapping_blocks(struct kunit *test)
{
	struct fixture *f = new_active(test, TIB);
	u64 x, frontier = 0;
	u32 n, j, total = 0, again = 0;

	for (x = 800; x < 800 + 4 * 60; x += 4) {
		n = access(f, 1, x, 8, true);
		check_ranges(test, f, n, x, 8);
		for (j = 0; j < n; j++) {
			again += f->r[j].sector < frontier;
			frontier = f->r[j].sector + f->r[j].nr_sectors;
		}
		total += n;
	}
	KUNIT_EXPECT_GT(test, total, 0U);
	KUNIT_EXPECT_EQ(test, again, 0U);
}

/* Backward streams are predicted downwards and stop at sector 0. */
static void predict_backward_to_zero(struct kunit *test)
{
	struct fixture *f = new_active(test, TIB);
	s64 x;
	u32 n = 0, j, above = 0, total = 0;
	u64 lowest = U64_MAX;

	for (x = 64 * 40; x >= 0; x -= 64) {
		n = access(f, 2, (u64)x, 8, true);
		check_ranges(test, f, n, (u64)x, 8);
		for (j = 0; j < n; j++) {
			above += f->r[j].sector + f->r[j].nr_sectors > (u64)x;
			lowest = min(lowest, f->r[j].sector);
		}
		total += n;
	}
	KUNIT_EXPECT_GT(test, total, 0U);
	KUNIT_EXPECT_EQ(test, above, 0U);
	KUNIT_EXPECT_EQ(test, lowest, 0ULL);
	/* the read at sector 0 has nothing below it to predict */
	KUNIT_EXPECT_EQ(test, n, 0U);
	KUNIT_EXPECT_EQ(test, f->p.s[0].stride, -64);

	/* off the stride grid: the last block is at 16, none below it */
	aether_pred_init(&f->p, TIB, 64);
	activate(test, f);
	lowest = U64_MAX;
	for (x = 64 * 40 + 16; x >= 16; x -= 64) {
		n = access(f, 2, (u64)x, 8, true);
		check_ranges(test, f, n, (u64)x, 8);
		for (j = 0; j < n; j++)
			lowest = min(lowest, f->r[j].sector);
	}
	KUNIT_EXPECT_EQ(test, lowest, 16ULL);
}

/* Nothing at or past the capacity (rounded down to a page), even when resized. */
static void predict_capacity(struct kunit *test)
{
	u64 cap = 100000 + 5;		/* not a page multiple */
	struct fixture *f = new_active(test, cap);
	u64 x, last_end = 0;
	u32 n, j;

	/* unaligned reads; the block at 99996 straddles the end: clipped */
	for (x = (cap & ~7ULL) - 4 - 64 * 30; x < cap; x += 64) {
		n = access(f, 3, x, 8, true);
		check_ranges(test, f, n, x, 8);
		for (j = 0; j < n; j++)
			last_end = max(last_end, f->r[j].sector + f->r[j].nr_sectors);
	}
	KUNIT_EXPECT_EQ(test, last_end, cap & ~7ULL);
	/*
	 * Shrunk to 771 sectors: of the two blocks a run of 9 leads by (704,
	 * 768), only the one below 768 (771 rounded down to a page) remains.
	 */
	aether_pred_init(&f->p, TIB, 64);
	activate(test, f);
	for (x = 0; x < 64 * 10; x += 64)
		access(f, 3, x, 8, false);
	aether_pred_set_capacity(&f->p, 64 * 12 + 3);
	n = access(f, 3, 64 * 10, 8, true);
	KUNIT_EXPECT_EQ(test, f->p.capacity, 64ULL * 12 + 3);
	KUNIT_ASSERT_EQ(test, n, 1U);
	KUNIT_EXPECT_EQ(test, f->r[0].sector, 704ULL);
	KUNIT_EXPECT_EQ(test, f->r[0].nr_sectors, 8U);
}

/* Touching forward blocks are Linux readahead's when skip_sequential is set. */
static void predict_skip_sequential(struct kunit *test)
{
	struct fixture *f = new_active(test, TIB);
	u32 i, fwd = 0, back = 0, strided = 0;

	aether_pred_set_skip_sequential(&f->p, true);
	for (i = 0; i < 32; i++) {
		fwd += access(f, 1, 1000000 + 8ULL * i, 8, true);
		back += access(f, 2, 5000000 - 8ULL * i, 8, true);
		strided += access(f, 3, 9000000 + 16ULL * i, 8, true);
	}
	KUNIT_EXPECT_EQ(test, fwd, 0U);		/* contiguous forward: skipped */
	KUNIT_EXPECT_GT(test, back, 0U);	/* readahead never reads backwards */
	KUNIT_EXPECT_GT(test, strided, 0U);	/* a gap: not readahead's */
	KUNIT_EXPECT_EQ(test, f->p.streams_confirmed, 3ULL);	/* all learnt */

	aether_pred_set_skip_sequential(&f->p, false);
	KUNIT_EXPECT_GT(test, access(f, 1, 1000000 + 8ULL * 32, 8, true), 0U);
}

/* Two close strided streams of two tasks, interleaved, are both learnt. */
static void predict_tags_separate(struct kunit *test)
{
	struct fixture *f = new_active(test, TIB);
	u32 i, a = 0, b = 0;

	for (i = 0; i < 24; i++) {
		a += access(f, 100, 128ULL * i, 8, true);
		b += access(f, 200, 128ULL * i + 40, 8, true);
	}
	KUNIT_EXPECT_EQ(test, f->p.streams_started, 2ULL);
	KUNIT_EXPECT_EQ(test, f->p.streams_confirmed, 2ULL);
	KUNIT_EXPECT_GT(test, a, 0U);
	KUNIT_EXPECT_GT(test, b, 0U);
}

/* A re-read of a stream's last sector teaches nothing and predicts nothing. */
static void predict_reread_and_forget(struct kunit *test)
{
	struct fixture *f = new_active(test, TIB);
	u32 i;

	for (i = 0; i < 8; i++)
		access(f, 1, 512ULL * i, 8, false);
	KUNIT_EXPECT_EQ(test, f->p.streams_confirmed, 1ULL);
	KUNIT_EXPECT_EQ(test, access(f, 1, 512 * 7, 8, true), 0U);
	KUNIT_EXPECT_EQ(test, f->p.streams_started, 1ULL);
	KUNIT_EXPECT_EQ(test, f->p.accesses, 9ULL);

	/* forget drops the streams, not the statistics or the depth */
	aether_pred_feedback(&f->p, AETHER_PRED_FEEDBACK_BATCH, 0);	/* 16 -> 32 */
	aether_pred_forget(&f->p);
	KUNIT_EXPECT_EQ(test, access(f, 1, 512 * 8, 8, true), 0U);
	KUNIT_EXPECT_EQ(test, f->p.streams_started, 2ULL);
	KUNIT_EXPECT_EQ(test, f->p.streams_confirmed, 1ULL);
	KUNIT_EXPECT_EQ(test, f->p.depth, 32U);
}

/*
 * Per 32 pages reported: at most 1/8 wasted doubles the depth (a suspended
 * device restarts at 16), more than 1/5 suspends, in between halves.
 */
static void predict_feedback_depth(struct kunit *test)
{
	struct fixture *f = new_fixture(test, TIB);
	u32 i;

	KUNIT_EXPECT_EQ(test, f->p.depth, 0U);
	aether_pred_feedback(&f->p, 31, 0);		/* under a batch: held */
	KUNIT_EXPECT_EQ(test, f->p.depth, 0U);
	aether_pred_feedback(&f->p, 1, 0);		/* 32 used: restart */
	KUNIT_EXPECT_EQ(test, f->p.depth, 16U);
	aether_pred_feedback(&f->p, 28, 4);		/* 1/8 wasted: doubles */
	KUNIT_EXPECT_EQ(test, f->p.depth, 32U);
	aether_pred_feedback(&f->p, 26, 6);		/* 3/16: halves */
	KUNIT_EXPECT_EQ(test, f->p.depth, 16U);
	aether_pred_feedback(&f->p, 25, 7);		/* 7/32 > 1/5: suspends */
	KUNIT_EXPECT_EQ(test, f->p.depth, 0U);
	KUNIT_EXPECT_EQ(test, f->p.suspensions, 1ULL);
	aether_pred_feedback(&f->p, 0, 32);		/* suspended stays so */
	KUNIT_EXPECT_EQ(test, f->p.suspensions, 1ULL);
	/* bounded by max_depth above; halving stops at 1 */
	for (i = 0; i < 10; i++)
		aether_pred_feedback(&f->p, 100, 0);
	KUNIT_EXPECT_EQ(test, f->p.depth, (u32)AETHER_PRED_DEPTH_DEFAULT);
	for (i = 0; i < 10; i++)
		aether_pred_feedback(&f->p, 26, 6);
	KUNIT_EXPECT_EQ(test, f->p.depth, (u32)AETHER_PRED_DEPTH_MIN);
	/* huge counts saturate instead of wrapping into a small batch */
	aether_pred_feedback(&f->p, 20, 0);
	aether_pred_feedback(&f->p, U32_MAX - 10, 0);
	KUNIT_EXPECT_EQ(test, f->p.depth, 2U);
	KUNIT_EXPECT_EQ(test, f->p.fb_used, 0U);
}

/*
 * Suspended, a confirmed stream issues nothing: each read names the next
 * block as a trial, judged by the stream's next read.  A batch of 64 trials
 * at least 7/8 right restarts prefetching; a stream that stops after every
 * few blocks keeps the device suspended.
 */
static void predict_trials(struct kunit *test)
{
	struct fixture *f = new_fixture(test, TIB);
	u32 i, n = 0;
	u64 x;

	for (i = 0; i < 3 + AETHER_PRED_TRIAL_BATCH; i++)
		n += access(f, 1, 1000000 + 128ULL * i, 8, true);
	KUNIT_EXPECT_EQ(test, n, 0U);
	KUNIT_EXPECT_EQ(test, f->p.ranges, 0ULL);
	KUNIT_EXPECT_EQ(test, f->p.trials, (u64)AETHER_PRED_TRIAL_BATCH);
	/* 63 judged right so far; the 64th trial is judged by this read */
	KUNIT_EXPECT_EQ(test, f->p.depth, 0U);
	n = access(f, 1, 1000000 + 128ULL * (3 + AETHER_PRED_TRIAL_BATCH), 8, true);
	KUNIT_EXPECT_EQ(test, f->p.depth, (u32)AETHER_PRED_DEPTH_INIT);
	KUNIT_EXPECT_GT(test, n, 0U);

	/* runs of 5 reads, each from a new place: half the trials wrong */
	aether_pred_init(&f->p, TIB, AETHER_PRED_DEPTH_DEFAULT);
	for (i = 0; i < 2000; i++)
		n += access(f, 1 + i / 40, 1ULL << 30 | (u64)(i / 5) << 20 |
			    128ULL * (i % 5), 8, true);
	KUNIT_EXPECT_GT(test, f->p.trials, 0ULL);
	KUNIT_EXPECT_EQ(test, f->p.depth, 0U);
	KUNIT_EXPECT_EQ(test, f->p.ranges, 0ULL);

	/* a stream that skips every other block: half its trials miss */
	aether_pred_init(&f->p, TIB, AETHER_PRED_DEPTH_DEFAULT);
	for (i = 0, x = 0; i < 1000; i++) {
		n += access(f, 1, x, 8, true);
		x += i < 4 || i % 2 ? 128 : 256;
	}
	KUNIT_EXPECT_GE(test, f->p.trials, 900ULL);
	KUNIT_EXPECT_EQ(test, f->p.depth, 0U);
	KUNIT_EXPECT_EQ(test, f->p.ranges, 0ULL);
}

/* At most max_out ranges per call; the rest come on later calls. */
static void predict_max_out(struct kunit *test)
{
	struct fixture *f = new_active(test, TIB);
	u32 i, n;

	aether_pred_feedback(&f->p, 32, 0);	/* depth 16 -> 64 */
	aether_pred_feedback(&f->p, 32, 0);
	KUNIT_ASSERT_EQ(test, f->p.depth, 64U);
	for (i = 0; i < 200; i++)	/* learn with a long run, predict nothing */
		access(f, 1, 1024ULL * i, 8, false);
	n = aether_pred_access(&f->p, 1, 1024 * 200, 8, true, f->r, 3);
	KUNIT_EXPECT_EQ(test, n, 3U);
	KUNIT_EXPECT_EQ(test, f->r[0].sector, 1024ULL * 201);
	KUNIT_EXPECT_EQ(test, f->r[2].sector, 1024ULL * 203);
	/* the next read continues where the frontier stopped */
	n = aether_pred_access(&f->p, 1, 1024 * 201, 8, true, f->r, 1);
	KUNIT_EXPECT_EQ(test, n, 1U);
	KUNIT_EXPECT_EQ(test, f->r[0].sector, 1024ULL * 204);
}

/*
 * A stride of 16 pages whose phase shifts by a page (a B-tree leaf scan
 * with a page allocated between two leaves): a read off the stride within
 * its band is noted and predicts nothing; a read a stride after it
 * confirms the shift and predictions go on in the new phase, the stream
 * kept.  A stray read in the band, followed by the old phase, changes
 * nothing.
 */
static void predict_band_shift(struct kunit *test)
{
	struct fixture *f = new_active(test, TIB);
	u64 base = 5000 * 128;
	u32 i, n;

	for (i = 0; i < 20; i++)
		access(f, 3, base + 128ULL * i, 8, false);
	KUNIT_EXPECT_EQ(test, f->p.streams_confirmed, 1ULL);
	/* stray: one page past the next block, then the old phase */
	KUNIT_EXPECT_EQ(test, access(f, 3, base + 128 * 20 + 8, 8, true), 0U);
	n = access(f, 3, base + 128 * 20, 8, true);
	KUNIT_ASSERT_GT(test, n, 0U);
	KUNIT_EXPECT_EQ(test, f->r[0].sector, base + 128 * 21);
	KUNIT_EXPECT_EQ(test, f->p.shifts, 0ULL);
	/* a real shift past the frontier: noted, then confirmed */
	base += 8;
	KUNIT_EXPECT_EQ(test, access(f, 3, base + 128 * (20 + n + 1), 8, true), 0U);
	i = 20 + n + 2;
	n = access(f, 3, base + 128ULL * i, 8, true);
	KUNIT_EXPECT_EQ(test, f->p.shifts, 1ULL);
	KUNIT_ASSERT_GT(test, n, 0U);
	check_ranges(test, f, n, base + 128ULL * i, 8);
	KUNIT_EXPECT_EQ(test, f->r[0].sector, base + 128ULL * (i + 1));
	KUNIT_EXPECT_EQ(test, f->p.streams_confirmed, 1ULL);
	/* two pages off a stride of 2 pages is no shift: no band there */
	f = new_active(test, TIB);
	for (i = 0; i < 20; i++)
		access(f, 3, 16ULL * i, 8, false);
	access(f, 3, 16 * 20 + 8, 8, true);
	access(f, 3, 16 * 21 + 8, 8, true);
	KUNIT_EXPECT_EQ(test, f->p.shifts, 0ULL);
}

/* A prediction cut at max_out goes on through aether_pred_more(). */
static void predict_more(struct kunit *test)
{
	struct fixture *f = new_active(test, TIB);
	u64 base = 9000 * 128;
	u32 i, n, id;

	for (i = 0; i < 100; i++)
		access(f, 6, base + 128ULL * i, 8, false);
	n = aether_pred_access(&f->p, 6, base + 128 * 100, 8, true, f->r, 4);
	KUNIT_ASSERT_EQ(test, n, 4U);
	id = f->r[0].stream;
	KUNIT_EXPECT_NE(test, id, 0U);
	/* depth 16: the other 12 blocks, nearest first, then nothing */
	n = aether_pred_more(&f->p, id, f->r, NR_OUT);
	KUNIT_ASSERT_EQ(test, n, 12U);
	KUNIT_EXPECT_EQ(test, f->r[0].sector, base + 128 * 105);
	KUNIT_EXPECT_EQ(test, f->r[11].sector, base + 128 * 116);
	check_ranges(test, f, n, base + 128 * 100, 8);
	KUNIT_EXPECT_EQ(test, aether_pred_more(&f->p, id, f->r, NR_OUT), 0U);
	KUNIT_EXPECT_EQ(test, aether_pred_more(&f->p, 0, f->r, NR_OUT), 0U);
}

static struct kunit_case aether_predict_cases[] = {
	KUNIT_CASE(predict_init),
	KUNIT_CASE(predict_policy),
	KUNIT_CASE(predict_max_depth_knob),
	KUNIT_CASE(predict_learns_forward_stride),
	KUNIT_CASE(predict_only_when_asked),
	KUNIT_CASE(predict_random_never),
	KUNIT_CASE(predict_no_repeat_and_lead),
	KUNIT_CASE(predict_lead_ramps),
	KUNIT_CASE(predict_overlapping_blocks),
	KUNIT_CASE(predict_backward_to_zero),
	KUNIT_CASE(predict_capacity),
	KUNIT_CASE(predict_skip_sequential),
	KUNIT_CASE(predict_tags_separate),
	KUNIT_CASE(predict_reread_and_forget),
	KUNIT_CASE(predict_feedback_depth),
	KUNIT_CASE(predict_trials),
	KUNIT_CASE(predict_max_out),
	KUNIT_CASE(predict_band_shift),
	KUNIT_CASE(predict_more),
	{}
};

static struct kunit_suite aether_predict_suite = {
	.name = "aether_predict",
	.test_cases = aether_predict_cases,
};

kunit_test_suite(aether_predict_suite);
