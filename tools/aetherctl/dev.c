// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * aetherctl commands that go through /dev/aether: version, watch and
 * decide (the in-kernel POVM core, printing exactly what
 * `aether-sim decide` prints for the same input).  Each holds the device
 * open only while it runs; stats reads sysfs instead (stats.c).
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
		fprintf(stderr, "usage: %s version [--json]  (the module's; %s --version: this tool's)\n",
			PROG, PROG);
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
	if (opt_json)
		printf("{\"aetherctl\": \"%s\", \"module\": \"%u.%u.%u\", \"abi\": %u, \"aetherctl_abi\": %d}\n",
		       AETHERCTL_VERSION, v.major, v.minor, v.patch, v.abi,
		       AETHER_ABI_VERSION);
	else
		printf("aether %u.%u.%u abi %u\n", v.major, v.minor, v.patch, v.abi);
	if (v.abi != AETHER_ABI_VERSION)
		fprintf(stderr, "%s: warning: built for ABI %d\n", PROG, AETHER_ABI_VERSION);
	return 0;
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
	char nb[32], b1[AETHER_Q_STRLEN], b2[AETHER_Q_STRLEN];
	struct sigaction sa;
	int opt, fd, i, n;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "c:nih", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			if (parse_num(optarg, 1, ~0ULL >> 1, "watch --count", &count))
				return 2;
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
			printf("usage: %s watch [--count N] [--nonblock] [--ioctl] [--csv | --json]\n\n"
			       "One line per decision on an attached disk, oldest first:\n"
			       "SEQ TIME DISK SECTOR SECTORS fetch|defer phi=X epsilon=Y\n"
			       "  --count N   stop after N events\n"
			       "  --nonblock  print what is queued now, then stop\n"
			       "  --ioctl     use AETHER_IOC_READ_EVENTS instead of read()\n"
			       "  --csv       seq,time_ns,disk,sector,sectors,fetch,phi,epsilon\n"
			       "              with fractions to 9 places, as aether-sim decide\n"
			       "  --json      one JSON object per event and line (JSON Lines), the\n"
			       "              --csv keys, fetch as true/false\n"
			       "See Documentation/admin-guide.rst, Events, on several watchers.\n", PROG);
			return 0;
		default:
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "%s: watch: unexpected argument '%s'\n", PROG, argv[optind]);
		return 2;
	}
	if (csv && opt_json) {
		fprintf(stderr, "%s: watch: --csv and --json: choose one\n", PROG);
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

			if (opt_json) {
				aether_q_format(b1, sizeof(b1), ev[i].phi, 9);
				aether_q_format(b2, sizeof(b2), ev[i].epsilon, 9);
				printf("{\"seq\": %llu, \"time_ns\": %llu, \"disk\": ",
				       (unsigned long long)ev[i].seq,
				       (unsigned long long)ev[i].time_ns);
				json_str(stdout, disk);
				printf(", \"sector\": %llu, \"sectors\": %u, \"fetch\": %s, \"phi\": ",
				       (unsigned long long)ev[i].sector, ev[i].sectors,
				       ev[i].decision ? "true" : "false");
				json_value(stdout, b1);
				printf(", \"epsilon\": ");
				json_value(stdout, b2);
				printf("}\n");
				continue;
			}
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
