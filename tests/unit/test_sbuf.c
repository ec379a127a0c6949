/* test_sbuf.c - growable strings: appending, numbers, handing over, the
 * empty string, and growth past the first allocation. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sbuf.h"

static void
test_build(void **state)
{
	struct sbuf b = SBUF_INIT;
	size_t len = 0;
	char *s;

	(void)state;
	assert_int_equal(sbuf_puts(&b, "ab"), 0);
	assert_int_equal(sbuf_putc(&b, 'c'), 0);
	assert_int_equal(sbuf_put(&b, "d\0e", 3), 0);
	assert_int_equal(sbuf_putnum(&b, 18446744073709551615ULL), 0);
	assert_int_equal(sbuf_putnum(&b, 0), 0);
	s = sbuf_done(&b, &len);
	assert_int_equal(len, 27);
	assert_memory_equal(s, "abcd\0e184467440737095516150", 28);
	assert_null(b.s);
	assert_int_equal(b.len, 0);
	free(s);
}

static void
test_empty_and_growth(void **state)
{
	struct sbuf b = SBUF_INIT;
	size_t len = 9, i;
	char *s = sbuf_done(&b, &len);

	(void)state;
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
	for (i = 0; i < 1000; ++i)
		assert_int_equal(sbuf_putc(&b, (char)('a' + i % 26)), 0);
	assert_int_equal(b.len, 1000);
	assert_int_equal(b.s[1000], 0);
	assert_int_equal(b.s[999], 'a' + 999 % 26);
	sbuf_free(&b);
	assert_null(b.s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_empty_and_growth),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
