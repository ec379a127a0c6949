/* fd.c - descriptor flag and placement helpers shared by the tools that
 * set up children (svscan, supervise, fghack) or talk to fifos (svc). */

#include <fcntl.h>
#include <unistd.h>

#include "fd.h"

static int
set_fd_flag(int fd, int flag, int on)
{
	int f = fcntl(fd, F_GETFD);

	if (f < 0)
		return -1;
	return fcntl(fd, F_SETFD, on ? (f | flag) : (f & ~flag));
}

static int
set_fl_flag(int fd, int flag, int on)
{
	int f = fcntl(fd, F_GETFL);

	if (f < 0)
		return -1;
	return fcntl(fd, F_SETFL, on ? (f | flag) : (f & ~flag));
}

int
fd_cloexec(int fd)
{
	return set_fd_flag(fd, FD_CLOEXEC, 1) < 0 ? -1 : 0;
}

int
fd_nonblock(int fd)
{
	return set_fl_flag(fd, O_NONBLOCK, 1) < 0 ? -1 : 0;
}

int
fd_block(int fd)
{
	return set_fl_flag(fd, O_NONBLOCK, 0) < 0 ? -1 : 0;
}

int
fd_copy(int to, int from)
{
	/* dup2 onto itself would leave close-on-exec as it is. */
	if (to == from)
		return set_fd_flag(to, FD_CLOEXEC, 0) < 0 ? -1 : 0;
	return dup2(from, to) < 0 ? -1 : 0;
}

int
fd_move(int to, int from)
{
	if (to == from)
		return set_fd_flag(to, FD_CLOEXEC, 0) < 0 ? -1 : 0;
	if (dup2(from, to) < 0)
		return -1;
	(void)close(from);	/* from is valid: dup2 just used it */
	return 0;
}
