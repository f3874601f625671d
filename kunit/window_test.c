// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of a device's decision window (include/aether/window.h): the
 * accepted sizes, the golden files' windowing (row i sees the last N LBAs,
 * fewer at the start), its wrap, and how reads are recorded (contiguous
 * reads as 4 KiB steps, others by their true, wrapping, distance).
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#include "../include/aether/window.h"

static struct aether_window *new_window(struct kunit *test, u32 size)
{
	struct aether_window *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, w);
	aether_window_init(w, size);
	return w;
}

static void window_sizes(struct kunit *test)
{
	struct aether_window *w = new_window(test, AETHER_WINDOW_DEFAULT);

	KUNIT_EXPECT_FALSE(test, aether_window_size_valid(0));
	KUNIT_EXPECT_FALSE(test, aether_window_size_valid(AETHER_WINDOW_MIN - 1));
	KUNIT_EXPECT_TRUE(test, aether_window_size_valid(AETHER_WINDOW_MIN));
	KUNIT_EXPECT_TRUE(test, aether_window_size_valid(AETHER_WINDOW_DEFAULT));
	KUNIT_EXPECT_TRUE(test, aether_window_size_valid(AETHER_WINDOW_MAX));
	KUNIT_EXPECT_FALSE(test, aether_window_size_valid(AETHER_WINDOW_MAX + 1));
	KUNIT_EXPECT_FALSE(test, aether_window_size_valid(U32_MAX));
	KUNIT_EXPECT_EQ(test, w->size, (u32)AETHER_WINDOW_DEFAULT);
	KUNIT_EXPECT_EQ(test, w->fill, 0U);
	aether_window_init(w, 0);
	KUNIT_EXPECT_EQ(test, w->size, 1U);
	aether_window_init(w, 1000);
	KUNIT_EXPECT_EQ(test, w->size, (u32)AETHER_WINDOW_MAX);
}

/* row i sees lba[max(0, i - N + 1) .. i], for every N the knob accepts */
static void window_golden_windowing(struct kunit *test)
{
	struct aether_window *w = new_window(test, 1);
	u32 n, i, bad = 0;

	for (n = 1; n <= AETHER_WINDOW_MAX; n++) {
		aether_window_init(w, n);
		for (i = 0; i < 3 * AETHER_WINDOW_MAX + 7; i++) {
			u64 lba = 1000 + 8ULL * i * i, first;
			u32 len = aether_window_push(w, lba, &first);
			u32 lo = i + 1 > n ? i + 1 - n : 0;

			bad += len != i - lo + 1 || first != 1000 + 8ULL * lo * lo;
		}
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

static void window_push_io(struct kunit *test)
{
	struct aether_window *w = new_window(test, 4);
	u64 first, last;

	/* the first read is recorded as its sector */
	KUNIT_EXPECT_EQ(test, aether_window_push_io(w, 5000, 8, &first, &last), 1U);
	KUNIT_EXPECT_EQ(test, last, 5000ULL);
	KUNIT_EXPECT_EQ(test, first, 5000ULL);
	/* a read that continues it, however long, is a 4 KiB step */
	aether_window_push_io(w, 5008, 256, &first, &last);
	KUNIT_EXPECT_EQ(test, last, 5000ULL + AETHER_WINDOW_SEQ_STEP);
	aether_window_push_io(w, 5264, 512, &first, &last);
	KUNIT_EXPECT_EQ(test, last, 5000ULL + 2 * AETHER_WINDOW_SEQ_STEP);
	/* a gap is recorded by the true distance from the previous read */
	aether_window_push_io(w, 9000, 8, &first, &last);
	KUNIT_EXPECT_EQ(test, last, 5016ULL + (9000 - 5264));
	KUNIT_EXPECT_EQ(test, first, 5000ULL);
	/* backwards wraps like the kernel's u64 arithmetic */
	KUNIT_EXPECT_EQ(test, aether_window_push_io(w, 100, 8, &first, &last), 4U);
	KUNIT_EXPECT_EQ(test, last, 5016ULL + (9000 - 5264) + (100 - 9000));
	KUNIT_EXPECT_EQ(test, first, 5008ULL);
}

/* For 4 KiB reads the recorded LBAs are the sectors themselves. */
static void window_push_io_identity(struct kunit *test)
{
	struct aether_window *a = new_window(test, AETHER_WINDOW_DEFAULT);
	struct aether_window *b = new_window(test, AETHER_WINDOW_DEFAULT);
	u64 s = 17, sector = 1 << 20;
	u32 i, bad = 0;

	for (i = 0; i < 500; i++) {
		u64 f1, f2, last;
		u32 l1, l2;

		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		/* sequential, strided and random 4 KiB reads mixed */
		sector = (s >> 62) == 0 ? (s >> 30) & ~7ULL :
			 (s >> 62) == 1 ? sector + 128 : sector + 8;
		l1 = aether_window_push_io(a, sector, 8, &f1, &last);
		l2 = aether_window_push(b, sector, &f2);
		bad += l1 != l2 || f1 != f2 || last != sector;
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

static struct kunit_case aether_window_cases[] = {
	KUNIT_CASE(window_sizes),
	KUNIT_CASE(window_golden_windowing),
	KUNIT_CASE(window_push_io),
	KUNIT_CASE(window_push_io_identity),
	{}
};

static struct kunit_suite aether_window_suite = {
	.name = "aether_window",
	.test_cases = aether_window_cases,
};

kunit_test_suite(aether_window_suite);
