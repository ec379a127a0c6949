/* fuzz_multilog - fuzzes multilog's line handling: the applet's own code
 * (its source is included) against a model of multilog.md. */

#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "fakefs.h"
#include "fuzz.h"

/* The applet's main loop -- its step(), the one multilog_main() runs --
 * goes over input fed in chunks the fuzzer chooses (feed() stands in for
 * fetch()), with SIGTERM and SIGALRM at chosen moments, log directories on
 * the in-memory filesystem of fakefs.h and a fixed clock for the stamps.
 * Every directory, the alerts and the status lines are compared with the
 * model: selection by patterns on the first 1000 bytes, long lines, the
 * last line at EOF, stopping at a line end on TERM, nothing lost or
 * repeated across rotations.
 * Input: NARGS, ARGS (NUL-terminated), CLOCK(12), SIZES(4), TERM, ALRM,
 * CAP(2), then the text. */

static struct timespec fixed_clock;

static int
fuzz_clock_gettime(clockid_t c, struct timespec *ts)
{
	(void)c;
	*ts = fixed_clock;
	return 0;
}

#define clock_gettime(c, ts) fuzz_clock_gettime(c, ts)
#include "applets/multilog.c"
#undef clock_gettime

#define MAXARGS 16

struct buf {
	char *p;
	size_t len, cap;
};

static void
put(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		b->p = realloc(b->p, b->cap);
		CHECK(b->p != 0);
	}
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
}

/* The model: what each directory, the alerts and the status files get
 * from text[0..n), every line ended (the last one by EOF). */
static void
model(const char *text, size_t n, struct buf *dout, struct buf *aout,
    char (*status)[STATUS_LEN], int *status_set)
{
	size_t i = 0, k;

	while (i < n) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - (text + i)) : n - i;
		char view[MATCH_LINE_MAX];
		size_t vlen = ml.line.stamp_len + len;
		int selected = 1;

		if (vlen > MATCH_LINE_MAX)
			vlen = MATCH_LINE_MAX;
		memcpy(view, ml.line.stamp, ml.line.stamp_len);
		memcpy(view + ml.line.stamp_len, text + i, vlen - ml.line.stamp_len);
		for (k = 0; k < ml.out.script.nactions; ++k) {
			const struct mlscript_action *a = &ml.out.actions[k];

			switch (a->kind) {
			case MLSCRIPT_DESELECT:
				if (selected && match_simple(a->arg, view, vlen))
					selected = 0;
				break;
			case MLSCRIPT_SELECT:
				if (!selected && match_simple(a->arg, view, vlen))
					selected = 1;
				break;
			case MLSCRIPT_ALERT:
				if (!selected)
					break;
				if (vlen > ALERT_MAX) {
					put(aout, view, ALERT_MAX);
					put(aout, "...\n", 4);
				} else {
					put(aout, view, vlen);
					put(aout, "\n", 1);
				}
				break;
			case MLSCRIPT_STATUS:
				if (!selected)
					break;
				memcpy(status[a->index], view, vlen);
				memset(status[a->index] + vlen, '\n',
				    STATUS_LEN - vlen);
				status_set[a->index] = 1;
				break;
			case MLSCRIPT_DIR:
				if (!selected)
					break;
				put(&dout[a->index], ml.line.stamp, ml.line.stamp_len);
				put(&dout[a->index], text + i, len);
				put(&dout[a->index], "\n", 1);
				break;
			}
		}
		i += len + 1;
	}
}

static int alertfd = -1, nullfd = -1;

/* Gives back what configure() and init_dirs() took, and starts over. */
static void
reset_applet(void)
{
	free(ml.out.actions);
	free(ml.out.dirs);
	free(ml.out.sel);
	free(ml.out.files);
	free(ml.out.dirbufs);
	free(ml.out.alertbuf);
	free(ml.in.buf);
	free(ml.in.junk);
	free(ml.line.view);
	reset();
}

/* What feed() gives the loop, in place of fetch(): the text in chunks of
 * the chosen sizes (one byte at a time after TERM, as read_input() takes
 * it), SIGTERM at the chosen fetch and SIGALRM every so many, then EOF. */
static struct {
	const char *text;
	size_t tlen, fed;
	uint8_t sizes[4];
	int feeds, term_at, alrm_at;
} feed_in;

static void
feed(void)
{
	size_t n;

	++feed_in.feeds;
	if (feed_in.feeds == feed_in.term_at) {
		ml.life.got_term = 1;
		return;
	}
	if (feed_in.alrm_at && feed_in.feeds % (feed_in.alrm_at + 1) == 0) {
		ml.life.got_alarm = 1;
		return;
	}
	if (feed_in.fed == feed_in.tlen) {
		ml.in.eof = 1;
		return;
	}
	n = (size_t)feed_in.sizes[feed_in.feeds % 4] * 8 + 1;
	if (ml.life.got_term)
		n = 1;
	if (n > feed_in.tlen - feed_in.fed)
		n = feed_in.tlen - feed_in.fed;
	if (n > INBUF_SIZE - ml.in.len)
		n = INBUF_SIZE - ml.in.len;
	memcpy(ml.in.buf + ml.in.len, feed_in.text + feed_in.fed, n);
	ml.in.len += n;
	ml.in.held = ml.in.len;
	feed_in.fed += n;
	if (ml.life.got_term)
		ml.life.term_fetched = 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	char *argv[MAXARGS + 2], dirname[FAKEFS_DIRS][8];
	int argc = 1, nargs, ndirs = 0, i;
	const char *text;
	size_t tlen, consumed, cap, iter, k, alen;
	struct buf want[FAKEFS_DIRS], alerts_want = { 0, 0, 0 };
	char (*status)[STATUS_LEN];
	int *status_set;
	char *got;
	off_t at;

	fakefs_reset(0);
	reset_applet();
	if (nullfd < 0) {
		char name[] = "/tmp/fuzz_multilog.XXXXXX";

		nullfd = open("/dev/null", O_WRONLY | O_CLOEXEC);
		alertfd = mkstemp(name);
		CHECK(nullfd >= 0 && alertfd >= 0);
		unlink(name);
	}
	CHECK(ftruncate(alertfd, 0) == 0 && lseek(alertfd, 0, SEEK_SET) == 0);

	/* The script. Directories get distinct names (two multilogs on one
	 * directory would fail on its lock); processors are left out, they
	 * fork (fuzz_logdir covers their protocol). */
	argv[0] = "multilog";
	nargs = fuzz_byte(&in) % (MAXARGS + 1);
	for (i = 0; i < nargs && in.n; ++i) {
		const uint8_t *z = memchr(in.p, 0, in.n);
		size_t l = z ? (size_t)(z - in.p) : in.n, got_n;
		const uint8_t *p = fuzz_take(&in, l, &got_n);
		char *a = fuzz_strdup(p, got_n);

		(void)fuzz_byte(&in);	/* the NUL */
		if (a[0] == '!') {
			free(a);
			continue;
		}
		/* nNUM keeps NUM archives: the fake directory holds
		 * FAKEFS_ENTRIES names in all, with room for current, state,
		 * lock, previous, processed and newstate. */
		if (a[0] == 'n' && strtoul(a + 1, 0, 10) > FAKEFS_ENTRIES - 8) {
			char cap[16];

			free(a);
			snprintf(cap, sizeof cap, "n%d", FAKEFS_ENTRIES - 8);
			a = fuzz_strdup(cap, strlen(cap));
		}
		if (a[0] == '.' || a[0] == '/') {
			free(a);
			if (ndirs == FAKEFS_DIRS)
				continue;
			snprintf(dirname[ndirs], sizeof dirname[ndirs],
			    "./d%d", ndirs);
			a = fuzz_strdup(dirname[ndirs], strlen(dirname[ndirs]));
			++ndirs;
		}
		argv[argc++] = a;
	}
	argv[argc] = 0;
	fixed_clock.tv_sec = (time_t)fuzz_u64(&in, 8);
	fixed_clock.tv_nsec = (long)(fuzz_u64(&in, 4) % 1000000000);
	memset(&feed_in, 0, sizeof feed_in);
	for (i = 0; i < 4; ++i)
		feed_in.sizes[i] = fuzz_byte(&in);
	feed_in.term_at = fuzz_byte(&in);
	feed_in.alrm_at = fuzz_byte(&in);
	cap = MATCH_LINE_MAX + MLSCRIPT_STAMP_MAX + 1 +
	    (size_t)(fuzz_u64(&in, 2) % 8192);
	text = (const char *)in.p;
	tlen = in.n;
	if (tlen > INBUF_SIZE)
		tlen = INBUF_SIZE;
	feed_in.text = text;
	feed_in.tlen = tlen;

	/* multilog_main's set-up, with fake directories. */
	CHECK(configure(argc, argv) == 0);
	CHECK(init_dirs(&fakefs_ops, cap) == 0);
	for (k = 0; k < ml.out.script.nstatus; ++k)
		ml.out.files[k].fd = nullfd;
	obuf_init(&ml.out.alerts, alertfd, ml.out.alertbuf, ALERTBUF_SIZE);
	CHECK(run_dirs(0));

	/* multilog's own loop, with feed() for fetch(). The fake directories
	 * never fail, so nothing ever pauses. */
	for (iter = 0; step(feed); ++iter) {
		CHECK(iter < 100 + 20 * (tlen + 1));	/* no livelock */
		CHECK(ml.life.pause_until == LOOP_NEVER);
	}
	CHECK(obuf_flush(&ml.out.alerts) == 0);

	/* What was taken: everything at EOF, else up to a line end. */
	consumed = feed_in.fed - (ml.in.len - ml.in.pos);
	if (!ml.in.eof)
		CHECK(ml.life.got_term && (consumed == 0 || text[consumed - 1] == '\n'));
	else
		CHECK(consumed == tlen);

	status = calloc(ml.out.script.nstatus + 1, sizeof *status);
	status_set = calloc(ml.out.script.nstatus + 1, sizeof *status_set);
	CHECK(status && status_set);
	for (k = 0; k < ml.out.script.ndirs; ++k)
		want[k].p = 0, want[k].len = want[k].cap = 0;
	model(text, consumed, want, &alerts_want, status, status_set);

	for (k = 0; k < ml.out.script.ndirs; ++k) {
		struct fakefs_dir *d = fakefs_dir(ml.out.dirs[k].name);
		char *s;
		size_t slen;

		CHECK(d != 0);
		s = fakefs_stream(d, &slen);
		if (slen != want[k].len ||
		    (slen && memcmp(s, want[k].p, slen) != 0)) {
			fprintf(stderr, "dir %zu: %zu bytes, model %zu\n", k,
			    slen, want[k].len);
			CHECK(!"directory differs from the model");
		}
		CHECK((uint64_t)fakefs_count_archives(d) < ml.out.dirs[k].num);
		free(s);
		free(want[k].p);
	}
	for (k = 0; k < ml.out.script.nstatus; ++k)
		if (status_set[k])
			CHECK(memcmp(ml.out.files[k].line, status[k], STATUS_LEN) == 0);
	alen = (size_t)lseek(alertfd, 0, SEEK_END);
	got = malloc(alen + 1);
	CHECK(got != 0);
	at = 0;
	while ((size_t)at < alen) {
		ssize_t r = pread(alertfd, got + at, alen - (size_t)at, at);

		CHECK(r > 0);
		at += r;
	}
	if (alen != alerts_want.len ||
	    (alen && memcmp(got, alerts_want.p, alen) != 0)) {
		fprintf(stderr, "ml.out.alerts: %zu bytes, model %zu\n", alen,
		    alerts_want.len);
		CHECK(!"ml.out.alerts differ from the model");
	}
	free(got);
	free(alerts_want.p);
	free(status);
	free(status_set);
	for (i = 1; i < argc; ++i)
		free(argv[i]);
	reset_applet();
	fakefs_reset(0);
	return 0;
}
