/* envdir.h - turning a directory of files into environment edits, for
 * envdir. The rules, those of daemontools 0.76 (spec/env-tools.md §3):
 *   - entries are visited in readdir order; names starting with '.' are
 *     skipped; every other entry is opened (symlinks followed) and read to
 *     its end;
 *   - an empty file (0 bytes) removes NAME;
 *   - otherwise the value is the bytes before the first '\n' (all of them
 *     when there is none), with trailing spaces and tabs dropped ('\r' and
 *     leading blanks are kept), then every NUL turned into '\n'. A first
 *     line that ends up empty sets NAME to the empty string.
 * Two deliberate differences from 0.76:
 *   - a name containing '=' is refused (step ENVDIR_BADNAME, errno EINVAL);
 *     0.76 passes "X=Y=v" on, which sets X to "Y=v";
 *   - open() failing with ENOENT (a dangling symlink, a file removed after
 *     the listing) removes NAME; 0.76 reuses the previous entry's value.
 * Only the first line is kept in memory: the rest of a file is read into
 * a fixed buffer and dropped. Functions return 0, or -1 with errno set;
 * none prints or exits. */
#ifndef DAEMONBOX_ENVDIR_H
#define DAEMONBOX_ENVDIR_H

#include <stddef.h>

/* Longest entry name kept in struct envdir_error (NAME_MAX on Linux and
 * FreeBSD). */
#define ENVDIR_NAME_MAX 255

/* Which step of envdir_read failed; the applet words its message from it. */
enum envdir_step {
	ENVDIR_OK = 0,
	ENVDIR_START,	/* open(".") of the starting directory */
	ENVDIR_CHDIR,	/* chdir(dir) */
	ENVDIR_LIST,	/* opendir(".") or readdir() */
	ENVDIR_FILE,	/* open() (other than ENOENT) or read() of name, or
			   no memory for its value (ENOMEM), as in 0.76 */
	ENVDIR_BADNAME,	/* name contains '='; errno is EINVAL */
	ENVDIR_EDIT,	/* the edit callback returned -1; its errno */
	ENVDIR_RETURN	/* fchdir() back to the starting directory */
};

struct envdir_error {
	enum envdir_step step;
	char name[ENVDIR_NAME_MAX + 1];	/* entry name for FILE, BADNAME, EDIT */
};

/* Turns the first line of a file, without its '\n', into a value in
 * place: drops trailing spaces and tabs, then turns NULs into '\n'.
 * Returns the new length; adds no terminator. Pure. */
size_t envdir_clean(char *line, size_t len);

/* Reads fd to end of file (EINTR retried). Stores in *value a malloc'd,
 * NUL-terminated value (the caller frees it), or NULL when the file was
 * empty, meaning "remove". Returns 0, or -1 with errno from read(2) or
 * ENOMEM; *value is then NULL. */
int envdir_read_fd(int fd, char **value);

/* Visits dir as described above and calls edit(ctx, NAME, value) for
 * each entry in turn, value NULL meaning "remove NAME". The strings are
 * valid only during the call. The working directory is changed to dir
 * while reading and is restored before returning, on success and (as far
 * as possible) on failure. Returns 0; or -1 with errno set and err->step
 * (and err->name where it applies) telling what failed. Edits already
 * passed to the callback stay made: the caller is expected to give up. */
int envdir_read(const char *dir,
    int (*edit)(void *ctx, const char *name, const char *value), void *ctx,
    struct envdir_error *err);

#endif
