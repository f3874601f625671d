// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the event ring's index arithmetic (include/aether/evring.h):
 * accepted capacities, produce/peek/consume, slot wrap, overwrite of the
 * oldest unread event with its drop count, and a reader whose events were
 * overwritten while it copied them.
 */
#include <kunit/test.h>
#include <linux/kernel.h>

#include "../include/aether/evring.h"

static void evring_order(struct kunit *test)
{
	u32 o;

	for (o = AETHER_EVRING_MIN_ORDER; o <= AETHER_EVRING_MAX_ORDER; o++)
		KUNIT_EXPECT_EQ(test, aether_evring_order(1U << o), (int)o);
	KUNIT_EXPECT_EQ(test, aether_evring_order(0), -1);
	KUNIT_EXPECT_EQ(test, aether_evring_order(1), -1);
	KUNIT_EXPECT_EQ(test, aether_evring_order(1U << (AETHER_EVRING_MIN_ORDER - 1)), -1);
	KUNIT_EXPECT_EQ(test, aether_evring_order(1U << (AETHER_EVRING_MAX_ORDER + 1)), -1);
	KUNIT_EXPECT_EQ(test, aether_evring_order(100), -1);	/* not a power of two */
	KUNIT_EXPECT_EQ(test, aether_evring_order(65535), -1);
	KUNIT_EXPECT_EQ(test, aether_evring_order(U32_MAX), -1);
}

static void evring_init(struct kunit *test)
{
	struct aether_evring r;

	memset(&r, 0xa5, sizeof(r));
	aether_evring_init(&r, 8);
	KUNIT_EXPECT_EQ(test, r.order, 8U);
	KUNIT_EXPECT_EQ(test, r.head, 0ULL);
	KUNIT_EXPECT_EQ(test, r.tail, 0ULL);
	KUNIT_EXPECT_EQ(test, r.dropped, 0ULL);
	KUNIT_EXPECT_EQ(test, aether_evring_unread(&r), 0U);
	/* orders out of range are clamped, not trusted */
	aether_evring_init(&r, 0);
	KUNIT_EXPECT_EQ(test, r.order, (u32)AETHER_EVRING_MIN_ORDER);
	aether_evring_init(&r, 40);
	KUNIT_EXPECT_EQ(test, r.order, (u32)AETHER_EVRING_MAX_ORDER);
}

static void evring_produce_consume(struct kunit *test)
{
	struct aether_evring r;
	u64 lost, from;
	u32 i;

	aether_evring_init(&r, AETHER_EVRING_MIN_ORDER);
	for (i = 0; i < 10; i++) {
		KUNIT_EXPECT_EQ(test, aether_evring_produce(&r, &lost), (u64)i);
		KUNIT_EXPECT_EQ(test, lost, U64_MAX);
	}
	KUNIT_EXPECT_EQ(test, aether_evring_unread(&r), 10U);
	/* peek moves nothing */
	KUNIT_EXPECT_EQ(test, aether_evring_peek(&r, 4, &from), 4U);
	KUNIT_EXPECT_EQ(test, from, 0ULL);
	KUNIT_EXPECT_EQ(test, aether_evring_peek(&r, 4, &from), 4U);
	KUNIT_EXPECT_EQ(test, aether_evring_consume(&r, from + 4), 4U);
	KUNIT_EXPECT_EQ(test, aether_evring_peek(&r, 100, &from), 6U);
	KUNIT_EXPECT_EQ(test, from, 4ULL);
	/* consuming beyond head is clamped to head */
	KUNIT_EXPECT_EQ(test, aether_evring_consume(&r, 1000), 6U);
	KUNIT_EXPECT_EQ(test, r.tail, 10ULL);
	KUNIT_EXPECT_EQ(test, aether_evring_unread(&r), 0U);
	KUNIT_EXPECT_EQ(test, aether_evring_peek(&r, 100, &from), 0U);
	/* consuming what is already read moves nothing back */
	KUNIT_EXPECT_EQ(test, aether_evring_consume(&r, 3), 0U);
	KUNIT_EXPECT_EQ(test, r.tail, 10ULL);
	KUNIT_EXPECT_EQ(test, r.dropped, 0ULL);
}

static void evring_slot_wrap(struct kunit *test)
{
	struct aether_evring r;
	u64 lost, seq = 0;
	u32 i, bad = 0;

	aether_evring_init(&r, AETHER_EVRING_MIN_ORDER);
	for (i = 0; i < 1000; i++) {
		seq = aether_evring_produce(&r, &lost);
		bad += aether_evring_slot(&r, seq) != i % 64;
		aether_evring_consume(&r, seq + 1);
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
	KUNIT_EXPECT_EQ(test, r.dropped, 0ULL);
	KUNIT_EXPECT_EQ(test, aether_evring_slot(&r, 64), 0U);
	KUNIT_EXPECT_EQ(test, aether_evring_slot(&r, 1ULL << 40 | 5), 5U);
}

/* A full ring overwrites its oldest unread event and counts it dropped. */
static void evring_overwrite(struct kunit *test)
{
	struct aether_evring r;
	u64 lost, from;
	u32 i, bad = 0;

	aether_evring_init(&r, AETHER_EVRING_MIN_ORDER);
	for (i = 0; i < 64; i++)
		aether_evring_produce(&r, &lost);
	KUNIT_EXPECT_EQ(test, lost, U64_MAX);
	KUNIT_EXPECT_EQ(test, aether_evring_unread(&r), 64U);
	KUNIT_EXPECT_EQ(test, aether_evring_produce(&r, &lost), 64ULL);
	KUNIT_EXPECT_EQ(test, lost, 0ULL);
	KUNIT_EXPECT_EQ(test, r.dropped, 1ULL);
	for (i = 0; i < 100; i++) {
		u64 seq = aether_evring_produce(&r, &lost);

		/* the victim shares the new event's slot */
		bad += lost != seq - 64 ||
		       aether_evring_slot(&r, lost) != aether_evring_slot(&r, seq);
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
	KUNIT_EXPECT_EQ(test, r.dropped, 101ULL);
	KUNIT_EXPECT_EQ(test, aether_evring_unread(&r), 64U);
	KUNIT_EXPECT_EQ(test, aether_evring_peek(&r, 1000, &from), 64U);
	KUNIT_EXPECT_EQ(test, from, r.head - 64);
}

/*
 * A reader peeks, copies, and meanwhile writers lap it: consuming up to its
 * end must neither move tail backwards nor skip events that are still there.
 */
static void evring_reader_lapped(struct kunit *test)
{
	struct aether_evring r;
	u64 lost, from;
	u32 i, n;

	aether_evring_init(&r, AETHER_EVRING_MIN_ORDER);
	for (i = 0; i < 40; i++)
		aether_evring_produce(&r, &lost);
	n = aether_evring_peek(&r, 16, &from);		/* reader takes 0..15 */
	KUNIT_ASSERT_EQ(test, n, 16U);
	for (i = 0; i < 50; i++)			/* writers overwrite 0..25 */
		aether_evring_produce(&r, &lost);
	KUNIT_EXPECT_EQ(test, r.tail, 26ULL);
	KUNIT_EXPECT_EQ(test, aether_evring_consume(&r, from + n), 0U);
	KUNIT_EXPECT_EQ(test, r.tail, 26ULL);
	KUNIT_EXPECT_EQ(test, r.dropped, 26ULL);
	/* the reader sees the gap as a jump in sequence numbers */
	KUNIT_EXPECT_EQ(test, aether_evring_peek(&r, 1, &from), 1U);
	KUNIT_EXPECT_EQ(test, from, 26ULL);
}

/* invariants under an irregular mix of writes and partial reads */
static void evring_invariants(struct kunit *test)
{
	struct aether_evring r;
	u64 lost, from, s = 1, produced = 0, consumed = 0;
	u32 i, bad = 0;

	aether_evring_init(&r, 7);
	for (i = 0; i < 20000; i++) {
		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		if ((s >> 60) < 15) {
			aether_evring_produce(&r, &lost);
			produced++;
		} else {
			u32 n = aether_evring_peek(&r, (u32)(s >> 40) % 20, &from);

			consumed += aether_evring_consume(&r, from + n);
		}
		bad += aether_evring_unread(&r) > 128 || r.tail > r.head ||
		       r.head != produced ||
		       r.tail != consumed + r.dropped;
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
	KUNIT_EXPECT_GT(test, r.dropped, 0ULL);
	KUNIT_EXPECT_GT(test, consumed, 0ULL);
}

static struct kunit_case aether_evring_cases[] = {
	KUNIT_CASE(evring_order),
	KUNIT_CASE(evring_init),
	KUNIT_CASE(evring_produce_consume),
	KUNIT_CASE(evring_slot_wrap),
	KUNIT_CASE(evring_overwrite),
	KUNIT_CASE(evring_reader_lapped),
	KUNIT_CASE(evring_invariants),
	{}
};

static struct kunit_suite aether_evring_suite = {
	.name = "aether_evring",
	.test_cases = aether_evring_cases,
};

kunit_test_suite(aether_evring_suite);
