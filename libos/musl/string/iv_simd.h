/* SSE2 (and AVX2) helpers for the cVM's string routines (libos/musl/string/).
 * SSE2 is part of x86-64, so no CPU check is needed.  Written with GCC
 * vector extensions and builtins that gcc and clang share, because musl is
 * compiled with -nostdinc (no <emmintrin.h>).  ivcc turns every load and
 * store into a %gs:addr32 access, which the sandbox allows; the `rep movs`
 * and `rep stos` forms musl's assembly uses are what it forbids.
 *
 * Reads past the end of a string are made only through 16-byte-ALIGNED
 * loads, which never cross a page, so they never touch a page (or guard)
 * the string does not reach. */
#ifndef IV_SIMD_H
#define IV_SIMD_H
#include <stddef.h>
#include <stdint.h>

typedef char iv_v16 __attribute__((vector_size(16)));
typedef char iv_v16u __attribute__((vector_size(16), aligned(1), may_alias));
typedef char iv_v16a __attribute__((vector_size(16), aligned(16), may_alias));
typedef uint64_t iv_u64u __attribute__((aligned(1), may_alias));
typedef uint32_t iv_u32u __attribute__((aligned(1), may_alias));
typedef uint16_t iv_u16u __attribute__((aligned(1), may_alias));

static inline iv_v16 iv_loadu(const void *p) { return *(const iv_v16u *)p; }
static inline iv_v16 iv_loada(const void *p) { return *(const iv_v16a *)p; }
static inline void iv_storeu(void *p, iv_v16 v) { *(iv_v16u *)p = v; }
static inline void iv_storea(void *p, iv_v16 v) { *(iv_v16a *)p = v; }
static inline iv_v16 iv_splat(unsigned char c) { return (iv_v16){0} + (char)c; }
/* AVX2 for long runs (memmove.c, memset.c): 1 if the CPU has it.  cpuid
 * is allowed in a cVM, xgetbv is not, so OSXSAVE + AVX + AVX2 stand for
 * "the kernel saves the ymm state" (Linux does whenever it reports them).
 * Asked once (iv_cpu.c). */
#define IV_AVX2_MIN 256
int __iv_have_avx2(void);
typedef char iv_v32 __attribute__((vector_size(32)));
typedef char iv_v32u __attribute__((vector_size(32), aligned(1), may_alias));
typedef char iv_v32a __attribute__((vector_size(32), aligned(32), may_alias));

/* One bit per byte: bit i set when byte i of a equals byte i of b. */
static inline unsigned iv_eqmask(iv_v16 a, iv_v16 b)
{
	return (unsigned)__builtin_ia32_pmovmskb128((iv_v16)(a == b));
}
#endif
