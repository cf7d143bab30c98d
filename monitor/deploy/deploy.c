/* The deployer behind `intravisor up`: runs a validated struct cfg.
 *
 * Every cVM is created (region, image, stack) before any starts, so a load
 * failure still means "nothing started".  The main thread then starts them
 * in file order, honouring `wait`, and otherwise sleeps on one condition
 * variable that each cVM's last thread signals when the cVM is over
 * (cvm.c's on_end hook); the main thread reaps it there — status, fault,
 * statistics, restart — so no thread per cVM is needed to supervise it.
 * SIGINT/SIGTERM are taken by the watchdog (monitor.c), which ends every
 * live cVM and sets iv_stop_signal; the main thread then starts nothing
 * more and waits for the rest to leave. */
#include "deploy/deploy.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <json-c/json.h>
#include "core/cvm.h"
#include "core/loader.h"
#include "core/seccomp.h"
#include "fs/fs.h"
#include "ipc/capcall.h"
#include "ipc/capfile.h"
#include "ipc/ipc.h"

enum { D_PENDING, D_RUNNING, D_ENDED, D_NOT_STARTED };

struct dep {
    struct cfg_cvm *v;
    struct iv_cvm *c;   /* current instance, or NULL */
    int state;
    int over;           /* set by on_end, under mu */
    int draining;       /* over, but threads of other cVMs are still inside it (CAP calls) */
    int out_fd, err_fd; /* host fds for the cVM's 1 and 2 (-1: inherit) */
    int status, restarts, runs;
    char result[48];
    double t_start, t_end, t_run; /* realtime of the first start / last end; start of this run */
    uint64_t cpu_ns, peak;
    uint64_t hc[IV_HC_MAX];
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond;

static double now_real(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int stop_signal(void) { return __atomic_load_n(&iv_stop_signal, __ATOMIC_SEQ_CST); }

/* Runs on the cVM's last thread: only flags it for the main thread. */
static void on_end(struct iv_cvm *c, void *arg)
{
    (void)c;
    struct dep *d = arg;
    pthread_mutex_lock(&mu);
    d->over = 1;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&mu);
}

/* As cmd_run.c.  Every file the deployer needs is open by now; only
 * restarting a cVM with a `root` needs to open a path later (the fs/ create hook
 * opens the root directory with open(2)), so only then is openat allowed. */
static int seccomp_on(int allow_open)
{
    const char *e = getenv("IV_NO_SECCOMP");
    if (e && *e && strcmp(e, "0"))
        return 0;
#ifdef __SANITIZE_ADDRESS__
    (void)allow_open;
    return iv_seccomp_install(0, 1) ? -1 : 0;
#else
    return iv_seccomp_install(1, allow_open) ? -1 : 0;
#endif
}

/* Gives cVM fd n (1 or 2) the host fd h, before the cVM runs.  The slot's
 * file is this cVM's own and marked noclose (fs.c), so the deployer keeps
 * ownership of h across restarts. */
static void set_stdio(struct iv_cvm *c, int n, int h)
{
    if (h >= 0)
        iv_fs_set_stdio(c, n, h);
}

static struct iv_cvm *create(struct dep *d)
{
    struct cfg_cvm *v = d->v;
    struct iv_cvm_opts o = {
        .name = v->name,
        .mem = v->memory,
        .stack = v->stack,
        .argc = v->argc,
        .argv = v->argv,
        .nenv = v->nenv,
        .env = v->env,
        .max_threads = v->threads,
        .fd_limit = v->fds,
        .map_limit = v->mappings,
        .fd_reserve = v->reserve_fds,
        .map_reserve = v->reserve_mappings,
        .thread_reserve = v->reserve_threads,
        .cpu_limit_s = v->cpu,
        .root = v->root,
        .rw = v->rw,
    };
    struct iv_cvm *c = iv_cvm_create(v->img, &o);
    if (!c)
        return NULL;
    set_stdio(c, 1, d->out_fd);
    set_stdio(c, 2, d->err_fd);
    c->on_end = on_end;
    c->on_end_arg = d;
    return c;
}

static void start(struct dep *d)
{
    d->over = 0;
    d->state = D_RUNNING;
    d->t_run = now_mono();
    if (!d->runs++)
        d->t_start = now_real();
    if (iv_cvm_start(d->c, d->v->timeout) < 0) {
        pthread_mutex_lock(&mu);
        d->over = 1; /* no thread ran, so no on_end */
        pthread_mutex_unlock(&mu);
        return;
    }
    /* The watchdog sets the flag before ending every live cVM, and this
     * cVM was live before this check: either it saw it or we see it. */
    int sig = stop_signal();
    if (sig && iv_cvm_end(d->c, 128 + sig)) {
        d->c->end_cause = IV_END_SIGNAL;
        fprintf(stderr, "intravisor: cvm %s: killed by %s\n", d->v->name, sig == SIGINT ? "SIGINT" : "SIGTERM");
    }
}

static void describe(struct dep *d, struct iv_cvm *c, int st)
{
    if (c->call_fault_sig) { /* a fault during a CAP call into it */
        snprintf(d->result, sizeof d->result, "fault SIG%s", sigabbrev_np(c->call_fault_sig));
        return;
    }
    for (int i = 0; i < c->nthreads; i++)
        if (c->threads[i]->fault_won) {
            snprintf(d->result, sizeof d->result, "fault SIG%s", sigabbrev_np(c->threads[i]->fault_sig));
            return;
        }
    switch (c->end_cause) {
    case IV_END_TIMEOUT:
        snprintf(d->result, sizeof d->result, "timeout (%g s)", d->v->timeout);
        break;
    case IV_END_CPU:
        snprintf(d->result, sizeof d->result, "CPU limit (%g s)", d->v->cpu);
        break;
    case IV_END_SIGNAL:
        snprintf(d->result, sizeof d->result, "stopped (SIG%s)", sigabbrev_np(st - 128));
        break;
    case IV_END_SETUP:
        snprintf(d->result, sizeof d->result, "could not start");
        break;
    default:
        snprintf(d->result, sizeof d->result, "exited %d", st);
    }
}

/* The cVM of d is over: collect it, then restart it or record the end. */
static void reap(struct dep *d)
{
    struct iv_cvm *c = d->c;
    int st = iv_cvm_wait(c); /* joins its threads, including the one in on_end */
    describe(d, c, st);
    d->status = st;
    d->cpu_ns += c->cpu_done_ns;
    /* The main stack beyond its first MiB is charged as used: its pages
     * stay resident once touched, so the end is its high-water mark. */
    uint64_t peak = c->vm.peak + vmem_lazy_resident(&c->vm);
    if (peak > d->peak)
        d->peak = peak;
    for (int i = 0; i < IV_HC_MAX; i++)
        d->hc[i] += c->hc_count[i];
    int cause = c->end_cause;
    iv_cvm_destroy(c);
    d->c = NULL;
    d->t_end = now_real();
    double secs = now_mono() - d->t_run;
    struct cfg_cvm *v = d->v;
    if (st && v->restart == CFG_RESTART_ON_FAILURE && d->restarts < v->restart_limit && !stop_signal() &&
        cause != IV_END_SIGNAL) {
        d->restarts++;
        fprintf(stderr, "intravisor: cvm %s: %s after %.2f s; restarting (%d of %d)\n", v->name, d->result, secs,
                d->restarts, v->restart_limit);
        d->c = create(d);
        if (d->c) {
            start(d);
            return;
        }
        snprintf(d->result, sizeof d->result, "could not restart");
        d->status = 127;
    }
    fprintf(stderr, "intravisor: cvm %s: %s after %.2f s (status %d)\n", v->name, d->result, secs, d->status);
    d->state = D_ENDED;
    iv_capcall_final(v->name); /* a callee serving it may stop */
}

/* Reaps every cVM that is over; returns how many are still running. */
static int reap_all(struct dep *ds, int n)
{
    int running = 0;
    for (int i = 0; i < n; i++) {
        if (ds[i].state != D_RUNNING)
            continue;
        pthread_mutex_lock(&mu);
        int over = ds[i].over;
        pthread_mutex_unlock(&mu);
        /* Without mu: on_end of others may need it.  A cVM that threads of
         * other cVMs are still visiting is reaped on a later pass, so one
         * slow call elsewhere never holds up the rest of the deployment. */
        ds[i].draining = over && !iv_cvm_drained(ds[i].c);
        if (over && !ds[i].draining)
            reap(&ds[i]);
        running += ds[i].state == D_RUNNING;
    }
    return running;
}

/* Reaps and sleeps until `until` (monotonic; 0: until nothing runs) or, if
 * `who` is set, until that cVM has ended, or until a stop signal. */
static void wait_for(struct dep *ds, int n, struct dep *who, double until)
{
    for (;;) {
        int running = reap_all(ds, n);
        if (who ? who->state != D_RUNNING : until ? now_mono() >= until : !running)
            return;
        if (stop_signal() && (who || until))
            return; /* the start sequence is over; the final wait reaps */
        /* Woken by on_end; the 100 ms cap only bounds how late a stop
         * signal is noticed while nothing is running; 10 ms while a cVM
         * waits for its visitors to leave. */
        int draining = 0;
        for (int i = 0; i < n; i++)
            draining |= ds[i].state == D_RUNNING && ds[i].draining;
        double t = now_mono() + (draining ? 0.01 : 0.1);
        if (until && until < t)
            t = until;
        struct timespec ts = {(time_t)t, (long)((t - (double)(time_t)t) * 1e9)};
        pthread_mutex_lock(&mu);
        int any = 0;
        for (int i = 0; i < n; i++)
            any |= ds[i].state == D_RUNNING && ds[i].over && !ds[i].draining;
        if (!any)
            pthread_cond_timedwait(&cond, &mu, &ts);
        pthread_mutex_unlock(&mu);
    }
}

static const char *hc_name(int i, char *buf, size_t n)
{
    static const char *names[IV_HC_MAX] = {
        [IV_HC_EXIT] = "exit", [IV_HC_WRITE] = "write", [IV_HC_READ] = "read", [IV_HC_CLOCK] = "clock",
        [IV_HC_NANOSLEEP] = "nanosleep", [IV_HC_GETRANDOM] = "getrandom", [IV_HC_THREAD_CREATE] = "thread_create",
        [IV_HC_THREAD_EXIT] = "thread_exit", [IV_HC_THREAD_JOIN] = "thread_join", [IV_HC_THREAD_SELF] = "thread_self",
        [IV_HC_FUTEX_WAIT] = "futex_wait", [IV_HC_FUTEX_WAKE] = "futex_wake", [IV_HC_MMAP] = "mmap",
        [IV_HC_MUNMAP] = "munmap", [IV_HC_MPROTECT] = "mprotect", [IV_HC_GETNAME] = "getname",
#ifdef IV_HC_OPENAT /* the file hostcalls (hc_fs.c), when present */
        [IV_HC_OPENAT] = "openat", [IV_HC_CLOSE] = "close", [IV_HC_PREAD] = "pread", [IV_HC_PWRITE] = "pwrite",
        [IV_HC_LSEEK] = "lseek", [IV_HC_FSTATAT] = "fstatat", [IV_HC_GETDENTS] = "getdents",
        [IV_HC_READLINKAT] = "readlinkat", [IV_HC_MKDIRAT] = "mkdirat", [IV_HC_UNLINKAT] = "unlinkat",
        [IV_HC_RENAMEAT] = "renameat", [IV_HC_FTRUNCATE] = "ftruncate", [IV_HC_FSYNC] = "fsync",
        [IV_HC_FCNTL] = "fcntl", [IV_HC_DUP] = "dup", [IV_HC_FACCESSAT] = "faccessat",
        [IV_HC_UTIMENSAT] = "utimensat", [IV_HC_PIPE] = "pipe", [IV_HC_POLL] = "poll", [IV_HC_ISATTY] = "isatty",
        [IV_HC_CHDIR] = "chdir", [IV_HC_GETCWD] = "getcwd", [IV_HC_SYMLINKAT] = "symlinkat",
        [IV_HC_LINKAT] = "linkat", [IV_HC_FCHMODAT] = "fchmodat",
#endif
        [IV_HC_CAP_FILE_MAP] = "cap_file_map", [IV_HC_CAP_FILE_UNMAP] = "cap_file_unmap",
        [IV_HC_CAP_FILE_READ] = "cap_file_read", [IV_HC_CAP_FILE_WRITE] = "cap_file_write",
        [IV_HC_CAP_FILE_CREATE] = "cap_file_create", [IV_HC_CAP_FILE_GRANT] = "cap_file_grant",
        [IV_HC_CAP_FILE_REVOKE] = "cap_file_revoke", [IV_HC_STREAM_OPEN] = "stream_open",
        [IV_HC_CAP_CALL_SETUP] = "cap_call_setup", [IV_HC_CAP_EXPORT] = "cap_export",
        [IV_HC_CAP_IMPORT] = "cap_import", [IV_HC_CAP_CALL] = "cap_call", [IV_HC_CAP_RETURN] = "cap_return",
        [IV_HC_CAP_SERVE] = "cap_serve",
    };
    if (names[i])
        return names[i];
    snprintf(buf, n, "hostcall_%d", i); /* newer hostcalls: by number */
    return buf;
}

/* The --stats document (docs/config.md), built with json-c. */
static void write_stats(FILE *f, struct cfg *cfg, struct dep *ds, int n)
{
    json_object *root = json_object_new_object(), *cvms = json_object_new_array();
    json_object_object_add(root, "file", json_object_new_string(cfg->path));
    for (int i = 0; i < n; i++) {
        struct dep *d = &ds[i];
        json_object *o = json_object_new_object(), *hc = json_object_new_object();
        json_object_object_add(o, "name", json_object_new_string(d->v->name));
        json_object_object_add(o, "image", json_object_new_string(d->v->runtime));
        json_object_object_add(o, "started", json_object_new_boolean(d->runs != 0));
        json_object_object_add(o, "start", d->runs ? json_object_new_double(d->t_start) : NULL);
        json_object_object_add(o, "end", d->runs ? json_object_new_double(d->t_end) : NULL);
        json_object_object_add(o, "status", d->runs ? json_object_new_int(d->status) : NULL);
        json_object_object_add(o, "result", json_object_new_string(d->runs ? d->result : "not started"));
        json_object_object_add(o, "restarts", json_object_new_int(d->restarts));
        json_object_object_add(o, "peak_memory", json_object_new_uint64(d->peak));
        json_object_object_add(o, "cpu_seconds", json_object_new_double((double)d->cpu_ns / 1e9));
        for (int k = 0; k < IV_HC_MAX; k++)
            if (d->hc[k]) {
                char buf[32];
                json_object_object_add(hc, hc_name(k, buf, sizeof buf), json_object_new_uint64(d->hc[k]));
            }
        json_object_object_add(o, "hostcalls", hc);
        json_object_array_add(cvms, o);
    }
    json_object_object_add(root, "cvms", cvms);
    fprintf(f, "%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(root);
}

static void human_size(uint64_t b, char *out, size_t n)
{
    if (b >= 1ull << 30)
        snprintf(out, n, "%.1fG", (double)b / (1 << 30));
    else if (b >= 1ull << 20)
        snprintf(out, n, "%.1fM", (double)b / (1 << 20));
    else
        snprintf(out, n, "%lluK", (unsigned long long)(b >> 10));
}

static void summary(struct cfg *cfg, struct dep *ds, int n)
{
    int w = 4, ok = 0;
    for (int i = 0; i < n; i++) {
        int l = (int)strlen(ds[i].v->name);
        w = l > w ? l : w;
        ok += ds[i].runs && ds[i].status == 0;
    }
    fprintf(stderr, "\nintravisor: deployment %s: %d cVM%s, %d exited 0, %d did not\n", cfg->path, n, n == 1 ? "" : "s",
            ok, n - ok);
    fprintf(stderr, "  %-*s %6s  %-22s %8s %9s %8s %9s\n", w, "NAME", "STATUS", "RESULT", "RESTARTS", "WALL s",
            "CPU s", "PEAK MEM");
    for (int i = 0; i < n; i++) {
        struct dep *d = &ds[i];
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

static int open_out(const char *name, const char *what, const char *path)
{
    /* Truncated once per deployment; O_APPEND so restarts and several
     * cVMs sharing a file add to it rather than overwrite each other. */
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        fprintf(stderr, "intravisor: cvm %s: %s: cannot open '%s': %s\n", name, what, path, strerror(errno));
    return fd;
}

int deploy_run(struct cfg *cfg, const struct deploy_opts *o)
{
    int n = cfg->ncvms, rc = 1;
    struct dep *ds = calloc((size_t)n, sizeof *ds);
    FILE *stats = NULL;
    if (!ds)
        return 1;
    /* Every file the monitor opens is opened now: seccomp forbids it later. */
    int bad = 0, nullfd = -1;
    for (int i = 0; i < n; i++) {
        struct dep *d = &ds[i];
        struct cfg_cvm *v = &cfg->cvms[i];
        d->v = v;
        d->out_fd = d->err_fd = -1;
        for (int k = 0; k < 2; k++) {
            enum cfg_out m = k ? v->err_mode : v->out_mode;
            int *fd = k ? &d->err_fd : &d->out_fd;
            if (m == CFG_OUT_NULL) {
                if (nullfd < 0)
                    nullfd = open("/dev/null", O_WRONLY | O_CLOEXEC);
                *fd = nullfd;
                bad |= nullfd < 0;
            } else if (m == CFG_OUT_FILE) {
                *fd = open_out(v->name, k ? "stderr" : "stdout", k ? v->err_path : v->out_path);
                bad |= *fd < 0;
            }
        }
    }
    if (o->stats_path && !(stats = fopen(o->stats_path, "w"))) {
        fprintf(stderr, "intravisor up: --stats: cannot open '%s': %s\n", o->stats_path, strerror(errno));
        bad = 1;
    }
    if (bad)
        goto out;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&cond, &ca);
    pthread_condattr_destroy(&ca);
    if (iv_monitor_init((unsigned)n))
        goto out;
    /* Capfiles and their access tables exist before any cVM starts. */
    for (int i = 0; i < cfg->ncapfiles; i++) {
        struct cfg_capfile *f = &cfg->capfiles[i];
        uint64_t size = f->size ? f->size : f->data_len;
        long e = iv_capfile_new(f->name, size, f->data, f->data_len, NULL);
        if (e) {
            fprintf(stderr, "intravisor: capfile %s: cannot be created: %s\n", f->name, strerror((int)-e));
            goto out;
        }
    }
    for (int i = 0; i < n; i++)
        for (int k = 0; k < ds[i].v->ncapfiles; k++) {
            struct cfg_access *a = &ds[i].v->capfiles[k];
            if (iv_capfile_set_access(a->name, ds[i].v->name, a->writable ? IV_CAP_RW : IV_CAP_RO))
                goto out;
        }
    for (int i = 0; i < n; i++) { /* streams and call grants too, before any cVM starts */
        const struct cfg_cvm *v = ds[i].v;
        struct iv_ipc_cvm d = {v->name, v->ncalls, v->nstreams, v->calls, v->streams};
        if (iv_ipc_declare(&d))
            goto out;
    }
    for (int i = 0; i < n; i++)
        if (!(ds[i].c = create(&ds[i]))) {
            fprintf(stderr, "intravisor: cvm %s: cannot be created; nothing was started\n", ds[i].v->name);
            for (int k = 0; k < i; k++)
                iv_cvm_destroy(ds[k].c);
            goto out;
        }
    int reopen = 0;
    for (int i = 0; i < n; i++)
        reopen |= ds[i].v->root && ds[i].v->restart == CFG_RESTART_ON_FAILURE;
    if (seccomp_on(reopen))
        goto out;
    fprintf(stderr, "intravisor: deploying %d cVM%s from %s\n", n, n == 1 ? "" : "s", cfg->path);
    for (int i = 0; i < n; i++) {
        struct dep *d = &ds[i];
        if (stop_signal())
            break;
        start(d);
        if (d->v->wait < 0)
            wait_for(ds, n, d, 0);
        else if (d->v->wait > 0)
            wait_for(ds, n, NULL, now_mono() + d->v->wait);
        else
            reap_all(ds, n);
    }
    for (int i = 0; i < n; i++)
        if (ds[i].state == D_PENDING) {
            iv_cvm_destroy(ds[i].c);
            ds[i].c = NULL;
            ds[i].state = D_NOT_STARTED;
            iv_capcall_final(ds[i].v->name);
        }
    wait_for(ds, n, NULL, 0);
    summary(cfg, ds, n);
    int sig = stop_signal();
    rc = 0;
    for (int i = 0; i < n; i++)
        if (!ds[i].runs || ds[i].status)
            rc = 1;
    if (sig)
        rc = 128 + sig;
    if (stats) {
        write_stats(stats, cfg, ds, n);
        if (fflush(stats))
            rc = rc ? rc : 1;
    }
out:
    if (stats)
        fclose(stats);
    for (int i = 0; i < n; i++) {
        if (ds[i].out_fd >= 0 && ds[i].out_fd != nullfd)
            close(ds[i].out_fd);
        if (ds[i].err_fd >= 0 && ds[i].err_fd != nullfd)
            close(ds[i].err_fd);
    }
    if (nullfd >= 0)
        close(nullfd);
    free(ds);
    return rc;
}
