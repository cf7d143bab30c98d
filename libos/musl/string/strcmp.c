/* strcmp for cVMs: 16 bytes per step with SSE2 (see iv_simd.h).  The two
 * strings are rarely aligned alike, so loads are unaligned; a 16-byte load
 * is made only when it stays within the page of both pointers (a string may
 * end just before an unmapped page), otherwise one byte is compared. */
#include <string.h>
#include <stdint.h>
#include "iv_simd.h"

#define PAGE_SAFE(p) (((uintptr_t)(p) & 4095) <= 4096 - 16)

int strcmp(const char *l, const char *r)
{
	const unsigned char *a = (const void *)l, *b = (const void *)r;
	iv_v16 z = {0};
	for (;;) {
		if (PAGE_SAFE(a) && PAGE_SAFE(b)) {
			iv_v16 x = iv_loadu(a), y = iv_loadu(b);
			/* stop at the first byte that differs or ends a */
			unsigned m = (iv_eqmask(x, y) ^ 0xffff) | iv_eqmask(x, z);
			if (m) {
				unsigned i = __builtin_ctz(m);
				return a[i] - b[i];
			}
			a += 16;
			b += 16;
		} else {
			if (*a != *b || !*a)
				return *a - *b;
			a++;
			b++;
		}
	}
}
