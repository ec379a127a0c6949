/* test_status.c - supervise/status against byte strings in the 0.76
 * layout (spec/supervise.md 9.1), supervise/xstatus (our extension), the
 * sanity check svstat uses, the atomic writes of both files and how a
 * reader pairs them. */

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "status.h"

static void
unhex(unsigned char *out, const char *hex)
{
	size_t i;

	for (i = 0; hex[2 * i]; ++i) {
		unsigned v;
		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (unsigned char)v;
	}
}

/* A live 0.76 file: time 0x6b071774, 954279500 ns, pid 13261, want up. */
static const char live[] = "400000006b07177438e1264ccd3300000075";

static void
test_unpack_djb(void **state)
{
	unsigned char b[18];
	struct status s;

	(void)state;
	unhex(b, live);
	assert_int_equal(status_unpack(&s, b, 18), 0);
	assert_true(s.changed.sec == 0x400000006b071774ULL);
	assert_int_equal(s.changed.nano, 954279500);
	assert_int_equal(s.pid, 13261);
	assert_int_equal(s.paused, 0);
	assert_int_equal(s.want, 'u');
	assert_int_equal(s.run, 0);
	assert_int_equal(s.extended, 0);
	assert_int_equal(status_unpack(&s, b, 17), -1);
	assert_int_equal(errno, EINVAL);
}

/* An earlier daemonbox's 60-byte status: its first 18 bytes count, the
 * rest is not looked at. */
static void
test_unpack_long_file(void **state)
{
	unsigned char b[60];
	struct status s;

	(void)state;
	memset(b, 0x5a, sizeof b);
	unhex(b, live);
	b[20] = 'D';
	b[21] = 1;
	assert_int_equal(status_unpack(&s, b, sizeof b), 0);
	assert_int_equal(s.pid, 13261);
	assert_int_equal(s.extended, 0);
	assert_int_equal(s.flags, 0);
	assert_int_equal(s.run, 0);
}

static void
test_pack_djb_examples(void **state)
{
	unsigned char want[18], got[64];
	struct status s;

	(void)state;
	memset(&s, 0, sizeof s);
	s.changed.sec = 0x400000006b071774ULL;
	s.changed.nano = 954279500;
	s.pid = 13261;
	s.want = 'u';
	unhex(want, live);
	status_pack(got, &s);
	assert_memory_equal(got, want, 18);
	s.paused = 1;
	status_pack(got, &s);
	assert_int_equal(got[16], 1);
	/* paused is only stored with a pid */
	s.pid = 0;
	s.want = 'd';
	status_pack(got, &s);
	unhex(want + 12, "000000000064");
	assert_memory_equal(got + 12, want + 12, 6);
	/* once: pid 13434 = 0x347a, want 0 */
	s.pid = 13434;
	s.paused = 0;
	s.want = 0;
	status_pack(got, &s);
	unhex(want + 12, "7a3400000000");
	assert_memory_equal(got + 12, want + 12, 6);
	/* the pid is little-endian whatever the host */
	s.pid = 0xffffffffU;
	status_pack(got, &s);
	assert_memory_equal(got + 12, "\xff\xff\xff\xff", 4);
}

/* Puts a valid checksum on an xstatus record changed by hand. */
static void
reseal(unsigned char *b)
{
	uint32_t h = 2166136261U;
	int i;

	for (i = 0; i < 60; ++i) {
		h ^= b[i];
		h *= 16777619U;
	}
	b[60] = (unsigned char)(h >> 24);
	b[61] = (unsigned char)(h >> 16);
	b[62] = (unsigned char)(h >> 8);
	b[63] = (unsigned char)h;
}

static void
test_extension(void **state)
{
	unsigned char buf[STATUS_EXT_SIZE], rec[STATUS_SIZE];
	struct status s, t;

	(void)state;
	memset(&s, 0, sizeof s);
	s.changed.sec = TAI64_UNIX_OFFSET + 1000;
	s.changed.nano = 500;
	s.pid = 42;
	s.want = 'd';
	s.term_sent = 1;
	s.run = STATUS_RUN_UP;
	s.flags = STATUS_NORMALLY_UP | STATUS_HAVE_EXIT;
	s.how = STATUS_HOW_SIGNAL;
	s.code = 9;
	s.exited.sec = TAI64_UNIX_OFFSET + 999;
	s.exited.nano = 7;
	s.ready.sec = TAI64_UNIX_OFFSET + 998;
	s.starttime = 0x0102030405060708ULL;
	status_pack_ext(buf, &s);
	/* Bytes 0..17 are the status record it goes with. */
	status_pack(rec, &s);
	assert_memory_equal(buf, rec, STATUS_SIZE);
	assert_int_equal(buf[18], 1);
	assert_int_equal(buf[19], 1);
	assert_int_equal(buf[20], 'D');
	assert_int_equal(buf[21], 2);
	assert_int_equal(buf[22], 3);
	assert_int_equal(buf[23], 2);
	assert_memory_equal(buf + 24, "\0\0\0\x09", 4);
	assert_memory_equal(buf + 28, "\x40\0\0\0\0\0\x03\xf1\0\0\0\x07", 12);
	assert_memory_equal(buf + 40, "\x40\0\0\0\0\0\x03\xf0\0\0\0\0", 12);
	assert_memory_equal(buf + 52, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	assert_int_equal(status_unpack_ext(&t, buf, sizeof buf), 0);
	assert_int_equal(t.extended, 1);
	assert_int_equal(t.pid, 42);
	assert_int_equal(t.want, 'd');
	assert_int_equal(t.term_sent, 1);
	assert_int_equal(t.run, STATUS_RUN_UP);
	assert_int_equal(t.flags, 3);
	assert_int_equal(t.how, STATUS_HOW_SIGNAL);
	assert_int_equal(t.code, 9);
	assert_true(t.exited.sec == s.exited.sec);
	assert_int_equal(t.exited.nano, 7);
	assert_true(t.ready.sec == s.ready.sec);
	assert_true(t.starttime == 0x0102030405060708ULL);
	/* FNV-1a of bytes 0..59, big-endian; a known value first. */
	{
		unsigned char zero[STATUS_EXT_SIZE] = { 0 }, copy[STATUS_EXT_SIZE];
		reseal(zero);
		assert_memory_equal(zero + 60, "\xf1\xfc\x18\x75", 4);
		memcpy(copy, buf, sizeof copy);
		reseal(copy);
		assert_memory_equal(copy + 60, buf + 60, 4);
	}
	/* Any byte changed (a record read while it was overwritten) fails
	 * the checksum. */
	{
		unsigned char torn[STATUS_EXT_SIZE];
		int i;
		for (i = 0; i < STATUS_EXT_SIZE; ++i) {
			memcpy(torn, buf, sizeof torn);
			torn[i] ^= 0x10;
			assert_int_equal(status_unpack_ext(&t, torn, sizeof torn), -1);
			assert_int_equal(errno, EINVAL);
		}
	}
	/* A later version only adds flags: still read. */
	{
		unsigned char later[STATUS_EXT_SIZE];
		memcpy(later, buf, sizeof later);
		later[21] = 3;
		reseal(later);
		assert_int_equal(status_unpack_ext(&t, later, sizeof later), 0);
		/* Version 1 lived in status itself, never in this file. */
		later[21] = 1;
		reseal(later);
		assert_int_equal(status_unpack_ext(&t, later, sizeof later), -1);
		assert_int_equal(errno, EINVAL);
		later[21] = 2;
		later[20] = 'x';
		reseal(later);
		assert_int_equal(status_unpack_ext(&t, later, sizeof later), -1);
	}
	assert_int_equal(status_unpack_ext(&t, buf, STATUS_EXT_SIZE - 1), -1);
	assert_int_equal(errno, EINVAL);
}

static void
test_sanity(void **state)
{
	struct status s;
	uint64_t now = TAI64_UNIX_OFFSET + 1800000000ULL;

	(void)state;
	memset(&s, 0, sizeof s);
	s.changed.sec = now - 5;
	s.want = 'u';
	assert_int_equal(status_sane(&s, now), 0);
	s.want = 'x';
	assert_int_equal(status_sane(&s, now), -1);
	s.want = 0;
	assert_int_equal(status_sane(&s, now), 0);
	s.paused = 1;	/* paused without a pid */
	assert_int_equal(status_sane(&s, now), -1);
	s.pid = 7;
	assert_int_equal(status_sane(&s, now), 0);
	s.changed.sec = now + 10 * 86400;	/* a clock set back */
	assert_int_equal(status_sane(&s, now), 0);
	s.changed.sec = now + 400 * 86400;	/* far future */
	assert_int_equal(status_sane(&s, now), -1);
	s.changed.sec = 0;	/* all-zero record */
	assert_int_equal(status_sane(&s, now), -1);
	s.changed.sec = now;
	s.changed.nano = 1000000000;
	assert_int_equal(status_sane(&s, now), -1);
}

/* The bytes of file path: its size, and up to len of them in buf. */
static ssize_t
file_bytes(const char *path, unsigned char *buf, size_t len)
{
	ssize_t r;
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	r = read(fd, buf, len);
	close(fd);
	return r;
}

static ino_t
inode(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_ino;
}

/* supervise/ holds exactly the names a and b. */
static void
only_names(const char *a, const char *b)
{
	char cmd[256];

	snprintf(cmd, sizeof cmd, "test \"$(echo $(ls -a supervise))\" = "
	    "\". .. %s %s\"", a, b);
	assert_int_equal(system(cmd), 0);
}

static void
test_write_and_read(void **state)
{
	char dir[] = "/tmp/test_status.XXXXXX";
	unsigned char buf[STATUS_EXT_SIZE + 8];
	struct status_writer w;
	struct status s, t;
	enum status_step step;
	const char *file = 0;
	struct stat st;
	ino_t rec_ino, ext_ino;
	int cwd = open(".", O_RDONLY);

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chdir(dir), 0);
	memset(&s, 0, sizeof s);
	s.changed.sec = TAI64_UNIX_OFFSET + 5;
	s.pid = 99;
	s.want = 'u';
	s.run = STATUS_RUN_UP;
	s.starttime = 12345;
	status_writer_init(&w, AT_FDCWD);
	/* No supervise/ directory: the open step fails for both; status is
	 * the one named. */
	assert_int_equal(status_write(&w, &s, &step, &file), -1);
	assert_int_equal(step, STATUS_STEP_OPEN);
	assert_int_equal(errno, ENOENT);
	assert_string_equal(file, "status");
	assert_int_equal(status_read(AT_FDCWD, &t, &step), -1);
	assert_int_equal(step, STATUS_STEP_OPEN);
	assert_int_equal(mkdir("supervise", 0700), 0);
	umask(022);
	/* A directory in the way of the rename of status: xstatus is written,
	 * status.new is removed again. */
	assert_int_equal(mkdir("supervise/status", 0700), 0);
	assert_int_equal(mkdir("supervise/status/x", 0700), 0);
	assert_int_equal(status_write(&w, &s, &step, &file), -1);
	assert_int_equal(step, STATUS_STEP_RENAME);
	assert_string_equal(file, "status");
	only_names("status", "xstatus");
	assert_int_equal(rmdir("supervise/status/x"), 0);
	assert_int_equal(rmdir("supervise/status"), 0);
	/* A directory in the way of status.new. */
	assert_int_equal(mkdir("supervise/status.new", 0700), 0);
	assert_int_equal(status_write(&w, &s, &step, &file), -1);
	assert_int_equal(step, STATUS_STEP_OPEN);
	assert_int_equal(errno, EISDIR);
	assert_string_equal(file, "status");
	assert_int_equal(rmdir("supervise/status.new"), 0);
	/* xstatus alone failing is named (a new writer makes it anew). */
	assert_int_equal(mkdir("supervise/xstatus.new", 0700), 0);
	status_writer_init(&w, AT_FDCWD);
	assert_int_equal(status_write(&w, &s, &step, &file), -1);
	assert_int_equal(step, STATUS_STEP_OPEN);
	assert_string_equal(file, "xstatus");
	assert_int_equal(rmdir("supervise/xstatus.new"), 0);

	/* The failed file is written at the next call. */
	assert_int_equal(status_write(&w, &s, &step, &file), 0);
	only_names("status", "xstatus");
	assert_int_equal(stat("supervise/status", &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(st.st_size, STATUS_SIZE);
	assert_int_equal(stat("supervise/xstatus", &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(st.st_size, STATUS_EXT_SIZE);
	assert_int_equal(status_read(AT_FDCWD, &t, &step), 0);
	assert_int_equal(t.pid, 99);
	assert_int_equal(t.want, 'u');
	assert_int_equal(t.extended, 1);
	assert_int_equal(t.run, STATUS_RUN_UP);
	assert_true(t.starttime == 12345);

	/* Later records: xstatus overwritten in place, status replaced by a
	 * new file, never rewritten, so a reader holding the old status keeps
	 * its whole record. */
	rec_ino = inode("supervise/status");
	ext_ino = inode("supervise/xstatus");
	{
		int held = open("supervise/status", O_RDONLY);
		assert_true(held >= 0);
		s.pid = 100;
		s.flags |= STATUS_READY;
		assert_int_equal(status_write(&w, &s, &step, &file), 0);
		assert_int_equal(read(held, buf, sizeof buf), STATUS_SIZE);
		assert_int_equal(status_unpack(&t, buf, STATUS_SIZE), 0);
		assert_int_equal(t.pid, 99);
		close(held);
	}
	assert_true(inode("supervise/status") != rec_ino);
	assert_true(inode("supervise/xstatus") == ext_ino);
	assert_int_equal(file_bytes("supervise/status", buf, sizeof buf),
	    STATUS_SIZE);
	assert_int_equal(status_unpack(&t, buf, STATUS_SIZE), 0);
	assert_int_equal(t.pid, 100);
	assert_int_equal(file_bytes("supervise/xstatus", buf, sizeof buf),
	    STATUS_EXT_SIZE);
	assert_int_equal(status_unpack_ext(&t, buf, STATUS_EXT_SIZE), 0);
	assert_int_equal(t.pid, 100);
	/* Unchanged, status is written all the same: its rename is the
	 * event a directory watch sees. */
	rec_ino = inode("supervise/status");
	assert_int_equal(status_write(&w, &s, &step, &file), 0);
	assert_true(inode("supervise/status") != rec_ino);
	only_names("status", "xstatus");

	/* The reader pairs the files only when xstatus copies status. */
	assert_int_equal(status_read(AT_FDCWD, &t, &step), 0);
	assert_int_equal(t.extended, 1);
	assert_true((t.flags & STATUS_READY) != 0);
	{
		/* A stale xstatus (another pid) is ignored ... */
		struct status x = s;
		unsigned char ext[STATUS_EXT_SIZE];
		int fd;
		x.pid = 7;
		status_pack_ext(ext, &x);
		fd = open("supervise/xstatus", O_WRONLY | O_TRUNC);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, ext, sizeof ext), sizeof ext);
		close(fd);
		assert_int_equal(status_read(AT_FDCWD, &t, &step), 0);
		assert_int_equal(t.pid, 100);
		assert_int_equal(t.extended, 0);
		assert_int_equal(t.flags, 0);
		assert_int_equal(t.run, 0);
		/* ... but adoption reads it alone. */
		assert_int_equal(status_read_ext(AT_FDCWD, &t), 0);
		assert_int_equal(t.pid, 7);
		assert_true(t.starttime == 12345);
	}
	/* One that fails its checksum (read while overwritten) neither. */
	assert_int_equal(status_write(&w, &s, &step, &file), 0);
	{
		int fd = open("supervise/xstatus", O_WRONLY);
		assert_true(fd >= 0);
		assert_int_equal(pwrite(fd, "\x55", 1, 40), 1);
		close(fd);
	}
	assert_int_equal(status_read(AT_FDCWD, &t, &step), 0);
	assert_int_equal(t.pid, 100);
	assert_int_equal(t.extended, 0);
	assert_int_equal(status_read_ext(AT_FDCWD, &t), -1);
	assert_int_equal(errno, EINVAL);
	/* No xstatus at all (0.76's supervise): the 18 bytes alone. */
	assert_int_equal(unlink("supervise/xstatus"), 0);
	assert_int_equal(status_read(AT_FDCWD, &t, &step), 0);
	assert_int_equal(t.pid, 100);
	assert_int_equal(t.extended, 0);
	assert_int_equal(status_read_ext(AT_FDCWD, &t), -1);
	assert_int_equal(errno, ENOENT);
	/* A writer whose xstatus is gone makes it anew. */
	assert_int_equal(status_write(&w, &s, &step, &file), 0);
	only_names("status", "xstatus");
	assert_int_equal(status_read(AT_FDCWD, &t, &step), 0);
	assert_int_equal(t.extended, 1);
	/* A new writer never overwrites a file it did not make. */
	ext_ino = inode("supervise/xstatus");
	status_writer_init(&w, AT_FDCWD);
	assert_int_equal(status_write(&w, &s, &step, &file), 0);
	assert_true(inode("supervise/xstatus") != ext_ino);
	/* A short status is a bad format. */
	{
		int fd = open("supervise/status", O_WRONLY | O_TRUNC);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, "short", 5), 5);
		close(fd);
	}
	assert_int_equal(status_read(AT_FDCWD, &t, &step), -1);
	assert_int_equal(step, STATUS_STEP_FORMAT);
	assert_int_equal(errno, EINVAL);

	/* A directory descriptor instead of the current directory. */
	assert_int_equal(fchdir(cwd), 0);
	{
		int dfd = open(dir, O_RDONLY | O_DIRECTORY);
		assert_true(dfd >= 0);
		status_writer_init(&w, dfd);
		s.pid = 101;
		assert_int_equal(status_write(&w, &s, &step, &file), 0);
		assert_int_equal(status_read(dfd, &t, &step), 0);
		assert_int_equal(t.pid, 101);
		assert_int_equal(t.extended, 1);
		close(dfd);
	}
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(unlink("supervise/status"), 0);
	assert_int_equal(unlink("supervise/xstatus"), 0);
	assert_int_equal(rmdir("supervise"), 0);
	assert_int_equal(fchdir(cwd), 0);
	assert_int_equal(rmdir(dir), 0);
	close(cwd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unpack_djb),
		cmocka_unit_test(test_unpack_long_file),
		cmocka_unit_test(test_pack_djb_examples),
		cmocka_unit_test(test_extension),
		cmocka_unit_test(test_sanity),
		cmocka_unit_test(test_write_and_read),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
