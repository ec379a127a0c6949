/* die.h - diagnostics in the daemontools shape, and exiting with a code.
 *   PROG: fatal: PARTS: ERR      die_sys(code, parts...)
 *   PROG: fatal: PARTS           die_x(code, parts...)
 *   PROG: warning: PARTS: ERR    warn_sys(parts...)
 *   PROG: warning: PARTS         warn_x(parts...)
 *   PROG: usage: PROG ARGS       die_usage(usage)   exit 100
 * PARTS are strings concatenated as given. ERR is die_errstr(errno): the
 * daemontools wording, not strerror(). A message is assembled in a fixed
 * stack buffer (longer ones are cut) and written with one write(2) to fd 2,
 * so it never interleaves with another process's line and is safe between
 * fork and exec. warn_* preserve errno. This is the only module that prints
 * and exits; elsewhere only the child of portab_spawn() calls _exit(), when
 * its function returns instead of exec'ing. */
#ifndef DAEMONBOX_DIE_H
#define DAEMONBOX_DIE_H

#include <stdarg.h>

#define DIE_USAGE 100
#define DIE_TEMP 111
#define DIE_BUG 101
#define DIE_MSG_MAX 4608

/* Sets PROG, the fixed tool name; the string must outlive the process. */
void die_init(const char *prog);

/* The daemontools text for an errno value ("file does not exist", ...);
 * "unknown error" for a code its table lacks. Never NULL. */
const char *die_errstr(int err);

/* Formats "PROG: KIND: " (either left out when NULL), the NULL-terminated
 * PARTS, ": ERR" when err >= 0, and a newline into buf of size len. A
 * message that does not fit is cut, keeping the newline. Returns the
 * length written (no NUL is added). Pure: the helpers below use it and
 * unit tests call it. */
unsigned long die_format(char *buf, unsigned long len, const char *prog,
    const char *kind, int err, va_list parts);

void die_x_(int code, ...) __attribute__((noreturn));
void die_sys_(int code, ...) __attribute__((noreturn));
void warn_x_(int unused, ...);
void warn_sys_(int unused, ...);
/* Writes the PARTS as they are: no "PROG: " and no kind (the Debian
 * supervise readlink message), with ": ERR" when err >= 0. */
void die_raw_(int code, int err, ...) __attribute__((noreturn));
void die_usage_code(int code, const char *usage) __attribute__((noreturn));

#define die_x(code, ...) die_x_((code), __VA_ARGS__, (const char *)0)
#define die_sys(code, ...) die_sys_((code), __VA_ARGS__, (const char *)0)
#define warn_x(...) warn_x_(0, __VA_ARGS__, (const char *)0)
#define warn_sys(...) warn_sys_(0, __VA_ARGS__, (const char *)0)
#define die_raw(code, err, ...) die_raw_((code), (err), __VA_ARGS__, (const char *)0)
#define die_usage(usage) die_usage_code(DIE_USAGE, (usage))
#define die_nomem() die_x(DIE_TEMP, "out of memory")

#endif
