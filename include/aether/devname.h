/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Disk names as sysfs writes, module parameters and ioctls carry them
 * ("nullb0", "vdb", "nvme0n1", "dm-0", "cciss!c0d0").  Checked here, before
 * any lookup, so a hostile string never reaches the block layer.
 */
#ifndef _AETHER_DEVNAME_H
#define _AETHER_DEVNAME_H

#include "types.h"

/* Longest name, without its NUL (the kernel's DISK_NAME_LEN is 32) */
#define AETHER_DISK_NAME_MAX	31

/*
 * Validate the name in s[0..len): one optional trailing newline, then 1 to
 * AETHER_DISK_NAME_MAX characters from [A-Za-z0-9_.!-], starting with a
 * letter or digit.  On success copies it NUL-terminated into out (size bytes,
 * at least AETHER_DISK_NAME_MAX + 1) and returns its length; returns -1 and
 * leaves out alone otherwise.
 */
int aether_disk_name_parse(const char *s, size_t len, char *out, size_t size);

/*
 * A disk given by number, "MAJ:MIN" (decimal, as in /proc/partitions and
 * /sys/dev/block), with an optional trailing newline.  Each part must fit
 * the kernel's dev_t (12-bit major, 20-bit minor).  Returns 0, or -1 with
 * *major and *minor unspecified.
 */
#define AETHER_DEVNUM_MAJOR_LIMIT	4096u
#define AETHER_DEVNUM_MINOR_LIMIT	1048576u
int aether_devnum_parse(const char *s, size_t len, u32 *major,
			u32 *minor);

/*
 * Walk a list of names separated by commas, spaces or newlines: returns the
 * start of the next item at or after *pos in s[0..len) and sets *item_len, or
 * returns NULL at the end.  *pos advances past the item.
 */
const char *aether_name_list_next(const char *s, size_t len, size_t *pos,
				  size_t *item_len);

#endif /* _AETHER_DEVNAME_H */
