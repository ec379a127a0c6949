/* supmap.h - one supervisord process (supconf.h) as a daemontools service
 * directory, for svimport: the files to write, with their modes and
 * contents, and notes (added to the supconf) on what is approximated.
 *
 *   run         #!/bin/sh: the descriptors as supervisord set them up,
 *               umask, cd DIRECTORY, the shell's PWD and OLDPWD unset,
 *               then exec envdir ENV [pgrphack] [setuidgid USER]
 *               COMMAND... (each word of the command as supervisord
 *               split it, quoted with supmap_quote)
 *   env/NAME    one file per variable of [supervisord]'s and the
 *               program's environment=, plus SUPERVISOR_PROCESS_NAME and
 *               SUPERVISOR_GROUP_NAME; mode 0600 in a 0700 directory
 *   log/run     exec multilog t sSIZE nNUM DIR when stdout (or stderr)
 *               goes to a log file: DIR is ./main for AUTO, FILE.d beside
 *               a file (FILE.PROCESS.d when processes share FILE); SIZE
 *               is *_logfile_maxbytes (S instead of s above 16777215), NUM
 *               is *_logfile_backups + 1
 *   finish      exit 125 (permanent failure) with autorestart=false, or
 *               for the expected exit codes with autorestart=unexpected
 *   down        autostart=false
 *   down-signal stopsignal, unless TERM
 *   timeout-kill  stopwaitsecs, in milliseconds
 *
 * Directories come before the files in them. Nothing here touches the
 * file system, prints or exits. Functions return 0, or -1 with errno
 * ENOMEM. */
#ifndef DAEMONBOX_SUPMAP_H
#define DAEMONBOX_SUPMAP_H

#include <stddef.h>

#include "sbuf.h"
#include "supconf.h"

struct supmap_file {
	char *name;		/* relative to the service directory */
	unsigned mode;		/* permission bits */
	int dir;		/* a directory (data NULL) */
	char *data;
	size_t len;
};

struct supmap {
	struct supmap_file *file;
	size_t n;
};

/* The service directory of process c->proc[i]. m is filled in (free it
 * with supmap_free, also after a failure). */
int supmap_build(struct supconf *c, size_t i, struct supmap *m);

void supmap_free(struct supmap *m);

/* Appends word to b as one sh word: as it is when it is made of
 * A-Z a-z 0-9 and _ @ % + = : , . / - alone (and is not empty), else in
 * single quotes, a quote in it written '\''. */
int supmap_quote(struct sbuf *b, const char *word);

#endif
