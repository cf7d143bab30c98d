/* Byte-copy and compare loops that gcc's combine pass turns into single
 * movsb/cmpsb-style string instructions; ivcc expands those into explicit
 * sandboxed moves.  The results are checked against plain arithmetic. */
#include "rt.h"

__attribute__((noinline)) static void *copy_head(void *restrict dest, const void *restrict src, unsigned long n)
{
    unsigned char *d = dest;
    const unsigned char *s = src;
    for (; (unsigned long)s % 4 && n; n--)
        *d++ = *s++;
    for (; n; n--)
        *d++ = *s++;
    return dest;
}

__attribute__((noinline)) static void fill(unsigned short *d, unsigned short v, unsigned long n)
{
    for (; n; n--)
        *d++ = v;
}

__attribute__((noinline)) static int diff(const unsigned char *a, const unsigned char *b, unsigned long n)
{
    for (; n && *a == *b; n--, a++, b++)
        ;
    return n ? *a - *b : 0;
}

int main(int argc, char **argv)
{
    (void)argv;
    static unsigned char src[300], dst[300];
    static unsigned short w[50];
    for (int i = 0; i < 300; i++)
        src[i] = (unsigned char)(i * 7 + argc);
    copy_head(dst + 1, src + 3, 250);
    long sum = 0;
    for (int i = 0; i < 300; i++)
        sum += dst[i] * (i + 1);
    fill(w, (unsigned short)(1000 + argc), 50);
    for (int i = 0; i < 50; i++)
        sum += w[i];
    out_str("strops ");
    out_num(sum);
    out_str(" ");
    out_num(diff(src + 3, dst + 1, 250));
    out_str(" ");
    src[100] ^= 1;
    out_num(diff(src + 3, dst + 1, 250));
    out_str("\n");
    return 0;
}
