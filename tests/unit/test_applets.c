/* test_applets.c - the applet registry include/applets.def: sorted, no
 * duplicates, lower-case names, a summary for each, and a man page in
 * docs/ for each (DAEMONBOX_SOURCE_DIR points at the source tree). */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

struct entry { const char *name, *summary; };

static const struct entry entries[] = {
#define APPLET(name, summary) { #name, summary },
#include "applets.def"
#undef APPLET
};
#define N (sizeof entries / sizeof entries[0])

static void
test_sorted_unique(void **state)
{
	size_t i;

	(void)state;
	assert_true(N >= 10);
	for (i = 1; i < N; ++i)
		assert_true(strcmp(entries[i - 1].name, entries[i].name) < 0);
}

static void
test_names_and_summaries(void **state)
{
	size_t i;
	const char *p;

	(void)state;
	for (i = 0; i < N; ++i) {
		for (p = entries[i].name; *p; ++p)
			assert_true((*p >= 'a' && *p <= 'z') ||
			    (*p >= '0' && *p <= '9'));
		assert_true(strlen(entries[i].summary) > 10);
		assert_true(strlen(entries[i].summary) < 70);
	}
}

static void
test_man_pages_exist(void **state)
{
	const char *src = getenv("DAEMONBOX_SOURCE_DIR");
	char path[4096];
	size_t i;

	(void)state;
	if (!src)
		skip();
	for (i = 0; i < N; ++i) {
		snprintf(path, sizeof path, "%s/docs/%s.8", src, entries[i].name);
		if (access(path, R_OK) != 0)
			fail_msg("missing man page %s", path);
	}
	snprintf(path, sizeof path, "%s/docs/daemonbox.8", src);
	assert_int_equal(access(path, R_OK), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted_unique),
		cmocka_unit_test(test_names_and_summaries),
		cmocka_unit_test(test_man_pages_exist),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
