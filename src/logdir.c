/* logdir.c - multilog's log directory as a step machine: set-up and crash
 * recovery, appending with rotation, archiving and retention, the file
 * side of the processor protocol, and the clean close. */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>	/* renameat */
#include <string.h>
#include <unistd.h>

#include "lock.h"
#include "logdir.h"

/* Steps. S_: set-up and crash recovery (failures fatal, except while
 * archiving). WRITE: data out. R_: rotation (spec §5.5). P_: the file
 * side of a processor run (§6). A_: archiving a file and retention
 * (§5.3), then back to anext. F_: the clean close at the end. Every
 * failure after set-up pauses, and the same step is tried again. */
enum {
	S_OPEN, S_LOCK, S_STAT_CURRENT, S_APPEND, S_UNCLEAN, S_ARCHIVE_CURRENT,
	S_STATE, S_CREATE,
	IDLE, WRITE,
	R_SYNC, R_RENAME, R_CREATE, R_MODE_CURRENT, R_MODE_PREVIOUS,
	P_RUN, P_WAIT, P_MESSAGE, P_FAILED, P_PROCESSED, P_NEWSTATE,
	P_REMOVE_PREVIOUS, P_RENAME,
	A_STAT, A_LINK, A_UNLINK, A_RETAIN, A_SYNC,
	F_SYNC, F_MODE, CLOSED
};

#define OPEN_APPEND (O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC)
#define OPEN_TRUNC (O_WRONLY | O_TRUNC | O_CREAT | O_CLOEXEC)

static int
posix_mkdir(const char *path, mode_t mode)
{
	return mkdir(path, mode);
}

static int
posix_opendir(const char *path)
{
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static int
posix_openat(int dfd, const char *name, int flags, mode_t mode)
{
	return openat(dfd, name, flags, mode);
}

static int
posix_fstatat(int dfd, const char *name, struct stat *st)
{
	return fstatat(dfd, name, st, 0);
}

static int
posix_fchmodat(int dfd, const char *name, mode_t mode)
{
	return fchmodat(dfd, name, mode, 0);
}

static int
posix_renameat(int dfd, const char *from, const char *to)
{
	return renameat(dfd, from, dfd, to);
}

static int
posix_linkat(int dfd, const char *from, const char *to)
{
	return linkat(dfd, from, dfd, to, 0);
}

static int
posix_unlinkat(int dfd, const char *name)
{
	return unlinkat(dfd, name, 0);
}

static int
posix_scan(int dfd, size_t *count, char *oldest, size_t size)
{
	struct dirent *d;
	DIR *dir;
	size_t n = 0;
	int fd, e;

	/* A fresh open file description: readdir's offset is its own. */
	fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	dir = fdopendir(fd);
	if (!dir) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (size)
		oldest[0] = 0;
	for (;;) {
		errno = 0;
		d = readdir(dir);
		if (!d)
			break;
		if (d->d_name[0] != '@' || strlen(d->d_name) < 25)
			continue;
		if (!n++ || memcmp(d->d_name, oldest, 25) < 0) {
			size_t l = strlen(d->d_name);
			if (l >= size)
				l = size - 1;
			memcpy(oldest, d->d_name, l);
			oldest[l] = 0;
		}
	}
	e = errno;
	closedir(dir);
	if (e) {
		errno = e;
		return -1;
	}
	*count = n;
	return 0;
}

const struct logdir_fs logdir_fs_posix = {
	posix_mkdir, posix_opendir, posix_openat, lock_exnb, posix_fstatat,
	fstat, fchmod, posix_fchmodat, posix_renameat, posix_linkat,
	posix_unlinkat, write, fsync, close, posix_scan
};

void
logdir_init(struct logdir *ld, const char *name, uint64_t size,
    uint64_t num, const char *processor, const struct logdir_fs *fs,
    char *buf, size_t cap)
{
	memset(ld, 0, sizeof *ld);
	ld->name = name;
	ld->size = size;
	ld->num = num;
	ld->processor = processor;
	ld->fs = fs;
	ld->buf = buf;
	ld->cap = cap;
	ld->dfd = ld->lockfd = ld->cur = -1;
	ld->step = S_OPEN;
}

static enum logdir_result
fail(struct logdir *ld, enum logdir_what what, const char *file)
{
	ld->what = what;
	ld->err = errno;
	ld->file = file;
	return what < LOGDIR_W_FIRST ? LOGDIR_FATAL : LOGDIR_PAUSE;
}

/* Closes a descriptor we are done with. A close error after fsync has
 * nothing left to report: the data is on disk or fsync said otherwise. */
static void
drop(struct logdir *ld, int *fd)
{
	if (*fd >= 0)
		(void)ld->fs->close(*fd);
	*fd = -1;
}

/* fail() for a step that opened fd: closed, errno kept. */
static enum logdir_result
fail_drop(struct logdir *ld, int *fd, enum logdir_what what)
{
	int e = errno;

	drop(ld, fd);
	errno = e;
	return fail(ld, what, 0);
}

static void
archive(struct logdir *ld, const char *file, char code, int next)
{
	ld->afile = file;
	ld->acode = code;
	ld->anext = next;
	ld->step = A_STAT;
}

/* "@" + label + "." + code; labels of one directory only go forward, so
 * names stay unique and in order even when the clock is coarse or steps
 * back (retention removes the smallest name). */
static void
archive_name(struct logdir *ld, const struct tai64n *now)
{
	struct tai64n t = *now;

	if (t.sec < ld->last.sec ||
	    (t.sec == ld->last.sec && t.nano <= ld->last.nano)) {
		t = ld->last;
		t.nano += 1000;
		if (t.nano >= 1000000000) {
			t.nano -= 1000000000;
			++t.sec;
		}
	}
	ld->last = t;
	tai64n_fmt(ld->aname, &t);
	ld->aname[25] = '.';
	ld->aname[26] = ld->acode;
	ld->aname[LOGDIR_ARCHIVE_LEN - 1] = 0;
}

static int
has_x(const struct stat *st)
{
	return (st->st_mode & S_IXUSR) != 0;
}

/* One data write: at most up to size, and once past size - SLACK only up
 * to the first line end there. */
static enum logdir_result
write_step(struct logdir *ld)
{
	uint64_t limit = ld->size - LOGDIR_SLACK;
	size_t n = ld->len - ld->off;
	const char *p = ld->buf + ld->off;
	ssize_t w;

	if (ld->counter >= ld->size) {
		ld->step = R_SYNC;
		return LOGDIR_IDLE;
	}
	if (n > ld->size - ld->counter)
		n = (size_t)(ld->size - ld->counter);
	if (ld->counter + n >= limit) {
		size_t from = ld->counter < limit
		    ? (size_t)(limit - ld->counter - 1) : 0;
		const char *nl = from < n
		    ? memchr(p + from, '\n', n - from) : 0;
		if (nl)
			n = (size_t)(nl - p) + 1;
	}
	w = ld->fs->write(ld->cur, p, n);
	if (w <= 0) {
		if (w < 0 && errno == EINTR)
			return LOGDIR_IDLE;
		if (w == 0)
			errno = EIO;	/* wrote nothing: no progress */
		return fail(ld, LOGDIR_W_WRITE, "current");
	}
	ld->off += (size_t)w;
	ld->counter += (uint64_t)w;
	if (ld->off == ld->len)
		ld->off = ld->len = 0;
	if (ld->counter >= limit && p[w - 1] == '\n') {
		/* Rotate now if more data waits; otherwise leave it to
		 * logdir_run(), so that the caller can first let go of the
		 * input it has just written (logdir_flush). */
		if (ld->off == ld->len) {
			ld->want_rotate = 1;
			ld->step = IDLE;
		} else {
			ld->step = R_SYNC;
		}
	} else if (ld->off == ld->len) {
		ld->step = IDLE;
	}
	return LOGDIR_IDLE;
}

/* The last run died: state may be half-updated and processed
 * half-written; save what can be saved. Removal errors do not matter
 * (0.76 ignores them too): what stays is archived or overwritten later. */
static enum logdir_result
recover(struct logdir *ld)
{
	const struct logdir_fs *fs = ld->fs;
	struct stat st;

	(void)fs->unlinkat(ld->dfd, "state");
	(void)fs->unlinkat(ld->dfd, "newstate");
	if (fs->fstatat(ld->dfd, "processed", &st) < 0) {
		if (errno != ENOENT)
			return fail(ld, LOGDIR_F_STAT_PROCESSED, 0);
		st.st_mode = 0;
	}
	if (has_x(&st)) {
		(void)fs->unlinkat(ld->dfd, "previous");
		archive(ld, "processed", 's', S_ARCHIVE_CURRENT);
	} else {
		(void)fs->unlinkat(ld->dfd, "processed");
		archive(ld, "previous", 'u', S_ARCHIVE_CURRENT);
	}
	return LOGDIR_IDLE;
}

/* Set-up and crash recovery (S_): open and lock the directory, then either
 * go on appending to a cleanly closed current, or save what an unclean
 * end left and start a new current. Failures are fatal. */
static enum logdir_result
setup_step(struct logdir *ld)
{
	const struct logdir_fs *fs = ld->fs;
	struct stat st;
	int fd;

	switch (ld->step) {
	case S_OPEN: {
		/* An existing directory keeps its mode; any real problem
		 * shows when it is opened. But a directory that is missing
		 * because it could not be made is reported with the reason
		 * it could not be made (0.76 says "file does not exist",
		 * hiding an "access denied"). */
		int made = fs->mkdir(ld->name, 0700) == 0 || errno == EEXIST;
		int why = errno;

		ld->dfd = fs->opendir(ld->name);
		if (ld->dfd < 0) {
			if (errno == ENOENT && !made)
				errno = why;
			return fail(ld, LOGDIR_F_OPEN, 0);
		}
		ld->step = S_LOCK;
		break;
	}
	case S_LOCK:
		if (ld->lockfd < 0)
			ld->lockfd = fs->openat(ld->dfd, "lock", OPEN_APPEND,
			    0600);
		if (ld->lockfd < 0 || fs->lock(ld->lockfd) < 0)
			return fail(ld, LOGDIR_F_LOCK, 0);
		ld->step = S_STAT_CURRENT;
		break;
	case S_STAT_CURRENT:
		if (fs->fstatat(ld->dfd, "current", &st) == 0)
			ld->step = has_x(&st) ? S_APPEND : S_UNCLEAN;
		else if (errno == ENOENT)
			ld->step = S_UNCLEAN;
		else
			return fail(ld, LOGDIR_F_STAT_CURRENT, 0);
		break;
	case S_APPEND:
		/* Cleanly closed: go on appending; nothing else is touched. */
		ld->cur = fs->openat(ld->dfd, "current", OPEN_APPEND, 0600);
		if (ld->cur < 0 || fs->fstat(ld->cur, &st) < 0)
			return fail(ld, LOGDIR_F_APPEND, 0);
		if (fs->fchmod(ld->cur, 0644) < 0)
			return fail(ld, LOGDIR_F_MODE_CURRENT, 0);
		ld->counter = (uint64_t)st.st_size;
		ld->step = IDLE;
		break;
	case S_UNCLEAN:
		return recover(ld);
	case S_ARCHIVE_CURRENT:
		archive(ld, "current", 'u', S_STATE);
		break;
	case S_STATE:
		fd = fs->openat(ld->dfd, "state", OPEN_TRUNC, 0644);
		if (fd < 0)
			return fail(ld, LOGDIR_F_STATE, 0);
		drop(ld, &fd);
		ld->step = S_CREATE;
		break;
	case S_CREATE:
		if (ld->cur < 0)
			ld->cur = fs->openat(ld->dfd, "current", OPEN_APPEND,
			    0600);
		if (ld->cur < 0)
			return fail(ld, LOGDIR_F_CURRENT, 0);
		if (fs->fchmod(ld->cur, 0644) < 0)
			return fail(ld, LOGDIR_F_MODE_CURRENT, 0);
		ld->counter = 0;
		ld->step = IDLE;
		break;
	default:
		break;
	}
	return LOGDIR_IDLE;
}

/* Rotation (R_, spec §5.5): current, complete on disk, becomes previous,
 * and a new current is made; then the processor, or archiving. */
static enum logdir_result
rotate_step(struct logdir *ld)
{
	const struct logdir_fs *fs = ld->fs;

	switch (ld->step) {
	case R_SYNC:
		/* The finished file reaches the disk before its new name. */
		if (fs->fsync(ld->cur) < 0)
			return fail(ld, LOGDIR_W_SYNC_CURRENT, 0);
		drop(ld, &ld->cur);
		ld->step = R_RENAME;
		break;
	case R_RENAME:
		if (fs->renameat(ld->dfd, "current", "previous") < 0)
			return fail(ld, LOGDIR_W_RENAME_CURRENT, 0);
		ld->step = R_CREATE;
		break;
	case R_CREATE:
		ld->cur = fs->openat(ld->dfd, "current", OPEN_APPEND, 0600);
		if (ld->cur < 0)
			return fail(ld, LOGDIR_W_CREATE_CURRENT, 0);
		ld->counter = 0;
		ld->step = R_MODE_CURRENT;
		break;
	case R_MODE_CURRENT:
		if (fs->fchmod(ld->cur, 0644) < 0)
			return fail(ld, LOGDIR_W_MODE_CURRENT, 0);
		ld->step = R_MODE_PREVIOUS;
		break;
	case R_MODE_PREVIOUS:
		if (fs->fchmodat(ld->dfd, "previous", 0744) < 0)
			return fail(ld, LOGDIR_W_MODE_PREVIOUS, 0);
		if (ld->processor)
			ld->step = P_RUN;
		else
			archive(ld, "previous", 's', IDLE);
		break;
	default:
		break;
	}
	return LOGDIR_IDLE;
}

/* The file side of a processor run (P_, spec §6): LOGDIR_PROCESS asks the
 * caller to run it; then processed and newstate are made durable and
 * take the places of previous and state. */
static enum logdir_result
process_step(struct logdir *ld)
{
	const struct logdir_fs *fs = ld->fs;
	int fd;

	switch (ld->step) {
	case P_RUN:
	case P_WAIT:
		ld->step = P_WAIT;
		return LOGDIR_PROCESS;
	case P_MESSAGE:
		/* A processor outcome reported by logdir_processed(). */
		ld->step = ld->pnext;
		errno = ld->perr;
		return fail(ld, ld->pwhat, 0);
	case P_FAILED:
		/* "processor failed" has no ERR. */
		ld->step = P_RUN;
		errno = 0;
		return fail(ld, LOGDIR_W_FAILED, 0);
	case P_PROCESSED:
		fd = fs->openat(ld->dfd, "processed", OPEN_APPEND, 0600);
		if (fd < 0)
			return fail(ld, LOGDIR_W_CREATE_PROCESSED, 0);
		if (fs->fsync(fd) < 0)
			return fail_drop(ld, &fd, LOGDIR_W_SYNC_PROCESSED);
		if (fs->fchmod(fd, 0744) < 0)
			return fail_drop(ld, &fd, LOGDIR_W_MODE_PROCESSED);
		drop(ld, &fd);
		ld->step = P_NEWSTATE;
		break;
	case P_NEWSTATE:
		fd = fs->openat(ld->dfd, "newstate", OPEN_APPEND, 0600);
		if (fd < 0)
			return fail(ld, LOGDIR_W_CREATE_NEWSTATE, 0);
		if (fs->fsync(fd) < 0)
			return fail_drop(ld, &fd, LOGDIR_W_SYNC_NEWSTATE);
		drop(ld, &fd);
		ld->step = P_REMOVE_PREVIOUS;
		break;
	case P_REMOVE_PREVIOUS:
		if (fs->unlinkat(ld->dfd, "previous") < 0 && errno != ENOENT)
			return fail(ld, LOGDIR_W_REMOVE_PREVIOUS, 0);
		ld->step = P_RENAME;
		break;
	case P_RENAME:
		if (fs->renameat(ld->dfd, "newstate", "state") < 0)
			return fail(ld, LOGDIR_W_RENAME_NEWSTATE, 0);
		archive(ld, "processed", 's', IDLE);
		break;
	default:
		break;
	}
	return LOGDIR_IDLE;
}

/* Archiving (A_, spec §5.3): afile becomes @<tai64n>.<acode>, archives
 * beyond num - 1 go, oldest first, and the names reach the disk; then on
 * to anext. */
static enum logdir_result
archive_step(struct logdir *ld, const struct tai64n *now)
{
	const struct logdir_fs *fs = ld->fs;
	struct stat st;
	size_t count;

	switch (ld->step) {
	case A_STAT:
		if (fs->fstatat(ld->dfd, ld->afile, &st) < 0) {
			if (errno != ENOENT)
				return fail(ld, LOGDIR_W_STAT, ld->afile);
			ld->step = ld->anext;	/* nothing to archive */
			break;
		}
		/* A second link means an earlier attempt linked it and was
		 * interrupted before the unlink: do not archive it twice. */
		ld->step = st.st_nlink == 1 ? A_LINK : A_UNLINK;
		break;
	case A_LINK:
		archive_name(ld, now);
		if (fs->linkat(ld->dfd, ld->afile, ld->aname) < 0)
			return fail(ld, LOGDIR_W_LINK, ld->aname);
		ld->step = A_UNLINK;
		break;
	case A_UNLINK:
		if (fs->unlinkat(ld->dfd, ld->afile) < 0 && errno != ENOENT)
			return fail(ld, LOGDIR_W_REMOVE, ld->afile);
		ld->step = A_RETAIN;
		break;
	case A_RETAIN:
		if (fs->scan(ld->dfd, &count, ld->oldest,
		    sizeof ld->oldest) < 0)
			return fail(ld, LOGDIR_W_READ, 0);
		if (count < ld->num) {
			ld->step = A_SYNC;
			break;
		}
		if (fs->unlinkat(ld->dfd, ld->oldest) < 0 && errno != ENOENT)
			return fail(ld, LOGDIR_W_REMOVE, ld->oldest);
		break;
	case A_SYNC:
		/* The new names reach the disk too. Some filesystems cannot
		 * sync a directory; that is not an error worth a pause. */
		if (fs->fsync(ld->dfd) < 0 && errno != EINVAL &&
		    errno != ENOTSUP && errno != EROFS)
			return fail(ld, LOGDIR_W_SYNC_DIR, 0);
		ld->step = ld->anext;
		break;
	default:
		break;
	}
	return LOGDIR_IDLE;
}

/* The clean close (F_): current on disk, marked by its execute bit. */
static enum logdir_result
finish_step(struct logdir *ld)
{
	const struct logdir_fs *fs = ld->fs;

	switch (ld->step) {
	case F_SYNC:
		if (fs->fsync(ld->cur) < 0)
			return fail(ld, LOGDIR_W_SYNC_CURRENT, 0);
		ld->step = F_MODE;
		break;
	case F_MODE:
		/* The owner-execute bit marks a clean close. */
		if (fs->fchmod(ld->cur, 0744) < 0)
			return fail(ld, LOGDIR_W_MODE_CURRENT, 0);
		drop(ld, &ld->cur);
		ld->want_finish = 0;
		ld->step = CLOSED;
		break;
	default:
		break;
	}
	return LOGDIR_IDLE;
}

/* Performs one step. LOGDIR_IDLE here means "go on" unless the step is
 * IDLE or CLOSED with nothing left to do. */
static enum logdir_result
step(struct logdir *ld, const struct tai64n *now)
{
	switch (ld->step) {
	case IDLE:
		if (ld->off < ld->len) {
			ld->step = WRITE;
		} else if (ld->want_rotate) {
			ld->want_rotate = 0;
			if (ld->counter > 0)
				ld->step = R_SYNC;
		} else if (ld->want_finish) {
			ld->step = F_SYNC;
		} else {
			return LOGDIR_IDLE;
		}
		break;
	case WRITE:
		if (ld->off == ld->len) {
			ld->step = IDLE;
			break;
		}
		return write_step(ld);
	case CLOSED:
		return LOGDIR_IDLE;
	default:
		break;
	}
	if (ld->step < IDLE)
		return setup_step(ld);
	if (ld->step < P_RUN)
		return rotate_step(ld);
	if (ld->step < A_STAT)
		return process_step(ld);
	if (ld->step < F_SYNC)
		return archive_step(ld, now);
	return finish_step(ld);
}

enum logdir_result
logdir_run(struct logdir *ld, const struct tai64n *now)
{
	for (;;) {
		enum logdir_result r = step(ld, now);

		if (r != LOGDIR_IDLE)
			return r;
		if (logdir_idle(ld))
			return LOGDIR_IDLE;
	}
}

enum logdir_result
logdir_flush(struct logdir *ld, const struct tai64n *now)
{
	for (;;) {
		enum logdir_result r;

		if ((ld->step == IDLE && ld->off == ld->len) ||
		    ld->step == CLOSED)
			return LOGDIR_IDLE;
		r = step(ld, now);
		if (r != LOGDIR_IDLE)
			return r;
	}
}

uint64_t
logdir_until_rotation(const struct logdir *ld)
{
	uint64_t limit = ld->size - LOGDIR_SLACK;
	uint64_t pending = ld->counter + (ld->len - ld->off);

	return pending >= limit ? 0 : limit - pending;
}

size_t
logdir_room(const struct logdir *ld)
{
	return ld->cap - ld->len;
}

void
logdir_put(struct logdir *ld, const char *data, size_t n)
{
	memcpy(ld->buf + ld->len, data, n);
	ld->len += n;
}

char *
logdir_space(struct logdir *ld, size_t *room)
{
	*room = ld->cap - ld->len;
	return ld->buf + ld->len;
}

void
logdir_commit(struct logdir *ld, size_t n)
{
	ld->len += n;
}

int
logdir_idle(const struct logdir *ld)
{
	return (ld->step == IDLE && ld->off == ld->len && !ld->want_rotate &&
	    !ld->want_finish) || ld->step == CLOSED;
}

int
logdir_rotate(struct logdir *ld)
{
	if (ld->counter == 0 && ld->off == ld->len)
		return 0;
	ld->want_rotate = 1;
	return 1;
}

void
logdir_finish(struct logdir *ld)
{
	if (ld->step != CLOSED)
		ld->want_finish = 1;
}

int
logdir_closed(const struct logdir *ld)
{
	return ld->step == CLOSED;
}

void
logdir_processed(struct logdir *ld, enum logdir_proc outcome, int err)
{
	if (ld->step != P_WAIT)
		return;
	ld->perr = err;
	ld->pnext = P_RUN;
	switch (outcome) {
	case LOGDIR_PROC_OK:
		ld->step = P_PROCESSED;
		return;
	case LOGDIR_PROC_FAILED:
		ld->step = P_FAILED;
		return;
	case LOGDIR_PROC_NOFORK:
		ld->pwhat = LOGDIR_W_FORK;
		break;
	case LOGDIR_PROC_CRASHED:
	case LOGDIR_PROC_NOWAIT:
		/* 0.76 pauses twice: after this message and again after
		 * "processor failed". */
		ld->pwhat = outcome == LOGDIR_PROC_CRASHED ? LOGDIR_W_CRASHED
		    : LOGDIR_W_WAIT;
		ld->pnext = P_FAILED;
		break;
	}
	ld->step = P_MESSAGE;
}

const char *
logdir_name(const struct logdir *ld)
{
	return ld->name;
}

const char *
logdir_processor(const struct logdir *ld)
{
	return ld->processor;
}

int
logdir_fd(const struct logdir *ld)
{
	return ld->dfd;
}

int
logdir_lockfd(const struct logdir *ld)
{
	return ld->lockfd;
}

enum logdir_what
logdir_what(const struct logdir *ld)
{
	return ld->what;
}

int
logdir_errno(const struct logdir *ld)
{
	return ld->err;
}

const char *
logdir_file(const struct logdir *ld)
{
	return ld->file;
}
