// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Just enough JSON for aetherctl's --json: escaped strings, and sysfs values
 * as numbers when they already are JSON numbers ("0.500000", "42"), so a
 * consumer need not convert, and as strings otherwise ("povm", "1 2 3").
 */
#include <ctype.h>
#include <string.h>

#include "aetherctl.h"

void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)? (no exponents here) */
static bool is_json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (isdigit((unsigned char)*s))
			s++;
	else
		return false;
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return false;
		while (isdigit((unsigned char)*s))
			s++;
	}
	return !*s;
}

void json_value(FILE *f, const char *s)
{
	if (is_json_number(s))
		fputs(s, f);
	else
		json_str(f, s);
}
