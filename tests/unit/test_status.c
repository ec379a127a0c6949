/* test_status.c - the status record against byte strings in the 0.76
 * layout (spec/supervise.md 9.1), runit's two bytes, our extension, the
 * sanity check svstat uses, and the atomic write with its reuse of old
 * records' files. */

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
	assert_int_equal(status_pack(got, 18, &s), 18);
	assert_memory_equal(got, want, 18);
	s.paused = 1;
	status_pack(got, 18, &s);
	assert_int_equal(got[16], 1);
	/* paused is only stored with a pid */
	s.pid = 0;
	s.want = 'd';
	status_pack(got, 18, &s);
	unhex(want + 12, "000000000064");
	assert_memory_equal(got + 12, want + 12, 6);
	/* once: pid 13434 = 0x347a, want 0 */
	s.pid = 13434;
	s.paused = 0;
	s.want = 0;
	status_pack(got, 18, &s);
	unhex(want + 12, "7a3400000000");
	assert_memory_equal(got + 12, want + 12, 6);
	/* the pid is little-endian whatever the host */
	s.pid = 0xffffffffU;
	status_pack(got, 18, &s);
	assert_memory_equal(got + 12, "\xff\xff\xff\xff", 4);
}

static void
test_runit_and_extension(void **state)
{
	unsigned char buf[STATUS_SIZE];
	struct status s, t;

	(void)state;
	memset(&s, 0, sizeof s);
	s.changed.sec = TAI64_UNIX_OFFSET + 1000;
	s.changed.nano = 500;
	s.pid = 42;
	s.want = 'd';
	s.term_sent = 1;
	s.run = STATUS_RUN_UP;
	assert_int_equal(status_pack(buf, 20, &s), 20);
	assert_int_equal(buf[18], 1);
	assert_int_equal(buf[19], 1);
	s.flags = STATUS_NORMALLY_UP | STATUS_HAVE_EXIT;
	s.how = STATUS_HOW_SIGNAL;
	s.code = 9;
	s.exited.sec = TAI64_UNIX_OFFSET + 999;
	s.exited.nano = 7;
	s.starttime = 0x0102030405060708ULL;
	assert_int_equal(status_pack(buf, sizeof buf, &s), STATUS_SIZE);
	assert_memory_equal(buf + 52, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	assert_int_equal(buf[20], 'D');
	assert_int_equal(buf[21], 1);
	assert_int_equal(buf[22], 3);
	assert_int_equal(buf[23], 2);
	assert_memory_equal(buf + 24, "\0\0\0\x09", 4);
	assert_int_equal(status_unpack(&t, buf, sizeof buf), 0);
	assert_int_equal(t.extended, 1);
	assert_int_equal(t.term_sent, 1);
	assert_int_equal(t.run, STATUS_RUN_UP);
	assert_int_equal(t.flags, 3);
	assert_int_equal(t.how, STATUS_HOW_SIGNAL);
	assert_int_equal(t.code, 9);
	assert_true(t.exited.sec == s.exited.sec);
	assert_int_equal(t.exited.nano, 7);
	assert_true(t.starttime == 0x0102030405060708ULL);
	/* Without the magic byte the tail is not ours. */
	buf[20] = 'x';
	assert_int_equal(status_unpack(&t, buf, sizeof buf), 0);
	assert_int_equal(t.extended, 0);
	assert_int_equal(t.flags, 0);
	/* A 20-byte file (runit's) decodes its two bytes. */
	assert_int_equal(status_unpack(&t, buf, 20), 0);
	assert_int_equal(t.run, 1);
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

/* The pid in the record in file path. */
static uint32_t
file_pid(const char *path)
{
	unsigned char buf[STATUS_SIZE];
	struct status t;
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(read(fd, buf, sizeof buf), STATUS_SIZE);
	close(fd);
	assert_int_equal(status_unpack(&t, buf, STATUS_SIZE), 0);
	return t.pid;
}

static void
test_write_and_read(void **state)
{
	char dir[] = "/tmp/test_status.XXXXXX";
	unsigned char buf[STATUS_SIZE + 8];
	struct status s, t;
	enum status_step step;
	struct stat st;
	ino_t ino;
	uint32_t i;
	int held, cwd = open(".", O_RDONLY);

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chdir(dir), 0);
	memset(&s, 0, sizeof s);
	s.changed.sec = TAI64_UNIX_OFFSET + 5;
	s.pid = 99;
	s.want = 'u';
	/* No supervise/ directory: the open step fails. */
	assert_int_equal(status_write(&s, &step), -1);
	assert_int_equal(step, STATUS_STEP_OPEN);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(status_read(buf, sizeof buf, &step), -1);
	assert_int_equal(step, STATUS_STEP_OPEN);
	assert_int_equal(mkdir("supervise", 0700), 0);
	umask(022);
	/* A directory in the way of the rename (the first write of a process
	 * renames; it never swaps names with a file it did not write). */
	assert_int_equal(mkdir("supervise/status", 0700), 0);
	assert_int_equal(mkdir("supervise/status/x", 0700), 0);
	assert_int_equal(status_write(&s, &step), -1);
	assert_int_equal(step, STATUS_STEP_RENAME);
	assert_int_equal(rmdir("supervise/status/x"), 0);
	assert_int_equal(rmdir("supervise/status"), 0);
	assert_int_equal(unlink("supervise/status.new"), 0);
	/* A directory in the way of status.new. */
	assert_int_equal(mkdir("supervise/status.new", 0700), 0);
	assert_int_equal(status_write(&s, &step), -1);
	assert_int_equal(step, STATUS_STEP_OPEN);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(rmdir("supervise/status.new"), 0);

	assert_int_equal(status_write(&s, &step), 0);
	assert_int_equal(stat("supervise/status", &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(st.st_size, STATUS_SIZE);
	assert_int_equal(access("supervise/status.new", F_OK), -1);
	assert_int_equal(status_read(buf, sizeof buf, &step), STATUS_SIZE);
	assert_int_equal(status_unpack(&t, buf, STATUS_SIZE), 0);
	assert_int_equal(t.pid, 99);
	assert_int_equal(t.want, 'u');
	/* Only len bytes are read. */
	assert_int_equal(status_read(buf, 18, &step), 18);

	/* Later records: status always the newest, the two before it kept
	 * as status.old and status.new for reuse. */
	held = open("supervise/status", O_RDONLY);	/* a slow reader of 99 */
	assert_true(held >= 0);
	for (i = 100; i <= 103; ++i) {
		s.pid = i;
		assert_int_equal(status_write(&s, &step), 0);
		assert_int_equal(file_pid("supervise/status"), i);
	}
	/* A file that was status less than half a second ago is never
	 * written again: the slow reader still gets its whole record. */
	assert_int_equal(file_pid("supervise/status.new"), 101);
	assert_int_equal(file_pid("supervise/status.old"), 102);
	assert_int_equal(read(held, buf, sizeof buf), STATUS_SIZE);
	assert_int_equal(status_unpack(&t, buf, STATUS_SIZE), 0);
	assert_int_equal(t.pid, 99);
	close(held);
	/* Once it is older, its file takes the next record: no file is
	 * created or freed for it. */
	assert_int_equal(stat("supervise/status.new", &st), 0);
	ino = st.st_ino;
	{
		struct timespec pause = { 0, 520 * 1000000L };
		nanosleep(&pause, 0);
	}
	s.pid = 104;
	assert_int_equal(status_write(&s, &step), 0);
	assert_int_equal(stat("supervise/status", &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_true(st.st_ino == ino);
	assert_int_equal(file_pid("supervise/status"), 104);
	assert_int_equal(file_pid("supervise/status.new"), 102);
	assert_int_equal(file_pid("supervise/status.old"), 103);
	assert_int_equal(unlink("supervise/status"), 0);
	assert_int_equal(unlink("supervise/status.new"), 0);
	assert_int_equal(unlink("supervise/status.old"), 0);
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
		cmocka_unit_test(test_pack_djb_examples),
		cmocka_unit_test(test_runit_and_extension),
		cmocka_unit_test(test_sanity),
		cmocka_unit_test(test_write_and_read),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
