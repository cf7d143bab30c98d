/* Threads and futexes.  A cVM thread is a monitor thread whose stack and TLS
 * live in the region; musl's pthread layer runs unchanged on top of __clone
 * (clone.c) and these calls. */
#include <errno.h>
#include <time.h>
#include "futex.h"
#include <intravisor.h>
#include "syscall.h"
#include "libos.h"

/* The thread pointer is a word the monitor keeps per thread (docs/sfi.md
 * section 7): set through a hostcall. */
static void set_thread_pointer(long tp)
{
	iv_set_tp((void *)tp);
}

static long futex(int *addr, int op, int val, const struct timespec *timeout)
{
	int flags = (op & FUTEX_PRIVATE) ? 0 : IV_FUTEX_SHARED;
	switch (op & ~(FUTEX_PRIVATE | FUTEX_CLOCK_REALTIME)) {
	case FUTEX_WAIT: {
		int64_t ns = -1; /* wait for ever */
		if (timeout) {
			if (timeout->tv_sec < 0 || timeout->tv_nsec < 0 || timeout->tv_nsec >= 1000000000)
				return -EINVAL;
			ns = (int64_t)timeout->tv_sec * 1000000000 + timeout->tv_nsec;
		}
		return iv_futex_wait(addr, val, ns, flags);
	}
	case FUTEX_WAKE:
		return iv_futex_wake(addr, val, flags);
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		/* Waking everyone instead of requeueing is correct (waiters
		 * re-check their condition); it only costs extra wake-ups. */
		return iv_futex_wake(addr, 0x7fffffff, flags);
	default:
		return -ENOSYS;
	}
}

long libos_thread(long n, LIBOS_ARGS, int *handled)
{
	(void)a5; (void)a6;
	*handled = 1;
	switch (n) {
	case SYS_futex:
		return futex((int *)a1, a2, a3, (const struct timespec *)a4);
	case SYS_exit:
		__libos_sig_thread_exit();
		iv_thread_exit();
	case SYS_gettid:
	case SYS_set_tid_address:
		/* musl passes its thread-list lock; the main thread never needs
		 * it cleared because its exit ends the cVM. */
		return iv_thread_self();
	case SYS_set_robust_list:
		return 0; /* robust mutexes are recovered by the monitor never; accepted */
	case SYS_sched_yield:
		return iv_sched_yield();
	case SYS_set_thread_area:
		/* musl's generic __set_thread_area */
		set_thread_pointer(a1);
		return 0;
	case SYS_arch_prctl:
		if (a1 == 0x1002) { /* ARCH_SET_FS */
			set_thread_pointer(a2);
			return 0;
		}
		return -EINVAL;
	case SYS_membarrier:
		return -ENOSYS;
	default:
		*handled = 0;
		return 0;
	}
}
