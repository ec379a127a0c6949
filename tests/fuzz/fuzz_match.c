/* fuzz_match - fuzzes multilog's '+'/'-' pattern matcher against a model
 * written from the spec. Input: PATTERN NUL LINE. */

#include "fuzz.h"
#include "match.h"

/* The line is an exact-size heap copy, so reading past it is an ASan
 * report. */

/* The spec, read literally: '*' at the end takes the rest; '*' then C
 * moves to the first C at or after the current position (none: no
 * match) and matching goes on from there; other bytes must be equal;
 * the line must be used up. */
static int
model(const unsigned char *p, const unsigned char *l, size_t len)
{
	size_t i = 0;

	while (*p) {
		if (*p == '*') {
			++p;
			if (!*p)
				return 1;
			while (i < len && l[i] != *p)
				++i;
			if (i == len)
				return 0;
			continue;
		}
		if (i == len || l[i] != *p)
			return 0;
		++i;
		++p;
	}
	return i == len;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *z = memchr(data, 0, size);
	size_t plen = z ? (size_t)(z - data) : size;
	size_t llen = z ? size - plen - 1 : 0;
	char *pat = fuzz_strdup(data, plen);
	char *line = fuzz_dup(data + size - llen, llen);
	int r = match_simple(pat, line, llen);

	CHECK(r == 0 || r == 1);
	CHECK(r == model((const unsigned char *)pat,
	    (const unsigned char *)line, llen));
	/* Facts that follow from the rules. */
	if (!memchr(pat, '*', plen))
		CHECK(r == (plen == llen && memcmp(pat, line, llen) == 0));
	if (plen && pat[plen - 1] == '*' && !memchr(pat, '*', plen - 1))
		CHECK(r == (llen >= plen - 1 &&
		    memcmp(pat, line, plen - 1) == 0));
	CHECK(match_simple("*", line, llen) == 1);
	CHECK(match_simple("", line, llen) == (llen == 0));
	/* What multilog does: lines cut to MATCH_LINE_MAX. */
	if (llen > MATCH_LINE_MAX)
		CHECK(match_simple(pat, line, MATCH_LINE_MAX) ==
		    model((const unsigned char *)pat,
		    (const unsigned char *)line, MATCH_LINE_MAX));
	free(pat);
	free(line);
	return 0;
}
