// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of the history predictor (module/core/history.c) in userspace:
 * a sequence read again by a new process is predicted after its trials, at
 * full precision; random and hot-random reads, which repeat nothing in
 * order, get nothing predicted; interleaved readers, a program's threads
 * (more tags than the old 8 contexts), keys, the confirmed
 * successor's hysteresis, feedback suspension, runs (one entry for reads
 * that follow each other, the rest of a run predicted first), the depth and
 * max_out bounds, and a table smaller than the sequence.
 *
 * Prints "RESULT history passed=N failed=M"; one test per function.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/aether/history.h"
#include "unit.h"

#define NENT AETHER_HIST_ENTRIES_DEFAULT
#define MAXO 256

static struct aether_hist H;
static struct aether_hist_entry E[AETHER_HIST_ENTRIES_MAX];
static struct aether_hist_pred O[MAXO];

static u64 rng_state;

static u64 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void init(u32 nr, u32 depth)
{
	memset(E, 0xa5, sizeof(E[0]) * nr);	/* init must not trust the memory */
	CHECK(aether_hist_init(&H, E, nr, depth) == 0, "init %u", nr);
}

/*
 * A tiny page cache for the reader model: a set of block addresses (open
 * addressing, never full in these tests).  Predicted blocks go in marked
 * as prefetched; a read finds them (used) or misses and reaches the
 * predictor, as the module sees only what misses the cache.
 */
#define SET_SIZE (1u << 20)
static u64 set_key[SET_SIZE];
static unsigned char set_flag[SET_SIZE];	/* 0 empty, 1 cached, 2 prefetched */

static void set_clear(void)
{
	memset(set_flag, 0, sizeof(set_flag));
}

static u32 set_slot(u64 a)
{
	u32 i = (u32)((a * 0x9e3779b97f4a7c15ULL) >> 44) & (SET_SIZE - 1);

	while (set_flag[i] && set_key[i] != a)
		i = (i + 1) & (SET_SIZE - 1);
	return i;
}

struct reader {
	u64 misses, predicted, used, dup;
};

/* One read of block a (len 8) by tag; returns true on a miss. */
static bool read_block(struct reader *rd, u32 tag, u64 a)
{
	u32 s = set_slot(a), n, i;

	if (set_flag[s]) {
		if (set_flag[s] == 2)
			rd->used++;
		set_flag[s] = 1;
		return false;
	}
	set_key[s] = a;
	set_flag[s] = 1;
	rd->misses++;
	n = aether_hist_access(&H, tag, 0, a, 8, true, O, MAXO);
	CHECK(n <= H.depth, "%u predicted at depth %u", n, H.depth);
	for (i = 0; i < n; i++) {
		u32 t = set_slot(O[i].addr);

		CHECK(O[i].key == 0 && O[i].len == 8, "key %u len %u", O[i].key, O[i].len);
		if (set_flag[t]) {
			rd->dup++;
			continue;
		}
		set_key[t] = O[i].addr;
		set_flag[t] = 2;
		rd->predicted++;
	}
	return true;
}

/* Distinct random 8-sector-aligned blocks over 1 TiB, no stride. */
static void make_seq(u64 *seq, u32 n, u64 seed)
{
	u32 i;

	rng_state = seed;
	for (i = 0; i < n; i++)
		seq[i] = (rnd() % (1ULL << 28)) * 8;
}

static void test_init(void)
{
	struct aether_hist before;

	init(NENT, AETHER_HIST_DEPTH_DEFAULT);
	before = H;
	CHECK(aether_hist_init(&H, E, 100, 64) == -1, "not a power of two");
	CHECK(aether_hist_init(&H, E, AETHER_HIST_ENTRIES_MIN / 2, 64) == -1, "too small");
	CHECK(aether_hist_init(&H, E, AETHER_HIST_ENTRIES_MAX * 2, 64) == -1, "too large");
	CHECK(aether_hist_init(&H, NULL, NENT, 64) == -1, "no table");
	CHECK(!memcmp(&before, &H, sizeof(H)), "a refused init changed the state");
	CHECK(H.depth == AETHER_HIST_DEPTH_INIT && H.max_depth == 64, "depth %u/%u",
	      H.depth, H.max_depth);
	CHECK(sizeof(struct aether_hist_entry) == AETHER_HIST_ENTRY_BYTES, "entry %zu",
	      sizeof(struct aether_hist_entry));
	CHECK(AETHER_HIST_BYTES(AETHER_HIST_ENTRIES_DEFAULT) < 600 * 1024,
	      "default instance %zu bytes", AETHER_HIST_BYTES(AETHER_HIST_ENTRIES_DEFAULT));
	init(NENT, 0);
	CHECK(H.max_depth == AETHER_HIST_DEPTH_MIN, "clamped to %u", H.max_depth);
	init(NENT, 100000);
	CHECK(H.max_depth == AETHER_HIST_DEPTH_MAX, "clamped to %u", H.max_depth);
	CHECK(aether_hist_set_max_depth(&H, 0) == -1 && H.max_depth == AETHER_HIST_DEPTH_MAX,
	      "knob 0 accepted");
	CHECK(aether_hist_set_max_depth(&H, AETHER_HIST_DEPTH_MAX + 1) == -1, "knob too big");
	CHECK(aether_hist_set_max_depth(&H, 4) == 0 && H.max_depth == 4 && H.depth <= 4,
	      "knob 4: %u/%u", H.max_depth, H.depth);
}

/*
 * The cold-start case: one process reads 2,000 blocks, then (caches dropped)
 * another process reads them again in the same order.  The second run
 * predicts nothing before its trials and then only blocks of the sequence,
 * removing nearly every miss.
 */
static void test_repeat(void)
{
	static u64 seq[2000];
	struct reader r1 = { 0 }, r2 = { 0 };
	u32 i;

	init(NENT, AETHER_HIST_DEPTH_DEFAULT);
	make_seq(seq, 2000, 1);
	set_clear();
	for (i = 0; i < 2000; i++)
		read_block(&r1, 100, seq[i]);
	CHECK(r1.predicted == 0 && r1.misses == 2000, "run 1: %llu predicted",
	      (unsigned long long)r1.predicted);
	set_clear();
	for (i = 0; i < 2000; i++) {
		read_block(&r2, 200, seq[i]);
		if (i == AETHER_HIST_TRIAL_BATCH - 1)
			CHECK(r2.predicted == 0, "predicted during the trials");
		/* the engine's feedback: pages used so far, none wasted */
		if (i % 64 == 63)
			aether_hist_feedback(&H, 64, 0);
	}
	CHECK(r2.used == r2.predicted, "precision %llu/%llu",
	      (unsigned long long)r2.used, (unsigned long long)r2.predicted);
	/* trials (32) + the first miss + one miss per chain of >= 16 */
	CHECK(r2.misses <= AETHER_HIST_TRIAL_BATCH + 1 + 2000 / 17 + 1, "run 2: %llu misses",
	      (unsigned long long)r2.misses);
	CHECK(H.chains_right == H.chains, "chains %llu right of %llu",
	      (unsigned long long)H.chains_right, (unsigned long long)H.chains);
	CHECK(H.depth > AETHER_HIST_DEPTH_INIT, "feedback did not deepen: %u", H.depth);
}

/* Make tag trusted: a private pattern, read until its trials pass. */
static void trust(u32 tag)
{
	u64 base = 1ULL << 40;
	u32 i;

	for (i = 0; i < 4 * AETHER_HIST_TRIAL_BATCH; i++)
		aether_hist_note(&H, tag, 0, base + (i % 7) * 1000, 8);
}

/* Where nothing repeats in order, nothing is predicted. */
static void test_random(void)
{
	struct reader r = { 0 };
	u32 i;

	init(NENT, AETHER_HIST_DEPTH_DEFAULT);
	rng_state = 7;
	for (i = 0; i < 200000; i++)
		aether_hist_access(&H, 1, 0, (rnd() % (1ULL << 28)) * 8, 8, true, O, MAXO);
	CHECK(H.predicted == 0, "random over 1 TiB: %llu predicted",
	      (unsigned long long)H.predicted);

	/* a hot set of 500 blocks read at random: pairs recur, orders do not */
	init(NENT, AETHER_HIST_DEPTH_DEFAULT);
	set_clear();
	for (i = 0; i < 200000; i++) {
		read_block(&r, 1, (rnd() % 500) * 8);
		if (i % 100 == 99)
			set_clear();	/* a small cache: the set is read again */
	}
	CHECK(r.predicted * 100 <= r.misses, "hot random: %llu predicted, %llu misses",
	      (unsigned long long)r.predicted, (unsigned long long)r.misses);
	CHECK(H.trials > 100 && H.trials_right * 8 < H.trials, "trials %llu right %llu",
	      (unsigned long long)H.trials, (unsigned long long)H.trials_right);

	/*
	 * The same beside a trusted tag: the hot random reader starts trusted
	 * too, loses it in its first batch and never earns it back.
	 */
	init(NENT, AETHER_HIST_DEPTH_DEFAULT);
	trust(9);
	memset(&r, 0, sizeof(r));
	set_clear();
	for (i = 0; i < 200000; i++) {
		read_block(&r, 1, (rnd() % 500) * 8);
		if (i % 100 == 99)
			set_clear();
		if (i % 1000 == 999)
			trust(9);	/* the neighbour stays trusted */
	}
	CHECK(r.predicted * 100 <= r.misses, "hot random beside a trusted tag: %llu predicted, %llu misses",
	      (unsigned long long)r.predicted, (unsigned long long)r.misses);
}

/*
 * Two processes reading two sequences at once, interleaved differently in
 * each run: successors are learnt per tag, so both are predicted.
 */
static void test_interleaved(void)
{
	static u64 a[1000], b[1000];
	struct reader r = { 0 };
	u32 i, j, k;

	init(NENT, AETHER_HIST_DEPTH_DEFAULT);
	make_seq(a, 1000, 11);
	make_seq(b, 1000, 12);
	set_clear();
	for (i = 0; i < 1000; i++) {
		read_block(&r, 1, a[i]);
		read_block(&r, 2, b[i]);
	}
	set_clear();
	memset(&r, 0, sizeof(r));
	rng_state = 5;
	for (i = 0, j = 0; i < 1000 || j < 1000;) {
		k = (u32)(rnd() % 3);	/* 1-2 of one, then of the other */
		while (k-- && i < 1000)
			read_block(&r, 3, a[i++]);
		k = (u32)(rnd() % 3);
		while (k-- && j < 1000)
			read_block(&r, 4, b[j++]);
	}
	CHECK(r.used == r.predicted && r.predicted > 1500, "%llu predicted, %llu used",
	      (unsigned long long)r.predicted, (unsigned long long)r.used);
	CHECK(r.misses < 400, "%llu misses", (unsigned long long)r.misses);
}

/*
 * A program's 16 threads (git status's main thread and its lstat threads),
 * each reading a sequence of its own, taking turns read by read; run 2 has
 * new pids.  Every thread keeps its context (AETHER_HIST_CTX of them, in
 * sets), so each passes its trials and is then predicted, at full
 * precision; with fewer contexts than threads they evicted one another
 * and nothing was ever predicted.  Then 1,000 tags at once: contexts are
 * recycled, nothing goes out of bounds, nothing wrong is predicted.
 */
#define NTHR 16
#define THR_LEN 60
static void test_threads(void)
{
	static u64 seq[NTHR][THR_LEN];
	struct reader r1 = { 0 }, r2 = { 0 }, r3 = { 0 };
	u32 i, t;

	init(NENT, AETHER_HIST_DEPTH_DEFAULT);
	for (t = 0; t < NTHR; t++)
		make_seq(seq[t], THR_LEN, 100 + t);
	set_clear();
	for (i = 0; i < THR_LEN; i++)
		for (t = 0; t < NTHR; t++)
			read_block(&r1, 300 + t, seq[t][i]);
	set_clear();
	for (i = 0; i < THR_LEN; i++)
		for (t = 0; t < NTHR; t++)
			read_block(&r2, 330 + t, seq[t][i]);
	CHECK(r2.used == r2.predicted, "precision %llu/%llu",
	      (unsigned long long)r2.used, (unsigned long long)r2.predicted);
	/* per thread: its trials, the read that judges the last, one per chain */
	CHECK(r2.misses <= NTHR * (AETHER_HIST_TRIAL_BATCH + 2 + THR_LEN / AETHER_HIST_DEPTH_INIT),
	      "run 2: %llu misses of %u",
	      (unsigned long long)r2.misses, NTHR * THR_LEN);
	/*
	 * A thread that starts once the others are trusted is trusted from
	 * its first read: the rest of its sequence is predicted at once.
	 */
	set_clear();
	make_seq(seq[0], THR_LEN, 99);
	for (i = 0; i < THR_LEN; i++)
		aether_hist_note(&H, 777, 0, seq[0][i], 8);
	CHECK(aether_hist_access(&H, 778, 0, seq[0][0], 8, true, O, MAXO) ==
	      AETHER_HIST_DEPTH_INIT && O[0].addr == seq[0][1], "no trust inherited");
	set_clear();
	for (i = 0; i < THR_LEN; i++)
		for (t = 0; t < 1000; t++)
			read_block(&r3, 5000 + t, seq[t % NTHR][i]);
	CHECK(r3.used == r3.predicted, "1,000 tags: precision %llu/%llu",
	      (unsigned long long)r3.used, (unsigned long long)r3.predicted);
}

/* A confirmed successor survives one detour; keys separate address spaces. */
static void test_hysteresis_and_keys(void)
{
	u32 i, n;

	init(NENT, AETHER_HIST_DEPTH_DEFAULT);
	for (i = 0; i < 3; i++) {
		aether_hist_note(&H, 1, 0, 1000, 8);
		aether_hist_note(&H, 1, 0, 5000, 8);
		aether_hist_note(&H, 1, 0, 999999, 8);	/* unrelated */
	}
	aether_hist_note(&H, 1, 0, 1000, 8);
	aether_hist_note(&H, 1, 0, 7000, 8);		/* one detour */
	aether_hist_note(&H, 1, 0, 999999, 8);
	/* make tag 1 trusted: its trials are right */
	for (i = 0; i < AETHER_HIST_TRIAL_BATCH + 1; i++) {
		aether_hist_note(&H, 1, 0, 1000, 8);
		aether_hist_note(&H, 1, 0, 5000, 8);
	}
	n = aether_hist_access(&H, 1, 0, 1000, 8, true, O, MAXO);
	CHECK(n >= 1 && O[0].addr == 5000, "n %u first %llu", n,
	      (unsigned long long)O[0].addr);
	/* the same address in another key space has no history */
	aether_hist_note(&H, 1, 0, 42, 8);
	n = aether_hist_access(&H, 1, 7, 1000, 8, true, O, MAXO);
	CHECK(n == 0, "key 7 predicted %u", n);
	/* a re-read teaches nothing */
	n = (u32)H.learnt;
	aether_hist_note(&H, 1, 7, 1000, 8);
	CHECK(H.learnt == n, "re-read learnt");
}

/* Page feedback: waste suspends every tag; trials bring them back. */
static void test_feedback(void)
{
	static u64 seq[600];
	struct reader r = { 0 };
	u32 i;
	u64 before;

	init(NENT, AETHER_HIST_DEPTH_DEFAULT);
	make_seq(seq, 600, 3);
	set_clear();
	for (i = 0; i < 600; i++)
		read_block(&r, 1, seq[i]);
	set_clear();
	for (i = 0; i < 100; i++)
		read_block(&r, 2, seq[i]);
	CHECK(H.predicted > 0, "not predicting");
	aether_hist_feedback(&H, 10, 54);
	CHECK(H.depth == 0 && H.suspensions == 1, "depth %u", H.depth);
	before = H.predicted;
	for (i = 100; i < 100 + AETHER_HIST_TRIAL_BATCH - 1; i++)
		read_block(&r, 2, seq[i]);
	CHECK(H.predicted == before, "predicted while suspended");
	for (; i < 600; i++)
		read_block(&r, 2, seq[i]);
	CHECK(H.predicted > before && H.depth == AETHER_HIST_DEPTH_INIT,
	      "no restart: depth %u", H.depth);
	/* in between 4/5 and 7/8 used: the depth halves */
	aether_hist_feedback(&H, 54, 10);
	CHECK(H.depth == AETHER_HIST_DEPTH_INIT / 2, "depth %u", H.depth);
	aether_hist_feedback(&H, 64, 0);
	CHECK(H.depth == AETHER_HIST_DEPTH_INIT, "depth %u", H.depth);
}

/*
 * Runs: reads that each begin where the one before ended are one entry;
 * a prediction is the rest of the current run, then whole runs, at most the
 * depth and max_out of them.
 */
static void test_runs_and_bounds(void)
{
	u64 learnt;
	u32 i, n;

	init(NENT, 4);
	/* runs [0, 8), [100, 116) read as 100 and 108, [300, 308), 500, 700, 900 */
	for (i = 0; i < 2 * (AETHER_HIST_TRIAL_BATCH + 1); i++) {
		aether_hist_note(&H, 1, 0, 0, 8);
		aether_hist_note(&H, 1, 0, 100, 8);
		aether_hist_note(&H, 1, 0, 108, 8);
		aether_hist_note(&H, 1, 0, 300, 8);
		aether_hist_note(&H, 1, 0, 500, 8);
		aether_hist_note(&H, 1, 0, 700, 8);
		aether_hist_note(&H, 1, 0, 900, 8);
	}
	CHECK(H.learnt == 6, "%llu entries learnt for 6 runs", (unsigned long long)H.learnt);
	n = aether_hist_access(&H, 1, 0, 0, 8, true, O, MAXO);
	CHECK(n == 4 && O[0].addr == 100 && O[0].len == 16 && O[1].addr == 300 &&
	      O[1].len == 8 && O[3].addr == 700, "depth 4: %u [%llu+%u]", n,
	      (unsigned long long)O[0].addr, O[0].len);
	n = aether_hist_access(&H, 1, 0, 0, 8, true, O, 2);
	CHECK(n == 0, "a re-read predicted %u", n);
	/* the start of a known run, reached as learnt: its rest comes first */
	aether_hist_note(&H, 1, 0, 900, 8);
	aether_hist_note(&H, 1, 0, 0, 8);
	n = aether_hist_access(&H, 1, 0, 100, 8, true, O, 2);
	CHECK(n == 2 && O[0].addr == 108 && O[0].len == 8 && O[1].addr == 300,
	      "max_out 2 from 100: %u", n);
	aether_hist_note(&H, 1, 0, 23456, 8);
	n = aether_hist_access(&H, 1, 0, 0, 8, false, O, MAXO);
	CHECK(n == 0, "predicted without predict: %u", n);
	/* a long run costs one entry, however it is split */
	learnt = H.learnt;
	for (i = 0; i < 1000; i++)
		aether_hist_note(&H, 2, 0, 1000000 + 8 * i, 8);
	aether_hist_note(&H, 2, 0, 5, 8);
	CHECK(H.learnt == learnt + 1, "%llu entries for one run",
	      (unsigned long long)(H.learnt - learnt));
	/* reads at the top of the address space: runs end there, nothing wraps */
	trust(4);
	for (i = 0; i < 2 * AETHER_HIST_TRIAL_BATCH; i++) {
		aether_hist_note(&H, 4, 0, ~0ULL - 100, 64);
		aether_hist_note(&H, 4, 0, ~0ULL - 36, 64);
		aether_hist_note(&H, 4, 0, ~0ULL, 8);
		aether_hist_note(&H, 4, 0, 4096, 8);
	}
	aether_hist_note(&H, 4, 0, 4096, 8);
	n = aether_hist_access(&H, 4, 0, ~0ULL - 100, 64, true, O, MAXO);
	for (i = 0; i < n; i++)
		CHECK(O[i].addr + O[i].len >= O[i].addr && O[i].len,
		      "block %u wraps: %llu+%u", i, (unsigned long long)O[i].addr, O[i].len);
	CHECK(n >= 1 && O[0].addr == ~0ULL - 36 && O[0].len == 36, "top: %u [%llu+%u]", n,
	      (unsigned long long)O[0].addr, O[0].len);
	/* runs longer than AETHER_HIST_MAX_RUN are split, never wrap the length */
	learnt = H.learnt;
	for (i = 0; i < 3; i++)
		aether_hist_note(&H, 3, 0, 9000000 + (u64)i * 60000, 60000);
	aether_hist_note(&H, 3, 0, 5, 8);
	CHECK(H.learnt == learnt + 3, "%llu entries for 180,000 units",
	      (unsigned long long)(H.learnt - learnt));
}

/*
 * Two sequences through one block X: the second, learnt last, owns X's
 * entry.  The first, read again, must not be spliced into the second after
 * X (its chain stops there), and the second is still predicted whole.
 */
static void test_shared_block(void)
{
	static const u64 s1[] = { 10000, 20000, 55555, 30000, 40000 };
	static const u64 s2[] = { 50000, 60000, 55555, 70000, 80000 };
	u32 i, j, n;

	init(NENT, AETHER_HIST_DEPTH_DEFAULT);
	for (i = 0; i < 5; i++)
		aether_hist_note(&H, 1, 0, s1[i], 8);
	for (i = 0; i < 5; i++)
		aether_hist_note(&H, 2, 0, s2[i], 8);
	aether_hist_note(&H, 2, 0, 99999, 8);	/* closes s2's last run */
	trust(3);
	aether_hist_note(&H, 3, 0, 5, 8);
	aether_hist_note(&H, 3, 0, s1[0], 8);
	n = aether_hist_access(&H, 3, 0, s1[1], 8, true, O, MAXO);
	for (i = 0; i < n; i++)
		for (j = 3; j < 5; j++)
			CHECK(O[i].addr != s2[j], "spliced: %llu after %llu",
			      (unsigned long long)O[i].addr, (unsigned long long)s1[1]);
	trust(4);
	aether_hist_note(&H, 4, 0, 5, 8);
	aether_hist_note(&H, 4, 0, s2[0], 8);
	n = aether_hist_access(&H, 4, 0, s2[1], 8, true, O, MAXO);
	CHECK(n == 3 && O[0].addr == s2[2] && O[1].addr == s2[3] && O[2].addr == s2[4],
	      "second sequence: %u", n);
}

/*
 * The span knob: a long run is predicted max_span units at a time; the
 * tag's read where a prediction was cut carries the chain on, to the run
 * after it.
 */
static void test_span(void)
{
	u32 i, n;

	init(NENT, AETHER_HIST_DEPTH_DEFAULT);
	CHECK(H.max_span == AETHER_HIST_SPAN_DEFAULT, "span %u", H.max_span);
	CHECK(aether_hist_set_max_span(&H, 0) == -1 &&
	      aether_hist_set_max_span(&H, AETHER_HIST_SPAN_MAX + 1) == -1 &&
	      H.max_span == AETHER_HIST_SPAN_DEFAULT, "bad span accepted");
	CHECK(aether_hist_set_max_span(&H, 64) == 0 && H.max_span == 64, "span 64");
	trust(1);
	/* a run [1000000, +800) read in 100 reads, then 5000000 */
	for (i = 0; i < 3; i++) {
		u32 k;

		aether_hist_note(&H, 1, 0, 777, 8);
		for (k = 0; k < 100; k++)
			aether_hist_note(&H, 1, 0, 1000000 + 8 * k, 8);
		aether_hist_note(&H, 1, 0, 5000000, 8);
	}
	aether_hist_note(&H, 1, 0, 777, 8);
	n = aether_hist_access(&H, 1, 0, 1000000, 8, true, O, MAXO);
	CHECK(n == 1 && O[0].addr == 1000008 && O[0].len == 64, "first cut: %u [%llu+%u]",
	      n, (unsigned long long)O[0].addr, O[0].len);
	/* the reader reads 8 where each cut ended; 64 more are predicted */
	for (i = 0; i < 20 && n && O[0].addr != 5000000; i++) {
		u64 at = O[0].addr + O[0].len;

		n = aether_hist_access(&H, 1, 0, at, 8, true, O, MAXO);
		CHECK(n >= 1 && (O[0].addr == at + 8 || at + 8 == 1000800) && O[0].len <= 64,
		      "cut %u: %u", i, n);
	}
	/* 1000072 + 72 * 10 + 8 is the run's end: then the run after it */
	CHECK(i == 11 && n >= 1 && O[0].addr == 5000000, "after %u cuts: %u", i, n);
}

/*
 * A sequence four times the table: entries are replaced (bounded memory),
 * the latest part is still predicted, and nothing outside the table is
 * touched (the guard entries after it stay as they were).
 */
static void test_small_table(void)
{
	static u64 seq[4 * AETHER_HIST_ENTRIES_MIN * 4];
	const u32 nr = AETHER_HIST_ENTRIES_MIN * 4, len = 4 * nr;
	struct aether_hist_entry guard;
	struct reader r = { 0 };
	u32 i;

	memset(&guard, 0x5a, sizeof(guard));
	E[nr] = guard;
	CHECK(aether_hist_init(&H, E, nr, 64) == 0, "init");
	make_seq(seq, len, 9);
	set_clear();
	for (i = 0; i < len; i++)
		read_block(&r, 1, seq[i]);
	CHECK(H.replaced > 0 && H.learnt >= len - 1, "replaced %llu learnt %llu",
	      (unsigned long long)H.replaced, (unsigned long long)H.learnt);
	CHECK(!memcmp(&E[nr], &guard, sizeof(guard)), "wrote past the table");
	aether_hist_forget(&H);
	for (i = 0; i < nr; i++)
		CHECK(!E[i].conf, "entry %u survived forget", i);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "init", test_init },
		{ "repeat", test_repeat },
		{ "random", test_random },
		{ "interleaved", test_interleaved },
		{ "threads", test_threads },
		{ "hysteresis_and_keys", test_hysteresis_and_keys },
		{ "feedback", test_feedback },
		{ "runs_and_bounds", test_runs_and_bounds },
		{ "shared_block", test_shared_block },
		{ "span", test_span },
		{ "small_table", test_small_table },
	};

	return UNIT_RUN("history", tests);
}
