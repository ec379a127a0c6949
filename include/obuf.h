/* obuf.h - buffered output to a file descriptor. The caller owns the
 * buffer memory (a static or stack array), so nothing here allocates.
 * Writes are complete: short writes are continued and EINTR is retried.
 * Functions return 0, or -1 with errno set by write(2); after an error the
 * unwritten bytes stay in the buffer. */
#ifndef DAEMONBOX_OBUF_H
#define DAEMONBOX_OBUF_H

#include <stddef.h>
#include <sys/types.h>

struct obuf {
	int fd;
	char *buf;
	size_t cap;
	size_t len;
};

void obuf_init(struct obuf *o, int fd, char *buf, size_t cap);
int obuf_put(struct obuf *o, const char *data, size_t n);
int obuf_puts(struct obuf *o, const char *s);
int obuf_putc(struct obuf *o, char c);
int obuf_flush(struct obuf *o);

/* For a filter: writes out what o holds, so that nothing waits in it while
 * the input pauses, then makes one read of up to n bytes of fd into buf
 * (EINTR retried). Returns the count, 0 at end of file, or -1 with errno
 * (from the write or the read). */
ssize_t obuf_flush_read(struct obuf *o, int fd, char *buf, size_t n);

/* Writes all n bytes of data to fd, retrying short writes and EINTR. */
int obuf_write_all(int fd, const char *data, size_t n);

#endif
