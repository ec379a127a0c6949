/* supervise - run DIR/run and keep it running, obey commands written to
 * DIR/supervise/control, publish the state in DIR/supervise/status.
 * One poll() loop; no heap, no periodic wake-ups, no sleeping while a
 * command could be waiting. Beyond 0.76, each off unless its file exists:
 * ./finish, notification-fd (readiness), timeout-kill, timeout-finish,
 * down-signal; and a service left running by a killed supervise is
 * adopted, not started twice. */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "applets.h"
#include "die.h"
#include "fd.h"
#include "fifo.h"
#include "lock.h"
#include "loop.h"
#include "num.h"
#include "portab.h"
#include "sig.h"
#include "signame.h"
#include "status.h"
#include "tai64.h"

static const char usage[] = "supervise dir";

#define THROTTLE_MS 1000		/* 0.76: at least 1 s between starts */
#define FORK_BACKOFF_MS 60000		/* 0.76: 60 s after a failed fork */
#define STATUS_RETRY_MIN_MS 1000	/* first retry of a failed status write */
#define STATUS_RETRY_MAX_MS 60000
#define ADOPT_CHECK_MS 1000		/* liveness check where no pidfd exists */
#define POLL_RETRY_MS 1000		/* pace of the loop while poll() fails */
#define FINISH_TIMEOUT_MS 5000		/* default of timeout-finish */
#define FINISH_PERMANENT 125		/* ./finish exit code: do not restart */
#define CONTROL_CHUNK 64
#define READLINK_MAX 256		/* Debian: link text of 256+ bytes is fatal */

extern char **environ;

enum phase { PHASE_DOWN, PHASE_RUN, PHASE_FINISH };

static const char *dir;
static int control_fd = -1;

/* The service: want is what svc asked for, st.pid the running ./run. */
static struct status st;
static struct status_writer writer;	/* what supervise/ holds */
static enum phase phase = PHASE_DOWN;
static int flagwant = 1, wantup = 1;	/* want = flagwant ? (wantup ? 'u' : 'd') : once */
static int exit_requested;
static int start_pending;		/* a start waits for the throttle or fork back-off */
static int64_t next_start_at;		/* monotonic ms; starts before it are deferred */
static int status_dirty;		/* a status write failed: retry */
static int64_t status_retry_at = LOOP_NEVER;
static int64_t status_retry_ms = STATUS_RETRY_MIN_MS;
static int status_deferred;		/* inside a burst of commands */
static int status_owed;			/* a write was deferred */

/* Options of the current run, read from files at each start. */
static int64_t kill_ms;			/* timeout-kill; 0 = never */
static int down_sig = SIGTERM;		/* down-signal: what svc -d sends */
static int64_t kill_at = LOOP_NEVER;	/* when TERM turns into KILL */
static int notify_rfd = -1;		/* readiness pipe, read end */
static int watch_fd = -1;		/* exit watch of an adopted service */
static int64_t adopt_check_at = LOOP_NEVER;
static pid_t finish_pid;
static int64_t finish_at = LOOP_NEVER;	/* when a slow ./finish is killed */

/* Reads the first bytes of file name into buf (size > 1), NUL-terminated.
 * Returns how many, 0 when the file does not exist, -1 (after a warning)
 * when it cannot be read. */
static ssize_t
read_small(const char *name, char *buf, size_t size)
{
	ssize_t r;
	int fd = open(name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		warn_sys("unable to read ", dir, "/", name);
		return -1;
	}
	r = read(fd, buf, size - 1);
	(void)close(fd);
	if (r < 0) {
		warn_sys("unable to read ", dir, "/", name);
		return -1;
	}
	buf[r] = 0;
	return r ? r : 1;	/* an empty file exists: its "" is bad below */
}

/* How long the word at buf is when only blanks and a newline follow it;
 * 0 when something else does. */
static size_t
word_then_blanks(const char *buf, size_t n)
{
	size_t k = n;

	while (buf[k] == '\n' || buf[k] == ' ' || buf[k] == '\t')
		++k;
	return buf[k] ? 0 : n;
}

/* Reads a small decimal number from file name (trailing blanks and a
 * newline allowed). Returns 1 with *v set, 0 when the file does not
 * exist, -1 (after a warning) when it cannot be read or is not a number. */
static int
read_number(const char *name, unsigned long *v)
{
	char buf[32];
	ssize_t r = read_small(name, buf, sizeof buf);

	if (r <= 0)
		return (int)r;
	if (!word_then_blanks(buf, num_scan_ulong(buf, v))) {
		warn_x("unable to read ", dir, "/", name, ": not a number");
		return -1;
	}
	return 1;
}

/* down-signal: a signal name or number on the first line, as
 * s6-supervise reads it (trailing blanks allowed too); SIGTERM when
 * missing or bad (with a warning). */
static void
read_down_signal(void)
{
	char buf[32];
	ssize_t r = read_small("down-signal", buf, sizeof buf);

	down_sig = SIGTERM;
	if (r <= 0)
		return;
	buf[strcspn(buf, "\n")] = 0;
	if (signame_scan(buf, word_then_blanks(buf, strcspn(buf, " \t")),
	    &down_sig) < 0) {
		down_sig = SIGTERM;
		warn_x("unable to read ", dir,
		    "/down-signal: not a signal name or number");
	}
}

static void
update_fields(void)
{
	st.want = (char)(flagwant ? (wantup ? 'u' : 'd') : 0);
	st.run = phase == PHASE_RUN ? STATUS_RUN_UP :
	    phase == PHASE_FINISH ? STATUS_RUN_FINISH : STATUS_RUN_DOWN;
	if (exit_requested)
		st.flags |= STATUS_EXITING;
}

/* Writes the status file. A failure is warned about and retried later
 * with a growing delay; it is never fatal. */
static void
write_status(void)
{
	enum status_step step;
	const char *file;

	if (status_deferred) {
		status_owed = 1;
		return;
	}
	status_owed = 0;
	update_fields();
	if (status_write(&writer, &st, &step, &file) == 0) {
		status_dirty = 0;
		status_retry_at = LOOP_NEVER;
		status_retry_ms = STATUS_RETRY_MIN_MS;
		return;
	}
	switch (step) {
	case STATUS_STEP_OPEN:
		warn_sys("unable to open ", dir, "/supervise/", file, ".new");
		break;
	case STATUS_STEP_PARTIAL:
		warn_x("unable to write ", dir, "/supervise/", file,
		    ".new: partial write");
		break;
	case STATUS_STEP_WRITE:
	case STATUS_STEP_READ:
	case STATUS_STEP_FORMAT:
		warn_sys("unable to write ", dir, "/supervise/", file, ".new");
		break;
	case STATUS_STEP_RENAME:
		warn_sys("unable to rename ", dir, "/supervise/", file,
		    ".new to ", file);
		break;
	}
	/* The delay grows only with failed retries, not with writes that
	 * commands or exits asked for meanwhile. */
	if (!status_dirty || loop_now() >= status_retry_at) {
		if (status_dirty) {
			status_retry_ms *= 2;
			if (status_retry_ms > STATUS_RETRY_MAX_MS)
				status_retry_ms = STATUS_RETRY_MAX_MS;
		}
		status_retry_at = loop_now() + status_retry_ms;
	}
	status_dirty = 1;
}

static void
signal_child(int sig)
{
	if (st.pid)
		(void)kill((pid_t)st.pid, sig);	/* ESRCH: it is already gone */
}

/* TERM (or the down-signal) to the service; with timeout-kill, KILL
 * follows if it lingers. */
static void
terminate(int sig)
{
	if (!st.pid)
		return;
	signal_child(sig);
	st.term_sent = 1;
	if (kill_ms && kill_at == LOOP_NEVER)
		kill_at = loop_now() + kill_ms;
}

/* KILL to the service and, when it has a process group of its own (not
 * supervise's), to that group. */
static void
kill_hard(void)
{
	pid_t pgid;

	kill_at = LOOP_NEVER;
	if (!st.pid)
		return;
	pgid = getpgid((pid_t)st.pid);
	if (pgid > 0 && pgid != getpgrp())
		(void)kill(-pgid, SIGKILL);
	signal_child(SIGKILL);
}

static void
close_fd(int *fd)
{
	if (*fd >= 0)
		(void)close(*fd);
	*fd = -1;
}

static void
read_stop_files(void)
{
	unsigned long v;

	read_down_signal();
	kill_ms = 0;
	st.flags &= ~(unsigned)STATUS_KILL_TIMER;
	if (read_number("timeout-kill", &v) == 1 && v > 0) {
		kill_ms = (int64_t)v;
		st.flags |= STATUS_KILL_TIMER;
	}
}

/* Reads the per-run options and sets up the readiness pipe. Returns the
 * write end for the child (or -1) and its number in *notify_at. */
static int
prepare_run(unsigned long *notify_at)
{
	int p[2];

	st.flags &= ~(unsigned)(STATUS_NOTIFY | STATUS_READY);
	read_stop_files();
	if (read_number("notification-fd", notify_at) != 1)
		return -1;
	if (*notify_at < 3 || *notify_at > 1023) {
		warn_x("unable to use ", dir, "/notification-fd: not a descriptor from 3 to 1023");
		return -1;
	}
	if (pipe(p) < 0 || fd_cloexec(p[0]) < 0 || fd_cloexec(p[1]) < 0 ||
	    fd_nonblock(p[0]) < 0) {
		warn_sys("unable to create the notification pipe for ", dir);
		return -1;
	}
	notify_rfd = p[0];
	st.flags |= STATUS_NOTIFY;
	return p[1];
}

/* What the child that becomes ./run needs (it shares our memory until it
 * execs: it changes only its own descriptors and signal state). */
struct run_child {
	int notify_wfd;		/* readiness pipe's write end, or -1 */
	int notify_at;		/* the descriptor number it must have */
};

static void
run_child(void *arg)
{
	const struct run_child *c = arg;
	char *argv[2];

	sig_child_reset();
	if (c->notify_wfd >= 0 && fd_copy(c->notify_at, c->notify_wfd) < 0)
		die_sys(DIE_TEMP, "unable to set up ", dir, "/notification-fd");
	argv[0] = "./run";
	argv[1] = 0;
	execve("./run", argv, environ);
	die_sys(DIE_TEMP, "unable to start ", dir, "/run");
}

static void
start(void)
{
	struct run_child child;
	unsigned long notify_at = 0;
	uint64_t started_floor;
	pid_t pid;
	int64_t now = loop_now();
	int notify_wfd;

	if (phase != PHASE_DOWN)
		return;	/* a finishing ./finish starts it when done */
	if (now < next_start_at) {
		start_pending = 1;
		return;
	}
	start_pending = 0;
	notify_wfd = prepare_run(&notify_at);
	child.notify_wfd = notify_wfd;
	child.notify_at = (int)notify_at;
	started_floor = portab_starttime_floor();
	pid = portab_spawn(run_child, &child);
	if (pid < 0) {
		warn_sys("unable to fork for ", dir, ", sleeping 60 seconds");
		close_fd(&notify_wfd);
		close_fd(&notify_rfd);
		/* Debian's 0.76 retries after the back-off; we keep obeying
		 * commands meanwhile instead of sleeping. */
		start_pending = 1;
		next_start_at = now + FORK_BACKOFF_MS;
		write_status();	/* run_ended() left it to the start */
		return;
	}
	close_fd(&notify_wfd);
	next_start_at = now + THROTTLE_MS;
	phase = PHASE_RUN;
	st.pid = (uint32_t)pid;
	st.paused = 0;
	st.term_sent = 0;
	st.flags &= ~(unsigned)(STATUS_ADOPTED | STATUS_PERMANENT);
	if (!started_floor && portab_proc_starttime(pid, &started_floor) < 0)
		started_floor = 0;
	st.starttime = started_floor;
	tai64n_now(&st.changed);
	{
		int deferred = status_deferred;
		status_deferred = 0;	/* the new pid is published at once */
		write_status();
		status_deferred = deferred;
	}
}

/* What follows the end of ./run (and of ./finish, if any). */
static void
after_down(void)
{
	phase = PHASE_DOWN;
	if (!exit_requested && flagwant && wantup)
		start();
}

static void
finish_child(void *argv)
{
	sig_child_reset();
	execve("./finish", argv, environ);
	die_sys(DIE_TEMP, "unable to start ", dir, "/finish");
}

static void
start_finish(int how, uint32_t code)
{
	char exitcode[NUM_FMT_ULONG + 2], signo[NUM_FMT_ULONG + 1];
	char *argv[4];
	unsigned long ms = FINISH_TIMEOUT_MS;
	pid_t pid;

	/* ./finish EXITCODE SIGNAL: the code, or -1 when killed by a signal
	 * (or unknown); the signal, or 0. */
	if (how == STATUS_HOW_EXIT) {
		exitcode[num_fmt_ulong(exitcode, code)] = 0;
		signo[0] = '0';
		signo[1] = 0;
	} else {
		memcpy(exitcode, "-1", 3);
		signo[num_fmt_ulong(signo, how == STATUS_HOW_SIGNAL ? code : 0)] = 0;
	}
	argv[0] = "./finish";
	argv[1] = exitcode;
	argv[2] = signo;
	argv[3] = 0;
	if (read_number("timeout-finish", &ms) < 0)
		ms = FINISH_TIMEOUT_MS;
	pid = portab_spawn(finish_child, argv);
	if (pid < 0) {
		warn_sys("unable to fork for ", dir, "/finish");
		after_down();
		return;
	}
	finish_pid = pid;
	finish_at = ms ? loop_now() + (int64_t)ms : LOOP_NEVER;
	phase = PHASE_FINISH;
	write_status();
}

static int
finish_wanted(void)
{
	struct stat sb;

	return stat("finish", &sb) == 0 && S_ISREG(sb.st_mode) &&
	    access("finish", X_OK) == 0;
}

/* ./run has ended: how is STATUS_HOW_*, code its exit code or signal. */
static void
run_ended(int how, uint32_t code)
{
	st.pid = 0;
	st.paused = 0;
	st.term_sent = 0;
	st.starttime = 0;
	st.flags &= ~(unsigned)(STATUS_ADOPTED | STATUS_READY);
	kill_at = LOOP_NEVER;
	close_fd(&notify_rfd);
	close_fd(&watch_fd);
	adopt_check_at = LOOP_NEVER;
	tai64n_now(&st.changed);
	st.exited = st.changed;
	st.flags |= STATUS_HAVE_EXIT;
	st.how = how;
	st.code = code;
	if (finish_wanted()) {
		start_finish(how, code);
		return;
	}
	phase = PHASE_DOWN;
	/* A restart due now writes the status itself: one write, not two. */
	if (exit_requested || !flagwant || !wantup ||
	    loop_now() < next_start_at)
		write_status();
	after_down();
}

static void
finish_ended(int wstatus)
{
	finish_pid = 0;
	finish_at = LOOP_NEVER;
	if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == FINISH_PERMANENT) {
		flagwant = 1;
		wantup = 0;
		st.flags |= STATUS_PERMANENT;
	}
	phase = PHASE_DOWN;
	write_status();
	after_down();
}

/* Collects every exited child: ./run, ./finish, or an orphan re-parented
 * here (dropped). */
static void
reap(void)
{
	for (;;) {
		int w;
		pid_t r = waitpid(-1, &w, WNOHANG);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return;
		if (st.pid && r == (pid_t)st.pid &&
		    !(st.flags & STATUS_ADOPTED))
			run_ended(WIFSIGNALED(w) ? STATUS_HOW_SIGNAL : STATUS_HOW_EXIT,
			    (uint32_t)(WIFSIGNALED(w) ? WTERMSIG(w) : WEXITSTATUS(w)));
		else if (finish_pid && r == finish_pid)
			finish_ended(w);
	}
}

static void
go_down(void)
{
	flagwant = 1;
	wantup = 0;
	start_pending = 0;
	if (st.pid) {
		terminate(down_sig);
		signal_child(SIGCONT);
		st.paused = 0;
	}
	write_status();
}

/* One command byte from supervise/control: 0.76's meaning for its
 * letters, USR1/USR2 for '1'/'2'; any other byte is ignored. */
static void
command(unsigned char c)
{
	switch (c) {
	case 'u':
		flagwant = 1;
		wantup = 1;
		st.flags &= ~(unsigned)STATUS_PERMANENT;
		write_status();
		if (!st.pid)
			start();
		break;
	case 'd':
		go_down();
		break;
	case 'o':
		flagwant = 0;
		st.flags &= ~(unsigned)STATUS_PERMANENT;
		write_status();
		if (!st.pid)
			start();
		break;
	case 'a':
		signal_child(SIGALRM);
		break;
	case 'h':
		signal_child(SIGHUP);
		break;
	case 'k':
		signal_child(SIGKILL);
		break;
	case 't':
		terminate(SIGTERM);	/* never the down-signal, as in s6 */
		break;
	case 'i':
		signal_child(SIGINT);
		break;
	case '1':
		signal_child(SIGUSR1);
		break;
	case '2':
		signal_child(SIGUSR2);
		break;
	case 'p':
		st.paused = 1;
		write_status();
		signal_child(SIGSTOP);
		break;
	case 'c':
		st.paused = 0;
		write_status();
		signal_child(SIGCONT);
		break;
	case 'x':
		exit_requested = 1;
		write_status();
		break;
	default:
		break;
	}
}

static int
may_exit(void)
{
	return exit_requested && phase == PHASE_DOWN && !start_pending;
}

/* Reads what svc wrote and obeys it in order; stops as soon as an `x`
 * leaves nothing to wait for (0.76 leaves later bytes unread). */
static void
read_control(void)
{
	unsigned char buf[CONTROL_CHUNK];
	ssize_t r, i;

	do
		r = read(control_fd, buf, sizeof buf);
	while (r < 0 && errno == EINTR);
	/* A burst of commands costs one status write, not one each (a start
	 * writes its own at once). */
	status_deferred = r > 1;
	for (i = 0; i < r; ++i) {
		command(buf[i]);
		if (may_exit())
			break;
	}
	status_deferred = 0;
	if (status_owed)
		write_status();
}

/* The service wrote on its notification descriptor: the first newline
 * means ready (s6's convention). */
static void
read_notify(void)
{
	char buf[64];
	ssize_t r;

	do
		r = read(notify_rfd, buf, sizeof buf);
	while (r < 0 && errno == EINTR);
	if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return;
	if (r > 0 && !memchr(buf, '\n', (size_t)r))
		return;
	if (r > 0) {
		st.flags |= STATUS_READY;
		tai64n_now(&st.ready);
		write_status();
	}
	close_fd(&notify_rfd);	/* ready, or never will be (EOF) */
}

/* An adopted service cannot be waited for: it ended when its exit watch
 * fires, or (without one) when its pid no longer names the same process. */
static void
check_adopted(void)
{
	uint64_t t;

	if (!(st.flags & STATUS_ADOPTED) || !st.pid)
		return;
	if (portab_proc_starttime((pid_t)st.pid, &t) == 0 &&
	    portab_starttime_same(st.starttime, t)) {
		if (watch_fd < 0)
			adopt_check_at = loop_now() + ADOPT_CHECK_MS;
		return;
	}
	run_ended(STATUS_HOW_UNKNOWN, 0);
}

/* The proof a daemonbox supervise leaves: supervise/xstatus names a live
 * process with the same start time. That file alone: it is written first,
 * so after a kill -9 between the two writes it knows the newest pid.
 * Returns 1 with *old filled when it holds. */
static int
ours_to_adopt(struct status *old)
{
	uint64_t t;

	if (status_read_ext(AT_FDCWD, old) < 0 || !old->pid ||
	    !old->starttime || old->run != STATUS_RUN_UP)
		return 0;
	/* Gone, or its pid now names a stranger? */
	return portab_proc_starttime((pid_t)old->pid, &t) == 0 &&
	    portab_starttime_same(old->starttime, t);
}

/* Whether process pid works in this directory or below it (multilog
 * works in its log directory, ./main, under the service's). */
#define ADOPT_076_DEPTH 4
static int
works_here(pid_t pid)
{
	char path[PATH_MAX];
	struct stat here, there;
	size_t len;
	int up;

	if (stat(".", &here) < 0 || portab_proc_cwd(pid, path, sizeof path) < 0)
		return 0;
	len = strlen(path);
	for (up = 0; up <= ADOPT_076_DEPTH; ++up) {
		if (stat(path, &there) < 0)
			return 0;
		if (here.st_dev == there.st_dev && here.st_ino == there.st_ino)
			return 1;
		if (len + 3 >= sizeof path)
			return 0;
		memcpy(path + len, "/..", 4);
		len += 3;
	}
	return 0;
}

/* The proof asked of a service left by daemontools 0.76, whose status has
 * no start time: the process named there started no later than the
 * status's time (written just after the fork) and at most a second before
 * it, and works in this service directory (or below). Returns 1 with *old
 * filled (its start time included) when all of it holds. */
#define ADOPT_076_WINDOW_US 1000000
#define ADOPT_076_SLACK_US 20000	/* clock-tick rounding (Linux: 10 ms) */
static int
djbs_to_adopt(struct status *old)
{
	enum status_step step;
	int64_t started, stamp;
	uint64_t t;

	/* A record that pairs with an xstatus is a daemonbox supervise's:
	 * its own proof decided. */
	if (status_read(AT_FDCWD, old, &step) < 0 || old->extended ||
	    !old->pid || old->changed.sec < TAI64_UNIX_OFFSET)
		return 0;
	if (portab_proc_starttime((pid_t)old->pid, &t) < 0 ||
	    portab_starttime_unix(t, &started) < 0)
		return 0;
	stamp = (int64_t)(old->changed.sec - TAI64_UNIX_OFFSET) * 1000000 +
	    (int64_t)(old->changed.nano / 1000);
	if (started > stamp + ADOPT_076_SLACK_US ||
	    stamp - started > ADOPT_076_WINDOW_US)
		return 0;
	if (!works_here((pid_t)old->pid))
		return 0;
	old->starttime = t;
	old->flags = 0;
	return 1;
}

/* A service left running by a supervise that was killed (ours, or 0.76's
 * on a host switching to daemonbox): take it over instead of starting a
 * second copy, when one of the two proofs above holds. */
static void
adopt(void)
{
	struct status old;

	if (!ours_to_adopt(&old) && !djbs_to_adopt(&old))
		return;
	st.pid = old.pid;
	st.starttime = old.starttime;
	st.changed = old.changed;
	st.paused = old.paused;
	st.flags |= STATUS_ADOPTED | (old.flags & (STATUS_READY | STATUS_NOTIFY));
	st.ready = old.ready;
	/* Its readiness pipe died with the old supervise: a service that has
	 * not reported yet will get EPIPE when it does (docs/supervise.8). */
	read_stop_files();
	phase = PHASE_RUN;
	watch_fd = portab_proc_watch((pid_t)old.pid);
	if (watch_fd < 0)
		adopt_check_at = loop_now() + ADOPT_CHECK_MS;
	/* Exactly as if it had been started now: no second copy within the
	 * throttle either. */
	next_start_at = loop_now() + THROTTLE_MS;
}

/* Debian's patch: a dangling supervise symlink gets its target created. */
static void
make_supervise_dir(void)
{
	char target[READLINK_MAX];
	ssize_t n;

	if (mkdir("supervise", 0700) == 0)
		return;
	n = readlink("supervise", target, sizeof target);
	if (n < 0) {
		if (errno == ENOENT || errno == EINVAL)
			return;
		die_raw(DIE_TEMP, errno, "unable to readlink ./supervise");
	}
	if ((size_t)n >= sizeof target)
		die_raw(DIE_TEMP, EOVERFLOW, "unable to readlink ./supervise");
	target[n] = 0;
	(void)mkdir(target, 0700);	/* as 0.76: the lock step reports trouble */
}

static void
setup(void)
{
	struct stat sb;
	char which;
	int wfd, lockfd;

	if (sig_pipe_init() < 0)
		die_sys(DIE_TEMP, "unable to create pipe for ", dir);
	/* A signal inherited as ignored stays ignored, for supervise and for
	 * ./run, as with 0.76 (nohup, background jobs). */
	if (sig_catch(SIGCHLD) < 0 ||
	    (!sig_is_ignored(SIGTERM) && sig_catch(SIGTERM) < 0) ||
	    (!sig_is_ignored(SIGINT) && sig_catch(SIGINT) < 0) ||
	    (!sig_is_ignored(SIGHUP) && sig_catch(SIGHUP) < 0))
		die_sys(DIE_TEMP, "unable to catch signals for ", dir);
	if (chdir(dir) < 0)
		die_sys(DIE_TEMP, "unable to chdir to ", dir);
	if (stat("down", &sb) == 0)
		wantup = 0;
	else if (errno != ENOENT)
		die_sys(DIE_TEMP, "unable to stat ", dir, "/down");
	else
		st.flags |= STATUS_NORMALLY_UP;
	make_supervise_dir();
	status_writer_init(&writer, AT_FDCWD);
	lockfd = lock_open("supervise/lock", LOCK_OPEN_NONBLOCK | LOCK_OPEN_CLOEXEC);
	if (lockfd < 0 || lock_exnb(lockfd) < 0)
		die_sys(DIE_TEMP, "unable to acquire ", dir, "/supervise/lock");
	(void)fifo_make("supervise/control");	/* open reports any problem */
	if (fifo_open_held("supervise/control", &control_fd, &wfd, &which) < 0) {
		if (which == 'r')
			die_sys(DIE_TEMP, "unable to read ", dir,
			    "/supervise/control");
		die_sys(DIE_TEMP, "unable to write ", dir, "/supervise/control");
	}
	/* The lock is ours: whatever the status names was left by a dead
	 * supervise. */
	adopt();
	if (!st.pid)
		tai64n_now(&st.changed);
	/* Commands waiting already are obeyed before ./run first starts:
	 * svscan hands the want of a supervise it replaced to the next one
	 * this way (svscan.8). */
	read_control();
	/* The status exists before supervise/ok has a reader (svstat relies
	 * on it); starting the service writes it, so one write, not 0.76's
	 * three, when the service starts at once. */
	if (wantup && !st.pid)
		start();
	else
		write_status();
	(void)fifo_make("supervise/ok");
	if (fifo_open_read("supervise/ok") < 0)
		die_sys(DIE_TEMP, "unable to read ", dir, "/supervise/ok");
}

/* SIGTERM and SIGINT mean `svc -dx`: take the service down, then exit
 * (0.76 dies and leaves the service running unsupervised). SIGHUP means
 * `svc -x`: exit once the service has stopped by itself. */
static void
handle_signals(const sigset_t *got)
{
	if (sigismember(got, SIGTERM) == 1 || sigismember(got, SIGINT) == 1) {
		exit_requested = 1;
		go_down();
	} else if (sigismember(got, SIGHUP) == 1) {
		exit_requested = 1;
		write_status();
	}
}

/* The earliest thing the loop has to do without an event. */
static int64_t
next_deadline(void)
{
	int64_t d = LOOP_NEVER;

	if (start_pending)
		d = next_start_at;
	if (status_dirty)
		d = loop_min(d, status_retry_at);
	d = loop_min(d, kill_at);
	d = loop_min(d, finish_at);
	return loop_min(d, adopt_check_at);
}

static void
run_timers(void)
{
	int64_t now = loop_now();

	if (kill_at <= now)
		kill_hard();
	if (finish_pid && finish_at <= now) {
		(void)kill(finish_pid, SIGKILL);
		finish_at = LOOP_NEVER;
	}
	if (adopt_check_at <= now) {
		adopt_check_at = LOOP_NEVER;
		check_adopted();
	}
	if (start_pending && phase == PHASE_DOWN && now >= next_start_at)
		start();
	if (status_dirty && now >= status_retry_at)
		write_status();
}

int
supervise_main(int argc, char **argv)
{
	struct pollfd pfd[4];

	if (argc != 2)
		die_usage(usage);
	dir = argv[1];
	setup();

	pfd[0].fd = sig_pipe_fd();
	pfd[0].events = POLLIN;
	pfd[1].fd = control_fd;
	pfd[1].events = POLLIN;
	while (!may_exit()) {
		sigset_t got;

		/* A negative fd is skipped by poll(). */
		pfd[2].fd = notify_rfd;
		pfd[2].events = POLLIN;
		pfd[3].fd = watch_fd;
		pfd[3].events = POLLIN;
		if (loop_wait(pfd, 4, next_deadline()) < 0) {
			/* Lasting (loop_wait turns EINTR into 0), such as a
			 * descriptor limit lowered under us: say so, and look
			 * at every descriptor once a second meanwhile (all are
			 * non-blocking). An adopted service's end is checked
			 * by its start time, not guessed from its watch. */
			warn_sys("unable to wait for events in ", dir);
			loop_pause(POLL_RETRY_MS);
			pfd[0].revents = pfd[1].revents = POLLIN;
			pfd[2].revents = notify_rfd >= 0 ? POLLIN : 0;
			pfd[3].revents = 0;
			check_adopted();
		}
		if (pfd[0].revents && sig_drain(&got) > 0) {
			handle_signals(&got);
			if (sigismember(&got, SIGCHLD) == 1)
				reap();
		}
		if (may_exit())
			break;
		if (pfd[3].fd >= 0 && pfd[3].revents)
			run_ended(STATUS_HOW_UNKNOWN, 0);	/* adopted one */
		if (pfd[2].fd >= 0 && pfd[2].revents && notify_rfd >= 0)
			read_notify();
		if (pfd[1].revents)
			read_control();
		run_timers();
	}
	write_status();
	return 0;
}
