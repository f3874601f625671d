/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * aetherctl: the command line for the aether module.  sysfs.c drives
 * /sys/kernel/aether (attach, detach, list, get, set), stats.c reads the
 * counters there, knobs.c knows every knob and its range, disk.c turns
 * what an admin calls a disk into the kernel's name, json.c prints JSON;
 * dev.c drives /dev/aether (version, watch, decide).
 */
#ifndef _AETHERCTL_H
#define _AETHERCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define PROG		"aetherctl"
#define DEV_PATH	"/dev/aether"

/*
 * aetherctl's own version: the module's AETHER_VERSION (module/aether.h);
 * tools/testing/test_aetherctl_cli.sh checks they agree.
 */
#define AETHERCTL_VERSION	"0.3.0"

/* Set by --json anywhere on the command line of a read-only command. */
extern bool opt_json;

/* Each command: argv[0] is its name; returns the exit status. */
int cmd_attach(int argc, char **argv);
int cmd_detach(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_get(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_decide(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_attach_configured(int argc, char **argv);

/* sysfs.c: where sysfs is ($AETHER_SYSFS, default /sys), for tests */
const char *sysfs_root(void);
/* $root/kernel/aether */
const char *aether_dir(void);
/* "aetherctl: the aether module is not loaded ..." when it is not */
bool module_loaded(void);
void not_loaded(void);
/* 0 or an errno; buf gets the contents without the trailing newline */
int read_file(const char *path, char *buf, size_t size);
/* a disk's attribute file: 0 or an errno */
int read_disk_file(const char *disk, const char *file, char *buf, size_t size);
/* sorted names of the attached disks; returns how many (max n), -1 on error */
int attached_disks(char names[][32], int n);

/* disk.c: DISK as a name, /dev path, MAJ:MIN or /dev/disk/by-* link into
 * the kernel's name (out: 32 bytes); prints why not and returns -1. */
int resolve_disk(const char *arg, char *out, const char *what);

/* knobs.c */
struct knob {
	const char *name;
	unsigned int flags;
	const char *range;	/* what it takes, for help and errors */
	const char *help;	/* its effect */
};
#define KNOB_GLOBAL	0x1	/* /sys/kernel/aether/KNOB */
#define KNOB_DISK	0x2	/* devices/<disk>/KNOB */
#define KNOB_RO		0x4	/* read-only */

const struct knob *knob_find(const char *name);
/* true if value is one the knob takes; else prints the range and false */
bool knob_value_ok(const struct knob *k, const char *value, const char *spec);
/* the knob list for --help */
void knobs_help(FILE *f);
/* "global: a b c; per-disk: d e f" for errors */
void knobs_list(FILE *f, unsigned int scope);

/* json.c: minimal JSON writing */
void json_str(FILE *f, const char *s);
/* s as a JSON number if it is one, else as a string */
void json_value(FILE *f, const char *s);

/* Parse a decimal in lo..hi for an option; prints the range and -1 if not. */
int parse_num(const char *arg, unsigned long long lo, unsigned long long hi,
	      const char *what, unsigned long long *out);

#endif /* _AETHERCTL_H */
