// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_module_logic: the module's block-layer-free logic in userspace, on
 * the same sources aether.ko compiles: the decision window
 * (module/core/window.c), the event ring's index arithmetic (evring.c) and
 * disk-name checking (devname.c).  Prints "RESULT module-logic passed=N
 * failed=M".
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../../include/aether/devname.h"
#include "../../include/aether/evring.h"
#include "../../include/aether/window.h"

static int passed, failed;

static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		return;
	}
	failed++;
	va_start(ap, fmt);
	printf("FAIL ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
}

static u64 lcg(u64 *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 11;
}

/* push() gives the golden windowing: row i sees lbas[max(0, i-N+1) .. i] */
static void test_window(void)
{
	struct aether_window w;
	u64 lbas[300], first = 0, last, seed = 1;
	u32 n, i, len = 0;

	for (i = 0; i < 300; i++)
		lbas[i] = lcg(&seed);
	for (n = 1; n <= AETHER_WINDOW_MAX; n++) {
		int ok = 1;

		aether_window_init(&w, n);
		for (i = 0; i < 300 && ok; i++) {
			u32 want = i + 1 < n ? i + 1 : n;

			len = aether_window_push(&w, lbas[i], &first);
			ok = len == want && first == lbas[i + 1 - want];
		}
		check(ok, "window %u: row %u has len %u first %llu", n, i - 1,
		      len, (unsigned long long)first);
	}
	check(!aether_window_size_valid(1) && aether_window_size_valid(2) &&
	      aether_window_size_valid(64) && !aether_window_size_valid(65) &&
	      !aether_window_size_valid(0), "window size limits 2..64");
	aether_window_init(&w, 1000);
	check(w.size == AETHER_WINDOW_MAX, "oversized window clamped");

	/* push_io: 4 KiB reads are recorded as their sectors */
	aether_window_init(&w, 16);
	for (i = 0; i < 300; i++) {
		u64 s = i % 3 ? lbas[i] : (i ? lbas[i - 1] + 8 : 0);

		lbas[i] = s;
		len = aether_window_push_io(&w, s, 8, &first, &last);
		if (last != s || first != lbas[i + 1 - len])
			break;
	}
	check(i == 300, "push_io of 4 KiB reads records their sectors (row %u)", i);
	/* contiguous large reads advance one 4 KiB step each */
	aether_window_init(&w, 4);
	aether_window_push_io(&w, 1000, 512, &first, &last);
	check(first == 1000 && last == 1000, "first large read at its sector");
	aether_window_push_io(&w, 1512, 256, &first, &last);
	check(last == 1008, "contiguous read: +8 (%llu)", (unsigned long long)last);
	aether_window_push_io(&w, 1768, 8, &first, &last);
	check(last == 1016, "contiguous again: +8");
	aether_window_push_io(&w, 1900, 8, &first, &last);
	check(last == 1016 + 1900 - 1768, "a gap keeps its distance");
	len = aether_window_push_io(&w, 100, 8, &first, &last);
	check(len == 4 && last == (u64)1148 + 100 - 1900 && first == 1008,
	      "a backward jump wraps like the raw delta");
}

static void test_evring(void)
{
	struct aether_evring r;
	u64 from, lost, seq;
	u32 n, i;

	check(aether_evring_order(64) == 6 && aether_evring_order(4096) == 12 &&
	      aether_evring_order(65536) == 16 && aether_evring_order(32) == -1 &&
	      aether_evring_order(100) == -1 && aether_evring_order(131072) == -1 &&
	      aether_evring_order(0) == -1, "ring sizes: powers of two 64..65536");
	aether_evring_init(&r, 6);
	check(aether_evring_peek(&r, 10, &from) == 0 && from == 0, "empty ring");
	for (i = 0; i < 64; i++) {
		seq = aether_evring_produce(&r, &lost);
		if (seq != i || lost != ~0ULL)
			break;
	}
	check(i == 64, "64 events fit without loss (%u)", i);
	check(aether_evring_unread(&r) == 64 && r.dropped == 0, "full, nothing dropped");
	seq = aether_evring_produce(&r, &lost);
	check(seq == 64 && lost == 0 && r.tail == 1 && r.dropped == 1 &&
	      aether_evring_slot(&r, seq) == aether_evring_slot(&r, lost),
	      "overflow overwrites the oldest, in its slot");
	n = aether_evring_peek(&r, 10, &from);
	check(n == 10 && from == 1, "peek: 10 from 1");
	check(aether_evring_unread(&r) == 64, "peek consumes nothing");
	check(aether_evring_consume(&r, from + n) == 10 && r.tail == 11,
	      "consume 10");
	/* writer overwrites past a reader's peek: consume is clamped */
	n = aether_evring_peek(&r, 5, &from);
	for (i = 0; i < 100; i++)
		aether_evring_produce(&r, &lost);
	check(aether_evring_consume(&r, from + n) == 0 && r.tail == r.head - 64,
	      "consume behind tail moves nothing");
	check(aether_evring_consume(&r, r.head + 100) == 64 &&
	      aether_evring_unread(&r) == 0, "consume beyond head is clamped");
	check(r.dropped == 1 + 100 - 10, "dropped counts every overwrite (%llu)",
	      (unsigned long long)r.dropped);
}

static void test_devname(void)
{
	static const char *const good[] = {
		"nullb0", "vdb", "nvme0n1", "dm-0", "md127", "cciss!c0d0",
		"ubiblock0_0", "sr0", "a", "loop0.x",
		"abcdefghijklmnopqrstuvwxyz01234",	/* 31 */
	};
	static const char *const bad[] = {
		"", "\n", "../x", "a/b", ".", "..", "-x", "_x", "!x", "a b",
		"nullb0\n\n", " nullb0", "nullb0 ", "x;y", "\xff",
		"abcdefghijklmnopqrstuvwxyz012345",	/* 32 */
	};
	char out[AETHER_DISK_NAME_MAX + 1], buf[8];
	const char *item, *list = " nullb0,vdb\n,, nvme0n1 ";
	size_t i, pos = 0, len;
	int r;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		r = aether_disk_name_parse(good[i], strlen(good[i]), out, sizeof(out));
		check(r == (int)strlen(good[i]) && !strcmp(out, good[i]),
		      "good name '%s'", good[i]);
	}
	r = aether_disk_name_parse("vdb\n", 4, out, sizeof(out));
	check(r == 3 && !strcmp(out, "vdb"), "one trailing newline is dropped");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strcpy(out, "untouched");
		r = aether_disk_name_parse(bad[i], strlen(bad[i]), out, sizeof(out));
		check(r == -1 && !strcmp(out, "untouched"), "bad name '%s'", bad[i]);
	}
	check(aether_disk_name_parse("nul\0lb0", 7, out, sizeof(out)) == -1,
	      "embedded NUL");
	check(aether_disk_name_parse("nullb0", 6, buf, 6) == -1,
	      "output buffer too small");

	item = aether_name_list_next(list, strlen(list), &pos, &len);
	check(item && len == 6 && !strncmp(item, "nullb0", 6), "list item 1");
	item = aether_name_list_next(list, strlen(list), &pos, &len);
	check(item && len == 3 && !strncmp(item, "vdb", 3), "list item 2");
	item = aether_name_list_next(list, strlen(list), &pos, &len);
	check(item && len == 7 && !strncmp(item, "nvme0n1", 7), "list item 3");
	check(!aether_name_list_next(list, strlen(list), &pos, &len), "list end");
	pos = 0;
	check(!aether_name_list_next(", ,", 3, &pos, &len), "empty list");
}

static void test_devnum(void)
{
	static const char *const bad[] = {
		"", ":", "8", "8:", ":0", "8:0:1", "-8:0", "8:-1", "8 :0",
		"0x8:0", "4096:0", "8:1048576", "99999999999:0", "8:0\n\n",
		"sda", "nullb0:1", "8:4294967296",
	};
	u32 major = 7, minor = 7;
	size_t i;

	check(!aether_devnum_parse("8:16", 4, &major, &minor) && major == 8 &&
	      minor == 16, "8:16");
	check(!aether_devnum_parse("253:0\n", 6, &major, &minor) &&
	      major == 253 && minor == 0, "253:0 with a newline");
	check(!aether_devnum_parse("4095:1048575", 12, &major, &minor) &&
	      major == 4095 && minor == 1048575, "largest dev_t parts");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check(aether_devnum_parse(bad[i], strlen(bad[i]), &major, &minor) == -1,
		      "bad number '%s'", bad[i]);
}

int main(void)
{
	test_window();
	test_evring();
	test_devname();
	test_devnum();
	printf("RESULT module-logic passed=%d failed=%d\n", passed, failed);
	return failed != 0;
}
