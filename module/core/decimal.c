// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Decimal text <-> Q27 without libc: sysfs writes go through here, so it
 * rejects anything that is not a plain decimal number instead of guessing.
 */
#include "../../include/aether/decimal.h"

#define FRAC_DIGITS	9
#define FRAC_SCALE	1000000000LL

int aether_q_parse(const char *s, size_t len, aether_q min, aether_q max,
		   aether_q *out)
{
	s64 ip = 0, fp = 0, scale = FRAC_SCALE, v;
	bool neg = false, any = false;
	size_t i = 0;

	if (len && s[len - 1] == '\n')
		len--;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, any = true) {
		ip = ip * 10 + (s[i] - '0');
		if (ip > 1000000)
			return -1;
	}
	if (i < len && s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, any = true) {
			if (scale > 1) {
				scale /= 10;
				fp += (s[i] - '0') * scale;
			}
		}
	}
	if (!any || i != len)
		return -1;
	/* round half away from zero: the printed and parsed forms round-trip */
	v = (ip << AETHER_Q) + ((fp << AETHER_Q) + FRAC_SCALE / 2) / FRAC_SCALE;
	if (neg)
		v = -v;
	if (v < min || v > max)
		return -1;
	*out = (aether_q)v;
	return 0;
}

int aether_q_format(char *buf, size_t size, aether_q v, unsigned int digits)
{
	char tmp[AETHER_Q_STRLEN];
	s64 a = v < 0 ? -(s64)v : v, pow = 1, scaled, ip, fp;
	unsigned int d;
	int n = 0, i;

	if (digits < 1)
		digits = 1;
	if (digits > FRAC_DIGITS)
		digits = FRAC_DIGITS;
	for (d = 0; d < digits; d++)
		pow *= 10;
	scaled = (a * pow + (1LL << (AETHER_Q - 1))) >> AETHER_Q;
	ip = scaled / pow;
	fp = scaled % pow;

	if (v < 0 && scaled)
		tmp[n++] = '-';
	i = n;
	do {
		tmp[n++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	for (d = 0; i + (int)d < n - 1 - (int)d; d++) {	/* reverse the integer digits */
		char c = tmp[i + d];

		tmp[i + d] = tmp[n - 1 - d];
		tmp[n - 1 - d] = c;
	}
	tmp[n++] = '.';
	for (d = digits; d > 0; d--) {
		tmp[n + d - 1] = (char)('0' + fp % 10);
		fp /= 10;
	}
	n += digits;
	if ((size_t)n >= size)
		return -1;
	for (i = 0; i < n; i++)
		buf[i] = tmp[i];
	buf[n] = '\0';
	return n;
}
