/* test_match.c - multilog's patterns against the results verified with
 * daemontools 0.76 (spec multilog.md §1.1). */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "match.h"

static int
m(const char *pattern, const char *line)
{
	return match_simple(pattern, line, strlen(line));
}

static void
test_verified(void **state)
{
	(void)state;
	assert_true(m("one", "one"));
	assert_false(m("one", "onetwo"));
	assert_true(m("one*", "onetwo"));
	assert_true(m("*", ""));
	assert_true(m("", ""));
	assert_false(m("", "x"));
	assert_true(m("* one", "xy one"));
	assert_false(m("* one", "  one"));	/* only the first space */
	assert_false(m("* one", "xy one "));
	assert_true(m("* * one", "x y one"));
	assert_false(m("* * one", "   one"));
	assert_false(m("*b", "abab"));		/* no backtracking */
	assert_true(m("*b*", "abab"));
	assert_false(m("a*b", "axbxb"));
	assert_true(m("**", "a*"));
	assert_false(m("**", "ab"));
	assert_false(m("*.", "a.b."));
}

static void
test_literal_metacharacters(void **state)
{
	(void)state;
	assert_true(m("a?c", "a?c"));
	assert_false(m("a?c", "abc"));
	assert_true(m("[x]", "[x]"));
	assert_false(m("[x]", "x"));
	assert_true(m("a\\b", "a\\b"));
	assert_false(m("one", "on"));
	assert_false(m("one", ""));
	assert_true(m("*", "anything at all"));
	assert_true(m("a*", "a"));
	assert_false(m("a*", "b"));
	assert_true(m("*x", "x"));
	assert_false(m("*x", "xy"));
}

static void
test_stamped_lines(void **state)
{
	const char *line = "@400000006b07188306cb018c ONE";

	(void)state;
	assert_false(m("ONE", line));
	assert_true(m("* ONE", line));
	assert_true(m("@*", line));
}

static void
test_binary_and_length(void **state)
{
	static const char line[] = { 'a', 0, 'b', '\n', 'c' };

	(void)state;
	/* The line may hold NUL and newline bytes; only len counts. */
	assert_true(match_simple("a*b*", line, sizeof line));
	assert_true(match_simple("a*b", line, 3));
	assert_false(match_simple("a*c", line, 3));
	assert_true(match_simple("*c", line, sizeof line));
	assert_true(match_simple("", line, 0));
	assert_int_equal(MATCH_LINE_MAX, 1000);
}

static void
test_long_line(void **state)
{
	char line[MATCH_LINE_MAX];

	(void)state;
	memset(line, 'x', sizeof line);
	line[sizeof line - 1] = 'y';
	assert_true(match_simple("*y", line, sizeof line));
	/* The caller passes the first 1000 bytes: a 'z' beyond them does not
	 * count. */
	assert_false(match_simple("*z", line, sizeof line));
	assert_true(match_simple("x*", line, sizeof line));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verified),
		cmocka_unit_test(test_literal_metacharacters),
		cmocka_unit_test(test_stamped_lines),
		cmocka_unit_test(test_binary_and_length),
		cmocka_unit_test(test_long_line),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
