/* setuidgid - run a program with the uid, gid and (only) group of an
 * account; the environment, directory and descriptors stay as they are. */

#include <sys/types.h>

#include "account.h"
#include "applets.h"
#include "die.h"
#include "proc.h"

static const char usage[] = "setuidgid account child";

int
setuidgid_main(int argc, char **argv)
{
	enum account_step step;
	uid_t uid;
	gid_t gid;

	if (argc < 3)
		die_usage(usage);
	if (account_lookup(argv[1], &uid, &gid) < 0)
		die_x(DIE_TEMP, "unknown account ", argv[1]);
	if (account_drop(uid, gid, &step) < 0) {
		switch (step) {
		case ACCOUNT_SETGROUPS:
			/* 0.76 words a setgroups failure as setgid's: it sets
			 * both in one step. Kept for scripts that match it. */
		case ACCOUNT_SETGID:
			die_sys(DIE_TEMP, "unable to setgid");
		case ACCOUNT_SETUID:
			die_sys(DIE_TEMP, "unable to setuid");
		case ACCOUNT_VERIFY:
		default:
			die_x(DIE_TEMP, "unable to setuid: ",
			    "privileges could be regained");
		}
	}
	proc_exec(argv + 2);
	die_sys(DIE_TEMP, "unable to run ", argv[2]);
}
