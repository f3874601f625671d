// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Trace parsers.  Hand-rolled rather than sscanf/strtoull: they are the
 * first thing on replay's path and must keep up with millions of lines a
 * second, and every field is checked so a malformed line is reported, not
 * half-read.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

#define U64_ALL		(~(u64)0)
#define LBA_SECTORS	8
#define MAX_REPORTED	10

const char *const trace_format_names[TRACE_NR_FORMATS] = {
	[TRACE_LBA] = "lba",
	[TRACE_MSR] = "msr",
	[TRACE_BLKPARSE] = "blkparse",
};

int trace_format_find(const char *name)
{
	int i;

	for (i = 0; i < TRACE_NR_FORMATS; i++)
		if (!strcmp(name, trace_format_names[i]))
			return i;
	return -1;
}

void trace_parser_init(struct trace_parser *ps, enum trace_format fmt)
{
	memset(ps, 0, sizeof(*ps));
	ps->fmt = fmt;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* A cursor over one line. */
struct cur {
	const char *p, *end;
};

static void skip_space(struct cur *c)
{
	while (c->p < c->end && is_space(*c->p))
		c->p++;
}

/* Decimal digits into *v; false if none or above 2^64 - 1. */
static bool get_u64(struct cur *c, u64 *v)
{
	const char *start = c->p, *p = c->p;
	u64 x = 0;

	/* up to 19 digits cannot overflow: no check in the loop */
	while (p < c->end && p - start < 19 && (unsigned int)(*p - '0') < 10)
		x = x * 10 + (unsigned int)(*p++ - '0');
	while (p < c->end && (unsigned int)(*p - '0') < 10) {
		unsigned int d = (unsigned int)(*p++ - '0');

		if (x > (U64_ALL - d) / 10)
			return false;
		x = x * 10 + d;
	}
	c->p = p;
	*v = x;
	return p > start;
}

/* The next whitespace-separated token. */
static bool get_token(struct cur *c, const char **tok, size_t *len)
{
	skip_space(c);
	*tok = c->p;
	while (c->p < c->end && !is_space(*c->p))
		c->p++;
	*len = (size_t)(c->p - *tok);
	return *len > 0;
}

static bool at_end(struct cur *c)
{
	skip_space(c);
	return c->p == c->end;
}

static bool token_is_u64(const char *tok, size_t len, u64 *v)
{
	struct cur c = { tok, tok + len };

	return get_u64(&c, v) && c.p == c.end;
}

static int parse_lba(struct cur *c, struct trace_rec *r, const char **err)
{
	u64 v;

	if (!get_u64(c, &v) || !at_end(c)) {
		*err = "not an LBA (a decimal sector number below 2^64)";
		return -1;
	}
	if (v > U64_ALL - LBA_SECTORS) {
		*err = "read extends past the last sector (2^64 - 1)";
		return -1;
	}
	r->sector = v;
	r->nr_sectors = LBA_SECTORS;
	r->write = 0;
	r->tag = 0;
	return 1;
}

/* The next comma-separated field of an MSR line. */
static bool get_field(struct cur *c, const char **f, size_t *len)
{
	const char *comma;

	if (c->p > c->end)
		return false;
	*f = c->p;
	comma = memchr(c->p, ',', (size_t)(c->end - c->p));
	*len = (size_t)((comma ? comma : c->end) - *f);
	c->p = comma ? comma + 1 : c->end + 1;
	return true;
}

static bool field_eq(const char *f, size_t len, const char *word)
{
	size_t i;

	if (strlen(word) != len)
		return false;
	for (i = 0; i < len; i++)
		if ((f[i] | 0x20) != (word[i] | 0x20))
			return false;
	return true;
}

/* Byte extent [off, off + size) to sectors, checking it fits. */
static int bytes_to_rec(u64 off, u64 size, struct trace_rec *r, const char **err)
{
	u64 first = off / 512, end;

	if (!size) {
		*err = "request of size 0";
		return -1;
	}
	if (size - 1 > U64_ALL - off) {
		*err = "request extends past 2^64 bytes";
		return -1;
	}
	end = (off + (size - 1)) / 512 + 1;	/* last byte's sector, + 1 */
	if (end - first > 0xffffffffULL) {
		*err = "request longer than 2^32 sectors";
		return -1;
	}
	if (end == 0 || first > U64_ALL - (end - first)) {
		*err = "request extends past the last sector";
		return -1;
	}
	r->sector = first;
	r->nr_sectors = (u32)(end - first);
	return 1;
}

static int parse_msr(struct cur *c, struct trace_rec *r, const char **err)
{
	const char *f[8];
	size_t len[8], n = 0;
	u64 v, off, size;
	int i;

	while (n < 8 && get_field(c, &f[n], &len[n]))
		n++;
	if (n != 7) {
		*err = "want 7 fields: Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime";
		return -1;
	}
	if (field_eq(f[0], len[0], "Timestamp"))
		return 0;		/* a header line */
	for (i = 0; i < 7; i++) {	/* fields may be padded */
		while (len[i] && is_space(*f[i])) {
			f[i]++;
			len[i]--;
		}
		while (len[i] && is_space(f[i][len[i] - 1]))
			len[i]--;
	}
	if (!token_is_u64(f[0], len[0], &v) || !len[1] ||
	    !token_is_u64(f[2], len[2], &v) || !token_is_u64(f[6], len[6], &v)) {
		*err = "Timestamp, DiskNumber and ResponseTime must be decimal, Hostname non-empty";
		return -1;
	}
	if (field_eq(f[3], len[3], "Read")) {
		r->write = 0;
	} else if (field_eq(f[3], len[3], "Write")) {
		r->write = 1;
	} else {
		*err = "Type must be Read or Write";
		return -1;
	}
	if (!token_is_u64(f[4], len[4], &off) || !token_is_u64(f[5], len[5], &size)) {
		*err = "Offset and Size must be decimal byte counts below 2^64";
		return -1;
	}
	r->tag = 0;
	return bytes_to_rec(off, size, r, err);
}

/* "maj,min" */
static bool parse_dev(const char *tok, size_t len, u32 *maj, u32 *min)
{
	const char *comma = memchr(tok, ',', len);
	u64 a, b;

	if (!comma || !token_is_u64(tok, (size_t)(comma - tok), &a) ||
	    !token_is_u64(comma + 1, len - (size_t)(comma + 1 - tok), &b) ||
	    a > 0xffffffffULL || b > 0xffffffffULL)
		return false;
	*maj = (u32)a;
	*min = (u32)b;
	return true;
}

static bool starts_with(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);

	return len >= n && !memcmp(s, word, n);
}

/*
 * blkparse's default line: "maj,min cpu seq secs.nsecs pid action rwbs"
 * and, for a Q event, "sector + nr [command]".
 */
static int parse_blkparse(struct trace_parser *ps, struct cur *c,
			  struct trace_rec *r, const char **err)
{
	const char *tok, *rwbs;
	size_t len, rwbs_len, i;
	u32 maj, min;
	u64 v, pid, sector, nr;
	char action, type;

	if (!get_token(c, &tok, &len))
		return 0;
	/* the per-CPU and total summary blkparse prints at the end */
	if (starts_with(tok, len, "CPU") || starts_with(tok, len, "Total")) {
		ps->in_summary = true;
		return 0;
	}
	if (!parse_dev(tok, len, &maj, &min)) {
		*err = "not a blkparse event (want \"maj,min cpu seq time pid action rwbs ...\")";
		return -1;
	}
	if (!get_token(c, &tok, &len) || !token_is_u64(tok, len, &v) ||	/* cpu */
	    !get_token(c, &tok, &len) || !token_is_u64(tok, len, &v) ||	/* seq */
	    !get_token(c, &tok, &len) ||					/* time */
	    !get_token(c, &tok, &len) || !token_is_u64(tok, len, &pid) ||
	    !get_token(c, &tok, &len) || len > 2) {
		*err = "malformed blkparse event header";
		return -1;
	}
	action = tok[0];
	if (action != 'Q' || len != 1)
		return 0;
	if (!get_token(c, &rwbs, &rwbs_len)) {
		*err = "Q event without RWBS";
		return -1;
	}
	for (i = 0; i < rwbs_len && rwbs[i] == 'F'; i++)
		;
	type = i < rwbs_len ? rwbs[i] : 'N';
	if (type != 'R' && type != 'W' && type != 'D' && type != 'N') {
		*err = "unknown RWBS";
		return -1;
	}
	if (!ps->have_dev) {
		ps->have_dev = true;
		ps->dev_major = maj;
		ps->dev_minor = min;
	} else if (maj != ps->dev_major || min != ps->dev_minor) {
		ps->other_dev++;
		return 0;
	}
	if (type == 'D' || type == 'N')
		return 0;			/* discards, flushes: no data */
	if (!get_token(c, &tok, &len) || !token_is_u64(tok, len, &sector) ||
	    !get_token(c, &tok, &len) || len != 1 || tok[0] != '+' ||
	    !get_token(c, &tok, &len) || !token_is_u64(tok, len, &nr)) {
		*err = "Q event without \"sector + sectors\"";
		return -1;
	}
	if (!nr)
		return 0;
	if (nr > 0xffffffffULL || sector > U64_ALL - nr) {
		*err = "request extends past the last sector or is longer than 2^32 sectors";
		return -1;
	}
	r->sector = sector;
	r->nr_sectors = (u32)nr;
	r->write = type == 'W';
	r->tag = (u32)(pid & 0x3fffffff);
	return 1;
}

/* "# drop_caches" (spaces around it allowed) */
static bool is_drop_marker(const struct cur *c)
{
	static const char m[] = "drop_caches";
	const char *p = c->p, *e = c->end;

	if (p == e || *p++ != '#')
		return false;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if ((size_t)(e - p) < sizeof(m) - 1 || memcmp(p, m, sizeof(m) - 1))
		return false;
	for (p += sizeof(m) - 1; p < e; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return false;
	return true;
}

int trace_parse_line(struct trace_parser *ps, const char *line, size_t len,
		     struct trace_rec *r, const char **err)
{
	struct cur c = { line, line + len };

	skip_space(&c);
	r->drop = 0;
	if (is_drop_marker(&c)) {
		/* capture-trace.sh joins runs with it; a blkparse summary may precede */
		ps->in_summary = false;
		r->sector = 0;
		r->nr_sectors = 0;
		r->tag = 0;
		r->write = 0;
		r->drop = 1;
		return 1;
	}
	if (c.p == c.end || *c.p == '#')
		return 0;
	switch (ps->fmt) {
	case TRACE_LBA:
		return parse_lba(&c, r, err);
	case TRACE_MSR:
		return parse_msr(&c, r, err);
	case TRACE_BLKPARSE:
		if (ps->in_summary)
			return 0;
		return parse_blkparse(ps, &c, r, err);
	default:
		*err = "unknown format";
		return -1;
	}
}

static int push(struct trace *t, const struct trace_rec *r)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 65536;
		struct trace_rec *nr = realloc(t->rec, cap * sizeof(*nr));

		if (!nr)
			return -1;
		t->rec = nr;
		t->cap = cap;
	}
	t->rec[t->n++] = *r;
	if (r->sector + r->nr_sectors > t->max_end)
		t->max_end = r->sector + r->nr_sectors;
	if (r->drop)
		t->drops++;
	else if (r->write)
		t->writes++;
	else
		t->reads++;
	return 0;
}

int trace_load(struct trace *t, const char *path, enum trace_format fmt,
	       bool strict, const char *prog)
{
	struct trace_parser ps;
	struct trace_rec r;
	unsigned long lineno = 0;
	const char *p, *end, *nl, *err;
	char *buf;
	size_t len;
	int rc;

	memset(t, 0, sizeof(*t));
	if (trace_read_file(path, prog, &buf, &len))
		return -1;
	trace_parser_init(&ps, fmt);
	for (p = buf, end = buf + len; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		lineno++;
		rc = trace_parse_line(&ps, p, (size_t)(nl - p), &r, &err);
		if (rc > 0) {
			if (push(t, &r)) {
				fprintf(stderr, "%s: out of memory\n", prog);
				goto fail;
			}
		} else if (rc < 0) {
			if (!t->malformed++)
				t->first_malformed = lineno;
			if (strict || t->malformed <= MAX_REPORTED)
				fprintf(stderr, "%s: %s:%lu: %s: '%.*s'\n", prog, path,
					lineno, err, (int)(nl - p > 80 ? 80 : nl - p), p);
			if (strict)
				goto fail;
		} else {
			t->ignored++;
		}
	}
	free(buf);
	buf = NULL;
	/*
	 * A trace mostly of lines that do not parse is the wrong file or the
	 * wrong --format: refuse it rather than report on what little parsed
	 * (or on nothing, requests=0, which reads like a result).
	 */
	if (t->n == t->drops && t->malformed) {
		fprintf(stderr, "%s: %s: no line parses as a %s trace (first malformed: line %lu); wrong --format?\n",
			prog, path, trace_format_names[fmt], t->first_malformed);
		goto fail;
	}
	if (t->malformed > t->n - t->drops) {
		fprintf(stderr, "%s: %s: %zu lines malformed, only %zu parsed (first malformed: line %lu); wrong --format?\n",
			prog, path, t->malformed, t->n, t->first_malformed);
		goto fail;
	}
	if (t->n == t->drops) {
		fprintf(stderr, "%s: %s: no read or write request in it (%lu lines)\n",
			prog, path, lineno);
		goto fail;
	}
	if (t->malformed)
		fprintf(stderr, "%s: %s: %zu malformed line%s skipped (--strict makes them fatal)\n",
			prog, path, t->malformed, t->malformed == 1 ? "" : "s");
	if (ps.other_dev)
		fprintf(stderr, "%s: %s: %zu events of devices other than %u,%u ignored\n",
			prog, path, ps.other_dev, ps.dev_major, ps.dev_minor);
	return 0;
fail:
	free(buf);
	trace_free(t);
	return -1;
}

void trace_free(struct trace *t)
{
	free(t->rec);
	t->rec = NULL;
	t->n = 0;
	t->cap = 0;
}
