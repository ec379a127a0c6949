/* lock.h - exclusive locks on files: supervise/lock (non-blocking, held
 * for supervise's lifetime), setlock's FILE, multilog's directory lock.
 * The locking call itself is portab_lock_ex() (flock, or fcntl where flock
 * is missing). Functions return 0 (or a descriptor), or -1 with errno set;
 * none prints or exits. A lock held by someone else fails with EAGAIN or
 * EWOULDBLOCK (daemontools: "temporary failure"). */
#ifndef DAEMONBOX_LOCK_H
#define DAEMONBOX_LOCK_H

/* Flags for lock_open(). */
#define LOCK_OPEN_NONBLOCK 1	/* O_NONBLOCK, as supervise and setlock do */
#define LOCK_OPEN_CLOEXEC 2	/* not inherited across exec (supervise) */

/* Opens path for locking: O_WRONLY|O_APPEND|O_CREAT, mode 0600 (before the
 * umask), never truncated, plus the flags above. Returns the descriptor
 * (the lowest free one, as open(2) does). */
int lock_open(const char *path, int flags);

/* Takes an exclusive lock on fd, waiting until it is free. EINTR is
 * returned to the caller, not retried. */
int lock_ex(int fd);

/* Takes an exclusive lock on fd, or fails at once with EAGAIN/EWOULDBLOCK
 * when it is held. */
int lock_exnb(int fd);

#endif
