// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * aetherctl attach-configured: attach the disks an admin listed in
 * /etc/aether/disks, at boot and when a disk appears.  The file holds one
 * disk per line, as `attach` takes it (a /dev/disk/by-id or by-path link,
 * a /dev path, a kernel name or MAJ:MIN), optionally followed by per-disk
 * knobs as KNOB=VALUE; '#' starts a comment:
 *
 *     /dev/disk/by-id/wwn-0x5000c500a1b2c3d4   policy=stride max_depth=128
 *     nvme1n1
 *
 * Without DISK: every listed disk present now (systemd's
 * aether-attach.service, and udev when the module is loaded).  With DISK
 * (udev's %k when a disk appears): only the lines that resolve to it; if
 * the module is not loaded or no line names it, nothing happens and it
 * exits 0.  A disk already attached gets its knobs set again, so reruns
 * are harmless.  $AETHER_DISKS_CONF or --config move the file (tests).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aetherctl.h"

#define DEFAULT_CONF	"/etc/aether/disks"

/* Is the disk a line names on this system now?  Quietly: no messages. */
static bool present(const char *spec)
{
	char path[640];
	struct stat st;
	unsigned int maj, min;
	char c;

	if (strchr(spec, '/'))
		return stat(spec, &st) == 0;
	if (sscanf(spec, "%u:%u%c", &maj, &min, &c) == 2) {
		snprintf(path, sizeof(path), "%s/dev/block/%u:%u", sysfs_root(), maj, min);
		return access(path, F_OK) == 0;
	}
	snprintf(path, sizeof(path), "%s/class/block/%s", sysfs_root(), spec);
	return access(path, F_OK) == 0;
}

static bool is_attached(const char *disk)
{
	char path[640];

	snprintf(path, sizeof(path), "%s/devices/%s", aether_dir(), disk);
	return access(path, F_OK) == 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: %s attach-configured [--config FILE] [DISK]\n\n"
		"Attach the disks listed in %s (one per line: a /dev/disk/by-id or\n"
		"by-path link, /dev path, name or MAJ:MIN, then optional KNOB=VALUE\n"
		"per-disk settings; '#' comments).  Without DISK every listed disk\n"
		"present now; with DISK (udev's %%k) only the lines naming that disk,\n"
		"and nothing but exit 0 when none does or the module is not loaded.\n"
		"Disks already attached keep their counters and get their knobs again.\n",
		PROG, DEFAULT_CONF);
}

int cmd_attach_configured(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *conf = getenv("AETHER_DISKS_CONF");
	char target[32] = "", disk[32], line[1024], *tok[34], *p, *save;
	unsigned int lineno = 0;
	int opt, ntok, i, failed = 0;
	FILE *f;

	if (!conf || !*conf)
		conf = DEFAULT_CONF;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			conf = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind > 1) {
		usage(stderr);
		return 2;
	}
	if (argc - optind == 1 && resolve_disk(argv[optind], target, "attach-configured"))
		return 2;
	f = fopen(conf, "r");
	if (!f) {
		if (target[0] && errno == ENOENT)
			return 0;	/* nothing configured */
		fprintf(stderr, "%s: attach-configured: %s: %s\n", PROG, conf, strerror(errno));
		return 1;
	}
	if (!module_loaded()) {
		fclose(f);
		if (target[0])
			return 0;	/* udev runs us again when the module loads */
		not_loaded();
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		p = strchr(line, '#');
		if (p)
			*p = '\0';
		ntok = 0;
		for (p = strtok_r(line, " \t\r\n", &save); p && ntok < 34;
		     p = strtok_r(NULL, " \t\r\n", &save))
			tok[ntok++] = p;
		if (!ntok)
			continue;
		if (ntok == 34) {
			fprintf(stderr, "%s: %s:%u: too many settings\n", PROG, conf, lineno);
			failed++;
			continue;
		}
		if (!present(tok[0])) {
			if (!target[0])
				fprintf(stderr, "%s: %s:%u: %s: not present, skipped\n",
					PROG, conf, lineno, tok[0]);
			continue;
		}
		if (resolve_disk(tok[0], disk, "attach-configured")) {
			fprintf(stderr, "%s: %s:%u: %s not attached\n", PROG, conf, lineno, tok[0]);
			failed++;
			continue;
		}
		if (target[0] && strcmp(disk, target))
			continue;
		if (is_attached(disk)) {
			printf("%s: %s (%s) already attached\n", PROG, disk, tok[0]);
		} else {
			char *av[] = { "attach", disk, NULL };

			/* udev may attach it meanwhile (module and disk events) */
			if (cmd_attach(2, av) && !is_attached(disk)) {
				failed++;
				continue;
			}
			printf("%s: attached %s (%s)\n", PROG, disk, tok[0]);
		}
		for (i = 1; i < ntok; i++) {
			char *eq = strchr(tok[i], '=');
			char *av[] = { "set", disk, tok[i], eq ? eq + 1 : NULL, NULL };

			if (!eq || eq == tok[i]) {
				fprintf(stderr, "%s: %s:%u: '%s' is not KNOB=VALUE\n",
					PROG, conf, lineno, tok[i]);
				failed++;
				continue;
			}
			*eq = '\0';
			if (cmd_set(4, av)) {
				fprintf(stderr, "%s: %s:%u: %s=%s not set on %s\n",
					PROG, conf, lineno, tok[i], eq + 1, disk);
				failed++;
			}
		}
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: attach-configured: %s: read error\n", PROG, conf);
		failed++;
	}
	fclose(f);
	return failed ? 1 : 0;
}
