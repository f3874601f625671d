// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * aether-sim sweep: replay one trace over a grid of parameters, the points
 * shared out to worker processes (one per CPU by default) through a counter
 * in shared memory, results written back to a shared array; one line per
 * point in grid order, then the best point by a chosen metric.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim.h"
#include "replay_opts.h"
#include "../../include/aether/decimal.h"

#define PROG "aether-sim sweep"
#define MAX_PARAMS	8
#define MAX_VALUES	4096
#define MAX_POINTS	1000000
#define MICRO		1000000LL

enum { OPT_PARAM = OPT_REPLAY_LAST + 1, OPT_METRIC, OPT_MIN_PRECISION, OPT_JOBS };

struct param {
	const char *name;
	int opt;		/* the replay option it sets; lambda: OPT_LAMBDA */
	int lambda;		/* lambda1..3: which one, 0-based */
	char **val;		/* value strings */
	size_t n;
};

static const struct { const char *name; int opt; int lambda; } known[] = {
	{ "preset", OPT_PRESET, -1 },
	{ "policy", OPT_POLICY, -1 },
	{ "epsilon", OPT_EPSILON, -1 },
	{ "phi", OPT_PHI, -1 },
	{ "bias", OPT_BIAS, -1 },
	{ "lambda1", OPT_LAMBDA, 0 },
	{ "lambda2", OPT_LAMBDA, 1 },
	{ "lambda3", OPT_LAMBDA, 2 },
	{ "window", OPT_WINDOW, -1 },
	{ "max-depth", OPT_MAX_DEPTH, -1 },
	{ "cache-mb", OPT_CACHE_MB, -1 },
	{ "ra-kb", OPT_RA_KB, -1 },
};

struct result {
	struct sim_stats st;
	int status;		/* 0 not run, 1 done, -1 failed */
};

struct shared {
	size_t next;		/* the next point to take */
	struct result r[];
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: aether-sim sweep --trace FILE --param NAME=SPEC [--param ...] [OPTIONS]\n\n"
		"Replays the trace once per point of the grid (the product of every\n"
		"--param's values), in parallel, and prints one summary line per point\n"
		"(the point's values first, then replay's summary: see `aether-sim replay\n"
		"--help` for every key; a policy parameter shows as the summary's policy=),\n"
		"then \"best metric=M ...\" for the best point by --metric.\n\n"
		"  --param NAME=SPEC SPEC is FROM:TO:STEP (inclusive) or V1,V2,...; NAME is one of\n"
		"                   ");
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		fprintf(f, " %s", known[i].name);
	fprintf(f, "\n"
		"  --metric M        coverage (default), precision, aether_precision, hits,\n"
		"                    used_prefetched_pages (higher is better), misses,\n"
		"                    extra_io, device_read_pages (lower is better)\n"
		"  --min-precision X best only among points with precision >= X (or nothing\n"
		"                    prefetched)\n"
		"  --jobs N          worker processes (default: online CPUs)\n"
		"Options of replay (the base every point starts from):\n"
		REPLAY_OPTS_USAGE "\n" SIM_SUMMARY_HELP);
}

/* "[-]digits[.digits]" with at most 6 decimals into millionths */
static int parse_micro(const char *s, size_t len, s64 *out)
{
	s64 v = 0, frac = 0, scale = MICRO;
	bool neg = false, digits = false;
	size_t i = 0;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits = true) {
		if (v > (1LL << 40))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (i < len && s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits = true) {
			if (scale == 1)
				return -1;
			scale /= 10;
			frac += (s[i] - '0') * scale;
		}
	}
	if (i != len || !digits)
		return -1;
	v = v * MICRO + frac;
	*out = neg ? -v : v;
	return 0;
}

static char *format_micro(s64 v)
{
	char buf[48];
	u64 a = v < 0 ? (u64)-v : (u64)v;
	int n = snprintf(buf, sizeof(buf), "%s%llu.%06llu", v < 0 ? "-" : "",
			 (unsigned long long)(a / MICRO), (unsigned long long)(a % MICRO));

	while (buf[n - 1] == '0')
		buf[--n] = '\0';
	if (buf[n - 1] == '.')
		buf[--n] = '\0';
	return strdup(buf);
}

/* Apply one value of a parameter to the options; as replay would parse it. */
static int apply(struct replay_opts *o, const struct param *p, const char *val)
{
	aether_q q;

	if (p->opt != OPT_LAMBDA)
		return replay_opts_parse(o, p->opt, val, PROG) < 0 ? -1 : 0;
	if (aether_q_parse(val, strlen(val), -AETHER_LAMBDA_LIMIT, AETHER_LAMBDA_LIMIT, &q)) {
		fprintf(stderr, "%s: --param %s: '%s' is not a decimal in -4..4\n",
			PROG, p->name, val);
		return -1;
	}
	if (!o->povm.has_lambda) {
		memcpy(o->povm.custom.lambda, aether_presets[o->povm.preset].lambda,
		       sizeof(o->povm.custom.lambda));
		o->povm.has_lambda = true;
	}
	o->povm.custom.lambda[p->lambda] = q;
	return 0;
}

static int add_value(struct param *p, char *v)
{
	char **nv;

	if (p->n >= MAX_VALUES) {
		fprintf(stderr, "%s: --param %s: more than %d values\n", PROG, p->name, MAX_VALUES);
		free(v);
		return -1;
	}
	nv = realloc(p->val, (p->n + 1) * sizeof(*nv));
	if (!nv || !v) {
		free(v);
		fprintf(stderr, "%s: out of memory\n", PROG);
		return -1;
	}
	p->val = nv;
	p->val[p->n++] = v;
	return 0;
}

static int parse_param(struct param *p, const char *arg, const struct replay_opts *base)
{
	const char *eq = strchr(arg, '='), *spec, *c1, *c2;
	struct replay_opts scratch;
	size_t i;

	memset(p, 0, sizeof(*p));
	for (i = 0; eq && i < sizeof(known) / sizeof(known[0]); i++)
		if (strlen(known[i].name) == (size_t)(eq - arg) &&
		    !memcmp(known[i].name, arg, (size_t)(eq - arg)))
			break;
	if (!eq || i == sizeof(known) / sizeof(known[0])) {
		fprintf(stderr, "%s: --param '%s': want NAME=SPEC with a known NAME (see --help)\n",
			PROG, arg);
		return -1;
	}
	p->name = known[i].name;
	p->opt = known[i].opt;
	p->lambda = known[i].lambda;
	spec = eq + 1;
	c1 = strchr(spec, ':');
	if (c1) {
		s64 from, to, step, v;

		c2 = strchr(c1 + 1, ':');
		if (!c2 || parse_micro(spec, (size_t)(c1 - spec), &from) ||
		    parse_micro(c1 + 1, (size_t)(c2 - c1 - 1), &to) ||
		    parse_micro(c2 + 1, strlen(c2 + 1), &step) || step <= 0 || to < from) {
			fprintf(stderr, "%s: --param %s: '%s' is not FROM:TO:STEP (decimals, STEP > 0, FROM <= TO)\n",
				PROG, p->name, spec);
			return -1;
		}
		for (v = from; v <= to; v += step)
			if (add_value(p, format_micro(v)))
				return -1;
	} else {
		const char *s = spec;

		do {
			const char *comma = strchr(s, ',');
			size_t len = comma ? (size_t)(comma - s) : strlen(s);

			if (!len) {
				fprintf(stderr, "%s: --param %s: empty value in '%s'\n",
					PROG, p->name, spec);
				return -1;
			}
			if (add_value(p, strndup(s, len)))
				return -1;
			s = comma ? comma + 1 : NULL;
		} while (s);
	}
	/* every value must be one replay accepts */
	for (i = 0; i < p->n; i++) {
		scratch = *base;
		if (apply(&scratch, p, p->val[i]))
			return -1;
	}
	return 0;
}

/* The options of point i: presets first, so the other values override them. */
static int point_opts(const struct replay_opts *base, const struct param *par,
		      size_t npar, size_t i, struct replay_opts *o)
{
	size_t idx[MAX_PARAMS], k, rest = i;
	int pass;

	for (k = npar; k-- > 0;) {
		idx[k] = rest % par[k].n;
		rest /= par[k].n;
	}
	*o = *base;
	for (pass = 0; pass < 2; pass++)
		for (k = 0; k < npar; k++)
			if ((par[k].opt == OPT_PRESET) == (pass == 0) &&
			    apply(o, &par[k], par[k].val[idx[k]]))
				return -1;
	return 0;
}

static void print_point(FILE *f, const struct param *par, size_t npar, size_t i)
{
	size_t idx[MAX_PARAMS], k, rest = i;

	for (k = npar; k-- > 0;) {
		idx[k] = rest % par[k].n;
		rest /= par[k].n;
	}
	/* the summary line says policy= itself: one key, once */
	for (k = 0; k < npar; k++)
		if (par[k].opt != OPT_POLICY)
			fprintf(f, "%s=%s ", par[k].name, par[k].val[idx[k]]);
}

/* The metric of a result, and whether it exists; higher is better after sign. */
static bool metric(const char *m, const struct sim_stats *st, double *v)
{
	double pref = (double)(st->prefetched[SRC_LINUX] + st->prefetched[SRC_AETHER]);
	double used = (double)(st->used[SRC_LINUX] + st->used[SRC_AETHER]);
	double none = (double)st->none_misses;

	if (!strcmp(m, "coverage")) {
		*v = none ? (none - (double)st->misses) / none : 0;
		return none > 0;
	}
	if (!strcmp(m, "precision")) {
		*v = pref ? used / pref : 0;
		return pref > 0;
	}
	if (!strcmp(m, "aether_precision")) {
		*v = st->prefetched[SRC_AETHER] ?
		     (double)st->used[SRC_AETHER] / (double)st->prefetched[SRC_AETHER] : 0;
		return st->prefetched[SRC_AETHER] > 0;
	}
	if (!strcmp(m, "hits")) {
		*v = (double)st->hits;
		return true;
	}
	if (!strcmp(m, "used_prefetched_pages")) {
		*v = used;
		return true;
	}
	if (!strcmp(m, "misses")) {
		*v = -(double)st->misses;
		return true;
	}
	if (!strcmp(m, "extra_io")) {
		*v = none ? -(pref - used) / none : 0;
		return none > 0;
	}
	if (!strcmp(m, "device_read_pages")) {
		*v = -((double)st->misses + pref);
		return true;
	}
	return false;
}

static bool metric_known(const char *m)
{
	struct sim_stats st = { .none_misses = 1, .prefetched = { 1, 1 } };
	double v;

	return metric(m, &st, &v);
}

/* Worker: take points until none are left. */
static void work(struct shared *sh, size_t npoints, const struct replay_opts *base,
		 const struct param *par, size_t npar, const struct trace *t)
{
	struct { u32 cache_pages; u64 misses; } none[16];
	size_t nnone = 0, i, k;

	while ((i = __atomic_fetch_add(&sh->next, 1, __ATOMIC_RELAXED)) < npoints) {
		struct replay_opts o;
		struct sim_config cfg, nc;
		struct sim_stats st = { 0 };

		sh->r[i].status = -1;
		if (point_opts(base, par, npar, i, &o) || replay_opts_config(&o, t, &cfg, PROG))
			continue;
		for (k = 0; k < nnone && none[k].cache_pages != cfg.cache_pages; k++)
			;
		if (k == nnone) {
			nc = cfg;
			nc.policy = SIM_NONE;
			if (sim_run(&nc, t, &st, NULL))
				continue;
			if (nnone < 16) {
				none[nnone].cache_pages = cfg.cache_pages;
				none[nnone++].misses = st.misses;
			}
			st.none_misses = st.misses;
		} else {
			st.none_misses = none[k].misses;
		}
		if (sim_run(&cfg, t, &st, NULL))
			continue;
		sh->r[i].st = st;
		__atomic_store_n(&sh->r[i].status, 1, __ATOMIC_RELEASE);
	}
}

int cmd_sweep(int argc, char **argv)
{
	static const struct option longopts[] = {
		REPLAY_LONG_OPTIONS,
		{ "param", required_argument, NULL, OPT_PARAM },
		{ "metric", required_argument, NULL, OPT_METRIC },
		{ "min-precision", required_argument, NULL, OPT_MIN_PRECISION },
		{ "jobs", required_argument, NULL, OPT_JOBS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct param par[MAX_PARAMS];
	const char *param_arg[MAX_PARAMS], *metric_name = "coverage";
	struct replay_opts base;
	struct sim_config cfg;
	struct shared *sh = NULL;
	struct trace t;
	size_t npar = 0, npoints = 1, i, best = (size_t)-1, shsize = 0;
	u64 jobs = 0;
	aether_q min_prec = 0;
	double best_v = 0;
	int opt, r, rc = 1;
	long ncpu;

	replay_opts_init(&base);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		r = replay_opts_parse(&base, opt, optarg, PROG);
		if (r < 0)
			return 2;
		if (r)
			continue;
		switch (opt) {
		case OPT_PARAM:
			if (npar == MAX_PARAMS) {
				fprintf(stderr, "%s: at most %d --param\n", PROG, MAX_PARAMS);
				return 2;
			}
			param_arg[npar++] = optarg;
			break;
		case OPT_METRIC:
			metric_name = optarg;
			if (!metric_known(metric_name)) {
				fprintf(stderr, "%s: --metric: unknown metric '%s'\n", PROG, optarg);
				return 2;
			}
			break;
		case OPT_MIN_PRECISION:
			if (aether_q_parse(optarg, strlen(optarg), 0, AETHER_ONE, &min_prec)) {
				fprintf(stderr, "%s: --min-precision: '%s' is not a decimal in 0..1\n",
					PROG, optarg);
				return 2;
			}
			break;
		case OPT_JOBS:
			if (parse_uint(optarg, 1, 1024, &jobs)) {
				fprintf(stderr, "%s: --jobs: '%s' is not a number in 1..1024\n",
					PROG, optarg);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", PROG, argv[optind]);
		return 2;
	}
	if (!npar) {
		fprintf(stderr, "%s: at least one --param NAME=SPEC is needed\n", PROG);
		return 2;
	}
	/* parameters after all options: they start from the base options */
	for (i = 0; i < npar; i++) {
		if (parse_param(&par[i], param_arg[i], &base))
			return 2;
		if (npoints * par[i].n > MAX_POINTS) {
			fprintf(stderr, "%s: more than %d points\n", PROG, MAX_POINTS);
			return 2;
		}
		npoints *= par[i].n;
	}
	if (replay_opts_load(&base, &t, &cfg, PROG))
		return base.trace ? 1 : 2;

	shsize = sizeof(*sh) + npoints * sizeof(sh->r[0]);
	sh = mmap(NULL, shsize, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		perror(PROG);
		goto out;
	}
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	if (!jobs)
		jobs = ncpu > 0 ? (u64)ncpu : 1;
	if (jobs > npoints)
		jobs = npoints;
	fflush(NULL);
	if (jobs == 1) {
		work(sh, npoints, &base, par, npar, &t);
	} else {
		size_t started = 0;

		for (i = 0; i < jobs; i++) {
			pid_t pid = fork();

			if (pid == 0) {
				work(sh, npoints, &base, par, npar, &t);
				_exit(0);
			}
			if (pid < 0) {
				perror(PROG);
				break;
			}
			started++;
		}
		if (!started)
			work(sh, npoints, &base, par, npar, &t);
		while (wait(NULL) > 0)
			;
	}

	for (i = 0; i < npoints; i++) {
		struct sim_config pc;
		struct replay_opts o;
		double v;

		if (sh->r[i].status != 1 || point_opts(&base, par, npar, i, &o) ||
		    replay_opts_config(&o, &t, &pc, PROG)) {
			fprintf(stderr, "%s: point %zu failed\n", PROG, i);
			goto out;
		}
		print_point(stdout, par, npar, i);
		sim_summary(stdout, &pc, &sh->r[i].st);
		putchar('\n');
		if (min_prec) {
			const struct sim_stats *s = &sh->r[i].st;
			u64 pref = s->prefetched[0] + s->prefetched[1];
			u64 used = s->used[0] + s->used[1];

			if (pref && ((unsigned __int128)used << AETHER_Q) < (unsigned __int128)min_prec * pref)
				continue;
		}
		if (metric(metric_name, &sh->r[i].st, &v) &&
		    (best == (size_t)-1 || v > best_v)) {
			best = i;
			best_v = v;
		}
	}
	if (best == (size_t)-1) {
		printf("best metric=%s none\n", metric_name);
	} else {
		struct sim_config pc;
		struct replay_opts o;

		point_opts(&base, par, npar, best, &o);
		replay_opts_config(&o, &t, &pc, PROG);
		printf("best metric=%s ", metric_name);
		print_point(stdout, par, npar, best);
		sim_summary(stdout, &pc, &sh->r[best].st);
		putchar('\n');
	}
	rc = fflush(stdout) || ferror(stdout) ? 1 : 0;
out:
	if (sh && sh != MAP_FAILED)
		munmap(sh, shsize);
	trace_free(&t);
	for (i = 0; i < npar; i++) {
		size_t k;

		for (k = 0; k < par[i].n; k++)
			free(par[i].val[k]);
		free(par[i].val);
	}
	return rc;
}
