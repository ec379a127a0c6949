/* sig.c - the self-pipe and signal disposition helpers for the daemons
 * (supervise, svscan, multilog): handlers only write a byte. */

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "fd.h"
#include "sig.h"

/* NSIG is not in POSIX: without it, a bound above every signal number of
 * the systems built for (Linux 64, FreeBSD 128). */
#ifdef NSIG
#define SIG_LIMIT NSIG
#else
#define SIG_LIMIT 129
#endif

static int pipe_fds[2] = { -1, -1 };
static sigset_t caught;
static int caught_init;

static void
handler(int sig)
{
	int saved = errno;
	unsigned char c = (unsigned char)sig;

	/* A full pipe already guarantees a wake-up; the byte can be lost. */
	if (write(pipe_fds[1], &c, 1) < 0)
		errno = saved;
	errno = saved;
}

int
sig_pipe_init(void)
{
	if (pipe(pipe_fds) < 0)
		return -1;
	if (fd_cloexec(pipe_fds[0]) < 0 || fd_cloexec(pipe_fds[1]) < 0 ||
	    fd_nonblock(pipe_fds[0]) < 0 || fd_nonblock(pipe_fds[1]) < 0) {
		int e = errno;
		close(pipe_fds[0]);
		close(pipe_fds[1]);
		pipe_fds[0] = pipe_fds[1] = -1;
		errno = e;
		return -1;
	}
	return pipe_fds[0];
}

int
sig_pipe_fd(void)
{
	return pipe_fds[0];
}

static int
set_action(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	return sigaction(sig, &sa, 0);
}

int
sig_catch(int sig)
{
	int flags = SA_RESTART;

	if (!caught_init) {
		sigemptyset(&caught);
		caught_init = 1;
	}
	if (sig == SIGCHLD)
		flags |= SA_NOCLDSTOP;
	if (set_action(sig, handler, flags) < 0)
		return -1;
	sigaddset(&caught, sig);
	return 0;
}

int
sig_is_ignored(int sig)
{
	struct sigaction sa;

	if (sigaction(sig, 0, &sa) < 0)
		return 0;
	return sa.sa_handler == SIG_IGN;
}

int
sig_drain(sigset_t *got)
{
	unsigned char buf[64];
	int total = 0;

	sigemptyset(got);
	for (;;) {
		ssize_t r = read(pipe_fds[0], buf, sizeof buf);
		ssize_t i;

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		for (i = 0; i < r; ++i)
			if (buf[i] > 0 && buf[i] < SIG_LIMIT)
				sigaddset(got, buf[i]);
		total += (int)r;
		if ((size_t)r < sizeof buf)
			break;	/* that was all: no second read to learn it */
	}
	return total;
}

void
sig_child_reset(void)
{
	sigset_t empty;
	int s;

	if (caught_init)
		for (s = 1; s < SIG_LIMIT; ++s)
			if (sigismember(&caught, s) == 1)
				(void)set_action(s, SIG_DFL, 0);
	sigemptyset(&empty);
	(void)sigprocmask(SIG_SETMASK, &empty, 0);
}
