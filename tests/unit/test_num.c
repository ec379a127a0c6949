/* test_num.c - decimal/hex scanning and formatting, overflow included. */

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "num.h"

static void
test_scan(void **state)
{
	unsigned long u = 7;
	char max[32];

	(void)state;
	assert_int_equal(num_scan_ulong("123abc", &u), 3);
	assert_int_equal(u, 123);
	u = 7;
	assert_int_equal(num_scan_ulong("x1", &u), 0);
	assert_int_equal(u, 7);
	assert_int_equal(num_scan_ulong("", &u), 0);
	snprintf(max, sizeof max, "%lu", ULONG_MAX);
	assert_int_equal(num_scan_ulong(max, &u), strlen(max));
	assert_true(u == ULONG_MAX);
	/* One more than the maximum overflows. */
	max[strlen(max) - 1]++;
	u = 7;
	errno = 0;
	assert_int_equal(num_scan_ulong(max, &u), 0);
	assert_int_equal(errno, ERANGE);
	assert_int_equal(u, 7);
	assert_int_equal(num_scan_ulong("99999999999999999999999", &u), 0);
}

static void
test_parse(void **state)
{
	unsigned long u = 1;

	(void)state;
	assert_int_equal(num_parse_ulong("0", &u), 0);
	assert_int_equal(u, 0);
	assert_int_equal(num_parse_ulong("4096", &u), 0);
	assert_int_equal(u, 4096);
	assert_int_equal(num_parse_ulong("", &u), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(num_parse_ulong("10k", &u), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(num_parse_ulong("+5", &u), -1);
	assert_int_equal(num_parse_ulong("-5", &u), -1);
	assert_int_equal(num_parse_ulong("184467440737095516160", &u), -1);
	assert_int_equal(errno, ERANGE);
	/* Too many digits, then junk: the junk decides (found by fuzzing). */
	assert_int_equal(num_parse_ulong("99999999999999999999999x", &u), -1);
	assert_int_equal(errno, EINVAL);
}

static void
test_fmt(void **state)
{
	char buf[64];
	size_t n;

	(void)state;
	n = num_fmt_ulong(buf, 0);
	assert_int_equal(n, 1);
	assert_memory_equal(buf, "0", 1);
	n = num_fmt_ulong(buf, 18446744073709551615ULL);
	assert_int_equal(n, 20);
	assert_memory_equal(buf, "18446744073709551615", 20);
	assert_int_equal(num_fmt_ulong(0, 12345), 5);
	n = num_fmt_ulong0(buf, 42, 9);
	assert_int_equal(n, 9);
	assert_memory_equal(buf, "000000042", 9);
	n = num_fmt_ulong0(buf, 4294967295U, 9);
	assert_memory_equal(buf, "4294967295", n);
}

static void
test_hex(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(num_fmt_xlong(buf, 0x400000000000000aULL, 8), 16);
	assert_memory_equal(buf, "400000000000000a", 16);
	assert_int_equal(num_fmt_xlong(buf, 0x06cb018c, 4), 8);
	assert_memory_equal(buf, "06cb018c", 8);
	assert_int_equal(num_fmt_xlong(buf, 0xabcd, 1), 2);
	assert_memory_equal(buf, "cd", 2);
	assert_int_equal(num_hexdigit('0'), 0);
	assert_int_equal(num_hexdigit('f'), 15);
	assert_int_equal(num_hexdigit('F'), -1);
	assert_int_equal(num_hexdigit('g'), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_fmt),
		cmocka_unit_test(test_hex),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
