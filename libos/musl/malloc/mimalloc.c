/* libmimalloc.a for cVMs (libos/musl/build-musl.sh; docs/libos.md "The
 * allocator"): Debian's mimalloc 2.0.9 compiled in whole (its src/static.c)
 * with MI_MALLOC_OVERRIDE, so that linked after a program's objects and
 * before libc.a it defines malloc, free, calloc, realloc, the aligned
 * variants and malloc_usable_size; musl's own allocations (__libc_malloc)
 * stay with musl's oldmalloc. */
#include "static.c"

/* Segments are committed in 64 KiB slices as they are used, not 32 MiB at
 * a time: the monitor charges a cVM's budget for accessible memory only,
 * and a PROT_NONE reservation is free.  Set before any constructor of the
 * program can allocate. */
__attribute__((constructor(101))) static void libos_mimalloc_options(void)
{
	mi_option_set(mi_option_eager_commit, 0);
}
