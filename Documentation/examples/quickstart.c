// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The seed's Quick Start, in C against libaether:
 *
 *   cc quickstart.c -laether -o quickstart
 *
 * One kernel with the default parameters (epsilon 0.5, phi 0.1,
 * lambda 0.1/0.2/0.3, bias 0.05) decides on one window of LBAs; then the
 * same kernel follows a strided stream, as a storage server would feed it.
 */
#include <stdio.h>

#include <aether/decimal.h>
#include <aether/povm.h>

int main(void)
{
	const struct aether_params params = {
		.epsilon = AETHER_QC(1, 2),
		.phi = AETHER_QC(1, 10),
		.lambda = { AETHER_QC(1, 10), AETHER_QC(2, 10), AETHER_QC(3, 10) },
		.bias = AETHER_QC(5, 100),
	};
	const u64 lba_stream[] = { 100, 101, 102, 105, 110, 200, 205 };
	struct aether_povm kernel;
	struct aether_cycle c;
	char phi[AETHER_Q_STRLEN], eps[AETHER_Q_STRLEN], ratio[AETHER_Q_STRLEN];
	u64 window[16], lba = 1000000;
	int i;

	aether_povm_init(&kernel, &params);
	if (aether_povm_window(&kernel, lba_stream, 7, &c))
		puts("PREFETCH: Direct bypass triggered!");
	else
		puts("defer: the page cache handles this window");

	/* A strided stream: 4 KiB every 64 KiB, windows of the last 16 reads. */
	for (i = 0; i < 1000; i++, lba += 128) {
		int n = i + 1 < 16 ? i + 1 : 16, j;

		for (j = 0; j < n; j++)
			window[j] = lba - (u64)(n - 1 - j) * 128;
		aether_povm_window(&kernel, window, (u32)n, &c);
	}
	aether_q_format(phi, sizeof(phi), c.phi, 3);
	aether_q_format(eps, sizeof(eps), c.epsilon, 3);
	aether_q_format(ratio, sizeof(ratio), aether_povm_ratio(&kernel), 3);
	printf("cycles=%llu prefetches=%llu ratio=%s phi=%s epsilon=%s\n",
	       (unsigned long long)kernel.cycles,
	       (unsigned long long)kernel.prefetches, ratio, phi, eps);

	aether_povm_reset_stats(&kernel);	/* counters only; state stays */
	printf("after reset: cycles=%llu\n", (unsigned long long)kernel.cycles);
	return 0;
}
