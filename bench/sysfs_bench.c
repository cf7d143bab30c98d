/* Costs of names (bench/sysfs_bench.sh): N times one operation, in ns.
 *   sysfs_bench N open PATH     open + close
 *   sysfs_bench N read PATH     open + read all + close
 * Run in a cVM and natively. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 4)
        return 2;
    long n = atol(argv[1]);
    int rd = !strcmp(argv[2], "read");
    const char *p = argv[3];
    static char buf[65536];
    double t = now();
    for (long i = 0; i < n; i++) {
        int fd = open(p, O_RDONLY);
        if (fd < 0) {
            perror(p);
            return 1;
        }
        while (rd && read(fd, buf, sizeof buf) > 0)
            ;
        close(fd);
    }
    printf("%.0f\n", (now() - t) / n * 1e9);
    return 0;
}
