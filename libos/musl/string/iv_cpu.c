/* Which vector width the string routines may use (iv_simd.h). */
#include "iv_simd.h"

int __iv_avx2_state; /* iv_simd.h */

static void cpuid(unsigned leaf, unsigned r[4])
{
	__asm__("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
}

int __iv_have_avx2(void)
{
	int v = __atomic_load_n(&__iv_avx2_state, __ATOMIC_RELAXED);
	if (v)
		return v == 2;
	unsigned r[4];
	cpuid(0, r);
	int yes = 0;
	if (r[0] >= 7) {
		cpuid(1, r);
		int osxsave_avx = (r[2] >> 27 & 1) && (r[2] >> 28 & 1);
		cpuid(7, r);
		yes = osxsave_avx && (r[1] >> 5 & 1);
	}
	__atomic_store_n(&__iv_avx2_state, yes ? 2 : 1, __ATOMIC_RELAXED);
	return yes;
}
