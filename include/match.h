/* match.h - multilog's '+' and '-' patterns (spec multilog.md §1.1). A
 * pattern is literal bytes and '*'. A '*' at the end matches any rest of the
 * line; a '*' followed by byte C skips to the FIRST C in the rest of the
 * line and matching goes on there, with no backtracking, exactly as
 * daemontools 0.76 does (so "*b" does not match "abab"). The whole line
 * must be used up. '?', '[' and '\' are ordinary bytes. Pure functions. */
#ifndef DAEMONBOX_MATCH_H
#define DAEMONBOX_MATCH_H

#include <stddef.h>

/* multilog looks at no more than this many bytes of a line (the stamp
 * included): longer lines are matched on their first MATCH_LINE_MAX. */
#define MATCH_LINE_MAX 1000

/* Returns 1 when the NUL-terminated pattern matches the len bytes at line
 * (which may hold NUL bytes), else 0. The caller limits len. */
int match_simple(const char *pattern, const char *line, size_t len);

#endif
