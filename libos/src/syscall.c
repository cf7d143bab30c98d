/* __libos_syscall: the single entry point musl's syscall layer calls
 * (see libos/musl/arch/syscall_arch.h).  Each family answers the calls it
 * knows; anything nobody knows is -ENOSYS, never a crash. */
#include <errno.h>
#include "libos.h"

long __libos_syscall(long n, LIBOS_ARGS)
{
	static long (*const families[])(long, LIBOS_ARGS, int *) = {
		libos_io, libos_fs, libos_poll, libos_mem, libos_time, libos_thread, libos_proc, libos_net,
	};
	for (unsigned i = 0; i < sizeof families / sizeof families[0]; i++) {
		int handled = 0;
		long r = families[i](n, a1, a2, a3, a4, a5, a6, &handled);
		if (handled)
			return r;
	}
	return -ENOSYS;
}
