/* obuf.c - buffered, complete writes to a descriptor; used by every tool
 * that prints more than a line (tai64n, tai64nlocal, svstat, multilog). */

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "fd.h"
#include "obuf.h"

void
obuf_init(struct obuf *o, int fd, char *buf, size_t cap)
{
	o->fd = fd;
	o->buf = buf;
	o->cap = cap;
	o->len = 0;
}

int
obuf_write_all(int fd, const char *data, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, data, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += w;
		n -= (size_t)w;
	}
	return 0;
}

int
obuf_flush(struct obuf *o)
{
	size_t done = 0;

	while (done < o->len) {
		ssize_t w = write(o->fd, o->buf + done, o->len - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			/* Keep what was not written at the front. */
			memmove(o->buf, o->buf + done, o->len - done);
			o->len -= done;
			return -1;
		}
		done += (size_t)w;
	}
	o->len = 0;
	return 0;
}

int
obuf_put(struct obuf *o, const char *data, size_t n)
{
	if (n <= o->cap - o->len) {
		memcpy(o->buf + o->len, data, n);
		o->len += n;
		return 0;
	}
	if (obuf_flush(o) < 0)
		return -1;
	/* A chunk at least as large as the buffer goes straight out. */
	if (n >= o->cap)
		return obuf_write_all(o->fd, data, n);
	memcpy(o->buf, data, n);
	o->len = n;
	return 0;
}

int
obuf_puts(struct obuf *o, const char *s)
{
	return obuf_put(o, s, strlen(s));
}

int
obuf_putc(struct obuf *o, char c)
{
	if (o->len == o->cap && obuf_flush(o) < 0)
		return -1;
	o->buf[o->len++] = c;
	return 0;
}

ssize_t
obuf_flush_read(struct obuf *o, int fd, char *buf, size_t n)
{
	if (obuf_flush(o) < 0)
		return -1;
	return fd_read(fd, buf, n);
}
