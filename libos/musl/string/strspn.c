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
	if (n <= 4)
		return iv_span4(s, c, n, 1);
	const char *a = s;
	size_t byteset[32 / sizeof(size_t)] = {0};
	for (; *c && BITOP(byteset, *(unsigned char *)c, |=); c++)
		;
	for (; *s && BITOP(byteset, *(unsigned char *)s, &); s++)
		;
	return s - a;
}
