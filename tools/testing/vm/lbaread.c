// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vm-lbaread DEVICE [BYTES] < lbas: one O_DIRECT read of BYTES (default
 * 4096) at each 512-byte sector listed on stdin, in order, so each becomes
 * exactly one read bio at exactly that sector.  The VM tests use it to feed
 * an attached disk a known LBA sequence.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long long lba, n = 0;
	size_t bytes = 4096;
	void *buf;
	int fd;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: vm-lbaread DEVICE [BYTES] < lbas\n");
		return 2;
	}
	if (argc == 3)
		bytes = strtoul(argv[2], NULL, 10);
	if (!bytes || bytes % 512) {
		fprintf(stderr, "vm-lbaread: BYTES must be a multiple of 512\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_DIRECT);
	if (fd < 0 || posix_memalign(&buf, 4096, bytes)) {
		perror(argv[1]);
		return 1;
	}
	while (scanf("%llu", &lba) == 1) {
		if (pread(fd, buf, bytes, (off_t)(lba * 512)) != (ssize_t)bytes) {
			fprintf(stderr, "vm-lbaread: read at sector %llu failed\n", lba);
			return 1;
		}
		n++;
	}
	close(fd);
	printf("%llu reads\n", n);
	return 0;
}
