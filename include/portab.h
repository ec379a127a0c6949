/* portab.h - the one place that knows which system it is built on. Every
 * OS-dependent choice is made in portab.c behind a feature test (#ifdef
 * RLIMIT_AS, #ifdef LOCK_EX), never an OS name where a feature test will do.
 * Functions return 0 or -1 with errno set; none prints or exits. */
#ifndef DAEMONBOX_PORTAB_H
#define DAEMONBOX_PORTAB_H

#include <stddef.h>

/* Takes an exclusive lock on fd, waiting for it when block is nonzero.
 * flock() where the system has it (the lock belongs to the open file, is
 * shared by fork and kept across exec); otherwise fcntl(F_SETLK/F_SETLKW)
 * on the whole file (belongs to the process; fd must be open for writing).
 * Building with -DPORTAB_FCNTL_LOCK forces the fallback, to test it.
 * A lock held elsewhere fails with EWOULDBLOCK/EAGAIN (EACCES from fcntl is
 * turned into EAGAIN). EINTR is returned, not retried. */
int portab_lock_ex(int fd, int block);

/* 1 when locks come from flock(), 0 with the fcntl fallback. */
int portab_lock_is_flock(void);

/* Most resources one softlimit option sets (-m: data, stack, memlock, as,
 * vmem). */
#define PORTAB_RLIMIT_MAX 5

/* The RLIMIT_* resources softlimit's option letter opt sets, in the order
 * it sets them, each once (RLIMIT_OFILE and RLIMIT_VMEM are dropped where
 * they alias RLIMIT_NOFILE and RLIMIT_AS). Stores them in res and returns
 * how many; 0 for a letter that is not an option, or one whose resources
 * this system lacks (the option is then accepted and does nothing, as in
 * daemontools 0.76). The letters: a c d f l m o p r s t. */
size_t portab_rlimits(char opt, int res[PORTAB_RLIMIT_MAX]);

/* A notification channel for a directory's entries (svscan): a descriptor
 * that poll() reports readable after a name in dir was created, removed or
 * renamed (inotify on Linux, kqueue on the BSDs). It is close-on-exec and
 * non-blocking. Returns it, or -1 with errno ENOSYS where the system has
 * neither (the caller then rescans on a timer), or the error of the call
 * that failed. */
int portab_dirwatch_open(const char *dir);

/* Consumes what is pending on a dirwatch descriptor. Returns 0, or -1 with
 * errno set; EAGAIN (nothing pending) is not an error. */
int portab_dirwatch_drain(int fd);

#endif
