/* readproctitle - show the most recent bytes of stdin in the process title
 * (in place of the last argument), as svscanboot uses it for errors. */

#include <string.h>

#include "applets.h"
#include "fd.h"

int
readproctitle_main(int argc, char **argv)
{
	char buf[512];
	char *title;
	size_t len, keep;

	/* 0.76 exits 100 without a message on bad arguments. */
	if (argc < 2)
		return 100;
	title = argv[argc - 1];
	len = strlen(title);
	if (len < 5)
		return 100;
	memset(title, '.', len);
	/* The first 3 bytes stay '.'; the other len - 3 show the tail. */
	keep = len - 3;
	for (;;) {
		ssize_t r = fd_read(0, buf, sizeof buf);
		size_t i, m;

		if (r <= 0)
			return r < 0 ? 111 : 0;
		/* The original reads a byte at a time, skips NULs and shifts
		 * each byte in on the right; doing a block at once ends in
		 * the same title. */
		for (i = m = 0; i < (size_t)r; ++i)
			if (buf[i])
				buf[m++] = buf[i];
		if (m >= keep) {
			memcpy(title + 3, buf + m - keep, keep);
		} else {
			memmove(title + 3, title + 3 + m, keep - m);
			memcpy(title + len - m, buf, m);
		}
	}
}
