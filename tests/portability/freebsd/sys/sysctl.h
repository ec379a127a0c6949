/* sys/sysctl.h - FreeBSD's sysctl(3) as its manual page describes it, for
 * tests/portability/run only: sysctl() and the names src/portab.c gives it
 * (kern.proc.pid, a struct kinfo_proc per process: start times;
 * kern.proc.pathname, "the path of the process' text file", pid -1 being
 * this process: where this executable lives; kern.proc.cwd, below).
 * Written from
 * `man 3freebsd sysctl`, not from FreeBSD's headers; the values are this
 * file's own (the manual gives none). The manual's synopsis includes
 * <sys/types.h> first. */
#ifndef PORTABILITY_SYS_SYSCTL_H
#define PORTABILITY_SYS_SYSCTL_H

#include <stddef.h>	/* size_t */

/* Top level. */
#define CTL_KERN		1
/* Second level under CTL_KERN. */
#define KERN_PROC		14
/* Third level under KERN_PROC; the fourth is a process ID. */
#define KERN_PROC_PID		1
#define KERN_PROC_PATHNAME	12
/* Not in the 12.2 manual: named by FreeBSD's own test of the kern.proc
 * sysctls (tests/sys/kern/sysctl_kern_proc.c), a process's working
 * directory as one struct kinfo_file (sys/user.h here). */
#define KERN_PROC_CWD		42

/* (namelen is a u_int) */
int sysctl(const int *name, unsigned int namelen, void *oldp,
    size_t *oldlenp, const void *newp, size_t newlen);

#endif
