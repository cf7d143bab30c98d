/* strcasecmp for cVMs: musl's loop with the ASCII lowering inline.  musl's
 * own calls tolower() twice per character, and every call in a cVM returns
 * through the masked sequence (docs/sfi.md §5): Redis compares each
 * command name this way.  Same results as musl's: its tolower is ASCII in
 * every locale. */
#include <strings.h>
#include <features.h> /* musl's own (src/include): weak_alias */

static inline int lower(unsigned c) { return c - 'A' < 26 ? c | 32 : c; }

int strcasecmp(const char *_l, const char *_r)
{
	const unsigned char *l = (const void *)_l, *r = (const void *)_r;
	for (; *l && *r && (*l == *r || lower(*l) == lower(*r)); l++, r++)
		;
	return lower(*l) - lower(*r);
}

int __strcasecmp_l(const char *l, const char *r, locale_t loc)
{
	(void)loc;
	return strcasecmp(l, r);
}

weak_alias(__strcasecmp_l, strcasecmp_l);
