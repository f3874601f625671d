/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The CSV both `aether-sim decide` and `aetherctl decide` print, so the
 * userspace and in-kernel builds of the core can be compared byte for byte.
 */
#ifndef _AETHER_DECIDE_CSV_H
#define _AETHER_DECIDE_CSV_H

#include <stdio.h>
#include "../../include/aether/povm.h"

void decide_csv_header(FILE *f, bool features);
void decide_csv_row(FILE *f, u64 cycle, u64 first, u64 last,
		    const struct aether_cycle *c, bool features);

/*
 * Read one LBA per line from f.  Returns 1 and sets *lba, 0 at end of input,
 * -1 on a malformed line (after printing "prog: line N: ..." to stderr).
 */
int read_lba_line(FILE *f, const char *prog, unsigned long *lineno, u64 *lba);

#endif /* _AETHER_DECIDE_CSV_H */
