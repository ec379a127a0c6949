/* loop.h - waiting on descriptors until an absolute deadline on the
 * monotonic clock: poll(2) underneath, no periodic wake-ups. Deadlines are
 * milliseconds from loop_now(); LOOP_NEVER waits without a timeout.
 * Used by supervise, svscan and multilog. */
#ifndef DAEMONBOX_LOOP_H
#define DAEMONBOX_LOOP_H

#include <poll.h>
#include <stdint.h>

#define LOOP_NEVER INT64_MAX

/* Milliseconds on CLOCK_MONOTONIC (never steps with the wall clock). */
int64_t loop_now(void);

/* Polls fds until one is ready or the deadline passes. Returns the number
 * of ready descriptors, 0 when the deadline passed or a signal interrupted
 * the wait (revents are then cleared), or -1 with errno on other errors. */
int loop_wait(struct pollfd *fds, unsigned int n, int64_t deadline);

/* Waits ms milliseconds, less when a signal arrives. Only for a loop
 * whose loop_wait() keeps failing (a lasting error: EINTR never gets
 * there), so that it retries at a walking pace instead of spinning. */
void loop_pause(int64_t ms);

/* The earlier of two deadlines. */
int64_t loop_min(int64_t a, int64_t b);

#endif
