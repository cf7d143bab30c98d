/* __strchrnul (behind strchr) for cVMs: aligned 16-byte SSE2 loads. */
#include <string.h>
#include <stdint.h>
#include "iv_simd.h"

char *__strchrnul(const char *s, int c)
{
	iv_v16 v = iv_splat((unsigned char)c), z = {0};
	unsigned off = (uintptr_t)s & 15;
	const char *p = s - off;
	iv_v16 x = iv_loada(p);
	unsigned m = (iv_eqmask(x, v) | iv_eqmask(x, z)) >> off;
	if (m)
		return (char *)s + __builtin_ctz(m);
	for (;;) {
		p += 16;
		x = iv_loada(p);
		m = iv_eqmask(x, v) | iv_eqmask(x, z);
		if (m)
			return (char *)p + __builtin_ctz(m);
	}
}

weak_alias(__strchrnul, strchrnul);
