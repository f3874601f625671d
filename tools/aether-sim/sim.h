/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#ifndef _AETHER_SIM_H
#define _AETHER_SIM_H

/* Each subcommand: argv[0] is its name; returns the exit status. */
int cmd_decide(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_heatmap(int argc, char **argv);

#endif /* _AETHER_SIM_H */
