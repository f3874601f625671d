/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Fixed-point math of the aether core.
 *
 * Reals are s32 in Q4.27 (aether_q: range [-16, 16), step 7.5e-9): wide enough
 * for every angle the POVM kernel forms (theta * phi reaches pi^2) and for its
 * parameters, fine enough that rounding stays far below the 2e-3 the port is
 * held to.  Logarithms are Q24 (ln 2^64 = 44.4 needs the headroom).  Unsigned
 * quantities of unbounded range (features, variances) are passed as a u64
 * mantissa with a binary point given by the caller.
 *
 * Measured error bounds against libm are in Documentation/fixed-point.rst and
 * asserted by tools/testing/test_fixp.c.
 */
#ifndef _AETHER_FIXP_H
#define _AETHER_FIXP_H

#include "types.h"

typedef s32 aether_q;

#define AETHER_Q		27
#define AETHER_ONE		((aether_q)1 << AETHER_Q)
#define AETHER_LN_Q		24

/* Q27 of a rational constant known at compile time: AETHER_QC(13, 20) = 0.65 */
#define AETHER_QC(num, den)	((aether_q)(((s64)(num) * (2 * AETHER_ONE) / (den) + 1) >> 1))

#define AETHER_PI		((aether_q)421657428)	/* pi in Q27 */
#define AETHER_PI_2		((aether_q)210828714)	/* pi / 2 */
/* 2 pi as the reference's f32 constant (6.2831855) so phi wraps where it does */
#define AETHER_2PI_F32		((aether_q)843314859)

static inline aether_q aether_qmul(aether_q a, aether_q b)
{
	return (aether_q)(((s64)a * b + (1 << (AETHER_Q - 1))) >> AETHER_Q);
}

aether_q aether_sin(aether_q x);
aether_q aether_cos(aether_q x);
/* atan of a signed Q27 value */
aether_q aether_atan(aether_q x);
/* atan of the unsigned value v * 2^-frac_bits, any magnitude up to 2^64 */
aether_q aether_atan_u64(u64 v, int frac_bits);
aether_q aether_atan2(aether_q y, aether_q x);
/* acos of a Q27 value, clamped to [-1, 1] */
aether_q aether_acos(aether_q x);
/* 1 / (1 + exp(-x)) */
aether_q aether_sigmoid(aether_q x);
/* ln of v * 2^-frac_bits in Q24; v == 0 returns S32_MIN */
s32 aether_ln_u64(u64 v, int frac_bits);
/* floor(sqrt(v)) */
u32 aether_isqrt_u64(u64 v);

/*
 * A positive quantity of wide range as a normalised mantissa: value =
 * m * 2^(e - 63) with bit 63 of m set, or m == 0 for zero.  The core keeps
 * spectral energy and variance in this form because they span 2^-30..2^128.
 */
struct aether_wide {
	u64 m;
	s32 e;
};

struct aether_wide aether_wide_from_u64(u64 v, int frac_bits);
/* value * 2^frac_bits rounded down, saturated to U64_MAX */
u64 aether_wide_to_u64(struct aether_wide w, int frac_bits);
aether_q aether_atan_wide(struct aether_wide w);
/*
 * sqrt as the reference computes it: x * fast_inv_sqrt(x), the Quake III
 * inverse square root with one Newton step applied to the f32 bits of x.
 * Its relative error (up to 1.75e-3) is part of the reference's output.
 */
struct aether_wide aether_quake_sqrt(struct aether_wide w);

#endif /* _AETHER_FIXP_H */
