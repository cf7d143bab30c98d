/* cVM side of the hostcall round-trip benchmark: times N calls of the
 * cheapest hostcall (thread_self: trampoline + table call + masked return,
 * no work) and prints "hostcall_ns X" (best of 5 runs). */
#include <intravisor.h>

static void put(const char *s)
{
    unsigned long n = 0;
    while (s[n])
        n++;
    iv_write(1, s, n);
}

int main(void)
{
    const long n = 2000000;
    long best = -1;
    for (int r = 0; r < 5; r++) {
        int64_t t0 = iv_clock(IV_CLOCK_MONOTONIC);
        for (long i = 0; i < n; i++)
            iv_thread_self();
        int64_t dt = iv_clock(IV_CLOCK_MONOTONIC) - t0;
        if (best < 0 || dt < best)
            best = dt;
    }
    /* picoseconds per call, printed as ns with 2 decimals */
    long ps = best * 1000 / n;
    char b[48];
    int i = 47;
    b[i] = 0;
    b[--i] = '\n';
    b[--i] = (char)('0' + ps % 10);
    b[--i] = (char)('0' + ps / 10 % 10);
    b[--i] = '.';
    long ns = ps / 1000;
    do {
        b[--i] = (char)('0' + ns % 10);
        ns /= 10;
    } while (ns);
    put("hostcall_ns ");
    put(b + i);
    return 0;
}
