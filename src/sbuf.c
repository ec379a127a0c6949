/* sbuf.c - growable strings for svimport's modules (ini, supconf, supmap). */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "num.h"
#include "sbuf.h"

int
sbuf_put(struct sbuf *b, const char *p, size_t n)
{
	if (b->failed) {
		errno = ENOMEM;
		return -1;
	}
	if (b->len + n + 1 > b->cap || !b->s) {
		size_t cap = b->cap ? b->cap : 64;
		char *s;

		while (cap < b->len + n + 1) {
			if (cap > (size_t)-1 / 2)
				goto nomem;
			cap *= 2;
		}
		s = realloc(b->s, cap);
		if (!s)
			goto nomem;
		b->s = s;
		b->cap = cap;
	}
	if (n && p)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = 0;
	return 0;
nomem:
	b->failed = 1;
	errno = ENOMEM;
	return -1;
}

int
sbuf_puts(struct sbuf *b, const char *s)
{
	return sbuf_put(b, s, strlen(s));
}

int
sbuf_putc(struct sbuf *b, char c)
{
	return sbuf_put(b, &c, 1);
}

int
sbuf_putnum(struct sbuf *b, unsigned long long u)
{
	char d[NUM_FMT_ULONG];

	return sbuf_put(b, d, num_fmt_ulong(d, u));
}

int
sbuf_readfile(struct sbuf *b, const char *path)
{
	char chunk[1024];
	size_t had = b->len;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC), e;

	if (fd < 0)
		return -1;
	while ((r = read(fd, chunk, sizeof chunk)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || sbuf_put(b, chunk, (size_t)r) < 0) {
			e = errno;
			(void)close(fd);	/* read-only: nothing to lose */
			if (b->s) {
				b->len = had;
				b->s[had] = 0;
			}
			errno = e;
			return -1;
		}
	}
	(void)close(fd);	/* read-only: nothing to lose */
	return 0;
}

char *
sbuf_done(struct sbuf *b, size_t *len)
{
	char *s;

	if (!b->failed && !b->s)
		(void)sbuf_put(b, "", 0);	/* "" rather than NULL */
	if (b->failed) {
		sbuf_free(b);
		errno = ENOMEM;
		return 0;
	}
	s = b->s;
	if (len)
		*len = b->len;
	b->s = 0;
	b->len = b->cap = 0;
	return s;
}

void
sbuf_free(struct sbuf *b)
{
	free(b->s);
	b->s = 0;
	b->len = b->cap = 0;
	b->failed = 0;
}
