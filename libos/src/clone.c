/* __clone for cVMs (replaces musl's x86_64 clone.s, which uses `syscall`).
 * musl calls __clone(fn, stack, flags, arg, ptid, tls, ctid) for
 * pthread_create; we start a monitor thread on the given stack with thread
 * pointer tls and clear-and-wake *ctid at its exit, as CLONE_CHILD_CLEARTID does. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <intravisor.h>
#include "pthread_impl.h"

struct clone_start {
	int (*fn)(void *);
	void *arg;
	int *ptid;
};

static _Noreturn void clone_entry(void *p)
{
	struct clone_start *s = p;
	/* The child stores its own tid too, so code in the child that reads
	 * it (mutex ownership) never sees 0, whoever runs first. */
	if (s->ptid)
		*s->ptid = iv_thread_self();
	s->fn(s->arg);
	iv_thread_exit();
}

int __clone(int (*fn)(void *), void *stack, int flags, void *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	int *ptid = va_arg(ap, int *);
	void *tls = va_arg(ap, void *);
	int *ctid = va_arg(ap, int *);
	va_end(ap);

	const int supported = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
	                      CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID |
	                      CLONE_CHILD_CLEARTID | CLONE_DETACHED;
	if ((flags & ~supported & ~0xff) || !(flags & CLONE_VM) || !(flags & CLONE_THREAD))
		return -ENOSYS; /* fork-like clones: no processes inside a cVM */

	uintptr_t sp = ((uintptr_t)stack - sizeof(struct clone_start)) & -(uintptr_t)16;
	struct clone_start *s = (void *)sp;
	s->fn = fn;
	s->arg = arg;
	s->ptid = (flags & CLONE_PARENT_SETTID) ? ptid : 0;
	long tid = iv_thread_create(clone_entry, s, (void *)sp,
	                            (flags & CLONE_SETTLS) ? tls : (void *)__pthread_self(),
	                            (flags & CLONE_CHILD_CLEARTID) ? ctid : 0);
	if (tid > 0 && (flags & CLONE_PARENT_SETTID))
		*ptid = tid;
	return tid;
}
