/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The POVM decision kernel: a fixed-point port of AETHER-Link's
 * process_io_cycle().  One call looks at a window's first and last LBA,
 * updates six telemetry features, encodes them on the Bloch sphere, measures
 * three observables and decides "prefetch" when the sigmoid of the third
 * exceeds an adaptive threshold.  O(1) whatever the window length, no
 * allocation, no floating point, no division on the decision path beyond one
 * 64-bit reciprocal of the sample count.
 */
#ifndef _AETHER_POVM_H
#define _AETHER_POVM_H

#include "fixp.h"

struct aether_params {
	aether_q epsilon;	/* initial threshold */
	aether_q phi;		/* initial basis angle, radians */
	aether_q lambda[3];	/* threshold rate, basis rate, fetch scale */
	aether_q bias;		/* sigmoid bias */
};

enum aether_preset {
	AETHER_PRESET_DEFAULT,
	AETHER_PRESET_HFT,
	AETHER_PRESET_GAMING,
	AETHER_NR_PRESETS,
};

extern const struct aether_params aether_presets[AETHER_NR_PRESETS];
extern const char *const aether_preset_names[AETHER_NR_PRESETS];

/* index of the preset called name[0..len), or -1 */
int aether_preset_find(const char *name, size_t len);

/*
 * Ranges every interface validates parameters against.  They keep each sum
 * the kernel forms inside Q4.27 (|x| < 16).
 */
#define AETHER_EPSILON_MIN	0
#define AETHER_EPSILON_MAX	AETHER_ONE
#define AETHER_PHI_LIMIT	(8 * AETHER_ONE)
#define AETHER_LAMBDA_LIMIT	(4 * AETHER_ONE)
#define AETHER_BIAS_LIMIT	(8 * AETHER_ONE)

bool aether_params_valid(const struct aether_params *p);

enum aether_feature {
	AETHER_F_DELTA,
	AETHER_F_VELOCITY,
	AETHER_F_VARIANCE,
	AETHER_F_SPECTRUM,
	AETHER_F_HISTORY,
	AETHER_F_CONTEXT,
	AETHER_NR_FEATURES,
};

/* Reported features are unsigned Q48.16, saturated at 2^48 - 2^-16. */
#define AETHER_FEAT_Q		16

#define AETHER_ENTROPY_RING	16

/* Running statistics behind the variance, spectrum and context features. */
struct aether_dsp {
	u64 count;			/* samples (windows of >= 2 LBAs) */
	u64 recip;			/* 1 / count in Q0.64, 0 before any */
	s64 keep;			/* 1 - 1 / (count + 1) in Q63 */
	s64 mean;			/* Welford mean * 2^mean_frac */
	s32 mean_frac;			/* -32..31, falls as deltas or M2 grow */
	u64 x_mul;			/* 2^(mean_frac + 32) */
	u64 x_lim;			/* largest delta that fits mean_frac */
	u64 m2_hi, m2_lo;		/* Welford M2 * 2^(2 mean_frac), 128 bits */
	u64 last;			/* previous delta, as f32 rounds it */
	s64 last_xs;			/* last * 2^mean_frac */
	struct aether_wide energy;	/* EWMA of squared delta differences */
	s64 ln_sum;			/* sum of ln_ring, Q24 */
	s32 ln_ring[AETHER_ENTROPY_RING];	/* ln max(delta, 1e-3), Q24 */
	s32 last_ln;			/* ln max(last, 1e-3), Q24 */
	aether_q a5;			/* atan((context - 1) / 4), or S32_MIN: stale */
	u8 ring_idx;
	u64 var_sat;			/* M2 * recip >> 64 from here on: variance >= 2^33 */
	u64 a0_delta;			/* the delta a0 was computed for */
	aether_q a0;			/* atan(a0_delta / 64) */
};

/* One result of the measurement stage, for the feature angles in key. */
struct aether_memo_slot {
	u64 key[2];			/* a0, a2 and a3, a5 (Q27) */
	u32 th, az;			/* theta / 2 and phi_az, turns */
	u32 tm;				/* theta_m = acos(ry), turns */
	aether_q p_fetch;
};

/*
 * The measurement stage depends only on the feature angles and the
 * parameters, so a stream whose features repeat (any steady stream, any
 * saturated one) reuses it.  Once phi and epsilon stop moving the adaptation
 * is reused too.  The slot before the last is kept: a random stream's rare
 * short delta changes the angles for one cycle and then goes back to them.
 */
struct aether_memo {
	struct aether_memo_slot slot;
	struct aether_memo_slot prev;	/* the slot before, for the same pkey */
	u64 pkey[2];			/* lambda[0..2], bias the slots are for */
	/* phi and epsilon the last cycle left unchanged using slot, or S32_MIN */
	aether_q still_phi, still_eps;
	bool fetch;			/* the last cycle's decision */
};

struct aether_povm {
	struct aether_params params;
	aether_q phi;
	aether_q epsilon;
	u64 cycles;
	u64 prefetches;
	struct aether_dsp dsp;
	struct aether_memo memo;
};

/* Everything one cycle computed, for tools and the DECIDE ioctl. */
struct aether_cycle {
	u64 features[AETHER_NR_FEATURES];	/* Q48.16 */
	aether_q bloch[3];			/* rx, ry, rz */
	aether_q p_fetch;
	aether_q phi;				/* after the cycle */
	aether_q epsilon;			/* after the cycle */
	bool fetch;
};

void aether_povm_init(struct aether_povm *k, const struct aether_params *p);

/*
 * One decision on a window of len LBAs whose first and last are given (the
 * kernel reads nothing else).  out may be NULL on the fast path.
 */
bool aether_povm_cycle(struct aether_povm *k, u64 first, u64 last, u32 len,
		       struct aether_cycle *out);

static inline bool aether_povm_window(struct aether_povm *k, const u64 *lba,
				      u32 n, struct aether_cycle *out)
{
	return aether_povm_cycle(k, n ? lba[0] : 0, n ? lba[n - 1] : 0, n, out);
}

/* Counters to zero; the adaptive and DSP state stay (as the reference). */
void aether_povm_reset_stats(struct aether_povm *k);

/* prefetches / cycles in Q27, 0 before the first cycle */
aether_q aether_povm_ratio(const struct aether_povm *k);

#endif /* _AETHER_POVM_H */
