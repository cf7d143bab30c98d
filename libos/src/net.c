/* Sockets, epoll, eventfd, timerfd and sendfile: each a hostcall of the
 * monitor's net/ (docs/net.md).  send/recv/sendto/recvfrom become
 * sendmsg/recvmsg with one iovec; epoll_wait/pwait's signal mask is
 * ignored like poll's (no asynchronous signal ever reaches a cVM). */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <intravisor.h>
#include "syscall.h"
#include "libos.h"

static long send_one(long fd, const void *buf, size_t len, int flags, const struct sockaddr *to, socklen_t tolen)
{
	struct iovec iov = {(void *)buf, len};
	struct msghdr m = {.msg_name = (void *)to, .msg_namelen = to ? tolen : 0, .msg_iov = &iov, .msg_iovlen = 1};
	return iv_sendmsg(fd, &m, flags);
}

static long recv_one(long fd, void *buf, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen)
{
	struct iovec iov = {buf, len};
	struct msghdr m = {.msg_name = from, .msg_namelen = from && fromlen ? *fromlen : 0, .msg_iov = &iov, .msg_iovlen = 1};
	long r = iv_recvmsg(fd, &m, flags);
	if (r >= 0 && from && fromlen)
		*fromlen = m.msg_namelen;
	return r;
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
	case SYS_epoll_pwait:
		return iv_epoll_wait(a1, (struct epoll_event *)a2, a3, a4 < 0 ? -1 : a4);
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
