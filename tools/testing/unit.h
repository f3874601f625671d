/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace unit tests' harness, one copy for every test program:
 * CHECK() counts a condition that does not hold and says where;
 * UNIT_RUN() runs each test function, prints "ok" or "FAIL" per test and
 * one "RESULT <suite> passed=N failed=M" line (scripts/check.sh adds them
 * up), and gives main() its exit status.  Each test program is one
 * translation unit, so the state lives here.
 */
#ifndef AETHER_TESTING_UNIT_H
#define AETHER_TESTING_UNIT_H

#include <stddef.h>
#include <stdio.h>

static int failed_checks;

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		failed_checks++;					\
		printf("  FAIL %s:%d: %s: ", __func__, __LINE__, #cond);	\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

struct unit_test {
	const char *name;
	void (*fn)(void);
};

/* A test passes when none of its CHECKs failed. */
static int unit_run(const char *suite, const struct unit_test *tests,
		    size_t n)
{
	int passed = 0, failed = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		int before = failed_checks;

		tests[i].fn();
		if (failed_checks == before) {
			passed++;
			printf("ok   %s\n", tests[i].name);
		} else {
			failed++;
			printf("FAIL %s\n", tests[i].name);
		}
	}
	printf("RESULT %s passed=%d failed=%d\n", suite, passed, failed);
	return failed ? 1 : 0;
}

#define UNIT_RUN(suite, tests) \
	unit_run(suite, tests, sizeof(tests) / sizeof((tests)[0]))

#endif
