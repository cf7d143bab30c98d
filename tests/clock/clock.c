/* The clock page (docs/monitor.md "Clock page"), from inside a cVM:
 *   clock now                 prints "REALTIME_NS MONOTONIC_NS" (also natively)
 *   clock monotonic N THREADS each thread reads CLOCK_MONOTONIC N times: never
 *                             earlier than its own last read, nor than any
 *                             value another thread published before the read
 *   clock sleep MS            the clock advances by at least MS over a sleep
 *                             of MS (lines of 100 ms are renewed on the way)
 *   clock reads N             N reads of each clock (hostcalls counted outside)
 *   clock yield N             N sched_yield calls (which hostcalls, counted outside)
 *   clock cpu                 CPU-time clocks, times() and getrusage count CPU
 *                             time, not sleeps (also natively)
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
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <unistd.h>

#define PAGE ((void *)(uintptr_t)0x11000) /* IV_CLOCK_PAGE_OFFSET */

static int64_t ns(clockid_t c)
{
    struct timespec ts;
    if (clock_gettime(c, &ts))
        return -1;
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

#define CHECK(name, cond) printf("%s %s\n", (cond) ? "PASS" : "FAIL", name)

static volatile uint64_t sink;
static void *burner(void *arg)
{
    int64_t end = ns(CLOCK_MONOTONIC) + (int64_t)(intptr_t)arg * 1000000;
    while (ns(CLOCK_MONOTONIC) < end)
        for (int i = 0; i < 10000; i++)
            sink += (uint64_t)i * i;
    return NULL;
}

/* CPU clocks: advance while the program runs, not while it sleeps; the
 * process's counts every thread.  Bounds are loose: the machine may be
 * busy, so a busy loop of 100 ms of wall time gets less CPU. */
static int cpu_clocks(void)
{
    int64_t p0 = ns(CLOCK_PROCESS_CPUTIME_ID), t0 = ns(CLOCK_THREAD_CPUTIME_ID);
    burner((void *)100);
    int64_t p1 = ns(CLOCK_PROCESS_CPUTIME_ID), t1 = ns(CLOCK_THREAD_CPUTIME_ID);
    CHECK("cpu-clocks-advance", p0 >= 0 && t0 >= 0 && p1 - p0 > 1000000 && t1 - t0 > 1000000);
    struct timespec nap = {0, 300000000};
    nanosleep(&nap, NULL);
    int64_t p2 = ns(CLOCK_PROCESS_CPUTIME_ID);
    CHECK("cpu-clock-not-in-sleep", p2 - p1 < 150000000);
    pthread_t th;
    int64_t tm0 = ns(CLOCK_THREAD_CPUTIME_ID);
    pthread_create(&th, NULL, burner, (void *)100);
    pthread_join(th, NULL);
    int64_t p3 = ns(CLOCK_PROCESS_CPUTIME_ID), tm1 = ns(CLOCK_THREAD_CPUTIME_ID);
    CHECK("process-clock-counts-threads", p3 - p2 > 1000000 && (p3 - p2) - (tm1 - tm0) > 1000000);
    CHECK("clock-is-cpu-not-uptime", p3 < 60ll * 1000000000 && p3 < ns(CLOCK_MONOTONIC));
    struct tms tms;
    clock_t c = times(&tms);
    CHECK("times", c != (clock_t)-1 && c > 0 && tms.tms_utime + tms.tms_stime > 0 &&
                       (tms.tms_utime + tms.tms_stime) * 10000000ll <= p3 + 20000000);
    struct rusage ru;
    int r = getrusage(RUSAGE_SELF, &ru);
    int64_t ru_ns = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000ll +
                    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000ll;
    CHECK("getrusage-self", r == 0 && ru_ns > 1000000 && ru_ns <= ns(CLOCK_PROCESS_CPUTIME_ID) + 20000000 &&
                                ru.ru_maxrss > 0);
    CHECK("getrusage-children", getrusage(RUSAGE_CHILDREN, &ru) == 0);
    CHECK("getrusage-einval", getrusage(12345, &ru) == -1 && errno == EINVAL);
    /* The raw call: an int argument's upper half is undefined, and only
     * the kernel's 144-byte struct is the caller's to have written. */
    union {
        struct rusage r;
        unsigned char b[288];
    } raw;
    memset(&raw, 0x5a, sizeof raw);
    long rr = syscall(SYS_getrusage, RUSAGE_CHILDREN, raw.b);
    CHECK("getrusage-raw-children", rr == 0 && raw.b[0] == 0 && raw.b[143] == 0 && raw.b[144] == 0x5a);
    /* Sleeping on the process's CPU clock returns once the process (here a
     * second thread) has used that much CPU. */
    pthread_create(&th, NULL, burner, (void *)300);
    int64_t s0 = ns(CLOCK_PROCESS_CPUTIME_ID);
    struct timespec cpu20 = {0, 20000000};
    int sr = clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, &cpu20, NULL);
    int64_t s1 = ns(CLOCK_PROCESS_CPUTIME_ID);
    pthread_join(th, NULL);
    CHECK("clock-nanosleep-process-cpu", sr == 0 && s1 - s0 >= 20000000);
    return 0;
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
    if (!strcmp(m, "cpu"))
        return cpu_clocks();
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
    fprintf(stderr, "usage: clock now|monotonic N THREADS|sleep MS|reads N|yield N|cpu|tamper\n");
    return 2;
}
