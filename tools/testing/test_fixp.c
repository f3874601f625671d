// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Error bounds of the fixed-point math (include/aether/fixp.h) against libm.
 *
 * Each routine is swept over its whole domain (a dense stride through every
 * representable input plus the edges) in double precision; the worst error
 * is printed and must stay within the bound Documentation/fixed-point.rst
 * states.  Also checks saturation at the ends of the wide formats, and the
 * coarser linear-table variants the decision path uses (fixp_inline.h).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../include/aether/fixp.h"
/* the decision path's own (linear-table) variants are swept too */
#include "../../module/core/fixp_inline.h"

#define Q	((double)AETHER_ONE)
#define TWO64	18446744073709551616.0
/* segment joints of the tables may step back by rounding, never further */
#define MONO_SLACK	4

static int pass, fail;

struct sweep {
	const char *name;
	double worst, at;
	double bound;
	const char *unit;
};

static void note(struct sweep *s, double err, double at)
{
	if (isnan(err) || err > s->worst) {
		s->worst = err;
		s->at = at;
	}
}

static void report(const struct sweep *s)
{
	bool ok = s->worst <= s->bound;

	printf("%-22s worst %.3e %s at %.9g (bound %.1e)  %s\n", s->name,
	       s->worst, s->unit, s->at, s->bound, ok ? "ok" : "FAIL");
	ok ? pass++ : fail++;
}

static void check(bool cond, const char *what)
{
	if (cond) {
		pass++;
	} else {
		fail++;
		printf("FAIL: %s\n", what);
	}
}

/* every Q27 value with a stride that visits all residues' neighbourhoods */
#define FOR_Q27(x, lo, hi, step) \
	for (s64 x##_i = (lo); x##_i <= (hi); x##_i += (step))

static void sweep_trig(void)
{
	struct sweep s = { "sin", 0, 0, 5e-8, "abs" }, c = { "cos", 0, 0, 5e-8, "abs" };

	FOR_Q27(x, INT32_MIN, INT32_MAX, 997) {
		double r = x_i / Q;

		note(&s, fabs(aether_sin((aether_q)x_i) / Q - sin(r)), r);
		note(&c, fabs(aether_cos((aether_q)x_i) / Q - cos(r)), r);
	}
	report(&s);
	report(&c);
	check(abs(aether_sin(0)) <= 4, "sin(0) = 0 (to 4 units)");
	check(abs(aether_cos(0) - AETHER_ONE) <= 4, "cos(0) = 1 (to 4 units)");
	check(abs(aether_sin(AETHER_PI_2) - AETHER_ONE) <= 4, "sin(pi/2) = 1 (to 4 units)");
}

static void sweep_atan(void)
{
	struct sweep a = { "atan (Q27)", 0, 0, 3.5e-7, "abs" };
	struct sweep u = { "atan_u64 (2^-32..2^64)", 0, 0, 3.5e-7, "abs" };
	struct sweep a2 = { "atan2", 0, 0, 3.5e-7, "abs" };
	aether_q prev = INT32_MIN;
	bool mono = true;
	int frac, i, j;

	FOR_Q27(x, INT32_MIN, INT32_MAX, 499) {
		aether_q v = aether_atan((aether_q)x_i);

		note(&a, fabs(v / Q - atan(x_i / Q)), x_i / Q);
		mono &= (s64)v >= (s64)prev - MONO_SLACK;
		prev = v;
	}
	report(&a);
	check(mono, "atan is monotonic over Q27 (to 4 units)");
	/* wide argument: v * 2^-frac for every octave, 4096 mantissas each */
	for (frac = 0; frac <= 32; frac += 32)
		for (i = 0; i < 64; i++)
			for (j = 0; j < 4096; j++) {
				u64 v = (1ULL << i) + (((1ULL << i) / 4096) * j);
				double x = ldexp((double)v, -frac);

				note(&u, fabs(aether_atan_u64(v, frac) / Q - atan(x)), x);
			}
	note(&u, fabs(aether_atan_u64(~0ULL, 0) / Q - M_PI_2), TWO64);
	report(&u);
	check(aether_atan_u64(0, 0) == 0, "atan(0) = 0");
	for (i = -400; i <= 400; i++)
		for (j = -400; j <= 400; j++) {
			aether_q y = (aether_q)(i * (AETHER_ONE / 50) + j), x = (aether_q)(j * (AETHER_ONE / 50) - i);

			if (!x && !y)
				continue;
			note(&a2, fabs(aether_atan2(y, x) / Q - atan2(y / Q, x / Q)), y / Q);
		}
	report(&a2);
	check(aether_atan2(0, 0) == 0, "atan2(0, 0) = 0");
	check(abs(aether_atan2(0, -AETHER_ONE) - AETHER_PI) <= 4, "atan2(0, -1) = pi (to 4 units)");
}

static void sweep_acos(void)
{
	struct sweep s = { "acos", 0, 0, 1.2e-7, "abs" };
	aether_q prev = INT32_MAX;
	bool mono = true;

	FOR_Q27(x, -AETHER_ONE, AETHER_ONE, 7) {
		aether_q v = aether_acos((aether_q)x_i);

		note(&s, fabs(v / Q - acos(x_i / Q)), x_i / Q);
		mono &= (s64)v <= (s64)prev + MONO_SLACK;
		prev = v;
	}
	report(&s);
	check(mono, "acos is non-increasing on [-1, 1] (to 4 units)");
	check(aether_acos(AETHER_ONE) == 0, "acos(1) = 0");
	check(aether_acos(-AETHER_ONE) == AETHER_PI, "acos(-1) = pi");
	check(aether_acos(2 * AETHER_ONE) == 0 && aether_acos(-3 * AETHER_ONE) == AETHER_PI,
	      "acos clamps outside [-1, 1]");
}

static void sweep_sigmoid(void)
{
	struct sweep s = { "sigmoid (-16, 16)", 0, 0, 5e-8, "abs" };
	struct sweep t = { "sigmoid at +-16", 0, 0, 1.2e-7, "abs" };
	aether_q prev = 0;
	bool mono = true;

	FOR_Q27(x, INT32_MIN + 1, INT32_MAX, 499) {
		aether_q v = aether_sigmoid((aether_q)x_i);

		note(&s, fabs(v / Q - 1 / (1 + exp(-x_i / Q))), x_i / Q);
		mono &= (s64)v >= (s64)prev - MONO_SLACK;
		prev = v;
	}
	report(&s);
	/* beyond |x| = 16 the result saturates; the error there is 1 / (1 + e^16) */
	note(&t, fabs(aether_sigmoid(INT32_MIN) / Q - 1 / (1 + exp(16.0))), -16);
	note(&t, fabs(aether_sigmoid(INT32_MAX) / Q - 1 / (1 + exp(-16.0))), 16);
	report(&t);
	check(mono, "sigmoid is monotonic (to 4 units)");
	check(aether_sigmoid(INT32_MIN) == 0, "sigmoid saturates to 0 at -16");
	check(abs(aether_sigmoid(0) - AETHER_ONE / 2) <= 4, "sigmoid(0) = 1/2 (to 4 units)");
	check(aether_sigmoid(AETHER_ONE) + aether_sigmoid(-AETHER_ONE) == AETHER_ONE,
	      "sigmoid(x) + sigmoid(-x) = 1");
}

static void sweep_ln(void)
{
	struct sweep s = { "ln_u64", 0, 0, 1.2e-7, "abs" };
	int frac, i, j;

	for (frac = 0; frac <= 48; frac += 16)
		for (i = 0; i < 64; i++)
			for (j = 0; j < 8192; j++) {
				u64 v = (1ULL << i) + (((1ULL << i) / 8192) * j);
				double x = ldexp((double)v, -frac);

				note(&s, fabs(aether_ln_u64(v, frac) / 16777216.0 - log(x)), x);
			}
	note(&s, fabs(aether_ln_u64(~0ULL, 0) / 16777216.0 - log(TWO64)), TWO64);
	report(&s);
	check(abs(aether_ln_u64(1, 0)) <= 4, "ln(1) = 0 (to 4 units of Q24)");
	check(abs(aether_ln_u64(1ULL << 40, 40)) <= 4, "ln(2^40 * 2^-40) = 0");
	check(aether_ln_u64(0, 0) == INT32_MIN, "ln(0) is the most negative value");
}

static void sweep_sqrt(void)
{
	u64 v, bad = 0;
	int i;

	for (i = 0; i < 2000000; i++) {
		v = (u64)i * i;
		if (aether_isqrt_u64(v) != (u32)i || (i && aether_isqrt_u64(v - 1) != (u32)i - 1))
			bad++;
	}
	for (i = 0; i < 64; i++) {
		u64 x = (1ULL << i) | ((1ULL << i) >> 1);
		u64 r = aether_isqrt_u64(x);

		if (r * r > x || (r + 1) * (r + 1) <= x)
			bad++;
	}
	check(aether_isqrt_u64(~0ULL) == 0xffffffffU, "isqrt(2^64 - 1) = 2^32 - 1");
	printf("%-22s %llu wrong results\n", "isqrt_u64", (unsigned long long)bad);
	check(!bad, "isqrt is floor(sqrt) at and around every square");
}

/* the reference: f32 fast_inv_sqrt, one Newton step, times x */
static float quake_ref(float x)
{
	union { float f; unsigned int i; } u = { .f = x };
	float y;

	u.i = 0x5f3759df - (u.i >> 1);
	y = u.f;
	y = y * (1.5f - 0.5f * x * y * y);
	return x * y;
}

static void sweep_quake(void)
{
	struct sweep s = { "quake_sqrt vs f32 ref", 0, 0, 5e-7, "rel" };
	struct sweep t = { "quake_sqrt vs sqrt", 0, 0, 1.76e-3, "rel" };
	int e, j;

	for (e = -100; e <= 100; e++)
		for (j = 0; j < 4096; j++) {
			u64 m = (1ULL << 63) | ((u64)j << 51) | 12345;
			struct aether_wide w = { m, e }, r = aether_quake_sqrt(w);
			double x = ldexp((double)m, e - 63);
			double got = ldexp((double)r.m, r.e - 63);
			double ref = quake_ref((float)x);

			note(&s, fabs(got - ref) / ref, x);
			note(&t, fabs(got - sqrt(x)) / sqrt(x), x);
		}
	report(&s);
	report(&t);
	check(!aether_quake_sqrt((struct aether_wide){ 0, 0 }).m, "quake_sqrt(0) = 0");
}

/* the decision path's variants: sin of a phase, acos in turns, ln */
static void sweep_fast(void)
{
	struct sweep s = { "sin_turns_fast", 0, 0, 2e-7, "abs" };
	struct sweep a = { "acos_turns (fast)", 0, 0, 2e-7, "abs" };
	struct sweep l = { "ln_fast", 0, 0, 1.2e-7, "abs" };
	u64 p;
	int i, j;

	for (p = 0; p < (1ULL << 32); p += 251) {
		double r = 2 * M_PI * (double)p / 4294967296.0;

		note(&s, fabs(sin_turns_fast((u32)p) / Q - sin(r)), r);
	}
	report(&s);
	FOR_Q27(x, -AETHER_ONE, AETHER_ONE, 7) {
		double t = (double)fx_acos_turns((aether_q)x_i) / 4294967296.0 * 2 * M_PI;

		note(&a, fabs(t - acos(x_i / Q)), x_i / Q);
	}
	report(&a);
	for (i = 0; i < 64; i++)
		for (j = 0; j < 8192; j++) {
			u64 v = (1ULL << i) + (((1ULL << i) / 8192) * j);

			note(&l, fabs(fx_ln_fast(v) / 16777216.0 - log((double)v)), (double)v);
		}
	report(&l);
}

static void check_wide(void)
{
	struct aether_wide w = aether_wide_from_u64(3, 0);

	check(w.m == 3ULL << 62 && w.e == 1, "wide_from_u64(3) normalises");
	check(aether_wide_to_u64(w, 16) == 3ULL << 16, "wide round trip");
	w.e = 100;
	check(aether_wide_to_u64(w, 16) == ~0ULL, "wide_to_u64 saturates above 2^64");
	w.e = -100;
	check(aether_wide_to_u64(w, 16) == 0, "wide_to_u64 underflows to 0");
	check(!aether_wide_from_u64(0, 5).m, "wide zero");
	check(aether_atan_wide((struct aether_wide){ 1ULL << 63, 200 }) == AETHER_PI_2,
	      "atan saturates to pi/2 far beyond 2^64");
}

int main(void)
{
	sweep_trig();
	sweep_atan();
	sweep_acos();
	sweep_sigmoid();
	sweep_ln();
	sweep_sqrt();
	sweep_quake();
	sweep_fast();
	check_wide();
	printf("RESULT fixp passed=%d failed=%d\n", pass, fail);
	return fail ? 1 : 0;
}
