/* supervise - run DIR/run and keep it running, obey commands written to
 * DIR/supervise/control, publish the state in DIR/supervise/status.
 * One poll() loop; no heap, no periodic wake-ups, no sleeping while a
 * command could be waiting. */

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "applets.h"
#include "die.h"
#include "fifo.h"
#include "lock.h"
#include "loop.h"
#include "sig.h"
#include "status.h"
#include "tai64.h"

static const char usage[] = "supervise dir";

#define THROTTLE_MS 1000		/* 0.76: at least 1 s between starts */
#define FORK_BACKOFF_MS 60000		/* 0.76: 60 s after a failed fork */
#define STATUS_RETRY_MIN_MS 1000	/* first retry of a failed status write */
#define STATUS_RETRY_MAX_MS 60000
#define CONTROL_CHUNK 64
#define READLINK_MAX 256		/* Debian: link text of 256+ bytes is fatal */

extern char **environ;

static const char *dir;
static int control_fd = -1;

/* The service state: want is what svc asked for, pid the running child. */
static struct status st;
static int flagwant = 1, wantup = 1;	/* want = flagwant ? (wantup ? 'u' : 'd') : once */
static int exit_requested;
static int start_pending;		/* a start waits for the throttle or fork back-off */
static int64_t next_start_at;		/* monotonic ms; starts before it are deferred */
static int status_dirty;		/* a status write failed: retry */
static int64_t status_retry_at = LOOP_NEVER;
static int64_t status_retry_ms = STATUS_RETRY_MIN_MS;

static void
update_want(void)
{
	st.want = flagwant ? (wantup ? 'u' : 'd') : 0;
	st.run = st.pid ? STATUS_RUN_UP : STATUS_RUN_DOWN;
	if (exit_requested)
		st.flags |= STATUS_EXITING;
}

/* Writes the status file. A failure is warned about and retried later
 * with a growing delay; it is never fatal. */
static void
write_status(void)
{
	enum status_step step;

	update_want();
	if (status_write(&st, &step) == 0) {
		status_dirty = 0;
		status_retry_at = LOOP_NEVER;
		status_retry_ms = STATUS_RETRY_MIN_MS;
		return;
	}
	switch (step) {
	case STATUS_STEP_OPEN:
		warn_sys("unable to open ", dir, "/supervise/status.new");
		break;
	case STATUS_STEP_PARTIAL:
		warn_x("unable to write ", dir,
		    "/supervise/status.new: partial write");
		break;
	case STATUS_STEP_WRITE:
	case STATUS_STEP_READ:
		warn_sys("unable to write ", dir, "/supervise/status.new");
		break;
	case STATUS_STEP_RENAME:
		warn_sys("unable to rename ", dir,
		    "/supervise/status.new to status");
		break;
	}
	status_dirty = 1;
	status_retry_at = loop_now() + status_retry_ms;
	status_retry_ms *= 2;
	if (status_retry_ms > STATUS_RETRY_MAX_MS)
		status_retry_ms = STATUS_RETRY_MAX_MS;
}

static void
signal_child(int sig)
{
	if (st.pid)
		(void)kill((pid_t)st.pid, sig);	/* ESRCH: it is already gone */
}

static void
start(void)
{
	char *argv[2];
	pid_t pid;
	int64_t now = loop_now();

	if (now < next_start_at) {
		start_pending = 1;
		return;
	}
	start_pending = 0;
	pid = fork();
	if (pid < 0) {
		warn_sys("unable to fork for ", dir, ", sleeping 60 seconds");
		/* Debian's 0.76 retries after the back-off; we keep obeying
		 * commands meanwhile instead of sleeping. */
		start_pending = 1;
		next_start_at = now + FORK_BACKOFF_MS;
		return;
	}
	if (pid == 0) {
		sig_child_reset();
		argv[0] = "./run";
		argv[1] = 0;
		execve("./run", argv, environ);
		die_sys(DIE_TEMP, "unable to start ", dir, "/run");
	}
	next_start_at = now + THROTTLE_MS;
	st.pid = (uint32_t)pid;
	st.paused = 0;
	st.term_sent = 0;
	tai64n_now(&st.changed);
	write_status();
}

static void
reaped(int wstatus)
{
	st.pid = 0;
	st.paused = 0;
	st.term_sent = 0;
	tai64n_now(&st.changed);
	st.exited = st.changed;
	st.flags |= STATUS_HAVE_EXIT;
	if (WIFSIGNALED(wstatus)) {
		st.how = STATUS_HOW_SIGNAL;
		st.code = (uint32_t)WTERMSIG(wstatus);
	} else {
		st.how = STATUS_HOW_EXIT;
		st.code = (uint32_t)WEXITSTATUS(wstatus);
	}
	write_status();
	if (!exit_requested && flagwant && wantup)
		start();
}

/* Collects every exited child; ours changes the state, others (children
 * of children that were re-parented here, on some systems) are dropped. */
static void
reap(void)
{
	for (;;) {
		int wstatus;
		pid_t r = waitpid(-1, &wstatus, WNOHANG);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return;
		if (st.pid && r == (pid_t)st.pid)
			reaped(wstatus);
	}
}

static void
go_down(void)
{
	flagwant = 1;
	wantup = 0;
	start_pending = 0;
	if (st.pid) {
		signal_child(SIGTERM);
		signal_child(SIGCONT);
		st.paused = 0;
		st.term_sent = 1;
	}
	write_status();
}

/* One command byte from supervise/control, with 0.76's meaning; any byte
 * it does not know is ignored. */
static void
command(unsigned char c)
{
	switch (c) {
	case 'u':
		flagwant = 1;
		wantup = 1;
		write_status();
		if (!st.pid)
			start();
		break;
	case 'd':
		go_down();
		break;
	case 'o':
		flagwant = 0;
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
		if (st.pid) {
			signal_child(SIGTERM);
			st.term_sent = 1;
		}
		break;
	case 'i':
		signal_child(SIGINT);
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
	return exit_requested && !st.pid && !start_pending;
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
	for (i = 0; i < r; ++i) {
		command(buf[i]);
		if (may_exit())
			return;
	}
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
	tai64n_now(&st.changed);
	st.extended = 1;
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

int
supervise_main(int argc, char **argv)
{
	struct pollfd pfd[2];

	if (argc != 2)
		die_usage(usage);
	dir = argv[1];
	setup();
	if (wantup)
		start();
	write_status();

	pfd[0].fd = sig_pipe_fd();
	pfd[0].events = POLLIN;
	pfd[1].fd = control_fd;
	pfd[1].events = POLLIN;
	while (!may_exit()) {
		int64_t deadline = LOOP_NEVER;
		sigset_t got;

		if (start_pending)
			deadline = next_start_at;
		if (status_dirty)
			deadline = loop_min(deadline, status_retry_at);
		if (loop_wait(pfd, 2, deadline) < 0)
			continue;	/* only EINTR-like trouble; poll again */
		if (sig_drain(&got) > 0)
			handle_signals(&got);
		reap();
		if (may_exit())
			break;
		if (pfd[1].revents)
			read_control();
		if (start_pending && !st.pid && loop_now() >= next_start_at)
			start();
		if (status_dirty && loop_now() >= status_retry_at)
			write_status();
	}
	write_status();
	return 0;
}
