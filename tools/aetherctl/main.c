// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * aetherctl: attach disks to aether, tune it and watch its decisions.
 * One subcommand per job; see `aetherctl --help`.  Global options come
 * before the command (--json also after it, as admins type it).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aetherctl.h"
#include "../../include/uapi/linux/aether.h"

bool opt_json;

static const struct ctl_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	bool json;		/* read-only: takes --json */
	const char *args;
	const char *summary;
} cmds[] = {
	{ "attach", cmd_attach, false, "DISK", "start watching a disk's reads" },
	{ "detach", cmd_detach, false, "DISK", "stop watching it" },
	{ "list", cmd_list, true, "", "attached disks: DISK MAJ:MIN" },
	{ "attach-configured", cmd_attach_configured, false, "[--config FILE] [DISK]",
	  "attach the disks listed in /etc/aether/disks (boot, udev)" },
	{ "stats", cmd_stats, true, "[--raw | --prometheus] [-i SEC [-c N]] [DISK...]",
	  "counters as a table; -i: rates (stats --help)" },
	{ "get", cmd_get, true, "[DISK/]KNOB | DISK KNOB", "print a knob (global, or a disk's)" },
	{ "set", cmd_set, false, "[DISK/]KNOB VALUE | DISK KNOB VALUE", "set a knob" },
	{ "watch", cmd_watch, true, "[--count N] [--nonblock] [--ioctl] [--csv]",
	  "print decisions as they happen" },
	{ "record", cmd_record, false, "[-o FILE] [-d SEC] [-c N] [--file PATH] [DISK...]",
	  "save the reads to a trace file aether-sim reads (record --help)" },
	{ "decide", cmd_decide, false, "[POVM OPTIONS] [--features] < lbas",
	  "decisions on LBAs from stdin, in the kernel (as aether-sim decide)" },
	{ "version", cmd_version, true, "", "the loaded module's version and ABI" },
};

#define NR_CMDS (sizeof(cmds) / sizeof(cmds[0]))

int parse_num(const char *arg, unsigned long long lo, unsigned long long hi,
	      const char *what, unsigned long long *out)
{
	unsigned long long v;
	char *end;

	/* strtoull takes "-1" as 2^64 - 1: digits only */
	errno = 0;
	v = *arg >= '0' && *arg <= '9' ? strtoull(arg, &end, 10) : 0;
	if (*arg < '0' || *arg > '9' || *end || errno || v < lo || v > hi) {
		fprintf(stderr, "%s: %s: '%s' is not an integer in %llu..%llu\n",
			PROG, what, arg, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: %s [--json] COMMAND [ARGS]\n"
		"       %s --version | --help\n\n"
		"Attaches aether to disks, tunes it and shows what it does.  Needs the\n"
		"aether module loaded, and root to attach, detach and set.\n\n"
		"Commands:\n", PROG, PROG);
	for (i = 0; i < NR_CMDS; i++)
		fprintf(f, "  %s%s%s\n          %s\n", cmds[i].name,
			*cmds[i].args ? " " : "", cmds[i].args,
			cmds[i].summary);
	fprintf(f, "\nOptions:\n"
		"  --json     JSON output for list, stats, get, watch, version\n"
		"  --version  this tool's version (the module's: %s version)\n"
		"  --help     this text; COMMAND --help for stats and watch\n\n"
		"DISK is a kernel name (sda, nvme0n1), a /dev path, MAJ:MIN or a\n"
		"/dev/disk/by-id link; aether takes whole disks, not partitions.\n\n",
		PROG);
	knobs_help(f);
	fprintf(f, "\nTo turn aether off on a disk at once: %s set DISK policy off\n"
		"(it keeps counting; rmmod aether removes it).  See\n"
		"Documentation/admin-guide.rst.  Exit status: 0 done, 1 failed,\n"
		"2 bad usage or value.\n", PROG);
}

int main(int argc, char **argv)
{
	const struct ctl_cmd *c = NULL;
	bool version = false;
	int i, j, first;
	size_t k;

	for (first = 1; first < argc && argv[first][0] == '-'; first++) {
		if (!strcmp(argv[first], "--json")) {
			opt_json = true;
		} else if (!strcmp(argv[first], "--version") || !strcmp(argv[first], "-V")) {
			version = true;
		} else if (!strcmp(argv[first], "--help") || !strcmp(argv[first], "-h")) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "%s: unknown option '%s'\n", PROG, argv[first]);
			usage(stderr);
			return 2;
		}
	}
	if (version) {
		/* this tool's: works without the module, unlike `version` */
		if (opt_json)
			printf("{\"aetherctl\": \"%s\", \"abi\": %d}\n", AETHERCTL_VERSION,
			       AETHER_ABI_VERSION);
		else
			printf("%s %s (abi %d)\n", PROG, AETHERCTL_VERSION, AETHER_ABI_VERSION);
		return 0;
	}
	if (first >= argc) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[first], "help")) {
		usage(stdout);
		return 0;
	}
	for (k = 0; k < NR_CMDS; k++)
		if (!strcmp(argv[first], cmds[k].name))
			c = &cmds[k];
	if (!c) {
		fprintf(stderr, "%s: unknown command '%s'\n", PROG, argv[first]);
		usage(stderr);
		return 2;
	}
	/* --json after the command too; taken out so the command's parser never sees it */
	for (i = j = first + 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			while (i < argc)
				argv[j++] = argv[i++];
			break;
		}
		if (!strcmp(argv[i], "--json"))
			opt_json = true;
		else
			argv[j++] = argv[i];
	}
	argc = j;
	argv[argc] = NULL;
	if (opt_json && !c->json) {
		fprintf(stderr, "%s: %s has no JSON output (--json: list, stats, get, watch, version)\n",
			PROG, c->name);
		return 2;
	}
	return c->fn(argc - first, argv + first);
}
