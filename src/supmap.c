/* supmap.c - a supervisord process turned into a service directory, for
 * svimport (the mapping is in include/supmap.h and docs/svimport.8). */

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "sbuf.h"
#include "signame.h"
#include "supconf.h"
#include "supmap.h"

#define SIZE_MIN 4096		/* multilog's limits for s and S */
#define SIZE_S_MAX 16777215
#define SIZE_LARGE 2147483647

int
supmap_quote(struct sbuf *b, const char *w)
{
	if (*w && !w[strspn(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq"
	    "rstuvwxyz0123456789_@%+=:,./-")])
		return sbuf_puts(b, w);
	(void)sbuf_putc(b, '\'');
	for (; *w; ++w)
		(void)sbuf_puts(b, *w == '\'' ? "'\\''" : (char[2]){ *w, 0 });
	return sbuf_putc(b, '\'');
}

void
supmap_free(struct supmap *m)
{
	size_t i;

	for (i = 0; i < m->n; ++i) {
		free(m->file[i].name);
		free(m->file[i].data);
	}
	free(m->file);
	m->file = 0;
	m->n = 0;
}

/* Adds a file (b's text, taken) or, with b NULL, a directory. */
static int
add(struct supmap *m, const char *name, unsigned mode, struct sbuf *b)
{
	struct supmap_file *f = realloc(m->file, (m->n + 1) * sizeof *f);

	if (!f) {
		if (b)
			sbuf_free(b);
		return -1;
	}
	m->file = f;
	f += m->n;
	memset(f, 0, sizeof *f);
	f->mode = mode;
	f->dir = !b;
	if ((f->name = strdup(name)) && (!b || (f->data = sbuf_done(b,
	    &f->len)))) {
		++m->n;
		return 0;
	}
	if (b)
		sbuf_free(b);
	free(f->name);
	return -1;
}

/* Where a stream goes. */
enum { TO_LOG, TO_NULL, TO_OUT, TO_ERR, TO_PATH };

static int
target(const struct supconf_log *l)
{
	static const char std[6][16] = { "/dev/stdout", "/dev/fd/1",
		"/proc/self/fd/1", "/dev/stderr", "/dev/fd/2", "/proc/self/fd/2" };
	size_t i;

	if (l->kind != SUPCONF_LOG_FILE)
		return l->kind == SUPCONF_LOG_NONE ? TO_NULL : TO_LOG;
	for (i = 0; i < 6; ++i)
		if (!strcmp(l->path, std[i]))
			return i < 3 ? TO_OUT : TO_ERR;
	if (!strcmp(l->path, "/dev/null"))
		return TO_NULL;
	return strncmp(l->path, "/dev/", 5) ? TO_LOG : TO_PATH;
}

/* Which stream log/run serves: 0 stdout, 1 stderr, -1 none. */
static int
logged(const struct supconf_proc *p)
{
	if (target(&p->log[0]) == TO_LOG)
		return 0;
	return !p->v[SUPCONF_REDIRECT_STDERR] && target(&p->log[1]) == TO_LOG ?
	    1 : -1;
}

static int
note(struct supconf *c, const struct supconf_proc *p, int opt,
    const char *text, const char *more)
{
	return supconf_note(c, p->at[opt].line ? p->at[opt] : p->sec,
	    p->section, supconf_option_name(opt), text, more);
}

/* " FD>..." for source s (TO_NULL, TO_ERR, TO_PATH). */
static void
redirect(struct sbuf *b, int fd, int s, const char *path)
{
	(void)sbuf_puts(b, fd == 1 ? " 1>" : " 2>");
	if (s == TO_PATH) {
		(void)sbuf_putc(b, '>');
		(void)supmap_quote(b, path);
	} else {
		(void)sbuf_puts(b, s == TO_NULL ? "/dev/null" : "&2");
	}
}

/* The descriptors: run starts with 1 = the log pipe (or svscan's output
 * when there is no log/) and 2 = svscan's error output. */
static int
descriptors(struct supconf *c, const struct supconf_proc *p, int w,
    struct sbuf *b)
{
	struct sbuf r = SBUF_INIT;
	int s[2], k;

	for (k = 0; k < 2; ++k) {
		s[k] = target(&p->log[k]);
		if (s[k] == TO_LOG)
			s[k] = TO_OUT;	/* the pipe: descriptor 1 */
		else if (s[k] == TO_OUT && w >= 0) {
			/* svscan's output is not there: 1 is the pipe. */
			s[k] = TO_ERR;
			if (note(c, p, k ? SUPCONF_STDERR : SUPCONF_STDOUT,
			    "approximated: svscan's error output (the log pipe "
			    "is the output)", 0) < 0)
				return -1;
		}
	}
	if (p->v[SUPCONF_REDIRECT_STDERR])
		s[1] = s[0] == TO_OUT || s[0] == TO_ERR ? s[0] : -1;
	if (s[0] == TO_ERR && s[1] == TO_OUT) {
		(void)sbuf_puts(&r, " 3>&1 1>&2 2>&3 3>&-");
	} else {
		/* 2>&1 before 1 changes when 2 wants the pipe; after, when
		 * it wants a copy of the new 1. */
		if (s[1] == TO_OUT)
			(void)sbuf_puts(&r, " 2>&1");
		if (s[0] != TO_OUT)
			redirect(&r, 1, s[0], p->log[0].path);
		if (s[1] == -1)
			(void)sbuf_puts(&r, " 2>&1");
		else if (s[1] != TO_OUT && s[1] != TO_ERR)
			redirect(&r, 2, s[1], p->log[1].path);
	}
	if (r.len) {
		(void)sbuf_puts(b, "exec");
		(void)sbuf_puts(b, r.s);
		(void)sbuf_putc(b, '\n');
	}
	sbuf_free(&r);
	return r.failed ? -1 : 0;
}

/* A comment's text: control characters become '?'. */
static void
comment(struct sbuf *b, const char *s)
{
	for (; *s; ++s)
		(void)sbuf_putc(b, (char)((unsigned char)*s < 0x20 ||
		    *s == 0x7f ? '?' : *s));
}

static int
run_script(struct supconf *c, const struct supconf_proc *p, int w,
    struct supmap *m)
{
	struct sbuf b = SBUF_INIT;
	size_t i;

	(void)sbuf_puts(&b, "#!/bin/sh\n# svimport: [");
	comment(&b, p->section);
	(void)sbuf_puts(&b, "] of ");
	comment(&b, c->file[p->sec.file]);
	(void)sbuf_putc(&b, ':');
	(void)sbuf_putnum(&b, p->sec.line);
	(void)sbuf_puts(&b, ", process ");
	comment(&b, p->name);
	(void)sbuf_putc(&b, '\n');
	if (descriptors(c, p, w, &b) < 0) {
		sbuf_free(&b);
		return -1;
	}
	if (p->v[SUPCONF_UMASK] >= 0) {
		(void)sbuf_puts(&b, "umask 0");
		for (i = 3; i-- > 0;)
			(void)sbuf_putc(&b, (char)('0' +
			    ((p->v[SUPCONF_UMASK] >> (3 * i)) & 7)));
		(void)sbuf_putc(&b, '\n');
	}
	/* The shell exports PWD (and OLDPWD after a cd), which the
	 * program does not get from supervisord. */
	if (p->directory) {
		(void)sbuf_puts(&b, "cd ");
		(void)supmap_quote(&b, p->directory);
		(void)sbuf_puts(&b, " || exit 111\nsv=$OLDPWD\nunset PWD OLDPWD\n"
		    "exec envdir \"$sv/env\"");
	} else {
		(void)sbuf_puts(&b, "unset PWD\nexec envdir ./env");
	}
	if (p->v[SUPCONF_KILLASGROUP])
		(void)sbuf_puts(&b, " pgrphack");
	if (p->user) {
		(void)sbuf_puts(&b, " setuidgid ");
		(void)supmap_quote(&b, p->user);
	}
	for (i = 0; p->argv[i]; ++i) {
		(void)sbuf_putc(&b, ' ');
		(void)supmap_quote(&b, p->argv[i]);
	}
	(void)sbuf_putc(&b, '\n');
	return add(m, "run", 0755, &b);
}

/* log/run: multilog with the stream's size and count; the directory is
 * ./main, FILE.d, or FILE.PROCESS.d when processes share FILE. */
static int
log_script(struct supconf *c, const struct supconf_proc *p, int w,
    struct supmap *m)
{
	const struct supconf_log *l = &p->log[w];
	int base = w ? SUPCONF_STDERR : SUPCONF_STDOUT, r = 0;
	long long size = p->v[base + SUPCONF_MAXBYTES];
	long long num = p->v[base + SUPCONF_BACKUPS] + 1;
	struct sbuf b = SBUF_INIT, d = SBUF_INIT;
	const char *said = 0;
	size_t i;

	if (size <= 0 || size > SIZE_LARGE) {
		said = size <= 0 ? "approximated: rotated at 2147483647 bytes "
		    "(never, by supervisord)" : "approximated: 2147483647, "
		    "multilog's most";
		size = SIZE_LARGE;
	} else if (size < SIZE_MIN) {
		said = "approximated: 4096, multilog's least";
		size = SIZE_MIN;
	}
	if (said)
		r = note(c, p, base + SUPCONF_MAXBYTES, said, 0);
	if (num < 2) {
		num = 2;
		r |= note(c, p, base + SUPCONF_BACKUPS, "approximated: 1, "
		    "multilog's least", 0);
	}
	if (l->kind == SUPCONF_LOG_AUTO) {
		(void)sbuf_puts(&d, "./main");
	} else {
		(void)sbuf_puts(&d, l->path);
		for (i = 0; i < c->nproc; ++i) {
			const struct supconf_proc *q = &c->proc[i];
			int v = logged(q);

			if (q != p && v >= 0 && q->log[v].kind ==
			    SUPCONF_LOG_FILE && !strcmp(q->log[v].path, l->path))
				break;
		}
		if (i < c->nproc) {	/* shared */
			(void)sbuf_putc(&d, '.');
			(void)sbuf_puts(&d, p->name);
		}
		(void)sbuf_puts(&d, ".d");
		if (d.s)
			r |= note(c, p, base, "approximated: the multilog "
			    "directory ", d.s);
	}
	(void)sbuf_puts(&b, "#!/bin/sh\nexec multilog t ");
	(void)sbuf_putc(&b, size > SIZE_S_MAX ? 'S' : 's');
	(void)sbuf_putnum(&b, (unsigned long long)size);
	(void)sbuf_puts(&b, " n");
	(void)sbuf_putnum(&b, (unsigned long long)num);
	(void)sbuf_putc(&b, ' ');
	(void)supmap_quote(&b, d.s ? d.s : "");
	(void)sbuf_putc(&b, '\n');
	r |= d.failed;
	sbuf_free(&d);
	if (r || add(m, "log", 0755, 0) < 0) {
		sbuf_free(&b);
		return -1;
	}
	return add(m, "log/run", 0755, &b);
}

static int
finish_script(const struct supconf_proc *p, struct supmap *m)
{
	struct sbuf b = SBUF_INIT;
	int code, any = 0;

	if (p->v[SUPCONF_AUTORESTART] == SUPCONF_ALWAYS)
		return 0;
	if (p->v[SUPCONF_AUTORESTART] == SUPCONF_NEVER) {
		(void)sbuf_puts(&b, "#!/bin/sh\n# autorestart=false\nexit 125\n");
		return add(m, "finish", 0755, &b);
	}
	(void)sbuf_puts(&b, "#!/bin/sh\n# autorestart=unexpected: not "
	    "restarted after the exitcodes\ncase $1 in\n");
	for (code = 0; code < 256; ++code)
		if (p->exitcodes[code / 8] & (1 << (code % 8))) {
			(void)sbuf_puts(&b, any ? "|" : "");
			(void)sbuf_putnum(&b, (unsigned)code);
			any = 1;
		}
	(void)sbuf_puts(&b, ") exit 125\nesac\n");
	if (any)
		return add(m, "finish", 0755, &b);
	sbuf_free(&b);	/* exitcodes= empty: nothing is expected */
	return 0;
}

/* env/NAME for "NAME=value", as envdir reads it: a newline in the value
 * is written as NUL, which envdir turns back into a newline. */
static int
env_file(struct supconf *c, const struct supconf_proc *p, const char *e,
    struct supmap *m)
{
	struct sbuf b = SBUF_INIT, path = SBUF_INIT;
	const char *eq = strchr(e, '='), *v;
	int r = 0;

	(void)sbuf_puts(&path, "env/");
	(void)sbuf_put(&path, e, (size_t)(eq - e));
	if (!path.s)
		return -1;
	if (eq == e || *e == '.' || memchr(e, '/', (size_t)(eq - e))) {
		r = note(c, p, SUPCONF_ENVIRONMENT, "not mapped: no env/ file "
		    "can be named ", path.s + 4);
		sbuf_free(&path);
		return r;
	}
	for (v = eq + 1; *v; ++v)
		(void)sbuf_putc(&b, (char)(*v == '\n' ? 0 : *v));
	(void)sbuf_putc(&b, '\n');
	if (v > eq + 1 && (v[-1] == ' ' || v[-1] == '\t'))
		r = note(c, p, SUPCONF_ENVIRONMENT, "approximated: envdir drops "
		    "the trailing blanks of ", path.s + 4);
	if (r < 0 || add(m, path.s, 0600, &b) < 0)
		r = -1;
	sbuf_free(&b);
	sbuf_free(&path);
	return r;
}

/* env/: supervisord's two variables first (environment= may replace
 * them), then the environment. */
static int
env_dir(struct supconf *c, const struct supconf_proc *p, struct supmap *m)
{
	static const char names[2][24] = { "SUPERVISOR_PROCESS_NAME",
		"SUPERVISOR_GROUP_NAME" };
	size_t i, k;

	if (add(m, "env", 0700, 0) < 0)
		return -1;
	for (k = 0; k < 2; ++k) {
		size_t nl = strlen(names[k]);
		struct sbuf b = SBUF_INIT;
		int r;

		for (i = 0; p->env[i]; ++i)
			if (!strncmp(p->env[i], names[k], nl) && p->env[i][nl] == '=')
				break;
		if (p->env[i])
			continue;
		(void)sbuf_puts(&b, names[k]);
		(void)sbuf_putc(&b, '=');
		(void)sbuf_puts(&b, k ? p->group : p->name);
		r = b.s ? env_file(c, p, b.s, m) : -1;
		sbuf_free(&b);
		if (r < 0)
			return -1;
	}
	for (i = 0; p->env[i]; ++i)
		if (env_file(c, p, p->env[i], m) < 0)
			return -1;
	return 0;
}

/* A file of one line (or an empty one, text ""). */
static int
small_file(struct supmap *m, const char *name, const char *text,
    unsigned long long num)
{
	struct sbuf b = SBUF_INIT;

	if (!text)
		(void)sbuf_putnum(&b, num);
	else if (*text)
		(void)sbuf_puts(&b, text);
	if (!text || *text)
		(void)sbuf_putc(&b, '\n');
	return add(m, name, 0644, &b);
}

int
supmap_build(struct supconf *c, size_t i, struct supmap *m)
{
	const struct supconf_proc *p = &c->proc[i];
	long long sec = p->v[SUPCONF_STOPWAITSECS], sig = p->v[SUPCONF_STOPSIGNAL];
	int w = logged(p);

	m->file = 0;
	m->n = 0;
	if (run_script(c, p, w, m) < 0 || env_dir(c, p, m) < 0 ||
	    (w >= 0 && log_script(c, p, w, m) < 0) || finish_script(p, m) < 0)
		return -1;
	if (w == 0 && !p->v[SUPCONF_REDIRECT_STDERR] &&
	    target(&p->log[1]) == TO_LOG && note(c, p, SUPCONF_STDERR,
	    "approximated: into stdout's log/ (one logger per service)", 0) < 0)
		return -1;
	if (!p->v[SUPCONF_AUTOSTART] && small_file(m, "down", "", 0) < 0)
		return -1;
	if (sig != SIGTERM && small_file(m, "down-signal",
	    signame_name((int)sig), (unsigned long long)sig) < 0)
		return -1;
	if (sec <= 0 && note(c, p, SUPCONF_STOPWAITSECS, "approximated: 1 ms",
	    0) < 0)
		return -1;
	if (small_file(m, "timeout-kill", 0, sec <= 0 ? 1 : sec > (1LL << 40) ?
	    1ULL << 50 : (unsigned long long)sec * 1000) < 0)
		return -1;
	if (p->v[SUPCONF_STOPASGROUP] && note(c, p, SUPCONF_STOPASGROUP,
	    "approximated: the stop signal reaches the program only; the "
	    "group gets SIGKILL", 0) < 0)
		return -1;
	return 0;
}
