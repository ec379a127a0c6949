/* signame.c - signal names for supervise (down-signal) and svimport
 * (supervisord's stopsignal). */

#include <errno.h>
#include <signal.h>

#include "signame.h"

/* NSIG is not in POSIX: without it, a bound above every signal number of
 * the systems built for (Linux 64, FreeBSD 128). */
#ifdef NSIG
#define SIGNAME_LIMIT NSIG
#else
#define SIGNAME_LIMIT 129
#endif

/* Names in arrays, not pointers: the table needs no relocation and stays
 * in read-only memory in every process of the binary. */
static const struct {
	char name[8];
	int num;
} table[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
	{ "ILL", SIGILL }, { "TRAP", SIGTRAP }, { "ABRT", SIGABRT },
	{ "BUS", SIGBUS }, { "FPE", SIGFPE }, { "KILL", SIGKILL },
	{ "USR1", SIGUSR1 }, { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
	{ "CHLD", SIGCHLD }, { "CONT", SIGCONT }, { "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP }, { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU },
	{ "URG", SIGURG }, { "XCPU", SIGXCPU }, { "XFSZ", SIGXFSZ },
	{ "VTALRM", SIGVTALRM }, { "PROF", SIGPROF }, { "SYS", SIGSYS },
#ifdef SIGWINCH
	{ "WINCH", SIGWINCH },
#endif
#ifdef SIGIO
	{ "IO", SIGIO },
#endif
#ifdef SIGPOLL
	{ "POLL", SIGPOLL },
#endif
#ifdef SIGPWR
	{ "PWR", SIGPWR },
#endif
#ifdef SIGEMT
	{ "EMT", SIGEMT },
#endif
#ifdef SIGINFO
	{ "INFO", SIGINFO },
#endif
#ifdef SIGSTKFLT
	{ "STKFLT", SIGSTKFLT },
#endif
#ifdef SIGIOT
	{ "IOT", SIGIOT },
#endif
};

static int
upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

static int
lookup(const char *s, size_t len, int *sig)
{
	size_t i, k;

	if (len && s[0] >= '0' && s[0] <= '9') {
		unsigned long v = 0;

		for (k = 0; k < len; ++k) {
			if (s[k] < '0' || s[k] > '9')
				return -1;
			v = v * 10 + (unsigned long)(s[k] - '0');
			if (v >= SIGNAME_LIMIT)
				return -1;
		}
		if (!v)
			return -1;
		*sig = (int)v;
		return 0;
	}
	for (i = 0; i < sizeof table / sizeof table[0]; ++i) {
		for (k = 0; k < len && k < sizeof table[i].name; ++k)
			if (upper((unsigned char)s[k]) != table[i].name[k])
				break;
		if (k == len && (k == sizeof table[i].name || !table[i].name[k])) {
			*sig = table[i].num;
			return 0;
		}
	}
	return -1;
}

int
signame_scan(const char *s, size_t len, int *sig)
{
	/* As skalibs: the whole string, else the part after "SIG". */
	if (lookup(s, len, sig) == 0 ||
	    (len > 3 && upper((unsigned char)s[0]) == 'S' &&
	    upper((unsigned char)s[1]) == 'I' &&
	    upper((unsigned char)s[2]) == 'G' &&
	    lookup(s + 3, len - 3, sig) == 0))
		return 0;
	errno = EINVAL;
	return -1;
}

const char *
signame_name(int sig)
{
	size_t i;

	for (i = 0; i < sizeof table / sizeof table[0]; ++i)
		if (table[i].num == sig)
			return table[i].name;
	return 0;
}
