// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * aetherctl: attach disks to aether, tune it and watch its decisions.
 * One subcommand per job; see `aetherctl help`.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "aetherctl.h"

static const struct ctl_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;
	const char *summary;
} cmds[] = {
	{ "attach", cmd_attach, "DISK", "start watching a disk's reads" },
	{ "detach", cmd_detach, "DISK", "stop watching it" },
	{ "list", cmd_list, "", "attached disks" },
	{ "stats", cmd_stats, "[DISK]", "counters and state of attached disks" },
	{ "get", cmd_get, "[DISK/]KNOB", "print a knob (global, or a disk's)" },
	{ "set", cmd_set, "[DISK/]KNOB VALUE", "set a knob" },
	{ "watch", cmd_watch, "[--count N] [--nonblock] [--ioctl]",
	  "print decisions as they happen" },
	{ "decide", cmd_decide, "[POVM OPTIONS] [--features] < lbas",
	  "decisions on LBAs from stdin, in the kernel (as aether-sim decide)" },
	{ "version", cmd_version, "", "module version and ABI" },
};

#define NR_CMDS (sizeof(cmds) / sizeof(cmds[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: aetherctl COMMAND [ARGS]\n\ncommands:\n");
	for (i = 0; i < NR_CMDS; i++)
		fprintf(f, "  %-7s %-36s %s\n", cmds[i].name, cmds[i].args,
			cmds[i].summary);
	fprintf(f, "\nKnobs: preset epsilon phi lambda1 lambda2 lambda3 bias window\n"
		"(see Documentation/admin-guide.rst).  Needs the aether module\n"
		"loaded and root.\n");
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
	for (i = 0; i < NR_CMDS; i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown command '%s'\n", PROG, argv[1]);
	usage(stderr);
	return 2;
}
