// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The decision without a report (out == NULL: what the module and
 * aether-bench run) must evolve exactly as the decision with one (what the
 * golden test checks): aether_povm_cycle() has a separate path for steady
 * streams and memoises its measurement stage, and none of that may show.
 *
 * Two kernels see the same windows, one asked for reports, one not; after
 * every window the decision, phi, epsilon and the counters must be equal,
 * and the report must agree with the state.  Streams: every golden .lba at
 * windows 1, 2, 4, 16, 64 with each preset, plus synthetic ones that change
 * parameters, phi and epsilon behind the kernel's back.
 *
 * usage: test_paths [GOLDEN_DIR]
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/aether/povm.h"

#define MAX_LBAS	65536

static u64 lba[MAX_LBAS];
static int pass, fail;

static u64 rng = 0x9e3779b97f4a7c15ULL;

static u64 next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* one stream through both kernels; poke: disturb state mid-stream */
static void run(const char *name, int n, const struct aether_params *p,
		u32 window, bool poke)
{
	struct aether_povm a, b;
	struct aether_cycle c;
	bool fa = false, fb = false;
	int i, bad = -1;

	aether_povm_init(&a, p);
	aether_povm_init(&b, p);
	for (i = 0; i < n; i++) {
		int lo = i + 1 >= (int)window ? i + 1 - (int)window : 0;
		u32 len = (u32)(i - lo + 1);
		bool above;

		if (poke && i == n / 3) {	/* a knob written directly */
			a.params.bias = a.params.bias > 0 ? -7 * AETHER_ONE :
							    7 * AETHER_ONE;
			b.params.bias = a.params.bias;
		}
		if (poke && i == n / 2) {	/* a reset of the adaptive state */
			a.phi = AETHER_ONE / 3;
			b.phi = a.phi;
			a.epsilon = AETHER_ONE / 2;
			b.epsilon = a.epsilon;
		}
		fa = aether_povm_cycle(&a, lba[lo], lba[i], len, &c);
		fb = aether_povm_cycle(&b, lba[lo], lba[i], len, NULL);
		above = c.p_fetch > c.epsilon;
		if (fa != fb || a.phi != b.phi || a.epsilon != b.epsilon ||
		    a.cycles != b.cycles || a.prefetches != b.prefetches ||
		    c.fetch != fa || c.phi != a.phi || c.epsilon != a.epsilon ||
		    c.fetch != above) {
			bad = i;
			break;
		}
	}
	if (bad < 0) {
		pass++;
		return;
	}
	fail++;
	printf("FAIL %s window %u: row %d differs (fetch %d/%d phi %d/%d eps %d/%d)\n",
	       name, window, bad, fa, fb, a.phi, b.phi, a.epsilon, b.epsilon);
}

static int load(const char *path)
{
	FILE *f = fopen(path, "r");
	unsigned long long v;
	int n = 0;

	if (!f)
		return 0;
	while (n < MAX_LBAS && fscanf(f, "%llu", &v) == 1)
		lba[n++] = v;
	fclose(f);
	return n;
}

/* random mixtures of strides, runs, jumps and huge (wrapping) deltas */
static int synth(int kind, int n)
{
	u64 x = next();
	int i;

	for (i = 0; i < n; i++) {
		switch (kind) {
		case 0:
			x += (i / 300) % 2 ? 8 : 128;
			break;
		case 1:
			x = i % 97 < 80 ? x + 8 : next() >> (next() % 64);
			break;
		case 2:
			x = next();
			break;
		default:
			x += (next() % 4) * 8 - 8;
			break;
		}
		lba[i] = x;
	}
	return n;
}

int main(int argc, char **argv)
{
	static const u32 windows[] = { 1, 2, 4, 16, 64 };
	const char *dir = argc > 1 ? argv[1] : "golden";
	struct aether_params custom = {
		.epsilon = AETHER_QC(3, 10), .phi = AETHER_QC(-5, 1),
		.lambda = { AETHER_QC(-3, 10), AETHER_QC(7, 2), AETHER_QC(-2, 1) },
		.bias = AETHER_QC(1, 3),
	};
	struct dirent *de;
	DIR *dp = opendir(dir);
	int p, w, k, n;

	if (!dp) {
		fprintf(stderr, "test_paths: cannot open %s\n", dir);
		return 2;
	}
	while ((de = readdir(dp))) {
		size_t l = strlen(de->d_name);
		char path[4096];

		if (l < 5 || strcmp(de->d_name + l - 4, ".lba"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		n = load(path);
		if (!n) {
			fail++;
			printf("FAIL %s: no LBAs\n", path);
			continue;
		}
		for (p = 0; p < AETHER_NR_PRESETS; p++)
			for (w = 0; w < 5; w++)
				run(de->d_name, n, &aether_presets[p], windows[w], false);
	}
	closedir(dp);
	if (!pass && !fail) {
		fprintf(stderr, "test_paths: no .lba files in %s\n", dir);
		return 2;
	}
	for (k = 0; k < 4; k++) {
		n = synth(k, 20000);
		for (w = 0; w < 5; w++) {
			run("synthetic", n, &aether_presets[k % AETHER_NR_PRESETS],
			    windows[w], true);
			run("synthetic-custom", n, &custom, windows[w], true);
		}
	}
	printf("RESULT paths passed=%d failed=%d\n", pass, fail);
	return fail != 0;
}
