/* supconf.c - supervisord's configuration read as supervisord 4 reads it,
 * for svimport (contract in include/supconf.h). */

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ini.h"
#include "sbuf.h"
#include "signame.h"
#include "supconf.h"

/* Names in arrays, not pointers: no relocations, read-only everywhere. */
static const char opt_names[SUPCONF_NOPTS][24] = {
	"command", "process_name", "numprocs", "numprocs_start", "priority",
	"autostart", "startsecs", "startretries", "autorestart", "exitcodes",
	"stopsignal", "stopwaitsecs", "stopasgroup", "killasgroup", "user",
	"redirect_stderr", "environment", "directory", "umask", "serverurl",
	"stdout_logfile", "stdout_logfile_maxbytes", "stdout_logfile_backups",
	"stdout_capture_maxbytes", "stdout_events_enabled", "stdout_syslog",
	"stderr_logfile", "stderr_logfile_maxbytes", "stderr_logfile_backups",
	"stderr_capture_maxbytes", "stderr_events_enabled", "stderr_syslog",
};

const char *
supconf_option_name(int opt)
{
	return opt >= 0 && opt < SUPCONF_NOPTS ? opt_names[opt] : "?";
}

enum { T_INT, T_BOOL, T_BYTES, T_SIGNAL, T_OCTAL, T_RESTART, T_EXIT };

/* The typed options of a [program:x], in the order supervisord reads
 * them; the first group once per section, the second per process. A
 * default of "" means: killasgroup, stopasgroup's value; umask, none. */
static const struct {
	unsigned char opt, type;
	char def[11];
} typed_opts[] = {
	{ SUPCONF_PRIORITY, T_INT, "999" },
	{ SUPCONF_AUTOSTART, T_BOOL, "true" },
	{ SUPCONF_AUTORESTART, T_RESTART, "unexpected" },
	{ SUPCONF_STARTSECS, T_INT, "1" },
	{ SUPCONF_STARTRETRIES, T_INT, "3" },
	{ SUPCONF_STOPSIGNAL, T_SIGNAL, "TERM" },
	{ SUPCONF_STOPWAITSECS, T_INT, "10" },
	{ SUPCONF_STOPASGROUP, T_BOOL, "false" },
	{ SUPCONF_KILLASGROUP, T_BOOL, "" },
	{ SUPCONF_EXITCODES, T_EXIT, "0" },
	{ SUPCONF_REDIRECT_STDERR, T_BOOL, "false" },
	{ SUPCONF_NUMPROCS, T_INT, "1" },
	{ SUPCONF_NUMPROCS_START, T_INT, "0" },
	{ SUPCONF_STDOUT + SUPCONF_CAPTURE_MAXBYTES, T_BYTES, "0" },
	{ SUPCONF_STDOUT + SUPCONF_EVENTS_ENABLED, T_BOOL, "false" },
	{ SUPCONF_STDERR + SUPCONF_CAPTURE_MAXBYTES, T_BYTES, "0" },
	{ SUPCONF_STDERR + SUPCONF_EVENTS_ENABLED, T_BOOL, "false" },
	{ SUPCONF_UMASK, T_OCTAL, "" },
#define PER_PROCESS 18
	{ SUPCONF_STDOUT + SUPCONF_BACKUPS, T_INT, "10" },
	{ SUPCONF_STDOUT + SUPCONF_MAXBYTES, T_BYTES, "50MB" },
	{ SUPCONF_STDOUT + SUPCONF_SYSLOG, T_BOOL, "false" },
	{ SUPCONF_STDERR + SUPCONF_BACKUPS, T_INT, "10" },
	{ SUPCONF_STDERR + SUPCONF_MAXBYTES, T_BYTES, "50MB" },
	{ SUPCONF_STDERR + SUPCONF_SYSLOG, T_BOOL, "false" },
};

/* Where t is in s, or NULL (strstr would bring in 1 KiB). */
static const char *
find(const char *s, const char *t)
{
	size_t n = strlen(t);

	for (; *s; ++s)
		if (!strncmp(s, t, n))
			return s;
	return 0;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
nope(const char **why, const char *what)
{
	*why = what;
	errno = EINVAL;
	return -1;
}

/* s without Python's blanks at either end: [*a, *b). */
static void
bounds(const char *s, size_t *a, size_t *b)
{
	size_t k, j;

	*a = 0;
	*b = strlen(s);
	while (*a < *b && (k = ini_blank(s + *a)))
		*a += k;
	for (k = 1; k; *b -= k)
		for (k = 0, j = 1; j <= 3 && j <= *b - *a; ++j)
			if (ini_blank(s + *b - j) == j)
				k = j;
}

/* Python's int(): blanks around, a sign, digits with single '_'s; the
 * digits of base 8 or 10. */
static int
number(const char *s, int base, long long *v, const char **why)
{
	size_t a, b;
	unsigned long long u = 0;
	int neg = 0, digits = 0;

	bounds(s, &a, &b);
	if (a < b && (s[a] == '+' || s[a] == '-'))
		neg = s[a++] == '-';
	if (base == 8 && b - a > 2 && s[a] == '0' && lower(s[a + 1]) == 'o')
		a += 2;
	for (; a < b; ++a) {
		unsigned d = (unsigned)(s[a] - '0');

		if (s[a] == '_' && digits && a + 1 < b && s[a + 1] != '_')
			continue;
		if (d >= (unsigned)base || u > (1ULL << 50))
			return nope(why, "not a number");
		u = u * (unsigned)base + d;
		++digits;
	}
	if (!digits)
		return nope(why, "not a number");
	*v = neg ? -(long long)u : (long long)u;
	return 0;
}

int
supconf_int(const char *s, long long *v, const char **why)
{
	return number(s, 10, v, why);
}

int
supconf_bool(const char *s, int *v, const char **why)
{
	static const char names[8][6] = { "yes", "true", "on", "1",
		"no", "false", "off", "0" };
	size_t i, k;

	for (i = 0; i < 8; ++i) {
		for (k = 0; s[k] && lower((unsigned char)s[k]) == names[i][k]; ++k)
			;
		if (!s[k] && !names[i][k]) {
			*v = i < 4;
			return 0;
		}
	}
	return nope(why, "not a boolean");
}

int
supconf_bytes(const char *s, long long *v, const char **why)
{
	static const char units[] = "kmg";
	size_t n = strlen(s);
	const char *u;
	char *t;
	int r, shift = 0;

	if (n >= 2 && lower((unsigned char)s[n - 1]) == 'b' &&
	    (u = strchr(units, lower((unsigned char)s[n - 2])))) {
		shift = 10 * (int)(u - units + 1);
		n -= 2;
	}
	if (!(t = strdup(s)))
		return -1;
	t[n] = 0;
	r = number(t, 10, v, why);
	free(t);
	if (r < 0)
		return nope(why, "not a size (bytes, KB, MB or GB)");
	*v *= 1LL << shift;
	return 0;
}

int
supconf_octal(const char *s, int *v, const char **why)
{
	long long x;

	if (number(s, 8, &x, why) < 0 || x < 0)
		return nope(why, "not an octal umask");
	*v = (int)(x & 0777);
	return 0;
}

int
supconf_exitcodes(const char *s, unsigned char bits[32], const char **why)
{
	memset(bits, 0, 32);
	while (*s) {
		size_t n = strcspn(s, ",");
		long long v;
		char *t = strdup(s);
		int r;

		if (!t)
			return -1;
		t[n] = 0;
		r = number(t, 10, &v, why);
		free(t);
		if (r < 0 || v < 0 || v > 255 || (s[n] && !s[n + 1]))
			return nope(why, "not exit codes from 0 to 255");
		bits[v / 8] |= (unsigned char)(1 << (v % 8));
		s += n + !!s[n];
	}
	return 0;
}

int
supconf_signal(const char *s, int *sig, const char **why)
{
	size_t a, b;

	bounds(s, &a, &b);
	return signame_scan(s + a, b - a, sig) < 0 ?
	    nope(why, "not a signal") : 0;
}

void
supconf_free_list(char **list)
{
	size_t i;

	for (i = 0; list && list[i]; ++i)
		free(list[i]);
	free(list);
}

/* Appends a malloc'd string (taken) to a NULL-terminated list. */
static int
push(char ***list, size_t *n, char *s)
{
	char **l = s ? realloc(*list, (*n + 2) * sizeof *l) : 0;

	if (!l) {
		free(s);
		return -1;
	}
	l[(*n)++] = s;
	l[*n] = 0;
	*list = l;
	return 0;
}

static int
shlex_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int
supconf_split(const char *s, char ***argv, const char **why)
{
	struct sbuf w = SBUF_INIT;
	size_t n = 0;
	char state = ' ', esc = 0;
	int word = 0;	/* a word has begun (maybe an empty one: "") */

	*argv = calloc(1, sizeof **argv);
	if (!*argv)
		return -1;
	for (;; ++s) {
		char ch = *s;

		if (state == '\\') {
			if (!ch) {
				nope(why, "no character after \\");
				goto bad;
			}
			/* Inside "...", only \" and \\ lose the backslash. */
			if (esc == '"' && ch != '\\' && ch != '"')
				(void)sbuf_putc(&w, '\\');
			(void)sbuf_putc(&w, ch);
			state = esc;
		} else if (state == '\'' || state == '"') {
			if (!ch) {
				nope(why, "no closing quotation");
				goto bad;
			}
			if (ch == state)
				state = 'a';
			else if (ch == '\\' && state == '"') {
				esc = state;
				state = '\\';
			} else
				(void)sbuf_putc(&w, ch);
		} else if (!ch || shlex_blank(ch)) {
			if (word && push(argv, &n, sbuf_done(&w, 0)) < 0)
				goto bad;
			word = 0;
			state = ' ';
			if (!ch)
				break;
		} else {
			word = 1;
			if (ch == '\\') {
				esc = 'a';
				state = '\\';
			} else if (ch == '\'' || ch == '"') {
				state = ch;
			} else {
				(void)sbuf_putc(&w, ch);
				state = 'a';
			}
		}
	}
	return 0;
bad:
	sbuf_free(&w);
	supconf_free_list(*argv);
	*argv = 0;
	return -1;
}

/* One character: a whole UTF-8 sequence. */
static size_t
charlen(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1, k;

	for (k = 1; k < n && ((unsigned char)s[k] & 0xc0) == 0x80; ++k)
		;
	return k;
}

static int
wordchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c && strchr("_/.+-():", c));
}

/* The next token of shlex in its legacy mode, with supervisord's word
 * characters: *tok malloc'd, NULL at the end. */
static int
legacy_token(const char **sp, char **tok, const char **why)
{
	struct sbuf t = SBUF_INIT;
	const char *s = *sp;
	char state = ' ';

	for (;;) {
		char ch = *s;
		size_t k;

		if (state == '\'' || state == '"') {
			if (!ch) {
				sbuf_free(&t);
				return nope(why, "no closing quotation");
			}
			(void)sbuf_putc(&t, *s++);
			if (ch == state)
				break;
			continue;
		}
		if (!ch || shlex_blank(ch)) {
			if (state == 'a' || !ch)
				break;
			++s;
			continue;
		}
		if (ch == '#') {	/* a comment, its line and newline */
			s += strcspn(s, "\n");
			s += !!*s;
			continue;
		}
		if (state == 'a' && !wordchar((unsigned char)ch) &&
		    ch != '\'' && ch != '"')
			break;	/* the next token starts here */
		k = charlen(s);
		(void)sbuf_put(&t, s, k);
		s += k;
		if (state == ' ') {
			if (ch == '\'' || ch == '"')
				state = ch;
			else if (wordchar((unsigned char)ch))
				state = 'a';
			else
				break;	/* any other character is a token */
		}
	}
	*sp = s;
	*tok = 0;
	if (!t.s && state == ' ')
		return 0;
	*tok = sbuf_done(&t, 0);
	return *tok ? 0 : -1;
}

/* Sets NAME to value in a "NAME=value" list: in place when it is there. */
static int
env_set(char ***env, size_t *n, const char *name, size_t nl,
    const char *value)
{
	struct sbuf b = SBUF_INIT;
	size_t i;
	char *e;

	(void)sbuf_put(&b, name, nl);
	(void)sbuf_putc(&b, '=');
	(void)sbuf_puts(&b, value);
	if (!(e = sbuf_done(&b, 0)))
		return -1;
	for (i = 0; i < *n; ++i)
		if (!strncmp((*env)[i], e, nl + 1)) {
			free((*env)[i]);
			(*env)[i] = e;
			return 0;
		}
	return push(env, n, e);
}

int
supconf_env(const char *s, char ***env, const char **why)
{
	char *tok[4] = { 0, 0, 0, 0 };
	size_t n = 0, k, a, b;
	int r = 0;

	if (!(*env = calloc(1, sizeof **env)))
		return -1;
	if (!s)
		s = "";
	while (r == 0) {
		/* KEY = VALUE, then any one token (the comma, usually). */
		for (k = 0; k < 4 && r == 0 && (r = legacy_token(&s, &tok[k],
		    why)) == 0 && tok[k]; ++k)
			;
		if (r < 0 || !k)
			break;
		if (k < 3 || strcmp(tok[1], "=") != 0) {
			r = nope(why, "not KEY=value,...");
			break;
		}
		/* The value loses the quotes around it: str.strip('\'"'). */
		for (a = 0, b = strlen(tok[2]); a < b && strchr("'\"", tok[2][a]);)
			++a;
		while (b > a && strchr("'\"", tok[2][b - 1]))
			--b;
		tok[2][b] = 0;
		r = env_set(env, &n, tok[0], strlen(tok[0]), tok[2] + a);
		for (k = 0; k < 4; ++k) {
			free(tok[k]);
			tok[k] = 0;
		}
	}
	for (k = 0; k < 4; ++k)
		free(tok[k]);
	if (r < 0) {
		supconf_free_list(*env);
		*env = 0;
	}
	return r;
}

/* Paths. */

/* Python's os.path.abspath(path) against dir (absolute), into a new
 * string: "." and ".." resolved, slashes single (two leading kept). */
static char *
absolute(const char *dir, const char *path)
{
	struct sbuf j = SBUF_INIT, b = SBUF_INIT;
	const char *p;
	size_t keep, lead;
	char *r;

	if (*path != '/') {
		(void)sbuf_puts(&j, dir);
		(void)sbuf_putc(&j, '/');
	}
	(void)sbuf_puts(&j, path);
	if (!(p = j.s))
		return 0;
	lead = strspn(p, "/");
	(void)sbuf_puts(&b, lead == 2 ? "//" : "/");
	keep = b.len;
	for (p += lead; *p; p += strspn(p, "/")) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (b.s && b.len > keep && b.s[--b.len] != '/')
				;
		} else if (n && !(n == 1 && *p == '.')) {
			if (b.len > keep)
				(void)sbuf_putc(&b, '/');
			(void)sbuf_put(&b, p, n);
		}
		if (b.s)
			b.s[b.len] = 0;
		p += n;
	}
	sbuf_free(&j);
	r = sbuf_done(&b, 0);
	return r;
}

static const char *
env_get(char *const *env, const char *name, size_t len)
{
	for (; env && *env; ++env)
		if (!strncmp(*env, name, len) && (*env)[len] == '=')
			return *env + len + 1;
	return 0;
}

/* Notes and errors. */

/* "[SEC] OPT: TEXT MORE", any part but TEXT NULL to leave it out. */
static void
say(struct sbuf *b, const char *sec, const char *opt, const char *text,
    const char *more)
{
	if (sec) {
		(void)sbuf_putc(b, '[');
		(void)sbuf_puts(b, sec);
		(void)sbuf_puts(b, opt ? "] " : "]");
	}
	if (opt)
		(void)sbuf_puts(b, opt);
	if (sec || opt)
		(void)sbuf_puts(b, ": ");
	(void)sbuf_puts(b, text);
	if (more)
		(void)sbuf_puts(b, more);
}

/* An error: "[SEC] OPT: WHAT: "VALUE"". */
static int
fail(struct supconf *c, struct supconf_where at, const char *sec,
    const char *opt, const char *what, const char *value)
{
	struct sbuf b = SBUF_INIT;
	size_t n;
	int e;

	say(&b, sec, opt, what, value ? ": \"" : 0);
	if (value) {
		(void)sbuf_puts(&b, value);
		(void)sbuf_putc(&b, '"');
	}
	c->err.kind = SUPCONF_E_FORMAT;
	c->err.file = at.file;
	c->err.line = at.line;
	n = b.len < sizeof c->err.what ? b.len : sizeof c->err.what - 1;
	if (b.s)
		memcpy(c->err.what, b.s, n);
	c->err.what[n] = 0;
	e = b.failed ? ENOMEM : EINVAL;
	sbuf_free(&b);
	errno = e;
	return -1;
}

int
supconf_note(struct supconf *c, struct supconf_where at, const char *sec,
    const char *opt, const char *text, const char *more)
{
	struct sbuf b = SBUF_INIT;
	struct supconf_note *n;
	size_t i;
	char *t;

	say(&b, sec, opt, text, more);
	if (!(t = sbuf_done(&b, 0)))
		return -1;
	for (i = 0; i < c->nnote; ++i)
		if (c->note[i].file == at.file && c->note[i].line == at.line &&
		    !strcmp(c->note[i].text, t)) {
			free(t);
			return 0;
		}
	n = realloc(c->note, (c->nnote + 1) * sizeof *n);
	if (!n) {
		free(t);
		return -1;
	}
	c->note = n;
	n += c->nnote;
	n->file = at.file;
	n->line = at.line;
	n->seq = c->nnote++;
	n->text = t;
	return 0;
}

static int
by_place(const void *a, const void *b)
{
	const struct supconf_note *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
supconf_sort_notes(struct supconf *c)
{
	if (c->nnote)
		qsort(c->note, c->nnote, sizeof *c->note, by_place);
}

/* Expansion. */

struct vars {
	struct supconf *c;
	const char *program, *group;	/* NULL outside [program:x] */
	int have_num;
	long long num, numprocs;
	char **senv, **penv;		/* [supervisord]'s and the program's */
	struct supconf_where at;	/* of the value being expanded */
	int oom;			/* a note could not be made */
};

static int
lookup(void *ctx, const char *name, size_t len, struct ini_var *v)
{
	static const char names[6][16] = { "process_num", "numprocs", "here",
		"host_node_name", "program_name", "group_name" };
	struct vars *x = ctx;
	struct supconf *c = x->c;
	const char *s = 0, *str[4];
	size_t i;

	str[0] = c->here[0];
	str[1] = c->host ? c->host : "";
	str[2] = x->program;
	str[3] = x->group;
	v->num = 0;
	for (i = 0; i < 6; ++i)
		if (strlen(names[i]) == len && !memcmp(names[i], name, len)) {
			v->str = str[i < 2 ? 0 : i - 2];
			v->num = i ? x->numprocs : x->num;
			if (i < 2)
				v->str = 0;
			return (i < 2 ? x->have_num : !!v->str) ? 0 : -1;
		}
	if (len > 4 && !memcmp(name, "ENV_", 4) &&
	    !(s = env_get(x->penv, name + 4, len - 4)) &&
	    !(s = env_get(x->senv, name + 4, len - 4)) &&
	    (s = env_get(c->environ, name + 4, len - 4))) {
		/* Baked in now: said (once per line). */
		struct sbuf b = SBUF_INIT;

		(void)sbuf_puts(&b, "%(");
		(void)sbuf_put(&b, name, len);
		(void)sbuf_puts(&b, ")s: approximated: expanded now to \"");
		(void)sbuf_puts(&b, s);
		(void)sbuf_putc(&b, '"');
		x->oom |= !b.s || supconf_note(c, x->at, 0, 0, b.s, 0) < 0;
		sbuf_free(&b);
	}
	v->str = s;
	return s ? 0 : -1;
}

/* The value of option name of sec (or [DEFAULT]; else def), expanded
 * when expand is set (twice when it is 2, as supervisord does with the
 * log files): *out malloc'd, NULL when there is none; *at where. */
static int
get(struct supconf *c, struct ini_sec *sec, const char *name,
    struct vars *x, int expand, const char *def, char **out,
    struct supconf_where *at)
{
	const struct ini_opt *o = ini_get(&c->ini, sec, name);
	struct ini_xerror xe;
	char *v, nm[64];

	at->file = o ? o->file : 0;
	at->line = o ? o->line : 0;
	*out = 0;
	if (!(o ? o->value : def))
		return 0;
	if (!(v = strdup(o ? o->value : def)))
		return -1;
	x->at = *at;
	for (; expand > 0; --expand) {
		if (ini_expand(v, lookup, x, out, &xe) < 0) {
			int e = errno;
			/* xe.name points into v; "%(" NAME ")" with 50 bytes
			 * of NAME at most. */
			size_t l = xe.len < 50 ? xe.len : 50;

			if (l) {
				memcpy(nm, "%(", sizeof "%(");
				memcpy(nm + 2, xe.name, l);
				memcpy(nm + 2 + l, ")", sizeof ")");
			}
			free(v);
			if (e == ENOMEM)
				return -1;
			return fail(c, *at, sec->name, name, xe.what,
			    xe.len ? nm : 0);
		}
		free(v);
		v = *out;
		if (x->oom) {
			free(v);
			*out = 0;
			errno = ENOMEM;
			return -1;
		}
	}
	*out = v;
	return 0;
}

/* Option k of typed_opts, into p->v (or p->exitcodes). */
static int
typed(struct supconf *c, struct ini_sec *sec, struct vars *x,
    struct supconf_proc *p, size_t k)
{
	int opt = typed_opts[k].opt, i = 0, r;
	const char *def = typed_opts[k].def, *why = "";
	long long *v = &p->v[opt];
	char *s;

	if (!*def)
		def = opt == SUPCONF_KILLASGROUP ? (p->v[SUPCONF_STOPASGROUP] ?
		    "1" : "0") : 0;
	*v = -1;
	if (get(c, sec, opt_names[opt], x, 1, def, &s, &p->at[opt]) < 0)
		return -1;
	if (!s)
		return 0;	/* umask: none */
	switch (typed_opts[k].type) {
	case T_INT:
		r = number(s, 10, v, &why);
		break;
	case T_BYTES:
		r = supconf_bytes(s, v, &why);
		break;
	case T_EXIT:
		r = supconf_exitcodes(s, p->exitcodes, &why);
		break;
	case T_SIGNAL:
		r = supconf_signal(s, &i, &why);
		break;
	case T_OCTAL:
		r = supconf_octal(s, &i, &why);
		break;
	case T_RESTART:
		for (i = 0; s[i] && lower((unsigned char)s[i]) ==
		    "unexpected"[i]; ++i)
			;
		if (!s[i] && i == 10) {
			i = SUPCONF_UNEXPECTED;
			r = 0;
			break;
		}
		if ((r = supconf_bool(s, &i, &why)) < 0)
			why = "not true, false or unexpected";
		i *= SUPCONF_ALWAYS;
		break;
	default:
		r = supconf_bool(s, &i, &why);
		break;
	}
	if (typed_opts[k].type != T_INT && typed_opts[k].type != T_BYTES)
		*v = i;
	if (r < 0 && errno == EINVAL)
		r = fail(c, p->at[opt], sec->name, opt_names[opt], why, s);
	free(s);
	return r;
}

/* supervisord's process_or_group_name(): stripped, no blank, ':' or '/'. */
static char *
checked_name(struct supconf *c, const char *s, struct supconf_where at,
    const char *sec)
{
	size_t a, b;
	char *n = strdup(s);

	if (!n)
		return 0;
	bounds(s, &a, &b);
	memmove(n, s + a, b - a);
	n[b - a] = 0;
	if (strpbrk(n, " :/")) {
		(void)fail(c, at, sec, 0, "a name with a space, : or /", n);
		free(n);
		return 0;
	}
	return n;
}

/* A new record at the end of c->proc for a process of x->program: a copy
 * of t with strings of its own and an empty environment, the rest for
 * the caller to fill in. NULL when out of memory; what was made is in
 * c->proc all the same, for supconf_free. */
static struct supconf_proc *
new_process(struct supconf *c, const struct vars *x,
    const struct supconf_proc *t)
{
	struct supconf_proc *p;

	if (!(p = realloc(c->proc, (c->nproc + 1) * sizeof *p)))
		return 0;
	c->proc = p;
	p += c->nproc++;
	*p = *t;
	p->name = p->directory = 0;
	p->argv = p->env = 0;
	p->log[0].path = p->log[1].path = 0;
	p->program = strdup(x->program);
	p->group = strdup(x->group);
	p->user = t->user ? strdup(t->user) : 0;
	if (!p->program || !p->group || (t->user && !p->user) ||
	    !(p->env = calloc(1, sizeof *p->env)))
		return 0;
	return p;
}

/* The environment of p: [supervisord]'s (senv), then the program's,
 * which *penv gets (the caller frees it) and the expansions after this
 * one see (x->penv). */
static int
process_env(struct supconf *c, struct ini_sec *sec, struct vars *x,
    struct supconf_proc *p, char **senv, char ***penv)
{
	struct supconf_where at;
	const char *why = "";
	char *s, **e, *eq;
	size_t i, n = 0;
	int r = -1;

	for (i = 0; senv && senv[i]; ++i)
		if (push(&p->env, &n, strdup(senv[i])) < 0)
			return -1;
	x->penv = 0;
	if (get(c, sec, "environment", x, 1, 0, &s, &at) < 0)
		return -1;
	if (s && supconf_env(s, penv, &why) < 0) {
		if (errno == EINVAL)
			(void)fail(c, at, sec->name, "environment", why, s);
		goto out;
	}
	for (e = *penv; e && *e; ++e) {
		eq = strchr(*e, '=');
		if (env_set(&p->env, &n, *e, (size_t)(eq - *e), eq + 1) < 0)
			goto out;
	}
	x->penv = *penv;
	r = 0;
out:
	free(s);
	return r;
}

/* Log file s of p's stdout (w 0) or stderr (w 1): "~/" becomes $HOME
 * (Python's os.path.expanduser; "~user" is taken as it is), and a
 * relative name is taken relative to the main file's directory (said). */
static int
log_file(struct supconf *c, struct ini_sec *sec, struct supconf_proc *p,
    int w, char *s)
{
	int base = w ? SUPCONF_STDERR : SUPCONF_STDOUT, rel;
	struct supconf_log *l = &p->log[w];
	struct sbuf e = SBUF_INIT;
	const char *home = 0;
	char *path = s;

	if (*s == '~' && (!s[1] || s[1] == '/'))
		home = env_get(c->environ, "HOME", 4);
	if (home) {
		(void)sbuf_put(&e, home, strlen(home) -
		    (*home && home[strlen(home) - 1] == '/'));
		(void)sbuf_puts(&e, s + 1);
		if (!(path = sbuf_done(&e, 0)))
			return -1;
	}
	l->kind = SUPCONF_LOG_FILE;
	l->path = absolute(c->here[0], path);
	rel = *path != '/';
	if (path != s)
		free(path);
	if (!l->path || (rel && supconf_note(c, p->at[base], sec->name,
	    opt_names[base], "approximated: taken relative to ",
	    c->here[0]) < 0))
		return -1;
	return 0;
}

/* The log of p's stdout (w 0) or stderr (w 1): where it goes, then its
 * per-process options; either a log file named "syslog" or *_syslog
 * sends it to syslog, which is said. */
static int
process_log(struct supconf *c, struct ini_sec *sec, struct vars *x,
    struct supconf_proc *p, int w)
{
	int base = w ? SUPCONF_STDERR : SUPCONF_STDOUT;
	size_t i, k = PER_PROCESS + 3 * (size_t)w;
	struct supconf_where at;
	char low[7], *s;
	long long named;

	if (get(c, sec, opt_names[base], x, 2, 0, &s, &p->at[base]) < 0)
		return -1;
	for (i = 0; s && i < 6 && s[i]; ++i)
		low[i] = (char)lower((unsigned char)s[i]);
	low[s && !s[i] ? i : 0] = 0;
	if (!s || !strcmp(low, "auto")) {
		p->log[w].kind = SUPCONF_LOG_AUTO;
	} else if (!strcmp(low, "none") || !strcmp(low, "off") ||
	    !strcmp(low, "syslog")) {
		p->log[w].kind = SUPCONF_LOG_NONE;
		p->v[base + SUPCONF_SYSLOG] = *low == 's';
	} else if (log_file(c, sec, p, w, s) < 0) {
		free(s);
		return -1;
	}
	free(s);
	named = p->v[base + SUPCONF_SYSLOG];	/* "syslog" above */
	if (typed(c, sec, x, p, k) < 0 || typed(c, sec, x, p, k + 1) < 0 ||
	    typed(c, sec, x, p, k + 2) < 0)
		return -1;
	p->v[base + SUPCONF_SYSLOG] |= named;
	at = p->at[base + SUPCONF_SYSLOG];
	if (p->v[base + SUPCONF_SYSLOG] && supconf_note(c, at.line ? at :
	    p->at[base], sec->name, opt_names[at.line ? base +
	    SUPCONF_SYSLOG : base], "not mapped: nothing goes to syslog",
	    0) < 0)
		return -1;
	return 0;
}

/* p's command, split as shlex.split does: refused when there is none or
 * it is empty. */
static int
process_command(struct supconf *c, struct ini_sec *sec, struct vars *x,
    struct supconf_proc *p)
{
	const char *why = "";
	char *s;
	int r = 0;

	if (get(c, sec, "command", x, 1, 0, &s, &p->at[SUPCONF_COMMAND]) < 0)
		return -1;
	if (!s || supconf_split(s, &p->argv, &why) < 0 || !*p->argv) {
		if (!s || p->argv || errno == EINVAL)
			(void)fail(c, s ? p->at[SUPCONF_COMMAND] : p->sec,
			    sec->name, s ? "command" : 0, !s ? "no command" :
			    p->argv ? "empty" : why, 0);
		r = -1;
	}
	free(s);
	return r;
}

/* p's name, tmpl expanded: refused when it cannot name a directory or
 * names another process already. */
static int
process_name(struct supconf *c, struct ini_sec *sec, struct vars *x,
    struct supconf_proc *p, const char *tmpl)
{
	struct supconf_where at;
	struct ini_xerror xe;
	size_t i;

	at = p->at[SUPCONF_PROCESS_NAME].line ? p->at[SUPCONF_PROCESS_NAME] :
	    p->sec;
	x->at = at;
	if (ini_expand(tmpl, lookup, x, &p->name, &xe) < 0) {
		if (errno != ENOMEM)
			(void)fail(c, at, sec->name, "process_name", xe.what, 0);
		return -1;
	}
	for (i = 0; (unsigned char)p->name[i] >= 0x20 && p->name[i] != 0x7f &&
	    p->name[i] != '/'; ++i)
		;
	if (!*p->name || *p->name == '.' || p->name[i])
		return fail(c, at, sec->name, "process_name", "cannot name a "
		    "directory (empty, a leading dot, a / or a control "
		    "character)", p->name);
	for (i = 0; i + 1 < c->nproc; ++i)
		if (!strcmp(c->proc[i].name, p->name))
			return fail(c, at, sec->name, "process_name",
			    "the name of another process", p->name);
	return 0;
}

/* A process of a program whose section-level options are in t. */
static int
build_process(struct supconf *c, struct ini_sec *sec, struct vars *x,
    const struct supconf_proc *t, const char *tmpl, char **senv)
{
	struct supconf_proc *p;
	char **penv = 0;
	int r = -1, w;

	if (!(p = new_process(c, x, t)) ||
	    process_env(c, sec, x, p, senv, &penv) < 0 ||
	    get(c, sec, "directory", x, 1, 0, &p->directory,
	    &p->at[SUPCONF_DIRECTORY]) < 0)
		goto out;
	for (w = 0; w < 2; ++w)
		if (process_log(c, sec, x, p, w) < 0)
			goto out;
	if (p->v[SUPCONF_REDIRECT_STDERR]) {
		if (p->log[1].kind == SUPCONF_LOG_FILE && supconf_note(c,
		    p->at[SUPCONF_STDERR], sec->name, "stderr_logfile",
		    "ignored with redirect_stderr, as supervisord does", 0) < 0)
			goto out;
		free(p->log[1].path);
		p->log[1].path = 0;
		p->log[1].kind = SUPCONF_LOG_NONE;
	}
	if (process_command(c, sec, x, p) < 0 ||
	    process_name(c, sec, x, p, tmpl) < 0)
		goto out;
	r = 0;
out:
	x->penv = 0;
	supconf_free_list(penv);
	return r;
}

/* What the steps of supconf_build share. */
struct build {
	struct supconf *c;
	struct vars x;		/* for values outside [program:x] */
	char **senv;		/* [supervisord]'s environment */
	char *suser;		/* [supervisord]'s user; NULL: none */
	struct supconf_where suser_at;
	unsigned char *taken;	/* by section: a group built it */
	struct supconf_where prio_at;	/* the first priority= */
};

/* The options of [program:x] read once for all its processes, into t;
 * user defaults to [supervisord]'s. */
static int
program_options(const struct build *b, struct ini_sec *sec, struct vars *x,
    struct supconf_proc *t)
{
	struct supconf *c = b->c;
	char *s;
	size_t i;

	for (i = 0; i < PER_PROCESS; ++i)
		if (typed(c, sec, x, t, i) < 0)
			return -1;
	if (get(c, sec, "serverurl", x, 1, 0, &s,
	    &t->at[SUPCONF_SERVERURL]) < 0)
		return -1;
	free(s);	/* only where it is set counts: a note */
	if (get(c, sec, "user", x, 1, 0, &t->user, &t->at[SUPCONF_USER]) < 0)
		return -1;
	if (!t->user && b->suser) {
		if (!(t->user = strdup(b->suser)))
			return -1;
		t->at[SUPCONF_USER] = b->suser_at;
	}
	return 0;
}

/* process_name of [program:x] (*tmpl, not expanded yet: the caller
 * frees it), then what supervisord refuses in a program as a whole. */
static int
program_checks(struct supconf *c, struct ini_sec *sec, struct vars *x,
    struct supconf_proc *t, char **tmpl)
{
	struct supconf_where at;
	char *s;

	if (get(c, sec, "process_name", x, 0, "%(program_name)s", &s,
	    &t->at[SUPCONF_PROCESS_NAME]) < 0)
		return -1;
	at = t->at[SUPCONF_PROCESS_NAME].line ? t->at[SUPCONF_PROCESS_NAME] :
	    t->sec;
	*tmpl = checked_name(c, s, at, sec->name);
	free(s);
	if (!*tmpl)
		return -1;
	if (t->v[SUPCONF_NUMPROCS] > 1 && !find(*tmpl, "%(process_num)"))
		return fail(c, at, sec->name, "process_name", "numprocs > 1 "
		    "needs %(process_num) in it", 0);
	if (t->v[SUPCONF_STOPASGROUP] && !t->v[SUPCONF_KILLASGROUP])
		return fail(c, t->at[SUPCONF_KILLASGROUP], sec->name,
		    "killasgroup", "false with stopasgroup=true", 0);
	return 0;
}

/* Notes on the options of [program:x] that are read but not mapped,
 * when they are set, and on those supervisord ignores. */
static int
program_notes(struct supconf *c, const struct ini_sec *sec,
    const struct supconf_proc *t)
{
	/* Read and not mapped: said when set. */
	static const unsigned char unmapped[] = { SUPCONF_STARTSECS,
		SUPCONF_STARTRETRIES, SUPCONF_SERVERURL,
		SUPCONF_STDOUT + SUPCONF_CAPTURE_MAXBYTES,
		SUPCONF_STDOUT + SUPCONF_EVENTS_ENABLED,
		SUPCONF_STDERR + SUPCONF_CAPTURE_MAXBYTES,
		SUPCONF_STDERR + SUPCONF_EVENTS_ENABLED };
	static const char *const why[] = {
		("approximated: up at once (readiness: notification-fd); "
		    "restarted each second"),
		"not mapped: supervise never gives up",
		"not mapped: no supervisord to talk to",
		"not mapped: no events",
	};
	struct supconf_where at;
	size_t i;

	for (i = 0; i < sizeof unmapped; ++i) {
		at = t->at[unmapped[i]];
		if (at.line && supconf_note(c, at, sec->name,
		    opt_names[unmapped[i]], why[i < 3 ? i : 3], 0) < 0)
			return -1;
	}
	for (i = 0; i < sec->nopt; ++i) {
		int known = 0, o;

		for (o = 0; o < SUPCONF_NOPTS; ++o)
			known |= !strcmp(sec->opt[i].name, opt_names[o]);
		at.file = sec->opt[i].file;
		at.line = sec->opt[i].line;
		if (!known && supconf_note(c, at, sec->name, sec->opt[i].name,
		    "ignored, as supervisord ignores it", 0) < 0)
			return -1;
	}
	return 0;
}

/* [program:x], of [group:g] when group is set (its priority gprio): one
 * process per number from numprocs_start on. */
static int
build_program(const struct build *b, struct ini_sec *sec, const char *group,
    long long gprio)
{
	struct supconf *c = b->c;
	struct supconf_proc t;
	struct vars x;
	long long k;
	char *pname, *tmpl = 0;
	int r = -1;

	if (!(pname = checked_name(c, strchr(sec->name, ':') + 1,
	    (struct supconf_where){ sec->file, sec->line }, sec->name)))
		return -1;
	memset(&x, 0, sizeof x);
	memset(&t, 0, sizeof t);
	x.c = c;
	x.senv = b->senv;
	x.program = pname;
	x.group = group ? group : pname;
	t.sec.file = sec->file;
	t.sec.line = sec->line;
	t.section = sec->name;
	if (program_options(b, sec, &x, &t) < 0 ||
	    program_checks(c, sec, &x, &t, &tmpl) < 0)
		goto out;
	t.group_priority = group ? gprio : t.v[SUPCONF_PRIORITY];
	if (program_notes(c, sec, &t) < 0)
		goto out;
	x.have_num = 1;
	x.numprocs = t.v[SUPCONF_NUMPROCS];
	for (k = 0; k < x.numprocs; ++k) {
		x.num = t.v[SUPCONF_NUMPROCS_START] + k;
		if (build_process(c, sec, &x, &t, tmpl, b->senv) < 0)
			goto out;
	}
	r = 0;
out:
	free(t.user);
	free(pname);
	free(tmpl);
	return r;
}

/* The whole file. */

static int
prefixed(const char *name, const char *prefix)
{
	return !strncmp(name, prefix, strlen(prefix));
}

/* The sections svimport does not import (or not all of). */
static const struct {
	const char *name, *text;
} section_notes[] = {
	{ "supervisord", "not mapped: svscan takes its place" },
	{ "unix_http_server", "not mapped: no server; svc, svstat, svwait "
	    "act on the directories" },
	{ "inet_http_server", "not mapped: no server; svc, svstat, svwait "
	    "act on the directories" },
	{ "supervisorctl", "not mapped: use svc, svstat, svwait "
	    "(docs/migrating.md)" },
	{ "rpcinterface:", "not mapped: no XML-RPC" },
	{ "ctlplugin:", "not mapped: no supervisorctl" },
	{ "eventlistener:", "not imported: no events" },
	{ "fcgi-program:", "not imported: no FastCGI socket" },
	{ "group:", "approximated: give its programs' directories to svc "
	    "together" },
	{ "include", 0 }, { "program:", 0 },
};

/* supervisord's start order: group priority, then the program's; the
 * order of the file for equals (the pointers are in that order). */
static int
by_priority(const void *a, const void *b)
{
	const struct supconf_proc *x = *(const struct supconf_proc *const *)a;
	const struct supconf_proc *y = *(const struct supconf_proc *const *)b;

	if (x->group_priority != y->group_priority)
		return x->group_priority < y->group_priority ? -1 : 1;
	if (x->v[SUPCONF_PRIORITY] != y->v[SUPCONF_PRIORITY])
		return x->v[SUPCONF_PRIORITY] < y->v[SUPCONF_PRIORITY] ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Whether a (set) comes before b (or b is not set). */
static int
earlier(struct supconf_where a, struct supconf_where b)
{
	return a.line && (!b.line || a.file < b.file ||
	    (a.file == b.file && a.line < b.line));
}

/* A note on each section that is not imported, or not all of it, or
 * that supervisord ignores. */
static int
note_sections(struct supconf *c)
{
	struct supconf_where at;
	size_t i, j;

	for (i = 0; i < c->ini.nsec; ++i) {
		const struct ini_sec *sec = &c->ini.sec[i];
		const char *n = sec->name, *text = "ignored, as supervisord "
		    "ignores it";

		for (j = 0; j < sizeof section_notes / sizeof section_notes[0];
		    ++j)
			if (strchr(section_notes[j].name, ':') ?
			    prefixed(n, section_notes[j].name) : !strcmp(n,
			    section_notes[j].name))
				text = section_notes[j].text;
		at.file = sec->file;
		at.line = sec->line;
		if (text && supconf_note(c, at, n, 0, text, 0) < 0)
			return -1;
	}
	return 0;
}

/* [supervisord]: its environment and user apply to every program (into
 * b), its directory and umask to itself only (said). */
static int
read_supervisord(struct build *b)
{
	struct supconf *c = b->c;
	struct ini_sec *sup = ini_section(&c->ini, "supervisord");
	struct supconf_where at;
	const char *why = "";
	char *s;
	size_t j;

	if (!sup)
		return supconf_note(c, (struct supconf_where){ 0, 1 }, 0, 0,
		    "no [supervisord]: supervisord would refuse this file", 0);
	if (get(c, sup, "environment", &b->x, 1, "", &s, &at) < 0)
		return -1;
	if (supconf_env(s, &b->senv, &why) < 0) {
		if (errno == EINVAL)
			(void)fail(c, at, "supervisord", "environment", why, s);
		free(s);
		return -1;
	}
	free(s);
	if (get(c, sup, "user", &b->x, 1, 0, &b->suser, &b->suser_at) < 0 ||
	    (b->suser && supconf_note(c, b->suser_at, "supervisord", "user",
	    "the programs' default, as supervisord ran as ", b->suser) < 0))
		return -1;
	for (j = 0; j < 2; ++j) {
		const char *n = j ? "directory" : "umask";
		const struct ini_opt *o = ini_get(&c->ini, sup, n);

		at.file = o ? o->file : 0;
		at.line = o ? o->line : 0;
		if (o && supconf_note(c, at, "supervisord", n, "not mapped: "
		    "applies to supervisord as a daemon only", 0) < 0)
			return -1;
	}
	return 0;
}

/* The programs that [group:g] g names in s (its programs=, cut up in
 * place), built as its own (gname, gprio). */
static int
group_programs(const struct build *b, const struct ini_sec *g, char *s,
    const char *gname, long long gprio)
{
	struct supconf *c = b->c;
	char *p;
	int r = 0;

	for (p = s; r == 0 && p && *s;) {
		char *comma = strchr(p, ','), *name;
		struct sbuf sn = SBUF_INIT;
		struct ini_sec *ps;
		size_t lo, hi;

		if (comma)
			*comma = 0;
		bounds(p, &lo, &hi);
		p[hi] = 0;
		name = p + lo;
		p = comma ? comma + 1 : 0;
		r = -1;
		(void)sbuf_puts(&sn, "fcgi-program:");
		(void)sbuf_puts(&sn, name);
		if (sn.failed)
			break;
		ps = ini_section(&c->ini, sn.s + 5);	/* program:NAME */
		if (!ps && !ini_section(&c->ini, sn.s))
			(void)fail(c, (struct supconf_where){ g->file,
			    g->line }, g->name, "programs", "no such "
			    "program", name);
		else if (!ps)
			r = 0;	/* not imported, said above */
		else {
			b->taken[ps - c->ini.sec] = 1;
			r = build_program(b, ps, gname, gprio);
		}
		sbuf_free(&sn);
	}
	return r;
}

/* [group:g]: its name and priority, then its programs. */
static int
build_group(struct build *b, struct ini_sec *g)
{
	struct supconf *c = b->c;
	struct supconf_where at = { g->file, g->line };
	long long gprio = 999;
	const char *why = "";
	char *gname, *s = 0, *p;
	int r;

	if (!(gname = checked_name(c, g->name + 6, at, g->name)))
		return -1;
	b->x.program = b->x.group = gname;
	r = get(c, g, "programs", &b->x, 1, "", &s, &at);
	if (r == 0)
		r = get(c, g, "priority", &b->x, 1, "999", &p, &at);
	if (r == 0 && p) {	/* with a default, p is set */
		r = number(p, 10, &gprio, &why);
		if (r < 0 && errno == EINVAL)
			(void)fail(c, at, g->name, "priority", why, p);
		free(p);
	}
	if (r == 0 && earlier(at, b->prio_at))
		b->prio_at = at;
	if (r == 0)
		r = group_programs(b, g, s, gname, gprio);
	b->x.program = b->x.group = 0;
	free(s);
	free(gname);
	return r;
}

/* The note on priority, at the first one set (prio_at, or a program's):
 * the order supervisord started the processes in. */
static int
priority_note(struct supconf *c, struct supconf_where prio_at)
{
	struct sbuf b = SBUF_INIT;
	const struct supconf_proc **order;
	char *p;
	size_t i;
	int r = 0;

	for (i = 0; i < c->nproc; ++i)
		if (earlier(c->proc[i].at[SUPCONF_PRIORITY], prio_at))
			prio_at = c->proc[i].at[SUPCONF_PRIORITY];
	if (!prio_at.line)
		return 0;
	/* An array of pointers into c->proc, sorted. */
	order = malloc((c->nproc + 1) *
	    sizeof *order);	/* NOLINT(bugprone-sizeof-expression) */
	if (!order)
		return -1;
	for (i = 0; i < c->nproc; ++i)
		order[i] = &c->proc[i];
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): pointers, as above */
	qsort(order, c->nproc, sizeof *order, by_priority);
	for (i = 0; i < c->nproc; ++i) {
		(void)sbuf_puts(&b, i ? ", " : "");
		(void)sbuf_puts(&b, order[i]->name);
	}
	free(order);
	if (!(p = sbuf_done(&b, 0)) || supconf_note(c, prio_at, 0,
	    "priority", "approximated: svscan starts all at once; "
	    "supervisord's order: ", p) < 0)
		r = -1;
	free(p);
	return r;
}

int
supconf_build(struct supconf *c)
{
	struct build b;
	size_t i;
	int r = -1;

	memset(&b, 0, sizeof b);
	b.c = b.x.c = c;
	if (!c->nfile || !(b.taken = calloc(c->ini.nsec + 1, 1)))
		return -1;
	if (note_sections(c) < 0 || read_supervisord(&b) < 0)
		goto out;
	b.x.senv = b.senv;
	/* Groups first, then the programs no group took, as supervisord. */
	for (i = 0; i < c->ini.nsec; ++i)
		if (prefixed(c->ini.sec[i].name, "group:") &&
		    build_group(&b, &c->ini.sec[i]) < 0)
			goto out;
	for (i = 0; i < c->ini.nsec; ++i)
		if (prefixed(c->ini.sec[i].name, "program:") && !b.taken[i] &&
		    build_program(&b, &c->ini.sec[i], 0, 0) < 0)
			goto out;
	r = priority_note(c, b.prio_at);
out:
	free(b.taken);
	free(b.suser);
	supconf_free_list(b.senv);
	return r;
}

/* Files. */

int
supconf_add(struct supconf *c, const char *buf, size_t len, const char *path)
{
	static const char tag[] = "%(here)s";
	struct ini_error ie;
	struct ini_sec *s;
	char **f, **h, *abs;
	size_t i, n = c->nfile;

	if (!(f = realloc(c->file, (n + 1) * sizeof *f)))
		return -1;
	c->file = f;
	if (!(h = realloc(c->here, (n + 1) * sizeof *h)))
		return -1;
	c->here = h;
	abs = absolute(c->cwd && *c->cwd == '/' ? c->cwd : "/", path);
	f[n] = strdup(path);
	h[n] = abs;
	if (abs)	/* its directory */
		abs[strrchr(abs, '/') - abs + (strrchr(abs, '/') == abs)] = 0;
	if (!f[n] || !h[n]) {
		free(f[n]);
		free(h[n]);
		return -1;
	}
	c->nfile++;
	if (!buf)
		return 0;
	if (ini_parse(&c->ini, buf, len, (unsigned)n, &ie) < 0)
		return errno == ENOMEM ? -1 : fail(c, (struct supconf_where){
		    ie.file, ie.line }, 0, 0, ie.what, 0);
	/* %(here)s becomes the directory of the file the value is in. */
	for (i = 0, s = &c->ini.defaults; s; s = i < c->ini.nsec ?
	    &c->ini.sec[i++] : 0) {
		size_t k;

		for (k = 0; k < s->nopt; ++k) {
			struct sbuf b = SBUF_INIT;
			char *v = s->opt[k].value, *at, *nv;

			if (s->opt[k].file != n || !find(v, tag))
				continue;
			while ((at = (char *)find(v, tag))) {
				(void)sbuf_put(&b, v, (size_t)(at - v));
				(void)sbuf_puts(&b, h[n]);
				v = at + sizeof tag - 1;
			}
			(void)sbuf_puts(&b, v);
			if (!(nv = sbuf_done(&b, 0)))
				return -1;
			free(s->opt[k].value);
			s->opt[k].value = nv;
		}
	}
	return 0;
}

/* Reads path into c; a file that cannot be read is fatal when it is the
 * main one, and a note otherwise (supervisord skips it). */
static int
load_one(struct supconf *c, const char *path, struct supconf_where from)
{
	struct sbuf b = SBUF_INIT;
	int r;

	if (sbuf_readfile(&b, path) < 0) {
		int e = errno;

		sbuf_free(&b);
		if (e == ENOMEM)
			return -1;
		if (c->nfile)
			return supconf_note(c, from, "include", "files", path,
			    ": skipped: unreadable (supervisord skips it too)");
		if (supconf_add(c, 0, 0, path) == 0)
			c->err.kind = SUPCONF_E_IO;
		errno = e;
		return -1;
	}
	r = supconf_add(c, b.s ? b.s : "", b.len, path);
	sbuf_free(&b);
	return r;
}

/* Python's fnmatch on a POSIX system, for one path component: * ? and
 * [...] ([!...] negates; a ']' first is a member; bytes compared, so for
 * ASCII), the rest literal. Without recursion: after a mismatch, the
 * last '*' takes one more character. */
static int
match(const char *p, const char *n)
{
	const char *star = 0, *back = 0;

	for (;;) {
		const char *q = p + 1, *set = q;
		int neg = 0, hit = 0;

		if (*p == '*') {
			star = ++p;
			back = n;
			continue;
		}
		if (!*p && !*n)
			return 1;
		if (*p == '[') {
			neg = *q == '!';
			set = q += neg;
			q += *q == ']';
			q += strcspn(q, "]");
		}
		if (*n && *p == '[' && *q) {
			for (; set < q; ++set)
				if (set + 2 < q && set[1] == '-') {
					hit |= (unsigned char)*n >= (unsigned char)*set &&
					    (unsigned char)*n <= (unsigned char)set[2];
					set += 2;
				} else
					hit |= *n == *set;
			hit = hit != neg;
			p = q;
		} else {
			hit = *n && *p && (*p == '?' || *p == *n);
		}
		if (hit) {
			n += *p == '?' || *p == ']' ? charlen(n) : 1;
			++p;
		} else if (star && *back) {
			back += charlen(back);
			p = star;
			n = back;
		} else {
			return 0;
		}
	}
}

/* Python's glob.glob: adds to *list the existing paths that match path
 * (so far) + rest; hidden names only for a component that starts with a
 * dot. It recurses once per component of the pattern. */
static int
glob_walk(	/* NOLINT(misc-no-recursion): as deep as the pattern */struct sbuf *path, const char *rest, char ***list, size_t *n)
{
	size_t keep, len;
	struct dirent *e;
	struct stat sb;
	char *comp;
	DIR *d;
	int r = 0;

	while (*rest == '/') {
		(void)sbuf_putc(path, '/');
		++rest;
	}
	keep = path->len;
	if (!*rest)
		return path->s && lstat(path->s, &sb) == 0 ?
		    push(list, n, strdup(path->s)) : 0;
	len = strcspn(rest, "/");
	if (!(comp = strndup(rest, len)))
		return -1;
	if (!strpbrk(comp, "*?[")) {
		(void)sbuf_puts(path, comp);
		r = glob_walk(path, rest + len, list, n);
	} else if ((d = opendir(path->len ? path->s : "."))) {
		while (r == 0 && (e = readdir(d)))
			if ((e->d_name[0] != '.' || (*comp == '.' &&
			    strcmp(e->d_name, ".") != 0 &&
			    strcmp(e->d_name, "..") != 0)) &&
			    match(comp, e->d_name)) {
				(void)sbuf_puts(path, e->d_name);
				r = glob_walk(path, rest + len, list, n);
				path->len = keep;
			}
		(void)closedir(d);	/* read-only */
	}
	path->len = keep;
	if (path->s)
		path->s[keep] = 0;
	free(comp);
	return path->failed ? -1 : r;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
supconf_load(struct supconf *c, const char *path)
{
	struct ini_sec *inc;
	const struct ini_opt *o;
	struct supconf_where at = { 0, 0 };
	struct vars x;
	char *files = 0, *pat, **list = 0;
	size_t n, i, k;
	int r = -1;

	if (load_one(c, path, at) < 0)
		return -1;
	if (!(inc = ini_section(&c->ini, "include")))
		return 0;
	at.file = inc->file;
	at.line = inc->line;
	memset(&x, 0, sizeof x);
	x.c = c;
	if (get(c, inc, "files", &x, 1, 0, &files, &at) < 0)
		return -1;
	if (!files)
		return fail(c, at, "include", 0, "no files=", 0);
	c->include_file = at.file;
	c->include_line = at.line;
	/* Blank-separated globs, each relative to the main file. */
	for (pat = files; *pat;) {
		struct sbuf b = SBUF_INIT, walk = SBUF_INIT;

		if ((k = ini_blank(pat))) {
			pat += k;
			continue;
		}
		for (k = 0; pat[k] && !ini_blank(pat + k); ++k)
			;
		if (*pat != '/') {
			(void)sbuf_puts(&b, c->here[0]);
			(void)sbuf_putc(&b, '/');
		}
		(void)sbuf_put(&b, pat, k);
		n = 0;
		r = b.failed ? -1 : glob_walk(&walk, b.s, &list, &n);
		sbuf_free(&walk);
		if (r == 0 && !n && supconf_note(c, at, "include", "files", b.s,
		    ": no file matches (supervisord warns too)") < 0)
			r = -1;
		sbuf_free(&b);
		if (r < 0)
			goto out;
		r = -1;
		if (n)
			qsort(list, n, sizeof *list, by_name);
		for (i = 0; i < n; ++i)
			if (load_one(c, list[i], at) < 0)
				goto out;
		supconf_free_list(list);
		list = 0;
		pat += k;
	}
	inc = ini_section(&c->ini, "include");	/* the array may have moved */
	o = ini_get(&c->ini, inc, "files");
	at.file = o->file;
	at.line = o->line;
	r = o->file != c->include_file ? supconf_note(c, at, "include", 0,
	    "not followed: supervisord follows the main file's only", 0) : 0;
out:
	supconf_free_list(list);
	free(files);
	return r;
}

const struct supconf_proc *
supconf_find(const struct supconf *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nproc; ++i)
		if (!strcmp(c->proc[i].name, name))
			return &c->proc[i];
	return 0;
}

void
supconf_free(struct supconf *c)
{
	size_t i;

	ini_free(&c->ini);
	for (i = 0; i < c->nfile; ++i) {
		free(c->file[i]);
		free(c->here[i]);
	}
	for (i = 0; i < c->nproc; ++i) {
		struct supconf_proc *p = &c->proc[i];

		free(p->name);
		free(p->program);
		free(p->group);
		supconf_free_list(p->argv);
		free(p->directory);
		free(p->user);
		free(p->log[0].path);
		free(p->log[1].path);
		supconf_free_list(p->env);
	}
	for (i = 0; i < c->nnote; ++i)
		free(c->note[i].text);
	free(c->file);
	free(c->here);
	free(c->proc);
	free(c->note);
	c->file = c->here = 0;
	c->proc = 0;
	c->note = 0;
	c->nfile = c->nproc = c->nnote = 0;
}
