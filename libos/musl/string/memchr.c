/* memchr for cVMs: aligned 16-byte SSE2 loads (see iv_simd.h). */
#include <string.h>
#include <stdint.h>
#include "iv_simd.h"

void *memchr(const void *src, int c, size_t n)
{
	const unsigned char *s = src;
	if (!n)
		return 0;
	iv_v16 v = iv_splat((unsigned char)c);
	unsigned off = (uintptr_t)s & 15;
	const unsigned char *p = s - off;
	unsigned m = iv_eqmask(iv_loada(p), v) >> off;
	size_t avail = 16 - off; /* bytes of s in this block */
	for (;;) {
		if (m) {
			size_t i = __builtin_ctz(m);
			return i < n ? (void *)(s + i) : 0;
		}
		if (n <= avail)
			return 0;
		s += avail;
		n -= avail;
		p += 16;
		avail = 16;
		m = iv_eqmask(iv_loada(p), v);
	}
}
