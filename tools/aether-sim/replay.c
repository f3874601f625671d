// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * aether-sim replay: one trace through one policy.  Prints the key=value
 * summary, or with --emit the R/P stream of DESIGN.md for an independent
 * scorer.
 */
#include <getopt.h>
#include <stdio.h>
#include <time.h>

#include "sim.h"
#include "replay_opts.h"

#define PROG "aether-sim replay"

enum { OPT_EMIT = OPT_REPLAY_LAST + 1, OPT_EMIT_SOURCE, OPT_TIMING };

static void usage(FILE *f)
{
	fprintf(f, "usage: aether-sim replay --trace FILE [OPTIONS]\n\n"
		"Replays a block trace through a page-cache model under a prefetch\n"
		"policy, with aether's gate and predictor from the module's own core.\n"
		"Prints one key=value line; see Documentation/evaluation.md.\n\n"
		REPLAY_OPTS_USAGE
		"  --emit            print \"R sector sectors\" per read and \"P sector sectors\"\n"
		"                    per prefetch issued, in order, instead of the summary\n"
		"  --emit-source     --emit, each P line with a third field naming who issued\n"
		"                    it (readahead, stride or history), and a line\n"
		"                    \"# drop_caches\" where the trace drops the cache\n"
		"  --timing          print the parse and replay CPU time and speed to stderr\n\n"
		SIM_SUMMARY_HELP
		"\nExit status: 0; 1 if the trace cannot be read or parsed; 2 for bad options.\n");
}

/* CPU time of this (single) thread: the figure that matters on a shared machine */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int cmd_replay(int argc, char **argv)
{
	static const struct option longopts[] = {
		REPLAY_LONG_OPTIONS,
		{ "emit", no_argument, NULL, OPT_EMIT },
		{ "emit-source", no_argument, NULL, OPT_EMIT_SOURCE },
		{ "timing", no_argument, NULL, OPT_TIMING },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct replay_opts o;
	struct sim_config cfg;
	struct sim_stats st = { 0 };
	struct trace t;
	bool emit = false, emit_source = false, timing = false;
	double t0, t1, t2;
	int opt, r;

	replay_opts_init(&o);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		r = replay_opts_parse(&o, opt, optarg, PROG);
		if (r < 0)
			return 2;
		if (r)
			continue;
		if (opt == OPT_EMIT || opt == OPT_EMIT_SOURCE) {
			emit = true;
			emit_source |= opt == OPT_EMIT_SOURCE;
		} else if (opt == OPT_TIMING) {
			timing = true;
		} else if (opt == 'h') {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", PROG, argv[optind]);
		return 2;
	}
	t0 = now();
	if (replay_opts_load(&o, &t, &cfg, PROG))
		return o.trace ? 1 : 2;
	t1 = now();
	cfg.emit_source = emit_source;

	if (!emit && cfg.policy != SIM_NONE) {
		struct sim_config none = cfg;

		none.policy = SIM_NONE;
		if (sim_run(&none, &t, &st, NULL))
			goto oom;
		st.none_misses = st.misses;
	}
	t2 = now();
	if (sim_run(&cfg, &t, &st, emit ? stdout : NULL))
		goto oom;
	if (cfg.policy == SIM_NONE)
		st.none_misses = st.misses;
	if (timing) {
		double dt = now() - t2;

		fprintf(stderr, "%s: CPU time: parse %.3f s (%.2f M lines/s); %s replay of %llu requests %.3f s = %.2f M requests/s; both = %.2f M requests/s\n",
			PROG, t1 - t0, (double)t.n / (t1 - t0) / 1e6,
			sim_policy_names[cfg.policy], (unsigned long long)st.requests,
			dt, (double)st.requests / dt / 1e6,
			(double)st.requests / (dt + t1 - t0) / 1e6);
	}
	if (!emit) {
		sim_summary(stdout, &cfg, &st);
		putchar('\n');
	}
	trace_free(&t);
	if (fflush(stdout) || ferror(stdout)) {
		perror(PROG);
		return 1;
	}
	return 0;
oom:
	fprintf(stderr, "%s: out of memory\n", PROG);
	trace_free(&t);
	return 1;
}
