/* The in-cVM LibOS: Linux system calls as musl issues them, implemented
 * inside the region or forwarded to the monitor through hostcalls.
 * Compiled as part of musl (src/libos/ in the musl tree), so musl's
 * internal headers are available. */
#ifndef LIBOS_H
#define LIBOS_H
#include <errno.h>
#include <features.h>

#define LIBOS_ARGS long a1, long a2, long a3, long a4, long a5, long a6

hidden long __libos_syscall(long n, LIBOS_ARGS);

/* Families of system calls, each in its own file. */
hidden long libos_io(long n, LIBOS_ARGS, int *handled);
hidden long libos_fs(long n, LIBOS_ARGS, int *handled);
hidden long libos_poll(long n, LIBOS_ARGS, int *handled);
hidden long libos_mem(long n, LIBOS_ARGS, int *handled);
hidden long libos_brk(unsigned long want);
hidden long libos_time(long n, LIBOS_ARGS, int *handled);
hidden long libos_thread(long n, LIBOS_ARGS, int *handled);
hidden long libos_proc(long n, LIBOS_ARGS, int *handled);
hidden long libos_net(long n, LIBOS_ARGS, int *handled);
hidden long libos_signal(long n, LIBOS_ARGS, int *handled);

/* Signals (signal.c): while the box's attention word is set (a signal
 * pending, an alarm armed, one posted by the monitor) or a call fails with
 * EINTR, every system call n ends in __libos_sig_boundary, which delivers
 * them and says whether to make the call again. */
struct iv_sigbox;
extern hidden struct iv_sigbox __libos_sigbox;
hidden int __libos_sig_boundary(long n, long r);
/* Sleeps ns unless a signal the caller takes comes first: 0, or -EINTR
 * with *left the time not slept. */
hidden long __libos_sig_sleep(long long ns, long long *left);
/* ppoll, pselect6, epoll_pwait: the call's signal mask (NULL: none) is
 * the caller's until __libos_sig_mask_leave, which delivers what it lets
 * in and gives EINTR if a handler ran (that call is not made again).
 * Enter: 1 if a signal it lets in is pending already (do not wait), 0, or
 * -EINVAL; *old is the mask to restore either way. */
hidden int __libos_sig_mask_enter(const void *set, unsigned long size, unsigned long long *old);
hidden long __libos_sig_mask_leave(unsigned long long old, long r);
/* When enter said a signal is pending, the call still reports what is
 * ready (Linux looks at events before signals): it looks without waiting
 * and gives EINTR only if nothing is (r: that look's result). */
static inline long __libos_ready_or_eintr(long r) { return r == 0 ? -EINTR : r; }
/* A thread ends: forget what was pending for it. */
hidden void __libos_sig_thread_exit(void);
/* Ends the cVM as the default action of sig does (proc.c). */
hidden _Noreturn void __libos_end_by_signal(int sig);

/* Writes one line to stderr, without stdio (usable from anywhere). */
hidden void libos_log(const char *msg);

#endif
