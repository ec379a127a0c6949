/* fakefs.c - the in-memory filesystem of fakefs.h for the logdir and
 * multilog harnesses. */

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "fakefs.h"

/* Every misuse logdir could make (a closed descriptor, a file where a
 * directory belongs) is an abort, so the fuzzer reports it. */

struct fakefs fakefs;

static const int errnos[] = { EIO, ENOSPC, EACCES, EINTR, EDQUOT, EMFILE,
	EROFS, ENOMEM };

static int
fault(void)
{
	uint8_t b;

	if (!fakefs.faults || !fakefs.in || !fakefs.in->n)
		return 0;
	b = fuzz_byte(fakefs.in);
	if (b & 7)
		return (b & 7) == 1 ? 2 : 0;
	errno = errnos[(b >> 3) % (sizeof errnos / sizeof errnos[0])];
	++fakefs.injected;
	return 1;
}

void
fakefs_reset(struct fuzz_in *in)
{
	int i;

	for (i = 0; i < fakefs.nino; ++i)
		free(fakefs.ino[i].data);
	free(fakefs.ino);
	/* Only the parts in use: the directories are large. */
	for (i = 0; i < FAKEFS_DIRS; ++i)
		if (fakefs.dir[i].used) {
			fakefs.dir[i].used = 0;
			fakefs.dir[i].nent = 0;
			fakefs.dir[i].nhist = 0;
			fakefs.dir[i].last[0] = 0;
		}
	memset(fakefs.fd, 0, sizeof fakefs.fd);
	fakefs.ino = 0;
	fakefs.nino = fakefs.cap = 0;
	fakefs.faults = fakefs.injected = 0;
	fakefs.in = in;
}

static int
new_inode(mode_t mode)
{
	struct fakefs_inode *n;

	if (fakefs.nino == fakefs.cap) {
		fakefs.cap = fakefs.cap ? fakefs.cap * 2 : 64;
		fakefs.ino = realloc(fakefs.ino,
		    sizeof *fakefs.ino * (size_t)fakefs.cap);
		CHECK(fakefs.ino != 0);
	}
	n = &fakefs.ino[fakefs.nino];
	memset(n, 0, sizeof *n);
	n->used = 1;
	n->mode = mode & 07777;
	return fakefs.nino++;
}

static void
append(int ino, const char *data, size_t len)
{
	struct fakefs_inode *n = &fakefs.ino[ino];

	if (n->len + len > n->cap) {
		n->cap = (n->len + len) * 2 + 64;
		n->data = realloc(n->data, n->cap);
		CHECK(n->data != 0);
	}
	if (len)
		memcpy(n->data + n->len, data, len);
	n->len += len;
}

void
fakefs_set(int ino, const char *data, size_t len)
{
	fakefs.ino[ino].len = 0;
	append(ino, data, len);
}

struct fakefs_dir *
fakefs_dir(const char *path)
{
	int i;

	for (i = 0; i < FAKEFS_DIRS; ++i)
		if (fakefs.dir[i].used && !strcmp(fakefs.dir[i].path, path))
			return &fakefs.dir[i];
	return 0;
}

int
fakefs_lookup(const struct fakefs_dir *d, const char *name)
{
	int i;

	for (i = 0; i < d->nent; ++i)
		if (!strcmp(d->ent[i].name, name))
			return d->ent[i].ino;
	return -1;
}

static int
entry_index(const struct fakefs_dir *d, const char *name)
{
	int i;

	for (i = 0; i < d->nent; ++i)
		if (!strcmp(d->ent[i].name, name))
			return i;
	return -1;
}

static void
add_entry(struct fakefs_dir *d, const char *name, int ino, int fresh)
{
	struct fakefs_entry *e;

	CHECK(strlen(name) < LOGDIR_NAME_MAX);
	CHECK(d->nent < FAKEFS_ENTRIES);	/* retention keeps it small */
	e = &d->ent[d->nent++];
	strcpy(e->name, name);
	e->ino = ino;
	fakefs.ino[ino].nlink++;
	if (name[0] == '@') {
		struct fakefs_archive *a;

		CHECK(d->nhist < FAKEFS_HIST && strlen(name) < sizeof a->name);
		a = &d->hist[d->nhist++];
		strcpy(a->name, name);
		a->ino = ino;
		a->fresh = fresh;
	}
}

static void
remove_entry(struct fakefs_dir *d, int i)
{
	fakefs.ino[d->ent[i].ino].nlink--;
	d->ent[i] = d->ent[--d->nent];
}

static struct fakefs_dir *
make_dir(const char *path)
{
	struct fakefs_dir *d = fakefs_dir(path);
	int i;

	if (d)
		return d;
	for (i = 0; i < FAKEFS_DIRS; ++i)
		if (!fakefs.dir[i].used)
			break;
	CHECK(i < FAKEFS_DIRS && strlen(path) < LOGDIR_NAME_MAX);
	d = &fakefs.dir[i];
	d->used = 1;
	strcpy(d->path, path);
	return d;
}

int
fakefs_add(const char *path, const char *name, const char *data,
    size_t len, mode_t mode, const char *link_to)
{
	struct fakefs_dir *d = make_dir(path);
	int ino;

	if (link_to) {
		ino = fakefs_lookup(d, link_to);
		CHECK(ino >= 0);
	} else {
		ino = new_inode(mode);
		append(ino, data, len);
	}
	add_entry(d, name, ino, 0);
	return ino;
}

/* A descriptor's slot; aborts on one that is not open. */
static int
slot(int fd)
{
	int i = fd - 100;

	CHECK(i >= 0 && i < FAKEFS_FDS && fakefs.fd[i].used);
	return i;
}

static struct fakefs_dir *
dir_of(int fd)
{
	int i = slot(fd);

	CHECK(fakefs.fd[i].dir >= 0);	/* a directory descriptor */
	return &fakefs.dir[fakefs.fd[i].dir];
}

static int
file_of(int fd)
{
	int i = slot(fd);

	CHECK(fakefs.fd[i].ino >= 0);	/* a file descriptor */
	return fakefs.fd[i].ino;
}

static int
new_fd(int dir, int ino)
{
	int i;

	for (i = 0; i < FAKEFS_FDS; ++i)
		if (!fakefs.fd[i].used)
			break;
	CHECK(i < FAKEFS_FDS);	/* a descriptor leak would end here */
	fakefs.fd[i].used = 1;
	fakefs.fd[i].dir = dir;
	fakefs.fd[i].ino = ino;
	return 100 + i;
}

int
fakefs_open_fds(void)
{
	int i, n = 0;

	for (i = 0; i < FAKEFS_FDS; ++i)
		n += fakefs.fd[i].used;
	return n;
}

static int
f_mkdir(const char *path, mode_t mode)
{
	(void)mode;
	if (fault() == 1)
		return -1;
	if (fakefs_dir(path)) {
		errno = EEXIST;
		return -1;
	}
	make_dir(path);
	return 0;
}

static int
f_opendir(const char *path)
{
	struct fakefs_dir *d;

	if (fault() == 1)
		return -1;
	d = fakefs_dir(path);
	if (!d) {
		errno = ENOENT;
		return -1;
	}
	return new_fd((int)(d - fakefs.dir), -1);
}

static int
f_openat(int dfd, const char *name, int flags, mode_t mode)
{
	struct fakefs_dir *d = dir_of(dfd);
	int ino;

	if (fault() == 1)
		return -1;
	ino = fakefs_lookup(d, name);
	if (ino < 0) {
		if (!(flags & O_CREAT)) {
			errno = ENOENT;
			return -1;
		}
		ino = new_inode(mode);
		add_entry(d, name, ino, 1);
	} else if (flags & O_TRUNC) {
		fakefs.ino[ino].len = 0;
	}
	CHECK(flags & O_CLOEXEC);	/* logdir's descriptors are */
	return new_fd(-1, ino);
}

static int
f_lock(int fd)
{
	(void)slot(fd);
	if (fault() == 1)
		return -1;
	return 0;
}

static void
fill_stat(int ino, struct stat *st)
{
	memset(st, 0, sizeof *st);
	st->st_mode = S_IFREG | fakefs.ino[ino].mode;
	st->st_size = (off_t)fakefs.ino[ino].len;
	st->st_nlink = (nlink_t)fakefs.ino[ino].nlink;
	st->st_ino = (ino_t)ino + 1;
}

static int
f_fstatat(int dfd, const char *name, struct stat *st)
{
	struct fakefs_dir *d = dir_of(dfd);
	int ino;

	if (fault() == 1)
		return -1;
	ino = fakefs_lookup(d, name);
	if (ino < 0) {
		errno = ENOENT;
		return -1;
	}
	fill_stat(ino, st);
	return 0;
}

static int
f_fstat(int fd, struct stat *st)
{
	int ino = file_of(fd);

	if (fault() == 1)
		return -1;
	fill_stat(ino, st);
	return 0;
}

static int
f_fchmod(int fd, mode_t mode)
{
	int ino = file_of(fd);

	if (fault() == 1)
		return -1;
	fakefs.ino[ino].mode = mode & 07777;
	return 0;
}

static int
f_fchmodat(int dfd, const char *name, mode_t mode)
{
	struct fakefs_dir *d = dir_of(dfd);
	int ino;

	if (fault() == 1)
		return -1;
	ino = fakefs_lookup(d, name);
	if (ino < 0) {
		errno = ENOENT;
		return -1;
	}
	fakefs.ino[ino].mode = mode & 07777;
	return 0;
}

static int
f_renameat(int dfd, const char *from, const char *to)
{
	struct fakefs_dir *d = dir_of(dfd);
	int i, j, ino;

	if (fault() == 1)
		return -1;
	i = entry_index(d, from);
	if (i < 0) {
		errno = ENOENT;
		return -1;
	}
	ino = d->ent[i].ino;
	j = entry_index(d, to);
	if (j >= 0) {
		if (d->ent[j].ino == ino)
			return 0;	/* POSIX: links to one file */
		remove_entry(d, j);
		i = entry_index(d, from);
	}
	remove_entry(d, i);
	add_entry(d, to, ino, 1);
	return 0;
}

static int
f_linkat(int dfd, const char *from, const char *to)
{
	struct fakefs_dir *d = dir_of(dfd);
	int ino;

	if (fault() == 1)
		return -1;
	ino = fakefs_lookup(d, from);
	if (ino < 0) {
		errno = ENOENT;
		return -1;
	}
	if (fakefs_lookup(d, to) >= 0) {
		errno = EEXIST;
		return -1;
	}
	if (to[0] == '@') {
		/* Archive labels of one directory only go forward. */
		CHECK(strlen(to) >= 25);
		CHECK(memcmp(to, d->last, 25) > 0 || !d->last[0]);
		memcpy(d->last, to, 25);
		d->last[25] = 0;
	}
	add_entry(d, to, ino, 1);
	return 0;
}

static int
f_unlinkat(int dfd, const char *name)
{
	struct fakefs_dir *d = dir_of(dfd);
	int i;

	if (fault() == 1)
		return -1;
	i = entry_index(d, name);
	if (i < 0) {
		errno = ENOENT;
		return -1;
	}
	remove_entry(d, i);
	return 0;
}

static ssize_t
f_write(int fd, const void *buf, size_t n)
{
	int ino = file_of(fd), f = fault();

	CHECK(n > 0);
	if (f == 1)
		return -1;
	if (f == 2 && n > 1)
		n /= 2;		/* a short write */
	append(ino, buf, n);
	return (ssize_t)n;
}

static int
f_fsync(int fd)
{
	(void)slot(fd);
	if (fault() == 1)
		return -1;
	return 0;
}

static int
f_close(int fd)
{
	int i = slot(fd);

	fakefs.fd[i].used = 0;
	return 0;
}

static int
f_scan(int dfd, size_t *count, char *oldest, size_t size)
{
	struct fakefs_dir *d = dir_of(dfd);
	size_t n = 0;
	int i;

	if (fault() == 1)
		return -1;
	CHECK(size > 0);
	oldest[0] = 0;
	for (i = 0; i < d->nent; ++i) {
		const char *nm = d->ent[i].name;
		size_t l = strlen(nm);

		if (nm[0] != '@' || l < 25)
			continue;
		if (!n++ || memcmp(nm, oldest, 25) < 0) {
			if (l >= size)
				l = size - 1;
			memcpy(oldest, nm, l);
			oldest[l] = 0;
		}
	}
	*count = n;
	return 0;
}

const struct logdir_fs fakefs_ops = {
	f_mkdir, f_opendir, f_openat, f_lock, f_fstatat, f_fstat, f_fchmod,
	f_fchmodat, f_renameat, f_linkat, f_unlinkat, f_write, f_fsync,
	f_close, f_scan
};

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct fakefs_archive *)a)->name,
	    ((const struct fakefs_archive *)b)->name);
}

char *
fakefs_stream(const struct fakefs_dir *d, size_t *len)
{
	struct fakefs_archive *h = malloc(sizeof *h * (size_t)(d->nhist + 1));
	size_t n = 0;
	char *out;
	int i, cur = fakefs_lookup(d, "current");

	CHECK(h != 0);
	memcpy(h, d->hist, sizeof *h * (size_t)d->nhist);
	qsort(h, (size_t)d->nhist, sizeof *h, by_name);
	for (i = 0; i < d->nhist; ++i)
		n += fakefs.ino[h[i].ino].len;
	if (cur >= 0)
		n += fakefs.ino[cur].len;
	out = malloc(n + 1);
	CHECK(out != 0);
	n = 0;
	for (i = 0; i < d->nhist; ++i) {
		/* A file under two archive names counts twice: logdir must
		 * not archive a file it had already linked. */
		if (fakefs.ino[h[i].ino].len)
			memcpy(out + n, fakefs.ino[h[i].ino].data,
			    fakefs.ino[h[i].ino].len);
		n += fakefs.ino[h[i].ino].len;
	}
	if (cur >= 0 && fakefs.ino[cur].len) {
		memcpy(out + n, fakefs.ino[cur].data, fakefs.ino[cur].len);
		n += fakefs.ino[cur].len;
	}
	free(h);
	*len = n;
	return out;
}

int
fakefs_count_archives(const struct fakefs_dir *d)
{
	int i, n = 0;

	for (i = 0; i < d->nent; ++i)
		n += d->ent[i].name[0] == '@';
	return n;
}
