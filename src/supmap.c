/* supmap.c - a supervisord process turned into a service directory, for
 * svimport (the mapping is in include/supmap.h and docs/svimport.8). */

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "sbuf.h"
#include "signame.h"
#include "supconf.h"
#include "supmap.h"

#define SIZE_MIN 4096		/* multilog's limits for s and S */
#define SIZE_S_MAX 16777215
#define SIZE_MAX_ 2147483647
#define FINISH_PERMANENT 125

int
supmap_quote(struct sbuf *b, const char *w)
{
	const char *p;

	if (*w && w[strspn(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_@%+=:,./-")] == 0)
		return sbuf_puts(b, w);
	(void)sbuf_putc(b, '\'');
	for (p = w; *p; ++p)
		if (*p == '\'')
			(void)sbuf_puts(b, "'\\''");
		else
			(void)sbuf_putc(b, *p);
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
	f->name = strdup(name);
	f->mode = mode;
	f->dir = !b;
	if (b)
		f->data = sbuf_done(b, &f->len);
	if (!f->name || (b && !f->data)) {
		free(f->name);
		free(f->data);
		return -1;
	}
	++m->n;
	return 0;
}

/* Where a stream goes. */
enum { TO_LOG, TO_NULL, TO_OUT, TO_ERR, TO_PATH };

static int
target(const struct supconf_log *l)
{
	static const char out[][16] = { "/dev/stdout", "/dev/fd/1",
		"/proc/self/fd/1" };
	static const char err[][16] = { "/dev/stderr", "/dev/fd/2",
		"/proc/self/fd/2" };
	size_t i;

	if (l->kind == SUPCONF_LOG_NONE)
		return TO_NULL;
	if (l->kind == SUPCONF_LOG_AUTO)
		return TO_LOG;
	for (i = 0; i < 3; ++i) {
		if (!strcmp(l->path, out[i]))
			return TO_OUT;
		if (!strcmp(l->path, err[i]))
			return TO_ERR;
	}
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
	if (!p->redirect_stderr && target(&p->log[1]) == TO_LOG)
		return 1;
	return -1;
}

/* The multilog directory of p's logged stream w, into b. */
static void
logdir(const struct supconf *c, const struct supconf_proc *p, int w,
    struct sbuf *b)
{
	const struct supconf_log *l = &p->log[w];
	size_t i;
	int shared = 0;

	if (l->kind == SUPCONF_LOG_AUTO) {
		(void)sbuf_puts(b, "./main");
		return;
	}
	for (i = 0; i < c->nproc; ++i) {
		const struct supconf_proc *q = &c->proc[i];
		int v = logged(q);

		if (q != p && v >= 0 && q->log[v].kind == SUPCONF_LOG_FILE &&
		    !strcmp(q->log[v].path, l->path))
			shared = 1;
	}
	(void)sbuf_puts(b, l->path);
	if (shared) {
		(void)sbuf_putc(b, '.');
		(void)sbuf_puts(b, p->name);
	}
	(void)sbuf_puts(b, ".d");
}

static int
note(struct supconf *c, const struct supconf_proc *p, int opt,
    const char *text, const char *more)
{
	struct supconf_where at = p->at[opt];

	if (!at.line)
		at = p->sec;
	return supconf_note(c, at.file, at.line, "[program:", p->program, "] ",
	    supconf_option_name(opt), ": ", text, more ? more : "", (char *)0);
}

/* The text of a redirection to source s (TO_NULL, TO_ERR, TO_PATH). */
static void
redirect(struct sbuf *b, int fd, int s, const char *path)
{
	(void)sbuf_putc(b, ' ');
	(void)sbuf_putc(b, (char)('0' + fd));
	if (s == TO_NULL) {
		(void)sbuf_puts(b, ">/dev/null");
	} else if (s == TO_PATH) {
		(void)sbuf_puts(b, ">>");
		(void)supmap_quote(b, path);
	} else {
		(void)sbuf_puts(b, ">&");
		(void)sbuf_putc(b, (char)('0' + (s == TO_ERR ? 2 : 1)));
	}
}

/* The descriptors: run starts with 1 = the log pipe (or svscan's
 * output when there is no log/) and 2 = svscan's error output. */
static int
descriptors(struct supconf *c, const struct supconf_proc *p, int w,
    struct sbuf *b)
{
	int s[2], k;
	struct sbuf r = SBUF_INIT;
	char *t;

	for (k = 0; k < 2; ++k) {
		s[k] = target(&p->log[k]);
		if (s[k] == TO_LOG)
			s[k] = TO_OUT;	/* the pipe: descriptor 1 */
		else if (s[k] == TO_OUT && w >= 0) {
			/* supervisord's own output is not there: fd 1 is
			 * the pipe. svscan's error output is nearest. */
			s[k] = TO_ERR;
			if (note(c, p, k ? SUPCONF_STDERR : SUPCONF_STDOUT,
			    "approximated: svscan's error output, since the "
			    "log pipe took the place of its output", 0) < 0)
				return -1;
		}
	}
	if (p->redirect_stderr)
		s[1] = -1;	/* a copy of what 1 becomes */
	if (s[1] == -1 && (s[0] == TO_OUT || s[0] == TO_ERR))
		s[1] = s[0];	/* the same as what 1 is now */
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
	if (!(t = sbuf_done(&r, 0)))
		return -1;
	if (*t) {
		(void)sbuf_puts(b, "exec");
		(void)sbuf_puts(b, t);
		(void)sbuf_putc(b, '\n');
	}
	free(t);
	return 0;
}

/* A comment line's text: control characters become '?'. */
static void
comment(struct sbuf *b, const char *s)
{
	for (; *s; ++s)
		(void)sbuf_putc(b, (unsigned char)*s < 0x20 || *s == 0x7f ?
		    '?' : *s);
}

static int
run_script(struct supconf *c, const struct supconf_proc *p, int w,
    struct supmap *m)
{
	struct sbuf b = SBUF_INIT;
	size_t i;

	(void)sbuf_puts(&b, "#!/bin/sh\n# svimport: [program:");
	comment(&b, p->program);
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
	if (p->umask >= 0) {
		(void)sbuf_puts(&b, "umask 0");
		for (i = 3; i-- > 0;)
			(void)sbuf_putc(&b, (char)('0' + ((p->umask >> (3 * i)) & 7)));
		(void)sbuf_putc(&b, '\n');
	}
	if (p->directory) {
		(void)sbuf_puts(&b, "cd ");
		(void)supmap_quote(&b, p->directory);
		(void)sbuf_puts(&b, " || exit 111\nexec envdir \"$OLDPWD/env\"");
	} else {
		(void)sbuf_puts(&b, "exec envdir ./env");
	}
	if (p->killasgroup)
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

static int
log_script(struct supconf *c, const struct supconf_proc *p, int w,
    struct supmap *m)
{
	const struct supconf_log *l = &p->log[w];
	int base = w ? SUPCONF_STDERR : SUPCONF_STDOUT;
	struct sbuf b = SBUF_INIT, d = SBUF_INIT;
	long long size = l->maxbytes, num = l->backups + 1;
	char *dir;
	int r = 0;

	if (size <= 0)
		r = note(c, p, base + SUPCONF_MAXBYTES, "approximated: "
		    "supervisord never rotates the file; multilog rotates at "
		    "2147483647 bytes", 0);
	else if (size < SIZE_MIN)
		r = note(c, p, base + SUPCONF_MAXBYTES, "approximated: "
		    "multilog's files hold at least 4096 bytes", 0);
	else if (size > SIZE_MAX_)
		r = note(c, p, base + SUPCONF_MAXBYTES, "approximated: "
		    "multilog's files hold at most 2147483647 bytes", 0);
	if (size <= 0 || size > SIZE_MAX_)
		size = SIZE_MAX_;
	if (size < SIZE_MIN)
		size = SIZE_MIN;
	if (r == 0 && num < 2)
		r = note(c, p, base + SUPCONF_BACKUPS, "approximated: multilog "
		    "keeps one old file at least", 0);
	if (num < 2)
		num = 2;
	logdir(c, p, w, &d);
	if (!(dir = sbuf_done(&d, 0)))
		return -1;
	if (r == 0 && l->kind == SUPCONF_LOG_FILE)
		r = supconf_note(c, p->at[base].file, p->at[base].line,
		    "[program:", p->program, "] ", supconf_option_name(base),
		    ": approximated: ", l->path, " becomes the multilog "
		    "directory ", dir, " (current file ", dir, "/current)",
		    (char *)0);
	(void)sbuf_puts(&b, "#!/bin/sh\nexec multilog t ");
	(void)sbuf_putc(&b, size > SIZE_S_MAX ? 'S' : 's');
	(void)sbuf_putnum(&b, (unsigned long long)size);
	(void)sbuf_puts(&b, " n");
	(void)sbuf_putnum(&b, (unsigned long long)num);
	(void)sbuf_putc(&b, ' ');
	(void)supmap_quote(&b, dir);
	(void)sbuf_putc(&b, '\n');
	free(dir);
	if (r < 0) {
		sbuf_free(&b);
		return -1;
	}
	if (add(m, "log", 0755, 0) < 0) {
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

	if (p->restart == SUPCONF_ALWAYS)
		return 0;
	(void)sbuf_puts(&b, "#!/bin/sh\n");
	if (p->restart == SUPCONF_NEVER) {
		(void)sbuf_puts(&b, "# autorestart=false: not restarted, "
		    "whatever the exit\nexit 125\n");
		return add(m, "finish", 0755, &b);
	}
	(void)sbuf_puts(&b, "# autorestart=unexpected: not restarted after "
	    "an expected exit code\ncase $1 in\n");
	for (code = 0; code < 256; ++code)
		if (p->exitcodes[code / 8] & (1 << (code % 8))) {
			(void)sbuf_puts(&b, any ? "|" : "");
			(void)sbuf_putnum(&b, (unsigned)code);
			any = 1;
		}
	if (!any) {	/* exitcodes= empty: nothing is expected */
		sbuf_free(&b);
		return 0;
	}
	(void)sbuf_puts(&b, ") exit 125 ;;\nesac\nexit 0\n");
	return add(m, "finish", 0755, &b);
}

/* env/NAME with value, as envdir reads it: a newline in the value is
 * written as NUL, which envdir turns back into a newline. */
static int
env_file(struct supconf *c, const struct supconf_proc *p, const char *name,
    size_t nlen, const char *value, struct supmap *m)
{
	struct sbuf b = SBUF_INIT, n = SBUF_INIT;
	size_t vlen = strlen(value), i;
	char *path;
	int r;

	(void)sbuf_puts(&n, "env/");
	(void)sbuf_put(&n, name, nlen);
	if (!(path = sbuf_done(&n, 0)))
		return -1;
	if (!nlen || name[0] == '.' || memchr(name, '/', nlen)) {
		r = note(c, p, SUPCONF_ENVIRONMENT, "not mapped: no file in "
		    "env/ can be named ", path + 4);
		free(path);
		return r;
	}
	if (vlen && (value[vlen - 1] == ' ' || value[vlen - 1] == '\t') &&
	    note(c, p, SUPCONF_ENVIRONMENT, "approximated: envdir drops the "
	    "blanks that end the value of ", path + 4) < 0) {
		free(path);
		return -1;
	}
	for (i = 0; i < vlen; ++i)
		(void)sbuf_putc(&b, value[i] == '\n' ? '\0' : value[i]);
	(void)sbuf_putc(&b, '\n');
	r = add(m, path, 0600, &b);
	free(path);
	return r;
}

static int
env_dir(struct supconf *c, const struct supconf_proc *p, struct supmap *m)
{
	static const char names[2][24] = { "SUPERVISOR_PROCESS_NAME",
		"SUPERVISOR_GROUP_NAME" };
	size_t i, k;

	if (add(m, "env", 0700, 0) < 0)
		return -1;
	/* As supervisord: these two first, the environment= may replace
	 * them. */
	for (k = 0; k < 2; ++k) {
		size_t nl = strlen(names[k]);

		for (i = 0; p->env[i]; ++i)
			if (!strncmp(p->env[i], names[k], nl) &&
			    p->env[i][nl] == '=')
				break;
		if (!p->env[i] && env_file(c, p, names[k], nl,
		    k ? p->group : p->name, m) < 0)
			return -1;
	}
	for (i = 0; p->env[i]; ++i) {
		const char *eq = strchr(p->env[i], '=');

		if (env_file(c, p, p->env[i], (size_t)(eq - p->env[i]), eq + 1,
		    m) < 0)
			return -1;
	}
	return 0;
}

static int
small_file(struct supmap *m, const char *name, const char *text,
    unsigned long long num)
{
	struct sbuf b = SBUF_INIT;

	if (text)
		(void)sbuf_puts(&b, text);
	else
		(void)sbuf_putnum(&b, num);
	if (text && !*text)
		return add(m, name, 0644, &b);
	(void)sbuf_putc(&b, '\n');
	return add(m, name, 0644, &b);
}

int
supmap_build(struct supconf *c, size_t i, struct supmap *m)
{
	const struct supconf_proc *p = &c->proc[i];
	int w = logged(p);
	long long ms;

	m->file = 0;
	m->n = 0;
	if (run_script(c, p, w, m) < 0 || env_dir(c, p, m) < 0 ||
	    (w >= 0 && log_script(c, p, w, m) < 0) || finish_script(p, m) < 0)
		return -1;
	if (w == 0 && !p->redirect_stderr && target(&p->log[1]) == TO_LOG &&
	    note(c, p, SUPCONF_STDERR, "approximated: its lines go to the same "
	    "log/ as stdout's (one logger per service)", 0) < 0)
		return -1;
	if (!p->autostart && small_file(m, "down", "", 0) < 0)
		return -1;
	if (p->stopsignal != SIGTERM) {
		const char *name = signame_name(p->stopsignal);

		if (small_file(m, "down-signal", name, (unsigned)p->stopsignal) < 0)
			return -1;
	}
	ms = p->stopwaitsecs > (1LL << 40) ? (1LL << 50) :
	    p->stopwaitsecs * 1000;
	if (ms <= 0) {
		ms = 1;
		if (note(c, p, SUPCONF_STOPWAITSECS, "approximated: SIGKILL "
		    "follows after a millisecond", 0) < 0)
			return -1;
	}
	if (small_file(m, "timeout-kill", 0, (unsigned long long)ms) < 0)
		return -1;
	if (p->stopasgroup && note(c, p, SUPCONF_STOPASGROUP, "approximated: "
	    "the stop signal goes to the program only; its process group gets "
	    "SIGKILL after stopwaitsecs (pgrphack, timeout-kill)", 0) < 0)
		return -1;
	return 0;
}
