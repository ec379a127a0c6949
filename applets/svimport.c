/* svimport - write one service directory per process of a supervisord
 * configuration into DIR, each made whole under a temporary name and
 * renamed into place; -n prints them instead. What has no equivalent is
 * reported on stderr with its file and line (supconf.h, supmap.h). */

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "applets.h"
#include "die.h"
#include "num.h"
#include "obuf.h"
#include "opt.h"
#include "portab.h"
#include "sbuf.h"
#include "supconf.h"
#include "supmap.h"

static const char usage[] = "svimport [-n] conf dir";

extern char **environ;

/* A+B+C, malloc'd. */
static char *
cat3(const char *a, const char *b, const char *c)
{
	struct sbuf s = SBUF_INIT;
	char *r;

	(void)sbuf_puts(&s, a);
	(void)sbuf_puts(&s, b);
	(void)sbuf_puts(&s, c);
	if (!(r = sbuf_done(&s, 0)))
		die_nomem();
	return r;
}

static void
user_note(struct supconf *c, const struct supconf_proc *p, const char *text,
    const char *more)
{
	if (supconf_note(c, p->at[SUPCONF_USER].line ? p->at[SUPCONF_USER] :
	    p->sec, p->section, "user", text, more) < 0)
		die_nomem();
}

/* setuidgid takes an account name: a uid is written as its name. And
 * supervisord gives the account the groups /etc/group lists it in, where
 * setuidgid gives its primary group alone: said when that matters. */
static void
check_user(struct supconf *c, struct supconf_proc *p)
{
	struct sbuf f = SBUF_INIT, g = SBUF_INIT;
	struct passwd *pw;
	unsigned long id;
	char *line, *next;

	if (!p->user)
		return;
	if (num_parse_ulong(p->user, &id) == 0) {
		if (!(pw = getpwuid((uid_t)id))) {
			user_note(c, p, "no account has this uid here", 0);
			return;
		}
		user_note(c, p, "the uid is written as its account, ",
		    pw->pw_name);
		free(p->user);
		if (!(p->user = strdup(pw->pw_name)))
			die_nomem();
	} else if (!(pw = getpwnam(p->user))) {
		user_note(c, p, "no such account here", 0);
		return;
	}
	/* NAME:PASSWORD:GID:MEMBER,MEMBER,... */
	if (sbuf_readfile(&f, "/etc/group") < 0 && errno == ENOMEM)
		die_nomem();
	for (line = f.s; line && *line; line = next) {
		char *field[4], *m;
		size_t k;

		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = 0;
		for (k = 0; k < 4 && line; ++k) {
			field[k] = line;
			if ((line = strchr(line, ':')))
				*line++ = 0;
		}
		if (k < 4 || (num_parse_ulong(field[2], &id) == 0 &&
		    id == pw->pw_gid))
			continue;
		for (m = field[3]; *m; m += k + !!m[k])
			if ((k = strcspn(m, ",")) == strlen(p->user) &&
			    !strncmp(m, p->user, k)) {
				(void)sbuf_puts(&g, g.len ? "," : "");
				(void)sbuf_puts(&g, field[0]);
			}
	}
	if (g.failed)
		die_nomem();
	if (g.len)
		user_note(c, p, "approximated: its primary group alone; "
		    "supervisord also gave it ", g.s);
	sbuf_free(&f);
	sbuf_free(&g);
}

/* The plan of one directory, on fd 1. */
static void
print_plan(struct obuf *o, const char *dir, const struct supconf_proc *p,
    const struct supmap *m)
{
	size_t i, k;

	for (i = 0; i < m->n; ++i) {
		const struct supmap_file *f = &m->file[i];
		char mode[6] = " 0";

		for (k = 0; k < 3; ++k)
			mode[2 + k] = (char)('0' + ((f->mode >> (6 - 3 * k)) & 7));
		(void)obuf_puts(o, dir);
		(void)obuf_putc(o, '/');
		(void)obuf_puts(o, p->name);
		(void)obuf_putc(o, '/');
		(void)obuf_puts(o, f->name);
		(void)obuf_puts(o, f->dir ? "/" : "");
		(void)obuf_put(o, mode, 5);
		(void)obuf_putc(o, '\n');
		for (k = 0; k < f->len; ++k) {
			if (k == 0 || f->data[k - 1] == '\n')
				(void)obuf_putc(o, '\t');
			(void)obuf_puts(o, f->data[k] ? (char[2]){ f->data[k], 0 } :
			    "^@");
		}
	}
}

/* Makes f at path; 0, or -1 with errno. */
static int
make(const char *path, const struct supmap_file *f)
{
	int fd, e;

	if (f->dir)
		return mkdir(path, 0700) < 0 ? -1 : chmod(path, (mode_t)f->mode);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
		return -1;
	if (obuf_write_all(fd, f->data, f->len) < 0 ||
	    fchmod(fd, (mode_t)f->mode) < 0 || fsync(fd) < 0) {
		e = errno;
		(void)close(fd);	/* the error that counts is e */
		errno = e;
		return -1;
	}
	return close(fd);
}

/* DIR/.svimport.NAME.PID, filled, synced and renamed to DIR/NAME; on a
 * failure what was made is removed (errors ignored: the way out) and
 * svimport dies. */
static void
write_dir(const char *dir, const char *name, const struct supmap *m)
{
	char pid[NUM_FMT_ULONG + 2] = ".";
	char *tmp, *final = cat3(dir, "/", name), *p;
	const char *what = "unable to write ", *to = "";
	size_t i;
	int fd, e;

	pid[1 + num_fmt_ulong(pid + 1, (unsigned long long)getpid())] = 0;
	p = cat3(dir, "/.svimport.", name);
	tmp = cat3(p, pid, "");
	free(p);
	/* A name starting with a dot: svscan passes it by meanwhile. */
	if (mkdir(tmp, 0755) < 0 || chmod(tmp, 0755) < 0)
		die_sys(DIE_TEMP, "unable to create ", tmp);
	for (i = 0; i < m->n; ++i) {
		p = cat3(tmp, "/", m->file[i].name);
		if (make(p, &m->file[i]) < 0) {
			++i;	/* it may be there, half made */
			goto fail;
		}
		free(p);
	}
	p = tmp;
	what = "unable to sync ";
	if ((fd = open(tmp, O_RDONLY | O_CLOEXEC)) < 0 || fsync(fd) < 0)
		goto fail;
	(void)close(fd);	/* read-only: nothing to lose */
	what = "unable to rename ";
	to = " to ";
	if (portab_rename_noreplace(tmp, final) < 0)
		goto fail;
	free(tmp);
	free(final);
	return;
fail:
	e = errno;
	while (i-- > 0) {
		char *f = cat3(tmp, "/", m->file[i].name);

		(void)(m->file[i].dir ? rmdir(f) : unlink(f));
		free(f);
	}
	(void)rmdir(tmp);
	errno = e;
	die_sys(DIE_TEMP, what, p, to, *to ? final : "");
}

/* Reads conf, with what it includes, into c and makes its processes; an
 * error is fatal. */
static void
read_conf(struct supconf *c, const char *conf)
{
	char num[NUM_FMT_ULONG + 1];

	if (supconf_load(c, conf) < 0 || supconf_build(c) < 0) {
		if (c->err.kind == SUPCONF_E_IO)
			die_sys(DIE_TEMP, "unable to read ", conf);
		if (c->err.kind != SUPCONF_E_FORMAT)
			die_nomem();
		num[num_fmt_ulong(num, c->err.line)] = 0;
		die_x(DIE_USAGE, c->file[c->err.file], ":", num, ": ",
		    c->err.what);
	}
}

/* The service directory of each process of c, malloc'd; before any is
 * made, svimport dies if one of them exists in dir, and says what
 * becomes of each user. */
static struct supmap *
map_all(struct supconf *c, const char *dir)
{
	struct supmap *maps;
	struct stat sb;
	size_t i;

	if (!(maps = calloc(c->nproc + 1, sizeof *maps)))
		die_nomem();
	for (i = 0; i < c->nproc; ++i) {
		char *target = cat3(dir, "/", c->proc[i].name);

		if (lstat(target, &sb) == 0)
			die_x(DIE_USAGE, target, " exists: nothing written "
			    "(svimport replaces nothing)");
		free(target);
		check_user(c, &c->proc[i]);
	}
	for (i = 0; i < c->nproc; ++i)
		if (supmap_build(c, i, &maps[i]) < 0)
			die_nomem();
	return maps;
}

/* The directories in dir (made if need be); with dry, their plan on
 * fd 1 instead. */
static void
carry_out(const struct supconf *c, const char *dir,
    const struct supmap *maps, int dry)
{
	struct obuf out;
	char buf[4096];
	size_t i;

	if (dry) {
		obuf_init(&out, 1, buf, sizeof buf);
		for (i = 0; i < c->nproc; ++i)
			print_plan(&out, dir, &c->proc[i], &maps[i]);
		if (obuf_flush(&out) < 0)
			die_sys(DIE_TEMP, "unable to write output");
		return;
	}
	if (c->nproc && mkdir(dir, 0755) < 0 && errno != EEXIST)
		die_sys(DIE_TEMP, "unable to create ", dir);
	for (i = 0; i < c->nproc; ++i)
		write_dir(dir, c->proc[i].name, &maps[i]);
}

/* The report, then what was done, on fd 2: nowhere to report a failure
 * to write it. */
static void
report(struct supconf *c, const char *dir, int dry)
{
	struct obuf out;
	char buf[4096], num[NUM_FMT_ULONG + 1];
	size_t i;

	supconf_sort_notes(c);
	obuf_init(&out, 2, buf, sizeof buf);
	for (i = 0; i < c->nnote; ++i) {
		(void)obuf_puts(&out, "svimport: ");
		(void)obuf_puts(&out, c->file[c->note[i].file]);
		num[num_fmt_ulong(num, c->note[i].line)] = 0;
		(void)obuf_puts(&out, c->note[i].line ? ":" : "");
		(void)obuf_puts(&out, c->note[i].line ? num : "");
		(void)obuf_puts(&out, ": ");
		(void)obuf_puts(&out, c->note[i].text);
		(void)obuf_putc(&out, '\n');
	}
	num[num_fmt_ulong(num, c->nproc)] = 0;
	(void)obuf_puts(&out, dry ? "svimport: -n: " : "svimport: ");
	(void)obuf_puts(&out, num);
	(void)obuf_puts(&out, dry ? " service directories to write in " :
	    " service directories written in ");
	(void)obuf_puts(&out, dir);
	(void)obuf_puts(&out, dry ? "; nothing written\n" : "\n");
	(void)obuf_flush(&out);
}

int
svimport_main(int argc, char **argv)
{
	struct supconf c;
	struct supmap *maps;
	struct utsname u;
	struct opt o;
	char cwd[4096];
	const char *dir;
	size_t i;
	int k, dry = 0;

	opt_init(&o, argc, argv, "n");
	while ((k = opt_next(&o)) != OPT_END) {
		if (k != 'n') {
			(void)opt_complain(&o);
			die_usage(usage);
		}
		dry = 1;
	}
	if (argc - o.ind != 2)
		die_usage(usage);
	dir = argv[o.ind + 1];

	memset(&c, 0, sizeof c);
	c.environ = environ;
	c.host = uname(&u) == 0 ? u.nodename : "";
	if (!(c.cwd = getcwd(cwd, sizeof cwd)))
		die_sys(DIE_TEMP, "unable to get the current directory");
	read_conf(&c, argv[o.ind]);
	maps = map_all(&c, dir);
	carry_out(&c, dir, maps, dry);
	report(&c, dir, dry);
	for (i = 0; i < c.nproc; ++i)
		supmap_free(&maps[i]);
	free(maps);
	supconf_free(&c);
	return 0;
}
