/* lock.c - opening lock files and taking exclusive locks; used by
 * supervise (supervise/lock), setlock and multilog. */

#include <fcntl.h>

#include "lock.h"
#include "portab.h"

int
lock_open(const char *path, int flags)
{
	int of = O_WRONLY | O_APPEND | O_CREAT;

	if (flags & LOCK_OPEN_NONBLOCK)
		of |= O_NONBLOCK;
	if (flags & LOCK_OPEN_CLOEXEC)
		of |= O_CLOEXEC;
	return open(path, of, 0600);
}

int
lock_ex(int fd)
{
	return portab_lock_ex(fd, 1);
}

int
lock_exnb(int fd)
{
	return portab_lock_ex(fd, 0);
}
