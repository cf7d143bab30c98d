/* Front-end cost of the memory-operand encodings the sandbox contract uses
 * (docs/sfi.md §3), measured natively: a loop body of N independent
 * 32-bit loads of one encoding, generated into an executable buffer, run
 * with a footprint that fits the CPU's decoded-op cache (N = 100) and one
 * that does not (N = 8000, 24-48 KB), so the second runs from the legacy
 * decoders.  Prints "decode_width FORM small|large ns" per load, medians of
 * 5 runs.  The loads hit one cache line; what differs is only their bytes:
 *   plain        8b 48 08              mov 8(%rax), %ecx        3 bytes
 *   gs           65 8b 48 08           mov %gs:8(%rax), %ecx    4
 *   addr32       67 8b 48 08           mov 8(%eax), %ecx        4
 *   gs+addr32    65 67 8b 48 08        a cVM's load             5
 *   gs+addr32+rex 65 67 45 8b 48 08    the same with r8/r9      6
 *   disp32       8b 88 00 01 00 00     mov 0x100(%rax), %ecx    6, no prefix
 * GS base is 0 here, as in a process that never set it (and as in the low
 * region).  Printed beside the programs benchmark (docs/benchmarks.md). */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define RUNS 5

static const struct form {
    const char *name;
    unsigned char len, bytes[8];
} forms[] = {
    {"plain", 3, {0x8b, 0x48, 0x08}},
    {"gs", 4, {0x65, 0x8b, 0x48, 0x08}},
    {"addr32", 4, {0x67, 0x8b, 0x48, 0x08}},
    {"gs+addr32", 5, {0x65, 0x67, 0x8b, 0x48, 0x08}},
    {"gs+addr32+rex", 6, {0x65, 0x67, 0x45, 0x8b, 0x48, 0x08}},
    {"disp32", 6, {0x8b, 0x88, 0x00, 0x01, 0x00, 0x00}},
};

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

/* void f(void *base, long iterations): rax = r8 = base; body; loop. */
static size_t emit(unsigned char *p, const struct form *f, int n)
{
    static const unsigned char head[] = {0x48, 0x89, 0xf8, 0x49, 0x89, 0xf8}; /* mov %rdi,%rax; mov %rdi,%r8 */
    static const unsigned char tail[] = {0x48, 0xff, 0xce, 0x0f, 0x85};       /* dec %rsi; jnz rel32 */
    size_t k = 0;
    memcpy(p, head, sizeof head);
    k += sizeof head;
    size_t top = k;
    for (int i = 0; i < n; i++) {
        memcpy(p + k, f->bytes, f->len);
        k += f->len;
    }
    memcpy(p + k, tail, sizeof tail);
    k += sizeof tail;
    int32_t rel = (int32_t)((long)top - (long)(k + 4));
    memcpy(p + k, &rel, 4);
    k += 4;
    p[k++] = 0xc3; /* ret */
    return k;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(void)
{
    /* Below 4 GiB, where the addr32 forms' truncated address still is it. */
    char *data = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    const int sizes[2] = {100, 8000};
    const char *size_name[2] = {"small", "large"};
    size_t cap = 8000 * 8 + 64;
    unsigned char *code = mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED || data == MAP_FAILED)
        return 1;
    for (int s = 0; s < 2; s++) {
        for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
            if (mprotect(code, cap, PROT_READ | PROT_WRITE))
                return 1;
            emit(code, &forms[i], sizes[s]);
            if (mprotect(code, cap, PROT_READ | PROT_EXEC))
                return 1;
            void (*f)(void *, long) = (void (*)(void *, long))(void *)code;
            long iters = 16000000L / sizes[s];
            f(data, iters / 10); /* warm up */
            double t[RUNS];
            for (int r = 0; r < RUNS; r++) {
                double t0 = now();
                f(data, iters);
                t[r] = (now() - t0) / ((double)iters * sizes[s]);
            }
            qsort(t, RUNS, sizeof t[0], cmp);
            printf("decode_width %-14s %s %.3f ns\n", forms[i].name, size_name[s], t[RUNS / 2]);
        }
    }
    return 0;
}
