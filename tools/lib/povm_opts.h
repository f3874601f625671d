/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The POVM options every tool accepts: --preset NAME, --window N and the
 * custom parameters --epsilon --phi --lambda a,b,c --bias (decimals).
 */
#ifndef _AETHER_POVM_OPTS_H
#define _AETHER_POVM_OPTS_H

#include <getopt.h>
#include <stdio.h>
#include "../../include/aether/povm.h"

enum {
	OPT_PRESET = 0x100,
	OPT_WINDOW,
	OPT_EPSILON,
	OPT_PHI,
	OPT_LAMBDA,
	OPT_BIAS,
	OPT_POVM_LAST,
};

#define POVM_LONG_OPTIONS					\
	{ "preset", required_argument, NULL, OPT_PRESET },	\
	{ "window", required_argument, NULL, OPT_WINDOW },	\
	{ "epsilon", required_argument, NULL, OPT_EPSILON },	\
	{ "phi", required_argument, NULL, OPT_PHI },		\
	{ "lambda", required_argument, NULL, OPT_LAMBDA },	\
	{ "bias", required_argument, NULL, OPT_BIAS }

#define POVM_OPTS_USAGE \
	"  --preset NAME     default, hft or gaming (default: default)\n" \
	"  --window N        LBAs per window, 1..4096 (default: 16)\n" \
	"  --epsilon X       initial threshold, 0..1\n" \
	"  --phi X           initial basis angle, -8..8 radians\n" \
	"  --lambda A,B,C    threshold rate, basis rate, fetch scale, each -4..4\n" \
	"  --bias X          sigmoid bias, -8..8\n"

#define POVM_WINDOW_MAX	4096

struct povm_opts {
	int preset;
	unsigned int window;
	/* custom values override the preset's, field by field */
	bool has_epsilon, has_phi, has_lambda, has_bias;
	struct aether_params custom;
};

void povm_opts_init(struct povm_opts *o);
/*
 * Handle one getopt_long() result.  Returns 1 if it was a POVM option, 0 if
 * not, -1 after printing an error for a bad value.
 */
int povm_opts_parse(struct povm_opts *o, int opt, const char *arg, const char *prog);
/* The preset with the custom values applied; -1 (and a message) if invalid. */
int povm_opts_params(const struct povm_opts *o, struct aether_params *p, const char *prog);

/*
 * The whole command line of a `decide` command (aether-sim's and
 * aetherctl's share it): the POVM options, --features and --help.  Fills o,
 * *features and p and returns -1 to go on, or the exit status to end with
 * (0 after --help, 2 after a message about a bad option or argument).
 */
int decide_opts_parse(int argc, char **argv, const char *prog,
		      void (*usage)(FILE *f), struct povm_opts *o,
		      bool *features, struct aether_params *p);

#endif /* _AETHER_POVM_OPTS_H */
