/* <intravisor.h>: what a cVM program sees of the monitor.  Hostcall ABI v1
 * (docs/hostcalls.md).  Every pointer argument is a full address inside the
 * caller's own region; the monitor checks it and answers -EFAULT otherwise.
 * Results in [-4095, -1] are -errno. */
#ifndef INTRAVISOR_H
#define INTRAVISOR_H
#include <stddef.h>
#include <stdint.h>
#include <intravisor/hostcall.h>

#ifdef __cplusplus
extern "C" {
#endif

_Noreturn void iv_exit(int status);
long iv_write(int fd, const void *buf, size_t len);
long iv_read(int fd, void *buf, size_t len);
int64_t iv_clock(int clock);
long iv_nanosleep(int64_t ns);
long iv_getrandom(void *buf, size_t len);
/* Sets this thread's thread pointer (what `%fs:0` means in ivcc-compiled
 * code; docs/sfi.md section 7).  Always 0. */
long iv_set_tp(void *tp);
/* Starts a thread at `entry(arg)` with rsp = stack_top (16-aligned, minus 8)
 * and thread pointer tls.  `entry` must not return: it ends with iv_thread_exit().  When
 * the thread ends, 0 is stored at *ctid (if non-NULL) and futex waiters on it
 * are woken, so a joiner may futex-wait on *ctid instead of calling
 * iv_thread_join. */
long iv_thread_create(void (*entry)(void *), void *arg, void *stack_top, void *tls,
                      int *ctid);
_Noreturn void iv_thread_exit(void);
long iv_thread_join(int tid);
long iv_thread_self(void);
long iv_futex_wait(int *addr, int val, int64_t timeout_ns, int flags);
long iv_futex_wake(int *addr, int count, int flags);
/* Returns the address, or a value in [-4095, -1]: test with IV_IS_ERR. */
long iv_mmap(void *addr, size_t len, int prot, int flags);
long iv_munmap(void *addr, size_t len);
long iv_mprotect(void *addr, size_t len, int prot);
long iv_madvise(void *addr, size_t len, int advice);
long iv_getname(char *buf, size_t len);
/* The cVM's view of its machine (IV_HC_SYSINFO): the monitor fills at most
 * `len` bytes, so older and newer programs agree on the common prefix. */
struct iv_sysinfo {
    uint32_t cpus;          /* CPU allowance: what get_nprocs() reports */
    uint32_t max_threads;   /* live threads allowed */
    uint64_t mem_total;     /* memory budget, bytes */
    uint64_t mem_used;      /* bytes mapped now */
    uint64_t uptime_ns;     /* since the cVM was created */
    uint64_t cpu_limit_ns;  /* CPU time allowed, 0: none */
    uint32_t threads;       /* live threads now */
    uint32_t pad;
    char hostname[IV_HOSTNAME_MAX + 1];
    uint64_t mem_peak;      /* most bytes mapped at once so far (getrusage's ru_maxrss) */
};
long iv_sysinfo(struct iv_sysinfo *out, size_t len);
/* Files and descriptors (docs/hostcalls.md "Files"). */
struct stat;
struct pollfd;
struct timespec;
struct winsize;
long iv_openat(int dirfd, const char *path, int flags, int mode);
long iv_close(int fd);
long iv_pread(int fd, void *buf, size_t len, int64_t off);
long iv_pwrite(int fd, const void *buf, size_t len, int64_t off);
long iv_lseek(int fd, int64_t off, int whence);
long iv_fstatat(int dirfd, const char *path, struct stat *st, int flags);
struct statfs;
/* statfs of path (relative to dirfd; symbolic links followed), or of dirfd
 * itself when path is NULL. */
long iv_statfs(int dirfd, const char *path, struct statfs *out);
long iv_getdents(int fd, void *buf, size_t len);
long iv_readlinkat(int dirfd, const char *path, char *buf, size_t len);
long iv_mkdirat(int dirfd, const char *path, int mode);
long iv_unlinkat(int dirfd, const char *path, int flags);
long iv_renameat(int odirfd, const char *oldpath, int ndirfd, const char *newpath, int flags);
long iv_ftruncate(int fd, int64_t len);
long iv_fsync(int fd, int datasync);
long iv_fcntl(int fd, int cmd, long arg);
long iv_dup(int oldfd, int newfd, int flags);
long iv_faccessat(int dirfd, const char *path, int mode, int flags);
long iv_utimensat(int dirfd, const char *path, const struct timespec *times, int flags);
long iv_pipe(int fds[2], int flags);
long iv_poll(struct pollfd *fds, size_t n, int timeout_ms);
long iv_isatty(int fd, struct winsize *ws);
long iv_chdir(int dirfd, const char *path);
long iv_getcwd(char *buf, size_t len);
long iv_symlinkat(const char *target, int dirfd, const char *path);
long iv_linkat(int odirfd, const char *oldpath, int ndirfd, const char *newpath, int flags);
long iv_fchmodat(int dirfd, const char *path, int mode);
/* CAP Files (docs/ipc.md).  iv_cap_file_map returns the address (test with
 * IV_IS_ERR); prot is IV_PROT_READ or IV_PROT_READ|IV_PROT_WRITE. */
long iv_cap_file_map(const char *name, uint64_t *size_out, int prot);
long iv_cap_file_unmap(void *addr);
long iv_cap_file_read(const char *name, uint64_t off, void *buf, size_t len);
long iv_cap_file_write(const char *name, uint64_t off, const void *buf, size_t len);
long iv_cap_file_create(const char *name, uint64_t size);
long iv_cap_file_grant(const char *name, const char *cvm, int mode);
long iv_cap_file_revoke(const char *name, const char *cvm);
/* CAP Streams (docs/ipc.md): flags O_RDONLY (the stream from cVM name) or
 * O_WRONLY (to it), optionally O_NONBLOCK | O_CLOEXEC; returns an fd.  The
 * LibOS's open("/cap/NAME") calls it. */
long iv_stream_open(const char *name, int flags);
/* Sockets and events (docs/net.md): Linux semantics, Linux structures. */
struct sockaddr;
struct msghdr;
struct epoll_event;
struct itimerspec;
long iv_socket(int family, int type, int proto);
long iv_socketpair(int family, int type, int proto, int sv[2]);
long iv_bind(int fd, const struct sockaddr *a, unsigned len);
long iv_listen(int fd, int backlog);
long iv_accept(int fd, struct sockaddr *a, unsigned *len, int flags);
long iv_connect(int fd, const struct sockaddr *a, unsigned len);
long iv_sendmsg(int fd, const struct msghdr *m, int flags);
long iv_recvmsg(int fd, struct msghdr *m, int flags);
long iv_shutdown(int fd, int how);
long iv_sockname(int fd, struct sockaddr *a, unsigned *len, int peer);
long iv_setsockopt(int fd, int level, int name, const void *v, unsigned len);
long iv_getsockopt(int fd, int level, int name, void *v, unsigned *len);
long iv_epoll_create(int flags);
long iv_epoll_ctl(int ep, int op, int fd, struct epoll_event *ev);
long iv_epoll_wait(int ep, struct epoll_event *evs, int max, int timeout_ms);
long iv_eventfd(unsigned init, int flags);
long iv_timerfd_create(int clock, int flags);
long iv_timerfd_settime(int fd, int flags, const struct itimerspec *nv, struct itimerspec *old);
long iv_timerfd_gettime(int fd, struct itimerspec *cur);
long iv_sendfile(int out, int in, int64_t *off, size_t count);
/* send/recv without an address (send_to/recv_from with NULL): one buffer. */
long iv_send(int fd, const void *buf, size_t len, int flags);
long iv_recv(int fd, void *buf, size_t len, int flags);
long iv_sched_yield(void);
/* Signals from outside the cVM (docs/hostcalls.md "Signals from
 * outside"): the LibOS gives the monitor this box, the set of signals its
 * program catches (a handler, or sigwait) and the set it ignores (bit
 * sig-1), again whenever they change.  To stop the cVM gracefully (SIGTERM
 * from a container engine, `intravisor stop`, Ctrl-C) the monitor sets a
 * caught signal's bit in `posted` and IV_SIGBOX_POSTED in `attention`,
 * and interrupts the cVM's blocking hostcalls (EINTR); an ignored one it
 * drops; for any other it applies the default action and ends the cVM. */
struct iv_sigbox {
    uint32_t attention; /* IV_SIGBOX_POSTED from the monitor; other bits the LibOS's */
    uint32_t reserved;
    uint64_t posted;    /* bit sig-1: posted, not yet taken by the LibOS */
};
long iv_sigbox(struct iv_sigbox *box, uint64_t caught, uint64_t ignored);
/* CAP Calls (docs/ipc.md).  The callee exports functions and usually then
 * calls iv_cap_serve(); a caller the deployment allows (`calls:`) imports
 * one, waiting up to timeout_ns (< 0: for ever) for it to be exported, and
 * calls it with the handle.  The calling thread runs the function itself,
 * in the callee, and returns its result; -ECONNRESET if the callee ended
 * during the call (fault, exit, kill), -EPIPE if it had ended before. */
typedef long (*iv_cap_fn)(long, long, long, long, long, long);
/* libc (LibOS): makes the call contexts on first use. */
int iv_cap_export(const char *name, iv_cap_fn fn);
/* libc (LibOS): how many calls may run in this cVM at once and the stack
 * each gets; before the first iv_cap_export.  0 or -EINVAL / -EBUSY. */
int iv_cap_set_contexts(unsigned n, size_t stack);
#define IV_CAP_CALL_DEFAULT_CONTEXTS 16
#define IV_CAP_CALL_DEFAULT_STACK (256u << 10)
long iv_cap_import(const char *cvm, const char *name, int64_t timeout_ns);
long iv_cap_call(long handle, long a1, long a2, long a3, long a4, long a5, long a6);
/* Blocks until every cVM allowed to call this one has ended for good. */
long iv_cap_serve(void);
/* The raw hostcalls under iv_cap_export, for programs without the LibOS:
 * ctx holds n pairs {stack top, thread pointer}; entry is iv_cap_entry. */
long iv_hc_cap_call_setup(const uint64_t *ctx, size_t n, void (*entry)(void));
long iv_hc_cap_export(const char *name, void *fn);
void iv_cap_entry(void);
/* Ends the current CAP call with `result` (what iv_cap_entry does when the
 * function returns); -EINVAL outside a call. */
long iv_hc_cap_return(long result);

#define IV_IS_ERR(x) ((unsigned long)(x) > (unsigned long)-4096L)

#ifdef __cplusplus
}
#endif
#endif
