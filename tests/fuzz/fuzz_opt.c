/* fuzz_opt - fuzzes the option parser of svc, softlimit and setlock
 * (opt.h) against a model of daemontools 0.76's rules. */

#include "fuzz.h"
#include "opt.h"

/* opt_format() writes into exact-size buffers.
 * Input: OPTSTRING NUL ARGV0 NUL ARG1 NUL ... */

#define MAXARGS 32

struct model {
	int argc, ind, done;
	char **argv;
	const char *opts, *rest, *arg;
	int bad;
};

static int
model_next(struct model *m)
{
	const char *spec;
	int c;

	m->arg = 0;
	if (m->done)
		return OPT_END;
	if (!m->rest || !*m->rest) {
		const char *a = m->ind < m->argc ? m->argv[m->ind] : 0;

		if (!a || a[0] != '-' || !a[1]) {
			m->done = 1;
			return OPT_END;
		}
		if (a[1] == '-') {	/* "--anything" ends and is dropped */
			m->ind++;
			m->done = 1;
			return OPT_END;
		}
		m->rest = a + 1;
		m->ind++;
	}
	c = (unsigned char)*m->rest++;
	spec = 0;
	if (c != ':') {
		const char *p;

		for (p = m->opts; *p; ++p)
			if ((unsigned char)*p == c) {
				spec = p;
				break;
			}
	}
	if (!spec) {
		m->bad = c;
		return OPT_ILLEGAL;
	}
	if (spec[1] == ':') {
		if (*m->rest) {
			m->arg = m->rest;
			m->rest = 0;
		} else if (m->ind < m->argc) {
			m->arg = m->argv[m->ind++];
		} else {
			m->bad = c;
			return OPT_MISSING;
		}
	}
	return c;
}

static void
check_format(const struct opt *o)
{
	size_t lens[10];
	char *expect;
	const char *name = "", *sl, *what;
	size_t elen, len, k;

	if (o->argc > 0 && o->argv[0]) {
		name = o->argv[0];
		if ((sl = strrchr(name, '/')))
			name = sl + 1;
	}
	what = o->err == OPT_ILLEGAL ? ": illegal option -- "
	    : ": option requires an argument -- ";
	elen = strlen(name) + strlen(what) + 2;
	expect = malloc(elen + 1);
	CHECK(expect != 0);
	snprintf(expect, elen + 1, "%s%s%c\n", name, what, o->bad);
	/* The sizes where something changes: none, tiny, around the fixed
	 * text, around the whole line. */
	for (k = 0; k < 4; ++k)
		lens[k] = k;
	for (k = 0; k < 3; ++k) {
		lens[4 + k] = strlen(what) + 1 + k;
		lens[7 + k] = elen - 1 + k;
	}
	for (k = 0; k < sizeof lens / sizeof lens[0]; ++k) {
		char *buf;
		size_t n;

		len = lens[k];
		buf = fuzz_dup("", len);
		n = opt_format(buf, len, o);
		CHECK(n <= len);
		if (len == 0) {
			CHECK(n == 0);
		} else {
			CHECK(n > 0 && buf[n - 1] == '\n');
			if (len >= elen) {
				CHECK(n == elen);
				CHECK(memcmp(buf, expect, elen) == 0);
			} else if (len > strlen(what) + 2) {
				/* A long name is cut, never the letter. */
				CHECK(buf[n - 2] == (char)o->bad);
			}
		}
		free(buf);
	}
	free(expect);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *z = memchr(data, 0, size);
	size_t olen = z ? (size_t)(z - data) : size;
	char *opts = fuzz_strdup(data, olen);
	char *argv[MAXARGS + 1];
	int argc = z ? fuzz_split(z + 1, size - olen - 1, argv, MAXARGS) : 0;
	struct opt o;
	struct model m;
	size_t calls = 0, letters = 0;
	int i, c;

	if (argc == 0)
		argv[0] = 0;
	for (i = 1; i < argc; ++i)
		letters += strlen(argv[i]);
	opt_init(&o, argc, argv, opts);
	memset(&m, 0, sizeof m);
	m.argc = argc;
	m.argv = argv;
	m.opts = opts;
	m.ind = 1;
	for (;;) {
		int want = model_next(&m);

		c = opt_next(&o);
		CHECK(++calls <= letters + 2);
		CHECK(c == want);
		CHECK(o.ind == m.ind);
		CHECK(o.arg == m.arg);
		CHECK(o.ind >= 1 && (o.ind <= argc || argc == 0));
		if (c == OPT_END)
			break;
		if (c < 0) {
			CHECK(o.err == c && o.bad == m.bad);
			CHECK(o.bad != 0);
			check_format(&o);
		} else {
			CHECK(c != ':' && c != 0 && strchr(opts, c));
		}
	}
	/* Over means over. */
	CHECK(opt_next(&o) == OPT_END && opt_next(&o) == OPT_END);
	CHECK(o.arg == 0);
	fuzz_free_argv(argv, argc);
	free(opts);
	return 0;
}
