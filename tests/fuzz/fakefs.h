/* fakefs.h - an in-memory filesystem behind struct logdir_fs, for the
 * logdir and multilog harnesses. */

#ifndef DAEMONBOX_FAKEFS_H
#define DAEMONBOX_FAKEFS_H

/* Hard links, modes, descriptors checked on every use, failures injected
 * from the fuzzer's input, and a record of every archive ever linked so
 * lost or repeated log data shows. */

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "fuzz.h"
#include "logdir.h"

#define FAKEFS_DIRS 4
#define FAKEFS_ENTRIES 64
#define FAKEFS_FDS 64
#define FAKEFS_HIST 8192

struct fakefs_inode {
	char *data;
	size_t len, cap;
	mode_t mode;
	int nlink;
	int used;
};

struct fakefs_entry {
	char name[LOGDIR_NAME_MAX];
	int ino;
};

struct fakefs_archive {
	char name[32];
	int ino;
	int fresh;		/* linked by logdir, not set up by the test */
};

struct fakefs_dir {
	char path[LOGDIR_NAME_MAX];
	int used;
	struct fakefs_entry ent[FAKEFS_ENTRIES];
	int nent;
	struct fakefs_archive hist[FAKEFS_HIST];
	int nhist;
	char last[26];		/* newest label linked by logdir */
};

struct fakefs {
	struct fakefs_inode *ino;	/* grows; never reused in a run */
	int nino, cap;
	struct fakefs_dir dir[FAKEFS_DIRS];
	struct { int used, dir, ino; } fd[FAKEFS_FDS];
	/* Failure injection: while faults is set, each call takes a byte
	 * from in and fails when its low 3 bits are 0 (short writes on 1).
	 * An exhausted input injects nothing. */
	struct fuzz_in *in;
	int faults;
	int injected;		/* failures injected so far */
};

extern struct fakefs fakefs;
extern const struct logdir_fs fakefs_ops;

void fakefs_reset(struct fuzz_in *in);
/* Makes directory path (if needed) and file name in it with the given
 * bytes and mode; with link_to set, name becomes another link to that
 * existing file instead. Returns the inode. */
int fakefs_add(const char *path, const char *name, const char *data,
    size_t len, mode_t mode, const char *link_to);
struct fakefs_dir *fakefs_dir(const char *path);
/* The inode of name in d, or -1. */
int fakefs_lookup(const struct fakefs_dir *d, const char *name);
/* Open descriptors. */
int fakefs_open_fds(void);
/* Appends every archive of d ever linked, in name order, then current,
 * to a malloc'd buffer; *len its size. */
char *fakefs_stream(const struct fakefs_dir *d, size_t *len);
/* Entries of d whose names start with '@'. */
int fakefs_count_archives(const struct fakefs_dir *d);
/* Writes data to the inode (a processor's output), O_TRUNC first. */
void fakefs_set(int ino, const char *data, size_t len);

#endif
