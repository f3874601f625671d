// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the POVM decision kernel (include/aether/povm.h): presets
 * and their validation, the initial state, windows of 0, 1 and 2 LBAs, the
 * unsigned wrap of last - first, saturation on huge deltas, the clamps on
 * epsilon and phi, and the counters.  Conformance over long streams is in
 * golden_test.c.
 *
 * Reference rows quoted below come from tools/testing/golden/seq-<preset>-
 * w16.csv (rows 0 and 1: windows {1000000} and {1000000, 1000008}), rounded
 * to Q27 (Q16 for features).
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "../include/aether/povm.h"

#define TOL_2E3		268435		/* 2e-3 in Q27: the conformance bound */
#define FEAT(x)		((u64)(x) << AETHER_FEAT_Q)
#define EPS_LO		AETHER_QC(1, 10)	/* epsilon's clamp */
#define EPS_HI		AETHER_QC(9, 10)

static s64 absdiff(s64 a, s64 b)
{
	return a > b ? a - b : b - a;
}

/* Fresh kernel with all padding zeroed, so whole states compare by memcmp. */
static void init_zeroed(struct aether_povm *k, const struct aether_params *p)
{
	memset(k, 0, sizeof(*k));
	aether_povm_init(k, p);
}

static bool cycle(struct aether_povm *k, u64 first, u64 last, u32 len,
		  struct aether_cycle *c)
{
	memset(c, 0, sizeof(*c));
	return aether_povm_cycle(k, first, last, len, c);
}

/* a fixed LCG: random 4 KiB-aligned LBAs over 1 TiB */
static u64 lcg_next(u64 *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (*s >> 24) & ~7ULL & ((1ULL << 31) - 1);
}

static void povm_presets_values(struct kunit *test)
{
	/* DESIGN.md's presets, round(x * 2^27) */
	static const s32 want[AETHER_NR_PRESETS][6] = {
		[AETHER_PRESET_DEFAULT] = { 67108864, 13421773, 13421773,
					    26843546, 40265318, 6710886 },
		[AETHER_PRESET_HFT] = { 87241523, 6710886, 4026532,
					10737418, 20132659, -2684355 },
		[AETHER_PRESET_GAMING] = { 53687091, 26843546, 20132659,
					   33554432, 46976205, 6710886 },
	};
	int i;

	for (i = 0; i < AETHER_NR_PRESETS; i++) {
		const struct aether_params *p = &aether_presets[i];

		/* within one step: the constants are rounded at compile time */
		KUNIT_EXPECT_LE(test, absdiff(p->epsilon, want[i][0]), 1);
		KUNIT_EXPECT_LE(test, absdiff(p->phi, want[i][1]), 1);
		KUNIT_EXPECT_LE(test, absdiff(p->lambda[0], want[i][2]), 1);
		KUNIT_EXPECT_LE(test, absdiff(p->lambda[1], want[i][3]), 1);
		KUNIT_EXPECT_LE(test, absdiff(p->lambda[2], want[i][4]), 1);
		KUNIT_EXPECT_LE(test, absdiff(p->bias, want[i][5]), 1);
		KUNIT_EXPECT_TRUE(test, aether_params_valid(p));
	}
}

static void povm_preset_find(struct kunit *test)
{
	int i;

	for (i = 0; i < AETHER_NR_PRESETS; i++)
		KUNIT_EXPECT_EQ(test, aether_preset_find(aether_preset_names[i],
							 strlen(aether_preset_names[i])), i);
	KUNIT_EXPECT_EQ(test, aether_preset_find("hft", 3), AETHER_PRESET_HFT);
	/* len bounds the name: "gaming\n" with len 6 is gaming */
	KUNIT_EXPECT_EQ(test, aether_preset_find("gaming\n", 6), AETHER_PRESET_GAMING);
	KUNIT_EXPECT_EQ(test, aether_preset_find("gaming\n", 7), -1);
	KUNIT_EXPECT_EQ(test, aether_preset_find("hf", 2), -1);
	KUNIT_EXPECT_EQ(test, aether_preset_find("hftx", 4), -1);
	KUNIT_EXPECT_EQ(test, aether_preset_find("HFT", 3), -1);
	KUNIT_EXPECT_EQ(test, aether_preset_find("", 0), -1);
	KUNIT_EXPECT_EQ(test, aether_preset_find("default", 3), -1);
}

static void povm_params_valid(struct kunit *test)
{
	struct aether_params p = aether_presets[AETHER_PRESET_DEFAULT];
	struct aether_params q;
	int i;

	/* every range is inclusive at both ends */
	q = p;
	q.epsilon = AETHER_EPSILON_MIN;
	KUNIT_EXPECT_TRUE(test, aether_params_valid(&q));
	q.epsilon = AETHER_EPSILON_MAX;
	KUNIT_EXPECT_TRUE(test, aether_params_valid(&q));
	q.epsilon = AETHER_EPSILON_MAX + 1;
	KUNIT_EXPECT_FALSE(test, aether_params_valid(&q));
	q.epsilon = AETHER_EPSILON_MIN - 1;
	KUNIT_EXPECT_FALSE(test, aether_params_valid(&q));

	q = p;
	q.phi = -AETHER_PHI_LIMIT;
	KUNIT_EXPECT_TRUE(test, aether_params_valid(&q));
	q.phi = AETHER_PHI_LIMIT + 1;
	KUNIT_EXPECT_FALSE(test, aether_params_valid(&q));
	q.phi = -AETHER_PHI_LIMIT - 1;
	KUNIT_EXPECT_FALSE(test, aether_params_valid(&q));

	q = p;
	q.bias = AETHER_BIAS_LIMIT;
	KUNIT_EXPECT_TRUE(test, aether_params_valid(&q));
	q.bias = -AETHER_BIAS_LIMIT - 1;
	KUNIT_EXPECT_FALSE(test, aether_params_valid(&q));

	for (i = 0; i < 3; i++) {
		q = p;
		q.lambda[i] = -AETHER_LAMBDA_LIMIT;
		KUNIT_EXPECT_TRUE(test, aether_params_valid(&q));
		q.lambda[i] = AETHER_LAMBDA_LIMIT + 1;
		KUNIT_EXPECT_FALSE(test, aether_params_valid(&q));
		q.lambda[i] = S32_MIN;
		KUNIT_EXPECT_FALSE(test, aether_params_valid(&q));
	}
}

static void povm_init_state(struct kunit *test)
{
	int i;

	for (i = 0; i < AETHER_NR_PRESETS; i++) {
		const struct aether_params *p = &aether_presets[i];
		struct aether_povm k;

		memset(&k, 0xa5, sizeof(k));	/* init must not rely on zeroed memory */
		aether_povm_init(&k, p);
		KUNIT_EXPECT_EQ(test, k.phi, p->phi);
		KUNIT_EXPECT_EQ(test, k.epsilon, p->epsilon);
		KUNIT_EXPECT_EQ(test, k.params.bias, p->bias);
		KUNIT_EXPECT_EQ(test, k.params.lambda[2], p->lambda[2]);
		KUNIT_EXPECT_EQ(test, k.cycles, 0ULL);
		KUNIT_EXPECT_EQ(test, k.prefetches, 0ULL);
		KUNIT_EXPECT_EQ(test, k.dsp.count, 0ULL);
		KUNIT_EXPECT_EQ(test, aether_povm_ratio(&k), 0);
	}
}

/*
 * A window of 0 or 1 LBA has no delta: all-zero features, no DSP update,
 * yet measurement and adaptation run (the reference's row 0).
 */
static void povm_window_short(struct kunit *test)
{
	static const s32 row0[AETHER_NR_PRESETS][3] = {	/* fetch, phi, eps */
		[AETHER_PRESET_DEFAULT] = { 0, 30413237, 65768920 },
		[AETHER_PRESET_HFT] = { 0, 13914432, 87040277 },
		[AETHER_PRESET_GAMING] = { 1, 45383420, 49687349 },
	};
	int i, f;

	for (i = 0; i < AETHER_NR_PRESETS; i++) {
		struct aether_povm k0, k1;
		struct aether_cycle c0, c1;
		u64 lba = 1000000;

		init_zeroed(&k0, &aether_presets[i]);
		init_zeroed(&k1, &aether_presets[i]);
		cycle(&k0, 0, 0, 0, &c0);
		memset(&c1, 0, sizeof(c1));
		aether_povm_window(&k1, &lba, 1, &c1);

		for (f = 0; f < AETHER_NR_FEATURES; f++)
			KUNIT_EXPECT_EQ(test, c1.features[f], 0ULL);
		KUNIT_EXPECT_EQ(test, k1.dsp.count, 0ULL);
		KUNIT_EXPECT_EQ(test, k1.cycles, 1ULL);
		KUNIT_EXPECT_EQ(test, (int)c1.fetch, row0[i][0]);
		KUNIT_EXPECT_LE(test, absdiff(c1.phi, row0[i][1]), TOL_2E3);
		KUNIT_EXPECT_LE(test, absdiff(c1.epsilon, row0[i][2]), TOL_2E3);
		/* bloch (-4.8912596e-3, 0, 9.982952e-1) */
		KUNIT_EXPECT_LE(test, absdiff(c1.bloch[0], -656494), TOL_2E3);
		KUNIT_EXPECT_LE(test, absdiff(c1.bloch[1], 0), TOL_2E3);
		KUNIT_EXPECT_LE(test, absdiff(c1.bloch[2], 133988914), TOL_2E3);
		/* 0 and 1 LBA are the same window to the kernel */
		KUNIT_EXPECT_EQ(test, memcmp(&c0, &c1, sizeof(c0)), 0);
		KUNIT_EXPECT_EQ(test, memcmp(&k0, &k1, sizeof(k0)), 0);
	}
}

/* Two LBAs: the first real delta (reference row 1). */
static void povm_window_two(struct kunit *test)
{
	static const s32 row1[AETHER_NR_PRESETS][3] = {
		[AETHER_PRESET_DEFAULT] = { 0, 44162232, 63307184 },
		[AETHER_PRESET_HFT] = { 0, 20503305, 86792672 },
		[AETHER_PRESET_GAMING] = { 1, 59255165, 43814827 },
	};
	int i;

	for (i = 0; i < AETHER_NR_PRESETS; i++) {
		static const u64 lba[2] = { 1000000, 1000008 };
		struct aether_povm k;
		struct aether_cycle c;

		init_zeroed(&k, &aether_presets[i]);
		aether_povm_window(&k, lba, 1, NULL);
		memset(&c, 0, sizeof(c));
		aether_povm_window(&k, lba, 2, &c);

		KUNIT_EXPECT_EQ(test, c.features[AETHER_F_DELTA], FEAT(8));
		KUNIT_EXPECT_EQ(test, c.features[AETHER_F_VELOCITY], FEAT(4));
		/* one sample has no variance */
		KUNIT_EXPECT_EQ(test, c.features[AETHER_F_VARIANCE], 0ULL);
		/* sqrt(0.05 * 8^2) through the f32 fast_sqrt: 1.7884077 */
		KUNIT_EXPECT_LE(test, absdiff(c.features[AETHER_F_SPECTRUM], 117205), 117);
		KUNIT_EXPECT_EQ(test, c.features[AETHER_F_HISTORY], 52429ULL);	/* 0.8 */
		/* the entropy ring is not full yet: context clamps to 10 */
		KUNIT_EXPECT_EQ(test, c.features[AETHER_F_CONTEXT], FEAT(10));
		KUNIT_EXPECT_LE(test, absdiff(c.bloch[0], 18979502), TOL_2E3);
		KUNIT_EXPECT_LE(test, absdiff(c.bloch[1], 5654042), TOL_2E3);
		KUNIT_EXPECT_LE(test, absdiff(c.bloch[2], 132518948), TOL_2E3);
		KUNIT_EXPECT_EQ(test, (int)c.fetch, row1[i][0]);
		KUNIT_EXPECT_LE(test, absdiff(c.phi, row1[i][1]), TOL_2E3);
		KUNIT_EXPECT_LE(test, absdiff(c.epsilon, row1[i][2]), TOL_2E3);
		KUNIT_EXPECT_EQ(test, k.dsp.count, 1ULL);
		KUNIT_EXPECT_EQ(test, k.cycles, 2ULL);
	}
}

/* The kernel reads only a window's first and last LBA, and its length >= 2. */
static void povm_window_first_last_only(struct kunit *test)
{
	static const u64 long_win[] = { 5000, 1, 999999999, 77, 5064 };
	static const u64 short_win[] = { 5000, 5064 };
	struct aether_povm a, b;
	struct aether_cycle ca, cb;
	int i;

	init_zeroed(&a, &aether_presets[AETHER_PRESET_DEFAULT]);
	init_zeroed(&b, &aether_presets[AETHER_PRESET_DEFAULT]);
	for (i = 0; i < 20; i++) {
		memset(&ca, 0, sizeof(ca));
		memset(&cb, 0, sizeof(cb));
		aether_povm_window(&a, long_win, ARRAY_SIZE(long_win), &ca);
		aether_povm_window(&b, short_win, ARRAY_SIZE(short_win), &cb);
		KUNIT_EXPECT_EQ(test, memcmp(&ca, &cb, sizeof(ca)), 0);
	}
	KUNIT_EXPECT_EQ(test, memcmp(&a, &b, sizeof(a)), 0);
	KUNIT_EXPECT_EQ(test, ca.features[AETHER_F_DELTA], FEAT(64));
}

/* last - first is unsigned and wraps: only the difference matters */
static void povm_delta_wrap(struct kunit *test)
{
	struct aether_povm a, b;
	struct aether_cycle ca, cb;

	/* backward by 8: delta 2^64 - 8, saturated in the Q48.16 report */
	init_zeroed(&a, &aether_presets[AETHER_PRESET_DEFAULT]);
	init_zeroed(&b, &aether_presets[AETHER_PRESET_DEFAULT]);
	cycle(&a, 100, 92, 2, &ca);
	cycle(&b, 0, U64_MAX - 7, 2, &cb);
	KUNIT_EXPECT_EQ(test, ca.features[AETHER_F_DELTA], U64_MAX);
	KUNIT_EXPECT_EQ(test, ca.features[AETHER_F_VELOCITY], U64_MAX);
	KUNIT_EXPECT_EQ(test, memcmp(&ca, &cb, sizeof(ca)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(&a, &b, sizeof(a)), 0);

	/* forward across 2^64: delta 8, as from 0 to 8 */
	init_zeroed(&a, &aether_presets[AETHER_PRESET_HFT]);
	init_zeroed(&b, &aether_presets[AETHER_PRESET_HFT]);
	cycle(&a, U64_MAX - 3, 4, 2, &ca);
	cycle(&b, 0, 8, 2, &cb);
	KUNIT_EXPECT_EQ(test, ca.features[AETHER_F_DELTA], FEAT(8));
	KUNIT_EXPECT_EQ(test, memcmp(&ca, &cb, sizeof(ca)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(&a, &b, sizeof(a)), 0);
}

/*
 * Deltas near 2^64 overflow every f32 the reference keeps (its variance
 * becomes inf); the port saturates the reported features and keeps
 * deciding with phi and epsilon in range.
 */
static void povm_huge_delta_saturation(struct kunit *test)
{
	struct aether_povm k;
	struct aether_cycle c;
	int i;

	init_zeroed(&k, &aether_presets[AETHER_PRESET_GAMING]);
	cycle(&k, 0, U64_MAX, 2, &c);
	KUNIT_EXPECT_EQ(test, c.features[AETHER_F_DELTA], U64_MAX);
	KUNIT_EXPECT_EQ(test, c.features[AETHER_F_VARIANCE], 0ULL);
	for (i = 0; i < 200; i++) {
		u64 last = i & 1 ? U64_MAX : 1ULL << 62;

		cycle(&k, 0, last, 2, &c);
		/* variance ~2^123 and spectrum ~2^61: pinned, never wrapped */
		KUNIT_EXPECT_EQ(test, c.features[AETHER_F_VARIANCE], U64_MAX);
		KUNIT_EXPECT_GE(test, c.features[AETHER_F_SPECTRUM], FEAT(1ULL << 40));
		KUNIT_EXPECT_LE(test, c.features[AETHER_F_CONTEXT], FEAT(10));
		KUNIT_EXPECT_GE(test, c.epsilon, EPS_LO);
		KUNIT_EXPECT_LE(test, c.epsilon, EPS_HI);
		KUNIT_EXPECT_LT(test, absdiff(c.phi, 0), AETHER_2PI_F32);
		KUNIT_EXPECT_GE(test, c.p_fetch, 0);
		KUNIT_EXPECT_LE(test, c.p_fetch, AETHER_ONE);
		if (test->status == KUNIT_FAILURE)	/* one report is enough */
			break;
	}
	KUNIT_EXPECT_EQ(test, k.dsp.count, 201ULL);
}

/* With the largest threshold rate epsilon swings onto its clamps. */
static void povm_epsilon_clamped(struct kunit *test)
{
	struct aether_params p = aether_presets[AETHER_PRESET_DEFAULT];
	aether_q lo = AETHER_ONE, hi = 0;
	struct aether_povm k;
	struct aether_cycle c;
	u64 seed = 1, first = 0;
	int i;

	for (i = 0; i < 2; i++) {
		u32 n;

		p.lambda[0] = i ? -AETHER_LAMBDA_LIMIT : AETHER_LAMBDA_LIMIT;
		KUNIT_ASSERT_TRUE(test, aether_params_valid(&p));
		init_zeroed(&k, &p);
		for (n = 0; n < 256; n++) {
			u64 last = n & 1 ? lcg_next(&seed) : first + 8;

			cycle(&k, first, last, 16, &c);
			first = last;
			lo = min(lo, c.epsilon);
			hi = max(hi, c.epsilon);
		}
	}
	/* 0.1 and 0.9 (the reference's f32 constants) within a few steps */
	KUNIT_EXPECT_LE(test, absdiff(lo, EPS_LO), 4);
	KUNIT_EXPECT_LE(test, absdiff(hi, EPS_HI), 4);
}

/* phi = fmod(phi + l2 o2, 2 pi): the remainder keeps phi's sign */
static void povm_phi_wraps(struct kunit *test)
{
	struct aether_params p = aether_presets[AETHER_PRESET_DEFAULT];
	struct aether_povm k;
	struct aether_cycle c;
	u64 seed = 7, first = 0;
	u32 n;

	/* with a basis rate of 0, a start of +-8 wraps once to +-(8 - 2 pi) */
	p.lambda[1] = 0;
	p.phi = AETHER_PHI_LIMIT;
	init_zeroed(&k, &p);
	cycle(&k, 0, 64, 2, &c);
	KUNIT_EXPECT_EQ(test, c.phi, AETHER_PHI_LIMIT - AETHER_2PI_F32);
	cycle(&k, 64, 128, 2, &c);
	KUNIT_EXPECT_EQ(test, c.phi, AETHER_PHI_LIMIT - AETHER_2PI_F32);
	p.phi = -AETHER_PHI_LIMIT;
	init_zeroed(&k, &p);
	cycle(&k, 0, 64, 2, &c);
	KUNIT_EXPECT_EQ(test, c.phi, -AETHER_PHI_LIMIT + AETHER_2PI_F32);

	/* with the largest rate, random input never takes it to 2 pi */
	p.lambda[1] = AETHER_LAMBDA_LIMIT;
	init_zeroed(&k, &p);
	for (n = 0; n < 512; n++) {
		u64 last = lcg_next(&seed);

		cycle(&k, first, last, 16, &c);
		first = last;
		KUNIT_EXPECT_LT(test, absdiff(c.phi, 0), AETHER_2PI_F32);
		if (test->status == KUNIT_FAILURE)
			break;
	}
}

static void povm_counters(struct kunit *test)
{
	struct aether_povm k;
	u64 seed = 3, fetches = 0, first = 0;
	u32 n;

	init_zeroed(&k, &aether_presets[AETHER_PRESET_HFT]);
	for (n = 0; n < 300; n++) {
		u64 last = n % 3 ? first + 8 : lcg_next(&seed);

		/* windows of every length count, short ones included */
		fetches += aether_povm_cycle(&k, first, last, n % 4, NULL);
		first = last;
	}
	KUNIT_EXPECT_EQ(test, k.cycles, 300ULL);
	KUNIT_EXPECT_EQ(test, k.prefetches, fetches);
	KUNIT_EXPECT_GT(test, fetches, 0ULL);
	KUNIT_EXPECT_LT(test, fetches, 300ULL);
	/* prefetches / cycles in Q27, rounded down */
	KUNIT_EXPECT_EQ(test, aether_povm_ratio(&k),
			(aether_q)div64_u64(fetches << AETHER_Q, 300));
}

static void povm_ratio(struct kunit *test)
{
	struct aether_povm k;

	init_zeroed(&k, &aether_presets[AETHER_PRESET_DEFAULT]);
	KUNIT_EXPECT_EQ(test, aether_povm_ratio(&k), 0);
	k.cycles = 4;
	k.prefetches = 4;
	KUNIT_EXPECT_EQ(test, aether_povm_ratio(&k), AETHER_ONE);
	k.prefetches = 1;
	KUNIT_EXPECT_EQ(test, aether_povm_ratio(&k), AETHER_ONE / 4);
	k.prefetches = 0;
	KUNIT_EXPECT_EQ(test, aether_povm_ratio(&k), 0);
	/* counters far past 2^32 keep their ratio */
	k.cycles = 3ULL << 40;
	k.prefetches = 1ULL << 40;
	KUNIT_EXPECT_EQ(test, aether_povm_ratio(&k), AETHER_ONE / 3);
}

/* reset_stats clears the counters only: decisions go on as before */
static void povm_reset_stats(struct kunit *test)
{
	struct aether_povm a, b;
	struct aether_dsp dsp;
	u64 seed = 11, first = 0;
	u32 n, differ = 0;
	aether_q phi, eps;

	init_zeroed(&a, &aether_presets[AETHER_PRESET_GAMING]);
	for (n = 0; n < 64; n++) {
		u64 last = lcg_next(&seed);

		aether_povm_cycle(&a, first, last, 16, NULL);
		first = last;
	}
	b = a;
	dsp = a.dsp;
	phi = a.phi;
	eps = a.epsilon;
	aether_povm_reset_stats(&a);
	KUNIT_EXPECT_EQ(test, a.cycles, 0ULL);
	KUNIT_EXPECT_EQ(test, a.prefetches, 0ULL);
	KUNIT_EXPECT_EQ(test, aether_povm_ratio(&a), 0);
	KUNIT_EXPECT_EQ(test, a.phi, phi);
	KUNIT_EXPECT_EQ(test, a.epsilon, eps);
	KUNIT_EXPECT_EQ(test, memcmp(&a.dsp, &dsp, sizeof(dsp)), 0);
	for (n = 0; n < 64; n++) {
		u64 last = lcg_next(&seed);

		differ += aether_povm_cycle(&a, first, last, 16, NULL) !=
			  aether_povm_cycle(&b, first, last, 16, NULL);
		first = last;
	}
	KUNIT_EXPECT_EQ(test, differ, 0U);
	KUNIT_EXPECT_EQ(test, a.cycles, 64ULL);
	KUNIT_EXPECT_EQ(test, b.cycles, 128ULL);
	KUNIT_EXPECT_EQ(test, a.phi, b.phi);
}

/* context = ln 16 - mean(ln delta) once 16 deltas are in; 10 before */
static void povm_context_ring(struct kunit *test)
{
	struct aether_povm k;
	struct aether_cycle c;
	u32 n;

	init_zeroed(&k, &aether_presets[AETHER_PRESET_DEFAULT]);
	for (n = 1; n <= 20; n++) {
		cycle(&k, 8 * n, 8 * n + 8, 2, &c);
		if (n < AETHER_ENTROPY_RING)
			KUNIT_EXPECT_EQ(test, c.features[AETHER_F_CONTEXT], FEAT(10));
		else	/* ln 16 - ln 8 = ln 2: 45426 in Q16 */
			KUNIT_EXPECT_LE(test, absdiff(c.features[AETHER_F_CONTEXT],
						      45426), 66);
	}
	/* deltas of 0 count as 1e-3: ln 16 - ln 1e-3 = 9.68 (634411 in Q16) */
	for (n = 0; n < AETHER_ENTROPY_RING; n++)
		cycle(&k, 5, 5, 2, &c);
	KUNIT_EXPECT_LE(test, absdiff(c.features[AETHER_F_CONTEXT], 634411), 634);
	/* deltas of 2^40: ln 16 - 40 ln 2 < 0 clamps to 0 */
	for (n = 0; n < AETHER_ENTROPY_RING; n++)
		cycle(&k, 0, 1ULL << 40, 2, &c);
	KUNIT_EXPECT_EQ(test, c.features[AETHER_F_CONTEXT], 0ULL);
}

/* Welford sample variance: deltas 8, 24, 8, 24 have variance 256 / 3 */
static void povm_variance(struct kunit *test)
{
	struct aether_povm k;
	struct aether_cycle c;
	u32 n;

	init_zeroed(&k, &aether_presets[AETHER_PRESET_DEFAULT]);
	for (n = 0; n < 4; n++)
		cycle(&k, 0, n & 1 ? 24 : 8, 2, &c);
	KUNIT_EXPECT_LE(test, absdiff(c.features[AETHER_F_VARIANCE], 5592405), 5592);
	/* a constant stride has none */
	init_zeroed(&k, &aether_presets[AETHER_PRESET_DEFAULT]);
	for (n = 0; n < 32; n++)
		cycle(&k, 0, 128, 2, &c);
	KUNIT_EXPECT_EQ(test, c.features[AETHER_F_VARIANCE], 0ULL);
}

/*
 * The gate as measured on the reference: sequential windows are left to
 * Linux readahead (defer), random ones are flagged (prefetch).
 */
static void povm_gate_seq_vs_random(struct kunit *test)
{
	struct aether_povm seq, rnd;
	u64 ring[16], seed = 5;
	u32 n, seq_fetch = 0, rnd_fetch = 0;

	init_zeroed(&seq, &aether_presets[AETHER_PRESET_DEFAULT]);
	init_zeroed(&rnd, &aether_presets[AETHER_PRESET_DEFAULT]);
	for (n = 0; n < 512; n++) {
		u32 lo = n >= 15 ? n - 15 : 0;

		seq_fetch += aether_povm_cycle(&seq, 1000000 + 8ULL * lo,
					       1000000 + 8ULL * n, n - lo + 1, NULL);
		ring[n % 16] = lcg_next(&seed);
		rnd_fetch += aether_povm_cycle(&rnd, ring[lo % 16], ring[n % 16],
					       n - lo + 1, NULL);
	}
	KUNIT_EXPECT_LE(test, seq_fetch, 8U);
	KUNIT_EXPECT_GE(test, rnd_fetch, 500U);
}

static struct kunit_case aether_povm_cases[] = {
	KUNIT_CASE(povm_presets_values),
	KUNIT_CASE(povm_preset_find),
	KUNIT_CASE(povm_params_valid),
	KUNIT_CASE(povm_init_state),
	KUNIT_CASE(povm_window_short),
	KUNIT_CASE(povm_window_two),
	KUNIT_CASE(povm_window_first_last_only),
	KUNIT_CASE(povm_delta_wrap),
	KUNIT_CASE(povm_huge_delta_saturation),
	KUNIT_CASE(povm_epsilon_clamped),
	KUNIT_CASE(povm_phi_wraps),
	KUNIT_CASE(povm_counters),
	KUNIT_CASE(povm_ratio),
	KUNIT_CASE(povm_reset_stats),
	KUNIT_CASE(povm_context_ring),
	KUNIT_CASE(povm_variance),
	KUNIT_CASE(povm_gate_seq_vs_random),
	{}
};

static struct kunit_suite aether_povm_suite = {
	.name = "aether_povm",
	.test_cases = aether_povm_cases,
};

kunit_test_suite(aether_povm_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of aether's fixed-point POVM core");
