/* svscan - start and keep running one supervise per service directory
 * found in DIR, plus one for its log/ subdirectory, joined by a pipe that
 * svscan holds open so neither side's restart loses the stream. Scans on
 * directory-change notification (5-second rescans only where there is
 * none), watches each service without a log for one to appear (and then
 * replaces its supervise by one that writes into the new pipe), restarts
 * a dead supervise at once, and with -i (or as PID 1) acts as a container
 * init: reaps orphans and shuts every service down in order on SIGTERM or
 * SIGINT. */

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

	sig_child_reset();
	/* The raised descriptor limit is svscan's own business. */
	if (nofile_raised)
		(void)setrlimit(RLIMIT_NOFILE, &nofile_orig);
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

int
svscan_main(int argc, char **argv)
{
	struct pollfd pfd[2];
	unsigned int npfd = 1;
	const char *dir = 0;

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
	find_self(applet_argv0 ? applet_argv0 : "");
	if (dir && chdir(dir) < 0)
		die_sys(DIE_TEMP, "unable to chdir to ", dir);
	parse_grace();
	parse_test_rescan();
	raise_fd_limit();
	if (sig_pipe_init() < 0)
		die_sys(DIE_TEMP, "unable to create the signal pipe");
	if (sig_catch(SIGCHLD) < 0 || sig_catch(SIGHUP) < 0 ||
	    sig_catch(SIGALRM) < 0 ||
	    (init_mode && (sig_catch(SIGTERM) < 0 || sig_catch(SIGINT) < 0)))
		die_sys(DIE_TEMP, "unable to catch signals");
	if (init_mode && getpid() != 1 && portab_subreaper() < 0 &&
	    errno != ENOSYS)
		warn_sys("unable to become the reaper of orphans");
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
	pfd[0].fd = sig_pipe_fd();
	pfd[0].events = POLLIN;
	if (watch_fd >= 0) {
		pfd[1].fd = watch_fd;
		pfd[1].events = POLLIN;
		npfd = 2;
	}
	for (;;) {
		sigset_t got;
		int64_t deadline = shutting_down ? phase_deadline :
		    loop_min(loop_min(scan_at, settle_at), timer_at);

		if (!shutting_down && loop_now() >= deadline) {
			if (loop_now() >= loop_min(scan_at, settle_at))
				scan();
			else
				run_timers(loop_now());
			continue;
		}
		if (shutting_down)
			npfd = 1;
		if (loop_wait(pfd, npfd, deadline) < 0) {
			/* Lasting (EINTR comes back as 0): no spinning, and a
			 * scan now and then stands in for the watch. */
			warn_sys("unable to wait for events");
			loop_pause(RESCAN_MS);
			pfd[1].revents = POLLIN;
		}
		if (sig_drain(&got) > 0) {
			if (sigismember(&got, SIGHUP) == 1 ||
			    sigismember(&got, SIGALRM) == 1)
				want_scan(0);
			if (init_mode && !shutting_down &&
			    (sigismember(&got, SIGTERM) == 1 ||
			    sigismember(&got, SIGINT) == 1))
				begin_shutdown();
		}
		reap();
		if (shutting_down) {
			if (all_exited())
				return 0;
			if (loop_now() >= phase_deadline)
				escalate();
			continue;
		}
		if (npfd == 2 && pfd[1].revents)
			read_events();
	}
}
