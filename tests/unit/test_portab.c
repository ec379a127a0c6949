/* test_portab.c - softlimit's resource table on this system and the lock
 * primitive's semantics. Linux and FreeBSD give the same table: Linux has
 * no RLIMIT_VMEM and RLIMIT_OFILE aliases RLIMIT_NOFILE; FreeBSD's
 * RLIMIT_VMEM aliases RLIMIT_AS. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>
#include <cmocka.h>

#include "portab.h"

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
#ifdef PORTAB_FCNTL_LOCK
	assert_int_equal(portab_lock_is_flock(), 0);
#else
	/* Both target systems have flock(). */
	assert_int_equal(portab_lock_is_flock(), 1);
#endif
	assert_int_equal(portab_lock_ex(a, 0), 0);
	if (portab_lock_is_flock()) {
		/* flock: the lock belongs to the open file, so a second
		 * open in the same process conflicts. */
		assert_int_equal(portab_lock_ex(b, 0), -1);
		assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
	} else {
		/* fcntl: the lock belongs to the process. */
		assert_int_equal(portab_lock_ex(b, 0), 0);
	}
	assert_int_equal(portab_lock_ex(-1, 1), -1);
	assert_int_equal(errno, EBADF);
	close(a);
	close(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rlimit_table),
		cmocka_unit_test(test_rlimit_unknown_letters),
		cmocka_unit_test(test_lock_kind),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
