/* signame.h - signal names and numbers, for supervise's down-signal file
 * (read as s6-supervise reads its own) and svimport (supervisord's
 * stopsignal). A signal is written as its name, with or without the
 * "SIG" prefix, in any case ("TERM", "SIGterm", "hup"), or as its decimal
 * number; both s6 (skalibs' sig0_scan) and supervisord accept all three.
 * The names are the POSIX ones plus those the system defines among WINCH,
 * IO, POLL, PWR, EMT, INFO, STKFLT, IOT. Pure functions; the table is
 * const. */
#ifndef DAEMONBOX_SIGNAME_H
#define DAEMONBOX_SIGNAME_H

#include <stddef.h>

/* Reads the len bytes at s as a signal. Returns 0 with *sig set, or -1
 * with errno EINVAL: an unknown name, a number that is 0 or too large for
 * a signal, anything else. */
int signame_scan(const char *s, size_t len, int *sig);

/* The name of sig without "SIG" ("HUP"), or NULL when the table has
 * none. The string is static. */
const char *signame_name(int sig);

#endif
