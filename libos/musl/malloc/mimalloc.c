/* mimalloc as musl's allocator in the cVM sysroot (build-musl.sh builds
 * musl with MALLOC_DIR=mimalloc and this file as that directory's only
 * source; docs/libos.md "The allocator").
 *
 * Debian's mimalloc 2.0.9 is compiled in whole (its src/static.c) without
 * MI_MALLOC_OVERRIDE: it defines only mi_* names, and the functions below
 * give musl what its MALLOC_DIR must provide.  musl's own src/malloc/ adds
 * malloc (lite_malloc.c's weak alias to __libc_malloc_impl), free, realloc,
 * calloc, memalign and posix_memalign on top, so the program and musl's
 * internal allocations share one allocator. */

/* musl's internal <features.h> defines `weak` as a macro; mimalloc uses
 * the word as a field name. */
#include <features.h>
#undef weak
#include "static.c"

#include <errno.h>

/* mimalloc decommits memory it no longer uses with madvise(MADV_DONTNEED)
 * and recommits it with mprotect before use.  In a cVM, DONTNEED'd pages
 * stay accessible, so they stay charged to the memory budget: mimalloc
 * would hold "decommitted" memory the budget still counts, and fail to
 * commit new spans at the budget's edge with plenty freed.  This file is
 * compiled with -Dmadvise=libos_mimalloc_madvise: a decommit maps fresh
 * PROT_NONE pages instead -- mimalloc's own (disabled) MAP_FIXED decommit
 * on Linux -- which frees the memory and its charge (docs/monitor.md).
 * Resets, which must leave the pages accessible, are never made:
 * page_reset is forced off below. */
#undef madvise
int libos_mimalloc_madvise(void *addr, size_t len, int advice)
{
	if (advice != MADV_DONTNEED)
		return madvise(addr, len, advice);
	void *p = mmap(addr, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
	return p == addr ? 0 : -1;
}

void *__libc_malloc_impl(size_t n) { return mi_malloc(n); }
void *__libc_realloc(void *p, size_t n) { return mi_realloc(p, n); }
void __libc_free(void *p) { mi_free(p); }
size_t malloc_usable_size(void *p) { return p ? mi_usable_size(p) : 0; }

void *aligned_alloc(size_t align, size_t len)
{
	if (!align || (align & (align - 1))) { /* musl's answer for a bad alignment */
		errno = EINVAL;
		return 0;
	}
	return mi_malloc_aligned(len, align);
}

/* calloc.c asks whether a block is known to be zero already: say no. */
int __malloc_allzerop(void *p) { (void)p; return 0; }

/* Only the dynamic linker donates memory; cVM images are static. */
void __malloc_donate(char *start, char *end) { (void)start; (void)end; }

/* Set before any constructor of the program can allocate:
 *  - segments are committed in 64 KiB slices as they are used, not 32 MiB
 *    at once: the budget charges accessible memory only, and a PROT_NONE
 *    reservation is free;
 *  - freed spans are decommitted at once, not 25 ms later: the budget
 *    sees what is free, so a program that hit ENOMEM and freed can
 *    allocate again, and a cVM that frees shrinks (tests/libc/
 *    malloc_budget.c).  It costs hostcalls on allocation churn (Lua
 *    binary-trees 0.77 s -> 0.95 s; oldmalloc took 1.09 s);
 *  - no page resets (see libos_mimalloc_madvise). */
__attribute__((constructor(101))) static void libos_mimalloc_options(void)
{
	mi_option_set(mi_option_eager_commit, 0);
	mi_option_set(mi_option_decommit_delay, 0);
	mi_option_set(mi_option_page_reset, 0);
}
