/* svwait - wait until every service directory given is up, up and ready,
 * down, down with ./finish done, or has no supervise any more. Woken by
 * the rename that publishes each new supervise/status (inotify, kqueue),
 * and by supervise/ok losing its reader; it never polls on a timer where
 * either exists. */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "applets.h"
#include "die.h"
#include "fifo.h"
#include "loop.h"
#include "num.h"
#include "opt.h"
#include "portab.h"
#include "status.h"
#include "tai64.h"

static const char usage[] = "svwait [ -u | -U | -d | -D | -x ] [ -t ms ] dir ...";

#define FALLBACK_POLL_MS 100	/* only where there is no dirwatch, or no
				 * supervise yet (-t) */

/* With -t, a supervise not running yet is waited for (a service just
 * linked into a scan directory); without, that is an error. */
static int patient;

struct target {
	const char *name;
	int dirfd;	/* the service directory */
	int watch;	/* dirwatch of DIR/supervise, or -1 */
	int ok;		/* write end of DIR/supervise/ok, or -1 */
	int absent;	/* no supervise yet (patient only) */
	int done;
};

/* Whether dir is where `want` asks; -1 (errno set, *what the step) when
 * it cannot be told. */
static int
reached(struct target *t, int want, const char **what)
{
	enum status_step step;
	struct status s;

	if (fchdir(t->dirfd) < 0) {
		*what = "unable to switch to ";
		return -1;
	}
	if (want == 'x') {
		/* Gone when nobody reads supervise/ok; the descriptor kept
		 * open reports POLLERR the moment that happens, even when
		 * supervise is killed and writes no last status. */
		if (t->ok >= 0)
			return 0;
		t->ok = fifo_open_write("supervise/ok");
		if (t->ok >= 0)
			return 0;
		if (errno == ENXIO || errno == ENOENT)
			return 1;
		*what = "unable to open supervise/ok in ";
		return -1;
	}
	if (t->ok < 0) {
		/* A supervise/ made since the start gets its watch now,
		 * still before the look. */
		if (t->watch < 0)
			t->watch = portab_dirwatch_open("supervise");
		t->ok = fifo_open_write("supervise/ok");
		t->absent = 0;
		if (t->ok < 0) {
			if (errno == ENXIO || errno == ENOENT) {
				if (patient) {
					t->absent = 1;
					return 0;
				}
				errno = ESRCH;
			}
			*what = "unable to wait for ";
			return -1;
		}
	}
	if (status_read(t->dirfd, &s, &step) < 0) {
		*what = "unable to read supervise/status in ";
		return -1;
	}
	switch (want) {
	case 'u':
		return s.pid != 0;
	case 'U':
		/* Without notification-fd, up is as ready as it gets. */
		return s.pid != 0 && (!(s.flags & STATUS_NOTIFY) ||
		    (s.flags & STATUS_READY));
	case 'd':
		return s.pid == 0;
	default:	/* 'D' */
		return s.pid == 0 && s.run != STATUS_RUN_FINISH;
	}
}

/* Opens every directory and sets up its watch before the first look, so
 * that no change falls between. */
static struct target *
open_targets(char **names, int n)
{
	struct target *t = calloc((size_t)n, sizeof *t);
	int i, cwd;

	if (!t)
		die_nomem();
	cwd = open(".", O_RDONLY | O_CLOEXEC);
	if (cwd < 0)
		die_sys(DIE_TEMP, "unable to open current directory");
	for (i = 0; i < n; ++i) {
		t[i].name = names[i];
		t[i].ok = -1;
		if (fchdir(cwd) < 0)
			die_sys(DIE_TEMP, "unable to set directory");
		t[i].dirfd = open(t[i].name, O_RDONLY | O_CLOEXEC);
		if (t[i].dirfd < 0)
			die_sys(DIE_TEMP, "unable to open ", t[i].name);
		if (fchdir(t[i].dirfd) < 0)
			die_sys(DIE_TEMP, "unable to switch to ", t[i].name);
		t[i].watch = portab_dirwatch_open("supervise");
	}
	(void)close(cwd);
	return t;
}

/* Looks at every directory not yet done; fills pfd with what to wait on
 * for the others (their watch, or a fallback deadline in *wait_until, and
 * their supervise/ok). Returns how many are left. */
static int
look(struct target *t, int n, int want, struct pollfd *pfd, int *np,
    int64_t *wait_until)
{
	int i, left = 0;

	*np = 0;
	for (i = 0; i < n; ++i) {
		const char *what;
		int r;

		if (t[i].done)
			continue;
		if (t[i].watch >= 0)
			(void)portab_dirwatch_drain(t[i].watch);
		r = reached(&t[i], want, &what);
		if (r < 0) {
			if (errno == ESRCH)
				die_x(DIE_TEMP, what, t[i].name,
				    ": supervise not running");
			die_sys(DIE_TEMP, what, t[i].name);
		}
		if (r) {
			t[i].done = 1;
			continue;
		}
		++left;
		if (t[i].absent) {
			/* Nothing tells when a supervise starts reading ok. */
			*wait_until = loop_min(*wait_until,
			    loop_now() + FALLBACK_POLL_MS);
			continue;
		}
		if (t[i].watch >= 0) {
			pfd[*np].fd = t[i].watch;
			pfd[(*np)++].events = POLLIN;
		} else
			*wait_until = loop_min(*wait_until,
			    loop_now() + FALLBACK_POLL_MS);
		/* supervise/ok reports POLLERR once its reader is gone. */
		pfd[*np].fd = t[i].ok;
		pfd[(*np)++].events = 0;
	}
	return left;
}

/* Exits 1, naming the directories not done. */
static void
time_out(const struct target *t, int n)
{
	char list[1024];
	size_t len = 0;
	int i;

	for (i = 0; i < n; ++i) {
		size_t l = strlen(t[i].name);
		if (t[i].done || len + l + 2 > sizeof list)
			continue;
		list[len++] = ' ';
		memcpy(list + len, t[i].name, l);
		len += l;
	}
	list[len] = 0;
	die_x(1, "timed out waiting for", list);
}

/* The supervise behind ok is gone: done for -x, fatal otherwise. */
static void
lost(struct target *t, int n, int want, int ok)
{
	int k;

	for (k = 0; k < n; ++k) {
		if (t[k].ok != ok || t[k].done)
			continue;
		if (want != 'x')
			die_x(DIE_TEMP, "unable to wait for ", t[k].name,
			    ": supervise not running");
		t[k].done = 1;
	}
}

int
svwait_main(int argc, char **argv)
{
	struct opt o;
	struct target *t;
	struct pollfd *pfd;
	int c, want = 'u', n, i;
	int64_t deadline = LOOP_NEVER;
	unsigned long ms;

	opt_init(&o, argc, argv, "uUdDxt:");
	while ((c = opt_next(&o)) != OPT_END) {
		switch (c) {
		case 'u': case 'U': case 'd': case 'D': case 'x':
			want = c;
			break;
		case 't':
			if (num_parse_ulong(o.arg, &ms) < 0)
				die_usage(usage);
			deadline = loop_now() + (int64_t)ms;
			patient = 1;
			break;
		default:
			(void)opt_complain(&o);
			die_usage(usage);
		}
	}
	n = argc - o.ind;
	if (n <= 0)
		die_usage(usage);
	pfd = calloc(2 * (size_t)n, sizeof *pfd);
	if (!pfd)
		die_nomem();
	t = open_targets(argv + o.ind, n);
	for (;;) {
		int64_t wait_until = deadline;
		int np;

		if (!look(t, n, want, pfd, &np, &wait_until)) {
			free(pfd);
			free(t);
			return 0;
		}
		if (loop_now() >= deadline)
			time_out(t, n);
		if (loop_wait(pfd, (unsigned)np, wait_until) < 0)
			die_sys(DIE_TEMP, "unable to wait");
		for (i = 0; i < np; ++i)
			if (pfd[i].events == 0 && pfd[i].fd >= 0 &&
			    (pfd[i].revents & (POLLERR | POLLHUP)))
				lost(t, n, want, pfd[i].fd);
	}
}
