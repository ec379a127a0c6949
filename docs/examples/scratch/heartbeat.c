/* heartbeat - the one service of the FROM scratch example image
 * (docs/examples/Dockerfile.scratch), a program rather than a script
 * because that image has no shell. It reports readiness on descriptor 3
 * (the directory's notification-fd says 3), then writes a line every
 * HEARTBEAT_SECONDS seconds (default 5) to its standard output, which
 * svscan gives it from its own: the container's, what `docker logs`
 * shows. SIGTERM (svc -d, the shutdown) ends it at once with exit 0.
 * Plain write(2), no stdio, to stay a few kilobytes when linked
 * statically: musl-gcc -static -Os -s -o heartbeat heartbeat.c */

#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

/* Appends s to line at *len (room is left for the rest). */
static void
put(char *line, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (n > 32)
		n = 32;
	memcpy(line + *len, s, n);
	*len += n;
}

/* Writes one line: "heartbeat: " what n tail, n in decimal. */
static void
say(const char *what, long n, const char *tail)
{
	char line[128], digits[24];
	size_t len = 0, d = 0;

	put(line, &len, "heartbeat: ");
	put(line, &len, what);
	do
		digits[d++] = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	while (d > 0)
		line[len++] = digits[--d];
	put(line, &len, tail);
	line[len++] = '\n';
	(void)write(1, line, len);	/* nowhere to complain to */
}

int
main(void)
{
	const char *env = getenv("HEARTBEAT_SECONDS");
	long secs = env ? strtol(env, 0, 10) : 5, beats = 0;
	struct sigaction sa;
	sigset_t term, others;

	if (secs < 1)
		secs = 5;
	/* TERM stays blocked but while pselect() waits, so it is not missed
	 * between a look at stop and the wait. */
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigprocmask(SIG_BLOCK, &term, &others);
	sigdelset(&others, SIGTERM);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, 0);
	say("started as pid ", (long)getpid(), "");
	/* Ready: one newline on the notification descriptor, then closed.
	 * Run by hand, without it, the write fails and nothing happens. */
	if (write(3, "\n", 1) == 1)
		(void)close(3);
	while (!stop) {
		struct timespec ts;

		say("beat ", ++beats, "");
		ts.tv_sec = secs;
		ts.tv_nsec = 0;
		(void)pselect(0, 0, 0, 0, &ts, &others);
	}
	say("stopped after ", beats, " beats");
	return 0;
}
