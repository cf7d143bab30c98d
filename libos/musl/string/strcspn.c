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
	if (n <= 4)
		return iv_span4(s, c, n, 0);
	const char *a = s;
	size_t byteset[32 / sizeof(size_t)] = {0};
	for (; *c && BITOP(byteset, *(unsigned char *)c, |=); c++)
		;
	for (; *s && !BITOP(byteset, *(unsigned char *)s, &); s++)
		;
	return s - a;
}
