/* test_account.c - account lookups by name, and dropping to an account's
 * ids in a forked child (as root only; otherwise the failure path). */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "account.h"

/* Debian, FreeBSD and most others give nobody 65534:65534. */
#define NOBODY 65534

static void
test_lookup_root(void **state)
{
	uid_t uid = 1;
	gid_t gid = 1;

	(void)state;
	assert_int_equal(account_lookup("root", &uid, &gid), 0);
	assert_int_equal(uid, 0);
	assert_int_equal(gid, 0);
}

static void
test_lookup_nobody(void **state)
{
	uid_t uid = 1;
	gid_t gid = 1;

	(void)state;
	assert_int_equal(account_lookup("nobody", &uid, &gid), 0);
	assert_int_equal(uid, NOBODY);
	assert_int_equal(gid, NOBODY);
}

static void
test_lookup_unknown(void **state)
{
	uid_t uid = 7;
	gid_t gid = 7;

	(void)state;
	assert_int_equal(account_lookup("no-such-account-xyz", &uid, &gid),
	    -1);
	assert_int_not_equal(errno, 0);
	assert_int_equal(uid, 7);	/* untouched */
	assert_int_equal(gid, 7);
	/* numbers are names, not ids */
	assert_int_equal(account_lookup("0", &uid, &gid), -1);
	assert_int_equal(account_lookup("65534", &uid, &gid), -1);
	assert_int_equal(account_lookup("", &uid, &gid), -1);
}

/* Exit codes of the child below: which check failed. */
enum { OK, DROP, UID, EUID, GID, EGID, NGROUPS, GROUP, REGAIN_UID,
    REGAIN_GID };

static int
drop_child(uid_t uid, gid_t gid)
{
	enum account_step step = ACCOUNT_VERIFY;
	gid_t groups[8];
	int n;

	if (account_drop(uid, gid, &step) < 0 || step != ACCOUNT_OK)
		return DROP;
	if (getuid() != uid)
		return UID;
	if (geteuid() != uid)
		return EUID;
	if (getgid() != gid)
		return GID;
	if (getegid() != gid)
		return EGID;
	n = getgroups(8, groups);
	if (n != 1)
		return NGROUPS;
	if (groups[0] != gid)
		return GROUP;
	if (uid != 0 && setuid(0) != -1)
		return REGAIN_UID;
	if (uid != 0 && setgid(0) != -1)
		return REGAIN_GID;
	return OK;
}

static int
in_child(uid_t uid, gid_t gid)
{
	int st;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(drop_child(uid, gid));
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static void
test_drop_to_nobody(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(in_child(NOBODY, NOBODY), OK);
}

/* Other ids in uid and gid: the order of the steps does not mix them. */
static void
test_drop_distinct_ids(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(in_child(12345, 23456), OK);
}

/* Root to root: groups cut to {0}, nothing to verify beyond the ids. */
static void
test_drop_to_root(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(in_child(0, 0), OK);
}

/* Without privilege the first step fails and nothing is changed. */
static void
test_drop_unprivileged(void **state)
{
	enum account_step step = ACCOUNT_OK;
	uid_t uid = getuid();

	(void)state;
	if (geteuid() == 0)
		skip();
	assert_int_equal(account_drop(uid == 0 ? 1 : 0, 0, &step), -1);
	assert_int_equal(step, ACCOUNT_SETGROUPS);
	assert_int_equal(errno, EPERM);
	assert_int_equal(getuid(), uid);
}

/* As root, a failing setgroups is reported as the first step. */
static void
test_drop_bad_gid(void **state)
{
	enum account_step step = ACCOUNT_OK;
	int st;
	pid_t pid;

	(void)state;
	if (geteuid() != 0)
		skip();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* (gid_t)-1 is refused by setgroups/setgid everywhere */
		int r = account_drop(NOBODY, (gid_t)-1, &step);

		_exit(r == -1 && (step == ACCOUNT_SETGROUPS ||
		    step == ACCOUNT_SETGID) && getuid() == 0 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup_root),
		cmocka_unit_test(test_lookup_nobody),
		cmocka_unit_test(test_lookup_unknown),
		cmocka_unit_test(test_drop_to_nobody),
		cmocka_unit_test(test_drop_distinct_ids),
		cmocka_unit_test(test_drop_to_root),
		cmocka_unit_test(test_drop_unprivileged),
		cmocka_unit_test(test_drop_bad_gid),
	};

	return cmocka_run_group_tests(tests, 0, 0);
}
