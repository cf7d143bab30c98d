/* Tiny helpers for libc-free test cVMs (only <intravisor.h>). */
#ifndef TESTS_MONITOR_UTIL_H
#define TESTS_MONITOR_UTIL_H
#include <intravisor.h>

static inline unsigned long t_strlen(const char *s)
{
    unsigned long n = 0;
    while (s[n])
        n++;
    return n;
}

static inline int t_streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static inline void t_puts(const char *s) { iv_write(1, s, t_strlen(s)); }

/* The decimal digits of v, in buf[24]; returns where they start. */
static inline char *t_fmtnum(char *b, long v)
{
    int i = 23;
    int neg = v < 0;
    unsigned long u = neg ? -(unsigned long)v : (unsigned long)v;
    b[i] = 0;
    do {
        b[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (neg)
        b[--i] = '-';
    return b + i;
}

static inline void t_putnum(long v)
{
    char b[24];
    t_puts(t_fmtnum(b, v));
}

/* "A B\n" (or "AB\n" with sep 0) in one write, so cVMs sharing the
 * monitor's stdout never split each other's lines.  Truncated at 255. */
static inline void t_putstrs(const char *a, char sep, const char *b)
{
    char line[256];
    unsigned long k = 0;
    while (*a && k < sizeof line - 2)
        line[k++] = *a++;
    if (sep && k < sizeof line - 2)
        line[k++] = sep;
    while (*b && k < sizeof line - 1)
        line[k++] = *b++;
    line[k++] = '\n';
    iv_write(1, line, k);
}

static inline void t_putline(const char *label, long v)
{
    char b[24];
    t_putstrs(label, ' ', t_fmtnum(b, v));
}

/* Failure counting shared by the test cVMs: expect() prints a FAILED line
 * and counts; main returns t_fails. */
static int t_fails;

static inline void expect(const char *what, long got, long want)
{
    if (got == want)
        return;
    t_puts("FAILED ");
    t_puts(what);
    t_puts(": got ");
    t_putnum(got);
    t_puts(" want ");
    t_putnum(want);
    t_puts("\n");
    t_fails++;
}

/* The region base: every address in the cVM shares its top 32 bits. */
static inline unsigned long t_region_base(void)
{
    int x;
    return (unsigned long)&x & ~0xffffffffUL;
}
#endif
