/* test_supmap.c - supervisord processes as service directories: the run
 * script (descriptors, umask, cd, envdir, pgrphack, setuidgid, quoting),
 * env/, log/run and multilog's settings, finish, down, down-signal,
 * timeout-kill, and the notes on what is approximated. */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sbuf.h"
#include "supconf.h"
#include "supmap.h"

static struct supconf c;
static struct supmap m;
static char *const env[] = { "PORT=8080", 0 };

static void
load(const char *text)
{
	supmap_free(&m);
	supconf_free(&c);
	memset(&c, 0, sizeof c);
	c.environ = env;
	c.host = "box";
	c.cwd = "/";
	assert_int_equal(supconf_add(&c, text, strlen(text), "/etc/s.conf"), 0);
	if (supconf_build(&c) < 0)
		fail_msg("%u: %s", c.err.line, c.err.what);
}

/* Maps the process named name. */
static void
map(const char *name)
{
	size_t i;

	supmap_free(&m);
	for (i = 0; i < c.nproc; ++i)
		if (!strcmp(c.proc[i].name, name)) {
			assert_int_equal(supmap_build(&c, i, &m), 0);
			return;
		}
	fail_msg("no process %s", name);
}

static const struct supmap_file *
file(const char *name)
{
	size_t i;

	for (i = 0; i < m.n; ++i)
		if (!strcmp(m.file[i].name, name))
			return &m.file[i];
	return 0;
}

static void
has(const char *name, unsigned mode, const char *data)
{
	const struct supmap_file *f = file(name);

	if (!f)
		fail_msg("no file %s", name);
	assert_int_equal(f->mode, mode);
	assert_false(f->dir);
	assert_int_equal(f->len, strlen(data));
	assert_string_equal(f->data, data);
}

/* Whether a note holds text. */
static int
noted(const char *text)
{
	size_t i;

	for (i = 0; i < c.nnote; ++i)
		if (strstr(c.note[i].text, text))
			return 1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	supmap_free(&m);
	supconf_free(&c);
	memset(&c, 0, sizeof c);
	return 0;
}

static void
test_quote(void **state)
{
	static const char *const in[] = { "plain", "a-b_c.d/e:f,g=h@i%j+k",
		"", "two words", "it's", "$HOME", "~user", "#x", "*", "a\nb",
		"-n" };
	static const char *const out[] = { "plain", "a-b_c.d/e:f,g=h@i%j+k",
		"''", "'two words'", "'it'\\''s'", "'$HOME'", "'~user'", "'#x'",
		"'*'", "'a\nb'", "-n" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof in / sizeof in[0]; ++i) {
		struct sbuf b = SBUF_INIT;
		char *s;

		assert_int_equal(supmap_quote(&b, in[i]), 0);
		s = sbuf_done(&b, 0);
		assert_string_equal(s, out[i]);
		free(s);
	}
}

static void
test_full(void **state)
{
	(void)state;
	load("[supervisord]\nenvironment=GLOBAL=\"g\"\n"
	    "[program:web]\n"
	    "command=/usr/bin/python3 -m http.server %(ENV_PORT)s --bind "
	    "\"127.0.0.1\" 'a b'\n"
	    "directory=/srv/www\numask=027\nautostart=false\nautorestart=true\n"
	    "stopsignal=quit\nstopwaitsecs=3\nstopasgroup=true\n"
	    "redirect_stderr=true\nstdout_logfile=/var/log/web.log\n"
	    "stdout_logfile_maxbytes=1MB\nstdout_logfile_backups=3\n"
	    "environment=B='x y',C=%(program_name)s\nuser=www-data\n");
	map("web");
	assert_true(file("env")->dir);
	assert_int_equal(file("env")->mode, 0700);
	has("run", 0755, "#!/bin/sh\n"
	    "# svimport: [program:web] of /etc/s.conf:3, process web\n"
	    "exec 2>&1\n"
	    "umask 0027\n"
	    "cd /srv/www || exit 111\n"
	    "sv=$OLDPWD\n"
	    "unset PWD OLDPWD\n"
	    "exec envdir \"$sv/env\" pgrphack setuidgid www-data "
	    "/usr/bin/python3 -m http.server 8080 --bind 127.0.0.1 'a b'\n");
	has("env/GLOBAL", 0600, "g\n");
	has("env/B", 0600, "x y\n");
	has("env/C", 0600, "web\n");
	has("env/SUPERVISOR_PROCESS_NAME", 0600, "web\n");
	has("env/SUPERVISOR_GROUP_NAME", 0600, "web\n");
	assert_true(file("log")->dir);
	has("log/run", 0755, "#!/bin/sh\n"
	    "exec multilog t s1048576 n4 /var/log/web.log.d\n");
	has("down", 0644, "");
	has("down-signal", 0644, "QUIT\n");
	has("timeout-kill", 0644, "3000\n");
	assert_null(file("finish"));
	assert_true(noted("[program:web] stdout_logfile: approximated: the "
	    "multilog directory /var/log/web.log.d"));
	assert_true(noted("[program:web] stopasgroup: approximated: the stop "
	    "signal reaches the program only; the group gets SIGKILL"));
	/* Directories come first. */
	assert_true(file("env") < file("env/B"));
	assert_true(file("log") < file("log/run"));
}

static void
test_defaults(void **state)
{
	(void)state;
	load("[program:w]\ncommand=sh -c 'echo %(process_num)d'\n"
	    "process_name=w%(process_num)d\nnumprocs=2\nexitcodes=0,2\n"
	    "stderr_logfile=NONE\n");
	map("w1");
	has("run", 0755, "#!/bin/sh\n"
	    "# svimport: [program:w] of /etc/s.conf:1, process w1\n"
	    "exec 2>/dev/null\n"
	    "unset PWD\n"
	    "exec envdir ./env sh -c 'echo 1'\n");
	has("log/run", 0755, "#!/bin/sh\nexec multilog t S52428800 n11 ./main\n");
	has("finish", 0755, "#!/bin/sh\n# autorestart=unexpected: not restarted "
	    "after the exitcodes\ncase $1 in\n0|2) exit 125\nesac\n");
	has("timeout-kill", 0644, "10000\n");
	has("env/SUPERVISOR_GROUP_NAME", 0600, "w\n");
	assert_null(file("down"));
	assert_null(file("down-signal"));
}

static void
test_finish(void **state)
{
	(void)state;
	load("[program:a]\ncommand=a\nautorestart=false\n"
	    "[program:b]\ncommand=b\nexitcodes=\n"
	    "[program:c]\ncommand=c\nstopsignal=9\n");
	map("a");
	has("finish", 0755, "#!/bin/sh\n# autorestart=false\nexit 125\n");
	map("b");
	assert_null(file("finish"));
	map("c");
	has("down-signal", 0644, "KILL\n");
}

/* The run script's line of descriptors for this stdout/stderr setup. */
static void
fds(const char *opts, const char *line, const char *logrun)
{
	char text[512];
	const struct supmap_file *r;
	const char *l;

	snprintf(text, sizeof text, "[program:p]\ncommand=x\n%s", opts);
	load(text);
	map("p");
	r = file("run");
	l = strchr(strchr(r->data, '\n') + 1, '\n') + 1;
	if (*line) {
		assert_int_equal(strncmp(l, line, strlen(line)), 0);
		assert_int_equal(l[strlen(line)], '\n');
	} else {
		assert_int_equal(strncmp(l, "unset PWD\nexec envdir", 21), 0);
	}
	if (logrun)
		has("log/run", 0755, logrun);
	else
		assert_null(file("log"));
}

static void
test_descriptors(void **state)
{
	(void)state;
	/* The default: stdout and stderr, both AUTO, share one logger. */
	fds("", "exec 2>&1", "#!/bin/sh\nexec multilog t S52428800 n11 ./main\n");
	assert_true(noted("[program:p] stderr_logfile: approximated: into "
	    "stdout's log/ (one logger per service)"));
	fds("stdout_logfile=/dev/stdout\nstderr_logfile=/dev/stderr\n", "", 0);
	fds("stdout_logfile=/dev/fd/2\nredirect_stderr=true\n", "exec 1>&2", 0);
	fds("stdout_logfile=NONE\nstderr_logfile=none\n",
	    "exec 1>/dev/null 2>/dev/null", 0);
	fds("stdout_logfile=off\nredirect_stderr=true\n",
	    "exec 1>/dev/null 2>&1", 0);
	fds("stdout_logfile=NONE\nstderr_logfile=AUTO\nstderr_logfile_backups=1\n",
	    "exec 2>&1 1>/dev/null",
	    "#!/bin/sh\nexec multilog t S52428800 n2 ./main\n");
	fds("stdout_logfile=/dev/stdout\nstderr_logfile=/l/e.log\n"
	    "stderr_logfile_maxbytes=10000\n",
	    "exec 3>&1 1>&2 2>&3 3>&-",
	    "#!/bin/sh\nexec multilog t s10000 n11 /l/e.log.d\n");
	assert_true(noted("[program:p] stdout_logfile: approximated: svscan's "
	    "error output (the log pipe is the output)"));
	fds("stdout_logfile=/dev/tty1\nstderr_logfile=/dev/null\n",
	    "exec 1>>/dev/tty1 2>/dev/null", 0);
	fds("stdout_logfile=/dev/console\nredirect_stderr=true\n",
	    "exec 1>>/dev/console 2>&1", 0);
	fds("redirect_stderr=true\nstderr_logfile=/l/x\n", "exec 2>&1",
	    "#!/bin/sh\nexec multilog t S52428800 n11 ./main\n");
	assert_true(noted("stderr_logfile: ignored with redirect_stderr, as "
	    "supervisord does"));
}

static void
test_log_limits(void **state)
{
	(void)state;
	fds("redirect_stderr=true\nstdout_logfile_maxbytes=0\n"
	    "stdout_logfile_backups=0\n", "exec 2>&1",
	    "#!/bin/sh\nexec multilog t S2147483647 n2 ./main\n");
	assert_true(noted("stdout_logfile_maxbytes: approximated: rotated at "
	    "2147483647 bytes (never, by supervisord)"));
	assert_true(noted("stdout_logfile_backups: approximated: 1, multilog's "
	    "least"));
	fds("redirect_stderr=true\nstdout_logfile_maxbytes=1KB\n", "exec 2>&1",
	    "#!/bin/sh\nexec multilog t s4096 n11 ./main\n");
	assert_true(noted("approximated: 4096, multilog's least"));
	fds("redirect_stderr=true\nstdout_logfile_maxbytes=16777215\n",
	    "exec 2>&1", "#!/bin/sh\nexec multilog t s16777215 n11 ./main\n");
	fds("redirect_stderr=true\nstdout_logfile_maxbytes=3GB\n", "exec 2>&1",
	    "#!/bin/sh\nexec multilog t S2147483647 n11 ./main\n");
	assert_true(noted("approximated: 2147483647, multilog's most"));
}

static void
test_shared_log(void **state)
{
	(void)state;
	load("[program:a]\ncommand=a\nprocess_name=a%(process_num)d\n"
	    "numprocs=2\nredirect_stderr=true\nstdout_logfile=/l/a.log\n"
	    "[program:b]\ncommand=b\nredirect_stderr=true\n"
	    "stdout_logfile=/l/b.log\n");
	map("a0");
	has("log/run", 0755, "#!/bin/sh\nexec multilog t S52428800 n11 "
	    "/l/a.log.a0.d\n");
	map("a1");
	has("log/run", 0755, "#!/bin/sh\nexec multilog t S52428800 n11 "
	    "/l/a.log.a1.d\n");
	map("b");
	has("log/run", 0755, "#!/bin/sh\nexec multilog t S52428800 n11 "
	    "/l/b.log.d\n");
}

static void
test_env_files(void **state)
{
	(void)state;
	load("[program:p]\ncommand=x\nredirect_stderr=true\n"
	    "environment=A=\"two\n  lines\",B=\"end \",SUPERVISOR_GROUP_NAME=mine,"
	    "a/b=1,.x=2,\"q\"=3,E=''\n"
	    "stopwaitsecs=0\n");
	map("p");
	assert_memory_equal(file("env/A")->data, "two\0lines\n", 10);
	assert_int_equal(file("env/A")->len, 10);
	has("env/B", 0600, "end \n");
	has("env/E", 0600, "\n");
	has("env/SUPERVISOR_GROUP_NAME", 0600, "mine\n");
	has("env/\"q\"", 0600, "3\n");
	assert_null(file("env/a/b"));
	assert_null(file("env/.x"));
	assert_true(noted("environment: not mapped: no env/ file can be named "
	    "a/b"));
	assert_true(noted("environment: not mapped: no env/ file can be named "
	    ".x"));
	assert_true(noted("approximated: envdir drops the trailing blanks of "
	    "B"));
	has("timeout-kill", 0644, "1\n");
	assert_true(noted("stopwaitsecs: approximated: 1 ms"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote),
		cmocka_unit_test_teardown(test_full, teardown),
		cmocka_unit_test_teardown(test_defaults, teardown),
		cmocka_unit_test_teardown(test_finish, teardown),
		cmocka_unit_test_teardown(test_descriptors, teardown),
		cmocka_unit_test_teardown(test_log_limits, teardown),
		cmocka_unit_test_teardown(test_shared_log, teardown),
		cmocka_unit_test_teardown(test_env_files, teardown),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
