/* strstr for cVMs.  musl's takes a two-way search for any needle of five
 * bytes or more, whose set-up (two maximal-suffix passes) costs more than
 * a short haystack's whole search; a tokeniser looking for a word in a
 * line pays it on every call.  Here 16 haystack bytes at a time are
 * screened with SSE2 for the needle's first two bytes (aligned loads, which
 * never cross a page: see iv_simd.h), and each candidate is compared byte
 * by byte.  Once those comparisons have cost more than a constant times the
 * distance covered (a periodic needle in a periodic haystack), the rest of
 * the search is musl's two-way one, which is linear. */
#include <string.h>
#include <stdint.h>
#include "iv_simd.h"

/* musl's own strstr (src/string/strstr.c, unmodified) under another name:
 * the fallback. */
#define strstr __iv_musl_strstr
#include "../strstr.c"
#undef strstr

char *strstr(const char *hs, const char *ns)
{
	const unsigned char *h = (const void *)hs, *n = (const void *)ns;
	if (!n[0])
		return (char *)h;
	if (!n[1])
		return strchr(hs, n[0]);
	iv_v16 z = {0}, v0 = iv_splat(n[0]), v1 = iv_splat(n[1]);
	const unsigned char *p = (const void *)((uintptr_t)h & ~(uintptr_t)15);
	unsigned keep = 0xffffu << ((uintptr_t)h & 15); /* positions at or after h */
	size_t spent = 0;
	for (;;) {
		iv_v16 x = iv_loada(p);
		unsigned zm = iv_eqmask(x, z) & keep;
		/* n[0] here and n[1] next; the last position's second byte is in
		 * the next block: a candidate either way */
		unsigned cand = iv_eqmask(x, v0) & ((iv_eqmask(x, v1) >> 1) | 0x8000) & keep;
		if (zm)
			cand &= (1u << __builtin_ctz(zm)) - 1; /* before the terminator */
		while (cand) {
			const unsigned char *q = p + __builtin_ctz(cand);
			size_t k = 1;
			while (n[k] && q[k] == n[k]) /* stops at the haystack's NUL too */
				k++;
			if (!n[k])
				return (char *)q;
			if (!q[k])
				return 0; /* the haystack ends before the needle could */
			spent += k;
			if (spent > 256 + 4 * (size_t)(q - h))
				return __iv_musl_strstr((const char *)q + 1, ns);
			cand &= cand - 1;
		}
		if (zm)
			return 0;
		p += 16;
		keep = 0xffff;
	}
}
