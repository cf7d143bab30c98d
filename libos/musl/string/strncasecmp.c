/* strncasecmp for cVMs: musl's loop with the ASCII lowering inline (see
 * strcasecmp.c). */
#include <strings.h>
#include <features.h> /* musl's own (src/include): weak_alias */

static inline int lower(unsigned c) { return c - 'A' < 26 ? c | 32 : c; }

int strncasecmp(const char *_l, const char *_r, size_t n)
{
	const unsigned char *l = (const void *)_l, *r = (const void *)_r;
	if (!n--)
		return 0;
	for (; *l && *r && n && (*l == *r || lower(*l) == lower(*r)); l++, r++, n--)
		;
	return lower(*l) - lower(*r);
}

int __strncasecmp_l(const char *l, const char *r, size_t n, locale_t loc)
{
	(void)loc;
	return strncasecmp(l, r, n);
}

weak_alias(__strncasecmp_l, strncasecmp_l);
