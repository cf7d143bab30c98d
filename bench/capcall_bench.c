/* CAP Call round trip (bench/capcall_bench.sh).
 *   cVM:    capcall_bench serve | call N [GAP_US]  (a deployment: "call"
 *           imports "inc" from cVM "srv" and times N calls, sleeping
 *           GAP_US µs between calls when given: a callee gone to sleep)
 *   native: capcall_bench pipe N | futex N (the baselines: a one-word
 *           ping-pong between two processes over two pipes, and between
 *           two threads over a futex), capcall_bench gs N (what one GS
 *           base write costs here, the part of a CAP call that depends on
 *           the machine: wrgsbase with FSGSBASE, else arch_prctl)
 *           pipe N GAP_US | futex N GAP_US likewise with gaps.
 * Each prints "NAME ns-per-round-trip"; the native ping-pongs add the CPU
 * time of both sides per round trip (ns). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef IV_CVM
#include <intravisor.h>
#else
#include <asm/prctl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static long gap_us;
static void gap(void)
{
    if (gap_us) {
        struct timespec ts = {0, gap_us * 1000};
        nanosleep(&ts, NULL);
    }
}

#ifdef IV_CVM
static long inc(long a, long b, long c, long d, long e, long f)
{
    (void)b, (void)c, (void)d, (void)e, (void)f;
    return a + 1;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "serve")) {
        if (iv_cap_export("inc", inc))
            return 1;
        return iv_cap_serve() ? 1 : 0;
    }
    long n = argc >= 3 ? atol(argv[2]) : 100000;
    gap_us = argc >= 4 ? atol(argv[3]) : 0;
    long h = iv_cap_import("srv", "inc", 10000000000ll);
    if (h < 0)
        return 1;
    long x = 0;
    for (int i = 0; i < 1000; i++) /* warm up */
        x = iv_cap_call(h, x, 0, 0, 0, 0, 0);
    double t = 0;
    for (long i = 0; i < n; i++) {
        gap();
        double t0 = now();
        x = iv_cap_call(h, x, 0, 0, 0, 0, 0);
        t += now() - t0;
    }
    if (x != n + 1000)
        return 1;
    printf("capcall %.1f\n", t / (double)n);
    return 0;
}
#else
static int word;

static void fwait(int v) { syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, v, NULL, NULL, 0); }
static void fwake(void) { syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0); }

static long rounds;

/* CPU time of this process and its waited-for children, ns. */
static double cpu_ns(void)
{
    struct rusage s, c;
    getrusage(RUSAGE_SELF, &s);
    getrusage(RUSAGE_CHILDREN, &c);
    return (s.ru_utime.tv_sec + s.ru_stime.tv_sec + c.ru_utime.tv_sec + c.ru_stime.tv_sec) * 1e9 +
           (s.ru_utime.tv_usec + s.ru_stime.tv_usec + c.ru_utime.tv_usec + c.ru_stime.tv_usec) * 1e3;
}

static void *pong(void *arg)
{
    (void)arg;
    for (long i = 0; i < rounds; i++) {
        while (__atomic_load_n(&word, __ATOMIC_ACQUIRE) != 1)
            fwait(0);
        __atomic_store_n(&word, 0, __ATOMIC_RELEASE);
        fwake();
    }
    return NULL;
}

static void set_gs(unsigned long v, int fast)
{
    if (fast)
        __asm__ volatile("wrgsbase %0" ::"r"(v) : "memory");
    else
        syscall(SYS_arch_prctl, ARCH_SET_GS, v);
}

int main(int argc, char **argv)
{
    rounds = argc >= 3 ? atol(argv[2]) : 100000;
    gap_us = argc >= 4 ? atol(argv[3]) : 0;
    double c0 = cpu_ns();
    if (argc >= 2 && !strcmp(argv[1], "gs")) {
        /* The same test as the monitor (signals.c): HWCAP2 bit 1. */
        int fast = (getauxval(AT_HWCAP2) & 2) != 0;
        double t = now();
        for (long i = 0; i < rounds; i++)
            set_gs(((unsigned long)(i & 1) + 1) << 32, fast);
        t = now() - t;
        set_gs(0, fast);
        printf("gs %.1f %s\n", t / (double)rounds, fast ? "wrgsbase" : "arch_prctl");
        return 0;
    }
    if (argc >= 2 && !strcmp(argv[1], "futex")) {
        pthread_t th;
        pthread_create(&th, NULL, pong, NULL);
        double t = 0;
        for (long i = 0; i < rounds; i++) {
            gap();
            double t0 = now();
            __atomic_store_n(&word, 1, __ATOMIC_RELEASE);
            fwake();
            while (__atomic_load_n(&word, __ATOMIC_ACQUIRE) != 0)
                fwait(1);
            t += now() - t0;
        }
        pthread_join(th, NULL);
        printf("futex %.1f %.1f\n", t / (double)rounds, (cpu_ns() - c0) / (double)rounds);
        return 0;
    }
    int ab[2], ba[2];
    if (pipe(ab) || pipe(ba))
        return 1;
    pid_t p = fork();
    if (p == 0) {
        long v;
        for (long i = 0; i < rounds; i++) {
            if (read(ab[0], &v, sizeof v) != sizeof v)
                _exit(1);
            v++;
            if (write(ba[1], &v, sizeof v) != sizeof v)
                _exit(1);
        }
        _exit(0);
    }
    long v = 0;
    double t = 0;
    for (long i = 0; i < rounds; i++) {
        gap();
        double t0 = now();
        if (write(ab[1], &v, sizeof v) != sizeof v || read(ba[0], &v, sizeof v) != sizeof v)
            return 1;
        t += now() - t0;
    }
    waitpid(p, NULL, 0);
    printf("pipe %.1f %.1f\n", t / (double)rounds, (cpu_ns() - c0) / (double)rounds);
    return v == rounds ? 0 : 1;
}
#endif
