/* cpu_speed: how fast the CPU this runs on is right now.  A chain of 200
 * million dependent adds (one cycle each on any x86-64 core), timed by the
 * thread's CPU clock: on a virtual machine the time per add moves with the
 * host's load on the core behind the virtual CPU, which is why the program
 * benchmarks pin their runs to one CPU (bench/programs_bench.sh). */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static double cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(void)
{
    const uint64_t n = 200000000;
    uint64_t x = 1;
    double t0 = cpu_ns();
    for (uint64_t i = 0; i < n; i++)
        __asm__ volatile("add $1, %0" : "+r"(x)); /* one add per iteration, kept */
    double t = cpu_ns() - t0;
    printf("cpu_speed CPU %d: %.3f ns per iteration (%.2f GHz-equivalent)\n", sched_getcpu(), t / n, n / t);
    return x == 0; /* x is n + 1: never 0 */
}
