/* supconf.c - supervisord's configuration read as supervisord 4 reads it,
 * for svimport (contract in include/supconf.h). */

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Python's str.strip() of s, as a new string. */
static char *
stripped(const char *s, size_t n)
{
	char *d;
	size_t k;

	while (n && (k = ini_blank(s)) && k <= n) {
		s += k;
		n -= k;
	}
	d = malloc(n + 1);
	if (!d)
		return 0;
	memcpy(d, s, n);
	d[n] = 0;
	for (k = n; k;) {	/* trailing blanks: at most 3 bytes each */
		size_t b = 0, j;

		for (j = 1; j <= 3 && j <= k; ++j)
			if (ini_blank(d + k - j) == j)
				b = j;
		if (!b)
			break;
		k -= b;
		d[k] = 0;
	}
	return d;
}

/* Values. */

static int
nope(const char **why, const char *what)
{
	*why = what;
	errno = EINVAL;
	return -1;
}

/* Python's int(): blanks around, a sign, digits with single '_'s. */
int
supconf_int(const char *s, long long *v, const char **why)
{
	char *t = stripped(s, strlen(s)), *p;
	unsigned long long u = 0;
	int neg = 0, r = -1;

	if (!t)
		return -1;
	p = t;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (*p < '0' || *p > '9')
		goto out;
	for (; *p; ++p) {
		if (*p == '_' && p[1] >= '0' && p[1] <= '9' && p[-1] != '_')
			continue;
		if (*p < '0' || *p > '9')
			goto out;
		if (u > (1ULL << 62) / 10) {
			*why = "number too large";
			errno = EINVAL;
			free(t);
			return -1;
		}
		u = u * 10 + (unsigned long long)(*p - '0');
	}
	*v = neg ? -(long long)u : (long long)u;
	r = 0;
out:
	free(t);
	return r ? nope(why, "not an integer") : 0;
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
	return nope(why, "not a boolean (true, false, yes, no, on, off, 1, 0)");
}

int
supconf_bytes(const char *s, long long *v, const char **why)
{
	size_t n = strlen(s);
	long long mult = 1, x;
	char *t;
	int r;

	if (n >= 2 && lower((unsigned char)s[n - 1]) == 'b') {
		switch (lower((unsigned char)s[n - 2])) {
		case 'k': mult = 1024; break;
		case 'm': mult = 1024 * 1024; break;
		case 'g': mult = 1024 * 1024 * 1024; break;
		default: break;
		}
	}
	if (mult > 1)
		n -= 2;
	if (!(t = malloc(n + 1)))
		return -1;
	memcpy(t, s, n);
	t[n] = 0;
	r = supconf_int(t, &x, why);
	free(t);
	if (r < 0)
		return nope(why, "not a size (a number, or one followed by KB, MB or GB)");
	if (x > (1LL << 62) / mult || x < -(1LL << 62) / mult)
		return nope(why, "size too large");
	*v = x * mult;
	return 0;
}

/* Python's int(s, 8): a sign, an optional 0o, octal digits. */
int
supconf_octal(const char *s, int *v, const char **why)
{
	char *t = stripped(s, strlen(s)), *p;
	unsigned long u = 0;
	int ok = 0;

	if (!t)
		return -1;
	p = t + (*t == '+');
	if (p[0] == '0' && lower((unsigned char)p[1]) == 'o')
		p += 2;
	for (; *p; ++p) {
		if (*p == '_' && p[1] >= '0' && p[1] <= '7' && ok)
			continue;
		if (*p < '0' || *p > '7' || u > 07777777)
			break;
		u = u * 8 + (unsigned long)(*p - '0');
		ok = 1;
	}
	ok = ok && !*p;
	free(t);
	if (!ok)
		return nope(why, "not an octal number from 0 to 777");
	*v = (int)(u & 0777);
	return 0;
}

int
supconf_exitcodes(const char *s, unsigned char bits[32], const char **why)
{
	memset(bits, 0, 32);
	while (*s) {
		size_t n = strcspn(s, ",");
		long long v;
		char *t = malloc(n + 1);
		int r;

		if (!t)
			return -1;
		memcpy(t, s, n);
		t[n] = 0;
		r = supconf_int(t, &v, why);
		free(t);
		if (r < 0 || v < 0 || v > 255)
			return nope(why, "not a list of exit codes from 0 to 255");
		bits[v / 8] |= (unsigned char)(1 << (v % 8));
		s += n;
		if (*s && !*++s)
			return nope(why, "not a list of exit codes from 0 to 255");
	}
	return 0;
}

int
supconf_signal(const char *s, int *sig, const char **why)
{
	char *t = stripped(s, strlen(s));
	int r;

	if (!t)
		return -1;
	r = signame_scan(t, strlen(t), sig);
	free(t);
	return r < 0 ? nope(why, "not a signal name or number") : 0;
}

void
supconf_free_list(char **list)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; list[i]; ++i)
		free(list[i]);
	free(list);
}

/* Appends a malloc'd string to a NULL-terminated list (takes it). */
static int
push(char ***list, size_t *n, char *s)
{
	char **l;

	if (!s)
		return -1;
	l = realloc(*list, (*n + 2) * sizeof *l);
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
	int quoted = 0;

	*argv = 0;
	for (;; ++s) {
		char ch = *s;

		if (state == '\\') {	/* after a backslash */
			if (!ch)
				goto bad_escape;
			/* Inside "...", only \" and \\ drop the backslash. */
			if (esc == '"' && ch != '\\' && ch != '"')
				(void)sbuf_putc(&w, '\\');
			(void)sbuf_putc(&w, ch);
			state = esc;
		} else if (state == '\'' || state == '"') {
			quoted = 1;
			if (!ch)
				goto bad_quote;
			if (ch == state)
				state = 'a';
			else if (ch == '\\' && state == '"') {
				esc = state;
				state = '\\';
			} else
				(void)sbuf_putc(&w, ch);
		} else if (!ch || shlex_blank(ch)) {
			if (state == 'a' && (w.len || quoted)) {
				if (push(argv, &n, sbuf_done(&w, 0)) < 0)
					goto nomem;
			}
			state = ' ';
			quoted = 0;
			if (!ch)
				break;
		} else if (ch == '\\') {
			esc = 'a';
			state = '\\';
		} else if (ch == '\'' || ch == '"') {
			state = ch;
		} else {
			(void)sbuf_putc(&w, ch);
			state = 'a';
		}
		if (state == '\\' || state == '\'' || state == '"')
			quoted |= state != '\\';
	}
	sbuf_free(&w);
	if (!*argv && push(argv, &n, 0) < 0 && !(*argv = calloc(1, sizeof **argv)))
		return -1;
	return 0;
bad_escape:
	*why = "no escaped character after \\";
	goto bad;
bad_quote:
	*why = "no closing quotation";
bad:
	sbuf_free(&w);
	supconf_free_list(*argv);
	*argv = 0;
	errno = EINVAL;
	return -1;
nomem:
	sbuf_free(&w);
	supconf_free_list(*argv);
	*argv = 0;
	return -1;
}

/* One character of shlex's legacy mode: a whole UTF-8 sequence. */
static size_t
charlen(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1, k;

	for (k = 1; k < n; ++k)
		if (((unsigned char)s[k] & 0xc0) != 0x80)
			return k;
	return n;
}

static int
wordchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c && strchr("_/.+-():", c));
}

/* The next token of shlex(s) in its legacy (non-POSIX) mode with
 * supervisord's word characters: into *tok (malloc'd), NULL at the end. */
static int
legacy_token(const char **sp, char **tok, const char **why)
{
	struct sbuf t = SBUF_INIT;
	const char *s = *sp;
	char state = ' ';

	*tok = 0;
	for (;;) {
		char ch = *s;
		size_t k;

		if (state == ' ') {
			if (!ch)
				break;
			if (shlex_blank(ch)) {
				++s;
				continue;
			}
		} else if (state == '\'' || state == '"') {
			if (!ch) {
				sbuf_free(&t);
				*why = "no closing quotation";
				errno = EINVAL;
				return -1;
			}
			(void)sbuf_putc(&t, ch);
			++s;
			if (ch == state)
				break;
			continue;
		} else if (!ch || shlex_blank(ch)) {
			break;	/* the end of a word */
		}
		if (ch == '#') {	/* a comment, to the end of its line */
			s += strcspn(s, "\n");
			if (*s)
				++s;
			continue;
		}
		if (state == 'a' && !wordchar((unsigned char)ch) &&
		    ch != '\'' && ch != '"')
			break;	/* this character is the next token */
		k = charlen(s);
		(void)sbuf_put(&t, s, k);
		s += k;
		if (state == 'a')
			continue;
		if (ch == '\'' || ch == '"')
			state = ch;
		else if (wordchar((unsigned char)ch))
			state = 'a';
		else
			break;	/* any other character: a token by itself */
	}
	*sp = s;
	if (!t.s && state == ' ')
		return 0;
	*tok = sbuf_done(&t, 0);
	return *tok ? 0 : -1;
}

/* Python's str.strip('\'"'). */
static char *
strip_quotes(const char *s)
{
	size_t n = strlen(s);
	char *d;

	while (*s == '\'' || *s == '"') {
		++s;
		--n;
	}
	while (n && (s[n - 1] == '\'' || s[n - 1] == '"'))
		--n;
	if ((d = malloc(n + 1))) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

/* Sets NAME to value in a "NAME=value" list: in place when it is there. */
static int
env_set(char ***env, size_t *n, const char *name, const char *value)
{
	size_t nl = strlen(name), i;
	char *e = malloc(nl + strlen(value) + 2);

	if (!e)
		return -1;
	memcpy(e, name, nl);
	e[nl] = '=';
	strcpy(e + nl + 1, value);
	for (i = 0; i < *n; ++i)
		if (!strncmp((*env)[i], name, nl) && (*env)[i][nl] == '=') {
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
	size_t n = 0, k;
	int r = 0;

	*env = calloc(1, sizeof **env);
	if (!*env)
		return -1;
	for (;;) {
		/* KEY = VALUE, then any one token (the comma, usually). */
		for (k = 0; k < 4 && r == 0; ++k) {
			r = legacy_token(&s, &tok[k], why);
			if (!tok[k])
				break;
		}
		if (r < 0)
			break;
		if (k == 0)
			break;
		if (k < 3 || strcmp(tok[1], "=")) {
			r = nope(why, "not KEY=value pairs separated by commas");
			break;
		}
		{
			char *v = strip_quotes(tok[2]);

			r = v ? env_set(env, &n, tok[0], v) : -1;
			free(v);
		}
		for (k = 0; k < 4; ++k) {
			free(tok[k]);
			tok[k] = 0;
		}
		if (r < 0)
			break;
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

/* Python's os.path.normpath of an absolute path. */
static char *
normpath(const char *p)
{
	struct sbuf b = SBUF_INIT;
	size_t keep, lead = strspn(p, "/");

	(void)sbuf_puts(&b, lead == 2 ? "//" : "/");
	keep = b.len;
	for (p += lead; *p;) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (b.len > keep && b.s[b.len - 1] != '/')
				--b.len;
			if (b.len > keep)
				--b.len;
			if (b.s)
				b.s[b.len] = 0;
		} else if (n && !(n == 1 && p[0] == '.')) {
			if (b.len > keep)
				(void)sbuf_putc(&b, '/');
			(void)sbuf_put(&b, p, n);
		}
		p += n;
		p += strspn(p, "/");
	}
	return sbuf_done(&b, 0);
}

/* path made absolute against dir (itself absolute), normalized. */
static char *
absolute(const char *dir, const char *path)
{
	struct sbuf b = SBUF_INIT;
	char *j, *r;

	if (*path != '/') {
		(void)sbuf_puts(&b, dir);
		(void)sbuf_putc(&b, '/');
	}
	(void)sbuf_puts(&b, path);
	if (!(j = sbuf_done(&b, 0)))
		return 0;
	r = normpath(j);
	free(j);
	return r;
}

static char *
dirname_of(const char *abs)
{
	const char *slash = strrchr(abs, '/');
	size_t n = slash ? (size_t)(slash - abs) : 0;
	char *d;

	while (n > 1 && abs[n - 1] == '/')
		--n;
	if (!n)
		n = 1;	/* "/" */
	if ((d = malloc(n + 1))) {
		memcpy(d, abs, n);
		d[n] = 0;
	}
	return d;
}

static const char *
env_get(char *const *env, const char *name, size_t len)
{
	size_t i;

	for (i = 0; env && env[i]; ++i)
		if (!strncmp(env[i], name, len) && env[i][len] == '=')
			return env[i] + len + 1;
	return 0;
}

/* Python's os.path.expanduser. */
static char *
expanduser(const struct supconf *c, const char *p)
{
	size_t i = strcspn(p, "/");
	const char *home = 0;
	struct sbuf b = SBUF_INIT;

	if (*p != '~')
		return strdup(p);
	if (i == 1) {
		home = env_get(c->environ, "HOME", 4);
	} else {
		char *user = strdup(p + 1);
		struct passwd *pw;

		if (!user)
			return 0;
		user[i - 1] = 0;
		pw = getpwnam(user);
		free(user);
		home = pw ? pw->pw_dir : 0;
	}
	if (!home)
		return strdup(p);
	(void)sbuf_put(&b, home, strlen(home) - (home[0] ? strspn(home +
	    strlen(home) - 1, "/") : 0));
	(void)sbuf_puts(&b, p + i);
	if (!b.len)
		(void)sbuf_putc(&b, '/');
	return sbuf_done(&b, 0);
}

/* Notes and errors. */

static void
vcat(char *buf, size_t size, va_list ap)
{
	const char *p;
	size_t n = strlen(buf);

	while ((p = va_arg(ap, const char *))) {
		size_t k = strlen(p);

		if (k > size - 1 - n)
			k = size - 1 - n;
		memcpy(buf + n, p, k);
		n += k;
	}
	buf[n] = 0;
}

static int
bad(struct supconf *c, unsigned file, unsigned line, ...)
{
	va_list ap;

	c->err.kind = SUPCONF_E_FORMAT;
	c->err.file = file;
	c->err.line = line;
	c->err.what[0] = 0;
	va_start(ap, line);
	vcat(c->err.what, sizeof c->err.what, ap);
	va_end(ap);
	errno = EINVAL;
	return -1;
}

int
supconf_note(struct supconf *c, unsigned file, unsigned line, ...)
{
	struct sbuf b = SBUF_INIT;
	struct supconf_note *n;
	const char *p;
	va_list ap;
	size_t i;
	char *t;

	va_start(ap, line);
	while ((p = va_arg(ap, const char *)))
		(void)sbuf_puts(&b, p);
	va_end(ap);
	if (!(t = sbuf_done(&b, 0)))
		return -1;
	for (i = 0; i < c->nnote; ++i)
		if (c->note[i].file == file && c->note[i].line == line &&
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
	n->file = file;
	n->line = line;
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

/* Files. */

static int
add_file(struct supconf *c, const char *path)
{
	char **f = realloc(c->file, (c->nfile + 1) * sizeof *f);
	char **h;
	char *abs;

	if (!f)
		return -1;
	c->file = f;
	h = realloc(c->here, (c->nfile + 1) * sizeof *h);
	if (!h)
		return -1;
	c->here = h;
	abs = absolute(c->cwd && *c->cwd == '/' ? c->cwd : "/", path);
	f[c->nfile] = strdup(path);
	h[c->nfile] = abs ? dirname_of(abs) : 0;
	free(abs);
	if (!f[c->nfile] || !h[c->nfile]) {
		free(f[c->nfile]);
		free(h[c->nfile]);
		return -1;
	}
	return (int)c->nfile++;
}

/* %(here)s becomes the directory of the file each value comes from. */
static int
put_here(struct ini_sec *s, unsigned file, const char *here)
{
	static const char tag[] = "%(here)s";
	size_t i;

	for (i = 0; i < s->nopt; ++i) {
		struct sbuf b = SBUF_INIT;
		const char *v = s->opt[i].value, *at;
		char *nv;

		if (s->opt[i].file != file || !strstr(v, tag))
			continue;
		while ((at = strstr(v, tag))) {
			(void)sbuf_put(&b, v, (size_t)(at - v));
			(void)sbuf_puts(&b, here);
			v = at + sizeof tag - 1;
		}
		(void)sbuf_puts(&b, v);
		if (!(nv = sbuf_done(&b, 0)))
			return -1;
		free(s->opt[i].value);
		s->opt[i].value = nv;
	}
	return 0;
}

int
supconf_add(struct supconf *c, const char *buf, size_t len, const char *path)
{
	struct ini_error ie;
	int f = add_file(c, path);
	size_t i;

	if (f < 0)
		return -1;
	if (ini_parse(&c->ini, buf, len, (unsigned)f, &ie) < 0) {
		if (errno == ENOMEM)
			return -1;
		return bad(c, ie.file, ie.line, ie.what, (char *)0);
	}
	for (i = 0; i < c->ini.nsec; ++i)
		if (put_here(&c->ini.sec[i], (unsigned)f, c->here[f]) < 0)
			return -1;
	return put_here(&c->ini.defaults, (unsigned)f, c->here[f]);
}

static int
read_file(struct supconf *c, const char *path, char **buf, size_t *len)
{
	struct sbuf b = SBUF_INIT;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	(void)c;
	if (fd < 0)
		return -1;
	for (;;) {
		char chunk[4096];
		ssize_t r = read(fd, chunk, sizeof chunk);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			int e = errno;

			(void)close(fd);
			if (r < 0) {
				sbuf_free(&b);
				errno = e;
				return -1;
			}
			break;
		}
		if (sbuf_put(&b, chunk, (size_t)r) < 0) {
			(void)close(fd);
			return -1;
		}
	}
	*buf = sbuf_done(&b, len);
	return *buf ? 0 : -1;
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
	struct vars *x = ctx;
	struct supconf *c = x->c;
	const char *s = 0;
	size_t i;

	v->str = 0;
	v->num = 0;
#define IS(lit) (len == sizeof lit - 1 && !memcmp(name, lit, len))
	if (IS("process_num") || IS("numprocs")) {
		if (!x->have_num)
			return -1;
		v->num = name[0] == 'p' ? x->num : x->numprocs;
		return 0;
	}
	if (IS("here"))
		s = c->here[0];
	else if (IS("host_node_name"))
		s = c->host ? c->host : "";
	else if (IS("program_name"))
		s = x->program;
	else if (IS("group_name"))
		s = x->group;
#undef IS
	else if (len > 4 && !memcmp(name, "ENV_", 4) &&
	    !(s = env_get(x->penv, name + 4, len - 4)) &&
	    !(s = env_get(x->senv, name + 4, len - 4)) &&
	    (s = env_get(c->environ, name + 4, len - 4))) {
		/* Baked in now: said once per name. */
		for (i = 0; i < c->nused_env; ++i)
			if (strlen(c->used_env[i]) == len &&
			    !memcmp(c->used_env[i], name, len))
				break;
		if (i == c->nused_env) {
			char *n = malloc(len + 1);

			if (n) {
				memcpy(n, name, len);
				n[len] = 0;
			}
			if (push(&c->used_env, &c->nused_env, n) < 0 ||
			    supconf_note(c, x->at.file, x->at.line, "%(", n,
			    ")s: approximated: expanded now, from svimport's "
			    "environment, to \"", s, "\" (supervisord expands "
			    "it from its own when it starts)", (char *)0) < 0)
				x->oom = 1;
		}
	}
	v->str = s;
	return s ? 0 : -1;
}

/* Options. */

/* The value of option name in sec (else [DEFAULT], else def), expanded
 * when expand is set: *out malloc'd, NULL when there is none; *at where
 * it was set (line 0: def). */
static int
get(struct supconf *c, struct ini_sec *sec, const char *name,
    struct vars *x, int expand, const char *def, char **out,
    struct supconf_where *at)
{
	const struct ini_opt *o = ini_get(&c->ini, sec, name);
	const char *v = o ? o->value : def;
	struct ini_xerror xe;
	char nm[64];

	at->file = o ? o->file : 0;
	at->line = o ? o->line : 0;
	*out = 0;
	if (!v)
		return 0;
	if (!expand)
		return (*out = strdup(v)) ? 0 : -1;
	x->at = *at;
	if (ini_expand(v, lookup, x, out, &xe) < 0) {
		if (errno == ENOMEM)
			return -1;
		nm[0] = 0;
		if (xe.len) {
			size_t n = xe.len < sizeof nm - 1 ? xe.len : sizeof nm - 1;

			memcpy(nm, xe.name, n);
			nm[n] = 0;
		}
		return bad(c, at->file, at->line, "[", sec ? sec->name :
		    "DEFAULT", "] ", name, ": ", xe.len ? "%(" : "", nm,
		    xe.len ? "): " : "", xe.what, (char *)0);
	}
	if (x->oom) {
		free(*out);
		*out = 0;
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

enum { T_INT, T_BOOL, T_BYTES, T_SIGNAL, T_OCTAL, T_RESTART, T_EXIT };

/* A typed option: parsed into *v (T_EXIT: into bits). */
static int
typed(struct supconf *c, struct ini_sec *sec, const char *name,
    struct vars *x, const char *def, int type, long long *v,
    unsigned char *bits, struct supconf_where *at)
{
	const char *why = "";
	char *s;
	int r, i = 0;

	if (get(c, sec, name, x, 1, def, &s, at) < 0)
		return -1;
	switch (type) {
	case T_INT:
		r = supconf_int(s, v, &why);
		break;
	case T_BYTES:
		r = supconf_bytes(s, v, &why);
		break;
	case T_EXIT:
		r = supconf_exitcodes(s, bits, &why);
		break;
	case T_RESTART:
		if ((r = supconf_bool(s, &i, &why)) == 0) {
			i = i ? SUPCONF_ALWAYS : SUPCONF_NEVER;
			break;
		}
		for (i = 0; s[i] && lower((unsigned char)s[i]) ==
		    "unexpected"[i]; ++i)
			;
		r = !s[i] && i == 10 ? 0 :
		    nope(&why, "not true, false or unexpected");
		i = SUPCONF_UNEXPECTED;
		break;
	case T_SIGNAL:
		r = supconf_signal(s, &i, &why);
		break;
	case T_OCTAL:
		r = supconf_octal(s, &i, &why);
		break;
	default:
		r = supconf_bool(s, &i, &why);
		break;
	}
	if (type != T_INT && type != T_BYTES && type != T_EXIT)
		*v = i;
	if (r < 0 && errno == EINVAL)
		r = bad(c, at->file, at->line, "[", sec->name, "] ", name, ": ",
		    why, ": \"", s, "\"", (char *)0);
	free(s);
	return r;
}

/* supervisord's process_or_group_name(): stripped, no blank, ':' or '/'. */
static char *
checked_name(struct supconf *c, const char *s, unsigned file, unsigned line,
    const char *what)
{
	char *n = stripped(s, strlen(s));

	if (n && strpbrk(n, " :/")) {
		(void)bad(c, file, line, what, ": \"", n,
		    "\" has a space, : or /", (char *)0);
		free(n);
		return 0;
	}
	return n;
}

static int
known(const char *name)
{
	int i;

	for (i = 0; i < SUPCONF_NOPTS; ++i)
		if (!strcmp(name, opt_names[i]))
			return 1;
	return 0;
}

/* What a process needs beyond its program's options. */
struct program {
	struct ini_sec *sec;
	struct vars *x;
	const struct supconf_proc *t;	/* section-level values */
	const char *tmpl;		/* process_name, not expanded */
	const char *envtmpl;		/* environment, not expanded */
	char **senv;
};

static int
log_of(struct supconf *c, const struct program *g, struct supconf_proc *p,
    int w)
{
	int base = w ? SUPCONF_STDERR : SUPCONF_STDOUT;
	struct supconf_log *l = &p->log[w];
	struct vars *x = g->x;
	char *s = 0, *s2 = 0;
	long long v;
	int r = -1;

	if (get(c, g->sec, opt_names[base + SUPCONF_LOGFILE], x, 1, 0, &s,
	    &p->at[base + SUPCONF_LOGFILE]) < 0)
		return -1;
	/* supervisord expands the log file names a second time. */
	if (s) {
		struct ini_xerror xe;

		x->at = p->at[base + SUPCONF_LOGFILE];
		if (ini_expand(s, lookup, x, &s2, &xe) < 0) {
			if (errno != ENOMEM)
				(void)bad(c, x->at.file, x->at.line, "[",
				    g->sec->name, "] ", opt_names[base],
				    ": expanded twice, as supervisord does: ",
				    xe.what, (char *)0);
			goto out;
		}
	}
	l->kind = SUPCONF_LOG_AUTO;
	if (s2) {
		size_t i;
		char low[8];

		for (i = 0; i < sizeof low - 1 && s2[i]; ++i)
			low[i] = (char)lower((unsigned char)s2[i]);
		low[i] = 0;
		if (s2[i])
			low[0] = 0;
		if (!strcmp(low, "none") || !strcmp(low, "off")) {
			l->kind = SUPCONF_LOG_NONE;
		} else if (!strcmp(low, "syslog")) {
			l->kind = SUPCONF_LOG_NONE;
			l->syslog = 1;
		} else if (strcmp(low, "auto")) {
			char *e = expanduser(c, s2);

			l->kind = SUPCONF_LOG_FILE;
			if (!e || !(l->path = absolute(c->here[0], e))) {
				free(e);
				goto out;
			}
			if (*e != '/' && supconf_note(c, x->at.file, x->at.line,
			    "[", g->sec->name, "] ", opt_names[base],
			    ": approximated: a relative path, taken relative to ",
			    c->here[0], " (supervisord takes it relative to its "
			    "working directory)", (char *)0) < 0) {
				free(e);
				goto out;
			}
			free(e);
		}
	}
	if (typed(c, g->sec, opt_names[base + SUPCONF_BACKUPS], x, "10", T_INT,
	    &l->backups, 0, &p->at[base + SUPCONF_BACKUPS]) < 0 ||
	    typed(c, g->sec, opt_names[base + SUPCONF_MAXBYTES], x, "50MB",
	    T_BYTES, &l->maxbytes, 0, &p->at[base + SUPCONF_MAXBYTES]) < 0 ||
	    typed(c, g->sec, opt_names[base + SUPCONF_SYSLOG], x, "false",
	    T_BOOL, &v, 0, &p->at[base + SUPCONF_SYSLOG]) < 0)
		goto out;
	l->syslog |= (int)v;
	r = 0;
	if (l->syslog)
		r = supconf_note(c, p->at[base + (v ? SUPCONF_SYSLOG :
		    SUPCONF_LOGFILE)].file, p->at[base + (v ? SUPCONF_SYSLOG :
		    SUPCONF_LOGFILE)].line, "[", g->sec->name, "] ",
		    opt_names[base + (v ? SUPCONF_SYSLOG : SUPCONF_LOGFILE)],
		    ": not mapped: nothing goes to syslog (the log/ directory "
		    "has it)", (char *)0);
out:
	free(s);
	free(s2);
	return r;
}

static int
build_process(struct supconf *c, const struct program *g, long long num)
{
	struct supconf_proc *p;
	struct vars *x = g->x;
	struct supconf_where at;
	char *s = 0, **penv = 0;
	const char *why;
	size_t i, n = 0;
	int r = -1;

	p = realloc(c->proc, (c->nproc + 1) * sizeof *p);
	if (!p)
		return -1;
	c->proc = p;
	p += c->nproc++;
	*p = *g->t;
	p->name = p->directory = 0;
	p->argv = p->env = 0;
	p->log[0].path = p->log[1].path = 0;
	p->program = strdup(x->program);
	p->group = strdup(x->group);
	p->user = g->t->user ? strdup(g->t->user) : 0;
	if (!p->program || !p->group || (g->t->user && !p->user))
		return -1;
	x->have_num = 1;
	x->num = num;
	x->penv = 0;

	/* The environment: [supervisord]'s, then the program's. */
	for (i = 0; g->senv && g->senv[i]; ++i)
		if (push(&p->env, &n, strdup(g->senv[i])) < 0)
			return -1;
	if (!p->env && !(p->env = calloc(1, sizeof *p->env)))
		return -1;
	if (g->envtmpl) {
		struct ini_sec *sec = g->sec;

		if (get(c, sec, "environment", x, 1, 0, &s, &at) < 0)
			return -1;
		if (supconf_env(s, &penv, &why) < 0) {
			if (errno == EINVAL)
				(void)bad(c, at.file, at.line, "[", sec->name,
				    "] environment: ", why, ": \"", s, "\"",
				    (char *)0);
			goto out;
		}
		for (i = 0; penv[i]; ++i) {
			char *eq = strchr(penv[i], '=');

			*eq = 0;
			r = env_set(&p->env, &n, penv[i], eq + 1);
			*eq = '=';
			if (r < 0)
				goto out;
		}
		r = -1;
		free(s);
		s = 0;
	}
	x->penv = penv;

	if (get(c, g->sec, "directory", x, 1, 0, &p->directory,
	    &p->at[SUPCONF_DIRECTORY]) < 0 || log_of(c, g, p, 0) < 0 ||
	    log_of(c, g, p, 1) < 0)
		goto out;
	if (p->redirect_stderr) {
		if (p->log[1].kind == SUPCONF_LOG_FILE && supconf_note(c,
		    p->at[SUPCONF_STDERR].file, p->at[SUPCONF_STDERR].line, "[",
		    g->sec->name, "] stderr_logfile: ignored with "
		    "redirect_stderr=true, as supervisord ignores it", (char *)0) < 0)
			goto out;
		free(p->log[1].path);
		p->log[1].path = 0;
		p->log[1].kind = SUPCONF_LOG_NONE;
	}

	if (get(c, g->sec, "command", x, 1, 0, &s, &p->at[SUPCONF_COMMAND]) < 0)
		goto out;
	at = p->at[SUPCONF_COMMAND];
	if (!s) {
		(void)bad(c, g->sec->file, g->sec->line, "[", g->sec->name,
		    "]: no command", (char *)0);
		goto out;
	}
	if (supconf_split(s, &p->argv, &why) < 0 || !p->argv[0]) {
		if (p->argv || errno == EINVAL)
			(void)bad(c, at.file, at.line, "[", g->sec->name,
			    "] command: ", p->argv ? "empty" : why, (char *)0);
		goto out;
	}
	free(s);
	s = 0;

	x->at = p->at[SUPCONF_PROCESS_NAME];
	{
		struct ini_xerror xe;

		if (ini_expand(g->tmpl, lookup, x, &p->name, &xe) < 0) {
			if (errno != ENOMEM)
				(void)bad(c, x->at.line ? x->at.file : p->sec.file,
				    x->at.line ? x->at.line : p->sec.line, "[",
				    g->sec->name,
				    "] process_name: ", xe.what, (char *)0);
			goto out;
		}
	}
	at = p->at[SUPCONF_PROCESS_NAME];
	if (!at.line)
		at = p->sec;
	for (i = 0; p->name[i] && (unsigned char)p->name[i] >= 0x20 &&
	    p->name[i] != 0x7f && p->name[i] != '/'; ++i)
		;
	if (!*p->name || *p->name == '.' || p->name[i]) {
		(void)bad(c, at.file, at.line, "[", g->sec->name,
		    "] process_name: \"", p->name, "\" cannot name a service "
		    "directory (empty, a leading dot, a / or a control "
		    "character)", (char *)0);
		goto out;
	}
	for (i = 0; i + 1 < c->nproc; ++i)
		if (!strcmp(c->proc[i].name, p->name)) {
			(void)bad(c, at.file, at.line, "[", g->sec->name,
			    "]: the process name \"", p->name, "\" is taken "
			    "by [program:", c->proc[i].program, "] (directories "
			    "are named after processes)", (char *)0);
			goto out;
		}
	r = 0;
out:
	x->penv = 0;
	supconf_free_list(penv);
	free(s);
	return r;
}

static int
build_program(struct supconf *c, struct ini_sec *sec, const char *group,
    long long gprio, char **senv, const char *suser,
    struct supconf_where suser_at)
{
	static const int unmapped[] = { SUPCONF_STARTSECS, SUPCONF_STARTRETRIES,
		SUPCONF_SERVERURL,
		SUPCONF_STDOUT + SUPCONF_CAPTURE_MAXBYTES,
		SUPCONF_STDOUT + SUPCONF_EVENTS_ENABLED,
		SUPCONF_STDERR + SUPCONF_CAPTURE_MAXBYTES,
		SUPCONF_STDERR + SUPCONF_EVENTS_ENABLED };
	struct supconf_proc t;
	struct program g;
	struct vars x;
	struct supconf_where at;
	long long v, numprocs, start, k;
	char *pname, *tmpl = 0, *envtmpl = 0, *s = 0;
	size_t i;
	int r = -1;

	pname = checked_name(c, strchr(sec->name, ':') + 1, sec->file,
	    sec->line, sec->name);
	if (!pname)
		return -1;
	memset(&x, 0, sizeof x);
	memset(&t, 0, sizeof t);
	x.c = c;
	x.senv = senv;
	x.program = pname;
	x.group = group ? group : pname;
	t.sec.file = sec->file;
	t.sec.line = sec->line;
	t.umask = -1;
#define TYPED(opt, def, type, dst) \
	(typed(c, sec, opt_names[opt], &x, def, type, &v, 0, &t.at[opt]) == 0 \
	    && ((dst) = v, 1))
	if (!TYPED(SUPCONF_PRIORITY, "999", T_INT, t.priority) ||
	    !TYPED(SUPCONF_AUTOSTART, "true", T_BOOL, t.autostart) ||
	    !TYPED(SUPCONF_AUTORESTART, "unexpected", T_RESTART, t.restart) ||
	    !TYPED(SUPCONF_STARTSECS, "1", T_INT, v) ||
	    !TYPED(SUPCONF_STARTRETRIES, "3", T_INT, v) ||
	    !TYPED(SUPCONF_STOPSIGNAL, "TERM", T_SIGNAL, t.stopsignal) ||
	    !TYPED(SUPCONF_STOPWAITSECS, "10", T_INT, t.stopwaitsecs) ||
	    !TYPED(SUPCONF_STOPASGROUP, "false", T_BOOL, t.stopasgroup) ||
	    !TYPED(SUPCONF_KILLASGROUP, t.stopasgroup ? "true" : "false",
	    T_BOOL, t.killasgroup) ||
	    typed(c, sec, "exitcodes", &x, "0", T_EXIT, &v, t.exitcodes,
	    &t.at[SUPCONF_EXITCODES]) < 0 ||
	    !TYPED(SUPCONF_REDIRECT_STDERR, "false", T_BOOL, t.redirect_stderr) ||
	    !TYPED(SUPCONF_NUMPROCS, "1", T_INT, numprocs) ||
	    !TYPED(SUPCONF_NUMPROCS_START, "0", T_INT, start) ||
	    get(c, sec, "environment", &x, 0, 0, &envtmpl,
	    &t.at[SUPCONF_ENVIRONMENT]) < 0 ||
	    !TYPED(SUPCONF_STDOUT + SUPCONF_CAPTURE_MAXBYTES, "0", T_BYTES, v) ||
	    !TYPED(SUPCONF_STDOUT + SUPCONF_EVENTS_ENABLED, "false", T_BOOL, v) ||
	    !TYPED(SUPCONF_STDERR + SUPCONF_CAPTURE_MAXBYTES, "0", T_BYTES, v) ||
	    !TYPED(SUPCONF_STDERR + SUPCONF_EVENTS_ENABLED, "false", T_BOOL, v) ||
	    get(c, sec, "serverurl", &x, 1, 0, &s, &t.at[SUPCONF_SERVERURL]) < 0 ||
	    get(c, sec, "user", &x, 1, 0, &t.user, &t.at[SUPCONF_USER]) < 0)
		goto out;
	if (ini_get(&c->ini, sec, "umask") &&
	    !TYPED(SUPCONF_UMASK, 0, T_OCTAL, t.umask))
		goto out;
#undef TYPED
	if (!t.user && suser) {
		if (!(t.user = strdup(suser)))
			goto out;
		t.at[SUPCONF_USER] = suser_at;
	}
	if (get(c, sec, "process_name", &x, 0, "%(program_name)s", &s,
	    &t.at[SUPCONF_PROCESS_NAME]) < 0)
		goto out;
	at = t.at[SUPCONF_PROCESS_NAME];
	if (!at.line)
		at = t.sec;
	if (!(tmpl = checked_name(c, s, at.file, at.line, "process_name")))
		goto out;
	if (numprocs > 1 && !strstr(tmpl, "%(process_num)")) {
		(void)bad(c, at.file, at.line, "[", sec->name, "] process_name: ",
		    "numprocs > 1 needs %(process_num) in it", (char *)0);
		goto out;
	}
	if (t.stopasgroup && !t.killasgroup) {
		at = t.at[SUPCONF_KILLASGROUP];
		(void)bad(c, at.file, at.line, "[", sec->name, "] killasgroup: ",
		    "false with stopasgroup=true", (char *)0);
		goto out;
	}
	t.group_priority = group ? gprio : t.priority;

	for (i = 0; i < sizeof unmapped / sizeof unmapped[0]; ++i) {
		static const char *const why[] = {
			"approximated: no start-up grace time: svstat shows it "
			"up at once, and one that exits sooner is restarted "
			"once a second, for ever",
			"not mapped: supervise never gives up on a service",
			"not mapped: there is no supervisord to talk to",
			"not mapped: there are no events",
		};
		int o = unmapped[i];

		at = t.at[o];
		if (at.line && supconf_note(c, at.file, at.line, "[", sec->name,
		    "] ", opt_names[o], ": ", why[i < 3 ? i : 3], (char *)0) < 0)
			goto out;
	}
	for (i = 0; i < sec->nopt; ++i)
		if (!known(sec->opt[i].name) && supconf_note(c, sec->opt[i].file,
		    sec->opt[i].line, "[", sec->name, "] ", sec->opt[i].name,
		    ": ignored, as supervisord ignores options it does not know",
		    (char *)0) < 0)
			goto out;
	if (numprocs < 1 && supconf_note(c, t.at[SUPCONF_NUMPROCS].file,
	    t.at[SUPCONF_NUMPROCS].line, "[", sec->name, "] numprocs: "
	    "no process, so no service directory", (char *)0) < 0)
		goto out;

	g.sec = sec;
	g.x = &x;
	g.t = &t;
	g.tmpl = tmpl;
	g.envtmpl = envtmpl;
	g.senv = senv;
	for (k = 0; k < numprocs; ++k)
		if (build_process(c, &g, start + k) < 0)
			goto out;
	r = 0;
out:
	free(t.user);
	free(pname);
	free(tmpl);
	free(envtmpl);
	free(s);
	return r;
}

/* The whole file. */

static int
prefixed(const char *name, const char *prefix)
{
	return !strncmp(name, prefix, strlen(prefix));
}

/* A note on a section svimport does not import (or not all of). */
static int
section_note(struct supconf *c, const struct ini_sec *s)
{
	static const struct {
		const char *name, *text;
	} notes[] = {
		{ "unix_http_server", "not mapped: no server; svc, svstat and "
		    "svwait act on the service directories themselves" },
		{ "inet_http_server", "not mapped: no server; svc, svstat and "
		    "svwait act on the service directories themselves" },
		{ "supervisorctl", "not mapped: its commands become svc, svstat "
		    "and svwait (docs/migrating.md has them side by side)" },
		{ "rpcinterface:", "not mapped: no XML-RPC interface" },
		{ "ctlplugin:", "not mapped: no supervisorctl plugins" },
		{ "eventlistener:", "not imported: there are no supervisord "
		    "events to listen to" },
		{ "fcgi-program:", "not imported: a FastCGI program needs the "
		    "socket supervisord opens for it" },
	};
	size_t i;

	for (i = 0; i < sizeof notes / sizeof notes[0]; ++i)
		if (notes[i].name[strlen(notes[i].name) - 1] == ':' ?
		    prefixed(s->name, notes[i].name) : !strcmp(s->name,
		    notes[i].name))
			return supconf_note(c, s->file, s->line, "[", s->name,
			    "]: ", notes[i].text, (char *)0);
	if (!strcmp(s->name, "supervisord") || !strcmp(s->name, "include") ||
	    prefixed(s->name, "program:") || prefixed(s->name, "group:"))
		return 0;
	return supconf_note(c, s->file, s->line, "[", s->name, "]: ignored, "
	    "as supervisord ignores sections it does not know", (char *)0);
}

/* [supervisord]: its environment and user apply to every program. */
static int
supervisord_section(struct supconf *c, struct vars *x, char ***senv,
    char **suser, struct supconf_where *suser_at)
{
	struct ini_sec *sup = ini_section(&c->ini, "supervisord");
	struct supconf_where at;
	const char *why;
	char *s;
	int r;

	if (!sup)
		return supconf_note(c, 0, 1, "no [supervisord] section: "
		    "supervisord refuses such a file; its programs are imported "
		    "all the same", (char *)0);
	if (supconf_note(c, sup->file, sup->line, "[supervisord]: not mapped: "
	    "svscan takes supervisord's place; its own log file, pid file "
	    "and limits have no equivalent", (char *)0) < 0 ||
	    get(c, sup, "environment", x, 1, "", &s, &at) < 0)
		return -1;
	r = supconf_env(s, senv, &why);
	if (r < 0 && errno == EINVAL)
		(void)bad(c, at.file, at.line, "[supervisord] environment: ",
		    why, ": \"", s, "\"", (char *)0);
	free(s);
	if (r < 0 || get(c, sup, "user", x, 1, 0, suser, suser_at) < 0)
		return -1;
	if (*suser && supconf_note(c, suser_at->file, suser_at->line,
	    "[supervisord] user: programs without a user= of their own run as ",
	    *suser, ", as supervisord dropped to that account", (char *)0) < 0)
		return -1;
	for (r = 0; r < 2; ++r) {
		const char *name = r ? "directory" : "umask";
		const struct ini_opt *o = ini_get(&c->ini, sup, name);

		if (o && supconf_note(c, o->file, o->line, "[supervisord] ", name,
		    ": not mapped: supervisord applies it to itself only when "
		    "it becomes a daemon; set it in the programs", (char *)0) < 0)
			return -1;
	}
	return 0;
}

/* Whether a (set) comes before b (or b is not set). */
static int
earlier(struct supconf_where a, struct supconf_where b)
{
	return a.line && (!b.line || a.file < b.file ||
	    (a.file == b.file && a.line < b.line));
}

/* The note on priorities: the order supervisord started things in. */
static int
priority_note(struct supconf *c, struct supconf_where at)
{
	struct sbuf b = SBUF_INIT;
	size_t *order, i, j, n = c->nproc;
	char *t;
	int r;

	if (!at.line || !n)
		return 0;
	if (!(order = malloc(n * sizeof *order)))
		return -1;
	for (i = 0; i < n; ++i) {	/* a stable insertion sort */
		const struct supconf_proc *p = &c->proc[i];

		for (j = i; j > 0; --j) {
			const struct supconf_proc *q = &c->proc[order[j - 1]];

			if (q->group_priority < p->group_priority ||
			    (q->group_priority == p->group_priority &&
			    q->priority <= p->priority))
				break;
			order[j] = order[j - 1];
		}
		order[j] = i;
	}
	for (i = 0; i < n; ++i) {
		if (i)
			(void)sbuf_puts(&b, ", ");
		(void)sbuf_puts(&b, c->proc[order[i]].name);
	}
	free(order);
	if (!(t = sbuf_done(&b, 0)))
		return -1;
	r = supconf_note(c, at.file, at.line, "priority: approximated: "
	    "svscan starts every service at once; supervisord started them "
	    "in this order: ", t, (char *)0);
	free(t);
	return r;
}

int
supconf_build(struct supconf *c)
{
	struct supconf_where suser_at = { 0, 0 }, prio_at = { 0, 0 }, at;
	struct vars x;
	char **senv = 0, *suser = 0, *progs = 0;
	unsigned char *taken;
	size_t i;
	int r = -1;

	memset(&x, 0, sizeof x);
	x.c = c;
	if (!c->nfile)
		return bad(c, 0, 0, "no file", (char *)0);
	if (!(taken = calloc(c->ini.nsec + 1, 1)))
		return -1;
	if (supervisord_section(c, &x, &senv, &suser, &suser_at) < 0)
		goto out;
	x.senv = senv;
	for (i = 0; i < c->ini.nsec; ++i)
		if (section_note(c, &c->ini.sec[i]) < 0)
			goto out;

	/* Groups first, then the programs no group took, as supervisord. */
	for (i = 0; i < c->ini.nsec; ++i) {
		struct ini_sec *g = &c->ini.sec[i];
		long long prio;
		char *gname, *p;

		if (!prefixed(g->name, "group:"))
			continue;
		if (!(gname = checked_name(c, g->name + 6, g->file, g->line,
		    g->name)))
			goto out;
		x.program = x.group = gname;
		if (get(c, g, "programs", &x, 1, "", &progs, &at) < 0 ||
		    typed(c, g, "priority", &x, "999", T_INT, &prio, 0,
		    &at) < 0 || (earlier(at, prio_at) && (prio_at = at, 0)) ||
		    supconf_note(c, g->file, g->line, "[", g->name,
		    "]: approximated: a group is its programs' directories, "
		    "given together to svc (svc -d DIR/a DIR/b)", (char *)0) < 0) {
			free(gname);
			goto out;
		}
		for (p = progs; *progs && p;) {
			char *comma = strchr(p, ','), *name, sname[300];
			struct ini_sec *ps;

			if (comma)
				*comma = 0;
			name = stripped(p, strlen(p));
			p = comma ? comma + 1 : 0;
			if (!name) {
				free(gname);
				goto out;
			}
			if (strlen(name) > 200)
				name[200] = 0;
			memcpy(sname, "program:", 8);
			strcpy(sname + 8, name);
			ps = ini_section(&c->ini, sname);
			if (!ps) {
				memcpy(sname, "fcgi-program:", 13);
				strcpy(sname + 13, name);
				r = ini_section(&c->ini, sname) ? 0 : bad(c, g->file,
				    g->line, "[", g->name, "] programs: no "
				    "[program:", name, "]", (char *)0);
				free(name);
				if (r < 0) {
					free(gname);
					goto out;
				}
				r = -1;
				continue;
			}
			free(name);
			taken[ps - c->ini.sec] = 1;
			if (build_program(c, ps, gname, prio, senv, suser,
			    suser_at) < 0) {
				free(gname);
				goto out;
			}
		}
		free(progs);
		progs = 0;
		free(gname);
	}
	x.program = x.group = 0;
	for (i = 0; i < c->ini.nsec; ++i)
		if (prefixed(c->ini.sec[i].name, "program:") && !taken[i] &&
		    build_program(c, &c->ini.sec[i], 0, 0, senv, suser,
		    suser_at) < 0)
			goto out;
	for (i = 0; i < c->nproc; ++i)
		if (earlier(c->proc[i].at[SUPCONF_PRIORITY], prio_at))
			prio_at = c->proc[i].at[SUPCONF_PRIORITY];
	r = priority_note(c, prio_at);
out:
	free(progs);
	free(taken);
	free(suser);
	supconf_free_list(senv);
	return r;
}

/* Loading. */

static int
load_one(struct supconf *c, const char *path, unsigned from, unsigned line)
{
	char *buf;
	size_t len;
	int r;

	if (read_file(c, path, &buf, &len) < 0) {
		int e = errno;

		if (e == ENOMEM)
			return -1;
		if (!c->nfile) {	/* the main file: fatal */
			(void)add_file(c, path);
			c->err.kind = SUPCONF_E_IO;
			c->err.file = 0;
			c->err.line = 0;
			errno = e;
			return -1;
		}
		/* supervisord skips a file it cannot read, silently. */
		return supconf_note(c, from, line, "[include] files: ", path,
		    ": skipped: unable to read it (supervisord skips it too)",
		    (char *)0) < 0 ? -1 : 0;
	}
	r = supconf_add(c, buf, len, path);
	free(buf);
	return r;
}

int
supconf_load(struct supconf *c, const char *path)
{
	struct ini_sec *inc;
	const struct ini_opt *o;
	struct vars x;
	char *files = 0, *p;
	size_t n;
	int r = -1;

	if (load_one(c, path, 0, 0) < 0)
		return -1;
	if (!(inc = ini_section(&c->ini, "include")))
		return 0;
	o = ini_get(&c->ini, inc, "files");
	if (!o)
		return bad(c, inc->file, inc->line, "[include]: no files= in it",
		    (char *)0);
	c->include_file = o->file;
	c->include_line = o->line;
	memset(&x, 0, sizeof x);
	x.c = c;
	x.at.file = o->file;
	x.at.line = o->line;
	{
		struct ini_xerror xe;

		if (ini_expand(o->value, lookup, &x, &files, &xe) < 0) {
			if (errno == ENOMEM)
				return -1;
			return bad(c, o->file, o->line, "[include] files: ",
			    xe.what, (char *)0);
		}
	}
	if (x.oom)
		goto out;
	/* Whitespace-separated globs, each relative to the main file. */
	for (p = files; *p;) {
		char *pat;
		glob_t g;
		int gr;

		if ((n = ini_blank(p))) {
			p += n;
			continue;
		}
		for (n = 0; p[n] && !ini_blank(p + n); ++n)
			;
		{
			char save = p[n];

			p[n] = 0;
			pat = *p == '/' ? strdup(p) : 0;
			if (!pat) {
				struct sbuf b = SBUF_INIT;

				(void)sbuf_puts(&b, c->here[0]);
				(void)sbuf_putc(&b, '/');
				(void)sbuf_puts(&b, p);
				pat = sbuf_done(&b, 0);
			}
			p[n] = save;
			p += n;
		}
		if (!pat)
			goto out;
		gr = glob(pat, 0, 0, &g);
		if (gr == GLOB_NOSPACE) {
			free(pat);
			errno = ENOMEM;
			goto out;
		}
		if (gr != 0) {
			gr = supconf_note(c, c->include_file, c->include_line,
			    "[include] files: ", pat, ": no file matches "
			    "(supervisord warns and goes on)", (char *)0);
			free(pat);
			if (gr < 0)
				goto out;
			continue;
		}
		free(pat);
		for (n = 0; n < g.gl_pathc; ++n)
			if (load_one(c, g.gl_pathv[n], c->include_file,
			    c->include_line) < 0) {
				globfree(&g);
				goto out;
			}
		globfree(&g);
	}
	o = ini_get(&c->ini, inc, "files");
	if (o->file != c->include_file && supconf_note(c, o->file, o->line,
	    "[include]: not followed: supervisord follows the main file's "
	    "[include] only", (char *)0) < 0)
		goto out;
	r = 0;
out:
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
	free(c->file);
	free(c->here);
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
	free(c->proc);
	for (i = 0; i < c->nnote; ++i)
		free(c->note[i].text);
	free(c->note);
	supconf_free_list(c->used_env);
	c->file = c->here = 0;
	c->nfile = c->nproc = c->nnote = c->nused_env = 0;
	c->proc = 0;
	c->note = 0;
	c->used_env = 0;
}
