/* fuzz_supconf - fuzzes svimport's reading of a supervisord configuration
 * (ini_parse, ini_expand, supconf_build with its value types and both
 * shlex modes) and the service directories made of it (supmap_build),
 * checking what must hold of any input: clean option names and values,
 * usable directory and file names, a run script that starts as one, and
 * shell quoting that gives every word back exactly. */

#include <errno.h>

#include "fuzz.h"
#include "ini.h"
#include "sbuf.h"
#include "supconf.h"
#include "supmap.h"

static char *const env[] = { "HOME=/home/f", "PORT=80", "EMPTY=", 0 };

/* What sh makes of a word supmap_quote wrote: the model of the quoting
 * (bare safe characters, or '...' with '\'' for a quote). */
static char *
unquote(const char *q, size_t n)
{
	char *w = malloc(n + 1), *o = w;
	size_t i = 0;

	CHECK(w != 0);
	while (i < n) {
		if (q[i] == '\'') {
			for (++i; i < n && q[i] != '\''; ++i)
				*o++ = q[i];
			CHECK(i < n);
			++i;
		} else if (q[i] == '\\') {
			CHECK(i + 1 < n);
			*o++ = q[i + 1];
			i += 2;
		} else {
			CHECK(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
			    "vwxyz0123456789_@%+=:,./-", q[i]) != 0);
			*o++ = q[i++];
		}
	}
	*o = 0;
	return w;
}

static void
check_quote(const char *word)
{
	struct sbuf b = SBUF_INIT;
	char *q, *back;
	size_t n;

	CHECK(supmap_quote(&b, word) == 0);
	q = sbuf_done(&b, &n);
	CHECK(q != 0 && n > 0);
	back = unquote(q, n);
	CHECK(strcmp(back, word) == 0);
	free(back);
	free(q);
}

static void
check_ini(const struct ini_sec *s)
{
	size_t i;

	for (i = 0; i < s->nopt; ++i) {
		const char *n = s->opt[i].name, *v = s->opt[i].value, *p;
		size_t len = strlen(v);

		for (p = n; *p; ++p)
			CHECK(!(*p >= 'A' && *p <= 'Z'));
		CHECK(*n);
		/* An empty first line followed by continued ones: "\nx". */
		CHECK(!ini_blank(v) || v[0] == '\n');
		CHECK(!len || (!ini_blank(v + len - 1) &&
		    (len < 2 || ini_blank(v + len - 2) != 2) &&
		    (len < 3 || ini_blank(v + len - 3) != 3)));
	}
}

static int
look(void *ctx, const char *name, size_t len, struct ini_var *v)
{
	(void)ctx;
	v->str = 0;
	v->num = (long long)len - 3;
	if (len && name[0] == 's')
		v->str = "str\xc3\xa9";
	return len && name[0] == 'u' ? -1 : 0;
}

static void
check_map(struct supconf *c, size_t i)
{
	const struct supconf_proc *p = &c->proc[i];
	struct supmap m;
	size_t k;

	CHECK(p->name[0] && p->name[0] != '.' && !strchr(p->name, '/'));
	CHECK(p->argv && p->argv[0]);
	for (k = 0; p->argv[k]; ++k)
		check_quote(p->argv[k]);
	if (supmap_build(c, i, &m) < 0) {
		CHECK(errno == ENOMEM);
		supmap_free(&m);
		return;
	}
	CHECK(m.n >= 3);
	CHECK(!strcmp(m.file[0].name, "run"));
	CHECK(m.file[0].len > 10 && !memcmp(m.file[0].data, "#!/bin/sh\n", 10));
	for (k = 0; k < m.n; ++k) {
		const char *n = m.file[k].name;

		CHECK(n[0] && n[0] != '/' && n[0] != '.');
		CHECK(!strstr(n, "/.") && !strstr(n, "//"));
		CHECK(m.file[k].dir || m.file[k].data);
		if (!strncmp(n, "env/", 4))
			CHECK(!strchr(n + 4, '/') && m.file[k].len &&
			    m.file[k].data[m.file[k].len - 1] == '\n');
	}
	supmap_free(&m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct supconf c;
	char *text = fuzz_strdup(data, size), *out, **list;
	struct ini_xerror xe;
	const char *why;
	size_t i;

	/* The pieces on the raw bytes (up to a NUL). */
	if (ini_expand(text, look, 0, &out, &xe) == 0) {
		CHECK(out != 0);
		free(out);
	} else {
		CHECK(errno == EINVAL || errno == ENOMEM);
	}
	if (supconf_split(text, &list, &why) == 0) {
		for (i = 0; list[i]; ++i)
			check_quote(list[i]);
		supconf_free_list(list);
	}
	if (supconf_env(text, &list, &why) == 0) {
		for (i = 0; list[i]; ++i)
			CHECK(strchr(list[i], '=') != 0);
		supconf_free_list(list);
	}

	/* The file. */
	memset(&c, 0, sizeof c);
	c.environ = env;
	c.host = "fuzz";
	c.cwd = "/work";
	if (supconf_add(&c, (const char *)data, size, "etc/s.conf") == 0) {
		for (i = 0; i < c.ini.nsec; ++i)
			check_ini(&c.ini.sec[i]);
		check_ini(&c.ini.defaults);
		if (supconf_build(&c) == 0) {
			for (i = 0; i < c.nproc; ++i)
				check_map(&c, i);
			supconf_sort_notes(&c);
			for (i = 1; i < c.nnote; ++i)
				CHECK(c.note[i - 1].file < c.note[i].file ||
				    c.note[i - 1].line <= c.note[i].line);
		} else {
			CHECK(errno == ENOMEM || (c.err.kind == SUPCONF_E_FORMAT &&
			    c.err.what[0]));
		}
	} else {
		CHECK(errno == ENOMEM || (c.err.kind == SUPCONF_E_FORMAT &&
		    c.err.line > 0));
	}
	supconf_free(&c);
	free(text);
	return 0;
}
