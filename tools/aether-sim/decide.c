// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * aether-sim decide: the POVM kernel over LBAs read from stdin, one decision
 * per line with the golden files' windowing (row i sees
 * lbas[max(0, i - N + 1) .. i]).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "sim.h"
#include "../lib/decide_csv.h"
#include "../lib/povm_opts.h"

#define PROG "aether-sim decide"

static void usage(FILE *f)
{
	fprintf(f, "usage: aether-sim decide [OPTIONS] < lbas\n\n"
		"One LBA (decimal sector) per input line; prints\n"
		"cycle,first,last,fetch,phi,epsilon per line.\n\n"
		POVM_OPTS_USAGE
		"  --features        also print the six features and rx,ry,rz\n");
}

int cmd_decide(int argc, char **argv)
{
	struct povm_opts o;
	struct aether_params p;
	struct aether_povm k;
	struct aether_cycle c;
	bool features;
	unsigned long lineno = 0;
	u64 *ring, cycle, lba;
	int r;

	r = decide_opts_parse(argc, argv, PROG, usage, &o, &features, &p);
	if (r >= 0)
		return r;

	ring = calloc(o.window, sizeof(*ring));
	if (!ring) {
		perror(PROG);
		return 1;
	}
	aether_povm_init(&k, &p);
	decide_csv_header(stdout, features);
	for (cycle = 0; (r = read_lba_line(stdin, PROG, &lineno, &lba)) > 0; cycle++) {
		u64 len = cycle + 1 < o.window ? cycle + 1 : o.window;
		u64 first;

		ring[cycle % o.window] = lba;
		first = ring[(cycle + 1 - len) % o.window];
		aether_povm_cycle(&k, first, lba, (u32)len, &c);
		decide_csv_row(stdout, cycle, first, lba, &c, features);
	}
	free(ring);
	if (fflush(stdout) || ferror(stdout)) {
		perror(PROG);
		return 1;
	}
	return r < 0 ? 1 : 0;
}
