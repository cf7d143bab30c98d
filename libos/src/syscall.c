/* __libos_syscall: the single entry point musl's syscall layer calls
 * (see libos/musl/arch/syscall_arch.h).  Each family answers the calls it
 * knows; anything nobody knows is -ENOSYS, never a crash.
 *
 * Which family answers depends only on the number (each family's switch
 * says "not mine" only in its default case), so the answer is remembered
 * per number: a hot call (clock_gettime, read, epoll_wait) goes straight
 * to its family instead of through every switch before it, each an
 * indirect call under the sandbox. */
#include <errno.h>
#include <intravisor.h>
#include "libos.h"

#define KNOWN_MAX 512 /* Linux x86-64 numbers are below this */
#define NOBODY 0xff

static long (*const families[])(long, LIBOS_ARGS, int *) = {
	libos_io, libos_fs, libos_poll, libos_mem, libos_time, libos_thread, libos_proc, libos_net, libos_signal,
};
#define NFAMILIES (sizeof families / sizeof families[0])

/* 0: not seen yet; k + 1: family k; NOBODY: -ENOSYS.  Racing threads
 * store the same value. */
static unsigned char owner[KNOWN_MAX];

static long dispatch(long n, LIBOS_ARGS)
{
	int handled = 0;
	unsigned known = n >= 0 && n < KNOWN_MAX ? __atomic_load_n(&owner[n], __ATOMIC_RELAXED) : 0;
	if (known == NOBODY)
		return -ENOSYS;
	if (known) {
		long r = families[known - 1](n, a1, a2, a3, a4, a5, a6, &handled);
		if (handled)
			return r;
	}
	for (unsigned i = 0; i < NFAMILIES; i++) {
		long r = families[i](n, a1, a2, a3, a4, a5, a6, &handled);
		if (handled) {
			if (n >= 0 && n < KNOWN_MAX)
				__atomic_store_n(&owner[n], (unsigned char)(i + 1), __ATOMIC_RELAXED);
			return r;
		}
	}
	if (n >= 0 && n < KNOWN_MAX)
		__atomic_store_n(&owner[n], NOBODY, __ATOMIC_RELAXED);
	return -ENOSYS;
}

long __libos_syscall(long n, LIBOS_ARGS)
{
	for (;;) {
		long r = dispatch(n, a1, a2, a3, a4, a5, a6);
		/* A pending signal is delivered as a system call ends; a call the
		 * monitor interrupted to post one may be made again (signal.c). */
		if (__builtin_expect(!__atomic_load_n(&__libos_sigbox.attention, __ATOMIC_ACQUIRE) && r != -EINTR, 1))
			return r;
		if (!__libos_sig_boundary(n, r))
			return r;
	}
}
