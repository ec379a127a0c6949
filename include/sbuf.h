/* sbuf.h - a growable byte string on the heap, for svimport's modules,
 * which build text of unknown length. The bytes are always followed by a
 * NUL (not counted in len). A failed allocation is sticky: later calls do
 * nothing and return -1, so a builder may check once, at sbuf_done().
 * Nothing prints or exits. */
#ifndef DAEMONBOX_SBUF_H
#define DAEMONBOX_SBUF_H

#include <stddef.h>

struct sbuf {
	char *s;	/* NULL until the first byte */
	size_t len;
	size_t cap;
	int failed;	/* an allocation failed */
};

#define SBUF_INIT { 0, 0, 0, 0 }

/* Each returns 0, or -1 with errno ENOMEM (now or earlier). sbuf_put
 * with p NULL adds n bytes for the caller to fill in. */
int sbuf_put(struct sbuf *b, const char *p, size_t n);
int sbuf_puts(struct sbuf *b, const char *s);
int sbuf_putc(struct sbuf *b, char c);
int sbuf_putnum(struct sbuf *b, unsigned long long u);

/* Appends the whole of file path. Returns 0, or -1 with errno from
 * open(2) or read(2) (b keeps what it had), or ENOMEM. */
int sbuf_readfile(struct sbuf *b, const char *path);

/* Hands the string over: returns it (never NULL on success, "" when
 * empty; the caller frees it) with its length in *len when len is not
 * NULL, and leaves b empty. After a failed allocation it frees what
 * there was and returns NULL with errno ENOMEM. */
char *sbuf_done(struct sbuf *b, size_t *len);

void sbuf_free(struct sbuf *b);

#endif
