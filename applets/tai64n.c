/* tai64n - copy stdin to stdout, putting a TAI64N label ("@" + 24 hex
 * digits) and a space in front of every line. */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "applets.h"
#include "die.h"
#include "obuf.h"
#include "tai64.h"

/* Busy logs go through here: read and write in big blocks. */
/* Taken from the heap at start: as static arrays they would sit in every
 * daemonbox process's address space next to supervise's few variables. */
#define INBUF_SIZE 65536
#define OUTBUF_SIZE 131072
static char *inbuf;

int
tai64n_main(int argc, char **argv)
{
	struct obuf out;
	struct tai64n now;
	char label[TAI64N_LABEL_LEN + 1];
	int at_start = 1;

	/* Arguments are ignored, as in daemontools 0.76. */
	(void)argc;
	(void)argv;
	inbuf = malloc(INBUF_SIZE + OUTBUF_SIZE);
	if (!inbuf)
		die_nomem();
	obuf_init(&out, 1, inbuf + INBUF_SIZE, OUTBUF_SIZE);
	for (;;) {
		const char *p, *end;
		ssize_t r;

		/* I/O errors end the tool silently with 111. */
		r = obuf_flush_read(&out, 0, inbuf, INBUF_SIZE);
		if (r <= 0)
			return r < 0 ? 111 : 0;
		/* Every line that begins in this block was first seen now. */
		tai64n_now(&now);
		tai64n_fmt(label, &now);
		label[TAI64N_LABEL_LEN] = ' ';
		for (p = inbuf, end = inbuf + r; p < end;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			const char *q = nl ? nl + 1 : end;

			if (at_start && obuf_put(&out, label, sizeof label) < 0)
				return 111;
			if (obuf_put(&out, p, (size_t)(q - p)) < 0)
				return 111;
			/* A final line without '\n' gets no newline added. */
			at_start = nl != 0;
			p = q;
		}
	}
}
