/* test_dirlist.c - a directory's names sorted byte by byte, dot names
 * left out, and the errors of a missing directory or a file. */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "dirlist.h"

static char top[PATH_MAX];

static void
touch(const char *name)
{
	char path[PATH_MAX];
	int fd;

	assert_true(snprintf(path, sizeof path, "%s/%s", top, name) <
	    (int)sizeof path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(close(fd), 0);
}

static int
setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	if (snprintf(top, sizeof top, "%s/test_dirlist.XXXXXX",
	    tmp && *tmp ? tmp : "/tmp") >= (int)sizeof top || !mkdtemp(top))
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	if (snprintf(cmd, sizeof cmd, "rm -rf '%s'", top) >= (int)sizeof cmd)
		return -1;
	return system(cmd) == 0 ? 0 : -1;
}

/* strcmp order: digits before capitals before small letters, a prefix
 * first; not the order of the directory nor of a locale. */
static void
test_sorted(void **state)
{
	const char *want[] = { "10-b", "2-a", "20", "20a", "B", "a", "b~" };
	const char *made[] = { "b~", "20a", "a", "2-a", "B", "20", "10-b" };
	struct dirlist l;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof made / sizeof made[0]; ++i)
		touch(made[i]);
	touch(".hidden");
	touch("..dots");
	assert_int_equal(dirlist_read(top, &l), 0);
	assert_int_equal(l.n, sizeof want / sizeof want[0]);
	for (i = 0; i < l.n; ++i)
		assert_string_equal(l.names[i], want[i]);
	dirlist_free(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.names);
}

static void
test_empty(void **state)
{
	char path[PATH_MAX];
	struct dirlist l;

	(void)state;
	assert_true(snprintf(path, sizeof path, "%s/empty", top) <
	    (int)sizeof path);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(dirlist_read(path, &l), 0);
	assert_int_equal(l.n, 0);
	dirlist_free(&l);
}

static void
test_errors(void **state)
{
	char path[PATH_MAX];
	struct dirlist l;

	(void)state;
	assert_true(snprintf(path, sizeof path, "%s/none", top) <
	    (int)sizeof path);
	assert_int_equal(dirlist_read(path, &l), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(l.n, 0);
	touch("file");
	assert_true(snprintf(path, sizeof path, "%s/file", top) <
	    (int)sizeof path);
	assert_int_equal(dirlist_read(path, &l), -1);
	assert_int_equal(errno, ENOTDIR);
	assert_int_equal(l.n, 0);
}

/* More names than the first allocation holds. */
static void
test_many(void **state)
{
	char name[32];
	struct dirlist l;
	size_t i;

	(void)state;
	for (i = 0; i < 100; ++i) {
		assert_true(snprintf(name, sizeof name, "m%03zu", i) <
		    (int)sizeof name);
		touch(name);
	}
	assert_int_equal(dirlist_read(top, &l), 0);
	for (i = 1; i < l.n; ++i)
		assert_true(strcmp(l.names[i - 1], l.names[i]) < 0);
	assert_true(l.n >= 100);
	dirlist_free(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_many),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
