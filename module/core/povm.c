// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Fixed-point port of AETHER-Link's POVM decision kernel (see
 * Documentation/design.rst for the algorithm and why each step is computed
 * the way it is here).
 *
 * The decision is paid for on every block I/O, so the cycle is arranged
 * around what repeats.  The measurement stage (Bloch vector, theta_m, the
 * third observable, the sigmoid) is a function of the four feature angles
 * and the parameters alone and is memoised on them; the adaptation stops
 * moving once phi sits at its fixed point and epsilon at a clamp, and is
 * then skipped; a window with last cycle's delta (a stride, a sequential
 * run) takes a path that touches only the running statistics.  Lookups on
 * that path use the linear tables of fixp_tables.c (within 1.6e-7 of libm);
 * the exported functions of fixp.c keep their quadratics.  Results do not
 * depend on which path ran.
 */
#include "../../include/aether/povm.h"
#include "fixp_inline.h"

/* Q27 constants; the reference's f32 literals where they matter */
#define EPS_FLOOR	((aether_q)13421773)	/* 0.1f */
#define EPS_CEIL	((aether_q)120795955)	/* 0.9f */
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
 * theta / 2 and phi_az straight in turns (2^32 a turn), so no conversion
 * stands between the features and the table lookups.  theta = sum(w_i t_i)
 * with t_i = 2 atan(.) and t0 == t1 (velocity / 32 == delta / 64): weights
 * 2 (.5 + .3), 2 (.1), 2 (.05), .03 (t4 is already doubled), 2 (.02), times
 * 8 / pi for half-turns, Q28; phi_az = (1.8 a0 + .2 a3) / .85, times
 * 16 / pi, Q27.
 */
#define TH_W01		1093704441LL
#define TH_W2		136713055LL
#define TH_W3		68356528LL
#define TH_W5		27342611LL
#define TH_T4		3714310320026494LL	/* 2 atan(0.8), Q27, times .03 8 / pi, Q28 */
#define AZ_W0		1447549995LL
#define AZ_W3		160838888LL
#define TWO_PI_Q28	1686629713LL
#define QUARTER_TURN	0x40000000U
#define HALF_TURN	0x80000000U

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

static void dsp_set_scale(struct aether_dsp *d, int frac)
{
	int sat = 33 + 2 * frac - 64;	/* 2^33 at M2's binary point, high half */

	d->mean_frac = frac;
	d->x_mul = 1ULL << (frac + 32);
	if (frac >= 0)
		d->x_lim = ((1ULL << 62) - 1) >> frac;
	else
		d->x_lim = frac == -1 ? (1ULL << 63) - 1 : U64_ALL;
	d->var_sat = sat > 0 ? 1ULL << sat : 1;
}

static void memo_init(struct aether_memo *m, const struct aether_params *p);

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
	d->keep = 0;
	d->mean = 0;
	dsp_set_scale(d, 31);
	d->m2_hi = 0;
	d->m2_lo = 0;
	d->last = 0;
	d->last_xs = 0;
	d->last_ln = LN_1E3_Q24;
	d->energy.m = 0;
	d->energy.e = 0;
	d->ln_sum = 0;
	for (i = 0; i < AETHER_ENTROPY_RING; i++)
		d->ln_ring[i] = 0;
	d->ring_idx = 0;
	d->a5 = A5_CTX_MAX;
	d->a0_delta = 0;
	d->a0 = 0;
	memo_init(&k->memo, p);
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
static u64 f32_round_slow(u64 v)
{
	int sh = 40 - clz64(v);			/* bits below the 24 kept */
	u64 low = (1ULL << sh) - 1;
	u64 r = v + (low >> 1) + ((v >> sh) & 1);

	/* a carry into bit 24 + sh leaves the low bits 0: still exact */
	return r < v ? U64_ALL : r & ~low;
}

static inline u64 f32_round(u64 v)
{
	return aether_likely(v < (1ULL << 24)) ? v : f32_round_slow(v);
}

/* A delta too large for the mean's binary point: move it left. */
static noinline void dsp_rescale(struct aether_dsp *d, u64 x)
{
	int nf = 62 - (64 - clz64(x)), sh = d->mean_frac - nf;
	__uint128_t m2 = ((__uint128_t)d->m2_hi << 64) | d->m2_lo;

	d->mean >>= sh;
	m2 >>= 2 * sh;
	d->m2_hi = (u64)(m2 >> 64);
	d->m2_lo = (u64)m2;
	dsp_set_scale(d, nf);
}

/* M2 carried out of 128 bits: make room by moving the binary point. */
static noinline void dsp_m2_carry(struct aether_dsp *d, __uint128_t sum)
{
	if (d->mean_frac == -32) {		/* 2^192: saturate */
		d->m2_hi = U64_ALL;
		d->m2_lo = U64_ALL;
		return;
	}
	sum = (sum >> 2) | ((__uint128_t)1 << 126);
	d->m2_hi = (u64)(sum >> 64);
	d->m2_lo = (u64)sum;
	d->mean >>= 1;
	dsp_set_scale(d, d->mean_frac - 1);
	d->last_xs = (s64)(((__uint128_t)d->last * d->x_mul) >> 32);
}

/*
 * Welford's running mean and M2 over every delta seen.  The mean is a 64-bit
 * fixed-point value and M2 a 128-bit one at twice its binary point, so the
 * update is two multiplies and an add; the binary point moves left only when
 * a larger delta arrives or M2 would overflow (never on a steady stream).
 * With c = 1 - 1/n, x - new mean is exactly (x - mean) c, and M2's
 * increment (x - mean)^2 c is never negative.  xs is x at the mean's binary
 * point.
 */
static inline void dsp_welford(struct aether_dsp *d, s64 xs)
{
	__uint128_t m2, sum;
	s64 d1, d2, c;

	c = d->keep;
	d->count++;
	d->recip = ~((u64)c << 1);
	/* for the next sample: its divide then overlaps this cycle's work */
	d->keep = (s64)(~(U64_ALL / (d->count + 1)) >> 1);
	d1 = xs - d->mean;
	d2 = (s64)(u64)(((__int128_t)d1 * c) >> 63);
	d->mean = xs - d2;
	m2 = ((__uint128_t)d->m2_hi << 64) | d->m2_lo;
	sum = m2 + (__uint128_t)((__int128_t)d1 * d2);
	if (aether_unlikely(sum < m2)) {
		dsp_m2_carry(d, sum);
	} else {
		d->m2_hi = (u64)(sum >> 64);
		d->m2_lo = (u64)sum;
	}
}

/* v * 2^-frac_bits as a normalised wide value */
static inline struct aether_wide wide_from_u128(__uint128_t v, int frac_bits)
{
	struct aether_wide w = { 0, 0 };
	u64 hi = (u64)(v >> 64), lo = (u64)v;
	int lz;

	if (hi) {
		lz = clz64(hi);
		w.m = (hi << lz) | ((lo >> 1) >> (63 - lz));
		w.e = 127 - lz - frac_bits;
	} else if (lo) {
		lz = clz64(lo);
		w.m = lo << lz;
		w.e = 63 - lz - frac_bits;
	}
	return w;
}

/* M2 / (count - 1) * 2^(2 mean_frac), given recip = 1 / (count - 1) */
static inline __uint128_t dsp_var_fixed(const struct aether_dsp *d, u64 recip)
{
	return (__uint128_t)d->m2_hi * recip +
	       (((__uint128_t)d->m2_lo * recip) >> 64);
}

/*
 * atan(variance / 128).  From 2^33 on it is pi/2 to within 2^-26, the
 * atan table's own cut-off: a variance that high (any random stream) needs
 * one multiply and a compare.  recip is 0 for the first sample.
 */
static inline bool variance_saturated(const struct aether_dsp *d, u64 recip)
{
	return (u64)(((__uint128_t)d->m2_hi * recip) >> 64) >= d->var_sat;
}

static inline aether_q variance_angle(const struct aether_dsp *d, u64 recip)
{
	struct aether_wide w;

	if (variance_saturated(d, recip))
		return AETHER_PI_2;
	w = wide_from_u128(dsp_var_fixed(d, recip), 2 * d->mean_frac + 7);
	return w.m ? atan_norm(w.m, w.e) : 0;
}

/*
 * energy = 0.95 energy + 0.05 (x - last)^2; dd = |x - last| is 0 on a steady
 * stream.
 */
static inline void dsp_spectrum(struct aether_dsp *d, u64 dd)
{
	u64 m = (u64)(((__uint128_t)d->energy.m * C095) >> 64);
	int e = d->energy.e, top = (int)(m >> 63);

	/* 0.95 m keeps bit 62 at least: renormalise by at most one place */
	m <<= 1 - top;
	e -= 1 - top;
	if (dd) {
		/*
		 * 0.05 dd^2 with dd = n 2^-lz, n normalised: (n^2 / 2^64) 0.8 is
		 * within two places of normalised, and the value is that times
		 * 2^(60 - 2 lz).
		 */
		int lz = clz64(dd), tz, te, sh;
		u64 n = dd << lz, t;

		t = (u64)(((__uint128_t)(u64)(((__uint128_t)n * n) >> 64) *
			   C080) >> 64);
		tz = clz64(t);
		t <<= tz;
		te = 123 - 2 * lz - tz;
		if (!m || te > e) {
			u64 s = m;

			m = t;
			t = s;
			sh = te;
			te = e;
			e = sh;
		}
		sh = e - te;
		if (sh < 64 && t) {
			u64 sum = m + (t >> sh);

			if (sum < m) {		/* carry out of bit 63 */
				sum = (sum >> 1) | (1ULL << 63);
				e++;
			}
			m = sum;
		}
	}
	/* far below f32's range the reference has flushed to zero */
	if (aether_unlikely(e < -160)) {
		m = 0;
		e = -160;
	}
	d->energy.m = m;
	d->energy.e = e;
}

/*
 * Ring of ln max(delta, 1e-3); the sum is kept exactly, not recomputed.  A
 * steady stride repeats its delta, so the previous logarithm is reused.
 */
/*
 * Context in Q24: ln 16 - mean(ln), clamped to [0, 10].  Until the ring is
 * full the reference averages in ln(0) = -inf and so reports the clamp, 10.
 */
static inline s64 dsp_context(const struct aether_dsp *d)
{
	s64 c;

	if (d->count < AETHER_ENTROPY_RING)
		return CONTEXT_MAX_Q24;
	c = LN16_Q24 - (d->ln_sum >> 4);
	if (c < 0)
		return 0;
	return c > CONTEXT_MAX_Q24 ? CONTEXT_MAX_Q24 : c;
}

/* t5 / 2 = atan((context - 1) / 4); context sits at a clamp most of the time */
static aether_q ctx_angle(s64 ctx)
{
	if (ctx == 0)
		return A5_CTX_MIN;
	if (ctx == CONTEXT_MAX_Q24)
		return A5_CTX_MAX;
	return fx_atan((aether_q)((ctx << 3) - AETHER_ONE) >> 2);
}

/*
 * Ring of ln max(delta, 1e-3); the sum is kept exactly, not recomputed.  A
 * steady stride repeats its delta, so the previous logarithm is reused, and
 * once the ring is all that one value nothing changes: the context angle is
 * recomputed only when the sum moves (or the ring is filling).  Runs after
 * the sample is counted.
 */
#define A5_STALE	((aether_q)(-2147483647 - 1))

static inline void dsp_entropy(struct aether_dsp *d, s32 l)
{
	unsigned int i = d->ring_idx;
	s32 old = d->ln_ring[i];

	d->ring_idx = (i + 1) & (AETHER_ENTROPY_RING - 1);
	if (l != old || d->count <= AETHER_ENTROPY_RING) {
		s64 sum = d->ln_sum + l - old;

		d->ln_sum = sum;
		d->ln_ring[i] = l;
		/*
		 * deltas of 16 and more on (geometric) average give context 0;
		 * anything else is worked out when the angles are formed
		 */
		if (d->count >= AETHER_ENTROPY_RING &&
		    sum >= AETHER_ENTROPY_RING * LN16_Q24)
			d->a5 = A5_CTX_MIN;
		else
			d->a5 = A5_STALE;
	}
}

static inline aether_q dsp_a5(struct aether_dsp *d)
{
	if (aether_unlikely(d->a5 == A5_STALE))
		d->a5 = ctx_angle(dsp_context(d));
	return d->a5;
}

/* atan(delta / 64); a steady stream repeats its delta */
static inline aether_q delta_angle(struct aether_dsp *d, u64 delta)
{
	if (delta != d->a0_delta) {
		d->a0_delta = delta;
		/* from 2^32 on, the atan table's pi/2 cut-off */
		d->a0 = delta >> 32 ? AETHER_PI_2 :
			fx_atan_wide(fx_wide_from_u64(delta, 6));
	}
	return d->a0;
}

/*
 * atan(sqrt(energy) / 16), sqrt as the reference's fast_sqrt.  At both ends
 * the answer is known without it: below 2^-47 it rounds to 0, from 2^61 up
 * to pi/2.
 */
#define A3_ZERO_E	(-47)
#define A3_PI_2_E	61

static inline aether_q spectrum_angle(struct aether_wide e)
{
	struct aether_wide s;

	if (!e.m || e.e < A3_ZERO_E)
		return 0;
	if (e.e >= A3_PI_2_E)
		return AETHER_PI_2;
	s = fx_quake_sqrt(e);
	return atan_norm(s.m, s.e - 4);
}

static u64 sat_shl(u64 v, int sh)
{
	return v >> (64 - sh) ? U64_ALL : v << sh;
}

/* the normalisation goes on sin(az), off the path through sin(theta / 2) */
static inline aether_q bloch_ry(u32 th, u32 az)
{
	aether_q saz = (aether_q)(((s64)sin_turns_fast(az) * BLOCH_NORM_Q30) >> 30);

	return aether_qmul(sin_turns_fast(th), saz);
}

/* the parameters as two words, for a branch-free compare */
static inline void params_key(const struct aether_params *p, u64 key[2])
{
	__builtin_memcpy(&key[0], &p->lambda[0], sizeof(key[0]));
	__builtin_memcpy(&key[1], &p->lambda[2], sizeof(key[1]));
}

/* no phi is S32_MIN: |phi| < 2 pi after a cycle, < 8 before any */
#define NOT_STILL	((aether_q)(-2147483647 - 1))

/* a2 of a window of < 2 LBAs: no features, and no t4 either */
#define A2_NO_FEATURES	((u32)-1)

static inline u64 angle_pair(aether_q lo, aether_q hi)
{
	return (u32)lo | ((u64)(u32)hi << 32);
}

/*
 * The measurement stage.  theta / 2 and phi_az first, as weighted sums of the
 * feature angles.  The Bloch vector (sin(theta/2) cos az, sin(theta/2) sin az,
 * cos(theta/2)) has unit length already; the reference's fast_inv_sqrt(1)
 * scales it by a constant 0.99831.  Only ry reaches the decision: theta_m =
 * acos(ry), and phi_m = atan2(ry, rx) is az turned by half a turn when
 * sin(theta/2) < 0, of which only |phi_m| matters (cos is even): in turns
 * that is the absolute value of a signed angle.
 */
static void memo_fill(struct aether_memo_slot *s, u64 key0, u64 key1,
		      const struct aether_params *p)
{
	s64 a0 = (s32)key0, a2 = (s32)(key0 >> 32), a3 = (s32)key1;
	s64 a5 = (s32)(key1 >> 32), acc = a0 * TH_W01 + a3 * TH_W3 + a5 * TH_W5;
	aether_q half_s, o3;
	u32 th, az, tm, phim, arg;

	if ((u32)a2 != A2_NO_FEATURES)
		acc += TH_T4 + a2 * TH_W2;
	th = (u32)(acc >> 28);
	az = (u32)((a0 * AZ_W0 + a3 * AZ_W3) >> 27);
	half_s = sin_turns_fast(th);
	tm = fx_acos_turns(bloch_ry(th, az));
	if (half_s > 0)
		phim = az;
	else if (half_s < 0)
		phim = az + HALF_TURN;
	else
		phim = sin_turns_fast(az + QUARTER_TURN) < 0 ? HALF_TURN : 0;
	if ((s32)phim < 0)
		phim = -phim;
	/*
	 * theta_m * phi_m in radians is 2 pi tm phim in turns, and
	 * phim * 2 pi / 4 < 2^33 is ready before tm: one multiply after it
	 */
	arg = (u32)(((u64)tm * (((u64)phim * TWO_PI_Q28) >> 30)) >> 30);
	o3 = sin_turns_fast(arg + QUARTER_TURN);

	s->key[0] = key0;
	s->key[1] = key1;
	s->th = th;
	s->az = az;
	s->tm = tm;
	s->p_fetch = fx_sigmoid(-(aether_qmul(p->lambda[2], o3) + p->bias));
}

/*
 * No angles give a2 = ~0 with a0 = 0 (a window of < 2 LBAs has a2 =
 * A2_NO_FEATURES and a5 = atan(-1/4)): the first cycle always fills.
 */
static void memo_slot_clear(struct aether_memo_slot *s)
{
	s->key[0] = angle_pair(0, A2_NO_FEATURES);
	s->key[1] = 0;
	s->th = 0;
	s->az = 0;
	s->tm = 0;
	s->p_fetch = 0;
}

static void memo_init(struct aether_memo *m, const struct aether_params *p)
{
	memo_slot_clear(&m->slot);
	memo_slot_clear(&m->prev);
	params_key(p, m->pkey);
	m->still_phi = NOT_STILL;
	m->still_eps = 0;
	m->fetch = false;
}

static inline bool slot_is(const struct aether_memo_slot *s, u64 key0,
			   u64 key1)
{
	return !((key0 ^ s->key[0]) | (key1 ^ s->key[1]));
}

static inline bool params_same(const struct aether_memo *m,
			       const struct aether_params *p)
{
	u64 pk[2];

	params_key(p, pk);
	return !((pk[0] ^ m->pkey[0]) | (pk[1] ^ m->pkey[1]));
}

/* The slot, holding these angles for these parameters. */
static inline struct aether_memo_slot *
memo_find(struct aether_memo *m, u64 key0, u64 key1,
	  const struct aether_params *p)
{
	struct aether_memo_slot *s = &m->slot, t;

	if (aether_unlikely(!params_same(m, p))) {
		params_key(p, m->pkey);
		memo_slot_clear(&m->prev);
		memo_fill(s, key0, key1, p);
		m->still_phi = NOT_STILL;
	} else if (aether_unlikely(!slot_is(s, key0, key1))) {
		/*
		 * Only slots with the spectrum at pi/2 are kept and looked
		 * for: a random stream's, which a rare short delta leaves for
		 * one cycle.  A decaying spectrum (after a jump) changes the
		 * key every cycle and does not come back.
		 */
		if ((u32)key1 == AETHER_PI_2 && slot_is(&m->prev, key0, key1)) {
			t = m->prev;
			m->prev = *s;
			*s = t;
		} else {
			if ((u32)s->key[1] == AETHER_PI_2)
				m->prev = *s;
			memo_fill(s, key0, key1, p);
		}
		m->still_phi = NOT_STILL;
	}
	return s;
}

/* Everything the fast path skips, for tools and the DECIDE ioctl. */
static noinline void
fill_out(const struct aether_povm *k, struct aether_cycle *out, u64 delta,
	 u32 len)
{
	const struct aether_dsp *d = &k->dsp;
	const struct aether_memo_slot *s = &k->memo.slot;
	struct aether_wide var = { 0, 0 }, spec = { 0, 0 };
	aether_q half_s = sin_turns_fast(s->th);
	aether_q half_c = sin_turns_fast(s->th + QUARTER_TURN);
	s64 ctx = 0;

	if (len >= 2) {
		if (d->count >= 2)
			var = wide_from_u128(dsp_var_fixed(d, U64_ALL / (d->count - 1)),
					     2 * d->mean_frac);
		spec = fx_quake_sqrt(d->energy);
		ctx = dsp_context(d);
	}
	out->features[AETHER_F_DELTA] = len >= 2 ? sat_shl(delta, 16) : 0;
	out->features[AETHER_F_VELOCITY] = len >= 2 ? sat_shl(delta, 15) : 0;
	out->features[AETHER_F_VARIANCE] = fx_wide_to_u64(var, AETHER_FEAT_Q);
	out->features[AETHER_F_SPECTRUM] = fx_wide_to_u64(spec, AETHER_FEAT_Q);
	out->features[AETHER_F_HISTORY] = len >= 2 ? HISTORY_Q16 : 0;
	out->features[AETHER_F_CONTEXT] = (u64)(ctx >> 8);
	out->bloch[0] = (aether_q)(((s64)aether_qmul(half_s,
				sin_turns_fast(s->az + QUARTER_TURN)) * BLOCH_NORM_Q30) >> 30);
	out->bloch[1] = bloch_ry(s->th, s->az);
	out->bloch[2] = (aether_q)(((s64)half_c * BLOCH_NORM_Q30) >> 30);
	out->p_fetch = s->p_fetch;
	out->phi = k->phi;
	out->epsilon = k->epsilon;
	out->fetch = k->memo.fetch;
}

/* the last cycle used this slot and left phi and epsilon as they are now */
static inline bool memo_still(const struct aether_povm *k)
{
	const struct aether_memo *m = &k->memo;

	return m->still_phi == k->phi && m->still_eps == k->epsilon;
}

/*
 * The adaptation stage with the measurement in slot s: skipped when the last
 * cycle used the same slot and left phi and epsilon as they are.
 */
static inline bool adapt(struct aether_povm *k,
			 const struct aether_memo_slot *s, u64 delta, u32 len,
			 struct aether_cycle *out)
{
	const struct aether_params *p = &k->params;
	struct aether_memo *m = &k->memo;

	if (!memo_still(k)) {
		u32 phi_t = to_turns(k->phi);
		aether_q o1 = sin_turns_fast(s->tm + phi_t + QUARTER_TURN);
		aether_q o2 = sin_turns_fast((s->tm >> 1) - phi_t);
		aether_q ph, eps;

		/* phi = fmod(phi + l2 o2, 2 pi): the remainder keeps the sign */
		ph = k->phi + aether_qmul(p->lambda[1], o2);
		while (ph >= AETHER_2PI_F32)
			ph -= AETHER_2PI_F32;
		while (ph <= -AETHER_2PI_F32)
			ph += AETHER_2PI_F32;

		eps = k->epsilon + aether_qmul(p->lambda[0], o1);
		if (eps < EPS_FLOOR)
			eps = EPS_FLOOR;
		if (eps > EPS_CEIL)
			eps = EPS_CEIL;

		/* nothing moved: with the same theta_m the next cycle is this one */
		m->still_phi = ph == k->phi && eps == k->epsilon ? ph : NOT_STILL;
		m->still_eps = eps;
		k->phi = ph;
		k->epsilon = eps;
		m->fetch = s->p_fetch > eps;
	}
	k->prefetches += m->fetch;

	if (out)
		fill_out(k, out, delta, len);
	return m->fetch;
}

/* The measurement stage (memoised), then the adaptation. */
static inline bool finish(struct aether_povm *k, u64 key0, u64 key1,
			  u64 delta, u32 len, struct aether_cycle *out)
{
	return adapt(k, memo_find(&k->memo, key0, key1, &k->params), delta,
		     len, out);
}

static noinline bool cycle_finish(struct aether_povm *k, u64 key0, u64 key1)
{
	return finish(k, key0, key1, 0, 0, NULL);
}

static noinline bool cycle_adapt(struct aether_povm *k)
{
	return adapt(k, &k->memo.slot, 0, 0, NULL);
}

/* The feature angles of the updated DSP state, then the rest. */
static inline aether_always_inline bool
do_angles(struct aether_povm *k, u64 recip, u64 delta, u32 len,
	  struct aether_cycle *out)
{
	struct aether_dsp *d = &k->dsp;

	return finish(k, angle_pair(d->a0, variance_angle(d, recip)),
		      angle_pair(spectrum_angle(d->energy), dsp_a5(d)),
		      delta, len, out);
}

static noinline bool cycle_angles(struct aether_povm *k, u64 recip, u64 delta,
				  u32 len, struct aether_cycle *out)
{
	return do_angles(k, recip, delta, len, out);
}

/* Any window: a new delta, or fewer than two LBAs. */
static noinline bool
cycle_general(struct aether_povm *k, u64 delta, u32 len,
	      struct aether_cycle *out)
{
	struct aether_dsp *d = &k->dsp;
	u64 x, recip;
	s32 l;

	k->cycles++;
	if (len < 2)	/* no features: context 0 */
		return finish(k, angle_pair(0, A2_NO_FEATURES),
			      angle_pair(0, A5_CTX_MIN), delta, len, out);

	x = f32_round(delta);
	recip = d->recip;		/* 1 / (count - 1) after the update */
	l = d->last_ln;
	if (aether_unlikely(x > d->x_lim))
		dsp_rescale(d, x);
	dsp_welford(d, (s64)(((__uint128_t)x * d->x_mul) >> 32));
	if (x != d->last) {
		l = x ? fx_ln_fast(x) : LN_1E3_Q24;
		d->last_ln = l;
	}
	dsp_entropy(d, l);
	dsp_spectrum(d, x > d->last ? x - d->last : d->last - x);
	d->last = x;
	d->last_xs = (s64)(((__uint128_t)x * d->x_mul) >> 32);
	delta_angle(d, delta);
	/* inline: one stack frame for a new delta (any random read) */
	return do_angles(k, recip, delta, len, out);
}

/*
 * The decision.  A steady stream (the same delta as last time, the common
 * case of a stride or a sequential run) has its own path: its f32 delta, log
 * and a0 are last cycle's, the log ring (once full) is soon all that one log,
 * and the spectrum only decays.  With the variance and
 * spectrum angles at their clamps (any stream that has seen a random jump)
 * the memo's key is known without a table, and once the adaptation has
 * settled nothing else is left.  The path makes only tail calls and is
 * taken only when nothing is to be reported, so it saves no registers.
 */
bool aether_povm_cycle(struct aether_povm *k, u64 first, u64 last, u32 len,
		       struct aether_cycle *out)
{
	struct aether_dsp *d = &k->dsp;
	struct aether_memo *m = &k->memo;
	u64 delta = last - first, key0, key1, recip;
	aether_q a3;

	if (aether_unlikely(len < 2 || delta != d->a0_delta || out ||
			    d->count < AETHER_ENTROPY_RING))
		return cycle_general(k, delta, len, out);

	k->cycles++;
	recip = d->recip;
	dsp_welford(d, d->last_xs);
	dsp_entropy(d, d->last_ln);
	dsp_spectrum(d, 0);
	if (aether_unlikely(d->a5 == A5_STALE))
		return cycle_angles(k, recip, 0, 0, NULL);

	if (!d->energy.m || d->energy.e < A3_ZERO_E)
		a3 = 0;
	else if (d->energy.e >= A3_PI_2_E)
		a3 = AETHER_PI_2;
	else
		return cycle_angles(k, recip, 0, 0, NULL);
	if (aether_unlikely(!variance_saturated(d, recip)))
		return cycle_angles(k, recip, 0, 0, NULL);

	key0 = angle_pair(d->a0, AETHER_PI_2);
	key1 = angle_pair(a3, d->a5);
	if (aether_unlikely(!slot_is(&m->slot, key0, key1) ||
			    !params_same(m, &k->params)))
		return cycle_finish(k, key0, key1);
	if (aether_unlikely(!memo_still(k)))
		return cycle_adapt(k);
	k->prefetches += m->fetch;
	return m->fetch;
}
