/* status.c - encoding, decoding and atomic writing of supervise/status,
 * shared by supervise (writer), svstat and svok (readers). */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "loop.h"
#include "portab.h"
#include "status.h"

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

size_t
status_pack(unsigned char *buf, size_t len, const struct status *s)
{
	size_t n = STATUS_SIZE_DJB;

	tai64n_pack(buf, &s->changed);
	buf[12] = (unsigned char)s->pid;
	buf[13] = (unsigned char)(s->pid >> 8);
	buf[14] = (unsigned char)(s->pid >> 16);
	buf[15] = (unsigned char)(s->pid >> 24);
	buf[16] = (s->paused && s->pid) ? 1 : 0;
	buf[17] = (unsigned char)s->want;
	if (len < STATUS_SIZE_RUNIT)
		return n;
	buf[18] = s->term_sent ? 1 : 0;
	buf[19] = (unsigned char)s->run;
	n = STATUS_SIZE_RUNIT;
	if (len < STATUS_SIZE)
		return n;
	buf[20] = STATUS_MAGIC;
	buf[21] = STATUS_VERSION;
	buf[22] = (unsigned char)s->flags;
	buf[23] = (unsigned char)s->how;
	put32be(buf + 24, s->code);
	tai64n_pack(buf + 28, &s->exited);
	tai64n_pack(buf + 40, &s->ready);
	tai64_pack(buf + 52, s->starttime);
	return STATUS_SIZE;
}

int
status_unpack(struct status *s, const unsigned char *buf, size_t len)
{
	if (len < STATUS_SIZE_DJB) {
		errno = EINVAL;
		return -1;
	}
	memset(s, 0, sizeof *s);
	tai64n_unpack(&s->changed, buf);
	s->pid = (uint32_t)buf[12] | (uint32_t)buf[13] << 8 |
	    (uint32_t)buf[14] << 16 | (uint32_t)buf[15] << 24;
	s->paused = buf[16] != 0;
	s->want = (char)buf[17];
	if (len >= STATUS_SIZE_RUNIT) {
		s->term_sent = buf[18];
		s->run = buf[19];
	}
	if (len >= STATUS_SIZE && buf[20] == STATUS_MAGIC &&
	    buf[21] >= STATUS_VERSION) {
		s->extended = 1;
		s->flags = buf[22];
		s->how = buf[23];
		s->code = get32be(buf + 24);
		tai64n_unpack(&s->exited, buf + 28);
		tai64n_unpack(&s->ready, buf + 40);
		s->starttime = tai64_unpack(buf + 52);
	}
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

/* status_write's memory of its own files. A record's file is written again
 * only when it stopped being supervise/status long enough ago that no
 * reader can still be between its open() and its read() of it. */
#define REUSE_AGE_MS 500
static int exchange_off;	/* renames cannot swap two names here */
static int status_is_ours;	/* status is the file our last write left */
static int have_new, have_old;	/* status.new, status.old: records of ours */
static int64_t new_left, old_left;	/* when they stopped being status */

/* Opens the file to write the next record into: an old record's file
 * kept as status.new, or a new one. Never open across a fork (supervise
 * is single-threaded and closes it before returning), so no close-on-exec:
 * one call less. */
static int
open_new(int64_t now)
{
	int fd = -1;

	if (have_new && !exchange_off && now - new_left >= REUSE_AGE_MS)
		fd = open("supervise/status.new", O_WRONLY | O_NONBLOCK);
	if (fd >= 0)
		return fd;
	/* A recent record's file may still be read: make a new one. */
	if (!exchange_off)
		(void)unlink("supervise/status.new");
	have_new = 0;
	return open("supervise/status.new",
	    O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK, 0644);
}

/* status.new holds the record that has just stopped being status: park it
 * as status.old and bring the older one (if any) back as status.new. */
static void
rotate(int64_t now)
{
	if (have_old && portab_rename_exchange("supervise/status.new",
	    "supervise/status.old") == 0) {
		have_new = 1;
		new_left = old_left;
	} else if (rename("supervise/status.new", "supervise/status.old") == 0)
		have_new = 0;
	else {
		have_new = 1;	/* stays, too young to reuse for now */
		new_left = now;
		return;
	}
	have_old = 1;
	old_left = now;
}

int
status_write(const struct status *s, enum status_step *step)
{
	unsigned char buf[STATUS_SIZE];
	size_t n = status_pack(buf, sizeof buf, s);
	int64_t now = loop_now();
	ssize_t w;
	int fd, ours = status_is_ours;

	status_is_ours = 0;
	fd = open_new(now);
	if (fd < 0) {
		*step = STATUS_STEP_OPEN;
		return -1;
	}
	have_new = 0;	/* from here it is the new record's file */
	do
		w = write(fd, buf, n);
	while (w < 0 && errno == EINTR);
	if (w < 0 || (size_t)w != n) {
		int e = w < 0 ? errno : ENOSPC;
		*step = w < 0 ? STATUS_STEP_WRITE : STATUS_STEP_PARTIAL;
		(void)close(fd);
		errno = e;
		return -1;
	}
	if (close(fd) < 0) {
		*step = STATUS_STEP_WRITE;
		return -1;
	}
	/* Swapping names keeps the files: none is created, truncated or
	 * freed per record, which is most of what a rename over status costs.
	 * Only over a status this process wrote: a swap would move anything
	 * else (a directory) aside instead of failing. */
	if (ours && !exchange_off) {
		if (portab_rename_exchange("supervise/status.new",
		    "supervise/status") == 0) {
			status_is_ours = 1;
			rotate(now);
			return 0;
		}
		if (errno == EINVAL || errno == ENOSYS)
			exchange_off = 1;
	}
	if (rename("supervise/status.new", "supervise/status") < 0) {
		*step = STATUS_STEP_RENAME;
		return -1;
	}
	status_is_ours = 1;
	return 0;
}

ssize_t
status_read(unsigned char *buf, size_t len, enum status_step *step)
{
	ssize_t r;
	int fd = open("supervise/status", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

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
