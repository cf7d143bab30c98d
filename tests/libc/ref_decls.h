/* Force-included when musl's generic string sources are compiled as the
 * reference (ref_*) for strdiff.c: strchr.c uses __strchrnul, which musl
 * declares in an internal header. */
char *__strchrnul(const char *, int);
