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

#include "../../include/aether/history.h"
#include "../../include/aether/povm.h"
#include "../../include/aether/predict.h"
#include "trace.h"

enum sim_policy {
	SIM_NONE,		/* demand reads only */
	SIM_READAHEAD,		/* the Linux readahead model */
	SIM_STRIDE,		/* aether's predictor on every read, no gate */
	SIM_POVM,		/* aether: POVM gate + predictor */
	SIM_POVM_RA,		/* Linux readahead plus aether: the deployment */
	SIM_HISTORY,		/* the history predictor alone, no gate */
	SIM_STRIDE_HISTORY,	/* both predictors, no gate */
	SIM_POVM_HISTORY,	/* the gate over both predictors */
	SIM_POVM_HISTORY_RA,	/* that plus Linux readahead */
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
	u32 hist_entries;		/* the history table, entries */
	u32 hist_depth;			/* the history predictor's depth knob */
	bool emit_source;		/* P lines name their source; drops shown */
	bool record;			/* the gate judges every read */
};

/* Prefetch sources (SRC_AETHER: both of aether's predictors) */
enum { SRC_LINUX, SRC_AETHER, SIM_NR_SRC };

struct sim_stats {
	u64 requests, reads, writes;
	u64 read_pages;			/* pages the reads asked for */
	u64 hits, misses;		/* of those */
	u64 prefetched[SIM_NR_SRC];	/* pages brought in by a prefetch */
	u64 used[SIM_NR_SRC];		/* of those, later read */
	u64 decisions;			/* reads the gate judged (its cycles) */
	u64 gate_fires;
	u64 ranges;			/* ranges the predictor issued */
	u64 hist_prefetched, hist_used;	/* the history predictor's part of SRC_AETHER */
	u64 hist_blocks;		/* blocks it predicted */
	u64 drops;			/* "# drop_caches" in the trace */
	u64 last_run_misses;		/* misses after the last drop (all if none) */
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
#define SIM_SUMMARY_HELP \
	"The summary line, key=value; pages are 4 KiB, counts over the whole trace:\n" \
	"  policy                  the policy replayed\n" \
	"  requests                requests replayed (reads + writes)\n" \
	"  reads, writes           of those, reads and writes\n" \
	"  read_pages              pages the reads asked for\n" \
	"  hits, misses            of read_pages: found in the modelled page cache, or\n" \
	"                          read from the device while the reader waited\n" \
	"  prefetched_pages        pages read ahead of need (Linux readahead + aether)\n" \
	"  used_prefetched_pages   of those, pages a later read found in the cache\n" \
	"  precision               used_prefetched_pages / prefetched_pages (na: none)\n" \
	"  coverage                the share of policy none's misses avoided:\n" \
	"                          (none_misses - misses) / none_misses; 1 is best\n" \
	"  extra_io                wasted prefetch per miss of policy none:\n" \
	"                          (prefetched - used) / none_misses; 0 is best\n" \
	"  none_misses             misses of the same trace with no prefetch at all\n" \
	"  device_read_pages       pages read from the device: misses + prefetched_pages\n" \
	"  aether_prefetched_pages, aether_used_pages, aether_precision\n" \
	"                          the same three for aether's own prefetches alone\n" \
	"  decisions               reads the POVM gate judged (policies with the gate:\n" \
	"                          those a prediction could follow; every read with\n" \
	"                          --record)\n" \
	"  gate_fires              of those, judged \"not sequential\": the gate opened\n" \
	"  ranges                  ranges the stride predictor asked to prefetch\n" \
	"  history_prefetched_pages, history_used_pages, history_precision\n" \
	"                          the history predictor's part of aether's three\n" \
	"  history_blocks          blocks the history predictor asked to prefetch\n" \
	"  drops                   \"# drop_caches\" lines: the cache was emptied there\n" \
	"  last_run_misses         misses after the last of them (a repeated start's\n" \
	"                          second run); all misses if there is none\n"

void sim_summary(FILE *f, const struct sim_config *cfg, const struct sim_stats *st);

/* num / den as "0.1234" (4 decimals, rounded, signed); "na" if den == 0 */
void sim_ratio(char *buf, size_t size, s64 num, u64 den);

#endif /* _AETHER_SIM_ENGINE_H */
