/* fd.c - descriptor flag and placement helpers shared by the tools that
 * set up children (svscan, supervise, fghack) or talk to fifos (svc), and
 * the read of the filters (tai64n, tai64nlocal, readproctitle). */

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "fd.h"

/* Sets or clears flag with the fcntl pair get/set (F_GETFD/F_SETFD for
 * descriptor flags, F_GETFL/F_SETFL for status flags). */
static int
set_flag(int fd, int get, int set, int flag, int on)
{
	int f = fcntl(fd, get);

	if (f < 0)
		return -1;
	return fcntl(fd, set, on ? (f | flag) : (f & ~flag)) < 0 ? -1 : 0;
}

int
fd_cloexec(int fd)
{
	return set_flag(fd, F_GETFD, F_SETFD, FD_CLOEXEC, 1);
}

int
fd_nonblock(int fd)
{
	return set_flag(fd, F_GETFL, F_SETFL, O_NONBLOCK, 1);
}

int
fd_copy(int to, int from)
{
	/* dup2 onto itself would leave close-on-exec as it is. */
	if (to == from)
		return set_flag(to, F_GETFD, F_SETFD, FD_CLOEXEC, 0);
	return dup2(from, to) < 0 ? -1 : 0;
}

int
fd_move(int to, int from)
{
	if (to == from)
		return set_flag(to, F_GETFD, F_SETFD, FD_CLOEXEC, 0);
	if (dup2(from, to) < 0)
		return -1;
	(void)close(from);	/* from is valid: dup2 just used it */
	return 0;
}

ssize_t
fd_read(int fd, void *buf, size_t n)
{
	ssize_t r;

	do
		r = read(fd, buf, n);
	while (r < 0 && errno == EINTR);
	return r;
}
