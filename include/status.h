/* status.h - what supervise publishes in DIR/supervise/, in two files
 * (docs/status-format.md). supervise writes them; svstat, svok, svwait and
 * a later supervise (adoption) read them.
 *
 * supervise/status is exactly daemontools 0.76's 18 bytes, since readers
 * in the wild unpack the whole file as 18 bytes or insist on that length:
 *   0..11 TAI64N label of the last pid change   12..15 pid, low byte first, 0 = down
 *   16    1 while paused (and pid != 0)          17     'u', 'd', or 0 (run once)
 *
 * supervise/xstatus is daemonbox's own, 64 bytes, version 2:
 *   0..17 a copy of the status record it goes with: a reader pairs the
 *         two files only when these bytes are equal
 *   18    1 while a TERM was sent and the child has not exited
 *   19    0 down, 1 running, 2 finishing (./finish runs)
 *   20    'D' (marks the file)                 21  version, 2
 *   22    flags: STATUS_NORMALLY_UP ... STATUS_ADOPTED below
 *   23    how the last run ended: 0 unknown, 1 exited, 2 killed by a signal
 *   24..27 exit code or signal number, big-endian
 *   28..39 TAI64N label of the last exit
 *   40..51 TAI64N label of readiness (0 when not ready)
 *   52..59 start time of the process in bytes 12..15 (portab_proc_starttime,
 *         big-endian; 0 unknown): a later supervise adopts that process
 *         only if pid and start time both match
 *   60..63 FNV-1a (32 bits, big-endian) of bytes 0..59
 * Every record is published in two steps, xstatus first, so that after a
 * kill -9 between them xstatus is the newer one: xstatus is overwritten in
 * place (created by NAME.new + rename() the first time), and a reader that
 * raced the overwrite sees a bad checksum and looks again; then status is
 * replaced whole as 0.76 does it (status.new, then rename()), so its
 * readers never see a mixture and a directory watch sees every record.
 * Functions return 0 or -1 with errno set; none of them prints or exits,
 * none allocates. */
#ifndef DAEMONBOX_STATUS_H
#define DAEMONBOX_STATUS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "tai64.h"

#define STATUS_SIZE 18		/* supervise/status */
#define STATUS_EXT_SIZE 64	/* supervise/xstatus */
#define STATUS_EXT_MAGIC 'D'
#define STATUS_EXT_VERSION 2

#define STATUS_NORMALLY_UP 1	/* no down file when supervise started */
#define STATUS_HAVE_EXIT 2	/* bytes 23..39 describe the last exit */
#define STATUS_READY 4		/* the service reported readiness (40..51) */
#define STATUS_EXITING 8	/* exit requested (svc -x) */
#define STATUS_PERMANENT 16	/* ./finish exited 125: not restarted */
#define STATUS_KILL_TIMER 32	/* timeout-kill set: TERM is followed by KILL */
#define STATUS_NOTIFY 64	/* notification-fd set: readiness is tracked */
#define STATUS_ADOPTED 128	/* the process was adopted from a killed supervise */

enum status_run { STATUS_RUN_DOWN = 0, STATUS_RUN_UP = 1, STATUS_RUN_FINISH = 2 };
enum status_how { STATUS_HOW_UNKNOWN = 0, STATUS_HOW_EXIT = 1, STATUS_HOW_SIGNAL = 2 };

struct status {
	/* supervise/status */
	struct tai64n changed;	/* last pid change */
	uint32_t pid;		/* 0 = down */
	int paused;
	char want;		/* 'u', 'd' or 0 (once) */
	/* supervise/xstatus; all zero when a reader found none to pair */
	int extended;		/* these fields came from (or go to) xstatus */
	int term_sent;
	int run;		/* enum status_run */
	unsigned flags;		/* STATUS_NORMALLY_UP | ... */
	int how;		/* enum status_how */
	uint32_t code;		/* exit code or signal number */
	struct tai64n exited;	/* when the last run ended */
	struct tai64n ready;	/* when readiness was reported */
	uint64_t starttime;	/* of the process pid, portab's unit; 0 unknown */
};

/* Encodes the 18 bytes of supervise/status into buf. */
void status_pack(unsigned char buf[STATUS_SIZE], const struct status *s);

/* Encodes the 64 bytes of supervise/xstatus into buf. */
void status_pack_ext(unsigned char buf[STATUS_EXT_SIZE], const struct status *s);

/* Decodes a status record of len bytes (the first 18 count; a longer file,
 * such as an older daemonbox's, is read as its first 18 bytes). The
 * xstatus fields are zeroed. Returns 0, or -1 with errno EINVAL when
 * len < 18. */
int status_unpack(struct status *s, const unsigned char *buf, size_t len);

/* Decodes an xstatus file of len bytes, the copy of the status record in
 * it included, and sets s->extended. Returns 0, or -1 with errno EINVAL
 * when it is shorter than 64 bytes, lacks the magic byte, is of a version
 * before 2 (later versions only add flags) or fails its checksum. */
int status_unpack_ext(struct status *s, const unsigned char *buf, size_t len);

/* Whether a decoded record is possible: want is 'u', 'd' or 0; paused
 * only with a pid; nanoseconds below 10^9; the time not before 2^62 + 10
 * (1970) and at most STATUS_FUTURE_MAX seconds after now_sec (TAI64
 * seconds: a year, so that a clock set back by a few hours or days does
 * not make a real record look corrupt). Returns 0, or -1 with errno
 * EINVAL. */
#define STATUS_FUTURE_MAX (366 * 86400ULL)
int status_sane(const struct status *s, uint64_t now_sec);

/* What failed in status_write() or status_read(). FORMAT: the status file
 * holds fewer than 18 bytes. */
enum status_step { STATUS_STEP_OPEN, STATUS_STEP_WRITE, STATUS_STEP_PARTIAL,
	STATUS_STEP_RENAME, STATUS_STEP_READ, STATUS_STEP_FORMAT };

/* The writer's side: the service directory, and whether xstatus is a file
 * this writer made (only such a file is overwritten in place). Owned by
 * the caller (supervise); status_writer_init() first. */
struct status_writer {
	int dirfd;		/* the service directory, or AT_FDCWD */
	int ext_ours;
};

void status_writer_init(struct status_writer *w, int dirfd);

/* Publishes s: supervise/xstatus, then supervise/status (mode 0644, umask
 * applies), as described at the top. On failure both are tried and -1 is
 * returned with errno, *step the call that failed and *file the file
 * ("status" when both failed, else "xstatus"); a failed xstatus is made
 * anew by the next call. No heap. */
int status_write(struct status_writer *w, const struct status *s,
    enum status_step *step, const char **file);

/* Reads DIR/supervise/status (dirfd: DIR, or AT_FDCWD) and, when it pairs
 * with it, DIR/supervise/xstatus, each with one read(). A reader that
 * came between supervise's two writes looks again, a few times at most;
 * without a pair, s holds the 18 bytes alone (s->extended 0). Returns 0,
 * or -1 with errno and *step: OPEN or READ (status could not be opened
 * or read), FORMAT (errno EINVAL: fewer than 18 bytes). */
int status_read(int dirfd, struct status *s, enum status_step *step);

/* Reads DIR/supervise/xstatus alone: adoption trusts it even when a
 * supervise killed between its two writes left status behind it.
 * Returns 0, or -1 with errno (EINVAL: not a version 2 xstatus). */
int status_read_ext(int dirfd, struct status *s);

#endif
