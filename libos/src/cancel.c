/* The cancellation-point pieces musl's pthread_cancel.c links against,
 * which upstream writes in assembly (src/thread/x86_64/syscall_cp.s, removed
 * because it issues `syscall`).  No signal interrupts a cVM thread
 * asynchronously (signal.c passes SIGCANCEL over), so cancellation is
 * deferred only: a thread with a pending cancel request
 * acts on it at its next cancellation point (read, accept, ...), never
 * asynchronously; the address labels exist for cancel_handler, which never
 * runs.  Programs that merely call pthread_cancel on shutdown (Redis's
 * background threads) link and behave. */
#include "pthread_impl.h"
#include "syscall.h"
#include "libos.h"

hidden const char __cp_begin[1], __cp_end[1], __cp_cancel[1];
hidden long __cancel(void);

hidden long __syscall_cp_asm(volatile int *cancel, syscall_arg_t nr, syscall_arg_t u, syscall_arg_t v,
                             syscall_arg_t w, syscall_arg_t x, syscall_arg_t y, syscall_arg_t z)
{
	if (*cancel)
		return __cancel();
	return __libos_syscall(nr, u, v, w, x, y, z);
}
