/* sys/user.h - FreeBSD's struct kinfo_proc, for tests/portability/run only:
 * what sysctl(3) returns for kern.proc.pid ("an array of struct
 * kinfo_proc structures"), which kinfo_getproc(3) says <sys/user.h>
 * declares. The manual pages at hand name the structure but do not list
 * its members: the one declared here, ki_start, the time the process
 * started (a struct timeval: seconds and microseconds), is the member
 * src/portab.c reads, as portab.h's contract for start times on FreeBSD
 * states it. This file lets the check see that the code uses it as that
 * type; whether FreeBSD's structure has it, only a build on FreeBSD can
 * tell. Not taken from FreeBSD's headers. */
#ifndef PORTABILITY_SYS_USER_H
#define PORTABILITY_SYS_USER_H

#include <sys/time.h>	/* struct timeval */
#include <limits.h>	/* PATH_MAX */

struct kinfo_proc {
	struct timeval ki_start;	/* when the process started */
};

/* What kern.proc.cwd returns (sys/sysctl.h here): the file's path in
 * kf_path, the one member src/portab.c reads (adopting a service of 0.76).
 * Like ki_start, whether FreeBSD has it so only a build there tells. */
struct kinfo_file {
	char kf_path[PATH_MAX];
};

#endif
