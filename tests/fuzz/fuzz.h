/* fuzz.h - small helpers shared by the harnesses: typed values off the
 * input, exact-size copies (ASan sees any over-read), a check macro. */

#ifndef DAEMONBOX_FUZZ_H
#define DAEMONBOX_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: invariant failed: %s\n", \
		    __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t
fuzz_byte(struct fuzz_in *in)
{
	uint8_t b;

	if (!in->n)
		return 0;
	b = *in->p++;
	--in->n;
	return b;
}

static inline uint64_t
fuzz_u64(struct fuzz_in *in, int bytes)
{
	uint64_t u = 0;
	int i;

	for (i = 0; i < bytes; ++i)
		u = u << 8 | fuzz_byte(in);
	return u;
}

/* Takes up to n bytes; *len gets how many were there. */
static inline const uint8_t *
fuzz_take(struct fuzz_in *in, size_t n, size_t *len)
{
	const uint8_t *p = in->p;

	if (n > in->n)
		n = in->n;
	in->p += n;
	in->n -= n;
	*len = n;
	return p;
}

/* A malloc'd copy of exactly n bytes (n may be 0: one byte is taken so
 * the pointer is valid but reading it is still caught). */
static inline char *
fuzz_dup(const void *p, size_t n)
{
	char *c = malloc(n ? n : 1);

	if (!c)
		abort();
	if (n)
		memcpy(c, p, n);
	return c;
}

/* A malloc'd NUL-terminated copy of n bytes (NULs inside stay). */
static inline char *
fuzz_strdup(const void *p, size_t n)
{
	char *c = malloc(n + 1);

	if (!c)
		abort();
	memcpy(c, p, n);
	c[n] = 0;
	return c;
}

/* Splits p[0..n) at NUL bytes into at most max strings, each a separate
 * exact-size allocation; returns the count. argv[count] is NULL. */
static inline int
fuzz_split(const uint8_t *p, size_t n, char **argv, int max)
{
	int argc = 0;
	size_t i = 0;

	while (i < n && argc < max) {
		const uint8_t *z = memchr(p + i, 0, n - i);
		size_t l = z ? (size_t)(z - (p + i)) : n - i;

		argv[argc++] = fuzz_strdup(p + i, l);
		i += l + 1;
	}
	argv[argc] = 0;
	return argc;
}

static inline void
fuzz_free_argv(char **argv, int argc)
{
	int i;

	for (i = 0; i < argc; ++i)
		free(argv[i]);
}

#endif
