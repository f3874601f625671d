// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "decide_csv.h"
#include "../../include/aether/decimal.h"

static void put_q(FILE *f, aether_q v)
{
	char buf[AETHER_Q_STRLEN];

	aether_q_format(buf, sizeof(buf), v, 9);
	fputs(buf, f);
}

/* Q48.16 feature: integer part and six decimals, rounded */
static void put_feature(FILE *f, u64 v)
{
	u64 ip = v >> AETHER_FEAT_Q;
	u64 fp = ((v & 0xffff) * 1000000 + 0x8000) >> AETHER_FEAT_Q;

	if (fp == 1000000) {
		ip++;
		fp = 0;
	}
	fprintf(f, "%llu.%06llu", (unsigned long long)ip, (unsigned long long)fp);
}

void decide_csv_header(FILE *f, bool features)
{
	fputs("cycle,first,last,fetch,phi,epsilon", f);
	if (features)
		fputs(",delta,velocity,variance,spectrum,history,context,rx,ry,rz", f);
	fputc('\n', f);
}

void decide_csv_row(FILE *f, u64 cycle, u64 first, u64 last,
		    const struct aether_cycle *c, bool features)
{
	int i;

	fprintf(f, "%llu,%llu,%llu,%d,", (unsigned long long)cycle,
		(unsigned long long)first, (unsigned long long)last, c->fetch);
	put_q(f, c->phi);
	fputc(',', f);
	put_q(f, c->epsilon);
	if (features) {
		for (i = 0; i < AETHER_NR_FEATURES; i++) {
			fputc(',', f);
			put_feature(f, c->features[i]);
		}
		for (i = 0; i < 3; i++) {
			fputc(',', f);
			put_q(f, c->bloch[i]);
		}
	}
	fputc('\n', f);
}

int read_lba_line(FILE *f, const char *prog, unsigned long *lineno, u64 *lba)
{
	char line[256], *end;
	unsigned long long v;
	size_t n;

	if (!fgets(line, sizeof(line), f))
		return 0;
	++*lineno;
	n = strlen(line);
	if (n == sizeof(line) - 1 && line[n - 1] != '\n') {
		fprintf(stderr, "%s: line %lu: too long\n", prog, *lineno);
		return -1;
	}
	while (n && isspace((unsigned char)line[n - 1]))
		line[--n] = '\0';
	errno = 0;
	v = strtoull(line, &end, 10);
	if (!n || !isdigit((unsigned char)line[0]) || *end || errno) {
		fprintf(stderr, "%s: line %lu: not an LBA (a decimal sector number below 2^64): '%s'\n",
			prog, *lineno, line);
		return -1;
	}
	*lba = v;
	return 1;
}
