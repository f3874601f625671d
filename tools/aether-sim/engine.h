/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The replay engine: one trace through one policy, over the page-cache
 * model, the readahead model and aether's own core (the POVM gate of
 * module/core/povm.c and the predictor of module/core/predict.c, linked from
 * libaether.a exactly as the module compiles them).
 */
#ifndef _AETHER_SIM_ENGINE_H
#define _AETHER_SIM_ENGINE_H

#include <stdio.h>

#include "../../include/aether/povm.h"
#include "../../include/aether/predict.h"
#include "trace.h"

enum sim_policy {
	SIM_NONE,		/* demand reads only */
	SIM_READAHEAD,		/* the Linux readahead model */
	SIM_STRIDE,		/* aether's predictor on every read, no gate */
	SIM_POVM,		/* aether: POVM gate + predictor */
	SIM_POVM_RA,		/* Linux readahead plus aether: the deployment */
	SIM_NR_POLICIES,
};

extern const char *const sim_policy_names[SIM_NR_POLICIES];
int sim_policy_find(const char *name);

struct sim_config {
	enum sim_policy policy;
	u32 cache_pages;
	u64 ra_pages;			/* Linux's maximum window, pages */
	u64 capacity;			/* device sectors */
	struct aether_params params;	/* the gate's */
	u32 window;			/* the gate's window, LBAs */
	u32 max_depth;			/* the predictor's knob */
};

/* Prefetch sources */
enum { SRC_LINUX, SRC_AETHER, SIM_NR_SRC };

struct sim_stats {
	u64 requests, reads, writes;
	u64 read_pages;			/* pages the reads asked for */
	u64 hits, misses;		/* of those */
	u64 prefetched[SIM_NR_SRC];	/* pages brought in by a prefetch */
	u64 used[SIM_NR_SRC];		/* of those, later read */
	u64 decisions;			/* reads the module saw (gate cycles) */
	u64 gate_fires;
	u64 ranges;			/* ranges the predictor issued */
	u64 none_misses;		/* the same trace under `none`; 0 = unknown */
};

/* A config with the defaults of `aether-sim replay` for a trace. */
void sim_config_default(struct sim_config *cfg, const struct trace *t);

/*
 * Replay t under cfg into *st.  With emit non-NULL, also prints the R/P
 * stream of DESIGN.md there.  Returns 0, or -1 if out of memory.
 */
int sim_run(const struct sim_config *cfg, const struct trace *t,
	    struct sim_stats *st, FILE *emit);

/* The key=value summary line (without newline). */
void sim_summary(FILE *f, const struct sim_config *cfg, const struct sim_stats *st);

/* num / den as "0.1234" (4 decimals, rounded, signed); "na" if den == 0 */
void sim_ratio(char *buf, size_t size, s64 num, u64 den);

#endif /* _AETHER_SIM_ENGINE_H */
