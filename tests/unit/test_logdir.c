/* test_logdir.c - multilog's log directory state machine on a real scratch
 * directory, with an injected clock (archive names) and injected
 * filesystem failures (every call can be made to fail): set-up and crash
 * recovery, rotation points, retention, pauses that lose and repeat
 * nothing, the processor's file steps, the clean close. */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "logdir.h"

/* Failure injection: the nth next call of op fails with err, times times
 * in a row. */
enum op {
	OP_NONE, OP_MKDIR, OP_OPENDIR, OP_OPENAT, OP_LOCK, OP_FSTATAT,
	OP_FSTAT, OP_FCHMOD, OP_FCHMODAT, OP_RENAMEAT, OP_LINKAT, OP_UNLINKAT,
	OP_WRITE, OP_FSYNC, OP_CLOSE, OP_SCAN, OP_SHORTWRITE
};
static enum op fail_op;
static int fail_skip, fail_times, fail_err;
static int calls[OP_SHORTWRITE + 1];

static void
inject(enum op op, int skip, int times, int err)
{
	fail_op = op;
	fail_skip = skip;
	fail_times = times;
	fail_err = err;
}

static int
failing(enum op op)
{
	++calls[op];
	if (op != fail_op || fail_times == 0)
		return 0;
	if (fail_skip > 0) {
		--fail_skip;
		return 0;
	}
	--fail_times;
	errno = fail_err;
	return 1;
}

static int
t_mkdir(const char *p, mode_t m)
{
	return failing(OP_MKDIR) ? -1 : logdir_fs_posix.mkdir(p, m);
}

static int
t_opendir(const char *p)
{
	return failing(OP_OPENDIR) ? -1 : logdir_fs_posix.opendir(p);
}

static int
t_openat(int d, const char *n, int f, mode_t m)
{
	return failing(OP_OPENAT) ? -1 : logdir_fs_posix.openat(d, n, f, m);
}

static int
t_lock(int fd)
{
	return failing(OP_LOCK) ? -1 : logdir_fs_posix.lock(fd);
}

static int
t_fstatat(int d, const char *n, struct stat *st)
{
	return failing(OP_FSTATAT) ? -1 : logdir_fs_posix.fstatat(d, n, st);
}

static int
t_fstat(int fd, struct stat *st)
{
	return failing(OP_FSTAT) ? -1 : logdir_fs_posix.fstat(fd, st);
}

static int
t_fchmod(int fd, mode_t m)
{
	return failing(OP_FCHMOD) ? -1 : logdir_fs_posix.fchmod(fd, m);
}

static int
t_fchmodat(int d, const char *n, mode_t m)
{
	return failing(OP_FCHMODAT) ? -1 : logdir_fs_posix.fchmodat(d, n, m);
}

static int
t_renameat(int d, const char *a, const char *b)
{
	return failing(OP_RENAMEAT) ? -1 : logdir_fs_posix.renameat(d, a, b);
}

static int
t_linkat(int d, const char *a, const char *b)
{
	return failing(OP_LINKAT) ? -1 : logdir_fs_posix.linkat(d, a, b);
}

static int
t_unlinkat(int d, const char *n)
{
	return failing(OP_UNLINKAT) ? -1 : logdir_fs_posix.unlinkat(d, n);
}

static ssize_t
t_write(int fd, const void *b, size_t n)
{
	if (failing(OP_WRITE))
		return -1;
	/* A short write: the step machine has to carry on from there. */
	if (n > 7 && failing(OP_SHORTWRITE))
		n = 7;
	return logdir_fs_posix.write(fd, b, n);
}

static int
t_fsync(int fd)
{
	return failing(OP_FSYNC) ? -1 : logdir_fs_posix.fsync(fd);
}

static int
t_close(int fd)
{
	return failing(OP_CLOSE) ? -1 : logdir_fs_posix.close(fd);
}

static int
t_scan(int d, size_t *count, char *oldest, size_t size)
{
	return failing(OP_SCAN) ? -1
	    : logdir_fs_posix.scan(d, count, oldest, size);
}

static const struct logdir_fs tfs = {
	t_mkdir, t_opendir, t_openat, t_lock, t_fstatat, t_fstat, t_fchmod,
	t_fchmodat, t_renameat, t_linkat, t_unlinkat, t_write, t_fsync,
	t_close, t_scan
};

/* The injected clock: every read moves it on by a second, so archive
 * names are known in advance: @40000000000000NN00000000. */
static struct tai64n clock_now;

static const struct tai64n *
tick(void)
{
	++clock_now.sec;
	return &clock_now;
}

static char top[] = "/tmp/test_logdir.XXXXXX";
static char path[512];
static char buf[65536];

static const char *
p(const char *name)
{
	snprintf(path, sizeof path, "%s/d/%s", top, name);
	return path;
}

static int
setup(void **state)
{
	(void)state;
	strcpy(top, "/tmp/test_logdir.XXXXXX");
	assert_non_null(mkdtemp(top));
	inject(OP_NONE, 0, 0, 0);
	memset(calls, 0, sizeof calls);
	clock_now.sec = 0x4000000000000000ULL;
	clock_now.nano = 0;
	umask(022);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static const char *
dname(void)
{
	static char d[512];

	snprintf(d, sizeof d, "%s/d", top);
	return d;
}

static mode_t
mode_of(const char *name)
{
	struct stat st;

	if (stat(p(name), &st) < 0)
		return (mode_t)-1;
	return st.st_mode & 07777;
}

static long
size_of(const char *name)
{
	struct stat st;

	if (stat(p(name), &st) < 0)
		return -1;
	return (long)st.st_size;
}

static void
put_file(const char *name, const char *text, mode_t mode)
{
	int fd = open(p(name), O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

static char *
read_file(const char *name)
{
	static char data[65536];
	int fd = open(p(name), O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, data, sizeof data - 1);
	close(fd);
	assert_true(n >= 0);
	data[n] = 0;
	return data;
}

/* The archives, sorted, in names[] (up to 32). */
static char names[32][256];

static int
archives(void)
{
	struct dirent **list;
	int n, i, k = 0;

	n = scandir(dname(), &list, 0, alphasort);
	assert_true(n >= 0);
	for (i = 0; i < n; ++i) {
		if (list[i]->d_name[0] == '@' && k < 32)
			snprintf(names[k++], sizeof names[0], "%s",
			    list[i]->d_name);
		free(list[i]);
	}
	free(list);
	return k;
}

/* The archive name the injected clock gives at second k, for the jth
 * archive made in one logdir_run() (each a microsecond after the one
 * before, as the clock did not move). */
static const char *
label(unsigned k, unsigned j, char code)
{
	static char s[64];

	snprintf(s, sizeof s, "@40000000%08x%08x.%c", k, j * 1000, code);
	return s;
}

static void
open_dir(struct logdir *ld, uint64_t size, uint64_t num, const char *proc)
{
	logdir_init(ld, dname(), size, num, proc, &tfs, buf, sizeof buf);
	assert_int_equal(logdir_run(ld, tick()), LOGDIR_IDLE);
}

static void
put(struct logdir *ld, const char *s)
{
	assert_true(logdir_room(ld) >= strlen(s));
	logdir_put(ld, s, strlen(s));
}

static void
close_dir(struct logdir *ld)
{
	logdir_finish(ld);
	assert_int_equal(logdir_run(ld, tick()), LOGDIR_IDLE);
	assert_true(logdir_closed(ld));
	close(ld->lockfd);
	close(ld->dfd);
}

static void
test_fresh(void **state)
{
	struct logdir ld;
	struct stat st;

	(void)state;
	open_dir(&ld, 99999, 10, 0);
	assert_int_equal(stat(dname(), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(mode_of("lock"), 0600);
	assert_int_equal(mode_of("state"), 0644);
	assert_int_equal(mode_of("current"), 0644);
	assert_int_equal(size_of("current"), 0);
	assert_true(logdir_idle(&ld));
	assert_true(logdir_fd(&ld) >= 0);
	put(&ld, "one\ntwo\n");
	assert_false(logdir_idle(&ld));
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_IDLE);
	assert_string_equal(read_file("current"), "one\ntwo\n");
	close_dir(&ld);
	assert_int_equal(mode_of("current"), 0744);
	assert_int_equal(archives(), 0);
}

static void
test_lock_held(void **state)
{
	struct logdir a, b;
	char other[65536];

	(void)state;
	open_dir(&a, 99999, 10, 0);
	logdir_init(&b, dname(), 99999, 10, 0, &tfs, other, sizeof other);
	assert_int_equal(logdir_run(&b, tick()), LOGDIR_FATAL);
	assert_int_equal(logdir_what(&b), LOGDIR_F_LOCK);
	assert_true(logdir_errno(&b) == EAGAIN ||
	    logdir_errno(&b) == EWOULDBLOCK);
	close(b.dfd);
	close(b.lockfd);
	close_dir(&a);
}

static void
test_clean_restart_appends(void **state)
{
	struct logdir ld;

	(void)state;
	assert_int_equal(mkdir(dname(), 0755), 0);
	put_file("current", "old\n", 0744);
	put_file("previous", "stale\n", 0744);
	put_file("processed", "stale\n", 0644);
	open_dir(&ld, 99999, 10, 0);
	/* Nothing else touched; the existing directory kept its mode. */
	assert_int_equal(mode_of(""), 0755);
	assert_int_equal(mode_of("current"), 0644);
	assert_int_equal(size_of("previous"), 6);
	assert_int_equal(size_of("processed"), 6);
	assert_int_equal(size_of("state"), -1);
	assert_true(ld.counter == 4);
	put(&ld, "new\n");
	close_dir(&ld);
	assert_string_equal(read_file("current"), "old\nnew\n");
	assert_int_equal(archives(), 0);
}

static void
test_recovery_processed_complete(void **state)
{
	struct logdir ld;

	(void)state;
	assert_int_equal(mkdir(dname(), 0700), 0);
	put_file("current", "unsafe\n", 0644);
	put_file("previous", "input\n", 0744);
	put_file("processed", "output\n", 0744);
	put_file("state", "s\n", 0644);
	put_file("newstate", "ns\n", 0644);
	open_dir(&ld, 99999, 10, 0);
	assert_int_equal(archives(), 2);
	/* processed archived first, then current. */
	assert_string_equal(names[0], label(1, 0, 's'));
	assert_string_equal(names[1], label(1, 1, 'u'));
	assert_string_equal(read_file(names[0]), "output\n");
	assert_string_equal(read_file(names[1]), "unsafe\n");
	assert_int_equal(size_of("previous"), -1);
	assert_int_equal(size_of("processed"), -1);
	assert_int_equal(size_of("newstate"), -1);
	assert_int_equal(size_of("state"), 0);
	assert_int_equal(mode_of("current"), 0644);
	assert_int_equal(size_of("current"), 0);
	close_dir(&ld);
}

static void
test_recovery_processed_partial(void **state)
{
	struct logdir ld;

	(void)state;
	assert_int_equal(mkdir(dname(), 0700), 0);
	put_file("current", "", 0644);
	put_file("previous", "input\n", 0744);
	put_file("processed", "half", 0644);
	open_dir(&ld, 99999, 10, 0);
	assert_int_equal(archives(), 2);
	assert_string_equal(names[0], label(1, 0, 'u'));
	assert_string_equal(read_file(names[0]), "input\n");
	/* An empty unclean current is archived too (0.76). */
	assert_string_equal(names[1], label(1, 1, 'u'));
	assert_int_equal(size_of(names[1]), 0);
	assert_int_equal(size_of("processed"), -1);
	close_dir(&ld);
}

static void
test_recovery_interrupted_archive(void **state)
{
	struct logdir ld;
	char other[600];

	(void)state;
	/* Killed between link and unlink: previous already has its archive
	 * name; it must not be archived twice. */
	assert_int_equal(mkdir(dname(), 0700), 0);
	put_file("previous", "data\n", 0744);
	snprintf(other, sizeof other, "%s", p(label(7, 0, 's')));
	assert_int_equal(link(p("previous"), other), 0);
	open_dir(&ld, 99999, 10, 0);
	assert_int_equal(archives(), 1);
	assert_string_equal(names[0], label(7, 0, 's'));
	assert_int_equal(size_of("previous"), -1);
	close_dir(&ld);
}

static void
test_rotation_points(void **state)
{
	struct logdir ld;
	char line[101];
	int i, n;

	(void)state;
	open_dir(&ld, 4096, 100, 0);
	memset(line, 'x', 99);
	line[99] = '\n';
	line[100] = 0;
	for (i = 0; i < 50; ++i)
		put(&ld, line);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_IDLE);
	/* Closed at the first line end at or after 4096 - 2000 bytes. */
	n = archives();
	assert_int_equal(n, 2);
	assert_int_equal(size_of(names[0]), 2100);
	assert_int_equal(size_of(names[1]), 2100);
	assert_int_equal(mode_of(names[0]), 0744);
	assert_int_equal(size_of("current"), 800);
	assert_int_equal(size_of("previous"), -1);
	close_dir(&ld);
}

static void
test_hard_cut(void **state)
{
	struct logdir ld;
	static char line[10002];

	(void)state;
	open_dir(&ld, 4096, 100, 0);
	memset(line, 'y', 10000);
	line[10000] = '\n';
	put(&ld, line);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_IDLE);
	assert_int_equal(archives(), 2);
	assert_int_equal(size_of(names[0]), 4096);
	assert_int_equal(size_of(names[1]), 4096);
	assert_int_equal(size_of("current"), 1809);
	close_dir(&ld);
}

static void
test_exact_threshold(void **state)
{
	struct logdir ld;
	static char data[4200];

	(void)state;
	open_dir(&ld, 4096, 100, 0);
	/* A line ending exactly at 4096 - 2000 closes the file there. */
	memset(data, 'z', 2095);
	data[2095] = '\n';
	memcpy(data + 2096, "next\n", 6);
	put(&ld, data);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_IDLE);
	assert_int_equal(archives(), 1);
	assert_int_equal(size_of(names[0]), 2096);
	assert_string_equal(read_file("current"), "next\n");
	close_dir(&ld);
}

static void
test_retention(void **state)
{
	struct logdir ld;
	char line[3000];
	int i;

	(void)state;
	assert_int_equal(mkdir(dname(), 0700), 0);
	/* A foreign @ name counts; a short one does not. */
	put_file("@0000000000000000000000000.x", "foreign", 0644);
	put_file("@short", "kept", 0644);
	open_dir(&ld, 4096, 3, 0);
	memset(line, 'r', 2199);
	line[2199] = '\n';
	line[2200] = 0;
	for (i = 0; i < 5; ++i) {
		put(&ld, line);
		assert_int_equal(logdir_run(&ld, tick()), LOGDIR_IDLE);
	}
	/* n3: current and at most 2 archives, the newest ones. */
	assert_int_equal(archives(), 3);
	assert_int_equal(size_of("@0000000000000000000000000.x"), -1);
	assert_string_equal(names[0], label(5, 0, 's'));
	assert_string_equal(names[1], label(6, 0, 's'));
	assert_string_equal(names[2], "@short");
	close_dir(&ld);
}

static void
test_write_error_pauses(void **state)
{
	struct logdir ld;

	(void)state;
	open_dir(&ld, 99999, 10, 0);
	put(&ld, "alpha\nbeta\n");
	inject(OP_WRITE, 0, 2, ENOSPC);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PAUSE);
	assert_int_equal(logdir_what(&ld), LOGDIR_W_WRITE);
	assert_int_equal(logdir_errno(&ld), ENOSPC);
	assert_false(logdir_idle(&ld));
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PAUSE);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_IDLE);
	assert_string_equal(read_file("current"), "alpha\nbeta\n");
	/* Short writes are carried on, nothing lost or doubled. */
	inject(OP_SHORTWRITE, 0, 3, 0);
	put(&ld, "gamma gamma gamma gamma\n");
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_IDLE);
	assert_string_equal(read_file("current"),
	    "alpha\nbeta\ngamma gamma gamma gamma\n");
	assert_true(ld.counter == 35);
	close_dir(&ld);
}

/* Rotation with one step failing once: a pause with the right message,
 * then the same step again; the data ends up complete and once. */
static void
rotate_failing(enum op op, int skip, int err, enum logdir_what what,
    const char *file)
{
	struct logdir ld;
	char line[2200];
	int n;

	open_dir(&ld, 4096, 10, 0);
	memset(line, 'q', 2099);
	line[2099] = '\n';
	line[2100] = 0;
	put(&ld, line);
	put(&ld, "tail\n");
	inject(op, skip, 1, err);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PAUSE);
	assert_int_equal(logdir_what(&ld), what);
	assert_int_equal(logdir_errno(&ld), err);
	if (file)
		assert_string_equal(logdir_file(&ld), file);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_IDLE);
	n = archives();
	assert_int_equal(n, 1);
	assert_int_equal(size_of(names[0]), 2100);
	assert_int_equal(mode_of(names[0]), 0744);
	assert_string_equal(read_file("current"), "tail\n");
	assert_int_equal(size_of("previous"), -1);
	close_dir(&ld);
	teardown(0);
	setup(0);
}

static void
test_rotation_errors(void **state)
{
	(void)state;
	rotate_failing(OP_FSYNC, 0, EIO, LOGDIR_W_SYNC_CURRENT, 0);
	rotate_failing(OP_RENAMEAT, 0, EACCES, LOGDIR_W_RENAME_CURRENT, 0);
	rotate_failing(OP_OPENAT, 0, EMFILE, LOGDIR_W_CREATE_CURRENT, 0);
	rotate_failing(OP_FCHMOD, 0, EPERM, LOGDIR_W_MODE_CURRENT, 0);
	rotate_failing(OP_FCHMODAT, 0, EPERM, LOGDIR_W_MODE_PREVIOUS, 0);
	rotate_failing(OP_FSTATAT, 0, EIO, LOGDIR_W_STAT, "previous");
	rotate_failing(OP_LINKAT, 0, EEXIST, LOGDIR_W_LINK, label(2, 0, 's'));
	rotate_failing(OP_UNLINKAT, 0, EBUSY, LOGDIR_W_REMOVE, "previous");
	rotate_failing(OP_SCAN, 0, EIO, LOGDIR_W_READ, 0);
	/* The directory's own fsync (after the archive) is our addition. */
	rotate_failing(OP_FSYNC, 1, EIO, LOGDIR_W_SYNC_DIR, 0);
}

static void
test_setup_errors(void **state)
{
	struct logdir ld;

	(void)state;
	/* A file where the directory should be. */
	assert_int_equal(close(open(dname(), O_WRONLY | O_CREAT, 0644)), 0);
	logdir_init(&ld, p("nonexistent/x"), 99999, 10, 0, &tfs, buf,
	    sizeof buf);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_FATAL);
	assert_int_equal(logdir_what(&ld), LOGDIR_F_OPEN);
	assert_int_equal(logdir_errno(&ld), ENOTDIR);
	unlink(dname());

	/* A directory that could not be made says why (EACCES), not that
	 * it does not exist (0.76's words). */
	logdir_init(&ld, dname(), 99999, 10, 0, &tfs, buf, sizeof buf);
	inject(OP_MKDIR, 0, 1, EACCES);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_FATAL);
	assert_int_equal(logdir_what(&ld), LOGDIR_F_OPEN);
	assert_int_equal(logdir_errno(&ld), EACCES);
	/* One that exists already opens whatever mkdir said. */
	assert_int_equal(mkdir(dname(), 0700), 0);
	logdir_init(&ld, dname(), 99999, 10, 0, &tfs, buf, sizeof buf);
	inject(OP_MKDIR, 0, 1, EACCES);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_IDLE);
	close_dir(&ld);
	teardown(0);
	setup(0);

	logdir_init(&ld, dname(), 99999, 10, 0, &tfs, buf, sizeof buf);
	inject(OP_FSTATAT, 0, 1, EACCES);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_FATAL);
	assert_int_equal(logdir_what(&ld), LOGDIR_F_STAT_CURRENT);
	close(ld.dfd);
	close(ld.lockfd);

	logdir_init(&ld, dname(), 99999, 10, 0, &tfs, buf, sizeof buf);
	inject(OP_FSTATAT, 1, 1, EIO);	/* processed */
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_FATAL);
	assert_int_equal(logdir_what(&ld), LOGDIR_F_STAT_PROCESSED);
	close(ld.dfd);
	close(ld.lockfd);

	/* openat: lock, then (unclean) state, then current. */
	logdir_init(&ld, dname(), 99999, 10, 0, &tfs, buf, sizeof buf);
	inject(OP_OPENAT, 1, 1, ENOSPC);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_FATAL);
	assert_int_equal(logdir_what(&ld), LOGDIR_F_STATE);
	close(ld.dfd);
	close(ld.lockfd);

	logdir_init(&ld, dname(), 99999, 10, 0, &tfs, buf, sizeof buf);
	inject(OP_OPENAT, 2, 1, ENOSPC);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_FATAL);
	assert_int_equal(logdir_what(&ld), LOGDIR_F_CURRENT);
	close(ld.dfd);
	close(ld.lockfd);

	logdir_init(&ld, dname(), 99999, 10, 0, &tfs, buf, sizeof buf);
	inject(OP_FCHMOD, 0, 1, EPERM);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_FATAL);
	assert_int_equal(logdir_what(&ld), LOGDIR_F_MODE_CURRENT);
	close(ld.dfd);
	close(ld.lockfd);
	close(ld.cur);

	/* Now current exists, clean: append path. */
	chmod(p("current"), 0744);
	logdir_init(&ld, dname(), 99999, 10, 0, &tfs, buf, sizeof buf);
	inject(OP_OPENAT, 1, 1, EACCES);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_FATAL);
	assert_int_equal(logdir_what(&ld), LOGDIR_F_APPEND);
	close(ld.dfd);
	close(ld.lockfd);
}

static void
test_archive_during_setup_pauses(void **state)
{
	struct logdir ld;

	(void)state;
	assert_int_equal(mkdir(dname(), 0700), 0);
	put_file("current", "x\n", 0644);
	logdir_init(&ld, dname(), 99999, 10, 0, &tfs, buf, sizeof buf);
	inject(OP_LINKAT, 0, 1, ENOSPC);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PAUSE);
	assert_int_equal(logdir_what(&ld), LOGDIR_W_LINK);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_IDLE);
	assert_int_equal(archives(), 1);
	assert_string_equal(read_file(names[0]), "x\n");
	assert_int_equal(names[0][26], 'u');
	close_dir(&ld);
}

static void
test_rotate_request(void **state)
{
	struct logdir ld;

	(void)state;
	open_dir(&ld, 99999, 10, 0);
	/* An empty current is left alone. */
	assert_int_equal(logdir_rotate(&ld), 0);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_IDLE);
	assert_int_equal(archives(), 0);
	put(&ld, "one\n");
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_IDLE);
	assert_int_equal(logdir_rotate(&ld), 1);
	assert_false(logdir_idle(&ld));
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_IDLE);
	assert_int_equal(archives(), 1);
	assert_string_equal(read_file(names[0]), "one\n");
	assert_int_equal(size_of("current"), 0);
	close_dir(&ld);
}

static void
test_same_clock_names(void **state)
{
	struct logdir ld;
	struct tai64n fixed = { 0x4000000000000005ULL, 500 };

	(void)state;
	open_dir(&ld, 99999, 10, 0);
	put(&ld, "a\n");
	logdir_rotate(&ld);
	assert_int_equal(logdir_run(&ld, &fixed), LOGDIR_IDLE);
	put(&ld, "b\n");
	logdir_rotate(&ld);
	assert_int_equal(logdir_run(&ld, &fixed), LOGDIR_IDLE);
	/* A clock that stands still (or steps back) still gives new names
	 * in order, a microsecond apart. */
	fixed.sec = 1;
	put(&ld, "c\n");
	logdir_rotate(&ld);
	assert_int_equal(logdir_run(&ld, &fixed), LOGDIR_IDLE);
	assert_int_equal(archives(), 3);
	assert_string_equal(names[0], "@4000000000000005000001f4.s");
	assert_string_equal(names[1], "@4000000000000005000005dc.s");
	assert_string_equal(names[2], "@4000000000000005000009c4.s");
	assert_string_equal(read_file(names[2]), "c\n");
	close_dir(&ld);
}

/* Plays the processor: what it would write on fds 1 and 5. */
static void
fake_processor(const char *out, const char *newstate)
{
	put_file("processed", out, 0644);
	put_file("newstate", newstate, 0644);
}

static void
test_processor(void **state)
{
	struct logdir ld;

	(void)state;
	open_dir(&ld, 99999, 10, "gzip");
	put(&ld, "log line\n");
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_IDLE);
	logdir_rotate(&ld);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PROCESS);
	assert_int_equal(mode_of("previous"), 0744);
	assert_string_equal(read_file("previous"), "log line\n");
	/* Asked again without an answer: still waiting for it. */
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PROCESS);

	/* exit != 0: a pause without ERR, then a new run. */
	logdir_processed(&ld, LOGDIR_PROC_FAILED, 0);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PAUSE);
	assert_int_equal(logdir_what(&ld), LOGDIR_W_FAILED);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PROCESS);

	/* killed: two pauses (crashed, then failed), as 0.76. */
	logdir_processed(&ld, LOGDIR_PROC_CRASHED, ENOENT);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PAUSE);
	assert_int_equal(logdir_what(&ld), LOGDIR_W_CRASHED);
	assert_int_equal(logdir_errno(&ld), ENOENT);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PAUSE);
	assert_int_equal(logdir_what(&ld), LOGDIR_W_FAILED);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PROCESS);

	logdir_processed(&ld, LOGDIR_PROC_NOFORK, EAGAIN);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PAUSE);
	assert_int_equal(logdir_what(&ld), LOGDIR_W_FORK);
	assert_int_equal(logdir_errno(&ld), EAGAIN);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PROCESS);

	logdir_processed(&ld, LOGDIR_PROC_NOWAIT, ECHILD);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PAUSE);
	assert_int_equal(logdir_what(&ld), LOGDIR_W_WAIT);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PAUSE);
	assert_int_equal(logdir_what(&ld), LOGDIR_W_FAILED);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PROCESS);

	fake_processor("compressed\n", "count=1\n");
	/* The finishing steps, each failing once. */
	logdir_processed(&ld, LOGDIR_PROC_OK, 0);
	inject(OP_FSYNC, 0, 1, EIO);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PAUSE);
	assert_int_equal(logdir_what(&ld), LOGDIR_W_SYNC_PROCESSED);
	inject(OP_FCHMOD, 0, 1, EPERM);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PAUSE);
	assert_int_equal(logdir_what(&ld), LOGDIR_W_MODE_PROCESSED);
	inject(OP_OPENAT, 1, 1, EMFILE);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PAUSE);
	assert_int_equal(logdir_what(&ld), LOGDIR_W_CREATE_NEWSTATE);
	inject(OP_FSYNC, 0, 1, EIO);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PAUSE);
	assert_int_equal(logdir_what(&ld), LOGDIR_W_SYNC_NEWSTATE);
	inject(OP_UNLINKAT, 0, 1, EBUSY);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PAUSE);
	assert_int_equal(logdir_what(&ld), LOGDIR_W_REMOVE_PREVIOUS);
	inject(OP_RENAMEAT, 0, 1, EXDEV);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PAUSE);
	assert_int_equal(logdir_what(&ld), LOGDIR_W_RENAME_NEWSTATE);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_IDLE);

	assert_int_equal(archives(), 1);
	assert_string_equal(read_file(names[0]), "compressed\n");
	assert_int_equal(mode_of(names[0]), 0744);
	assert_string_equal(read_file("state"), "count=1\n");
	assert_int_equal(size_of("previous"), -1);
	assert_int_equal(size_of("processed"), -1);
	assert_int_equal(size_of("newstate"), -1);
	close_dir(&ld);
}

static void
test_processed_create_error(void **state)
{
	struct logdir ld;

	(void)state;
	open_dir(&ld, 99999, 10, "");
	put(&ld, "x\n");
	logdir_rotate(&ld);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PROCESS);
	fake_processor("", "");
	logdir_processed(&ld, LOGDIR_PROC_OK, 0);
	inject(OP_OPENAT, 0, 1, ENFILE);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PAUSE);
	assert_int_equal(logdir_what(&ld), LOGDIR_W_CREATE_PROCESSED);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_IDLE);
	/* The empty processor archives an empty file (0.76). */
	assert_int_equal(archives(), 1);
	assert_int_equal(size_of(names[0]), 0);
	close_dir(&ld);
}

static void
test_finish_errors(void **state)
{
	struct logdir ld;

	(void)state;
	open_dir(&ld, 99999, 10, 0);
	put(&ld, "last\n");
	logdir_finish(&ld);
	inject(OP_FSYNC, 0, 1, EIO);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PAUSE);
	assert_int_equal(logdir_what(&ld), LOGDIR_W_SYNC_CURRENT);
	assert_false(logdir_closed(&ld));
	inject(OP_FCHMOD, 0, 1, EROFS);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_PAUSE);
	assert_int_equal(logdir_what(&ld), LOGDIR_W_MODE_CURRENT);
	assert_int_equal(mode_of("current"), 0644);
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_IDLE);
	assert_true(logdir_closed(&ld));
	assert_int_equal(mode_of("current"), 0744);
	assert_string_equal(read_file("current"), "last\n");
	/* No rotation at exit. */
	assert_int_equal(archives(), 0);
	close(ld.lockfd);
	close(ld.dfd);
}

static void
test_flush_defers_rotation(void **state)
{
	struct logdir ld;
	char line[2101];
	char *o;
	size_t room;

	(void)state;
	open_dir(&ld, 4096, 10, 0);
	assert_true(logdir_until_rotation(&ld) == 2096);
	memset(line, 'f', 2099);
	line[2099] = '\n';
	line[2100] = 0;
	/* Filled in place. */
	o = logdir_space(&ld, &room);
	assert_true(room == sizeof buf);
	memcpy(o, line, 2100);
	logdir_commit(&ld, 2100);
	assert_true(logdir_until_rotation(&ld) == 0);
	/* The data is written; the rotation due at its end waits. */
	assert_int_equal(logdir_flush(&ld, tick()), LOGDIR_IDLE);
	assert_int_equal(size_of("current"), 2100);
	assert_int_equal(archives(), 0);
	assert_false(logdir_idle(&ld));
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_IDLE);
	assert_int_equal(archives(), 1);
	assert_int_equal(size_of("current"), 0);
	assert_true(logdir_until_rotation(&ld) == 2096);
	/* A rotation inside the data cannot wait. */
	put(&ld, line);
	put(&ld, "tail\n");
	assert_true(logdir_until_rotation(&ld) == 0);
	assert_int_equal(logdir_flush(&ld, tick()), LOGDIR_IDLE);
	assert_int_equal(archives(), 2);
	assert_string_equal(read_file("current"), "tail\n");
	assert_true(logdir_until_rotation(&ld) == 2091);
	assert_true(logdir_idle(&ld));
	close_dir(&ld);
}

static void
test_until_rotation_after_restart(void **state)
{
	struct logdir ld;
	static char big[4000];

	(void)state;
	assert_int_equal(mkdir(dname(), 0700), 0);
	memset(big, 'o', 2999);
	big[2999] = '\n';
	big[3000] = 0;
	put_file("current", big, 0744);
	open_dir(&ld, 4096, 10, 0);
	/* Already past size - 2000: the next line end closes the file. */
	assert_true(logdir_until_rotation(&ld) == 0);
	put(&ld, "x\n");
	assert_int_equal(logdir_run(&ld, tick()), LOGDIR_IDLE);
	assert_int_equal(archives(), 1);
	assert_int_equal(size_of(names[0]), 3002);
	close_dir(&ld);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_held, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_clean_restart_appends,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_recovery_processed_complete, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_recovery_processed_partial, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_recovery_interrupted_archive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotation_points, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_hard_cut, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_exact_threshold, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_retention, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_write_error_pauses,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotation_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_setup_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_archive_during_setup_pauses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotate_request, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_same_clock_names, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_processor, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_processed_create_error,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_finish_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_flush_defers_rotation,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_until_rotation_after_restart, setup, teardown),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
