/* test_sig.c - the self-pipe: caught signals arrive as bytes, errno is
 * preserved, children get default dispositions and an empty mask. */

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "sig.h"

static int fd;

static int
setup(void **state)
{
	(void)state;
	fd = sig_pipe_init();
	return fd < 0 ? -1 : 0;
}

static void
test_pipe_flags(void **state)
{
	(void)state;
	assert_int_equal(sig_pipe_fd(), fd);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_true(fcntl(fd, F_GETFL) & O_NONBLOCK);
}

static void
test_signals_arrive_as_bytes(void **state)
{
	sigset_t got;

	(void)state;
	assert_int_equal(sig_catch(SIGUSR1), 0);
	assert_int_equal(sig_catch(SIGHUP), 0);
	assert_int_equal(sig_drain(&got), 0);
	errno = 1234;
	raise(SIGUSR1);
	raise(SIGHUP);
	raise(SIGUSR1);
	assert_int_equal(errno, 1234);
	assert_int_equal(sig_drain(&got), 3);
	assert_int_equal(sigismember(&got, SIGUSR1), 1);
	assert_int_equal(sigismember(&got, SIGHUP), 1);
	assert_int_equal(sigismember(&got, SIGTERM), 0);
	assert_int_equal(sig_drain(&got), 0);
	assert_int_equal(sigismember(&got, SIGUSR1), 0);
}

static void
test_child_reset(void **state)
{
	sigset_t term;
	pid_t pid;
	int st;

	(void)state;
	assert_int_equal(sig_catch(SIGUSR1), 0);
	signal(SIGPIPE, SIG_IGN);
	assert_int_equal(sig_is_ignored(SIGPIPE), 1);
	assert_int_equal(sig_is_ignored(SIGUSR1), 0);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigprocmask(SIG_BLOCK, &term, 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct sigaction sa;
		sigset_t cur;
		sig_child_reset();
		sigaction(SIGUSR1, 0, &sa);
		if (sa.sa_handler != SIG_DFL)
			_exit(1);
		sigaction(SIGPIPE, 0, &sa);
		if (sa.sa_handler != SIG_IGN)	/* ignored stays ignored */
			_exit(2);
		sigprocmask(SIG_SETMASK, 0, &cur);
		if (sigismember(&cur, SIGTERM))
			_exit(3);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	sigprocmask(SIG_UNBLOCK, &term, 0);
	signal(SIGPIPE, SIG_DFL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pipe_flags),
		cmocka_unit_test(test_signals_arrive_as_bytes),
		cmocka_unit_test(test_child_reset),
	};
	return cmocka_run_group_tests(tests, setup, 0);
}
