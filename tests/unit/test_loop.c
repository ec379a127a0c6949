/* test_loop.c - poll with absolute monotonic deadlines. */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <sys/time.h>
#include <unistd.h>
#include <cmocka.h>

#include "loop.h"

static void
test_now_is_monotonic(void **state)
{
	int64_t a, b;

	(void)state;
	a = loop_now();
	b = loop_now();
	assert_true(a > 0);
	assert_true(b >= a);
	assert_int_equal(loop_min(3, 5), 3);
	assert_int_equal(loop_min(LOOP_NEVER, 5), 5);
}

static void
test_deadline_passes(void **state)
{
	struct pollfd pfd;
	int p[2];
	int64_t start, took;

	(void)state;
	assert_int_equal(pipe(p), 0);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	start = loop_now();
	assert_int_equal(loop_wait(&pfd, 1, start + 50), 0);
	took = loop_now() - start;
	assert_true(took >= 49);
	assert_true(took < 2000);
	/* A deadline in the past returns at once. */
	start = loop_now();
	assert_int_equal(loop_wait(&pfd, 1, start - 1000), 0);
	assert_true(loop_now() - start < 1000);
	close(p[0]);
	close(p[1]);
}

static void
test_ready_fd(void **state)
{
	struct pollfd pfd;
	int p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "x", 1), 1);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	assert_int_equal(loop_wait(&pfd, 1, LOOP_NEVER), 1);
	assert_true(pfd.revents & POLLIN);
	close(p[0]);
	close(p[1]);
}

static void
on_alarm(int sig)
{
	(void)sig;
}

static void
test_pause(void **state)
{
	struct sigaction sa;
	struct itimerval it = { { 0, 0 }, { 0, 50000 } };
	int64_t t0 = loop_now();

	(void)state;
	/* At least as long as asked. */
	loop_pause(30);
	assert_true(loop_now() - t0 >= 30);
	/* A signal cuts it short: 50 ms into a pause of an hour. */
	sa.sa_handler = on_alarm;
	sa.sa_flags = 0;
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGALRM, &sa, 0), 0);
	assert_int_equal(setitimer(ITIMER_REAL, &it, 0), 0);
	t0 = loop_now();
	loop_pause(3600000);
	assert_true(loop_now() - t0 < 3600000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_now_is_monotonic),
		cmocka_unit_test(test_deadline_passes),
		cmocka_unit_test(test_ready_fd),
		cmocka_unit_test(test_pause),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
