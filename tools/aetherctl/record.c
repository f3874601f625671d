// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * aetherctl record: the reads of attached disks, from /dev/aether's event
 * stream, saved as blkparse's default text (Q R events) so that
 * `aether-sim replay --format blkparse` and `aether-sim heatmap` read it
 * back, and blkparse-reading tools too.  One line per read:
 *
 *   MAJ,MIN CPU SEQ SECONDS.NANOSECONDS PID Q R SECTOR + SECTORS [fetch|defer]
 *
 * CPU and PID are 0 (the event stream carries neither), SEQ is the event's
 * sequence number, the time counts from the first recorded read, and the
 * command field holds the POVM gate's decision.  The stream never carries
 * aether's own prefetch reads; which pages aether prefetched, and whether
 * they were used, aether-sim derives by replaying the reads through the
 * same policy.  The kernel's own prefetch counters over the recording (and
 * the events lost) end the file as '#' comments, which every reader skips.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "aetherctl.h"
#include "../../include/uapi/linux/aether.h"

#define MAX_DISKS	16
#define MAX_EXTENTS	4096

struct rec_disk {
	char name[AETHER_DISK_NAME_LEN];
	__u32 major, minor;
	struct aether_dev_stats start;
	bool have_stats;
	unsigned long long reads;
};

/* A file's extents, in whole-disk sectors: [start, end) */
struct rec_extent {
	unsigned long long start, end;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: %s record [-o FILE] [-d SECONDS] [-c N] [--file PATH] [DISK...]\n\n"
		"Saves the reads of attached disks (all of them, or the DISKs named) to\n"
		"FILE as blkparse text, until SECONDS have passed, N reads are saved,\n"
		"or SIGINT/SIGTERM.  aether-sim reads it back:\n"
		"  aether-sim replay --format blkparse --trace FILE\n"
		"  aether-sim heatmap --format blkparse --trace FILE -o FILE.png\n"
		"One line per read, oldest first:\n"
		"  MAJ,MIN 0 SEQ SECONDS.NANOSECONDS 0 Q R SECTOR + SECTORS [fetch|defer]\n"
		"(time from the first read; fetch/defer: the POVM gate's decision).  The\n"
		"file ends with '#' comments: events lost, and each disk's prefetch\n"
		"counters over the recording (pages prefetched, used, wasted).\n\n"
		"  -o, --output FILE    write there (default: standard output)\n"
		"  -d, --duration SEC   stop after SEC seconds (1..%d)\n"
		"  -c, --count N        stop after N reads\n"
		"  -f, --file PATH      only reads of that file's blocks (its extents on\n"
		"                       its disk, found with FIEMAP when recording starts)\n"
		"  --backlog            also save the reads queued before recording began\n"
		"                       (events mode \"on\"); by default they are skipped\n\n"
		"aether-sim replays one device per file: record one disk for it.\n"
		"Needs root.  See Documentation/admin-guide.rst, Recording.\n",
		PROG, 86400 * 366);
}

/* $AETHER_DEV stands in for /dev/aether in tests: a file of struct aether_event */
static int open_events(const char **path)
{
	const char *p = getenv("AETHER_DEV");
	int fd;

	*path = p && *p ? p : DEV_PATH;
	fd = open(*path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd >= 0)
		return fd;
	if (errno == ENOENT && !strcmp(*path, DEV_PATH) && !module_loaded())
		not_loaded();
	else if (errno == EACCES)
		fprintf(stderr, "%s: %s: permission denied (run as root)\n", PROG, *path);
	else
		fprintf(stderr, "%s: %s: %s\n", PROG, *path, strerror(errno));
	return -1;
}

static int dev_stats(int fd, const char *name, struct aether_dev_stats *s)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->disk, sizeof(s->disk), "%.*s", (int)sizeof(s->disk) - 1, name);
	return ioctl(fd, AETHER_IOC_DEV_STATS, s);
}

/*
 * The disk a file lives on, the partition's first sector on it, and the
 * file's extents in the disk's sectors.  -1 after printing why.
 */
static int file_extents(const char *path, char *disk, unsigned long long *part_start,
			struct rec_extent **out, unsigned int *n)
{
	char link[PATH_MAX + 32], real[PATH_MAX], buf[64], *base;
	struct fiemap *fm;
	struct stat st;
	unsigned int i;
	int fd, rc = -1;

	*part_start = 0;
	if (stat(path, &st)) {
		fprintf(stderr, "%s: record --file: %s: %s\n", PROG, path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "%s: record --file: %s: not a regular file\n", PROG, path);
		return -1;
	}
	snprintf(link, sizeof(link), "%s/dev/block/%u:%u", sysfs_root(),
		 major(st.st_dev), minor(st.st_dev));
	if (!realpath(link, real)) {
		fprintf(stderr, "%s: record --file: %s is on device %u:%u, which is no block device (tmpfs, network, ...)\n",
			PROG, path, major(st.st_dev), minor(st.st_dev));
		return -1;
	}
	snprintf(link, sizeof(link), "%s/partition", real);
	if (!access(link, F_OK)) {
		snprintf(link, sizeof(link), "%s/start", real);
		if (read_file(link, buf, sizeof(buf))) {
			fprintf(stderr, "%s: record --file: %s: cannot read\n", PROG, link);
			return -1;
		}
		*part_start = strtoull(buf, NULL, 10);
		*strrchr(real, '/') = '\0';	/* a partition sits in its disk's directory */
	}
	base = strrchr(real, '/');
	snprintf(disk, AETHER_DISK_NAME_LEN, "%.*s", AETHER_DISK_NAME_LEN - 1,
		 base ? base + 1 : real);

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "%s: record --file: %s: %s\n", PROG, path, strerror(errno));
		return -1;
	}
	fm = calloc(1, sizeof(*fm) + MAX_EXTENTS * sizeof(fm->fm_extents[0]));
	*out = calloc(MAX_EXTENTS, sizeof(**out));
	if (!fm || !*out) {
		fprintf(stderr, "%s: out of memory\n", PROG);
		goto done;
	}
	fm->fm_length = FIEMAP_MAX_OFFSET;
	fm->fm_flags = FIEMAP_FLAG_SYNC;
	fm->fm_extent_count = MAX_EXTENTS;
	if (ioctl(fd, FS_IOC_FIEMAP, fm)) {
		fprintf(stderr, "%s: record --file: %s: FIEMAP: %s\n", PROG, path, strerror(errno));
		goto done;
	}
	for (i = *n = 0; i < fm->fm_mapped_extents; i++) {
		const struct fiemap_extent *e = &fm->fm_extents[i];

		if (e->fe_flags & (FIEMAP_EXTENT_UNKNOWN | FIEMAP_EXTENT_DATA_INLINE))
			continue;	/* no place on the disk (yet) */
		(*out)[*n].start = *part_start + e->fe_physical / 512;
		(*out)[(*n)++].end = *part_start + (e->fe_physical + e->fe_length + 511) / 512;
	}
	if (!*n) {
		fprintf(stderr, "%s: record --file: %s has no blocks on a disk\n", PROG, path);
		goto done;
	}
	if (fm->fm_mapped_extents == MAX_EXTENTS)
		fprintf(stderr, "%s: record --file: %s: only its first %d extents are followed\n",
			PROG, path, MAX_EXTENTS);
	rc = 0;
done:
	free(fm);
	close(fd);
	if (rc) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

static bool in_extents(const struct rec_extent *x, unsigned int n,
		       unsigned long long sector, unsigned int sectors)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (sector < x[i].end && sector + sectors > x[i].start)
			return true;
	return false;
}

/* Next batch of events: >0 read, 0 none now, -1 error, -2 end of a file */
static int next_events(int fd, bool *use_ioctl, struct aether_event *ev, size_t max)
{
	ssize_t r;

	if (*use_ioctl) {
		struct aether_event_batch b = {
			.events = (__u64)(unsigned long)ev, .max = (__u32)max,
		};

		if (!ioctl(fd, AETHER_IOC_READ_EVENTS, &b))
			return (int)b.count;
		if (errno != ENOTTY) {
			fprintf(stderr, "%s: READ_EVENTS: %s\n", PROG, strerror(errno));
			return -1;
		}
		*use_ioctl = false;	/* a plain file ($AETHER_DEV) */
	}
	r = read(fd, ev, max * sizeof(*ev));
	if (r < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -1;
	return r ? (int)(r / (ssize_t)sizeof(*ev)) : -2;
}

int cmd_record(int argc, char **argv)
{
	enum { OPT_BACKLOG = 0x100 };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "duration", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'c' },
		{ "file", required_argument, NULL, 'f' },
		{ "backlog", no_argument, NULL, OPT_BACKLOG },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct aether_event ev[AETHER_EVENTS_MAX];
	struct rec_disk disks[MAX_DISKS];
	struct rec_extent *ext = NULL;
	unsigned int nd = 0, next = 0, i;
	unsigned long long duration = 0, count = 0, saved = 0, lost = 0, part_start = 0;
	unsigned long long first_ns = 0, last_seq = 0;
	bool backlog = false, use_ioctl = true, started = false, all;
	const char *output = NULL, *file = NULL, *devpath;
	struct timespec t0, now;
	struct sigaction sa;
	FILE *out = stdout;
	int opt, fd, n, k, rc = 1;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:d:c:f:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			output = optarg;
			break;
		case 'd':
			if (parse_num(optarg, 1, 86400 * 366, "record --duration", &duration))
				return 2;
			break;
		case 'c':
			if (parse_num(optarg, 1, ~0ULL >> 1, "record --count", &count))
				return 2;
			break;
		case 'f':
			file = optarg;
			break;
		case OPT_BACKLOG:
			backlog = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return 2;
		}
	}
	if (argc - optind > MAX_DISKS) {
		fprintf(stderr, "%s: record: at most %d disks\n", PROG, MAX_DISKS);
		return 2;
	}
	if (file && optind != argc) {
		fprintf(stderr, "%s: record: --file names its disk; no DISK with it\n", PROG);
		return 2;
	}
	memset(disks, 0, sizeof(disks));
	for (; optind < argc; optind++)
		if (resolve_disk(argv[optind], disks[nd++].name, "record"))
			return 2;
	if (file) {
		if (file_extents(file, disks[0].name, &part_start, &ext, &next))
			return 1;
		nd = 1;
	}
	all = !nd;

	fd = open_events(&devpath);
	if (fd < 0)
		goto out_free;
	/* the named disks must be attached: their numbers and counters */
	for (i = 0; i < nd; i++) {
		struct aether_dev_stats s;

		if (dev_stats(fd, disks[i].name, &s)) {
			if (errno == ENODEV || errno == ENOENT || errno == EINVAL)
				fprintf(stderr, "%s: record: %s is not attached (%s attach %s)\n",
					PROG, disks[i].name, PROG, disks[i].name);
			else
				fprintf(stderr, "%s: record: %s: %s\n", PROG, disks[i].name,
					strerror(errno));
			goto out_close;
		}
		disks[i].major = s.major;
		disks[i].minor = s.minor;
		disks[i].start = s;
		disks[i].have_stats = true;
	}
	if (all && !strcmp(devpath, DEV_PATH)) {
		for (nd = 0; nd < MAX_DISKS; nd++) {
			struct aether_dev_stats *s = &disks[nd].start;

			memset(s, 0, sizeof(*s));
			s->index = nd;
			if (ioctl(fd, AETHER_IOC_DEV_STATS, s))
				break;
			memcpy(disks[nd].name, s->disk, sizeof(s->disk));
			disks[nd].major = s->major;
			disks[nd].minor = s->minor;
			disks[nd].have_stats = true;
		}
		if (!nd)
			fprintf(stderr, "%s: record: no disk is attached yet; recording what comes\n",
				PROG);
	}
	if (!backlog && !strcmp(devpath, DEV_PATH))
		while (next_events(fd, &use_ioctl, ev, AETHER_EVENTS_MAX) > 0)
			;	/* queued before we began: not this recording's */

	if (output && strcmp(output, "-")) {
		out = fopen(output, "w");
		if (!out) {
			fprintf(stderr, "%s: record: %s: %s\n", PROG, output, strerror(errno));
			goto out_close;
		}
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);

	fprintf(out, "# aetherctl record %s: blkparse text, Q R events (Documentation/admin-guide.rst)\n",
		AETHERCTL_VERSION);
	for (i = 0; i < nd; i++)
		fprintf(out, "# disk %s %u:%u\n", disks[i].name, disks[i].major, disks[i].minor);
	if (file)
		fprintf(out, "# file %s: %u extents on %s (partition at sector %llu)\n",
			file, next, disks[0].name, part_start);
	fflush(out);	/* the header says recording has begun */

	while (!stop && (!count || saved < count)) {
		if (duration) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if ((unsigned long long)(now.tv_sec - t0.tv_sec) * 1000000000ULL +
			    (unsigned long long)now.tv_nsec - (unsigned long long)t0.tv_nsec >=
			    duration * 1000000000ULL)
				break;
		}
		n = next_events(fd, &use_ioctl, ev, AETHER_EVENTS_MAX);
		if (n == -2)
			break;		/* the end of a file standing in */
		if (n < 0) {
			if (!use_ioctl)
				fprintf(stderr, "%s: record: read: %s\n", PROG, strerror(errno));
			goto out_file;
		}
		if (!n) {
			struct pollfd p = { .fd = fd, .events = POLLIN };

			poll(&p, 1, 100);
			continue;
		}
		for (k = 0; k < n && (!count || saved < count); k++) {
			const struct aether_event *e = &ev[k];
			unsigned long long t;

			if (started && e->seq > last_seq + 1)
				lost += e->seq - last_seq - 1;	/* gaps are drops */
			last_seq = e->seq;
			for (i = 0; i < nd; i++)
				if (disks[i].major == e->major && disks[i].minor == e->minor)
					break;
			if (!all && i == nd)
				continue;
			if (ext && !in_extents(ext, next, e->sector, e->sectors))
				continue;
			if (i < nd)
				disks[i].reads++;
			if (!started)
				first_ns = e->time_ns;
			started = true;
			t = e->time_ns - first_ns;
			fprintf(out, "%u,%u 0 %llu %llu.%09llu 0 Q R %llu + %u [%s]\n",
				e->major, e->minor, (unsigned long long)e->seq,
				t / 1000000000ULL, t % 1000000000ULL,
				(unsigned long long)e->sector, e->sectors,
				e->decision ? "fetch" : "defer");
			saved++;
		}
		if (ferror(out))
			break;
	}
	fprintf(out, "# %llu reads saved, %llu events lost in the recording (the ring overflowed)\n",
		saved, lost);
	for (i = 0; i < nd; i++) {
		struct aether_dev_stats s;

		if (!disks[i].have_stats || dev_stats(fd, disks[i].name, &s))
			continue;
		fprintf(out, "# %s during the recording: reads=%llu pf_requests=%llu pf_pages=%llu pf_used=%llu pf_wasted=%llu pf_cached=%llu\n",
			disks[i].name,
			(unsigned long long)(s.reads - disks[i].start.reads),
			(unsigned long long)(s.pf_requests - disks[i].start.pf_requests),
			(unsigned long long)(s.pf_pages - disks[i].start.pf_pages),
			(unsigned long long)(s.pf_used - disks[i].start.pf_used),
			(unsigned long long)(s.pf_wasted - disks[i].start.pf_wasted),
			(unsigned long long)(s.pf_cached - disks[i].start.pf_cached));
	}
	if (fflush(out) || ferror(out)) {
		fprintf(stderr, "%s: record: %s: %s\n", PROG, output ? output : "stdout",
			strerror(errno));
		goto out_file;
	}
	fprintf(stderr, "%s: record: %llu reads saved%s%s, %llu lost\n", PROG, saved,
		output ? " to " : "", output ? output : "", lost);
	rc = 0;
out_file:
	if (out != stdout)
		fclose(out);
out_close:
	close(fd);
out_free:
	free(ext);
	return rc;
}
