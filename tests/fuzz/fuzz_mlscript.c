/* fuzz_mlscript - fuzzes multilog's script parser (mlscript_parse,
 * mlscript_scan) and its line stamps (mlscript_stamp). */

#include <time.h>

#include "fuzz.h"
#include "mlscript.h"
#include "tai64.h"

/* The rules of mlscript.h restated as checks. Input: ARG NUL ARG NUL ...;
 * stamps use a clock reading made from the first 12 bytes. */

#define MAXARGS 64

static uint64_t
model_scan(const char *s)
{
	uint64_t u = 0;

	while (*s >= '0' && *s <= '9')
		u = u * 10 + (uint64_t)(*s++ - '0');
	return u;
}

static int
in_argv(const char *p, char **argv, int argc)
{
	int i;

	for (i = 0; i < argc; ++i)
		if (p >= argv[i] && p <= argv[i] + strlen(argv[i]))
			return 1;
	return 0;
}

static void
check_stamp(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct timespec ts;
	struct tai64n t;
	char *buf = fuzz_dup("", MLSCRIPT_STAMP_MAX);
	size_t n;
	int i;

	/* Any second a realtime clock can hold, nanoseconds in range. */
	ts.tv_sec = (time_t)fuzz_u64(&in, 8);
	ts.tv_nsec = (long)(fuzz_u64(&in, 4) % 1000000000);
	CHECK(mlscript_stamp(buf, MLSCRIPT_STAMP_NONE, &ts) == 0);
	n = mlscript_stamp(buf, MLSCRIPT_STAMP_TAI64N, &ts);
	CHECK(n == MLSCRIPT_STAMP_TAI64N_LEN && buf[n - 1] == ' ');
	{
		size_t used;
		CHECK(buf[0] == '@');
		CHECK(tai64n_scan(&t, buf + 1, TAI64N_LABEL_LEN - 1, &used) == 0);
		CHECK(used == TAI64N_LABEL_LEN - 1);
	}
	CHECK(t.sec == tai64_from_unix((int64_t)ts.tv_sec));
	CHECK(t.nano == (uint32_t)(ts.tv_nsec / 1000) * 1000 + 500);
	n = mlscript_stamp(buf, MLSCRIPT_STAMP_ISO, &ts);
	CHECK(n == MLSCRIPT_STAMP_ISO_LEN);
	/* YYYY-MM-DDTHH:MM:SS.uuuuuuZ and a space */
	for (i = 0; i < (int)n; ++i) {
		char c = buf[i];

		switch (i) {
		case 4: case 7: CHECK(c == '-'); break;
		case 10: CHECK(c == 'T'); break;
		case 13: case 16: CHECK(c == ':'); break;
		case 19: CHECK(c == '.'); break;
		case 26: CHECK(c == 'Z'); break;
		case 27: CHECK(c == ' '); break;
		default: CHECK(c >= '0' && c <= '9'); break;
		}
	}
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAXARGS + 1];
	int argc = fuzz_split(data, size, argv, MAXARGS);
	struct mlscript_action *act = calloc((size_t)argc + 1, sizeof *act);
	struct mlscript s;
	size_t i, ndirs = 0, nstatus = 0, nalerts = 0, npat = 0;
	uint64_t size_now = MLSCRIPT_SIZE_DEFAULT, num_now = MLSCRIPT_NUM_DEFAULT;
	const char *proc_now = 0;
	int a, first = 0;

	CHECK(act != 0);
	for (a = 0; a < argc; ++a)
		CHECK(mlscript_scan(argv[a]) == model_scan(argv[a]));
	/* The parser may use argc slots and no more: act has one spare,
	 * filled with a marker. */
	memset(&act[argc], 0x5a, sizeof act[argc]);
	mlscript_parse(&s, act, argc, argv);
	{
		struct mlscript_action mark;

		memset(&mark, 0x5a, sizeof mark);
		CHECK(memcmp(&act[argc], &mark, sizeof mark) == 0);
	}
	CHECK(s.nactions <= (size_t)argc);
	CHECK(s.ndirs + s.nstatus + s.nalerts + s.npatterns == s.nactions);
	if (argc > 0 && argv[0][0] == 't') {
		CHECK(s.stamp == MLSCRIPT_STAMP_TAI64N);
		first = 1;
	} else if (argc > 0 && argv[0][0] == 'T') {
		CHECK(s.stamp == MLSCRIPT_STAMP_ISO);
		first = 1;
	} else {
		CHECK(s.stamp == MLSCRIPT_STAMP_NONE);
	}

	/* Walk the script again and match every action in order. */
	i = 0;
	for (a = first; a < argc; ++a) {
		const char *arg = argv[a];
		const struct mlscript_action *x = &act[i];

		switch (arg[0]) {
		case '-': case '+':
			CHECK(i < s.nactions);
			CHECK(x->kind == (arg[0] == '-' ? MLSCRIPT_DESELECT :
			    MLSCRIPT_SELECT));
			CHECK(x->arg == arg + 1 && x->index == npat++);
			++i;
			break;
		case 'e':
			CHECK(i < s.nactions && x->kind == MLSCRIPT_ALERT);
			CHECK(x->index == nalerts++);
			++i;
			break;
		case '=':
			CHECK(i < s.nactions && x->kind == MLSCRIPT_STATUS);
			CHECK(x->arg == arg + 1 && x->index == nstatus++);
			++i;
			break;
		case '.': case '/':
			CHECK(i < s.nactions && x->kind == MLSCRIPT_DIR);
			CHECK(x->arg == arg && x->index == ndirs++);
			CHECK(x->size == size_now && x->num == num_now);
			CHECK(x->processor == proc_now);
			CHECK(x->size >= MLSCRIPT_SIZE_MIN &&
			    x->size <= MLSCRIPT_SIZE_LARGE_MAX);
			CHECK(x->num >= MLSCRIPT_NUM_MIN);
			++i;
			break;
		case 's':
			size_now = model_scan(arg + 1);
			if (size_now < MLSCRIPT_SIZE_MIN)
				size_now = MLSCRIPT_SIZE_MIN;
			if (size_now > MLSCRIPT_SIZE_MAX)
				size_now = MLSCRIPT_SIZE_MAX;
			break;
		case 'S':
			if (arg[1] < '0' || arg[1] > '9')
				break;
			size_now = model_scan(arg + 1);
			if (size_now < MLSCRIPT_SIZE_MIN)
				size_now = MLSCRIPT_SIZE_MIN;
			if (size_now > MLSCRIPT_SIZE_LARGE_MAX)
				size_now = MLSCRIPT_SIZE_LARGE_MAX;
			break;
		case 'n':
			num_now = model_scan(arg + 1);
			if (num_now < MLSCRIPT_NUM_MIN)
				num_now = MLSCRIPT_NUM_MIN;
			break;
		case '!':
			proc_now = arg + 1;
			break;
		default:
			break;
		}
	}
	CHECK(i == s.nactions);
	CHECK(ndirs == s.ndirs && nstatus == s.nstatus &&
	    nalerts == s.nalerts && npat == s.npatterns);
	for (i = 0; i < s.nactions; ++i) {
		CHECK(in_argv(act[i].arg, argv, argc));
		if (act[i].kind == MLSCRIPT_DIR && act[i].processor)
			CHECK(in_argv(act[i].processor, argv, argc));
	}

	check_stamp(data, size);
	fuzz_free_argv(argv, argc);
	free(act);
	return 0;
}
