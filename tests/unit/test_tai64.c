/* test_tai64.c - TAI64N clock mapping, packing, labels, the lenient
 * tai64nlocal scan and local-time formatting (spec tai64.md §5). */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "tai64.h"

static void
set_tz(const char *tz)
{
	assert_int_equal(setenv("TZ", tz, 1), 0);
	tzset();
}

static int
have_zone(const char *name)
{
	char path[256];

	strcpy(path, "/usr/share/zoneinfo/");
	strcat(path, name);
	return access(path, R_OK) == 0;
}

static void
test_pack(void **state)
{
	/* A status file's first 12 bytes (spec tai64.md §5). */
	static const unsigned char bytes[12] = {
		0x40, 0, 0, 0, 0x6b, 0x07, 0x17, 0x74, 0x38, 0xe1, 0x26, 0x4c
	};
	unsigned char buf[13];
	struct tai64n t;
	time_t u;

	(void)state;
	tai64n_unpack(&t, bytes);
	assert_true(t.sec == 0x400000006b071774ULL);
	assert_int_equal(t.nano, 954279500);
	assert_int_equal(tai64_to_unix(t.sec, &u), 0);
	assert_true(u == 1795626858);
	memset(buf, 0xee, sizeof buf);
	tai64n_pack(buf, &t);
	assert_memory_equal(buf, bytes, 12);
	assert_int_equal(buf[12], 0xee);

	assert_true(tai64_unpack(bytes) == 0x400000006b071774ULL);
	memset(buf, 0, sizeof buf);
	tai64_pack(buf, 0x0102030405060708ULL);
	assert_memory_equal(buf, "\1\2\3\4\5\6\7\10", 8);
	assert_int_equal(buf[8], 0);

	/* Extremes survive a round trip. */
	t.sec = UINT64_MAX;
	t.nano = UINT32_MAX;
	tai64n_pack(buf, &t);
	memset(&t, 0, sizeof t);
	tai64n_unpack(&t, buf);
	assert_true(t.sec == UINT64_MAX);
	assert_true(t.nano == UINT32_MAX);
}

static void
test_unix(void **state)
{
	time_t u;

	(void)state;
	assert_true(tai64_from_unix(0) == 0x400000000000000aULL);
	assert_true(tai64_from_unix(1000000000) == 0x400000003b9aca0aULL);
	assert_true(tai64_from_unix(-11) == 0x3fffffffffffffffULL);
	assert_int_equal(tai64_to_unix(0x3fffffffffffffffULL, &u), 0);
	assert_true(u == -11);
	assert_int_equal(tai64_to_unix(TAI64_UNIX_OFFSET, &u), 0);
	assert_true(u == 0);
	assert_int_equal(tai64_to_unix(0x400000003b9aca0aULL, &u), 0);
	assert_true(u == 1000000000);
}

static void
test_now(void **state)
{
	struct tai64n a, b;
	uint64_t s;
	time_t before, after;

	(void)state;
	before = time(0);
	tai64n_now(&a);
	s = tai64_now();
	tai64n_now(&b);
	after = time(0);
	assert_true(a.sec >= tai64_from_unix(before));
	assert_true(b.sec <= tai64_from_unix(after) + 1);
	assert_true(s >= tai64_from_unix(before));
	assert_true(s <= tai64_from_unix(after));
	/* daemontools' microseconds * 1000 + 500. */
	assert_int_equal(a.nano % 1000, 500);
	assert_int_equal(b.nano % 1000, 500);
	assert_true(a.nano <= 999999500);
	assert_true(b.sec > a.sec || (b.sec == a.sec && b.nano >= a.nano));
}

/* scan() over the 24 digits of a label s. */
static void
scan_label(struct tai64n *u, const char *s)
{
	size_t used;

	assert_int_equal(s[0], '@');
	assert_int_equal(tai64n_scan(u, s + 1, 24, &used), 0);
	assert_int_equal(used, 24);
}

static void
test_fmt(void **state)
{
	struct tai64n t = { 0x400000006b071883ULL, 0x06cb018c };
	struct tai64n u;
	char s[TAI64N_LABEL_LEN + 2];

	(void)state;
	memset(s, 'x', sizeof s);
	assert_int_equal(tai64n_fmt(s, &t), TAI64N_LABEL_LEN);
	assert_memory_equal(s, "@400000006b07188306cb018c", 25);
	assert_int_equal(s[25], 'x');
	scan_label(&u, s);
	assert_true(u.sec == t.sec);
	assert_int_equal(u.nano, t.nano);

	/* Labels round-trip through fmt and scan. */
	t.sec = 0;
	t.nano = 0;
	tai64n_fmt(s, &t);
	assert_memory_equal(s, "@000000000000000000000000", 25);
	t.sec = UINT64_MAX;
	t.nano = 999999999;
	tai64n_fmt(s, &t);
	assert_memory_equal(s, "@ffffffffffffffff3b9ac9ff", 25);
	scan_label(&u, s);
	assert_true(u.sec == UINT64_MAX);
	assert_int_equal(u.nano, 999999999);
}

/* A clock reading: microseconds, then 500 ns, as daemontools stamps. */
static void
test_from_timespec(void **state)
{
	struct timespec ts = { 1, 123456789 };
	struct tai64n t;

	(void)state;
	tai64n_from_timespec(&t, &ts);
	assert_true(t.sec == TAI64_UNIX_OFFSET + 1);
	assert_int_equal(t.nano, 123456500);
	ts.tv_nsec = 999999999;
	tai64n_from_timespec(&t, &ts);
	assert_int_equal(t.nano, 999999500);
}

/* The part after the year, with either separator. */
static void
test_fmt_tm(void **state)
{
	struct tm tm;
	char out[TAI64_TM_LEN + 1];

	(void)state;
	memset(&tm, 0, sizeof tm);
	tm.tm_mon = 0;
	tm.tm_mday = 2;
	tm.tm_hour = 3;
	tm.tm_min = 4;
	tm.tm_sec = 60;	/* a leap second */
	assert_int_equal(tai64_fmt_tm(out, &tm, ' '), TAI64_TM_LEN);
	out[TAI64_TM_LEN] = 0;
	assert_string_equal(out, "-01-02 03:04:60");
	tm.tm_mon = 11;
	tm.tm_mday = 31;
	tm.tm_hour = 23;
	tm.tm_min = 59;
	tm.tm_sec = 9;
	assert_int_equal(tai64_fmt_tm(out, &tm, 'T'), TAI64_TM_LEN);
	assert_string_equal(out, "-12-31T23:59:09");
}

static void
test_scan(void **state)
{
	struct tai64n t;
	size_t used = 99;
	const char *s;

	(void)state;
	s = "400000006b07186906c7774c rest";
	assert_int_equal(tai64n_scan(&t, s, strlen(s), &used), 0);
	assert_int_equal(used, 24);
	assert_true(t.sec == 0x400000006b071869ULL);
	assert_int_equal(t.nano, 0x06c7774c);

	/* 16 digits: the last 8 are nanoseconds, the sec part is small. */
	s = "4000000000000000 short";
	assert_int_equal(tai64n_scan(&t, s, strlen(s), &used), 0);
	assert_int_equal(used, 16);
	assert_true(t.sec == 0x40000000ULL);
	assert_int_equal(t.nano, 0);

	/* Fewer than 8 digits: all nanoseconds. */
	assert_int_equal(tai64n_scan(&t, "1f:", 3, &used), 0);
	assert_int_equal(used, 2);
	assert_true(t.sec == 0);
	assert_int_equal(t.nano, 0x1f);

	/* Leading zeros are harmless, even many of them. */
	s = "00400000000000000a00000000\t";
	assert_int_equal(tai64n_scan(&t, s, strlen(s), &used), 0);
	assert_int_equal(used, 26);
	assert_true(t.sec == TAI64_UNIX_OFFSET);
	assert_int_equal(t.nano, 0);

	/* 25 significant digits do not fit: the original wraps, we refuse. */
	s = "1400000000000000a00000000 x";
	errno = 0;
	assert_int_equal(tai64n_scan(&t, s, strlen(s), &used), -1);
	assert_int_equal(errno, ERANGE);
	assert_int_equal(used, 25);
	s = "ffffffffffffffffffffffff";
	assert_int_equal(tai64n_scan(&t, s, strlen(s), &used), 0);
	assert_true(t.sec == UINT64_MAX);
	assert_true(t.nano == UINT32_MAX);

	/* Upper case is not hex here: the scan stops at 'B'. */
	s = "400000006B07186906c7774c";
	assert_int_equal(tai64n_scan(&t, s, strlen(s), &used), 0);
	assert_int_equal(used, 9);
	assert_true(t.sec == 0x4ULL);
	assert_int_equal(t.nano, 0x00000006);

	/* No digit at all. */
	errno = 0;
	assert_int_equal(tai64n_scan(&t, " nohex", 6, &used), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(used, 0);
	assert_int_equal(tai64n_scan(&t, "", 0, &used), -1);
	assert_int_equal(errno, EINVAL);
	/* The length limits the scan. */
	assert_int_equal(tai64n_scan(&t, "400000000000000a00000000", 4, &used),
	    0);
	assert_int_equal(used, 4);
	assert_int_equal(t.nano, 0x4000);
}

static void
test_scan_incremental(void **state)
{
	static const char *const cases[] = {
		"400000006b07186906c7774c", "0", "00400000000000000a00000000",
		"1400000000000000a00000000", "ab", "", "G", "4000000000000000",
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
		struct tai64n_scan sc;
		struct tai64n a = { 1, 1 }, b = { 2, 2 };
		const char *s = cases[i];
		size_t used;
		int ra, rb, ea, eb;

		tai64n_scan_init(&sc);
		for (j = 0; s[j]; ++j)
			if (!tai64n_scan_byte(&sc, (unsigned char)s[j]))
				break;
		assert_int_equal(tai64n_scan_byte(&sc, ' '), 0);
		errno = 0;
		ra = tai64n_scan_end(&sc, &a);
		ea = errno;
		errno = 0;
		rb = tai64n_scan(&b, s, strlen(s), &used);
		eb = errno;
		assert_int_equal(ra, rb);
		assert_int_equal(ea, eb);
		assert_int_equal(j, used);
		assert_int_equal(sc.digits, used);
		if (ra == 0) {
			assert_true(a.sec == b.sec);
			assert_int_equal(a.nano, b.nano);
		}
	}
}

/* Formats the label in s (after '@') as tai64nlocal would, into out. */
static int
local(char *out, const char *s)
{
	struct tai64n t;
	size_t used;
	int n;

	if (tai64n_scan(&t, s, strlen(s), &used) < 0)
		return -1;
	n = tai64_fmt_local(out, t.sec);
	if (n >= 0) {
		n += (int)tai64n_fmt_nano(out + n, t.nano);
		assert_true(n <= TAI64N_LOCAL_MAX);
		out[n] = 0;
	}
	return n;
}

static void
test_local(void **state)
{
	char out[TAI64N_LOCAL_MAX + 1];
	struct tai64n t;

	(void)state;
	set_tz("UTC");
	/* The worked examples of spec tai64.md §5. */
	assert_int_equal(local(out, "400000000000000a00000000"), 29);
	assert_string_equal(out, "1970-01-01 00:00:00.000000000");
	local(out, "400000003b9aca0a00000000");
	assert_string_equal(out, "2001-09-09 01:46:40.000000000");
	local(out, "4000000065920080075bcd15");
	assert_string_equal(out, "2023-12-31 23:59:50.123456789");
	local(out, "400000006b07186906c7774c");
	assert_string_equal(out, "2026-11-25 17:18:23.113735500");
	/* Before 1970. */
	local(out, "3fffffffffffffff00000000");
	assert_string_equal(out, "1969-12-31 23:59:49.000000000");
	/* Nanoseconds past 999999999 print all their digits. */
	assert_int_equal(local(out, "400000000000000affffffff"), 30);
	assert_string_equal(out, "1970-01-01 00:00:00.4294967295");
	local(out, "400000000000000a3b9aca00");
	assert_string_equal(out, "1970-01-01 00:00:00.1000000000");
	local(out, "400000000000000a00000001");
	assert_string_equal(out, "1970-01-01 00:00:00.000000001");
	/* The year is not padded; years before 0 wrap as in 0.76. */
	local(out, "3ffffff8df7d0c8a00000000");
	assert_string_equal(out, "1000-01-01 00:00:00.000000000");
	local(out, "3ffffff1868b840a00000000");
	assert_string_equal(out, "0-01-01 00:00:00.000000000");
	local(out, "3ffffff1868b840900000000");
	assert_string_equal(out,
	    "18446744073709551615-12-31 23:59:59.000000000");
	local(out, "3ffffff0cbd1130a00000000");
	assert_string_equal(out,
	    "18446744073709551516-09-22 23:06:40.000000000");
	local(out, "40f099c00000000a00000000");
	assert_string_equal(out, "2146059812-06-13 00:00:00.000000000");

	/* Outside localtime's range: what makes 0.76 crash. */
	errno = 0;
	assert_int_equal(local(out, "4000000000000000"), -1);
	assert_int_equal(errno, EOVERFLOW);
	assert_int_equal(local(out, "00000000"), -1);
	assert_int_equal(local(out, "ffffffffffffffff00000000"), -1);
	assert_int_equal(local(out, "7fffffffffffffff00000000"), -1);

	/* The seconds part alone. */
	assert_int_equal(tai64_fmt_local(out, TAI64_UNIX_OFFSET + 59), 19);
	out[19] = 0;
	assert_string_equal(out, "1970-01-01 00:00:59");
	assert_int_equal(tai64n_fmt_nano(out, 500), 10);
	out[10] = 0;
	assert_string_equal(out, ".000000500");
	assert_int_equal(tai64n_fmt_nano(out, 999999999), 10);
	out[10] = 0;
	assert_string_equal(out, ".999999999");

	/* The clock's own time formats. */
	tai64n_now(&t);
	assert_true(tai64_fmt_local(out, t.sec) > 0);
}

static void
test_local_zones(void **state)
{
	char out[TAI64N_LOCAL_MAX + 1];

	(void)state;
	if (!have_zone("Asia/Kolkata") || !have_zone("America/Los_Angeles"))
		skip();
	set_tz("Asia/Kolkata");
	local(out, "400000003b9aca0a00000000");
	assert_string_equal(out, "2001-09-09 07:16:40.000000000");
	set_tz("America/Los_Angeles");
	local(out, "400000000000000a00000000");
	assert_string_equal(out, "1969-12-31 16:00:00.000000000");
	set_tz("UTC");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pack),
		cmocka_unit_test(test_unix),
		cmocka_unit_test(test_now),
		cmocka_unit_test(test_fmt),
		cmocka_unit_test(test_from_timespec),
		cmocka_unit_test(test_fmt_tm),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_scan_incremental),
		cmocka_unit_test(test_local),
		cmocka_unit_test(test_local_zones),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
