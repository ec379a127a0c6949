/* fifo.h - the FIFOs of a service: supervise/control (commands from svc)
 * and supervise/ok (has a reader exactly while supervise runs; svok).
 * FIFOs are created mode 0600 before the umask. Every descriptor opened
 * here is close-on-exec and non-blocking. Functions return 0 (or a
 * descriptor), or -1 with errno set; none prints or exits. */
#ifndef DAEMONBOX_FIFO_H
#define DAEMONBOX_FIFO_H

/* mkfifo(path, 0600); an existing file of any type at path counts as
 * success (supervise ignores the result anyway, as 0.76 does). */
int fifo_make(const char *path);

/* Opens path read-only, non-blocking: never waits for a writer. This is
 * how supervise holds supervise/ok (never read: its only job is to be a
 * reader). */
int fifo_open_read(const char *path);

/* Opens path write-only, non-blocking, as svc opens supervise/control and
 * svok opens supervise/ok. With no reader the open fails with ENXIO:
 * "supervise not running". A regular file opens fine (0.76 writes into
 * it); use fifo_is_fifo() to refuse one. */
int fifo_open_write(const char *path);

/* Opens path the way supervise opens supervise/control: a non-blocking
 * read side in *rfd, then a write side in *wfd that the caller keeps open
 * for ever, so a read never sees end of file when svc closes its end (it
 * gets EAGAIN instead). On failure *rfd and *wfd are -1 and nothing stays
 * open; errno is that of the failed open, and *which tells which side
 * failed: 'r' or 'w' (the messages differ: "unable to read/write"). */
int fifo_open_held(const char *path, int *rfd, int *wfd, char *which);

/* 1 when fd is a FIFO, 0 when it is anything else, -1 when fstat fails. */
int fifo_is_fifo(int fd);

#endif
