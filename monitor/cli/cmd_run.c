/* `intravisor run`: one cVM to completion.  Also the hidden test/bench
 * commands `run-multi` (several cVMs side by side in one monitor) and
 * `bench-start` (deploy + run to exit, N times). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli/commands.h"
#include "core/cvm.h"
#include "core/imgcache.h"
#include "core/loader.h"
#include "cli/run_opts.h"
#include "core/seccomp.h"

/* One cVM per region; `run` needs one.  Reserving is address space only. */
#define MAX_MULTI 16384 /* as CFG_MAX_CVMS */

static int seccomp_on(int allow_open)
{
    const char *e = getenv("IV_NO_SECCOMP");
    if (e && *e && strcmp(e, "0"))
        return 0;
#if defined(__SANITIZE_ADDRESS__)
    /* ASan's runtime needs calls the allow-list does not know (and may
     * change between releases): keep only the arena wall under ASan. */
    (void)allow_open;
    return iv_seccomp_install(0, 1) ? -1 : 0;
#elif defined(IV_COVERAGE)
    /* gcov (make coverage) opens its counter files at exit. */
    (void)allow_open;
    return iv_seccomp_install(1, 1) ? -1 : 0;
#else
    return iv_seccomp_install(1, allow_open) ? -1 : 0;
#endif
}

/* The first network refusals of c, by name (docs/net.md "Accounting"). */
static void report_refusals(struct iv_cvm *c)
{
    struct iv_net_stats ns;
    iv_net_stats_of(c, &ns);
    for (int i = 0; i < ns.nfirst; i++)
        fprintf(stderr, "intravisor: cvm %s: network: refused %s\n", c->name, ns.first[i]);
    if (ns.refused > (uint64_t)ns.nfirst)
        fprintf(stderr, "intravisor: cvm %s: network: %llu more refusals\n", c->name,
                (unsigned long long)(ns.refused - (uint64_t)ns.nfirst));
}

int cmd_run(int argc, char **argv)
{
    struct run_opts o;
    if (argc > 1 && !strcmp(argv[1], "-y")) /* the original Intravisor's spelling of `up` */
        return cmd_up(argc - 1, argv + 1);
    if (run_opts_parse(argc, argv, 1, NULL, &o) < 0) {
        free(o.cvm.env);
        fprintf(stderr, "usage: intravisor run [--mem SIZE] [--stack SIZE] [--name NAME] [--env K=V]... [--timeout S] [--root DIR [--rw]]\n       [--cpus N] [--hostname NAME] [--huge-pages on|off]\n       [--listen RULE]... [--connect RULE]... [--publish HOST:PORT]... IMAGE [ARGS...]\n");
        return 2;
    }
    if (iv_net_declare(o.cvm.name, &o.net)) { /* before the cVM exists (docs/net.md) */
        free(o.cvm.env);
        return 1;
    }
    int st = run_image(o.image, &o.cvm, o.timeout);
    free(o.cvm.env);
    return st;
}

int run_image(const char *path, const struct iv_cvm_opts *o, double timeout)
{
    struct iv_image img;
    if (iv_image_read(path, &img) || iv_image_verify(&img)) {
        iv_image_free(&img);
        return 1; /* refused: nothing runs */
    }
    if (iv_monitor_init(1))
        return 1;
    struct iv_cvm *c = iv_cvm_create(&img, o);
    iv_image_free(&img);
    if (!c)
        return 1;
    if (seccomp_on(0))
        return 1;
    int st = iv_cvm_run(c, timeout);
    report_refusals(c);
    iv_cvm_destroy(c);
    return st;
}

/* run-multi [--timeout S] SPEC [::: SPEC]...  where SPEC is what `run`
 * takes.  Prints "cvm NAME status N" per cVM on stdout (in order); exits
 * 0 if all ran to completion, whatever their status. */
int cmd_run_multi(int argc, char **argv)
{
    double timeout = 0;
    int i = 1;
    if (i + 1 < argc && !strcmp(argv[i], "--timeout")) {
        timeout = atof(argv[i + 1]);
        i += 2;
    }
    int nspec = 1;
    for (int k = i; k < argc; k++)
        nspec += !strcmp(argv[k], ":::");
    if (nspec > MAX_MULTI) {
        fprintf(stderr, "intravisor run-multi: at most %d cVMs\n", MAX_MULTI);
        return 2;
    }
    if (iv_monitor_init((unsigned)nspec))
        return 1;
    struct iv_cvm **cv = calloc((size_t)nspec, sizeof *cv);
    int n = 0;
    while (i < argc && n < nspec) {
        struct run_opts o;
        int j = run_opts_parse(argc, argv, i, ":::", &o);
        if (j < 0) {
            free(o.cvm.env);
            return 2;
        }
        const struct iv_image *img = iv_imgcache_get(o.image);
        if (!img) {
            free(o.cvm.env);
            return 1;
        }
        iv_net_declare(o.cvm.name, &o.net);
        cv[n] = iv_cvm_create(img, &o.cvm);
        free(o.cvm.env);
        if (!cv[n++])
            return 1;
        i = j + 1;
    }
    if (seccomp_on(0))
        return 1;
    for (int k = 0; k < n; k++)
        iv_cvm_start(cv[k], timeout);
    for (int k = 0; k < n; k++) {
        int st = iv_cvm_wait(cv[k]);
        printf("cvm %s status %d\n", cv[k]->name, st);
        fflush(stdout);
        report_refusals(cv[k]);
        iv_cvm_destroy(cv[k]);
    }
    free(cv);
    return 0;
}

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* bench-start [--cold|--warm|--warm-reread] -n N IMAGE [ARGS...]: deploys
 * IMAGE and runs it to exit, N times in sequence, inside this one monitor.
 *   cold: every deploy reads the file, verifies it, loads it (a copy);
 *   warm: the image was verified once, before the loop; every deploy finds
 *         the file unchanged (stat) and maps the cached, shared pages;
 *   warm-reread: as warm, but every deploy reads and hashes the file
 *         (SHA-256) first: a deploy after the file's times changed.
 * Prints "bench-start MODE n=N median_us=X min_us=Y" on stderr. */
int cmd_bench_start(int argc, char **argv)
{
    int warm = 0, reread = 0, n = 100, i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--warm"))
            warm = 1;
        else if (!strcmp(argv[i], "--warm-reread"))
            warm = reread = 1;
        else if (!strcmp(argv[i], "--cold"))
            warm = 0;
        else if (!strcmp(argv[i], "-n") && i + 1 < argc)
            n = atoi(argv[++i]);
        else
            return 2;
    }
    if (i >= argc || n <= 0)
        return 2;
    const char *path = argv[i];
    if (iv_monitor_init(1) || seccomp_on(1))
        return 1;
    double *t = calloc((size_t)n, sizeof *t);
    struct iv_cvm_opts co = {.name = "bench", .mem = 64ull << 20, .argc = argc - i, .argv = argv + i};
    if (warm && !iv_imgcache_get(path)) /* verified once */
        return 1;
    for (int k = 0; k < n; k++) {
        double t0 = now_us();
        struct iv_image img;
        const struct iv_image *ip = !warm ? NULL : reread ? iv_imgcache_get_reread(path) : iv_imgcache_get(path);
        if (!warm) {
            ip = iv_image_read(path, &img) || iv_image_verify(&img) ? NULL : &img;
        }
        if (!ip)
            return 1;
        struct iv_cvm *c = iv_cvm_create(ip, &co);
        if (!warm)
            iv_image_free(&img);
        if (!c)
            return 1;
        int st = iv_cvm_run(c, 0);
        iv_cvm_destroy(c);
        t[k] = now_us() - t0;
        if (st != 0) {
            fprintf(stderr, "bench-start: cvm exited %d\n", st);
            return 1;
        }
    }
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    fprintf(stderr, "bench-start %s n=%d median_us=%.1f min_us=%.1f\n", reread ? "warm-reread" : warm ? "warm" : "cold", n,
            t[n / 2], t[0]);
    free(t);
    return 0;
}
