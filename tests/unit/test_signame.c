/* test_signame.c - signal names as s6's down-signal and supervisord's
 * stopsignal spell them: names with or without SIG in any case, numbers,
 * and what is refused. */

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "signame.h"

static int
scan(const char *s)
{
	int sig = -7;

	if (signame_scan(s, strlen(s), &sig) < 0) {
		assert_int_equal(errno, EINVAL);
		assert_int_equal(sig, -7);
		return -1;
	}
	return sig;
}

static void
test_names(void **state)
{
	(void)state;
	assert_int_equal(scan("TERM"), SIGTERM);
	assert_int_equal(scan("SIGTERM"), SIGTERM);
	assert_int_equal(scan("sigterm"), SIGTERM);
	assert_int_equal(scan("Term"), SIGTERM);
	assert_int_equal(scan("HUP"), SIGHUP);
	assert_int_equal(scan("QUIT"), SIGQUIT);
	assert_int_equal(scan("KILL"), SIGKILL);
	assert_int_equal(scan("usr1"), SIGUSR1);
	assert_int_equal(scan("SIGUSR2"), SIGUSR2);
	assert_int_equal(scan("VTALRM"), SIGVTALRM);
	assert_int_equal(scan("ALRM"), SIGALRM);
	assert_int_equal(scan("CONT"), SIGCONT);
#ifdef SIGWINCH
	assert_int_equal(scan("WINCH"), SIGWINCH);
#endif
}

static void
test_numbers(void **state)
{
	(void)state;
	assert_int_equal(scan("1"), 1);
	assert_int_equal(scan("15"), 15);
	assert_int_equal(scan("SIG9"), 9);	/* as skalibs: SIG, then a number */
	assert_int_equal(scan("0"), -1);
	assert_int_equal(scan("1000"), -1);
	assert_int_equal(scan("99999999999999999999999"), -1);
	assert_int_equal(scan("-1"), -1);
	assert_int_equal(scan("1x"), -1);
}

static void
test_refused(void **state)
{
	int sig = -7;

	(void)state;
	assert_int_equal(scan(""), -1);
	assert_int_equal(scan("SIG"), -1);
	assert_int_equal(scan("SIGSIGTERM"), -1);
	assert_int_equal(scan("TERMX"), -1);
	assert_int_equal(scan("TER"), -1);
	assert_int_equal(scan("VTALRMX"), -1);
	assert_int_equal(scan(" TERM"), -1);
	assert_int_equal(scan("TERM "), -1);
	assert_int_equal(scan("BOGUS"), -1);
	/* Only len bytes count. */
	assert_int_equal(signame_scan("HUPPY", 3, &sig), 0);
	assert_int_equal(sig, SIGHUP);
}

static void
test_name_of(void **state)
{
	(void)state;
	assert_string_equal(signame_name(SIGTERM), "TERM");
	assert_string_equal(signame_name(SIGHUP), "HUP");
	assert_string_equal(signame_name(SIGABRT), "ABRT");
	assert_null(signame_name(0));
	assert_null(signame_name(-1));
	assert_null(signame_name(100000));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_name_of),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
