/* The clock page (docs/monitor.md "Clock page"), from inside a cVM:
 *   clock now                 prints "REALTIME_NS MONOTONIC_NS" (also natively)
 *   clock monotonic N THREADS each thread reads CLOCK_MONOTONIC N times: never
 *                             earlier than its own last read, nor than any
 *                             value another thread published before the read
 *   clock sleep MS            the clock advances by at least MS over a sleep
 *                             of MS (lines of 100 ms are renewed on the way)
 *   clock reads N             N reads of each clock (hostcalls counted outside)
 *   clock yield N             N sched_yield calls (which hostcalls, counted outside)
 *   clock tamper              the page cannot be written, remapped or unmapped */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>

#define PAGE ((void *)(uintptr_t)0x11000) /* IV_CLOCK_PAGE_OFFSET */

static int64_t ns(clockid_t c)
{
    struct timespec ts;
    if (clock_gettime(c, &ts))
        return -1;
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static long rounds;
static int64_t published;
static long bad_own, bad_cross;

static void *reader(void *arg)
{
    (void)arg;
    int64_t last = 0;
    for (long i = 0; i < rounds; i++) {
        int64_t seen = __atomic_load_n(&published, __ATOMIC_ACQUIRE);
        int64_t v = ns(CLOCK_MONOTONIC);
        if (v < last)
            __atomic_fetch_add(&bad_own, 1, __ATOMIC_RELAXED);
        if (v < seen)
            __atomic_fetch_add(&bad_cross, 1, __ATOMIC_RELAXED);
        last = v;
        int64_t p = seen;
        while (p < v && !__atomic_compare_exchange_n(&published, &p, v, 0, __ATOMIC_RELEASE, __ATOMIC_RELAXED))
            ;
    }
    return NULL;
}

int main(int argc, char **argv)
{
    const char *m = argc > 1 ? argv[1] : "now";
    if (!strcmp(m, "now")) {
        int64_t r = ns(CLOCK_REALTIME), mo = ns(CLOCK_MONOTONIC);
        printf("%lld %lld\n", (long long)r, (long long)mo);
        return 0;
    }
    if (!strcmp(m, "monotonic") && argc > 3) {
        rounds = atol(argv[2]);
        int n = atoi(argv[3]);
        pthread_t t[16];
        for (int i = 0; i < n && i < 16; i++)
            pthread_create(&t[i], NULL, reader, NULL);
        for (int i = 0; i < n && i < 16; i++)
            pthread_join(t[i], NULL);
        printf("%s monotonic-own: %ld backwards\n", bad_own ? "FAIL" : "PASS", bad_own);
        printf("%s monotonic-across-threads: %ld backwards\n", bad_cross ? "FAIL" : "PASS", bad_cross);
        return 0;
    }
    if (!strcmp(m, "sleep") && argc > 2) {
        long ms = atol(argv[2]);
        int64_t a = ns(CLOCK_MONOTONIC), ra = ns(CLOCK_REALTIME);
        struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
        nanosleep(&ts, NULL);
        int64_t b = ns(CLOCK_MONOTONIC), rb = ns(CLOCK_REALTIME);
        int ok = b - a >= ms * 1000000 && b - a < ms * 1000000 + 10000000000ll;
        printf("%s sleep-advances: %lld ns over %ld ms\n", ok ? "PASS" : "FAIL", (long long)(b - a), ms);
        ok = rb - ra >= ms * 1000000 - 1000000 && rb - ra < ms * 1000000 + 10000000000ll;
        printf("%s sleep-advances-realtime: %lld ns\n", ok ? "PASS" : "FAIL", (long long)(rb - ra));
        return 0;
    }
    if (!strcmp(m, "reads") && argc > 2) {
        long n = atol(argv[2]);
        int64_t s = 0;
        for (long i = 0; i < n; i++)
            s += ns(CLOCK_MONOTONIC) + ns(CLOCK_REALTIME);
        printf("reads %ld %lld\n", n, (long long)(s & 1));
        return 0;
    }
    if (!strcmp(m, "yield") && argc > 2) {
        long n = atol(argv[2]), bad = 0;
        for (long i = 0; i < n; i++)
            bad += sched_yield() != 0;
        printf("%s sched-yield-returns-0: %ld failed\n", bad ? "FAIL" : "PASS", bad);
        return 0;
    }
    if (!strcmp(m, "tamper")) {
        int r = mprotect(PAGE, 4096, PROT_READ | PROT_WRITE);
        printf("%s mprotect-refused: %d %s\n", r ? "PASS" : "FAIL", r, r ? strerror(errno) : "");
        r = munmap(PAGE, 4096);
        printf("%s munmap-refused: %d\n", r ? "PASS" : "FAIL", r);
        void *p = mmap(PAGE, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        printf("%s mmap-fixed-refused\n", p == MAP_FAILED ? "PASS" : "FAIL");
        fflush(stdout);
        *(volatile uint32_t *)PAGE = 1; /* faults: the cVM ends with SIGSEGV */
        printf("FAIL page-written\n");
        return 0;
    }
    fprintf(stderr, "usage: clock now|monotonic N THREADS|sleep MS|reads N|yield N|tamper\n");
    return 2;
}
