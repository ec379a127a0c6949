/* fd.h - descriptor flags and moves: close-on-exec, non-blocking mode,
 * putting a descriptor at a given number. Each returns 0, or -1 with errno
 * set by fcntl/dup2. All are async-signal-safe (usable after fork). */
#ifndef DAEMONBOX_FD_H
#define DAEMONBOX_FD_H

int fd_cloexec(int fd);
int fd_nonblock(int fd);
int fd_block(int fd);
/* Makes `to` refer to what `from` refers to and closes `from`. `to` is
 * not close-on-exec afterwards, also when the two are equal (then only
 * that flag is cleared). */
int fd_move(int to, int from);
/* Makes `to` a copy of `from`, leaving `from` open. `to` is not
 * close-on-exec afterwards, also when the two are equal. */
int fd_copy(int to, int from);

#endif
