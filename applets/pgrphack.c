/* pgrphack - run a program as the leader of a new session and process
 * group. */

#include <unistd.h>

#include "applets.h"
#include "die.h"
#include "proc.h"

static const char usage[] = "pgrphack child";

int
pgrphack_main(int argc, char **argv)
{
	if (argc < 2)
		die_usage(usage);
	(void)setsid();	/* fails only if already a group leader; 0.76 goes on */
	proc_exec(argv + 1);
	die_sys(DIE_TEMP, "unable to run ", argv[1]);
}
