/* envuidgid - run a program with $GID and $UID set to an account's
 * primary gid and uid, without changing any id. */

#include <sys/types.h>

#include "account.h"
#include "applets.h"
#include "die.h"
#include "num.h"
#include "proc.h"

static const char usage[] = "envuidgid account child";

static void
set_number(const char *name, unsigned long long u)
{
	char buf[NUM_FMT_ULONG + 1];

	buf[num_fmt_ulong(buf, u)] = 0;
	if (proc_env_set(name, buf) < 0)
		die_nomem();
}

int
envuidgid_main(int argc, char **argv)
{
	uid_t uid;
	gid_t gid;

	if (argc < 3)
		die_usage(usage);
	if (account_lookup(argv[1], &uid, &gid) < 0)
		die_x(DIE_TEMP, "unknown account ", argv[1]);
	/* GID first, then UID: the order decides where they land in the
	 * environment (spec/README.md, environment edits). */
	set_number("GID", gid);
	set_number("UID", uid);
	proc_exec(argv + 2);
	die_sys(DIE_TEMP, "unable to run ", argv[2]);
}
