/* test_proc.c - environment edits (order of entries as 0.76 leaves them)
 * and the PATH search, run in forked children against scripts made in a
 * temporary directory. */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "proc.h"

/* Merges and compares with the expected list (NULL-terminated). */
static void
merge_is(char *const *env, char *const *edits, size_t n, const char **want)
{
	char **out = proc_env_merge(env, edits, n);
	size_t i;

	assert_non_null(out);
	for (i = 0; want[i]; ++i) {
		assert_non_null(out[i]);
		assert_string_equal(out[i], want[i]);
	}
	assert_null(out[i]);
	free(out);
}

/* The verified example: envuidgid nobody on A=1 UID=5 GID=6 B=2. */
static void
test_merge_envuidgid_example(void **state)
{
	char *env[] = { "A=1", "UID=5", "GID=6", "B=2", 0 };
	char *ed[] = { "GID=65534", "UID=65534" };
	const char *want[] = { "A=1", "GID=65534", "B=2", "UID=65534", 0 };

	(void)state;
	merge_is(env, ed, 2, want);
}

static void
test_merge_append_new(void **state)
{
	char *env[] = { "A=1", "B=2", "C=3", 0 };
	char *ed[] = { "GID=65534", "UID=65534" };
	const char *want[] = { "A=1", "B=2", "C=3", "GID=65534", "UID=65534",
	    0 };
	char *none[] = { 0 };
	char *ed1[] = { "X=" };
	const char *want1[] = { "X=", 0 };

	(void)state;
	merge_is(env, ed, 2, want);
	merge_is(none, ed1, 1, want1);	/* empty value, empty environment */
}

static void
test_merge_remove(void **state)
{
	char *env[] = { "A=1", "B=2", "C=3", "D=4", 0 };
	char *ed[] = { "B" };
	const char *want[] = { "A=1", "D=4", "C=3", 0 };
	char *ed2[] = { "D", "NOPE" };
	const char *want2[] = { "A=1", "B=2", "C=3", 0 };
	char *ed3[] = { "A", "B", "C", "D" };
	const char *want3[] = { 0 };

	(void)state;
	merge_is(env, ed, 1, want);
	merge_is(env, ed2, 2, want2);	/* the last one; an absent one */
	merge_is(env, ed3, 4, want3);
}

/* A name is matched whole: A does not touch AB=, and AB does not touch A=. */
static void
test_merge_whole_names(void **state)
{
	char *env[] = { "AB=1", "A=2", "ABC=3", 0 };
	char *ed[] = { "A=x" };
	const char *want[] = { "AB=1", "ABC=3", "A=x", 0 };
	char *ed2[] = { "AB" };
	const char *want2[] = { "ABC=3", "A=2", 0 };

	(void)state;
	merge_is(env, ed, 1, want);
	merge_is(env, ed2, 1, want2);
}

/* Edits apply in order: the later one wins and lands last. */
static void
test_merge_double_edits(void **state)
{
	char *env[] = { "A=1", "X=0", "B=2", 0 };
	char *ed[] = { "X=1", "X=2" };
	const char *want[] = { "A=1", "B=2", "X=2", 0 };
	char *ed2[] = { "X=1", "X" };
	const char *want2[] = { "A=1", "B=2", 0 };
	char *ed3[] = { "X", "X=3" };
	const char *want3[] = { "A=1", "B=2", "X=3", 0 };
	char *ed4[] = { "Y=1", "A=9", "Y=2" };
	const char *want4[] = { "A=9", "X=0", "B=2", "Y=2", 0 };

	(void)state;
	merge_is(env, ed, 2, want);
	merge_is(env, ed2, 2, want2);
	merge_is(env, ed3, 2, want3);
	/* A=9: A's slot takes Y=1 (the last entry), A=9 is appended; Y=2:
	 * Y=1's slot takes A=9, Y=2 is appended */
	merge_is(env, ed4, 3, want4);
}

/* Every entry of a duplicated name goes, not only the first, and the slot
 * filled from the end is looked at again (verified against 0.76:
 * env -i UID=1 A=1 UID=2 UID=3 envuidgid root env -> GID=0 A=1 UID=0). */
static void
test_merge_duplicates(void **state)
{
	char *env[] = { "UID=1", "A=1", "UID=2", "UID=3", 0 };
	char *ed[] = { "GID=0", "UID=0" };
	const char *want[] = { "GID=0", "A=1", "UID=0", 0 };
	char *env2[] = { "A=1", "UID=1", "B=2", "UID=2", "C=3", 0 };
	const char *want2[] = { "A=1", "GID=0", "B=2", "C=3", "UID=0", 0 };

	(void)state;
	merge_is(env, ed, 2, want);
	merge_is(env2, ed, 2, want2);
}

/* PATH search fixtures: a directory with
 *   none/        nothing in it
 *   noexec/prog  mode 0644 (EACCES)
 *   junk/prog    executable, neither ELF nor #! (ENOEXEC)
 *   good/prog    a script that exits 42, or 43 when $X is not "y"
 *   other/prog   a script that exits 44 */
static char top[PATH_MAX];

static void
mk(const char *rel, const char *data, mode_t mode)
{
	char p[PATH_MAX];
	int fd;

	assert_true(snprintf(p, sizeof p, "%s/%s", top, rel) < (int)sizeof p);
	if (!data) {
		assert_int_equal(mkdir(p, mode), 0);
		return;
	}
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, strlen(data)), (ssize_t)strlen(data));
	assert_int_equal(close(fd), 0);
	assert_int_equal(chmod(p, mode), 0);
}

static int
setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(top, sizeof top, "%s/proc-test.XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(top))
		return -1;
	mk("none", 0, 0755);
	mk("noexec", 0, 0755);
	mk("noexec/prog", "#!/bin/sh\nexit 0\n", 0644);
	mk("junk", 0, 0755);
	mk("junk/prog", "this is not a program\n", 0755);
	mk("good", 0, 0755);
	mk("good/prog", "#!/bin/sh\n[ \"$X\" = y ] || exit 43\nexit 42\n",
	    0755);
	mk("other", 0, 0755);
	mk("other/prog", "#!/bin/sh\nexit 44\n", 0755);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[PATH_MAX + 32];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	return system(cmd) == 0 ? 0 : -1;
}

/* Builds a PATH from elements relative to top ("" stays empty). */
static void
make_path(char *buf, size_t len, const char *const *el)
{
	size_t pos = 0;
	int i;

	buf[0] = 0;
	for (i = 0; el[i]; ++i) {
		int n = snprintf(buf + pos, len - pos, "%s%s%s%s",
		    i ? ":" : "", el[i][0] ? top : "", el[i][0] ? "/" : "",
		    el[i]);
		assert_true(n >= 0 && (size_t)n < len - pos);
		pos += (size_t)n;
	}
}

/* Runs proc_execvpe(file, ...) in a child with $X=y, after chdir(dir)
 * when dir is set. Returns the script's exit code, or 100 + errno when
 * the search failed. */
static int
search(const char *file, const char *path, const char *dir)
{
	char *argv[] = { (char *)file, 0 };
	char *envp[] = { "X=y", 0 };
	int st;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		if (dir && chdir(dir) < 0)
			_exit(99);
		proc_execvpe(file, argv, envp, path);
		_exit(100 + errno);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static int
search_in(const char *file, const char *const *el, const char *dir)
{
	char path[4 * PATH_MAX];

	make_path(path, sizeof path, el);
	return search(file, path, dir);
}

static void
test_search_finds_in_order(void **state)
{
	const char *p1[] = { "none", "good", "other", 0 };
	const char *p2[] = { "other", "good", 0 };

	(void)state;
	assert_int_equal(search_in("prog", p1, 0), 42);
	assert_int_equal(search_in("prog", p2, 0), 44);
}

static void
test_search_enoent(void **state)
{
	const char *p[] = { "none", "none", 0 };

	(void)state;
	assert_int_equal(search_in("prog", p, 0), 100 + ENOENT);
	assert_int_equal(search_in("nothing-here", p, 0), 100 + ENOENT);
}

/* EACCES is remembered, the search goes on, and it is what is reported
 * when nothing ran. */
static void
test_search_eacces(void **state)
{
	const char *p1[] = { "noexec", "none", 0 };
	const char *p2[] = { "none", "noexec", "none", 0 };
	const char *p3[] = { "noexec", "good", 0 };

	(void)state;
	assert_int_equal(search_in("prog", p1, 0), 100 + EACCES);
	assert_int_equal(search_in("prog", p2, 0), 100 + EACCES);
	assert_int_equal(search_in("prog", p3, 0), 42);
}

/* Any other error stops the search at once. */
static void
test_search_enoexec_stops(void **state)
{
	const char *p1[] = { "junk", "good", 0 };
	const char *p2[] = { "noexec", "junk", "good", 0 };

	(void)state;
	assert_int_equal(search_in("prog", p1, 0), 100 + ENOEXEC);
	assert_int_equal(search_in("prog", p2, 0), 100 + ENOEXEC);
}

/* A name too long to execute stops the search as execve's ENAMETOOLONG
 * would; a long PATH of short elements is searched as any other (the
 * search allocates nothing either way). */
static void
test_search_long_path(void **state)
{
	static char path[16 * PROC_PATH_BUF];
	size_t pos = 0;
	int i;

	(void)state;
	memset(path, 'x', PROC_PATH_BUF + 10);
	pos = PROC_PATH_BUF + 10;
	snprintf(path + pos, sizeof path - pos, ":%s/good", top);
	assert_int_equal(search("prog", path, 0), 100 + ENAMETOOLONG);
	/* 200 short missing elements, then the right one: over 4096 bytes
	 * in all. */
	pos = 0;
	for (i = 0; i < 200; ++i) {
		int n = snprintf(path + pos, sizeof path - pos, "%s/none:", top);
		assert_true(n > 0 && (size_t)n < sizeof path - pos - 1000);
		pos += (size_t)n;
	}
	assert_true(pos > PROC_PATH_BUF);
	snprintf(path + pos, sizeof path - pos, "%s/good", top);
	assert_int_equal(search("prog", path, 0), 42);
}

/* An empty element, leading, inner or trailing, is the current directory. */
static void
test_search_empty_element(void **state)
{
	char good[PATH_MAX];
	const char *p1[] = { "", "none", 0 };
	const char *p2[] = { "none", "", "other", 0 };
	const char *p3[] = { "none", "", 0 };

	(void)state;
	assert_true(snprintf(good, sizeof good, "%s/good", top) <
	    (int)sizeof good);
	assert_int_equal(search_in("prog", p1, good), 42);
	assert_int_equal(search_in("prog", p2, good), 42);
	assert_int_equal(search_in("prog", p3, good), 42);
	assert_int_equal(search("prog", "", good), 42);
	assert_int_equal(search_in("prog", p3, 0), 100 + ENOENT);
}

/* A name with '/' is not searched for. */
static void
test_search_slash(void **state)
{
	const char *p[] = { "other", 0 };

	(void)state;
	assert_int_equal(search_in("good/prog", p, top), 42);
	assert_int_equal(search_in("none/prog", p, top), 100 + ENOENT);
	assert_int_equal(search_in("./prog", p, 0), 100 + ENOENT);
}

/* NULL path: /bin:/usr/bin. */
static void
test_search_default_path(void **state)
{
	char *argv[] = { "sh", "-c", "exit 5", 0 };
	char *envp[] = { 0 };
	int st;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		proc_execvpe("sh", argv, envp, 0);
		_exit(100 + errno);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 5);
}

/* proc_exec: the recorded edits (a set, a removal) reach the program,
 * the PATH searched is
 * the process's own (not one set by an edit), and unset PATH means
 * /bin:/usr/bin. */
static int
exec_child(const char *path, int edit_path, char **argv)
{
	int st;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		if (path)
			setenv("PATH", path, 1);
		else
			unsetenv("PATH");
		unsetenv("X");
		setenv("Z", "1", 1);
		if (proc_env_set("X", "y") < 0 || proc_env_set("Z", 0) < 0)
			_exit(98);
		if (edit_path && proc_env_set("PATH", "/nonexistent") < 0)
			_exit(98);
		proc_exec(argv);
		_exit(100 + errno);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static void
test_exec_with_edits(void **state)
{
	char good[PATH_MAX];
	char *argv[] = { "prog", 0 };
	char *sh[] = { "sh", "-c",
	    "[ \"$X\" = y ] && [ -z \"${Z+set}\" ] && exit 6; exit 7", 0 };

	(void)state;
	assert_true(snprintf(good, sizeof good, "%s/good", top) <
	    (int)sizeof good);
	assert_int_equal(exec_child(good, 0, argv), 42);
	assert_int_equal(exec_child(good, 1, argv), 42);
	assert_int_equal(exec_child(0, 0, sh), 6);
	assert_int_equal(exec_child(0, 0, argv), 100 + ENOENT);
}

/* proc_exec: when the exec fails, the merged environment is freed. The
 * child leaves through exit(), so that the sanitizer build's
 * LeakSanitizer sees a leak. */
static void
test_exec_failure_frees(void **state)
{
	char *argv[] = { "/nonexistent/prog", 0 };
	int st;
	pid_t pid;

	(void)state;
	(void)fflush(0);	/* the child's exit() flushes its copy */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (proc_env_set("X", "y") < 0)
			_exit(98);
		exit(proc_exec(argv) == -1 && errno == ENOENT ? 0 : 99);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* The wait status of a child that exits with code, or kills itself with
 * sig when sig is nonzero. */
static int
child_status(int code, int sig)
{
	int st;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		if (sig) {
			(void)signal(sig, SIG_DFL);
			(void)kill(getpid(), sig);
		}
		_exit(code);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return st;
}

/* $? as sh reports it: the code, or 128 + the signal. */
static void
test_wait_code(void **state)
{
	(void)state;
	assert_int_equal(proc_wait_code(child_status(0, 0)), 0);
	assert_int_equal(proc_wait_code(child_status(3, 0)), 3);
	assert_int_equal(proc_wait_code(child_status(255, 0)), 255);
	assert_int_equal(proc_wait_code(child_status(0, SIGKILL)), 137);
	assert_int_equal(proc_wait_code(child_status(0, SIGTERM)), 143);
	assert_int_equal(proc_wait_code(child_status(0, SIGINT)), 130);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge_envuidgid_example),
		cmocka_unit_test(test_merge_append_new),
		cmocka_unit_test(test_merge_remove),
		cmocka_unit_test(test_merge_whole_names),
		cmocka_unit_test(test_merge_double_edits),
		cmocka_unit_test(test_merge_duplicates),
		cmocka_unit_test(test_search_finds_in_order),
		cmocka_unit_test(test_search_enoent),
		cmocka_unit_test(test_search_eacces),
		cmocka_unit_test(test_search_enoexec_stops),
		cmocka_unit_test(test_search_long_path),
		cmocka_unit_test(test_search_empty_element),
		cmocka_unit_test(test_search_slash),
		cmocka_unit_test(test_search_default_path),
		cmocka_unit_test(test_exec_with_edits),
		cmocka_unit_test(test_exec_failure_frees),
		cmocka_unit_test(test_wait_code),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
