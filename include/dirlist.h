/* dirlist.h - the names in a directory, sorted byte by byte (strcmp, the
 * order of the C locale): svscan runs the files of DIR/.setup/ one at a
 * time in that order. Names that begin with a dot are left out, as svscan
 * leaves them out of its scans.
 * Functions return 0, or -1 with errno set; none prints or exits. */
#ifndef DAEMONBOX_DIRLIST_H
#define DAEMONBOX_DIRLIST_H

#include <stddef.h>

/* Owned by the caller; every name and the array are malloc'd. */
struct dirlist {
	char **names;
	size_t n;
};

/* Reads dir into *l (which need not be initialised). Returns 0, or -1
 * with errno from opendir/readdir (ENOENT: no such directory; ENOTDIR)
 * or ENOMEM; then *l holds nothing and nothing is left allocated. */
int dirlist_read(const char *dir, struct dirlist *l);

/* Frees what dirlist_read() allocated and empties *l. */
void dirlist_free(struct dirlist *l);

#endif
