/* sys/procctl.h - FreeBSD's procctl(2) as its manual page describes it,
 * for tests/portability/run only: the function and the one command
 * src/portab.c uses (PROC_REAP_ACQUIRE: svscan -i as the reaper of
 * orphans). Written from `man 2freebsd procctl`, not from FreeBSD's
 * headers; the command's value is this file's own (the manual gives none).
 * idtype_t and P_PID are POSIX's, from <sys/wait.h> (waitid). */
#ifndef PORTABILITY_SYS_PROCCTL_H
#define PORTABILITY_SYS_PROCCTL_H

#include <sys/types.h>	/* id_t */
#include <sys/wait.h>	/* idtype_t, P_PID */

/* "Acquires the reaper status for the current process." */
#define PROC_REAP_ACQUIRE	2

int procctl(idtype_t idtype, id_t id, int cmd, void *data);

#endif
