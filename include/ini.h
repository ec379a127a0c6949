/* ini.h - supervisord's configuration file format, for svimport: the INI
 * dialect of Python's RawConfigParser as supervisord sets it up, and the
 * "%(name)s" expansions of its values.
 *
 * The file format (ini_parse):
 *   - lines end at "\n", "\r\n" or "\r"; a NUL byte is refused;
 *   - a line whose first non-blank character is ';' or '#' is a comment;
 *     so is the rest of a line from a ';' or '#' that starts it or follows
 *     a blank. As Python does, each prefix's occurrences are tried in
 *     turn, one of each per round, and the first round that finds one
 *     after a blank wins ("a;b #c" keeps "a;b");
 *   - "[NAME]": a section; NAME runs to the last ']' ("[a]b]" is "a]b");
 *     a section seen before (in this file or an earlier one) is continued,
 *     its options merged; "[DEFAULT]" holds defaults for every section;
 *   - "NAME = VALUE" or "NAME: VALUE" (the first '=' or ':'); the name is
 *     lower-cased, both are stripped of blanks; a later setting replaces
 *     an earlier one (its place in the section stays the first one's);
 *   - a line indented deeper than the option line above continues its
 *     value (joined with "\n"); so does an empty line between them, and
 *     trailing empty lines are dropped;
 *   - anything else, or an option before the first section, is an error.
 * "Blank" is Python's: ASCII space, \t \n \v \f \r, \x1c-\x1f, and the
 * UTF-8 of the Unicode spaces (U+0085, U+00A0, U+1680, U+2000-U+200A,
 * U+2028, U+2029, U+202F, U+205F, U+3000); indentation is counted in
 * characters.
 *
 * Expansion (ini_expand) is Python's "%" operator with a mapping: "%%" is
 * '%', "%(NAME)" is followed by flags [-+ #0], a width, a precision and a
 * conversion: s (a string, or a number in decimal), d i u (numbers only),
 * x X o. Anything else is refused, r a c e f g among them, which Python
 * would format (svimport says so rather than guess). The formatting is
 * C's printf's, which differs from Python's in corners only: widths and
 * precisions count bytes, "%#o" gives 07 (Python: 0o7), '0' with a
 * precision pads with blanks; a negative number in u x X o is refused
 * (Python: "-3"), and so is a width or precision above 4096.
 *
 * Everything lives on the heap and belongs to struct ini (ini_free).
 * Functions return 0, or -1 with errno (ENOMEM) or with an error record;
 * none prints or exits. */
#ifndef DAEMONBOX_INI_H
#define DAEMONBOX_INI_H

#include <stddef.h>

struct ini_opt {
	char *name;		/* lower case */
	char *value;
	unsigned file;		/* as given to ini_parse */
	unsigned line;		/* of the NAME = VALUE line, from 1 */
};

struct ini_sec {
	char *name;
	unsigned file, line;	/* where it first appeared */
	struct ini_opt *opt;
	size_t nopt, cap;
	int open;		/* internal: has values still being read */
};

struct ini {
	struct ini_sec *sec;	/* in the order of first appearance */
	size_t nsec, cap;
	struct ini_sec defaults;	/* [DEFAULT] */
};

#define INI_INIT { 0, 0, 0, { 0, 0, 0, 0, 0, 0, 0 } }

/* What went wrong where: file and line, and a text such as "NUL byte". */
struct ini_error {
	unsigned file, line;
	const char *what;
};

/* Reads one file's bytes into ini (sections of earlier files stay and
 * are continued). Returns 0, or -1 with err filled in (errno EINVAL), or
 * with errno ENOMEM. After an error ini holds what was read before it. */
int ini_parse(struct ini *ini, const char *buf, size_t len, unsigned file,
    struct ini_error *err);

/* The section of that name, or NULL ([DEFAULT] is not among them). */
struct ini_sec *ini_section(const struct ini *ini, const char *name);

/* The option of that (lower-case) name in sec, else in [DEFAULT], else
 * NULL. sec may be NULL: [DEFAULT] alone. */
const struct ini_opt *ini_get(const struct ini *ini, const struct ini_sec *sec,
    const char *name);

void ini_free(struct ini *ini);

/* The byte length of the blank (as above) that starts at s, else 0. */
size_t ini_blank(const char *s);

/* A value for an expansion: a string, or (str NULL) a number. */
struct ini_var {
	const char *str;
	long long num;
};

/* Looks NAME (len bytes, not NUL-terminated) up: 0 with *v set, or -1
 * when there is no such name. */
typedef int (*ini_lookup)(void *ctx, const char *name, size_t len,
    struct ini_var *v);

/* Why an expansion failed, and the "%(...)" at fault (name and len point
 * into the input; len 0 when there was no name). */
struct ini_xerror {
	const char *what;
	const char *name;
	size_t len;
};

/* Expands s into *out (malloc'd; the caller frees it). Returns 0, or -1
 * with err filled in (errno EINVAL: "unknown name", "incomplete format",
 * "a number is required", ...) or with errno ENOMEM; *out is then NULL. */
int ini_expand(const char *s, ini_lookup look, void *ctx, char **out,
    struct ini_xerror *err);

#endif
