/* fuzz_num - fuzzes the number parsing of softlimit, svstat and
 * envuidgid (num.h) against a model; formatters round-trip. */

#include <errno.h>
#include <limits.h>

#include "fuzz.h"
#include "num.h"

/* The model: leading digits, whether they overflow an unsigned long. */
static size_t
model_scan(const char *s, unsigned long *v, int *overflow)
{
	size_t i = 0;

	*v = 0;
	*overflow = 0;
	while (s[i] >= '0' && s[i] <= '9') {
		unsigned d = (unsigned)(s[i] - '0');

		if (*v > (ULONG_MAX - d) / 10)
			*overflow = 1;
		else if (!*overflow)
			*v = *v * 10 + d;
		++i;
	}
	return i;
}

static void
check_fmt(unsigned long long u, size_t width)
{
	char *buf;
	char text[64];
	size_t len = num_fmt_ulong(0, u), len0, i;
	unsigned long back = 0;

	CHECK(len >= 1 && len <= NUM_FMT_ULONG);
	buf = fuzz_dup("", len);	/* exact size */
	CHECK(num_fmt_ulong(buf, u) == len);
	memcpy(text, buf, len);
	text[len] = 0;
	free(buf);
	CHECK(len == 1 || text[0] != '0');
	if (sizeof(unsigned long) >= sizeof u) {
		CHECK(num_scan_ulong(text, &back) == len);
		CHECK(back == u);
	}
	snprintf(text, sizeof text, "%llu", u);
	CHECK(strlen(text) == len);

	width %= 40;
	len0 = num_fmt_ulong0(0, u, width);
	CHECK(len0 == (len > width ? len : width));
	buf = fuzz_dup("", len0);
	CHECK(num_fmt_ulong0(buf, u, width) == len0);
	for (i = 0; i < len0 - len; ++i)
		CHECK(buf[i] == '0');
	CHECK(memcmp(buf + len0 - len, text, len) == 0);
	free(buf);
}

static void
check_hex(uint64_t u, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char *buf;
	size_t i;

	n %= 9;
	buf = fuzz_dup("", 2 * n);
	CHECK(num_fmt_xlong(buf, u, n) == 2 * n);
	for (i = 0; i < 2 * n; ++i) {
		unsigned nib = (unsigned)(u >> (4 * (2 * n - 1 - i))) & 15;

		CHECK(buf[i] == hex[nib]);
		CHECK(num_hexdigit(buf[i]) == (int)nib);
	}
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	char *s = fuzz_strdup(data, size);
	unsigned long u = 12345, want;
	int overflow, r, c;
	size_t n, k;

	/* num_scan_ulong: leading digits; 0 and *u untouched when there
	 * are none or they overflow. */
	k = model_scan(s, &want, &overflow);
	errno = 0;
	n = num_scan_ulong(s, &u);
	if (k == 0) {
		CHECK(n == 0 && u == 12345);
	} else if (overflow) {
		CHECK(n == 0 && errno == ERANGE && u == 12345);
	} else {
		CHECK(n == k && u == want);
	}

	/* num_parse_ulong: the whole string (up to its first NUL) must be
	 * digits: EINVAL otherwise, whatever the digits are; ERANGE only
	 * for an all-digit value that is too large (softlimit turns ERANGE
	 * into "the hard limit" and EINVAL into a usage error, as 0.76
	 * rejects any trailing byte). */
	u = 12345;
	errno = 0;
	r = num_parse_ulong(s, &u);
	if (k == 0 || s[k]) {
		CHECK(r == -1 && errno == EINVAL && u == 12345);
	} else if (overflow) {
		CHECK(r == -1 && errno == ERANGE && u == 12345);
	} else {
		CHECK(r == 0 && u == want);
	}

	/* num_hexdigit: lower-case only (256 calls: cheap). */
	for (c = -128; c < 128; ++c) {
		int d = num_hexdigit((char)c);

		if (c >= '0' && c <= '9')
			CHECK(d == c - '0');
		else if (c >= 'a' && c <= 'f')
			CHECK(d == c - 'a' + 10);
		else
			CHECK(d == -1);
	}

	/* Formatters, on values and widths taken from the input. */
	check_fmt(fuzz_u64(&in, 8), fuzz_byte(&in));
	check_fmt(fuzz_u64(&in, fuzz_byte(&in) % 9), fuzz_byte(&in));
	check_hex(fuzz_u64(&in, 8), fuzz_byte(&in));
	free(s);
	return 0;
}
