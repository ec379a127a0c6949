/* supconf.h - a supervisord configuration as supervisord 4 reads it, for
 * svimport: the files (the main one and its [include] globs), then one
 * record per process with every option svimport maps, typed as
 * supervisord types it (booleans, integers, byte sizes, signals, exit
 * codes, octal umasks, "KEY=val,..." environments, commands split as
 * Python's shlex.split does), and notes on what has no daemontools
 * equivalent or only an approximate one, each with its file and line.
 *
 * Expansions are supervisord's: %(here)s (the directory of the file the
 * value is in), %(program_name)s, %(group_name)s, %(host_node_name)s,
 * %(process_num)d, %(numprocs)d, and %(ENV_X)s from the environment given
 * (svimport's own, standing in for supervisord's at its start), then
 * [supervisord]'s environment=, then the program's own (for directory,
 * command and the log files). A process is named by process_name
 * (default %(program_name)s), one per number from numprocs_start on.
 *
 * What is refused is what supervisord refuses when it reads the file (a
 * bad boolean, an unknown signal, numprocs > 1 without %(process_num)...)
 * plus what cannot be written as a service: a command that shlex cannot
 * split or that is empty, a NUL byte. The first such error stops
 * everything; the caller writes nothing.
 *
 * Log file names starting with "~/" get $HOME (from the environment given)
 * in its place; "~user" is kept as it is.
 *
 * [include]'s globs are matched here, as Python's glob.glob matches them
 * (*, ?, [...] and [!...] within a component, hidden names only for a
 * pattern that starts with a dot, sorted), without libc's glob(3).
 *
 * All memory is the struct's (supconf_free). Functions return 0, or -1
 * with errno: ENOMEM, an error of open(2) or read(2) of the main file
 * (SUPCONF_E_IO), or EINVAL with err describing a malformed file
 * (SUPCONF_E_FORMAT). None prints or exits. */
#ifndef DAEMONBOX_SUPCONF_H
#define DAEMONBOX_SUPCONF_H

#include <stddef.h>

#include "ini.h"

/* The options of [program:x] that svimport reads, in this order; each
 * process records where each was set (supconf_proc.at). The six of
 * stdout come in the order of SUPCONF_LOG_*, and stderr's follow. */
enum supconf_opt {
	SUPCONF_COMMAND, SUPCONF_PROCESS_NAME, SUPCONF_NUMPROCS,
	SUPCONF_NUMPROCS_START, SUPCONF_PRIORITY, SUPCONF_AUTOSTART,
	SUPCONF_STARTSECS, SUPCONF_STARTRETRIES, SUPCONF_AUTORESTART,
	SUPCONF_EXITCODES, SUPCONF_STOPSIGNAL, SUPCONF_STOPWAITSECS,
	SUPCONF_STOPASGROUP, SUPCONF_KILLASGROUP, SUPCONF_USER,
	SUPCONF_REDIRECT_STDERR, SUPCONF_ENVIRONMENT, SUPCONF_DIRECTORY,
	SUPCONF_UMASK, SUPCONF_SERVERURL,
	SUPCONF_STDOUT,		/* first of the stdout options, below */
	SUPCONF_STDERR = SUPCONF_STDOUT + 6,
	SUPCONF_NOPTS = SUPCONF_STDERR + 6
};
/* Offsets from SUPCONF_STDOUT or SUPCONF_STDERR. */
enum { SUPCONF_LOGFILE, SUPCONF_MAXBYTES, SUPCONF_BACKUPS,
	SUPCONF_CAPTURE_MAXBYTES, SUPCONF_EVENTS_ENABLED, SUPCONF_SYSLOG };

/* The option's name ("stdout_logfile_maxbytes"). */
const char *supconf_option_name(int opt);

enum supconf_restart { SUPCONF_NEVER, SUPCONF_UNEXPECTED, SUPCONF_ALWAYS };
enum supconf_logkind { SUPCONF_LOG_AUTO, SUPCONF_LOG_NONE, SUPCONF_LOG_FILE };

/* A file and a line; line 0: not set (the default applies). */
struct supconf_where {
	unsigned file, line;
};

struct supconf_log {
	int kind;		/* SUPCONF_LOG_* */
	char *path;		/* FILE: absolute, "." and ".." resolved */
};

struct supconf_proc {
	char *name;		/* the process name */
	char *program;		/* x of [program:x] */
	char *group;		/* its group: [group:g], else x */
	const char *section;	/* "program:x" (the ini's string) */
	struct supconf_where sec;	/* the [program:x] line */
	struct supconf_where at[SUPCONF_NOPTS];
	/* The typed options, by their enum: booleans 0 or 1, numbers,
	 * sizes in bytes, stopsignal a signal number, autorestart a
	 * SUPCONF_NEVER..., umask -1 when not set; *_syslog is also set by
	 * a log file named "syslog". The strings are below. */
	long long v[SUPCONF_NOPTS];
	long long group_priority;	/* [group:g]'s, else the program's */
	unsigned char exitcodes[32];	/* bit n: n is expected */
	char **argv;		/* the command, NULL-terminated */
	char *directory;	/* NULL: none */
	char *user;		/* NULL: none; else as written (a number too) */
	struct supconf_log log[2];	/* stdout, stderr */
	char **env;		/* "NAME=value": [supervisord]'s, then the
				   program's; NULL-terminated */
};

/* A report line: "[program:x] startsecs: not mapped: ...". */
struct supconf_note {
	unsigned file, line;
	size_t seq;		/* the order it was made in */
	char *text;
};

enum supconf_errkind { SUPCONF_E_NONE, SUPCONF_E_IO, SUPCONF_E_FORMAT };

struct supconf_error {
	int kind;		/* SUPCONF_E_* */
	unsigned file, line;	/* line 0 with SUPCONF_E_IO */
	char what[512];		/* FORMAT: what is wrong */
};

struct supconf {
	/* The caller's, set before supconf_load (or supconf_add). */
	char *const *environ;	/* "NAME=value" for %(ENV_NAME)s */
	const char *host;	/* %(host_node_name)s */
	const char *cwd;	/* makes relative paths absolute */
	/* Filled in. */
	struct ini ini;
	char **file;		/* file[0]: the main file as given */
	char **here;		/* the directory of each, absolute */
	size_t nfile;
	struct supconf_proc *proc;
	size_t nproc;
	struct supconf_note *note;
	size_t nnote;
	struct supconf_error err;
	/* Internal. */
	unsigned include_file;	/* where the followed [include] came from */
	unsigned include_line;
};

/* Reads path and what its [include] names (Python's glob, sorted, each
 * pattern relative to path's directory), as supervisord does before it
 * looks at anything else. */
int supconf_load(struct supconf *c, const char *path);

/* Adds a file's bytes as if read from path (no I/O): parses them and
 * puts its directory in place of %(here)s in its values. */
int supconf_add(struct supconf *c, const char *buf, size_t len,
    const char *path);

/* Turns the sections read into processes and notes (no I/O). */
int supconf_build(struct supconf *c);

/* Adds the note "[SEC] OPT: TEXT MORE" at at (sec, opt and more may be
 * NULL: left out). Identical notes for one line are kept once (numprocs
 * makes many). */
int supconf_note(struct supconf *c, struct supconf_where at, const char *sec,
    const char *opt, const char *text, const char *more);

/* Sorts the notes by file, line and the order they were made in. */
void supconf_sort_notes(struct supconf *c);

/* The process whose name is name, or NULL. */
const struct supconf_proc *supconf_find(const struct supconf *c,
    const char *name);

void supconf_free(struct supconf *c);

/* The pieces, for their tests. Each returns 0, or -1 (EINVAL) with a
 * static text in *why. */
int supconf_int(const char *s, long long *v, const char **why);
int supconf_bool(const char *s, int *v, const char **why);
int supconf_bytes(const char *s, long long *v, const char **why);
int supconf_octal(const char *s, int *v, const char **why);
int supconf_exitcodes(const char *s, unsigned char bits[32],
    const char **why);
int supconf_signal(const char *s, int *sig, const char **why);
/* shlex.split(s) (POSIX mode, no comments): a malloc'd NULL-terminated
 * array of malloc'd words; -1 with ENOMEM too. */
int supconf_split(const char *s, char ***argv, const char **why);
/* supervisord's "KEY=val,KEY2=val2" (shlex in its legacy mode): a
 * malloc'd NULL-terminated array of "KEY=val"; a later KEY replaces the
 * value of an earlier one in place. */
int supconf_env(const char *s, char ***env, const char **why);
/* Frees an array made by the two above. */
void supconf_free_list(char **list);

#endif
