/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Bodies of the fixed-point functions, inline so the POVM cycle compiles to
 * one straight run of table lookups and multiplies; module/core/fixp.c
 * exports them under the aether_* names declared in include/aether/fixp.h.
 *
 * Each function reduces its argument to one segment of a generated table of
 * quadratics (module/core/fixp_tables.c) and evaluates it with two multiplies:
 * constant time, no division, no floating point.  Wide unsigned arguments are
 * split into octave and mantissa so atan works from 2^-64 to 2^64 without
 * overflow or a reciprocal.
 */
#ifndef _AETHER_FIXP_INLINE_H
#define _AETHER_FIXP_INLINE_H

#include "../../include/aether/fixp.h"
#include "fixp_tables.h"

#define U64_ALL		(~(u64)0)

/* branch hints; the core includes no kernel header for likely() */
#define aether_likely(x)	__builtin_expect(!!(x), 1)
#define aether_unlikely(x)	__builtin_expect(!!(x), 0)
/*
 * The kernel's noinline (compiler_attributes.h) for userspace builds, spelt
 * through types.h's helper (checkpatch would ask for the very macro).
 */
#ifndef noinline
#define noinline		aether_attr(__noinline__)
#endif

static inline int clz64(u64 v)
{
	return __builtin_clzll(v);
}

/* t in [0, 1) with frac_bits fractional bits, result in Q27 */
static inline s32 quad_eval(const struct aether_quad *c, u32 t, int frac_bits)
{
	s64 acc = c->c1 + (((s64)c->c2 * t) >> frac_bits);

	return c->c0 + (s32)((acc * t) >> frac_bits);
}

/* phase in turns: 2^32 is one full turn */
static inline aether_q sin_turns(u32 phase)
{
	return quad_eval(&aether_sin_tab[phase >> 23], phase & 0x7fffff, 23);
}

/*
 * sin of a phase in turns for the decision path: one linear segment of a
 * 4096-step table, within 1.6e-7 (the exported aether_sin keeps 3.2e-8).
 */
static inline aether_q sin_turns_fast(u32 phase)
{
	const struct aether_lin *c = &aether_sin_lin_tab[phase >> 20];

	return c->c0 + (aether_q)(((s64)c->c1 * (phase & 0xfffff)) >> 20);
}

/* radians (Q27) to turns (Q32), wrapping: 2^33 / (2 pi) scaled by 2^-28 */
static inline u32 to_turns(aether_q x)
{
	return (u32)(((s64)x * 1367130551LL) >> 28);
}

static inline aether_q fx_sin(aether_q x)
{
	return sin_turns(to_turns(x));
}

static inline aether_q fx_cos(aether_q x)
{
	return sin_turns(to_turns(x) + (1U << 30));
}

static inline aether_q fx_sigmoid(aether_q x)
{
	u32 ax = x < 0 ? -(u32)x : (u32)x;
	aether_q v;

	if (ax >= (16U << AETHER_Q))
		v = AETHER_ONE;
	else
		v = quad_eval(&aether_sigmoid_tab[ax >> 22], ax & 0x3fffff, 22);
	return x < 0 ? AETHER_ONE - v : v;
}

static inline s32 fx_ln_u64(u64 v, int frac_bits)
{
	int lz;
	u64 m;
	s64 r;

	if (!v)
		return (s32)(-2147483647 - 1);
	lz = clz64(v);
	m = v << lz;			/* bit 63 set: m / 2^63 in [1, 2) */
	r = (s64)(63 - lz - frac_bits) * 2977044472LL;	/* k ln 2, Q32 */
	r += (s64)quad_eval(&aether_ln1p_tab[(m >> 57) & 63],
			    (u32)((m << 7) >> 33), 31) << 5;
	return (s32)((r + (1 << 7)) >> 8);
}

static inline u32 fx_isqrt_u64(u64 v)
{
	u64 r = 0, bit = 1ULL << 62;

	while (bit > v)
		bit >>= 2;
	while (bit) {
		if (v >= r + bit) {
			v -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return (u32)r;
}

static inline struct aether_wide fx_wide_from_u64(u64 v, int frac_bits)
{
	struct aether_wide w = { 0, 0 };
	int lz;

	if (!v)
		return w;
	lz = clz64(v);
	w.m = v << lz;
	w.e = 63 - lz - frac_bits;
	return w;
}

static inline u64 fx_wide_to_u64(struct aether_wide w, int frac_bits)
{
	int sh = w.e - 63 + frac_bits;

	if (!w.m)
		return 0;
	if (sh > 0)
		return U64_ALL;
	if (sh <= -64)
		return 0;
	return w.m >> -sh;
}

/* atan(m * 2^(e - 63)) for a normalised mantissa m */
static inline aether_q atan_norm(u64 m, int e)
{
	const struct aether_quad *seg;

	if (e > AETHER_ATAN_EMAX)
		return AETHER_PI_2;	/* off by < 2^-26 */
	if (e < AETHER_ATAN_EMIN) {	/* atan x = x: x^3/3 < 2^-43 */
		int sh = 63 - AETHER_Q - e;

		return sh > 63 ? 0 : (aether_q)(m >> sh);
	}
	seg = &aether_atan_tab[(e - AETHER_ATAN_EMIN) * AETHER_OCT_SEGS +
			       ((m >> 58) & (AETHER_OCT_SEGS - 1))];
	return quad_eval(seg, (u32)((m << 6) >> 33), 31);
}

static inline aether_q fx_atan_wide(struct aether_wide w)
{
	return w.m ? atan_norm(w.m, w.e) : 0;
}

static inline aether_q fx_atan_u64(u64 v, int frac_bits)
{
	return fx_atan_wide(fx_wide_from_u64(v, frac_bits));
}

static inline aether_q fx_atan(aether_q x)
{
	aether_q a = fx_atan_u64(x < 0 ? -(u64)(s64)x : (u64)x, AETHER_Q);

	return x < 0 ? -a : a;
}

static inline aether_q fx_atan2(aether_q y, aether_q x)
{
	u64 ay = y < 0 ? -(s64)y : y, ax = x < 0 ? -(s64)x : x;
	aether_q a;

	if (!ax && !ay)
		return 0;
	/* the ratio of two Q27 values is at most 2^32: Q31 keeps it in 64 bits */
	if (ay <= ax)
		a = fx_atan_u64((ay << 31) / ax, 31);
	else
		a = AETHER_PI_2 - fx_atan_u64((ax << 31) / ay, 31);
	if (x < 0)
		a = AETHER_PI - a;
	return y < 0 ? -a : a;
}

static inline aether_q fx_acos(aether_q x)
{
	u32 ax = x < 0 ? -(u32)x : (u32)x;
	u32 w;
	int lz, e;
	u64 m;
	aether_q r;

	if (ax > AETHER_ONE)
		ax = AETHER_ONE;
	w = AETHER_ONE - ax;		/* acos(ax) = acos(1 - w) */
	if (!w) {
		r = 0;
	} else if (w == AETHER_ONE) {
		r = AETHER_PI_2;
	} else {
		lz = clz64(w);
		m = (u64)w << lz;
		e = 63 - lz - AETHER_Q;	/* -27 .. -1 */
		r = quad_eval(&aether_acos1m_tab[(e - AETHER_ACOS_EMIN) *
						 AETHER_OCT_SEGS +
						 ((m >> 58) & (AETHER_OCT_SEGS - 1))],
			      (u32)((m << 6) >> 33), 31);
	}
	return x < 0 ? AETHER_PI - r : r;
}

/*
 * acos in turns (2^32 a turn) for the decision path: one linear segment of a
 * uniform table for |x| < 3/4 (within 1.6e-7 rad), the octave table beyond.
 */
static inline u32 fx_acos_turns(aether_q x)
{
	u32 u = (u32)x + (3U << (AETHER_Q - 2));	/* x + 3/4 */
	const struct aether_lin *c;

	if (aether_unlikely(u >= (3U << (AETHER_Q - 1))))
		return to_turns(fx_acos(x));
	c = &aether_acos_mid_tab[u >> (AETHER_Q - 10)];
	return (u32)(c->c0 + (s32)(((s64)c->c1 *
			(u & ((1U << (AETHER_Q - 10)) - 1))) >> (AETHER_Q - 10)));
}

/* ln v in Q24 for v >= 1, from a 1024-step linear table (within 1e-7) */
static inline s32 fx_ln_fast(u64 v)
{
	int lz = clz64(v);
	u64 m = v << lz;		/* bit 63 set: m / 2^63 in [1, 2) */
	const struct aether_lin *c = &aether_ln_lin_tab[(m >> 53) & 1023];
	s64 r = (s64)(63 - lz) * 744261118LL;		/* k ln 2, Q30 */

	r += c->c0 + (((s64)c->c1 * ((m >> 22) & 0x7fffffff)) >> 31);
	return (s32)((r + (1 << 5)) >> 6);
}

/*
 * Quake III inverse square root applied to the f32 image of x, one Newton
 * step, then multiplied by x: the reference's fast_sqrt, bit trick included,
 * so the spectrum feature carries the same (up to 1.75e-3) error as the
 * reference.  Exponents outside f32 range are carried on, not clamped.
 */
static inline struct aether_wide fx_quake_sqrt(struct aether_wide w)
{
	struct aether_wide r = { 0, 0 };
	s64 bits, j;
	u64 ym, p, s, y1;
	__uint128_t prod;
	int ye, sh, lz;

	if (!w.m)
		return r;
	bits = ((s64)(w.e + 127) << 23) | (s64)((w.m >> 40) & 0x7fffff);
	j = 0x5f3759dfLL - (bits >> 1);
	ym = (1ULL << 23) | (u64)(j & 0x7fffff);	/* y0 mantissa, Q23 */
	ye = (int)(j >> 23) - 127;			/* y0 exponent */

	/* p = x * y0^2 in Q30 (close to 1) */
	p = ((w.m >> 32) * ((ym * ym) >> 23)) >> 24;
	sh = w.e + 2 * ye;
	p = sh >= 0 ? p << sh : p >> -sh;
	/* s = 1.5 - 0.5 p, Q30; y1 = y0 * s with mantissa Q53 */
	s = (3ULL << 29) - (p >> 1);
	y1 = ym * s;
	/* sqrt = x * y1 = (m / 2^63) * (y1 / 2^53) * 2^(e + ye) */
	prod = (__uint128_t)w.m * y1;
	lz = (u64)(prod >> 64) ? clz64((u64)(prod >> 64)) : 64 + clz64((u64)prod);
	r.m = (u64)((prod << lz) >> 64);
	r.e = w.e + ye + (127 - lz) - 116;
	return r;
}

#endif /* _AETHER_FIXP_INLINE_H */
