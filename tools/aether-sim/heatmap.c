// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * aether-sim heatmap: a trace as a picture.  The trace is replayed through
 * a policy exactly as `replay --emit` does; its R/P stream is scored as an
 * independent R-then-P scorer would (the same LRU page-cache model and
 * size): a prefetched page a later read finds in the cache is used, one
 * evicted or never read is wasted.  Each page read or prefetched is a dot:
 * x is the request's position in the trace (or its time), y its address,
 * low addresses at the bottom.  A pixel takes the colour of what fell in
 * it most often, reads before used before wasted on a tie.  A trace's
 * "# drop_caches" empties the cache model here as in replay.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "png.h"
#include "pagecache.h"
#include "replay_opts.h"

#define PROG		"aether-sim heatmap"
#define PAGE_SECTORS	AETHER_PAGE_SECTORS
#define DIM_MIN		16
#define DIM_MAX		8192
#define LEGEND_H	16

enum { C_BG, C_READ, C_USED, C_WASTED, C_TEXT, C_RULE, NR_COLORS };
enum { K_READ, K_USED, K_PF, NR_KINDS };	/* counted per pixel */

static const u8 palette[NR_COLORS * 3] = {
	255, 255, 255,		/* background */
	31, 119, 180,		/* read: blue */
	44, 160, 44,		/* prefetch used: green */
	214, 39, 40,		/* prefetch wasted: red */
	0, 0, 0,		/* legend text */
	160, 160, 160,		/* rule above the legend, dropped caches */
};

enum {
	OPT_OUTPUT = OPT_REPLAY_LAST + 1,
	OPT_WIDTH,
	OPT_HEIGHT,
	OPT_RANGE,
	OPT_X,
	OPT_NO_LEGEND,
};

static void usage(FILE *f)
{
	fprintf(f, "usage: aether-sim heatmap --trace FILE -o PNG [OPTIONS]\n\n"
		"Replays a block trace through a policy (as replay does) and draws it as a\n"
		"PNG: x is the request's position in the trace (or its time), y the address\n"
		"(low sectors at the bottom).  Every page read or prefetched is a dot:\n"
		"  blue   (31,119,180)   read\n"
		"  green  (44,160,44)    prefetched, and read later while still cached (used)\n"
		"  red    (214,39,40)    prefetched, evicted or never read (wasted)\n"
		"  white                 nothing\n"
		"  grey column           the page cache was dropped (\"# drop_caches\")\n"
		"A prefetch is drawn where it was issued, not where it was read.  A pixel\n"
		"takes the colour of what fell in it most often (ties: read, used, wasted).\n"
		"The prefetches are the policy's: --policy povm or stride shows aether's\n"
		"alone, readahead Linux's, povm+readahead (default) both.  Prints one\n"
		"key=value line: the axes' ranges and the page counts (of the whole\n"
		"trace, not only of --range).\n\n"
		"  -o, --output PNG  the picture to write (required)\n"
		"  --width N         pixels, %d..%d (default 1024)\n"
		"  --height N        pixels of the plot, %d..%d (default 512); the legend\n"
		"                    adds %d below it\n"
		"  --range S:E       sectors S to E (E excluded) only (default: from the\n"
		"                    lowest to the highest sector read or prefetched)\n"
		"  --x io|time       x axis: request number (default) or the trace's time\n"
		"                    (blkparse and msr traces)\n"
		"  --no-legend       the plot alone\n"
		REPLAY_OPTS_USAGE
		"\nExit status: 0; 1 if the trace cannot be read or the PNG written; 2 for\n"
		"bad options.  See Documentation/evaluation.md, Pictures.\n",
		DIM_MIN, DIM_MAX, DIM_MIN, DIM_MAX, LEGEND_H);
}

/* 3x5 glyphs of the legend's letters, rows top first, 3 bits each */
static const struct glyph {
	char c;
	u8 row[5];
} font[] = {
	{ 'A', { 2, 5, 7, 5, 5 } }, { 'C', { 3, 4, 4, 4, 3 } },
	{ 'D', { 6, 5, 5, 5, 6 } }, { 'E', { 7, 4, 6, 4, 7 } },
	{ 'F', { 7, 4, 6, 4, 4 } }, { 'H', { 5, 5, 7, 5, 5 } },
	{ 'P', { 6, 5, 6, 4, 4 } }, { 'R', { 6, 5, 6, 5, 5 } },
	{ 'S', { 3, 4, 2, 1, 6 } }, { 'T', { 7, 2, 2, 2, 2 } },
	{ 'U', { 5, 5, 5, 5, 7 } }, { 'W', { 5, 5, 5, 7, 5 } },
};

struct canvas {
	u8 *pix;
	u32 w, h;
};

static void dot(struct canvas *cv, u32 x, u32 y, u8 c)
{
	if (x < cv->w && y < cv->h)
		cv->pix[(size_t)y * cv->w + x] = c;
}

static void box(struct canvas *cv, u32 x, u32 y, u32 w, u32 h, u8 c)
{
	u32 i, j;

	for (j = 0; j < h; j++)
		for (i = 0; i < w; i++)
			dot(cv, x + i, y + j, c);
}

/* Text at (x, y), glyphs scaled 2x; returns the x after it */
static u32 text(struct canvas *cv, u32 x, u32 y, const char *s)
{
	size_t i, r, b;

	for (; *s; s++, x += 8) {
		for (i = 0; i < sizeof(font) / sizeof(font[0]); i++)
			if (font[i].c == *s)
				break;
		if (i == sizeof(font) / sizeof(font[0]))
			continue;	/* a space */
		for (r = 0; r < 5; r++)
			for (b = 0; b < 3; b++)
				if (font[i].row[r] & (4 >> b))
					box(cv, x + (u32)b * 2, y + (u32)r * 2, 2, 2, C_TEXT);
	}
	return x;
}

static void legend(struct canvas *cv, u32 top)
{
	static const struct { u8 c; const char *s; } item[] = {
		{ C_READ, "READ" }, { C_USED, "PREFETCH USED" },
		{ C_WASTED, "PREFETCH WASTED" },
	};
	u32 x = 4;
	size_t i;

	box(cv, 0, top, cv->w, 1, C_RULE);
	for (i = 0; i < sizeof(item) / sizeof(item[0]); i++) {
		box(cv, x, top + 3, 10, 10, item[i].c);
		x = text(cv, x + 14, top + 3, item[i].s) + 12;
	}
}

/* Parse "S:E" into sectors, S < E */
static int parse_range(const char *arg, u64 *s, u64 *e)
{
	const char *colon = strchr(arg, ':');
	char buf[32];

	if (!colon || (size_t)(colon - arg) >= sizeof(buf))
		return -1;
	memcpy(buf, arg, (size_t)(colon - arg));
	buf[colon - arg] = '\0';
	if (parse_uint(buf, 0, ~0ULL, s) || parse_uint(colon + 1, 1, ~0ULL, e) || *s >= *e)
		return -1;
	return 0;
}

/*
 * The time of every request of t, in ns, from the file again (trace.c
 * keeps none): blkparse's "secs.nsecs", MSR's Windows time in 100 ns.
 * The parser skips the same lines trace_load() skipped, so the i-th
 * request here is t's i-th.  -1 after printing why.
 */
static int load_times(const char *path, int fmt, const struct trace *t, u64 *ts)
{
	struct trace_parser ps;
	struct trace_rec r;
	const char *p, *end, *nl, *err;
	size_t i = 0, len;
	char *buf;

	if (fmt != TRACE_BLKPARSE && fmt != TRACE_MSR) {
		fprintf(stderr, "%s: --x time: a %s trace has no time; use --x io\n",
			PROG, trace_format_names[fmt]);
		return -1;
	}
	if (trace_read_file(path, PROG, &buf, &len))
		return -1;
	trace_parser_init(&ps, (enum trace_format)fmt);
	for (p = buf, end = buf + len; p < end && i < t->n; p = nl + 1) {
		const char *q;
		u64 sec = 0, frac = 0, digits = 0;
		int field;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (trace_parse_line(&ps, p, (size_t)(nl - p), &r, &err) <= 0)
			continue;
		q = p;
		if (fmt == TRACE_BLKPARSE) {	/* the fourth token */
			for (field = 0; field < 4 && q < nl; field++) {
				while (q < nl && (*q == ' ' || *q == '\t'))
					q++;
				if (field < 3)
					while (q < nl && *q != ' ' && *q != '\t')
						q++;
			}
		} else {
			while (q < nl && *q == ' ')
				q++;
		}
		while (q < nl && *q >= '0' && *q <= '9')
			sec = sec * 10 + (u64)(*q++ - '0');
		if (fmt == TRACE_BLKPARSE && q < nl && *q == '.')
			for (q++; q < nl && *q >= '0' && *q <= '9'; q++, digits++)
				if (digits < 9)
					frac = frac * 10 + (u64)(*q - '0');
		while (digits++ < 9)
			frac *= 10;
		ts[i++] = fmt == TRACE_BLKPARSE ? sec * 1000000000ULL + frac : sec * 100;
	}
	free(buf);
	if (i != t->n) {
		fprintf(stderr, "%s: %s: changed while read\n", PROG, path);
		return -1;
	}
	return 0;
}

/* One line of the emit stream: 'R' or 'P', sector, sectors; 0 at the end */
static char next_line(char **pos, char *end, u64 *sector, u64 *nr)
{
	char *p = *pos, *nl, kind;

	if (p >= end)
		return 0;
	nl = memchr(p, '\n', (size_t)(end - p));
	if (!nl)
		nl = end;
	kind = *p;
	*sector = strtoull(p + 2, &p, 10);
	*nr = strtoull(p, NULL, 10);
	*pos = nl + 1;
	return kind;
}

struct plot {
	u32 w, h;
	u64 lo, hi;		/* sectors [lo, hi) */
	size_t n;		/* requests */
	const u64 *ts;		/* their times (--x time), or NULL */
	u64 t0, t1;		/* first and last time */
	u32 *cnt[NR_KINDS];
};

/* Request i's columns [*x0, *x1): its share of the width, at least one */
static void columns(const struct plot *pl, size_t i, u32 *x0, u32 *x1)
{
	if (pl->ts) {
		*x0 = (u32)((unsigned __int128)(pl->ts[i] - pl->t0) * pl->w /
			    (pl->t1 - pl->t0 + 1));
		*x1 = *x0 + 1;
		return;
	}
	*x0 = (u32)((u64)i * pl->w / pl->n);
	*x1 = (u32)((u64)(i + 1) * pl->w / pl->n);
	if (*x1 <= *x0)
		*x1 = *x0 + 1;
}

static u32 row_of(const struct plot *pl, u64 s)
{
	return (u32)((unsigned __int128)(s - pl->lo) * pl->h / (pl->hi - pl->lo));
}

/* Count page, touched by request i, in every pixel it covers (if in range) */
static void add(struct plot *pl, int kind, size_t i, u64 page)
{
	u64 s = page * PAGE_SECTORS, e = s + PAGE_SECTORS;
	u32 x0, x1, x, r0, r1, r;

	if (e <= pl->lo || s >= pl->hi)
		return;
	s = s < pl->lo ? pl->lo : s;
	e = e > pl->hi ? pl->hi : e;
	r0 = row_of(pl, s);
	r1 = row_of(pl, e);
	if (r1 <= r0)
		r1 = r0 + 1;
	columns(pl, i, &x0, &x1);
	for (r = r0; r < r1; r++)	/* low sectors at the bottom */
		for (x = x0; x < x1; x++)
			pl->cnt[kind][(size_t)(pl->h - 1 - r) * pl->w + x]++;
}

int cmd_heatmap(int argc, char **argv)
{
	static const struct option longopts[] = {
		REPLAY_LONG_OPTIONS,
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ "width", required_argument, NULL, OPT_WIDTH },
		{ "height", required_argument, NULL, OPT_HEIGHT },
		{ "range", required_argument, NULL, OPT_RANGE },
		{ "x", required_argument, NULL, OPT_X },
		{ "no-legend", no_argument, NULL, OPT_NO_LEGEND },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct replay_opts o;
	struct sim_config cfg;
	struct sim_stats st = { 0 };
	struct plot pl = { .w = 1024, .h = 512 };
	struct canvas cv = { 0 };
	struct pagecache pc = { 0 };
	struct trace t;
	const char *output = NULL;
	bool by_time = false, no_legend = false, have_range = false;
	u64 v, sector, nr, page, pend, lo = ~0ULL, hi = 0, *ts = NULL, t0 = ~0ULL, t1 = 0;
	u64 read_pages = 0, pf_pages = 0, used_pages = 0;
	char *emit = NULL, *pos, *end;
	size_t emit_len = 0, i, k, npix;
	FILE *f;
	int opt, r, rc = 1;
	char kind;

	replay_opts_init(&o);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		r = replay_opts_parse(&o, opt, optarg, PROG);
		if (r < 0)
			return 2;
		if (r)
			continue;
		switch (opt) {
		case 'o':
		case OPT_OUTPUT:
			output = optarg;
			break;
		case OPT_WIDTH:
		case OPT_HEIGHT:
			if (parse_uint(optarg, DIM_MIN, DIM_MAX, &v)) {
				fprintf(stderr, "%s: --%s: '%s' is not a number in %d..%d\n", PROG,
					opt == OPT_WIDTH ? "width" : "height", optarg, DIM_MIN, DIM_MAX);
				return 2;
			}
			*(opt == OPT_WIDTH ? &pl.w : &pl.h) = (u32)v;
			break;
		case OPT_RANGE:
			if (parse_range(optarg, &pl.lo, &pl.hi)) {
				fprintf(stderr, "%s: --range: '%s' is not START:END in sectors with START < END\n",
					PROG, optarg);
				return 2;
			}
			have_range = true;
			break;
		case OPT_X:
			if (strcmp(optarg, "io") && strcmp(optarg, "time")) {
				fprintf(stderr, "%s: --x: '%s' is not io or time\n", PROG, optarg);
				return 2;
			}
			by_time = !strcmp(optarg, "time");
			break;
		case OPT_NO_LEGEND:
			no_legend = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", PROG, argv[optind]);
		return 2;
	}
	if (!output) {
		fprintf(stderr, "%s: -o PNG is required\n", PROG);
		return 2;
	}
	if (by_time && o.format != TRACE_BLKPARSE && o.format != TRACE_MSR) {
		fprintf(stderr, "%s: --x time: a %s trace has no time; use --x io\n",
			PROG, trace_format_names[o.format]);
		return 2;
	}
	if (replay_opts_load(&o, &t, &cfg, PROG))
		return o.trace ? 1 : 2;

	/* the policy's R/P stream, as `replay --emit` prints it */
	f = open_memstream(&emit, &emit_len);
	if (!f || sim_run(&cfg, &t, &st, f) || fclose(f))
		goto oom;
	end = emit + emit_len;

	if (by_time) {
		ts = malloc(t.n * sizeof(*ts));
		if (!ts)
			goto oom;
		if (load_times(o.trace, o.format, &t, ts))
			goto out;
		for (i = 0; i < t.n; i++) {
			t0 = ts[i] < t0 ? ts[i] : t0;
			t1 = ts[i] > t1 ? ts[i] : t1;
		}
		pl.ts = ts;
		pl.t0 = t0;
		pl.t1 = t1;
	}
	if (t.n >= PC_NONE) {
		fprintf(stderr, "%s: more than %u requests: cut the trace\n", PROG, PC_NONE - 1);
		goto out;
	}
	pl.n = t.n;
	if (!have_range) {
		for (pos = emit; (kind = next_line(&pos, end, &sector, &nr));) {
			lo = sector < lo ? sector : lo;
			hi = sector + nr > hi ? sector + nr : hi;
		}
		pl.lo = lo;
		pl.hi = hi > lo ? hi : lo + 1;
	}

	npix = (size_t)pl.w * pl.h;
	for (k = 0; k < NR_KINDS; k++) {
		pl.cnt[k] = calloc(npix, sizeof(u32));
		if (!pl.cnt[k])
			goto oom;
	}
	if (pc_init(&pc, cfg.cache_pages))
		goto oom;

	/*
	 * Walk the trace and the stream together: a read is one R line and
	 * the P lines after it; a write has no line but lands in the cache,
	 * where it ends a prefetched page's chance of being used.
	 */
	pos = emit;
	kind = next_line(&pos, end, &sector, &nr);
	for (i = 0; i < t.n; i++) {
		const struct trace_rec *tr = &t.rec[i];
		u8 evicted;
		u32 n;

		if (tr->drop) {
			/* "# drop_caches": the cache empties, as replay's does */
			pc_clear(&pc);
			continue;
		}
		for (page = tr->sector / PAGE_SECTORS,
		     pend = (tr->sector + tr->nr_sectors - 1) / PAGE_SECTORS + 1; page < pend; page++) {
			n = pc_find(&pc, page);
			if (n == PC_NONE) {
				pc_insert(&pc, page, 0, PC_NONE, &evicted);
			} else {
				if ((pc.node[n].flags & PC_AETHER) && !tr->write) {
					used_pages++;
					add(&pl, K_USED, pc.node[n].req, page);
				}
				pc.node[n].flags = 0;
				pc_touch(&pc, n);
			}
			if (!tr->write) {
				read_pages++;
				add(&pl, K_READ, i, page);
			}
		}
		if (tr->write)
			continue;
		if (kind != 'R') {
			fprintf(stderr, "%s: internal error: replay stream out of step\n", PROG);
			goto out;
		}
		while ((kind = next_line(&pos, end, &sector, &nr)) == 'P') {
			for (page = sector / PAGE_SECTORS; page < (sector + nr) / PAGE_SECTORS; page++) {
				if (pc_find(&pc, page) != PC_NONE)
					continue;
				/* the request that issued it rides with the page */
				pc_insert(&pc, page, PC_AETHER, (u32)i, &evicted);
				add(&pl, K_PF, i, page);
				pf_pages++;
			}
		}
	}

	cv.w = pl.w;
	cv.h = pl.h + (no_legend ? 0 : LEGEND_H);
	cv.pix = calloc((size_t)cv.w * cv.h, 1);
	if (!cv.pix)
		goto oom;
	for (i = 0; i < npix; i++) {
		/* prefetched pages never counted used were wasted */
		u32 rd = pl.cnt[K_READ][i], used = pl.cnt[K_USED][i];
		u32 wasted = pl.cnt[K_PF][i] - used;

		if (rd && rd >= used && rd >= wasted)
			cv.pix[i] = C_READ;
		else if (used && used >= wasted)
			cv.pix[i] = C_USED;
		else if (wasted)
			cv.pix[i] = C_WASTED;
	}
	/* where the page cache was dropped: a grey column behind the dots */
	for (i = 0; i < t.n; i++) {
		u32 x0, x1, y;

		if (!t.rec[i].drop)
			continue;
		columns(&pl, i, &x0, &x1);
		for (y = 0; y < pl.h; y++)
			if (cv.pix[(size_t)y * pl.w + x0] == C_BG)
				cv.pix[(size_t)y * pl.w + x0] = C_RULE;
	}
	if (!no_legend)
		legend(&cv, pl.h);

	f = fopen(output, "wb");
	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", PROG, output, strerror(errno));
		goto out;
	}
	if (png_write_indexed(f, cv.pix, cv.w, cv.h, palette, NR_COLORS) | fclose(f)) {
		fprintf(stderr, "%s: %s: %s\n", PROG, output, strerror(errno));
		goto out;
	}
	printf("png=%s policy=%s width=%u height=%u x=%s x_end=%llu sector_first=%llu sector_end=%llu read_pages=%llu prefetched_pages=%llu used_pages=%llu wasted_pages=%llu\n",
	       output, sim_policy_names[cfg.policy], cv.w, cv.h, by_time ? "time_ns" : "io",
	       (unsigned long long)(by_time ? t1 - t0 + 1 : t.n),
	       (unsigned long long)pl.lo, (unsigned long long)pl.hi,
	       (unsigned long long)read_pages, (unsigned long long)pf_pages,
	       (unsigned long long)used_pages, (unsigned long long)(pf_pages - used_pages));
	rc = 0;
	goto out;
oom:
	fprintf(stderr, "%s: out of memory\n", PROG);
out:
	pc_free(&pc);
	for (k = 0; k < NR_KINDS; k++)
		free(pl.cnt[k]);
	free(cv.pix);
	free(ts);
	free(emit);
	trace_free(&t);
	return rc;
}
