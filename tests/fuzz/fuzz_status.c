/* fuzz_status - fuzzes the decoders of supervise/status (status_unpack,
 * status_sane) and supervise/xstatus (status_unpack_ext), checked by
 * re-encoding. */

#include <errno.h>

#include "fuzz.h"
#include "status.h"

/* Input: the bytes of one file, decoded as a status record and as an
 * xstatus record. */

static uint32_t
get32be(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

/* FNV-1a of bytes 0..59, restated. */
static uint32_t
model_sum(const unsigned char *b)
{
	uint32_t h = 2166136261U;
	int i;

	for (i = 0; i < 60; ++i)
		h = (h ^ b[i]) * 16777619U;
	return h;
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

/* The 0.76 fields of s are what bytes 0..17 of buf say. */
static void
check_djb(const struct status *s, const unsigned char *buf)
{
	CHECK(s->pid == ((uint32_t)buf[12] | (uint32_t)buf[13] << 8 |
	    (uint32_t)buf[14] << 16 | (uint32_t)buf[15] << 24));
	CHECK(s->paused == (buf[16] != 0));
	CHECK((unsigned char)s->want == buf[17]);
}

static void
one_status(const unsigned char *buf, size_t len, uint64_t now)
{
	unsigned char out[STATUS_SIZE];
	struct status s, t;
	int r;

	memset(&s, 0xa5, sizeof s);
	errno = 0;
	r = status_unpack(&s, buf, len);
	if (len < STATUS_SIZE) {
		CHECK(r == -1 && errno == EINVAL);
		return;
	}
	CHECK(r == 0);
	check_djb(&s, buf);
	/* Nothing past byte 17 is taken, however long the file. */
	CHECK(!s.extended && !s.term_sent && !s.run && !s.flags && !s.how &&
	    !s.code && !s.exited.sec && !s.ready.sec && !s.starttime);
	/* Re-encoding keeps bytes 0..15 and 17; byte 16 is normalised to
	 * "paused and running"; decoding that again gives the same. */
	status_pack(out, &s);
	CHECK(memcmp(out, buf, 16) == 0);
	CHECK(out[16] == ((buf[16] && s.pid) ? 1 : 0));
	CHECK(out[17] == buf[17]);
	memset(&t, 0x5a, sizeof t);
	CHECK(status_unpack(&t, out, sizeof out) == 0);
	CHECK(t.changed.sec == s.changed.sec &&
	    t.changed.nano == s.changed.nano && t.pid == s.pid &&
	    t.paused == (s.paused && s.pid) && t.want == s.want);
	errno = 0;
	r = status_sane(&s, now);
	CHECK(r == model_sane(&s, now));
	if (r < 0)
		CHECK(errno == EINVAL);
}

static void
one_ext(const unsigned char *buf, size_t len)
{
	unsigned char out[STATUS_EXT_SIZE];
	struct status s, t;
	int r, valid;

	memset(&s, 0xa5, sizeof s);
	errno = 0;
	r = status_unpack_ext(&s, buf, len);
	valid = len >= STATUS_EXT_SIZE && buf[20] == STATUS_EXT_MAGIC &&
	    buf[21] >= STATUS_EXT_VERSION && get32be(buf + 60) == model_sum(buf);
	if (!valid) {
		CHECK(r == -1 && errno == EINVAL);
		return;
	}
	CHECK(r == 0 && s.extended == 1);
	check_djb(&s, buf);
	CHECK(!!s.term_sent == (buf[18] != 0) && s.run == buf[19]);
	CHECK(s.flags == buf[22] && s.how == buf[23]);
	CHECK(s.code == get32be(buf + 24));
	/* Re-encoding gives the same bytes but for the normalised paused and
	 * TERM bytes, the version (written as 2) and so the checksum. */
	status_pack_ext(out, &s);
	CHECK(memcmp(out, buf, 16) == 0 && out[17] == buf[17]);
	CHECK(out[16] == ((buf[16] && s.pid) ? 1 : 0));
	CHECK(out[18] == (buf[18] ? 1 : 0) && out[19] == buf[19]);
	CHECK(out[20] == STATUS_EXT_MAGIC && out[21] == STATUS_EXT_VERSION);
	CHECK(memcmp(out + 22, buf + 22, 60 - 22) == 0);
	CHECK(get32be(out + 60) == model_sum(out));
	memset(&t, 0x5a, sizeof t);
	CHECK(status_unpack_ext(&t, out, sizeof out) == 0);
	CHECK(t.changed.sec == s.changed.sec &&
	    t.changed.nano == s.changed.nano && t.pid == s.pid &&
	    t.paused == (s.paused && s.pid) && t.want == s.want &&
	    t.flags == s.flags && t.how == s.how && t.code == s.code &&
	    t.exited.sec == s.exited.sec && t.exited.nano == s.exited.nano &&
	    t.ready.sec == s.ready.sec && t.ready.nano == s.ready.nano &&
	    t.starttime == s.starttime && t.run == s.run &&
	    !!t.term_sent == !!s.term_sent);
	/* Any one byte changed is caught by the checksum. */
	out[len % 60] ^= 0x01;
	CHECK(status_unpack_ext(&t, out, sizeof out) == -1);
}

static void
one(const uint8_t *data, size_t len, uint64_t now)
{
	unsigned char *buf = (unsigned char *)fuzz_dup(data, len);

	one_status(buf, len, now);
	one_ext(buf, len);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	unsigned char sealed[STATUS_EXT_SIZE];
	uint64_t now;

	/* The whole input, then cut at the layout boundaries it reaches; the
	 * clock is the current one and one made from the last 8 bytes. */
	one(data, size, tai64_now());
	if (size > 17)
		one(data, 17, tai64_now());
	if (size > 18)
		one(data, 18, tai64_now());
	if (size > 63)
		one(data, 63, tai64_now());
	if (size > 64)
		one(data, 64, tai64_now());
	/* The first 60 bytes with a right checksum, so that the decoder
	 * gets past it with any content. */
	if (size >= 60) {
		memcpy(sealed, data, 60);
		sealed[60] = (unsigned char)(model_sum(sealed) >> 24);
		sealed[61] = (unsigned char)(model_sum(sealed) >> 16);
		sealed[62] = (unsigned char)(model_sum(sealed) >> 8);
		sealed[63] = (unsigned char)model_sum(sealed);
		one(sealed, sizeof sealed, tai64_now());
	}
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
