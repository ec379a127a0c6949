/* logdir.h - one multilog log directory (spec multilog.md §5-§7): set-up
 * and crash recovery, appending with the rotation rules, archiving as
 * @<tai64n>.s/.u, keeping NUM-1 archives, the processor protocol's file
 * steps, and the clean close (current 0744).
 *
 * It is a state machine. Requests (logdir_put, logdir_rotate,
 * logdir_finish) only record work; logdir_run() performs steps until the
 * directory is idle or a step cannot go on, and says why:
 *   LOGDIR_IDLE     nothing left to do
 *   LOGDIR_PAUSE    a step failed: warn (logdir_what) and call logdir_run
 *                   again after the pause; the step is retried, nothing is
 *                   lost or repeated
 *   LOGDIR_FATAL    set-up failed: the applet dies (logdir_what)
 *   LOGDIR_PROCESS  the processor must run now (cwd = logdir_fd(), fds as
 *                   in the spec); report its outcome with
 *                   logdir_processed()
 * Every filesystem call goes through a struct logdir_fs, so tests inject
 * failures; the wall clock is passed in (archive names), so tests inject
 * that too. The directory is used through its descriptor (openat & co),
 * so the process never changes its working directory. Descriptors are
 * close-on-exec. Nothing here prints, exits, forks or allocates: the data
 * buffer belongs to the caller. */
#ifndef DAEMONBOX_LOGDIR_H
#define DAEMONBOX_LOGDIR_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "tai64.h"

/* A file is closed at the first line end at or after size - LOGDIR_SLACK
 * bytes, and cut wherever it reaches size (0.76's rule). */
#define LOGDIR_SLACK 2000
/* An archive name: "@" + 24 hex digits + "." + code (27 bytes), a NUL. */
#define LOGDIR_ARCHIVE_LEN 28
#define LOGDIR_NAME_MAX 256

/* The filesystem as logdir sees it; logdir_fs_posix is the real one. Each
 * returns like the system call it stands for. */
struct logdir_fs {
	int (*mkdir)(const char *path, mode_t mode);
	int (*opendir)(const char *path);	/* O_RDONLY|O_DIRECTORY */
	int (*openat)(int dfd, const char *name, int flags, mode_t mode);
	int (*lock)(int fd);	/* exclusive, non-blocking */
	int (*fstatat)(int dfd, const char *name, struct stat *st);
	int (*fstat)(int fd, struct stat *st);
	int (*fchmod)(int fd, mode_t mode);
	int (*fchmodat)(int dfd, const char *name, mode_t mode);
	int (*renameat)(int dfd, const char *from, const char *to);
	int (*linkat)(int dfd, const char *from, const char *to);
	int (*unlinkat)(int dfd, const char *name);
	ssize_t (*write)(int fd, const void *buf, size_t n);
	int (*fsync)(int fd);
	int (*close)(int fd);
	/* Counts the entries of dfd whose name starts with '@' and is at least
	 * 25 bytes long, and copies the smallest of them (compared on the
	 * first 25 bytes) to oldest (NUL-terminated, cut to size). */
	int (*scan)(int dfd, size_t *count, char *oldest, size_t size);
};

extern const struct logdir_fs logdir_fs_posix;

enum logdir_result {
	LOGDIR_IDLE,
	LOGDIR_PAUSE,
	LOGDIR_FATAL,
	LOGDIR_PROCESS
};

/* What failed, for the applet's message: one LOGDIR_<name> per line of
 * logdir.def, which also holds the words; LOGDIR_W_NONE is no failure.
 * Set-up failures (F_) come before the pauses (W_); LOGDIR_W_FIRST is
 * the first pause. */
enum logdir_what {
	LOGDIR_W_NONE,
#define LOGDIR_WHAT(name, file, noerr, pre, post) LOGDIR_##name,
#include "logdir.def"
#undef LOGDIR_WHAT
	LOGDIR_WHAT_COUNT
};
#define LOGDIR_W_FIRST LOGDIR_W_STAT

/* Outcomes of a processor run, for logdir_processed(). */
enum logdir_proc {
	LOGDIR_PROC_OK,		/* exit 0 */
	LOGDIR_PROC_FAILED,	/* exit status not 0 */
	LOGDIR_PROC_CRASHED,	/* killed by a signal */
	LOGDIR_PROC_NOFORK,	/* fork failed (errno) */
	LOGDIR_PROC_NOWAIT	/* waitpid failed (errno) */
};

/* One directory's state. The fields are logdir.c's own: callers hold the
 * struct (so nothing here allocates) and go through the functions below;
 * only white-box unit tests look inside. */
struct logdir {
	/* Configuration (logdir_init). */
	const char *name;
	uint64_t size;
	uint64_t num;
	const char *processor;
	const struct logdir_fs *fs;
	char *buf;
	size_t cap;
	/* Open descriptors, -1 when closed. */
	int dfd, lockfd, cur;
	/* Bytes in current (written or not), the pending data buf[off..len). */
	uint64_t counter;
	size_t off, len;
	/* The step machine. */
	int step;
	int want_rotate, want_finish;
	/* An archiving in progress: the file, its code and where to go next. */
	const char *afile;
	char acode;
	int anext;
	char aname[LOGDIR_ARCHIVE_LEN];
	struct tai64n last;	/* newest archive label made here */
	char oldest[LOGDIR_NAME_MAX];
	/* A processor outcome to report, and the step after the pause. */
	enum logdir_what pwhat;
	int perr, pnext;
	/* The last failure. */
	enum logdir_what what;
	int err;
	const char *file;
};

/* Prepares ld; no system call yet. buf/cap is the data buffer (at least
 * 1 byte). processor NULL: none. The first logdir_run() sets the directory
 * up (create it, lock, recover from a crash). */
void logdir_init(struct logdir *ld, const char *name, uint64_t size,
    uint64_t num, const char *processor, const struct logdir_fs *fs,
    char *buf, size_t cap);

/* Runs steps until done or stuck (see above). now is the wall clock for
 * archive names; labels never repeat or go back within one directory. */
enum logdir_result logdir_run(struct logdir *ld, const struct tai64n *now);

/* Like logdir_run(), but stops as soon as the data buffer is written out:
 * a rotation that falls due at its very end, or one asked for, waits for
 * logdir_run(). A rotation inside the data is still done (it has to be).
 * multilog lets go of the input it has written in between, so that a
 * rotation's fsyncs or a slow processor do not hold it. */
enum logdir_result logdir_flush(struct logdir *ld, const struct tai64n *now);

/* How many more bytes (counting the unwritten ones) current can take
 * before a line end closes it: 0 when the next line end will. Batches
 * that stop there let logdir_flush() leave the rotation to the end. */
uint64_t logdir_until_rotation(const struct logdir *ld);

/* Room left in the data buffer, and appending to it (n <= room). Data is
 * written by logdir_run(). */
size_t logdir_room(const struct logdir *ld);
void logdir_put(struct logdir *ld, const char *data, size_t n);
/* The free part of the data buffer, to fill in place: up to *room bytes
 * at the pointer returned, then logdir_commit() the bytes filled. */
char *logdir_space(struct logdir *ld, size_t *room);
void logdir_commit(struct logdir *ld, size_t n);
/* 1 when nothing is pending: no data, no step under way. */
int logdir_idle(const struct logdir *ld);

/* Asks for a rotation when current is not empty (SIGALRM). Returns 1 when
 * one was asked for. */
int logdir_rotate(struct logdir *ld);
/* Asks for the clean close after the pending data: fsync, mode 0744. */
void logdir_finish(struct logdir *ld);
/* 1 after the clean close. */
int logdir_closed(const struct logdir *ld);

/* The outcome of the processor run that LOGDIR_PROCESS asked for; err is
 * errno for NOFORK/NOWAIT (and the stale one shown for CRASHED). */
void logdir_processed(struct logdir *ld, enum logdir_proc outcome, int err);

/* The name and the processor given to logdir_init(). */
const char *logdir_name(const struct logdir *ld);
const char *logdir_processor(const struct logdir *ld);

/* The directory's descriptor (valid once set up), for the processor. */
int logdir_fd(const struct logdir *ld);
/* The lock's descriptor, or -1. A forked processor closes every one at
 * once: between fork and exec it would otherwise hold the locks, and a
 * multilog restarted in that instant would find its directory locked. */
int logdir_lockfd(const struct logdir *ld);

/* The last failure: what, its errno, and FILE for the STAT/LINK/REMOVE
 * warnings ("previous", an archive name, ...). */
enum logdir_what logdir_what(const struct logdir *ld);
int logdir_errno(const struct logdir *ld);
const char *logdir_file(const struct logdir *ld);

#endif
