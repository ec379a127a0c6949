/* sys/event.h - FreeBSD's kqueue(2) as its manual page describes it, for
 * tests/portability/run only: struct kevent, kqueue(), kevent(), EV_SET
 * and the flags, filters and notes that src/portab.c uses (directory
 * watch: EVFILT_VNODE; exit watch: EVFILT_PROC with NOTE_EXIT). Written
 * from `man 2freebsd kqueue` (Debian's freebsd-manpages), not from
 * FreeBSD's headers. The manual names the constants without giving their
 * values: the numbers below are this file's own, good for -fsyntax-only
 * and for nothing that runs. A name the manual does not list is missing
 * here on purpose, so that code using it fails the check. */
#ifndef PORTABILITY_SYS_EVENT_H
#define PORTABILITY_SYS_EVENT_H

#include <stdint.h>
#include <time.h>	/* struct timespec */

/* "The kevent structure is defined as:" (u_short, u_int spelt out) */
struct kevent {
	uintptr_t ident;	/* identifier for this event */
	short filter;		/* filter for event */
	unsigned short flags;	/* action flags for kqueue */
	unsigned int fflags;	/* filter flag value */
	int64_t data;		/* filter data value */
	void *udata;		/* opaque user data identifier */
	uint64_t ext[4];	/* extensions */
};

/* "EV_SET(kev, ident, filter, flags, fflags, data, udata)": initialises
 * the structure kev points to; ext, which it does not name, is zeroed. */
#define EV_SET(kev, a, b, c, d, e, f) do {	\
	struct kevent *kev_ = (kev);		\
	kev_->ident = (a);			\
	kev_->filter = (b);			\
	kev_->flags = (c);			\
	kev_->fflags = (d);			\
	kev_->data = (e);			\
	kev_->udata = (f);			\
	kev_->ext[0] = kev_->ext[1] = 0;	\
	kev_->ext[2] = kev_->ext[3] = 0;	\
} while (0)

/* Filters (the filter field). */
#define EVFILT_VNODE	(-1)
#define EVFILT_PROC	(-2)

/* Actions (the flags field). */
#define EV_ADD		0x0001
#define EV_ONESHOT	0x0002
#define EV_CLEAR	0x0004

/* EVFILT_VNODE's events (fflags). */
#define NOTE_DELETE	0x0001
#define NOTE_WRITE	0x0002
#define NOTE_EXTEND	0x0004
#define NOTE_LINK	0x0008
#define NOTE_RENAME	0x0010

/* EVFILT_PROC's events (fflags). */
#define NOTE_EXIT	0x1000

int kqueue(void);
int kevent(int kq, const struct kevent *changelist, int nchanges,
    struct kevent *eventlist, int nevents, const struct timespec *timeout);

#endif
