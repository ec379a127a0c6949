/* fuzz_status - fuzzes the supervise/status decoder (status_unpack,
 * status_sane) on every layout, checked by re-encoding. */

#include <errno.h>

#include "fuzz.h"
#include "status.h"

/* Layouts: 18, 20, 60 bytes, anything else, corrupt. Input: the record
 * bytes. */

static uint32_t
get32be(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

/* status_sane's rules, restated. */
static int
model_sane(const struct status *s, uint64_t now)
{
	if (s->want != 'u' && s->want != 'd' && s->want != 0)
		return -1;
	if (s->paused && !s->pid)
		return -1;
	if (s->changed.nano > 999999999)
		return -1;
	if (s->changed.sec < TAI64_UNIX_OFFSET)
		return -1;
	if (s->changed.sec > now + STATUS_FUTURE_MAX)
		return -1;
	return 0;
}

static void
one(const uint8_t *rec, size_t len, uint64_t now)
{
	unsigned char *buf = (unsigned char *)fuzz_dup(rec, len);
	unsigned char out[STATUS_SIZE + 8];
	struct status s, t;
	size_t n;
	int r, ext;

	memset(&s, 0xa5, sizeof s);
	errno = 0;
	r = status_unpack(&s, buf, len);
	if (len < STATUS_SIZE_DJB) {
		CHECK(r == -1 && errno == EINVAL);
		free(buf);
		return;
	}
	CHECK(r == 0);
	ext = len >= STATUS_SIZE && buf[20] == STATUS_MAGIC &&
	    buf[21] >= STATUS_VERSION;
	CHECK(s.extended == ext);
	CHECK(s.pid == ((uint32_t)buf[12] | (uint32_t)buf[13] << 8 |
	    (uint32_t)buf[14] << 16 | (uint32_t)buf[15] << 24));
	CHECK(s.paused == (buf[16] != 0));
	CHECK((unsigned char)s.want == buf[17]);
	if (len >= STATUS_SIZE_RUNIT) {
		CHECK(!!s.term_sent == (buf[18] != 0));
		CHECK(s.run == buf[19]);
	} else {
		CHECK(s.term_sent == 0 && s.run == 0);
	}
	if (ext) {
		CHECK(s.flags == buf[22] && s.how == buf[23]);
		CHECK(s.code == get32be(buf + 24));
	} else {
		CHECK(s.flags == 0 && s.how == 0 && s.code == 0);
		CHECK(s.exited.sec == 0 && s.ready.sec == 0 &&
		    s.starttime == 0);
	}

	/* Re-encoding keeps bytes 0..15 and 17; byte 16 is normalised to
	 * "paused and running". The same length class is written. */
	n = status_pack(out, len < sizeof out ? len : sizeof out, &s);
	CHECK(n == (len < STATUS_SIZE_RUNIT ? STATUS_SIZE_DJB :
	    len < STATUS_SIZE ? STATUS_SIZE_RUNIT : STATUS_SIZE));
	CHECK(memcmp(out, buf, 16) == 0);
	CHECK(out[16] == ((buf[16] && s.pid) ? 1 : 0));
	CHECK(out[17] == buf[17]);
	if (n >= STATUS_SIZE_RUNIT)
		CHECK(out[18] == (buf[18] ? 1 : 0) && out[19] == buf[19]);
	if (ext)
		CHECK(memcmp(out + 22, buf + 22, STATUS_SIZE - 22) == 0);
	if (n == STATUS_SIZE)
		CHECK(out[20] == STATUS_MAGIC && out[21] == STATUS_VERSION);
	/* ... and decoding that again gives the same record. */
	memset(&t, 0x5a, sizeof t);
	CHECK(status_unpack(&t, out, n) == 0);
	CHECK(t.changed.sec == s.changed.sec &&
	    t.changed.nano == s.changed.nano && t.pid == s.pid &&
	    t.paused == (s.paused && s.pid) && t.want == s.want);
	if (n >= STATUS_SIZE_RUNIT)
		CHECK(t.run == (s.run & 0xff) && !!t.term_sent == !!s.term_sent);
	if (n == STATUS_SIZE && ext)
		CHECK(t.flags == s.flags && t.how == s.how &&
		    t.code == s.code && t.exited.sec == s.exited.sec &&
		    t.exited.nano == s.exited.nano &&
		    t.ready.sec == s.ready.sec &&
		    t.ready.nano == s.ready.nano &&
		    t.starttime == s.starttime);

	errno = 0;
	r = status_sane(&s, now);
	CHECK(r == model_sane(&s, now));
	if (r < 0)
		CHECK(errno == EINVAL);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	uint64_t now;
	size_t cut;

	/* The whole input is the record, decoded at its own length and at
	 * every layout boundary it reaches; the clock is the current one
	 * and one made from the last 8 bytes. */
	one(data, size, tai64_now());
	for (cut = 0; cut <= STATUS_SIZE + 1 && cut < size; ++cut)
		if (cut == 17 || cut == 18 || cut == 19 || cut == 20 ||
		    cut == 59 || cut == 60 || cut == 61)
			one(data, cut, tai64_now());
	if (size >= 8) {
		in.p = data + size - 8;
		in.n = 8;
		/* A clock within 2^39 s (17,000 years) of 1970. */
		now = TAI64_UNIX_OFFSET - (1ULL << 39) +
		    (fuzz_u64(&in, 8) & ((1ULL << 40) - 1));
		one(data, size < STATUS_SIZE ? size : STATUS_SIZE, now);
	}
	return 0;
}
