/* ini.c - supervisord's INI dialect and "%(name)s" expansions, for
 * svimport (rules in include/ini.h). */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ini.h"
#include "sbuf.h"

#define NONE ((size_t)-1)
#define WIDTH_MAX 4096		/* a "%(x)99999999s" is refused, not built */

size_t
ini_blank(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (*u == ' ' || (*u >= '\t' && *u <= '\r') || (*u >= 0x1c && *u <= 0x1f))
		return 1;
	if (u[0] == 0xc2)
		return u[1] == 0x85 || u[1] == 0xa0 ? 2 : 0;
	if ((u[0] == 0xe1 && u[1] == 0x9a && u[2] == 0x80) ||
	    (u[0] == 0xe2 && u[1] == 0x80 && ((u[2] >= 0x80 && u[2] <= 0x8a) ||
	    u[2] == 0xa8 || u[2] == 0xa9 || u[2] == 0xaf)) ||
	    (u[0] == 0xe2 && u[1] == 0x81 && u[2] == 0x9f) ||
	    (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80))
		return 3;
	return 0;
}

/* The length of the blank that ends at s[i], else 0. */
static size_t
blank_before(const char *s, size_t i)
{
	size_t k;

	for (k = 1; k <= 3 && k <= i; ++k)
		if (ini_blank(s + i - k) == k)
			return k;
	return 0;
}

/* Narrows [*a, *b) of s to its part without blanks at either end. */
static void
strip(const char *s, size_t *a, size_t *b)
{
	size_t k;

	while (*a < *b && (k = ini_blank(s + *a)) && *a + k <= *b)
		*a += k;
	while (*b > *a && (k = blank_before(s, *b)) && *b - k >= *a)
		*b -= k;
}

static char *
dup(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

struct ini_sec *
ini_section(const struct ini *ini, const char *name)
{
	size_t i;

	for (i = 0; i < ini->nsec; ++i)
		if (!strcmp(ini->sec[i].name, name))
			return &ini->sec[i];
	return 0;
}

static struct ini_opt *
find(const struct ini_sec *sec, const char *name)
{
	size_t i;

	for (i = 0; i < sec->nopt; ++i)
		if (!strcmp(sec->opt[i].name, name))
			return &sec->opt[i];
	return 0;
}

const struct ini_opt *
ini_get(const struct ini *ini, const struct ini_sec *sec, const char *name)
{
	const struct ini_opt *o = sec ? find(sec, name) : 0;

	return o ? o : find(&ini->defaults, name);
}

static void
free_sec(struct ini_sec *s)
{
	size_t i;

	for (i = 0; i < s->nopt; ++i) {
		free(s->opt[i].name);
		free(s->opt[i].value);
	}
	free(s->opt);
	free(s->name);
}

void
ini_free(struct ini *ini)
{
	size_t i;

	for (i = 0; i < ini->nsec; ++i)
		free_sec(&ini->sec[i]);
	free(ini->sec);
	free_sec(&ini->defaults);
	memset(ini, 0, sizeof *ini);
}

/* The section named by s[0..n), made when new; NULL without memory. */
static struct ini_sec *
open_section(struct ini *ini, const char *s, size_t n, unsigned file,
    unsigned line)
{
	struct ini_sec *sec;
	char *name = dup(s, n);

	if (!name)
		return 0;
	if (!strcmp(name, "DEFAULT")) {
		free(name);
		return &ini->defaults;
	}
	if ((sec = ini_section(ini, name))) {
		free(name);
		return sec;
	}
	if (ini->nsec == ini->cap) {
		size_t cap = ini->cap ? 2 * ini->cap : 16;
		struct ini_sec *p = realloc(ini->sec, cap * sizeof *p);

		if (!p) {
			free(name);
			return 0;
		}
		ini->sec = p;
		ini->cap = cap;
	}
	sec = &ini->sec[ini->nsec++];
	memset(sec, 0, sizeof *sec);
	sec->name = name;
	sec->file = file;
	sec->line = line;
	return sec;
}

/* Sets NAME (lower-cased here) to VALUE in sec; returns the option. */
static struct ini_opt *
set_option(struct ini_sec *sec, const char *name, size_t nlen,
    const char *value, size_t vlen, unsigned file, unsigned line)
{
	struct ini_opt *o;
	char *n = dup(name, nlen), *v = dup(value, vlen), *p;

	if (!n || !v)
		goto nomem;
	for (p = n; *p; ++p)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if ((o = find(sec, n))) {
		free(n);
		free(o->value);
	} else {
		if (sec->nopt == sec->cap) {
			size_t cap = sec->cap ? 2 * sec->cap : 16;

			o = realloc(sec->opt, cap * sizeof *o);
			if (!o)
				goto nomem;
			sec->opt = o;
			sec->cap = cap;
		}
		o = &sec->opt[sec->nopt++];
		o->name = n;
	}
	o->value = v;
	o->file = file;
	o->line = line;
	return o;
nomem:
	free(n);
	free(v);
	return 0;
}

/* Appends "\n" and s[0..n) to o's value. */
static int
append(struct ini_opt *o, const char *s, size_t n)
{
	size_t have = strlen(o->value);
	char *v = realloc(o->value, have + n + 2);

	if (!v)
		return -1;
	v[have] = '\n';
	memcpy(v + have + 1, s, n);
	v[have + n + 1] = 0;
	o->value = v;
	return 0;
}

/* Where the comment of line l (n bytes) starts, NONE without one. */
static size_t
comment_start(const char *l, size_t n)
{
	static const char prefix[2] = { ';', '#' };
	size_t at[2] = { NONE, NONE }, cs = NONE, i;
	int active[2] = { 1, 1 }, k;

	/* Python's rounds: the next occurrence of each prefix per round. */
	while (cs == NONE && (active[0] || active[1])) {
		for (k = 0; k < 2; ++k) {
			const char *p;
			size_t from = at[k] == NONE ? 0 : at[k] + 1;

			if (!active[k])
				continue;
			p = from < n ? memchr(l + from, prefix[k], n - from) : 0;
			if (!p) {
				active[k] = 0;
				continue;
			}
			at[k] = (size_t)(p - l);
			if ((at[k] == 0 || blank_before(l, at[k])) && at[k] < cs)
				cs = at[k];
		}
	}
	for (i = 0; i < n && (k = (int)ini_blank(l + i)); i += (size_t)k)
		;
	if (i < n && (l[i] == ';' || l[i] == '#'))
		cs = 0;
	return cs;
}

static int
bad(struct ini_error *err, unsigned file, unsigned line, const char *what)
{
	err->file = file;
	err->line = line;
	err->what = what;
	errno = EINVAL;
	return -1;
}

/* One line (l: n bytes, NUL-terminated). *sec and *opt are the section
 * and option a continuation line would extend (NULL: none); *indent the
 * indentation of the last line that was no continuation. */
static int
parse_line(struct ini *ini, char *l, size_t n, unsigned file, unsigned line,
    struct ini_sec **sec, struct ini_opt **opt, size_t *indent,
    struct ini_error *err)
{
	size_t cs = comment_start(l, n), a = 0, b = cs == NONE ? n : cs;
	size_t ind = 0, i, k, m;
	const char *v, *rb;

	strip(l, &a, &b);
	if (a == b) {
		/* An empty line inside a value is kept; a comment is not. */
		if (cs == NONE && *sec && *opt && append(*opt, "", 0) < 0)
			return -1;
		return 0;
	}
	for (i = 0; (k = ini_blank(l + i)); i += k)
		++ind;
	v = l + a;
	if (*sec && *opt && ind > *indent)
		return append(*opt, v, b - a);
	*indent = ind;
	l[b] = 0;
	rb = strrchr(v, ']');
	if (v[0] == '[' && rb && rb - v >= 2) {
		*sec = open_section(ini, v + 1, (size_t)(rb - v) - 1, file, line);
		*opt = 0;
		return *sec ? 0 : -1;
	}
	if (!*sec)
		return bad(err, file, line, "option before the first [section]");
	i = strcspn(v, "=:");
	if (!v[i])
		return bad(err, file, line,
		    "neither [section] nor name = value");
	for (k = i; k && (m = blank_before(v, k)); k -= m)
		;
	if (!k)
		return bad(err, file, line, "no name before = or :");
	for (a = i + 1; (m = ini_blank(v + a)); a += m)
		;
	*opt = set_option(*sec, v, k, v + a, strlen(v + a), file, line);
	return *opt ? 0 : -1;
}

/* Drops the blanks at the end of every value (the empty lines a value
 * picked up). */
static void
rstrip_values(struct ini_sec *s)
{
	size_t i, b, k;

	for (i = 0; i < s->nopt; ++i) {
		char *v = s->opt[i].value;

		for (b = strlen(v); b && (k = blank_before(v, b)); b -= k)
			;
		v[b] = 0;
	}
}

int
ini_parse(struct ini *ini, const char *buf, size_t len, unsigned file,
    struct ini_error *err)
{
	struct ini_sec *sec = 0;
	struct ini_opt *opt = 0;
	size_t indent = 0, at = 0, i;
	unsigned line = 0;
	char *l = 0;
	int r = 0;

	while (at < len && r == 0) {
		size_t n = 0;
		char *p;

		while (at + n < len && buf[at + n] != '\n' && buf[at + n] != '\r')
			++n;
		++line;
		if (memchr(buf + at, 0, n)) {
			r = bad(err, file, line, "NUL byte");
			break;
		}
		p = realloc(l, n + 1);
		if (!p) {
			r = -1;
			break;
		}
		l = p;
		memcpy(l, buf + at, n);
		l[n] = 0;
		/* sec and opt stay valid: the arrays they point into grow
		 * only in the calls that then set them anew. */
		r = parse_line(ini, l, n, file, line, &sec, &opt, &indent, err);
		at += n;
		if (at < len && buf[at] == '\r' && at + 1 < len &&
		    buf[at + 1] == '\n')
			++at;
		++at;
	}
	free(l);
	for (i = 0; i < ini->nsec; ++i)
		rstrip_values(&ini->sec[i]);
	rstrip_values(&ini->defaults);
	return r;
}

/* Expansion. */

/* Reads decimal digits at *s into *v (capped); 0 when there are none. */
static int
digits(const char **s, size_t *v)
{
	const char *p = *s;

	*v = 0;
	while (*p >= '0' && *p <= '9') {
		if (*v <= WIDTH_MAX)
			*v = *v * 10 + (size_t)(*p - '0');
		++p;
	}
	if (p == *s)
		return 0;
	*s = p;
	return 1;
}

static int
xbad(struct ini_xerror *err, const char *what)
{
	err->what = what;
	errno = EINVAL;
	return -1;
}

/* The pieces of one conversion, as printf lays them out. */
struct conv {
	const char *flags;	/* of "-+ #0", as written */
	size_t width;
	size_t prec;		/* (size_t)-1: none */
	char c;			/* s d i u x X o */
};

/* Writes n bytes of ch (or of s, when s is not NULL) at b[*at..], where b
 * has room bytes (b NULL: only counts). */
static void
emit(char *b, size_t room, size_t *at, const char *s, char ch, size_t n)
{
	for (; n > 0; --n, ++*at) {
		char c = ch;

		if (s)
			c = *s++;
		if (b && *at < room)
			b[*at] = c;
	}
}

/* One value converted as C's printf (and Python's "%") do it for the
 * conversions above, into b (room bytes; b NULL: only measured). Returns
 * the length. Written here rather than with snprintf, which would bring
 * libc's whole printf, floating point included, into every static binary. */
static size_t
convert(char *b, size_t room, const struct conv *cv, const char *str,
    long long num)
{
	static const char hex[] = "0123456789abcdef0123456789ABCDEF";
	char dig[24], prefix[2];
	size_t nd = 0, np = 0, zeros = 0, len, pad, at = 0;
	int left = strchr(cv->flags, '-') != 0, numeric = cv->c != 's';
	unsigned long long u;
	unsigned base;

	if (!numeric) {
		len = strlen(str);
		if (cv->prec != (size_t)-1 && len > cv->prec)
			len = cv->prec;
		pad = cv->width > len ? cv->width - len : 0;
		if (!left)
			emit(b, room, &at, 0, ' ', pad);
		emit(b, room, &at, str, 0, len);
		if (left)
			emit(b, room, &at, 0, ' ', pad);
		return at;
	}
	base = cv->c == 'o' ? 8 : cv->c == 'x' || cv->c == 'X' ? 16 : 10;
	u = num < 0 ? 0 - (unsigned long long)num : (unsigned long long)num;
	if (num < 0)
		prefix[np++] = '-';
	else if ((cv->c == 'd' || cv->c == 'i') && strchr(cv->flags, '+'))
		prefix[np++] = '+';
	else if ((cv->c == 'd' || cv->c == 'i') && strchr(cv->flags, ' '))
		prefix[np++] = ' ';
	if (u && base == 16 && strchr(cv->flags, '#')) {
		prefix[np++] = '0';
		prefix[np++] = cv->c;
	}
	for (; u; u /= base)
		dig[sizeof dig - ++nd] = hex[u % base + (cv->c == 'X' ? 16 : 0)];
	if (cv->prec == (size_t)-1 && nd == 0)
		dig[sizeof dig - ++nd] = '0';	/* 0 with no precision */
	if (cv->prec != (size_t)-1 && cv->prec > nd)
		zeros = cv->prec - nd;
	if (base == 8 && strchr(cv->flags, '#') && zeros == 0 &&
	    (nd == 0 || dig[sizeof dig - nd] != '0'))
		zeros = 1;	/* "#o": the first digit is a 0 */
	len = np + zeros + nd;
	pad = cv->width > len ? cv->width - len : 0;
	if (!left && strchr(cv->flags, '0') && cv->prec == (size_t)-1) {
		zeros += pad;	/* "0": zeros after the sign, not blanks */
		pad = 0;
	}
	if (!left)
		emit(b, room, &at, 0, ' ', pad);
	emit(b, room, &at, prefix, 0, np);
	emit(b, room, &at, 0, '0', zeros);
	emit(b, room, &at, dig + sizeof dig - nd, 0, nd);
	if (left)
		emit(b, room, &at, 0, ' ', pad);
	return at;
}

/* One "%(...)..." at s (just after the '%'); *s moves past it. The
 * conversion is printf's, which does what Python's "%" does for these
 * (widths and precisions count bytes where Python counts characters;
 * "%#o" gives 07 where Python gives 0o7). */
static int
expand_one(struct sbuf *b, const char **s, ini_lookup look, void *ctx,
    struct ini_xerror *err)
{
	const char *p = *s, *name;
	char flags[6], *f = flags, num[24];
	struct ini_var v;
	struct conv cv;
	size_t n;
	int depth = 1;

	if (*p != '(')
		return xbad(err, *p ? "no (name) after %" : "incomplete format");
	name = ++p;
	while (*p && depth)
		depth += *p == '(' ? 1 : *p == ')' ? -1 : 0, ++p;
	err->name = name;
	err->len = (size_t)(p - name) - !depth;
	if (depth)
		return xbad(err, "incomplete format key");
	if (look(ctx, name, err->len, &v) < 0)
		return xbad(err, "unknown name");
	while (*p && strchr("-+ #0", *p) && f < flags + 5)
		*f++ = *p++;
	while (*p && strchr("-+ #0", *p))
		++p;
	*f = 0;
	cv.flags = flags;
	cv.prec = (size_t)-1;
	if (*p == '*')
		return xbad(err, "* width");
	(void)digits(&p, &cv.width);
	if (*p == '.') {
		++p;
		if (*p == '*')
			return xbad(err, "* precision");
		(void)digits(&p, &cv.prec);
	}
	if (cv.width > WIDTH_MAX ||
	    (cv.prec != (size_t)-1 && cv.prec > WIDTH_MAX))
		return xbad(err, "width or precision above 4096");
	if (*p == 'h' || *p == 'l' || *p == 'L')
		++p;
	if (!*p)
		return xbad(err, "incomplete format");
	*s = p + 1;
	cv.c = *p;
	if (cv.c == 's') {
		if (!v.str) {
			struct conv d = { "", 0, (size_t)-1, 'd' };
			num[convert(num, sizeof num - 1, &d, 0, v.num)] = 0;
			v.str = num;
		}
	} else if (!strchr("diuxXo", cv.c)) {
		return xbad(err, "format character other than s d i u x X o");
	} else if (v.str) {
		return xbad(err, "a number is required, not a string");
	} else if (v.num < 0 && cv.c != 'd' && cv.c != 'i') {
		return xbad(err, "a negative number in u, x, X or o");
	}
	/* Measured, then written in place. */
	n = convert(0, 0, &cv, v.str, v.num);
	if (sbuf_put(b, 0, n) < 0)
		return -1;
	(void)convert(b->s + b->len - n, n, &cv, v.str, v.num);
	return 0;
}

int
ini_expand(const char *s, ini_lookup look, void *ctx, char **out,
    struct ini_xerror *err)
{
	struct sbuf b = SBUF_INIT;

	*out = 0;
	err->what = 0;
	err->name = 0;
	err->len = 0;
	while (*s) {
		const char *pc = strchr(s, '%');

		if (!pc) {
			(void)sbuf_puts(&b, s);
			break;
		}
		(void)sbuf_put(&b, s, (size_t)(pc - s));
		s = pc + 1;
		if (*s == '%') {
			(void)sbuf_putc(&b, '%');
			++s;
		} else if (expand_one(&b, &s, look, ctx, err) < 0) {
			sbuf_free(&b);
			return -1;
		}
	}
	*out = sbuf_done(&b, 0);
	return *out ? 0 : -1;
}
