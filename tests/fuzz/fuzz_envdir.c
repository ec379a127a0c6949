/* fuzz_envdir - fuzzes envdir's value processing (envdir_clean,
 * envdir_read_fd) against a model of envdir.h. */

#include <errno.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include "envdir.h"
#include "fuzz.h"

/* envdir_read_fd reads through a SOCK_SEQPACKET pair, so every read(2)
 * returns one record of a size the input chooses (a FIFO or a slow
 * filesystem behaves like that; a thread writes them).
 * Input: CHUNKSIZES(8) then the file's bytes. */

/* The value a file of these bytes gives, as a malloc'd string; NULL for
 * an empty file. *vlen is its length (NULs in it became '\n'). */
static char *
model(const uint8_t *p, size_t n, size_t *vlen)
{
	const uint8_t *nl;
	size_t len, i;
	char *v;

	if (!n)
		return 0;
	nl = memchr(p, '\n', n);
	len = nl ? (size_t)(nl - p) : n;
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		--len;
	v = malloc(len + 1);
	CHECK(v != 0);
	for (i = 0; i < len; ++i)
		v[i] = p[i] ? (char)p[i] : '\n';
	v[len] = 0;
	*vlen = len;
	return v;
}

static void
check_clean(const uint8_t *p, size_t n)
{
	const uint8_t *nl = memchr(p, '\n', n);
	size_t first = nl ? (size_t)(nl - p) : n, vlen = 0, len;
	char *line = fuzz_dup(p, first);
	char *want = model(p, first ? first : 0, &vlen);

	len = envdir_clean(line, first);
	if (!first) {
		CHECK(len == 0);
	} else {
		CHECK(len == vlen && memcmp(line, want, len) == 0);
		/* Only the kept bytes are touched. */
		CHECK(memcmp(line + len, p + len, first - len) == 0);
	}
	free(line);
	free(want);
}

struct writer {
	int fd;
	const uint8_t *sizes, *body;
	size_t blen;
};

/* Records of 1..4096 bytes (envdir reads 4096 at a time; a longer record
 * would be cut); blocking sends, the reader drains them. */
static void *
write_records(void *arg)
{
	struct writer *w = arg;
	size_t off;
	int k;

	for (off = 0, k = 0; off < w->blen; k = (k + 1) % 8) {
		size_t n = (size_t)w->sizes[k] * 16 + 1;
		ssize_t r;

		if (w->sizes[k] == 0)
			n = 4096;
		if (n > w->blen - off)
			n = w->blen - off;
		r = send(w->fd, w->body + off, n, MSG_NOSIGNAL);
		CHECK(r == (ssize_t)n);
		off += n;
	}
	close(w->fd);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	uint8_t sizes[8];
	const uint8_t *body;
	size_t blen, vlen = 0;
	struct writer w;
	pthread_t th;
	int sv[2], k = 0, r;
	char *value = (char *)1, *want;

	for (k = 0; k < 8; ++k)
		sizes[k] = fuzz_byte(&in);
	body = in.p;
	blen = in.n;
	check_clean(body, blen);

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0)
		abort();
	w.fd = sv[0];
	w.sizes = sizes;
	w.body = body;
	w.blen = blen;
	if (pthread_create(&th, 0, write_records, &w) != 0)
		abort();
	r = envdir_read_fd(sv[1], &value);
	pthread_join(th, 0);
	close(sv[1]);
	CHECK(r == 0);
	want = model(body, blen, &vlen);
	if (!want) {
		CHECK(value == 0);
	} else {
		CHECK(value != 0);
		CHECK(strlen(value) == vlen);
		CHECK(memcmp(value, want, vlen + 1) == 0);
	}
	free(value);
	free(want);
	return 0;
}
