/* test_portab.c - softlimit's resource table on this system, the lock
 * primitive's semantics, directory notification, process start times,
 * exit watches and the orphan reaper, and finding this executable and the
 * links to it; each as the build has it (portab_config.h), so that the
 * fallback build checks that what it lacks says ENOSYS. Linux and FreeBSD
 * give the same table: Linux has no RLIMIT_VMEM and RLIMIT_OFILE aliases
 * RLIMIT_NOFILE; FreeBSD's RLIMIT_VMEM aliases RLIMIT_AS. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "portab.h"
#include "portab_config.h"	/* which side of portab.c this build has */

static char self[PATH_MAX];	/* argv0 made absolute before any chdir */

static void
expect(char letter, const int *want, size_t n)
{
	int res[PORTAB_RLIMIT_MAX];
	size_t i, got = portab_rlimits(letter, res);

	assert_int_equal(got, n);
	for (i = 0; i < n; ++i)
		assert_int_equal(res[i], want[i]);
}

static void
test_rlimit_table(void **state)
{
	const int a[] = { RLIMIT_AS };
	const int c[] = { RLIMIT_CORE };
	const int d[] = { RLIMIT_DATA };
	const int f[] = { RLIMIT_FSIZE };
	const int l[] = { RLIMIT_MEMLOCK };
	/* Order as 0.76 sets them (strace). */
	const int m[] = { RLIMIT_DATA, RLIMIT_STACK, RLIMIT_MEMLOCK,
	    RLIMIT_AS };
	const int o[] = { RLIMIT_NOFILE };
	const int p[] = { RLIMIT_NPROC };
	const int r[] = { RLIMIT_RSS };
	const int s[] = { RLIMIT_STACK };
	const int t[] = { RLIMIT_CPU };

	(void)state;
	expect('a', a, 1);
	expect('c', c, 1);
	expect('d', d, 1);
	expect('f', f, 1);
	expect('l', l, 1);
	expect('m', m, 4);
	expect('o', o, 1);
	expect('p', p, 1);
	expect('r', r, 1);
	expect('s', s, 1);
	expect('t', t, 1);
}

static void
test_rlimit_unknown_letters(void **state)
{
	const char *bad = "bAeMnOqz=:-";
	int res[PORTAB_RLIMIT_MAX];

	(void)state;
	for (; *bad; ++bad)
		assert_int_equal(portab_rlimits(*bad, res), 0);
	assert_int_equal(portab_rlimits(0, res), 0);
}

static void
test_lock_kind(void **state)
{
	char path[] = "/tmp/test_portab.XXXXXX";
	int a, b;

	(void)state;
	a = mkstemp(path);
	assert_true(a >= 0);
	b = open(path, O_WRONLY);
	assert_true(b >= 0);
	unlink(path);
	assert_int_equal(portab_lock_ex(a, 0), 0);
#ifdef HAVE_FLOCK
	/* flock: the lock belongs to the open file, so a second open in the
	 * same process conflicts. */
	assert_int_equal(portab_lock_ex(b, 0), -1);
	assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
#else
	/* fcntl: the lock belongs to the process. */
	assert_int_equal(portab_lock_ex(b, 0), 0);
#endif
	assert_int_equal(portab_lock_ex(-1, 1), -1);
	assert_int_equal(errno, EBADF);
	close(a);
	close(b);
}


/* A scratch directory with an executable "prog", a non-executable "data",
 * a directory "sub" and a symlink "link" -> prog; its real path in dir. */
static char dir[PATH_MAX];

static void
make_tree(void)
{
	char tmpl[] = "/tmp/test_portab.XXXXXX";
	FILE *f;

	assert_non_null(mkdtemp(tmpl));
	assert_non_null(realpath(tmpl, dir));
	assert_int_equal(chdir(dir), 0);
	f = fopen("prog", "w");
	assert_non_null(f);
	fputs("#!/bin/sh\n", f);
	fclose(f);
	assert_int_equal(chmod("prog", 0755), 0);
	f = fopen("data", "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(mkdir("sub", 0755), 0);
	assert_int_equal(mkdir("sub/data", 0755), 0);	/* a directory, x set */
	assert_int_equal(symlink("prog", "link"), 0);
}

static void
remove_tree(void)
{
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(unlink("prog"), 0);
	assert_int_equal(unlink("data"), 0);
	assert_int_equal(unlink("link"), 0);
	assert_int_equal(rmdir("sub/data"), 0);
	assert_int_equal(rmdir("sub"), 0);
	assert_int_equal(chdir("/"), 0);
	assert_int_equal(rmdir(dir), 0);
}

static char *
join(const char *a, const char *b)
{
	static char buf[2 * PATH_MAX];

	snprintf(buf, sizeof buf, "%s/%s", a, b);
	return buf;
}

static void
test_find_exe(void **state)
{
	char buf[PATH_MAX], want[PATH_MAX + 8], path[3 * PATH_MAX];

	(void)state;
	make_tree();
	snprintf(want, sizeof want, "%s/prog", dir);

	/* With a '/': taken as it is, made absolute, links resolved. */
	assert_int_equal(portab_find_exe("./prog", 0, buf, sizeof buf), 0);
	assert_string_equal(buf, want);
	assert_int_equal(portab_find_exe("sub/../link", 0, buf, sizeof buf), 0);
	assert_string_equal(buf, want);
	assert_int_equal(portab_find_exe(join(dir, "link"), "/nowhere", buf,
	    sizeof buf), 0);
	assert_string_equal(buf, want);
	assert_int_equal(portab_find_exe("./missing", 0, buf, sizeof buf), -1);
	assert_int_equal(errno, ENOENT);

	/* Without: the first directory of path that has it executable. */
	snprintf(path, sizeof path, "/nonexistent:%s", dir);
	assert_int_equal(portab_find_exe("link", path, buf, sizeof buf), 0);
	assert_string_equal(buf, want);
	assert_int_equal(portab_find_exe("prog", "", buf, sizeof buf), 0);
	assert_string_equal(buf, want);		/* "": the current directory */
	snprintf(path, sizeof path, "/nonexistent::%s", dir);
	assert_int_equal(portab_find_exe("prog", path, buf, sizeof buf), 0);
	assert_string_equal(buf, want);
	/* Skipped: a file without x, a directory; then nothing is left. */
	snprintf(path, sizeof path, "%s:%s/sub", dir, dir);
	assert_int_equal(portab_find_exe("data", path, buf, sizeof buf), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(portab_find_exe("prog", "/nonexistent", buf,
	    sizeof buf), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(portab_find_exe("", dir, buf, sizeof buf), -1);
	assert_int_equal(errno, ENOENT);
	/* The buffer must be able to hold any path. */
	assert_int_equal(portab_find_exe("./prog", 0, buf, PATH_MAX - 1), -1);
	assert_int_equal(errno, ENAMETOOLONG);
	remove_tree();
}

static void
test_exe_as(void **state)
{
	char buf[PATH_MAX], self_[PATH_MAX + 8], want[PATH_MAX + 16];
	char path[2 * PATH_MAX + 32];

	(void)state;
	make_tree();
	snprintf(self_, sizeof self_, "%s/prog", dir);
	/* A link beside the binary: run through it. */
	assert_int_equal(symlink("prog", "supervise"), 0);
	snprintf(want, sizeof want, "%s/supervise", dir);
	assert_int_equal(portab_exe_as(self_, "x", "/nonexistent", "supervise",
	    buf, sizeof buf), 0);
	assert_string_equal(buf, want);
	/* None, or another file of that name: the binary itself. */
	assert_int_equal(portab_exe_as(self_, "x", 0, "svc", buf, sizeof buf), 0);
	assert_string_equal(buf, self_);
	assert_int_equal(portab_exe_as(self_, "x", 0, "data", buf, sizeof buf), 0);
	assert_string_equal(buf, self_);
	assert_int_equal(portab_exe_as(self_, "x", 0, "sub/data", buf,
	    sizeof buf), 0);
	assert_string_equal(buf, self_);
	/* Links elsewhere, where argv[0] was found: by its path, or in
	 * PATH (the first directory that has it). */
	assert_int_equal(symlink("../prog", "sub/svscan"), 0);
	assert_int_equal(symlink("../prog", "sub/svc"), 0);
	snprintf(want, sizeof want, "%s/sub/svc", dir);
	assert_int_equal(portab_exe_as(self_, "sub/svscan", 0, "svc", buf,
	    sizeof buf), 0);
	assert_string_equal(buf, "sub/svc");
	snprintf(path, sizeof path, "/nonexistent:%s/sub:%s", dir, dir);
	assert_int_equal(portab_exe_as(self_, "svscan", path, "svc", buf,
	    sizeof buf), 0);
	assert_string_equal(buf, want);
	snprintf(path, sizeof path, "%s:%s/sub", dir, dir);
	assert_int_equal(portab_exe_as(self_, "link", path, "svc", buf,
	    sizeof buf), 0);
	assert_string_equal(buf, self_);	/* link found in dir, no svc */
	/* Beside the binary first. */
	assert_int_equal(symlink("../prog", "sub/supervise"), 0);
	snprintf(want, sizeof want, "%s/supervise", dir);
	assert_int_equal(portab_exe_as(self_, "sub/svscan", 0, "supervise",
	    buf, sizeof buf), 0);
	assert_string_equal(buf, want);
	assert_int_equal(portab_exe_as(self_, "x", 0, "svc", buf, PATH_MAX - 1),
	    -1);
	assert_int_equal(errno, ENAMETOOLONG);
	assert_int_equal(unlink("supervise"), 0);
	assert_int_equal(unlink("sub/supervise"), 0);
	assert_int_equal(unlink("sub/svscan"), 0);
	assert_int_equal(unlink("sub/svc"), 0);
	remove_tree();
}

static void
test_self_exe(void **state)
{
	char buf[PATH_MAX], cwd[PATH_MAX];
	const char *want = self;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof cwd));
	/* The test binary, whatever argv[0] and PATH say, where the system
	 * knows its executables (and from argv[0], as ctest gives a path,
	 * elsewhere). */
	assert_int_equal(portab_self_exe(self, "/nonexistent", buf,
	    sizeof buf), 0);
	assert_string_equal(buf, want);
#if defined(HAVE_PROC_SELF_EXE) || defined(HAVE_KERN_PROC_PATHNAME)
	assert_int_equal(portab_self_exe("no-such-name", "/nonexistent", buf,
	    sizeof buf), 0);
	assert_string_equal(buf, want);
	make_tree();	/* elsewhere: ./prog is another file */
	assert_int_equal(portab_self_exe("./prog", 0, buf, sizeof buf), 0);
	assert_string_equal(buf, want);
	remove_tree();
#endif
	assert_int_equal(portab_self_exe(self, 0, buf, PATH_MAX - 1), -1);
	assert_int_equal(errno, ENAMETOOLONG);
	assert_int_equal(chdir(cwd), 0);
}

/* What portab_dirwatch_read() reported: "id:name" or "id:-" per event. */
static char events[1024];

static void
note(void *arg, int id, const char *name)
{
	size_t n = strlen(events);

	assert_ptr_equal(arg, events);
	snprintf(events + n, sizeof events - n, "%d:%s ", id, name ? name : "-");
}

/* Whether fd is readable, then what reading it reports. */
static int
pending(int fd)
{
	struct pollfd p;
	int r;

	p.fd = fd;
	p.events = POLLIN;
	r = poll(&p, 1, 0);
	events[0] = 0;
	assert_int_equal(portab_dirwatch_read(fd, note, events), 0);
	return r;
}

/* The events of one id, in order, names only where the system gives
 * them (inotify). */
static int
saw(int id, const char *name)
{
	char want[300];

	snprintf(want, sizeof want, "%d:%s ", id, name);
	if (strstr(events, want))
		return 1;
	snprintf(want, sizeof want, "%d:- ", id);
	return strstr(events, want) != 0;
}

static void
test_dirwatch(void **state)
{
	char tmpl[] = "/tmp/test_portab.XXXXXX";
	int fd, root, sub, gone, again;

	(void)state;
	fd = portab_dirwatch_open(0);
#if !defined(HAVE_INOTIFY) && !defined(HAVE_KQUEUE)
	/* No notification: callers rescan on a timer. */
	assert_int_equal(fd, -1);
	assert_int_equal(errno, ENOSYS);
	assert_int_equal(portab_dirwatch_open("/"), -1);
	assert_int_equal(errno, ENOSYS);
	assert_int_equal(portab_dirwatch_add(-1, "/", 0), -1);
	assert_int_equal(errno, ENOSYS);
	skip();
#endif
	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_true(fcntl(fd, F_GETFL) & O_NONBLOCK);
	assert_non_null(mkdtemp(tmpl));
	assert_int_equal(chdir(tmpl), 0);
	assert_int_equal(mkdir("svc", 0755), 0);
	assert_int_equal(mkdir("gone", 0755), 0);
	root = portab_dirwatch_add(fd, ".", PORTAB_DIRWATCH_ALL);
	sub = portab_dirwatch_add(fd, "svc", PORTAB_DIRWATCH_NEW);
	gone = portab_dirwatch_add(fd, "gone", PORTAB_DIRWATCH_NEW);
	assert_true(root >= 0 && sub >= 0 && gone >= 0);
	assert_true(root != sub && sub != gone && root != gone);
	assert_int_equal(portab_dirwatch_add(fd, "nonexistent",
	    PORTAB_DIRWATCH_NEW), -1);
	assert_int_equal(errno, ENOENT);

	/* Nothing happened: not readable, nothing reported. */
	assert_int_equal(pending(fd), 0);
	assert_string_equal(events, "");

	/* A name created in the scan directory; one in a service. */
	assert_int_equal(mkdir("new", 0755), 0);
	assert_int_equal(pending(fd), 1);
	assert_true(saw(root, "new"));
	assert_false(saw(sub, "log"));
	assert_int_equal(mkdir("svc/log", 0755), 0);
	assert_int_equal(pending(fd), 1);
	assert_true(saw(sub, "log"));
	assert_false(saw(root, "new"));
	/* Moved in, and a symbolic link. */
	assert_int_equal(rmdir("svc/log"), 0);
	(void)pending(fd);
	assert_int_equal(rename("new", "svc/log"), 0);
	assert_int_equal(pending(fd), 1);
	assert_true(saw(sub, "log"));
	assert_true(saw(root, "new"));	/* moved out of the root */
	assert_int_equal(symlink("x", "svc/link"), 0);
	assert_int_equal(pending(fd), 1);
	assert_true(saw(sub, "link"));
	/* Removal from the root is seen there. */
	assert_int_equal(unlink("svc/link"), 0);
	assert_int_equal(rmdir("svc/log"), 0);
	(void)pending(fd);
	assert_int_equal(rename("svc", "svc2"), 0);
	assert_int_equal(pending(fd), 1);
	assert_true(saw(root, "svc"));

	/* A removed watch reports nothing more (inotify may still wake the
	 * reader once, for the removal itself, which is not passed on). */
	assert_int_equal(portab_dirwatch_remove(fd, sub), 0);
	assert_int_equal(mkdir("svc2/log", 0755), 0);
	(void)pending(fd);
	assert_string_equal(events, "");

	/* The watched directory deleted: nothing reported for it that
	 * reads as a change inside it. */
	assert_int_equal(rmdir("gone"), 0);
	(void)pending(fd);
	assert_false(saw(gone, "log"));
#ifdef HAVE_INOTIFY
	/* inotify dropped the watch itself. */
	assert_int_equal(portab_dirwatch_remove(fd, gone), -1);
	assert_int_equal(errno, EINVAL);
	/* The scan directory added again (a service linked to it): same
	 * watch, and it still reports removals. */
	again = portab_dirwatch_add(fd, ".", PORTAB_DIRWATCH_NEW);
	assert_int_equal(again, root);
	assert_int_equal(rmdir("svc2/log"), 0);
	assert_int_equal(rmdir("svc2"), 0);
	assert_int_equal(pending(fd), 1);
	assert_true(saw(root, "svc2"));
#else
	assert_int_equal(portab_dirwatch_remove(fd, gone), 0);
	again = -1;
	assert_int_equal(rmdir("svc2/log"), 0);
	assert_int_equal(rmdir("svc2"), 0);
#endif
	(void)again;
	close(fd);

	/* Opened on a directory (svwait): its changes, drained unread. */
	fd = portab_dirwatch_open(".");
	assert_true(fd >= 0);
	assert_int_equal(pending(fd), 0);
	assert_int_equal(mkdir("d", 0755), 0);
	assert_int_equal(rmdir("d"), 0);
	{
		struct pollfd p;

		p.fd = fd;
		p.events = POLLIN;
		assert_int_equal(poll(&p, 1, 0), 1);
		assert_int_equal(portab_dirwatch_drain(fd), 0);
		assert_int_equal(poll(&p, 1, 0), 0);
	}
	close(fd);
	assert_int_equal(portab_dirwatch_open("nonexistent"), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(chdir("/"), 0);
	assert_int_equal(rmdir(tmpl), 0);
}

/* What supervise asks of a service left by 0.76: this process's own start
 * time in Unix microseconds (before now, after a minute ago: the test has
 * just started) and its working directory. */
static void
test_start_and_cwd(void **state)
{
	struct timespec now;
	struct stat here, there;
	char path[PATH_MAX];
	uint64_t t;
	int64_t us, now_us;

	(void)state;
#if !(defined(HAVE_PROC_PID_STAT) && defined(HAVE_CLOCK_BOOTTIME)) && \
    !(defined(HAVE_KINFO_PROC) && defined(HAVE_KERN_PROC_CWD))
	/* Without both, no service of 0.76 is adopted: say so. */
	assert_int_equal(portab_starttime_unix(0, &us), -1);
	assert_int_equal(errno, ENOSYS);
	assert_int_equal(portab_proc_cwd(getpid(), path, sizeof path), -1);
	assert_int_equal(errno, ENOSYS);
	(void)now;
	(void)here;
	(void)there;
	(void)t;
	(void)now_us;
	return;
#endif
	assert_int_equal(portab_proc_starttime(getpid(), &t), 0);
	assert_int_equal(portab_starttime_unix(t, &us), 0);
	assert_int_equal(clock_gettime(CLOCK_REALTIME, &now), 0);
	now_us = (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
	assert_true(us <= now_us + 20000);
	assert_true(us > now_us - 3600000000LL);
	assert_int_equal(portab_proc_cwd(getpid(), path, sizeof path), 0);
	assert_int_equal(stat(path, &there), 0);
	assert_int_equal(stat(".", &here), 0);
	assert_true(here.st_dev == there.st_dev && here.st_ino == there.st_ino);
	assert_int_equal(portab_proc_cwd(getpid(), path, 4), -1);
	assert_int_equal(errno, ENAMETOOLONG);
}

/* A child that exits once the returned descriptor is closed. */
static pid_t
waiting_child(int *wfd)
{
	int p[2];
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char c;

		close(p[1]);
		_exit(read(p[0], &c, 1) == 0 ? 0 : 1);
	}
	close(p[0]);
	*wfd = p[1];
	return pid;
}

#if defined(HAVE_PROC_PID_STAT) || defined(HAVE_KINFO_PROC)
/* pid: a child forked after floor was read, that exits once w is closed;
 * reaped here. */
static void
starttimes(pid_t pid, int w, uint64_t floor)
{
	uint64_t a, b;
	siginfo_t si;
	int st;

	assert_int_equal(portab_proc_starttime(pid, &a), 0);
	assert_int_equal(portab_proc_starttime(getpid(), &b), 0);
	assert_true(portab_starttime_same(a, a));
	assert_true(b <= a);	/* this process is the older */
	assert_int_equal(portab_proc_starttime(pid, &b), 0);
	assert_true(a == b);
#if defined(HAVE_PROC_PID_STAT) && defined(HAVE_CLOCK_BOOTTIME)
	/* Read before the fork: a lower bound, in the same unit. */
	assert_true(floor > 0 && floor <= a);
#else
	assert_true(floor == 0);	/* supervise reads the child's */
	assert_false(portab_starttime_same(a, a + 1));
#endif
	/* Exited: ESRCH before it is reaped too (where the system says). */
	close(w);
	memset(&si, 0, sizeof si);
	assert_int_equal(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT), 0);
#ifdef HAVE_PROC_PID_STAT
	assert_int_equal(portab_proc_starttime(pid, &b), -1);
	assert_int_equal(errno, ESRCH);
#endif
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_int_equal(portab_proc_starttime(pid, &b), -1);
	assert_int_equal(errno, ESRCH);
}
#endif

static void
test_starttime(void **state)
{
	uint64_t floor, a;
	pid_t pid;
	int w;

	(void)state;
	floor = portab_starttime_floor();
	pid = waiting_child(&w);
#if defined(HAVE_PROC_PID_STAT) || defined(HAVE_KINFO_PROC)
	starttimes(pid, w, floor);
#else
	{
		int st;

		assert_true(floor == 0);
		assert_int_equal(portab_proc_starttime(pid, &a), -1);
		assert_int_equal(errno, ENOSYS);
		close(w);
		assert_int_equal(waitpid(pid, &st, 0), pid);
	}
#endif
	assert_int_equal(portab_proc_starttime(0, &a), -1);
}

static void
test_proc_watch(void **state)
{
	struct pollfd p;
	pid_t pid;
	int w, st;

	(void)state;
	pid = waiting_child(&w);
	p.fd = portab_proc_watch(pid);
	p.events = POLLIN;
#if defined(HAVE_PIDFD_OPEN) || defined(HAVE_KQUEUE_PROC)
	if (p.fd < 0 && errno == ENOSYS) {	/* older kernel than headers */
		close(w);
		assert_int_equal(waitpid(pid, &st, 0), pid);
		skip();
	}
	assert_true(p.fd >= 0);
	assert_true(fcntl(p.fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(poll(&p, 1, 0), 0);	/* still running */
	close(w);
	/* Readable once it exits, before anyone reaps it. */
	assert_int_equal(poll(&p, 1, -1), 1);
	close(p.fd);
#else
	assert_int_equal(p.fd, -1);
	assert_int_equal(errno, ENOSYS);
	close(w);
#endif
	assert_int_equal(waitpid(pid, &st, 0), pid);
}

/* In a child of the test: become the reaper, fork a process that forks
 * one more and exits; that orphan reports its new parent. Exits 0 if
 * that is the reaper, 2 if the system has none (ENOSYS). */
static int
reaper_child(void)
{
	int p[2];
	pid_t g, parent;
	struct timespec ms = { 0, 1000000 };

	if (portab_subreaper() < 0)
		return errno == ENOSYS ? 2 : 3;
	if (pipe(p) < 0)
		return 4;
	g = fork();
	if (g < 0)
		return 4;
	if (g == 0) {
		pid_t mid = getpid();

		if (fork() == 0) {
			while ((parent = getppid()) == mid)
				nanosleep(&ms, 0);
			_exit(write(p[1], &parent, sizeof parent) ==
			    sizeof parent ? 0 : 1);
		}
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], &parent, sizeof parent) != sizeof parent)
		return 5;
	while (wait(0) > 0)	/* the middle one, and the orphan */
		;
	return parent == getpid() ? 0 : 6;
}

static void
test_subreaper(void **state)
{
	pid_t c;
	int st;

	(void)state;
	c = fork();
	assert_true(c >= 0);
	if (c == 0)
		_exit(reaper_child());
	assert_int_equal(waitpid(c, &st, 0), c);
	assert_true(WIFEXITED(st));
#if defined(HAVE_PR_SET_CHILD_SUBREAPER) || defined(HAVE_PROCCTL_REAP)
	assert_int_equal(WEXITSTATUS(st), 0);
#else
	assert_int_equal(WEXITSTATUS(st), 2);
#endif
}

/* svimport's rename: done where the name is free, refused with EEXIST
 * where a file, an empty directory or a dangling link has it, and then
 * both names keep what they had. Each build tests its own side
 * (renameat2, or lstat then rename). */
static void
test_rename_noreplace(void **state)
{
	char tmpl[] = "/tmp/test_portab.XXXXXX";
	const char *taken[] = { "file", "emptydir", "dangling" };
	struct stat sb;
	size_t i;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	assert_int_equal(chdir(tmpl), 0);
	assert_int_equal(mkdir("from", 0755), 0);
	assert_int_equal(mkdir("emptydir", 0755), 0);
	assert_int_equal(symlink("nowhere", "dangling"), 0);
	f = fopen("file", "w");
	assert_non_null(f);
	fclose(f);
	for (i = 0; i < sizeof taken / sizeof taken[0]; ++i) {
		errno = 0;
		assert_int_equal(portab_rename_noreplace("from", taken[i]), -1);
		assert_int_equal(errno, EEXIST);
		assert_int_equal(stat("from", &sb), 0);
		assert_true(S_ISDIR(sb.st_mode));
	}
	assert_int_equal(lstat("dangling", &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	assert_int_equal(lstat("file", &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(portab_rename_noreplace("from", "to"), 0);
	assert_int_equal(stat("to", &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(lstat("from", &sb), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(portab_rename_noreplace("from", "other"), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(unlink("file"), 0);
	assert_int_equal(unlink("dangling"), 0);
	assert_int_equal(rmdir("emptydir"), 0);
	assert_int_equal(rmdir("to"), 0);
	assert_int_equal(chdir("/"), 0);
	assert_int_equal(rmdir(tmpl), 0);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rlimit_table),
		cmocka_unit_test(test_rlimit_unknown_letters),
		cmocka_unit_test(test_lock_kind),
		cmocka_unit_test(test_dirwatch),
		cmocka_unit_test(test_starttime),
		cmocka_unit_test(test_proc_watch),
		cmocka_unit_test(test_subreaper),
		cmocka_unit_test(test_find_exe),
		cmocka_unit_test(test_exe_as),
		cmocka_unit_test(test_self_exe),
		cmocka_unit_test(test_start_and_cwd),
		cmocka_unit_test(test_rename_noreplace),
	};

	(void)argc;
	if (!realpath(argv[0], self))
		return 1;
	return cmocka_run_group_tests(tests, 0, 0);
}
