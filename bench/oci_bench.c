/* The OCI runtime alone, as an engine drives it: create, start, wait for
 * the container process to exit (we are its child subreaper, like
 * conmon), delete.  Same driver for runc and intravisor-oci.
 *   oci_bench RUNTIME STATE-ROOT BUNDLE N
 * Prints "oci_bench RUNTIME n=N median_ms=X min_ms=Y cpu_ms=Z": wall time,
 * and the CPU time (user + system) of every process involved (the runtime's
 * commands and the container process: all our children), which a loaded
 * machine does not inflate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int run(char **argv)
{
    pid_t p = fork();
    if (p == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1); /* the container's output too: it inherits stdio */
        execv(argv[0], argv);
        _exit(127);
    }
    int st;
    waitpid(p, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static double cpu_ms(void)
{
    struct rusage r;
    getrusage(RUSAGE_CHILDREN, &r);
    return (r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1e3 + (r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e3;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc != 5)
        return 2;
    char *rt = argv[1], *root = argv[2], *bundle = argv[3];
    int n = atoi(argv[4]);
    double *t = calloc((size_t)n, sizeof *t), *c = calloc((size_t)n, sizeof *c);
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    for (int i = -1; i < n; i++) { /* one warm-up run */
        char id[64], pidf[512];
        snprintf(id, sizeof id, "bench-%d-%d", getpid(), i + 1);
        snprintf(pidf, sizeof pidf, "%s/%s.pid", root, id);
        double t0 = now_ms(), c0 = cpu_ms();
        char *create[] = {rt, "--root", root, "create", "--bundle", bundle, "--pid-file", pidf, id, NULL};
        char *start[] = {rt, "--root", root, "start", id, NULL};
        char *del[] = {rt, "--root", root, "delete", id, NULL};
        if (run(create)) {
            fprintf(stderr, "oci_bench: %s create failed\n", rt);
            return 1;
        }
        FILE *f = fopen(pidf, "r");
        int pid = 0;
        if (!f || fscanf(f, "%d", &pid) != 1)
            return 1;
        fclose(f);
        if (run(start))
            return 1;
        int st;
        waitpid(pid, &st, 0);
        if (run(del))
            return 1;
        unlink(pidf);
        if (i >= 0) {
            t[i] = now_ms() - t0;
            c[i] = cpu_ms() - c0;
        }
        if (!WIFEXITED(st) || WEXITSTATUS(st)) {
            fprintf(stderr, "oci_bench: container exited %d\n", st);
            return 1;
        }
    }
    qsort(t, (size_t)n, sizeof *t, cmp);
    qsort(c, (size_t)n, sizeof *c, cmp);
    printf("oci_bench %s n=%d median_ms=%.3f min_ms=%.3f cpu_ms=%.3f\n", strrchr(rt, '/') ? strrchr(rt, '/') + 1 : rt, n,
           t[n / 2], t[0], c[n / 2]);
    return 0;
}
