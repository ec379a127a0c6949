/* status.c - encoding, decoding and atomic writing of supervise/status
 * (0.76's 18 bytes) and supervise/xstatus (daemonbox's extension), shared
 * by supervise (writer), svstat, svok, svwait and adoption (readers). */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "status.h"

/* How often a reader looks again when the two files do not pair: once is
 * enough for a reader that fell between supervise's two writes; more only
 * under a storm of changes, and then the 18 bytes alone are a fair answer. */
#define STATUS_READ_TRIES 3

static void
put32be(unsigned char *b, uint32_t v)
{
	b[0] = (unsigned char)(v >> 24);
	b[1] = (unsigned char)(v >> 16);
	b[2] = (unsigned char)(v >> 8);
	b[3] = (unsigned char)v;
}

static uint32_t
get32be(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

/* FNV-1a, 32 bits: enough to tell a record read while it was being
 * overwritten from a whole one. */
static uint32_t
fnv1a(const unsigned char *b, size_t n)
{
	uint32_t h = 2166136261U;

	while (n--) {
		h ^= *b++;
		h *= 16777619U;
	}
	return h;
}

void
status_pack(unsigned char buf[STATUS_SIZE], const struct status *s)
{
	tai64n_pack(buf, &s->changed);
	buf[12] = (unsigned char)s->pid;
	buf[13] = (unsigned char)(s->pid >> 8);
	buf[14] = (unsigned char)(s->pid >> 16);
	buf[15] = (unsigned char)(s->pid >> 24);
	buf[16] = (s->paused && s->pid) ? 1 : 0;
	buf[17] = (unsigned char)s->want;
}

void
status_pack_ext(unsigned char buf[STATUS_EXT_SIZE], const struct status *s)
{
	status_pack(buf, s);
	buf[18] = s->term_sent ? 1 : 0;
	buf[19] = (unsigned char)s->run;
	buf[20] = STATUS_EXT_MAGIC;
	buf[21] = STATUS_EXT_VERSION;
	buf[22] = (unsigned char)s->flags;
	buf[23] = (unsigned char)s->how;
	put32be(buf + 24, s->code);
	tai64n_pack(buf + 28, &s->exited);
	tai64n_pack(buf + 40, &s->ready);
	tai64_pack(buf + 52, s->starttime);
	put32be(buf + 60, fnv1a(buf, 60));
}

int
status_unpack(struct status *s, const unsigned char *buf, size_t len)
{
	if (len < STATUS_SIZE) {
		errno = EINVAL;
		return -1;
	}
	memset(s, 0, sizeof *s);
	tai64n_unpack(&s->changed, buf);
	s->pid = (uint32_t)buf[12] | (uint32_t)buf[13] << 8 |
	    (uint32_t)buf[14] << 16 | (uint32_t)buf[15] << 24;
	s->paused = buf[16] != 0;
	s->want = (char)buf[17];
	return 0;
}

int
status_unpack_ext(struct status *s, const unsigned char *buf, size_t len)
{
	if (len < STATUS_EXT_SIZE || buf[20] != STATUS_EXT_MAGIC ||
	    buf[21] < STATUS_EXT_VERSION ||
	    get32be(buf + 60) != fnv1a(buf, 60)) {
		errno = EINVAL;
		return -1;
	}
	(void)status_unpack(s, buf, len);
	s->extended = 1;
	s->term_sent = buf[18];
	s->run = buf[19];
	s->flags = buf[22];
	s->how = buf[23];
	s->code = get32be(buf + 24);
	tai64n_unpack(&s->exited, buf + 28);
	tai64n_unpack(&s->ready, buf + 40);
	s->starttime = tai64_unpack(buf + 52);
	return 0;
}

int
status_sane(const struct status *s, uint64_t now_sec)
{
	if ((s->want != 'u' && s->want != 'd' && s->want != 0) ||
	    (s->paused && !s->pid) ||
	    s->changed.sec < TAI64_UNIX_OFFSET ||
	    s->changed.sec > now_sec + STATUS_FUTURE_MAX ||
	    s->changed.nano > 999999999) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

void
status_writer_init(struct status_writer *w, int dirfd)
{
	memset(w, 0, sizeof *w);
	w->dirfd = dirfd;
}

/* 0.76's way for one file: write supervise/NAME.new whole, then rename
 * it over supervise/NAME, so a reader sees the old bytes or the new ones.
 * Returns 0, or -1 with errno and *step. */
static int
replace(int dirfd, const char *tmp, const char *name,
    const unsigned char *buf, size_t n, enum status_step *step)
{
	ssize_t w;
	int e;
	/* Never open across a fork (supervise is single-threaded and closes
	 * it before returning), so no close-on-exec: one call less. */
	int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK,
	    0644);

	if (fd < 0) {
		*step = STATUS_STEP_OPEN;
		return -1;
	}
	do
		w = write(fd, buf, n);
	while (w < 0 && errno == EINTR);
	if (w < 0 || (size_t)w != n) {
		e = w < 0 ? errno : ENOSPC;
		*step = w < 0 ? STATUS_STEP_WRITE : STATUS_STEP_PARTIAL;
		(void)close(fd);
		(void)unlinkat(dirfd, tmp, 0);	/* no leftover */
		errno = e;
		return -1;
	}
	*step = STATUS_STEP_WRITE;
	if (close(fd) == 0) {
		*step = STATUS_STEP_RENAME;
		if (renameat(dirfd, tmp, dirfd, name) == 0)
			return 0;
	}
	e = errno;
	(void)unlinkat(dirfd, tmp, 0);
	errno = e;
	return -1;
}

/* Overwrites supervise/xstatus in place: no file is created or freed,
 * which is most of what a rename costs (ext4 frees the old file's block,
 * and with the discard option tells the disk at once). Returns 0, or -1
 * with errno and *step. */
static int
overwrite(int dirfd, const unsigned char *buf, size_t n,
    enum status_step *step)
{
	ssize_t w;
	int e, fd = openat(dirfd, "supervise/xstatus", O_WRONLY | O_NONBLOCK);

	if (fd < 0) {
		*step = STATUS_STEP_OPEN;
		return -1;
	}
	do
		w = pwrite(fd, buf, n, 0);
	while (w < 0 && errno == EINTR);
	if (w < 0 || (size_t)w != n) {
		e = w < 0 ? errno : ENOSPC;
		*step = w < 0 ? STATUS_STEP_WRITE : STATUS_STEP_PARTIAL;
		(void)close(fd);
		errno = e;
		return -1;
	}
	*step = STATUS_STEP_WRITE;
	return close(fd);
}

int
status_write(struct status_writer *w, const struct status *s,
    enum status_step *step, const char **file)
{
	unsigned char rec[STATUS_SIZE], ext[STATUS_EXT_SIZE];
	enum status_step st;
	int failed = 0, e = 0;

	status_pack(rec, s);
	status_pack_ext(ext, s);
	/* xstatus first: whoever finds status new finds xstatus at least as
	 * new, and a supervise killed between the two leaves the newer
	 * record (the one adoption needs) in xstatus. A file this process
	 * did not make, or one a write failed on, is made anew. */
	if ((w->ext_ours && overwrite(w->dirfd, ext, sizeof ext, &st) == 0) ||
	    replace(w->dirfd, "supervise/xstatus.new", "supervise/xstatus",
	    ext, sizeof ext, &st) == 0)
		w->ext_ours = 1;
	else {
		w->ext_ours = 0;
		failed = 1;
		e = errno;
		*step = st;
		*file = "xstatus";
	}
	/* status always, even unchanged: its rename is what a directory
	 * watch (svwait) sees. */
	if (replace(w->dirfd, "supervise/status.new", "supervise/status",
	    rec, sizeof rec, &st) < 0) {
		/* When both fail, 0.76's words: about status. */
		failed = 1;
		e = errno;
		*step = st;
		*file = "status";
	}
	if (failed) {
		errno = e;
		return -1;
	}
	return 0;
}

/* One open() and one read() of up to len bytes of supervise/NAME.
 * Returns the count, or -1 with errno and *step OPEN or READ. */
static ssize_t
read_once(int dirfd, const char *path, unsigned char *buf, size_t len,
    enum status_step *step)
{
	ssize_t r;
	int fd = openat(dirfd, path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	*step = STATUS_STEP_OPEN;
	if (fd < 0)
		return -1;
	*step = STATUS_STEP_READ;
	do
		r = read(fd, buf, len);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		int e = errno;
		(void)close(fd);
		errno = e;
		return -1;
	}
	(void)close(fd);
	return r;
}

/* Reads and decodes supervise/xstatus into *s, its bytes into ext. */
static int
read_ext(int dirfd, struct status *s, unsigned char ext[STATUS_EXT_SIZE])
{
	enum status_step step;
	ssize_t r = read_once(dirfd, "supervise/xstatus", ext,
	    STATUS_EXT_SIZE, &step);

	if (r < 0)
		return -1;
	return status_unpack_ext(s, ext, (size_t)r);
}

int
status_read_ext(int dirfd, struct status *s)
{
	unsigned char ext[STATUS_EXT_SIZE];

	return read_ext(dirfd, s, ext);
}

int
status_read(int dirfd, struct status *s, enum status_step *step)
{
	unsigned char rec[STATUS_SIZE], ext[STATUS_EXT_SIZE];
	struct status x;
	int tries;

	for (tries = 0; tries < STATUS_READ_TRIES; ++tries) {
		ssize_t r = read_once(dirfd, "supervise/status", rec,
		    sizeof rec, step);

		if (r < 0)
			return -1;
		if (status_unpack(s, rec, (size_t)r) < 0) {
			*step = STATUS_STEP_FORMAT;
			return -1;
		}
		if (read_ext(dirfd, &x, ext) < 0)
			return 0;	/* none, or not ours to read */
		if (!memcmp(ext, rec, sizeof rec)) {
			*s = x;
			return 0;
		}
		/* Between supervise's two writes, or a stale xstatus (left
		 * by a daemonbox supervise before a 0.76 one took over): look
		 * again, then go by the 18 bytes. */
	}
	return 0;
}
