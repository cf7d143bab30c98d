/* Sockets, epoll, eventfd, timerfd and sendfile: each a hostcall of the
 * monitor's net/ (docs/net.md).  send/recv (no address) are their own
 * hostcalls; sendto/recvfrom with an address become sendmsg/recvmsg with
 * one iovec, sendmmsg/recvmmsg one sendmsg/recvmsg
 * per message; epoll_wait/pwait's signal mask is ignored like poll's (no
 * asynchronous signal ever reaches a cVM). */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <intravisor.h>
#include "syscall.h"
#include "libos.h"

static long send_one(long fd, const void *buf, size_t len, int flags, const struct sockaddr *to, socklen_t tolen)
{
	if (!to && !(flags & MSG_FASTOPEN)) /* a fast-open send is a connect: sendmsg's checks */
		return iv_send(fd, buf, len, flags);
	struct iovec iov = {(void *)buf, len};
	struct msghdr m = {.msg_name = (void *)to, .msg_namelen = to ? tolen : 0, .msg_iov = &iov, .msg_iovlen = 1};
	return iv_sendmsg(fd, &m, flags);
}

static long recv_one(long fd, void *buf, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen)
{
	if (!from)
		return iv_recv(fd, buf, len, flags);
	struct iovec iov = {buf, len};
	struct msghdr m = {.msg_name = from, .msg_namelen = from && fromlen ? *fromlen : 0, .msg_iov = &iov, .msg_iovlen = 1};
	long r = iv_recvmsg(fd, &m, flags);
	if (r >= 0 && from && fromlen)
		*fromlen = m.msg_namelen;
	return r;
}

#define MMSG_MAX 1024 /* UIO_MAXIOV: Linux cuts vlen there */

/* EBADF / ENOTSOCK for fd, as Linux checks before looking at messages. */
static long sock_check(long fd)
{
	int t;
	socklen_t l = sizeof t;
	long r = iv_getsockopt(fd, SOL_SOCKET, SO_TYPE, &t, &l);
	return r < 0 ? r : 0;
}

static size_t msg_bytes(const struct msghdr *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->msg_iovlen; i++)
		n += m->msg_iov[i].iov_len; /* checked by the monitor's sendmsg already */
	return n;
}

/* Linux's sendmmsg: messages in order until one fails or is sent in part
 * (a stream socket's buffer is full); the count sent, or the error if
 * none was. */
static long send_many(long fd, struct mmsghdr *v, unsigned vlen, int flags)
{
	if (vlen > MMSG_MAX)
		vlen = MMSG_MAX;
	if (!vlen)
		return sock_check(fd);
	unsigned i = 0;
	long r = 0;
	while (i < vlen) {
		r = iv_sendmsg(fd, &v[i].msg_hdr, flags);
		if (r < 0)
			break;
		v[i].msg_len = (unsigned)r;
		if ((size_t)r < msg_bytes(&v[i++].msg_hdr))
			break;
	}
	return i ? (long)i : r;
}

static int ts_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* Linux's recvmmsg: a pending socket error first; then messages in order,
 * the first waiting as the socket does (MSG_WAITFORONE: the others never
 * wait); the timeout is checked after each message (as Linux: it does not
 * cut a wait short) and the time left is written back.  The count, or
 * the error if nothing was received (an error after some messages is
 * dropped: Linux keeps it for the next call). */
static long recv_many(long fd, struct mmsghdr *v, unsigned vlen, int flags, struct timespec *timeout)
{
	struct timespec end = {0}, now, left = {0};
	if (timeout) {
		if (timeout->tv_sec < 0 || (unsigned long)timeout->tv_nsec >= 1000000000ul)
			return -EINVAL;
		__libos_syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&now, 0, 0, 0, 0);
		/* a timeout of more than 2^40 s is "for ever" (no overflow) */
		end.tv_sec = now.tv_sec + (timeout->tv_sec > (1l << 40) ? 1l << 40 : timeout->tv_sec);
		end.tv_nsec = now.tv_nsec + timeout->tv_nsec;
		if (end.tv_nsec >= 1000000000)
			end.tv_sec++, end.tv_nsec -= 1000000000;
	}
	if (vlen > MMSG_MAX)
		vlen = MMSG_MAX;
	int err;
	socklen_t el = sizeof err;
	long r = iv_getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el); /* also EBADF, ENOTSOCK */
	if (r < 0)
		return r;
	if (err)
		return -err;
	unsigned i = 0;
	while (i < vlen) {
		r = iv_recvmsg(fd, &v[i].msg_hdr, flags & ~MSG_WAITFORONE);
		if (r < 0)
			break;
		v[i].msg_len = (unsigned)r;
		int oob = v[i++].msg_hdr.msg_flags & MSG_OOB;
		if (flags & MSG_WAITFORONE)
			flags |= MSG_DONTWAIT;
		if (timeout) {
			__libos_syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&now, 0, 0, 0, 0);
			if (!ts_before(&now, &end)) {
				left = (struct timespec){0};
				break;
			}
			left.tv_sec = end.tv_sec - now.tv_sec;
			left.tv_nsec = end.tv_nsec - now.tv_nsec;
			if (left.tv_nsec < 0)
				left.tv_sec--, left.tv_nsec += 1000000000;
		}
		if (oob)
			break; /* out-of-band data: returned at once */
	}
	if (!i)
		return r;
	if (timeout)
		*timeout = left;
	return i;
}

long libos_net(long n, LIBOS_ARGS, int *handled)
{
	*handled = 1;
	switch (n) {
	case SYS_socket:
		return iv_socket(a1, a2, a3);
	case SYS_socketpair:
		return iv_socketpair(a1, a2, a3, (int *)a4);
	case SYS_bind:
		return iv_bind(a1, (const struct sockaddr *)a2, a3);
	case SYS_listen:
		return iv_listen(a1, a2);
	case SYS_accept:
		return iv_accept(a1, (struct sockaddr *)a2, (unsigned *)a3, 0);
	case SYS_accept4:
		return iv_accept(a1, (struct sockaddr *)a2, (unsigned *)a3, a4);
	case SYS_connect:
		return iv_connect(a1, (const struct sockaddr *)a2, a3);
	case SYS_sendto:
		return send_one(a1, (const void *)a2, a3, a4, (const struct sockaddr *)a5, a6);
	case SYS_recvfrom:
		return recv_one(a1, (void *)a2, a3, a4, (struct sockaddr *)a5, (socklen_t *)a6);
	case SYS_sendmsg:
		return iv_sendmsg(a1, (const struct msghdr *)a2, a3);
	case SYS_recvmsg:
		return iv_recvmsg(a1, (struct msghdr *)a2, a3);
	case SYS_sendmmsg:
		return send_many(a1, (struct mmsghdr *)a2, (unsigned)a3, (int)a4);
	case SYS_recvmmsg:
		return recv_many(a1, (struct mmsghdr *)a2, (unsigned)a3, (int)a4, (struct timespec *)a5);
	case SYS_shutdown:
		return iv_shutdown(a1, a2);
	case SYS_getsockname:
		return iv_sockname(a1, (struct sockaddr *)a2, (unsigned *)a3, 0);
	case SYS_getpeername:
		return iv_sockname(a1, (struct sockaddr *)a2, (unsigned *)a3, 1);
	case SYS_setsockopt:
		return iv_setsockopt(a1, a2, a3, (const void *)a4, a5);
	case SYS_getsockopt:
		return iv_getsockopt(a1, a2, a3, (void *)a4, (unsigned *)a5);
	case SYS_epoll_create:
		return a1 <= 0 ? -EINVAL : iv_epoll_create(0);
	case SYS_epoll_create1:
		return iv_epoll_create(a1);
	case SYS_epoll_ctl:
		return iv_epoll_ctl(a1, a2, a3, (struct epoll_event *)a4);
	case SYS_epoll_wait:
		return iv_epoll_wait(a1, (struct epoll_event *)a2, a3, a4 < 0 ? -1 : a4);
	case SYS_epoll_pwait: { /* the mask is the caller's for the call (signal.c) */
		unsigned long long old;
		int e = __libos_sig_mask_enter((const void *)a5, a6, &old);
		if (e < 0)
			return e;
		return __libos_sig_mask_leave(old, e ? __libos_ready_or_eintr(iv_epoll_wait(a1, (struct epoll_event *)a2, a3, 0))
		                                     : iv_epoll_wait(a1, (struct epoll_event *)a2, a3, a4 < 0 ? -1 : a4));
	}
	case SYS_eventfd:
		return iv_eventfd(a1, 0);
	case SYS_eventfd2:
		return iv_eventfd(a1, a2);
	case SYS_timerfd_create:
		return iv_timerfd_create(a1, a2);
	case SYS_timerfd_settime:
		return iv_timerfd_settime(a1, a2, (const struct itimerspec *)a3, (struct itimerspec *)a4);
	case SYS_timerfd_gettime:
		return iv_timerfd_gettime(a1, (struct itimerspec *)a2);
	case SYS_sendfile:
		return iv_sendfile(a1, a2, (int64_t *)a3, a4);
	default:
		*handled = 0;
		return 0;
	}
}
