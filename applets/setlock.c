/* setlock - open FILE, take an exclusive lock on it, and run a program
 * that inherits the locked descriptor (the lock lasts until the program
 * and all its children have closed it). */

#include "applets.h"
#include "die.h"
#include "lock.h"
#include "opt.h"
#include "proc.h"

static const char usage[] = "setlock [ -nNxX ] file program [ arg ... ]";

int
setlock_main(int argc, char **argv)
{
	struct opt o;
	int c, fd, nowait = 0, quiet = 0;
	const char *file;

	opt_init(&o, argc, argv, "nNxX");
	while ((c = opt_next(&o)) != OPT_END) {
		switch (c) {
		case 'n': nowait = 1; break;
		case 'N': nowait = 0; break;
		case 'x': quiet = 1; break;
		case 'X': quiet = 0; break;
		default:
			(void)opt_complain(&o);	/* stderr gone: usage follows */
			die_usage(usage);
		}
	}
	if (argc - o.ind < 2)
		die_usage(usage);
	file = argv[o.ind];
	/* Not close-on-exec: the program must hold the lock. 0.76 opens it
	 * non-blocking and leaves it so. */
	fd = lock_open(file, LOCK_OPEN_NONBLOCK);
	if (fd < 0) {
		if (quiet)
			return 0;	/* -x: exit 0 silently, as 0.76 does */
		die_sys(DIE_TEMP, "unable to open ", file);
	}
	if ((nowait ? lock_exnb(fd) : lock_ex(fd)) < 0) {
		if (quiet)
			return 0;	/* -x: exit 0 silently, as 0.76 does */
		die_sys(DIE_TEMP, "unable to lock ", file);
	}
	/* -x does not cover this failure (0.76: "unable to run", 111). */
	proc_exec(argv + o.ind + 1);
	die_sys(DIE_TEMP, "unable to run ", argv[o.ind + 1]);
}
