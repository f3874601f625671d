// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Conformance of the fixed-point core to the reference implementation.
 *
 * Replays every <workload>-<preset>-w<N>.csv in the golden directory through
 * aether_povm_cycle() with the file's preset and window and checks, per file:
 *   - decisions agree on at least 99.9% of rows;
 *   - phi (modulo 2 pi) and epsilon within 2e-3 on every row;
 *   - the six features within 1e-3 relative (1e-3 absolute near zero) where
 *     the reference is finite and below 2^40, and >= 2^40 where it is not;
 *   - rx, ry, rz within 2e-3.
 * Prints the agreement and the worst error of each column per file.
 *
 * usage: test_golden GOLDEN_DIR
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/aether/povm.h"

#define MAX_ROWS	4096
#define BIG		1099511627776.0	/* 2^40 */

static const char *const feat_names[AETHER_NR_FEATURES] = {
	"delta", "velocity", "variance", "spectrum", "history", "context",
};

struct result {
	long rows, agree;
	double err_feat[AETHER_NR_FEATURES];	/* worst relative error */
	double err_bloch[3], err_phi, err_eps;
	long feat_bad, bloch_bad, phi_bad, eps_bad;
	long first_bad_row;
};

static int read_lbas(const char *path, u64 *lba, int max)
{
	FILE *f = fopen(path, "r");
	char line[64];
	int n = 0;

	if (!f)
		return -1;
	while (n < max && fgets(line, sizeof(line), f))
		lba[n++] = strtoull(line, NULL, 10);
	fclose(f);
	return n;
}

static double q27(aether_q v)
{
	return v / (double)AETHER_ONE;
}

static void note_bad(struct result *r, long row)
{
	if (r->first_bad_row < 0)
		r->first_bad_row = row;
}

static int check_file(const char *dir, const char *name, struct result *r)
{
	char path[1024], line[1024], preset[32], workload[64];
	static u64 lba[MAX_ROWS];
	struct aether_povm k;
	struct aether_cycle c;
	int window, nlba, id, i;
	const char *dash;
	FILE *f;

	memset(r, 0, sizeof(*r));
	r->first_bad_row = -1;
	dash = strchr(name, '-');
	if (!dash || (size_t)(dash - name) >= sizeof(workload))
		return -1;
	memcpy(workload, name, dash - name);
	workload[dash - name] = '\0';
	if (sscanf(dash + 1, "%31[^-]-w%d.csv", preset, &window) != 2)
		return -1;
	id = aether_preset_find(preset, strlen(preset));
	if (id < 0 || window < 1)
		return -1;
	snprintf(path, sizeof(path), "%s/%s.lba", dir, workload);
	nlba = read_lbas(path, lba, MAX_ROWS);
	if (nlba <= 0)
		return -1;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	aether_povm_init(&k, &aether_presets[id]);
	while (fgets(line, sizeof(line), f)) {
		double v[15], d;
		char *p = line;
		long row;
		int lo;

		if (line[0] == '#' || !strncmp(line, "cycle", 5))
			continue;
		for (i = 0; i < 15; i++) {
			v[i] = strtod(p, &p);
			if (*p == ',')
				p++;
		}
		row = (long)v[0];
		if (row < 0 || row >= nlba) {
			fclose(f);
			return -1;
		}
		lo = row - window + 1 < 0 ? 0 : (int)row - window + 1;
		aether_povm_window(&k, &lba[lo], (u32)(row - lo + 1), &c);
		r->rows++;
		r->agree += (int)c.fetch == (int)v[3];

		for (i = 0; i < AETHER_NR_FEATURES; i++) {
			double ref = v[4 + i];
			double mine = c.features[i] / 65536.0;

			if (isfinite(ref) && fabs(ref) < BIG) {
				d = fabs(mine - ref) / fmax(fabs(ref), 1.0);
				if (d > r->err_feat[i])
					r->err_feat[i] = d;
				if (d > 1e-3) {
					r->feat_bad++;
					note_bad(r, row);
				}
			} else if (mine < BIG) {
				r->feat_bad++;
				note_bad(r, row);
			}
		}
		for (i = 0; i < 3; i++) {
			d = fabs(q27(c.bloch[i]) - v[10 + i]);
			if (d > r->err_bloch[i])
				r->err_bloch[i] = d;
			if (d > 2e-3) {
				r->bloch_bad++;
				note_bad(r, row);
			}
		}
		d = fabs(fmod(q27(c.phi) - v[13], 2 * M_PI));
		d = fmin(d, 2 * M_PI - d);
		if (d > r->err_phi)
			r->err_phi = d;
		if (d > 2e-3) {
			r->phi_bad++;
			note_bad(r, row);
		}
		d = fabs(q27(c.epsilon) - v[14]);
		if (d > r->err_eps)
			r->err_eps = d;
		if (d > 2e-3) {
			r->eps_bad++;
			note_bad(r, row);
		}
	}
	fclose(f);
	return r->rows ? 0 : -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "golden";
	char *names[256];
	int n = 0, i, j, pass = 0, fail = 0;
	struct dirent *de;
	DIR *dp = opendir(dir);

	if (!dp) {
		fprintf(stderr, "test_golden: cannot open %s\n", dir);
		return 2;
	}
	while ((de = readdir(dp)) && n < 256) {
		size_t l = strlen(de->d_name);

		if (l > 4 && !strcmp(de->d_name + l - 4, ".csv"))
			names[n++] = strdup(de->d_name);
	}
	closedir(dp);
	qsort(names, n, sizeof(names[0]), cmp_str);
	if (!n) {
		fprintf(stderr, "test_golden: no golden files in %s\n", dir);
		return 2;
	}

	printf("%-26s %6s %8s", "file", "rows", "agree%");
	for (j = 0; j < AETHER_NR_FEATURES; j++)
		printf(" %9.9s", feat_names[j]);
	printf(" %9s %9s %9s %9s %9s  result\n", "rx", "ry", "rz", "phi", "eps");
	for (i = 0; i < n; i++) {
		struct result r;
		int ok;

		if (check_file(dir, names[i], &r)) {
			printf("%-26s unreadable or misnamed\n", names[i]);
			fail++;
			continue;
		}
		ok = r.agree * 1000 >= r.rows * 999 && !r.feat_bad &&
		     !r.bloch_bad && !r.phi_bad && !r.eps_bad;
		printf("%-26s %6ld %8.3f", names[i], r.rows,
		       100.0 * r.agree / r.rows);
		for (j = 0; j < AETHER_NR_FEATURES; j++)
			printf(" %9.2e", r.err_feat[j]);
		printf(" %9.2e %9.2e %9.2e %9.2e %9.2e  %s", r.err_bloch[0],
		       r.err_bloch[1], r.err_bloch[2], r.err_phi, r.err_eps,
		       ok ? "ok" : "FAIL");
		if (!ok)
			printf(" (features %ld, bloch %ld, phi %ld, eps %ld bad; first row %ld)",
			       r.feat_bad, r.bloch_bad, r.phi_bad, r.eps_bad,
			       r.first_bad_row);
		printf("\n");
		ok ? pass++ : fail++;
		free(names[i]);
	}
	printf("RESULT golden passed=%d failed=%d\n", pass, fail);
	return fail ? 1 : 0;
}
