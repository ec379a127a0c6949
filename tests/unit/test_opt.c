/* test_opt.c - the option parser: daemontools 0.76's stopping rules,
 * bundles, attached and separate arguments, and the complaint lines. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "opt.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])) - 1)

/* Parses argv with opts; stores the letters (arguments in brackets) in
 * out and returns the final opt_next() result. */
static int
parse(struct opt *o, char **argv, int argc, const char *opts, char *out)
{
	int c;

	opt_init(o, argc, argv, opts);
	*out = 0;
	while ((c = opt_next(o)) > 0) {
		size_t n = strlen(out);
		out[n++] = (char)c;
		out[n] = 0;
		if (o->arg) {
			strcat(out, "[");
			strcat(out, o->arg);
			strcat(out, "]");
		}
	}
	return c;
}

static void
test_bundles_and_arguments(void **state)
{
	char *argv[] = { "x", "-dx", "-o5", "-o", "6", "-ao", "dir", "-u", 0 };
	struct opt o;
	char out[100];

	(void)state;
	assert_int_equal(parse(&o, argv, ARGC(argv), "dxua:o:", out), OPT_END);
	assert_string_equal(out, "dxo[5]o[6]a[o]");
	assert_int_equal(o.ind, 6);	/* "dir"; "-u" is an operand */
	/* OPT_END sticks. */
	assert_int_equal(opt_next(&o), OPT_END);
	assert_int_equal(o.ind, 6);
}

static void
test_stops(void **state)
{
	char *a1[] = { "x", "-u", "-", "-d", 0 };
	char *a2[] = { "x", "-u", "--", "-d", 0 };
	char *a3[] = { "x", "--u", "-d", 0 };
	char *a4[] = { "x", "-u", 0 };
	char *a5[] = { "x", 0 };
	char *a6[] = { "x", "-u", "", "-d", 0 };
	struct opt o;
	char out[100];

	(void)state;
	/* A lone "-" is kept as the first operand. */
	assert_int_equal(parse(&o, a1, ARGC(a1), "ud", out), OPT_END);
	assert_string_equal(out, "u");
	assert_int_equal(o.ind, 2);
	/* "--" is consumed. */
	assert_int_equal(parse(&o, a2, ARGC(a2), "ud", out), OPT_END);
	assert_int_equal(o.ind, 3);
	/* So is anything starting with "--" (0.76: "svc --u x" only does x). */
	assert_int_equal(parse(&o, a3, ARGC(a3), "ud", out), OPT_END);
	assert_string_equal(out, "");
	assert_int_equal(o.ind, 2);
	assert_int_equal(parse(&o, a4, ARGC(a4), "ud", out), OPT_END);
	assert_int_equal(o.ind, 2);
	assert_int_equal(parse(&o, a5, ARGC(a5), "ud", out), OPT_END);
	assert_int_equal(o.ind, 1);
	/* An empty argument is an operand. */
	assert_int_equal(parse(&o, a6, ARGC(a6), "ud", out), OPT_END);
	assert_int_equal(o.ind, 2);
}

static void
test_argument_taken_whatever_it_is(void **state)
{
	char *a1[] = { "x", "-o", "--", "prog", 0 };
	char *a2[] = { "x", "-o", "-", "prog", 0 };
	char *a3[] = { "x", "-o", "", "prog", 0 };
	char *a4[] = { "x", "-o-5", "-o5o6", "prog", 0 };
	struct opt o;
	char out[100];

	(void)state;
	assert_int_equal(parse(&o, a1, ARGC(a1), "o:", out), OPT_END);
	assert_string_equal(out, "o[--]");
	assert_int_equal(o.ind, 3);
	assert_int_equal(parse(&o, a2, ARGC(a2), "o:", out), OPT_END);
	assert_string_equal(out, "o[-]");
	assert_int_equal(parse(&o, a3, ARGC(a3), "o:", out), OPT_END);
	assert_string_equal(out, "o[]");
	assert_int_equal(o.ind, 3);
	assert_int_equal(parse(&o, a4, ARGC(a4), "o:", out), OPT_END);
	assert_string_equal(out, "o[-5]o[5o6]");
}

static void
test_errors(void **state)
{
	char *a1[] = { "/usr/bin/svc", "-uz", "-d", 0 };
	char *a2[] = { "softlimit", "-p", "5", "-o", 0 };
	char *a3[] = { "x", "-:", 0 };
	char *a4[] = { "x", "-u-", 0 };
	struct opt o;
	char out[100];

	(void)state;
	assert_int_equal(parse(&o, a1, ARGC(a1), "ud", out), OPT_ILLEGAL);
	assert_string_equal(out, "u");
	assert_int_equal(o.bad, 'z');
	assert_int_equal(o.err, OPT_ILLEGAL);
	/* Parsing can go on after an error, and a good option clears it:
	 * there is nothing left to complain about. */
	assert_int_equal(opt_next(&o), 'd');
	assert_int_equal(o.err, 0);
	assert_int_equal(o.bad, 0);
	assert_int_equal(opt_format(out, sizeof out, &o), 0);
	assert_int_equal(opt_next(&o), OPT_END);
	assert_int_equal(o.err, 0);

	assert_int_equal(parse(&o, a2, ARGC(a2), "o:p:", out), OPT_MISSING);
	assert_string_equal(out, "p[5]");
	assert_int_equal(o.bad, 'o');
	/* ':' is never a letter, even though it is in the option string. */
	assert_int_equal(parse(&o, a3, ARGC(a3), "o:", out), OPT_ILLEGAL);
	assert_int_equal(o.bad, ':');
	assert_int_equal(parse(&o, a4, ARGC(a4), "u", out), OPT_ILLEGAL);
	assert_int_equal(o.bad, '-');
}

static void
check_format(char *argv0, const char *arg, const char *opts,
    const char *expected)
{
	char *argv[] = { argv0, (char *)arg, 0 };
	struct opt o;
	char buf[OPT_MSG_MAX];
	size_t n;

	opt_init(&o, 2, argv, opts);
	assert_true(opt_next(&o) < 0);
	n = opt_format(buf, sizeof buf, &o);
	assert_int_equal(n, strlen(expected));
	assert_memory_equal(buf, expected, n);
}

static void
test_format(void **state)
{
	(void)state;
	check_format("/usr/bin/svc", "-z", "u", "svc: illegal option -- z\n");
	check_format("softlimit", "-o", "o:",
	    "softlimit: option requires an argument -- o\n");
	check_format("a/b/", "-o", "o:",
	    ": option requires an argument -- o\n");
	check_format("", "-\303", "u", ": illegal option -- \303\n");
	check_format(0, "-q", "u", ": illegal option -- q\n");
}

static void
test_format_limits(void **state)
{
	char name[400];
	char *argv[] = { name, "-q", 0 };
	struct opt o;
	char buf[OPT_MSG_MAX];
	size_t n;

	(void)state;
	memset(name, 'n', sizeof name - 1);
	name[sizeof name - 1] = 0;
	opt_init(&o, 2, argv, "u");
	/* No error yet: nothing to say. */
	assert_int_equal(opt_format(buf, sizeof buf, &o), 0);
	assert_int_equal(opt_next(&o), OPT_ILLEGAL);
	assert_int_equal(opt_format(buf, 0, &o), 0);
	/* A long name is cut; the letter and newline survive. */
	n = opt_format(buf, sizeof buf, &o);
	assert_int_equal(n, sizeof buf);
	assert_memory_equal(buf + n - 22, ": illegal option -- q\n", 22);
	assert_int_equal(buf[0], 'n');
	/* A buffer too small for even the tail still ends in a newline. */
	n = opt_format(buf, 5, &o);
	assert_int_equal(n, 5);
	assert_memory_equal(buf, ": il\n", 5);
}

static void
test_complain(void **state)
{
	char *argv[] = { "/bin/setlock", "-nq", 0 };
	struct opt o;
	char buf[100];
	int p[2], saved;
	ssize_t n;

	(void)state;
	opt_init(&o, 2, argv, "nNxX");
	assert_int_equal(opt_next(&o), 'n');
	assert_int_equal(opt_next(&o), OPT_ILLEGAL);
	assert_int_equal(pipe(p), 0);
	saved = dup(2);
	assert_true(saved >= 0);
	assert_int_equal(dup2(p[1], 2), 2);
	assert_int_equal(opt_complain(&o), 0);
	assert_int_equal(dup2(saved, 2), 2);
	close(saved);
	close(p[1]);
	n = read(p[0], buf, sizeof buf);
	close(p[0]);
	assert_int_equal(n, 29);
	assert_memory_equal(buf, "setlock: illegal option -- q\n", 29);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bundles_and_arguments),
		cmocka_unit_test(test_stops),
		cmocka_unit_test(test_argument_taken_whatever_it_is),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_limits),
		cmocka_unit_test(test_complain),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
