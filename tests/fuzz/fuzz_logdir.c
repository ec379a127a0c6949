/* fuzz_logdir - fuzzes multilog's log directory state machine (logdir.h)
 * on the in-memory filesystem of fakefs.h. */

#include <errno.h>
#include <sys/stat.h>

#include "fakefs.h"
#include "logdir.h"

/* Appends, rotations, a processor with every outcome, a clock that jumps
 * back, injected failures of every call, and each crash-recovery layout.
 * After the clean close no byte may be lost or repeated, no file exceed
 * its size, no descriptor leak. */

#define LOG_DIR "./log"
#define MAXOPS 2000

static const char pre_c[] = "current line 1\ncurrent line 2\n";
static const char pre_p[] = "previous line 1\nprevious line 2\n";
static const char pre_old[] = "old archive\n";

struct run {
	struct logdir ld;
	struct tai64n now;
	struct fuzz_in *in;
	int fatal;
	int processed;		/* processor runs seen */
};

/* Sets up one of the layouts a crashed or stopped multilog leaves, and
 * returns the bytes its files hold in stream order. */
static size_t
layout(int which, char *pre)
{
	size_t n = 0;

	if (which & 8) {	/* an old archive, before any new label */
		fakefs_add(LOG_DIR, "@3fffffffffffffff00000000.s", pre_old,
		    sizeof pre_old - 1, 0744, 0);
		memcpy(pre + n, pre_old, sizeof pre_old - 1);
		n += sizeof pre_old - 1;
	}
	switch (which & 7) {
	case 0:			/* nothing there */
		break;
	case 1:			/* cleanly closed current */
		fakefs_add(LOG_DIR, "current", pre_c, sizeof pre_c - 1, 0744, 0);
		goto cur;
	case 2:			/* killed: current without x */
		fakefs_add(LOG_DIR, "current", pre_c, sizeof pre_c - 1, 0644, 0);
		goto cur;
	case 3:			/* killed during the processor */
		fakefs_add(LOG_DIR, "previous", pre_p, sizeof pre_p - 1, 0744, 0);
		fakefs_add(LOG_DIR, "processed", "half", 4, 0644, 0);
		fakefs_add(LOG_DIR, "newstate", "", 0, 0644, 0);
		goto prev;
	case 4:			/* killed after processed was complete */
		fakefs_add(LOG_DIR, "previous", "stale", 5, 0744, 0);
		fakefs_add(LOG_DIR, "processed", pre_p, sizeof pre_p - 1, 0744, 0);
		goto prev;
	case 5:			/* killed between link and unlink */
		fakefs_add(LOG_DIR, "previous", pre_p, sizeof pre_p - 1, 0744, 0);
		fakefs_add(LOG_DIR, "@4000000000000001000001f4.u", 0, 0, 0,
		    "previous");
		goto prev;
	case 6:			/* a state file and a lock file only */
		fakefs_add(LOG_DIR, "state", "", 0, 0644, 0);
		fakefs_add(LOG_DIR, "lock", "", 0, 0600, 0);
		break;
	case 7:			/* killed with previous and current */
		fakefs_add(LOG_DIR, "previous", pre_p, sizeof pre_p - 1, 0744, 0);
		fakefs_add(LOG_DIR, "current", pre_c, sizeof pre_c - 1, 0644, 0);
		memcpy(pre + n, pre_p, sizeof pre_p - 1);
		n += sizeof pre_p - 1;
		goto cur;
	}
	return n;
prev:
	memcpy(pre + n, pre_p, sizeof pre_p - 1);
	return n + sizeof pre_p - 1;
cur:
	memcpy(pre + n, pre_c, sizeof pre_c - 1);
	return n + sizeof pre_c - 1;
}

/* The processor: copies previous to processed (an identity filter), or
 * fails in one of the ways logdir_processed() knows. */
static void
processor(struct run *r, int outcome)
{
	struct fakefs_dir *d = fakefs_dir(LOG_DIR);
	int prev = fakefs_lookup(d, "previous"), out, st;

	CHECK(prev >= 0);	/* the protocol's input exists */
	out = fakefs_lookup(d, "processed");
	if (out < 0)
		out = fakefs_add(LOG_DIR, "processed", "", 0, 0644, 0);
	st = fakefs_lookup(d, "newstate");
	if (st < 0)
		st = fakefs_add(LOG_DIR, "newstate", "", 0, 0644, 0);
	fakefs_set(st, "state\n", 6);
	++r->processed;
	switch (outcome % 8) {
	default:
		fakefs_set(out, fakefs.ino[prev].data, fakefs.ino[prev].len);
		logdir_processed(&r->ld, LOGDIR_PROC_OK, 0);
		break;
	case 5:
		fakefs_set(out, "partial", 7);
		logdir_processed(&r->ld, LOGDIR_PROC_FAILED, 0);
		break;
	case 6:
		fakefs_set(out, "crashed", 7);
		logdir_processed(&r->ld, LOGDIR_PROC_CRASHED, EIO);
		break;
	case 7:
		logdir_processed(&r->ld, outcome & 8 ? LOGDIR_PROC_NOFORK
		    : LOGDIR_PROC_NOWAIT, EAGAIN);
		break;
	}
}

/* One logdir_run() (or logdir_flush()) and what it may return here. */
static enum logdir_result
run_once(struct run *r, int outcome, int flush)
{
	enum logdir_result res = flush ? logdir_flush(&r->ld, &r->now)
	    : logdir_run(&r->ld, &r->now);

	switch (res) {
	case LOGDIR_IDLE:
		if (flush) {
			/* The data is out; a rotation may wait. */
			CHECK(r->ld.off == r->ld.len ||
			    logdir_closed(&r->ld));
			break;
		}
		CHECK(logdir_idle(&r->ld));
		if (!logdir_closed(&r->ld)) {
			/* counter is what current holds */
			int cur = fakefs_lookup(fakefs_dir(LOG_DIR), "current");

			CHECK(cur >= 0);
			CHECK(r->ld.counter == fakefs.ino[cur].len);
		}
		break;
	case LOGDIR_FATAL:
		CHECK(logdir_what(&r->ld) >= LOGDIR_F_OPEN &&
		    logdir_what(&r->ld) < LOGDIR_W_STAT);
		r->fatal = 1;	/* the applet dies here */
		break;
	case LOGDIR_PAUSE:
		CHECK(logdir_what(&r->ld) >= LOGDIR_W_STAT);
		break;
	case LOGDIR_PROCESS:
		CHECK(r->ld.processor != 0);
		processor(r, outcome);
		break;
	}
	return res;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	static struct run r;
	char pre[256], *buf, *stream, *expect;
	size_t prelen, cap, len, elen = 0, i;
	uint64_t dsize;
	unsigned num;
	int which, ops = 0, cur;
	struct fakefs_dir *d;

	fakefs_reset(&in);
	memset(&r, 0, sizeof r);
	r.in = &in;
	which = fuzz_byte(&in);
	dsize = 4096 + fuzz_u64(&in, 2) % 12288;
	num = 2 + fuzz_byte(&in) % 6;
	cap = 1 + (size_t)(fuzz_u64(&in, 2) % 8192);
	buf = malloc(cap);
	expect = malloc(size + sizeof pre);
	CHECK(buf && expect);
	prelen = layout(which, pre);
	memcpy(expect, pre, prelen);
	elen = prelen;
	r.now.sec = TAI64_UNIX_OFFSET + 1700000000;
	r.now.nano = 500;
	logdir_init(&r.ld, LOG_DIR, dsize, num, which & 16 ? "filter" : 0,
	    &fakefs_ops, buf, cap);
	fakefs.faults = (which & 32) != 0;

	while (in.n && ops++ < MAXOPS && !r.fatal) {
		uint8_t op = fuzz_byte(&in);
		size_t n, room;
		const uint8_t *p;

		switch (op % 8) {
		case 0: case 1: case 2:
			room = logdir_room(&r.ld);
			n = (size_t)fuzz_byte(&in) * (1 + op / 64);
			if (n > room)
				n = room;
			p = fuzz_take(&in, n, &n);
			if (!n)
				break;
			if (op & 32) {
				/* Filled in place, as multilog's stamping
				 * does. */
				char *o = logdir_space(&r.ld, &room);

				CHECK(room == logdir_room(&r.ld) && room >= n);
				memcpy(o, p, n);
				logdir_commit(&r.ld, n);
			} else {
				logdir_put(&r.ld, (const char *)p, n);
			}
			memcpy(expect + elen, p, n);
			elen += n;
			break;
		case 3:
			(void)logdir_rotate(&r.ld);
			/* Bytes before a line end closes current. */
			n = r.ld.len - r.ld.off;
			CHECK(logdir_until_rotation(&r.ld) ==
			    (r.ld.counter + n >= dsize - LOGDIR_SLACK ? 0 :
			    dsize - LOGDIR_SLACK - r.ld.counter - n));
			break;
		case 4:
			/* The clock: forward, or back up to 128 s. */
			r.now.sec += (uint64_t)(int64_t)(int8_t)fuzz_byte(&in);
			r.now.nano = (uint32_t)(fuzz_u64(&in, 4) % 1000000000);
			break;
		case 5:
			fakefs.faults = op & 8;
			break;
		case 6:
			(void)run_once(&r, fuzz_byte(&in), 0);
			break;
		case 7:
			(void)run_once(&r, fuzz_byte(&in), 1);
			break;
		}
	}

	if (!r.fatal) {
		/* The end: no more failures, the clean close. */
		fakefs.faults = 0;
		logdir_finish(&r.ld);
		for (i = 0; i < 1000 && !logdir_closed(&r.ld); ++i)
			if (run_once(&r, 0, 0) == LOGDIR_FATAL)
				break;
	}
	if (!r.fatal) {
		CHECK(logdir_closed(&r.ld));
		d = fakefs_dir(LOG_DIR);
		CHECK(d != 0);
		/* Every byte once, in order. */
		stream = fakefs_stream(d, &len);
		if (len != elen || memcmp(stream, expect, len) != 0) {
			fprintf(stderr, "stream %zu bytes, expected %zu\n",
			    len, elen);
			CHECK(!"log data lost or repeated");
		}
		free(stream);
		/* Clean close: current 0744, nothing half done (unless a
		 * removal failed during recovery, which is ignored). */
		cur = fakefs_lookup(d, "current");
		CHECK(cur >= 0 && (fakefs.ino[cur].mode & S_IXUSR));
		if (!fakefs.injected) {
			CHECK(fakefs_lookup(d, "previous") < 0);
			CHECK(fakefs_lookup(d, "processed") < 0);
			CHECK(fakefs_lookup(d, "newstate") < 0);
		}
		CHECK(fakefs_count_archives(d) < (int)num);
		CHECK(fakefs.ino[cur].len <= dsize);
		for (i = 0; i < (size_t)d->nhist; ++i)
			if (d->hist[i].fresh)
				CHECK(fakefs.ino[d->hist[i].ino].len <= dsize);
		/* The directory and its lock stay open, nothing else. */
		CHECK(fakefs_open_fds() == 2);
	}
	fakefs_reset(0);
	free(buf);
	free(expect);
	return 0;
}
