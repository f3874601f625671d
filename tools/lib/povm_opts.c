// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "povm_opts.h"
#include "../../include/aether/decimal.h"

void povm_opts_init(struct povm_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->preset = AETHER_PRESET_DEFAULT;
	o->window = 16;
}

static int parse_q(const char *arg, aether_q lim_lo, aether_q lim_hi, aether_q *out,
		   const char *what, const char *prog)
{
	if (aether_q_parse(arg, strlen(arg), lim_lo, lim_hi, out)) {
		fprintf(stderr, "%s: --%s: '%s' is not a decimal in range\n",
			prog, what, arg);
		return -1;
	}
	return 1;
}

int povm_opts_parse(struct povm_opts *o, int opt, const char *arg, const char *prog)
{
	char *end;
	unsigned long w;
	int i;

	switch (opt) {
	case OPT_PRESET:
		o->preset = aether_preset_find(arg, strlen(arg));
		if (o->preset < 0) {
			fprintf(stderr, "%s: --preset: unknown preset '%s' (default, hft, gaming)\n",
				prog, arg);
			return -1;
		}
		return 1;
	case OPT_WINDOW:
		w = strtoul(arg, &end, 10);
		if (!*arg || *end || *arg == '-' || w < 1 || w > POVM_WINDOW_MAX) {
			fprintf(stderr, "%s: --window: '%s' is not a number in 1..%d\n",
				prog, arg, POVM_WINDOW_MAX);
			return -1;
		}
		o->window = (unsigned int)w;
		return 1;
	case OPT_EPSILON:
		o->has_epsilon = true;
		return parse_q(arg, AETHER_EPSILON_MIN, AETHER_EPSILON_MAX,
			       &o->custom.epsilon, "epsilon", prog);
	case OPT_PHI:
		o->has_phi = true;
		return parse_q(arg, -AETHER_PHI_LIMIT, AETHER_PHI_LIMIT,
			       &o->custom.phi, "phi", prog);
	case OPT_BIAS:
		o->has_bias = true;
		return parse_q(arg, -AETHER_BIAS_LIMIT, AETHER_BIAS_LIMIT,
			       &o->custom.bias, "bias", prog);
	case OPT_LAMBDA:
		o->has_lambda = true;
		for (i = 0; i < 3; i++) {
			const char *comma = strchr(arg, ',');
			size_t len = comma ? (size_t)(comma - arg) : strlen(arg);

			if ((i < 2) != !!comma ||
			    aether_q_parse(arg, len, -AETHER_LAMBDA_LIMIT,
					   AETHER_LAMBDA_LIMIT, &o->custom.lambda[i])) {
				fprintf(stderr, "%s: --lambda: want three decimals A,B,C in -4..4\n",
					prog);
				return -1;
			}
			arg = comma ? comma + 1 : arg + len;
		}
		return 1;
	}
	return 0;
}

int povm_opts_params(const struct povm_opts *o, struct aether_params *p, const char *prog)
{
	*p = aether_presets[o->preset];
	if (o->has_epsilon)
		p->epsilon = o->custom.epsilon;
	if (o->has_phi)
		p->phi = o->custom.phi;
	if (o->has_lambda)
		memcpy(p->lambda, o->custom.lambda, sizeof(p->lambda));
	if (o->has_bias)
		p->bias = o->custom.bias;
	if (!aether_params_valid(p)) {
		fprintf(stderr, "%s: parameters out of range\n", prog);
		return -1;
	}
	return 0;
}

int decide_opts_parse(int argc, char **argv, const char *prog,
		      void (*usage)(FILE *f), struct povm_opts *o,
		      bool *features, struct aether_params *p)
{
	static const struct option longopts[] = {
		POVM_LONG_OPTIONS,
		{ "features", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt, r;

	povm_opts_init(o);
	*features = false;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "fh", longopts, NULL)) != -1) {
		r = povm_opts_parse(o, opt, optarg, prog);
		if (r < 0)
			return 2;
		if (r)
			continue;
		if (opt == 'f') {
			*features = true;
		} else if (opt == 'h') {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", prog, argv[optind]);
		return 2;
	}
	return povm_opts_params(o, p, prog) ? 2 : -1;
}
