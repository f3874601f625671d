/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * aetherctl: the command line for the aether module.  sysfs.c drives
 * /sys/kernel/aether (attach, detach, list, get, set); dev.c drives
 * /dev/aether (version, stats, watch, decide).
 */
#ifndef _AETHERCTL_H
#define _AETHERCTL_H

#include <stdbool.h>

#define PROG		"aetherctl"
#define SYSFS_DIR	"/sys/kernel/aether"
#define DEV_PATH	"/dev/aether"

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

/* "aetherctl: the aether module is not loaded ..." when it is not */
bool module_loaded(void);
void not_loaded(void);

#endif /* _AETHERCTL_H */
