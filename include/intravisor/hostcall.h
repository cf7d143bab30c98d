/* Hostcall ABI v1: slot numbers and flag values shared by the monitor, the
 * cVM runtime (assembly) and cVM C code.  Only #defines, so that assembly
 * files can include it.  The contract is docs/hostcalls.md.
 *
 * A cVM calls hostcall N with the runtime-call form
 *     addr32 call *%gs:IV_HC_SLOT(N)
 * (ending on a bundle end), SysV arguments in rdi, rsi, rdx, rcx, r8, and
 * gets a 64-bit result in rax; a negative result in [-4095, -1] is -errno
 * (Linux errno values).  Registers follow the SysV call convention. */
#ifndef INTRAVISOR_HOSTCALL_H
#define INTRAVISOR_HOSTCALL_H

#define IV_HC_TABLE_OFFSET 0x10000 /* == IV_RTCALL_TABLE_OFFSET */
#define IV_HC_SLOT(n) (IV_HC_TABLE_OFFSET + 8 * (n))
#define IV_HC_MAX 512 /* == IV_RTCALL_SLOTS */

#define IV_HC_EXIT 0          /* (int status) -> never returns; ends the cVM */
#define IV_HC_WRITE 1         /* (int fd, const void *buf, size_t len) -> bytes | -errno */
#define IV_HC_READ 2          /* (int fd, void *buf, size_t len) -> bytes | -errno */
#define IV_HC_CLOCK 3         /* (int clock) -> nanoseconds | -EINVAL */
#define IV_HC_NANOSLEEP 4     /* (int64 ns) -> 0 | -EINTR | -EINVAL */
#define IV_HC_GETRANDOM 5     /* (void *buf, size_t len) -> bytes | -errno */
#define IV_HC_THREAD_CREATE 6 /* (entry, arg, stack_top, tls, int *ctid) -> tid | -errno */
#define IV_HC_THREAD_EXIT 7   /* () -> never returns */
#define IV_HC_THREAD_JOIN 8   /* (int tid) -> 0 | -errno */
#define IV_HC_THREAD_SELF 9   /* () -> tid */
#define IV_HC_FUTEX_WAIT 10   /* (int *addr, int val, int64 timeout_ns, int flags) -> 0 | -errno */
#define IV_HC_FUTEX_WAKE 11   /* (int *addr, int count, int flags) -> woken | -errno */
#define IV_HC_MMAP 12         /* (void *addr, size_t len, int prot, int flags) -> addr | -errno */
#define IV_HC_MUNMAP 13       /* (void *addr, size_t len) -> 0 | -errno */
#define IV_HC_MPROTECT 14     /* (void *addr, size_t len, int prot) -> 0 | -errno */
#define IV_HC_GETNAME 15      /* (char *buf, size_t len) -> name length | -errno */
/* File system and descriptors (docs/hostcalls.md "Files").  Paths are
 * NUL-terminated, at most IV_PATH_MAX bytes with the NUL, and resolve inside
 * the cVM's root (intravisor run --root); dirfd may be IV_AT_FDCWD. */
#define IV_HC_OPENAT 16       /* (int dirfd, const char *path, int flags, int mode) -> fd | -errno */
#define IV_HC_CLOSE 17        /* (int fd) -> 0 | -errno */
#define IV_HC_PREAD 18        /* (int fd, void *buf, size_t len, int64 off) -> bytes | -errno */
#define IV_HC_PWRITE 19       /* (int fd, const void *buf, size_t len, int64 off) -> bytes | -errno */
#define IV_HC_LSEEK 20        /* (int fd, int64 off, int whence) -> offset | -errno */
#define IV_HC_FSTATAT 21      /* (int dirfd, const char *path or NULL, struct stat *st, int flags) -> 0 | -errno */
#define IV_HC_GETDENTS 22     /* (int fd, void *buf, size_t len) -> bytes | -errno (linux_dirent64) */
#define IV_HC_READLINKAT 23   /* (int dirfd, const char *path, char *buf, size_t len) -> bytes | -errno */
#define IV_HC_MKDIRAT 24      /* (int dirfd, const char *path, int mode) -> 0 | -errno */
#define IV_HC_UNLINKAT 25     /* (int dirfd, const char *path, int flags) -> 0 | -errno */
#define IV_HC_RENAMEAT 26     /* (int odirfd, const char *old, int ndirfd, const char *new, int flags) -> 0 | -errno */
#define IV_HC_FTRUNCATE 27    /* (int fd, int64 len) -> 0 | -errno */
#define IV_HC_FSYNC 28        /* (int fd, int datasync) -> 0 | -errno */
#define IV_HC_FCNTL 29        /* (int fd, int cmd, long arg) -> value | -errno (F_GETFD/SETFD/GETFL/SETFL) */
#define IV_HC_DUP 30          /* (int oldfd, int newfd, int flags) -> fd | -errno */
#define IV_HC_FACCESSAT 31    /* (int dirfd, const char *path, int mode, int flags) -> 0 | -errno */
#define IV_HC_UTIMENSAT 32    /* (int dirfd, const char *path or NULL, const struct timespec t[2] or NULL, int flags) */
#define IV_HC_PIPE 33         /* (int fds[2], int flags) -> 0 | -errno */
#define IV_HC_POLL 34         /* (struct pollfd *fds, size_t n, int timeout_ms) -> ready | -errno */
#define IV_HC_ISATTY 35       /* (int fd, struct winsize *ws or NULL) -> 1 | 0 | -errno */
#define IV_HC_CHDIR 36        /* (int dirfd, const char *path or NULL) -> 0 | -errno */
#define IV_HC_GETCWD 37       /* (char *buf, size_t len) -> length with the NUL | -errno */
#define IV_HC_SYMLINKAT 38    /* (const char *target, int dirfd, const char *path) -> 0 | -errno */
#define IV_HC_LINKAT 39       /* (int odirfd, const char *old, int ndirfd, const char *new, int flags) -> 0 | -errno */
#define IV_HC_FCHMODAT 40     /* (int dirfd, const char *path or NULL, int mode) -> 0 | -errno */
/* CAP Files (docs/ipc.md): named shared buffers.  Names are NUL-terminated,
 * 1..IV_CAP_NAME_MAX-1 bytes; cVM names likewise. */
#define IV_HC_CAP_FILE_MAP 41    /* (const char *name, uint64 *size_out or NULL, int prot) -> addr | -errno */
#define IV_HC_CAP_FILE_UNMAP 42  /* (void *addr) -> 0 | -errno */
#define IV_HC_CAP_FILE_READ 43   /* (const char *name, uint64 off, void *buf, size_t len) -> len | -errno */
#define IV_HC_CAP_FILE_WRITE 44  /* (const char *name, uint64 off, const void *buf, size_t len) -> len | -errno */
#define IV_HC_CAP_FILE_CREATE 45 /* (const char *name, uint64 size) -> 0 | -errno */
#define IV_HC_CAP_FILE_GRANT 46  /* (const char *name, const char *cvm, int mode) -> 0 | -errno */
#define IV_HC_CAP_FILE_REVOKE 47 /* (const char *name, const char *cvm) -> 0 | -errno */
/* CAP Streams (docs/ipc.md): the end of the stream to (O_WRONLY) or from
 * (O_RDONLY) cVM `name`, installed as a descriptor. */
#define IV_HC_STREAM_OPEN 48     /* (const char *name, int flags) -> fd | -errno */
/* CAP Calls (docs/ipc.md): a thread of the caller migrates into the callee,
 * runs the exported function on one of the callee's call contexts (stack +
 * thread pointer it registered) and comes back. */
#define IV_HC_CAP_CALL_SETUP 49  /* (const uint64 ctx[2*n] {sp, tp}, size_t n, entry) -> 0 | -errno */
#define IV_HC_CAP_EXPORT 50      /* (const char *name, void *fn) -> 0 | -errno */
#define IV_HC_CAP_IMPORT 51      /* (const char *cvm, const char *name, int64 timeout_ns) -> handle | -errno */
#define IV_HC_CAP_CALL 52        /* rax = handle, rdi..r9 = 6 args -> callee's result | -errno (special entry) */
#define IV_HC_CAP_RETURN 53      /* (long result) -> never returns: ends the current CAP call */
#define IV_HC_CAP_SERVE 54       /* () -> 0 once every cVM allowed to call this one has ended | -errno */
/* The cVM's view of its machine (docs/hostcalls.md "System"): CPUs, memory,
 * host name; what uname, sysinfo, sched_getaffinity and sysconf answer. */
#define IV_HC_SYSINFO 55         /* (struct iv_sysinfo *out, size_t len) -> bytes written | -errno */
/* Networking and events (docs/net.md, docs/hostcalls.md "Sockets").
 * Socket addresses are Linux struct sockaddr_*; AF_UNIX paths resolve
 * inside the cVM's root like file paths.  bind/connect/sendto answer
 * -EACCES unless the cVM's network policy grants them. */
#define IV_HC_SOCKET 56          /* (int family, int type, int proto) -> fd | -errno */
#define IV_HC_SOCKETPAIR 57      /* (int family, int type, int proto, int sv[2]) -> 0 | -errno */
#define IV_HC_BIND 58            /* (int fd, const struct sockaddr *a, socklen_t len) -> 0 | -errno */
#define IV_HC_LISTEN 59          /* (int fd, int backlog) -> 0 | -errno */
#define IV_HC_ACCEPT 60          /* (int fd, struct sockaddr *a or NULL, socklen_t *len, int flags) -> fd | -errno */
#define IV_HC_CONNECT 61         /* (int fd, const struct sockaddr *a, socklen_t len) -> 0 | -errno */
#define IV_HC_SENDMSG 62         /* (int fd, const struct msghdr *m, int flags) -> bytes | -errno (no control data) */
#define IV_HC_RECVMSG 63         /* (int fd, struct msghdr *m, int flags) -> bytes | -errno (no control data) */
#define IV_HC_SHUTDOWN 64        /* (int fd, int how) -> 0 | -errno */
#define IV_HC_SOCKNAME 65        /* (int fd, struct sockaddr *a, socklen_t *len, int peer) -> 0 | -errno */
#define IV_HC_SETSOCKOPT 66      /* (int fd, int level, int name, const void *v, socklen_t len) -> 0 | -errno */
#define IV_HC_GETSOCKOPT 67      /* (int fd, int level, int name, void *v, socklen_t *len) -> 0 | -errno */
#define IV_HC_EPOLL_CREATE 68    /* (int flags) -> fd | -errno */
#define IV_HC_EPOLL_CTL 69       /* (int ep, int op, int fd, struct epoll_event *ev) -> 0 | -errno */
#define IV_HC_EPOLL_WAIT 70      /* (int ep, struct epoll_event *evs, int max, int timeout_ms) -> n | -errno */
#define IV_HC_EVENTFD 71         /* (unsigned init, int flags) -> fd | -errno */
#define IV_HC_TIMERFD_CREATE 72  /* (int clock, int flags) -> fd | -errno */
#define IV_HC_TIMERFD_SETTIME 73 /* (int fd, int flags, const struct itimerspec *new, struct itimerspec *old or NULL) */
#define IV_HC_TIMERFD_GETTIME 74 /* (int fd, struct itimerspec *cur) -> 0 | -errno */
#define IV_HC_SENDFILE 75        /* (int out, int in, int64 *off or NULL, size_t count) -> bytes | -errno */
#define IV_HC_SEND 76            /* (int fd, const void *buf, size_t len, int flags) -> bytes | -errno (no address) */
#define IV_HC_RECV 77            /* (int fd, void *buf, size_t len, int flags) -> bytes | -errno (no address) */
#define IV_HC_SCHED_YIELD 78     /* () -> 0: gives up the CPU (sched_yield) */
#define IV_HC_SIGBOX 79          /* (struct iv_sigbox *box or NULL) -> 0 | -errno: where signals from outside are posted */
#define IV_HC_SET_TP 80          /* (uint64 tp) -> 0: this thread's thread pointer, what %fs:IV_TP_SLOT reads (docs/sfi.md section 7) */
#define IV_HC_STATFS 81          /* (int dirfd, const char *path or NULL, struct statfs *out) -> 0 | -errno */
#define IV_HC_MADVISE 82         /* (void *addr, size_t len, int advice: IV_MADV_*) -> 0 | -errno */
#define IV_HC_COUNT 83

/* IV_HC_SIGBOX: struct iv_sigbox (include/intravisor.h), the bit of its
 * `attention` word the monitor sets when it posts. */
#define IV_SIGBOX_POSTED 2

/* CAP File access modes (grant) and limits. */
#define IV_CAP_NONE 0
#define IV_CAP_RO 1
#define IV_CAP_RW 2
#define IV_CAP_NAME_MAX 64
#define IV_CAP_FILE_MAX (1ull << 30)
#define IV_CAP_CALL_CTX_MAX 63  /* call contexts one cVM may register */
#define IV_CAP_CALL_DEPTH_MAX 8 /* nested CAP calls on one thread */
#define IV_CAP_IMPORTS_MAX 256  /* distinct imports per cVM (handles 0..255) */

/* The process id a cVM has (getpid, /proc/<pid>): it is a process of its own. */
#define IV_CVM_PID 1
/* IV_HC_SYSINFO: struct iv_sysinfo (include/intravisor.h), host name length. */
#define IV_HOSTNAME_MAX 64
/* st_dev of the synthetic /dev (makedev(0, 5), as devtmpfs): the LibOS
 * knows /dev/shm files by it (shared mappings, docs/libos.md). */
#define IV_DEV_DEVNO 5

/* File hostcall constants (Linux values). */
#define IV_AT_FDCWD (-100)
#define IV_PATH_MAX 4096
/* IV_HC_DUP flags: IV_DUP_MIN = lowest free fd >= newfd (F_DUPFD);
 * otherwise newfd < 0 = lowest free fd (dup), else exactly newfd (dup3). */
#define IV_DUP_CLOEXEC 0x80000 /* == O_CLOEXEC */
#define IV_DUP_MIN 1

/* IV_HC_CLOCK clocks (Linux numbering). */
#define IV_CLOCK_REALTIME 0
#define IV_CLOCK_MONOTONIC 1
#define IV_CLOCK_PROCESS_CPUTIME 2 /* the cVM's CPU time: all its threads, the monitor's work for them included */
#define IV_CLOCK_THREAD_CPUTIME 3  /* the calling thread's, likewise */

/* IV_HC_MMAP / IV_HC_MPROTECT protections: never executable. */
#define IV_PROT_NONE 0
#define IV_PROT_READ 1
#define IV_PROT_WRITE 2
/* IV_HC_MMAP flags. */
#define IV_MAP_FIXED 0x10
/* IV_HC_MADVISE's advice: Linux's numbers.  Whether the pages of a range of
 * the cVM's own anonymous memory may be backed by transparent huge pages
 * (docs/hostcalls.md "Memory"). */
#define IV_MADV_HUGEPAGE 14
#define IV_MADV_NOHUGEPAGE 15

/* IV_HC_FUTEX_* flags: private (default) keys the futex on the address in
 * this process; shared keys it on the page, for memory two cVMs share at
 * different addresses. */
#define IV_FUTEX_SHARED 1

#endif
