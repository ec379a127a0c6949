/* softlimit - lower soft resource limits, then run a program. Each option
 * is applied as soon as it is parsed, left to right, so the last of a
 * repeated option wins. */

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>

#include "applets.h"
#include "die.h"
#include "num.h"
#include "opt.h"
#include "portab.h"
#include "proc.h"

static const char usage[] = "softlimit [-a allbytes] [-c corebytes] "
    "[-d databytes] [-f filebytes] [-l lockbytes] [-m membytes] "
    "[-o openfiles] [-p processes] [-r residentbytes] [-s stackbytes] "
    "[-t cpusecs] child";

/* "=" is the hard limit; otherwise decimal digits only, and the empty
 * string means 0 (both as in 0.76). A value too large for an unsigned long
 * becomes the largest one and so the hard limit: 0.76 wrapped it around
 * modulo 2^64 instead (docs/softlimit.8, COMPATIBILITY). */
static void
apply(char letter, const char *arg)
{
	int res[PORTAB_RLIMIT_MAX];
	size_t n, i;
	unsigned long v = 0;
	int to_hard = !strcmp(arg, "=");
	struct rlimit r;

	if (!to_hard && *arg && num_parse_ulong(arg, &v) < 0) {
		if (errno != ERANGE)
			die_usage(usage);
		v = ~0UL;
	}
	n = portab_rlimits(letter, res);
	for (i = 0; i < n; ++i) {
		if (getrlimit(res[i], &r) < 0)
			die_sys(DIE_TEMP, "getrlimit failed");
		/* The hard limit is never raised or lowered; the soft one is
		 * clamped to it silently. rlim_t is signed on FreeBSD, but a
		 * hard limit is never negative. */
		if (to_hard || (uintmax_t)v > (uintmax_t)r.rlim_max)
			r.rlim_cur = r.rlim_max;
		else
			r.rlim_cur = (rlim_t)v;
		if (setrlimit(res[i], &r) < 0)
			die_sys(DIE_TEMP, "setrlimit failed");
	}
}

int
softlimit_main(int argc, char **argv)
{
	struct opt o;
	int c;

	opt_init(&o, argc, argv, "a:c:d:f:l:m:o:p:r:s:t:");
	while ((c = opt_next(&o)) != OPT_END) {
		if (c < 0) {
			(void)opt_complain(&o);	/* stderr gone: usage follows */
			die_usage(usage);
		}
		apply((char)c, o.arg);
	}
	if (o.ind >= argc)
		die_usage(usage);
	proc_exec(argv + o.ind);
	die_sys(DIE_TEMP, "unable to run ", argv[o.ind]);
}
