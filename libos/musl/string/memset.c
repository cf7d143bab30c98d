/* memset for cVMs: SSE2 stores, AVX2 for long runs (see iv_simd.h; `rep
 * stos` is forbidden). */
#include <string.h>
#include <stdint.h>
#include "iv_simd.h"

/* Long runs (zeroing a 4 KiB page): 32-byte AVX2 stores (iv_simd.h). */
__attribute__((target("avx2"), noinline))
static void *set_avx2(unsigned char *d, int c, size_t n)
{
	iv_v32 v = (iv_v32){0} + (char)c;
	*(iv_v32u *)d = v;
	*(iv_v32u *)(d + n - 32) = v;
	size_t k = 32 - ((uintptr_t)d & 31);
	for (; n - k > 128; k += 128) {
		*(iv_v32a *)(d + k) = v;
		*(iv_v32a *)(d + k + 32) = v;
		*(iv_v32a *)(d + k + 64) = v;
		*(iv_v32a *)(d + k + 96) = v;
	}
	for (; n - k > 32; k += 32)
		*(iv_v32a *)(d + k) = v;
	iv_vzeroupper();
	return d;
}

void *memset(void *dest, int c, size_t n)
{
	unsigned char *d = dest;
	if (n <= 16) {
		uint64_t v = 0x0101010101010101ull * (unsigned char)c;
		if (n >= 8) {
			*(iv_u64u *)d = v;
			*(iv_u64u *)(d + n - 8) = v;
		} else if (n >= 4) {
			*(iv_u32u *)d = (uint32_t)v;
			*(iv_u32u *)(d + n - 4) = (uint32_t)v;
		} else if (n) {
			d[0] = d[n / 2] = d[n - 1] = (unsigned char)c;
		}
		return dest;
	}
	if (n > IV_AVX2_MIN && iv_avx2())
		return set_avx2(d, c, n);
	iv_v16 v = iv_splat((unsigned char)c);
	iv_storeu(d, v);
	iv_storeu(d + n - 16, v);
	size_t k = 16 - ((uintptr_t)d & 15);
	for (; n - k > 64; k += 64) {
		iv_storea(d + k, v);
		iv_storea(d + k + 16, v);
		iv_storea(d + k + 32, v);
		iv_storea(d + k + 48, v);
	}
	for (; n - k > 16; k += 16)
		iv_storea(d + k, v);
	return dest;
}
