/* fifo.c - creating and opening supervise/control and supervise/ok, for
 * supervise (reader), svc and svok (writers). */

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifo.h"

int
fifo_make(const char *path)
{
	if (mkfifo(path, 0600) == 0 || errno == EEXIST)
		return 0;
	return -1;
}

int
fifo_open_read(const char *path)
{
	return open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
}

int
fifo_open_write(const char *path)
{
	return open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
}

int
fifo_open_held(const char *path, int *rfd, int *wfd, char *which)
{
	int r, w, e;

	*rfd = *wfd = -1;
	r = fifo_open_read(path);
	if (r < 0) {
		*which = 'r';
		return -1;
	}
	/* The reader exists now, so this open cannot fail with ENXIO. */
	w = fifo_open_write(path);
	if (w < 0) {
		e = errno;
		(void)close(r);	/* r is ours and valid */
		errno = e;
		*which = 'w';
		return -1;
	}
	*rfd = r;
	*wfd = w;
	return 0;
}

int
fifo_is_fifo(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -1;
	return S_ISFIFO(st.st_mode) ? 1 : 0;
}
