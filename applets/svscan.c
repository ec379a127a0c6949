/* svscan - start and keep running one supervise per service directory
 * found in DIR, plus one for its log/ subdirectory, joined by a pipe that
 * svscan holds open so neither side's restart loses the stream. Scans on
 * directory-change notification (5-second rescans only where there is
 * none), watches each service without a log for one to appear (and then
 * replaces its supervise by one that writes into the new pipe), restarts
 * a dead supervise at once, and with -i (or as PID 1) acts as a container
 * init: runs DIR/.setup/ first, reaps orphans, starts a main program once
 * the services are up and ready (forwarding signals to it), and shuts
 * every service down in order when that program exits, or on SIGTERM or
 * SIGINT when there is none. */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "applets.h"
#include "die.h"
#include "dirlist.h"
#include "fd.h"
#include "fifo.h"
#include "loop.h"
#include "num.h"
#include "portab.h"
#include "proc.h"
#include "sig.h"
#include "status.h"

#define RESCAN_MS rescan_ms	/* 0.76's scan interval: our fallback */
#define RESTART_MS 1000		/* least time between starts of one supervise */
#define QUICK_DEATH_MS 1000	/* a supervise that dies this fast ... */
#define QUICK_RETRY_MS 5000	/* ... is retried at 0.76's pace */
#define SETTLE_MS 40		/* quiet time after a change before a scan, so
				 * that a directory being copied in is seen whole */
#define GRACE_DEFAULT_MS 10000	/* init mode: TERM to KILL */
#define WAIT_DEFAULT_MS 5000	/* the most PROG waits for the services */
#define READY_POLL_MS 100	/* their status looked at where unwatched */
#define SETUP_DIR ".setup"	/* a dot-directory: never a service */
#define TABLE_CHUNK 256
#define DJB_STATUS 18		/* supervise/status: 0.76's record, which
				 * every daemonbox supervise writes */

extern char **environ;

struct service {
	dev_t dev;
	ino_t ino;
	char *name;		/* as last seen in the scan directory */
	pid_t pid, logpid;	/* supervise NAME, supervise log; 0 = none */
	int64_t started, logstarted;
	int64_t kill_at;	/* replacing: 'k' to a ./run deaf to TERM then */
	int pipe_r, pipe_w;	/* -1 when there is no log (or it was closed) */
	int watch;		/* dirwatch id while it has no log; -1 = none */
	int logwatch;		/* on NAME/log while it lacks a run; -1 = none */
	int ctl_fd;		/* read end of supervise/control held while
				 * the successor of a replaced supervise runs */
	char handover;		/* command for that successor; 0 = none */
	unsigned char has_log, active;
	unsigned char replacing;	/* told to exit, to start again on the pipe */
	unsigned char log_check;	/* look at NAME/log when the timer runs */
	unsigned char watch_warned;
	/* While PROG waits: [0] the service, [1] its log. */
	int rwatch[2][2];	/* ready_fd ids of the directory, its supervise/ */
	unsigned char settled[2];	/* up and ready, or normally down */
	unsigned char rcheck;	/* look at its status again */
};

static struct service *table;
static size_t used, cap;
/* Open-addressing index of table by (dev, ino): slots hold index + 1. */
static size_t *hash;
static size_t hash_cap;

static int64_t scan_at = 0;		/* next scan; LOOP_NEVER = none due */
static int64_t settle_since = LOOP_NEVER;	/* first unscanned change */
static int64_t settle_at = LOOP_NEVER;	/* scan once the directory is quiet */
static int64_t timer_at = LOOP_NEVER;	/* next run_timers(); entries say why */
static int watch_fd = -1;
static int root_watch = -1;		/* the scan directory's dirwatch id */
static int root_changed;		/* set by on_event() */
static int init_mode;
static int shutting_down;
static int shutdown_phase;		/* 1: TERM sent, 2: KILL sent */
static int64_t grace_ms = GRACE_DEFAULT_MS;
/* 5 s; for tests only, SVSCAN_TEST_RESCAN (seconds) makes it long, to tell
 * a change picked up by notification from one found by a scan. */
static int64_t rescan_ms = 5000;
static int64_t phase_deadline = LOOP_NEVER;
static struct rlimit nofile_orig;	/* what children get back */
static int nofile_raised;
static char *self_exe;	/* this binary, run as supervise; 0: found in PATH */
static int scanned;			/* the first scan is done */
static int young_left;			/* it put off a directory being filled */

/* The main program, PROG ARGS... in init mode (prog_argv 0: none). */
enum prog_state { PROG_NONE, PROG_WAITING, PROG_RUNNING, PROG_DONE };
static char **prog_argv;
static enum prog_state prog_state = PROG_NONE;
static pid_t prog_pid;
static pid_t prog_pgid;			/* svscan's group, which PROG leaves */
static int start_dir = -1;		/* where svscan started: PROG runs there */
static int exit_code;			/* PROG's, once the shutdown is done */
static int64_t wait_ms = WAIT_DEFAULT_MS;	/* SVSCAN_WAIT_MS */
static int64_t ready_deadline = LOOP_NEVER;
static int ready_fd = -1;		/* dirwatch of what PROG waits for */
static int ready_poll;			/* some of it unwatched: poll it */
static int starttimes;			/* the system tells processes' start
					 * times (Linux: /proc is mounted) */
/* Passed on to PROG; the first three stop a start-up that has none yet. */
static const int forwarded[] = { SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR1,
	SIGUSR2 };
#define NFORWARDED (sizeof forwarded / sizeof forwarded[0])
#define NSTOPPING 3

static void
want_scan(int64_t when)
{
	scan_at = loop_min(scan_at, when);
}

static void
want_timer(int64_t when)
{
	timer_at = loop_min(timer_at, when);
}

static void
close_fd(int *fd)
{
	if (*fd >= 0)
		(void)close(*fd);
	*fd = -1;
}

/* NAME, sub and file one after the other in path (PATH_MAX bytes).
 * Returns 0, or -1 with errno ENAMETOOLONG. */
static int
subpath(char *path, const char *name, const char *sub, const char *file)
{
	size_t nl = strlen(name), sl = strlen(sub), fl = strlen(file);

	if (nl + sl + fl >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* The last piece brings the NUL.
	 * NOLINTBEGIN(bugprone-not-null-terminated-result) */
	memcpy(path, name, nl);
	memcpy(path + nl, sub, sl);
	/* NOLINTEND(bugprone-not-null-terminated-result) */
	memcpy(path + nl + sl, file, fl + 1);
	return 0;
}

/* A log pipe, both ends close-on-exec. Returns 0, or -1 with errno
 * (nothing left open). */
static int
make_pipe(int p[2])
{
	int e;

	if (pipe(p) < 0)
		return -1;
	if (fd_cloexec(p[0]) == 0 && fd_cloexec(p[1]) == 0)
		return 0;
	e = errno;
	(void)close(p[0]);
	(void)close(p[1]);
	errno = e;
	return -1;
}

static size_t
hash_slot(dev_t dev, ino_t ino)
{
	unsigned long long h = (unsigned long long)ino * 0x9e3779b97f4a7c15ULL ^
	    (unsigned long long)dev;
	return (size_t)(h ^ (h >> 29)) & (hash_cap - 1);
}

static void
hash_rebuild(void)
{
	size_t i;

	memset(hash, 0, hash_cap * sizeof *hash);
	for (i = 0; i < used; ++i) {
		size_t s = hash_slot(table[i].dev, table[i].ino);
		while (hash[s])
			s = (s + 1) & (hash_cap - 1);
		hash[s] = i + 1;
	}
}

static struct service *
find(dev_t dev, ino_t ino)
{
	size_t s;

	if (!hash_cap)
		return 0;
	for (s = hash_slot(dev, ino); hash[s]; s = (s + 1) & (hash_cap - 1)) {
		struct service *sv = &table[hash[s] - 1];
		if (sv->dev == dev && sv->ino == ino)
			return sv;
	}
	return 0;
}

/* Room for one more entry; grows the table and its index in chunks, only
 * from a scan (never while handling a child's death). */
static int
reserve(void)
{
	if (used == cap) {
		size_t ncap = cap + TABLE_CHUNK;
		struct service *t = realloc(table, ncap * sizeof *t);
		if (!t)
			return -1;
		table = t;
		cap = ncap;
	}
	if (2 * (used + 1) > hash_cap) {
		size_t ncap = hash_cap ? 2 * hash_cap : 2 * (size_t)TABLE_CHUNK;
		size_t *h = malloc(ncap * sizeof *h);
		if (!h)
			return -1;
		free(hash);
		hash = h;
		hash_cap = ncap;
		hash_rebuild();
	}
	return 0;
}

static void
close_pipe(struct service *sv)
{
	close_fd(&sv->pipe_r);
	close_fd(&sv->pipe_w);
}

/* What every child of svscan starts with: its descriptors and
 * environment, default actions for the signals it catches, and the
 * descriptor limit it was given (the raised one is svscan's own
 * business). Async-signal-safe. */
static void
child_common(void)
{
	sig_child_reset();
	if (nofile_raised)
		(void)setrlimit(RLIMIT_NOFILE, &nofile_orig);
}

/* The child side of a start: descriptors, directory, exec. Only
 * async-signal-safe calls, and no changes to memory but its own stack
 * (portab_spawn). 0.76 words these failures as warnings, yet the
 * child exits 111. */
struct start_child {
	struct service *sv;
	int log;
};

static void
exec_supervise(void *arg)
{
	const struct start_child *c = arg;
	struct service *sv = c->sv;
	int log = c->log;
	char *argv[3];
	char logname[] = "log";
	const char *sub = log ? "/log" : "";

	child_common();
	if ((!log && sv->has_log && fd_copy(1, sv->pipe_w) < 0) ||
	    (log && fd_copy(0, sv->pipe_r) < 0)) {
		warn_sys("unable to set up descriptors for ", sv->name, sub);
		_exit(DIE_TEMP);
	}
	if (log && chdir(sv->name) < 0) {
		warn_sys("unable to switch to ", sv->name);
		_exit(DIE_TEMP);
	}
	/* main() dispatches on argv[0]'s name. */
	argv[0] = "supervise";
	argv[1] = log ? logname : sv->name;
	argv[2] = 0;
	if (self_exe)
		execve(self_exe, argv, environ);
	else
		proc_execvpe("supervise", argv, environ, getenv("PATH"));
	warn_sys("unable to start supervise ", sv->name, sub);
	_exit(DIE_TEMP);
}

static pid_t
start(struct service *sv, int log)
{
	struct start_child c;
	pid_t pid;

	c.sv = sv;
	c.log = log;
	pid = portab_spawn(exec_supervise, &c);
	if (pid < 0)
		warn_sys("unable to fork for ", sv->name, log ? "/log" : "");
	return pid;
}

/* Starts what should run for one entry, or sets the scan deadline for
 * when the 1-second spacing allows it. */
static void
start_entry(struct service *sv, int64_t now)
{
	if (!sv->pid) {
		if (now < sv->started + RESTART_MS) {
			want_scan(sv->started + RESTART_MS);
			return;	/* 0.76 skips the log step too when the main
				 * supervise could not be started */
		}
		sv->started = now;
		sv->pid = start(sv, 0);
		if (sv->pid < 0) {
			sv->pid = 0;
			want_scan(now + RESCAN_MS);
			return;
		}
	}
	if (sv->has_log && !sv->logpid && sv->pipe_r >= 0) {
		if (now < sv->logstarted + RESTART_MS) {
			want_scan(sv->logstarted + RESTART_MS);
			return;
		}
		sv->logstarted = now;
		sv->logpid = start(sv, 1);
		if (sv->logpid < 0) {
			sv->logpid = 0;
			want_scan(now + RESCAN_MS);
		}
	}
}

static struct service *
add(const char *name, const struct stat *st, int64_t now)
{
	struct service *sv;
	struct stat lst;
	size_t len = strlen(name);
	int has_log = 0, p[2];

	if (len <= 255) {
		char path[256 + 4];
		memcpy(path, name, len);
		memcpy(path + len, "/log", 5);
		if (stat(path, &lst) == 0)
			has_log = 1;
		else if (errno != ENOENT) {
			warn_sys("unable to stat ", name, "/log");
			want_scan(now + RESCAN_MS);
			return 0;
		}
	}
	if (reserve() < 0) {
		warn_x("unable to start ", name, ": out of memory");
		want_scan(now + RESCAN_MS);
		return 0;
	}
	p[0] = p[1] = -1;
	if (has_log && make_pipe(p) < 0) {
		warn_sys("unable to create pipe for ", name);
		want_scan(now + RESCAN_MS);
		return 0;
	}
	sv = &table[used];
	memset(sv, 0, sizeof *sv);
	sv->name = malloc(len + 1);
	if (!sv->name) {
		warn_x("unable to start ", name, ": out of memory");
		if (has_log) {
			(void)close(p[0]);
			(void)close(p[1]);
		}
		want_scan(now + RESCAN_MS);
		return 0;
	}
	memcpy(sv->name, name, len + 1);
	sv->dev = st->st_dev;
	sv->ino = st->st_ino;
	sv->has_log = (unsigned char)has_log;
	sv->pipe_r = p[0];
	sv->pipe_w = p[1];
	sv->watch = sv->logwatch = sv->ctl_fd = -1;
	sv->rwatch[0][0] = sv->rwatch[0][1] = -1;
	sv->rwatch[1][0] = sv->rwatch[1][1] = -1;
	sv->rcheck = 1;
	sv->kill_at = LOOP_NEVER;
	sv->started = sv->logstarted = now - RESTART_MS;
	++used;
	{
		size_t s = hash_slot(sv->dev, sv->ino);
		while (hash[s])
			s = (s + 1) & (hash_cap - 1);
		hash[s] = used;
	}
	return sv;
}

/* Keeps sv->name equal to the name the directory has now (a renamed
 * service directory stays the same service, as in 0.76). */
static int
rename_entry(struct service *sv, const char *name)
{
	size_t len = strlen(name);
	char *n;

	if (!strcmp(sv->name, name))
		return 0;
	n = malloc(len + 1);
	if (!n)
		return -1;
	memcpy(n, name, len + 1);
	free(sv->name);
	sv->name = n;
	return 0;
}

/* How many more milliseconds a directory changed (ctime) this recently
 * should be left to settle; 0 when it is old enough. */
static int64_t
settling(const struct stat *st)
{
	struct timespec now;
	int64_t age;

	if (clock_gettime(CLOCK_REALTIME, &now) < 0)
		return 0;
	age = ((int64_t)now.tv_sec - (int64_t)st->st_ctim.tv_sec) * 1000 +
	    ((int64_t)now.tv_nsec - (int64_t)st->st_ctim.tv_nsec) / 1000000;
	if (age < 0 || age >= SETTLE_MS)
		return 0;	/* a clock step back is not a reason to wait */
	return SETTLE_MS - age;
}

/* Writes cmd into DIR/supervise/control (sub "" or "/log"), as svc does.
 * Returns 0, or -1 with errno (ENXIO: no supervise reads it). */
static int
control(const char *dir, const char *sub, const char *cmd)
{
	char path[PATH_MAX];
	size_t n = strlen(cmd);
	int fd;

	if (subpath(path, dir, sub, "/supervise/control") < 0)
		return -1;
	fd = fifo_open_write(path);
	if (fd < 0)
		return -1;	/* supervise is gone already */
	if (write(fd, cmd, n) != (ssize_t)n) {
		warn_sys("unable to control ", dir, sub);
		(void)close(fd);
		return -1;
	}
	(void)close(fd);
	return 0;
}

/* An entry without a log is watched, so that a log created in it later
 * is seen at once. Returns 0, or -1 when it cannot be: the caller then
 * rescans every 5 seconds. */
static int
watch_entry(struct service *sv)
{
	if (watch_fd < 0 || sv->has_log || sv->watch >= 0)
		return 0;
	sv->watch = portab_dirwatch_add(watch_fd, sv->name, PORTAB_DIRWATCH_NEW);
	if (sv->watch >= 0)
		return 0;
	if (sv->watch_warned)
		return -1;
	sv->watch_warned = 1;
	if (errno == ENOSPC)	/* inotify's, which is not about disks */
		warn_x("unable to watch ", sv->name, " for a new log, ",
		    "rescanning every 5 seconds: too many watches");
	else
		warn_sys("unable to watch ", sv->name,
		    " for a new log, rescanning every 5 seconds");
	return -1;
}

static void
unwatch_id(int *id)
{
	if (*id < 0)
		return;
	/* It fails when the system dropped the watch with the directory.
	 * The scan directory's own stays (a service linked to it shares
	 * its id). */
	if (*id != root_watch)
		(void)portab_dirwatch_remove(watch_fd, *id);
	*id = -1;
}

static void
unwatch(struct service *sv)
{
	unwatch_id(&sv->watch);
	unwatch_id(&sv->logwatch);
}

/* The pid and want that NAME/supervise/status holds. Returns 0, or -1. */
static int
read_status(const char *name, struct status *st)
{
	unsigned char buf[DJB_STATUS];
	char path[PATH_MAX];
	ssize_t r;
	int fd;

	if (subpath(path, name, "", "/supervise/status") < 0)
		return -1;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	r = read(fd, buf, sizeof buf);
	(void)close(fd);
	if (r != (ssize_t)sizeof buf)
		return -1;
	return status_unpack(st, buf, sizeof buf);
}

/* A log appeared for a service whose supervise runs already, with
 * svscan's output as its own: no running process can be given another
 * standard output, so that supervise is told to take its service down
 * and exit (svc -dx), and reap() starts the next one on the pipe. The
 * next one is handed the want of this one (hand_over()), so a service
 * that was down stays down and one that was up is started again: one
 * restart, announced when ./run was running. */
static void
replace(struct service *sv, int64_t now)
{
	struct status st;
	int running = 1;	/* when the status cannot be read */

	sv->handover = 0;	/* unknown: as the down file says */
	if (read_status(sv->name, &st) == 0) {
		running = st.pid && st.want != 'd';
		if (st.want == 'u')
			sv->handover = 'u';
		else if (!st.want && st.pid)
			sv->handover = 'o';	/* running once: once more */
		else
			sv->handover = 'd';	/* down, or once and done */
	}
	if (running)
		warn_x(sv->name, "/log appeared: restarting ", sv->name,
		    " to connect its logger");
	sv->replacing = 1;
	sv->kill_at = now + grace_ms;
	want_timer(sv->kill_at);
	/* SIGTERM means the same to our supervise, but it might have been
	 * inherited as ignored; it serves when the FIFO has no reader yet. */
	if (control(sv->name, "", "dx") < 0)
		(void)kill(sv->pid, SIGTERM);
}

/* The replaced supervise has exited: its want goes into the control FIFO
 * for the next one, which obeys what waits there before it starts ./run.
 * A FIFO keeps its bytes only while it is open, so svscan holds a read
 * end until that next supervise has exited. */
static void
hand_over(struct service *sv)
{
	char path[PATH_MAX];
	char c = sv->handover;
	int w;

	sv->handover = 0;
	close_fd(&sv->ctl_fd);
	if (!c)
		return;
	if (subpath(path, sv->name, "", "/supervise/control") < 0 ||
	    (sv->ctl_fd = fifo_open_read(path)) < 0) {
		warn_sys("unable to control ", sv->name);
		return;
	}
	if (fifo_is_fifo(sv->ctl_fd) != 1) {
		close_fd(&sv->ctl_fd);	/* not to be written into */
		return;
	}
	w = fifo_open_write(path);	/* cannot fail for want of a reader */
	if (w < 0 || write(w, &c, 1) != 1) {
		warn_sys("unable to control ", sv->name);
		close_fd(&sv->ctl_fd);
	}
	if (w >= 0)
		(void)close(w);
}

/* NAME/log exists now: the pipe, and the end of the watch. */
static void
connect_log(struct service *sv, int64_t now)
{
	int p[2];

	if (make_pipe(p) < 0) {
		warn_sys("unable to create pipe for ", sv->name);
		want_scan(now + RESCAN_MS);
		return;
	}
	sv->pipe_r = p[0];
	sv->pipe_w = p[1];
	sv->has_log = 1;
	sv->settled[1] = 0;	/* PROG waits for the new logger too */
	sv->rcheck = 1;
	unwatch(sv);
	if (sv->pid)
		replace(sv, now);
}

/* Whether the log directory at path (stat in *st) has a logger to run,
 * for a service that runs already: its supervise is replaced only then,
 * since a service that writes into a pipe nobody reads soon blocks. A log
 * that is not a directory never will; one without run is watched for it.
 * Returns how many milliseconds more it should be left to settle (0 when
 * ready), or -1 when it is not to be connected now. */
static int64_t
log_ready(struct service *sv, const char *path, const struct stat *st,
    int64_t now)
{
	char run[PATH_MAX];
	struct stat rst;
	int64_t young = settling(st), ryoung;

	if (!S_ISDIR(st->st_mode) || subpath(run, path, "/run", "") < 0)
		return -1;
	if (stat(run, &rst) < 0) {
		/* Watched afresh: this log may not be the one watched
		 * before (removed and made again). */
		unwatch_id(&sv->logwatch);
		if (watch_fd >= 0)
			sv->logwatch = portab_dirwatch_add(watch_fd, path,
			    PORTAB_DIRWATCH_NEW);
		if (sv->logwatch < 0)
			want_scan(now + RESCAN_MS);
		return -1;
	}
	ryoung = settling(&rst);
	return ryoung > young ? ryoung : young;
}

/* Looks for NAME/log, for an entry that has none (0.76 looks once, when
 * it first sees NAME). For a service whose supervise runs, one that is
 * still being filled in is left to settle, and the run of a directory
 * awaited, before that supervise is replaced for it. */
static void
check_log(struct service *sv, int64_t now)
{
	char path[PATH_MAX];
	struct stat st;
	int64_t young = 0;

	sv->log_check = 0;
	if (sv->has_log || strlen(sv->name) > 255)	/* as add() */
		return;
	if (subpath(path, sv->name, "", "/log") < 0)
		return;
	if (stat(path, &st) < 0) {
		if (errno != ENOENT) {
			warn_sys("unable to stat ", sv->name, "/log");
			want_scan(now + RESCAN_MS);
		}
		return;
	}
	if (sv->pid)
		young = log_ready(sv, path, &st, now);
	if (young < 0)
		return;
	if (young > 0) {
		sv->log_check = 1;
		want_timer(now + young);
		return;
	}
	connect_log(sv, now);
}

/* One event of the directory watch. */
static void
on_event(void *arg, int id, const char *name)
{
	int64_t now = *(const int64_t *)arg;
	size_t i;

	if (id == root_watch || id == PORTAB_DIRWATCH_LOST) {
		root_changed = 1;
		return;
	}
	/* Inside a service directory only log matters, and inside its log
	 * run: not supervise, not the files a service writes where it
	 * runs. */
	if (name && strcmp(name, "log") != 0 && strcmp(name, "run") != 0)
		return;
	for (i = 0; i < used; ++i)
		if (table[i].watch == id || table[i].logwatch == id) {
			table[i].log_check = 1;
			want_timer(now);
			return;
		}
}

static void
read_events(void)
{
	int64_t now = loop_now();

	root_changed = 0;
	if (portab_dirwatch_read(watch_fd, on_event, &now) < 0)
		warn_sys("unable to read directory notifications");
	if (!root_changed)
		return;
	/* Each change pushes the scan back until things settle, but never
	 * by more than a scan interval. */
	if (settle_since == LOOP_NEVER)
		settle_since = now;
	settle_at = loop_min(now + SETTLE_MS, settle_since + RESCAN_MS);
}

/* What entries asked for at a time: a look at NAME/log, and the KILL for
 * a replaced supervise whose ./run ignores TERM (as the shutdown does). */
static void
run_timers(int64_t now)
{
	size_t i;

	timer_at = LOOP_NEVER;
	for (i = 0; i < used; ++i) {
		struct service *sv = &table[i];

		if (sv->log_check) {
			sv->log_check = 0;
			if (sv->active) {
				check_log(sv, now);
				if (sv->has_log)
					start_entry(sv, now);
			}
		}
		if (sv->replacing && sv->kill_at != LOOP_NEVER) {
			if (now < sv->kill_at)
				want_timer(sv->kill_at);
			else {
				(void)control(sv->name, "", "k");
				sv->kill_at = LOOP_NEVER;
			}
		}
	}
}

/* Drops entries not seen in this scan whose supervise processes have both
 * exited; a vanished directory's running supervise is left alone. */
static void
forget_inactive(void)
{
	size_t i = 0, before = used;

	while (i < used) {
		struct service *sv = &table[i];
		if (sv->active || sv->pid || sv->logpid) {
			++i;
			continue;
		}
		close_pipe(sv);
		close_fd(&sv->ctl_fd);
		unwatch(sv);
		/* Every entry owns its name; the analyzer takes the entry
		 * moved into slot i below for the one freed here.
		 * NOLINTNEXTLINE(clang-analyzer-unix.Malloc) */
		free(sv->name);
		table[i] = table[--used];
	}
	if (used != before)
		hash_rebuild();
}

static void
scan(void)
{
	DIR *d;
	struct dirent *de;
	int64_t now = loop_now();
	size_t i;
	int unwatched = 0;

	scan_at = watch_fd < 0 ? now + RESCAN_MS : LOOP_NEVER;
	scanned = 1;
	young_left = 0;
	/* What is pending now, this scan sees. */
	if (watch_fd >= 0)
		read_events();
	settle_since = settle_at = LOOP_NEVER;
	for (i = 0; i < used; ++i)
		table[i].active = 0;
	d = opendir(".");
	if (!d) {
		warn_sys("unable to read directory");
		want_scan(now + RESCAN_MS);
		return;
	}
	for (;;) {
		struct service *sv;
		struct stat st;

		errno = 0;
		de = readdir(d);
		if (!de)
			break;
		if (de->d_name[0] == '.')
			continue;
		if (stat(de->d_name, &st) < 0) {
			warn_sys("unable to stat ", de->d_name);
			/* A dangling link may come to life: look again. */
			want_scan(now + RESCAN_MS);
			continue;
		}
		if (!S_ISDIR(st.st_mode))
			continue;
		sv = find(st.st_dev, st.st_ino);
		if (!sv) {
			/* A directory still being filled (cp -a, tar) must be
			 * seen with its log/: wait until it has been left
			 * alone for a moment. Creating NAME/log changes
			 * NAME's ctime, which the watch on . cannot see. */
			int64_t young = settling(&st);
			if (young > 0) {
				want_scan(now + young);
				young_left = 1;
				continue;
			}
			sv = add(de->d_name, &st, now);
		}
		if (!sv)
			continue;
		if (rename_entry(sv, de->d_name) < 0) {
			warn_x("unable to start ", de->d_name, ": out of memory");
			continue;
		}
		sv->active = 1;
		if (!sv->has_log) {
			if (watch_entry(sv) < 0)
				unwatched = 1;
			check_log(sv, now);	/* after the watch: no gap */
		}
		start_entry(sv, now);
	}
	if (unwatched)
		want_scan(now + RESCAN_MS);
	if (errno) {
		warn_sys("unable to read directory");
		(void)closedir(d);
		want_scan(now + RESCAN_MS);
		return;
	}
	(void)closedir(d);
	forget_inactive();
}

/* Asks each log supervise to exit once its logger has drained the pipe:
 * closing our write end lets the logger see end of file when the service
 * side is gone too; SIGHUP is daemonbox supervise's `svc -x`. */
static void
release_log(struct service *sv)
{
	if (sv->pipe_w >= 0) {
		(void)close(sv->pipe_w);
		sv->pipe_w = -1;
	}
	if (sv->logpid)
		(void)kill(sv->logpid, SIGHUP);
}

/* When to start again a supervise that started at *started and just
 * died: at once (1 s after its start at the earliest), but one that died
 * within a second (a second supervise on a locked directory, say) only
 * every 5 s, as 0.76's scans would. */
static int64_t
retry_at(int64_t *started)
{
	int64_t now = loop_now();

	if (now - *started < QUICK_DEATH_MS)
		*started = now - RESTART_MS + QUICK_RETRY_MS;
	return *started + RESTART_MS;
}

static void
reap(void)
{
	for (;;) {
		int wstatus;
		pid_t pid = waitpid(-1, &wstatus, WNOHANG);
		size_t i;

		if (pid < 0 && errno == EINTR)
			continue;
		if (pid <= 0)
			return;
		if (prog_pid && pid == prog_pid) {
			prog_pid = 0;
			prog_state = PROG_DONE;
			exit_code = proc_wait_code(wstatus);
			continue;
		}
		for (i = 0; i < used; ++i) {
			struct service *sv = &table[i];
			if (sv->pid == pid) {
				sv->pid = 0;
				if (shutting_down)
					release_log(sv);
				else if (sv->replacing) {
					/* Gone as asked: the next one at once
					 * (1 s after this one's start). */
					sv->replacing = 0;
					sv->kill_at = LOOP_NEVER;
					hand_over(sv);
					want_scan(sv->started + RESTART_MS);
				} else {
					/* Whatever it was handed is read. */
					close_fd(&sv->ctl_fd);
					want_scan(retry_at(&sv->started));
				}
				break;
			}
			if (sv->logpid == pid) {
				sv->logpid = 0;
				if (!shutting_down)
					want_scan(retry_at(&sv->logstarted));
				break;
			}
		}
		/* Anything else is an orphan re-parented to us (init). */
	}
}

static void
begin_shutdown(void)
{
	size_t i;

	shutting_down = 1;
	shutdown_phase = 1;
	scan_at = LOOP_NEVER;
	/* No more scans: stop listening to the directories. */
	if (watch_fd >= 0) {
		for (i = 0; i < used; ++i)
			unwatch(&table[i]);
		(void)close(watch_fd);
		watch_fd = -1;
	}
	for (i = 0; i < used; ++i) {
		struct service *sv = &table[i];
		if (sv->pid)
			(void)kill(sv->pid, SIGTERM);	/* supervise: svc -dx */
		else
			release_log(sv);
	}
	phase_deadline = loop_now() + grace_ms;
}

/* The grace period is over: kill what ignored TERM, give the loggers
 * another grace period to drain, then kill everything left. */
static void
escalate(void)
{
	size_t i;

	if (shutdown_phase == 1) {
		shutdown_phase = 2;
		for (i = 0; i < used; ++i)
			if (table[i].pid)
				(void)control(table[i].name, "", "k");
		phase_deadline = loop_now() + grace_ms;
		return;
	}
	phase_deadline = LOOP_NEVER;
	if (getpid() == 1) {
		(void)kill(-1, SIGKILL);
		return;
	}
	for (i = 0; i < used; ++i) {
		struct service *sv = &table[i];
		if (sv->logpid) {
			(void)control(sv->name, "/log", "k");
			(void)kill(sv->logpid, SIGKILL);
		}
		if (sv->pid)
			(void)kill(sv->pid, SIGKILL);
	}
}

static int
all_exited(void)
{
	size_t i;

	for (i = 0; i < used; ++i)
		if (table[i].pid || table[i].logpid)
			return 0;
	return 1;
}

static void
exec_setup(void *arg)
{
	char **argv = arg;

	child_common();
	execve(argv[0], argv, environ);
	/* As for supervise: a warning, and the child exits 111. */
	warn_sys("unable to run ", argv[0]);
	_exit(DIE_TEMP);
}

/* What svscan exits with when a signal stopped its start-up: what PROG
 * killed by it would have given; without PROG 0, as for the shutdown. */
static int
stop_code(int sig)
{
	return prog_argv ? 128 + sig : 0;
}

/* Marks in *stop the first signal received that stops the start-up
 * (TERM, INT, and QUIT when it is caught for PROG), passing each one on
 * to pid when there is one. */
static void
drain_stop(pid_t pid, int *stop)
{
	sigset_t got;
	size_t i;

	if (sig_drain(&got) <= 0)
		return;
	for (i = 0; i < NSTOPPING; ++i) {
		if (sigismember(&got, forwarded[i]) != 1)
			continue;
		if (!*stop)
			*stop = forwarded[i];
		if (pid > 0)
			(void)kill(pid, forwarded[i]);
	}
}

/* Waits for the setup script pid (path), reaping whatever else exits
 * meanwhile: as process 1 orphans come to svscan already. Returns its
 * wait status. */
static int
wait_setup(pid_t pid, const char *path, int *stop)
{
	struct pollfd pfd;

	pfd.fd = sig_pipe_fd();
	pfd.events = POLLIN;
	for (;;) {
		int wstatus;
		pid_t p = waitpid(-1, &wstatus, WNOHANG);

		if (p == pid)
			return wstatus;
		if (p > 0 || (p < 0 && errno == EINTR))
			continue;
		if (p < 0)
			die_sys(DIE_TEMP, "unable to wait for ", path);
		if (loop_wait(&pfd, 1, LOOP_NEVER) < 0) {
			warn_sys("unable to wait for events");
			loop_pause(RESCAN_MS);
		}
		drain_stop(pid, stop);
	}
}

/* Runs .setup/name if it is an executable file. Returns -1 when the
 * start-up goes on, else the code svscan exits with; a script that fails
 * ends svscan here. */
static int
setup_one(const char *name, int *stop)
{
	char path[PATH_MAX], num[NUM_FMT_ULONG + 1];
	char *argv[2];
	struct stat st;
	pid_t pid;
	int wstatus, code;

	if (subpath(path, SETUP_DIR "/", name, "") < 0 || stat(path, &st) < 0)
		die_sys(DIE_TEMP, "unable to stat ", SETUP_DIR "/", name);
	if (!S_ISREG(st.st_mode))
		return -1;	/* a directory of data for the scripts, say */
	if (access(path, X_OK) < 0) {
		warn_sys("skipping ", path);
		return -1;
	}
	drain_stop(0, stop);	/* one that came between two scripts */
	if (*stop)
		return stop_code(*stop);
	argv[0] = path;
	argv[1] = 0;
	pid = portab_spawn(exec_setup, argv);
	if (pid < 0)
		die_sys(DIE_TEMP, "unable to fork for ", path);
	wstatus = wait_setup(pid, path, stop);
	if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0)
		return *stop ? stop_code(*stop) : -1;
	code = proc_wait_code(wstatus);
	if (WIFSIGNALED(wstatus)) {
		num[num_fmt_ulong(num, (unsigned)WTERMSIG(wstatus))] = 0;
		die_x(code, path, " was killed by signal ", num,
		    ": nothing started");
	}
	num[num_fmt_ulong(num, (unsigned)code)] = 0;
	die_x(code, path, " exited ", num, ": nothing started");
}

/* Init mode: the executables in .setup/, one at a time in the order of
 * their names, before any service starts. Returns -1 when the start-up
 * goes on, else the code svscan exits with. */
static int
run_setup(void)
{
	struct dirlist l;
	size_t i;
	int code = -1, stop = 0;

	if (dirlist_read(SETUP_DIR, &l) < 0) {
		if (errno == ENOENT)
			return -1;
		die_sys(DIE_TEMP, "unable to read ", SETUP_DIR);
	}
	for (i = 0; i < l.n && code < 0; ++i)
		code = setup_one(l.names[i], &stop);
	dirlist_free(&l);
	return code;
}

/* Whether the service in dir (NAME or NAME/log) is as far as PROG waits
 * for it to get: normally down (it has a down file), or up and, when it
 * reports readiness (notification-fd), ready. A status is believed only
 * while it pairs with supervise/xstatus (daemonbox's supervise writes
 * both) and the process it names runs with the start time recorded
 * there: one left by an earlier run (in the image, or before a restart)
 * names a process long gone, or a stranger that got its pid, and the
 * supervise just started may not have written its own yet. Where start
 * times cannot be read (Linux without /proc), a pid in use has to do. */
static int
is_settled(const char *dir)
{
	char path[PATH_MAX];
	enum status_step step;
	struct status st;
	struct stat sb;
	uint64_t began;
	int fd, r;

	if (subpath(path, dir, "/down", "") < 0 || stat(path, &sb) == 0)
		return 1;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	r = status_read(fd, &st, &step);
	(void)close(fd);
	/* Unpaired: read between supervise's two writes (its rename of
	 * status, watched, comes next), or an old status beside a new
	 * xstatus; neither tells the truth. */
	if (r < 0 || !st.extended || !st.pid)
		return 0;
	if ((st.flags & STATUS_NOTIFY) && !(st.flags & STATUS_READY))
		return 0;
	if (starttimes) {
		if (portab_proc_starttime((pid_t)st.pid, &began) < 0)
			return 0;
		return !st.starttime ||
		    portab_starttime_same(st.starttime, began);
	}
	/* Only whether the pid is in use, then. */
	return kill((pid_t)st.pid, 0) == 0 || errno == EPERM;
}

/* Watches dir, for its supervise/ to appear, and that supervise/, where
 * each new status is renamed into place; falls back on polling what
 * cannot be watched (a supervise/ that is a dangling link, say). */
static void
ready_watch(const char *dir, int ids[2])
{
	char sup[PATH_MAX];
	struct stat sb;

	if (ready_fd < 0) {
		ready_poll = 1;
		return;
	}
	if (ids[0] < 0) {
		ids[0] = portab_dirwatch_add(ready_fd, dir, PORTAB_DIRWATCH_NEW);
		if (ids[0] < 0)
			ready_poll = 1;
	}
	if (ids[1] >= 0 || subpath(sup, dir, "/supervise", "") < 0)
		return;
	ids[1] = portab_dirwatch_add(ready_fd, sup, PORTAB_DIRWATCH_NEW);
	if (ids[1] < 0 && (errno != ENOENT || lstat(sup, &sb) == 0))
		ready_poll = 1;
}

/* One event of ready_fd: which service to look at again. */
static void
on_ready_event(void *arg, int id, const char *name)
{
	size_t i;

	(void)arg;
	if (id != PORTAB_DIRWATCH_LOST && name &&
	    strcmp(name, "supervise") != 0 && strcmp(name, "status") != 0)
		return;
	for (i = 0; i < used; ++i) {
		struct service *sv = &table[i];

		if (id == PORTAB_DIRWATCH_LOST || sv->rwatch[0][0] == id ||
		    sv->rwatch[0][1] == id || sv->rwatch[1][0] == id ||
		    sv->rwatch[1][1] == id)
			sv->rcheck = 1;
	}
}

/* Looks again at the services something happened to (all of them where
 * polling). Returns 1 once every service of the scan directory, and its
 * log, is settled and no directory waits to be scanned. */
static int
ready_check(void)
{
	size_t i;
	int all = 1;

	for (i = 0; i < used; ++i) {
		struct service *sv = &table[i];
		int part;

		if (!sv->active)
			continue;
		for (part = 0; part <= (int)sv->has_log; ++part) {
			char dir[PATH_MAX];

			if (sv->settled[part])
				continue;
			if ((sv->rcheck || ready_poll) && subpath(dir, sv->name,
			    part ? "/log" : "", "") == 0) {
				ready_watch(dir, sv->rwatch[part]);
				sv->settled[part] = (unsigned char)is_settled(dir);
			}
			if (!sv->settled[part])
				all = 0;
		}
		sv->rcheck = 0;
	}
	return all && !young_left && settle_at == LOOP_NEVER;
}

/* PROG's child side: a process group of its own, which takes the
 * terminal over when svscan's group had it (so that ^C reaches PROG, and
 * not every supervise), in the directory svscan was started in. The
 * terminal is taken while every signal is still blocked (portab_spawn),
 * so SIGTTOU does not stop it. */
static void
exec_prog(void *arg)
{
	char **argv = arg;

	(void)setpgid(0, 0);
	/* 0: a group outside our pid namespace, which cannot be told from
	 * another such group (process 1 has a group of its own). */
	if (prog_pgid > 0 && tcgetpgrp(0) == prog_pgid)
		(void)tcsetpgrp(0, getpid());
	child_common();
	if (start_dir >= 0 && fchdir(start_dir) < 0) {
		warn_sys("unable to switch back to the starting directory for ",
		    argv[0]);
		_exit(DIE_TEMP);
	}
	(void)proc_execvpe(argv[0], argv, environ, getenv("PATH"));
	warn_sys("unable to run ", argv[0]);
	_exit(DIE_TEMP);
}

static void
start_prog(void)
{
	close_fd(&ready_fd);	/* and every watch on it */
	ready_deadline = LOOP_NEVER;
	prog_state = PROG_RUNNING;
	prog_pgid = getpgrp();
	prog_pid = portab_spawn(exec_prog, prog_argv);
	if (prog_pid > 0)
		return;
	warn_sys("unable to fork for ", prog_argv[0]);
	prog_pid = 0;
	prog_state = PROG_DONE;
	exit_code = DIE_TEMP;
}

/* While PROG waits: starts it once every service is settled, or when
 * SVSCAN_WAIT_MS have passed since the start-up, naming those that are
 * not. */
static void
ready_step(int64_t now)
{
	char ms[NUM_FMT_ULONG + 1];
	size_t i;

	if (!scanned)
		return;
	if (wait_ms && !ready_check()) {
		if (now < ready_deadline)
			return;
		ms[num_fmt_ulong(ms, (unsigned long long)wait_ms)] = 0;
		for (i = 0; i < used; ++i) {
			const struct service *sv = &table[i];

			if (sv->active && !sv->settled[0])
				warn_x(sv->name, " is not ready after ", ms,
				    " ms (SVSCAN_WAIT_MS): starting ",
				    prog_argv[0]);
			if (sv->active && sv->has_log && !sv->settled[1])
				warn_x(sv->name, "/log is not ready after ", ms,
				    " ms (SVSCAN_WAIT_MS): starting ",
				    prog_argv[0]);
		}
	}
	start_prog();
}

/* The signals of one wake-up: a scan asked for; in init mode, what PROG
 * is sent, or what stops svscan. */
static void
on_signals(const sigset_t *got)
{
	size_t i;

	if (sigismember(got, SIGHUP) == 1 || sigismember(got, SIGALRM) == 1)
		want_scan(0);
	if (!init_mode || shutting_down)
		return;
	if (!prog_argv) {
		if (sigismember(got, SIGTERM) == 1 ||
		    sigismember(got, SIGINT) == 1)
			begin_shutdown();
		return;
	}
	for (i = 0; i < NFORWARDED; ++i) {
		int sig = forwarded[i];

		if (sigismember(got, sig) != 1)
			continue;
		if (prog_state == PROG_RUNNING)
			(void)kill(prog_pid, sig);
		else if (prog_state == PROG_WAITING && i < NSTOPPING) {
			/* PROG will not run: as though sig had killed it. */
			prog_state = PROG_DONE;
			exit_code = stop_code(sig);
			close_fd(&ready_fd);
			return;
		}
	}
}

/* A supervisor of thousands of services needs two descriptors per log
 * pipe: take the soft limit up to the hard one. */
static void
raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		nofile_orig = rl;
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			warn_sys("unable to raise the descriptor limit");
		else
			nofile_raised = 1;
	}
}

/* The supervise svscan starts is its own, not whichever PATH finds first
 * (another daemontools' would not shut down in order, nor report
 * readiness, nor take a command before its first start). Run through a
 * link named supervise where there is one, so that ps and pgrep call it
 * that. Found before the chdir, while argv[0] still means what it meant
 * to whoever ran us. */
static void
find_self(const char *argv0)
{
	char self[PATH_MAX], as[PATH_MAX];
	const char *path = getenv("PATH");

	if (portab_self_exe(argv0, path, self, sizeof self) < 0 ||
	    portab_exe_as(self, argv0, path, "supervise", as, sizeof as) < 0 ||
	    !(self_exe = strdup(as)))
		warn_sys("unable to find the daemonbox executable, ",
		    "running supervise through PATH");
}

static void
parse_grace(void)
{
	const char *g = getenv("SVSCAN_GRACE");
	unsigned long secs;

	if (!g)
		return;
	if (num_parse_ulong(g, &secs) < 0 || secs > 86400)
		warn_x("ignoring SVSCAN_GRACE=", g, ": not a number of seconds");
	else
		grace_ms = (int64_t)secs * 1000;
}

static void
parse_test_rescan(void)
{
	const char *r = getenv("SVSCAN_TEST_RESCAN");
	unsigned long secs;

	if (!r)
		return;
	if (num_parse_ulong(r, &secs) < 0 || secs < 1 || secs > 86400)
		warn_x("ignoring SVSCAN_TEST_RESCAN=", r,
		    ": not a number of seconds");
	else
		rescan_ms = (int64_t)secs * 1000;
}

/* SVSCAN_WAIT_MS: how long PROG waits at most for the services. */
static void
parse_wait(void)
{
	const char *w = getenv("SVSCAN_WAIT_MS");
	unsigned long ms;

	if (!w)
		return;
	if (num_parse_ulong(w, &ms) < 0 || ms > 86400000UL)
		warn_x("ignoring SVSCAN_WAIT_MS=", w,
		    ": not a number of milliseconds");
	else
		wait_ms = (int64_t)ms;
}

/* SIGCHLD for the children, SIGHUP and SIGALRM for a scan; in init mode
 * SIGTERM and SIGINT, and with PROG every signal passed on to it. */
static void
catch_signals(void)
{
	size_t i;

	if (sig_pipe_init() < 0)
		die_sys(DIE_TEMP, "unable to create the signal pipe");
	if (sig_catch(SIGCHLD) < 0 || sig_catch(SIGHUP) < 0 ||
	    sig_catch(SIGALRM) < 0 ||
	    (init_mode && (sig_catch(SIGTERM) < 0 || sig_catch(SIGINT) < 0)))
		die_sys(DIE_TEMP, "unable to catch signals");
	for (i = 0; prog_argv && i < NFORWARDED; ++i)
		if (sig_catch(forwarded[i]) < 0)
			die_sys(DIE_TEMP, "unable to catch signals");
}

/* The scan directory's watch, and the one of the services PROG waits
 * for (SVSCAN_WAIT_MS=0: none). */
static void
open_watches(void)
{
	uint64_t t;

	watch_fd = portab_dirwatch_open(0);
	if (watch_fd >= 0) {
		root_watch = portab_dirwatch_add(watch_fd, ".",
		    PORTAB_DIRWATCH_ALL);
		if (root_watch < 0) {
			int e = errno;
			close_fd(&watch_fd);
			errno = e;
		}
	}
	if (watch_fd < 0 && errno != ENOSYS)
		warn_sys("unable to watch the directory, scanning every 5 seconds");
	if (!prog_argv || !wait_ms)
		return;
	ready_deadline = loop_now() + wait_ms;
	starttimes = portab_proc_starttime(getpid(), &t) == 0;
	ready_fd = portab_dirwatch_open(0);
	if (ready_fd < 0) {
		if (errno != ENOSYS)
			warn_sys("unable to watch the services, ",
			    "looking at them every 100 ms");
		ready_poll = 1;
	}
}

/* The loop: scans and timers, PROG's wait, signals, children, directory
 * events. Returns what init mode exits with once the shutdown is done. */
static int
main_loop(void)
{
	struct pollfd pfd[3];

	pfd[0].fd = sig_pipe_fd();
	pfd[0].events = pfd[1].events = pfd[2].events = POLLIN;
	for (;;) {
		sigset_t got;
		int64_t now = loop_now(), deadline;

		if (prog_state == PROG_DONE && !shutting_down)
			begin_shutdown();
		if (shutting_down) {
			if (all_exited())
				return exit_code;
			if (now >= phase_deadline)
				escalate();
			deadline = phase_deadline;
		} else {
			if (now >= loop_min(scan_at, settle_at)) {
				scan();
				continue;
			}
			if (now >= timer_at) {
				run_timers(now);
				continue;
			}
			if (prog_state == PROG_WAITING)
				ready_step(now);
			if (prog_state == PROG_DONE)
				continue;	/* PROG could not be started */
			deadline = loop_min(loop_min(scan_at, settle_at),
			    timer_at);
			if (prog_state == PROG_WAITING)
				deadline = loop_min(deadline, ready_poll ?
				    loop_min(ready_deadline, now + READY_POLL_MS) :
				    ready_deadline);
		}
		pfd[1].fd = shutting_down ? -1 : watch_fd;
		pfd[2].fd = prog_state == PROG_WAITING ? ready_fd : -1;
		if (loop_wait(pfd, 3, deadline) < 0) {
			/* Lasting (EINTR comes back as 0): no spinning, and a
			 * scan now and then stands in for the watch. */
			warn_sys("unable to wait for events");
			loop_pause(RESCAN_MS);
			pfd[1].revents = pfd[2].revents = POLLIN;
		}
		if (sig_drain(&got) > 0)
			on_signals(&got);
		reap();
		if (shutting_down || prog_state == PROG_DONE)
			continue;
		if (pfd[1].fd >= 0 && pfd[1].revents)
			read_events();
		if (pfd[2].fd >= 0 && pfd[2].revents &&
		    portab_dirwatch_read(ready_fd, on_ready_event, 0) < 0) {
			warn_sys("unable to read directory notifications");
			ready_poll = 1;
		}
	}
}

int
svscan_main(int argc, char **argv)
{
	const char *dir = 0;
	int code;

	/* No options in 0.76 (svscan -x means a directory named -x); -i alone
	 * is ours, and PID 1 implies it. */
	if (argc > 1 && !strcmp(argv[1], "-i")) {
		init_mode = 1;
		--argc;
		++argv;
	}
	if (argc > 1)
		dir = argv[1];
	if (getpid() == 1)
		init_mode = 1;
	/* What follows DIR is the main program in init mode; 0.76 ignores
	 * it, and so does svscan outside init mode. */
	if (init_mode && argc > 2) {
		prog_argv = argv + 2;
		prog_state = PROG_WAITING;
	}
	find_self(applet_argv0 ? applet_argv0 : "");
	if (prog_argv && (start_dir = open(".", O_RDONLY | O_CLOEXEC)) < 0)
		warn_sys("unable to open the starting directory, running ",
		    prog_argv[0], " in ", dir);
	if (dir && chdir(dir) < 0)
		die_sys(DIE_TEMP, "unable to chdir to ", dir);
	parse_grace();
	parse_test_rescan();
	if (prog_argv)
		parse_wait();
	raise_fd_limit();
	catch_signals();
	if (init_mode && getpid() != 1 && portab_subreaper() < 0 &&
	    errno != ENOSYS)
		warn_sys("unable to become the reaper of orphans");
	if (init_mode && (code = run_setup()) >= 0)
		return code;
	open_watches();
	return main_loop();
}
