/* memcmp for cVMs: 16 bytes per step with SSE2 (see iv_simd.h). */
#include <string.h>
#include "iv_simd.h"

int memcmp(const void *vl, const void *vr, size_t n)
{
	const unsigned char *l = vl, *r = vr;
	size_t k = 0;
	for (; n - k >= 16; k += 16) {
		unsigned m = iv_eqmask(iv_loadu(l + k), iv_loadu(r + k)) ^ 0xffff;
		if (m) {
			k += __builtin_ctz(m);
			return l[k] - r[k];
		}
	}
	if (n >= 16 && k < n) { /* the rest, as the last 16 bytes */
		k = n - 16;
		unsigned m = iv_eqmask(iv_loadu(l + k), iv_loadu(r + k)) ^ 0xffff;
		if (m) {
			k += __builtin_ctz(m);
			return l[k] - r[k];
		}
		return 0;
	}
	for (; k + 8 <= n; k += 8) {
		uint64_t a = *(const iv_u64u *)(l + k), b = *(const iv_u64u *)(r + k);
		if (a != b) {
			k += __builtin_ctzll(a ^ b) / 8;
			return l[k] - r[k];
		}
	}
	for (; k < n; k++)
		if (l[k] != r[k])
			return l[k] - r[k];
	return 0;
}
