/* System calls on hostcall paths without glibc's cancellation wrappers.
 *
 * glibc's read, write, recvmsg, close, ... are cancellation points: in a
 * multi-threaded process each call flips the thread's cancellation state
 * with two atomic compare-and-swaps around the system call.  The monitor
 * never cancels a thread, so on the paths every cVM I/O takes (a few per
 * request in a server) those are pure cost (docs/monitor.md, "What a
 * hostcall costs").  Same contract as the libc functions: -1 and errno. */
#ifndef MONITOR_CORE_NOCANCEL_H
#define MONITOR_CORE_NOCANCEL_H
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>

static inline long iv_nc_result(long r)
{
    if ((unsigned long)r > -4096ul) {
        errno = (int)-r;
        return -1;
    }
    return r;
}

/* The kernel's own result: the value, or -errno (errno untouched). */
static inline long iv_nc6r(long nr, long a, long b, long c, long d, long e, long f)
{
    long r;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall"
                     : "=a"(r)
                     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return r;
}

static inline long iv_nc6(long nr, long a, long b, long c, long d, long e, long f)
{
    return iv_nc_result(iv_nc6r(nr, a, b, c, d, e, f));
}

#define IV_NC(nr, a, b, c, d, e, f) \
    iv_nc6((nr), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))
/* The same, returning -errno: for hostcalls, whose result is just that
 * (no errno to read back through glibc's TLS accessor). */
#define IV_NCR(nr, a, b, c, d, e, f) \
    iv_nc6r((nr), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

static inline ssize_t iv_read(int fd, void *buf, size_t n) { return IV_NC(SYS_read, fd, buf, n, 0, 0, 0); }
static inline ssize_t iv_write(int fd, const void *buf, size_t n) { return IV_NC(SYS_write, fd, buf, n, 0, 0, 0); }
static inline ssize_t iv_pread(int fd, void *buf, size_t n, off_t off)
{
    return IV_NC(SYS_pread64, fd, buf, n, off, 0, 0);
}
static inline ssize_t iv_pwrite(int fd, const void *buf, size_t n, off_t off)
{
    return IV_NC(SYS_pwrite64, fd, buf, n, off, 0, 0);
}
static inline int iv_close(int fd) { return (int)IV_NC(SYS_close, fd, 0, 0, 0, 0, 0); }
static inline ssize_t iv_sendmsg(int fd, const struct msghdr *m, int flags)
{
    return IV_NC(SYS_sendmsg, fd, m, flags, 0, 0, 0);
}
static inline ssize_t iv_recvmsg(int fd, struct msghdr *m, int flags)
{
    return IV_NC(SYS_recvmsg, fd, m, flags, 0, 0, 0);
}
static inline int iv_accept4(int fd, struct sockaddr *sa, socklen_t *len, int flags)
{
    return (int)IV_NC(SYS_accept4, fd, sa, len, flags, 0, 0);
}
static inline int iv_connect(int fd, const struct sockaddr *sa, socklen_t len)
{
    return (int)IV_NC(SYS_connect, fd, sa, len, 0, 0, 0);
}
static inline int iv_epoll_wait(int ep, struct epoll_event *ev, int max, int ms)
{
    return (int)IV_NC(SYS_epoll_wait, ep, ev, max, ms, 0, 0);
}
#endif
