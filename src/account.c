/* account.c - account lookup and id changes for setuidgid and envuidgid
 * (contract in include/account.h). */

#include <errno.h>
#include <pwd.h>
#include <unistd.h>

#include "account.h"
#include "portab.h"

int
account_lookup(const char *name, uid_t *uid, gid_t *gid)
{
	struct passwd *pw;

	errno = 0;
	pw = getpwnam(name);
	if (!pw) {
		if (!errno)
			errno = ENOENT;
		return -1;
	}
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return 0;
}

int
account_drop(uid_t uid, gid_t gid, enum account_step *step)
{
	*step = ACCOUNT_SETGROUPS;
	if (portab_setgroups(gid) < 0)
		return -1;
	*step = ACCOUNT_SETGID;
	if (setgid(gid) < 0)
		return -1;
	*step = ACCOUNT_SETUID;
	if (setuid(uid) < 0)
		return -1;
	*step = ACCOUNT_VERIFY;
	if (getuid() != uid || geteuid() != uid || getgid() != gid ||
	    getegid() != gid) {
		errno = EPERM;
		return -1;
	}
	/* With uid 0 left behind everywhere (real, effective, saved), these
	 * must fail; success means a capability or a saved id survived. */
	if (uid != 0 && setuid(0) != -1) {
		errno = EPERM;
		return -1;
	}
	if (uid != 0 && gid != 0 && setgid(0) != -1) {
		errno = EPERM;
		return -1;
	}
	*step = ACCOUNT_OK;
	return 0;
}
