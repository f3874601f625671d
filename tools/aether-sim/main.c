// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * aether-sim: the aether core in userspace, on the same sources the module
 * compiles.  One subcommand per job; see `aether-sim help`.
 */
#include <stdio.h>
#include <string.h>

#include "sim.h"

static const struct sim_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} cmds[] = {
	{ "decide", cmd_decide, "POVM decisions on LBAs from stdin, as CSV" },
	{ "replay", cmd_replay, "a block trace through a policy and a page-cache model" },
	{ "sweep", cmd_sweep, "replay over a grid of parameters, in parallel" },
	{ "heatmap", cmd_heatmap, "a trace and a policy's prefetches as a PNG picture" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: aether-sim COMMAND [OPTIONS]\n\ncommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-8s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\n`aether-sim COMMAND --help` describes each.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "aether-sim: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
