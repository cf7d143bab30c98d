/* memcpy for cVMs: SSE2, AVX2 for long copies, see iv_simd.h.  Overlap-safe (it is memmove's
 * forward copy), which costs nothing and forgives callers. */
#include <string.h>
#include "iv_simd.h"

void *__iv_copy_fwd(unsigned char *d, const unsigned char *s, size_t n);
void *__iv_copy_mid_avx2(unsigned char *d, const unsigned char *s, size_t n);
void *__iv_copy_long_fwd(unsigned char *d, const unsigned char *s, size_t n);

void *memcpy(void *restrict dest, const void *restrict src, size_t n)
{
	if (n <= 32)
		return iv_copy_small(dest, src, n);
	if (n <= 64)
		return iv_copy_64(dest, src, n);
	if (n <= IV_AVX2_MIN && iv_avx2())
		return __iv_copy_mid_avx2(dest, src, n);
	if (n > IV_AVX2_MIN)
		return __iv_copy_long_fwd(dest, src, n);
	return __iv_copy_fwd(dest, src, n);
}
