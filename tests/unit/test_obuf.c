/* test_obuf.c - buffered output: ordering, large writes, flush, errors. */

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "obuf.h"

static size_t
drain(int fd, char *out, size_t len)
{
	size_t got = 0;
	ssize_t r;

	while (got < len && (r = read(fd, out + got, len - got)) > 0)
		got += (size_t)r;
	return got;
}

static void
test_small_writes_are_buffered(void **state)
{
	int p[2];
	char buf[8], out[64];
	struct obuf o;

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(fcntl(p[0], F_SETFL, O_NONBLOCK), 0);
	obuf_init(&o, p[1], buf, sizeof buf);
	assert_int_equal(obuf_puts(&o, "abc"), 0);
	assert_int_equal(obuf_putc(&o, 'd'), 0);
	/* Nothing reached the pipe yet. */
	assert_int_equal(read(p[0], out, sizeof out), -1);
	assert_int_equal(errno, EAGAIN);
	assert_int_equal(obuf_puts(&o, "efghij"), 0);	/* overflows: flushes */
	assert_int_equal(obuf_flush(&o), 0);
	assert_int_equal(o.len, 0);
	close(p[1]);
	assert_int_equal(fcntl(p[0], F_SETFL, 0), 0);
	assert_int_equal(drain(p[0], out, sizeof out), 10);
	assert_memory_equal(out, "abcdefghij", 10);
	close(p[0]);
}

static void
test_large_write_goes_through(void **state)
{
	int p[2];
	char buf[4], big[1000], out[1100];
	struct obuf o;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof big; ++i)
		big[i] = (char)('a' + i % 26);
	assert_int_equal(pipe(p), 0);
	obuf_init(&o, p[1], buf, sizeof buf);
	assert_int_equal(obuf_put(&o, "XY", 2), 0);
	assert_int_equal(obuf_put(&o, big, sizeof big), 0);
	assert_int_equal(obuf_putc(&o, 'Z'), 0);
	assert_int_equal(obuf_flush(&o), 0);
	close(p[1]);
	assert_int_equal(drain(p[0], out, sizeof out), 1003);
	assert_memory_equal(out, "XY", 2);
	assert_memory_equal(out + 2, big, sizeof big);
	assert_int_equal(out[1002], 'Z');
	close(p[0]);
}

static void
test_error_keeps_data(void **state)
{
	int p[2];
	char buf[16];
	struct obuf o;

	(void)state;
	signal(SIGPIPE, SIG_IGN);
	assert_int_equal(pipe(p), 0);
	close(p[0]);
	obuf_init(&o, p[1], buf, sizeof buf);
	assert_int_equal(obuf_puts(&o, "hello"), 0);
	assert_int_equal(obuf_flush(&o), -1);
	assert_int_equal(errno, EPIPE);
	assert_int_equal(o.len, 5);
	assert_int_equal(obuf_write_all(p[1], "x", 1), -1);
	assert_int_equal(errno, EPIPE);
	close(p[1]);
}

/* A filter's turn: what is buffered goes out before the read, then one
 * read; 0 at end of input; -1 when the output cannot be written. */
static void
test_flush_read(void **state)
{
	int in[2], out[2];
	char buf[16], got[16];
	char obufmem[64];
	struct obuf o;

	(void)state;
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	obuf_init(&o, out[1], obufmem, sizeof obufmem);
	assert_int_equal(obuf_puts(&o, "before"), 0);
	assert_int_equal(write(in[1], "abc", 3), 3);
	assert_int_equal(obuf_flush_read(&o, in[0], buf, sizeof buf), 3);
	assert_memory_equal(buf, "abc", 3);
	assert_int_equal(read(out[0], got, sizeof got), 6);
	assert_memory_equal(got, "before", 6);
	close(in[1]);
	assert_int_equal(obuf_flush_read(&o, in[0], buf, sizeof buf), 0);
	/* No reader: the flush fails (EPIPE) and nothing is read. */
	signal(SIGPIPE, SIG_IGN);
	close(out[0]);
	assert_int_equal(obuf_puts(&o, "x"), 0);
	assert_int_equal(obuf_flush_read(&o, in[0], buf, sizeof buf), -1);
	assert_int_equal(errno, EPIPE);
	close(in[0]);
	close(out[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_writes_are_buffered),
		cmocka_unit_test(test_large_write_goes_through),
		cmocka_unit_test(test_error_keeps_data),
		cmocka_unit_test(test_flush_read),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
