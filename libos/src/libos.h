/* The in-cVM LibOS: Linux system calls as musl issues them, implemented
 * inside the region or forwarded to the monitor through hostcalls.
 * Compiled as part of musl (src/libos/ in the musl tree), so musl's
 * internal headers are available. */
#ifndef LIBOS_H
#define LIBOS_H
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

/* Writes one line to stderr, without stdio (usable from anywhere). */
hidden void libos_log(const char *msg);

#endif
