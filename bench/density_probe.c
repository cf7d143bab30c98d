/* Density probe (bench/density.sh): starts N idle instances of a program and
 * reports how long it took until all of them were up, the memory they take
 * together (proportional set size, so shared pages count once), and how long
 * tearing them down took.  The same code measures both sides:
 *
 *   density_probe native N PROG [ARGS...]   N processes, fork+exec each
 *   density_probe cvm N MONITOR up FILE     one monitor deploying N cVMs
 *
 * An instance is "up" when it has written one line to its stdout; it then
 * waits on its stdin (a pipe that stays open and empty) until torn down
 * with SIGTERM.  Prints "n=N deploy_us=X pss_kb=Y teardown_us=Z". */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static long pss_kb(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/smaps_rollup", (int)pid);
    FILE *f = fopen(path, "r");
    long v = 0;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "Pss: %ld kB", &v) == 1)
            break;
    if (f)
        fclose(f);
    return v;
}

static pid_t spawn(char **argv, int in, int out)
{
    pid_t p = fork();
    if (p == 0) {
        dup2(in, 0);
        dup2(out, 1);
        execv(argv[0], argv);
        _exit(127);
    }
    return p;
}

int main(int argc, char **argv)
{
    if (argc < 4)
        return 2;
    int native = !strcmp(argv[1], "native");
    long n = atol(argv[2]);
    int in[2], out[2];
    if (n <= 0 || pipe(in) || pipe(out))
        return 2;
    long nproc = native ? n : 1;
    pid_t *kids = calloc((size_t)nproc, sizeof *kids);
    double t0 = now_us();
    for (long i = 0; i < nproc; i++)
        if ((kids[i] = spawn(argv + 3, in[0], out[1])) < 0) {
            fprintf(stderr, "density_probe: fork: %s\n", strerror(errno));
            return 1;
        }
    close(out[1]);
    /* Count lines until every instance is up. */
    long lines = 0;
    char buf[65536];
    while (lines < n) {
        ssize_t k = read(out[0], buf, sizeof buf);
        if (k <= 0) {
            fprintf(stderr, "density_probe: only %ld of %ld up\n", lines, n);
            return 1;
        }
        for (ssize_t i = 0; i < k; i++)
            lines += buf[i] == '\n';
    }
    double t1 = now_us();
    long pss = 0;
    for (long i = 0; i < nproc; i++)
        pss += pss_kb(kids[i]);
    double t2 = now_us();
    for (long i = 0; i < nproc; i++)
        kill(kids[i], SIGTERM);
    for (long i = 0; i < nproc; i++)
        waitpid(kids[i], NULL, 0);
    double t3 = now_us();
    printf("n=%ld deploy_us=%.0f pss_kb=%ld teardown_us=%.0f\n", n, t1 - t0, pss, t3 - t2);
    return 0;
}
