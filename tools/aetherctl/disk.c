// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * What an admin calls a disk -- "sda", "/dev/sda", "8:0",
 * "/dev/disk/by-id/wwn-0x5000..." -- into the kernel's name, which is all
 * the module takes.  Done here, in user space, through stat() and
 * /sys/dev/block/MAJ:MIN, so the module never parses paths.  A partition
 * is refused with the name of its disk: aether watches whole disks.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "aetherctl.h"
#include "../../include/aether/devname.h"

static bool valid_name(const char *name, char *out)
{
	return strlen(name) <= AETHER_DISK_NAME_MAX && !strchr(name, '\n') &&
	       aether_disk_name_parse(name, strlen(name), out,
				      AETHER_DISK_NAME_MAX + 1) >= 0;
}

/* "MAJ:MIN" -> numbers; false if not of that form */
static bool parse_devt(const char *s, unsigned int *maj, unsigned int *min)
{
	unsigned long a, b;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	a = strtoul(s, &end, 10);
	if (*end != ':' || end[1] < '0' || end[1] > '9')
		return false;
	b = strtoul(end + 1, &end, 10);
	if (*end || a > 4095 || b > 1048575)
		return false;
	*maj = (unsigned int)a;
	*min = (unsigned int)b;
	return true;
}

/* The block device maj:min through sysfs: its name, or its disk's */
static int name_of_devt(unsigned int maj, unsigned int min, const char *arg,
			char *out, const char *what)
{
	char link[PATH_MAX + 16], real[PATH_MAX], *base, *slash;

	snprintf(link, sizeof(link), "%s/dev/block/%u:%u", sysfs_root(), maj, min);
	if (!realpath(link, real)) {
		fprintf(stderr, "%s: %s: %s: no block device %u:%u on this system\n",
			PROG, what, arg, maj, min);
		return -1;
	}
	base = strrchr(real, '/');
	base = base ? base + 1 : real;
	snprintf(link, sizeof(link), "%s/partition", real);
	if (!access(link, F_OK)) {
		/* a partition's directory sits in its disk's */
		*(base - 1) = '\0';
		slash = strrchr(real, '/');
		fprintf(stderr, "%s: %s: %s is partition %s of disk %s; aether takes whole disks\n",
			PROG, what, arg, base, slash ? slash + 1 : "?");
		return -1;
	}
	if (!valid_name(base, out)) {
		fprintf(stderr, "%s: %s: %s: kernel name '%s' is not one aether takes\n",
			PROG, what, arg, base);
		return -1;
	}
	return 0;
}

int resolve_disk(const char *arg, char *out, const char *what)
{
	unsigned int maj, min;
	struct stat st;

	if (parse_devt(arg, &maj, &min))
		return name_of_devt(maj, min, arg, out, what);
	if (strchr(arg, '/')) {
		/* stat() follows /dev/disk/by-* links to the node */
		if (stat(arg, &st)) {
			fprintf(stderr, "%s: %s: %s: %s\n", PROG, what, arg, strerror(errno));
			return -1;
		}
		if (!S_ISBLK(st.st_mode)) {
			fprintf(stderr, "%s: %s: %s is not a block device\n", PROG, what, arg);
			return -1;
		}
		return name_of_devt(major(st.st_rdev), minor(st.st_rdev), arg, out, what);
	}
	if (!valid_name(arg, out)) {
		fprintf(stderr, "%s: %s: '%s' is not a disk: give a name (sda, nvme0n1), a /dev path, MAJ:MIN or a /dev/disk/by-id link\n",
			PROG, what, arg);
		return -1;
	}
	return 0;
}
