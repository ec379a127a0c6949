/* test_fd.c - close-on-exec, non-blocking mode and descriptor moves. */

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>

#include "fd.h"

static void
test_flags(void **state)
{
	int p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(fcntl(p[0], F_GETFD) & FD_CLOEXEC, 0);
	assert_int_equal(fd_cloexec(p[0]), 0);
	assert_int_equal(fcntl(p[0], F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	assert_int_equal(fd_nonblock(p[0]), 0);
	assert_true(fcntl(p[0], F_GETFL) & O_NONBLOCK);
	close(p[0]);
	close(p[1]);
	assert_int_equal(fd_cloexec(p[0]), -1);
	assert_int_equal(errno, EBADF);
	assert_int_equal(fd_nonblock(p[0]), -1);
}

static void
test_move_and_copy(void **state)
{
	int p[2], target;
	char c;

	(void)state;
	assert_int_equal(pipe(p), 0);
	target = 50;
	assert_int_equal(fd_move(target, p[1]), 0);
	assert_int_equal(fcntl(p[1], F_GETFD), -1);	/* closed */
	assert_int_equal(write(target, "m", 1), 1);
	assert_int_equal(read(p[0], &c, 1), 1);
	assert_int_equal(c, 'm');
	assert_int_equal(fd_copy(51, target), 0);
	assert_true(fcntl(target, F_GETFD) >= 0);	/* still open */
	assert_int_equal(write(51, "c", 1), 1);
	assert_int_equal(read(p[0], &c, 1), 1);
	assert_int_equal(c, 'c');
	assert_int_equal(fd_move(51, 51), 0);
	assert_true(fcntl(51, F_GETFD) >= 0);
	/* Onto itself, close-on-exec is cleared all the same (dup2 would
	 * leave it): the descriptor is meant for a program about to exec. */
	assert_int_equal(fd_cloexec(51), 0);
	assert_int_equal(fd_move(51, 51), 0);
	assert_int_equal(fcntl(51, F_GETFD) & FD_CLOEXEC, 0);
	assert_int_equal(fd_cloexec(51), 0);
	assert_int_equal(fd_copy(51, 51), 0);
	assert_int_equal(fcntl(51, F_GETFD) & FD_CLOEXEC, 0);
	assert_int_equal(fd_copy(52, 52), -1);	/* not open */
	assert_int_equal(errno, EBADF);
	assert_int_equal(fd_move(52, 999), -1);
	close(51);
	close(target);
	close(p[0]);
}

static void
test_read(void **state)
{
	int p[2];
	char buf[8];

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "hello", 5), 5);
	assert_int_equal(fd_read(p[0], buf, sizeof buf), 5);
	assert_memory_equal(buf, "hello", 5);
	close(p[1]);
	assert_int_equal(fd_read(p[0], buf, sizeof buf), 0);
	close(p[0]);
	assert_int_equal(fd_read(p[0], buf, sizeof buf), -1);
	assert_int_equal(errno, EBADF);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_move_and_copy),
		cmocka_unit_test(test_read),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
