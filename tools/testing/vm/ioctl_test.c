// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vm-ioctl-test [--name NAME] [DISK]: /dev/aether fed good, malformed,
 * out-of-range and hostile input.  Each check expects the documented result
 * (-EFAULT for bad pointers, -ENOTTY for unknown commands, -EINVAL for bad
 * sizes and values) and that a failed call changed nothing.  With DISK (an
 * attached disk, /dev/DISK readable) it also checks the event stream through
 * read(), poll() and AETHER_IOC_READ_EVENTS against reads it issues itself.
 *
 * Only the uapi header: it builds as a 32-bit program too, which runs every
 * check through compat_ioctl.  Prints "DIGEST <hex>" of a fixed DECIDE run
 * (equal across word sizes) and "RESULT NAME passed=N failed=M".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../../include/uapi/linux/aether.h"

static int passed, failed;

static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("%s ", ok ? "ok  " : "FAIL");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	if (ok)
		passed++;
	else
		failed++;
}

/* ioctl expected to fail with err */
static void expect_err(int fd, unsigned long cmd, void *arg, int err, const char *what)
{
	int r = ioctl(fd, cmd, arg);

	check(r == -1 && errno == err, "%s: want %s, got %d (%s)", what,
	      strerror(err), r, r ? strerror(errno) : "success");
}

static __s32 q27(double v)
{
	return (__s32)lround(v * (1 << AETHER_Q_SHIFT));
}

static void get_state(int fd, struct aether_ioc_state *st)
{
	memset(st, 0, sizeof(*st));
	if (ioctl(fd, AETHER_IOC_GET_STATE, st))
		check(0, "GET_STATE: %s", strerror(errno));
}

static void expect_unchanged(int fd, const struct aether_ioc_state *before,
			     const char *what)
{
	struct aether_ioc_state now;

	get_state(fd, &now);
	check(!memcmp(before, &now, sizeof(now)), "%s: state unchanged", what);
}

/* never mapped; a variable so the compiler cannot see through it */
static volatile uintptr_t bad_addr = 8;

static void *bad_ptr(void)
{
	return (void *)bad_addr;
}

static void test_version(int fd)
{
	struct aether_version v;

	memset(&v, 0xff, sizeof(v));
	check(!ioctl(fd, AETHER_IOC_VERSION, &v) && v.abi == AETHER_ABI_VERSION,
	      "VERSION: abi %u (want %d), module %u.%u.%u", v.abi,
	      AETHER_ABI_VERSION, v.major, v.minor, v.patch);
	expect_err(fd, AETHER_IOC_VERSION, NULL, EFAULT, "VERSION NULL");
	expect_err(fd, AETHER_IOC_VERSION, bad_ptr(), EFAULT, "VERSION bad pointer");
}

static void test_unknown(int fd)
{
	char buf[4096] = { 0 };

	expect_err(fd, _IO(AETHER_IOC_MAGIC, 0x7f), buf, ENOTTY, "unknown nr");
	expect_err(fd, _IOWR(AETHER_IOC_MAGIC, 0x04, char[16]), buf, ENOTTY,
		   "DECIDE with a wrong size");
	expect_err(fd, _IOR(AETHER_IOC_MAGIC, 0x00, __u64), buf, ENOTTY,
		   "VERSION with a wrong size");
	expect_err(fd, _IOW(AETHER_IOC_MAGIC, 0x01, __u64), buf, ENOTTY,
		   "SET_PRESET with a wrong size");
	expect_err(fd, _IOR('x', 0x00, struct aether_version), buf, ENOTTY,
		   "foreign magic");
	expect_err(fd, 0, buf, ENOTTY, "command 0");
}

static void test_params(int fd)
{
	struct aether_ioc_state st, before;
	struct aether_ioc_params p, good;
	__u32 id;

	get_state(fd, &st);
	check(st.params.epsilon == q27(0.5) && abs(st.params.phi - q27(0.1)) <= 1 &&
	      abs(st.params.lambda[0] - q27(0.1)) <= 1 &&
	      abs(st.params.lambda[1] - q27(0.2)) <= 1 &&
	      abs(st.params.lambda[2] - q27(0.3)) <= 1 &&
	      abs(st.params.bias - q27(0.05)) <= 1 &&
	      st.cycles == 0 && st.epsilon == q27(0.5),
	      "a new file starts with the default preset");

	id = AETHER_PRESET_ID_HFT;
	check(!ioctl(fd, AETHER_IOC_SET_PRESET, &id), "SET_PRESET hft");
	get_state(fd, &before);
	/* the presets are exact to 1 in 2^27 */
	check(abs(before.params.epsilon - q27(0.65)) <= 1 &&
	      abs(before.params.bias - q27(-0.02)) <= 1,
	      "SET_PRESET hft: epsilon 0.65, bias -0.02");
	id = 3;
	expect_err(fd, AETHER_IOC_SET_PRESET, &id, EINVAL, "SET_PRESET 3");
	expect_unchanged(fd, &before, "SET_PRESET 3");
	id = 0xffffffffu;
	expect_err(fd, AETHER_IOC_SET_PRESET, &id, EINVAL, "SET_PRESET ~0");
	expect_unchanged(fd, &before, "SET_PRESET ~0");
	expect_err(fd, AETHER_IOC_SET_PRESET, NULL, EFAULT, "SET_PRESET NULL");
	expect_unchanged(fd, &before, "SET_PRESET NULL");

	memset(&good, 0, sizeof(good));
	good.epsilon = q27(0.4);
	good.phi = q27(-1.5);
	good.lambda[0] = q27(0.15);
	good.lambda[1] = q27(-0.25);
	good.lambda[2] = q27(3.9);
	good.bias = q27(7.5);

	struct { const char *what; size_t off; __s32 v; } bad[] = {
		{ "epsilon 1.5", offsetof(struct aether_ioc_params, epsilon), q27(1.5) },
		{ "epsilon -0.1", offsetof(struct aether_ioc_params, epsilon), q27(-0.1) },
		{ "phi 8.5", offsetof(struct aether_ioc_params, phi), q27(8.5) },
		{ "phi -9", offsetof(struct aether_ioc_params, phi), q27(-9) },
		{ "lambda1 4.5", offsetof(struct aether_ioc_params, lambda[0]), q27(4.5) },
		{ "lambda2 -5", offsetof(struct aether_ioc_params, lambda[1]), q27(-5) },
		{ "lambda3 INT_MIN", offsetof(struct aether_ioc_params, lambda[2]), INT32_MIN },
		{ "bias 8.25", offsetof(struct aether_ioc_params, bias), q27(8.25) },
		{ "bias INT_MAX", offsetof(struct aether_ioc_params, bias), INT32_MAX },
		{ "flags 1", offsetof(struct aether_ioc_params, flags), 1 },
		{ "reserved 1", offsetof(struct aether_ioc_params, reserved), 1 },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char what[64];

		p = good;
		memcpy((char *)&p + bad[i].off, &bad[i].v, sizeof(__s32));
		snprintf(what, sizeof(what), "SET_PARAMS %s", bad[i].what);
		expect_err(fd, AETHER_IOC_SET_PARAMS, &p, EINVAL, what);
		expect_unchanged(fd, &before, what);
	}
	expect_err(fd, AETHER_IOC_SET_PARAMS, NULL, EFAULT, "SET_PARAMS NULL");
	expect_unchanged(fd, &before, "SET_PARAMS NULL");
	expect_err(fd, AETHER_IOC_GET_STATE, bad_ptr(), EFAULT, "GET_STATE bad pointer");

	check(!ioctl(fd, AETHER_IOC_SET_PARAMS, &good), "SET_PARAMS in range");
	get_state(fd, &st);
	check(!memcmp(&st.params, &good, sizeof(good)) && st.phi == good.phi &&
	      st.epsilon == good.epsilon && st.cycles == 0,
	      "SET_PARAMS: parameters and state as set");
}

/* FNV-1a over the outputs of a fixed run: equal for 32- and 64-bit callers */
static __u64 fnv(__u64 h, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--)
		h = (h ^ *c++) * 0x100000001b3ULL;
	return h;
}

static void test_decide(int fd)
{
	struct aether_ioc_state before, st;
	struct aether_decide d, *ro;
	__u64 h = 0xcbf29ce484222325ULL, lba = 1000;
	__u32 id = AETHER_PRESET_ID_DEFAULT;
	int i, j, ok = 1;

	check(!ioctl(fd, AETHER_IOC_SET_PRESET, &id), "SET_PRESET default");
	memset(&d, 0, sizeof(d));
	d.len = 1;
	d.lba[0] = 5;
	check(!ioctl(fd, AETHER_IOC_DECIDE, &d) && d.cycle == 1 &&
	      d.decision <= 1 && !d.reserved && !d.features[0] && !d.features[5],
	      "DECIDE on one LBA: cycle 1, all-zero features");
	get_state(fd, &before);

	struct { const char *what; __u32 len, flags; } bad[] = {
		{ "len 0", 0, 0 }, { "len 65", 65, 0 }, { "len ~0", 0xffffffffu, 0 },
		{ "flags 1", 4, 1 }, { "flags ~0", 4, 0xffffffffu },
	};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		char what[64];

		memset(&d, 0, sizeof(d));
		d.len = bad[k].len;
		d.flags = bad[k].flags;
		snprintf(what, sizeof(what), "DECIDE %s", bad[k].what);
		expect_err(fd, AETHER_IOC_DECIDE, &d, EINVAL, what);
		expect_unchanged(fd, &before, what);
	}
	expect_err(fd, AETHER_IOC_DECIDE, NULL, EFAULT, "DECIDE NULL");
	expect_unchanged(fd, &before, "DECIDE NULL");

	/* readable but not writable: the cycle runs, the result cannot land */
	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ro != MAP_FAILED) {
		ro->len = 4;
		for (i = 0; i < 4; i++)
			ro->lba[i] = 100 + 8 * i;
		mprotect(ro, 4096, PROT_READ);
		expect_err(fd, AETHER_IOC_DECIDE, ro, EFAULT, "DECIDE into a read-only page");
		expect_unchanged(fd, &before, "DECIDE into a read-only page");
		munmap(ro, 4096);
	}
	/* a window straddling the end of the mapping */
	ro = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ro != MAP_FAILED) {
		munmap((char *)ro + 4096, 4096);
		struct aether_decide *edge = (void *)((char *)ro + 4096 - 64);

		edge->len = 2;
		expect_err(fd, AETHER_IOC_DECIDE, edge, EFAULT, "DECIDE across an unmapped page");
		expect_unchanged(fd, &before, "DECIDE across an unmapped page");
		munmap(ro, 4096);
	}

	/* a fixed strided-then-random run, windows growing to 16 */
	for (i = 0; i < 200; i++) {
		int len = i + 1 < 16 ? i + 1 : 16;

		memset(&d, 0, sizeof(d));
		d.len = len;
		for (j = 0; j < len; j++)
			d.lba[j] = lba + 128ULL * j;
		lba = i < 100 ? lba + 128 : lba * 6364136223846793005ULL + 1442695040888963407ULL;
		if (ioctl(fd, AETHER_IOC_DECIDE, &d)) {
			ok = 0;
			break;
		}
		h = fnv(h, &d.cycle, sizeof(d) - offsetof(struct aether_decide, cycle));
	}
	get_state(fd, &st);
	check(ok && st.cycles == before.cycles + 200, "DECIDE x200: cycles %llu",
	      (unsigned long long)st.cycles);
	printf("DIGEST %016llx\n", (unsigned long long)h);

	/* a second file is independent and starts from the default preset */
	int fd2 = open("/dev/aether", O_RDONLY);
	struct aether_ioc_state st2;

	get_state(fd2, &st2);
	check(fd2 >= 0 && st2.cycles == 0 && st2.params.epsilon == q27(0.5),
	      "a second open file has its own fresh instance");
	close(fd2);
}

/*
 * DEV_STATS_EXT: the base as DEV_STATS fills it, then the counters by
 * target, which add up to the base's; the old ioctl writes no byte past
 * its own struct.
 */

/* A per-disk sysfs knob as a number, or ~0 if it cannot be read. */
static unsigned int knob_u32(const char *disk, const char *knob)
{
	char path[256];
	unsigned int v = ~0U;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/aether/devices/%s/%s", disk, knob);
	f = fopen(path, "r");
	if (!f)
		return v;
	if (fscanf(f, "%u", &v) != 1)
		v = ~0U;
	fclose(f);
	return v;
}
static void test_dev_stats_ext(int fd, const char *disk,
			       const struct aether_dev_stats *base)
{
	struct aether_dev_stats_ext x;
	struct {
		struct aether_dev_stats s;
		unsigned char guard[64];
	} g;
	unsigned int i, clean = 1;

	memset(&x, 0xa5, sizeof(x));
	memset(&x.base, 0, sizeof(x.base));
	strcpy(x.base.disk, disk);
	check(!ioctl(fd, AETHER_IOC_DEV_STATS_EXT, &x) &&
	      !strcmp(x.base.disk, disk) && x.base.window == base->window &&
	      x.base.policy == base->policy && x.base.reads >= base->reads,
	      "DEV_STATS_EXT %s: the same base as DEV_STATS", disk);
	check(x.disk.pages + x.file.pages == x.base.pf_pages &&
	      x.disk.used + x.file.used == x.base.pf_used &&
	      x.disk.wasted + x.file.wasted == x.base.pf_wasted &&
	      x.disk.requests + x.file.requests == x.base.pf_requests &&
	      x.disk.depth == x.base.depth,
	      "DEV_STATS_EXT: disk + file = the totals (pages %llu + %llu)",
	      (unsigned long long)x.disk.pages, (unsigned long long)x.file.pages);
	check(x.history.pages <= x.base.pf_pages &&
	      x.history.used <= x.base.pf_used &&
	      x.history.wasted <= x.base.pf_wasted &&
	      x.history.requests <= x.base.pf_requests &&
	      x.history.depth == knob_u32(disk, "history_entries"),
	      "DEV_STATS_EXT: history is a share of the totals, depth = history_entries (%u)",
	      x.history.depth);
	for (i = 0; i < sizeof(x.reserved) / sizeof(x.reserved[0]); i++)
		clean &= x.reserved[i] == 0;
	check(clean && !x.disk.reserved && !x.file.reserved && !x.history.reserved,
	      "DEV_STATS_EXT: reserved fields are zero");
	memset(&g, 0x5a, sizeof(g));
	memset(&g.s, 0, sizeof(g.s));
	strcpy(g.s.disk, disk);
	clean = !ioctl(fd, AETHER_IOC_DEV_STATS, &g.s);
	for (i = 0; i < sizeof(g.guard); i++)
		clean &= g.guard[i] == 0x5a;
	check(clean, "DEV_STATS writes nothing past struct aether_dev_stats");
	expect_err(fd, AETHER_IOC_DEV_STATS_EXT, NULL, EFAULT, "DEV_STATS_EXT NULL");
}

static void test_dev_stats(int fd, const char *disk)
{
	struct aether_dev_stats s;

	memset(&s, 'a', sizeof(s.disk));
	s.index = 0;
	expect_err(fd, AETHER_IOC_DEV_STATS, &s, EINVAL, "DEV_STATS unterminated name");
	memset(&s, 0, sizeof(s));
	strcpy(s.disk, "../nullb0");
	expect_err(fd, AETHER_IOC_DEV_STATS, &s, EINVAL, "DEV_STATS '../nullb0'");
	strcpy(s.disk, "nullb0\n");
	expect_err(fd, AETHER_IOC_DEV_STATS, &s, EINVAL, "DEV_STATS 'nullb0\\n'");
	strcpy(s.disk, "nosuchdisk7");
	expect_err(fd, AETHER_IOC_DEV_STATS, &s, ENODEV, "DEV_STATS unknown disk");
	memset(&s, 0, sizeof(s));
	s.index = 1000;
	expect_err(fd, AETHER_IOC_DEV_STATS, &s, ENODEV, "DEV_STATS index 1000");
	expect_err(fd, AETHER_IOC_DEV_STATS, NULL, EFAULT, "DEV_STATS NULL");
	if (disk) {
		memset(&s, 0, sizeof(s));
		strcpy(s.disk, disk);
		check(!ioctl(fd, AETHER_IOC_DEV_STATS, &s) && !strcmp(s.disk, disk) &&
		      s.window >= 2 && s.decisions == s.reads,
		      "DEV_STATS %s: window %u, reads %llu = decisions", disk,
		      s.window, (unsigned long long)s.reads);
		expect_err(fd, AETHER_IOC_DEV_STATS, bad_ptr(), EFAULT,
			   "DEV_STATS bad pointer");
		test_dev_stats_ext(fd, disk, &s);
	}
}

/* Drain the stream; returns events drained. */
static unsigned int drain(int fd)
{
	struct aether_event ev[AETHER_EVENTS_MAX];
	struct aether_event_batch b;
	unsigned int n = 0;

	do {
		memset(&b, 0, sizeof(b));
		b.events = (uintptr_t)ev;
		b.max = AETHER_EVENTS_MAX;
		if (ioctl(fd, AETHER_IOC_READ_EVENTS, &b))
			return n;
		n += b.count;
	} while (b.count);
	return n;
}

static int disk_read(int dfd, unsigned long long sector)
{
	static void *buf;

	if (!buf && posix_memalign(&buf, 4096, 4096))
		return -1;
	return pread(dfd, buf, 4096, (off_t)(sector * 512)) == 4096 ? 0 : -1;
}

/*
 * A reader a whole ring behind loses its oldest events, is told how many,
 * and goes on from the oldest still there; an up-to-date reader loses none.
 */
static void test_events_behind(int fd, int dfd)
{
	struct aether_event ev[AETHER_EVENTS_MAX];
	struct aether_event_batch b;
	unsigned int i, n, size = 0;
	FILE *f = fopen("/sys/kernel/aether/ring_size", "r");
	int lfd;

	if (!f || fscanf(f, "%u", &size) != 1)
		size = 0;
	if (f)
		fclose(f);
	check(size >= 64, "ring_size readable (%u)", size);
	if (size < 64)
		return;
	drain(fd);
	lfd = open("/dev/aether", O_RDONLY);
	n = size + 100;
	for (i = 0; i < n; i++) {
		disk_read(dfd, 20000 + 8ULL * i);
		if (i % 128 == 127)
			drain(fd);	/* fd keeps up */
	}
	memset(&b, 0, sizeof(b));
	b.events = (uintptr_t)ev;
	b.max = AETHER_EVENTS_MAX;
	check(!ioctl(lfd, AETHER_IOC_READ_EVENTS, &b) && b.count == AETHER_EVENTS_MAX &&
	      b.dropped == 100 && ev[0].sector == 20000 + 8ULL * 100,
	      "a reader %u events behind lost the oldest 100, told so (dropped %llu, first %llu)",
	      n, (unsigned long long)b.dropped, (unsigned long long)ev[0].sector);
	drain(fd);
	memset(&b, 0, sizeof(b));
	b.events = (uintptr_t)ev;
	b.max = 1;
	check(!ioctl(fd, AETHER_IOC_READ_EVENTS, &b) && b.dropped == 0,
	      "the reader that kept up lost nothing (dropped %llu)",
	      (unsigned long long)b.dropped);
	close(lfd);
}

static void test_events(int fd, const char *disk)
{
	struct aether_event ev[AETHER_EVENTS_MAX + 1];
	struct aether_event_batch b;
	struct aether_dev_stats s0, s1;
	char path[64];
	int dfd, i, ok, nfd;
	ssize_t r;

	memset(&b, 0, sizeof(b));
	b.events = (uintptr_t)ev;
	b.max = 0;
	expect_err(fd, AETHER_IOC_READ_EVENTS, &b, EINVAL, "READ_EVENTS max 0");
	b.max = AETHER_EVENTS_MAX + 1;
	expect_err(fd, AETHER_IOC_READ_EVENTS, &b, EINVAL, "READ_EVENTS max 257");
	expect_err(fd, AETHER_IOC_READ_EVENTS, NULL, EFAULT, "READ_EVENTS NULL");
	check(read(fd, ev, sizeof(ev[0]) - 1) == -1 && errno == EINVAL,
	      "read() of less than one event: EINVAL");
	if (!disk)
		return;

	snprintf(path, sizeof(path), "/dev/%s", disk);
	dfd = open(path, O_RDONLY | O_DIRECT);
	check(dfd >= 0, "open %s", path);
	if (dfd < 0)
		return;
	drain(fd);
	memset(&s0, 0, sizeof(s0));
	strcpy(s0.disk, disk);
	ioctl(fd, AETHER_IOC_DEV_STATS, &s0);

	/* nothing queued: poll() says so, a non-blocking read() says EAGAIN */
	struct pollfd p = { .fd = fd, .events = POLLIN };

	check(poll(&p, 1, 0) == 0, "poll() with nothing queued: not readable");
	nfd = open("/dev/aether", O_RDONLY | O_NONBLOCK);
	check(read(nfd, ev, sizeof(ev)) == -1 && errno == EAGAIN,
	      "non-blocking read() with nothing queued: EAGAIN");

	for (i = 0; i < 10; i++)
		disk_read(dfd, 4096 + 128 * i);
	check(poll(&p, 1, 1000) == 1 && (p.revents & POLLIN), "poll() after reads: POLLIN");

	/* bad destinations consume nothing */
	memset(&b, 0, sizeof(b));
	b.events = (uintptr_t)bad_ptr();
	b.max = 10;
	expect_err(fd, AETHER_IOC_READ_EVENTS, &b, EFAULT, "READ_EVENTS into a bad pointer");
	check(read(fd, bad_ptr(), 10 * sizeof(ev[0])) == -1 && errno == EFAULT,
	      "read() into a bad pointer: EFAULT");

	memset(ev, 0, sizeof(ev));
	memset(&b, 0, sizeof(b));
	b.events = (uintptr_t)ev;
	b.max = AETHER_EVENTS_MAX;
	ok = !ioctl(fd, AETHER_IOC_READ_EVENTS, &b) && b.count == 10;
	for (i = 0; ok && i < 10; i++)
		ok = ev[i].sector == 4096 + 128ULL * i && ev[i].sectors == 8 &&
		     ev[i].major == s0.major && ev[i].minor == s0.minor &&
		     ev[i].decision <= 1 && (!i || ev[i].seq == ev[i - 1].seq + 1) &&
		     (!i || ev[i].time_ns >= ev[i - 1].time_ns);
	check(ok, "READ_EVENTS: the 10 reads, in order, after the failed reads (got %u)",
	      b.count);

	for (i = 0; i < 5; i++)
		disk_read(dfd, 9000 + 8 * i);
	r = read(fd, ev, 2 * sizeof(ev[0]) + 7);
	check(r == 2 * (ssize_t)sizeof(ev[0]) && ev[0].sector == 9000 && ev[1].sector == 9008,
	      "read() into room for 2.x events returns 2 whole events");
	r = read(nfd, ev, sizeof(ev));
	check(r == 15 * (ssize_t)sizeof(ev[0]) && ev[0].sector == 4096 &&
	      ev[10].sector == 9000 && ev[14].sector == 9032,
	      "a second reader has its own position: all 15 events (got %zd bytes)", r);

	memset(&s1, 0, sizeof(s1));
	strcpy(s1.disk, disk);
	check(!ioctl(fd, AETHER_IOC_DEV_STATS, &s1) && s1.reads == s0.reads + 15 &&
	      s1.sectors == s0.sectors + 15 * 8 && s1.decisions == s0.decisions + 15,
	      "DEV_STATS counted exactly the 15 reads (%llu -> %llu)",
	      (unsigned long long)s0.reads, (unsigned long long)s1.reads);
	test_events_behind(fd, dfd);
	close(nfd);
	close(dfd);
}

int main(int argc, char **argv)
{
	const char *name = "ioctl", *disk = NULL;
	int fd, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--name") && i + 1 < argc)
			name = argv[++i];
		else
			disk = argv[i];
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	fd = open("/dev/aether", O_RDONLY);
	if (fd < 0) {
		perror("/dev/aether");
		printf("RESULT %s passed=0 failed=1\n", name);
		return 1;
	}
	test_version(fd);
	test_unknown(fd);
	test_params(fd);
	test_decide(fd);
	test_dev_stats(fd, disk);
	test_events(fd, disk);
	close(fd);
	printf("RESULT %s passed=%d failed=%d\n", name, passed, failed);
	return failed != 0;
}
