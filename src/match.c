/* match.c - multilog's simple patterns: literal bytes and a '*' that
 * skips forward to the first occurrence of the byte after it. */

#include <string.h>

#include "match.h"

int
match_simple(const char *pattern, const char *line, size_t len)
{
	const unsigned char *p = (const unsigned char *)pattern;
	const char *end = line + len;

	for (;;) {
		if (!*p)
			return line == end;
		if (*p == '*') {
			const char *hit;

			if (!*++p)
				return 1;
			/* No backtracking: only the first occurrence of the
			 * next pattern byte is tried (0.76 behaviour). The
			 * pattern byte itself is matched on the next turn. */
			hit = memchr(line, *p, (size_t)(end - line));
			if (!hit)
				return 0;
			line = hit;
			continue;
		}
		if (line == end || (unsigned char)*line != *p)
			return 0;
		++line;
		++p;
	}
}
