/* opt.h - the option parser of svc, softlimit, setlock and svwait, behaving as
 * daemontools 0.76's does (spec/README.md, "Option parsing"):
 *   - options come before the first operand; parsing stops at the first
 *     argument not starting with '-', at a lone "-" (kept as an operand),
 *     and at any argument starting with "--" (consumed: 0.76 treats "--x"
 *     exactly like "--");
 *   - letters bundle ("-dx"); a letter followed by ':' in the option string
 *     takes an argument, attached ("-o5") or as the next argument ("-o 5"),
 *     whatever that argument looks like ("-o --" gives "--");
 *   - ':' is never an option letter.
 * The state lives in struct opt (no globals), so the parser is reentrant.
 * The parser prints nothing: opt_next() reports an error and the applet
 * calls opt_complain() (or opt_format() and writes the text itself). */
#ifndef DAEMONBOX_OPT_H
#define DAEMONBOX_OPT_H

#include <stddef.h>

#define OPT_END (-1)		/* no more options; operands start at ind */
#define OPT_ILLEGAL (-2)	/* letter not in the option string: bad */
#define OPT_MISSING (-3)	/* letter needs an argument, none left: bad */

/* Room for any complaint line when argv[0] is shorter than 200 bytes;
 * longer names are cut (the line keeps its newline). */
#define OPT_MSG_MAX 256

struct opt {
	int argc;
	char *const *argv;
	const char *opts;	/* e.g. "a:c:o:" or "nNxX" */
	int ind;		/* next argument to look at; first operand at end */
	const char *arg;	/* the argument of the last option that takes one */
	int bad;		/* the offending letter after an error */
	int err;		/* OPT_ILLEGAL, OPT_MISSING, or 0 */
	const char *rest;	/* the unread letters of a bundle */
	int done;
};

/* Starts parsing argv[1..argc-1]; argv[0] is only used by the complaint. */
void opt_init(struct opt *o, int argc, char *const *argv, const char *opts);

/* Returns the next option letter (as an unsigned char value), with o->arg
 * set when it takes an argument; OPT_END once the options are over (and on
 * every call after that); OPT_ILLEGAL or OPT_MISSING with o->bad and o->err
 * set. Every call starts by clearing o->arg, o->bad and o->err, so they
 * describe this call only. After an error, parsing can go on with the next
 * letter. Never fails otherwise. */
int opt_next(struct opt *o);

/* Writes "BASENAME: illegal option -- C\n" or "BASENAME: option requires
 * an argument -- C\n" for the error of the last opt_next() into buf (size
 * len, no NUL), BASENAME being argv[0] after its last '/' ("" when
 * argv[0] is NULL). Returns the length; 0 when there was no error or len is 0. Pure. */
size_t opt_format(char *buf, size_t len, const struct opt *o);

/* Writes opt_format()'s line to fd 2 with one write(2) (EINTR retried).
 * This is the module's only output, kept here because the prefix is
 * argv[0]'s basename, which die.h does not print. Returns 0, or -1 with
 * errno set by write. Async-signal-safe. */
int opt_complain(const struct opt *o);

#endif
