/* portab.h - the one place that knows which system it is built on. Every
 * OS-dependent choice is made in portab.c, by what the system has: the
 * HAVE_ macros CMake probed into portab_config.h when the build was
 * configured (inotify or kqueue, pidfd_open, kinfo_proc, the subreaper,
 * flock, ...: include/portab_config.h.in lists them), and #ifdef on the
 * headers' own macros for the rest (RLIMIT_AS). The one facility only the
 * system's name tells is the layout of Linux's /proc. Functions return 0
 * or -1 with errno set; none prints, and none exits but the child side of
 * portab_spawn(). */
#ifndef DAEMONBOX_PORTAB_H
#define DAEMONBOX_PORTAB_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Takes an exclusive lock on fd, waiting for it when block is nonzero.
 * flock() where the system has it (the lock belongs to the open file, is
 * shared by fork and kept across exec); otherwise fcntl(F_SETLK/F_SETLKW)
 * on the whole file (belongs to the process; fd must be open for writing).
 * Configuring with -DDAEMONBOX_FCNTL_LOCK=ON forces the fallback, to test
 * it. A lock held elsewhere fails with EWOULDBLOCK/EAGAIN (EACCES from
 * fcntl is turned into EAGAIN). EINTR is returned, not retried. */
int portab_lock_ex(int fd, int block);

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

/* Notification of changes in directories (svscan, svwait): a descriptor
 * that poll() reports readable once something happened in one of the
 * directories it watches (inotify on Linux, kqueue on the BSDs): dir, with
 * PORTAB_DIRWATCH_ALL below, and those given to portab_dirwatch_add().
 * dir NULL: none to start with. It is close-on-exec and non-blocking.
 * Returns it, or -1 with errno ENOSYS where the system has neither (the
 * caller then rescans on a timer), or the error of the call that failed. */
int portab_dirwatch_open(const char *dir);

/* What to watch dir for (the system may report more):
 *   PORTAB_DIRWATCH_ALL  a name created, removed or renamed in dir, and
 *                        dir itself removed or renamed
 *   PORTAB_DIRWATCH_NEW  a name created in dir or moved into it */
#define PORTAB_DIRWATCH_ALL 0
#define PORTAB_DIRWATCH_NEW 1

/* Adds dir (symbolic links followed) to the watch fd. Returns an id >= 0
 * that portab_dirwatch_read() reports dir's events with, or -1 with errno
 * (ENOSYS without notification; ENOSPC or EMFILE when the system's limit
 * on watches or on descriptors is reached: with kqueue each directory
 * holds a descriptor open until its watch is removed). Adding a directory
 * watched already may return the id it has (inotify): the mask grows. */
int portab_dirwatch_add(int fd, const char *dir, int what);

/* Stops watching the directory of id. Fails with EINVAL when the system
 * has dropped the watch itself (inotify, when dir was deleted). */
int portab_dirwatch_remove(int fd, int id);

/* An event of portab_dirwatch_read(): id is that of the directory, or
 * PORTAB_DIRWATCH_LOST when the system dropped events (queue overflow):
 * anything may have changed. name is the entry the event is about where
 * the system says (inotify), else NULL: something in the directory
 * changed (kqueue). */
#define PORTAB_DIRWATCH_LOST (-1)
typedef void portab_dirwatch_fn(void *arg, int id, const char *name);

/* Consumes everything pending on fd, calling fn(arg, id, name) for each
 * event. fn must not add or remove watches. Returns 0 (also when nothing
 * was pending), or -1 with errno set. */
int portab_dirwatch_read(int fd, portab_dirwatch_fn *fn, void *arg);

/* Consumes what is pending on fd without looking at it: the caller takes
 * any event as "look again". Returns 0, or -1 with errno set. */
int portab_dirwatch_drain(int fd);

/* When process pid started, in the system's own unit (Linux: clock ticks
 * since boot, from /proc/PID/stat; FreeBSD: microseconds since the epoch,
 * from kinfo_proc). With the pid it names one process for ever, so a pid
 * reused by a stranger is told apart. Returns 0 and sets *start, or -1
 * with errno (ESRCH: no such process, or one that has exited and waits to
 * be reaped; ENOSYS: not on this system). */
int portab_proc_starttime(pid_t pid, uint64_t *start);

/* A lower bound of the start time, as portab_proc_starttime() will report
 * it, of a child forked after this call, read from a clock instead of the
 * child (Linux: CLOCK_BOOTTIME in clock ticks, as /proc/PID/stat counts;
 * its field 22 is that clock when the child was made). 0 where the system
 * has no such clock: read the child's after the fork. */
uint64_t portab_starttime_floor(void);

/* Whether seen, the start time portab_proc_starttime() reports now, is
 * that of the process whose start time was recorded (by either of the two
 * functions above): equal, or where recorded may be a floor, at most 5
 * clock ticks later. A pid is not reused that fast. */
int portab_starttime_same(uint64_t recorded, uint64_t seen);

/* A start time as portab_proc_starttime() reports it, in microseconds
 * since the Unix epoch (Linux: the boot time from the two clocks now, so
 * a wall clock stepped since the start shifts it). Returns 0, or -1 with
 * errno (ENOSYS where unknown). */
int portab_starttime_unix(uint64_t start, int64_t *usec);

/* A path naming process pid's working directory, into path (len bytes,
 * NUL-terminated): Linux /proc/PID/cwd (a link the kernel follows to it,
 * "/.." included), FreeBSD the path of KERN_PROC_CWD's kinfo_file. Returns
 * 0, or -1 with errno (ESRCH: no such process; ENAMETOOLONG; ENOSYS where
 * unknown). */
int portab_proc_cwd(pid_t pid, char *path, size_t len);

/* A descriptor that poll() reports readable once process pid has exited,
 * for a process that is not our child (Linux: pidfd_open, 5.3 and later;
 * FreeBSD: kqueue with EVFILT_PROC/NOTE_EXIT). Close-on-exec. Returns it,
 * or -1 with errno (ENOSYS where the system offers no such thing). */
int portab_proc_watch(pid_t pid);

/* Pipes, for multilog's no-loss reading. portab_pipe_peek copies up to n
 * bytes from the head of pipe `from` into pipe `to` without consuming them
 * (Linux tee(2)); it never blocks (EAGAIN when from is empty or to is
 * full) and returns the count, 0 when from is empty with no writer left,
 * or -1. Where no such call exists it fails with ENOSYS and the caller
 * reads instead; EINVAL means one of the descriptors is not a pipe. */
long portab_pipe_peek(int from, int to, size_t n);

/* Removes up to n bytes from the head of pipe fd without copying them to
 * user space (splice(2) into devnull, a descriptor open on /dev/null).
 * Returns the count or -1; ENOSYS/EINVAL: the caller reads them instead. */
long portab_pipe_discard(int fd, int devnull, size_t n);

/* Raises the capacity of pipe fd to at least n bytes where the system can
 * (F_SETPIPE_SZ). Returns the capacity, or -1 (ENOSYS elsewhere). */
long portab_pipe_grow(int fd, size_t n);

/* Makes this process the one that orphans of its descendants are given
 * to (Linux: PR_SET_CHILD_SUBREAPER; FreeBSD: PROC_REAP_ACQUIRE), as for
 * an init that is not PID 1. Returns 0, or -1 with errno (ENOSYS: the
 * system has no such thing). */
int portab_subreaper(void);

/* Makes gid the only supplementary group of this process (setgroups(),
 * which is not in POSIX but is on every system built for; ENOSYS where it
 * is missing). */
int portab_setgroups(gid_t gid);

/* Renames from to to unless to exists (any kind of file, an empty
 * directory included): then fails with EEXIST. Linux: renameat2 with
 * RENAME_NOREPLACE, which decides atomically; elsewhere, or on a file
 * system without it: lstat(to), then rename(), so that an empty
 * directory made between the two would be replaced (svimport). */
int portab_rename_noreplace(const char *from, const char *to);

/* Starts a child process that runs child(arg), which must end in execve()
 * or _exit() (returning exits 111). Where the system has vfork() the child
 * borrows this process's memory until then, which saves copying it: so
 * child() may change nothing but its own stack and the process state that
 * is its own (descriptors, signal actions, mask, directory, limits), and
 * this process waits until the child has exec'd or exited. All signals are
 * blocked while the two share memory; child() unblocks them, after
 * resetting caught ones (sig_child_reset()). Returns the child's pid, or
 * -1 with errno from fork. */
pid_t portab_spawn(void (*child)(void *), void *arg);

/* The file this process is running, as an absolute path without symbolic
 * links, for a multicall binary that starts its own applets (svscan,
 * svscanboot). Asks the system first (Linux: readlink of /proc/self/exe;
 * FreeBSD: sysctl KERN_PROC_PATHNAME), and where that fails or is
 * missing, or names a file that is gone, does what portab_find_exe()
 * does. Call it at start-up, before any chdir(): argv0 is the argv[0]
 * this process was executed with, path the PATH it was started with (NULL:
 * "/bin:/usr/bin"). buf must hold PATH_MAX bytes (len is checked: less
 * fails with ENAMETOOLONG). Returns 0, or -1 with errno (ENOENT: argv0
 * found nowhere). No heap. */
int portab_self_exe(const char *argv0, const char *path, char *buf,
    size_t len);

/* Where a program started as argv0 lives, the way a shell found it:
 * argv0 itself when it holds a '/' (relative to the current directory),
 * else the first executable argv0 in the elements of path (an empty
 * element is the current directory; NULL: "/bin:/usr/bin"); made absolute
 * with realpath(). Same buffer, returns and errno as portab_self_exe(). */
int portab_find_exe(const char *argv0, const char *path, char *buf,
    size_t len);

/* What to execute to run applet name of the binary self (the absolute
 * path portab_self_exe() gave): DIR/name when that is the very same file
 * (a link to it, as installing makes), for DIR the directory of self, then
 * the directory argv0 was found in (as portab_find_exe() finds it, links
 * not resolved); else self itself. ps, pgrep and top name a process after
 * the file it executed, so the former shows as "name", the latter as
 * self's name. Writes it into buf (PATH_MAX bytes). Returns 0, or -1 with
 * errno (ENAMETOOLONG: len too small, or self longer than a path). */
int portab_exe_as(const char *self, const char *argv0, const char *path,
    const char *name, char *buf, size_t len);

#endif
