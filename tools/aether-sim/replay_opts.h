/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Options `replay` and `sweep` share: the trace, the policy and the model's
 * sizes, plus the POVM options of tools/lib/povm_opts.h.
 */
#ifndef _AETHER_SIM_REPLAY_OPTS_H
#define _AETHER_SIM_REPLAY_OPTS_H

#include "../lib/povm_opts.h"
#include "engine.h"
#include "trace.h"

enum {
	OPT_TRACE = OPT_POVM_LAST + 1,
	OPT_FORMAT,
	OPT_POLICY,
	OPT_CACHE_MB,
	OPT_RA_KB,
	OPT_CAPACITY,
	OPT_MAX_DEPTH,
	OPT_STRICT,
	OPT_HIST_ENTRIES,
	OPT_HIST_DEPTH,
	OPT_RECORD,
	OPT_REPLAY_LAST,
};

#define REPLAY_LONG_OPTIONS						\
	POVM_LONG_OPTIONS,						\
	{ "trace", required_argument, NULL, OPT_TRACE },		\
	{ "format", required_argument, NULL, OPT_FORMAT },		\
	{ "policy", required_argument, NULL, OPT_POLICY },		\
	{ "cache-mb", required_argument, NULL, OPT_CACHE_MB },		\
	{ "ra-kb", required_argument, NULL, OPT_RA_KB },		\
	{ "capacity", required_argument, NULL, OPT_CAPACITY },		\
	{ "max-depth", required_argument, NULL, OPT_MAX_DEPTH },	\
	{ "strict", no_argument, NULL, OPT_STRICT },			\
	{ "hist-entries", required_argument, NULL, OPT_HIST_ENTRIES },	\
	{ "hist-depth", required_argument, NULL, OPT_HIST_DEPTH },	\
	{ "record", no_argument, NULL, OPT_RECORD }

#define REPLAY_OPTS_USAGE \
	"  --trace FILE      the trace (- for stdin; .xz .gz .zst .bz2 decompressed);\n" \
	"                    required\n" \
	"  --format F        lba (default), msr or blkparse\n" \
	"  --strict          a malformed line is fatal (default: reported, skipped;\n" \
	"                    more malformed lines than requests is always fatal)\n" \
	"  --policy P        none, readahead, stride, povm, povm+readahead, history,\n" \
	"                    stride+history, povm+history or povm+history+readahead\n" \
	"                    (default povm+readahead: what the module does on a\n" \
	"                    server, Linux readahead on)\n" \
	"  --cache-mb N      page cache size, MiB (default 256)\n" \
	"  --ra-kb N         Linux readahead maximum, KiB, multiple of 4; 0: off (default 128)\n" \
	"  --capacity N      device size in sectors (default: the trace's extent\n" \
	"                    rounded up to a power of two, at least 1 GiB)\n" \
	"  --max-depth N     predictor depth knob, 1..1024 (default 64)\n" \
	"  --hist-entries N  history table entries, a power of two, 64..1048576\n" \
	"                    (default 16384: 512 KiB)\n" \
	"  --hist-depth N    history predictor depth knob, 1..256 (default 64)\n" \
	"  --record          the gate judges every read, as in the module while\n" \
	"                    /dev/aether records (default: only reads a prediction\n" \
	"                    could follow, as with nobody listening)\n" \
	POVM_OPTS_USAGE

struct replay_opts {
	const char *trace;
	int format;
	int policy;
	bool strict;
	bool record;
	u64 cache_mb, ra_kb, capacity, max_depth;	/* 0: default */
	u64 hist_entries, hist_depth;			/* 0: default */
	struct povm_opts povm;
};

void replay_opts_init(struct replay_opts *o);
/* 1 if opt was one of REPLAY_LONG_OPTIONS, 0 if not, -1 after an error. */
int replay_opts_parse(struct replay_opts *o, int opt, const char *arg, const char *prog);
/* Load the trace and build the config; -1 after printing why. */
int replay_opts_load(const struct replay_opts *o, struct trace *t,
		     struct sim_config *cfg, const char *prog);

/* The config for an already loaded trace; -1 after printing why. */
int replay_opts_config(const struct replay_opts *o, const struct trace *t,
		       struct sim_config *cfg, const char *prog);

/* Parse a decimal integer in [lo, hi]; -1 if not one. */
int parse_uint(const char *arg, u64 lo, u64 hi, u64 *out);

#endif /* _AETHER_SIM_REPLAY_OPTS_H */
