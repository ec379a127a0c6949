/* num.h - unsigned decimal and hexadecimal numbers: scanning with overflow
 * checks and formatting without stdio. Pure functions; no allocation. */
#ifndef DAEMONBOX_NUM_H
#define DAEMONBOX_NUM_H

#include <stddef.h>
#include <stdint.h>

/* Room for any unsigned long long in decimal, without a NUL. */
#define NUM_FMT_ULONG 20

/* Reads decimal digits at s into *u. Returns how many digits were read;
 * 0 when s does not start with a digit, or when the value does not fit
 * (then errno is ERANGE and *u is untouched). */
size_t num_scan_ulong(const char *s, unsigned long *u);

/* Like num_scan_ulong, but the whole string must be digits: returns 0 and
 * stores the value, or -1 with errno EINVAL (not all digits, or empty) or
 * ERANGE (too large). */
int num_parse_ulong(const char *s, unsigned long *u);

/* Writes u in decimal at s (no NUL) and returns the length; with s NULL,
 * only returns the length. */
size_t num_fmt_ulong(char *s, unsigned long long u);

/* Writes u in decimal, padded on the left with '0' to at least width. */
size_t num_fmt_ulong0(char *s, unsigned long long u, size_t width);

/* Writes the n low-order bytes of u, most significant first, as 2n
 * lower-case hex digits (no NUL). Returns 2n. */
size_t num_fmt_xlong(char *s, uint64_t u, size_t n);

/* Value of a lower-case hex digit, or -1 ('A'-'F' are not digits here, as
 * in daemontools). */
int num_hexdigit(char c);

#endif
