/* test_ini.c - supervisord's INI dialect and its "%(name)s" expansions.
 * The expected values were printed by supervisor 4.2.5's own parser
 * (UnhosedConfigParser, Python 3.11) and Python's "%" operator. */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ini.h"

static struct ini ini;
static struct ini_error err;

static int
parse(const char *text, unsigned file)
{
	return ini_parse(&ini, text, strlen(text), file, &err);
}

static const char *
get(const char *sec, const char *name)
{
	const struct ini_opt *o = ini_get(&ini, sec ? ini_section(&ini, sec) : 0,
	    name);

	return o ? o->value : 0;
}

static int
teardown(void **state)
{
	(void)state;
	ini_free(&ini);
	return 0;
}

static void
test_comments(void **state)
{
	(void)state;
	assert_int_equal(parse("; comment\n# comment\n[supervisord]\n"
	    "logfile=/tmp/x.log ; main log\nnodaemon = true\n[program:a]\n"
	    "command=/bin/cat   # comment\nCommand2 : value:with:colons\n"
	    "x=a;b #c ;d\ny=a;b\nz = a ; b ; c\nw=#x\n", 0), 0);
	assert_int_equal(ini.nsec, 2);
	assert_string_equal(ini.sec[0].name, "supervisord");
	assert_string_equal(get("supervisord", "logfile"), "/tmp/x.log");
	assert_string_equal(get("supervisord", "nodaemon"), "true");
	assert_string_equal(get("program:a", "command"), "/bin/cat");
	assert_string_equal(get("program:a", "command2"), "value:with:colons");
	/* Python's rounds: ';' at 1 and '#' at 4 are looked at together. */
	assert_string_equal(get("program:a", "x"), "a;b");
	assert_string_equal(get("program:a", "y"), "a;b");
	assert_string_equal(get("program:a", "z"), "a");
	assert_string_equal(get("program:a", "w"), "#x");
	assert_int_equal(ini_section(&ini, "program:a")->opt[1].line, 8);
	assert_string_equal(ini_section(&ini, "program:a")->opt[1].name,
	    "command2");
}

static void
test_continuation(void **state)
{
	(void)state;
	assert_int_equal(parse("[s]\nfiles = a\n   b\n\n   c\n\td\n"
	    "  ; comment inside\nz = 1\n\n\n", 0), 0);
	assert_string_equal(get("s", "files"), "a\nb\n\nc\nd");
	assert_string_equal(get("s", "z"), "1");
	assert_int_equal(parse("[s2]\nfiles =\n  a\n  b\n\n\n[t]\n  k = v\n"
	    "    w\n", 1), 0);
	assert_string_equal(get("s2", "files"), "\na\nb");
	/* Found by fuzzing: only blank lines after it, so nothing. */
	assert_int_equal(parse("[s3]\nz, =\n\t\t", 2), 0);
	assert_string_equal(get("s3", "z,"), "");
	assert_string_equal(get("t", "k"), "v\nw");
}

static void
test_default_and_merge(void **state)
{
	(void)state;
	assert_int_equal(parse("[DEFAULT]\nautostart=false\n[program:a]\n"
	    "command=x\n", 0), 0);
	assert_int_equal(parse("[program:a]\ncommand=y\nnew=1\n[program:b]\n"
	    "command=z\n", 1), 0);
	assert_int_equal(ini.nsec, 2);
	assert_string_equal(get("program:a", "command"), "y");
	assert_int_equal(ini_get(&ini, ini_section(&ini, "program:a"),
	    "command")->file, 1);
	assert_string_equal(get("program:a", "new"), "1");
	assert_string_equal(get("program:b", "autostart"), "false");
	assert_string_equal(get(0, "autostart"), "false");
	assert_null(get("program:b", "nothing"));
	assert_null(ini_section(&ini, "DEFAULT"));
	/* The first place is kept, the last value wins. */
	assert_int_equal(parse("[s]\nk = v\n[s]\nk = w\n", 2), 0);
	assert_string_equal(get("s", "k"), "w");
	assert_int_equal(ini_section(&ini, "s")->opt[0].line, 4);
	assert_int_equal(ini_section(&ini, "s")->line, 1);
}

static void
test_unicode_blanks(void **state)
{
	(void)state;
	/* U+00A0 strips like a space and indents like one. */
	assert_int_equal(parse("[s]\nk =\xc2\xa0v\xc2\xa0\n\xc2\xa0\xc2\xa0m = 2\n"
	    "e\xe2\x80\x83=\xe3\x80\x80x\n", 0), 0);
	assert_string_equal(get("s", "k"), "v\nm = 2");
	assert_string_equal(get("s", "e"), "x");
	assert_int_equal(ini_blank("\xe2\x80\x8a"), 3);
	assert_int_equal(ini_blank("\xe2\x80\x8b"), 0);
	assert_int_equal(ini_blank("\x1f"), 1);
	assert_int_equal(ini_blank("\xc2\x85"), 2);
	assert_int_equal(ini_blank("a"), 0);
	assert_int_equal(ini_blank(""), 0);
}

static void
test_section_names(void **state)
{
	(void)state;
	assert_int_equal(parse("[a]b]\nk=1\n[x] ; c\nj=2\n[]x]\nq=3\n", 0), 0);
	assert_string_equal(get("a]b", "k"), "1");
	assert_string_equal(get("x", "j"), "2");
	assert_string_equal(get("]x", "q"), "3");
	assert_int_equal(parse("[s]\na b = c d\nA=1\n", 0), 0);
	assert_string_equal(get("s", "a b"), "c d");
	assert_string_equal(get("s", "a"), "1");
}

static void
test_line_ends(void **state)
{
	(void)state;
	/* As a file read by Python: \r, \n and \r\n end lines. */
	assert_int_equal(parse("[s]\r\nk=1\r\nj=2\rm=3\r\n  more\n", 0), 0);
	assert_string_equal(get("s", "k"), "1");
	assert_string_equal(get("s", "j"), "2");
	assert_string_equal(get("s", "m"), "3\nmore");
	assert_int_equal(ini_get(&ini, ini_section(&ini, "s"), "m")->line, 4);
	assert_int_equal(parse("[t]\nlast=x", 0), 0);
	assert_string_equal(get("t", "last"), "x");
}

static void
expect_error(const char *text, unsigned line, const char *what)
{
	ini_free(&ini);
	assert_int_equal(ini_parse(&ini, text, strlen(text), 3, &err), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(err.file, 3);
	assert_int_equal(err.line, line);
	assert_string_equal(err.what, what);
}

static void
test_errors(void **state)
{
	static const char nul[] = "[s]\nk=a\0b\n";

	(void)state;
	expect_error("[s]\nfoo\n", 2, "neither [section] nor name = value");
	expect_error("k=v\n[s]\n", 1, "option before the first [section]");
	expect_error("\n\n[]\n", 3, "option before the first [section]");
	expect_error("[s]\n=v\n", 2, "no name before = or :");
	expect_error("[s]\n  = v\n", 2, "no name before = or :");
	ini_free(&ini);
	assert_int_equal(ini_parse(&ini, nul, sizeof nul - 1, 0, &err), -1);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.what, "NUL byte");
}

/* Expansion. */

static int
look(void *ctx, const char *name, size_t len, struct ini_var *v)
{
	static const struct { const char *name, *str; long long num; } vars[] = {
		{ "a", "xyz", 0 }, { "n", 0, 7 }, { "neg", 0, -3 },
		{ "e", "", 0 }, { "u", "h\xc3\xa9llo", 0 }, { "a(b)c", "P", 0 },
		{ "zero", 0, 0 }, { "big", 0, 9223372036854775807LL },
		{ "min", 0, -9223372036854775807LL - 1 }, { "ff", 0, 255 },
	};
	size_t i;

	(void)ctx;
	for (i = 0; i < sizeof vars / sizeof vars[0]; ++i)
		if (strlen(vars[i].name) == len && !memcmp(vars[i].name, name, len)) {
			v->str = vars[i].str;
			v->num = vars[i].num;
			return 0;
		}
	return -1;
}

static void
expands(const char *in, const char *want)
{
	struct ini_xerror xe;
	char *out = (char *)1;

	if (ini_expand(in, look, 0, &out, &xe) < 0)
		fail_msg("%s: %s", in, xe.what);
	assert_string_equal(out, want);
	free(out);
}

static void
refuses(const char *in, const char *what, const char *name)
{
	struct ini_xerror xe;
	char *out = (char *)1;

	assert_int_equal(ini_expand(in, look, 0, &out, &xe), -1);
	assert_int_equal(errno, EINVAL);
	assert_null(out);
	assert_string_equal(xe.what, what);
	if (name) {
		assert_int_equal(xe.len, strlen(name));
		assert_memory_equal(xe.name, name, xe.len);
	}
}

static void
test_expand(void **state)
{
	(void)state;
	expands("", "");
	expands("plain", "plain");
	expands("%(a)s-%(n)s", "xyz-7");
	expands("%(n)02d", "07");
	expands("%(n)5d", "    7");
	expands("%(n)-5d|", "7    |");
	expands("%(n)05.3d", "  007");	/* C's printf; Python: 00007 */
	expands("%(n).3d", "007");
	expands("%(neg)05d", "-0003");
	expands("%(n)+d", "+7");
	expands("%(n) d", " 7");
	expands("%(n)#x", "0x7");
	expands("%(n)#o", "07");	/* C's printf; Python: 0o7 */
	expands("%(n)X", "7");
	expands("%(a)5s", "  xyz");
	expands("%(a)-5s|", "xyz  |");
	expands("%(a).2s", "xy");
	expands("%(a)05s", "  xyz");
	expands("%(n)3s", "  7");
	expands("%(u).3s", "h\xc3\xa9");	/* bytes; Python counts 2 */
	expands("%(u)7s", " h\xc3\xa9llo");	/* bytes; Python: width 6 */
	expands("100%%", "100%");
	expands("%(n)u", "7");
	expands("%(n)#5x", "  0x7");
	expands("%(n)-05d|", "7    |");
	expands("%(n)+05d", "+0007");
	expands("%(n) 05d", " 0007");
	expands("%(n)hd%(n)ld", "77");
	expands("%(a(b)c)s", "P");
	expands("%(e)s.", ".");
}

/* Every flag set, width and precision on every number and conversion:
 * what the C library's printf makes of it (the expansion does printf's
 * job without it). */
static void
test_expand_like_printf(void **state)
{
	static const char *const names[] = { "zero", "n", "neg", "ff", "big",
	    "min" };
	static const long long values[] = { 0, 7, -3, 255,
	    9223372036854775807LL, -9223372036854775807LL - 1 };
	static const char *const widths[] = { "", "1", "6", "30" };
	static const char *const precs[] = { "", ".", ".0", ".1", ".4", ".25" };
	const char *convs = "diuxXo";
	unsigned set, k, w, q, c;

	(void)state;
	for (set = 0; set < 32; ++set)
		for (k = 0; k < 6; ++k)
			for (w = 0; w < 4; ++w)
				for (q = 0; q < 6; ++q)
					for (c = 0; convs[c]; ++c) {
		char flags[6] = "", in[80], fmt[40], want[80];
		size_t f = 0;
		unsigned b;

		if (values[k] < 0 && convs[c] != 'd' && convs[c] != 'i')
			continue;	/* refused: tested below */
		for (b = 0; b < 5; ++b)
			if (set & 1u << b)
				flags[f++] = "-+ #0"[b];
		flags[f] = 0;
		snprintf(in, sizeof in, "%%(%s)%s%s%s%c", names[k], flags,
		    widths[w], precs[q], convs[c]);
		snprintf(fmt, sizeof fmt, "%%%s%s%sll%c", flags, widths[w],
		    precs[q], convs[c]);
		snprintf(want, sizeof want, fmt, values[k]);
		expands(in, want);
	}
	/* And s on strings and on numbers. */
	expands("%(n)-+05.3s|", "7    |");
	expands("%(min)s", "-9223372036854775808");
	expands("%(big).4s", "9223");
}

static void
test_expand_errors(void **state)
{
	(void)state;
	refuses("%(a)d", "a number is required, not a string", "a");
	refuses("%(a)i", "a number is required, not a string", "a");
	refuses("x %(zz)s", "unknown name", "zz");
	refuses("%(a", "incomplete format key", "a");
	refuses("%", "incomplete format", 0);
	refuses("100%", "incomplete format", 0);
	refuses("%(a)", "incomplete format", "a");
	refuses("%(a)*s", "* width", "a");
	refuses("%(a).*s", "* precision", "a");
	refuses("%s", "no (name) after %", 0);
	refuses("%(a)q", "format character other than s d i u x X o", "a");
	refuses("%(a)r", "format character other than s d i u x X o", "a");
	refuses("%(a)%", "format character other than s d i u x X o", "a");
	refuses("%(n)99999d", "width or precision above 4096", "n");
	/* Python gives -3: C's printf would give the two's complement. */
	refuses("%(neg)x", "a negative number in u, x, X or o", "neg");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_comments, teardown),
		cmocka_unit_test_teardown(test_continuation, teardown),
		cmocka_unit_test_teardown(test_default_and_merge, teardown),
		cmocka_unit_test_teardown(test_unicode_blanks, teardown),
		cmocka_unit_test_teardown(test_section_names, teardown),
		cmocka_unit_test_teardown(test_line_ends, teardown),
		cmocka_unit_test_teardown(test_errors, teardown),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_expand_like_printf),
		cmocka_unit_test(test_expand_errors),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
