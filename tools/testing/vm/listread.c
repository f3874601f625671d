// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vm-listread FILE N SEED: N buffered 4 KiB reads of FILE, each at a
 * distinct 4 KiB block drawn from a fixed (SEED) random permutation of the
 * file's blocks, the same list each run: a program whose start reads the
 * same blocks in the same non-strided order every time.  Prints the
 * milliseconds the reads took.  Little CPU per read, so that under qemu's
 * emulation the disk's latency, not the reader, sets the time.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static unsigned long long next(unsigned long long *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

int main(int argc, char **argv)
{
	unsigned long long seed, blocks, n, i, j, t;
	unsigned long long *perm;
	struct timespec a, b;
	static char buf[4096];
	struct stat st;
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: vm-listread FILE N SEED\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || fstat(fd, &st)) {
		perror(argv[1]);
		return 1;
	}
	n = strtoull(argv[2], NULL, 10);
	seed = strtoull(argv[3], NULL, 10) | 1;
	blocks = st.st_size / 4096;
	if (!blocks || n > blocks)
		return 2;
	perm = malloc(blocks * sizeof(*perm));
	if (!perm)
		return 1;
	for (i = 0; i < blocks; i++)
		perm[i] = i;
	for (i = 0; i < n; i++) {	/* the first n of a Fisher-Yates shuffle */
		j = i + next(&seed) % (blocks - i);
		t = perm[i];
		perm[i] = perm[j];
		perm[j] = t;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		if (pread(fd, buf, sizeof(buf), (off_t)(perm[i] * 4096)) != sizeof(buf)) {
			fprintf(stderr, "vm-listread: read failed\n");
			return 1;
		}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%lld\n", (long long)((b.tv_sec - a.tv_sec) * 1000 +
				     (b.tv_nsec - a.tv_nsec) / 1000000));
	return 0;
}
