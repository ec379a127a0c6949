/* mlscript.h - multilog's script: the arguments turned into a list of
 * actions, each directory capturing the size, count and processor in force
 * at its position (spec multilog.md §1). Only the first byte of an argument
 * matters:
 *   -PAT +PAT    deselect / select the line when PAT matches (match.h)
 *   e...         copy a selected line to stderr
 *   =FILE        overwrite FILE with a selected line
 *   ./DIR /DIR   log directory
 *   sSIZE        size limit for the directories that follow: decimal digits
 *                up to the first non-digit, wrapping modulo 2^64 as 0.76's
 *                scanner does, then clamped to 4096..16777215
 *   SSIZE        (daemonbox, S and a digit) the same, clamped to
 *                4096..2147483647: the opt-in large size
 *   nNUM         files kept (current + archives), at least 2, wrapping too
 *   !PROG        processor for the directories that follow
 *   t... / T...  only as the FIRST argument: TAI64N stamp / (daemonbox)
 *                ISO 8601 UTC stamp in front of every line
 * Anything else is ignored, as in 0.76 (a bare "S", "T" not first, ...).
 * The action array is the caller's (one slot per argument is enough); the
 * strings point into argv. Nothing allocates, prints or exits. */
#ifndef DAEMONBOX_MLSCRIPT_H
#define DAEMONBOX_MLSCRIPT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define MLSCRIPT_SIZE_DEFAULT 99999
#define MLSCRIPT_SIZE_MIN 4096
#define MLSCRIPT_SIZE_MAX 16777215		/* 0.76's ceiling for s */
#define MLSCRIPT_SIZE_LARGE_MAX 2147483647	/* ceiling for S */
#define MLSCRIPT_NUM_DEFAULT 10
#define MLSCRIPT_NUM_MIN 2

/* Stamp kinds and the bytes each puts in front of a line (space included):
 * "@" + 24 hex digits + " ", or "YYYY-MM-DDTHH:MM:SS.uuuuuuZ ". */
#define MLSCRIPT_STAMP_NONE 0
#define MLSCRIPT_STAMP_TAI64N 1
#define MLSCRIPT_STAMP_ISO 2
#define MLSCRIPT_STAMP_TAI64N_LEN 26
#define MLSCRIPT_STAMP_ISO_LEN 28
#define MLSCRIPT_STAMP_MAX 28

enum mlscript_kind {
	MLSCRIPT_DESELECT,	/* -PATTERN */
	MLSCRIPT_SELECT,	/* +PATTERN */
	MLSCRIPT_ALERT,		/* e */
	MLSCRIPT_STATUS,	/* =FILE */
	MLSCRIPT_DIR		/* ./DIR, /DIR */
};

struct mlscript_action {
	enum mlscript_kind kind;
	const char *arg;	/* pattern without its sign, FILE, or DIR as
				 * written (the whole argument) */
	size_t index;		/* nth pattern, e, =FILE or DIR, from 0 */
	/* Directories only: the settings in force at this position. */
	uint64_t size;
	uint64_t num;
	const char *processor;	/* NULL: none; "" for a bare "!" */
};

struct mlscript {
	int stamp;		/* MLSCRIPT_STAMP_* */
	size_t nactions;
	size_t ndirs;
	size_t nstatus;
	size_t nalerts;
	size_t npatterns;
};

/* Parses argv[0..argc) (the script, without the program name) into
 * actions[], which must have room for argc entries. Cannot fail. */
void mlscript_parse(struct mlscript *s, struct mlscript_action *actions,
    int argc, char *const *argv);

/* Decimal digits at str up to the first non-digit, wrapping modulo 2^64
 * (0.76's scan_ulong on a 64-bit system). No digits: 0. */
uint64_t mlscript_scan(const char *str);

/* Writes the stamp of the given kind for the realtime clock reading ts
 * at s and returns its length (0 for MLSCRIPT_STAMP_NONE). s has room for
 * MLSCRIPT_STAMP_MAX bytes. The TAI64N stamp is tai64.h's label (to the
 * microsecond, +500 ns, as daemontools); the ISO one is UTC to the
 * microsecond. */
size_t mlscript_stamp(char *s, int kind, const struct timespec *ts);

#endif
