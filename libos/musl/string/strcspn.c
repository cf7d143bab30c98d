/* strcspn for cVMs.  Sets of up to four bytes (SQLite's LIKE asks for one
 * letter in both cases) are searched 16 bytes at a time with SSE2 (see
 * iv_simd.h); larger sets use musl's byte-at-a-time bitmap. */
#include <string.h>
#include <stdint.h>
#include "iv_simd.h"

#define BITOP(a, b, op) ((a)[(size_t)(b) / (8 * sizeof *(a))] op(size_t) 1 << ((size_t)(b) % (8 * sizeof *(a))))

char *__strchrnul(const char *, int);

size_t strcspn(const char *s, const char *c)
{
	if (!c[0] || !c[1])
		return __strchrnul(s, *c) - s;
	size_t n = 2;
	while (n < 5 && c[n])
		n++;
	if (n <= 4) {
		/* unused slots repeat c[0] */
		iv_v16 z = {0}, v0 = iv_splat(c[0]), v1 = iv_splat(c[1]);
		iv_v16 v2 = iv_splat(n > 2 ? c[2] : c[0]), v3 = iv_splat(n > 3 ? c[3] : c[0]);
		unsigned off = (uintptr_t)s & 15;
		const char *p = s - off;
		iv_v16 x = iv_loada(p);
		unsigned m = (iv_eqmask(x, z) | iv_eqmask(x, v0) | iv_eqmask(x, v1) | iv_eqmask(x, v2) | iv_eqmask(x, v3)) >> off;
		if (m)
			return __builtin_ctz(m);
		for (;;) {
			p += 16;
			x = iv_loada(p);
			m = iv_eqmask(x, z) | iv_eqmask(x, v0) | iv_eqmask(x, v1) | iv_eqmask(x, v2) | iv_eqmask(x, v3);
			if (m)
				return p + __builtin_ctz(m) - s;
		}
	}
	const char *a = s;
	size_t byteset[32 / sizeof(size_t)] = {0};
	for (; *c && BITOP(byteset, *(unsigned char *)c, |=); c++)
		;
	for (; *s && !BITOP(byteset, *(unsigned char *)s, &); s++)
		;
	return s - a;
}
