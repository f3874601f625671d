// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * aetherctl stats: every attached disk's counters, from sysfs only (reading
 * them never holds /dev/aether open, so monitoring never blocks rmmod).
 * A table with units by default; --raw one key=value line per disk for
 * scripts; --json one document; -i SEC rates per second like iostat.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aetherctl.h"

#define MAX_DISKS	256
#define MiB		1048576.0

/* The counters and numeric knobs of devices/<disk>/, in output order. */
enum {
	F_READS, F_SECTORS, F_DECISIONS, F_PREFETCHES, F_DROPPED, F_SELF_READS,
	F_REQUESTS, F_PAGES, F_CACHED, F_USED, F_WASTED, F_DROPS,
	F_DEPTH, F_MAX_DEPTH, F_BUDGET_KB, F_WINDOW, NR_F,
};

static const struct field {
	const char *key;	/* raw and JSON key */
	const char *file;	/* sysfs file; "stat": stat_idx of its line */
	int stat_idx;
	bool counter;		/* rates make sense (-i) */
} fields[NR_F] = {
	[F_READS] = { "reads", "stat", 0, true },
	[F_SECTORS] = { "sectors", "stat", 1, true },
	[F_DECISIONS] = { "decisions", "stat", 2, true },
	[F_PREFETCHES] = { "prefetches", "stat", 3, true },
	[F_DROPPED] = { "dropped", "stat", 4, true },
	[F_SELF_READS] = { "self_reads", "stat", 5, true },
	[F_REQUESTS] = { "prefetch_requests", "prefetch_requests", -1, true },
	[F_PAGES] = { "pages_prefetched", "pages_prefetched", -1, true },
	[F_CACHED] = { "pages_cached", "pages_cached", -1, true },
	[F_USED] = { "pages_used", "pages_used", -1, true },
	[F_WASTED] = { "pages_wasted", "pages_wasted", -1, true },
	[F_DROPS] = { "budget_drops", "budget_drops", -1, true },
	[F_DEPTH] = { "depth", "depth", -1, false },
	[F_MAX_DEPTH] = { "max_depth", "max_depth", -1, false },
	[F_BUDGET_KB] = { "budget_kb", "budget_kb", -1, false },
	[F_WINDOW] = { "window", "window", -1, false },
};

/* The text knobs, printed as they read. */
enum { S_DEV, S_POLICY, S_PRESET, S_RATIO, S_EPSILON, S_CUR_EPSILON, S_CUR_PHI, NR_S };
static const char *const sfiles[NR_S] = {
	"dev", "policy", "preset", "prefetch_ratio", "epsilon", "cur_epsilon", "cur_phi",
};

struct sample {
	char disk[32];
	bool ok[NR_F];		/* false: the module has no such file */
	unsigned long long v[NR_F];
	char s[NR_S][32];	/* "" when missing */
};

static double page_size;

/* One disk's files; false if it is not attached (any more). */
static bool sample_disk(const char *disk, struct sample *sm)
{
	char buf[256], *p, *end;
	unsigned long long stat[6];
	bool have_stat;
	int i, n;

	memset(sm, 0, sizeof(*sm));
	snprintf(sm->disk, sizeof(sm->disk), "%s", disk);
	if (read_disk_file(disk, "dev", sm->s[S_DEV], sizeof(sm->s[S_DEV])))
		return false;
	for (i = 1; i < NR_S; i++)
		if (read_disk_file(disk, sfiles[i], sm->s[i], sizeof(sm->s[i])))
			sm->s[i][0] = '\0';
	have_stat = !read_disk_file(disk, "stat", buf, sizeof(buf));
	for (n = 0, p = buf; have_stat && n < 6; n++, p = end) {
		stat[n] = strtoull(p, &end, 10);
		if (end == p)
			break;
	}
	for (i = 0; i < NR_F; i++) {
		const struct field *f = &fields[i];

		if (f->stat_idx >= 0) {
			sm->ok[i] = have_stat && f->stat_idx < n;
			sm->v[i] = sm->ok[i] ? stat[f->stat_idx] : 0;
			continue;
		}
		if (read_disk_file(disk, f->file, buf, sizeof(buf)))
			continue;
		sm->v[i] = strtoull(buf, &end, 10);
		sm->ok[i] = end != buf;
	}
	return true;
}

/* --- cumulative: table, raw, JSON --- */

static const char *mib(char *b, double pages_or_bytes, double unit)
{
	snprintf(b, 24, "%.1f", pages_or_bytes * unit / MiB);
	return b;
}

static void table_header(void)
{
	printf("%-12s %-9s %-6s %10s %10s %6s %9s %9s %6s %10s %10s %9s\n",
	       "DISK", "DEV", "POLICY", "READS", "READ_MiB", "GATE%", "PF_REQS",
	       "PF_MiB", "USED%", "WASTED_MiB", "DROP_MiB", "DEPTH/MAX");
}

static void table_row(const struct sample *sm)
{
	char b[6][24], depth[32];
	unsigned long long judged = sm->v[F_USED] + sm->v[F_WASTED];

	snprintf(b[0], 24, "%.1f", sm->v[F_DECISIONS] ?
		 100.0 * (double)sm->v[F_PREFETCHES] / (double)sm->v[F_DECISIONS] : 0.0);
	if (judged)
		snprintf(b[1], 24, "%.1f", 100.0 * (double)sm->v[F_USED] / (double)judged);
	else
		strcpy(b[1], "-");
	snprintf(depth, sizeof(depth), "%llu/%llu", sm->v[F_DEPTH], sm->v[F_MAX_DEPTH]);
	printf("%-12s %-9s %-6s %10llu %10s %6s %9llu %9s %6s %10s %10s %9s\n",
	       sm->disk, sm->s[S_DEV], sm->s[S_POLICY][0] ? sm->s[S_POLICY] : "-",
	       sm->v[F_READS], mib(b[2], (double)sm->v[F_SECTORS], 512), b[0],
	       sm->v[F_REQUESTS], mib(b[3], (double)sm->v[F_PAGES], page_size), b[1],
	       mib(b[4], (double)sm->v[F_WASTED], page_size),
	       mib(b[5], (double)sm->v[F_DROPS], page_size), depth);
}

static void raw_line(const struct sample *sm)
{
	int i;

	printf("%s", sm->disk);
	for (i = 0; i < NR_S; i++)
		printf(" %s=%s", sfiles[i], sm->s[i][0] ? sm->s[i] : "-");
	for (i = 0; i < NR_F; i++) {
		if (sm->ok[i])
			printf(" %s=%llu", fields[i].key, sm->v[i]);
		else
			printf(" %s=-", fields[i].key);
	}
	printf("\n");
}

static void json_disk(const struct sample *sm)
{
	int i;

	printf("{\"disk\": ");
	json_str(stdout, sm->disk);
	for (i = 0; i < NR_S; i++) {
		printf(", \"%s\": ", sfiles[i]);
		if (sm->s[i][0])
			json_value(stdout, sm->s[i]);
		else
			printf("null");
	}
	for (i = 0; i < NR_F; i++) {
		if (sm->ok[i])
			printf(", \"%s\": %llu", fields[i].key, sm->v[i]);
		else
			printf(", \"%s\": null", fields[i].key);
	}
	printf(", \"page_size\": %.0f}", page_size);
}

/* --- intervals: rates per second --- */

static void rate_header(void)
{
	printf("%-12s %9s %10s %6s %9s %9s %11s %13s %11s %9s\n", "DISK", "READS/s",
	       "READ_MiB/s", "GATE%", "PF_REQS/s", "PF_MiB/s", "USED_MiB/s",
	       "WASTED_MiB/s", "DROP_MiB/s", "DEPTH/MAX");
}

static unsigned long long delta(const struct sample *a, const struct sample *b, int f)
{
	/* counters restart at zero on a re-attach */
	return b->v[f] >= a->v[f] ? b->v[f] - a->v[f] : b->v[f];
}

static void rate_row(const struct sample *a, const struct sample *b, double dt)
{
	unsigned long long dec = delta(a, b, F_DECISIONS);
	char depth[32];

	snprintf(depth, sizeof(depth), "%llu/%llu", b->v[F_DEPTH], b->v[F_MAX_DEPTH]);
	printf("%-12s %9.1f %10.2f %6.1f %9.1f %9.2f %11.2f %13.2f %11.2f %9s\n",
	       b->disk, (double)delta(a, b, F_READS) / dt,
	       (double)delta(a, b, F_SECTORS) * 512 / MiB / dt,
	       dec ? 100.0 * (double)delta(a, b, F_PREFETCHES) / (double)dec : 0.0,
	       (double)delta(a, b, F_REQUESTS) / dt,
	       (double)delta(a, b, F_PAGES) * page_size / MiB / dt,
	       (double)delta(a, b, F_USED) * page_size / MiB / dt,
	       (double)delta(a, b, F_WASTED) * page_size / MiB / dt,
	       (double)delta(a, b, F_DROPS) * page_size / MiB / dt, depth);
}

static void rate_raw(const struct sample *a, const struct sample *b, double dt,
		     bool json)
{
	int i;

	if (json) {
		printf("{\"disk\": ");
		json_str(stdout, b->disk);
	} else {
		printf("%s", b->disk);
	}
	for (i = 0; i < NR_F; i++) {
		const char *fmt = json ? ", \"%s%s\": %.3f" : " %s%s=%.3f";

		if (!b->ok[i] || !a->ok[i])
			printf(json ? ", \"%s%s\": null" : " %s%s=-", fields[i].key,
			       fields[i].counter ? "_per_s" : "");
		else if (fields[i].counter)
			printf(fmt, fields[i].key, "_per_s", (double)delta(a, b, i) / dt);
		else
			printf(json ? ", \"%s%s\": %.0f" : " %s%s=%.0f", fields[i].key, "",
			       (double)b->v[i]);
	}
	printf(json ? "}" : "\n");
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: %s stats [--raw | --json] [-i SEC [-c COUNT]] [DISK...]\n\n"
		"Counters of the attached disks (all, or the DISKs named: name, /dev path,\n"
		"MAJ:MIN or /dev/disk/by-id link), read from sysfs, since each was attached:\n"
		"  READS       reads seen            READ_MiB    MiB they read\n"
		"  GATE%%       reads the gate judged not sequential (prefetch_ratio)\n"
		"  PF_REQS     ranges queued for prefetch\n"
		"  PF_MiB      MiB read ahead        USED%%       of the prefetched pages judged,\n"
		"  WASTED_MiB  MiB read ahead and never read   the share read (- none yet)\n"
		"  DROP_MiB    MiB of predictions dropped by the budget (budget_kb)\n"
		"  DEPTH/MAX   how far ahead it reads now / max_depth\n"
		"  -i, --interval SEC  every SEC seconds (1..86400), rates per second over\n"
		"                      the interval instead of totals, like iostat\n"
		"  -c, --count N       stop after N reports (1..1000000; default: until ^C)\n"
		"  --raw               one line per disk, \"DISK key=value ...\" with every\n"
		"                      sysfs counter and knob (- if the module has none);\n"
		"                      with -i, counters as KEY_per_s\n"
		"  --json              {\"disks\": [{...}]}, the --raw keys; with -i one\n"
		"                      such object per report and line (JSON Lines)\n",
		PROG);
}

int cmd_stats(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'c' },
		{ "raw", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct sample prev[MAX_DISKS], cur[MAX_DISKS];
	static char names[MAX_DISKS][32];
	unsigned long long interval = 0, count = 0, reports;
	int opt, i, j, n, nprev = 0, ncur, nnamed = 0;
	bool raw = false;
	double t_prev, t;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "i:c:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'i':
			if (parse_num(optarg, 1, 86400, "stats --interval", &interval))
				return 2;
			break;
		case 'c':
			if (parse_num(optarg, 1, 1000000, "stats --count", &count))
				return 2;
			break;
		case 'r':
			raw = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (raw && opt_json) {
		fprintf(stderr, "%s: stats: --raw and --json: choose one\n", PROG);
		return 2;
	}
	if (count && !interval) {
		fprintf(stderr, "%s: stats: --count needs --interval\n", PROG);
		return 2;
	}
	for (i = optind; i < argc; i++) {
		if (nnamed == MAX_DISKS || resolve_disk(argv[i], names[nnamed], "stats"))
			return 2;
		nnamed++;
	}
	if (!module_loaded()) {
		not_loaded();
		return 1;
	}
	page_size = (double)sysconf(_SC_PAGESIZE);
	if (!nnamed) {
		n = attached_disks(names, MAX_DISKS);
		if (n < 0)
			return 1;
	} else {
		n = nnamed;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	t_prev = now();
	for (i = 0, nprev = 0; i < n; i++) {
		if (sample_disk(names[i], &prev[nprev])) {
			nprev++;
		} else if (nnamed) {
			fprintf(stderr, "%s: %s is not attached\n", PROG, names[i]);
			return 1;
		}
	}
	if (!interval) {
		if (opt_json)
			printf("{\"disks\": [");
		else if (!raw)
			table_header();
		for (i = 0; i < nprev; i++) {
			if (opt_json) {
				printf(i ? ", " : "");
				json_disk(&prev[i]);
			} else if (raw) {
				raw_line(&prev[i]);
			} else {
				table_row(&prev[i]);
			}
		}
		if (opt_json)
			printf("]}\n");
		return 0;
	}
	if (!raw && !opt_json)
		rate_header();
	for (reports = 0; !count || reports < count; reports++) {
		const char *sep = "";

		sleep((unsigned int)interval);
		t = now();
		if (!nnamed) {
			n = attached_disks(names, MAX_DISKS);
			if (n < 0)
				return 1;
		}
		for (i = 0, ncur = 0; i < n; i++)
			if (sample_disk(names[i], &cur[ncur]))
				ncur++;
		if (opt_json)
			printf("{\"interval_s\": %.3f, \"disks\": [", t - t_prev);
		else if (!raw && nprev > 1 && reports) {
			/* several disks: a header per report, as iostat */
			printf("\n");
			rate_header();
		}
		for (i = 0; i < ncur; i++) {
			/* disks attached during the interval wait for the next */
			for (j = 0; j < nprev && strcmp(prev[j].disk, cur[i].disk); j++)
				;
			if (j == nprev)
				continue;
			if (opt_json) {
				printf("%s", sep);
				sep = ", ";
				rate_raw(&prev[j], &cur[i], t - t_prev, true);
			} else if (raw) {
				rate_raw(&prev[j], &cur[i], t - t_prev, false);
			} else {
				rate_row(&prev[j], &cur[i], t - t_prev);
			}
		}
		if (opt_json)
			printf("]}\n");
		memcpy(prev, cur, sizeof(cur[0]) * (size_t)ncur);
		nprev = ncur;
		t_prev = t;
	}
	return 0;
}
