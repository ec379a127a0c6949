/* num.c - decimal and hex scanning and formatting for every tool that
 * reads or prints numbers (softlimit, svstat, envuidgid, tai64nlocal). */

#include <errno.h>
#include <string.h>

#include "num.h"

size_t
num_scan_ulong(const char *s, unsigned long *u)
{
	unsigned long v = 0;
	size_t i = 0;

	while (s[i] >= '0' && s[i] <= '9') {
		unsigned long d = (unsigned long)(s[i] - '0');
		if (v > (~0UL - d) / 10) {
			errno = ERANGE;
			return 0;
		}
		v = v * 10 + d;
		++i;
	}
	if (i)
		*u = v;
	return i;
}

int
num_parse_ulong(const char *s, unsigned long *u)
{
	unsigned long v;
	size_t n;

	/* Only an all-digit string can be too large: "999...9x" is EINVAL. */
	if (!*s || s[strspn(s, "0123456789")]) {
		errno = EINVAL;
		return -1;
	}
	errno = 0;
	n = num_scan_ulong(s, &v);
	if (n == 0) {
		if (errno != ERANGE)
			errno = EINVAL;
		return -1;
	}
	if (s[n]) {
		errno = EINVAL;
		return -1;
	}
	*u = v;
	return 0;
}

size_t
num_fmt_ulong(char *s, unsigned long long u)
{
	return num_fmt_ulong0(s, u, 1);
}

size_t
num_fmt_ulong0(char *s, unsigned long long u, size_t width)
{
	size_t len = 1, i;
	unsigned long long q = u;

	while (q >= 10) {
		++len;
		q /= 10;
	}
	if (len < width)
		len = width;
	if (s) {
		for (i = len; i > 0; --i) {
			s[i - 1] = (char)('0' + u % 10);
			u /= 10;
		}
	}
	return len;
}

size_t
num_fmt_xlong(char *s, uint64_t u, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 2 * n; i > 0; --i) {
		s[i - 1] = hex[u & 15];
		u >>= 4;
	}
	return 2 * n;
}

int
num_hexdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}
