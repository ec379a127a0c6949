/* multilog - read log lines on stdin, select them with patterns, and hand
 * them to alerts (stderr), status files and rotated log directories.
 * One poll() loop; pauses are deadlines in it. Input leaves the pipe only
 * once it is in every log directory (tee(2) peek where there is one). */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "applets.h"
#include "die.h"
#include "fd.h"
#include "logdir.h"
#include "loop.h"
#include "match.h"
#include "mlscript.h"
#include "obuf.h"
#include "portab.h"
#include "sig.h"
#include "tai64.h"

#define PAUSE_MS 5000		/* 0.76: every failure pauses 5 seconds */
#define ALERT_MAX 200		/* e shows this much, then "..." */
#define STATUS_LEN 1001		/* =FILE gets exactly this many bytes */
#define INBUF_SIZE ((size_t)128 * 1024)
#define DIRBUF_SIZE ((size_t)384 * 1024)
#define STALL_FIRST_US 20	/* a partial line at the head of the pipe: */
#define STALL_LIMIT_US 1000000	/* wait for its rest, then hold it */

/* Where input comes from. PEEK: stdin is a pipe read with tee(2) into a
 * private pipe; bytes leave stdin only once written out, so kill -9 loses
 * nothing. READ: plain read(2), for anything else. */
enum { MODE_PEEK, MODE_READ };

struct status_file {
	const char *name;
	int fd;
	int pending;
	char line[STATUS_LEN];
};

static struct mlscript script;
static struct mlscript_action *actions;
static struct logdir *dirs;
static char *dirbufs;		/* DIRBUF_SIZE bytes per directory */
static unsigned char *sel;
static struct status_file *files;
static int simple;		/* no pattern, e or =: all lines to all dirs */

/* inbuf[0..in_len) holds input; [0..in_held) has left stdin already,
 * [in_held..in_len) was peeked and is still in the pipe; in_pos is how far
 * it has been processed. */
static char *inbuf;		/* INBUF_SIZE bytes, allocated at start */
static size_t in_len, in_held, in_pos;
static int mode = MODE_READ;
static int scratch[2] = { -1, -1 };
static size_t scratch_cap;
static int devnull = -1;
static size_t peek_tail;	/* unprocessed bytes dropped and re-peeked */
static int64_t stall_us, stall_total;	/* backoff while a tail waits */
static int hangup;		/* stdin: no writer left */
static int at_eof;
static int mid_line;		/* in a long line whose fate is decided */
static int stopped_at_eol;
static int term_fetched;	/* input taken after SIGTERM */

static char stamp[MLSCRIPT_STAMP_MAX];
static size_t stamp_len;
/* Buffers on the heap, not in .bss: every process of the binary (each
 * idle supervise) would carry the .bss pages they share with small
 * variables. */
#define ALERTBUF_SIZE 8192
#define JUNK_SIZE 4096
static char *view;		/* MATCH_LINE_MAX: stamp + line, for matching */
static char *alertbuf;
static struct obuf alerts;

static int sigfd = -1;
static int got_term, got_alarm;
static int finishing;
static int64_t pause_until = LOOP_NEVER;

static char *junk;	/* JUNK_SIZE; only if splice to /dev/null fails */

/* The warnings and fatal messages of a log directory: PRE DIR [/FILE] POST,
 * with ": ERR" unless noerr. */
static const struct {
	enum logdir_what what;
	char file, noerr;
	const char *pre, *post;
} texts[] = {
	{ LOGDIR_F_OPEN, 0, 0, "unable to open directory ", "" },
	{ LOGDIR_F_LOCK, 0, 0, "unable to lock directory ", "" },
	{ LOGDIR_F_STAT_CURRENT, 0, 0, "unable to stat ", "/current" },
	{ LOGDIR_F_APPEND, 0, 0, "unable to append to ", "/current" },
	{ LOGDIR_F_MODE_CURRENT, 0, 0, "unable to set mode of ", "/current" },
	{ LOGDIR_F_STAT_PROCESSED, 0, 0, "unable to stat ", "/processed" },
	{ LOGDIR_F_STATE, 0, 0, "unable to write to ", "/state" },
	{ LOGDIR_F_CURRENT, 0, 0, "unable to write to ", "/current" },
	{ LOGDIR_W_STAT, 1, 0, "unable to stat ", ", pausing" },
	{ LOGDIR_W_LINK, 1, 0, "unable to link to ", ", pausing" },
	{ LOGDIR_W_REMOVE, 1, 0, "unable to remove ", ", pausing" },
	{ LOGDIR_W_READ, 0, 0, "unable to read ", ", pausing" },
	{ LOGDIR_W_SYNC_DIR, 0, 0, "unable to write ", " to disk, pausing" },
	{ LOGDIR_W_WRITE, 0, 0, "unable to write to ", "/current, pausing" },
	{ LOGDIR_W_SYNC_CURRENT, 0, 0, "unable to write ",
	    "/current to disk, pausing" },
	{ LOGDIR_W_RENAME_CURRENT, 0, 0,
	    "unable to rename current to previous in directory ",
	    ", pausing" },
	{ LOGDIR_W_CREATE_CURRENT, 0, 0, "unable to create ",
	    "/current, pausing" },
	{ LOGDIR_W_MODE_CURRENT, 0, 0, "unable to set mode of ",
	    "/current, pausing" },
	{ LOGDIR_W_MODE_PREVIOUS, 0, 0, "unable to set mode of ",
	    "/previous, pausing" },
	{ LOGDIR_W_FORK, 0, 0, "unable to fork for processor in ",
	    ", pausing" },
	{ LOGDIR_W_WAIT, 0, 0, "wait failed for processor in ", ", pausing" },
	{ LOGDIR_W_CRASHED, 0, 0, "processor crashed in ", ", pausing" },
	{ LOGDIR_W_FAILED, 0, 1, "processor failed in ", ", pausing" },
	{ LOGDIR_W_CREATE_PROCESSED, 0, 0, "unable to create ",
	    "/processed, pausing" },
	{ LOGDIR_W_SYNC_PROCESSED, 0, 0, "unable to write ",
	    "/processed to disk, pausing" },
	{ LOGDIR_W_MODE_PROCESSED, 0, 0, "unable to set mode of ",
	    "/processed, pausing" },
	{ LOGDIR_W_CREATE_NEWSTATE, 0, 0, "unable to create ",
	    "/newstate, pausing" },
	{ LOGDIR_W_SYNC_NEWSTATE, 0, 0, "unable to write ",
	    "/newstate to disk, pausing" },
	{ LOGDIR_W_REMOVE_PREVIOUS, 0, 0, "unable to remove ",
	    "/previous, pausing" },
	{ LOGDIR_W_RENAME_NEWSTATE, 0, 0,
	    "unable to rename newstate to state in directory ",
	    ", pausing" },
};

/* Words the last failure of ld: fatal ones exit 111. */
static void
report(const struct logdir *ld, int fatal)
{
	size_t i;

	for (i = 0; i < sizeof texts / sizeof texts[0]; ++i)
		if (texts[i].what == logdir_what(ld))
			break;
	if (i == sizeof texts / sizeof texts[0])
		die_x(DIE_BUG, "internal error: unknown failure; "
		    "please report");
	errno = logdir_errno(ld);
	if (fatal)
		die_sys(DIE_TEMP, texts[i].pre, ld->name, texts[i].post);
	if (texts[i].noerr)
		warn_x(texts[i].pre, ld->name, texts[i].post);
	else if (texts[i].file)
		warn_sys(texts[i].pre, ld->name, "/", logdir_file(ld),
		    texts[i].post);
	else
		warn_sys(texts[i].pre, ld->name, texts[i].post);
}

static void
pause_now(void)
{
	pause_until = loop_now() + PAUSE_MS;
}

/* Waits for signals only, until the deadline: the pause of 0.76, without
 * sleeping through a signal. */
static void
wait_signals(int64_t deadline)
{
	struct pollfd p;
	sigset_t got;

	p.fd = sigfd;
	p.events = POLLIN;
	p.revents = 0;
	if (loop_wait(&p, 1, deadline) > 0 && sig_drain(&got) > 0) {
		if (sigismember(&got, SIGTERM))
			got_term = 1;
		if (sigismember(&got, SIGALRM))
			got_alarm = 1;
	}
}

/* The processor child: cwd = the directory, fds 0 previous, 1 processed,
 * 4 state, 5 newstate; then sh -c PROCESSOR. */
static void
processor_child(const struct logdir *ld)
{
	static const struct {
		const char *name;
		int flags, to;
	} fds[] = {
		{ "previous", O_RDONLY, 0 },
		{ "processed", O_WRONLY | O_CREAT | O_TRUNC, 1 },
		{ "state", O_RDONLY, 4 },
		{ "newstate", O_WRONLY | O_CREAT | O_TRUNC, 5 },
	};
	size_t i;

	/* The locks are the parent's; see logdir_lockfd(). */
	for (i = 0; i < script.ndirs; ++i)
		if (logdir_lockfd(&dirs[i]) >= 0)
			(void)close(logdir_lockfd(&dirs[i]));	/* open */
	sig_child_reset();
	if (fchdir(logdir_fd(ld)) < 0)
		die_sys(DIE_TEMP, "unable to run ", ld->processor);
	for (i = 0; i < sizeof fds / sizeof fds[0]; ++i) {
		int fd = open(fds[i].name, fds[i].flags, 0644);

		if (fd < 0 || fd_move(fds[i].to, fd) < 0)
			die_sys(DIE_TEMP, "unable to run ", ld->processor);
	}
	execl("/bin/sh", "sh", "-c", ld->processor, (char *)0);
	die_sys(DIE_TEMP, "unable to run ", ld->processor);
}

/* Runs the processor and waits for it; no input is read meanwhile (0.76).
 * Signals wait in the self-pipe. */
static void
run_processor(struct logdir *ld)
{
	pid_t pid = fork();
	int st;

	if (pid < 0) {
		logdir_processed(ld, LOGDIR_PROC_NOFORK, errno);
		return;
	}
	if (pid == 0)
		processor_child(ld);
	for (;;) {
		pid_t r = waitpid(pid, &st, 0);

		if (r == pid)
			break;
		if (r < 0 && errno == EINTR)
			continue;
		logdir_processed(ld, LOGDIR_PROC_NOWAIT, errno);
		return;
	}
	if (WIFSIGNALED(st))
		/* 0.76 shows whatever errno happens to hold; so do we. */
		logdir_processed(ld, LOGDIR_PROC_CRASHED, errno);
	else if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		logdir_processed(ld, LOGDIR_PROC_OK, 0);
	else
		logdir_processed(ld, LOGDIR_PROC_FAILED, 0);
}

/* Drives every directory until all are idle, or with flush_only until
 * their data is written. Returns 0 when one has to pause (pause_until is
 * set). Set-up failures are fatal. */
static int
run_dirs(int flush_only)
{
	size_t i;

	for (i = 0; i < script.ndirs; ++i) {
		for (;;) {
			struct tai64n now;
			enum logdir_result r;

			tai64n_now(&now);
			r = flush_only ? logdir_flush(&dirs[i], &now)
			    : logdir_run(&dirs[i], &now);
			if (r == LOGDIR_IDLE)
				break;
			if (r == LOGDIR_PROCESS) {
				run_processor(&dirs[i]);
				continue;
			}
			report(&dirs[i], r == LOGDIR_FATAL);
			pause_now();
			return 0;
		}
	}
	return 1;
}

/* Writes the pending status files: the last selected line of the batch,
 * 1001 bytes at offset 0, never truncating. */
static int
write_status(void)
{
	size_t i;

	for (i = 0; i < script.nstatus; ++i) {
		struct status_file *f = &files[i];

		if (!f->pending)
			continue;
		if (lseek(f->fd, 0, SEEK_SET) < 0) {
			warn_sys("unable to move to beginning of ", f->name,
			    ", pausing");
			pause_now();
			return 0;
		}
		if (obuf_write_all(f->fd, f->line, STATUS_LEN) < 0) {
			warn_sys("unable to write ", f->name, ", pausing");
			pause_now();
			return 0;
		}
		f->pending = 0;
	}
	return 1;
}

static void
flush_alerts(void)
{
	/* Alerts are best effort, as in 0.76: a broken stderr does not stop
	 * the logging. The bytes are dropped so they do not pile up. */
	if (obuf_flush(&alerts) < 0)
		alerts.len = 0;
}

/* Takes processed bytes out of stdin now that they are written. */
static void
consume(void)
{
	size_t n;

	if (in_pos <= in_held)
		return;
	n = in_pos - in_held;
	while (n > 0) {
		long r = -1;

		if (devnull >= 0) {
			r = portab_pipe_discard(0, devnull, n);
			if (r < 0 && errno != EINTR && errno != EAGAIN) {
				/* No splice to /dev/null: read instead. */
				(void)close(devnull);
				devnull = -1;
			}
		}
		if (devnull < 0)
			r = read(0, junk, n < JUNK_SIZE ? n : JUNK_SIZE);
		if (r > 0) {
			n -= (size_t)r;
			continue;
		}
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		/* Bytes we peeked cannot vanish unless someone else reads
		 * our stdin; stop, as at a read error. */
		at_eof = 1;
		break;
	}
	in_held = in_pos;
}

/* Hands bytes to every directory (all) or to those that took the line.
 * At a line end, notes whether one of them now has to close its file:
 * the batch ends there (rotate_due), so that the input is let go of
 * before the rotation's fsyncs and any processor run. */
static int rotate_due;

static void
put_dirs(const char *p, size_t n, int all)
{
	int eol = n > 0 && p[n - 1] == '\n';
	size_t i;

	for (i = 0; i < script.ndirs; ++i)
		if (all || sel[i]) {
			logdir_put(&dirs[i], p, n);
			if (eol && logdir_until_rotation(&dirs[i]) == 0)
				rotate_due = 1;
		}
}

/* The fewest bytes any directory takes before a line end closes its
 * current file (for the bulk copies, where every directory takes every
 * line). */
static uint64_t
until_rotation(void)
{
	uint64_t n = UINT64_MAX;
	size_t i;

	for (i = 0; i < script.ndirs; ++i) {
		uint64_t u = logdir_until_rotation(&dirs[i]);
		if (u < n)
			n = u;
	}
	return n;
}

/* The smallest room left in any directory's buffer. */
static size_t
dir_room(void)
{
	size_t i, room = (size_t)-1;

	for (i = 0; i < script.ndirs; ++i) {
		size_t r = logdir_room(&dirs[i]);
		if (r < room)
			room = r;
	}
	return room;
}

static void
alert(const char *line, size_t len)
{
	if (len > ALERT_MAX) {
		(void)obuf_put(&alerts, line, ALERT_MAX);
		(void)obuf_put(&alerts, "...\n", 4);
	} else {
		(void)obuf_put(&alerts, line, len);
		(void)obuf_putc(&alerts, '\n');
	}
	/* Errors: see flush_alerts(). */
	if (alerts.len == alerts.cap)
		flush_alerts();
}

/* Runs the actions on one line (as stored: stamp and at most 1000 bytes)
 * and leaves each directory's verdict in sel[]. */
static void
apply(const char *line, size_t len)
{
	size_t i;
	int selected = 1;

	for (i = 0; i < script.nactions; ++i) {
		const struct mlscript_action *a = &actions[i];

		switch (a->kind) {
		case MLSCRIPT_DESELECT:
			if (selected && match_simple(a->arg, line, len))
				selected = 0;
			break;
		case MLSCRIPT_SELECT:
			if (!selected && match_simple(a->arg, line, len))
				selected = 1;
			break;
		case MLSCRIPT_ALERT:
			if (selected)
				alert(line, len);
			break;
		case MLSCRIPT_STATUS:
			if (selected) {
				struct status_file *f = &files[a->index];
				memcpy(f->line, line, len);
				memset(f->line + len, '\n', STATUS_LEN - len);
				f->pending = 1;
			}
			break;
		case MLSCRIPT_DIR:
			sel[a->index] = (unsigned char)selected;
			break;
		}
	}
}

/* The length of p[0..n) up to and including its last line end; 0 when
 * it has none. */
static size_t
whole_lines(const char *p, size_t n)
{
	while (n > 0 && p[n - 1] != '\n')
		--n;
	return n;
}

/* Processes inbuf[in_pos..in_len) into the directories. Stops when their
 * buffers are full, at a partial line too short to judge (unless eof),
 * and, with stop_eol, just after a line end. Returns 1 on progress. */
static int
process(int eof, int stop_eol)
{
	size_t budget = dir_room();
	uint64_t soft = until_rotation(), total = 0;
	size_t start = in_pos;
	int had_mid = mid_line;

	rotate_due = 0;
	if (script.stamp && in_pos < in_len) {
		struct timespec ts;

		/* One clock read per batch: every line beginning in it was
		 * first seen now. */
		(void)clock_gettime(CLOCK_REALTIME, &ts);
		stamp_len = mlscript_stamp(stamp, script.stamp, &ts);
	}
	for (;;) {
		size_t avail = in_len - in_pos, len, vlen, need;
		/* p is looked at only when there is input: before any, inbuf
		 * may still be NULL (fuzzing starts there). */
		const char *p = avail ? inbuf + in_pos : 0, *nl;
		int whole;

		if (mid_line) {
			/* The rest of a long line: straight to the
			 * directories that took its start. */
			if (avail == 0) {
				if (!eof || budget < 1)
					break;
				put_dirs("\n", 1, simple);
				budget -= 1;
				mid_line = 0;
				continue;
			}
			nl = memchr(p, '\n', avail);
			len = nl ? (size_t)(nl - p) + 1 : avail;
			if (len > budget) {
				len = budget;
				nl = 0;
			}
			if (len == 0)
				break;
			put_dirs(p, len, simple);
			budget -= len;
			total += len;
			in_pos += len;
			if (nl) {
				mid_line = 0;
				if (stop_eol) {
					stopped_at_eol = 1;
					break;
				}
				if (rotate_due)
					break;
			}
			continue;
		}
		if (avail == 0)
			break;
		if (simple && !stamp_len && !stop_eol) {
			/* Every line goes everywhere unchanged: copy up to
			 * the last complete line that fits at once. */
			size_t n = avail < budget ? avail : budget;

			if (total >= soft)
				n = 0;
			else if (n > soft - total)
				n = (size_t)(soft - total);
			n = whole_lines(p, n);
			if (n) {
				put_dirs(p, n, 1);
				budget -= n;
				total += n;
				in_pos += n;
				continue;
			}
		}
		if (simple && stamp_len && !stop_eol && script.ndirs) {
			/* Every line goes everywhere with its stamp: build
			 * the output once, in the first directory's buffer,
			 * and copy it to the others. */
			size_t room, n = 0;
			char *o = logdir_space(&dirs[0], &room);

			if (room > budget)
				room = budget;
			while (avail > 0 && total < soft) {
				size_t k;

				nl = memchr(p, '\n', avail);
				if (!nl)
					break;
				k = (size_t)(nl - p) + 1;
				if (stamp_len + k > room - n)
					break;
				memcpy(o + n, stamp, stamp_len);
				memcpy(o + n + stamp_len, p, k);
				n += stamp_len + k;
				total += stamp_len + k;
				p += k;
				avail -= k;
			}
			if (n) {
				size_t i;

				logdir_commit(&dirs[0], n);
				for (i = 1; i < script.ndirs; ++i)
					logdir_put(&dirs[i], o, n);
				budget -= n;
				in_pos = (size_t)(p - inbuf);
				if (total >= soft)
					break;
				continue;
			}
		}
		nl = memchr(p, '\n', avail);
		len = nl ? (size_t)(nl - p) : avail;
		/* The line's end is known at a newline or at end of input,
		 * which ends a last line as if a newline followed. */
		whole = nl || eof;
		if (!whole && stamp_len + len < MATCH_LINE_MAX)
			break;	/* too short to judge: wait for more */
		if (whole && stamp_len + len <= MATCH_LINE_MAX) {
			vlen = stamp_len + len;
			need = vlen + 1;
		} else {
			/* A long line: judged on its first 1000 bytes, then
			 * copied through as it comes. */
			vlen = MATCH_LINE_MAX;
			need = stamp_len;
		}
		if (budget < need)
			break;
		if (!simple) {
			const char *v = p;

			if (stamp_len) {
				memcpy(view, stamp, stamp_len);
				memcpy(view + stamp_len, p, vlen - stamp_len);
				v = view;
			}
			apply(v, vlen);
		}
		if (stamp_len) {
			put_dirs(stamp, stamp_len, simple);
			budget -= stamp_len;
			total += stamp_len;
		}
		if (need == stamp_len) {
			mid_line = 1;
			continue;
		}
		put_dirs(p, len, simple);
		put_dirs("\n", 1, simple);
		budget -= len + 1;
		total += len + 1;
		in_pos += len + (nl ? 1 : 0);
		if (stop_eol && nl) {
			stopped_at_eol = 1;
			break;
		}
		if (rotate_due)
			break;
	}
	return in_pos != start || mid_line != had_mid;
}

static void
compact(void)
{
	if (in_pos > 0) {
		memmove(inbuf, inbuf + in_pos, in_len - in_pos);
		in_len -= in_pos;
		in_held = in_held > in_pos ? in_held - in_pos : 0;
		in_pos = 0;
	}
	if (mode == MODE_PEEK && in_len > in_held) {
		/* Peeked bytes are still in the pipe: the next peek brings
		 * them back, with whatever followed them. */
		peek_tail = in_len - in_held;
		in_len = in_held;
	}
}

/* Moves the partial line at the head of the pipe into memory: nothing
 * more came for it, so stop waking up for it. */
static void
hold_tail(void)
{
	in_pos = in_len;
	consume();
	in_pos = 0;
	peek_tail = 0;
	stall_us = stall_total = 0;
}

static void
peek_input(void)
{
	size_t want = INBUF_SIZE - in_held;
	long m;

	if (want > scratch_cap)
		want = scratch_cap;
	m = portab_pipe_peek(0, scratch[1], want);
	if (m < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		if (errno == EINVAL || errno == ENOSYS) {
			mode = MODE_READ;	/* no tee here: plain reads */
			return;
		}
		at_eof = 1;	/* a read error ends the input, as in 0.76 */
		return;
	}
	if (m == 0) {
		at_eof = 1;
		return;
	}
	for (size_t got = 0; got < (size_t)m;) {
		ssize_t r = read(scratch[0], inbuf + in_held + got,
		    (size_t)m - got);
		if (r > 0)
			got += (size_t)r;
		else if (r < 0 && errno == EINTR)
			continue;
		else
			die_sys(DIE_TEMP, "unable to read input copy");
	}
	in_len = in_held + (size_t)m;
	if (got_term)
		term_fetched = 1;
	if ((size_t)m > peek_tail) {
		peek_tail = 0;
		hangup = 0;	/* a FIFO can get a new writer */
		stall_us = stall_total = 0;
		return;
	}
	/* Only the partial line we saw before: its writer paused, or has
	 * gone (then nothing more can come). */
	peek_tail = 0;
	if (!hangup) {
		struct pollfd p;

		p.fd = 0;
		p.events = POLLIN;
		p.revents = 0;
		if (poll(&p, 1, 0) > 0 && (p.revents & POLLHUP))
			hangup = 1;
	}
	if (hangup || stall_total >= STALL_LIMIT_US) {
		hold_tail();
		return;
	}
	/* The rest usually follows within microseconds (a writer that
	 * writes in blocks); a writer that stopped mid-line gets a few
	 * growing waits, then its partial line is held in memory. */
	stall_us = stall_us ? stall_us * 2 : STALL_FIRST_US;
	stall_total += stall_us;
}

static void
read_input(void)
{
	/* After SIGTERM, a byte at a time: what follows the line stays in
	 * the pipe (0.76). */
	size_t want = got_term ? 1 : INBUF_SIZE - in_len;
	ssize_t r = read(0, inbuf + in_len, want);

	if (r < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		at_eof = 1;	/* a read error ends the input, as in 0.76 */
		return;
	}
	if (r == 0) {
		at_eof = 1;
		return;
	}
	in_len += (size_t)r;
	in_held = in_len;
	if (got_term)
		term_fetched = 1;
}

/* Waits for input or a signal, then takes what came. */
static void
fetch(void)
{
	struct pollfd p[2];
	sigset_t got;
	int64_t deadline = LOOP_NEVER;
	int stalled = stall_us != 0;

	p[0].fd = sigfd;
	p[0].events = POLLIN;
	p[0].revents = 0;
	p[1].fd = 0;
	p[1].events = POLLIN;
	p[1].revents = 0;
	/* While a partial line we have seen is all the pipe holds, stdin
	 * stays readable: wait on signals and the clock instead. Waits
	 * under a millisecond are a nanosleep, which a signal cuts short. */
	if (stalled) {
		if (stall_us < 1000) {
			struct timespec ts;

			ts.tv_sec = 0;
			ts.tv_nsec = (long)stall_us * 1000;
			(void)nanosleep(&ts, 0);	/* EINTR: fine */
			deadline = 0;
		} else {
			deadline = loop_now() + stall_us / 1000;
		}
	}
	if (loop_wait(p, stalled ? 1 : 2, deadline) < 0 && errno != EINTR)
		die_sys(DIE_TEMP, "unable to poll");
	if (p[0].revents && sig_drain(&got) > 0) {
		if (sigismember(&got, SIGTERM))
			got_term = 1;
		if (sigismember(&got, SIGALRM))
			got_alarm = 1;
		return;	/* let the loop act on them before reading */
	}
	if (!stalled && !p[1].revents)
		return;
	if (p[1].revents & (POLLHUP | POLLERR | POLLNVAL))
		hangup = 1;
	if (mode == MODE_PEEK)
		peek_input();
	else
		read_input();
}

static void
setup_input(void)
{
	struct stat st;
	long cap;

	if (fstat(0, &st) < 0 || !S_ISFIFO(st.st_mode))
		return;
	if (pipe(scratch) < 0)
		return;
	if (fd_cloexec(scratch[0]) < 0 || fd_cloexec(scratch[1]) < 0) {
		(void)close(scratch[0]);	/* just made: valid */
		(void)close(scratch[1]);
		return;
	}
	/* Our copy must hold a whole batch; the pipe's own size is fine
	 * where it cannot grow. */
	cap = portab_pipe_grow(scratch[1], INBUF_SIZE);
	if (cap < 0 && errno == ENOSYS) {
		(void)close(scratch[0]);
		(void)close(scratch[1]);
		return;
	}
	scratch_cap = cap > 0 ? (size_t)cap : 65536;
	if (scratch_cap > INBUF_SIZE)
		scratch_cap = INBUF_SIZE;
	/* Without /dev/null, consume() reads the bytes away instead. */
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	mode = MODE_PEEK;
}

static void
setup_files(void)
{
	size_t i;

	for (i = 0; i < script.nactions; ++i) {
		struct status_file *f;
		int fd;

		if (actions[i].kind != MLSCRIPT_STATUS)
			continue;
		f = &files[actions[i].index];
		f->name = actions[i].arg;
		fd = open(f->name, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
		    0600);
		if (fd < 0)
			die_sys(DIE_TEMP, "unable to create ", f->name);
		(void)close(fd);	/* only made sure it exists */
		f->fd = open(f->name, O_WRONLY | O_CLOEXEC);
		if (f->fd < 0)
			die_sys(DIE_TEMP, "unable to write ", f->name);
	}
}

static void
setup_dirs(void)
{
	size_t i;

	if (!script.ndirs)
		return;
	dirs = calloc(script.ndirs, sizeof *dirs);
	sel = calloc(script.ndirs, 1);
	dirbufs = malloc(script.ndirs * DIRBUF_SIZE);
	if (!dirs || !sel || !dirbufs)
		die_nomem();
	for (i = 0; i < script.nactions; ++i) {
		const struct mlscript_action *a = &actions[i];

		if (a->kind == MLSCRIPT_DIR)
			logdir_init(&dirs[a->index], a->arg, a->size, a->num,
			    a->processor, &logdir_fs_posix,
			    dirbufs + a->index * DIRBUF_SIZE, DIRBUF_SIZE);
	}
	/* In script order, each one complete (recovery included) before the
	 * next; pauses here wait for signals only. */
	for (i = 0; i < script.ndirs; ++i) {
		for (;;) {
			struct tai64n now;
			enum logdir_result r;

			tai64n_now(&now);
			r = logdir_run(&dirs[i], &now);
			if (r == LOGDIR_IDLE)
				break;
			if (r == LOGDIR_PROCESS) {
				run_processor(&dirs[i]);
				continue;
			}
			report(&dirs[i], r == LOGDIR_FATAL);
			pause_now();
			while (loop_now() < pause_until)
				wait_signals(pause_until);
			pause_until = LOOP_NEVER;
		}
	}
}

static int
all_closed(void)
{
	size_t i;

	for (i = 0; i < script.ndirs; ++i)
		if (!logdir_closed(&dirs[i]))
			return 0;
	return 1;
}

/* One turn of the loop: write out, let go of the input written, rotate,
 * act on signals, process what input there is; when nothing is left to
 * do, get_input() waits for more input or a signal and takes it. Returns
 * 0 once every directory is closed after the end of input or SIGTERM.
 * multilog_main() passes fetch(); the fuzz harness passes its own feed,
 * so that it drives this very loop. */
static int
step(void (*get_input)(void))
{
	size_t i;

	if (pause_until != LOOP_NEVER) {
		if (loop_now() < pause_until) {
			wait_signals(pause_until);
			return 1;
		}
		pause_until = LOOP_NEVER;
	}
	/* Write, let go of the input written, then rotate: a kill during a
	 * rotation or a processor run repeats nothing. */
	if (!run_dirs(1) || !write_status())
		return 1;
	flush_alerts();
	consume();
	if (!run_dirs(0))
		return 1;
	if (finishing) {
		if (all_closed())
			return 0;
		for (i = 0; i < script.ndirs; ++i)
			logdir_finish(&dirs[i]);
		return 1;
	}
	if (got_alarm) {
		got_alarm = 0;
		for (i = 0; i < script.ndirs; ++i)
			(void)logdir_rotate(&dirs[i]);
		return 1;
	}
	/* SIGTERM: stop at a line boundary; a line begun is finished first
	 * (0.76). */
	if (got_term && !mid_line && (stopped_at_eol ||
	    (in_pos == in_len && peek_tail == 0))) {
		finishing = 1;
		return 1;
	}
	if (process(at_eof, term_fetched))
		return 1;
	if (at_eof) {
		finishing = 1;
		return 1;
	}
	compact();
	get_input();
	return 1;
}

/* The input and scratch buffers (the fuzz harness sets them up too).
 * Returns 0, or -1 when out of memory. */
static int
alloc_buffers(void)
{
	if (!inbuf)
		inbuf = malloc(INBUF_SIZE);
	if (!view)
		view = malloc(MATCH_LINE_MAX);
	if (!alertbuf)
		alertbuf = malloc(ALERTBUF_SIZE);
	if (!junk)
		junk = malloc(JUNK_SIZE);
	return inbuf && view && alertbuf && junk ? 0 : -1;
}

int
multilog_main(int argc, char **argv)
{
	int fd;

	umask(022);
	/* 0.76 keeps the starting directory open to come back to it. We
	 * never leave it, but keep it open too: an unusable one is fatal,
	 * and with stdin closed it takes fd 0, where reading it fails and
	 * ends the input at once, as in 0.76 (nothing else can land there). */
	fd = open(".", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die_sys(DIE_TEMP, "unable to switch to current directory");
	if (argc < 1)
		argc = 1;
	actions = calloc((size_t)argc, sizeof *actions);
	if (!actions)
		die_nomem();
	mlscript_parse(&script, actions, argc - 1, argv + 1);
	simple = !script.npatterns && !script.nalerts && !script.nstatus;
	files = calloc(script.nstatus + 1, sizeof *files);
	if (!files || alloc_buffers() < 0)
		die_nomem();

	sigfd = sig_pipe_init();
	if (sigfd < 0 || sig_catch(SIGTERM) < 0 || sig_catch(SIGALRM) < 0)
		die_sys(DIE_TEMP, "unable to set up signals");
	obuf_init(&alerts, 2, alertbuf, ALERTBUF_SIZE);

	setup_files();
	setup_dirs();
	setup_input();

	while (step(fetch))
		;
	return 0;
}
