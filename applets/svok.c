/* svok - exit 0 if supervise is running on DIR, 100 if it is not. */

#include <errno.h>
#include <unistd.h>

#include "applets.h"
#include "die.h"
#include "fifo.h"

static const char usage[] = "svok dir";

int
svok_main(int argc, char **argv)
{
	int fd;

	if (argc < 2)
		die_usage(usage);
	/* Arguments after DIR are ignored, as in daemontools 0.76. */
	if (chdir(argv[1]) < 0)
		die_sys(DIE_TEMP, "unable to chdir to ", argv[1]);
	fd = fifo_open_write("supervise/ok");
	if (fd < 0) {
		if (errno == ENXIO || errno == ENOENT)
			return 100;
		die_sys(DIE_TEMP, "unable to open ", argv[1], "/supervise/ok");
	}
	(void)close(fd);	/* nothing was written */
	return 0;
}
