/* svstat - print one line per service directory: up or down, for how
 * long, and what supervise has been asked for, from DIR/supervise/status.
 * With -j, one JSON object per directory instead, for monitoring. */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "applets.h"
#include "die.h"
#include "fifo.h"
#include "num.h"
#include "obuf.h"
#include "status.h"
#include "tai64.h"

static struct obuf out;	/* its buffer is on svstat_main's stack */
static int json;

static void
put(const char *s)
{
	obuf_puts(&out, s);
}

static void
put_ulong(unsigned long long u)
{
	char buf[NUM_FMT_ULONG];

	obuf_put(&out, buf, num_fmt_ulong(buf, u));
}

/* A JSON string: quotes, backslashes and control bytes escaped; other
 * bytes as they are. */
static void
put_json_string(const char *s)
{
	static const char hex[] = "0123456789abcdef";

	obuf_putc(&out, '"');
	for (; *s; ++s) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			obuf_putc(&out, '\\');
			obuf_putc(&out, (char)c);
		} else if (c < 0x20) {
			char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			obuf_put(&out, esc, sizeof esc);
		} else
			obuf_putc(&out, (char)c);
	}
	obuf_putc(&out, '"');
}

static void
json_field(const char *name)
{
	put(",\"");
	put(name);
	put("\":");
}

static void
json_bool(const char *name, int v)
{
	json_field(name);
	put(v ? "true" : "false");
}

static void
json_ulong(const char *name, unsigned long long v)
{
	json_field(name);
	put_ulong(v);
}

/* What went wrong, with the 0.76 wording: "DIR: TEXT" or, in JSON,
 * {"service":DIR,"supervise":false|null,"error":TEXT}. */
static void
failure(const char *dir, const char *what, const char *err, int running)
{
	if (!json) {
		put(dir);
		put(": ");
		put(what);
		if (err) {
			put(": ");
			put(err);
		}
		obuf_putc(&out, '\n');
		return;
	}
	put("{\"service\":");
	put_json_string(dir);
	json_field("supervise");
	put(running < 0 ? "null" : running ? "true" : "false");
	json_field("error");
	if (err) {
		char msg[256];
		size_t wl = strlen(what), el = strlen(err);
		if (wl + el + 3 > sizeof msg)
			el = wl = 0;
		/* err brings the NUL.
		 * NOLINTBEGIN(bugprone-not-null-terminated-result) */
		memcpy(msg, what, wl);
		memcpy(msg + wl, ": ", 2);
		/* NOLINTEND(bugprone-not-null-terminated-result) */
		memcpy(msg + wl + 2, err, el + 1);
		put_json_string(wl ? msg : what);
	} else
		put_json_string(what);
	put("}\n");
}

static uint64_t
age(uint64_t now, uint64_t then)
{
	return now >= then ? now - then : 0;
}

/* The 0.76 line; the extra words appear only for services that use the
 * features behind them (their flags are never set otherwise). */
static void
show_text(const char *dir, const struct status *s, int normally_up,
    uint64_t now)
{
	put(dir);
	put(": ");
	if (s->pid) {
		put("up (pid ");
		put_ulong(s->pid);
		put(") ");
	} else
		put("down ");
	put_ulong(age(now, s->changed.sec));
	put(" seconds");
	if (s->pid && (s->flags & STATUS_READY)) {
		put(", ready ");
		put_ulong(age(now, s->ready.sec));
		put(" seconds");
	}
	if (s->pid && !normally_up)
		put(", normally down");
	if (!s->pid && normally_up)
		put(", normally up");
	if (s->pid && s->paused)
		put(", paused");
	if (!s->pid && s->want == 'u')
		put(", want up");
	if (s->pid && s->want == 'd')
		put(", want down");
	if (s->pid && s->term_sent && (s->flags & STATUS_KILL_TIMER))
		put(", got TERM");
	if (!s->pid && s->run == STATUS_RUN_FINISH)
		put(", finishing");
	if (!s->pid && (s->flags & STATUS_PERMANENT))
		put(", permanent failure");
	obuf_putc(&out, '\n');
}

static void
show_json(const char *dir, const struct status *s, int normally_up,
    uint64_t now)
{
	put("{\"service\":");
	put_json_string(dir);
	json_bool("supervise", 1);
	json_field("state");
	put(s->pid ? "\"up\"" : s->run == STATUS_RUN_FINISH ?
	    "\"finishing\"" : "\"down\"");
	json_ulong("pid", s->pid);
	json_ulong("seconds", age(now, s->changed.sec));
	json_field("normally");
	put(normally_up ? "\"up\"" : "\"down\"");
	json_bool("paused", s->pid && s->paused);
	json_field("want");
	put(s->want == 'u' ? "\"up\"" : s->want == 'd' ? "\"down\"" : "\"once\"");
	json_bool("ready", s->pid && (s->flags & STATUS_READY));
	json_field("ready_seconds");
	if (s->pid && (s->flags & STATUS_READY))
		put_ulong(age(now, s->ready.sec));
	else
		put("null");
	json_field("last_exit");
	if (!(s->flags & STATUS_HAVE_EXIT))
		put("null");
	else {
		put(s->how == STATUS_HOW_EXIT ? "{\"code\":" :
		    s->how == STATUS_HOW_SIGNAL ? "{\"signal\":" : "{\"unknown\":");
		put_ulong(s->how == STATUS_HOW_UNKNOWN ? 0 : s->code);
		put(",\"seconds\":");
		put_ulong(age(now, s->exited.sec));
		obuf_putc(&out, '}');
	}
	json_bool("got_term", s->pid && s->term_sent);
	json_bool("finishing", s->run == STATUS_RUN_FINISH);
	json_bool("permanent_failure", (s->flags & STATUS_PERMANENT) != 0);
	json_bool("exiting", (s->flags & STATUS_EXITING) != 0);
	put("}\n");
}

/* One directory: the steps of 0.76's svstat, stopping at the first
 * failure. */
static void
show(const char *dir)
{
	struct status s;
	struct stat sb;
	enum status_step step;
	int normally_up, fd, r;
	uint64_t now;

	if (chdir(dir) < 0) {
		failure(dir, "unable to chdir", die_errstr(errno), -1);
		return;
	}
	if (stat("down", &sb) == 0)
		normally_up = 0;
	else if (errno == ENOENT)
		normally_up = 1;
	else {
		failure(dir, "unable to stat down", die_errstr(errno), -1);
		return;
	}
	fd = fifo_open_write("supervise/ok");
	if (fd < 0) {
		if (errno == ENXIO)
			failure(dir, "supervise not running", 0, 0);
		else
			failure(dir, "unable to open supervise/ok",
			    die_errstr(errno), -1);
		return;
	}
	(void)close(fd);
	now = tai64_now();
	/* 0.76 prints whatever an impossible record holds; we refuse it. */
	r = status_read(AT_FDCWD, &s, &step);
	if (r < 0 && step != STATUS_STEP_FORMAT) {
		failure(dir, step == STATUS_STEP_OPEN ?
		    "unable to open supervise/status" :
		    "unable to read supervise/status", die_errstr(errno), 1);
		return;
	}
	if (r < 0 || status_sane(&s, now) < 0) {
		failure(dir, "unable to read supervise/status", "bad format", 1);
		return;
	}
	if (json)
		show_json(dir, &s, normally_up, now);
	else
		show_text(dir, &s, normally_up, now);
}

int
svstat_main(int argc, char **argv)
{
	char outbuf[4096];
	int cwd, i = 1;

	obuf_init(&out, 1, outbuf, sizeof outbuf);
	/* 0.76 takes every argument as a directory (`svstat --` reports a
	 * directory named --); only a leading -j, then --, is ours. */
	if (i < argc && !strcmp(argv[i], "-j")) {
		json = 1;
		if (++i < argc && !strcmp(argv[i], "--"))
			++i;
	}
	cwd = open(".", O_RDONLY | O_CLOEXEC);
	if (cwd < 0)
		die_sys(DIE_TEMP, "unable to open current directory");
	for (; i < argc; ++i) {
		show(argv[i]);
		if (fchdir(cwd) < 0)
			die_sys(DIE_TEMP, "unable to set directory");
	}
	if (obuf_flush(&out) < 0)
		die_sys(DIE_TEMP, "unable to write output");
	return 0;
}
