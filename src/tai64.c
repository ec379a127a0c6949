/* tai64.c - TAI64/TAI64N clock reads, packing, text labels and local-time
 * conversion for tai64n, tai64nlocal, supervise, svstat and multilog. */

#include <errno.h>
#include <time.h>

#include "num.h"
#include "tai64.h"

/* A lower-case hex digit's value, or -1 (A-F are not digits here, as in
 * daemontools). */
static int
hexval(unsigned char c)
{
	if ((unsigned)(c - '0') < 10)
		return c - '0';
	if ((unsigned)(c - 'a') < 6)
		return c - 'a' + 10;
	return -1;
}

void
tai64n_now(struct tai64n *t)
{
	struct timespec ts;

	/* CLOCK_REALTIME exists everywhere and the pointer is valid. */
	(void)clock_gettime(CLOCK_REALTIME, &ts);
	t->sec = tai64_from_unix((int64_t)ts.tv_sec);
	/* daemontools reads microseconds (gettimeofday) and adds 500 ns; keep
	 * that so our stamps look exactly like the original's. */
	t->nano = (uint32_t)(ts.tv_nsec / 1000) * 1000 + 500;
}

uint64_t
tai64_now(void)
{
	return tai64_from_unix((int64_t)time(0));
}

uint64_t
tai64_from_unix(int64_t unix_sec)
{
	return TAI64_UNIX_OFFSET + (uint64_t)unix_sec;
}

int
tai64_to_unix(uint64_t sec, time_t *unix_sec)
{
	/* Two's complement: the difference read as signed is the Unix time,
	 * negative before 1970. */
	uint64_t d = sec - TAI64_UNIX_OFFSET;
	int64_t s = d <= (uint64_t)INT64_MAX ? (int64_t)d
	    : -(int64_t)(~d) - 1;

	if ((int64_t)(time_t)s != s) {	/* a 32-bit time_t */
		errno = EOVERFLOW;
		return -1;
	}
	*unix_sec = (time_t)s;
	return 0;
}

void
tai64_pack(unsigned char *buf, uint64_t sec)
{
	int i;

	for (i = 7; i >= 0; --i) {
		buf[i] = (unsigned char)(sec & 0xff);
		sec >>= 8;
	}
}

uint64_t
tai64_unpack(const unsigned char *buf)
{
	uint64_t sec = 0;
	int i;

	for (i = 0; i < 8; ++i)
		sec = sec << 8 | buf[i];
	return sec;
}

void
tai64n_pack(unsigned char *buf, const struct tai64n *t)
{
	tai64_pack(buf, t->sec);
	buf[8] = (unsigned char)(t->nano >> 24);
	buf[9] = (unsigned char)(t->nano >> 16);
	buf[10] = (unsigned char)(t->nano >> 8);
	buf[11] = (unsigned char)t->nano;
}

void
tai64n_unpack(struct tai64n *t, const unsigned char *buf)
{
	t->sec = tai64_unpack(buf);
	t->nano = (uint32_t)buf[8] << 24 | (uint32_t)buf[9] << 16
	    | (uint32_t)buf[10] << 8 | buf[11];
}

size_t
tai64n_fmt(char *s, const struct tai64n *t)
{
	s[0] = '@';
	num_fmt_xlong(s + 1, t->sec, 8);
	num_fmt_xlong(s + 17, t->nano, 4);
	return TAI64N_LABEL_LEN;
}

int
tai64n_parse(struct tai64n *t, const char *s)
{
	uint64_t sec = 0;
	uint32_t nano = 0;
	int i, d;

	if (s[0] != '@')
		goto bad;
	for (i = 1; i <= 16; ++i) {
		if ((d = hexval((unsigned char)s[i])) < 0)
			goto bad;
		sec = sec << 4 | (uint64_t)d;
	}
	for (; i <= 24; ++i) {
		if ((d = hexval((unsigned char)s[i])) < 0)
			goto bad;
		nano = nano << 4 | (uint32_t)d;
	}
	if (nano > 999999999)
		goto bad;
	t->sec = sec;
	t->nano = nano;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

void
tai64n_scan_init(struct tai64n_scan *sc)
{
	sc->sec = 0;
	sc->nano = 0;
	sc->overflow = 0;
	sc->digits = 0;
}

int
tai64n_scan_byte(struct tai64n_scan *sc, unsigned char c)
{
	int d = hexval(c);

	if (d < 0)
		return 0;
	/* One number, sec:nano; the top digit of nano moves into sec. */
	if (sc->sec >> 60)
		sc->overflow = 1;
	sc->sec = sc->sec << 4 | sc->nano >> 28;
	sc->nano = sc->nano << 4 | (uint32_t)d;
	if (sc->digits != (size_t)-1)
		++sc->digits;
	return 1;
}

int
tai64n_scan_end(const struct tai64n_scan *sc, struct tai64n *t)
{
	if (!sc->digits) {
		errno = EINVAL;
		return -1;
	}
	if (sc->overflow) {
		errno = ERANGE;
		return -1;
	}
	t->sec = sc->sec;
	t->nano = sc->nano;
	return 0;
}

int
tai64n_scan(struct tai64n *t, const char *s, size_t len, size_t *used)
{
	struct tai64n_scan sc;
	size_t i;

	/* tai64n_scan_byte() written out: this loop runs for every line that
	 * tai64nlocal reads, and -Os builds do not inline. */
	tai64n_scan_init(&sc);
	for (i = 0; i < len; ++i) {
		unsigned c = (unsigned char)s[i], d;

		if (c - '0' < 10)
			d = c - '0';
		else if (c - 'a' < 6)
			d = c - 'a' + 10;
		else
			break;
		if (sc.sec >> 60)
			sc.overflow = 1;
		sc.sec = sc.sec << 4 | sc.nano >> 28;
		sc.nano = sc.nano << 4 | d;
	}
	sc.digits = i;
	*used = i;
	return tai64n_scan_end(&sc, t);
}

static size_t
fmt2(char *s, int v)
{
	s[0] = (char)('0' + v / 10);
	s[1] = (char)('0' + v % 10);
	return 2;
}

int
tai64_fmt_local(char *s, uint64_t sec)
{
	time_t u;
	struct tm tm;
	long long year;
	size_t n;

	if (tai64_to_unix(sec, &u) < 0)
		return -1;
	if (!localtime_r(&u, &tm)) {
		errno = EOVERFLOW;
		return -1;
	}
	/* The original prints the year as an unsigned long: a year before 0
	 * comes out as 2^64 + year. */
	year = (long long)tm.tm_year + 1900;
	n = num_fmt_ulong(s, (unsigned long long)year);
	s[n++] = '-';
	n += fmt2(s + n, tm.tm_mon + 1);
	s[n++] = '-';
	n += fmt2(s + n, tm.tm_mday);
	s[n++] = ' ';
	n += fmt2(s + n, tm.tm_hour);
	s[n++] = ':';
	n += fmt2(s + n, tm.tm_min);
	s[n++] = ':';
	n += fmt2(s + n, tm.tm_sec);
	return (int)n;
}

size_t
tai64n_fmt_nano(char *s, uint32_t nano)
{
	size_t len = nano > 999999999 ? 11 : 10, i;

	s[0] = '.';
	for (i = len - 1; i > 0; --i) {
		/* nano / 10, exact for any 32-bit value; -Os would divide. */
		uint32_t q = (uint32_t)((nano * 0xcccccccdULL) >> 35);

		s[i] = (char)('0' + (nano - q * 10));
		nano = q;
	}
	return len;
}

int
tai64n_fmt_local(char *s, const struct tai64n *t)
{
	int n = tai64_fmt_local(s, t->sec);

	if (n < 0)
		return -1;
	return n + (int)tai64n_fmt_nano(s + n, t->nano);
}
