// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * aether-bench: cost of one POVM decision, in userspace, on the core the
 * module runs.  Windows are prepared up front from a workload so the timed
 * loop is nothing but aether_povm_cycle(); time is taken per batch and the
 * percentiles are over batches.
 *
 * usage: aether-bench [--workload FILE] [--window N] [--cycles N] [--batch N]
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../include/aether/povm.h"
#include "lib/decide_csv.h"

#define PROG "aether-bench"

struct win {
	u64 first, last;
	u32 len;
};

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Without --workload: a mixed stream (strided, sequential, random runs). */
static size_t builtin_workload(u64 **out)
{
	size_t n = 4096, i;
	u64 *l = malloc(n * sizeof(*l)), x = 1000000, seed = 42;

	if (!l)
		return 0;
	for (i = 0; i < n; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		switch ((i / 256) % 3) {
		case 0:
			x += 128;
			break;
		case 1:
			x += 8;
			break;
		default:
			x = (seed >> 20) & ((1ULL << 31) - 8);
		}
		l[i] = x;
	}
	*out = l;
	return n;
}

static size_t load_workload(const char *path, u64 **out)
{
	FILE *f = fopen(path, "r");
	size_t n = 0, cap = 4096;
	unsigned long lineno = 0;
	u64 *l, v;
	int r;

	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", PROG, path, strerror(errno));
		return 0;
	}
	l = malloc(cap * sizeof(*l));
	while (l && (r = read_lba_line(f, PROG, &lineno, &v)) > 0) {
		if (n == cap) {
			u64 *nl = realloc(l, 2 * cap * sizeof(*l));

			if (!nl) {
				free(l);
				l = NULL;
				break;
			}
			l = nl;
			cap *= 2;
		}
		l[n++] = v;
	}
	fclose(f);
	if (!l || r < 0 || !n) {
		if (l && !n && r == 0)
			fprintf(stderr, "%s: %s: no LBAs\n", PROG, path);
		free(l);
		return 0;
	}
	*out = l;
	return n;
}

static int parse_count(const char *arg, const char *what, u64 lo, u64 hi, u64 *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (!*arg || *end || *arg == '-' || errno || v < lo || v > hi) {
		fprintf(stderr, "%s: --%s: '%s' is not a number in %llu..%llu\n",
			PROG, what, arg, (unsigned long long)lo, (unsigned long long)hi);
		return -1;
	}
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "workload", required_argument, NULL, 'w' },
		{ "window", required_argument, NULL, 'n' },
		{ "cycles", required_argument, NULL, 'c' },
		{ "batch", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *workload = NULL;
	u64 window = 16, cycles = 10000000, batch = 1000, nb, b, i, t0, t_all;
	u64 *lba = NULL, fetched = 0;
	size_t n, w;
	struct win *win;
	double *ns;
	struct aether_povm k;
	int opt;

	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'w':
			workload = optarg;
			break;
		case 'n':
			if (parse_count(optarg, "window", 1, 4096, &window))
				return 2;
			break;
		case 'c':
			if (parse_count(optarg, "cycles", 1, 1ULL << 40, &cycles))
				return 2;
			break;
		case 'b':
			if (parse_count(optarg, "batch", 1, 1ULL << 24, &batch))
				return 2;
			break;
		case 'h':
			printf("usage: %s [--workload FILE] [--window N] [--cycles N] [--batch N]\n",
			       PROG);
			return 0;
		default:
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", PROG, argv[optind]);
		return 2;
	}
	n = workload ? load_workload(workload, &lba) : builtin_workload(&lba);
	if (!n)
		return 1;

	win = malloc(n * sizeof(*win));
	if (!win)
		return 1;
	for (w = 0; w < n; w++) {
		size_t lo = w + 1 >= window ? w + 1 - window : 0;

		win[w].first = lba[lo];
		win[w].last = lba[w];
		win[w].len = (u32)(w - lo + 1);
	}
	if (batch > cycles)
		batch = cycles;
	nb = cycles / batch;
	ns = malloc(nb * sizeof(*ns));
	if (!ns)
		return 1;

	aether_povm_init(&k, &aether_presets[AETHER_PRESET_DEFAULT]);
	w = 0;
	t_all = now_ns();
	for (b = 0; b < nb; b++) {
		t0 = now_ns();
		for (i = 0; i < batch; i++) {
			fetched += aether_povm_cycle(&k, win[w].first, win[w].last,
						     win[w].len, NULL);
			if (++w == n)
				w = 0;
		}
		ns[b] = (double)(now_ns() - t0) / (double)batch;
	}
	t_all = now_ns() - t_all;
	qsort(ns, nb, sizeof(*ns), cmp_double);
	printf("ns_per_decision_p50=%.2f ns_per_decision_p99=%.2f mops=%.2f\n",
	       ns[nb / 2], ns[nb * 99 / 100], (double)(nb * batch) * 1e3 / (double)t_all);
	fprintf(stderr, "%s: %llu decisions in %llu batches, window %llu, %zu-LBA workload, prefetch ratio %.3f\n",
		PROG, (unsigned long long)(nb * batch), (unsigned long long)nb,
		(unsigned long long)window, n, (double)fetched / (double)(nb * batch));
	free(ns);
	free(win);
	free(lba);
	return 0;
}
