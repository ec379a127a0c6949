/* test_mlscript.c - multilog's script: actions in order, settings captured
 * by each directory, the clamps and wrap-around verified with 0.76, the
 * daemonbox extensions S and T, and the two stamp formats. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "mlscript.h"

#define MAXA 32

static struct mlscript s;
static struct mlscript_action a[MAXA];

static void
parse(int argc, const char **argv)
{
	memset(a, 0x5a, sizeof a);
	mlscript_parse(&s, a, argc, (char *const *)argv);
}

/* The size the one directory of "SIZEARG ./d" gets. */
static uint64_t
size_of(const char *arg)
{
	const char *v[] = { arg, "./d" };

	parse(2, v);
	assert_int_equal(s.ndirs, 1);
	return a[0].size;
}

static uint64_t
num_of(const char *arg)
{
	const char *v[] = { arg, "./d" };

	parse(2, v);
	return a[0].num;
}

static void
test_empty(void **state)
{
	(void)state;
	parse(0, 0);
	assert_int_equal(s.nactions, 0);
	assert_int_equal(s.stamp, MLSCRIPT_STAMP_NONE);
}

static void
test_actions_in_order(void **state)
{
	const char *v[] = { "-*", "+a*", "./A", "e", "exyz", "=st", "/abs",
		"..", "x", "", "T", "t", "S", "Sx", "+" };

	(void)state;
	parse(15, v);
	assert_int_equal(s.stamp, MLSCRIPT_STAMP_NONE);
	assert_int_equal(s.nactions, 9);
	assert_int_equal(a[0].kind, MLSCRIPT_DESELECT);
	assert_string_equal(a[0].arg, "*");
	assert_int_equal(a[1].kind, MLSCRIPT_SELECT);
	assert_string_equal(a[1].arg, "a*");
	assert_int_equal(a[1].index, 1);
	assert_int_equal(a[2].kind, MLSCRIPT_DIR);
	assert_string_equal(a[2].arg, "./A");
	assert_int_equal(a[2].index, 0);
	assert_int_equal(a[3].kind, MLSCRIPT_ALERT);
	assert_int_equal(a[4].kind, MLSCRIPT_ALERT);
	assert_int_equal(a[5].kind, MLSCRIPT_STATUS);
	assert_string_equal(a[5].arg, "st");
	assert_int_equal(a[5].index, 0);
	assert_int_equal(a[6].kind, MLSCRIPT_DIR);
	assert_string_equal(a[6].arg, "/abs");
	assert_int_equal(a[6].index, 1);
	assert_int_equal(a[7].kind, MLSCRIPT_DIR);
	assert_string_equal(a[7].arg, "..");
	assert_int_equal(a[8].kind, MLSCRIPT_SELECT);
	assert_string_equal(a[8].arg, "");
	assert_int_equal(s.ndirs, 3);
	assert_int_equal(s.nstatus, 1);
	assert_int_equal(s.nalerts, 2);
	assert_int_equal(s.npatterns, 3);
}

static void
test_settings_captured(void **state)
{
	const char *v[] = { "./a", "s5000", "n3", "!gzip", "./b", "s6000",
		"!", "./c", "n1", "./d" };

	(void)state;
	parse(10, v);
	assert_int_equal(s.ndirs, 4);
	assert_true(a[0].size == MLSCRIPT_SIZE_DEFAULT);
	assert_true(a[0].num == MLSCRIPT_NUM_DEFAULT);
	assert_null(a[0].processor);
	assert_true(a[1].size == 5000);
	assert_true(a[1].num == 3);
	assert_string_equal(a[1].processor, "gzip");
	assert_true(a[2].size == 6000);
	assert_true(a[2].num == 3);
	assert_string_equal(a[2].processor, "");	/* a bare ! */
	assert_true(a[3].num == 2);
	assert_string_equal(a[3].processor, "");
}

static void
test_size_rules(void **state)
{
	(void)state;
	assert_true(size_of("s4500junk") == 4500);
	assert_true(size_of("sxyz") == 4096);
	assert_true(size_of("s") == 4096);
	assert_true(size_of("s4095") == 4096);
	assert_true(size_of("s16777215") == 16777215);
	assert_true(size_of("s99999999") == 16777215);
	/* 0.76 wraps modulo 2^64 (verified): 2^64 -> 0 -> 4096, 2^64 + 4096
	 * -> 4096, and this one lands far above the clamp. */
	assert_true(size_of("s18446744073709551616") == 4096);
	assert_true(size_of("s18446744073709555712") == 4096);
	assert_true(size_of("s99999999999999999999999") == 16777215);
	/* daemonbox: S and a digit asks for a large size. */
	assert_true(size_of("S1073741824") == 1073741824);
	assert_true(size_of("S99999999999") == 2147483647);
	assert_true(size_of("S100") == 4096);
	assert_true(size_of("S") == MLSCRIPT_SIZE_DEFAULT);	/* ignored */
	assert_true(size_of("Sx9") == MLSCRIPT_SIZE_DEFAULT);
}

static void
test_num_rules(void **state)
{
	(void)state;
	assert_true(num_of("n0") == 2);
	assert_true(num_of("n1") == 2);
	assert_true(num_of("n") == 2);
	assert_true(num_of("n3x") == 3);
	assert_true(num_of("n1000000") == 1000000);
	assert_true(num_of("n18446744073709551618") == 2);
	assert_true(num_of("n18446744073709551619") == 3);
	assert_true(mlscript_scan("18446744073709551615") == UINT64_MAX);
	assert_true(mlscript_scan("") == 0);
	assert_true(mlscript_scan("12a3") == 12);
}

static void
test_stamp_first_only(void **state)
{
	const char *v1[] = { "t", "./d" };
	const char *v2[] = { "tfoo", "t", "./d" };
	const char *v3[] = { "T", "t", "./d" };
	const char *v4[] = { "./d", "t" };

	(void)state;
	parse(2, v1);
	assert_int_equal(s.stamp, MLSCRIPT_STAMP_TAI64N);
	assert_int_equal(s.nactions, 1);
	parse(3, v2);
	assert_int_equal(s.stamp, MLSCRIPT_STAMP_TAI64N);
	assert_int_equal(s.nactions, 1);	/* the second t is ignored */
	parse(3, v3);
	assert_int_equal(s.stamp, MLSCRIPT_STAMP_ISO);
	assert_int_equal(s.nactions, 1);
	parse(2, v4);
	assert_int_equal(s.stamp, MLSCRIPT_STAMP_NONE);
}

static void
test_stamps(void **state)
{
	struct timespec ts;
	char buf[MLSCRIPT_STAMP_MAX + 1];
	size_t n;

	(void)state;
	ts.tv_sec = 1000000000;
	ts.tv_nsec = 123456789;
	memset(buf, 0, sizeof buf);
	n = mlscript_stamp(buf, MLSCRIPT_STAMP_TAI64N, &ts);
	assert_int_equal(n, MLSCRIPT_STAMP_TAI64N_LEN);
	/* 123456 us * 1000 + 500 = 0x075bcbf4 (tai64n.8's example) */
	assert_string_equal(buf, "@400000003b9aca0a075bcbf4 ");
	memset(buf, 0, sizeof buf);
	n = mlscript_stamp(buf, MLSCRIPT_STAMP_ISO, &ts);
	assert_int_equal(n, MLSCRIPT_STAMP_ISO_LEN);
	assert_string_equal(buf, "2001-09-09T01:46:40.123456Z ");
	ts.tv_sec = 0;
	ts.tv_nsec = 999;
	memset(buf, 0, sizeof buf);
	mlscript_stamp(buf, MLSCRIPT_STAMP_ISO, &ts);
	assert_string_equal(buf, "1970-01-01T00:00:00.000000Z ");
	ts.tv_sec = 1709210096;		/* a leap day */
	ts.tv_nsec = 5000;
	mlscript_stamp(buf, MLSCRIPT_STAMP_ISO, &ts);
	assert_string_equal(buf, "2024-02-29T12:34:56.000005Z ");
	assert_int_equal(mlscript_stamp(buf, MLSCRIPT_STAMP_NONE, &ts), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_actions_in_order),
		cmocka_unit_test(test_settings_captured),
		cmocka_unit_test(test_size_rules),
		cmocka_unit_test(test_num_rules),
		cmocka_unit_test(test_stamp_first_only),
		cmocka_unit_test(test_stamps),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
