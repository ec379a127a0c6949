/* test_envdir.c - envdir's rules on real directories made here: first
 * line only, trailing blanks, NUL, '\r', empty files, dot names, '=' in a
 * name, dangling symlinks, errors and the working directory afterwards. */

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

#include "envdir.h"

#define MAX_EDITS 32

/* What the callback saw, in order. */
struct edits {
	size_t n;
	char *name[MAX_EDITS];
	char *value[MAX_EDITS];	/* NULL: remove */
	int fail_on;		/* 1-based call that fails with EIO; 0 never */
};

static char top[PATH_MAX];	/* a fresh directory per test */
static char cwd0[PATH_MAX];

static int
collect(void *ctx, const char *name, const char *value)
{
	struct edits *e = ctx;

	if (e->fail_on && (int)e->n + 1 == e->fail_on) {
		errno = EIO;
		return -1;
	}
	assert_true(e->n < MAX_EDITS);
	e->name[e->n] = strdup(name);
	e->value[e->n] = value ? strdup(value) : 0;
	assert_non_null(e->name[e->n]);
	++e->n;
	return 0;
}

static void
edits_free(struct edits *e)
{
	size_t i;

	for (i = 0; i < e->n; ++i) {
		free(e->name[i]);
		free(e->value[i]);
	}
	e->n = 0;
}

/* The edit for name: 1 and *value when seen once, 0 when not seen. */
static int
edit_of(const struct edits *e, const char *name, const char **value)
{
	size_t i;
	int found = 0;

	for (i = 0; i < e->n; ++i)
		if (!strcmp(e->name[i], name)) {
			assert_int_equal(found, 0);
			found = 1;
			*value = e->value[i];
		}
	return found;
}

static void
path_in(char *buf, size_t len, const char *name)
{
	int n = snprintf(buf, len, "%s/%s", top, name);

	assert_true(n > 0 && (size_t)n < len);
}

static void
put(const char *name, const char *data, size_t len)
{
	char p[PATH_MAX];
	int fd;

	path_in(p, sizeof p, name);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

#define PUT(name, lit) put((name), (lit), sizeof(lit) - 1)

static void
rm_tree(const char *p)
{
	char cmd[PATH_MAX + 32];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", p);
	assert_int_equal(system(cmd), 0);
}

static int
setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	if (!getcwd(cwd0, sizeof cwd0))
		return -1;
	snprintf(top, sizeof top, "%s/envdir-test.XXXXXX", tmp ? tmp : "/tmp");
	return mkdtemp(top) ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	rm_tree(top);
	return 0;
}

static void
assert_cwd_restored(void)
{
	char now[PATH_MAX];

	assert_non_null(getcwd(now, sizeof now));
	assert_string_equal(now, cwd0);
}

static size_t
clean(char *buf, const char *in, size_t len)
{
	memcpy(buf, in, len);
	return envdir_clean(buf, len);
}

static void
test_clean(void **state)
{
	char b[64];
	size_t n;

	(void)state;
	n = clean(b, "hello world  \t ", 15);
	assert_int_equal(n, 11);
	assert_memory_equal(b, "hello world", 11);
	n = clean(b, "  lead", 6);		/* leading blanks kept */
	assert_memory_equal(b, "  lead", n);
	n = clean(b, "x\r", 2);			/* \r is not a blank */
	assert_int_equal(n, 2);
	assert_memory_equal(b, "x\r", 2);
	n = clean(b, "a\0b\0c", 5);
	assert_memory_equal(b, "a\nb\nc", n);
	n = clean(b, "a\0 ", 3);		/* trim first, then NUL */
	assert_int_equal(n, 2);
	assert_memory_equal(b, "a\n", 2);
	n = clean(b, "a \0", 3);		/* NUL is no blank */
	assert_int_equal(n, 3);
	assert_memory_equal(b, "a \n", 3);
	assert_int_equal(clean(b, " \t \t", 4), 0);
	assert_int_equal(clean(b, "", 0), 0);
}

/* Writes data to a file and reads it back through envdir_read_fd. */
static char *
read_back(const char *data, size_t len)
{
	char p[PATH_MAX];
	char *v = (char *)1;
	int fd;

	put("f", data, len);
	path_in(p, sizeof p, "f");
	fd = open(p, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(envdir_read_fd(fd, &v), 0);
	close(fd);
	return v;
}

static void
test_read_fd(void **state)
{
	char *v;

	(void)state;
	assert_null(read_back("", 0));		/* empty: remove */
	v = read_back("\n", 1);			/* empty first line: "" */
	assert_string_equal(v, "");
	free(v);
	v = read_back(" \t\nnext\n", 8);
	assert_string_equal(v, "");
	free(v);
	v = read_back("hello world  \t \nsecond line\n", 28);
	assert_string_equal(v, "hello world");
	free(v);
	v = read_back("no newline", 10);
	assert_string_equal(v, "no newline");
	free(v);
	v = read_back("x\0\ny", 4);
	assert_string_equal(v, "x\n");
	free(v);
	v = read_back("\0", 1);
	assert_string_equal(v, "\n");
	free(v);
}

/* A first line longer than any read chunk, and a long tail after it. */
static void
test_read_fd_large(void **state)
{
	size_t first = 300000, tail = 3 * 1024 * 1024, i;
	char *buf = malloc(first + 1 + tail);
	char *v;

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < first; ++i)
		buf[i] = (char)('a' + i % 26);
	buf[first] = '\n';
	memset(buf + first + 1, 'z', tail);
	v = read_back(buf, first + 1 + tail);
	assert_int_equal(strlen(v), first);
	assert_memory_equal(v, buf, first);
	free(v);
	/* no newline at all: the whole file is the value */
	v = read_back(buf, first);
	assert_int_equal(strlen(v), first);
	free(v);
	free(buf);
}

static void
test_read_fd_error(void **state)
{
	char *v = (char *)1;
	char p[PATH_MAX];
	int fd;

	(void)state;
	path_in(p, sizeof p, "");
	fd = open(p, O_RDONLY);			/* a directory: EISDIR */
	assert_true(fd >= 0);
	assert_int_equal(envdir_read_fd(fd, &v), -1);
	assert_int_equal(errno, EISDIR);
	assert_null(v);
	close(fd);
}

static void
test_rules(void **state)
{
	struct edits e = { 0 };
	struct envdir_error err;
	const char *v;
	char p[PATH_MAX], d[PATH_MAX];

	(void)state;
	path_in(d, sizeof d, "env");
	assert_int_equal(mkdir(d, 0755), 0);
	PUT("env/A", "hello world  \t \nsecond line\n");
	PUT("env/LEAD", "  lead");
	PUT("env/CR", "x\r");
	PUT("env/NUL", "a\0b\0c");
	PUT("env/EMPTY", "");
	PUT("env/NL", "\n");
	PUT("env/BLANKS", " \t ");
	PUT("env/.hidden", "secret\n");
	PUT("env/..x", "secret\n");
	PUT("env/target", "via link\n");
	path_in(p, sizeof p, "env/LINK");
	assert_int_equal(symlink("target", p), 0);
	path_in(p, sizeof p, "env/DANGLING");
	assert_int_equal(symlink("nowhere", p), 0);
	path_in(p, sizeof p, "env/FIFO");
	assert_int_equal(mkfifo(p, 0644), 0);	/* no writer: reads empty */

	assert_int_equal(envdir_read(d, collect, &e, &err), 0);
	assert_int_equal(err.step, ENVDIR_OK);
	assert_cwd_restored();
	assert_int_equal(e.n, 11);
	assert_true(edit_of(&e, "A", &v));
	assert_string_equal(v, "hello world");
	assert_true(edit_of(&e, "LEAD", &v));
	assert_string_equal(v, "  lead");
	assert_true(edit_of(&e, "CR", &v));
	assert_string_equal(v, "x\r");
	assert_true(edit_of(&e, "NUL", &v));
	assert_string_equal(v, "a\nb\nc");
	assert_true(edit_of(&e, "EMPTY", &v));
	assert_null(v);
	assert_true(edit_of(&e, "NL", &v));
	assert_string_equal(v, "");
	assert_true(edit_of(&e, "BLANKS", &v));
	assert_string_equal(v, "");
	assert_true(edit_of(&e, "target", &v));
	assert_string_equal(v, "via link");
	assert_true(edit_of(&e, "LINK", &v));
	assert_string_equal(v, "via link");
	assert_true(edit_of(&e, "DANGLING", &v));	/* ours: remove */
	assert_null(v);
	assert_true(edit_of(&e, "FIFO", &v));
	assert_null(v);
	assert_false(edit_of(&e, ".hidden", &v));
	assert_false(edit_of(&e, "..x", &v));
	edits_free(&e);
}

/* Edits come in readdir order, whatever it is. */
static void
test_readdir_order(void **state)
{
	struct edits e = { 0 };
	struct envdir_error err;
	char d[PATH_MAX], line[PATH_MAX + 16];
	FILE *ls;
	size_t i = 0;

	(void)state;
	path_in(d, sizeof d, "env");
	assert_int_equal(mkdir(d, 0755), 0);
	PUT("env/Q", "1");
	PUT("env/B", "2");
	PUT("env/Z", "3");
	PUT("env/A", "4");
	assert_int_equal(envdir_read(d, collect, &e, &err), 0);
	snprintf(line, sizeof line, "ls -f '%s'", d);
	ls = popen(line, "r");
	assert_non_null(ls);
	while (fgets(line, sizeof line, ls)) {
		line[strcspn(line, "\n")] = 0;
		if (line[0] == '.')
			continue;
		assert_true(i < e.n);
		assert_string_equal(e.name[i], line);
		++i;
	}
	assert_int_equal(pclose(ls), 0);
	assert_int_equal(i, e.n);
	edits_free(&e);
}

static void
test_equals_in_name(void **state)
{
	struct edits e = { 0 };
	struct envdir_error err;
	char d[PATH_MAX];

	(void)state;
	path_in(d, sizeof d, "env");
	assert_int_equal(mkdir(d, 0755), 0);
	PUT("env/X=Y", "v\n");
	assert_int_equal(envdir_read(d, collect, &e, &err), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(err.step, ENVDIR_BADNAME);
	assert_string_equal(err.name, "X=Y");
	assert_int_equal(e.n, 0);
	assert_cwd_restored();
}

static void
test_subdirectory(void **state)
{
	struct edits e = { 0 };
	struct envdir_error err;
	char d[PATH_MAX];

	(void)state;
	path_in(d, sizeof d, "env");
	assert_int_equal(mkdir(d, 0755), 0);
	path_in(d, sizeof d, "env/sub");
	assert_int_equal(mkdir(d, 0755), 0);
	path_in(d, sizeof d, "env");
	assert_int_equal(envdir_read(d, collect, &e, &err), -1);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(err.step, ENVDIR_FILE);
	assert_string_equal(err.name, "sub");
	assert_cwd_restored();
	edits_free(&e);
}

static void
test_symlink_loop(void **state)
{
	struct edits e = { 0 };
	struct envdir_error err;
	char d[PATH_MAX], p[PATH_MAX];

	(void)state;
	path_in(d, sizeof d, "env");
	assert_int_equal(mkdir(d, 0755), 0);
	path_in(p, sizeof p, "env/LOOP");
	assert_int_equal(symlink("LOOP", p), 0);
	assert_int_equal(envdir_read(d, collect, &e, &err), -1);
	assert_int_equal(errno, ELOOP);
	assert_int_equal(err.step, ENVDIR_FILE);
	assert_string_equal(err.name, "LOOP");
	assert_cwd_restored();
}

static void
test_missing_directory(void **state)
{
	struct edits e = { 0 };
	struct envdir_error err;
	char d[PATH_MAX];

	(void)state;
	path_in(d, sizeof d, "nope");
	assert_int_equal(envdir_read(d, collect, &e, &err), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(err.step, ENVDIR_CHDIR);
	PUT("file", "x");
	path_in(d, sizeof d, "file");
	assert_int_equal(envdir_read(d, collect, &e, &err), -1);
	assert_int_equal(errno, ENOTDIR);
	assert_int_equal(err.step, ENVDIR_CHDIR);
	assert_int_equal(e.n, 0);
	assert_cwd_restored();
}

/* Relative DIR is taken from the working directory, which comes back. */
static void
test_relative_directory(void **state)
{
	struct edits e = { 0 };
	struct envdir_error err;
	char d[PATH_MAX], here[PATH_MAX];
	const char *v;

	(void)state;
	path_in(d, sizeof d, "env");
	assert_int_equal(mkdir(d, 0755), 0);
	PUT("env/R", "rel\n");
	assert_int_equal(chdir(top), 0);
	assert_non_null(getcwd(here, sizeof here));
	assert_int_equal(envdir_read("env", collect, &e, &err), 0);
	assert_true(edit_of(&e, "R", &v));
	assert_string_equal(v, "rel");
	assert_non_null(getcwd(d, sizeof d));
	assert_string_equal(d, here);
	assert_int_equal(chdir(cwd0), 0);
	edits_free(&e);
}

static void
test_edit_failure(void **state)
{
	struct edits e = { 0 };
	struct envdir_error err;
	char d[PATH_MAX];

	(void)state;
	path_in(d, sizeof d, "env");
	assert_int_equal(mkdir(d, 0755), 0);
	PUT("env/ONE", "1");
	e.fail_on = 1;
	assert_int_equal(envdir_read(d, collect, &e, &err), -1);
	assert_int_equal(errno, EIO);
	assert_int_equal(err.step, ENVDIR_EDIT);
	assert_string_equal(err.name, "ONE");
	assert_cwd_restored();
}

/* Permission errors only show when not root. */
static void
test_unreadable(void **state)
{
	struct edits e = { 0 };
	struct envdir_error err;
	char d[PATH_MAX], p[PATH_MAX];

	(void)state;
	if (geteuid() == 0)
		skip();
	path_in(d, sizeof d, "env");
	assert_int_equal(mkdir(d, 0755), 0);
	PUT("env/F", "x");
	path_in(p, sizeof p, "env/F");
	assert_int_equal(chmod(p, 0), 0);
	assert_int_equal(envdir_read(d, collect, &e, &err), -1);
	assert_int_equal(errno, EACCES);
	assert_int_equal(err.step, ENVDIR_FILE);
	assert_int_equal(chmod(d, 0311), 0);
	assert_int_equal(envdir_read(d, collect, &e, &err), -1);
	assert_int_equal(errno, EACCES);
	assert_int_equal(err.step, ENVDIR_LIST);
	assert_int_equal(chmod(d, 0), 0);
	assert_int_equal(envdir_read(d, collect, &e, &err), -1);
	assert_int_equal(errno, EACCES);
	assert_int_equal(err.step, ENVDIR_CHDIR);
	assert_int_equal(chmod(d, 0755), 0);
	assert_cwd_restored();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test_setup_teardown(test_read_fd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_fd_large, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_read_fd_error, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readdir_order, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_equals_in_name, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_subdirectory, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_symlink_loop, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_missing_directory, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_relative_directory, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_edit_failure, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unreadable, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, 0, 0);
}
