/* Native side of the hostcall benchmark: N raw getppid system calls (glibc
 * does not cache it), best of 5; prints "getppid_ns X". */
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
    const long n = 1000000;
    double best = -1;
    for (int r = 0; r < 5; r++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        for (long i = 0; i < n; i++)
            syscall(SYS_getppid);
        clock_gettime(CLOCK_MONOTONIC, &b);
        double dt = (double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec);
        if (best < 0 || dt < best)
            best = dt;
    }
    printf("getppid_ns %.2f\n", best / (double)n);
    return 0;
}
