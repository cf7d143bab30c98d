/* Native start-up baseline: fork + exec + wait of PROGRAM, N times; prints
 * "spawn n=N median_us=X min_us=Y" on stderr (stdout is the children's). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    int n = atoi(argv[1]);
    double *t = calloc((size_t)n, sizeof *t);
    for (int k = 0; k < n; k++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        pid_t p = fork();
        if (p == 0) {
            execv(argv[2], argv + 2);
            _exit(127);
        }
        int st;
        if (p < 0 || waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st)) {
            fprintf(stderr, "spawn: child failed\n");
            return 1;
        }
        clock_gettime(CLOCK_MONOTONIC, &b);
        t[k] = (double)(b.tv_sec - a.tv_sec) * 1e6 + (double)(b.tv_nsec - a.tv_nsec) / 1e3;
    }
    qsort(t, (size_t)n, sizeof *t, cmp);
    fprintf(stderr, "spawn n=%d median_us=%.1f min_us=%.1f\n", n, t[n / 2], t[0]);
    return 0;
}
