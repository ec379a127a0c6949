/* test_fifo.c - supervise's FIFOs: created 0600, writers get ENXIO with no
 * reader, the held pair never reads EOF, FIFO detection. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "fifo.h"

static char dir[] = "/tmp/test_fifo.XXXXXX";
static char fifo[sizeof dir + 16], file[sizeof dir + 16];

static int
setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(fifo, sizeof fifo, "%s/control", dir);
	snprintf(file, sizeof file, "%s/file", dir);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(fifo);
	unlink(file);
	return rmdir(dir);
}

/* The lowest free descriptor: to see that nothing leaked. */
static int
lowest_free(void)
{
	int fd = dup(0);

	close(fd);
	return fd;
}

static int
is_cloexec_nonblock(int fd)
{
	return (fcntl(fd, F_GETFD) & FD_CLOEXEC) &&
	    (fcntl(fd, F_GETFL) & O_NONBLOCK);
}

static void
test_make(void **state)
{
	struct stat st;
	mode_t old;

	(void)state;
	old = umask(0);
	assert_int_equal(fifo_make(fifo), 0);
	umask(old);
	assert_int_equal(stat(fifo, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	/* Existing: fine. */
	assert_int_equal(fifo_make(fifo), 0);
	assert_int_equal(fifo_make("/nonexistent/dir/ok"), -1);
	assert_int_equal(errno, ENOENT);
}

static void
test_writer_without_reader(void **state)
{
	int low = lowest_free();

	(void)state;
	assert_int_equal(fifo_make(fifo), 0);
	assert_int_equal(fifo_open_write(fifo), -1);
	assert_int_equal(errno, ENXIO);	/* svc: "supervise not running" */
	assert_int_equal(fifo_open_write("/nonexistent/control"), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(lowest_free(), low);
}

static void
test_reader_and_writer(void **state)
{
	int r, w;
	char c;

	(void)state;
	assert_int_equal(fifo_make(fifo), 0);
	r = fifo_open_read(fifo);
	assert_true(r >= 0);
	assert_true(is_cloexec_nonblock(r));
	/* Nothing to read and no writer: EOF, which the held pair avoids. */
	assert_int_equal(read(r, &c, 1), 0);
	w = fifo_open_write(fifo);
	assert_true(w >= 0);
	assert_true(is_cloexec_nonblock(w));
	assert_int_equal(fifo_is_fifo(w), 1);
	assert_int_equal(write(w, "u", 1), 1);
	assert_int_equal(read(r, &c, 1), 1);
	assert_int_equal(c, 'u');
	close(w);
	close(r);
}

static void
test_held(void **state)
{
	int r, w, svc;
	char c, which = 0;
	int low = lowest_free();

	(void)state;
	assert_int_equal(fifo_make(fifo), 0);
	assert_int_equal(fifo_open_held(fifo, &r, &w, &which), 0);
	assert_true(is_cloexec_nonblock(r));
	assert_true(is_cloexec_nonblock(w));
	assert_int_equal(fcntl(r, F_GETFL) & O_ACCMODE, O_RDONLY);
	assert_int_equal(fcntl(w, F_GETFL) & O_ACCMODE, O_WRONLY);
	/* A writer comes and goes: the reader sees its bytes, then EAGAIN,
	 * never end of file. */
	svc = fifo_open_write(fifo);
	assert_true(svc >= 0);
	assert_int_equal(write(svc, "dx", 2), 2);
	close(svc);
	assert_int_equal(read(r, &c, 1), 1);
	assert_int_equal(c, 'd');
	assert_int_equal(read(r, &c, 1), 1);
	assert_int_equal(c, 'x');
	assert_int_equal(read(r, &c, 1), -1);
	assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
	close(r);
	close(w);
	assert_int_equal(lowest_free(), low);
}

static void
test_held_failures(void **state)
{
	int r = 5, w = 5;
	char which = 0;
	int low = lowest_free();

	(void)state;
	assert_int_equal(fifo_open_held("/nonexistent/control", &r, &w,
	    &which), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(which, 'r');
	assert_int_equal(r, -1);
	assert_int_equal(w, -1);
	/* A directory opens for reading but not for writing: the read side
	 * must not leak. */
	r = w = 5;
	assert_int_equal(fifo_open_held(dir, &r, &w, &which), -1);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(which, 'w');
	assert_int_equal(r, -1);
	assert_int_equal(w, -1);
	assert_int_equal(lowest_free(), low);
}

static void
test_not_a_fifo(void **state)
{
	int fd, p[2];

	(void)state;
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	close(fd);
	/* As in 0.76, a regular file opens (svc would write into it). */
	fd = fifo_open_write(file);
	assert_true(fd >= 0);
	assert_int_equal(fifo_is_fifo(fd), 0);
	close(fd);
	fd = open(dir, O_RDONLY);
	assert_int_equal(fifo_is_fifo(fd), 0);
	close(fd);
	/* A pipe is a FIFO too. */
	assert_int_equal(pipe(p), 0);
	assert_int_equal(fifo_is_fifo(p[0]), 1);
	close(p[0]);
	close(p[1]);
	assert_int_equal(fifo_is_fifo(-1), -1);
	assert_int_equal(errno, EBADF);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_make),
		cmocka_unit_test(test_writer_without_reader),
		cmocka_unit_test(test_reader_and_writer),
		cmocka_unit_test(test_held),
		cmocka_unit_test(test_held_failures),
		cmocka_unit_test(test_not_a_fifo),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
