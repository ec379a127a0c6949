/* portab.c - everything that differs between the systems daemonbox is
 * built for: file locks (lock.c), softlimit's resource limits, directory
 * watches (svscan, svwait), process start times and exit watches
 * (supervise's adoption), pipe peeking for multilog, the orphan reaper
 * (svscan -i), child creation with vfork (supervise, svscan), setgroups
 * (account.c), where this executable lives (svscan, svscanboot), renaming
 * without replacing (svimport), and a process's start in wall-clock time
 * and its directory (adopting a service left by daemontools 0.76). */

/* What this system has, as probed when the build was configured: only
 * macros, so it comes first (it may ask for _GNU_SOURCE). */
#include "portab_config.h"

/* tee(2), splice(2) and F_SETPIPE_SZ are GNU extensions in glibc's
 * headers, and were probed with _GNU_SOURCE. */
#if (defined(HAVE_TEE_SPLICE) || defined(HAVE_F_SETPIPE_SZ)) && \
    !defined(_GNU_SOURCE)
#define _GNU_SOURCE 1	/* NOLINT(bugprone-reserved-identifier,cert-dcl37-c) */
#endif

#include <sys/types.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "num.h"
#include "portab.h"

#ifdef HAVE_FLOCK
#include <sys/file.h>
#endif
#ifdef HAVE_INOTIFY
#include <sys/inotify.h>
#elif defined(HAVE_KQUEUE)
#define DIRWATCH_KQUEUE 1
#endif
#if defined(HAVE_PIDFD_OPEN) || defined(HAVE_RENAMEAT2)
#include <sys/syscall.h>
#endif
#if !defined(HAVE_PIDFD_OPEN) && defined(HAVE_KQUEUE_PROC)
#define PROCWATCH_KQUEUE 1
#endif
#if defined(DIRWATCH_KQUEUE) || defined(PROCWATCH_KQUEUE)
#include <sys/event.h>
#include <sys/time.h>
#endif
#if !defined(HAVE_PROC_PID_STAT) && defined(HAVE_KINFO_PROC)
#define STARTTIME_KINFO 1
#endif
#if defined(STARTTIME_KINFO) || \
    (!defined(HAVE_PROC_SELF_EXE) && defined(HAVE_KERN_PROC_PATHNAME))
#include <sys/sysctl.h>
#endif
#ifdef STARTTIME_KINFO
#include <sys/user.h>
#endif
#ifdef HAVE_PR_SET_CHILD_SUBREAPER
#include <sys/prctl.h>
#elif defined(HAVE_PROCCTL_REAP)
#include <sys/procctl.h>
#endif

int
portab_lock_ex(int fd, int block)
{
#ifdef HAVE_FLOCK
	return flock(fd, block ? LOCK_EX : LOCK_EX | LOCK_NB) < 0 ? -1 : 0;
#else
	struct flock fl;

	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = 0;
	fl.l_len = 0;	/* to the end of the file, however it grows */
	if (fcntl(fd, block ? F_SETLKW : F_SETLK, &fl) == 0)
		return 0;
	/* POSIX lets F_SETLK report a held lock as EACCES; flock never does. */
	if (errno == EACCES)
		errno = EAGAIN;
	return -1;
#endif
}

/* One row per resource, in the order softlimit sets them for its letter
 * (verified against 0.76 with strace: -m sets data, stack, memlock, as). */
static const struct {
	char opt;
	int res;
} rlimits[] = {
#ifdef RLIMIT_AS
	{ 'a', RLIMIT_AS },
#endif
#ifdef RLIMIT_VMEM
	{ 'a', RLIMIT_VMEM },
#endif
#ifdef RLIMIT_CORE
	{ 'c', RLIMIT_CORE },
#endif
#ifdef RLIMIT_DATA
	{ 'd', RLIMIT_DATA },
#endif
#ifdef RLIMIT_FSIZE
	{ 'f', RLIMIT_FSIZE },
#endif
#ifdef RLIMIT_MEMLOCK
	{ 'l', RLIMIT_MEMLOCK },
#endif
#ifdef RLIMIT_DATA
	{ 'm', RLIMIT_DATA },
#endif
#ifdef RLIMIT_STACK
	{ 'm', RLIMIT_STACK },
#endif
#ifdef RLIMIT_MEMLOCK
	{ 'm', RLIMIT_MEMLOCK },
#endif
#ifdef RLIMIT_AS
	{ 'm', RLIMIT_AS },
#endif
#ifdef RLIMIT_VMEM
	{ 'm', RLIMIT_VMEM },
#endif
#ifdef RLIMIT_NOFILE
	{ 'o', RLIMIT_NOFILE },
#endif
#ifdef RLIMIT_OFILE
	{ 'o', RLIMIT_OFILE },
#endif
#ifdef RLIMIT_NPROC
	{ 'p', RLIMIT_NPROC },
#endif
#ifdef RLIMIT_RSS
	{ 'r', RLIMIT_RSS },
#endif
#ifdef RLIMIT_STACK
	{ 's', RLIMIT_STACK },
#endif
#ifdef RLIMIT_CPU
	{ 't', RLIMIT_CPU },
#endif
};

size_t
portab_rlimits(char opt, int res[PORTAB_RLIMIT_MAX])
{
	size_t i, j, n = 0;

	for (i = 0; i < sizeof rlimits / sizeof rlimits[0]; ++i) {
		if (rlimits[i].opt != opt)
			continue;
		/* Aliases (OFILE = NOFILE, VMEM = AS) compare equal here,
		 * where #if cannot see enum values. */
		for (j = 0; j < n; ++j)
			if (res[j] == rlimits[i].res)
				break;
		if (j == n && n < PORTAB_RLIMIT_MAX)
			res[n++] = rlimits[i].res;
	}
	return n;
}

#ifdef HAVE_INOTIFY
static int
dirwatch_new(void)
{
	return inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
}

int
portab_dirwatch_add(int fd, const char *dir, int what)
{
	/* IN_MASK_ADD: a directory watched already (a service linked to the
	 * scan directory itself) keeps what it was watched for. */
	uint32_t mask = IN_CREATE | IN_MOVED_TO | IN_ONLYDIR | IN_MASK_ADD;

	if (what == PORTAB_DIRWATCH_ALL)
		mask |= IN_DELETE | IN_MOVED_FROM | IN_DELETE_SELF | IN_MOVE_SELF;
	return inotify_add_watch(fd, dir, mask);
}

int
portab_dirwatch_remove(int fd, int id)
{
	return inotify_rm_watch(fd, id);
}

int
portab_dirwatch_read(int fd, portab_dirwatch_fn *fn, void *arg)
{
	/* Aligned as inotify's records need. */
	union { struct inotify_event ev; char buf[4096]; } u;

	for (;;) {
		ssize_t r = read(fd, u.buf, sizeof u.buf);
		size_t at = 0;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (r <= 0)
			return (int)r;
		/* Each record: the header, then len bytes of name padded
		 * with NULs so that the next header is aligned. */
		while (at + sizeof u.ev <= (size_t)r) {
			struct inotify_event ev;
			const char *name = u.buf + at + sizeof ev;

			memcpy(&ev, u.buf + at, sizeof ev);
			at += sizeof ev + ev.len;
			if (ev.mask & IN_Q_OVERFLOW)
				fn(arg, PORTAB_DIRWATCH_LOST, 0);
			else if (!(ev.mask & IN_IGNORED))
				fn(arg, ev.wd, ev.len ? name : 0);
		}
	}
}
#elif defined(DIRWATCH_KQUEUE)
static int
dirwatch_new(void)
{
	int kq = kqueue(), e;

	if (kq < 0)
		return -1;
	if (fcntl(kq, F_SETFD, FD_CLOEXEC) < 0) {
		e = errno;
		(void)close(kq);
		errno = e;
		return -1;
	}
	return kq;
}

/* A vnode event needs the directory open for as long as it is watched:
 * that descriptor is the id, and closing it removes the event. */
int
portab_dirwatch_add(int fd, const char *dir, int what)
{
	struct kevent ev;
	unsigned int fflags = NOTE_WRITE | NOTE_EXTEND;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), e;

	if (dfd < 0)
		return -1;
#ifdef NOTE_LINK
	fflags |= NOTE_LINK;	/* a subdirectory created */
#endif
	if (what == PORTAB_DIRWATCH_ALL)
		fflags |= NOTE_DELETE | NOTE_RENAME;
	EV_SET(&ev, dfd, EVFILT_VNODE, EV_ADD | EV_CLEAR, fflags, 0, 0);
	if (kevent(fd, &ev, 1, 0, 0, 0) < 0) {
		e = errno;
		(void)close(dfd);
		errno = e;
		return -1;
	}
	return dfd;
}

int
portab_dirwatch_remove(int fd, int id)
{
	(void)fd;
	return close(id);
}

int
portab_dirwatch_read(int fd, portab_dirwatch_fn *fn, void *arg)
{
	struct kevent ev[16];
	struct timespec zero = { 0, 0 };

	for (;;) {
		int n = kevent(fd, 0, 0, ev, 16, &zero), i;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		for (i = 0; i < n; ++i)
			fn(arg, (int)ev[i].ident, 0);
		if (n < 16)
			return 0;
	}
}
#else
static int
dirwatch_new(void)
{
	errno = ENOSYS;
	return -1;
}

int
portab_dirwatch_add(int fd, const char *dir, int what)
{
	(void)fd;
	(void)dir;
	(void)what;
	errno = ENOSYS;
	return -1;
}

int
portab_dirwatch_remove(int fd, int id)
{
	(void)fd;
	(void)id;
	errno = ENOSYS;
	return -1;
}

int
portab_dirwatch_read(int fd, portab_dirwatch_fn *fn, void *arg)
{
	(void)fd;
	(void)fn;
	(void)arg;
	return 0;
}
#endif

int
portab_dirwatch_open(const char *dir)
{
	int fd = dirwatch_new(), e;

	if (fd < 0 || !dir)
		return fd;
	if (portab_dirwatch_add(fd, dir, PORTAB_DIRWATCH_ALL) < 0) {
		e = errno;
		(void)close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static void
ignore_event(void *arg, int id, const char *name)
{
	(void)arg;
	(void)id;
	(void)name;
}

int
portab_dirwatch_drain(int fd)
{
	return portab_dirwatch_read(fd, ignore_event, 0);
}

#ifdef HAVE_PROC_PID_STAT
/* "/proc/" PID TAIL into p (PROC_PATH_MAX bytes; TAIL short). Without
 * snprintf, which would bring libc's whole printf into a static binary. */
#define PROC_PATH_MAX 64
static void
proc_path(char *p, pid_t pid, const char *tail)
{
	size_t n = sizeof "/proc/" - 1, t = strlen(tail);

	memcpy(p, "/proc/", sizeof "/proc/");
	n += num_fmt_ulong(p + n, (unsigned long long)pid);
	memcpy(p + n, tail, t + 1);
}

int
portab_proc_starttime(pid_t pid, uint64_t *start)
{
	char path[PROC_PATH_MAX], buf[1024];
	const char *p;
	ssize_t n;
	int fd, field;
	uint64_t v = 0;

	if (pid <= 0) {
		errno = ESRCH;
		return -1;
	}
	proc_path(path, pid, "/stat");
	/* Closed before returning, and no caller runs threads: no
	 * close-on-exec (one call less with some libcs). */
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		if (errno == ENOENT)
			errno = ESRCH;
		return -1;
	}
	n = read(fd, buf, sizeof buf - 1);
	(void)close(fd);
	if (n <= 0) {
		errno = ESRCH;
		return -1;
	}
	buf[n] = 0;
	/* The command name (field 2) may hold spaces and parentheses: count
	 * fields from the last ')'. starttime is field 22. */
	p = strrchr(buf, ')');
	if (!p || p[1] != ' ') {
		errno = EINVAL;
		return -1;
	}
	if (p[2] == 'Z' || p[2] == 'X') {	/* exited, not yet waited for */
		errno = ESRCH;
		return -1;
	}
	for (field = 2; *p && field < 22; ++p)
		if (*p == ' ')
			++field;
	if (*p < '0' || *p > '9') {
		errno = EINVAL;
		return -1;
	}
	while (*p >= '0' && *p <= '9')
		v = v * 10 + (uint64_t)(*p++ - '0');
	*start = v;
	return 0;
}
#elif defined(STARTTIME_KINFO)
int
portab_proc_starttime(pid_t pid, uint64_t *start)
{
	int mib[4] = { CTL_KERN, KERN_PROC, KERN_PROC_PID, (int)pid };
	struct kinfo_proc kp;
	size_t len = sizeof kp;

	if (sysctl(mib, 4, &kp, &len, 0, 0) < 0)
		return -1;
	if (len == 0) {
		errno = ESRCH;
		return -1;
	}
	*start = (uint64_t)kp.ki_start.tv_sec * 1000000 +
	    (uint64_t)kp.ki_start.tv_usec;
	return 0;
}
#else
int
portab_proc_starttime(pid_t pid, uint64_t *start)
{
	(void)pid;
	(void)start;
	errno = ENOSYS;
	return -1;
}
#endif

/* The floor is in /proc's unit: CLOCK_BOOTTIME in clock ticks. */
#if defined(HAVE_PROC_PID_STAT) && defined(HAVE_CLOCK_BOOTTIME)
uint64_t
portab_starttime_floor(void)
{
	struct timespec ts;
	long hz = sysconf(_SC_CLK_TCK);

	if (hz <= 0 || clock_gettime(CLOCK_BOOTTIME, &ts) < 0)
		return 0;
	return (uint64_t)ts.tv_sec * (uint64_t)hz +
	    (uint64_t)ts.tv_nsec / (1000000000u / (uint64_t)hz);
}

int
portab_starttime_same(uint64_t recorded, uint64_t seen)
{
	return seen >= recorded && seen - recorded <= 5;
}
#else
uint64_t
portab_starttime_floor(void)
{
	return 0;	/* read from the child after the fork */
}

int
portab_starttime_same(uint64_t recorded, uint64_t seen)
{
	return seen == recorded;
}
#endif

#ifdef HAVE_PIDFD_OPEN
int
portab_proc_watch(pid_t pid)
{
	long fd = syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0)
		return -1;
	if (fcntl((int)fd, F_SETFD, FD_CLOEXEC) < 0) {
		int e = errno;
		(void)close((int)fd);
		errno = e;
		return -1;
	}
	return (int)fd;
}
#elif defined(PROCWATCH_KQUEUE)
int
portab_proc_watch(pid_t pid)
{
	struct kevent ev;
	int kq = kqueue(), e;

	if (kq < 0)
		return -1;
	EV_SET(&ev, (uintptr_t)pid, EVFILT_PROC, EV_ADD | EV_ONESHOT, NOTE_EXIT,
	    0, 0);
	if (fcntl(kq, F_SETFD, FD_CLOEXEC) < 0 || kevent(kq, &ev, 1, 0, 0, 0) < 0) {
		e = errno;
		(void)close(kq);
		errno = e;
		return -1;
	}
	return kq;
}
#else
int
portab_proc_watch(pid_t pid)
{
	(void)pid;
	errno = ENOSYS;
	return -1;
}
#endif

/* A start time in Unix microseconds, and a process's working directory:
 * the proof supervise asks of a service left by daemontools 0.76, whose
 * status file records no start time. */
#if defined(HAVE_PROC_PID_STAT) && defined(HAVE_CLOCK_BOOTTIME)
int
portab_starttime_unix(uint64_t start, int64_t *usec)
{
	struct timespec real, boot;
	long hz = sysconf(_SC_CLK_TCK);

	/* Boot in wall-clock time: now on both clocks. */
	if (hz <= 0 || clock_gettime(CLOCK_REALTIME, &real) < 0 ||
	    clock_gettime(CLOCK_BOOTTIME, &boot) < 0)
		return -1;
	*usec = ((int64_t)real.tv_sec - (int64_t)boot.tv_sec) * 1000000 +
	    ((int64_t)real.tv_nsec - (int64_t)boot.tv_nsec) / 1000 +
	    (int64_t)(start * 1000000 / (uint64_t)hz);
	return 0;
}

int
portab_proc_cwd(pid_t pid, char *path, size_t len)
{
	char p[PROC_PATH_MAX];

	proc_path(p, pid, "/cwd");
	if (strlen(p) >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, p, strlen(p) + 1);
	return 0;
}
#elif defined(STARTTIME_KINFO) && defined(HAVE_KERN_PROC_CWD)
int
portab_starttime_unix(uint64_t start, int64_t *usec)
{
	*usec = (int64_t)start;	/* ki_start is wall-clock time already */
	return 0;
}

int
portab_proc_cwd(pid_t pid, char *path, size_t len)
{
	int mib[4] = { CTL_KERN, KERN_PROC, KERN_PROC_CWD, (int)pid };
	struct kinfo_file kf;
	size_t kflen = sizeof kf, n;

	if (sysctl(mib, 4, &kf, &kflen, 0, 0) < 0)
		return -1;
	n = strlen(kf.kf_path);
	if (n >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, kf.kf_path, n + 1);
	return 0;
}
#else
int
portab_starttime_unix(uint64_t start, int64_t *usec)
{
	(void)start;
	(void)usec;
	errno = ENOSYS;
	return -1;
}

int
portab_proc_cwd(pid_t pid, char *path, size_t len)
{
	(void)pid;
	(void)path;
	(void)len;
	errno = ENOSYS;
	return -1;
}
#endif

long
portab_pipe_peek(int from, int to, size_t n)
{
#ifdef HAVE_TEE_SPLICE
	return (long)tee(from, to, n, SPLICE_F_NONBLOCK);
#else
	(void)from;
	(void)to;
	(void)n;
	errno = ENOSYS;
	return -1;
#endif
}

long
portab_pipe_discard(int fd, int devnull, size_t n)
{
#ifdef HAVE_TEE_SPLICE
	return (long)splice(fd, 0, devnull, 0, n, SPLICE_F_NONBLOCK);
#else
	(void)fd;
	(void)devnull;
	(void)n;
	errno = ENOSYS;
	return -1;
#endif
}

long
portab_pipe_grow(int fd, size_t n)
{
#ifdef HAVE_F_SETPIPE_SZ
	int cur = fcntl(fd, F_GETPIPE_SZ);

	if (cur < 0)
		return -1;
	if ((size_t)cur >= n)
		return cur;
	if (n > 0x7fffffff)
		n = 0x7fffffff;
	return (long)fcntl(fd, F_SETPIPE_SZ, (int)n);
#else
	(void)fd;
	(void)n;
	errno = ENOSYS;
	return -1;
#endif
}

int
portab_subreaper(void)
{
#ifdef HAVE_PR_SET_CHILD_SUBREAPER
	return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0 ? -1 : 0;
#elif defined(HAVE_PROCCTL_REAP)
	return procctl(P_PID, getpid(), PROC_REAP_ACQUIRE, 0) < 0 ? -1 : 0;
#else
	errno = ENOSYS;
	return -1;
#endif
}

int
portab_rename_noreplace(const char *from, const char *to)
{
	struct stat sb;

#ifdef HAVE_RENAMEAT2
	/* RENAME_NOREPLACE is 1 in every kernel; old headers lack it. */
	if (syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 1) == 0)
		return 0;
	if (errno != ENOSYS && errno != EINVAL)
		return -1;
#endif
	if (lstat(to, &sb) == 0) {
		errno = EEXIST;
		return -1;
	}
	if (errno != ENOENT)
		return -1;
	return rename(from, to);
}

pid_t
portab_spawn(void (*child)(void *), void *arg)
{
	sigset_t all, old;
	pid_t pid;
	int e;

	/* A handler run in a child that shares our memory could corrupt it:
	 * nothing is delivered until the child has reset its handlers. */
	(void)sigfillset(&all);
	if (sigprocmask(SIG_BLOCK, &all, &old) < 0)
		return -1;
#ifdef HAVE_VFORK
	/* vfork on purpose: child() keeps the contract in portab.h (it
	 * changes nothing it shares with us, then execs or _exits).
	 * NOLINTNEXTLINE(clang-analyzer-security.insecureAPI.vfork) */
	pid = vfork();
#else
	pid = fork();
#endif
	if (pid == 0) {
		/* NOLINTNEXTLINE(clang-analyzer-unix.Vfork): as above */
		child(arg);
		_exit(111);
	}
	e = errno;
	(void)sigprocmask(SIG_SETMASK, &old, 0);
	errno = e;
	return pid;
}

int
portab_setgroups(gid_t gid)
{
#ifdef HAVE_SETGROUPS
	return setgroups(1, &gid);
#else
	(void)gid;
	errno = ENOSYS;	/* not "done": setuidgid must not keep root's groups */
	return -1;
#endif
}

/* A regular file this process could execute. */
static int
is_exe(const char *file)
{
	struct stat st;

	return stat(file, &st) == 0 && S_ISREG(st.st_mode) &&
	    access(file, X_OK) == 0;
}

/* The first executable argv0 (no '/' in it) in the directories of path
 * ("" is the current one; NULL: "/bin:/usr/bin"), as DIR/argv0 in cand
 * (PATH_MAX bytes), links not resolved. Returns 0, or -1 with ENOENT. */
static int
search_path(const char *argv0, const char *path, char *cand)
{
	size_t nl = strlen(argv0);

	if (!path)
		path = "/bin:/usr/bin";
	while (nl) {
		const char *end = strchr(path, ':');
		size_t dl = end ? (size_t)(end - path) : strlen(path);
		const char *d = dl ? path : ".";

		if (!dl)
			dl = 1;
		/* A name too long for a path cannot be what was executed. */
		if (dl + 1 + nl < PATH_MAX) {
			/* The NUL comes with argv0.
			 * NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
			memcpy(cand, d, dl);
			cand[dl] = '/';
			memcpy(cand + dl + 1, argv0, nl + 1);
			if (is_exe(cand))
				return 0;
		}
		if (!end)
			break;
		path = end + 1;
	}
	errno = ENOENT;
	return -1;
}

int
portab_find_exe(const char *argv0, const char *path, char *buf, size_t len)
{
	char cand[PATH_MAX];

	if (len < PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (strchr(argv0, '/'))
		return realpath(argv0, buf) ? 0 : -1;
	if (search_path(argv0, path, cand) < 0)
		return -1;
	return realpath(cand, buf) ? 0 : -1;
}

/* Whether DIR/name, DIR the first dl bytes of dir, is the file whose stat
 * is in self; that path is left in buf (PATH_MAX bytes). */
static int
same_file(const char *dir, size_t dl, const char *name,
    const struct stat *self, char *buf)
{
	size_t nl = strlen(name);
	struct stat st;

	if (dl + 1 + nl >= PATH_MAX)
		return 0;
	/* The NUL comes with name.
	 * NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
	memcpy(buf, dir, dl);
	buf[dl] = '/';
	memcpy(buf + dl + 1, name, nl + 1);
	return stat(buf, &st) == 0 && st.st_dev == self->st_dev &&
	    st.st_ino == self->st_ino;
}

int
portab_exe_as(const char *self, const char *argv0, const char *path,
    const char *name, char *buf, size_t len)
{
	char found[PATH_MAX];
	const char *from = argv0, *slash = strrchr(self, '/');
	size_t sl = strlen(self);
	struct stat st;

	if (len < PATH_MAX || sl >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (!strchr(name, '/') && stat(self, &st) == 0) {
		if (slash && same_file(self, (size_t)(slash - self), name, &st,
		    buf))
			return 0;
		if (!strchr(argv0, '/'))
			from = search_path(argv0, path, found) == 0 ? found : 0;
		slash = from ? strrchr(from, '/') : 0;
		if (slash && same_file(from, (size_t)(slash - from), name, &st,
		    buf))
			return 0;
	}
	memcpy(buf, self, sl + 1);
	return 0;
}

int
portab_self_exe(const char *argv0, const char *path, char *buf, size_t len)
{
	if (len < PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
#ifdef HAVE_PROC_SELF_EXE
	{
		/* The kernel's own record; it ends in " (deleted)" once the
		 * file was removed or replaced (an upgrade): is_exe() then
		 * fails and argv0 leads to the new file. */
		ssize_t n = readlink("/proc/self/exe", buf, len - 1);

		if (n > 0 && (size_t)n < len - 1 && buf[0] == '/') {
			buf[n] = 0;
			if (is_exe(buf))
				return 0;
		}
	}
#elif defined(HAVE_KERN_PROC_PATHNAME)
	{
		/* pid -1: this process (sysctl(3)). */
		int mib[4] = { CTL_KERN, KERN_PROC, KERN_PROC_PATHNAME, -1 };
		size_t n = len;

		if (sysctl(mib, 4, buf, &n, 0, 0) == 0 && n > 1 &&
		    buf[0] == '/' && buf[n - 1] == 0 && is_exe(buf))
			return 0;
	}
#endif
	return portab_find_exe(argv0, path, buf, len);
}
