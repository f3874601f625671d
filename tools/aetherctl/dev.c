// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * aetherctl commands that go through /dev/aether: version, stats, watch and
 * decide (the in-kernel POVM core, printing exactly what
 * `aether-sim decide` prints for the same input).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "aetherctl.h"
#include "../../include/aether/predict.h"
#include "../lib/decide_csv.h"
#include "../lib/povm_opts.h"
#include "../../include/aether/decimal.h"
#include "../../include/aether/devname.h"
#include "../../include/uapi/linux/aether.h"

static int open_dev(void)
{
	int fd = open(DEV_PATH, O_RDONLY | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	if (errno == ENOENT && !module_loaded())
		not_loaded();
	else if (errno == EACCES)
		fprintf(stderr, "%s: %s: permission denied (run as root)\n",
			PROG, DEV_PATH);
	else
		fprintf(stderr, "%s: %s: %s\n", PROG, DEV_PATH, strerror(errno));
	return -1;
}

static const char *q(aether_q v, char *buf)
{
	aether_q_format(buf, AETHER_Q_STRLEN, v, 6);
	return buf;
}

int cmd_version(int argc, char **argv)
{
	struct aether_version v;
	int fd;

	(void)argv;

	if (argc != 1) {
		fprintf(stderr, "usage: %s version\n", PROG);
		return 2;
	}
	fd = open_dev();
	if (fd < 0)
		return 1;
	if (ioctl(fd, AETHER_IOC_VERSION, &v)) {
		fprintf(stderr, "%s: AETHER_IOC_VERSION: %s\n", PROG, strerror(errno));
		close(fd);
		return 1;
	}
	close(fd);
	printf("aether %u.%u.%u abi %u\n", v.major, v.minor, v.patch, v.abi);
	if (v.abi != AETHER_ABI_VERSION)
		fprintf(stderr, "%s: warning: built for ABI %d\n", PROG, AETHER_ABI_VERSION);
	return 0;
}

static void print_stats(const struct aether_dev_stats *s)
{
	char b[5][AETHER_Q_STRLEN];
	aether_q ratio = 0;

	if (s->decisions)
		ratio = (aether_q)(((unsigned __int128)s->prefetches << AETHER_Q) /
				   s->decisions);
	printf("%s dev=%u:%u reads=%llu sectors=%llu decisions=%llu prefetches=%llu prefetch_ratio=%s dropped=%llu self_reads=%llu window=%u preset_epsilon=%s cur_epsilon=%s cur_phi=%s\n",
	       s->disk, s->major, s->minor, (unsigned long long)s->reads,
	       (unsigned long long)s->sectors, (unsigned long long)s->decisions,
	       (unsigned long long)s->prefetches, q(ratio, b[0]),
	       (unsigned long long)s->dropped, (unsigned long long)s->self_reads,
	       s->window, q(s->params.epsilon, b[1]), q(s->epsilon, b[2]),
	       q(s->phi, b[3]));
	printf("%s policy=%s depth=%u max_depth=%u budget_kb=%u prefetch_requests=%llu pages_prefetched=%llu pages_cached=%llu pages_used=%llu pages_wasted=%llu budget_drops=%llu\n",
	       s->disk, s->policy < AETHER_NR_POLICIES ? aether_policy_names[s->policy] : "?",
	       s->depth, s->max_depth, s->budget_kb,
	       (unsigned long long)s->pf_requests, (unsigned long long)s->pf_pages,
	       (unsigned long long)s->pf_cached, (unsigned long long)s->pf_used,
	       (unsigned long long)s->pf_wasted, (unsigned long long)s->pf_budget_drops);
}

int cmd_stats(int argc, char **argv)
{
	struct aether_dev_stats s;
	int fd, ret = 0;
	__u32 i;

	if (argc > 2) {
		fprintf(stderr, "usage: %s stats [DISK]\n", PROG);
		return 2;
	}
	if (argc == 2 && (strlen(argv[1]) > AETHER_DISK_NAME_MAX ||
			  aether_disk_name_parse(argv[1], strlen(argv[1]), s.disk,
						 sizeof(s.disk)) < 0 ||
			  strchr(argv[1], '\n'))) {
		fprintf(stderr, "%s: '%s' is not a disk name\n", PROG, argv[1]);
		return 2;
	}
	fd = open_dev();
	if (fd < 0)
		return 1;
	if (argc == 2) {
		memset(&s, 0, sizeof(s));
		strcpy(s.disk, argv[1]);
		if (ioctl(fd, AETHER_IOC_DEV_STATS, &s)) {
			if (errno == ENODEV)
				fprintf(stderr, "%s: %s is not attached\n", PROG, argv[1]);
			else
				fprintf(stderr, "%s: stats %s: %s\n", PROG, argv[1],
					strerror(errno));
			ret = 1;
		} else {
			print_stats(&s);
		}
	} else {
		for (i = 0;; i++) {
			memset(&s, 0, sizeof(s));
			s.index = i;
			if (ioctl(fd, AETHER_IOC_DEV_STATS, &s)) {
				if (errno != ENODEV) {
					fprintf(stderr, "%s: stats: %s\n", PROG,
						strerror(errno));
					ret = 1;
				}
				break;
			}
			print_stats(&s);
		}
	}
	close(fd);
	return ret;
}

/* major:minor -> disk name, refreshed from DEV_STATS when unknown */
struct name_cache {
	unsigned int n;
	struct { __u32 major, minor; char name[AETHER_DISK_NAME_LEN]; } e[64];
};

static const char *disk_name(int fd, struct name_cache *c, __u32 major,
			     __u32 minor, char *buf, size_t size)
{
	struct aether_dev_stats s;
	unsigned int i, pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < c->n; i++)
			if (c->e[i].major == major && c->e[i].minor == minor)
				return c->e[i].name;
		if (pass)
			break;
		for (c->n = 0; c->n < 64; c->n++) {
			memset(&s, 0, sizeof(s));
			s.index = c->n;
			if (ioctl(fd, AETHER_IOC_DEV_STATS, &s))
				break;
			c->e[c->n].major = s.major;
			c->e[c->n].minor = s.minor;
			memcpy(c->e[c->n].name, s.disk, sizeof(s.disk));
		}
	}
	snprintf(buf, size, "%u:%u", major, minor);	/* detached since */
	return buf;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int cmd_watch(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "count", required_argument, NULL, 'c' },
		{ "nonblock", no_argument, NULL, 'n' },
		{ "ioctl", no_argument, NULL, 'i' },
		{ "csv", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct aether_event ev[AETHER_EVENTS_MAX];
	struct name_cache cache = { 0 };
	unsigned long long count = 0, seen = 0;
	bool nonblock = false, use_ioctl = false, csv = false;
	char nb[32], b1[AETHER_Q_STRLEN], b2[AETHER_Q_STRLEN], *end;
	struct sigaction sa;
	int opt, fd, i, n;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "c:nih", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			count = strtoull(optarg, &end, 10);
			if (!*optarg || *end || !count) {
				fprintf(stderr, "%s: --count: want a positive number\n", PROG);
				return 2;
			}
			break;
		case 'n':
			nonblock = true;
			break;
		case 'i':
			use_ioctl = true;
			break;
		case 'C':
			csv = true;
			break;
		case 'h':
			printf("usage: %s watch [--count N] [--nonblock] [--ioctl] [--csv]\n\n"
			       "One line per decision on an attached disk, oldest first:\n"
			       "SEQ TIME DISK SECTOR SECTORS fetch|defer phi=X epsilon=Y\n"
			       "  --count N   stop after N events\n"
			       "  --nonblock  print what is queued now, then stop\n"
			       "  --ioctl     use AETHER_IOC_READ_EVENTS instead of read()\n"
			       "  --csv       seq,time_ns,disk,sector,sectors,fetch,phi,epsilon\n"
			       "              with fractions to 9 places, as aether-sim decide\n"
			       "Events are consumed: two watchers share one stream.\n", PROG);
			return 0;
		default:
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "%s: watch: unexpected argument '%s'\n", PROG, argv[optind]);
		return 2;
	}
	fd = open_dev();
	if (fd < 0)
		return 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (csv)
		printf("seq,time_ns,disk,sector,sectors,fetch,phi,epsilon\n");

	while (!stop && (!count || seen < count)) {
		size_t want = AETHER_EVENTS_MAX;

		if (count && count - seen < want)
			want = count - seen;
		if (use_ioctl) {
			struct aether_event_batch b = {
				.events = (__u64)(unsigned long)ev, .max = want,
			};

			if (ioctl(fd, AETHER_IOC_READ_EVENTS, &b)) {
				fprintf(stderr, "%s: READ_EVENTS: %s\n", PROG, strerror(errno));
				close(fd);
				return 1;
			}
			n = (int)b.count;
			if (!n) {
				struct pollfd p = { .fd = fd, .events = POLLIN };

				if (nonblock)
					break;
				poll(&p, 1, 200);
				continue;
			}
		} else {
			ssize_t r;

			if (nonblock)
				fcntl(fd, F_SETFL, O_NONBLOCK);
			r = read(fd, ev, want * sizeof(ev[0]));
			if (r < 0) {
				if (errno == EAGAIN && nonblock)
					break;
				if (errno == EINTR)
					continue;
				fprintf(stderr, "%s: read: %s\n", PROG, strerror(errno));
				close(fd);
				return 1;
			}
			n = (int)(r / sizeof(ev[0]));
		}
		for (i = 0; i < n; i++) {
			const char *disk = disk_name(fd, &cache, ev[i].major,
						     ev[i].minor, nb, sizeof(nb));

			if (csv) {
				aether_q_format(b1, sizeof(b1), ev[i].phi, 9);
				aether_q_format(b2, sizeof(b2), ev[i].epsilon, 9);
				printf("%llu,%llu,%s,%llu,%u,%u,%s,%s\n",
				       (unsigned long long)ev[i].seq,
				       (unsigned long long)ev[i].time_ns, disk,
				       (unsigned long long)ev[i].sector,
				       ev[i].sectors, ev[i].decision, b1, b2);
				continue;
			}
			printf("%llu %llu.%09llu %s %llu %u %s phi=%s epsilon=%s\n",
			       (unsigned long long)ev[i].seq,
			       (unsigned long long)(ev[i].time_ns / 1000000000),
			       (unsigned long long)(ev[i].time_ns % 1000000000),
			       disk,
			       (unsigned long long)ev[i].sector, ev[i].sectors,
			       ev[i].decision ? "fetch" : "defer",
			       q(ev[i].phi, b1), q(ev[i].epsilon, b2));
		}
		seen += n;
	}
	close(fd);
	return 0;
}

static void usage_decide(FILE *f)
{
	fprintf(f, "usage: %s decide [OPTIONS] < lbas\n\n"
		"The POVM kernel inside the aether module (through AETHER_IOC_DECIDE)\n"
		"on LBAs read from stdin, one per line.  Prints what\n"
		"`aether-sim decide` prints for the same input and options.\n"
		"The window is at most %d LBAs here.\n\n"
		POVM_OPTS_USAGE
		"  --features        also print the six features and rx,ry,rz\n",
		PROG, AETHER_DECIDE_MAX);
}

int cmd_decide(int argc, char **argv)
{
	const char *prog = PROG " decide";
	struct aether_ioc_params ip = { 0 };
	struct aether_decide d;
	struct aether_params p;
	struct aether_cycle c;
	struct povm_opts o;
	unsigned long lineno = 0;
	u64 ring[AETHER_DECIDE_MAX], cycle, lba;
	bool features;
	int r, fd, i;

	r = decide_opts_parse(argc, argv, prog, usage_decide, &o, &features, &p);
	if (r >= 0)
		return r;
	if (o.window > AETHER_DECIDE_MAX) {
		fprintf(stderr, "%s: --window: at most %d LBAs through the kernel\n",
			prog, AETHER_DECIDE_MAX);
		return 2;
	}
	fd = open_dev();
	if (fd < 0)
		return 1;
	ip.epsilon = p.epsilon;
	ip.phi = p.phi;
	ip.lambda[0] = p.lambda[0];
	ip.lambda[1] = p.lambda[1];
	ip.lambda[2] = p.lambda[2];
	ip.bias = p.bias;
	if (ioctl(fd, AETHER_IOC_SET_PARAMS, &ip)) {
		fprintf(stderr, "%s: AETHER_IOC_SET_PARAMS: %s\n", prog, strerror(errno));
		close(fd);
		return 1;
	}

	decide_csv_header(stdout, features);
	for (cycle = 0; (r = read_lba_line(stdin, prog, &lineno, &lba)) > 0; cycle++) {
		u64 len = cycle + 1 < o.window ? cycle + 1 : o.window;

		/* the golden windowing: row i sees lbas[max(0, i - N + 1) .. i] */
		ring[cycle % o.window] = lba;
		memset(&d, 0, sizeof(d));
		d.len = (__u32)len;
		for (i = 0; i < (int)len; i++)
			d.lba[i] = ring[(cycle + 1 - len + i) % o.window];
		if (ioctl(fd, AETHER_IOC_DECIDE, &d)) {
			fprintf(stderr, "%s: AETHER_IOC_DECIDE: %s\n", prog, strerror(errno));
			close(fd);
			return 1;
		}
		for (i = 0; i < AETHER_NR_FEATURES; i++)
			c.features[i] = d.features[i];
		for (i = 0; i < 3; i++)
			c.bloch[i] = d.bloch[i];
		c.p_fetch = d.p_fetch;
		c.phi = d.phi;
		c.epsilon = d.epsilon;
		c.fetch = d.decision;
		decide_csv_row(stdout, cycle, d.lba[0], lba, &c, features);
	}
	close(fd);
	if (fflush(stdout) || ferror(stdout)) {
		perror(prog);
		return 1;
	}
	return r < 0 ? 1 : 0;
}
