/* test_die.c - the daemontools message shape, the errno wording table, and
 * the exit codes of die_* (checked in forked children). */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "die.h"

static unsigned long
fmt(char *buf, unsigned long len, const char *prog, const char *kind,
    int err, ...)
{
	va_list ap;
	unsigned long n;

	va_start(ap, err);
	n = die_format(buf, len, prog, kind, err, ap);
	va_end(ap);
	return n;
}

static void
test_format_fatal_with_errno(void **state)
{
	char buf[256];
	unsigned long n;

	(void)state;
	n = fmt(buf, sizeof buf, "envdir", "fatal", ENOENT,
	    "unable to switch to directory ", "/nope", (const char *)0);
	assert_int_equal(n, strlen("envdir: fatal: unable to switch to "
	    "directory /nope: file does not exist\n"));
	assert_memory_equal(buf, "envdir: fatal: unable to switch to "
	    "directory /nope: file does not exist\n", n);
}

static void
test_format_without_errno_and_prefix(void **state)
{
	char buf[256];
	unsigned long n;

	(void)state;
	n = fmt(buf, sizeof buf, "svc", "warning", -1, "x", "y",
	    (const char *)0);
	assert_memory_equal(buf, "svc: warning: xy\n", n);
	n = fmt(buf, sizeof buf, 0, 0, EOVERFLOW,
	    "unable to readlink ./supervise", (const char *)0);
	assert_memory_equal(buf,
	    "unable to readlink ./supervise: unknown error\n", n);
}

static void
test_format_truncates_keeping_newline(void **state)
{
	char buf[16];
	unsigned long n;

	(void)state;
	n = fmt(buf, sizeof buf, "prog", "fatal", -1,
	    "a very long message indeed", (const char *)0);
	assert_int_equal(n, sizeof buf);
	assert_memory_equal(buf, "prog: fatal: a \n", n);
	assert_int_equal(fmt(buf, 0, "p", 0, -1, (const char *)0), 0);
}

static void
test_errstr_table(void **state)
{
	(void)state;
	assert_string_equal(die_errstr(0), "no error");
	assert_string_equal(die_errstr(EAGAIN), "temporary failure");
	assert_string_equal(die_errstr(EWOULDBLOCK), "temporary failure");
	assert_string_equal(die_errstr(EACCES), "access denied");
	assert_string_equal(die_errstr(ENXIO), "device not configured");
	assert_string_equal(die_errstr(ENOEXEC), "exec format error");
	assert_string_equal(die_errstr(EISDIR), "is a directory");
	assert_string_equal(die_errstr(ELOOP), "symbolic link loop");
	assert_string_equal(die_errstr(ENOSPC), "out of disk space");
	assert_string_equal(die_errstr(EPIPE), "broken pipe");
	assert_string_equal(die_errstr(EDQUOT), "disk quota exceeded");
	assert_string_equal(die_errstr(ESTALE), "stale NFS file handle");
	/* 0.76's table lacks these: */
	assert_string_equal(die_errstr(EOVERFLOW), "unknown error");
	assert_string_equal(die_errstr(EILSEQ), "unknown error");
	assert_string_equal(die_errstr(ECANCELED), "unknown error");
	assert_string_equal(die_errstr(-5), "unknown error");
}

/* Runs fn in a child with stderr on a pipe; returns its wait status and
 * what it wrote in out. */
static int
in_child(void (*fn)(void), char *out, size_t len)
{
	int p[2], st;
	ssize_t r;
	size_t got = 0;
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		dup2(p[1], 2);
		fn();
		_exit(99);
	}
	close(p[1]);
	while ((r = read(p[0], out + got, len - 1 - got)) > 0)
		got += (size_t)r;
	out[got] = 0;
	close(p[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return st;
}

static void do_die_sys(void) { die_init("setlock"); errno = EAGAIN;
	die_sys(111, "unable to lock ", "f"); }
static void do_die_x(void) { die_init("fghack"); die_x(111, "child crashed"); }
static void do_usage(void) { die_init("pgrphack"); die_usage("pgrphack child"); }
static void do_usage111(void) { die_init("envdir");
	die_usage_code(111, "envdir dir child"); }
static void
do_warn(void)
{
	die_init("svc");
	errno = ENOENT;
	warn_sys("unable to chdir to ", "x");
	if (errno == ENOENT)
		warn_x("kept errno");
	_exit(0);
}
static void do_raw(void) { die_raw(111, ENOENT, "unable to readlink ",
	"./supervise"); }

static void
test_exits_and_messages(void **state)
{
	char out[512];
	int st;

	(void)state;
	st = in_child(do_die_sys, out, sizeof out);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 111);
	assert_string_equal(out, "setlock: fatal: unable to lock f: temporary failure\n");

	st = in_child(do_die_x, out, sizeof out);
	assert_int_equal(WEXITSTATUS(st), 111);
	assert_string_equal(out, "fghack: fatal: child crashed\n");

	st = in_child(do_usage, out, sizeof out);
	assert_int_equal(WEXITSTATUS(st), 100);
	assert_string_equal(out, "pgrphack: usage: pgrphack child\n");

	st = in_child(do_usage111, out, sizeof out);
	assert_int_equal(WEXITSTATUS(st), 111);
	assert_string_equal(out, "envdir: usage: envdir dir child\n");

	st = in_child(do_warn, out, sizeof out);
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_string_equal(out, "svc: warning: unable to chdir to x: file does "
	    "not exist\nsvc: warning: kept errno\n");

	st = in_child(do_raw, out, sizeof out);
	assert_int_equal(WEXITSTATUS(st), 111);
	assert_string_equal(out, "unable to readlink ./supervise: file does not exist\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_fatal_with_errno),
		cmocka_unit_test(test_format_without_errno_and_prefix),
		cmocka_unit_test(test_format_truncates_keeping_newline),
		cmocka_unit_test(test_errstr_table),
		cmocka_unit_test(test_exits_and_messages),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
