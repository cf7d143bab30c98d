/* Recursion, a quicksort with a comparator callback, varargs, struct
 * copies and struct returns, and floating point. */
#include "rt.h"
#include <stdarg.h>

struct vec { double x, y, z; long tag; char name[40]; };

static struct vec scale(struct vec v, double k)
{
    v.x *= k;
    v.y *= k;
    v.z *= k;
    v.tag++;
    return v;
}

static long ack(long m, long n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static void qsort_(long *a, int n, int (*cmp)(long, long))
{
    if (n < 2) return;
    long p = a[n / 2];
    int i = 0, j = n - 1;
    while (i <= j) {
        while (cmp(a[i], p) < 0) i++;
        while (cmp(a[j], p) > 0) j--;
        if (i <= j) { long t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    qsort_(a, j + 1, cmp);
    qsort_(a + i, n - i, cmp);
}

static int up(long a, long b) { return a < b ? -1 : a > b; }
static int down(long a, long b) { return up(b, a); }

static long vsum(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    long s = 0;
    for (int i = 0; i < n; i++)
        s += i & 1 ? (long)va_arg(ap, double) : va_arg(ap, long);
    va_end(ap);
    return s;
}

int main(int argc, char **argv)
{
    (void)argv;
    out_str("ack ");
    out_num(ack(2, 3 + argc));
    out_str(" fib ");
    out_num(fib(20 + argc));
    out_str("\n");
    long a[64];
    unsigned long r = 12345;
    for (int i = 0; i < 64; i++) {
        r = r * 6364136223846793005ul + 1442695040888963407ul;
        a[i] = (long)(r >> 40) % 1000;
    }
    qsort_(a, 64, up);
    out_str("sorted ");
    out_num(a[0]);
    out_str(" ");
    out_num(a[63]);
    qsort_(a, 64, down);
    out_str(" ");
    out_num(a[0]);
    out_str("\n");
    out_str("vsum ");
    out_num(vsum(6, 1L, 2.5, 3L, 4.75, 5L, 6.0));
    out_str("\n");
    struct vec v = {1.5, -2.0, 3.25, 0, "vector"};
    struct vec w = scale(scale(v, 2.0), 0.5 + argc);
    struct vec copies[4];
    for (int i = 0; i < 4; i++)
        copies[i] = w;
    out_str("vec ");
    out_num((long)(copies[3].x * 100));
    out_str(" ");
    out_num((long)(copies[2].y * 100));
    out_str(" ");
    out_num(copies[1].tag);
    out_str(" ");
    out_str(copies[0].name);
    out_str("\n");
    return 0;
}
