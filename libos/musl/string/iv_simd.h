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
extern int __iv_avx2_state; /* 0: not asked yet, 1: no, 2: yes */
static inline int iv_avx2(void)
{
	int v = __atomic_load_n(&__iv_avx2_state, __ATOMIC_RELAXED);
	return v ? v == 2 : __iv_have_avx2();
}
/* At the end of every function that used ymm registers: gcc puts a
 * vzeroupper there itself only from -O2 on (the -O0 musl build would leave
 * the upper halves dirty, and every SSE instruction after paid for it); at
 * -O2 the second one costs about a cycle. */
#define iv_vzeroupper() __builtin_ia32_vzeroupper()
typedef char iv_v32 __attribute__((vector_size(32)));
typedef char iv_v32u __attribute__((vector_size(32), aligned(1), may_alias));
typedef char iv_v32a __attribute__((vector_size(32), aligned(32), may_alias));

/* n <= 32, any overlap: everything is loaded before anything is stored.
 * Inline in memcpy and memmove: most copies are this short. */
static inline void *iv_copy_small(unsigned char *d, const unsigned char *s, size_t n)
{
	if (n >= 16) {
		iv_v16 a = iv_loadu(s), b = iv_loadu(s + n - 16);
		iv_storeu(d, a);
		iv_storeu(d + n - 16, b);
	} else if (n >= 8) {
		uint64_t a = *(const iv_u64u *)s, b = *(const iv_u64u *)(s + n - 8);
		*(iv_u64u *)d = a;
		*(iv_u64u *)(d + n - 8) = b;
	} else if (n >= 4) {
		uint32_t a = *(const iv_u32u *)s, b = *(const iv_u32u *)(s + n - 4);
		*(iv_u32u *)d = a;
		*(iv_u32u *)(d + n - 4) = b;
	} else if (n) {
		unsigned char a = s[0], b = s[n / 2], c = s[n - 1];
		d[0] = a;
		d[n / 2] = b;
		d[n - 1] = c;
	}
	return d;
}

/* 32 < n <= 64, any overlap: four 16-byte vectors from both ends, all
 * loaded before any is stored.  Inline in memcpy and memmove: most of
 * SQLite's medium copies are this size, and SSE needs neither the CPU
 * check nor the jump to the AVX2 function, nor its vzeroupper. */
static inline void *iv_copy_64(unsigned char *d, const unsigned char *s, size_t n)
{
	iv_v16 a = iv_loadu(s), b = iv_loadu(s + 16), y = iv_loadu(s + n - 32), z = iv_loadu(s + n - 16);
	iv_storeu(d, a);
	iv_storeu(d + 16, b);
	iv_storeu(d + n - 32, y);
	iv_storeu(d + n - 16, z);
	return d;
}

/* One bit per byte: bit i set when byte i of a equals byte i of b. */
static inline unsigned iv_eqmask(iv_v16 a, iv_v16 b)
{
	return (unsigned)__builtin_ia32_pmovmskb128((iv_v16)(a == b));
}

/* strspn (in_set) and strcspn (!in_set) for a set c of n = 1..4 nonzero
 * bytes, 16 bytes at a time (aligned loads: they never cross a page).
 * Unused slots repeat c[0].  The span ends at the first byte outside the
 * set (strspn: the NUL is in no set) or inside it or at the NUL (strcspn). */
static inline size_t iv_span4(const char *s, const char *c, size_t n, int in_set)
{
	iv_v16 z = {0}, v0 = iv_splat(c[0]), v1 = iv_splat(n > 1 ? c[1] : c[0]);
	iv_v16 v2 = iv_splat(n > 2 ? c[2] : c[0]), v3 = iv_splat(n > 3 ? c[3] : c[0]);
	unsigned off = (uintptr_t)s & 15;
	const char *p = s - off;
	for (;;) {
		iv_v16 x = iv_loada(p);
		unsigned m = iv_eqmask(x, v0) | iv_eqmask(x, v1) | iv_eqmask(x, v2) | iv_eqmask(x, v3);
		m = in_set ? m ^ 0xffff : m | iv_eqmask(x, z);
		m >>= off; /* the first block: bytes before s do not count */
		if (m)
			return (size_t)(p + off - s) + __builtin_ctz(m);
		p += 16;
		off = 0;
	}
}
#endif
