/* poll, ppoll, select, pselect6: all on the monitor's poll over cVM fds
 * (blocking in the monitor; ending the cVM, or a signal posted to it,
 * interrupts it).  ppoll's and pselect6's signal masks are the caller's
 * for the call (signal.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include <intravisor.h>
#include "syscall.h"
#include "libos.h"

static long to_ms(long long sec, long long nsec)
{
	if (sec < 0 || nsec < 0 || nsec >= 1000000000)
		return -EINVAL;
	long long ms = sec * 1000 + (nsec + 999999) / 1000000; /* round up: never early */
	return ms > INT_MAX || sec > INT_MAX ? INT_MAX : ms;
}

/* intr: a signal the call lets in is pending (signal.c): look without
 * waiting, and EINTR with the sets untouched if nothing is ready. */
static long do_select(long n, fd_set *r, fd_set *w, fd_set *e, long ms, int intr)
{
	struct pollfd p[256];
	long total = 0;
	if (n < 0 || n > FD_SETSIZE)
		return -EINVAL;
	if (ms < 0 && ms != -1)
		return ms;
	/* At most 256 descriptors actually named (EINVAL beyond: refused
	 * rather than faked). */
	int np = 0;
	for (int fd = 0; fd < n; fd++) {
		short ev = (r && FD_ISSET(fd, r) ? POLLIN : 0) | (w && FD_ISSET(fd, w) ? POLLOUT : 0) |
		           (e && FD_ISSET(fd, e) ? POLLPRI : 0);
		if (!ev)
			continue;
		if (np == 256)
			return -EINVAL;
		p[np++] = (struct pollfd){fd, ev, 0};
	}
	long k = iv_poll(p, np, intr ? 0 : ms);
	if (k < 0)
		return k;
	if (intr && k == 0)
		return -EINTR;
	for (int i = 0; i < np; i++)
		if (p[i].revents & POLLNVAL)
			return -EBADF;
	if (r) FD_ZERO(r);
	if (w) FD_ZERO(w);
	if (e) FD_ZERO(e);
	for (int i = 0; i < np; i++) {
		short rv = p[i].revents, ev = p[i].events;
		if ((ev & POLLIN) && (rv & (POLLIN | POLLHUP | POLLERR)))
			FD_SET(p[i].fd, r), total++;
		if ((ev & POLLOUT) && (rv & (POLLOUT | POLLERR)))
			FD_SET(p[i].fd, w), total++;
		if ((ev & POLLPRI) && (rv & POLLPRI))
			FD_SET(p[i].fd, e), total++;
	}
	return total;
}

long libos_poll(long n, LIBOS_ARGS, int *handled)
{
	*handled = 1;
	switch (n) {
	case SYS_poll:
		return iv_poll((struct pollfd *)a1, a2, a3 < 0 ? -1 : a3);
	case SYS_ppoll: {
		const struct timespec *ts = (const struct timespec *)a3;
		long ms = ts ? to_ms(ts->tv_sec, ts->tv_nsec) : -1;
		if (ms < -1)
			return ms;
		unsigned long long old;
		int e = __libos_sig_mask_enter((const void *)a4, a5, &old);
		if (e < 0)
			return e;
		return __libos_sig_mask_leave(old, e ? __libos_ready_or_eintr(iv_poll((struct pollfd *)a1, a2, 0))
		                                     : iv_poll((struct pollfd *)a1, a2, ms));
	}
	case SYS_select: {
		const struct timeval *tv = (const struct timeval *)a5;
		return do_select(a1, (fd_set *)a2, (fd_set *)a3, (fd_set *)a4,
		                 tv ? to_ms(tv->tv_sec, (long long)tv->tv_usec * 1000) : -1, 0);
	}
	case SYS_pselect6: {
		const struct timespec *ts = (const struct timespec *)a5;
		/* a6: {const sigset_t *mask; size_t size} */
		const unsigned long *mp = (const unsigned long *)a6;
		unsigned long long old;
		int e = __libos_sig_mask_enter(mp ? (const void *)mp[0] : 0, mp ? mp[1] : 0, &old);
		if (e < 0)
			return e;
		return __libos_sig_mask_leave(old, do_select(a1, (fd_set *)a2, (fd_set *)a3, (fd_set *)a4,
		                                             ts ? to_ms(ts->tv_sec, ts->tv_nsec) : -1, e));
	}
	default:
		(void)a6;
		*handled = 0;
		return 0;
	}
}
