/* svimport - write one service directory per process of a supervisord
 * configuration into DIR, each made whole under a temporary name and
 * renamed into place; -n prints them instead. What has no equivalent is
 * reported on stderr with its file and line (supconf.h, supmap.h). */

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
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

/* DIR/NAME (or DIR/NAME/FILE), malloc'd. */
static char *
path_of(const char *dir, const char *name, const char *file)
{
	struct sbuf b = SBUF_INIT;
	char *p;

	(void)sbuf_puts(&b, dir);
	(void)sbuf_putc(&b, '/');
	(void)sbuf_puts(&b, name);
	if (file) {
		(void)sbuf_putc(&b, '/');
		(void)sbuf_puts(&b, file);
	}
	if (!(p = sbuf_done(&b, 0)))
		die_nomem();
	return p;
}

static void
note(struct supconf *c, const struct supconf_proc *p, const char *a,
    const char *b, const char *d, const char *e)
{
	const struct supconf_where *at = p->at[SUPCONF_USER].line ?
	    &p->at[SUPCONF_USER] : &p->sec;

	if (supconf_note(c, at->file, at->line, "[program:", p->program,
	    "] user: ", a, b, d, e, (char *)0) < 0)
		die_nomem();
}

/* setuidgid takes an account name: a uid is written as its name. And
 * supervisord gives the account its groups from the group file, where
 * setuidgid gives it its primary group alone: said, when it matters. */
static void
check_user(struct supconf *c, struct supconf_proc *p)
{
	struct passwd *pw;
	struct group *gr;
	struct sbuf groups = SBUF_INIT;
	unsigned long uid;
	char *g;

	if (!p->user)
		return;
	if (num_parse_ulong(p->user, &uid) == 0) {
		if (!(pw = getpwuid((uid_t)uid))) {
			note(c, p, "no account has the uid ", p->user,
			    " here; setuidgid needs an account name", "");
			return;
		}
		note(c, p, "the uid ", p->user, " is written as its account, ",
		    pw->pw_name);
		free(p->user);
		if (!(p->user = strdup(pw->pw_name)))
			die_nomem();
	} else if (!(pw = getpwnam(p->user))) {
		note(c, p, "no account ", p->user, " here (supervisord refuses "
		    "the file without it)", "");
		return;
	}
	setgrent();
	while ((gr = getgrent())) {
		char **m;

		if (gr->gr_gid == pw->pw_gid)
			continue;
		for (m = gr->gr_mem; *m; ++m)
			if (!strcmp(*m, p->user)) {
				if (groups.len)
					(void)sbuf_puts(&groups, ",");
				(void)sbuf_puts(&groups, gr->gr_name);
				break;
			}
	}
	endgrent();
	if (!(g = sbuf_done(&groups, 0)))
		die_nomem();
	if (*g)
		note(c, p, "approximated: setuidgid gives it its primary group "
		    "alone; supervisord also gave it ", g, " (from the group file)",
		    "");
	free(g);
}

/* supervisord refuses a log file whose directory is missing; so would
 * multilog, which makes only the last part of its directory. */
static void
check_logs(struct supconf *c, const struct supconf_proc *p)
{
	struct stat sb;
	int w;

	for (w = 0; w < 2; ++w) {
		const struct supconf_log *l = &p->log[w];
		int opt = w ? SUPCONF_STDERR : SUPCONF_STDOUT;
		char *d;

		if (l->kind != SUPCONF_LOG_FILE || !strncmp(l->path, "/dev/", 5))
			continue;
		if (!(d = strdup(l->path)))
			die_nomem();
		*strrchr(d, '/') = 0;
		if (stat(*d ? d : "/", &sb) < 0 && supconf_note(c,
		    p->at[opt].file, p->at[opt].line, "[program:", p->program,
		    "] ", supconf_option_name(opt), ": the directory ", d,
		    " is not there (supervisord refuses the file without it, "
		    "and multilog needs it)", (char *)0) < 0)
			die_nomem();
		free(d);
	}
}

/* The plan of one directory, on fd 1. */
static void
print_plan(struct obuf *o, const char *dir, const struct supconf_proc *p,
    const struct supmap *m)
{
	char mode[8];
	size_t i, k;

	for (i = 0; i < m->n; ++i) {
		const struct supmap_file *f = &m->file[i];

		mode[0] = '0';
		for (k = 0; k < 3; ++k)
			mode[1 + k] = (char)('0' + ((f->mode >> (6 - 3 * k)) & 7));
		mode[4] = 0;
		(void)obuf_puts(o, dir);
		(void)obuf_putc(o, '/');
		(void)obuf_puts(o, p->name);
		(void)obuf_putc(o, '/');
		(void)obuf_puts(o, f->name);
		(void)obuf_puts(o, f->dir ? "/ " : " ");
		(void)obuf_puts(o, mode);
		(void)obuf_putc(o, '\n');
		for (k = 0; k < f->len; ++k) {
			if (k == 0 || f->data[k - 1] == '\n')
				(void)obuf_putc(o, '\t');
			if (f->data[k])
				(void)obuf_putc(o, f->data[k]);
			else
				(void)obuf_puts(o, "^@");
		}
	}
}

/* Removes what write_dir made (in reverse order); errors are ignored:
 * this is the clean-up on the way to a fatal error. */
static void
remove_tmp(const char *tmp, const struct supmap *m, size_t made)
{
	while (made--) {
		char *f = path_of(tmp, m->file[made].name, 0);

		if (m->file[made].dir)
			(void)rmdir(f);	/* the clean-up of a failure */
		else
			(void)unlink(f);
		free(f);
	}
	(void)rmdir(tmp);
}

/* Makes f at path; 0, or -1 with errno. */
static int
make(const char *path, const struct supmap_file *f)
{
	int fd, e;

	if (f->dir)
		return mkdir(path, 0700) < 0 ? -1 : chmod(path, (mode_t)f->mode);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
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

/* DIR/.svimport.NAME.PID, filled and renamed to DIR/NAME. */
static void
write_dir(const char *dir, const char *name, const struct supmap *m)
{
	char pid[NUM_FMT_ULONG + 1], *tmpname, *tmp, *final;
	struct sbuf b = SBUF_INIT;
	size_t i;
	int fd;

	pid[num_fmt_ulong(pid, (unsigned long long)getpid())] = 0;
	(void)sbuf_puts(&b, ".svimport.");
	(void)sbuf_puts(&b, name);
	(void)sbuf_putc(&b, '.');
	(void)sbuf_puts(&b, pid);
	if (!(tmpname = sbuf_done(&b, 0)))
		die_nomem();
	tmp = path_of(dir, tmpname, 0);
	final = path_of(dir, name, 0);
	/* A name starting with a dot: svscan passes it by meanwhile. */
	if (mkdir(tmp, 0755) < 0 || chmod(tmp, 0755) < 0)
		die_sys(DIE_TEMP, "unable to create ", tmp);
	for (i = 0; i < m->n; ++i) {
		char *p = path_of(tmp, m->file[i].name, 0);

		if (make(p, &m->file[i]) < 0) {
			int e = errno;

			remove_tmp(tmp, m, i + 1);
			errno = e;
			die_sys(DIE_TEMP, "unable to write ", p);
		}
		free(p);
	}
	fd = open(tmp, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) < 0) {
		int e = errno;

		remove_tmp(tmp, m, m->n);
		errno = e;
		die_sys(DIE_TEMP, "unable to sync ", tmp);
	}
	(void)close(fd);	/* read-only: nothing to lose */
	if (portab_rename_noreplace(tmp, final) < 0) {
		int e = errno;

		remove_tmp(tmp, m, m->n);
		errno = e;
		die_sys(DIE_TEMP, "unable to rename ", tmp, " to ", final);
	}
	free(tmpname);
	free(tmp);
	free(final);
}

/* The notes, then what was done. */
static void
report(struct supconf *c, int dry, const char *dir)
{
	char count[NUM_FMT_ULONG + 1];
	char buf[2048];
	struct obuf o;
	size_t i;

	supconf_sort_notes(c);
	obuf_init(&o, 2, buf, sizeof buf);
	for (i = 0; i < c->nnote; ++i) {
		const struct supconf_note *n = &c->note[i];

		(void)obuf_puts(&o, "svimport: ");
		(void)obuf_puts(&o, c->file[n->file]);
		if (n->line) {
			char d[NUM_FMT_ULONG + 1];

			d[num_fmt_ulong(d, n->line)] = 0;
			(void)obuf_putc(&o, ':');
			(void)obuf_puts(&o, d);
		}
		(void)obuf_puts(&o, ": ");
		(void)obuf_puts(&o, n->text);
		(void)obuf_putc(&o, '\n');
	}
	count[num_fmt_ulong(count, c->nproc)] = 0;
	(void)obuf_puts(&o, dry ? "svimport: -n: " : "svimport: ");
	(void)obuf_puts(&o, count);
	(void)obuf_puts(&o, c->nproc == 1 ? " service directory " :
	    " service directories ");
	(void)obuf_puts(&o, dry ? "to write in " : "written in ");
	(void)obuf_puts(&o, dir);
	(void)obuf_puts(&o, dry ? "; nothing written\n" : "\n");
	(void)obuf_flush(&o);	/* stderr: nowhere to report its failure */
}

int
svimport_main(int argc, char **argv)
{
	struct supconf c;
	struct supmap *maps;
	struct utsname u;
	struct stat sb;
	struct opt o;
	char cwd[4096];
	const char *conf, *dir;
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
	conf = argv[o.ind];
	dir = argv[o.ind + 1];

	memset(&c, 0, sizeof c);
	c.environ = environ;
	c.host = uname(&u) == 0 ? u.nodename : "";
	if (!getcwd(cwd, sizeof cwd))
		die_sys(DIE_TEMP, "unable to get the current directory");
	c.cwd = cwd;
	if (supconf_load(&c, conf) < 0 || supconf_build(&c) < 0) {
		char line[NUM_FMT_ULONG + 1];

		if (c.err.kind == SUPCONF_E_IO)
			die_sys(DIE_TEMP, "unable to read ", conf);
		if (c.err.kind != SUPCONF_E_FORMAT)
			die_nomem();
		line[num_fmt_ulong(line, c.err.line)] = 0;
		die_x(DIE_USAGE, c.file[c.err.file], ":", line, ": ", c.err.what);
	}
	for (i = 0; i < c.nproc; ++i) {
		char *target = path_of(dir, c.proc[i].name, 0);

		if (lstat(target, &sb) == 0)
			die_x(DIE_USAGE, target, " already exists: nothing written "
			    "(svimport never replaces anything)");
		if (errno != ENOENT && errno != ENOTDIR)
			die_sys(DIE_TEMP, "unable to look at ", target);
		free(target);
		check_user(&c, &c.proc[i]);
		check_logs(&c, &c.proc[i]);
	}
	if (!(maps = calloc(c.nproc + 1, sizeof *maps)))
		die_nomem();
	for (i = 0; i < c.nproc; ++i)
		if (supmap_build(&c, i, &maps[i]) < 0)
			die_nomem();

	if (dry) {
		char buf[4096];
		struct obuf out;

		obuf_init(&out, 1, buf, sizeof buf);
		for (i = 0; i < c.nproc; ++i)
			print_plan(&out, dir, &c.proc[i], &maps[i]);
		if (obuf_flush(&out) < 0)
			die_sys(DIE_TEMP, "unable to write output");
	} else {
		if (c.nproc && mkdir(dir, 0755) < 0 && errno != EEXIST)
			die_sys(DIE_TEMP, "unable to create ", dir);
		for (i = 0; i < c.nproc; ++i)
			write_dir(dir, c.proc[i].name, &maps[i]);
	}
	report(&c, dry, dir);
	for (i = 0; i < c.nproc; ++i)
		supmap_free(&maps[i]);
	free(maps);
	supconf_free(&c);
	return 0;
}
