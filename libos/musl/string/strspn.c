/* strspn for cVMs: sets of up to four bytes are searched 16 bytes at a time
 * with SSE2, as strcspn does (see iv_simd.h); larger sets use musl's
 * byte-at-a-time bitmap.  A tokeniser skipping " ," between words is the
 * common case. */
#include <string.h>
#include <stdint.h>
#include "iv_simd.h"

#define BITOP(a, b, op) ((a)[(size_t)(b) / (8 * sizeof *(a))] op(size_t) 1 << ((size_t)(b) % (8 * sizeof *(a))))

size_t strspn(const char *s, const char *c)
{
	if (!c[0])
		return 0;
	size_t n = 1;
	while (n < 5 && c[n])
		n++;
	if (n <= 4) {
		/* unused slots repeat c[0]; the terminator is in no set, so the
		 * first byte outside the set is at the latest the NUL */
		iv_v16 v0 = iv_splat(c[0]), v1 = iv_splat(n > 1 ? c[1] : c[0]);
		iv_v16 v2 = iv_splat(n > 2 ? c[2] : c[0]), v3 = iv_splat(n > 3 ? c[3] : c[0]);
		unsigned off = (uintptr_t)s & 15;
		const char *p = s - off;
		iv_v16 x = iv_loada(p);
		unsigned m = ((iv_eqmask(x, v0) | iv_eqmask(x, v1) | iv_eqmask(x, v2) | iv_eqmask(x, v3)) ^ 0xffff) >> off;
		if (m)
			return __builtin_ctz(m);
		for (;;) {
			p += 16;
			x = iv_loada(p);
			m = (iv_eqmask(x, v0) | iv_eqmask(x, v1) | iv_eqmask(x, v2) | iv_eqmask(x, v3)) ^ 0xffff;
			if (m)
				return p + __builtin_ctz(m) - s;
		}
	}
	const char *a = s;
	size_t byteset[32 / sizeof(size_t)] = {0};
	for (; *c && BITOP(byteset, *(unsigned char *)c, |=); c++)
		;
	for (; *s && BITOP(byteset, *(unsigned char *)s, &); s++)
		;
	return s - a;
}
