/* account.h - looking up an account in the password database and taking
 * on its ids, for setuidgid and envuidgid.
 * Only the account's own uid and primary gid matter: the group file is
 * not consulted, so the supplementary group list becomes exactly {gid},
 * as in daemontools 0.76. Functions return 0, or -1 with errno set; none
 * prints or exits. Not thread-safe (getpwnam). */
#ifndef DAEMONBOX_ACCOUNT_H
#define DAEMONBOX_ACCOUNT_H

#include <sys/types.h>

/* Which step of account_drop failed. */
enum account_step {
	ACCOUNT_OK = 0,
	ACCOUNT_SETGROUPS,	/* setgroups(1, {gid}) */
	ACCOUNT_SETGID,		/* setgid(gid) */
	ACCOUNT_SETUID,		/* setuid(uid) */
	ACCOUNT_VERIFY		/* ids not as asked, or root could be regained;
				   errno is EPERM */
};

/* Looks NAME up by name (getpwnam): a numeric string is only found when
 * it is the name of an account. Stores the uid and primary gid. Returns
 * -1 when there is no such account (errno ENOENT, or getpwnam's error). */
int account_lookup(const char *name, uid_t *uid, gid_t *gid);

/* Sets the supplementary groups to exactly {gid}, then the real,
 * effective and saved gid, then the uid, in that order so that each step
 * still has the privilege it needs. Then checks that the ids took and,
 * when uid is not 0, that setuid(0) fails (and setgid(0), when gid is not
 * 0); if one succeeds the process has its privileges back and the caller
 * must exit at once. Fails closed: -1 with *step telling what failed; a
 * caller must not go on after it. */
int account_drop(uid_t uid, gid_t gid, enum account_step *step);

#endif
