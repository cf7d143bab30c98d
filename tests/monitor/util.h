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

static inline void t_putnum(long v)
{
    char b[24];
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
    t_puts(b + i);
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
