/* die.c - daemontools-style diagnostics: one write(2) per message, errno
 * worded as daemontools words it. Used by every tool. */

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "die.h"

static const char *prog_name = "daemonbox";

void
die_init(const char *prog)
{
	prog_name = prog;
}

/* The wording of daemontools 0.76's error table (spec/messages.md), keyed
 * by symbolic name so that it holds on systems with other errno numbers. */
const char *
die_errstr(int err)
{
	switch (err) {
	case 0: return "no error";
#define E(name, text) case name: return text;
	E(EPERM, "permission denied")
	E(ENOENT, "file does not exist")
	E(ESRCH, "no such process")
	E(EINTR, "interrupted system call")
	E(EIO, "input/output error")
	E(ENXIO, "device not configured")
	E(E2BIG, "argument list too long")
	E(ENOEXEC, "exec format error")
	E(EBADF, "file descriptor not open")
	E(ECHILD, "no child processes")
	E(EAGAIN, "temporary failure")
#if defined(EWOULDBLOCK) && EWOULDBLOCK != EAGAIN
	E(EWOULDBLOCK, "temporary failure")
#endif
	E(ENOMEM, "out of memory")
	E(EACCES, "access denied")
	E(EFAULT, "bad address")
#ifdef ENOTBLK
	E(ENOTBLK, "not a block device")
#endif
	E(EBUSY, "device busy")
	E(EEXIST, "file already exists")
	E(EXDEV, "cross-device link")
	E(ENODEV, "device does not support operation")
	E(ENOTDIR, "not a directory")
	E(EISDIR, "is a directory")
	E(EINVAL, "invalid argument")
	E(ENFILE, "system cannot open more files")
	E(EMFILE, "process cannot open more files")
	E(ENOTTY, "not a tty")
	E(ETXTBSY, "text busy")
	E(EFBIG, "file too big")
	E(ENOSPC, "out of disk space")
	E(ESPIPE, "unseekable descriptor")
	E(EROFS, "read-only file system")
	E(EMLINK, "too many links")
	E(EPIPE, "broken pipe")
	E(EDOM, "input out of range")
	E(ERANGE, "output out of range")
	E(EDEADLK, "operation would cause deadlock")
	E(ENAMETOOLONG, "file name too long")
	E(ENOLCK, "no locks available")
	E(ENOSYS, "system call not available")
	E(ENOTEMPTY, "directory not empty")
	E(ELOOP, "symbolic link loop")
	E(ENOMSG, "no message of desired type")
	E(EIDRM, "identifier removed")
#ifdef ENOSTR
	E(ENOSTR, "not a stream device")
#endif
#ifdef ETIME
	E(ETIME, "timer expired")
#endif
#ifdef ENOSR
	E(ENOSR, "out of stream resources")
#endif
#ifdef ENONET
	E(ENONET, "machine not on network")
#endif
#ifdef EREMOTE
	E(EREMOTE, "too many levels of remote in path")
#endif
#ifdef ENOLINK
	E(ENOLINK, "link severed")
#endif
#ifdef EADV
	E(EADV, "advertise error")
#endif
#ifdef ESRMNT
	E(ESRMNT, "srmount error")
#endif
#ifdef ECOMM
	E(ECOMM, "communication error")
#endif
	E(EPROTO, "protocol error")
#ifdef EMULTIHOP
	E(EMULTIHOP, "multihop attempted")
#endif
	E(EBADMSG, "bad message type")
#ifdef EREMCHG
	E(EREMCHG, "remote address changed")
#endif
#ifdef EUSERS
	E(EUSERS, "too many users")
#endif
	E(ENOTSOCK, "not a socket")
	E(EDESTADDRREQ, "destination address required")
	E(EMSGSIZE, "message too long")
	E(EPROTOTYPE, "incorrect protocol type")
	E(ENOPROTOOPT, "protocol not available")
	E(EPROTONOSUPPORT, "protocol not supported")
#ifdef ESOCKTNOSUPPORT
	E(ESOCKTNOSUPPORT, "socket type not supported")
#endif
	E(EOPNOTSUPP, "operation not supported")
#if defined(ENOTSUP) && ENOTSUP != EOPNOTSUPP
	E(ENOTSUP, "operation not supported")
#endif
#ifdef EPFNOSUPPORT
	E(EPFNOSUPPORT, "protocol family not supported")
#endif
	E(EAFNOSUPPORT, "address family not supported")
	E(EADDRINUSE, "address already used")
	E(EADDRNOTAVAIL, "address not available")
	E(ENETDOWN, "network down")
	E(ENETUNREACH, "network unreachable")
	E(ENETRESET, "network reset")
	E(ECONNABORTED, "connection aborted")
	E(ECONNRESET, "connection reset")
	E(ENOBUFS, "out of buffer space")
	E(EISCONN, "already connected")
	E(ENOTCONN, "not connected")
#ifdef ESHUTDOWN
	E(ESHUTDOWN, "socket shut down")
#endif
#ifdef ETOOMANYREFS
	E(ETOOMANYREFS, "too many references")
#endif
	E(ETIMEDOUT, "timed out")
	E(ECONNREFUSED, "connection refused")
#ifdef EHOSTDOWN
	E(EHOSTDOWN, "host down")
#endif
	E(EHOSTUNREACH, "host unreachable")
	E(EALREADY, "operation already in progress")
	E(EINPROGRESS, "operation in progress")
	E(ESTALE, "stale NFS file handle")
	E(EDQUOT, "disk quota exceeded")
#undef E
	default: return "unknown error";
	}
}

static unsigned long
append(char *buf, unsigned long pos, unsigned long room, const char *s)
{
	while (*s && pos < room)
		buf[pos++] = *s++;
	return pos;
}

unsigned long
die_format(char *buf, unsigned long len, const char *prog, const char *kind,
    int err, va_list parts)
{
	unsigned long pos = 0, room;
	const char *s;

	if (len == 0)
		return 0;
	room = len - 1;	/* the newline always fits */
	if (prog) {
		pos = append(buf, pos, room, prog);
		pos = append(buf, pos, room, ": ");
	}
	if (kind) {
		pos = append(buf, pos, room, kind);
		pos = append(buf, pos, room, ": ");
	}
	/* Every caller va_start()s parts. The analyzer loses that through
	 * emit() once it has analyzed another file in the same run.
	 * NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
	while ((s = va_arg(parts, const char *)) != 0)
		pos = append(buf, pos, room, s);
	if (err >= 0) {
		pos = append(buf, pos, room, ": ");
		pos = append(buf, pos, room, die_errstr(err));
	}
	buf[pos++] = '\n';
	return pos;
}

static void
emit(const char *prog, const char *kind, int err, va_list parts)
{
	char buf[DIE_MSG_MAX];
	unsigned long n = die_format(buf, sizeof buf, prog, kind, err, parts);
	unsigned long done = 0;

	while (done < n) {
		ssize_t w = write(2, buf + done, n - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return;	/* nowhere left to complain */
		}
		done += (unsigned long)w;
	}
}

void
die_x_(int code, ...)
{
	va_list ap;

	va_start(ap, code);
	emit(prog_name, "fatal", -1, ap);
	va_end(ap);
	_exit(code);
}

void
die_sys_(int code, ...)
{
	va_list ap;
	int err = errno;

	va_start(ap, code);
	emit(prog_name, "fatal", err, ap);
	va_end(ap);
	_exit(code);
}

void
warn_x_(int unused, ...)
{
	va_list ap;
	int saved = errno;

	va_start(ap, unused);
	emit(prog_name, "warning", -1, ap);
	va_end(ap);
	errno = saved;
}

void
warn_sys_(int unused, ...)
{
	va_list ap;
	int saved = errno;

	va_start(ap, unused);
	emit(prog_name, "warning", saved, ap);
	va_end(ap);
	errno = saved;
}

void
die_raw_(int code, int err, ...)
{
	va_list ap;

	va_start(ap, err);
	emit(0, 0, err, ap);
	va_end(ap);
	_exit(code);
}

static void
usage_part(int unused, ...)
{
	va_list ap;

	va_start(ap, unused);
	emit(prog_name, "usage", -1, ap);
	va_end(ap);
}

void
die_usage_code(int code, const char *usage)
{
	usage_part(0, usage, (const char *)0);
	_exit(code);
}
