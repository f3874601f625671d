// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * aetherctl stats: every attached disk's counters, from sysfs only (reading
 * them never holds /dev/aether open, so monitoring never blocks rmmod).
 * A table with units by default; --raw one key=value line per disk for
 * scripts; --json one document; -i SEC rates per second like iostat;
 * --prometheus the Prometheus text format (node_exporter's textfile
 * collector), written atomically with --output FILE.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* --- Prometheus text format --- */

/*
 * One metric per counter or gauge, named by Prometheus's conventions:
 * aether_ prefix, base units (bytes, not sectors or KiB), counters end in
 * _total, gauges do not; one sample per disk, labelled disk="NAME".
 */
static const struct prom_metric {
	int f;			/* fields[] index, or -1 - sfiles[] index (a decimal) */
	const char *name;
	bool counter;
	unsigned long long scale;
	const char *help;
} prom_metrics[] = {
	{ F_READS, "aether_reads_total", true, 1,
	  "Read bios seen on the disk since it was attached, aether's own excluded." },
	{ F_SECTORS, "aether_read_bytes_total", true, 512, "Bytes those reads covered." },
	{ F_DECISIONS, "aether_decisions_total", true, 1, "POVM gate decisions, one per read." },
	{ F_PREFETCHES, "aether_gate_prefetch_decisions_total", true, 1,
	  "Gate decisions that said prefetch (the stream is not sequential)." },
	{ F_DROPPED, "aether_events_dropped_total", true, 1,
	  "The disk's decision events overwritten in the /dev/aether ring before being read." },
	{ F_SELF_READS, "aether_self_reads_total", true, 1,
	  "Reads aether itself issued (its prefetch), ignored by the probe." },
	{ F_REQUESTS, "aether_prefetch_requests_total", true, 1,
	  "Predicted ranges queued for readahead." },
	{ F_PAGES, "aether_pages_prefetched_total", true, 1,
	  "Pages read into the page cache ahead of the reader." },
	{ F_CACHED, "aether_pages_cached_total", true, 1,
	  "Predicted pages that were already cached, skipped." },
	{ F_USED, "aether_pages_used_total", true, 1, "Prefetched pages read since." },
	{ F_WASTED, "aether_pages_wasted_total", true, 1,
	  "Prefetched pages evicted unread, or unread 2 s after their readahead." },
	{ F_DROPS, "aether_budget_dropped_pages_total", true, 1,
	  "Predicted pages dropped because the budget (budget_kb) or the queue was full." },
	{ F_DEPTH, "aether_depth", false, 1,
	  "Strided blocks the disk predictor reads ahead now (0: suspended)." },
	{ F_MAX_DEPTH, "aether_max_depth", false, 1, "The max_depth knob." },
	{ F_BUDGET_KB, "aether_budget_bytes", false, 1024,
	  "The budget_kb knob in bytes: prefetch I/O queued at most." },
	{ F_WINDOW, "aether_window", false, 1, "LBAs per POVM window." },
	{ -1 - S_RATIO, "aether_prefetch_ratio", false, 0,
	  "Gate prefetch decisions / decisions since attach (0 before the first read)." },
	{ -1 - S_CUR_EPSILON, "aether_gate_epsilon", false, 0,
	  "The gate's adaptive threshold now." },
	{ -1 - S_CUR_PHI, "aether_gate_phi", false, 0, "The gate's basis angle now, radians." },
};

/* a label value: \, " and newline escaped */
static void prom_label(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fprintf(f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static void prom_head(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void prom_write(FILE *f, const struct sample *sm, int n, bool loaded)
{
	char buf[64], path[600], *end;
	size_t m;
	int i;

	prom_head(f, "aether_module_loaded", "gauge",
		  "1 if the aether module is loaded (/sys/kernel/aether exists), else 0.");
	fprintf(f, "aether_module_loaded %d\n", loaded ? 1 : 0);
	if (!loaded)
		return;
	prom_head(f, "aether_page_size_bytes", "gauge", "Page size: the unit of the aether_pages_* counters.");
	fprintf(f, "aether_page_size_bytes %.0f\n", page_size);
	snprintf(path, sizeof(path), "%s/ring_dropped", aether_dir());
	if (!read_file(path, buf, sizeof(buf))) {
		unsigned long long v = strtoull(buf, &end, 10);

		if (end != buf) {
			prom_head(f, "aether_ring_events_dropped_total", "counter",
				  "Decision events overwritten in the /dev/aether ring before being read, all disks.");
			fprintf(f, "aether_ring_events_dropped_total %llu\n", v);
		}
	}
	prom_head(f, "aether_disk_info", "gauge",
		  "An attached disk: its MAJ:MIN, policy and preset as labels; always 1.");
	for (i = 0; i < n; i++) {
		fputs("aether_disk_info{disk=", f);
		prom_label(f, sm[i].disk);
		fputs(",dev=", f);
		prom_label(f, sm[i].s[S_DEV]);
		fputs(",policy=", f);
		prom_label(f, sm[i].s[S_POLICY]);
		fputs(",preset=", f);
		prom_label(f, sm[i].s[S_PRESET]);
		fputs("} 1\n", f);
	}
	for (m = 0; m < sizeof(prom_metrics) / sizeof(prom_metrics[0]); m++) {
		const struct prom_metric *pm = &prom_metrics[m];

		prom_head(f, pm->name, pm->counter ? "counter" : "gauge", pm->help);
		for (i = 0; i < n; i++) {
			if (pm->f >= 0 && !sm[i].ok[pm->f])
				continue;	/* the module has no such file */
			if (pm->f < 0) {
				const char *v = sm[i].s[-1 - pm->f];
				double d = strtod(v, &end);

				if (!*v || *end)
					continue;
				fprintf(f, "%s{disk=", pm->name);
				prom_label(f, sm[i].disk);
				fprintf(f, "} %.6f\n", d);
				continue;
			}
			fprintf(f, "%s{disk=", pm->name);
			prom_label(f, sm[i].disk);
			fprintf(f, "} %llu\n", sm[i].v[pm->f] * pm->scale);
		}
	}
}

/*
 * Write to FILE atomically (node_exporter must never read half a file): a
 * temporary file in the same directory, mode 0644, then rename().
 */
static int prom_output(const char *path, const struct sample *sm, int n, bool loaded)
{
	char tmp[4096];
	FILE *f;
	int fd, err = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp)) {
		fprintf(stderr, "%s: stats --output: path too long\n", PROG);
		return 1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "%s: stats --output: %s: %s\n", PROG, tmp, strerror(errno));
		return 1;
	}
	f = fdopen(fd, "w");
	if (!f) {
		err = errno;
		close(fd);
	} else {
		prom_write(f, sm, n, loaded);
		if (fchmod(fd, 0644) || fflush(f) || ferror(f) || fsync(fd))
			err = errno ? errno : EIO;
		if (fclose(f) && !err)
			err = errno;
	}
	if (!err && rename(tmp, path))
		err = errno;
	if (err) {
		fprintf(stderr, "%s: stats --output %s: %s\n", PROG, path, strerror(err));
		unlink(tmp);
		return 1;
	}
	return 0;
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
	fprintf(f, "usage: %s stats [--raw | --json] [-i SEC [-c COUNT]] [DISK...]\n"
		"       %s stats --prometheus [--output FILE] [DISK...]\n\n"
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
		"                      such object per report and line (JSON Lines)\n"
		"  --prometheus        the Prometheus text format: aether_*_total counters\n"
		"                      and gauges labelled disk=\"NAME\", HELP and TYPE lines;\n"
		"                      aether_module_loaded 0 (exit 0) without the module\n"
		"  -o, --output FILE   with --prometheus: write FILE atomically (a temporary\n"
		"                      file, then rename), for node_exporter's textfile\n"
		"                      collector\n",
		PROG, PROG);
}

int cmd_stats(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'c' },
		{ "raw", no_argument, NULL, 'r' },
		{ "prometheus", no_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct sample prev[MAX_DISKS], cur[MAX_DISKS];
	static char names[MAX_DISKS][32];
	unsigned long long interval = 0, count = 0, reports;
	int opt, i, j, n, nprev = 0, ncur, nnamed = 0;
	bool raw = false, prom = false;
	const char *output = NULL;
	double t_prev, t;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "i:c:o:h", longopts, NULL)) != -1) {
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
		case 'p':
			prom = true;
			break;
		case 'o':
			output = optarg;
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
	if (prom && (raw || opt_json || interval)) {
		fprintf(stderr, "%s: stats: --prometheus takes none of --raw, --json, --interval\n",
			PROG);
		return 2;
	}
	if (output && !prom) {
		fprintf(stderr, "%s: stats: --output needs --prometheus\n", PROG);
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
	page_size = (double)sysconf(_SC_PAGESIZE);
	if (!module_loaded()) {
		if (prom) {
			/* for monitoring, "not loaded" is a value */
			if (output)
				return prom_output(output, NULL, 0, false);
			prom_write(stdout, NULL, 0, false);
			return 0;
		}
		not_loaded();
		return 1;
	}
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
	if (prom) {
		if (output)
			return prom_output(output, prev, nprev, true);
		prom_write(stdout, prev, nprev, true);
		return fflush(stdout) ? 1 : 0;
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
