// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Every knob aetherctl knows: where it lives, what it takes and what it
 * does, in one table so --help, `get`, `set` and their errors cannot
 * disagree.  Values are checked here with the module's own parsers (from
 * libaether.a) before anything is written, so a refusal can name the
 * range; the module checks again and stays the authority.
 */
#include <string.h>

#include "aetherctl.h"
#include "../../include/aether/decimal.h"
#include "../../include/aether/povm.h"
#include "../../include/aether/predict.h"
#include "../../include/aether/window.h"

/* module/aether.h's AETHER_PF_BUDGET_KB_MIN/MAX (a kernel header, not
 * includable here; test_aetherctl_cli.sh checks they agree) */
#define BUDGET_KB_MIN	4
#define BUDGET_KB_MAX	1048576

#define G	KNOB_GLOBAL
#define D	KNOB_DISK
#define RO	KNOB_RO

static const struct knob knobs[] = {
	{ "policy", D, "povm, stride or off",
	  "what the disk's decisions do: povm (default) prefetches the strided\n"
	  "streams the gate lets through; stride prefetches for every read, no gate;\n"
	  "off reads nothing ahead: the kill switch (it counts reads, and decides\n"
	  "only while events are recorded)" },
	{ "max_depth", D, "an integer in 1..1024",
	  "how far ahead of a strided stream aether may read, in predicted\n"
	  "blocks (default 64); lower it to read less ahead" },
	{ "budget_kb", D, "a multiple of 4 in 4..1048576 (KiB)",
	  "most prefetch I/O queued per disk, KiB (default 16384); what does not\n"
	  "fit is dropped (budget_drops), never queued" },
	{ "busy_yield", D, "0 or 1",
	  "1 (default): a read issued while another task waits for its CPU\n"
	  "starts no prefetch (counted in busy_skips), so prefetching never takes\n"
	  "a busy CPU from other tasks; 0: it does" },
	{ "preset", G | D, "default, hft or gaming",
	  "a set of gate parameters at once: default; hft fires less often,\n"
	  "adapts slowly; gaming fires more often, adapts fast" },
	{ "epsilon", G | D, "a decimal in 0..1",
	  "the gate's starting threshold: higher lets fewer streams through" },
	{ "phi", G | D, "a decimal in -8..8 (radians)",
	  "the gate's starting angle: shifts which patterns it lets through;\n"
	  "leave it to the preset" },
	{ "lambda1", G | D, "a decimal in -4..4",
	  "how fast the threshold adapts to what the gate sees" },
	{ "lambda2", G | D, "a decimal in -4..4",
	  "how fast the angle adapts" },
	{ "lambda3", G | D, "a decimal in -4..4",
	  "how strongly the last read pattern sways the decision" },
	{ "bias", G | D, "a decimal in -8..8",
	  "shifts every decision: higher lets fewer streams through" },
	{ "window", G | D, "an integer in 2..64",
	  "reads the gate looks at per decision (default 16): larger is\n"
	  "steadier and slower to notice a new pattern" },
	{ "version", G | RO, NULL, "the module's version" },
	{ "ring_size", G | RO, NULL, "events the ring holds" },
	{ "ring_dropped", G | RO, NULL, "events overwritten before being read" },
	{ "dev", D | RO, NULL, "MAJ:MIN" },
	{ "stat", D | RO, NULL, "reads sectors decisions prefetches dropped self_reads" },
	{ "prefetch_ratio", D | RO, NULL, "share of decisions that said prefetch" },
	{ "cur_epsilon", D | RO, NULL, "the threshold now" },
	{ "cur_phi", D | RO, NULL, "the angle now" },
	{ "prefetch_requests", D | RO, NULL, "ranges queued for readahead" },
	{ "pages_prefetched", D | RO, NULL, "pages read ahead" },
	{ "pages_cached", D | RO, NULL, "predicted pages already cached" },
	{ "pages_used", D | RO, NULL, "prefetched pages read since" },
	{ "pages_wasted", D | RO, NULL, "prefetched pages never read" },
	{ "budget_drops", D | RO, NULL, "pages dropped by the budget" },
	{ "depth", D | RO, NULL, "the predictor's depth now" },
	{ "busy_skips", D | RO, NULL, "reads not prefetched for: their CPU was busy" },
	{ "lock_noted", D | RO, NULL, "decided reads left to the disk lock's holder" },
	{ "lock_waited", D | RO, NULL, "decided reads that waited for the disk lock" },
};

#define NR_KNOBS (sizeof(knobs) / sizeof(knobs[0]))

const struct knob *knob_find(const char *name)
{
	size_t i;

	for (i = 0; i < NR_KNOBS; i++)
		if (!strcmp(knobs[i].name, name))
			return &knobs[i];
	return NULL;
}

static bool uint_in(const char *s, unsigned long v_min, unsigned long v_max,
		    unsigned long *out)
{
	unsigned long v = 0;
	const char *p;

	if (!*s)
		return false;
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9' || p - s > 9)
			return false;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	*out = v;
	return v >= v_min && v <= v_max;
}

static bool q_in(const char *s, aether_q min, aether_q max)
{
	aether_q v;

	return !aether_q_parse(s, strlen(s), min, max, &v);
}

bool knob_value_ok(const struct knob *k, const char *value, const char *spec)
{
	const char *n = k->name;
	unsigned long v;
	bool ok;

	if (!strcmp(n, "policy"))
		ok = aether_policy_find(value, strlen(value)) >= 0;
	else if (!strcmp(n, "max_depth"))
		ok = uint_in(value, AETHER_PRED_DEPTH_MIN, AETHER_PRED_DEPTH_MAX, &v);
	else if (!strcmp(n, "budget_kb"))
		ok = uint_in(value, BUDGET_KB_MIN, BUDGET_KB_MAX, &v) && !(v % 4);
	else if (!strcmp(n, "busy_yield"))
		ok = uint_in(value, 0, 1, &v);
	else if (!strcmp(n, "preset"))
		ok = aether_preset_find(value, strlen(value)) >= 0;
	else if (!strcmp(n, "epsilon"))
		ok = q_in(value, AETHER_EPSILON_MIN, AETHER_EPSILON_MAX);
	else if (!strcmp(n, "phi"))
		ok = q_in(value, -AETHER_PHI_LIMIT, AETHER_PHI_LIMIT);
	else if (!strcmp(n, "bias"))
		ok = q_in(value, -AETHER_BIAS_LIMIT, AETHER_BIAS_LIMIT);
	else if (!strncmp(n, "lambda", 6))
		ok = q_in(value, -AETHER_LAMBDA_LIMIT, AETHER_LAMBDA_LIMIT);
	else if (!strcmp(n, "window"))
		ok = uint_in(value, AETHER_WINDOW_MIN, AETHER_WINDOW_MAX, &v) &&
		     aether_window_size_valid((u32)v);
	else
		ok = true;	/* not ours to judge: the module will */
	if (!ok)
		fprintf(stderr, "%s: set %s: '%s' refused: %s takes %s (nothing changed)\n",
			PROG, spec, value, n, k->range);
	return ok;
}

void knobs_help(FILE *f)
{
	const char *p, *nl;
	size_t i;

	fprintf(f, "Knobs (set KNOB VALUE for every disk and new ones, set DISK/KNOB VALUE\n"
		"for one disk; get reads them):\n");
	for (i = 0; i < NR_KNOBS; i++) {
		const struct knob *k = &knobs[i];

		if (k->flags & KNOB_RO)
			continue;
		fprintf(f, "  %-10s %s%s\n", k->name, k->range,
			k->flags & KNOB_GLOBAL ? "" : "; per disk");
		for (p = k->help; p; p = nl ? nl + 1 : NULL) {
			nl = strchr(p, '\n');
			fprintf(f, "             %.*s\n", (int)(nl ? nl - p : (long)strlen(p)), p);
		}
	}
	fprintf(f, "Read-only, global: ");
	knobs_list(f, KNOB_GLOBAL | KNOB_RO);
	fprintf(f, "\nRead-only, per disk: ");
	knobs_list(f, KNOB_DISK | KNOB_RO);
	fprintf(f, "\n");
}

/* the names whose flags include every bit of scope (KNOB_RO: read-only only) */
void knobs_list(FILE *f, unsigned int scope)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < NR_KNOBS; i++) {
		unsigned int fl = knobs[i].flags;

		if ((fl & scope & (G | D)) && !(fl & RO) == !(scope & RO)) {
			fprintf(f, "%s%s", sep, knobs[i].name);
			sep = " ";
		}
	}
}
