/* Load-to-use latency of the address forms the sandbox contract uses
 * (docs/sfi.md §3), measured natively by pointer chasing: each load's
 * address is the previous load's result, so the loop runs at the load
 * latency.  Printed beside the programs benchmark because it is the
 * machine property behind most of the sandbox's own cost: a cVM's heap
 * loads are `%gs:(%e..)` with GS = the region's base.
 *   plain       mov (%rax), %rax             native code
 *   addr32      mov (%eax), %rax             32-bit address, no segment
 *   gs-base0    mov %gs:(%rax), %rax         GS base 0
 *   gs-base     mov %gs:(%eax), %rax         GS base 4 GiB (a cVM's load)
 * (A stack slot, sfi.md §3 form 3, is a plain load.)
 * Prints "load_latency FORM ns" lines, medians of 5 runs. */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define N 20000000L
#define RUNS 5

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

enum { PLAIN, ADDR32, GS0, GS };
static const char *const names[] = {"plain", "addr32", "gs-base0", "gs-base"};

static double chase(int form, uint64_t start)
{
    uint64_t x = start;
    double t = now();
    switch (form) {
    case PLAIN:
        for (long i = 0; i < N; i++)
            __asm__ volatile("mov (%0), %0" : "+r"(x));
        break;
    case ADDR32:
        for (long i = 0; i < N; i++)
            __asm__ volatile("mov (%k0), %0" : "+r"(x));
        break;
    case GS0:
        for (long i = 0; i < N; i++)
            __asm__ volatile("mov %%gs:(%0), %0" : "+r"(x));
        break;
    case GS:
        for (long i = 0; i < N; i++)
            __asm__ volatile("mov %%gs:(%k0), %0" : "+r"(x));
        break;
    }
    return (now() - t) / N;
}

int main(void)
{
    /* A ring of 8 cache lines below 4 GiB (so addr32 and GS base 0 see the
     * same addresses) and its alias 4 GiB higher for GS base 4 GiB. */
    const uint64_t lo = 1ull << 30;
    char *p = mmap((void *)lo, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                   -1, 0);
    char *h = mmap((void *)(lo + (1ull << 32)), 4096, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == MAP_FAILED || h == MAP_FAILED) {
        puts("load_latency: skipped (cannot map the test pages)");
        return 0;
    }
    uint64_t *q = (uint64_t *)p, *r = (uint64_t *)h;
    for (int i = 0; i < 8; i++) /* low addresses; upper half added by the CPU for gs-base */
        q[i * 8] = r[i * 8] = (uint64_t)&q[((i + 1) % 8) * 8];
    for (int form = PLAIN; form <= GS; form++) {
        double v[RUNS];
        if (syscall(SYS_arch_prctl, ARCH_SET_GS, form == GS ? 1ull << 32 : 0ull)) {
            puts("load_latency: skipped (arch_prctl)");
            return 0;
        }
        for (int k = 0; k < RUNS; k++)
            v[k] = chase(form, (uint64_t)q);
        qsort(v, RUNS, sizeof v[0], cmp);
        printf("load_latency %s %.2f ns\n", names[form], v[RUNS / 2]);
    }
    syscall(SYS_arch_prctl, ARCH_SET_GS, 0ull);
    return 0;
}
