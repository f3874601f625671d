/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Decimal text <-> Q27, shared by sysfs, aetherctl and aether-sim so every
 * interface accepts and prints fractions the same way ("0.650").
 */
#ifndef _AETHER_DECIMAL_H
#define _AETHER_DECIMAL_H

#include "fixp.h"

/* Longest string aether_q_format() writes, with its NUL */
#define AETHER_Q_STRLEN		16

/*
 * Parse "[+-]digits[.digits]" with at most one trailing newline, rounded to
 * the nearest Q27.  Returns 0, or -1 for empty, malformed or out-of-[min, max]
 * input, in which case *out is left alone.
 */
int aether_q_parse(const char *s, size_t len, aether_q min, aether_q max,
		   aether_q *out);

/* "-1.250" style, digits (1..9) after the point, rounded; returns length */
int aether_q_format(char *buf, size_t size, aether_q v, unsigned int digits);

#endif /* _AETHER_DECIMAL_H */
