/* CAP Calls, callee side (docs/ipc.md "CAP Calls").
 *
 * A calling thread of another cVM runs our exported function on one of our
 * call contexts: a stack and a thread descriptor that look to musl like a
 * thread of ours (own TLS block, errno, canary, a distinct tid for the
 * recursive stdio locks).  They are made once, on the first export, and
 * registered with the monitor together with the entry stub iv_cap_entry
 * (runtime/hostcalls.S).  Several callers may run in this cVM at once, so
 * musl must take its locks from then on, as after a pthread_create. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include "pthread_impl.h"
#include "libc.h"
#include "lock.h"
#include <intravisor.h>

static volatile int lock[1];
static int ready;
static unsigned n_ctx = IV_CAP_CALL_DEFAULT_CONTEXTS;
static size_t stack_size = IV_CAP_CALL_DEFAULT_STACK;

int iv_cap_set_contexts(unsigned n, size_t stack)
{
	if (!n || n > IV_CAP_CALL_CTX_MAX || stack < 16384 || stack > (1ul << 30))
		return -EINVAL;
	LOCK(lock);
	int r = ready ? -EBUSY : 0;
	if (!r) {
		n_ctx = n;
		stack_size = stack;
	}
	UNLOCK(lock);
	return r;
}

static void *noop(void *arg) { return arg; }

/* One context: [guard page | stack ... | TLS + thread descriptor | TSD],
 * laid out as pthread_create lays out a thread. */
static int new_context(pthread_t *out, uint64_t *sp, uint64_t *tp)
{
	size_t guard = PAGE_SIZE;
	size_t size = guard + ((stack_size + libc.tls_size + __pthread_tsd_size + PAGE_SIZE - 1) & -PAGE_SIZE);
	unsigned char *map = mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return -ENOMEM;
	if (mprotect(map, guard, PROT_NONE)) {
		munmap(map, size);
		return -ENOMEM;
	}
	unsigned char *tsd = map + size - __pthread_tsd_size;
	unsigned char *stack = tsd - libc.tls_size;
	pthread_t td = __copy_tls(stack);
	td->map_base = map;
	td->map_size = size;
	td->stack = stack;
	td->stack_size = stack - (map + guard);
	td->guard_size = guard;
	td->self = td;
	td->tsd = (void **)tsd;
	td->locale = &libc.global_locale;
	td->detach_state = DT_DETACHED;
	td->robust_list.head = &td->robust_list.head;
	td->canary = __pthread_self()->canary;
	*sp = (uint64_t)(uintptr_t)stack & ~(uint64_t)15;
	*tp = (uint64_t)(uintptr_t)TP_ADJ(td);
	*out = td;
	return 0;
}

/* Under lock. */
static int setup(void)
{
	/* One real thread makes musl multi-threaded for good (stdio locks,
	 * the main thread's TSD); then the contexts count as threads. */
	pthread_t th;
	if (pthread_create(&th, 0, noop, 0))
		return -EAGAIN;
	pthread_join(th, 0);
	uint64_t ctx[2 * IV_CAP_CALL_CTX_MAX];
	pthread_t tds[IV_CAP_CALL_CTX_MAX];
	for (unsigned i = 0; i < n_ctx; i++) {
		int r = new_context(&tds[i], &ctx[2 * i], &ctx[2 * i + 1]);
		if (r)
			return r; /* the contexts made so far stay: small, and rare */
	}
	/* The monitor answers with the first of n_ctx thread numbers it
	 * reserved for them: the owner ids of musl's recursive locks (stdio,
	 * recursive mutexes) must be unique among this cVM's threads, and
	 * small (bit 30 is musl's "maybe waiters" flag). */
	long first = iv_hc_cap_call_setup(ctx, n_ctx, iv_cap_entry);
	if (first < 0)
		return (int)first;
	pthread_t self = __pthread_self();
	__tl_lock();
	for (unsigned i = 0; i < n_ctx; i++) {
		pthread_t td = tds[i];
		td->tid = (int)first + (int)i;
		/* In the thread list, as pthread_create puts a thread there:
		 * code run in a context may create threads or use keys. */
		td->next = self->next;
		td->prev = self;
		td->next->prev = td;
		td->prev->next = td;
	}
	libc.threads_minus_1 += (int)n_ctx;
	libc.need_locks = 1;
	__tl_unlock();
	ready = 1;
	return 0;
}

int iv_cap_export(const char *name, iv_cap_fn fn)
{
	LOCK(lock);
	int r = ready ? 0 : setup();
	UNLOCK(lock);
	return r ? r : (int)iv_hc_cap_export(name, (void *)fn);
}
