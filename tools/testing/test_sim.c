// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of aether-sim replay's parts: the three trace parsers (good
 * lines, malformed lines, huge offsets), the LRU page cache against hand
 * computed cases and a reference model, the Linux readahead model on a
 * sequential stream (window by window), and the replay engine's accounting,
 * checked against an independent scorer of its --emit stream.
 *
 * Prints "RESULT sim passed=N failed=M"; one test per function.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../aether-sim/engine.h"
#include "../aether-sim/pagecache.h"
#include "../aether-sim/readahead.h"
#include "../aether-sim/trace.h"
#include "unit.h"

static int parse(struct trace_parser *ps, const char *line, struct trace_rec *r,
		 const char **err)
{
	*err = NULL;
	memset(r, 0, sizeof(*r));
	return trace_parse_line(ps, line, strlen(line), r, err);
}

static void expect_rec(enum trace_format fmt, const char *line, u64 sector,
		       u32 nr, int write, u32 tag)
{
	struct trace_parser ps;
	struct trace_rec r;
	const char *err;
	int rc;

	trace_parser_init(&ps, fmt);
	rc = parse(&ps, line, &r, &err);
	CHECK(rc == 1 && r.sector == sector && r.nr_sectors == nr && r.write == write &&
	      r.tag == tag, "'%s' -> rc %d (%s) %llu+%u w%d t%u", line, rc, err ? err : "",
	      (unsigned long long)r.sector, r.nr_sectors, r.write, r.tag);
}

static void expect_rc(enum trace_format fmt, const char *line, int want)
{
	struct trace_parser ps;
	struct trace_rec r;
	const char *err;
	int rc;

	trace_parser_init(&ps, fmt);
	rc = parse(&ps, line, &r, &err);
	CHECK(rc == want && (rc >= 0 || (err && *err)), "'%s' -> %d, want %d", line, rc, want);
}

static void test_parse_lba(void)
{
	expect_rec(TRACE_LBA, "2048", 2048, 8, 0, 0);
	expect_rec(TRACE_LBA, "  17 \r", 17, 8, 0, 0);
	expect_rec(TRACE_LBA, "18446744073709551607", 18446744073709551607ULL, 8, 0, 0);
	expect_rc(TRACE_LBA, "", 0);
	expect_rc(TRACE_LBA, "# a comment", 0);
	expect_rc(TRACE_LBA, "abc", -1);
	expect_rc(TRACE_LBA, "-5", -1);
	expect_rc(TRACE_LBA, "1.5", -1);
	expect_rc(TRACE_LBA, "100 200", -1);
	expect_rc(TRACE_LBA, "18446744073709551608", -1);	/* + 8 passes 2^64 - 1 */
	expect_rc(TRACE_LBA, "18446744073709551616", -1);	/* 2^64 */
	expect_rc(TRACE_LBA, "99999999999999999999999", -1);
}

static void test_parse_msr(void)
{
	expect_rec(TRACE_MSR, "128166372003061629,wdev,0,Read,6032384,4096,6225",
		   11782, 8, 0, 0);
	expect_rec(TRACE_MSR, "128166372003061629,wdev,0,Write,512,65536,1",
		   1, 128, 1, 0);
	expect_rec(TRACE_MSR, "1,h,2,read,1000,100,1", 1, 2, 0, 0);	/* bytes 1000..1099 */
	expect_rec(TRACE_MSR, "1,h,2,READ,1000,1000,1", 1, 3, 0, 0);	/* 1000..1999 */
	expect_rec(TRACE_MSR, "1, h ,2, Write ,0,512,1", 0, 1, 1, 0);
	/* the last 4 KiB of a 2^64-byte address space */
	expect_rec(TRACE_MSR, "1,h,0,Read,18446744073709547520,4096,1",
		   36028797018963960ULL, 8, 0, 0);
	expect_rc(TRACE_MSR, "Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime", 0);
	expect_rc(TRACE_MSR, "1,h,0,Read,18446744073709547520,4097,1", -1);
	expect_rc(TRACE_MSR, "1,h,0,Read,18446744073709551616,1,1", -1);
	expect_rc(TRACE_MSR, "1,h,0,Read,0,0,1", -1);
	expect_rc(TRACE_MSR, "1,h,0,Trim,0,4096,1", -1);
	expect_rc(TRACE_MSR, "1,h,0,Read,0,4096", -1);
	expect_rc(TRACE_MSR, "1,h,0,Read,0,4096,1,9", -1);
	expect_rc(TRACE_MSR, "1,h,0,Read,-4096,4096,1", -1);
	expect_rc(TRACE_MSR, "1,h,0,Read,4k,4096,1", -1);
	expect_rc(TRACE_MSR, "x,h,0,Read,0,4096,1", -1);
	expect_rc(TRACE_MSR, "1,,0,Read,0,4096,1", -1);
	expect_rc(TRACE_MSR, "1,h,0,Read,0,2199023255552,1", -1);	/* 2^32 sectors */
}

static void test_parse_blkparse(void)
{
	struct trace_parser ps;
	struct trace_rec r;
	const char *err;

	expect_rec(TRACE_BLKPARSE, "  8,0    3        1     0.000000000   697  Q   R 2048 + 8 [fio]",
		   2048, 8, 0, 697);
	expect_rec(TRACE_BLKPARSE, "254,16  1       10     1.5         4242  Q  RA 100 + 256 [cat]",
		   100, 256, 0, 4242);
	expect_rec(TRACE_BLKPARSE, "  8,0    0        7     0.1    12  Q  WS 4096 + 16 [kworker/0:1]",
		   4096, 16, 1, 12);
	expect_rec(TRACE_BLKPARSE, "  8,0    0        7     0.1    12  Q FWFS 8 + 8 [jbd2]",
		   8, 8, 1, 12);
	expect_rec(TRACE_BLKPARSE, "  8,0    0  7  0.1  1  Q  R 18446744073709551000 + 8 [x]",
		   18446744073709551000ULL, 8, 0, 1);
	expect_rc(TRACE_BLKPARSE, "  8,0    3        2     0.000001   697  G   R 2048 + 8 [fio]", 0);
	expect_rc(TRACE_BLKPARSE, "  8,0    3        3     0.000002   697  C   R 2048 + 8 [0]", 0);
	expect_rc(TRACE_BLKPARSE, "  8,0    0        0     0.000003     0  m   N cfq schedule", 0);
	expect_rc(TRACE_BLKPARSE, "  8,0    0        4     0.1   12  Q  FN [sync]", 0);
	expect_rc(TRACE_BLKPARSE, "  8,0    0        4     0.1   12  Q   D 0 + 2048 [fstrim]", 0);
	expect_rc(TRACE_BLKPARSE, "  8,0    0        4     0.1   12  Q   R 0 + 0 [x]", 0);
	expect_rc(TRACE_BLKPARSE, "hello world", -1);
	expect_rc(TRACE_BLKPARSE, "  8,0    3        1     0.0   697  Q   R 2048 - 8 [fio]", -1);
	expect_rc(TRACE_BLKPARSE, "  8,0    3        1     0.0   697  Q   R 2048 + [fio]", -1);
	expect_rc(TRACE_BLKPARSE, "  8,0    3        1     0.0   abc  Q   R 2048 + 8 [fio]", -1);
	expect_rc(TRACE_BLKPARSE, "  8,0    3        1     0.0   697  Q   X 2048 + 8 [fio]", -1);
	expect_rc(TRACE_BLKPARSE, "  8,0    3        1     0.0   697  Q   R 18446744073709551000 + 1000 [x]", -1);

	/* the summary at the end, and events of another device, are skipped */
	trace_parser_init(&ps, TRACE_BLKPARSE);
	CHECK(parse(&ps, "  8,0 0 1 0.1 5 Q R 8 + 8 [a]", &r, &err) == 1, "first");
	CHECK(parse(&ps, "  8,16 0 2 0.1 5 Q R 8 + 8 [a]", &r, &err) == 0 && ps.other_dev == 1,
	      "other device");
	CHECK(parse(&ps, "CPU0 (8,0):", &r, &err) == 0 && ps.in_summary, "summary");
	CHECK(parse(&ps, " Reads Queued:      4,       16KiB", &r, &err) == 0, "summary line");
	CHECK(parse(&ps, "  8,0 0 1 0.1 5 Q R 8 + 8 [a]", &r, &err) == 0, "after summary");
}

/* trace_load: malformed lines skipped (counted) or, with strict, fatal */
static void test_load(void)
{
	char path[] = "/tmp/test_sim_traceXXXXXX";
	struct trace t;
	FILE *f;
	int fd = mkstemp(path), rc;

	CHECK(fd >= 0, "mkstemp");
	if (fd < 0)
		return;
	f = fdopen(fd, "w");
	fputs("8\n16\nbad\n\n24\n-1\n32", f);	/* no final newline */
	fclose(f);
	fprintf(stderr, "(two messages about malformed lines follow, as intended)\n");
	rc = trace_load(&t, path, TRACE_LBA, false, "test_sim");
	CHECK(rc == 0 && t.n == 4 && t.malformed == 2 && t.ignored == 1 &&
	      t.rec[3].sector == 32 && t.max_end == 40, "rc %d n %zu malformed %zu", rc,
	      t.n, t.malformed);
	trace_free(&t);
	rc = trace_load(&t, path, TRACE_LBA, true, "test_sim");
	CHECK(rc == -1 && t.rec == NULL, "strict rc %d", rc);
	unlink(path);
	CHECK(trace_load(&t, "/nonexistent/trace", TRACE_LBA, false, "test_sim") == -1,
	      "missing file");
}

static u32 find(struct pagecache *c, u64 p)
{
	return pc_find(c, p);
}

/* Hand-computed LRU sequences on a 3-page cache. */
static void test_cache_hand(void)
{
	struct pagecache c;
	u8 ev;

	CHECK(pc_init(&c, 3) == 0, "init");
	pc_insert(&c, 1, 0, 1, &ev);
	CHECK(ev == 0, "no eviction while filling");
	pc_insert(&c, 2, PC_AETHER, 1, &ev);
	pc_insert(&c, 3, 0, 1, &ev);
	pc_touch(&c, find(&c, 1));		/* LRU order now 2, 3, 1 */
	pc_insert(&c, 4, 0, 2, &ev);		/* evicts 2 */
	CHECK(ev == (PC_EVICTED | PC_AETHER), "evicted flags %#x", ev);
	CHECK(find(&c, 2) == PC_NONE && find(&c, 1) != PC_NONE && find(&c, 3) != PC_NONE &&
	      find(&c, 4) != PC_NONE, "2 evicted, 1 3 4 kept");
	pc_insert(&c, 5, 0, 3, &ev);		/* evicts 3 */
	CHECK(ev == PC_EVICTED && find(&c, 3) == PC_NONE, "3 evicted");
	pc_touch(&c, find(&c, 1));
	pc_insert(&c, 6, 0, 4, &ev);		/* evicts 4 */
	CHECK(find(&c, 4) == PC_NONE && find(&c, 1) != PC_NONE, "4 evicted, 1 kept");
	CHECK(c.node[find(&c, 6)].req == 4, "request number kept");
	pc_free(&c);

	/* a one-page cache */
	CHECK(pc_init(&c, 1) == 0, "init 1");
	pc_insert(&c, 7, 0, 1, &ev);
	pc_insert(&c, 8, 0, 1, &ev);
	CHECK(ev == PC_EVICTED && find(&c, 7) == PC_NONE && find(&c, 8) != PC_NONE, "cap 1");
	pc_free(&c);
}

/* Random operations against a brute-force LRU: every answer the same. */
static void test_cache_reference(void)
{
	enum { CAP = 200, OPS = 300000 };
	static u64 ref[CAP];		/* ref[0] is the MRU */
	struct pagecache c;
	u64 seed = 1, page;
	int n = 0, i, j, k, bad = 0;
	u8 ev;

	CHECK(pc_init(&c, CAP) == 0, "init");
	for (k = 0; k < OPS; k++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		/* small key space: many hits, collisions and evictions */
		page = (seed >> 33) % 600 * 0x100000001ULL;
		for (i = 0; i < n && ref[i] != page; i++)
			;
		if ((find(&c, page) != PC_NONE) != (i < n)) {
			bad++;
			continue;
		}
		if (i < n) {
			pc_touch(&c, find(&c, page));
			for (j = i; j > 0; j--)
				ref[j] = ref[j - 1];
		} else {
			pc_insert(&c, page, 0, 0, &ev);
			if (n < CAP)
				n++;
			else if (find(&c, ref[CAP - 1]) != PC_NONE)
				bad++;		/* the LRU page should be gone */
			for (j = n - 1; j > 0; j--)
				ref[j] = ref[j - 1];
		}
		ref[0] = page;
	}
	CHECK(bad == 0, "%d disagreements with the reference LRU", bad);
	CHECK(c.used == CAP, "used %u", c.used);
	pc_free(&c);
}

static void test_ra_sizes(void)
{
	CHECK(ra_init_size(1, 32) == 4 && ra_init_size(2, 32) == 4 && ra_init_size(3, 32) == 8 &&
	      ra_init_size(8, 32) == 16 && ra_init_size(9, 32) == 32 && ra_init_size(64, 32) == 32,
	      "init sizes");
	CHECK(ra_next_size(1, 32) == 4 && ra_next_size(4, 32) == 8 && ra_next_size(16, 32) == 32 &&
	      ra_next_size(17, 32) == 32 && ra_next_size(32, 32) == 32, "next sizes");
}

/* A trace in memory. */
static struct trace_rec recs[200000];
static struct trace mk(size_t n)
{
	struct trace t;
	size_t i;

	memset(&t, 0, sizeof(t));
	t.rec = recs;
	t.n = n;
	for (i = 0; i < n; i++)
		if (recs[i].sector + recs[i].nr_sectors > t.max_end)
			t.max_end = recs[i].sector + recs[i].nr_sectors;
	return t;
}

static void config(struct sim_config *cfg, const struct trace *t, enum sim_policy pol,
		   u32 cache_pages)
{
	sim_config_default(cfg, t);
	cfg->policy = pol;
	cfg->cache_pages = cache_pages;
}

/* Replay with --emit into a buffer; returns the text (caller frees). */
static char *emit_run(const struct sim_config *cfg, const struct trace *t,
		      struct sim_stats *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CHECK(sim_run(cfg, t, st, f) == 0, "run");
	fclose(f);
	return buf;
}

/* The Linux model on 4 KiB sequential reads from page 0: the windows of mm/readahead.c. */
static void test_ra_sequential(void)
{
	static const char *const want[] = {
		"R 0 8", "P 8 24",		/* initial window [0, 4), marker at page 1 */
		"R 8 8", "P 32 64",		/* marker: next window [4, 12), marker 4 */
		"R 16 8", "R 24 8",
		"R 32 8", "P 96 128",		/* [12, 28) */
		"R 40 8",
	};
	struct sim_config cfg;
	struct sim_stats st = { 0 };
	struct trace t;
	char *out, *line, *save = NULL;
	size_t i, k = 0;
	int p60 = 0;

	for (i = 0; i < 1000; i++)
		recs[i] = (struct trace_rec){ .sector = i * 8, .nr_sectors = 8 };
	t = mk(1000);
	config(&cfg, &t, SIM_READAHEAD, 65536);
	out = emit_run(&cfg, &t, &st);
	for (line = strtok_r(out, "\n", &save); line && k < sizeof(want) / sizeof(want[0]);
	     line = strtok_r(NULL, "\n", &save), k++)
		CHECK(!strcmp(line, want[k]), "line %zu: '%s', want '%s'", k, line, want[k]);
	free(out);
	/* then [28, 60) and 32-page windows from there on */
	out = emit_run(&cfg, &t, &st);
	p60 = strstr(out, "P 224 256\n") && strstr(out, "P 480 256\n");
	CHECK(p60, "32-page windows at pages 28 and 60");
	free(out);
	CHECK(st.misses == 1 && st.hits == 999, "misses %llu hits %llu",
	      (unsigned long long)st.misses, (unsigned long long)st.hits);
	CHECK(st.prefetched[SRC_LINUX] >= 999 && st.prefetched[SRC_LINUX] <= 999 + 64 &&
	      st.used[SRC_LINUX] == 999, "prefetched %llu used %llu",
	      (unsigned long long)st.prefetched[SRC_LINUX],
	      (unsigned long long)st.used[SRC_LINUX]);

	/*
	 * 64 KiB reads: a batch of cached pages ends at a marked page, so the
	 * marker is seen even in the middle of a read.  The first read (not at
	 * page 0, no history) is a small random read; the second starts the
	 * initial window: their 32 pages are the only misses.
	 */
	for (i = 0; i < 500; i++)
		recs[i] = (struct trace_rec){ .sector = 800 + i * 128, .nr_sectors = 128 };
	t = mk(500);
	config(&cfg, &t, SIM_READAHEAD, 65536);
	CHECK(sim_run(&cfg, &t, &st, NULL) == 0 && st.misses == 32 && st.read_pages == 8000,
	      "64 KiB sequential: misses %llu", (unsigned long long)st.misses);

	/* 64 KiB strided reads: small random reads, no readahead */
	for (i = 0; i < 1000; i++)
		recs[i] = (struct trace_rec){ .sector = 1000000 + i * 128, .nr_sectors = 8 };
	t = mk(1000);
	config(&cfg, &t, SIM_READAHEAD, 65536);
	CHECK(sim_run(&cfg, &t, &st, NULL) == 0 && st.prefetched[SRC_LINUX] == 0 &&
	      st.misses == 1000, "strided: prefetched %llu",
	      (unsigned long long)st.prefetched[SRC_LINUX]);

	/* two interleaved sequential streams: context readahead serves both */
	for (i = 0; i < 2000; i++)
		recs[i] = (struct trace_rec){ .sector = (i % 2 ? 50000000 : 1000000) + i / 2 * 8,
					      .nr_sectors = 8 };
	t = mk(2000);
	config(&cfg, &t, SIM_READAHEAD, 65536);
	CHECK(sim_run(&cfg, &t, &st, NULL) == 0 && st.misses < 20, "interleaved misses %llu",
	      (unsigned long long)st.misses);
}

/* Hand-computed replays of tiny traces under `none`. */
static void test_engine_hand(void)
{
	struct sim_config cfg;
	struct sim_stats st = { 0 };
	struct trace t;

	/* pages 0 1 0 2 1 through a 2-page LRU: miss miss hit miss miss */
	recs[0] = (struct trace_rec){ .sector = 0, .nr_sectors = 8 };
	recs[1] = (struct trace_rec){ .sector = 8, .nr_sectors = 8 };
	recs[2] = (struct trace_rec){ .sector = 3, .nr_sectors = 2 };
	recs[3] = (struct trace_rec){ .sector = 16, .nr_sectors = 8 };
	recs[4] = (struct trace_rec){ .sector = 9, .nr_sectors = 1 };
	t = mk(5);
	config(&cfg, &t, SIM_NONE, 2);
	CHECK(sim_run(&cfg, &t, &st, NULL) == 0 && st.hits == 1 && st.misses == 4 &&
	      st.read_pages == 5 && st.reads == 5, "hits %llu misses %llu",
	      (unsigned long long)st.hits, (unsigned long long)st.misses);

	/* a read across pages 1-3 (sectors 12..27), with page 2 cached */
	recs[0] = (struct trace_rec){ .sector = 16, .nr_sectors = 8 };
	recs[1] = (struct trace_rec){ .sector = 12, .nr_sectors = 16 };
	t = mk(2);
	config(&cfg, &t, SIM_NONE, 16);
	CHECK(sim_run(&cfg, &t, &st, NULL) == 0 && st.read_pages == 4 && st.hits == 1 &&
	      st.misses == 3, "read_pages %llu hits %llu misses %llu",
	      (unsigned long long)st.read_pages, (unsigned long long)st.hits,
	      (unsigned long long)st.misses);

	/* writes fill the cache and are not reads */
	recs[0] = (struct trace_rec){ .sector = 80, .nr_sectors = 8, .write = 1 };
	recs[1] = (struct trace_rec){ .sector = 80, .nr_sectors = 8 };
	recs[2] = (struct trace_rec){ .sector = 88, .nr_sectors = 8 };
	t = mk(3);
	config(&cfg, &t, SIM_POVM, 16);
	cfg.record = true;	/* the gate judges every read the device sees */
	CHECK(sim_run(&cfg, &t, &st, NULL) == 0 && st.writes == 1 && st.reads == 2 &&
	      st.hits == 1 && st.misses == 1 && st.decisions == 1,
	      "writes %llu hits %llu misses %llu decisions %llu",
	      (unsigned long long)st.writes, (unsigned long long)st.hits,
	      (unsigned long long)st.misses, (unsigned long long)st.decisions);
	/* unrecorded, a first read (no stream to predict yet) is not judged */
	cfg.record = false;
	CHECK(sim_run(&cfg, &t, &st, NULL) == 0 && st.misses == 1 && st.decisions == 0,
	      "unrecorded: misses %llu decisions %llu",
	      (unsigned long long)st.misses, (unsigned long long)st.decisions);
}

/*
 * An independent scorer of the R/P stream: its own LRU (the same size),
 * reads counted page by page, prefetched pages that were not cached counted
 * and marked until read.  It must agree with the replay's own summary.
 */
static void score(const char *text, u32 cap, struct sim_stats *st)
{
	struct pagecache c;
	const char *p = text;
	u32 req = 0;
	u8 ev;

	memset(st, 0, sizeof(*st));
	CHECK(pc_init(&c, cap) == 0, "init");
	while (*p) {
		char kind;
		unsigned long long s, n, q;
		int used;

		CHECK(sscanf(p, "%c %llu %llu%n", &kind, &s, &n, &used) == 3 &&
		      (kind == 'R' || kind == 'P'), "emit line '%.30s'", p);
		p += used;
		while (*p == '\n')
			p++;
		req++;
		if (kind == 'R') {
			for (q = s / 8; q <= (s + n - 1) / 8; q++) {
				u32 x = pc_find(&c, q);

				st->read_pages++;
				if (x == PC_NONE) {
					st->misses++;
					pc_insert(&c, q, 0, req, &ev);
				} else {
					st->hits++;
					if (c.node[x].flags & PC_AETHER)
						st->used[SRC_AETHER]++;
					c.node[x].flags = 0;
					pc_touch(&c, x);
				}
			}
		} else {
			for (q = s / 8; q < (s + n) / 8; q++) {
				if (pc_find(&c, q) != PC_NONE)
					continue;
				pc_insert(&c, q, PC_AETHER, req, &ev);
				st->prefetched[SRC_AETHER]++;
			}
		}
	}
	pc_free(&c);
}

static void test_emit_scored(void)
{
	static const enum sim_policy pols[] = { SIM_STRIDE, SIM_POVM, SIM_READAHEAD, SIM_POVM_RA };
	struct sim_config cfg;
	struct sim_stats st = { 0 }, sc;
	struct trace t;
	u64 seed = 9, x = 5000000;
	size_t i, k;
	char *out;

	/* strided runs, sequential runs and random reads, with reuse */
	for (i = 0; i < 60000; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		if (i % 20000 < 8000)
			x += 128;
		else if (i % 20000 < 14000)
			x += 8;
		else
			x = (seed >> 20) % (1ULL << 24) & ~7ULL;
		if (i == 30000)
			x = 5000000;
		recs[i] = (struct trace_rec){ .sector = x, .nr_sectors = 8 };
	}
	t = mk(60000);
	for (k = 0; k < sizeof(pols) / sizeof(pols[0]); k++) {
		config(&cfg, &t, pols[k], 4096);
		out = emit_run(&cfg, &t, &st);
		score(out, 4096, &sc);
		free(out);
		CHECK(sc.read_pages == st.read_pages && sc.hits == st.hits &&
		      sc.misses == st.misses, "%s: scorer hits %llu misses %llu, replay %llu %llu",
		      sim_policy_names[pols[k]], (unsigned long long)sc.hits,
		      (unsigned long long)sc.misses, (unsigned long long)st.hits,
		      (unsigned long long)st.misses);
		CHECK(sc.prefetched[SRC_AETHER] == st.prefetched[SRC_AETHER] + st.prefetched[SRC_LINUX] &&
		      sc.used[SRC_AETHER] == st.used[SRC_AETHER] + st.used[SRC_LINUX],
		      "%s: scorer prefetched %llu used %llu, replay %llu %llu",
		      sim_policy_names[pols[k]], (unsigned long long)sc.prefetched[SRC_AETHER],
		      (unsigned long long)sc.used[SRC_AETHER],
		      (unsigned long long)(st.prefetched[SRC_AETHER] + st.prefetched[SRC_LINUX]),
		      (unsigned long long)(st.used[SRC_AETHER] + st.used[SRC_LINUX]));
		CHECK(st.prefetched[SRC_AETHER] + st.prefetched[SRC_LINUX] > 0,
		      "%s prefetched nothing", sim_policy_names[pols[k]]);
	}
}

static void test_ratio(void)
{
	char b[32];

	sim_ratio(b, sizeof(b), 1, 3);
	CHECK(!strcmp(b, "0.3333"), "%s", b);
	sim_ratio(b, sizeof(b), 2, 3);
	CHECK(!strcmp(b, "0.6667"), "%s", b);
	sim_ratio(b, sizeof(b), -1, 8);
	CHECK(!strcmp(b, "-0.1250"), "%s", b);
	sim_ratio(b, sizeof(b), 5, 0);
	CHECK(!strcmp(b, "na"), "%s", b);
	sim_ratio(b, sizeof(b), 7, 2);
	CHECK(!strcmp(b, "3.5000"), "%s", b);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "parse_lba", test_parse_lba },
		{ "parse_msr", test_parse_msr },
		{ "parse_blkparse", test_parse_blkparse },
		{ "load", test_load },
		{ "cache_hand", test_cache_hand },
		{ "cache_reference", test_cache_reference },
		{ "ra_sizes", test_ra_sizes },
		{ "ra_sequential", test_ra_sequential },
		{ "engine_hand", test_engine_hand },
		{ "emit_scored", test_emit_scored },
		{ "ratio", test_ratio },
	};

	return UNIT_RUN("sim", tests);
}
