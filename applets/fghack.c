/* fghack - run a program that puts itself in the background and wait
 * until it and everything it left behind have closed a pipe. */

#include <errno.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "applets.h"
#include "die.h"
#include "proc.h"

static const char usage[] = "fghack child";

/* Copies of the pipe's write end given to the child, on top of the
 * original: 0.76's count, so with 0-2 open the child holds fds 3-33. */
#define FGHACK_DUPS 30

int
fghack_main(int argc, char **argv)
{
	char buf[64];
	int pi[2];
	int i, st;
	pid_t pid;

	if (argc < 2)
		die_usage(usage);
	if (pipe(pi) < 0)
		die_sys(DIE_TEMP, "unable to create pipe");
	pid = fork();
	if (pid < 0)
		die_sys(DIE_TEMP, "unable to fork");
	if (pid == 0) {
		(void)close(pi[0]);	/* our own fresh descriptor */
		/* Lowest free numbers, so descriptors a daemon closes
		 * "all of" still leave some of these open. A failed dup
		 * only means fewer copies. */
		for (i = 0; i < FGHACK_DUPS; ++i)
			(void)dup(pi[1]);
		proc_exec(argv + 1);
		die_sys(DIE_TEMP, "unable to run ", argv[1]);
	}
	(void)close(pi[1]);	/* else EOF would never come */
	for (;;) {
		ssize_t r = read(pi[0], buf, sizeof buf);

		if (r == 0)
			break;
		if (r < 0 && errno != EINTR)
			break;	/* cannot wait for EOF; wait for the child */
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die_sys(DIE_TEMP, "wait failed");
	if (!WIFEXITED(st))
		die_x(DIE_TEMP, "child crashed");
	return WEXITSTATUS(st);
}
