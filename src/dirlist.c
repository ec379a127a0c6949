/* dirlist.c - a directory's names, sorted: svscan's .setup/. */

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dirlist.h"

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends a copy of name, growing the array by doubling. */
static int
append(struct dirlist *l, size_t *cap, const char *name)
{
	size_t len = strlen(name);
	char *copy;

	if (l->n == *cap) {
		size_t ncap = *cap ? 2 * *cap : 16;
		char **a = realloc(l->names, ncap * sizeof *a);
		if (!a)
			return -1;
		l->names = a;
		*cap = ncap;
	}
	copy = malloc(len + 1);
	if (!copy)
		return -1;
	memcpy(copy, name, len + 1);
	l->names[l->n++] = copy;
	return 0;
}

int
dirlist_read(const char *dir, struct dirlist *l)
{
	DIR *d;
	size_t cap = 0;
	int e;

	l->names = 0;
	l->n = 0;
	d = opendir(dir);
	if (!d)
		return -1;
	for (;;) {
		struct dirent *de;

		errno = 0;
		de = readdir(d);
		if (!de)
			break;
		if (de->d_name[0] == '.')
			continue;
		if (append(l, &cap, de->d_name) < 0) {
			errno = ENOMEM;
			break;
		}
	}
	e = errno;
	(void)closedir(d);
	if (e) {
		dirlist_free(l);
		errno = e;
		return -1;
	}
	if (l->n > 1)
		qsort(l->names, l->n, sizeof *l->names, by_name);
	return 0;
}

void
dirlist_free(struct dirlist *l)
{
	size_t i;

	for (i = 0; i < l->n; ++i)
		free(l->names[i]);
	free(l->names);
	l->names = 0;
	l->n = 0;
}
