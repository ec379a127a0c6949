/* svscanboot - start svscan on the service directory from init, with its
 * output shown by readproctitle: what daemontools' svscanboot script does,
 * without needing /bin/sh. The directory is DAEMONBOX_SERVICE_DIR (set at
 * build time, /service by default) or the first argument. */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "applets.h"
#include "die.h"
#include "fd.h"
#include "portab.h"
#include "proc.h"

#ifndef DAEMONBOX_SERVICE_DIR
#define DAEMONBOX_SERVICE_DIR "/service"
#endif

#define BOOT_PATH "PATH=/command:/usr/local/bin:/usr/local/sbin:/bin:/sbin:" \
    "/usr/bin:/usr/sbin:/usr/X11R6/bin"
#define TITLE_DOTS 400

static char path_env[] = BOOT_PATH;
static char *boot_env[] = { path_env, 0 };
/* What svscanboot runs, each from its own executable; 0: not found. */
static const char *const tools[] = { "svc", "svscan", "readproctitle" };
#define NTOOLS (sizeof tools / sizeof tools[0])
static char *tool_exe[NTOOLS];

/* Through the links named after the tools where there are some, so that
 * ps shows those names (portab_exe_as()). */
static void
find_self(void)
{
	char self[PATH_MAX], as[PATH_MAX];
	const char *argv0 = applet_argv0 ? applet_argv0 : "";
	const char *path = getenv("PATH");
	size_t i;

	if (portab_self_exe(argv0, path, self, sizeof self) < 0) {
		warn_sys("unable to find the daemonbox executable, ",
		    "running svscan through PATH");
		return;
	}
	for (i = 0; i < NTOOLS; ++i)
		if (portab_exe_as(self, argv0, path, tools[i], as, sizeof as) < 0 ||
		    !(tool_exe[i] = strdup(as)))
			die_sys(DIE_TEMP, "unable to find the daemonbox executable");
}

/* Runs argv[0], one of our own tools, from this very binary: a
 * daemontools elsewhere in PATH is not what was installed with us. Only
 * when the binary could not be found, through the fixed PATH. Returns
 * only on failure. */
static void
exec_applet(char **argv)
{
	size_t i;

	for (i = 0; i < NTOOLS; ++i)
		if (tool_exe[i] && !strcmp(argv[0], tools[i])) {
			execve(tool_exe[i], argv, boot_env);
			return;
		}
	proc_execvpe(argv[0], argv, boot_env, path_env + 5);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
join(const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
	char *s = malloc(la + lb + lc + 1);

	if (!s)
		die_nomem();
	/* c brings the NUL.
	 * NOLINTBEGIN(bugprone-not-null-terminated-result) */
	memcpy(s, a, la);
	memcpy(s + la, b, lb);
	/* NOLINTEND(bugprone-not-null-terminated-result) */
	memcpy(s + la + lb, c, lc + 1);
	return s;
}

/* svc -dx DIR/NAME... DIR/NAME/log...: stop what a previous svscan left.
 * Like the shell's glob: dot names skipped, sorted, only existing logs. */
static void
stop_leftovers(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **argv, **names = 0;
	size_t n = 0, cap = 0, i, k;
	pid_t pid;
	int st;

	if (!d)
		return;	/* svscan will say what is wrong with dir */
	while ((de = readdir(d)) != 0) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **p = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof *p);
			if (!p)
				die_nomem();
			names = p;
		}
		names[n++] = join(dir, "/", de->d_name);
	}
	(void)closedir(d);
	if (!n)
		return;
	qsort(names, n, sizeof *names, by_name);
	argv = malloc((2 * n + 3) * sizeof *argv);
	if (!argv)
		die_nomem();
	k = 0;
	argv[k++] = "svc";
	argv[k++] = "-dx";
	for (i = 0; i < n; ++i)
		argv[k++] = names[i];
	for (i = 0; i < n; ++i) {
		char *log = join(names[i], "/log", "");
		if (access(log, F_OK) == 0)
			argv[k++] = log;
		else
			free(log);
	}
	argv[k] = 0;
	pid = fork();
	if (pid == 0) {
		exec_applet(argv);
		_exit(DIE_TEMP);	/* stdout and stderr are /dev/null */
	}
	if (pid > 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	for (i = n + 2; i < k; ++i)	/* the NAME/log strings */
		free(argv[i]);
	for (i = 0; i < n; ++i)
		free(names[i]);
	free(names);
	free(argv);
}

int
svscanboot_main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : DAEMONBOX_SERVICE_DIR;
	char dots[TITLE_DOTS + 1];	/* on the stack: no .bss page for it */
	char *scan_argv[3], *title_argv[5];
	pid_t scanner, title;
	int p[2], null, st;

	find_self();	/* while stderr still reaches someone */
	null = open("/dev/null", O_RDWR);
	if (null < 0)
		die_sys(DIE_TEMP, "unable to open /dev/null");
	if (fd_copy(0, null) < 0 || fd_copy(1, null) < 0 || fd_copy(2, null) < 0)
		die_sys(DIE_TEMP, "unable to set up descriptors");
	if (null > 2)
		(void)close(null);
	stop_leftovers(dir);

	/* From here on nobody can read our messages but readproctitle. */
	if (pipe(p) < 0)
		_exit(DIE_TEMP);
	memset(dots, '.', TITLE_DOTS);
	dots[TITLE_DOTS] = 0;
	title_argv[0] = "readproctitle";
	title_argv[1] = "service";
	title_argv[2] = "errors:";
	title_argv[3] = dots;
	title_argv[4] = 0;
	title = fork();
	if (title == 0) {
		if (fd_move(0, p[0]) < 0)
			_exit(DIE_TEMP);
		(void)close(p[1]);
		exec_applet(title_argv);
		_exit(DIE_TEMP);
	}
	scan_argv[0] = "svscan";
	scan_argv[1] = (char *)dir;
	scan_argv[2] = 0;
	scanner = fork();
	if (scanner == 0) {
		(void)close(p[0]);
		if (fd_copy(1, p[1]) < 0 || fd_move(2, p[1]) < 0)
			_exit(DIE_TEMP);
		exec_applet(scan_argv);
		die_sys(DIE_TEMP, "unable to run svscan");
	}
	(void)close(p[0]);
	(void)close(p[1]);
	if (title < 0)
		return DIE_TEMP;
	if (scanner < 0) {
		/* Nobody to tell but readproctitle, which has seen EOF. */
		(void)kill(title, SIGTERM);
		return DIE_TEMP;
	}
	/* As the script's pipeline: the status is readproctitle's. */
	for (;;) {
		pid_t r = waitpid(-1, &st, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return DIE_TEMP;
		if (r == title)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	}
}
