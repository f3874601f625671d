/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Block traces for aether-sim replay: three text formats parsed into one
 * array of records (sector, length, read or write, submitting task).
 */
#ifndef _AETHER_SIM_TRACE_H
#define _AETHER_SIM_TRACE_H

#include <stdio.h>
#include "../../include/aether/types.h"

enum trace_format {
	TRACE_LBA,		/* one sector per line: a read of 8 sectors */
	TRACE_MSR,		/* MSR Cambridge CSV, bytes */
	TRACE_BLKPARSE,		/* blkparse's default text, Q events */
	TRACE_NR_FORMATS,
};

extern const char *const trace_format_names[TRACE_NR_FORMATS];

/* index of the format called name, or -1 */
int trace_format_find(const char *name);

struct trace_rec {
	u64 sector;
	u32 nr_sectors;		/* >= 1; sector + nr_sectors <= 2^64 - 1 */
	u32 tag : 30;		/* submitting process (blkparse), else 0 */
	u32 write : 1;
	u32 drop : 1;		/* not a request: "# drop_caches", the cache is emptied */
};

struct trace {
	struct trace_rec *rec;
	size_t n, cap;
	u64 max_end;		/* highest sector + nr_sectors seen */
	size_t reads, writes;
	size_t drops;		/* "# drop_caches" lines */
	size_t malformed;	/* lines skipped as malformed */
	size_t ignored;		/* well-formed lines that are not requests */
	unsigned long first_malformed;	/* line number, if malformed */
};

/* Line parser state: blkparse output ends with a summary to ignore. */
struct trace_parser {
	enum trace_format fmt;
	bool in_summary;
	bool have_dev;
	u32 dev_major, dev_minor;	/* blkparse: the device of the first event */
	size_t other_dev;		/* blkparse: events of other devices */
};

void trace_parser_init(struct trace_parser *ps, enum trace_format fmt);

/*
 * Parse one line (without its newline, len bytes, need not be terminated).
 * Returns 1 with *r filled for a request (or for the line "# drop_caches",
 * with r->drop set: the page cache was dropped there, in every format), 0
 * for a line that carries none (blank, comment, another blkparse event or
 * the summary), -1 for a malformed line with *err set to a static message.
 */
int trace_parse_line(struct trace_parser *ps, const char *line, size_t len,
		     struct trace_rec *r, const char **err);

/*
 * Read the whole file ("-" for stdin; .xz .gz .zst .bz2 through their
 * decompressors).  Malformed lines are reported on stderr as
 * "prog: FILE:LINE: message" (the first few of them, then a count) and
 * skipped, or with strict end the load.  A trace with no request, or with
 * more malformed lines than requests, is refused.  Returns 0, or -1 after
 * printing why.
 */
int trace_load(struct trace *t, const char *path, enum trace_format fmt,
	       bool strict, const char *prog);

void trace_free(struct trace *t);

/*
 * The file's bytes (tracefile.c): decompressed by name, and refused when
 * compressed under another name or binary.  0, or -1 after printing why.
 */
int trace_read_file(const char *path, const char *prog, char **buf, size_t *len);

#endif /* _AETHER_SIM_TRACE_H */
