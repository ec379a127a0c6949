/* test_supconf.c - supervisord's configuration as supervisord reads it:
 * the value types, shlex's two modes, expansions, numprocs and groups,
 * [include] globs, notes and errors. The expected values were printed by
 * supervisor 4.2.5 (ServerOptions.read_config and its datatypes). */

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "supconf.h"

static void
test_values(void **state)
{
	const char *why;
	long long v;
	int b;
	unsigned char bits[32];

	(void)state;
	assert_int_equal(supconf_int("+5", &v, &why), 0);
	assert_int_equal(v, 5);
	assert_int_equal(supconf_int("1_000", &v, &why), 0);
	assert_int_equal(v, 1000);
	assert_int_equal(supconf_int(" -3 ", &v, &why), 0);
	assert_int_equal(v, -3);
	assert_int_equal(supconf_int("_1", &v, &why), -1);
	assert_int_equal(supconf_int("1__0", &v, &why), -1);
	assert_int_equal(supconf_int("0x10", &v, &why), -1);
	assert_int_equal(supconf_int("", &v, &why), -1);
	assert_string_equal(why, "not a number");
	assert_int_equal(supconf_bool("TRUE", &b, &why), 0);
	assert_int_equal(b, 1);
	assert_int_equal(supconf_bool("off", &b, &why), 0);
	assert_int_equal(b, 0);
	assert_int_equal(supconf_bool("0", &b, &why), 0);
	assert_int_equal(b, 0);
	assert_int_equal(supconf_bool("maybe", &b, &why), -1);
	assert_int_equal(supconf_bool("truex", &b, &why), -1);
	assert_int_equal(supconf_bytes("50MB", &v, &why), 0);
	assert_int_equal(v, 52428800);
	assert_int_equal(supconf_bytes("1kb", &v, &why), 0);
	assert_int_equal(v, 1024);
	assert_int_equal(supconf_bytes(" 5 MB", &v, &why), 0);
	assert_int_equal(v, 5242880);
	assert_int_equal(supconf_bytes("1GB", &v, &why), 0);
	assert_int_equal(v, 1073741824);
	assert_int_equal(supconf_bytes("-1", &v, &why), 0);
	assert_int_equal(v, -1);
	assert_int_equal(supconf_bytes("1.5MB", &v, &why), -1);
	assert_int_equal(supconf_octal("022", &b, &why), 0);
	assert_int_equal(b, 022);
	assert_int_equal(supconf_octal("0o22", &b, &why), 0);
	assert_int_equal(b, 022);
	assert_int_equal(supconf_octal("  7 ", &b, &why), 0);
	assert_int_equal(b, 7);
	assert_int_equal(supconf_octal("8", &b, &why), -1);
	assert_int_equal(supconf_octal("0x1", &b, &why), -1);
	assert_int_equal(supconf_octal("", &b, &why), -1);
	assert_int_equal(supconf_exitcodes(" 1 , 2", bits, &why), 0);
	assert_int_equal(bits[0], 6);
	assert_int_equal(supconf_exitcodes("", bits, &why), 0);
	assert_int_equal(bits[0], 0);
	assert_int_equal(supconf_exitcodes("255", bits, &why), 0);
	assert_int_equal(bits[31], 0x80);
	assert_int_equal(supconf_exitcodes("256", bits, &why), -1);
	assert_int_equal(supconf_exitcodes("-1", bits, &why), -1);
	assert_int_equal(supconf_exitcodes("0,,1", bits, &why), -1);
	assert_int_equal(supconf_exitcodes("0,", bits, &why), -1);
	assert_int_equal(supconf_signal("quit", &b, &why), 0);
	assert_int_equal(b, SIGQUIT);
	assert_int_equal(supconf_signal(" SIGHUP ", &b, &why), 0);
	assert_int_equal(b, SIGHUP);
	assert_int_equal(supconf_signal("9", &b, &why), 0);
	assert_int_equal(b, 9);
	assert_int_equal(supconf_signal("NOPE", &b, &why), -1);
}

/* Splits s and compares with the n words of want. */
static void
splits(const char *s, int n, const char *want[])
{
	const char *why = 0;
	char **argv;
	int i;

	if (supconf_split(s, &argv, &why) < 0)
		fail_msg("%s: %s", s, why);
	for (i = 0; i < n; ++i) {
		assert_non_null(argv[i]);
		assert_string_equal(argv[i], want[i]);
	}
	assert_null(argv[n]);
	supconf_free_list(argv);
}

static void
test_split(void **state)
{
	const char *w1[] = { "bash", "-c", "echo \"hi\" \\$HOME" };
	const char *w2[] = { "a", "b c", "d e" };
	const char *w3[] = { "x", "a\\b", "a\\b", "a\\b" };
	const char *w4[] = { "x", "" };
	const char *w5[] = { "a#b", "c" };
	const char *w6[] = { "x\ny" };
	const char *w7[] = { "ab'c d'", "e" };
	const char *why;
	char **argv;

	(void)state;
	splits("bash -c \"echo \\\"hi\\\" \\$HOME\"", 3, w1);
	splits("a 'b c' d\\ e", 3, w2);
	splits("x \"a\\b\" \"a\\\\b\" 'a\\b'", 4, w3);
	splits("x \"\"", 2, w4);
	splits("a#b c", 2, w5);
	splits("x\\\ny", 1, w6);
	splits("  ab\"'c d'\"  e ", 2, w7);
	splits("", 0, w1);
	splits(" \t ", 0, w1);
	assert_int_equal(supconf_split("a\\", &argv, &why), -1);
	assert_string_equal(why, "no character after \\");
	assert_int_equal(supconf_split("\"x", &argv, &why), -1);
	assert_string_equal(why, "no closing quotation");
	assert_null(argv);
}

/* The environment "KEY=val,..." gives the n "K=V" of want. */
static void
env_is(const char *s, int n, const char *want[])
{
	const char *why = 0;
	char **env;
	int i;

	if (supconf_env(s, &env, &why) < 0)
		fail_msg("[%s]: %s", s, why);
	for (i = 0; i < n; ++i) {
		assert_non_null(env[i]);
		assert_string_equal(env[i], want[i]);
	}
	assert_null(env[n]);
	supconf_free_list(env);
}

static void
env_refused(const char *s, const char *what)
{
	const char *why = 0;
	char **env = (char **)1;

	assert_int_equal(supconf_env(s, &env, &why), -1);
	assert_null(env);
	assert_string_equal(why, what);
}

static void
test_env(void **state)
{
	const char *e1[] = { "A=1", "B=2" };
	const char *e2[] = { "A=x y", "B=z" };
	const char *e3[] = { "A=http://x:80/p", "q=1" };
	const char *e4[] = { "\"A\"=1" };
	const char *e5[] = { "A=-3.5e+2" };
	const char *e6[] = { "A=" };
	const char *e7[] = { "A=\xc3\xa9" };
	const char *e8[] = { "PATH=/usr/bin:/bin", "HOME=/root" };
	const char *e9[] = { "A=a,b", "B=c d" };
	const char *e10[] = { "A=x" };
	const char *e11[] = { "A=3", "B=2" };

	(void)state;
	env_is("A=1,B=2", 2, e1);
	env_is("A=\"x y\",B='z'", 2, e2);
	env_is("A=http://x:80/p?q=1", 2, e3);
	env_is("A = 1 , B = 2", 2, e1);
	env_is("A=1,B=2,", 2, e1);
	env_is("\"A\"=1", 1, e4);
	env_is("A=-3.5e+2", 1, e5);
	env_is("A=''", 1, e6);
	env_is("A=\xc3\xa9", 1, e7);
	env_is("PATH=/usr/bin:/bin,HOME=/root", 2, e8);
	env_is("A=\"a,b\",B=\"c d\"", 2, e9);
	env_is("A=\"x\"y\"z\"", 1, e10);
	env_is("A=1,B=2,A=3", 2, e11);
	env_is("", 0, e1);
	env_is("# just a comment", 0, e1);
	env_refused("A=user@host", "not KEY=value,...");
	env_refused("A=x#y\nB=2", "not KEY=value,...");
	env_refused("A=x\"y z\",B=1", "not KEY=value,...");
	env_refused("A=", "not KEY=value,...");
	env_refused("A=1 B=2", "not KEY=value,...");
	env_refused("A=\"unterminated", "no closing quotation");
}

static char *const environ_test[] = { "PORT=8080", "HOME=/home/u", 0 };

static void
init(struct supconf *c)
{
	memset(c, 0, sizeof *c);
	c->environ = environ_test;
	c->host = "box";
	c->cwd = "/work";
}

static const char main_conf[] =
	"[supervisord]\n"
	"environment=GLOBAL=\"g\",SHARED=\"from-sup\"\n"
	"[program:web]\n"
	"command=/usr/bin/python3 -m http.server %(ENV_PORT)s --bind \"127.0.0.1\"\n"
	"directory=%(here)s/www\n"
	"umask=027\n"
	"autostart=false\n"
	"autorestart=true\n"
	"stopsignal=quit\n"
	"stopwaitsecs=3\n"
	"stopasgroup=true\n"
	"redirect_stderr=true\n"
	"stdout_logfile=%(here)s/logs/web.log\n"
	"stdout_logfile_maxbytes=1MB\n"
	"stdout_logfile_backups=3\n"
	"environment=SHARED=\"mine\",B='x y',C=%(program_name)s\n"
	"priority=5\n"
	"[program:worker]\n"
	"command=sh -c 'echo %(process_num)d; sleep 100'\n"
	"process_name=%(program_name)s_%(process_num)02d\n"
	"numprocs=2\n"
	"numprocs_start=1\n"
	"exitcodes=0,2\n"
	"stderr_logfile=NONE\n"
	"stdout_logfile=AUTO\n"
	"startsecs=5\n"
	"[group:g]\n"
	"programs=worker\n"
	"priority=10\n"
	"[unix_http_server]\n"
	"file=/tmp/s.sock\n"
	"[program:other]\n"
	"command=/bin/true\n"
	"stdout_logfile=~/x.log\n"
	"bogus=1\n";

static void
test_build(void **state)
{
	struct supconf c;
	const struct supconf_proc *p;

	(void)state;
	init(&c);
	assert_int_equal(supconf_add(&c, main_conf, sizeof main_conf - 1,
	    "etc/main.conf"), 0);
	assert_int_equal(supconf_build(&c), 0);
	assert_string_equal(c.here[0], "/work/etc");
	assert_int_equal(c.nproc, 4);
	/* Groups first, as supervisord builds them. */
	assert_string_equal(c.proc[0].name, "worker_01");
	assert_string_equal(c.proc[1].name, "worker_02");
	assert_string_equal(c.proc[2].name, "web");
	assert_string_equal(c.proc[3].name, "other");

	p = supconf_find(&c, "web");
	assert_non_null(p);
	assert_string_equal(p->argv[0], "/usr/bin/python3");
	assert_string_equal(p->argv[3], "8080");
	assert_string_equal(p->argv[5], "127.0.0.1");
	assert_null(p->argv[6]);
	assert_string_equal(p->directory, "/work/etc/www");
	assert_int_equal(p->v[SUPCONF_UMASK], 027);
	assert_int_equal(p->v[SUPCONF_AUTOSTART], 0);
	assert_int_equal(p->v[SUPCONF_AUTORESTART], SUPCONF_ALWAYS);
	assert_int_equal(p->v[SUPCONF_STOPSIGNAL], SIGQUIT);
	assert_int_equal(p->v[SUPCONF_STOPWAITSECS], 3);
	assert_int_equal(p->v[SUPCONF_STOPASGROUP], 1);
	assert_int_equal(p->v[SUPCONF_KILLASGROUP], 1);
	assert_int_equal(p->v[SUPCONF_REDIRECT_STDERR], 1);
	assert_int_equal(p->log[0].kind, SUPCONF_LOG_FILE);
	assert_string_equal(p->log[0].path, "/work/etc/logs/web.log");
	assert_int_equal(p->v[SUPCONF_STDOUT + SUPCONF_MAXBYTES], 1048576);
	assert_int_equal(p->v[SUPCONF_STDOUT + SUPCONF_BACKUPS], 3);
	assert_int_equal(p->log[1].kind, SUPCONF_LOG_NONE);
	assert_string_equal(p->env[0], "GLOBAL=g");
	assert_string_equal(p->env[1], "SHARED=mine");
	assert_string_equal(p->env[2], "B=x y");
	assert_string_equal(p->env[3], "C=web");
	assert_null(p->env[4]);
	assert_string_equal(p->group, "web");
	assert_int_equal(p->v[SUPCONF_PRIORITY], 5);
	assert_int_equal(p->at[SUPCONF_COMMAND].line, 4);
	assert_int_equal(p->sec.line, 3);

	p = supconf_find(&c, "worker_02");
	assert_non_null(p);
	assert_string_equal(p->argv[2], "echo 2; sleep 100");
	assert_string_equal(p->group, "g");
	assert_string_equal(p->program, "worker");
	assert_int_equal(p->group_priority, 10);
	assert_int_equal(p->v[SUPCONF_AUTORESTART], SUPCONF_UNEXPECTED);
	assert_int_equal(p->exitcodes[0], 5);
	assert_int_equal(p->log[0].kind, SUPCONF_LOG_AUTO);
	assert_int_equal(p->v[SUPCONF_STDOUT + SUPCONF_MAXBYTES], 52428800);
	assert_int_equal(p->v[SUPCONF_STDOUT + SUPCONF_BACKUPS], 10);
	assert_int_equal(p->log[1].kind, SUPCONF_LOG_NONE);
	assert_int_equal(p->v[SUPCONF_STOPSIGNAL], SIGTERM);
	assert_int_equal(p->v[SUPCONF_STOPWAITSECS], 10);
	assert_int_equal(p->v[SUPCONF_UMASK], -1);
	assert_null(p->directory);
	assert_null(p->user);
	assert_string_equal(p->env[1], "SHARED=from-sup");

	p = supconf_find(&c, "other");
	assert_string_equal(p->log[0].path, "/home/u/x.log");
	assert_int_equal(p->log[1].kind, SUPCONF_LOG_AUTO);

	/* The notes, in file order. */
	supconf_sort_notes(&c);
	assert_int_equal(c.nnote, 7);
	assert_int_equal(c.note[0].line, 1);
	assert_string_equal(c.note[0].text, "[supervisord]: not mapped: svscan "
	    "takes its place");
	assert_int_equal(c.note[1].line, 4);
	assert_string_equal(c.note[1].text, "%(ENV_PORT)s: approximated: "
	    "expanded now to \"8080\"");
	assert_int_equal(c.note[2].line, 17);
	assert_string_equal(c.note[2].text, "priority: approximated: svscan "
	    "starts all at once; supervisord's order: web, worker_01, "
	    "worker_02, other");
	assert_int_equal(c.note[3].line, 26);
	assert_string_equal(c.note[3].text, "[program:worker] startsecs: "
	    "approximated: up at once (readiness: notification-fd); restarted "
	    "each second");
	assert_int_equal(c.note[4].line, 27);
	assert_string_equal(c.note[4].text, "[group:g]: approximated: give its "
	    "programs' directories to svc together");
	assert_int_equal(c.note[5].line, 30);
	assert_string_equal(c.note[5].text, "[unix_http_server]: not mapped: no "
	    "server; svc, svstat, svwait act on the directories");
	assert_int_equal(c.note[6].line, 35);
	assert_string_equal(c.note[6].text, "[program:other] bogus: ignored, as "
	    "supervisord ignores it");
	supconf_free(&c);
}

/* Builds text; expects the error what at line. */
static void
refused(const char *text, unsigned line, const char *what)
{
	struct supconf c;
	int r;

	init(&c);
	r = supconf_add(&c, text, strlen(text), "/x.conf");
	if (r == 0)
		r = supconf_build(&c);
	assert_int_equal(r, -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(c.err.kind, SUPCONF_E_FORMAT);
	assert_string_equal(c.err.what, what);
	assert_int_equal(c.err.line, line);
	supconf_free(&c);
}

static void
test_errors(void **state)
{
	(void)state;
	refused("[program:a]\ncommand=a\nautostart=maybe\n", 3,
	    "[program:a] autostart: not a boolean: \"maybe\"");
	refused("[program:a]\ncommand=x\nautorestart=sometimes\n", 3,
	    "[program:a] autorestart: not true, false or unexpected: "
	    "\"sometimes\"");
	refused("[program:a]\ncommand=x\nnumprocs=2\n", 1,
	    "[program:a] process_name: numprocs > 1 needs %(process_num) in it");
	refused("[program:a]\ncommand=x\nstopasgroup=true\nkillasgroup=false\n",
	    4, "[program:a] killasgroup: false with stopasgroup=true");
	refused("[program:a]\n", 1, "[program:a]: no command");
	refused("[program:a]\ncommand=\n", 2, "[program:a] command: empty");
	refused("[program:a]\ncommand='x\n", 2,
	    "[program:a] command: no closing quotation");
	refused("[program:a]\ncommand=x %(ENV_NOPE)s\n", 2,
	    "[program:a] command: unknown name: \"%(ENV_NOPE)\"");
	refused("[program:a]\ncommand=x\nenvironment=A=b@c\n", 3,
	    "[program:a] environment: not KEY=value,...: \"A=b@c\"");
	refused("[group:g]\nprograms=a,b\n[program:a]\ncommand=x\n", 1,
	    "[group:g] programs: no such program: \"b\"");
	refused("[program:a b]\ncommand=x\n", 1,
	    "[program:a b]: a name with a space, : or /: \"a b\"");
	refused("[program:a]\ncommand=x\nprocess_name=b\n[program:b]\ncommand=y\n",
	    4, "[program:b] process_name: the name of another process: \"b\"");
	refused("[program:a]\ncommand=x\nprocess_name=.%(program_name)s\n", 3,
	    "[program:a] process_name: cannot name a directory (empty, a leading "
	    "dot, a / or a control character): \".a\"");
	refused("[program:a]\ncommand=x\nstopsignal=NOPE\n", 3,
	    "[program:a] stopsignal: not a signal: \"NOPE\"");
	refused("[program:a]\ncommand=x\nexitcodes=1,300\n", 3,
	    "[program:a] exitcodes: not exit codes from 0 to 255: \"1,300\"");
	refused("[program:a]\ncommand=x\nuser=%(process_num)d\n", 3,
	    "[program:a] user: unknown name: \"%(process_num)\"");
	refused("[program:a]\ncommand=x\nstdout_logfile=/l/100%%\n", 3,
	    "[program:a] stdout_logfile: incomplete format");
	refused("[program:a]\ncommand=x\n bad\n[s]\nfoo\n", 5,
	    "neither [section] nor name = value");
}

static void
test_default_and_here(void **state)
{
	static const char text[] =
		"[DEFAULT]\nautorestart=false\nuser=%(ENV_USERX)s\n"
		"[supervisord]\nuser=svc\nenvironment=USERX=\"app\"\n"
		"[program:a]\ncommand=%(here)s/bin/a\n"
		"stdout_logfile=syslog\n";
	struct supconf c;

	(void)state;
	init(&c);
	assert_int_equal(supconf_add(&c, text, sizeof text - 1,
	    "/srv/conf/sv.conf"), 0);
	assert_int_equal(supconf_build(&c), 0);
	assert_int_equal(c.nproc, 1);
	assert_string_equal(c.proc[0].argv[0], "/srv/conf/bin/a");
	assert_int_equal(c.proc[0].v[SUPCONF_AUTORESTART], SUPCONF_NEVER);
	/* [DEFAULT]'s user= applies to [program:a] before [supervisord]'s. */
	assert_string_equal(c.proc[0].user, "app");
	assert_int_equal(c.proc[0].log[0].kind, SUPCONF_LOG_NONE);
	assert_int_equal(c.proc[0].v[SUPCONF_STDOUT + SUPCONF_SYSLOG], 1);
	supconf_free(&c);
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void
test_include(void **state)
{
	char dir[] = "/tmp/test_supconf.XXXXXX", path[256];
	struct supconf c;
	const struct supconf_proc *p;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/conf.d", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/conf.d/b.conf", dir);
	write_file(path, "[program:b]\ncommand=%(here)s/b\n[include]\n"
	    "files=nothing\n");
	snprintf(path, sizeof path, "%s/conf.d/a.conf", dir);
	write_file(path, "[program:a]\ncommand=a\n");
	snprintf(path, sizeof path, "%s/main.conf", dir);
	write_file(path, "[program:m]\ncommand=m\n[include]\n"
	    "files = conf.d/*.conf\n  none/*.conf\n");
	init(&c);
	assert_int_equal(supconf_load(&c, path), 0);
	assert_int_equal(c.nfile, 3);
	assert_int_equal(supconf_build(&c), 0);
	assert_int_equal(c.nproc, 3);
	/* In the order read: a.conf sorts before b.conf. */
	assert_string_equal(c.proc[0].name, "m");
	assert_string_equal(c.proc[1].name, "a");
	assert_string_equal(c.proc[2].name, "b");
	assert_int_equal(c.proc[1].sec.file, 1);
	p = supconf_find(&c, "b");
	assert_non_null(p);
	snprintf(path, sizeof path, "%s/conf.d/b", dir);
	assert_string_equal(p->argv[0], path);
	supconf_sort_notes(&c);
	assert_int_equal(c.nnote, 3);
	assert_int_equal(c.note[0].file, 0);
	assert_int_equal(c.note[0].line, 1);
	assert_string_equal(c.note[0].text, "no [supervisord]: supervisord "
	    "would refuse this file");
	assert_int_equal(c.note[1].line, 4);
	snprintf(path, sizeof path, "[include] files: %s/none/*.conf: no file "
	    "matches (supervisord warns too)", dir);
	assert_string_equal(c.note[1].text, path);
	assert_int_equal(c.note[2].file, 2);
	assert_string_equal(c.note[2].text, "[include]: not followed: "
	    "supervisord follows the main file's only");
	supconf_free(&c);

	/* A main file that cannot be read. */
	init(&c);
	snprintf(path, sizeof path, "%s/missing.conf", dir);
	assert_int_equal(supconf_load(&c, path), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(c.err.kind, SUPCONF_E_IO);
	assert_string_equal(c.file[c.err.file], path);
	supconf_free(&c);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	assert_int_equal(system(path), 0);
}

/* The programs that [include] files = pattern brings in from dir. */
static void
includes(const char *dir, const char *pattern, const char *want)
{
	char path[512], got[256] = "";
	struct supconf c;
	size_t i;

	snprintf(path, sizeof path, "%s/main.conf", dir);
	{
		char text[300];

		snprintf(text, sizeof text, "[include]\nfiles = %s\n", pattern);
		write_file(path, text);
	}
	init(&c);
	assert_int_equal(supconf_load(&c, path), 0);
	assert_int_equal(supconf_build(&c), 0);
	for (i = 0; i < c.nproc; ++i) {
		strcat(got, i ? " " : "");
		strcat(got, c.proc[i].name);
	}
	if (strcmp(got, want) != 0)
		fail_msg("%s: [%s], not [%s]", pattern, got, want);
	supconf_free(&c);
}

static void
test_glob(void **state)
{
	static const char *const names[] = { "a.conf", "b.conf", "ab.conf",
		".hidden.conf", "x.ini", "sub/z.conf", "[.conf" };
	char dir[] = "/tmp/test_supconf.XXXXXX", path[256], text[64];
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/d", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/d/sub", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	for (i = 0; i < sizeof names / sizeof names[0]; ++i) {
		snprintf(path, sizeof path, "%s/d/%s", dir, names[i]);
		snprintf(text, sizeof text, "[program:p%u]\ncommand=x\n",
		    (unsigned)i);
		write_file(path, text);
	}
	includes(dir, "d/*.conf", "p6 p0 p2 p1");	/* [ a ab b, sorted */
	includes(dir, "d/[ab].conf", "p0 p1");
	includes(dir, "d/?.conf", "p6 p0 p1");
	includes(dir, "d/*b*", "p2 p1");
	includes(dir, "d/[!a]*.conf", "p6 p1");
	includes(dir, "d/.*.conf", "p3");
	includes(dir, "*/*/*.conf", "p5");
	includes(dir, "d/[a-b].conf d/*.ini", "p0 p1 p4");
	includes(dir, "d/[.conf", "p6");	/* no closing ]: literal */
	includes(dir, "d/a.conf", "p0");
	snprintf(path, sizeof path, "rm -rf %s", dir);
	assert_int_equal(system(path), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_env),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_default_and_here),
		cmocka_unit_test(test_include),
		cmocka_unit_test(test_glob),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
