// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the decimal <-> Q27 conversion every aether knob uses
 * (include/aether/decimal.h): what sysfs accepts, what it rejects without
 * touching the value, and that what it prints reads back unchanged.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "../include/aether/decimal.h"

#define Q_MIN	((aether_q)S32_MIN)
#define Q_MAX	((aether_q)S32_MAX)
/* a value no successful parse below produces: detects writes on failure */
#define POISON	((aether_q)0x5a5a5a5a)

static int parse(const char *s, aether_q min, aether_q max, aether_q *out)
{
	return aether_q_parse(s, strlen(s), min, max, out);
}

static void decimal_parse_plain(struct kunit *test)
{
	static const struct {
		const char *text;
		aether_q q;
	} cases[] = {
		{ "0", 0 },
		{ "1", AETHER_ONE },
		{ "0.5", AETHER_ONE / 2 },
		{ "0.650", AETHER_QC(65, 100) },
		{ ".25", AETHER_ONE / 4 },
		{ "2.", 2 * AETHER_ONE },
		{ "+0.25", AETHER_ONE / 4 },
		{ "-1.25", -5 * AETHER_ONE / 4 },
		{ "-0", 0 },
		{ "0.1", AETHER_QC(1, 10) },
		{ "-0.02", -2684355 },	/* round(-0.02 * 2^27) */
		{ "3.14159265", AETHER_PI },
		{ "0.650\n", AETHER_QC(65, 100) },	/* echo adds a newline */
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		aether_q v = POISON;

		KUNIT_EXPECT_EQ_MSG(test, parse(cases[i].text, Q_MIN, Q_MAX, &v),
				    0, "\"%s\"", cases[i].text);
		KUNIT_EXPECT_EQ_MSG(test, v, cases[i].q, "\"%s\"", cases[i].text);
	}
}

static void decimal_parse_rounding(struct kunit *test)
{
	aether_q v;

	/* one Q27 step is 7.45e-9: 4e-9 rounds up to it, 3e-9 down to 0 */
	KUNIT_ASSERT_EQ(test, parse("0.000000004", Q_MIN, Q_MAX, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 1);
	KUNIT_ASSERT_EQ(test, parse("0.000000003", Q_MIN, Q_MAX, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0);
	KUNIT_ASSERT_EQ(test, parse("-0.000000004", Q_MIN, Q_MAX, &v), 0);
	KUNIT_EXPECT_EQ(test, v, -1);
	/* digits past the ninth are ignored, not rounded */
	KUNIT_ASSERT_EQ(test, parse("0.1234567891999", Q_MIN, Q_MAX, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 16570090);	/* round(0.123456789 * 2^27) */
	/* many leading and trailing zeros are still one number */
	KUNIT_ASSERT_EQ(test, parse("000000.500000000000", Q_MIN, Q_MAX, &v), 0);
	KUNIT_EXPECT_EQ(test, v, AETHER_ONE / 2);
}

static void decimal_parse_bounds(struct kunit *test)
{
	aether_q v = POISON;

	/* both ends are inclusive */
	KUNIT_EXPECT_EQ(test, parse("0", 0, AETHER_ONE, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0);
	KUNIT_EXPECT_EQ(test, parse("1.000", 0, AETHER_ONE, &v), 0);
	KUNIT_EXPECT_EQ(test, v, AETHER_ONE);
	/* one step outside either end is refused and leaves v alone */
	v = POISON;
	KUNIT_EXPECT_EQ(test, parse("1.00000001", 0, AETHER_ONE, &v), -1);
	KUNIT_EXPECT_EQ(test, parse("-0.00000001", 0, AETHER_ONE, &v), -1);
	KUNIT_EXPECT_EQ(test, parse("2", 0, AETHER_ONE, &v), -1);
	KUNIT_EXPECT_EQ(test, v, POISON);
	/* closer than half a step to the bound rounds onto it: accepted */
	KUNIT_EXPECT_EQ(test, parse("1.000000003", 0, AETHER_ONE, &v), 0);
	KUNIT_EXPECT_EQ(test, v, AETHER_ONE);
	/* the Q4.27 range itself: -16 fits, 16 does not */
	KUNIT_EXPECT_EQ(test, parse("-16", Q_MIN, Q_MAX, &v), 0);
	KUNIT_EXPECT_EQ(test, v, Q_MIN);
	v = POISON;
	KUNIT_EXPECT_EQ(test, parse("16", Q_MIN, Q_MAX, &v), -1);
	KUNIT_EXPECT_EQ(test, parse("15.9999999999", Q_MIN, Q_MAX, &v), -1);
	KUNIT_EXPECT_EQ(test, v, POISON);
	KUNIT_EXPECT_EQ(test, parse("15.999999992", Q_MIN, Q_MAX, &v), 0);
	KUNIT_EXPECT_EQ(test, v, Q_MAX);
}

static void decimal_parse_malformed(struct kunit *test)
{
	static const char *const bad[] = {
		"", "\n", "-", "+", ".", "-.", "+.\n", "abc", "1.2.3", "1e3",
		" 1", "1 ", "\t0.5", "0x10", "--1", "+-1", "1\n\n", "\n1",
		"1,5", "0.5%", "inf", "nan", "1-", "0.5\r\n",
		/* integer part beyond the parser's overflow guard */
		"1000001", "99999999999999999999999",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		aether_q v = POISON;

		KUNIT_EXPECT_EQ_MSG(test, parse(bad[i], Q_MIN, Q_MAX, &v), -1,
				    "\"%s\" accepted", bad[i]);
		KUNIT_EXPECT_EQ_MSG(test, v, POISON, "\"%s\" wrote", bad[i]);
	}
}

static void decimal_parse_length(struct kunit *test)
{
	static const char buf[] = "0.25junk";
	static const char nul[] = { '0', '.', '5', '\0', '7' };
	aether_q v = POISON;

	/* only len bytes are read: sysfs buffers are not NUL-terminated */
	KUNIT_EXPECT_EQ(test, aether_q_parse(buf, 4, Q_MIN, Q_MAX, &v), 0);
	KUNIT_EXPECT_EQ(test, v, AETHER_ONE / 4);
	v = POISON;
	KUNIT_EXPECT_EQ(test, aether_q_parse(buf, 5, Q_MIN, Q_MAX, &v), -1);
	KUNIT_EXPECT_EQ(test, aether_q_parse(buf, 0, Q_MIN, Q_MAX, &v), -1);
	/* an embedded NUL is a character like any other: refused */
	KUNIT_EXPECT_EQ(test, aether_q_parse(nul, sizeof(nul), Q_MIN, Q_MAX, &v), -1);
	KUNIT_EXPECT_EQ(test, v, POISON);
}

static void decimal_format_plain(struct kunit *test)
{
	static const struct {
		aether_q q;
		unsigned int digits;
		const char *text;
	} cases[] = {
		{ 0, 3, "0.000" },
		{ AETHER_ONE, 3, "1.000" },
		{ AETHER_QC(65, 100), 3, "0.650" },
		{ -2684355, 3, "-0.020" },
		{ -5 * AETHER_ONE / 4, 3, "-1.250" },
		{ AETHER_PI, 6, "3.141593" },
		{ AETHER_PI, 9, "3.141592652" },	/* 421657428 / 2^27 */
		{ AETHER_ONE / 3, 1, "0.3" },
		{ 2 * AETHER_ONE / 3, 1, "0.7" },
		{ 10 * AETHER_ONE, 2, "10.00" },
		{ 1, 9, "0.000000007" },
		/* a tiny negative that rounds to zero prints without sign */
		{ -1, 3, "0.000" },
		{ -AETHER_ONE / 2000 - 1, 3, "-0.001" },
		/* the ends of Q4.27 */
		{ (aether_q)S32_MIN, 9, "-16.000000000" },
		{ (aether_q)S32_MAX, 9, "15.999999993" },
		{ (aether_q)S32_MAX, 3, "16.000" },
	};
	char buf[AETHER_Q_STRLEN];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int n = aether_q_format(buf, sizeof(buf), cases[i].q,
					cases[i].digits);

		KUNIT_EXPECT_STREQ(test, buf, cases[i].text);
		KUNIT_EXPECT_EQ(test, n, (int)strlen(cases[i].text));
	}
}

static void decimal_format_digits_clamped(struct kunit *test)
{
	char buf[AETHER_Q_STRLEN];

	/* 0 digits still prints one; more than 9 prints 9 */
	KUNIT_EXPECT_EQ(test, aether_q_format(buf, sizeof(buf), AETHER_ONE / 2, 0), 3);
	KUNIT_EXPECT_STREQ(test, buf, "0.5");
	KUNIT_EXPECT_EQ(test, aether_q_format(buf, sizeof(buf), AETHER_ONE / 2, 40), 11);
	KUNIT_EXPECT_STREQ(test, buf, "0.500000000");
}

static void decimal_format_small_buffer(struct kunit *test)
{
	char buf[8];

	/* "-1.250" needs 7 bytes with its NUL */
	memset(buf, 'x', sizeof(buf));
	KUNIT_EXPECT_EQ(test, aether_q_format(buf, 6, -5 * AETHER_ONE / 4, 3), -1);
	KUNIT_EXPECT_EQ(test, buf[0], 'x');	/* nothing written */
	KUNIT_EXPECT_EQ(test, aether_q_format(buf, 7, -5 * AETHER_ONE / 4, 3), 6);
	KUNIT_EXPECT_STREQ(test, buf, "-1.250");
	KUNIT_EXPECT_EQ(test, aether_q_format(buf, 0, 0, 3), -1);
}

/* the longest text, "-16.000000000", fits AETHER_Q_STRLEN with room */
static void decimal_format_longest(struct kunit *test)
{
	char big[AETHER_Q_STRLEN];

	KUNIT_EXPECT_EQ(test, aether_q_format(big, sizeof(big), (aether_q)S32_MIN, 9),
			13);
	KUNIT_EXPECT_LT(test, 13, AETHER_Q_STRLEN);
	KUNIT_EXPECT_EQ(test, aether_q_format(big, 13, (aether_q)S32_MIN, 9), -1);
	KUNIT_EXPECT_EQ(test, aether_q_format(big, 14, (aether_q)S32_MIN, 9), 13);
}

/* format with 9 digits, parse back: every Q27 value survives (1e-9 < step / 2) */
static void decimal_round_trip_q(struct kunit *test)
{
	u32 i, bad = 0;
	aether_q q = (aether_q)S32_MIN;

	for (i = 0; i < 4096; i++) {
		char buf[AETHER_Q_STRLEN];
		aether_q back = POISON;
		int n;

		/* spread over the whole range, odd step so low bits vary */
		q = (aether_q)((u32)S32_MIN + i * 1048573U);
		n = aether_q_format(buf, sizeof(buf), q, 9);
		if (n < 0 || aether_q_parse(buf, n, Q_MIN, Q_MAX, &back) ||
		    back != q) {
			if (!bad++)
				KUNIT_FAIL(test, "%d -> \"%s\" -> %d", q, buf, back);
		}
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

/* what a user writes with 3 digits reads back as written */
static void decimal_round_trip_text(struct kunit *test)
{
	static const char *const texts[] = {
		"0.000", "0.001", "0.100", "0.500", "0.650", "0.999", "1.000",
		"-0.020", "-7.125", "15.999", "-15.999", "3.142",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		char buf[AETHER_Q_STRLEN];
		aether_q v;

		KUNIT_ASSERT_EQ(test, parse(texts[i], Q_MIN, Q_MAX, &v), 0);
		KUNIT_EXPECT_EQ(test, aether_q_format(buf, sizeof(buf), v, 3),
				(int)strlen(texts[i]));
		KUNIT_EXPECT_STREQ(test, buf, texts[i]);
	}
}

static struct kunit_case aether_decimal_cases[] = {
	KUNIT_CASE(decimal_parse_plain),
	KUNIT_CASE(decimal_parse_rounding),
	KUNIT_CASE(decimal_parse_bounds),
	KUNIT_CASE(decimal_parse_malformed),
	KUNIT_CASE(decimal_parse_length),
	KUNIT_CASE(decimal_format_plain),
	KUNIT_CASE(decimal_format_digits_clamped),
	KUNIT_CASE(decimal_format_small_buffer),
	KUNIT_CASE(decimal_format_longest),
	KUNIT_CASE(decimal_round_trip_q),
	KUNIT_CASE(decimal_round_trip_text),
	{}
};

static struct kunit_suite aether_decimal_suite = {
	.name = "aether_decimal",
	.test_cases = aether_decimal_cases,
};

kunit_test_suite(aether_decimal_suite);
