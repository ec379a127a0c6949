/* tai64.h - TAI64 and TAI64N labels the daemontools way: clock reads, the
 * 12-byte packed form, the "@" + 24 hex digit text label, and conversion to
 * local time as tai64nlocal prints it. Used by tai64n, tai64nlocal, and by
 * supervise/svstat (status file) and multilog (stamps, archive names).
 *
 * Clock mapping (daemontools 0.76, no leap-second table): TAI is taken to be
 * exactly 10 s ahead of the Unix clock, so
 *     sec  = 2^62 + 10 + unix seconds           (TAI64_UNIX_OFFSET + t)
 *     nano = microseconds * 1000 + 500          (every stamp ends in 500)
 * A sec below TAI64_UNIX_OFFSET is a time before 1970.
 *
 * Packed TAI64N (status file bytes 0..11): sec as 8 bytes, then nano as 4
 * bytes, both most significant byte first, whatever the host order.
 * Text label: '@' then those 12 bytes as 24 lower-case hex digits.
 *
 * Nothing here allocates, prints or exits. Functions that can fail return
 * 0 (or a length), or -1 with errno set. Every function is reentrant;
 * tai64n_now() and tai64_now() are also async-signal-safe. Buffers are
 * owned by the caller; nothing writes a terminating NUL unless it says so. */
#ifndef DAEMONBOX_TAI64_H
#define DAEMONBOX_TAI64_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define TAI64_UNIX_OFFSET 0x400000000000000aULL	/* 2^62 + 10 */
#define TAI64_PACK_LEN 8
#define TAI64N_PACK_LEN 12
#define TAI64N_LABEL_LEN 25		/* '@' + 24 hex digits, no NUL */
/* Longest local time tai64nlocal prints, tai64_fmt_local() and then
 * tai64n_fmt_nano(): a 20-digit year (see below), 15 bytes of
 * "-MM-DD HH:MM:SS", '.', and up to 10 digits of nanoseconds. */
#define TAI64N_LOCAL_MAX 46
#define TAI64_LOCAL_SEC_MAX 35	/* the same without ".NNNNNNNNN" */

struct tai64n {
	uint64_t sec;	/* TAI64 seconds, 2^62 + 10 + Unix time */
	uint32_t nano;	/* 0..999999999 in anything we produce */
};

/* The current time from CLOCK_REALTIME with the mapping above. Cannot
 * fail (CLOCK_REALTIME always exists). */
void tai64n_now(struct tai64n *t);

/* A CLOCK_REALTIME reading with the mapping above (microseconds, + 500). */
void tai64n_from_timespec(struct tai64n *t, const struct timespec *ts);

/* The current TAI64 seconds from time(): what svstat compares against
 * the status file's label. Cannot fail. */
uint64_t tai64_now(void);

/* Unix seconds to TAI64 seconds (wraps modulo 2^64 like the original). */
uint64_t tai64_from_unix(int64_t unix_sec);
/* TAI64 seconds to Unix seconds: 0, or -1 with errno EOVERFLOW when the
 * result does not fit in time_t. */
int tai64_to_unix(uint64_t sec, time_t *unix_sec);

/* Packing: buf holds exactly TAI64_PACK_LEN / TAI64N_PACK_LEN bytes. */
void tai64_pack(unsigned char *buf, uint64_t sec);
uint64_t tai64_unpack(const unsigned char *buf);
void tai64n_pack(unsigned char *buf, const struct tai64n *t);
void tai64n_unpack(struct tai64n *t, const unsigned char *buf);

/* Writes the TAI64N_LABEL_LEN bytes "@" + 24 lower-case hex digits at s
 * (no NUL) and returns TAI64N_LABEL_LEN. The label of any struct tai64n,
 * even one whose nano is out of range. */
size_t tai64n_fmt(char *s, const struct tai64n *t);

/* Lenient, incremental scan of the hex digits after a '@', as tai64nlocal
 * reads them: digits are 0-9 and a-f only (not A-F). All digits form one
 * number; its last 8 hex digits are nano, the ones before are sec. So a
 * 24-digit label splits 16 + 8, leading zeros are harmless, and fewer than
 * 8 digits give sec 0. The original wraps sec modulo 2^64 when there are
 * too many significant digits; this scanner records that as an error. */
struct tai64n_scan {
	uint64_t sec;
	uint32_t nano;
	int overflow;		/* sec needed more than 64 bits */
	size_t digits;		/* hex digits taken (saturates at SIZE_MAX) */
};

void tai64n_scan_init(struct tai64n_scan *sc);
/* Takes c when it is a hex digit and returns 1; returns 0 (and changes
 * nothing) for any other byte, which ends the label. */
int tai64n_scan_byte(struct tai64n_scan *sc, unsigned char c);
/* Returns 0 and the scanned label in *t, or -1 with errno EINVAL (no
 * digit at all) or ERANGE (overflow). */
int tai64n_scan_end(const struct tai64n_scan *sc, struct tai64n *t);
/* The whole scan over s[0..len) (s points after the '@'): stores the
 * number of digits taken in *used (even on error), then returns like
 * tai64n_scan_end(). */
int tai64n_scan(struct tai64n *t, const char *s, size_t len, size_t *used);

/* Formats TAI64 seconds as local time "YYYY-MM-DD HH:MM:SS" at s (no NUL)
 * using localtime_r(), so TZ applies; the caller runs tzset() first if TZ
 * may have changed. The year is not padded (year 999 prints "999"). A
 * year before 0 prints as the original's unsigned 64-bit wrap of it (year
 * -1 is "18446744073709551615"). Returns the length (at most
 * TAI64_LOCAL_SEC_MAX), or -1 with errno EOVERFLOW when the time is
 * outside what time_t or localtime_r() can represent. The result depends
 * only on sec and the time zone, so callers may cache it per second. */
int tai64_fmt_local(char *s, uint64_t sec);

/* Writes "-MM-DD" SEP "HH:MM:SS" of tm at s (no NUL), the part of a
 * calendar time after the year that tai64_fmt_local() (SEP ' ') and
 * multilog's ISO stamp (SEP 'T') share. Returns its length, 15. */
#define TAI64_TM_LEN 15
size_t tai64_fmt_tm(char *s, const struct tm *tm, char sep);

/* Appends ".NNNNNNNNN" for nano at s, zero-padded to at least 9 digits
 * (4294967295 prints in full); returns its length (10 or 11). After
 * tai64_fmt_local(), exactly what tai64nlocal prints. */
size_t tai64n_fmt_nano(char *s, uint32_t nano);

#endif
