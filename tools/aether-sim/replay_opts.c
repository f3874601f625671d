// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "replay_opts.h"

#define CACHE_MB_MAX	(1ULL << 20)	/* 1 TiB: 2^28 pages */
#define RA_KB_MAX	(1ULL << 20)

void replay_opts_init(struct replay_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->format = TRACE_LBA;
	o->policy = SIM_POVM_RA;	/* the deployment: aether with Linux readahead on */
	povm_opts_init(&o->povm);
}

int parse_uint(const char *arg, u64 lo, u64 hi, u64 *out)
{
	unsigned long long v;
	char *end;

	if (!*arg || *arg < '0' || *arg > '9')
		return -1;
	errno = 0;
	v = strtoull(arg, &end, 10);
	if (*end || errno || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int replay_opts_parse(struct replay_opts *o, int opt, const char *arg, const char *prog)
{
	int r = povm_opts_parse(&o->povm, opt, arg, prog);

	if (r)
		return r;
	switch (opt) {
	case OPT_TRACE:
		o->trace = arg;
		return 1;
	case OPT_FORMAT:
		o->format = trace_format_find(arg);
		if (o->format < 0) {
			fprintf(stderr, "%s: --format: '%s' is not lba, msr or blkparse\n",
				prog, arg);
			return -1;
		}
		return 1;
	case OPT_POLICY:
		o->policy = sim_policy_find(arg);
		if (o->policy < 0) {
			fprintf(stderr, "%s: --policy: '%s' is not none, readahead, stride, povm, povm+readahead, history, stride+history, povm+history or povm+history+readahead\n",
				prog, arg);
			return -1;
		}
		return 1;
	case OPT_CACHE_MB:
		if (parse_uint(arg, 1, CACHE_MB_MAX, &o->cache_mb)) {
			fprintf(stderr, "%s: --cache-mb: '%s' is not a number in 1..%llu\n",
				prog, arg, CACHE_MB_MAX);
			return -1;
		}
		return 1;
	case OPT_RA_KB:
		if (parse_uint(arg, 0, RA_KB_MAX, &o->ra_kb) || o->ra_kb % 4) {
			fprintf(stderr, "%s: --ra-kb: '%s' is not a multiple of 4 in 0..%llu\n",
				prog, arg, RA_KB_MAX);
			return -1;
		}
		if (!o->ra_kb)
			o->ra_kb = ~0ULL;	/* explicit 0: readahead of one page */
		return 1;
	case OPT_CAPACITY:
		if (parse_uint(arg, AETHER_PAGE_SECTORS, ~0ULL, &o->capacity)) {
			fprintf(stderr, "%s: --capacity: '%s' is not a sector count >= 8\n",
				prog, arg);
			return -1;
		}
		return 1;
	case OPT_MAX_DEPTH:
		if (parse_uint(arg, AETHER_PRED_DEPTH_MIN, AETHER_PRED_DEPTH_MAX, &o->max_depth)) {
			fprintf(stderr, "%s: --max-depth: '%s' is not a number in %d..%d\n",
				prog, arg, AETHER_PRED_DEPTH_MIN, AETHER_PRED_DEPTH_MAX);
			return -1;
		}
		return 1;
	case OPT_STRICT:
		o->strict = true;
		return 1;
	case OPT_RECORD:
		o->record = true;
		return 1;
	case OPT_HIST_ENTRIES:
		if (parse_uint(arg, AETHER_HIST_ENTRIES_MIN, AETHER_HIST_ENTRIES_MAX,
			       &o->hist_entries) || (o->hist_entries & (o->hist_entries - 1))) {
			fprintf(stderr, "%s: --hist-entries: '%s' is not a power of two in %u..%u\n",
				prog, arg, AETHER_HIST_ENTRIES_MIN, AETHER_HIST_ENTRIES_MAX);
			return -1;
		}
		return 1;
	case OPT_HIST_DEPTH:
		if (parse_uint(arg, AETHER_HIST_DEPTH_MIN, AETHER_HIST_DEPTH_MAX, &o->hist_depth)) {
			fprintf(stderr, "%s: --hist-depth: '%s' is not a number in %d..%d\n",
				prog, arg, AETHER_HIST_DEPTH_MIN, AETHER_HIST_DEPTH_MAX);
			return -1;
		}
		return 1;
	}
	return 0;
}

int replay_opts_config(const struct replay_opts *o, const struct trace *t,
		       struct sim_config *cfg, const char *prog)
{
	struct aether_params p;

	if (povm_opts_params(&o->povm, &p, prog))
		return -1;
	sim_config_default(cfg, t);
	cfg->policy = (enum sim_policy)o->policy;
	cfg->params = p;
	cfg->window = o->povm.window;
	cfg->record = o->record;
	if (o->cache_mb)
		cfg->cache_pages = (u32)(o->cache_mb * 256);
	if (o->ra_kb)
		cfg->ra_pages = o->ra_kb == ~0ULL ? 0 : o->ra_kb / 4;
	if (o->capacity)
		cfg->capacity = o->capacity;
	if (o->max_depth)
		cfg->max_depth = (u32)o->max_depth;
	if (o->hist_entries)
		cfg->hist_entries = (u32)o->hist_entries;
	if (o->hist_depth)
		cfg->hist_depth = (u32)o->hist_depth;
	return 0;
}

int replay_opts_load(const struct replay_opts *o, struct trace *t,
		     struct sim_config *cfg, const char *prog)
{
	struct aether_params p;

	if (!o->trace) {
		fprintf(stderr, "%s: --trace FILE is required\n", prog);
		return -1;
	}
	/* options first: a bad one should not wait for a big trace */
	if (povm_opts_params(&o->povm, &p, prog))
		return -1;
	if (trace_load(t, o->trace, (enum trace_format)o->format, o->strict, prog))
		return -1;
	if (replay_opts_config(o, t, cfg, prog)) {
		trace_free(t);
		return -1;
	}
	return 0;
}
