/* proc.c - PATH search and environment edits for the tools that end by
 * running a program (envdir, envuidgid, setuidgid, softlimit, setlock,
 * pgrphack, fghack), for svscan starting supervise, and the exit code
 * svscan -i takes from its main program. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc.h"

extern char **environ;

static char **edits;
static size_t edits_len, edits_cap;

int
proc_execvpe(const char *file, char *const argv[], char *const envp[],
    const char *path)
{
	size_t flen = strlen(file);
	int saved = 0;
	char buf[PROC_PATH_BUF];

	if (strchr(file, '/')) {
		execve(file, argv, envp);
		return -1;
	}
	if (!path)
		path = "/bin:/usr/bin";
	for (;;) {
		const char *end = strchr(path, ':');
		size_t dlen = end ? (size_t)(end - path) : strlen(path);
		size_t n = 0;

		/* No malloc, so that a child sharing its parent's memory
		 * (svscan starting supervise) may call this. A name that
		 * long cannot be executed: execve would say the same. */
		if (dlen + 1 + flen + 1 > sizeof buf) {
			errno = ENAMETOOLONG;
			break;
		}
		if (dlen) {
			/* The NUL comes with file, copied after it.
			 * NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
			memcpy(buf, path, dlen);
			buf[dlen] = '/';
			n = dlen + 1;
		}
		memcpy(buf + n, file, flen + 1);
		execve(buf, argv, envp);
		if (errno == EACCES || errno == EPERM || errno == EISDIR)
			saved = errno;
		else if (errno != ENOENT)
			break;
		if (!end)
			break;
		path = end + 1;
	}
	if (saved && (errno == ENOENT || errno == EACCES || errno == EPERM ||
	    errno == EISDIR))
		errno = saved;
	return -1;
}

int
proc_env_set(const char *name, const char *value)
{
	size_t nlen = strlen(name);
	size_t vlen = value ? strlen(value) + 1 : 0;
	char *e;

	if (edits_len == edits_cap) {
		size_t cap = edits_cap ? 2 * edits_cap : 16;
		char **p = realloc(edits, cap * sizeof *p);
		if (!p) {
			errno = ENOMEM;
			return -1;
		}
		edits = p;
		edits_cap = cap;
	}
	e = malloc(nlen + vlen + 1);
	if (!e) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(e, name, nlen);
	if (value) {
		e[nlen] = '=';
		memcpy(e + nlen + 1, value, vlen);	/* with its NUL */
	} else {
		e[nlen] = 0;
	}
	edits[edits_len++] = e;
	return 0;
}

static size_t
name_len(const char *s)
{
	const char *eq = strchr(s, '=');
	return eq ? (size_t)(eq - s) : strlen(s);
}

char **
proc_env_merge(char *const *env, char *const *ed, size_t nedits)
{
	size_t n = 0, i, j;
	char **out;

	while (env[n])
		++n;
	out = malloc((n + nedits + 1) * sizeof *out);
	if (!out) {
		errno = ENOMEM;
		return 0;
	}
	for (i = 0; i < n; ++i)
		out[i] = env[i];
	for (j = 0; j < nedits; ++j) {
		size_t len = name_len(ed[j]);

		/* Every NAME= entry goes, not just the first, as in 0.76
		 * (env -i UID=1 UID=2 envuidgid root env shows one UID): the
		 * last entry moves into the freed slot, which is looked at
		 * again. */
		for (i = 0; i < n;)
			if (!strncmp(out[i], ed[j], len) && out[i][len] == '=')
				out[i] = out[--n];
			else
				++i;
		if (ed[j][len] == '=')
			out[n++] = ed[j];
	}
	out[n] = 0;
	return out;
}

int
proc_exec(char *const argv[])
{
	char **env = environ;
	int r;

	if (edits_len) {
		env = proc_env_merge(environ, edits, edits_len);
		if (!env)
			return -1;
	}
	r = proc_execvpe(argv[0], argv, env, getenv("PATH"));
	if (env != environ) {
		int e = errno;

		free(env);	/* its strings are environ's and the edits' */
		errno = e;
	}
	return r;
}

int
proc_wait_code(int wstatus)
{
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	return 128 + WSTOPSIG(wstatus);	/* stopped: only when asked */
}
