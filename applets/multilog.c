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

/* Buffers come from the heap, not .bss: every process of the binary (each
 * idle supervise) would carry the .bss pages they share with small
 * variables. */
#define ALERTBUF_SIZE 8192
#define JUNK_SIZE 4096

/* All of multilog's state, in four parts. */
static struct {
	/* What the script asks for, set up once (configure, open_dirs). */
	struct {
		struct mlscript script;
		struct mlscript_action *actions;
		int simple;	/* no pattern, e or =: all lines to all dirs */
		struct logdir *dirs;
		char *dirbufs;	/* DIRBUF_SIZE bytes per directory */
		unsigned char *sel;	/* each directory's verdict on a line */
		struct status_file *files;
		char *alertbuf;	/* ALERTBUF_SIZE */
		struct obuf alerts;
	} out;
	/* The input. buf[0..len) holds it; [0..held) has left stdin
	 * already, [held..len) was peeked and is still in the pipe; pos is
	 * how far it has been processed. */
	struct {
		char *buf;	/* INBUF_SIZE */
		size_t len, held, pos;
		int mode;
		int scratch[2];	/* the private pipe tee(2) copies into */
		size_t scratch_cap;
		int devnull;	/* where consume() sends what it takes */
		char *junk;	/* JUNK_SIZE: consume() without splice */
		size_t peek_tail;	/* bytes dropped and to be re-peeked */
		int64_t stall_us, stall_total;	/* backoff on a waiting tail */
		int hangup;	/* stdin: no writer left */
		int eof;
	} in;
	/* The line being handled, across batches. */
	struct {
		int mid_line;	/* in a long line whose fate is decided */
		int stopped_at_eol;
		int rotate_due;	/* a directory has to close its file */
		char stamp[MLSCRIPT_STAMP_MAX];
		size_t stamp_len;
		char *view;	/* MATCH_LINE_MAX: stamp + line, to match */
	} line;
	/* Signals, pauses and the end. */
	struct {
		int fd;		/* the self-pipe */
		int got_term, got_alarm;
		int term_fetched;	/* input taken after SIGTERM */
		int finishing;
		int64_t pause_until;
	} life;
} ml;

/* The words for each failure a directory reports, from logdir.def. */
static const struct {
	char file, noerr;
	const char *pre, *post;
} texts[LOGDIR_WHAT_COUNT] = {
	{ 0, 0, "", "" },	/* LOGDIR_W_NONE: never reported */
#define LOGDIR_WHAT(name, file, noerr, pre, post) { file, noerr, pre, post },
#include "logdir.def"
#undef LOGDIR_WHAT
};

/* Sets the state up as before any input: nothing open, nothing due. */
static void
reset(void)
{
	memset(&ml, 0, sizeof ml);
	ml.in.mode = MODE_READ;
	ml.in.scratch[0] = ml.in.scratch[1] = -1;
	ml.in.devnull = -1;
	ml.life.fd = -1;
	ml.life.pause_until = LOOP_NEVER;
}

/* Words the last failure of ld: fatal ones exit 111. */
static void
report(const struct logdir *ld, int fatal)
{
	const char *name = logdir_name(ld);
	enum logdir_what what = logdir_what(ld);

	errno = logdir_errno(ld);
	if (fatal)
		die_sys(DIE_TEMP, texts[what].pre, name, texts[what].post);
	if (texts[what].noerr)
		warn_x(texts[what].pre, name, texts[what].post);
	else if (texts[what].file)
		warn_sys(texts[what].pre, name, "/", logdir_file(ld),
		    texts[what].post);
	else
		warn_sys(texts[what].pre, name, texts[what].post);
}

static void
pause_now(void)
{
	ml.life.pause_until = loop_now() + PAUSE_MS;
}

/* Waits for signals only, until the deadline: the pause of 0.76, without
 * sleeping through a signal. */
static void
wait_signals(int64_t deadline)
{
	struct pollfd p;
	sigset_t got;

	p.fd = ml.life.fd;
	p.events = POLLIN;
	p.revents = 0;
	if (loop_wait(&p, 1, deadline) > 0 && sig_drain(&got) > 0) {
		if (sigismember(&got, SIGTERM))
			ml.life.got_term = 1;
		if (sigismember(&got, SIGALRM))
			ml.life.got_alarm = 1;
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
	for (i = 0; i < ml.out.script.ndirs; ++i)
		if (logdir_lockfd(&ml.out.dirs[i]) >= 0)
			(void)close(logdir_lockfd(&ml.out.dirs[i]));	/* open */
	sig_child_reset();
	if (fchdir(logdir_fd(ld)) < 0)
		die_sys(DIE_TEMP, "unable to run ", logdir_processor(ld));
	for (i = 0; i < sizeof fds / sizeof fds[0]; ++i) {
		int fd = open(fds[i].name, fds[i].flags, 0644);

		if (fd < 0 || fd_move(fds[i].to, fd) < 0)
			die_sys(DIE_TEMP, "unable to run ", logdir_processor(ld));
	}
	execl("/bin/sh", "sh", "-c", logdir_processor(ld), (char *)0);
	die_sys(DIE_TEMP, "unable to run ", logdir_processor(ld));
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

	for (i = 0; i < ml.out.script.ndirs; ++i) {
		for (;;) {
			struct tai64n now;
			enum logdir_result r;

			tai64n_now(&now);
			r = flush_only ? logdir_flush(&ml.out.dirs[i], &now)
			    : logdir_run(&ml.out.dirs[i], &now);
			if (r == LOGDIR_IDLE)
				break;
			if (r == LOGDIR_PROCESS) {
				run_processor(&ml.out.dirs[i]);
				continue;
			}
			report(&ml.out.dirs[i], r == LOGDIR_FATAL);
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

	for (i = 0; i < ml.out.script.nstatus; ++i) {
		struct status_file *f = &ml.out.files[i];

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
	if (obuf_flush(&ml.out.alerts) < 0)
		ml.out.alerts.len = 0;
}

/* Takes processed bytes out of stdin now that they are written. */
static void
consume(void)
{
	size_t n;

	if (ml.in.pos <= ml.in.held)
		return;
	n = ml.in.pos - ml.in.held;
	while (n > 0) {
		long r = -1;

		if (ml.in.devnull >= 0) {
			r = portab_pipe_discard(0, ml.in.devnull, n);
			if (r < 0 && errno != EINTR && errno != EAGAIN) {
				/* No splice to /dev/null: read instead. */
				(void)close(ml.in.devnull);
				ml.in.devnull = -1;
			}
		}
		if (ml.in.devnull < 0)
			r = read(0, ml.in.junk, n < JUNK_SIZE ? n : JUNK_SIZE);
		if (r > 0) {
			n -= (size_t)r;
			continue;
		}
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		/* Bytes we peeked cannot vanish unless someone else reads
		 * our stdin; stop, as at a read error. */
		ml.in.eof = 1;
		break;
	}
	ml.in.held = ml.in.pos;
}

/* Hands bytes to every directory (all) or to those that took the line.
 * At a line end, notes whether one of them now has to close its file:
 * the batch ends there (rotate_due), so that the input is let go of
 * before the rotation's fsyncs and any processor run. */
static void
put_dirs(const char *p, size_t n, int all)
{
	int eol = n > 0 && p[n - 1] == '\n';
	size_t i;

	for (i = 0; i < ml.out.script.ndirs; ++i)
		if (all || ml.out.sel[i]) {
			logdir_put(&ml.out.dirs[i], p, n);
			if (eol && logdir_until_rotation(&ml.out.dirs[i]) == 0)
				ml.line.rotate_due = 1;
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

	for (i = 0; i < ml.out.script.ndirs; ++i) {
		uint64_t u = logdir_until_rotation(&ml.out.dirs[i]);
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

	for (i = 0; i < ml.out.script.ndirs; ++i) {
		size_t r = logdir_room(&ml.out.dirs[i]);
		if (r < room)
			room = r;
	}
	return room;
}

static void
alert(const char *line, size_t len)
{
	if (len > ALERT_MAX) {
		(void)obuf_put(&ml.out.alerts, line, ALERT_MAX);
		(void)obuf_put(&ml.out.alerts, "...\n", 4);
	} else {
		(void)obuf_put(&ml.out.alerts, line, len);
		(void)obuf_putc(&ml.out.alerts, '\n');
	}
	/* Errors: see flush_alerts(). */
	if (ml.out.alerts.len == ml.out.alerts.cap)
		flush_alerts();
}

/* Runs the actions on one line (as stored: stamp and at most 1000 bytes)
 * and leaves each directory's verdict in sel[]. */
static void
apply(const char *line, size_t len)
{
	size_t i;
	int selected = 1;

	for (i = 0; i < ml.out.script.nactions; ++i) {
		const struct mlscript_action *a = &ml.out.actions[i];

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
				struct status_file *f = &ml.out.files[a->index];
				memcpy(f->line, line, len);
				memset(f->line + len, '\n', STATUS_LEN - len);
				f->pending = 1;
			}
			break;
		case MLSCRIPT_DIR:
			ml.out.sel[a->index] = (unsigned char)selected;
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

/* One batch of process(): its limits, and how far it has got. */
struct batch {
	size_t budget;	/* room left in the fullest directory's buffer */
	uint64_t soft;	/* bytes until some directory's file is due to close */
	uint64_t total;	/* bytes handed out so far */
	int eof;	/* the input has ended: a last line without '\n' ends */
	int stop_eol;	/* stop just after the next line end (SIGTERM) */
};

/* What one path of process() did. */
enum path { PATH_GO_ON, PATH_STOP, PATH_NOT_MINE };

/* Hands out n bytes of input (taken) or of the stamp (not taken). */
static void
hand_out(struct batch *b, const char *p, size_t n, int all, int taken)
{
	put_dirs(p, n, all);
	b->budget -= n;
	b->total += n;
	if (taken)
		ml.in.pos += n;
}

/* The rest of a long line whose start has been judged: straight to the
 * directories that took that start. */
static enum path
long_line_rest(struct batch *b)
{
	size_t avail = ml.in.len - ml.in.pos, len;
	const char *p = ml.in.buf + ml.in.pos, *nl;

	if (avail == 0) {
		if (!b->eof || b->budget < 1)
			return PATH_STOP;
		put_dirs("\n", 1, ml.out.simple);	/* ended by EOF */
		b->budget -= 1;
		ml.line.mid_line = 0;
		return PATH_GO_ON;
	}
	nl = memchr(p, '\n', avail);
	len = nl ? (size_t)(nl - p) + 1 : avail;
	if (len > b->budget) {
		len = b->budget;
		nl = 0;
	}
	if (len == 0)
		return PATH_STOP;
	hand_out(b, p, len, ml.out.simple, 1);
	if (!nl)
		return PATH_GO_ON;
	ml.line.mid_line = 0;
	if (b->stop_eol) {
		ml.line.stopped_at_eol = 1;
		return PATH_STOP;
	}
	return ml.line.rotate_due ? PATH_STOP : PATH_GO_ON;
}

/* Every line goes everywhere unchanged: up to the last complete line that
 * fits, at once. */
static enum path
copy_plain(struct batch *b)
{
	size_t avail = ml.in.len - ml.in.pos;
	size_t n = avail < b->budget ? avail : b->budget;

	if (b->total >= b->soft)
		n = 0;
	else if (n > b->soft - b->total)
		n = (size_t)(b->soft - b->total);
	n = whole_lines(ml.in.buf + ml.in.pos, n);
	if (!n)
		return PATH_NOT_MINE;
	hand_out(b, ml.in.buf + ml.in.pos, n, 1, 1);
	return PATH_GO_ON;
}

/* Every line goes everywhere with its stamp: the output is built once, in
 * the first directory's buffer, and copied to the others. */
static enum path
copy_stamped(struct batch *b)
{
	size_t room, n = 0, avail = ml.in.len - ml.in.pos, i;
	const char *p = ml.in.buf + ml.in.pos, *stamp = ml.line.stamp;
	size_t slen = ml.line.stamp_len;
	char *o = logdir_space(&ml.out.dirs[0], &room);

	if (room > b->budget)
		room = b->budget;
	while (avail > 0 && b->total < b->soft) {
		const char *nl = memchr(p, '\n', avail);
		size_t k;

		if (!nl)
			break;
		k = (size_t)(nl - p) + 1;
		if (slen + k > room - n)
			break;
		memcpy(o + n, stamp, slen);
		memcpy(o + n + slen, p, k);
		n += slen + k;
		b->total += slen + k;
		p += k;
		avail -= k;
	}
	if (!n)
		return PATH_NOT_MINE;
	logdir_commit(&ml.out.dirs[0], n);
	for (i = 1; i < ml.out.script.ndirs; ++i)
		logdir_put(&ml.out.dirs[i], o, n);
	b->budget -= n;
	ml.in.pos = (size_t)(p - ml.in.buf);
	return b->total >= b->soft ? PATH_STOP : PATH_GO_ON;
}

/* One line judged by the actions (patterns, alerts, status files) on its
 * stamp and first 1000 bytes, then handed to the directories that took
 * it; a longer line's rest follows through long_line_rest(). */
static enum path
judge_line(struct batch *b)
{
	size_t avail = ml.in.len - ml.in.pos, len, vlen, need;
	size_t slen = ml.line.stamp_len;
	const char *p = ml.in.buf + ml.in.pos;
	const char *nl = memchr(p, '\n', avail);
	/* The line's end is known at a newline or at end of input, which
	 * ends a last line as if a newline followed. */
	int whole = nl || b->eof;

	len = nl ? (size_t)(nl - p) : avail;
	if (!whole && slen + len < MATCH_LINE_MAX)
		return PATH_STOP;	/* too short to judge: wait for more */
	if (whole && slen + len <= MATCH_LINE_MAX) {
		vlen = slen + len;
		need = vlen + 1;
	} else {
		/* A long line: judged on its first 1000 bytes, then copied
		 * through as it comes. */
		vlen = MATCH_LINE_MAX;
		need = slen;
	}
	if (b->budget < need)
		return PATH_STOP;
	if (!ml.out.simple) {
		const char *v = p;

		if (slen) {
			memcpy(ml.line.view, ml.line.stamp, slen);
			memcpy(ml.line.view + slen, p, vlen - slen);
			v = ml.line.view;
		}
		apply(v, vlen);
	}
	if (slen)
		hand_out(b, ml.line.stamp, slen, ml.out.simple, 0);
	if (need == slen) {
		ml.line.mid_line = 1;
		return PATH_GO_ON;
	}
	hand_out(b, p, len, ml.out.simple, 1);
	hand_out(b, "\n", 1, ml.out.simple, 0);
	if (nl)
		++ml.in.pos;
	if (b->stop_eol && nl) {
		ml.line.stopped_at_eol = 1;
		return PATH_STOP;
	}
	return ml.line.rotate_due ? PATH_STOP : PATH_GO_ON;
}

/* Processes buf[pos..len) into the directories, by the fastest path the
 * script allows. Stops when their buffers are full, at a partial line too
 * short to judge (unless eof), and, with stop_eol, just after a line end.
 * Returns 1 on progress. */
static int
process(int eof, int stop_eol)
{
	struct batch b;
	size_t start = ml.in.pos;
	int had_mid = ml.line.mid_line, fast;
	enum path r;

	b.budget = dir_room();
	b.soft = until_rotation();
	b.total = 0;
	b.eof = eof;
	b.stop_eol = stop_eol;
	ml.line.rotate_due = 0;
	if (ml.out.script.stamp && ml.in.pos < ml.in.len) {
		struct timespec ts;

		/* One clock read per batch: every line beginning in it was
		 * first seen now. */
		(void)clock_gettime(CLOCK_REALTIME, &ts);
		ml.line.stamp_len = mlscript_stamp(ml.line.stamp,
		    ml.out.script.stamp, &ts);
	}
	/* The bulk copies hold where every line goes everywhere, and not
	 * while SIGTERM asks to stop at the next line end. */
	fast = ml.out.simple && !stop_eol;
	do {
		if (ml.line.mid_line)
			r = long_line_rest(&b);
		else if (ml.in.pos == ml.in.len)
			r = PATH_STOP;
		else {
			r = PATH_NOT_MINE;
			if (fast && !ml.line.stamp_len)
				r = copy_plain(&b);
			else if (fast && ml.out.script.ndirs)
				r = copy_stamped(&b);
			if (r == PATH_NOT_MINE)
				r = judge_line(&b);
		}
	} while (r != PATH_STOP);
	return ml.in.pos != start || ml.line.mid_line != had_mid;
}

static void
compact(void)
{
	if (ml.in.pos > 0) {
		memmove(ml.in.buf, ml.in.buf + ml.in.pos, ml.in.len - ml.in.pos);
		ml.in.len -= ml.in.pos;
		ml.in.held = ml.in.held > ml.in.pos ? ml.in.held - ml.in.pos : 0;
		ml.in.pos = 0;
	}
	if (ml.in.mode == MODE_PEEK && ml.in.len > ml.in.held) {
		/* Peeked bytes are still in the pipe: the next peek brings
		 * them back, with whatever followed them. */
		ml.in.peek_tail = ml.in.len - ml.in.held;
		ml.in.len = ml.in.held;
	}
}

/* Moves the partial line at the head of the pipe into memory: nothing
 * more came for it, so stop waking up for it. */
static void
hold_tail(void)
{
	ml.in.pos = ml.in.len;
	consume();
	ml.in.pos = 0;
	ml.in.peek_tail = 0;
	ml.in.stall_us = ml.in.stall_total = 0;
}

/* Reads the m bytes tee(2) put in the private pipe into buf[len..]. */
static void
read_copy(size_t m)
{
	size_t got = 0;

	while (got < m) {
		ssize_t r = fd_read(ml.in.scratch[0], ml.in.buf + ml.in.held + got,
		    m - got);

		if (r < 0)
			die_sys(DIE_TEMP, "unable to read input copy");
		/* tee(2) has put the bytes there: only a bug can lose them. */
		if (r == 0)
			die_x(DIE_BUG, "internal error: input copy ended early; "
			    "please report");
		got += (size_t)r;
	}
	ml.in.len = ml.in.held + m;
	if (ml.life.got_term)
		ml.life.term_fetched = 1;
}

/* The peek brought back only the partial line seen before: its writer
 * paused, or has gone (then nothing more can come). It gets a few growing
 * waits (the rest usually follows within microseconds: a writer that
 * writes in blocks), then it is held in memory. */
static void
stalled_tail(void)
{
	ml.in.peek_tail = 0;
	if (!ml.in.hangup) {
		struct pollfd p;

		p.fd = 0;
		p.events = POLLIN;
		p.revents = 0;
		if (poll(&p, 1, 0) > 0 && (p.revents & POLLHUP))
			ml.in.hangup = 1;
	}
	if (ml.in.hangup || ml.in.stall_total >= STALL_LIMIT_US) {
		hold_tail();
		return;
	}
	ml.in.stall_us = ml.in.stall_us ? ml.in.stall_us * 2 : STALL_FIRST_US;
	ml.in.stall_total += ml.in.stall_us;
}

/* The PEEK contract: tee(2) copies what is at the head of stdin into the
 * private pipe without taking it out of stdin; the copy lands in
 * buf[held..len). Those bytes leave stdin only in consume(), once every
 * directory has written them, so a kill at any moment loses nothing that
 * was accepted. Bytes processed but not yet written are dropped from buf
 * by compact() and come back with the next peek (peek_tail of them): a
 * peek no longer than that brought nothing new. */
static void
peek_input(void)
{
	size_t want = INBUF_SIZE - ml.in.held;
	long m;

	if (want > ml.in.scratch_cap)
		want = ml.in.scratch_cap;
	m = portab_pipe_peek(0, ml.in.scratch[1], want);
	if (m < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		if (errno == EINVAL || errno == ENOSYS) {
			ml.in.mode = MODE_READ;	/* no tee here: plain reads */
			return;
		}
		ml.in.eof = 1;	/* a read error ends the input, as in 0.76 */
		return;
	}
	if (m == 0) {
		ml.in.eof = 1;
		return;
	}
	read_copy((size_t)m);
	if ((size_t)m > ml.in.peek_tail) {
		ml.in.peek_tail = 0;
		ml.in.hangup = 0;	/* a FIFO can get a new writer */
		ml.in.stall_us = ml.in.stall_total = 0;
		return;
	}
	stalled_tail();
}

static void
read_input(void)
{
	/* After SIGTERM, a byte at a time: what follows the line stays in
	 * the pipe (0.76). */
	size_t want = ml.life.got_term ? 1 : INBUF_SIZE - ml.in.len;
	ssize_t r = read(0, ml.in.buf + ml.in.len, want);

	if (r < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		ml.in.eof = 1;	/* a read error ends the input, as in 0.76 */
		return;
	}
	if (r == 0) {
		ml.in.eof = 1;
		return;
	}
	ml.in.len += (size_t)r;
	ml.in.held = ml.in.len;
	if (ml.life.got_term)
		ml.life.term_fetched = 1;
}

/* Waits for input or a signal, then takes what came. */
static void
fetch(void)
{
	struct pollfd p[2];
	sigset_t got;
	int64_t deadline = LOOP_NEVER;
	int stalled = ml.in.stall_us != 0;

	p[0].fd = ml.life.fd;
	p[0].events = POLLIN;
	p[0].revents = 0;
	p[1].fd = 0;
	p[1].events = POLLIN;
	p[1].revents = 0;
	/* While a partial line we have seen is all the pipe holds, stdin
	 * stays readable: wait on signals and the clock instead. Waits
	 * under a millisecond are a nanosleep, which a signal cuts short. */
	if (stalled) {
		if (ml.in.stall_us < 1000) {
			struct timespec ts;

			ts.tv_sec = 0;
			ts.tv_nsec = (long)ml.in.stall_us * 1000;
			(void)nanosleep(&ts, 0);	/* EINTR: fine */
			deadline = 0;
		} else {
			deadline = loop_now() + ml.in.stall_us / 1000;
		}
	}
	if (loop_wait(p, stalled ? 1 : 2, deadline) < 0 && errno != EINTR)
		die_sys(DIE_TEMP, "unable to poll");
	if (p[0].revents && sig_drain(&got) > 0) {
		if (sigismember(&got, SIGTERM))
			ml.life.got_term = 1;
		if (sigismember(&got, SIGALRM))
			ml.life.got_alarm = 1;
		return;	/* let the loop act on them before reading */
	}
	if (!stalled && !p[1].revents)
		return;
	if (p[1].revents & (POLLHUP | POLLERR | POLLNVAL))
		ml.in.hangup = 1;
	if (ml.in.mode == MODE_PEEK)
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
	if (pipe(ml.in.scratch) < 0)
		return;
	if (fd_cloexec(ml.in.scratch[0]) < 0 || fd_cloexec(ml.in.scratch[1]) < 0) {
		(void)close(ml.in.scratch[0]);	/* just made: valid */
		(void)close(ml.in.scratch[1]);
		return;
	}
	/* Our copy must hold a whole batch; the pipe's own size is fine
	 * where it cannot grow. */
	cap = portab_pipe_grow(ml.in.scratch[1], INBUF_SIZE);
	if (cap < 0 && errno == ENOSYS) {
		(void)close(ml.in.scratch[0]);
		(void)close(ml.in.scratch[1]);
		return;
	}
	ml.in.scratch_cap = cap > 0 ? (size_t)cap : 65536;
	if (ml.in.scratch_cap > INBUF_SIZE)
		ml.in.scratch_cap = INBUF_SIZE;
	/* Without /dev/null, consume() reads the bytes away instead. */
	ml.in.devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	ml.in.mode = MODE_PEEK;
}

static void
setup_files(void)
{
	size_t i;

	for (i = 0; i < ml.out.script.nactions; ++i) {
		struct status_file *f;
		int fd;

		if (ml.out.actions[i].kind != MLSCRIPT_STATUS)
			continue;
		f = &ml.out.files[ml.out.actions[i].index];
		f->name = ml.out.actions[i].arg;
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

/* Gives each directory of the script a data buffer of cap bytes (one
 * heap block for all) and the filesystem fs. Returns 0, or -1 when out of
 * memory. */
static int
init_dirs(const struct logdir_fs *fs, size_t cap)
{
	size_t i;

	if (!ml.out.script.ndirs)
		return 0;
	ml.out.dirbufs = malloc(ml.out.script.ndirs * cap);
	if (!ml.out.dirbufs)
		return -1;
	for (i = 0; i < ml.out.script.nactions; ++i) {
		const struct mlscript_action *a = &ml.out.actions[i];

		if (a->kind == MLSCRIPT_DIR)
			logdir_init(&ml.out.dirs[a->index], a->arg, a->size,
			    a->num, a->processor, fs,
			    ml.out.dirbufs + a->index * cap, cap);
	}
	return 0;
}

/* Sets the directories up in script order, each one complete (recovery
 * included) before the next; pauses here wait for signals only. */
static void
open_dirs(void)
{
	size_t i;

	for (i = 0; i < ml.out.script.ndirs; ++i) {
		for (;;) {
			struct tai64n now;
			enum logdir_result r;

			tai64n_now(&now);
			r = logdir_run(&ml.out.dirs[i], &now);
			if (r == LOGDIR_IDLE)
				break;
			if (r == LOGDIR_PROCESS) {
				run_processor(&ml.out.dirs[i]);
				continue;
			}
			report(&ml.out.dirs[i], r == LOGDIR_FATAL);
			pause_now();
			while (loop_now() < ml.life.pause_until)
				wait_signals(ml.life.pause_until);
			ml.life.pause_until = LOOP_NEVER;
		}
	}
}

static int
all_closed(void)
{
	size_t i;

	for (i = 0; i < ml.out.script.ndirs; ++i)
		if (!logdir_closed(&ml.out.dirs[i]))
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

	if (ml.life.pause_until != LOOP_NEVER) {
		if (loop_now() < ml.life.pause_until) {
			wait_signals(ml.life.pause_until);
			return 1;
		}
		ml.life.pause_until = LOOP_NEVER;
	}
	/* Write, let go of the input written, then rotate: a kill during a
	 * rotation or a processor run repeats nothing. */
	if (!run_dirs(1) || !write_status())
		return 1;
	flush_alerts();
	consume();
	if (!run_dirs(0))
		return 1;
	if (ml.life.finishing) {
		if (all_closed())
			return 0;
		for (i = 0; i < ml.out.script.ndirs; ++i)
			logdir_finish(&ml.out.dirs[i]);
		return 1;
	}
	if (ml.life.got_alarm) {
		ml.life.got_alarm = 0;
		for (i = 0; i < ml.out.script.ndirs; ++i)
			(void)logdir_rotate(&ml.out.dirs[i]);
		return 1;
	}
	/* SIGTERM: stop at a line boundary; a line begun is finished first
	 * (0.76). */
	if (ml.life.got_term && !ml.line.mid_line && (ml.line.stopped_at_eol ||
	    (ml.in.pos == ml.in.len && ml.in.peek_tail == 0))) {
		ml.life.finishing = 1;
		return 1;
	}
	if (process(ml.in.eof, ml.life.term_fetched))
		return 1;
	if (ml.in.eof) {
		ml.life.finishing = 1;
		return 1;
	}
	compact();
	get_input();
	return 1;
}

/* Parses the script and takes all the memory multilog will use but the
 * directories' buffers (init_dirs): actions, status files, directories,
 * input and line buffers; alerts go to fd 2. The fuzz harness sets up
 * through here too. Returns 0, or -1 when out of memory. */
static int
configure(int argc, char **argv)
{
	struct mlscript *sc = &ml.out.script;

	reset();
	if (argc < 1)
		argc = 1;
	ml.out.actions = calloc((size_t)argc, sizeof *ml.out.actions);
	if (!ml.out.actions)
		return -1;
	mlscript_parse(sc, ml.out.actions, argc - 1, argv + 1);
	ml.out.simple = !sc->npatterns && !sc->nalerts && !sc->nstatus;
	ml.out.files = calloc(sc->nstatus + 1, sizeof *ml.out.files);
	ml.out.dirs = calloc(sc->ndirs + 1, sizeof *ml.out.dirs);
	ml.out.sel = calloc(sc->ndirs + 1, 1);
	ml.out.alertbuf = malloc(ALERTBUF_SIZE);
	ml.in.buf = malloc(INBUF_SIZE);
	ml.in.junk = malloc(JUNK_SIZE);
	ml.line.view = malloc(MATCH_LINE_MAX);
	if (!ml.out.files || !ml.out.dirs || !ml.out.sel || !ml.out.alertbuf ||
	    !ml.in.buf || !ml.in.junk || !ml.line.view)
		return -1;
	obuf_init(&ml.out.alerts, 2, ml.out.alertbuf, ALERTBUF_SIZE);
	return 0;
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
	if (configure(argc, argv) < 0 ||
	    init_dirs(&logdir_fs_posix, DIRBUF_SIZE) < 0)
		die_nomem();
	/* Two slips 0.76 lets pass in silence (multilog.8): a directory
	 * named without ./ (an unknown action, every line dropped), and a
	 * logger started by hand, reading the keyboard. */
	if (!ml.out.script.ndirs && !ml.out.script.nalerts &&
	    !ml.out.script.nstatus)
		warn_x("no action writes anywhere: every line is dropped "
		    "(a directory is named with a leading . or /, as ./main)");
	if (isatty(0))
		warn_x("reading log lines from the terminal");
	ml.life.fd = sig_pipe_init();
	if (ml.life.fd < 0 || sig_catch(SIGTERM) < 0 || sig_catch(SIGALRM) < 0)
		die_sys(DIE_TEMP, "unable to set up signals");
	setup_files();
	open_dirs();
	setup_input();
	while (step(fetch))
		;
	return 0;
}
