/* proc.h - running programs the daemontools way.
 *
 * PATH search (spec/README.md): a name containing '/' is executed as it
 * is; otherwise each element of $PATH (of this process, "/bin:/usr/bin"
 * when unset; an empty element is the current directory) is tried in
 * order. ENOENT moves on; EACCES, EPERM and EISDIR are remembered and the
 * search goes on; any other error stops it. There is no /bin/sh fallback.
 *
 * Environment edits: each edit removes every NAME= entry, each by moving
 * the last entry into its slot, then (unless it is a removal) appends
 * NAME=value. Edits apply in the order they were made.
 *
 * The exec functions return only on failure: -1 with errno the reported
 * error (the last remembered one, else the last seen). They may allocate
 * (only tools that exec at once use them), failing with ENOMEM. */
#ifndef DAEMONBOX_PROC_H
#define DAEMONBOX_PROC_H

#include <stddef.h>

/* Searches path (NULL: "/bin:/usr/bin") for file and execve()s it with
 * argv and envp. Allocates nothing, so it may be called between vfork and
 * exec: a PATH element that makes a name of PROC_PATH_BUF bytes or more
 * stops the search with ENAMETOOLONG, as execve() would. */
#define PROC_PATH_BUF 4096
int proc_execvpe(const char *file, char *const argv[], char *const envp[],
    const char *path);

/* Records an edit to apply at proc_exec(): value NULL removes name.
 * Returns 0, or -1 with errno ENOMEM. */
int proc_env_set(const char *name, const char *value);

/* Runs argv[0] through the PATH search with this process's environment
 * and the recorded edits applied. */
int proc_exec(char *const argv[]);

/* Applies nedits edits ("NAME=value" sets, "NAME" without '=' removes) to
 * a copy of env. Returns a malloc'd NULL-terminated array whose strings
 * point into env and edits, or NULL with errno ENOMEM. */
char **proc_env_merge(char *const *env, char *const *edits, size_t nedits);

/* What a shell reports as $? for a child's wait status: its exit code,
 * or 128 + the number of the signal that killed it (also the convention
 * of container engines and their inits). Pure. */
int proc_wait_code(int wstatus);

#endif
