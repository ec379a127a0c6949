/* sig.h - signals delivered through a self-pipe. A caught signal's handler
 * saves errno, writes the signal number as one byte to a non-blocking,
 * close-on-exec pipe, and restores errno; the event loop polls the read end
 * and calls sig_drain(). Used by supervise, svscan and multilog.
 * Functions return 0, or -1 with errno set; none of them exits. */
#ifndef DAEMONBOX_SIG_H
#define DAEMONBOX_SIG_H

#include <signal.h>

/* Creates the self-pipe; returns its read end (or -1). Call once. */
int sig_pipe_init(void);
int sig_pipe_fd(void);

/* Routes sig to the self-pipe (sigaction with SA_RESTART; SA_NOCLDSTOP for
 * SIGCHLD). */
int sig_catch(int sig);
/* 1 when sig is currently ignored (SIG_IGN), else 0. */
int sig_is_ignored(int sig);

/* Reads everything pending on the self-pipe. Marks each signal received
 * in *got (sigemptyset'd first) and returns how many bytes were read. */
int sig_drain(sigset_t *got);

/* For a child between fork and exec: every caught signal back to SIG_DFL
 * and an empty signal mask. Async-signal-safe. Ignored signals stay
 * ignored, as with daemontools. */
void sig_child_reset(void);

#endif
