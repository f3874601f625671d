// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vm-fuzz-ioctl [-n IOCTLS] [-t THREADS] [-s SECONDS] [-a DISK]... [-c NAME]
 *               [-S SEED] [-l LABEL]
 *
 * Random ioctls on /dev/aether from THREADS threads (default 4) until
 * IOCTLS (default 250000) have been issued in total or SECONDS (default
 * 300) have passed, while
 *   - an attach thread writes each DISK (-a, repeatable) to
 *     /sys/kernel/aether/attach and then detach, over and over;
 *   - a configfs thread (-c NAME) powers off, removes, re-creates and powers
 *     on the null_blk disk /sys/kernel/config/nullb/NAME (list it with -a
 *     too, so it is attached while it goes);
 *   - a reader thread read()s and poll()s /dev/aether (non-blocking).
 *
 * Commands: mostly the real ones and others of magic 0xE1 (random number,
 * direction and size), some real ones with the direction or size changed,
 * some entirely random.  Arguments: NULL, small integers, an unmapped
 * address, kernel addresses, misaligned and read-only buffers, and valid
 * buffers of random bytes placed so the structure ends at a guard page;
 * the structures' own fields (lengths, counts, the event pointer, the disk
 * name) are drawn from edge values too.  Fuzz threads also close and reopen
 * /dev/aether now and then.
 *
 * Built 64-bit and 32-bit (compat_ioctl).  Prints one line:
 *   RESULT fuzz-ioctl-LABEL passed=N failed=M ioctls=... ok=... einval=...
 * failing if fewer than IOCTLS were issued, if the module stops answering
 * AETHER_IOC_VERSION correctly afterwards, or if an errno outside the set a
 * well-behaved ioctl may return shows up.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../../include/uapi/linux/aether.h"

/* plain counters, atomic builtins (stdatomic's macros trip -Wshadow) */
#define LD(x) __atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define ST(x, v) __atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)
#define ADD(x, v) __atomic_fetch_add(&(x), (v), __ATOMIC_SEQ_CST)

#define MAX_THREADS 32
#define MAX_DISKS 8
#define ARENA_PAGES 32

static const unsigned int real_cmds[] = {
	AETHER_IOC_VERSION, AETHER_IOC_SET_PRESET, AETHER_IOC_SET_PARAMS,
	AETHER_IOC_GET_STATE, AETHER_IOC_DECIDE, AETHER_IOC_READ_EVENTS,
	AETHER_IOC_DEV_STATS, AETHER_IOC_DEV_STATS_EXT,
};
#define NR_REAL (sizeof(real_cmds) / sizeof(real_cmds[0]))

static long target = 250000;
static int nthreads = 4;
static int seconds = 300;
static const char *disks[MAX_DISKS];
static int ndisks;
static const char *cfs_name;
static unsigned long seed;
static const char *label = "64";

static long issued;
static int stop;
static double deadline;

/* results by errno: 0 = success */
enum { RES_OK, RES_EINVAL, RES_EFAULT, RES_ENOTTY, RES_ENODEV, RES_ENOENT, RES_EAGAIN,
	RES_EOTHER, NR_R };
static const char *const rname[NR_R] = {
	"ok", "einval", "efault", "enotty", "enodev", "enoent", "eagain", "other",
};
static long results[NR_R];
static long other_errnos[160];

static long attach_ok, attach_err, detach_ok, detach_err, cfs_cycles, cfs_err;
static long reads, polls, reopens;

static unsigned char *unmapped;	/* an address no mapping covers */
static unsigned char *readonly;	/* a read-only page */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* xorshift64*: one state per thread */
static uint64_t rnd(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static uint32_t rnd_below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(rnd(s) % n);
}

static void rnd_fill(uint64_t *s, void *p, size_t n)
{
	unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (unsigned char)rnd(s);
}

/* an "interesting" 32-bit number: edges, small, powers of two, random */
static uint32_t rnd_u32(uint64_t *s)
{
	static const uint32_t edge[] = {
		0, 1, 2, 7, 8, 63, 64, 65, 255, 256, 257, 4095, 4096, 65535, 65536,
		0x7fffffff, 0x80000000u, 0xfffffffeu, 0xffffffffu,
	};

	switch (rnd_below(s, 4)) {
	case 0:
		return edge[rnd_below(s, sizeof(edge) / sizeof(edge[0]))];
	case 1:
		return rnd_below(s, 300);
	case 2:
		return 1u << rnd_below(s, 32);
	default:
		return (uint32_t)rnd(s);
	}
}

static unsigned int rnd_cmd(uint64_t *s)
{
	unsigned int c = real_cmds[rnd_below(s, NR_REAL)];
	static const unsigned int dirs[] = { _IOC_NONE, _IOC_READ, _IOC_WRITE,
		_IOC_READ | _IOC_WRITE };
	unsigned int r = rnd_below(s, 100);

	if (r < 45)		/* a real command */
		return c;
	if (r < 60)		/* a real number with another direction */
		return _IOC(dirs[rnd_below(s, 4)], AETHER_IOC_MAGIC, _IOC_NR(c), _IOC_SIZE(c));
	if (r < 75)		/* a real number with another size */
		return _IOC(_IOC_DIR(c), AETHER_IOC_MAGIC, _IOC_NR(c),
			    rnd_below(s, 2) ? rnd_below(s, 1u << 14) :
			    _IOC_SIZE(c) + (int)rnd_below(s, 17) - 8);
	if (r < 93)		/* magic 0xE1, anything else */
		return _IOC(dirs[rnd_below(s, 4)], AETHER_IOC_MAGIC, rnd_below(s, 32),
			    rnd_below(s, 1u << 14));
	return (unsigned int)rnd(s);	/* anything */
}

struct arena {
	unsigned char *base;	/* ARENA_PAGES read-write pages, then a guard page */
	size_t size;
};

static void arena_init(struct arena *a)
{
	long pg = sysconf(_SC_PAGESIZE);

	a->size = (size_t)pg * ARENA_PAGES;
	a->base = mmap(NULL, a->size + pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (a->base == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	if (mprotect(a->base + a->size, pg, PROT_NONE)) {
		perror("mprotect");
		exit(1);
	}
}

/* a user pointer as the kernel will see it: address-sized */
static uintptr_t kernel_addr(uint64_t *s)
{
	static const uint64_t k[] = {
		0xffffffff81000000ULL, 0xffff888000000000ULL, 0xffffffffffffffffULL,
		0xffffc90000000000ULL, 0x00007ffffffff000ULL, 0x0000800000000000ULL,
		0xc0000000ULL, 0xfffff000ULL, 0xbffffff0ULL,
	};

	return (uintptr_t)k[rnd_below(s, sizeof(k) / sizeof(k[0]))];
}

/* fill one of the real structures with plausible-but-hostile fields */
static void shape(uint64_t *s, unsigned int nr, unsigned char *p, size_t room, struct arena *a)
{
	switch (nr) {
	case 0x01:
		if (room >= 4)
			*(uint32_t *)p = rnd_below(s, 2) ? rnd_below(s, 5) : rnd_u32(s);
		break;
	case 0x02:
		if (room >= sizeof(struct aether_ioc_params)) {
			struct aether_ioc_params *q = (void *)p;
			int i;

			q->epsilon = (int32_t)rnd_u32(s) >> rnd_below(s, 8);
			q->phi = (int32_t)rnd_u32(s);
			for (i = 0; i < 3; i++)
				q->lambda[i] = (int32_t)rnd_u32(s) >> rnd_below(s, 8);
			q->bias = (int32_t)rnd_u32(s);
			q->flags = rnd_below(s, 4) ? 0 : rnd_u32(s);
			q->reserved = rnd_below(s, 4) ? 0 : rnd_u32(s);
		}
		break;
	case 0x04:
		if (room >= sizeof(struct aether_decide)) {
			struct aether_decide *d = (void *)p;

			d->len = rnd_below(s, 3) ? 1 + rnd_below(s, AETHER_DECIDE_MAX) : rnd_u32(s);
			d->flags = rnd_below(s, 4) ? 0 : rnd_u32(s);
		}
		break;
	case 0x05:
		if (room >= sizeof(struct aether_event_batch)) {
			struct aether_event_batch *b = (void *)p;
			uintptr_t ev;

			b->max = rnd_below(s, 3) ? 1 + rnd_below(s, AETHER_EVENTS_MAX) : rnd_u32(s);
			switch (rnd_below(s, 6)) {
			case 0: ev = 0; break;
			case 1: ev = (uintptr_t)unmapped; break;
			case 2: ev = kernel_addr(s); break;
			case 3: ev = (uintptr_t)readonly; break;
			/* near the guard page: a large max runs into it */
			case 4: ev = (uintptr_t)(a->base + a->size - 48 * (1 + rnd_below(s, 8))); break;
			default: ev = (uintptr_t)(a->base + rnd_below(s, 64)); break;
			}
			b->events = (uint64_t)ev;
			if (rnd_below(s, 8) == 0)	/* upper half set: a 32-bit caller's garbage */
				b->events |= (uint64_t)rnd(s) << 32;
		}
		break;
	case 0x06:
	case 0x07:
		if (room >= sizeof(struct aether_dev_stats)) {
			struct aether_dev_stats *st = (void *)p;

			switch (rnd_below(s, 4)) {
			case 0:
				st->disk[0] = 0;
				st->index = rnd_below(s, 2) ? rnd_below(s, 70) : rnd_u32(s);
				break;
			case 1:
				if (ndisks) {
					snprintf(st->disk, sizeof(st->disk), "%s",
						 disks[rnd_below(s, ndisks)]);
					break;
				}
				/* fall through */
			case 2:
				memset(st->disk, 'a' + rnd_below(s, 26), sizeof(st->disk));
				break;	/* no NUL */
			default:
				break;	/* random bytes as they are */
			}
		}
		break;
	}
}

static int classify(int e)
{
	switch (e) {
	case 0: return RES_OK;
	case EINVAL: return RES_EINVAL;
	case EFAULT: return RES_EFAULT;
	case ENOTTY: return RES_ENOTTY;
	case ENODEV: return RES_ENODEV;
	case ENOENT: return RES_ENOENT;
	case EAGAIN: return RES_EAGAIN;
	default: return RES_EOTHER;
	}
}

static int open_dev(void)
{
	int fd = open("/dev/aether", O_RDWR | (rand() & 1 ? O_NONBLOCK : 0));

	if (fd < 0)
		fd = open("/dev/aether", O_RDONLY);
	return fd;
}

static void *fuzz_thread(void *arg)
{
	uint64_t s = seed ^ (0x9E3779B97F4A7C15ULL * (uintptr_t)arg) ^ 1;
	long local_res[NR_R] = { 0 };
	struct arena a;
	int fd, i;

	arena_init(&a);
	fd = open_dev();
	if (fd < 0) {
		perror("/dev/aether");
		ST(stop, 1);
		return NULL;
	}
	while (!LD(stop)) {
		long n = ADD(issued, 1);
		unsigned int cmd;
		uintptr_t p;
		size_t sz;
		int r, e;

		if (n >= target) {
			ADD(issued, -1);
			break;
		}
		if ((n & 1023) == 0 && now() > deadline) {
			ST(stop, 1);
			break;
		}
		if (rnd_below(&s, 20000) == 0) {	/* close and reopen now and then */
			close(fd);
			fd = open_dev();
			ADD(reopens, 1);
			if (fd < 0) {
				perror("/dev/aether reopen");
				ST(stop, 1);
				break;
			}
		}
		cmd = rnd_cmd(&s);
		sz = _IOC_SIZE(cmd);
		switch (rnd_below(&s, 16)) {
		case 0: p = 0; break;
		case 1: p = rnd_below(&s, 4096); break;
		case 2: p = (uintptr_t)unmapped + rnd_below(&s, 4096); break;
		case 3: p = kernel_addr(&s); break;
		case 4: p = (uintptr_t)readonly + rnd_below(&s, 64); break;
		case 5:	/* misaligned, inside the arena */
			p = (uintptr_t)a.base + 1 + rnd_below(&s, 7) + 8 * rnd_below(&s, 64);
			break;
		case 6:	/* straddling the guard page */
			p = (uintptr_t)a.base + a.size - (sz ? 1 + rnd_below(&s, sz) : 1);
			break;
		case 7:
			p = (uintptr_t)rnd(&s);
			break;
		default:	/* a valid buffer of random bytes ending at the guard page */
			if (sz > a.size)
				sz = a.size;
			p = (uintptr_t)a.base + a.size - sz;
			if (rnd_below(&s, 2) && sz >= 8)
				p &= ~(uintptr_t)7;
			rnd_fill(&s, (void *)p, a.base + a.size - (unsigned char *)p);
			if (_IOC_TYPE(cmd) == AETHER_IOC_MAGIC)
				shape(&s, _IOC_NR(cmd), (unsigned char *)p,
				      a.base + a.size - (unsigned char *)p, &a);
			break;
		}
		r = ioctl(fd, cmd, (void *)p);
		e = r < 0 ? errno : 0;
		i = classify(e);
		local_res[i]++;
		if (i == RES_EOTHER)
			ADD(other_errnos[e < 160 ? e : 159], 1);
	}
	for (i = 0; i < NR_R; i++)
		ADD(results[i], local_res[i]);
	close(fd);
	munmap(a.base, a.size + sysconf(_SC_PAGESIZE));
	return NULL;
}

static int sysfs_write(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	ssize_t w;

	if (fd < 0)
		return -errno;
	w = write(fd, val, strlen(val));
	w = w < 0 ? -errno : 0;
	close(fd);
	return (int)w;
}

static void *attach_thread(void *arg)
{
	uint64_t s = seed ^ 0xA77AC4;
	(void)arg;

	while (!LD(stop)) {
		const char *d = disks[rnd_below(&s, ndisks)];

		if (sysfs_write("/sys/kernel/aether/attach", d) == 0)
			ADD(attach_ok, 1);
		else
			ADD(attach_err, 1);
		usleep(rnd_below(&s, 2000));
		if (sysfs_write("/sys/kernel/aether/detach", disks[rnd_below(&s, ndisks)]) == 0)
			ADD(detach_ok, 1);
		else
			ADD(detach_err, 1);
		usleep(rnd_below(&s, 2000));
	}
	return NULL;
}

static void *configfs_thread(void *arg)
{
	char dir[256], f[300];
	uint64_t s = seed ^ 0xC0F16F5;
	(void)arg;

	snprintf(dir, sizeof(dir), "/sys/kernel/config/nullb/%s", cfs_name);
	while (!LD(stop)) {
		int bad = 0;

		usleep(20000 + rnd_below(&s, 80000));
		snprintf(f, sizeof(f), "%s/power", dir);
		if (access(dir, F_OK) == 0) {
			bad |= sysfs_write(f, "0") != 0;
			bad |= rmdir(dir) != 0;
		}
		usleep(rnd_below(&s, 20000));
		if (mkdir(dir, 0755) != 0) {
			bad = 1;
		} else {
			snprintf(f, sizeof(f), "%s/size", dir);
			bad |= sysfs_write(f, "1024") != 0;
			snprintf(f, sizeof(f), "%s/power", dir);
			bad |= sysfs_write(f, "1") != 0;
		}
		ADD(cfs_cycles, 1);
		if (bad)
			ADD(cfs_err, 1);
	}
	return NULL;
}

static void *reader_thread(void *arg)
{
	struct aether_event ev[64];
	int fd = open("/dev/aether", O_RDONLY | O_NONBLOCK);
	(void)arg;

	if (fd < 0)
		return NULL;
	while (!LD(stop)) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		if (poll(&pfd, 1, 5) >= 0)
			ADD(polls, 1);
		(void)!read(fd, ev, sizeof(ev) - (rand() % 2) * 7);
		ADD(reads, 1);
	}
	close(fd);
	return NULL;
}

static int sanity(void)
{
	struct aether_version v;
	int fd = open("/dev/aether", O_RDONLY);
	int ok;

	if (fd < 0)
		return 0;
	memset(&v, 0, sizeof(v));
	ok = ioctl(fd, AETHER_IOC_VERSION, &v) == 0 && v.abi == AETHER_ABI_VERSION;
	close(fd);
	return ok;
}

int main(int argc, char **argv)
{
	pthread_t th[MAX_THREADS], at, ct, rt;
	long pg = sysconf(_SC_PAGESIZE);
	long total = 0, other = 0;
	int c, i, passed, sane;
	double t0;

	seed = (unsigned long)time(NULL) ^ (unsigned long)getpid();
	while ((c = getopt(argc, argv, "n:t:s:a:c:S:l:")) != -1) {
		switch (c) {
		case 'n': target = atol(optarg); break;
		case 't': nthreads = atoi(optarg); break;
		case 's': seconds = atoi(optarg); break;
		case 'a':
			if (ndisks < MAX_DISKS)
				disks[ndisks++] = optarg;
			break;
		case 'c': cfs_name = optarg; break;
		case 'S': seed = strtoul(optarg, NULL, 0); break;
		case 'l': label = optarg; break;
		default:
			fprintf(stderr, "usage: vm-fuzz-ioctl [-n IOCTLS] [-t THREADS] [-s SECONDS]"
				" [-a DISK]... [-c NULLB-NAME] [-S SEED] [-l LABEL]\n");
			return 2;
		}
	}
	if (nthreads < 1 || nthreads > MAX_THREADS)
		nthreads = 4;
	srand((unsigned int)seed);
	printf("fuzz-ioctl-%s: seed %#lx, %ld ioctls, %d threads, %d s at most, %zu-bit\n",
	       label, seed, target, nthreads, seconds, sizeof(void *) * 8);
	fflush(stdout);

	unmapped = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	readonly = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (unmapped == MAP_FAILED || readonly == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	munmap(unmapped, pg);

	t0 = now();
	deadline = t0 + seconds;
	for (i = 0; i < nthreads; i++)
		pthread_create(&th[i], NULL, fuzz_thread, (void *)(uintptr_t)(i + 1));
	if (ndisks)
		pthread_create(&at, NULL, attach_thread, NULL);
	if (cfs_name)
		pthread_create(&ct, NULL, configfs_thread, NULL);
	pthread_create(&rt, NULL, reader_thread, NULL);
	for (i = 0; i < nthreads; i++)
		pthread_join(th[i], NULL);
	ST(stop, 1);
	if (ndisks)
		pthread_join(at, NULL);
	if (cfs_name)
		pthread_join(ct, NULL);
	pthread_join(rt, NULL);

	for (i = 0; i < NR_R; i++)
		total += LD(results[i]);
	other = LD(results[RES_EOTHER]);
	sane = sanity();
	printf("fuzz-ioctl-%s: %ld ioctls in %.1f s", label, total, now() - t0);
	for (i = 0; i < NR_R; i++)
		printf(" %s=%ld", rname[i], LD(results[i]));
	printf("\nfuzz-ioctl-%s: attach ok=%ld err=%ld detach ok=%ld err=%ld configfs cycles=%ld"
	       " err=%ld reads=%ld polls=%ld reopens=%ld version-after=%s\n", label,
	       LD(attach_ok), LD(attach_err), LD(detach_ok),
	       LD(detach_err), LD(cfs_cycles), LD(cfs_err),
	       LD(reads), LD(polls), LD(reopens),
	       sane ? "ok" : "FAILED");
	for (i = 0; i < 160; i++)
		if (LD(other_errnos[i]))
			printf("fuzz-ioctl-%s: unexpected errno %d (%s): %ld\n", label, i,
			       strerror(i), LD(other_errnos[i]));
	passed = total >= target && other == 0 && sane;
	printf("RESULT fuzz-ioctl-%s passed=%d failed=%d ioctls=%ld\n", label, passed, !passed,
	       total);
	return passed ? 0 : 1;
}
