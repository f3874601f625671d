// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the history predictor (include/aether/history.h) built with
 * the kernel's flags: table sizes refused without a change, a sequence read
 * again by another task predicted after its trials and only then, random
 * reads never predicted, 16 threads of one program each predicted, a run
 * predicted as one block, two sequences through one block not spliced,
 * page feedback suspending, and the depth knob.
 * Broader scenarios are in tools/testing/test_history.c.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "../include/aether/history.h"

#define NR_ENTRIES	4096
#define NR_OUT		64
#define SEQ_LEN		300

struct fixture {
	struct aether_hist h;
	struct aether_hist_entry e[NR_ENTRIES];
	struct aether_hist_pred out[NR_OUT];
	u64 seq[SEQ_LEN];
};

/* About 140 KiB: off the test thread's stack. */
static struct fixture *new_fixture(struct kunit *test)
{
	struct fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f);
	KUNIT_ASSERT_EQ(test, aether_hist_init(&f->h, f->e, NR_ENTRIES,
					       AETHER_HIST_DEPTH_DEFAULT), 0);
	return f;
}

/* Distinct, stride-free blocks (8 sectors) from a fixed LCG. */
static void make_seq(struct fixture *f, u64 seed)
{
	u64 x = seed;
	u32 i;

	for (i = 0; i < SEQ_LEN; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		f->seq[i] = (x >> 20) & ~7ULL;
	}
}

static u32 access(struct fixture *f, u32 tag, u64 addr, bool predict)
{
	return aether_hist_access(&f->h, tag, 0, addr, 8, predict, f->out, NR_OUT);
}

static void history_init(struct kunit *test)
{
	struct fixture *f = new_fixture(test);
	struct aether_hist before = f->h;

	KUNIT_EXPECT_EQ(test, aether_hist_init(&f->h, f->e, 1000, 64), -1);
	KUNIT_EXPECT_EQ(test, aether_hist_init(&f->h, f->e, AETHER_HIST_ENTRIES_MIN / 2, 64), -1);
	KUNIT_EXPECT_EQ(test, aether_hist_init(&f->h, NULL, NR_ENTRIES, 64), -1);
	KUNIT_EXPECT_EQ(test, memcmp(&before, &f->h, sizeof(before)), 0);
	KUNIT_EXPECT_EQ(test, sizeof(struct aether_hist_entry), (size_t)AETHER_HIST_ENTRY_BYTES);
	KUNIT_EXPECT_EQ(test, f->h.depth, (u32)AETHER_HIST_DEPTH_INIT);
	KUNIT_EXPECT_EQ(test, aether_hist_set_max_depth(&f->h, 0), -1);
	KUNIT_EXPECT_EQ(test, aether_hist_set_max_depth(&f->h, AETHER_HIST_DEPTH_MAX + 1), -1);
	KUNIT_EXPECT_EQ(test, f->h.max_depth, (u32)AETHER_HIST_DEPTH_DEFAULT);
	KUNIT_EXPECT_EQ(test, aether_hist_set_max_depth(&f->h, 4), 0);
	KUNIT_EXPECT_EQ(test, f->h.depth, 4U);
	KUNIT_EXPECT_EQ(test, f->h.max_span, (u32)AETHER_HIST_SPAN_DEFAULT);
	KUNIT_EXPECT_EQ(test, aether_hist_set_max_span(&f->h, 0), -1);
	KUNIT_EXPECT_EQ(test, aether_hist_set_max_span(&f->h, AETHER_HIST_SPAN_MAX + 1), -1);
	KUNIT_EXPECT_EQ(test, f->h.max_span, (u32)AETHER_HIST_SPAN_DEFAULT);
	KUNIT_EXPECT_EQ(test, aether_hist_set_max_span(&f->h, 64), 0);
	KUNIT_EXPECT_EQ(test, f->h.max_span, 64U);
}

/*
 * Task 1 reads the sequence; task 2 reads it again, showing the predictor
 * only its misses.  Nothing is predicted during the trials, then only
 * blocks of the sequence, in its order.
 */
static void history_repeat(struct kunit *test)
{
	struct fixture *f = new_fixture(test);
	u32 i, j, n, misses = 0, pos = 0;
	bool ok = true;

	make_seq(f, 1);
	for (i = 0; i < SEQ_LEN; i++)
		access(f, 1, f->seq[i], true);
	KUNIT_EXPECT_EQ(test, f->h.predicted, 0ULL);
	for (i = 0; i < SEQ_LEN; i++) {
		if (i < pos)
			continue;	/* predicted: served from the cache */
		misses++;
		n = access(f, 2, f->seq[i], true);
		if (i < AETHER_HIST_TRIAL_BATCH)
			KUNIT_EXPECT_EQ(test, n, 0U);
		for (j = 0; j < n; j++)
			ok &= i + 1 + j < SEQ_LEN && f->out[j].addr == f->seq[i + 1 + j];
		pos = i + 1 + n;
	}
	KUNIT_EXPECT_TRUE(test, ok);
	/* the trials, then one miss per chain of AETHER_HIST_DEPTH_INIT */
	KUNIT_EXPECT_LE(test, misses,
			AETHER_HIST_TRIAL_BATCH + 2 + SEQ_LEN / AETHER_HIST_DEPTH_INIT);
}

static void history_random_never(struct kunit *test)
{
	struct fixture *f = new_fixture(test);
	u32 i;

	for (i = 0; i < 20000; i++)
		access(f, 1, (u64)(get_random_u32() % 1000) * 8, true);
	KUNIT_EXPECT_EQ(test, f->h.predicted, 0ULL);
}

/*
 * 16 threads of one program (git status's lstat threads) take turns, read
 * by read, each on a sequence of its own; run 2 has new pids.  Each keeps
 * its context, passes its trials and is predicted, only its own blocks.
 */
#define NR_THREADS	16
#define THREAD_LEN	(SEQ_LEN / NR_THREADS)
static void history_threads(struct kunit *test)
{
	struct fixture *f = new_fixture(test);
	u32 pos[NR_THREADS] = { 0 }, got[NR_THREADS] = { 0 };
	u32 i, j, t, n;
	bool ok = true;

	make_seq(f, 3);
	for (i = 0; i < THREAD_LEN; i++)
		for (t = 0; t < NR_THREADS; t++)
			access(f, 300 + t, f->seq[t * THREAD_LEN + i], true);
	for (i = 0; i < THREAD_LEN; i++) {
		for (t = 0; t < NR_THREADS; t++) {
			if (i < pos[t])
				continue;	/* predicted: served from the cache */
			n = access(f, 330 + t, f->seq[t * THREAD_LEN + i], true);
			for (j = 0; j < n; j++)
				ok &= i + 1 + j < THREAD_LEN &&
				      f->out[j].addr == f->seq[t * THREAD_LEN + i + 1 + j];
			pos[t] = i + 1 + n;
			got[t] += n;
		}
	}
	KUNIT_EXPECT_TRUE(test, ok);
	for (t = 0; t < NR_THREADS; t++)
		KUNIT_EXPECT_GT(test, got[t], 0U);
}

/* A file read in pieces is one run: one entry, predicted as one block. */
static void history_runs(struct kunit *test)
{
	struct fixture *f = new_fixture(test);
	u32 i, k, n = 0;

	for (k = 0; k < 3 * AETHER_HIST_TRIAL_BATCH; k++) {
		access(f, 1, 5000, true);
		for (i = 0; i < 10; i++)
			access(f, 1, 100000 + 8 * i, true);
		access(f, 1, 900000, true);
	}
	KUNIT_EXPECT_EQ(test, f->h.learnt, 3ULL);
	n = access(f, 1, 5000, true);
	KUNIT_ASSERT_GE(test, n, 1U);
	KUNIT_EXPECT_EQ(test, f->out[0].addr, 100000ULL);
	KUNIT_EXPECT_EQ(test, f->out[0].len, 80U);
}

/* Two sequences through one block: the first is not continued by the second. */
static void history_shared_block(struct kunit *test)
{
	static const u64 s1[] = { 10000, 20000, 55555, 30000 };
	static const u64 s2[] = { 50000, 60000, 55555, 70000, 99999 };
	struct fixture *f = new_fixture(test);
	u32 i, n;

	for (i = 0; i < ARRAY_SIZE(s1); i++)
		access(f, 1, s1[i], false);
	for (i = 0; i < ARRAY_SIZE(s2); i++)
		access(f, 2, s2[i], false);
	/* make task 3 trusted on a pattern of its own */
	for (i = 0; i < 4 * AETHER_HIST_TRIAL_BATCH; i++)
		access(f, 3, (1ULL << 40) + (i % 7) * 1000, false);
	access(f, 3, 5, false);
	access(f, 3, s1[0], false);
	n = access(f, 3, s1[1], true);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_NE(test, f->out[i].addr, 70000ULL);
}

static void history_feedback(struct kunit *test)
{
	struct fixture *f = new_fixture(test);

	aether_hist_feedback(&f->h, AETHER_HIST_FEEDBACK_BATCH, 0);
	KUNIT_EXPECT_EQ(test, f->h.depth, 2U * AETHER_HIST_DEPTH_INIT);
	aether_hist_feedback(&f->h, 10, AETHER_HIST_FEEDBACK_BATCH - 10);
	KUNIT_EXPECT_EQ(test, f->h.depth, 0U);
	KUNIT_EXPECT_EQ(test, f->h.suspensions, 1ULL);
}

static struct kunit_case aether_history_cases[] = {
	KUNIT_CASE(history_init),
	KUNIT_CASE(history_repeat),
	KUNIT_CASE(history_random_never),
	KUNIT_CASE(history_threads),
	KUNIT_CASE(history_runs),
	KUNIT_CASE(history_shared_block),
	KUNIT_CASE(history_feedback),
	{}
};

static struct kunit_suite aether_history_suite = {
	.name = "aether_history",
	.test_cases = aether_history_cases,
};

kunit_test_suite(aether_history_suite);
