/* tai64.c - TAI64/TAI64N clock reads, packing, text labels and local-time
 * conversion for tai64n, tai64nlocal, supervise, svstat and multilog. */

#include <errno.h>
#include <time.h>

#include "num.h"
#include "tai64.h"

void
tai64n_from_timespec(struct tai64n *t, const struct timespec *ts)
{
	t->sec = tai64_from_unix((int64_t)ts->tv_sec);
	/* daemontools reads microseconds (gettimeofday) and adds 500 ns; keep
	 * that so our stamps look exactly like the original's. */
	t->nano = (uint32_t)(ts->tv_nsec / 1000) * 1000 + 500;
}

void
tai64n_now(struct tai64n *t)
{
	struct timespec ts;

	/* CLOCK_REALTIME exists everywhere and the pointer is valid. */
	(void)clock_gettime(CLOCK_REALTIME, &ts);
	tai64n_from_timespec(t, &ts);
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
	int d = num_hexdigit((char)c);

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

size_t
tai64_fmt_tm(char *s, const struct tm *tm, char sep)
{
	char *p = s;

	*p++ = '-';
	p += num_fmt_ulong0(p, (unsigned)(tm->tm_mon + 1) % 100, 2);
	*p++ = '-';
	p += num_fmt_ulong0(p, (unsigned)tm->tm_mday % 100, 2);
	*p++ = sep;
	p += num_fmt_ulong0(p, (unsigned)tm->tm_hour % 100, 2);
	*p++ = ':';
	p += num_fmt_ulong0(p, (unsigned)tm->tm_min % 100, 2);
	*p++ = ':';
	p += num_fmt_ulong0(p, (unsigned)tm->tm_sec % 100, 2);
	return (size_t)(p - s);
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
	n += tai64_fmt_tm(s + n, &tm, ' ');
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
