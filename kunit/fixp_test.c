// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of aether's fixed-point math (include/aether/fixp.h): each
 * routine against values computed offline (kunit/fixp_ref.h), at its domain
 * edges and zero, where it saturates, and for monotonicity over sweeps.
 *
 * Error bounds are in Q27 steps (7.45e-9) unless noted: those asserted by the
 * libm sweep in tools/testing/test_fixp.c, with the worst case measured by a
 * dense sweep beside each, so a table or reduction bug shows while rounding
 * noise does not.
 */
#include <kunit/test.h>
#include <linux/kernel.h>

#include "../include/aether/fixp.h"
#include "fixp_ref.h"

#define TOL_SIN		7	/* 5e-8; measured 4.2 steps (3.2e-8) */
#define TOL_ATAN	47	/* 3.5e-7; measured 46 steps (3.4e-7) at x = 2.01 */
#define TOL_ATAN2	47	/* atan of the ratio: as atan */
#define TOL_ACOS	16	/* 1.2e-7; measured 13.3 steps */
#define TOL_SIGMOID	16	/* 1.2e-7; measured 15.1 steps, at the clamp x = -16 */
#define TOL_LN_Q24	2	/* Q24 steps (1.2e-7); measured 1.4 */

#define Q_MIN		((aether_q)S32_MIN)
#define Q_MAX		((aether_q)S32_MAX)

static s64 absdiff(s64 a, s64 b)
{
	return a > b ? a - b : b - a;
}

/* Checks f against a reference table; reports the first miss only. */
static void check_ref(struct kunit *test, const char *name,
		      s32 (*f)(s32), const struct fixp_ref *ref,
		      unsigned int n, s64 tol)
{
	unsigned int i, bad = 0;

	for (i = 0; i < n; i++) {
		aether_q got = f(ref[i].x);

		if (absdiff(got, ref[i].y) > tol && !bad++)
			KUNIT_FAIL(test, "%s(%d) = %d, reference %d (tolerance %lld)",
				   name, ref[i].x, got, ref[i].y, tol);
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

static void fixp_qmul(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, aether_qmul(AETHER_ONE, AETHER_ONE), AETHER_ONE);
	KUNIT_EXPECT_EQ(test, aether_qmul(0, Q_MAX), 0);
	KUNIT_EXPECT_EQ(test, aether_qmul(Q_MIN, 0), 0);
	KUNIT_EXPECT_EQ(test, aether_qmul(AETHER_ONE / 2, -AETHER_ONE / 2), -AETHER_ONE / 4);
	KUNIT_EXPECT_EQ(test, aether_qmul(-3 * AETHER_ONE, -5 * AETHER_ONE / 4),
			15 * AETHER_ONE / 4);
	KUNIT_EXPECT_EQ(test, aether_qmul(Q_MAX, AETHER_ONE), Q_MAX);
	KUNIT_EXPECT_EQ(test, aether_qmul(Q_MIN, AETHER_ONE), Q_MIN);
	/* rounds to nearest: 1 * 0.5 step is half a step, rounds up */
	KUNIT_EXPECT_EQ(test, aether_qmul(1, AETHER_ONE / 2), 1);
	KUNIT_EXPECT_EQ(test, aether_qmul(1, AETHER_ONE / 2 - 1), 0);
	KUNIT_EXPECT_EQ(test, aether_qmul(3, AETHER_ONE / 2), 2);
}

static void fixp_constants(struct kunit *test)
{
	/* round(pi * 2^27), round(pi / 2 * 2^27) */
	KUNIT_EXPECT_EQ(test, AETHER_PI, 421657428);
	KUNIT_EXPECT_EQ(test, AETHER_PI_2, 210828714);
	/* 2 pi as f32 (6.28318548202514648) times 2^27, rounded */
	KUNIT_EXPECT_EQ(test, AETHER_2PI_F32, 843314859);
	/* AETHER_QC rounds positive rationals to nearest: round(x * 2^27) */
	KUNIT_EXPECT_EQ(test, AETHER_QC(13, 20), 87241523);	/* 0.65 */
	KUNIT_EXPECT_EQ(test, AETHER_QC(1, 10), 13421773);	/* 0.1 */
	KUNIT_EXPECT_EQ(test, AETHER_QC(1, 3), 44739243);	/* 0.333.. */
	KUNIT_EXPECT_EQ(test, AETHER_QC(3, 100), 4026532);	/* 0.03 */
	KUNIT_EXPECT_EQ(test, AETHER_QC(1, 1), AETHER_ONE);
	KUNIT_EXPECT_EQ(test, AETHER_QC(0, 7), 0);
	/* negative ones within one step of round(x * 2^27) */
	KUNIT_EXPECT_LE(test, absdiff(AETHER_QC(-2, 100), -2684355), 1);
	KUNIT_EXPECT_LE(test, absdiff(AETHER_QC(-1, 3), -44739243), 1);
}

static void fixp_sin_reference(struct kunit *test)
{
	check_ref(test, "sin", aether_sin, ref_sin, ARRAY_SIZE(ref_sin), TOL_SIN);
}

static void fixp_cos_reference(struct kunit *test)
{
	check_ref(test, "cos", aether_cos, ref_cos, ARRAY_SIZE(ref_cos), TOL_SIN);
}

static void fixp_sin_cos_special(struct kunit *test)
{
	/* segments meet exactly at the table's knots: sin 0 is 0 */
	KUNIT_EXPECT_EQ(test, aether_sin(0), 0);
	KUNIT_EXPECT_LE(test, absdiff(aether_cos(0), AETHER_ONE), TOL_SIN);
	KUNIT_EXPECT_LE(test, absdiff(aether_sin(AETHER_PI_2), AETHER_ONE), TOL_SIN);
	KUNIT_EXPECT_LE(test, absdiff(aether_cos(AETHER_PI_2), 0), TOL_SIN);
	KUNIT_EXPECT_LE(test, absdiff(aether_sin(AETHER_PI), 0), TOL_SIN);
	KUNIT_EXPECT_LE(test, absdiff(aether_cos(AETHER_PI), -AETHER_ONE), TOL_SIN);
	KUNIT_EXPECT_LE(test, absdiff(aether_sin(-AETHER_PI_2), -AETHER_ONE), TOL_SIN);
}

/* never beyond [-1, 1] by more than the tolerance, over the whole domain */
static void fixp_sin_cos_range(struct kunit *test)
{
	aether_q lo = Q_MAX, hi = Q_MIN;
	u32 i;

	for (i = 0; i < 65536; i++) {
		aether_q x = (aether_q)(i * 65537U);

		lo = min3(lo, aether_sin(x), aether_cos(x));
		hi = max3(hi, aether_sin(x), aether_cos(x));
	}
	KUNIT_EXPECT_LE(test, hi, AETHER_ONE + TOL_SIN);
	KUNIT_EXPECT_GE(test, lo, -AETHER_ONE - TOL_SIN);
	KUNIT_EXPECT_GE(test, hi, AETHER_ONE - TOL_SIN);
	KUNIT_EXPECT_LE(test, lo, -AETHER_ONE + TOL_SIN);
}

/* odd/even symmetry, 2 pi period and sin^2 + cos^2 = 1 across the domain */
static void fixp_sin_cos_identities(struct kunit *test)
{
	u32 i, bad = 0;

	for (i = 0; i < 4096; i++) {
		/* |x| <= 16 - 2 pi so x + 2 pi stays in range */
		aether_q x = (aether_q)(i * 1048573U) / 2 - 5 * AETHER_ONE / 4;
		aether_q s = aether_sin(x), c = aether_cos(x);
		s64 norm = (s64)s * s + (s64)c * c;	/* Q54 */
		u64 unit = (u64)1 << 54;

		if (absdiff(aether_sin(-x), -s) > 2 * TOL_SIN ||
		    absdiff(aether_cos(-x), c) > 2 * TOL_SIN ||
		    absdiff(aether_sin(x + 843314857), s) > 2 * TOL_SIN ||
		    absdiff(norm, unit) > (s64)(unit >> 22)) {
			if (!bad++)
				KUNIT_FAIL(test, "identity fails at x = %d: sin %d cos %d",
					   x, s, c);
		}
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

/* sin rises on [-pi/2, pi/2]; cos falls on [0, pi] */
static void fixp_sin_cos_monotonic(struct kunit *test)
{
	aether_q x, prev_s = aether_sin(-AETHER_PI_2), prev_c = aether_cos(0);
	unsigned int bad = 0;

	for (x = -AETHER_PI_2; x <= AETHER_PI_2; x += 4099) {
		aether_q s = aether_sin(x);

		bad += s < prev_s;
		prev_s = s;
	}
	for (x = 0; x <= AETHER_PI; x += 4099) {
		aether_q c = aether_cos(x);

		bad += c > prev_c;
		prev_c = c;
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

static void fixp_atan_reference(struct kunit *test)
{
	check_ref(test, "atan", aether_atan, ref_atan, ARRAY_SIZE(ref_atan), TOL_ATAN);
}

static void fixp_atan_edges(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, aether_atan(0), 0);
	/* below 2^-14 atan x = x to the last bit */
	KUNIT_EXPECT_EQ(test, aether_atan(1), 1);
	KUNIT_EXPECT_EQ(test, aether_atan(-1), -1);
	KUNIT_EXPECT_EQ(test, aether_atan(AETHER_ONE >> 15), AETHER_ONE >> 15);
	/* ends of the domain: round(atan(+-16) * 2^27) = +-202451003 */
	KUNIT_EXPECT_LE(test, absdiff(aether_atan(Q_MIN), -202451003), TOL_ATAN);
	KUNIT_EXPECT_LE(test, absdiff(aether_atan(Q_MAX), 202451003), TOL_ATAN);
	/* odd */
	KUNIT_EXPECT_EQ(test, aether_atan(-AETHER_ONE), -aether_atan(AETHER_ONE));
	KUNIT_EXPECT_EQ(test, aether_atan(-Q_MAX), -aether_atan(Q_MAX));
}

static void fixp_atan_monotonic(struct kunit *test)
{
	unsigned int bad = 0;
	aether_q prev = aether_atan(Q_MIN);
	s64 x;

	for (x = (s64)Q_MIN + 65521; x <= Q_MAX; x += 65521) {
		aether_q a = aether_atan((aether_q)x);

		bad += a < prev;
		prev = a;
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
	KUNIT_EXPECT_LT(test, prev, AETHER_PI_2);
}

static void fixp_atan_u64_reference(struct kunit *test)
{
	unsigned int i, bad = 0;

	for (i = 0; i < ARRAY_SIZE(ref_atan_u64); i++) {
		const struct fixp_ref_u64 *r = &ref_atan_u64[i];
		aether_q got = aether_atan_u64(r->v, r->frac);

		if (absdiff(got, r->y) > TOL_ATAN && !bad++)
			KUNIT_FAIL(test, "atan(%llu * 2^-%d) = %d, reference %d",
				   r->v, r->frac, got, r->y);
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

/* zero, the far ends of 2^-64..2^64, and never past pi/2 */
static void fixp_atan_u64_saturation(struct kunit *test)
{
	int k;

	KUNIT_EXPECT_EQ(test, aether_atan_u64(0, 0), 0);
	KUNIT_EXPECT_EQ(test, aether_atan_u64(0, 64), 0);
	KUNIT_EXPECT_EQ(test, aether_atan_u64(1, 64), 0);	/* 5.4e-20 */
	KUNIT_EXPECT_EQ(test, aether_atan_u64(U64_MAX, 0), AETHER_PI_2);
	KUNIT_EXPECT_EQ(test, aether_atan_u64(U64_MAX, -16), AETHER_PI_2);
	for (k = 0; k < 63; k++) {
		aether_q a = aether_atan_u64(U64_MAX >> k, 0);

		KUNIT_EXPECT_LE(test, a, AETHER_PI_2);
		KUNIT_EXPECT_GT(test, a, AETHER_PI_2 / 2);
	}
	/* the same real in different scalings gives the same angle */
	KUNIT_EXPECT_EQ(test, aether_atan_u64(3, 1), aether_atan_u64(3ULL << 40, 41));
	KUNIT_EXPECT_EQ(test, aether_atan_u64(1, 0), aether_atan(AETHER_ONE));
}

/* monotonic across every octave from 2^-40 to 2^60, mantissas included */
static void fixp_atan_u64_monotonic(struct kunit *test)
{
	aether_q prev = 0;
	unsigned int bad = 0;
	int e, s;

	for (e = 0; e < 100; e++) {
		for (s = 0; s < 64; s++) {
			/* (1 + s / 64) 2^(e - 40) */
			aether_q a = aether_atan_u64((64ULL + s) << 57, 103 - e);

			/*
			 * Near pi/2 (x > 2^20) atan rises less than a step
			 * between samples: allow rounding's one-step dither.
			 */
			bad += a < prev - (e > 60);
			prev = a;
		}
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
	KUNIT_EXPECT_EQ(test, prev, AETHER_PI_2);
}

static void fixp_atan2_reference(struct kunit *test)
{
	unsigned int i, bad = 0;

	for (i = 0; i < ARRAY_SIZE(ref_atan2); i++) {
		const struct fixp_ref_atan2 *r = &ref_atan2[i];
		aether_q got = aether_atan2(r->y, r->x);

		if (absdiff(got, r->r) > TOL_ATAN2 && !bad++)
			KUNIT_FAIL(test, "atan2(%d, %d) = %d, reference %d",
				   r->y, r->x, got, r->r);
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

static void fixp_atan2_quadrants(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, aether_atan2(0, 0), 0);
	KUNIT_EXPECT_EQ(test, aether_atan2(0, AETHER_ONE), 0);
	KUNIT_EXPECT_EQ(test, aether_atan2(0, -AETHER_ONE), AETHER_PI);
	KUNIT_EXPECT_EQ(test, aether_atan2(AETHER_ONE, 0), AETHER_PI_2);
	KUNIT_EXPECT_EQ(test, aether_atan2(-AETHER_ONE, 0), -AETHER_PI_2);
	/* scale invariant, and the sign of y is the sign of the result */
	KUNIT_EXPECT_EQ(test, aether_atan2(3, 4), aether_atan2(3 << 20, 4 << 20));
	KUNIT_EXPECT_EQ(test, aether_atan2(-3, 4), -aether_atan2(3, 4));
	KUNIT_EXPECT_EQ(test, aether_atan2(3, -4), AETHER_PI - aether_atan2(3, 4));
	KUNIT_EXPECT_GT(test, aether_atan2(1, Q_MIN), AETHER_PI_2);
	KUNIT_EXPECT_LT(test, aether_atan2(-1, Q_MIN), -AETHER_PI_2);
	KUNIT_EXPECT_LE(test, absdiff(aether_atan2(Q_MIN, Q_MIN), -3 * AETHER_PI / 4),
			TOL_ATAN2);
}

static void fixp_acos_reference(struct kunit *test)
{
	check_ref(test, "acos", aether_acos, ref_acos, ARRAY_SIZE(ref_acos), TOL_ACOS);
}

static void fixp_acos_edges(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, aether_acos(AETHER_ONE), 0);
	KUNIT_EXPECT_EQ(test, aether_acos(-AETHER_ONE), AETHER_PI);
	KUNIT_EXPECT_EQ(test, aether_acos(0), AETHER_PI_2);
	/* outside [-1, 1] clamps, as the POVM's rounded ry may land there */
	KUNIT_EXPECT_EQ(test, aether_acos(AETHER_ONE + 1), 0);
	KUNIT_EXPECT_EQ(test, aether_acos(Q_MAX), 0);
	KUNIT_EXPECT_EQ(test, aether_acos(-AETHER_ONE - 1), AETHER_PI);
	KUNIT_EXPECT_EQ(test, aether_acos(Q_MIN), AETHER_PI);
	/* one step inside 1: acos(1 - 2^-27) = 2^-13 = 16384 steps */
	KUNIT_EXPECT_LE(test, absdiff(aether_acos(AETHER_ONE - 1), 16384), TOL_ACOS);
	/* acos(-x) = pi - acos(x) */
	KUNIT_EXPECT_EQ(test, aether_acos(-AETHER_ONE / 3),
			AETHER_PI - aether_acos(AETHER_ONE / 3));
}

static void fixp_acos_monotonic(struct kunit *test)
{
	aether_q x, prev = aether_acos(-AETHER_ONE);
	unsigned int bad = 0;

	for (x = -AETHER_ONE + 997; x <= AETHER_ONE; x += 997) {
		aether_q a = aether_acos(x);

		bad += a > prev;
		prev = a;
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

static void fixp_sigmoid_reference(struct kunit *test)
{
	check_ref(test, "sigmoid", aether_sigmoid, ref_sigmoid,
		  ARRAY_SIZE(ref_sigmoid), TOL_SIGMOID);
}

static void fixp_sigmoid_edges(struct kunit *test)
{
	aether_q x;
	unsigned int bad = 0;

	KUNIT_EXPECT_EQ(test, aether_sigmoid(0), AETHER_ONE / 2);
	/* saturates: 1 / (1 + e^-16) is within 1.1e-7 (15 steps) of 1 */
	KUNIT_EXPECT_LE(test, absdiff(aether_sigmoid(Q_MAX), AETHER_ONE), TOL_SIGMOID);
	KUNIT_EXPECT_EQ(test, aether_sigmoid(Q_MIN), 0);
	/* sigmoid(x) + sigmoid(-x) = 1 exactly, by construction */
	for (x = -15 * AETHER_ONE; x < 15 * AETHER_ONE; x += 999983)
		bad += aether_sigmoid(x) + aether_sigmoid(-x) != AETHER_ONE;
	KUNIT_EXPECT_EQ(test, bad, 0U);
	KUNIT_EXPECT_GE(test, aether_sigmoid(Q_MIN + 1), 0);
	KUNIT_EXPECT_LE(test, aether_sigmoid(Q_MAX - 1), AETHER_ONE);
}

static void fixp_sigmoid_monotonic(struct kunit *test)
{
	s64 x;
	aether_q prev = aether_sigmoid(Q_MIN);
	unsigned int bad = 0;

	for (x = (s64)Q_MIN + 32749; x <= Q_MAX; x += 32749) {
		aether_q s = aether_sigmoid((aether_q)x);

		bad += s < prev;
		prev = s;
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

static void fixp_ln_reference(struct kunit *test)
{
	unsigned int i, bad = 0;

	for (i = 0; i < ARRAY_SIZE(ref_ln_u64); i++) {
		const struct fixp_ref_u64 *r = &ref_ln_u64[i];
		s32 got = aether_ln_u64(r->v, r->frac);

		if (absdiff(got, r->y) > TOL_LN_Q24 && !bad++)
			KUNIT_FAIL(test, "ln(%llu * 2^-%d) = %d, reference %d",
				   r->v, r->frac, got, r->y);
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

static void fixp_ln_edges(struct kunit *test)
{
	/* ln 0 is -inf: the most negative s32 */
	KUNIT_EXPECT_EQ(test, aether_ln_u64(0, 0), S32_MIN);
	KUNIT_EXPECT_EQ(test, aether_ln_u64(0, 64), S32_MIN);
	/* ln 1 = 0 exactly, whatever the scaling */
	KUNIT_EXPECT_EQ(test, aether_ln_u64(1, 0), 0);
	KUNIT_EXPECT_EQ(test, aether_ln_u64(1ULL << 63, 63), aether_ln_u64(1, 0));
	KUNIT_EXPECT_EQ(test, aether_ln_u64(1ULL << 16, 16), aether_ln_u64(1, 0));
	/* ln 2 = 11629080 in Q24; ln(2^64 - 1) = 64 ln 2; ln 2^-64 = -64 ln 2 */
	KUNIT_EXPECT_LE(test, absdiff(aether_ln_u64(2, 0), 11629080), TOL_LN_Q24);
	KUNIT_EXPECT_LE(test, absdiff(aether_ln_u64(U64_MAX, 0), 744261118), TOL_LN_Q24);
	KUNIT_EXPECT_LE(test, absdiff(aether_ln_u64(1, 64), -744261118), TOL_LN_Q24);
	/* ln(v * 2^-f) = ln v - f ln 2 */
	KUNIT_EXPECT_LE(test, absdiff(aether_ln_u64(12345, 10),
				      aether_ln_u64(12345, 0) - 10 * 11629080),
			TOL_LN_Q24 + 1);
}

static void fixp_ln_monotonic(struct kunit *test)
{
	s32 prev = aether_ln_u64(1, 0);
	unsigned int bad = 0;
	u64 v;

	for (v = 2; v < (1ULL << 62); v += v / 61 + 1) {
		s32 l = aether_ln_u64(v, 0);

		bad += l < prev;
		prev = l;
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
	KUNIT_EXPECT_GT(test, prev, 0);
}

static void fixp_isqrt(struct kunit *test)
{
	static const u64 squares[] = { 0, 1, 4, 9, 1ULL << 32, 0xfffffffe00000001ULL };
	unsigned int i, bad = 0;
	u64 v;

	for (i = 0; i < ARRAY_SIZE(squares); i++) {
		u32 r = aether_isqrt_u64(squares[i]);

		KUNIT_EXPECT_EQ(test, (u64)r * r, squares[i]);
	}
	KUNIT_EXPECT_EQ(test, aether_isqrt_u64(U64_MAX), 0xffffffffU);
	KUNIT_EXPECT_EQ(test, aether_isqrt_u64(0xfffffffe00000000ULL), 0xfffffffeU);
	KUNIT_EXPECT_EQ(test, aether_isqrt_u64(2), 1U);
	KUNIT_EXPECT_EQ(test, aether_isqrt_u64(3), 1U);
	/* floor: r^2 <= v < (r + 1)^2 over a geometric sweep */
	for (v = 5; v < U64_MAX / 2; v += v / 7 + 3) {
		u64 r = aether_isqrt_u64(v);

		bad += r * r > v || (r + 1) * (r + 1) <= v;
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

static void fixp_wide_conversions(struct kunit *test)
{
	struct aether_wide w;
	int fb;

	w = aether_wide_from_u64(0, 16);
	KUNIT_EXPECT_EQ(test, w.m, 0ULL);
	KUNIT_EXPECT_EQ(test, aether_wide_to_u64(w, 40), 0ULL);
	/* normalised: bit 63 set, value = m * 2^(e - 63) */
	w = aether_wide_from_u64(1, 0);
	KUNIT_EXPECT_EQ(test, w.m, 1ULL << 63);
	KUNIT_EXPECT_EQ(test, w.e, 0);
	w = aether_wide_from_u64(3, 1);		/* 1.5 */
	KUNIT_EXPECT_EQ(test, w.m, 3ULL << 62);
	KUNIT_EXPECT_EQ(test, w.e, 0);
	w = aether_wide_from_u64(U64_MAX, -16);	/* ~2^80 */
	KUNIT_EXPECT_EQ(test, w.m, U64_MAX);
	KUNIT_EXPECT_EQ(test, w.e, 79);
	/* round trip at every scaling that holds the value */
	for (fb = -8; fb <= 8; fb++) {
		w = aether_wide_from_u64(0xabcdef12345ULL, fb);
		KUNIT_EXPECT_EQ(test, aether_wide_to_u64(w, fb), 0xabcdef12345ULL);
	}
	/* rounds down when the target has fewer fractional bits */
	KUNIT_EXPECT_EQ(test, aether_wide_to_u64(aether_wide_from_u64(7, 1), 0), 3ULL);
	/* saturates instead of wrapping; underflows to 0 */
	w = aether_wide_from_u64(1, 0);
	w.e = 64;
	KUNIT_EXPECT_EQ(test, aether_wide_to_u64(w, 0), U64_MAX);
	KUNIT_EXPECT_EQ(test, aether_wide_to_u64(aether_wide_from_u64(U64_MAX, 0), 1),
			U64_MAX);
	w.e = -65;
	KUNIT_EXPECT_EQ(test, aether_wide_to_u64(w, 0), 0ULL);
	KUNIT_EXPECT_EQ(test, aether_wide_to_u64(w, 65), 1ULL);
}

static void fixp_atan_wide(struct kunit *test)
{
	struct aether_wide w = { 0, 0 };

	KUNIT_EXPECT_EQ(test, aether_atan_wide(w), 0);
	/* agrees with atan_u64 on the values both take */
	w = aether_wide_from_u64(12345, 6);
	KUNIT_EXPECT_EQ(test, aether_atan_wide(w), aether_atan_u64(12345, 6));
	/* far beyond 2^64 (a variance the reference holds as inf): pi/2 */
	w.m = 1ULL << 63;
	w.e = 200;
	KUNIT_EXPECT_EQ(test, aether_atan_wide(w), AETHER_PI_2);
	/* far below 2^-64: 0 */
	w.e = -200;
	KUNIT_EXPECT_EQ(test, aether_atan_wide(w), 0);
	/* 1 = atan(1) = pi / 4 */
	w.e = 0;
	KUNIT_EXPECT_LE(test, absdiff(aether_atan_wide(w), AETHER_PI / 4), TOL_ATAN);
}

/* The reference's f32 fast_sqrt, reproduced bit trick and all. */
static void fixp_quake_sqrt_reference(struct kunit *test)
{
	unsigned int i, bad = 0;

	for (i = 0; i < ARRAY_SIZE(ref_sqrt); i++) {
		const struct fixp_ref_sqrt *r = &ref_sqrt[i];
		struct aether_wide w = { r->m, r->e };
		u64 got = aether_wide_to_u64(aether_quake_sqrt(w), r->out_frac);

		/* within 5e-7 of the f32 result: f32 rounding, not the trick */
		if (absdiff(got, r->quake) > (s64)(r->quake / 2000000) ||
		    /* and the trick's own error, 1.75e-3, against math.sqrt */
		    absdiff(got, r->exact) > (s64)(r->exact / 560)) {
			if (!bad++)
				KUNIT_FAIL(test, "sqrt(%#llx * 2^%d): %llu, f32 %llu, exact %llu",
					   r->m, r->e - 63, got, r->quake, r->exact);
		}
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

static void fixp_quake_sqrt_edges(struct kunit *test)
{
	struct aether_wide w = { 0, 0 }, r, r2;
	int k;

	r = aether_quake_sqrt(w);
	KUNIT_EXPECT_EQ(test, r.m, 0ULL);
	/* scaling x by 4^k scales the result by 2^k exactly, even past f32 */
	w.m = 0xb504f333f9de6484ULL;
	w.e = 3;
	r = aether_quake_sqrt(w);
	KUNIT_EXPECT_NE(test, r.m, 0ULL);
	for (k = -60; k <= 60; k += 12) {
		struct aether_wide s = { w.m, w.e + 2 * k };

		r2 = aether_quake_sqrt(s);
		KUNIT_EXPECT_EQ(test, r2.m, r.m);
		KUNIT_EXPECT_EQ(test, r2.e, r.e + k);
	}
	/* result stays normalised */
	KUNIT_EXPECT_TRUE(test, r.m >> 63);
}

static struct kunit_case aether_fixp_cases[] = {
	KUNIT_CASE(fixp_qmul),
	KUNIT_CASE(fixp_constants),
	KUNIT_CASE(fixp_sin_reference),
	KUNIT_CASE(fixp_cos_reference),
	KUNIT_CASE(fixp_sin_cos_special),
	KUNIT_CASE(fixp_sin_cos_range),
	KUNIT_CASE(fixp_sin_cos_identities),
	KUNIT_CASE(fixp_sin_cos_monotonic),
	KUNIT_CASE(fixp_atan_reference),
	KUNIT_CASE(fixp_atan_edges),
	KUNIT_CASE(fixp_atan_monotonic),
	KUNIT_CASE(fixp_atan_u64_reference),
	KUNIT_CASE(fixp_atan_u64_saturation),
	KUNIT_CASE(fixp_atan_u64_monotonic),
	KUNIT_CASE(fixp_atan2_reference),
	KUNIT_CASE(fixp_atan2_quadrants),
	KUNIT_CASE(fixp_acos_reference),
	KUNIT_CASE(fixp_acos_edges),
	KUNIT_CASE(fixp_acos_monotonic),
	KUNIT_CASE(fixp_sigmoid_reference),
	KUNIT_CASE(fixp_sigmoid_edges),
	KUNIT_CASE(fixp_sigmoid_monotonic),
	KUNIT_CASE(fixp_ln_reference),
	KUNIT_CASE(fixp_ln_edges),
	KUNIT_CASE(fixp_ln_monotonic),
	KUNIT_CASE(fixp_isqrt),
	KUNIT_CASE(fixp_wide_conversions),
	KUNIT_CASE(fixp_atan_wide),
	KUNIT_CASE(fixp_quake_sqrt_reference),
	KUNIT_CASE(fixp_quake_sqrt_edges),
	{}
};

static struct kunit_suite aether_fixp_suite = {
	.name = "aether_fixp",
	.test_cases = aether_fixp_cases,
};

kunit_test_suite(aether_fixp_suite);
