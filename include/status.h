/* status.h - the supervise/status record: supervise writes it, svstat and
 * svok read it (docs/status-format.md). The first 18 bytes are daemontools
 * 0.76's, so its svstat still reads ours:
 *   0..11 TAI64N label of the last pid change   12..15 pid, low byte first, 0 = down
 *   16    1 while paused (and pid != 0)          17     'u', 'd', or 0 (run once)
 * Bytes 18..19 are runit's, so its `sv status` reads ours too:
 *   18    1 while a TERM was sent and the child has not exited
 *   19    0 down, 1 running, 2 finishing
 * Then daemonbox's extension, version 1 (bytes 20..59):
 *   20    'D' (marks the extension)           21  version, 1
 *   22    flags: STATUS_NORMALLY_UP ... STATUS_ADOPTED below
 *   23    how the last run ended: 0 unknown, 1 exited, 2 killed by a signal
 *   24..27 exit code or signal number, big-endian
 *   28..39 TAI64N label of the last exit
 *   40..51 TAI64N label of readiness (0 when not ready)
 *   52..59 start time of the process in bytes 12..15 (portab_proc_starttime,
 *         big-endian; 0 unknown): a later supervise adopts that process
 *         only if pid and start time both match
 * A reader accepts 18 bytes and more and ignores what it does not know.
 * Functions return 0 or -1 with errno set; none of them prints or exits,
 * none allocates. */
#ifndef DAEMONBOX_STATUS_H
#define DAEMONBOX_STATUS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "tai64.h"

#define STATUS_SIZE_DJB 18
#define STATUS_SIZE_RUNIT 20
#define STATUS_SIZE 60
#define STATUS_MAGIC 'D'
#define STATUS_VERSION 1

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
	struct tai64n changed;	/* last pid change */
	uint32_t pid;		/* 0 = down */
	int paused;
	char want;		/* 'u', 'd' or 0 (once) */
	int term_sent;		/* runit byte 18 */
	int run;		/* enum status_run, runit byte 19 */
	int extended;		/* the record had (or gets) our extension */
	unsigned flags;		/* STATUS_NORMALLY_UP | ... */
	int how;		/* enum status_how */
	uint32_t code;		/* exit code or signal number */
	struct tai64n exited;	/* when the last run ended */
	struct tai64n ready;	/* when readiness was reported */
	uint64_t starttime;	/* of the process pid, portab's unit; 0 unknown */
};

/* Writes the record into buf: 18 bytes when len < 20, 20 when len < 60,
 * else STATUS_SIZE with the extension. Returns the length written. */
size_t status_pack(unsigned char *buf, size_t len, const struct status *s);

/* Decodes len bytes. Returns 0, or -1 with errno EINVAL when len < 18.
 * Bytes 18..19 and the extension are taken when present (and marked
 * valid by the magic byte); otherwise they read as zero. */
int status_unpack(struct status *s, const unsigned char *buf, size_t len);

/* Whether a decoded record is possible: want is 'u', 'd' or 0; paused
 * only with a pid; nanoseconds below 10^9; the time not before 2^62 + 10
 * (1970) and at most STATUS_FUTURE_MAX seconds after now_sec (TAI64
 * seconds: a year, so that a clock set back by a few hours or days does
 * not make a real record look corrupt). Returns 0, or -1 with errno
 * EINVAL. */
#define STATUS_FUTURE_MAX (366 * 86400ULL)
int status_sane(const struct status *s, uint64_t now_sec);

/* What failed in status_write(). */
enum status_step { STATUS_STEP_OPEN, STATUS_STEP_WRITE, STATUS_STEP_PARTIAL,
	STATUS_STEP_RENAME, STATUS_STEP_READ };

/* Writes the record to dir "supervise" relative to the current directory
 * atomically: into supervise/status.new (mode 0644, umask applies), then
 * that name over supervise/status. The first write of a process, or the
 * next after a failure, creates status.new and rename()s it; later ones
 * reuse the file the previous record is in and swap the two names
 * (portab_rename_exchange), so supervise/status.new then stays, holding
 * the previous record. On failure returns -1 with errno set and *step
 * saying which call failed. No heap. */
int status_write(const struct status *s, enum status_step *step);

/* Reads supervise/status (relative to the current directory) with one
 * read() of up to len bytes. Returns the byte count (>= 0), or -1 with
 * errno from open or read and *step STATUS_STEP_OPEN or STATUS_STEP_READ.
 * The caller decodes with status_unpack(). */
ssize_t status_read(unsigned char *buf, size_t len, enum status_step *step);

#endif
