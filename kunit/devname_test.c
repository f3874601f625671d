// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of disk-name validation (include/aether/devname.h): the names
 * sysfs writes, module parameters and ioctls may carry, what is refused
 * before it reaches the block layer (leaving the output alone), and the
 * splitting of name lists.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "../include/aether/devname.h"

static int parse(const char *s, char *out, size_t size)
{
	return aether_disk_name_parse(s, strlen(s), out, size);
}

static void devname_valid(struct kunit *test)
{
	static const char *const names[] = {
		"nullb0", "vdb", "sda1", "nvme0n1", "dm-0", "cciss!c0d0",
		"md127", "mmcblk0p2", "loop7", "zram0", "xvda", "sr0",
		"Drive_2.a", "0",
	};
	char out[AETHER_DISK_NAME_MAX + 1];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		memset(out, 'x', sizeof(out));
		KUNIT_EXPECT_EQ_MSG(test, parse(names[i], out, sizeof(out)),
				    (int)strlen(names[i]), "%s", names[i]);
		KUNIT_EXPECT_STREQ(test, out, names[i]);
	}
	/* echo's newline is dropped */
	KUNIT_EXPECT_EQ(test, parse("nullb0\n", out, sizeof(out)), 6);
	KUNIT_EXPECT_STREQ(test, out, "nullb0");
}

static void devname_length(struct kunit *test)
{
	char name[40], out[2 * AETHER_DISK_NAME_MAX];

	memset(name, 'a', sizeof(name));
	name[AETHER_DISK_NAME_MAX] = '\0';		/* 31 characters: fits */
	KUNIT_EXPECT_EQ(test, parse(name, out, sizeof(out)), AETHER_DISK_NAME_MAX);
	KUNIT_EXPECT_EQ(test, strlen(out), (size_t)AETHER_DISK_NAME_MAX);
	name[AETHER_DISK_NAME_MAX] = '\n';		/* plus a newline: fits */
	name[AETHER_DISK_NAME_MAX + 1] = '\0';
	KUNIT_EXPECT_EQ(test, parse(name, out, sizeof(out)), AETHER_DISK_NAME_MAX);
	/* 32 is DISK_NAME_LEN with the NUL: refused even with room for it */
	name[AETHER_DISK_NAME_MAX] = 'a';
	memset(out, 'x', sizeof(out));
	KUNIT_EXPECT_EQ(test, parse(name, out, sizeof(out)), -1);
	KUNIT_EXPECT_EQ(test, out[0], 'x');
	/* an output buffer too small for the name is refused, not overrun */
	KUNIT_EXPECT_EQ(test, parse("nullb0", out, 6), -1);
	KUNIT_EXPECT_EQ(test, out[0], 'x');
	KUNIT_EXPECT_EQ(test, parse("nullb0", out, 7), 6);
}

static void devname_refused(struct kunit *test)
{
	static const char *const bad[] = {
		"", "\n", "-sda", ".hidden", "!c0d0", "_x", "sd a", "sda/1",
		"../sda", "/dev/sda", "sda\n\n", "\nsda", "sda\t", "s%da",
		"sda;", "a\\b", "sd\xc3\xa9", "sda\r\n", "*", "sd?",
	};
	char out[AETHER_DISK_NAME_MAX + 1];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(out, 'x', sizeof(out));
		KUNIT_EXPECT_EQ_MSG(test, parse(bad[i], out, sizeof(out)), -1,
				    "\"%s\" accepted", bad[i]);
		KUNIT_EXPECT_EQ_MSG(test, out[0], 'x', "\"%s\" wrote", bad[i]);
	}
}

static void devname_length_bounds_input(struct kunit *test)
{
	static const char buf[] = { 'v', 'd', 'b', '\0', 'x' };
	char out[AETHER_DISK_NAME_MAX + 1];

	/* len, not a NUL, ends the input: an embedded NUL is refused */
	KUNIT_EXPECT_EQ(test, aether_disk_name_parse(buf, 3, out, sizeof(out)), 3);
	KUNIT_EXPECT_STREQ(test, out, "vdb");
	KUNIT_EXPECT_EQ(test, aether_disk_name_parse(buf, sizeof(buf), out, sizeof(out)), -1);
	KUNIT_EXPECT_EQ(test, aether_disk_name_parse("vdbX", 3, out, sizeof(out)), 3);
	KUNIT_EXPECT_STREQ(test, out, "vdb");
}

/* Collects the items of a list, joined by '|', into out. */
static void split(const char *s, size_t len, char *out, size_t size)
{
	size_t pos = 0, n, used = 0;
	const char *item;

	out[0] = '\0';
	while ((item = aether_name_list_next(s, len, &pos, &n))) {
		if (used + n + 2 > size)
			break;
		if (used)
			out[used++] = '|';
		memcpy(out + used, item, n);
		used += n;
		out[used] = '\0';
	}
}

static void devname_list(struct kunit *test)
{
	static const struct {
		const char *in, *items;
	} cases[] = {
		{ "nullb0", "nullb0" },
		{ "nullb0,vdb", "nullb0|vdb" },
		{ "nullb0, vdb\nsda1\n", "nullb0|vdb|sda1" },
		{ ",, ,\t\nvdb,,", "vdb" },
		{ "", "" },
		{ "\t\n,", "" },
		/* items are split, not judged: validation is parse's job */
		{ "a/b ../c", "a/b|../c" },
	};
	char out[64];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		split(cases[i].in, strlen(cases[i].in), out, sizeof(out));
		KUNIT_EXPECT_STREQ(test, out, cases[i].items);
	}
	/* len ends the list, and so does a NUL */
	split("vdb,sda", 5, out, sizeof(out));
	KUNIT_EXPECT_STREQ(test, out, "vdb|s");
	split("vdb\0sda", 7, out, sizeof(out));
	KUNIT_EXPECT_STREQ(test, out, "vdb");
}

static int devnum(const char *s, u32 *major, u32 *minor)
{
	return aether_devnum_parse(s, strlen(s), major, minor);
}

/* MAJ:MIN as /proc/partitions and /sys/dev/block write them */
static void devname_devnum(struct kunit *test)
{
	static const char *const bad[] = {
		"", ":", "8", "8:", ":0", "8:0:1", "-8:0", "8:-1", "8 :0",
		"0x8:0", "4096:0", "8:1048576", "99999999999:0", "8:0\n\n",
		"sda", "nullb0:1",
	};
	u32 major = 7, minor = 7;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, devnum("8:0", &major, &minor), 0);
	KUNIT_EXPECT_EQ(test, major, 8u);
	KUNIT_EXPECT_EQ(test, minor, 0u);
	KUNIT_EXPECT_EQ(test, devnum("253:17\n", &major, &minor), 0);
	KUNIT_EXPECT_EQ(test, major, 253u);
	KUNIT_EXPECT_EQ(test, minor, 17u);
	/* the largest dev_t parts */
	KUNIT_EXPECT_EQ(test, devnum("4095:1048575", &major, &minor), 0);
	KUNIT_EXPECT_EQ(test, major, 4095u);
	KUNIT_EXPECT_EQ(test, minor, 1048575u);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, devnum(bad[i], &major, &minor), -1,
				    "'%s'", bad[i]);
}

static struct kunit_case aether_devname_cases[] = {
	KUNIT_CASE(devname_devnum),
	KUNIT_CASE(devname_valid),
	KUNIT_CASE(devname_length),
	KUNIT_CASE(devname_refused),
	KUNIT_CASE(devname_length_bounds_input),
	KUNIT_CASE(devname_list),
	{}
};

static struct kunit_suite aether_devname_suite = {
	.name = "aether_devname",
	.test_cases = aether_devname_cases,
};

kunit_test_suite(aether_devname_suite);
