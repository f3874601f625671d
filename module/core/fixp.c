// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Exported fixed-point functions of the aether core (include/aether/fixp.h);
 * the bodies live in fixp_inline.h so the decision path can inline them.
 */
#include "fixp_inline.h"

aether_q aether_sin(aether_q x)
{
	return fx_sin(x);
}

aether_q aether_cos(aether_q x)
{
	return fx_cos(x);
}

aether_q aether_atan(aether_q x)
{
	return fx_atan(x);
}

aether_q aether_atan_u64(u64 v, int frac_bits)
{
	return fx_atan_u64(v, frac_bits);
}

aether_q aether_atan2(aether_q y, aether_q x)
{
	return fx_atan2(y, x);
}

aether_q aether_acos(aether_q x)
{
	return fx_acos(x);
}

aether_q aether_sigmoid(aether_q x)
{
	return fx_sigmoid(x);
}

s32 aether_ln_u64(u64 v, int frac_bits)
{
	return fx_ln_u64(v, frac_bits);
}

u32 aether_isqrt_u64(u64 v)
{
	return fx_isqrt_u64(v);
}

struct aether_wide aether_wide_from_u64(u64 v, int frac_bits)
{
	return fx_wide_from_u64(v, frac_bits);
}

u64 aether_wide_to_u64(struct aether_wide w, int frac_bits)
{
	return fx_wide_to_u64(w, frac_bits);
}

aether_q aether_atan_wide(struct aether_wide w)
{
	return fx_atan_wide(w);
}

struct aether_wide aether_quake_sqrt(struct aether_wide w)
{
	return fx_quake_sqrt(w);
}
