// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Fixed-point port of AETHER-Link's POVM decision kernel (see
 * Documentation/design.rst for the algorithm and why each step is computed
 * the way it is here).
 */
#include "../../include/aether/povm.h"
#include "fixp_inline.h"

/* Q27 constants; the reference's f32 literals where they matter */
#define EPS_FLOOR	((aether_q)13421773)	/* 0.1f */
#define EPS_CEIL	((aether_q)120795955)	/* 0.9f */
#define TWO_PI		((aether_q)843314857)
#define T4_HISTORY	((aether_q)181124393)	/* 2 atan(0.8) */
#define LN16_Q24	46516320LL
#define LN_1E3_Q24	(-115892902)		/* ln(1e-3) */
#define HISTORY_Q16	52429			/* 0.8 */
#define CONTEXT_MAX_Q24	(10LL << 24)
#define A5_CTX_MIN	(-(aether_q)32880480)	/* atan(-1/4) */
#define A5_CTX_MAX	((aether_q)154695595)	/* atan(9/4) */
/* Quake fast_inv_sqrt(1.0f): the reference's Bloch "normalisation", Q30 */
#define BLOCH_NORM_Q30	1071924160LL
/* 0.95 and 0.8 in Q0.64 (0.05 = 0.8 / 16) */
#define C095		17524406870024074035ULL
#define C080		14757395258967641293ULL

/*
 * theta and phi_az weights, Q30, with the factor 2 of t_i = 2 atan(.) folded
 * in: theta = sum(w_i t_i) / sum(w_i), and t0 == t1 because velocity / 32 ==
 * delta / 64.
 */
#define W_T01		1717986918LL	/* 2 * (0.5 + 0.3) */
#define W_T2		214748365LL	/* 2 * 0.1 */
#define W_T3		107374182LL	/* 2 * 0.05 */
#define W_T4		32212255LL	/* 0.03 (t4 already doubled) */
#define W_T5		42949673LL	/* 2 * 0.02 */
#define W_AZ0		2273806215LL	/* 2 * 0.9 / 0.85 */
#define W_AZ3		252645135LL	/* 2 * 0.1 / 0.85 */

const struct aether_params aether_presets[AETHER_NR_PRESETS] = {
	[AETHER_PRESET_DEFAULT] = {
		.epsilon = AETHER_QC(1, 2), .phi = AETHER_QC(1, 10),
		.lambda = { AETHER_QC(1, 10), AETHER_QC(2, 10), AETHER_QC(3, 10) },
		.bias = AETHER_QC(5, 100),
	},
	[AETHER_PRESET_HFT] = {
		.epsilon = AETHER_QC(65, 100), .phi = AETHER_QC(5, 100),
		.lambda = { AETHER_QC(3, 100), AETHER_QC(8, 100), AETHER_QC(15, 100) },
		.bias = AETHER_QC(-2, 100),
	},
	[AETHER_PRESET_GAMING] = {
		.epsilon = AETHER_QC(4, 10), .phi = AETHER_QC(2, 10),
		.lambda = { AETHER_QC(15, 100), AETHER_QC(25, 100), AETHER_QC(35, 100) },
		.bias = AETHER_QC(5, 100),
	},
};

const char *const aether_preset_names[AETHER_NR_PRESETS] = {
	[AETHER_PRESET_DEFAULT] = "default",
	[AETHER_PRESET_HFT] = "hft",
	[AETHER_PRESET_GAMING] = "gaming",
};

int aether_preset_find(const char *name, size_t len)
{
	int i;
	size_t j;

	for (i = 0; i < AETHER_NR_PRESETS; i++) {
		const char *p = aether_preset_names[i];

		for (j = 0; j < len && p[j] && p[j] == name[j]; j++)
			;
		if (j == len && !p[j])
			return i;
	}
	return -1;
}

static bool in_range(aether_q v, aether_q lo, aether_q hi)
{
	return v >= lo && v <= hi;
}

bool aether_params_valid(const struct aether_params *p)
{
	int i;

	if (!in_range(p->epsilon, AETHER_EPSILON_MIN, AETHER_EPSILON_MAX) ||
	    !in_range(p->phi, -AETHER_PHI_LIMIT, AETHER_PHI_LIMIT) ||
	    !in_range(p->bias, -AETHER_BIAS_LIMIT, AETHER_BIAS_LIMIT))
		return false;
	for (i = 0; i < 3; i++)
		if (!in_range(p->lambda[i], -AETHER_LAMBDA_LIMIT,
			      AETHER_LAMBDA_LIMIT))
			return false;
	return true;
}

void aether_povm_init(struct aether_povm *k, const struct aether_params *p)
{
	struct aether_dsp *d = &k->dsp;
	unsigned int i;

	k->params = *p;
	k->phi = p->phi;
	k->epsilon = p->epsilon;
	k->cycles = 0;
	k->prefetches = 0;

	d->count = 0;
	d->recip = 0;
	d->recip_next = U64_ALL;
	d->mean = 0;
	d->mean_frac = 32;
	d->m2_exp = -64;
	d->m2 = 0;
	d->last = 0;
	d->energy.m = 0;
	d->energy.e = 0;
	d->ln_sum = 0;
	for (i = 0; i < AETHER_ENTROPY_RING; i++)
		d->ln_ring[i] = 0;
	d->ring_idx = 0;
	d->ring_fill = 0;
}

void aether_povm_reset_stats(struct aether_povm *k)
{
	k->cycles = 0;
	k->prefetches = 0;
}

aether_q aether_povm_ratio(const struct aether_povm *k)
{
	u64 p = k->prefetches, c = k->cycles;

	/* 64-bit division only (the kernel has no 128-bit divide) */
	while (p >> (63 - AETHER_Q)) {
		p >>= 1;
		c >>= 1;
	}
	return c ? (aether_q)((p << AETHER_Q) / c) : 0;
}

/*
 * The reference converts the u64 delta to f32 before any statistics; doing
 * the same rounding (to nearest, ties to even) keeps a backward stream's
 * deltas, which all round to 2^64, as identical as the reference sees them.
 * 2^64 itself saturates to ~0.
 */
static u64 f32_round(u64 v)
{
	int sh;
	u64 q, rem, half;

	if (v < (1ULL << 24))
		return v;
	sh = 40 - clz64(v);
	q = v >> sh;
	rem = v & ((1ULL << sh) - 1);
	half = 1ULL << (sh - 1);
	if (rem > half || (rem == half && (q & 1)))
		q++;
	if (q >> 24) {
		q >>= 1;
		sh++;
	}
	return sh > 40 ? U64_ALL : q << sh;
}

static inline __uint128_t shr128(__uint128_t v, int sh)
{
	return sh >= 128 ? 0 : v >> sh;
}

/*
 * Welford's running mean and M2 over every delta seen.  The mean is a 64-bit
 * fixed-point value whose binary point moves left (never right) when a
 * larger delta arrives, so small strides keep 32 fractional bits and 2^64
 * still fits; M2 only grows, so it carries its own exponent.
 */
static void dsp_welford(struct aether_dsp *d, u64 x)
{
	int bits = 64 - clz64(x | 1);
	s64 xs, d1, d2;
	__int128_t prod;
	__uint128_t sum;
	int sh;

	if (bits + d->mean_frac > 62) {
		int nf = 62 - bits;

		d->mean >>= d->mean_frac - nf;
		d->mean_frac = nf;
		if (d->m2_exp < -2 * nf) {
			sh = -2 * nf - d->m2_exp;
			d->m2 = sh >= 64 ? 0 : d->m2 >> sh;
			d->m2_exp = -2 * nf;
		}
	}
	xs = d->mean_frac >= 0 ? (s64)(x << d->mean_frac) :
				 (s64)(x >> -d->mean_frac);

	d->count++;
	d->recip = d->recip_next;
	/* for the next sample: its divide then overlaps this cycle's work */
	d->recip_next = U64_ALL / (d->count + 1);
	d1 = xs - d->mean;
	if (d->count == 1)
		d->mean = xs;
	else
		d->mean += (s64)(((__int128_t)d1 * (__int128_t)d->recip) >> 64);
	d2 = xs - d->mean;

	prod = (__int128_t)d1 * d2;
	if (prod <= 0)
		return;
	sum = (__uint128_t)d->m2 +
	      shr128((__uint128_t)prod, d->m2_exp + 2 * d->mean_frac);
	if ((u64)(sum >> 64)) {
		sh = 64 - clz64((u64)(sum >> 64));
		d->m2 = (u64)(sum >> sh);
		d->m2_exp += sh;
	} else {
		d->m2 = (u64)sum;
	}
}

/* M2 / (count - 1); count >= 2 */
static struct aether_wide dsp_variance(const struct aether_dsp *d, u64 prev_recip)
{
	u64 q;

	if (d->count == 2)
		return fx_wide_from_u64(d->m2, -d->m2_exp);
	q = (u64)(((__uint128_t)d->m2 * prev_recip) >> 64);
	return fx_wide_from_u64(q, -d->m2_exp);
}

static struct aether_wide wide_mul_frac(struct aether_wide w, u64 frac)
{
	u64 m = (u64)(((__uint128_t)w.m * frac) >> 64);

	if (!(m >> 63)) {
		m <<= 1;
		w.e--;
	}
	w.m = m;
	return w;
}

static struct aether_wide wide_add(struct aether_wide a, struct aether_wide b)
{
	struct aether_wide t;
	int sh;
	u64 m;

	if (!a.m)
		return b;
	if (!b.m)
		return a;
	if (a.e < b.e) {
		t = a;
		a = b;
		b = t;
	}
	sh = a.e - b.e;
	if (sh >= 64)
		return a;
	m = a.m + (b.m >> sh);
	if (m < a.m) {			/* carry out of bit 63 */
		a.m = (m >> 1) | (1ULL << 63);
		a.e++;
	} else {
		a.m = m;
	}
	return a;
}

/* energy = 0.95 energy + 0.05 (x - last)^2 */
static void dsp_spectrum(struct aether_dsp *d, u64 x)
{
	u64 dd = x > d->last ? x - d->last : d->last - x;
	struct aether_wide e = d->energy;

	d->last = x;
	if (e.m)
		e = wide_mul_frac(e, C095);
	if (dd) {
		__uint128_t sq = (__uint128_t)dd * dd;
		u64 hi = (u64)(sq >> 64);
		int lz = hi ? clz64(hi) : 64 + clz64((u64)sq);
		struct aether_wide t;

		t.m = (u64)((sq << lz) >> 64);
		t.e = 127 - lz;
		t = wide_mul_frac(t, C080);
		t.e -= 4;
		e = wide_add(e, t);
	}
	/* far below f32's range the reference has flushed to zero */
	if (e.m && e.e < -160)
		e.m = 0;
	d->energy = e;
}

/*
 * Ring of ln max(delta, 1e-3); the sum is kept exactly, not recomputed.  A
 * steady stride repeats its delta, so the previous logarithm is reused.
 */
static void dsp_entropy(struct aether_dsp *d, u64 x, u64 prev)
{
	unsigned int i = d->ring_idx;
	s32 l;

	if (x == prev && d->ring_fill)
		l = d->ln_ring[(i - 1) & (AETHER_ENTROPY_RING - 1)];
	else
		l = x ? fx_ln_u64(x, 0) : LN_1E3_Q24;

	d->ln_sum += l - d->ln_ring[i];
	d->ln_ring[i] = l;
	d->ring_idx = (i + 1) & (AETHER_ENTROPY_RING - 1);
	if (d->ring_fill < AETHER_ENTROPY_RING)
		d->ring_fill++;
}

/*
 * Context in Q24: ln 16 - mean(ln), clamped to [0, 10].  Until the ring is
 * full the reference averages in ln(0) = -inf and so reports the clamp, 10.
 */
static s64 dsp_context(const struct aether_dsp *d)
{
	s64 c;

	if (d->ring_fill < AETHER_ENTROPY_RING)
		return CONTEXT_MAX_Q24;
	c = LN16_Q24 - (d->ln_sum >> 4);
	if (c < 0)
		return 0;
	return c > CONTEXT_MAX_Q24 ? CONTEXT_MAX_Q24 : c;
}

static u64 sat_shl(u64 v, int sh)
{
	return v >> (64 - sh) ? U64_ALL : v << sh;
}

static aether_q wrap_pi(aether_q a)
{
	if (a > AETHER_PI)
		a -= TWO_PI;
	else if (a < -AETHER_PI)
		a += TWO_PI;
	return a;
}

bool aether_povm_cycle(struct aether_povm *k, u64 first, u64 last, u32 len,
		       struct aether_cycle *out)
{
	const struct aether_params *p = &k->params;
	aether_q a0 = 0, a2 = 0, a3 = 0, t4 = 0, a5;
	aether_q theta, az, half_s, saz, ry, tm, phim, o1, o2, o3, pf, ph, eps;
	struct aether_wide var = { 0, 0 }, spec = { 0, 0 };
	u64 delta = last - first;
	s64 ctx = 0, acc;
	bool fetch;

	k->cycles++;

	if (len >= 2) {
		struct aether_dsp *d = &k->dsp;
		u64 x = f32_round(delta);
		u64 prev_recip = d->recip;
		struct aether_wide w;

		dsp_entropy(d, x, d->last);
		dsp_welford(d, x);
		dsp_spectrum(d, x);

		if (d->count >= 2)
			var = dsp_variance(d, prev_recip);
		spec = fx_quake_sqrt(d->energy);
		ctx = dsp_context(d);

		w = fx_wide_from_u64(delta, 6);		/* delta / 64 */
		a0 = fx_atan_wide(w);
		var.e -= 7;					/* var / 128 */
		a2 = fx_atan_wide(var);
		var.e += 7;
		spec.e -= 4;					/* spec / 16 */
		a3 = fx_atan_wide(spec);
		spec.e += 4;
		t4 = T4_HISTORY;
	}
	/* t5 = 2 atan((context - 1) / 4); context sits at a clamp most of the time */
	if (ctx == 0)
		a5 = A5_CTX_MIN;
	else if (ctx == CONTEXT_MAX_Q24)
		a5 = A5_CTX_MAX;
	else
		a5 = fx_atan((aether_q)((ctx << 3) - AETHER_ONE) >> 2);

	acc = a0 * W_T01 + a2 * W_T2 + a3 * W_T3 + t4 * W_T4 + a5 * W_T5;
	theta = (aether_q)(acc >> 30);
	az = (aether_q)((a0 * W_AZ0 + a3 * W_AZ3) >> 30);

	/*
	 * Bloch vector (sin(theta/2) cos az, sin(theta/2) sin az, cos(theta/2))
	 * has unit length already; the reference's fast_inv_sqrt(1) scales it
	 * by a constant 0.99831.  Only ry reaches the decision.
	 */
	half_s = fx_sin(theta >> 1);
	saz = fx_sin(az);
	ry = (aether_q)(((s64)aether_qmul(half_s, saz) * BLOCH_NORM_Q30) >> 30);

	/* theta_m = acos(ry); phi_m = atan2(ry, rx) is az, turned by pi when
	 * sin(theta/2) < 0, and only |phi_m| matters: cos is even.
	 */
	tm = fx_acos(ry);
	if (half_s > 0)
		phim = wrap_pi(az);
	else if (half_s < 0)
		phim = wrap_pi(az + AETHER_PI);
	else
		phim = fx_cos(az) < 0 ? AETHER_PI : 0;
	if (phim < 0)
		phim = -phim;

	o1 = fx_cos(tm + k->phi);
	o2 = fx_sin((tm >> 1) - k->phi);
	o3 = fx_cos(aether_qmul(tm, phim));

	/* phi = fmod(phi + l2 o2, 2 pi): the remainder keeps the sign */
	ph = k->phi + aether_qmul(p->lambda[1], o2);
	while (ph >= AETHER_2PI_F32)
		ph -= AETHER_2PI_F32;
	while (ph <= -AETHER_2PI_F32)
		ph += AETHER_2PI_F32;
	k->phi = ph;

	eps = k->epsilon + aether_qmul(p->lambda[0], o1);
	if (eps < EPS_FLOOR)
		eps = EPS_FLOOR;
	if (eps > EPS_CEIL)
		eps = EPS_CEIL;
	k->epsilon = eps;

	pf = fx_sigmoid(-(aether_qmul(p->lambda[2], o3) + p->bias));
	fetch = pf > eps;
	k->prefetches += fetch;

	if (out) {
		aether_q half_c = fx_cos(theta >> 1);

		out->features[AETHER_F_DELTA] = len >= 2 ? sat_shl(delta, 16) : 0;
		out->features[AETHER_F_VELOCITY] = len >= 2 ? sat_shl(delta, 15) : 0;
		out->features[AETHER_F_VARIANCE] =
			fx_wide_to_u64(var, AETHER_FEAT_Q);
		out->features[AETHER_F_SPECTRUM] =
			fx_wide_to_u64(spec, AETHER_FEAT_Q);
		out->features[AETHER_F_HISTORY] = len >= 2 ? HISTORY_Q16 : 0;
		out->features[AETHER_F_CONTEXT] = (u64)(ctx >> 8);
		out->bloch[0] = (aether_q)(((s64)aether_qmul(half_s,
				fx_cos(az)) * BLOCH_NORM_Q30) >> 30);
		out->bloch[1] = ry;
		out->bloch[2] = (aether_q)(((s64)half_c * BLOCH_NORM_Q30) >> 30);
		out->p_fetch = pf;
		out->phi = ph;
		out->epsilon = eps;
		out->fetch = fetch;
	}
	return fetch;
}
