/* svc - send commands to the supervise processes of the given service
 * directories by writing bytes into DIR/supervise/control. */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "applets.h"
#include "die.h"
#include "fifo.h"
#include "loop.h"
#include "opt.h"

/* 0.76's letters, then USR1 and USR2 (daemontools-encore's and runit's
 * spelling). */
#define COMMANDS "udopchaitkx12"
/* How long svc waits for room in a full control fifo (0.76: for ever). */
#define WRITE_WAIT_MS 2000

/* Word for word 0.76's line, which scripts may match; -1 and -2 are in
 * svc.8. */
static const char options[] = "svc options: u up, d down, o once, x exit, "
    "p pause, c continue, h hup, a alarm, i interrupt, t term, k kill";

/* Writes n bytes (n <= PIPE_BUF, so each try is all or nothing) without
 * ever blocking for longer than WRITE_WAIT_MS. */
static int
write_bounded(int fd, const char *buf, size_t n)
{
	int64_t deadline = loop_now() + WRITE_WAIT_MS;

	for (;;) {
		struct pollfd pfd;
		ssize_t w = write(fd, buf, n);

		if (w == (ssize_t)n)
			return 0;
		if (w >= 0) {	/* cannot happen for n <= PIPE_BUF; go on */
			buf += w;
			n -= (size_t)w;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		if (loop_now() >= deadline) {
			errno = ETIMEDOUT;
			return -1;
		}
		pfd.fd = fd;
		pfd.events = POLLOUT;
		if (loop_wait(&pfd, 1, deadline) < 0)
			return -1;
	}
}

static void
control(const char *dir, const char *cmds, size_t n)
{
	int fd;

	if (chdir(dir) < 0) {
		warn_sys("unable to chdir to ", dir);
		return;
	}
	fd = fifo_open_write("supervise/control");
	if (fd < 0) {
		if (errno == ENXIO)
			warn_x("unable to control ", dir, ": supervise not running");
		else
			warn_sys("unable to control ", dir);
		return;
	}
	/* 0.76 writes into a regular file here and reports success. */
	if (fifo_is_fifo(fd) != 1)
		warn_x("unable to control ", dir, ": supervise/control is not a fifo");
	else if (n && write_bounded(fd, cmds, n) < 0)
		warn_sys("error writing commands to ", dir);
	(void)close(fd);	/* nothing is buffered: close cannot lose data */
}

int
svc_main(int argc, char **argv)
{
	char cmds[sizeof COMMANDS] = { 0 };
	size_t n = 0;
	struct opt o;
	int c, cwd;

	opt_init(&o, argc, argv, COMMANDS);
	while ((c = opt_next(&o)) != OPT_END) {
		if (c < 0) {
			(void)opt_complain(&o);
			die_raw(DIE_USAGE, -1, options);
		}
		/* Each command once, in the order of its first appearance. */
		if (!memchr(cmds, c, n))
			cmds[n++] = (char)c;
	}
	(void)signal(SIGPIPE, SIG_IGN);	/* a vanished reader gives EPIPE */
	cwd = open(".", O_RDONLY | O_CLOEXEC);
	if (cwd < 0)
		die_sys(DIE_TEMP, "unable to open current directory");
	for (; o.ind < argc; ++o.ind) {
		control(argv[o.ind], cmds, n);
		if (fchdir(cwd) < 0)
			die_sys(DIE_TEMP, "unable to set directory");
	}
	return 0;
}
