/* opt.c - daemontools 0.76's option parser, reentrant; used by svc,
 * softlimit, setlock and svwait. */

#include <stdarg.h>
#include <string.h>

#include "die.h"
#include "obuf.h"
#include "opt.h"

void
opt_init(struct opt *o, int argc, char *const *argv, const char *opts)
{
	o->argc = argc;
	o->argv = argv;
	o->opts = opts;
	o->ind = 1;
	o->arg = 0;
	o->bad = 0;
	o->err = 0;
	o->rest = 0;
	o->done = 0;
}

int
opt_next(struct opt *o)
{
	const char *spec;
	int c;

	/* An error reported by an earlier call is not this call's. */
	o->arg = 0;
	o->bad = 0;
	o->err = 0;
	if (o->done)
		return OPT_END;
	if (!o->rest || !*o->rest) {
		const char *a;

		if (o->ind >= o->argc || !(a = o->argv[o->ind]) ||
		    a[0] != '-' || a[1] == 0) {
			o->done = 1;
			return OPT_END;
		}
		if (a[1] == '-') {
			/* 0.76 ends the options at any "--..." and drops it. */
			++o->ind;
			o->done = 1;
			return OPT_END;
		}
		o->rest = a + 1;
		++o->ind;
	}
	c = (unsigned char)*o->rest++;
	spec = c == ':' ? 0 : strchr(o->opts, c);
	if (!spec) {
		o->bad = c;
		o->err = OPT_ILLEGAL;
		return OPT_ILLEGAL;
	}
	if (spec[1] == ':') {
		if (*o->rest) {
			o->arg = o->rest;
			o->rest = 0;
		} else if (o->ind < o->argc && o->argv[o->ind]) {
			o->arg = o->argv[o->ind++];
		} else {
			o->bad = c;
			o->err = OPT_MISSING;
			return OPT_MISSING;
		}
	}
	return c;
}

/* die_format() with its parts as arguments. */
static size_t
format(char *buf, size_t len, const char *prog, ...)
{
	va_list parts;
	unsigned long n;

	va_start(parts, prog);
	n = die_format(buf, len, prog, 0, -1, parts);
	va_end(parts);
	return n;
}

size_t
opt_format(char *buf, size_t len, const struct opt *o)
{
	char name[OPT_MSG_MAX];
	const char *base = "", *slash, *what;
	char letter[2];
	size_t keep, tail;

	if (len == 0 || !o->err)
		return 0;
	if (o->argc > 0 && o->argv[0]) {
		base = o->argv[0];
		slash = strrchr(base, '/');
		if (slash)
			base = slash + 1;
	}
	what = o->err == OPT_ILLEGAL ? "illegal option -- " :
	    "option requires an argument -- ";
	/* A long name is cut rather than the letter or the newline. */
	tail = 2 + strlen(what) + 2;
	keep = len > tail ? len - tail : 0;
	if (keep > sizeof name - 1)
		keep = sizeof name - 1;
	keep = strnlen(base, keep);
	memcpy(name, base, keep);
	name[keep] = 0;
	letter[0] = (char)o->bad;
	letter[1] = 0;
	return format(buf, len, name, what, letter, (const char *)0);
}

int
opt_complain(const struct opt *o)
{
	char buf[OPT_MSG_MAX];
	size_t n = opt_format(buf, sizeof buf, o);

	return obuf_write_all(2, buf, n);
}
