/* tai64nlocal - copy stdin to stdout, turning a TAI64N label at the start
 * of a line ("@" + hex digits) into local time "YYYY-MM-DD HH:MM:SS.N...". */

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "applets.h"
#include "die.h"
#include "num.h"
#include "obuf.h"
#include "tai64.h"

/* Significant digits of one label kept back while it is scanned. More
 * than 24 cannot be converted anyway; past this many the label is copied
 * through as it comes. */
#define HOLD_MAX 64

enum state { LINE_START, LABEL, COPY };

struct label {
	struct tai64n_scan sc;
	size_t zeros;		/* leading '0' digits, counted, not stored */
	size_t n;		/* digits in sig */
	char sig[HOLD_MAX];
};

/* Local time of the last second converted: logs have many lines per
 * second, and localtime_r() is the expensive part. */
struct cache {
	uint64_t sec;
	int len;		/* 0: empty */
	char text[TAI64_LOCAL_SEC_MAX];
};

/* Taken from the heap at start: as static arrays they would sit in every
 * daemonbox process's address space next to supervise's few variables. */
#define INBUF_SIZE 65536
#define OUTBUF_SIZE 131072
static char *inbuf;

/* Takes the digit c into l: 1 when held, 0 when c is not a hex digit (the
 * label ends), -1 when there is no room (c is left alone). */
static int
hold(struct label *l, char c)
{
	if (num_hexdigit(c) < 0)
		return 0;
	if (l->n == 0 && c == '0') {
		++l->zeros;
	} else {
		if (l->n == HOLD_MAX)
			return -1;
		l->sig[l->n++] = c;
	}
	(void)tai64n_scan_byte(&l->sc, (unsigned char)c);  /* a digit */
	return 1;
}

/* The label as it came in, for one that cannot be converted. */
static int
put_raw(struct obuf *o, const struct label *l)
{
	size_t z;

	if (obuf_putc(o, '@') < 0)
		return -1;
	for (z = 0; z < l->zeros; ++z)
		if (obuf_putc(o, '0') < 0)
			return -1;
	return obuf_put(o, l->sig, l->n);
}

/* Writes t in local time as tai64nlocal prints it. Returns 0, 1 when t
 * has no local time (nothing written), or -1 on a write error. */
static int
put_local(struct obuf *o, const struct tai64n *t, struct cache *c)
{
	char nano[12];

	if (!c->len || c->sec != t->sec) {
		int n = tai64_fmt_local(c->text, t->sec);

		if (n < 0) {
			c->len = 0;
			return 1;
		}
		c->len = n;
		c->sec = t->sec;
	}
	if (obuf_put(o, c->text, (size_t)c->len) < 0)
		return -1;
	return obuf_put(o, nano, tai64n_fmt_nano(nano, t->nano));
}

/* A held label in local time, or as it came when it has none. */
static int
put_label(struct obuf *o, const struct label *l, struct cache *c)
{
	struct tai64n t;
	int r;

	if (tai64n_scan_end(&l->sc, &t) < 0)
		return put_raw(o, l);
	r = put_local(o, &t, c);
	return r > 0 ? put_raw(o, l) : r;
}

/* Converts one block of input, p to end, picking up in *state where the
 * last block left off. Returns 0, or -1 on a write error. */
static int
convert(struct obuf *o, const char *p, const char *end, enum state *state,
    struct label *l, struct cache *cache)
{
	while (p < end) {
		const char *nl;
		struct tai64n t;
		size_t avail, used;
		int h = 1, w;

		switch (*state) {
		case LINE_START:
			if (*p != '@') {
				*state = COPY;
				break;
			}
			avail = (size_t)(end - p) - 1;
			w = tai64n_scan(&t, p + 1, avail, &used);
			if (used < avail) {
				/* The common case: the whole label is in the
				 * buffer. Unconvertible labels are copied
				 * (0.76 crashes there). */
				w = w < 0 ? 1 : put_local(o, &t, cache);
				if (w > 0)
					w = obuf_put(o, p, 1 + used);
				if (w < 0)
					return -1;
				p += 1 + used;
				*state = COPY;
				break;
			}
			/* Its digits run on into the next read. */
			tai64n_scan_init(&l->sc);
			l->zeros = l->n = 0;
			*state = LABEL;
			++p;
			break;
		case LABEL:
			while (p < end && (h = hold(l, *p)) == 1)
				++p;
			if (p == end)
				break;
			/* The byte after the digits, and the rest of the
			 * line, are copied as they are. */
			if ((h < 0 ? put_raw(o, l) : put_label(o, l, cache)) < 0)
				return -1;
			*state = COPY;
			break;
		case COPY:
			nl = memchr(p, '\n', (size_t)(end - p));
			if (nl) {
				*state = LINE_START;
				++nl;
			} else {
				nl = end;
			}
			if (obuf_put(o, p, (size_t)(nl - p)) < 0)
				return -1;
			p = nl;
			break;
		}
	}
	return 0;
}

int
tai64nlocal_main(int argc, char **argv)
{
	struct obuf out;
	struct label l;
	struct cache cache;
	enum state state = LINE_START;

	/* Arguments are ignored, as in daemontools 0.76. */
	(void)argc;
	(void)argv;
	tzset();
	cache.len = 0;
	inbuf = malloc(INBUF_SIZE + OUTBUF_SIZE);
	if (!inbuf)
		die_nomem();
	obuf_init(&out, 1, inbuf + INBUF_SIZE, OUTBUF_SIZE);
	for (;;) {
		ssize_t r;

		/* I/O errors end the tool silently with 111. At EOF inside a
		 * label (no byte after its digits), 0.76 prints nothing of
		 * that line; neither do we. */
		r = obuf_flush_read(&out, 0, inbuf, INBUF_SIZE);
		if (r <= 0)
			return r < 0 ? 111 : 0;
		if (convert(&out, inbuf, inbuf + r, &state, &l, &cache) < 0)
			return 111;
	}
}