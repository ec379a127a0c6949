/* mlscript.c - multilog's script parser and its line stamps (t: TAI64N,
 * T: ISO 8601 UTC). */

#include <string.h>

#include "mlscript.h"
#include "num.h"
#include "tai64.h"

uint64_t
mlscript_scan(const char *str)
{
	uint64_t u = 0;

	/* 0.76 multiplies and adds without an overflow check: s2^64 is 0. */
	while ((unsigned)(*str - '0') < 10)
		u = u * 10 + (uint64_t)(*str++ - '0');
	return u;
}

static uint64_t
clamp(uint64_t u, uint64_t lo, uint64_t hi)
{
	return u < lo ? lo : u > hi ? hi : u;
}

void
mlscript_parse(struct mlscript *s, struct mlscript_action *actions,
    int argc, char *const *argv)
{
	uint64_t size = MLSCRIPT_SIZE_DEFAULT, num = MLSCRIPT_NUM_DEFAULT;
	const char *processor = 0;
	int i = 0;

	memset(s, 0, sizeof *s);
	/* A stamp is asked for by the first argument only; a later t or T is
	 * an unknown action and ignored (0.76 for t). */
	if (argc > 0 && argv[0][0] == 't') {
		s->stamp = MLSCRIPT_STAMP_TAI64N;
		i = 1;
	} else if (argc > 0 && argv[0][0] == 'T') {
		s->stamp = MLSCRIPT_STAMP_ISO;
		i = 1;
	}
	for (; i < argc; ++i) {
		const char *a = argv[i];
		struct mlscript_action *act = &actions[s->nactions];

		switch (a[0]) {
		case '-':
		case '+':
			act->kind = a[0] == '-' ? MLSCRIPT_DESELECT
			    : MLSCRIPT_SELECT;
			act->arg = a + 1;
			act->index = s->npatterns++;
			break;
		case 'e':
			act->kind = MLSCRIPT_ALERT;
			act->arg = a;
			act->index = s->nalerts++;
			break;
		case '=':
			act->kind = MLSCRIPT_STATUS;
			act->arg = a + 1;
			act->index = s->nstatus++;
			break;
		case '.':
		case '/':
			act->kind = MLSCRIPT_DIR;
			act->arg = a;
			act->index = s->ndirs++;
			act->size = size;
			act->num = num;
			act->processor = processor;
			break;
		case 's':
			size = clamp(mlscript_scan(a + 1), MLSCRIPT_SIZE_MIN,
			    MLSCRIPT_SIZE_MAX);
			continue;
		case 'S':
			/* Only S followed by a digit: daemontools-encore
			 * uses a bare S for something else. */
			if ((unsigned)(a[1] - '0') >= 10)
				continue;
			size = clamp(mlscript_scan(a + 1), MLSCRIPT_SIZE_MIN,
			    MLSCRIPT_SIZE_LARGE_MAX);
			continue;
		case 'n':
			num = mlscript_scan(a + 1);
			if (num < MLSCRIPT_NUM_MIN)
				num = MLSCRIPT_NUM_MIN;
			continue;
		case '!':
			processor = a + 1;
			continue;
		default:
			continue;	/* unknown: ignored (0.76) */
		}
		++s->nactions;
	}
}

size_t
mlscript_stamp(char *s, int kind, const struct timespec *ts)
{
	if (kind == MLSCRIPT_STAMP_TAI64N) {
		struct tai64n t;

		tai64n_from_timespec(&t, ts);
		tai64n_fmt(s, &t);
		s[TAI64N_LABEL_LEN] = ' ';
		return MLSCRIPT_STAMP_TAI64N_LEN;
	}
	if (kind == MLSCRIPT_STAMP_ISO) {
		struct tm tm;
		time_t sec = ts->tv_sec;
		unsigned year;
		char *p = s;

		if (!gmtime_r(&sec, &tm))
			memset(&tm, 0, sizeof tm);	/* out of range */
		year = (unsigned)(tm.tm_year + 1900) % 10000;
		p += num_fmt_ulong0(p, year, 4);
		p += tai64_fmt_tm(p, &tm, 'T');
		*p++ = '.';
		p += num_fmt_ulong0(p, (unsigned long)(ts->tv_nsec / 1000), 6);
		*p++ = 'Z';
		*p++ = ' ';
		return (size_t)(p - s);
	}
	return 0;
}
