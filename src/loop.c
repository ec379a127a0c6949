/* loop.c - poll() with an absolute monotonic deadline, for the event loops
 * of supervise, svscan and multilog. */

#include <errno.h>
#include <time.h>

#include "loop.h"

int64_t
loop_now(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);	/* cannot fail: valid clock */
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
loop_min(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

void
loop_pause(int64_t ms)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000;
	(void)nanosleep(&ts, 0);	/* EINTR: a signal cut it short, fine */
}

int
loop_wait(struct pollfd *fds, unsigned int n, int64_t deadline)
{
	int timeout = -1, r;
	unsigned int i;

	if (deadline != LOOP_NEVER) {
		int64_t left = deadline - loop_now();
		if (left < 0)
			left = 0;
		/* A day at most per poll: the caller simply waits again. */
		timeout = left > 86400000 ? 86400000 : (int)left;
	}
	r = poll(fds, (nfds_t)n, timeout);
	if (r < 0 && errno == EINTR) {
		for (i = 0; i < n; ++i)
			fds[i].revents = 0;
		return 0;
	}
	return r;
}
