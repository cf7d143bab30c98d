/* memcpy by size, natively (glibc) and in a cVM (libos/musl/string/: SSE2
 * up to 256 bytes, AVX2 above where the CPU has it).  Best of 5 rounds;
 * printed by bench/programs_bench.sh.  Output: "SIZE ns" per line. */
#include <stdio.h>
#include <string.h>
#include <time.h>

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static char a[1 << 17], b[1 << 17];

int main(void)
{
    static const size_t sizes[] = {48, 100, 200, 400, 1000, 4096, 16384, 65536};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        size_t n = sizes[i];
        long iters = 100000000 / (long)(n + 64);
        double best = 1e18;
        for (int r = 0; r < 5; r++) {
            double t0 = now_ns();
            for (long k = 0; k < iters; k++) {
                memcpy(a + (k & 7), b + 2048 + (k & 15), n); /* other page offsets: no 4K aliasing */
                __asm__ volatile("" ::: "memory");
            }
            double d = (now_ns() - t0) / (double)iters;
            best = d < best ? d : best;
        }
        printf("%zu %.1f\n", n, best);
    }
    return 0;
}
