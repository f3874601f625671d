// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * aetherctl commands that go through /sys/kernel/aether: attach, detach,
 * list, get, set.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aetherctl.h"
#include "../../include/aether/devname.h"

bool module_loaded(void)
{
	return access(SYSFS_DIR, F_OK) == 0;
}

void not_loaded(void)
{
	fprintf(stderr, "%s: the aether module is not loaded (no %s); load it with insmod aether.ko\n",
		PROG, SYSFS_DIR);
}

/* 0 or an errno */
static int write_file(const char *path, const char *val)
{
	size_t len = strlen(val);
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return errno;
	n = write(fd, val, len);
	if (n < 0)
		err = errno;
	else if ((size_t)n != len)
		err = EIO;
	if (close(fd) && !err)
		err = errno;
	return err;
}

/* 0 or an errno; buf gets the contents without the trailing newline */
static int read_file(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return errno;
	n = read(fd, buf, size - 1);
	if (n < 0) {
		err = errno;
		n = 0;
	}
	close(fd);
	buf[n] = '\0';
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return err;
}

static bool valid_disk(const char *name)
{
	char out[AETHER_DISK_NAME_MAX + 1];

	return strlen(name) <= AETHER_DISK_NAME_MAX &&
	       aether_disk_name_parse(name, strlen(name), out, sizeof(out)) >= 0 &&
	       !strchr(name, '\n');
}

static int attach_detach(int argc, char **argv, bool attach)
{
	const char *what = attach ? "attach" : "detach";
	char path[64];
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: %s %s DISK\n", PROG, what);
		return 2;
	}
	if (!valid_disk(argv[1])) {
		fprintf(stderr, "%s: %s: '%s' is not a disk name (like nullb0, vdb, nvme0n1)\n",
			PROG, what, argv[1]);
		return 2;
	}
	if (!module_loaded()) {
		not_loaded();
		return 1;
	}
	snprintf(path, sizeof(path), "%s/%s", SYSFS_DIR, what);
	err = write_file(path, argv[1]);
	if (!err)
		return 0;
	if (attach && err == ENODEV)
		fprintf(stderr, "%s: attach %s: no such disk\n", PROG, argv[1]);
	else if (attach && err == EEXIST)
		fprintf(stderr, "%s: attach %s: already attached\n", PROG, argv[1]);
	else if (attach && err == EINVAL)
		fprintf(stderr, "%s: attach %s: not a whole disk (a partition?)\n",
			PROG, argv[1]);
	else if (attach && err == ENOSPC)
		fprintf(stderr, "%s: attach %s: too many disks attached\n",
			PROG, argv[1]);
	else if (!attach && err == ENODEV)
		fprintf(stderr, "%s: detach %s: not attached\n", PROG, argv[1]);
	else
		fprintf(stderr, "%s: %s %s: %s\n", PROG, what, argv[1],
			strerror(err));
	return 1;
}

int cmd_attach(int argc, char **argv)
{
	return attach_detach(argc, argv, true);
}

int cmd_detach(int argc, char **argv)
{
	return attach_detach(argc, argv, false);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cmd_list(int argc, char **argv)
{
	char *names[256], path[320], dev[64];
	struct dirent *de;
	size_t n = 0, i;
	DIR *d;

	(void)argv;

	if (argc != 1) {
		fprintf(stderr, "usage: %s list\n", PROG);
		return 2;
	}
	if (!module_loaded()) {
		not_loaded();
		return 1;
	}
	d = opendir(SYSFS_DIR "/devices");
	if (!d) {
		fprintf(stderr, "%s: %s/devices: %s\n", PROG, SYSFS_DIR, strerror(errno));
		return 1;
	}
	while ((de = readdir(d)) && n < sizeof(names) / sizeof(names[0]))
		if (de->d_name[0] != '.')
			names[n++] = strdup(de->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (i = 0; i < n; i++) {
		if (!names[i])
			continue;
		snprintf(path, sizeof(path), "%s/devices/%s/dev", SYSFS_DIR, names[i]);
		if (read_file(path, dev, sizeof(dev)))	/* detached meanwhile */
			continue;
		printf("%s %s\n", names[i], dev);
		free(names[i]);
	}
	return 0;
}

static const char *const global_knobs[] = {
	"preset", "epsilon", "phi", "lambda1", "lambda2", "lambda3", "bias",
	"window", "version", "ring_size", "ring_dropped", NULL,
};

static const char *const device_knobs[] = {
	"preset", "epsilon", "phi", "lambda1", "lambda2", "lambda3", "bias",
	"window", "policy", "max_depth", "budget_kb", "dev", "stat",
	"prefetch_ratio", "cur_epsilon", "cur_phi", "prefetch_requests",
	"pages_prefetched", "pages_cached", "pages_used", "pages_wasted",
	"budget_drops", "depth", NULL,
};

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

/* "[DISK/]KNOB" to its sysfs path; prints why not and returns -1 */
static int knob_path(const char *spec, char *path, size_t size)
{
	const char *slash = strchr(spec, '/');
	char disk[AETHER_DISK_NAME_MAX + 2];

	if (!slash) {
		if (!in_list(global_knobs, spec)) {
			fprintf(stderr, "%s: unknown knob '%s' (global knobs: preset epsilon phi lambda1 lambda2 lambda3 bias window; read-only: version ring_size ring_dropped)\n",
				PROG, spec);
			return -1;
		}
		snprintf(path, size, "%s/%s", SYSFS_DIR, spec);
		return 0;
	}
	if ((size_t)(slash - spec) >= sizeof(disk)) {
		fprintf(stderr, "%s: '%.*s' is not a disk name\n", PROG,
			(int)(slash - spec), spec);
		return -1;
	}
	memcpy(disk, spec, slash - spec);
	disk[slash - spec] = '\0';
	if (!valid_disk(disk)) {
		fprintf(stderr, "%s: '%s' is not a disk name\n", PROG, disk);
		return -1;
	}
	if (!in_list(device_knobs, slash + 1)) {
		fprintf(stderr, "%s: unknown knob '%s' (per-disk knobs: preset epsilon phi lambda1 lambda2 lambda3 bias window policy max_depth budget_kb; read-only: dev stat prefetch_ratio cur_epsilon cur_phi prefetch_requests pages_prefetched pages_cached pages_used pages_wasted budget_drops depth)\n",
			PROG, slash + 1);
		return -1;
	}
	if (!module_loaded()) {
		not_loaded();
		return -1;
	}
	snprintf(path, size, "%s/devices/%s", SYSFS_DIR, disk);
	if (access(path, F_OK)) {
		fprintf(stderr, "%s: %s is not attached\n", PROG, disk);
		return -1;
	}
	snprintf(path, size, "%s/devices/%s/%s", SYSFS_DIR, disk, slash + 1);
	return 0;
}

int cmd_get(int argc, char **argv)
{
	char path[320], val[4096];
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: %s get [DISK/]KNOB\n", PROG);
		return 2;
	}
	if (knob_path(argv[1], path, sizeof(path)))
		return 1;
	if (!module_loaded()) {
		not_loaded();
		return 1;
	}
	err = read_file(path, val, sizeof(val));
	if (err) {
		fprintf(stderr, "%s: get %s: %s\n", PROG, argv[1], strerror(err));
		return 1;
	}
	printf("%s\n", val);
	return 0;
}

int cmd_set(int argc, char **argv)
{
	char path[320];
	int err;

	if (argc != 3) {
		fprintf(stderr, "usage: %s set [DISK/]KNOB VALUE\n", PROG);
		return 2;
	}
	if (knob_path(argv[1], path, sizeof(path)))
		return 1;
	if (!module_loaded()) {
		not_loaded();
		return 1;
	}
	err = write_file(path, argv[2]);
	if (!err)
		return 0;
	if (err == EINVAL)
		fprintf(stderr, "%s: set %s: '%s' is malformed or out of range (nothing changed)\n",
			PROG, argv[1], argv[2]);
	else if (err == EACCES && geteuid() == 0)
		fprintf(stderr, "%s: set %s: read-only\n", PROG, argv[1]);
	else
		fprintf(stderr, "%s: set %s: %s\n", PROG, argv[1], strerror(err));
	return 1;
}
