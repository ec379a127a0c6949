/* envdir.c - reading a directory of files as environment edits (the
 * envdir tool). Rules and deliberate differences: include/envdir.h. */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "envdir.h"

/* Read size; the bytes after the first line only pass through this. */
#define ENVDIR_CHUNK 4096

size_t
envdir_clean(char *line, size_t len)
{
	size_t i;

	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		--len;
	/* After the trim: "a\0 " gives "a\n", as 0.76 does. */
	for (i = 0; i < len; ++i)
		if (line[i] == 0)
			line[i] = '\n';
	return len;
}

/* Makes room for need bytes in *buf of capacity *cap; on success *buf
 * is never NULL. */
static int
grow(char **buf, size_t *cap, size_t need)
{
	size_t n = *cap ? *cap : 64;
	char *p;

	if (*buf && need <= *cap)
		return 0;
	while (n < need) {
		if (n > (size_t)-1 / 2) {
			errno = ENOMEM;
			return -1;
		}
		n *= 2;
	}
	p = realloc(*buf, n);
	if (!p) {
		errno = ENOMEM;
		return -1;
	}
	*buf = p;
	*cap = n;
	return 0;
}

int
envdir_read_fd(int fd, char **value)
{
	char chunk[ENVDIR_CHUNK];
	char *val = 0;
	size_t len = 0, cap = 0;
	int any = 0, line_done = 0;

	*value = 0;
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof chunk);
		const char *nl;
		size_t n;

		if (r < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			free(val);
			errno = e;
			return -1;
		}
		if (r == 0)
			break;
		any = 1;
		/* The whole file is read, as 0.76 does, so that a read
		 * error anywhere is reported; only the first line is kept. */
		if (line_done)
			continue;
		nl = memchr(chunk, '\n', (size_t)r);
		n = nl ? (size_t)(nl - chunk) : (size_t)r;
		if (grow(&val, &cap, len + n + 1) < 0) {
			free(val);
			errno = ENOMEM;
			return -1;
		}
		memcpy(val + len, chunk, n);
		len += n;
		if (nl)
			line_done = 1;
	}
	if (!any)
		return 0;
	if (!val) {
		val = malloc(1);	/* the file starts with '\n' */
		if (!val) {
			errno = ENOMEM;
			return -1;
		}
	}
	len = envdir_clean(val, len);
	val[len] = 0;
	*value = val;
	return 0;
}

static void
set_name(struct envdir_error *err, const char *name)
{
	size_t n = strlen(name);

	if (n > ENVDIR_NAME_MAX)
		n = ENVDIR_NAME_MAX;
	memcpy(err->name, name, n);
	err->name[n] = 0;
}

/* Visits the entries of the current directory. */
static int
visit(DIR *d, int (*edit)(void *, const char *, const char *), void *ctx,
    struct envdir_error *err)
{
	for (;;) {
		struct dirent *de;
		char *value = 0;
		int fd, r;

		errno = 0;
		de = readdir(d);
		if (!de) {
			if (!errno)
				return 0;
			err->step = ENVDIR_LIST;
			return -1;
		}
		if (de->d_name[0] == '.')
			continue;
		set_name(err, de->d_name);
		if (strchr(de->d_name, '=')) {
			err->step = ENVDIR_BADNAME;
			errno = EINVAL;
			return -1;
		}
		/* Non-blocking, as 0.76: a FIFO without a writer reads as
		 * empty instead of hanging. */
		fd = open(de->d_name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0) {
			if (errno != ENOENT) {
				err->step = ENVDIR_FILE;
				return -1;
			}
		} else {
			r = envdir_read_fd(fd, &value);
			if (r < 0) {
				int e = errno;

				(void)close(fd);	/* read-only: nothing to lose */
				err->step = ENVDIR_FILE;
				errno = e;
				return -1;
			}
			(void)close(fd);
		}
		r = edit(ctx, de->d_name, value);
		if (r < 0) {
			int e = errno;

			free(value);
			err->step = ENVDIR_EDIT;
			errno = e;
			return -1;
		}
		free(value);
	}
}

int
envdir_read(const char *dir,
    int (*edit)(void *ctx, const char *name, const char *value), void *ctx,
    struct envdir_error *err)
{
	DIR *d;
	int start, e;

	err->step = ENVDIR_OK;
	err->name[0] = 0;
	/* chdir and a relative open, not openat: the checks (search
	 * permission on dir, read permission for the listing) and so the
	 * messages are those of 0.76. */
	start = open(".", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (start < 0) {
		err->step = ENVDIR_START;
		return -1;
	}
	if (chdir(dir) < 0) {
		e = errno;
		(void)close(start);
		err->step = ENVDIR_CHDIR;
		errno = e;
		return -1;
	}
	d = opendir(".");
	if (!d) {
		err->step = ENVDIR_LIST;
	} else {
		(void)visit(d, edit, ctx, err);	/* outcome in err->step */
		e = errno;
		(void)closedir(d);	/* a directory: nothing to flush */
		errno = e;
	}
	e = errno;
	if (fchdir(start) < 0) {
		if (err->step == ENVDIR_OK) {
			e = errno;
			err->step = ENVDIR_RETURN;
		}
	}
	(void)close(start);
	errno = e;
	return err->step == ENVDIR_OK ? 0 : -1;
}
