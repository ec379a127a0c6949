/* fd.h - descriptor flags and moves: close-on-exec, non-blocking mode,
 * putting a descriptor at a given number; and a read that rides out
 * signals. Each returns 0 (fd_read: a count), or -1 with errno set by
 * fcntl/dup2/read. All are async-signal-safe (usable after fork). */
#ifndef DAEMONBOX_FD_H
#define DAEMONBOX_FD_H

#include <sys/types.h>

int fd_cloexec(int fd);
int fd_nonblock(int fd);
/* Makes `to` refer to what `from` refers to and closes `from`. `to` is
 * not close-on-exec afterwards, also when the two are equal (then only
 * that flag is cleared). */
int fd_move(int to, int from);
/* Makes `to` a copy of `from`, leaving `from` open. `to` is not
 * close-on-exec afterwards, also when the two are equal. */
int fd_copy(int to, int from);

/* One read(2) of up to n bytes, retried after EINTR: the count, 0 at end
 * of file, or -1 with errno. */
ssize_t fd_read(int fd, void *buf, size_t n);

#endif
