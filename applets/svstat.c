/* svstat - print one line per service directory: up or down, for how
 * long, and what supervise has been asked for, from DIR/supervise/status. */

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "applets.h"
#include "die.h"
#include "fifo.h"
#include "num.h"
#include "obuf.h"
#include "status.h"
#include "tai64.h"

static char outbuf[4096];
static struct obuf out;

static void
put_ulong(unsigned long long u)
{
	char buf[NUM_FMT_ULONG];

	obuf_put(&out, buf, num_fmt_ulong(buf, u));
}

/* Prints "DIR: " and the state, or the first failure, as 0.76 does. */
static void
show(const char *dir)
{
	unsigned char buf[STATUS_SIZE];
	struct status s;
	struct stat sb;
	enum status_step step;
	int normally_up, fd;
	ssize_t r;
	uint64_t now, secs;

	obuf_puts(&out, dir);
	obuf_puts(&out, ": ");
	if (chdir(dir) < 0) {
		obuf_puts(&out, "unable to chdir: ");
		goto syserr;
	}
	if (stat("down", &sb) == 0)
		normally_up = 0;
	else if (errno == ENOENT)
		normally_up = 1;
	else {
		obuf_puts(&out, "unable to stat down: ");
		goto syserr;
	}
	fd = fifo_open_write("supervise/ok");
	if (fd < 0) {
		if (errno == ENXIO) {
			obuf_puts(&out, "supervise not running\n");
			return;
		}
		obuf_puts(&out, "unable to open supervise/ok: ");
		goto syserr;
	}
	(void)close(fd);
	r = status_read(buf, sizeof buf, &step);
	if (r < 0) {
		obuf_puts(&out, step == STATUS_STEP_OPEN ?
		    "unable to open supervise/status: " :
		    "unable to read supervise/status: ");
		goto syserr;
	}
	now = tai64_now();
	/* 0.76 prints whatever an impossible record holds; we refuse it. */
	if (status_unpack(&s, buf, (size_t)r) < 0 || status_sane(&s, now) < 0) {
		obuf_puts(&out, "unable to read supervise/status: bad format\n");
		return;
	}
	secs = now >= s.changed.sec ? now - s.changed.sec : 0;
	if (s.pid) {
		obuf_puts(&out, "up (pid ");
		put_ulong(s.pid);
		obuf_puts(&out, ") ");
	} else
		obuf_puts(&out, "down ");
	put_ulong(secs);
	obuf_puts(&out, " seconds");
	if (s.pid && !normally_up)
		obuf_puts(&out, ", normally down");
	if (!s.pid && normally_up)
		obuf_puts(&out, ", normally up");
	if (s.pid && s.paused)
		obuf_puts(&out, ", paused");
	if (!s.pid && s.want == 'u')
		obuf_puts(&out, ", want up");
	if (s.pid && s.want == 'd')
		obuf_puts(&out, ", want down");
	obuf_putc(&out, '\n');
	return;
syserr:
	obuf_puts(&out, die_errstr(errno));
	obuf_putc(&out, '\n');
}

int
svstat_main(int argc, char **argv)
{
	int cwd, i;

	obuf_init(&out, 1, outbuf, sizeof outbuf);
	cwd = open(".", O_RDONLY | O_CLOEXEC);
	if (cwd < 0)
		die_sys(DIE_TEMP, "unable to open current directory");
	/* No options: every argument is a directory, as in 0.76. */
	for (i = 1; i < argc; ++i) {
		show(argv[i]);
		if (fchdir(cwd) < 0)
			die_sys(DIE_TEMP, "unable to set directory");
	}
	if (obuf_flush(&out) < 0)
		die_sys(DIE_TEMP, "unable to write output");
	return 0;
}
