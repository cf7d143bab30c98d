/* `intravisor up` on the deployer library: one file to completion, then a
 * summary on stderr and the --stats document. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "deploy/deploy_int.h"

static void human_size(uint64_t b, char *out, size_t n)
{
    if (b >= 1ull << 30)
        snprintf(out, n, "%.1fG", (double)b / (1 << 30));
    else if (b >= 1ull << 20)
        snprintf(out, n, "%.1fM", (double)b / (1 << 20));
    else
        snprintf(out, n, "%lluK", (unsigned long long)(b >> 10));
}

static void summary(const char *path)
{
    int w = 4, ok = 0, n = 0;
    for (struct dp_cvm *d = dp_next(NULL); d; d = dp_next(d)) {
        int l = (int)strlen(d->v->name);
        w = l > w ? l : w;
        ok += d->runs && d->status == 0;
        n++;
    }
    fprintf(stderr, "\nintravisor: deployment %s: %d cVM%s, %d exited 0, %d did not\n", path, n, n == 1 ? "" : "s", ok,
            n - ok);
    fprintf(stderr, "  %-*s %6s  %-22s %8s %9s %8s %9s\n", w, "NAME", "STATUS", "RESULT", "RESTARTS", "WALL s",
            "CPU s", "PEAK MEM");
    for (struct dp_cvm *d = dp_next(NULL); d; d = dp_next(d)) {
        char st[16], mem[16];
        human_size(d->peak, mem, sizeof mem);
        if (!d->runs) {
            fprintf(stderr, "  %-*s %6s  %-22s %8d %9s %8s %9s\n", w, d->v->name, "-", "not started", 0, "-", "-", "-");
            continue;
        }
        snprintf(st, sizeof st, "%d", d->status);
        fprintf(stderr, "  %-*s %6s  %-22s %8d %9.2f %8.2f %9s\n", w, d->v->name, st, d->result, d->restarts,
                d->t_end - d->t_start, (double)d->cpu_ns / 1e9, mem);
    }
}

int deploy_run(struct cfg *cfg, const struct deploy_opts *o)
{
    FILE *stats = NULL;
    /* Every file the monitor opens is opened now: seccomp forbids it later. */
    if (o->stats_path && !(stats = fopen(o->stats_path, "w"))) {
        fprintf(stderr, "intravisor up: --stats: cannot open '%s': %s\n", o->stats_path, strerror(errno));
        return 1;
    }
    struct dp_opts dopts = {.max_cvms = (unsigned)cfg->ncvms};
    char *path = strdup(cfg->path);
    int rc = 1;
    if (!path || dp_init(&dopts) || dp_add(cfg, stderr) < 0)
        goto out;
    /* Only restarting a cVM with a `root` opens a path later (the fs/
     * create hook opens the root directory), so only then is openat allowed. */
    int reopen = 0;
    for (struct dp_cvm *d = dp_next(NULL); d; d = dp_next(d))
        reopen |= d->v->root && d->v->restart == CFG_RESTART_ON_FAILURE;
    if (dp_lockdown(reopen, NULL, 0))
        goto out;
    int n = 0;
    for (struct dp_cvm *d = dp_next(NULL); d; d = dp_next(d))
        n++;
    fprintf(stderr, "intravisor: deploying %d cVM%s from %s\n", n, n == 1 ? "" : "s", path);
    dp_begin();
    for (;;) {
        long ms = dp_tick();
        if (!dp_active())
            break;
        struct pollfd p = {.fd = dp_event_fd(), .events = POLLIN};
        poll(&p, 1, (int)ms);
    }
    summary(path);
    rc = 0;
    for (struct dp_cvm *d = dp_next(NULL); d; d = dp_next(d))
        if (!d->runs || d->status)
            rc = 1;
    if (dp_stop_signal())
        rc = 128 + dp_stop_signal();
    if (stats) {
        json_object *root = json_object_new_object(), *cvms = json_object_new_array();
        json_object_object_add(root, "file", json_object_new_string(path));
        for (struct dp_cvm *d = dp_next(NULL); d; d = dp_next(d))
            json_object_array_add(cvms, dp_stats_json(d));
        json_object_object_add(root, "cvms", cvms);
        fprintf(stats, "%s\n",
                json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(root);
        if (fflush(stats))
            rc = rc ? rc : 1;
    }
out:
    if (stats)
        fclose(stats);
    free(path);
    return rc;
}
