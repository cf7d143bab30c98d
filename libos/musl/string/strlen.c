/* strlen for cVMs: aligned 16-byte SSE2 loads (see iv_simd.h). */
#include <string.h>
#include <stdint.h>
#include "iv_simd.h"

size_t strlen(const char *s)
{
	const char *p = (const char *)((uintptr_t)s & ~(uintptr_t)15);
	iv_v16 z = {0};
	unsigned m = iv_eqmask(iv_loada(p), z) >> ((uintptr_t)s & 15);
	if (m)
		return __builtin_ctz(m);
	for (;;) {
		p += 16;
		m = iv_eqmask(iv_loada(p), z);
		if (m)
			return p + __builtin_ctz(m) - s;
	}
}
