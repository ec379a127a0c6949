/* portab_config.h - what CMake's probes (CMakeLists.txt) find on FreeBSD,
 * written by hand for tests/portability/run, which compiles src/portab.c
 * as FreeBSD's build would, against the declarations in sys/ here: kqueue
 * for directories and for the exit of a process, kinfo_proc for start
 * times, kern.proc.pathname, kern.proc.cwd, procctl for the reaper;
 * flock, vfork and setgroups as on Linux. Not there: inotify, pidfd_open,
 * Linux's /proc, PR_SET_CHILD_SUBREAPER, tee/splice, F_SETPIPE_SZ,
 * renameat2, and CLOCK_BOOTTIME (clock_gettime(2) lists CLOCK_UPTIME
 * instead). */
#ifndef DAEMONBOX_PORTAB_CONFIG_H
#define DAEMONBOX_PORTAB_CONFIG_H

#define HAVE_KQUEUE 1
#define HAVE_KQUEUE_PROC 1
#define HAVE_KINFO_PROC 1
#define HAVE_KERN_PROC_PATHNAME 1
#define HAVE_KERN_PROC_CWD 1
#define HAVE_PROCCTL_REAP 1
#define HAVE_FLOCK 1
#define HAVE_VFORK 1
#define HAVE_SETGROUPS 1

#endif
