/* test_lock.c - lock files: creation mode and flags, a lock held by
 * another process makes the non-blocking attempt fail with EAGAIN and the
 * blocking one wait until it is released. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "lock.h"

static char dir[] = "/tmp/test_lock.XXXXXX";
static char path[sizeof dir + 16];

static int
setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/lock", dir);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(path);
	return rmdir(dir);
}

static void
test_open_mode_and_flags(void **state)
{
	struct stat st;
	mode_t old;
	int fd, fl;

	(void)state;
	unlink(path);
	old = umask(0);
	fd = lock_open(path, 0);
	umask(old);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	fl = fcntl(fd, F_GETFL);
	assert_int_equal(fl & O_ACCMODE, O_WRONLY);
	assert_true(fl & O_APPEND);
	assert_false(fl & O_NONBLOCK);
	assert_false(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(write(fd, "keep", 4), 4);
	close(fd);

	/* Never truncated; the flags are honoured. */
	fd = lock_open(path, LOCK_OPEN_NONBLOCK | LOCK_OPEN_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_size, 4);
	assert_true(fcntl(fd, F_GETFL) & O_NONBLOCK);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(lock_exnb(fd), 0);
	assert_int_equal(lock_ex(fd), 0);	/* already ours */
	close(fd);

	assert_int_equal(lock_open("/nonexistent/dir/lock", 0), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(lock_open(dir, 0), -1);
	assert_int_equal(errno, EISDIR);
}

static void
test_bad_fd(void **state)
{
	(void)state;
	assert_int_equal(lock_exnb(-1), -1);
	assert_int_equal(errno, EBADF);
	assert_int_equal(lock_ex(-1), -1);
	assert_int_equal(errno, EBADF);
}

/* Forks a child that opens path itself and locks it, says 'L' on tell,
 * waits for a byte on go, sleeps hold_ms, says 'R' on tell and exits,
 * which releases the lock. The caller closes its copy of tell's write end,
 * so a child that dies early shows up as end of file. */
static pid_t
holder(int tell, int go, int hold_ms)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct timespec ts;
		char c;
		int fd = lock_open(path, 0);

		if (fd < 0 || lock_ex(fd) < 0)
			_exit(1);
		if (write(tell, "L", 1) != 1 || read(go, &c, 1) != 1)
			_exit(2);
		ts.tv_sec = hold_ms / 1000;
		ts.tv_nsec = (long)(hold_ms % 1000) * 1000000L;
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
		if (write(tell, "R", 1) != 1)
			_exit(3);
		_exit(0);
	}
	return pid;
}

static void
test_held_elsewhere(void **state)
{
	int tell[2], go[2], fd, st;
	char c;
	pid_t pid;
	struct pollfd pfd;

	(void)state;
	assert_int_equal(pipe(tell), 0);
	assert_int_equal(pipe(go), 0);
	pid = holder(tell[1], go[0], 100);
	assert_true(pid > 0);
	close(tell[1]);
	close(go[0]);
	assert_int_equal(read(tell[0], &c, 1), 1);
	assert_int_equal(c, 'L');

	fd = lock_open(path, LOCK_OPEN_NONBLOCK);
	assert_true(fd >= 0);
	assert_int_equal(lock_exnb(fd), -1);
	assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
	assert_int_equal(lock_exnb(fd), -1);	/* still held */

	/* Blocks until the holder has said 'R' and exited. */
	assert_int_equal(write(go[1], "g", 1), 1);
	assert_int_equal(lock_ex(fd), 0);
	pfd.fd = tell[0];
	pfd.events = POLLIN;
	assert_int_equal(poll(&pfd, 1, 0), 1);
	assert_int_equal(read(tell[0], &c, 1), 1);
	assert_int_equal(c, 'R');
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(fd);

	/* Free again. */
	fd = lock_open(path, 0);
	assert_true(fd >= 0);
	assert_int_equal(lock_exnb(fd), 0);
	close(fd);
	close(tell[0]);
	close(go[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_mode_and_flags),
		cmocka_unit_test(test_bad_fd),
		cmocka_unit_test(test_held_elsewhere),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
