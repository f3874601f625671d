// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * A trace file's bytes, whole, in memory: plain, or through xz, gzip, zstd
 * or bzip2 when the name ends .xz, .gz, .zst or .bz2.  A compressed or
 * binary file under any other name is refused: parsed as text it would
 * only yield malformed lines, and a replay of nothing looks like a result.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "trace.h"

static const struct codec {
	const char *suffix, *tool, *magic;
	size_t magic_len;
} codecs[] = {
	{ ".xz", "xz", "\xfd" "7zXZ", 5 },
	{ ".gz", "gzip", "\x1f\x8b", 2 },
	{ ".zst", "zstd", "\x28\xb5\x2f\xfd", 4 },
	{ ".bz2", "bzip2", "BZh", 3 },
};

#define NR_CODECS (sizeof(codecs) / sizeof(codecs[0]))

static const struct codec *codec_by_name(const char *path)
{
	size_t n = strlen(path), i, s;

	for (i = 0; i < NR_CODECS; i++) {
		s = strlen(codecs[i].suffix);
		if (n > s && !strcmp(path + n - s, codecs[i].suffix))
			return &codecs[i];
	}
	return NULL;
}

static int read_all(int fd, char **buf, size_t *len)
{
	size_t cap = 1 << 20, n = 0;
	char *b = malloc(cap), *nb;
	ssize_t got;

	if (!b)
		return -1;
	for (;;) {
		got = read(fd, b + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
		if (n == cap) {
			cap *= 2;
			nb = realloc(b, cap);
			if (!nb) {
				free(b);
				errno = ENOMEM;
				return -1;
			}
			b = nb;
		}
	}
	if (got < 0) {
		free(b);
		return -1;
	}
	*buf = b;
	*len = n;
	return 0;
}

/* The output of `tool -dc` on the file open at in; -1 after printing why. */
static int read_filtered(int in, const struct codec *c, const char *path,
			 const char *prog, char **buf, size_t *len)
{
	int p[2], status, rc, saved;
	pid_t pid;

	if (pipe(p)) {
		fprintf(stderr, "%s: pipe: %s\n", prog, strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "%s: fork: %s\n", prog, strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (!pid) {
		/* the file on stdin: no path through an argv or a shell */
		dup2(in, 0);
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		signal(SIGPIPE, SIG_DFL);
		execlp(c->tool, c->tool, "-dc", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	rc = read_all(p[0], buf, len);
	saved = errno;
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rc) {
		fprintf(stderr, "%s: %s: cannot read %s's output: %s\n", prog, path,
			c->tool, strerror(saved));
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		fprintf(stderr, "%s: %s: cannot run %s to decompress it: install %s or decompress the file first\n",
			prog, path, c->tool, c->tool);
	} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "%s: %s: %s -dc failed: not a valid %s file?\n",
			prog, path, c->tool, c->suffix);
	} else {
		return 0;
	}
	free(*buf);
	*buf = NULL;
	return -1;
}

int trace_read_file(const char *path, const char *prog, char **buf, size_t *len)
{
	const struct codec *c = strcmp(path, "-") ? codec_by_name(path) : NULL;
	const char *nul;
	size_t i;
	int fd, rc;

	fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : 0;
	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return -1;
	}
	if (c) {
		rc = read_filtered(fd, c, path, prog, buf, len);
	} else {
		rc = read_all(fd, buf, len);
		if (rc)
			fprintf(stderr, "%s: %s: cannot read: %s\n", prog, path,
				strerror(errno));
	}
	if (fd)
		close(fd);
	if (rc)
		return -1;
	for (i = 0; !c && i < NR_CODECS; i++) {
		if (*len >= codecs[i].magic_len &&
		    !memcmp(*buf, codecs[i].magic, codecs[i].magic_len)) {
			fprintf(stderr, "%s: %s: %s-compressed data: name the file *%s or decompress it (%s -dc)\n",
				prog, path, codecs[i].tool, codecs[i].suffix, codecs[i].tool);
			goto refuse;
		}
	}
	nul = memchr(*buf, '\0', *len);
	if (nul) {
		fprintf(stderr, "%s: %s: binary data (a NUL byte at offset %zu), not a text trace\n",
			prog, path, (size_t)(nul - *buf));
		goto refuse;
	}
	return 0;
refuse:
	free(*buf);
	*buf = NULL;
	return -1;
}
