// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * aetherctl commands that go through /sys/kernel/aether: attach, detach,
 * list, get, set.  sysfs, not /dev/aether, wherever it will do: reading it
 * never pins the module, so monitoring cannot block `rmmod aether`.
 * $AETHER_SYSFS moves the sysfs root (default /sys) so tests can run these
 * commands against a fake tree on a host without the module.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aetherctl.h"

const char *sysfs_root(void)
{
	const char *r = getenv("AETHER_SYSFS");

	return r && *r ? r : "/sys";
}

const char *aether_dir(void)
{
	static char dir[512];

	if (!dir[0])
		snprintf(dir, sizeof(dir), "%s/kernel/aether", sysfs_root());
	return dir;
}

bool module_loaded(void)
{
	return access(aether_dir(), F_OK) == 0;
}

void not_loaded(void)
{
	fprintf(stderr, "%s: the aether module is not loaded (no %s); load it with insmod aether.ko\n",
		PROG, aether_dir());
}

/* 0 or an errno */
static int write_file(const char *path, const char *val)
{
	size_t len = strlen(val);
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_TRUNC);	/* as a shell's >; sysfs ignores it */
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

int read_file(const char *path, char *buf, size_t size)
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

int read_disk_file(const char *disk, const char *file, char *buf, size_t size)
{
	char path[640];

	snprintf(path, sizeof(path), "%s/devices/%s/%s", aether_dir(), disk, file);
	return read_file(path, buf, size);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

int attached_disks(char names[][32], int max)
{
	char path[600];
	struct dirent *de;
	int n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%s/devices", aether_dir());
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "%s: %s: %s\n", PROG, path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) && n < max)
		if (de->d_name[0] != '.' && strlen(de->d_name) < 32)
			strcpy(names[n++], de->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), cmp_name);
	return n;
}

static int attach_detach(int argc, char **argv, bool attach)
{
	const char *what = attach ? "attach" : "detach";
	char path[600], disk[32];
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: %s %s DISK  (a name, /dev path, MAJ:MIN or /dev/disk/by-id link)\n",
			PROG, what);
		return 2;
	}
	if (resolve_disk(argv[1], disk, what))
		return 2;
	if (!module_loaded()) {
		not_loaded();
		return 1;
	}
	snprintf(path, sizeof(path), "%s/%s", aether_dir(), what);
	err = write_file(path, disk);
	if (!err)
		return 0;
	if (attach && err == ENODEV)
		fprintf(stderr, "%s: attach %s: no such disk\n", PROG, disk);
	else if (attach && err == EEXIST)
		fprintf(stderr, "%s: attach %s: already attached\n", PROG, disk);
	else if (attach && err == EINVAL)
		fprintf(stderr, "%s: attach %s: not a whole disk (a partition?)\n",
			PROG, disk);
	else if (attach && err == ENOSPC)
		fprintf(stderr, "%s: attach %s: too many disks attached\n",
			PROG, disk);
	else if (!attach && err == ENODEV)
		fprintf(stderr, "%s: detach %s: not attached\n", PROG, disk);
	else if (err == EACCES || err == EPERM)
		fprintf(stderr, "%s: %s %s: permission denied (run as root)\n",
			PROG, what, disk);
	else
		fprintf(stderr, "%s: %s %s: %s\n", PROG, what, disk, strerror(err));
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

int cmd_list(int argc, char **argv)
{
	char names[256][32], dev[64], policy[64];
	const char *sep = "";
	int n, i;

	(void)argv;

	if (argc != 1) {
		fprintf(stderr, "usage: %s list [--json]\n", PROG);
		return 2;
	}
	if (!module_loaded()) {
		not_loaded();
		return 1;
	}
	n = attached_disks(names, 256);
	if (n < 0)
		return 1;
	if (opt_json)
		printf("{\"disks\": [");
	for (i = 0; i < n; i++) {
		if (read_disk_file(names[i], "dev", dev, sizeof(dev)))
			continue;	/* detached meanwhile */
		if (!opt_json) {
			printf("%s %s\n", names[i], dev);
			continue;
		}
		if (read_disk_file(names[i], "policy", policy, sizeof(policy)))
			strcpy(policy, "");
		printf("%s{\"disk\": ", sep);
		json_str(stdout, names[i]);
		printf(", \"dev\": ");
		json_str(stdout, dev);
		printf(", \"policy\": ");
		json_str(stdout, policy);
		printf("}");
		sep = ", ";
	}
	if (opt_json)
		printf("]}\n");
	return 0;
}

/*
 * [DISK/]KNOB or DISK KNOB (DISK as resolve_disk() takes it, so the split
 * is at the last '/') to the knob, its sysfs path and its disk ("" for a
 * global knob); prints why not and returns an exit status.
 */
static int knob_path(const char *disk_arg, const char *name, const char *spec,
		     const struct knob **k, char *disk, char *path, size_t size)
{
	bool global = !disk_arg;

	*k = knob_find(name);
	disk[0] = '\0';
	if (!global && resolve_disk(disk_arg, disk, spec))
		return 2;
	if (global)
		snprintf(path, size, "%s/%s", aether_dir(), name);
	else
		snprintf(path, size, "%s/devices/%s/%s", aether_dir(), disk, name);
	if (!*k) {
		/* a file of a newer module than this aetherctl knows: let it through */
		if (*name && strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") ==
		    strlen(name) && !access(path, F_OK))
			return 0;
		fprintf(stderr, "%s: unknown %s knob '%s' (global: ", PROG,
			global ? "global" : "per-disk", name);
		knobs_list(stderr, KNOB_GLOBAL);
		fprintf(stderr, "; per disk: ");
		knobs_list(stderr, KNOB_DISK);
		fprintf(stderr, "; read-only: ");
		knobs_list(stderr, KNOB_GLOBAL | KNOB_DISK | KNOB_RO);
		fprintf(stderr, ")\n");
		return 2;
	}
	if (!global && !((*k)->flags & KNOB_DISK)) {
		fprintf(stderr, "%s: %s is a global knob, not a disk's: use %s without DISK/\n",
			PROG, name, name);
		return 2;
	}
	if (!module_loaded()) {
		not_loaded();
		return 1;
	}
	if (!global) {
		char dir[600];

		snprintf(dir, sizeof(dir), "%s/devices/%s", aether_dir(), disk);
		if (access(dir, F_OK)) {
			fprintf(stderr, "%s: %s is not attached\n", PROG, disk);
			return 1;
		}
	} else if (!((*k)->flags & KNOB_GLOBAL) && access(path, F_OK)) {
		fprintf(stderr, "%s: %s is a per-disk knob: use DISK/%s\n", PROG, name, name);
		return 2;
	}
	return 0;
}

/* argv[1..] as [DISK/]KNOB or DISK KNOB: disk_arg (NULL: global), name */
static void split_spec(int nargs, char **args, char *buf, size_t size,
		       const char **disk_arg, const char **name)
{
	char *slash;

	if (nargs == 2) {
		*disk_arg = args[0];
		*name = args[1];
		return;
	}
	snprintf(buf, size, "%s", args[0]);
	slash = strrchr(buf, '/');
	if (!slash) {
		*disk_arg = NULL;
		*name = buf;
		return;
	}
	*slash = '\0';
	*disk_arg = buf;
	*name = slash + 1;
}

int cmd_get(int argc, char **argv)
{
	char path[640], val[4096], disk[32], buf[512];
	const char *disk_arg, *name;
	const struct knob *k;
	int err;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: %s get [--json] [DISK/]KNOB | DISK KNOB\n", PROG);
		return 2;
	}
	split_spec(argc - 1, argv + 1, buf, sizeof(buf), &disk_arg, &name);
	err = knob_path(disk_arg, name, argv[1], &k, disk, path, sizeof(path));
	if (err)
		return err;
	err = read_file(path, val, sizeof(val));
	if (err) {
		fprintf(stderr, "%s: get %s: %s\n", PROG, argv[1], strerror(err));
		return 1;
	}
	if (!opt_json) {
		printf("%s\n", val);
		return 0;
	}
	printf("{\"disk\": ");
	if (disk[0])
		json_str(stdout, disk);
	else
		printf("null");
	printf(", \"knob\": ");
	json_str(stdout, name);
	printf(", \"value\": ");
	json_value(stdout, val);
	printf("}\n");
	return 0;
}

int cmd_set(int argc, char **argv)
{
	char path[640], disk[32], buf[512];
	const char *disk_arg, *name, *value = argv[argc - 1];
	const struct knob *k;
	int err;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: %s set [DISK/]KNOB VALUE | DISK KNOB VALUE  (knobs: %s --help)\n",
			PROG, PROG);
		return 2;
	}
	split_spec(argc - 2, argv + 1, buf, sizeof(buf), &disk_arg, &name);
	k = knob_find(name);
	if (k && (k->flags & KNOB_RO)) {
		fprintf(stderr, "%s: set %s: %s is read-only\n", PROG, argv[1], name);
		return 2;
	}
	/* the value first: a refusal names the range even without the module */
	if (k && !knob_value_ok(k, value, argv[1]))
		return 2;
	err = knob_path(disk_arg, name, argv[1], &k, disk, path, sizeof(path));
	if (err)
		return err;
	err = write_file(path, value);
	if (!err)
		return 0;
	if (err == EINVAL && k && k->range)
		fprintf(stderr, "%s: set %s: '%s' refused by the module: %s takes %s (nothing changed)\n",
			PROG, argv[1], value, name, k->range);
	else if (err == EINVAL)
		fprintf(stderr, "%s: set %s: '%s' refused by the module (nothing changed)\n",
			PROG, argv[1], value);
	else if ((err == EACCES || err == EPERM) && geteuid() == 0)
		fprintf(stderr, "%s: set %s: read-only\n", PROG, argv[1]);
	else if (err == EACCES || err == EPERM)
		fprintf(stderr, "%s: set %s: permission denied (run as root)\n", PROG, argv[1]);
	else
		fprintf(stderr, "%s: set %s: %s\n", PROG, argv[1], strerror(err));
	return 1;
}
