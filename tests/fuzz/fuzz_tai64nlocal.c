/* fuzz_tai64nlocal - fuzzes tai64nlocal's label scanner: the real applet
 * (its source is included) against a model built on tai64.h. */

#include <errno.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz.h"

#include "applets/tai64nlocal.c"

/* The applet reads the input from a SOCK_SEQPACKET pair in records of
 * sizes the input chooses, so labels split across reads; the model uses
 * tai64n_scan, tai64_fmt_local and tai64n_fmt_nano, which are checked too (incremental
 * scan, length bounds, exact-size buffers, label round trip).
 * Input: TZ(1) SIZES(8) then the text. */

/* Local time as tai64nlocal prints it: tai64_fmt_local, then the
 * nanoseconds. */
static int
fmt_local(char *s, const struct tai64n *t)
{
	int n = tai64_fmt_local(s, t->sec);

	return n < 0 ? n : n + (int)tai64n_fmt_nano(s + n, t->nano);
}

static const char *const zones[] = {
	"UTC0", ":UTC", ":America/New_York", ":Australia/Lord_Howe",
	"EST5EDT,M3.2.0,M11.1.0", "<+0530>-5:30", ":Europe/Berlin",
	":Pacific/Kiritimati"
};

struct buf {
	char *p;
	size_t len, cap;
};

static void
put(struct buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		b->p = realloc(b->p, b->cap);
		CHECK(b->p != 0);
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static int
ishex(uint8_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* What tai64nlocal prints for the whole text. */
static void
model(struct buf *out, const uint8_t *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		const uint8_t *nl;
		size_t k;

		if (p[i] == '@') {
			size_t j = i + 1, z, used;
			struct tai64n t;
			char text[TAI64N_LOCAL_MAX];
			int len;

			while (j < n && ishex(p[j]))
				++j;
			if (j == n) {
				/* EOF inside the label: nothing, unless it
				 * was too long to hold (then streamed). */
				for (z = i + 1; z < j && p[z] == '0'; ++z)
					;
				if (j - z > HOLD_MAX)
					put(out, p + i, j - i);
				return;
			}
			if (tai64n_scan(&t, (const char *)p + i + 1, j - i - 1,
			    &used) == 0 &&
			    (len = fmt_local(text, &t)) >= 0)
				put(out, text, (size_t)len);
			else
				put(out, p + i, j - i);
			CHECK(used == j - i - 1);
			i = j;
		}
		nl = memchr(p + i, '\n', n - i);
		k = nl ? (size_t)(nl - p) + 1 : n;
		put(out, p + i, k - i);
		i = k;
	}
}

/* The library side: scanning byte by byte equals the one-call scan, and
 * formatting stays within its bounds. */
static void
check_lib(const uint8_t *p, size_t n)
{
	struct tai64n_scan sc;
	struct tai64n a, b;
	size_t used, i;
	int ra, rb, ea, eb, len;
	char *buf;

	tai64n_scan_init(&sc);
	for (i = 0; i < n && tai64n_scan_byte(&sc, p[i]); ++i)
		;
	if (i < n)
		CHECK(!ishex(p[i]));
	errno = 0;
	ra = tai64n_scan_end(&sc, &a);
	ea = errno;
	errno = 0;
	rb = tai64n_scan(&b, (const char *)p, n, &used);
	eb = errno;
	CHECK(used == i && sc.digits == i);
	CHECK(ra == rb);
	if (ra == 0)
		CHECK(a.sec == b.sec && a.nano == b.nano);
	else
		CHECK(ea == eb && (ea == EINVAL || ea == ERANGE));
	if (i <= 16 + 8 && i > 0)
		CHECK(ra == 0);

	/* Any 12 bytes as a label: formatting bounds, exact buffers. */
	if (n >= 12) {
		struct tai64n t, back;
		char *lab = fuzz_dup("", TAI64N_LABEL_LEN);

		tai64n_unpack(&t, p + n - 12);
		buf = fuzz_dup("", TAI64N_LOCAL_MAX);
		len = fmt_local(buf, &t);
		if (len >= 0) {
			CHECK(len <= TAI64N_LOCAL_MAX);
			CHECK(len >= 16 + 10);	/* year 0: "0-01-01 ..." */
		} else {
			CHECK(errno == EOVERFLOW);
		}
		free(buf);
		buf = fuzz_dup("", TAI64_LOCAL_SEC_MAX);
		len = tai64_fmt_local(buf, t.sec);
		CHECK(len < 0 || (len >= 16 && len <= TAI64_LOCAL_SEC_MAX));
		free(buf);
		CHECK(tai64n_fmt(lab, &t) == TAI64N_LABEL_LEN);
		CHECK(lab[0] == '@');
		/* Every label scans back to what made it: 16 + 8 digits. */
		CHECK(tai64n_scan(&back, lab + 1, TAI64N_LABEL_LEN - 1,
		    &used) == 0 && used == TAI64N_LABEL_LEN - 1);
		CHECK(back.sec == t.sec && back.nano == t.nano);
		free(lab);
	}
}

struct writer {
	int fd;
	const uint8_t *sizes, *body;
	size_t blen;
};

static void *
write_records(void *arg)
{
	struct writer *w = arg;
	size_t off;
	int k;

	for (off = 0, k = 0; off < w->blen; k = (k + 1) % 8) {
		size_t n = (size_t)w->sizes[k] * 16 + 1;

		if (w->sizes[k] == 0)
			n = 4096;
		if (n > w->blen - off)
			n = w->blen - off;
		CHECK(send(w->fd, w->body + off, n, MSG_NOSIGNAL) ==
		    (ssize_t)n);
		off += n;
	}
	close(w->fd);
	return 0;
}

static int outfd = -1;
static const char *zone_now;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	const char *zone = zones[fuzz_byte(&in) % 8];
	uint8_t sizes[8];
	struct buf want = { 0, 0, 0 }, got = { 0, 0, 0 };
	struct writer w;
	pthread_t th;
	int sv[2], save0, save1, k, r;
	char chunk[4096];
	ssize_t m;
	off_t at = 0;

	for (k = 0; k < 8; ++k)
		sizes[k] = fuzz_byte(&in);
	if (zone != zone_now) {
		setenv("TZ", zone, 1);
		tzset();
		zone_now = zone;
	}
	check_lib(in.p, in.n);
	if (outfd < 0) {
		char name[] = "/tmp/fuzz_tai64nlocal.XXXXXX";

		outfd = mkstemp(name);
		CHECK(outfd >= 0);
		unlink(name);
	}
	CHECK(ftruncate(outfd, 0) == 0 && lseek(outfd, 0, SEEK_SET) == 0);

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0)
		abort();
	w.fd = sv[0];
	w.sizes = sizes;
	w.body = in.p;
	w.blen = in.n;
	if (pthread_create(&th, 0, write_records, &w) != 0)
		abort();
	save0 = dup(0);
	save1 = dup(1);
	CHECK(save0 >= 0 && save1 >= 0);
	CHECK(dup2(sv[1], 0) == 0 && dup2(outfd, 1) == 1);
	r = tai64nlocal_main(1, (char *[]){ "tai64nlocal", 0 });
	CHECK(dup2(save0, 0) == 0 && dup2(save1, 1) == 1);
	close(save0);
	close(save1);
	close(sv[1]);
	pthread_join(th, 0);
	free(inbuf);	/* the applet's buffer, taken at every start */
	inbuf = 0;
	CHECK(r == 0);

	while ((m = pread(outfd, chunk, sizeof chunk, at)) > 0) {
		put(&got, chunk, (size_t)m);
		at += m;
	}
	model(&want, in.p, in.n);
	if (got.len != want.len) fprintf(stderr, "got %zu want %zu\n", got.len, want.len);
	CHECK(got.len == want.len);
	CHECK(got.len == 0 || memcmp(got.p, want.p, got.len) == 0);
	free(want.p);
	free(got.p);
	return 0;
}
