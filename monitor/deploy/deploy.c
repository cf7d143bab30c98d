/* The deployer library (deploy.h): the cVMs of validated YAML files in this
 * monitor, started, reaped, restarted, stopped and forgotten.
 *
 * Every cVM of a file is created (region, image, stack) before any starts,
 * so a load failure still means "nothing started".  A cVM's last thread
 * only flags it (on_end) and writes the event fd; the caller's thread
 * reaps it in dp_tick — status, fault, statistics, restart — so no thread
 * per cVM supervises it.  SIGINT/SIGTERM are taken by the watchdog
 * (core/monitor.c), which ends every live cVM and sets iv_stop_signal;
 * then nothing more starts. */
#include "deploy/deploy.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include "core/cvm.h"
#include "core/loader.h"
#include "core/seccomp.h"
#include "deploy/deploy_int.h"
#include "fs/fs.h"
#include "ipc/capcall.h"
#include "ipc/capfile.h"
#include "ipc/ipc.h"

static struct dp_file *files;   /* in order added */
static struct dp_cvm *first, *last;
static int efd = -1, capture, quiet, nullfd = -1;
/* Runs that are over and not yet reaped (pushed by on_end, under mu), runs
 * waiting for visitors to leave, cVMs with a stop grace running, and how
 * many run: a tick costs what happened, not the number of cVMs (density:
 * thousands of cVMs deploy and end in linear time). */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct dp_cvm *ended_list, *draining_list, *stopping_list;
static int nrunning;
/* Names: a hash table, so adding a file and finding a cVM do not scan. */
#define NAME_BUCKETS 4096
static struct dp_cvm *by_name[NAME_BUCKETS];

static unsigned name_bucket(const char *s)
{
    unsigned h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h % NAME_BUCKETS;
}

double dp_now_real(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double dp_now_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int dp_stop_signal(void) { return __atomic_load_n(&iv_stop_signal, __ATOMIC_SEQ_CST); }
int dp_event_fd(void) { return efd; }

int dp_init(const struct dp_opts *o)
{
    capture = o->capture;
    quiet = o->quiet;
    if (iv_monitor_init(o->max_cvms ? o->max_cvms : 1))
        return -1;
    efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    nullfd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    return efd < 0 || nullfd < 0 ? -1 : 0;
}

int dp_lockdown(int allow_open, const int *extra, int n)
{
    const char *e = getenv("IV_NO_SECCOMP");
    if (e && *e && strcmp(e, "0"))
        return 0;
#if defined(__SANITIZE_ADDRESS__)
    (void)allow_open;
    (void)extra;
    (void)n;
    return iv_seccomp_install(0, 1) ? -1 : 0; /* ASan needs calls the list does not know */
#elif defined(IV_COVERAGE)
    (void)allow_open; /* gcov (make coverage) opens its counter files at exit */
    iv_seccomp_allow(extra, n);
    return iv_seccomp_install(1, 1) ? -1 : 0;
#else
    iv_seccomp_allow(extra, n);
    return iv_seccomp_install(1, allow_open) ? -1 : 0;
#endif
}

/* Runs on the cVM's last thread: only flags it for the caller's thread. */
static void on_end(struct iv_cvm *c, void *arg)
{
    (void)c;
    struct dp_cvm *d = arg;
    pthread_mutex_lock(&mu);
    d->over = 1;
    d->next_over = ended_list;
    ended_list = d;
    pthread_mutex_unlock(&mu);
    uint64_t one = 1;
    if (write(efd, &one, sizeof one) < 0) {
        /* the counter cannot overflow in practice; dp_tick also polls */
    }
}

static struct iv_cvm *create(struct dp_cvm *d)
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
        .cpus = v->cpus,
        .hostname = v->hostname,
        .small_pages = v->small_pages,
        .root = v->root,
        .rw = v->rw,
        .cwd = v->cwd,
    };
    struct iv_cvm *c = iv_cvm_create(v->img, &o);
    if (!c)
        return NULL;
    /* The slot's file is this cVM's own and marked noclose (fs.c), so the
     * deployer keeps ownership of the fds across restarts. */
    if (d->out_fd >= 0)
        iv_fs_set_stdio(c, 1, d->out_fd);
    if (d->err_fd >= 0)
        iv_fs_set_stdio(c, 2, d->err_fd);
    if (d->in_fd >= 0)
        iv_fs_set_stdio(c, 0, d->in_fd);
    c->on_end = on_end;
    c->on_end_arg = d;
    return c;
}

static void run(struct dp_cvm *d)
{
    d->over = 0;
    if (d->state != DP_RUNNING)
        nrunning++;
    d->state = DP_RUNNING;
    d->t_run = dp_now_mono();
    d->t_run_real = dp_now_real();
    if (!d->runs++)
        d->t_start = d->t_run_real;
    if (iv_cvm_start(d->c, d->v->timeout) < 0) {
        pthread_mutex_lock(&mu); /* no thread ran, so no on_end */
        d->over = 1;
        d->next_over = ended_list;
        ended_list = d;
        pthread_mutex_unlock(&mu);
        return;
    }
    /* The watchdog sets the flag before ending every live cVM, and this
     * cVM was live before this check: either it saw it or we see it. */
    int sig = dp_stop_signal();
    if (sig && iv_cvm_end(d->c, 128 + sig)) {
        d->c->end_cause = IV_END_SIGNAL;
        fprintf(stderr, "intravisor: cvm %s: killed by %s\n", d->v->name, sig == SIGINT ? "SIGINT" : "SIGTERM");
        iv_cvm_kick(d->c);
    }
}

static void describe(struct dp_cvm *d, struct iv_cvm *c, int st)
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
    case IV_END_SIGNAL: {
        const char *s = st > 128 && st < 128 + 65 ? sigabbrev_np(st - 128) : NULL;
        snprintf(d->result, sizeof d->result, "stopped (SIG%s)", s ? s : "?");
        break;
    }
    case IV_END_SETUP:
        snprintf(d->result, sizeof d->result, "could not start");
        break;
    default:
        snprintf(d->result, sizeof d->result, "exited %d", st);
    }
}

/* The run of d is over: collect it, then restart it or record the end. */
static void reap(struct dp_cvm *d)
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
    struct iv_net_stats ns;
    iv_net_stats_of(c, &ns);
    d->net.refused += ns.refused;
    d->net.conns_in += ns.conns_in;
    d->net.conns_out += ns.conns_out;
    d->net.bytes_in += ns.bytes_in;
    d->net.bytes_out += ns.bytes_out;
    for (int i = 0; i < ns.nfirst && d->net.nfirst < IV_NET_FIRST_REFUSALS; i++) {
        memcpy(d->net.first[d->net.nfirst++], ns.first[i], sizeof ns.first[i]);
        fprintf(stderr, "intravisor: cvm %s: network: refused %s\n", d->v->name, ns.first[i]);
    }
    int cause = c->end_cause;
    iv_cvm_destroy(c);
    d->c = NULL;
    d->t_end = dp_now_real();
    d->gen++;
    double secs = dp_now_mono() - d->t_run;
    struct cfg_cvm *v = d->v;
    int again = d->restart_req;
    if (!again && st && v->restart == CFG_RESTART_ON_FAILURE && d->restarts < v->restart_limit &&
        !dp_stop_signal() && cause != IV_END_SIGNAL && !d->stop_req) {
        again = 1;
        d->restarts++;
        fprintf(stderr, "intravisor: cvm %s: %s after %.2f s; restarting (%d of %d)\n", v->name, d->result, secs,
                d->restarts, v->restart_limit);
    } else if (!quiet) {
        fprintf(stderr, "intravisor: cvm %s: %s after %.2f s (status %d)\n", v->name, d->result, secs, d->status);
    }
    d->restart_req = d->stop_req = 0;
    d->kill_at = 0;
    if (again && !dp_stop_signal()) {
        d->c = create(d);
        if (d->c) {
            run(d);
            return;
        }
        snprintf(d->result, sizeof d->result, "could not restart");
        d->status = 127;
    }
    d->state = DP_ENDED;
    nrunning--;
    iv_capcall_final(v->name); /* a callee serving it may stop */
}

/* Reaps every run that is over.  A cVM that threads of other cVMs are
 * still visiting (CAP calls) is reaped on a later pass, so one slow call
 * elsewhere never holds up the rest. */
static void reap_all(void)
{
    pthread_mutex_lock(&mu);
    struct dp_cvm *todo = ended_list;
    ended_list = NULL;
    pthread_mutex_unlock(&mu);
    struct dp_cvm *retry = draining_list;
    draining_list = NULL;
    /* Without mu: on_end of others may need it. */
    for (struct dp_cvm *lists[2] = {todo, retry}, **l = lists; l < lists + 2; l++)
        for (struct dp_cvm *d = *l, *next; d; d = next) {
            next = d->next_over;
            if (d->state != DP_RUNNING)
                continue;
            if (!iv_cvm_drained(d->c)) {
                d->next_over = draining_list;
                draining_list = d;
            } else {
                reap(d); /* may start it again (restart): a new run */
            }
        }
}

/* The next cVM of f may start: the previous one's `wait` is satisfied. */
static int gate_open(struct dp_file *f, double now)
{
    if (f->gate_cvm && f->gate_cvm->state == DP_RUNNING)
        return 0;
    return now >= f->gate_until;
}

static void never_start(struct dp_cvm *d)
{
    if (d->state != DP_CREATED)
        return;
    iv_cvm_destroy(d->c);
    d->c = NULL;
    d->state = DP_NOT_STARTED;
    iv_capcall_final(d->v->name);
}

long dp_tick(void)
{
    uint64_t v;
    if (read(efd, &v, sizeof v) < 0) {
        /* EAGAIN: nothing new; reap anyway (cheap) */
    }
    reap_all();
    double now = dp_now_mono(), next = 0;
    for (struct dp_cvm **p = &stopping_list, *d; (d = *p);) {
        if (d->state != DP_RUNNING || !d->kill_at) { /* ended within its grace */
            *p = d->next_stopping;
            d->stopping = 0;
        } else if (now >= d->kill_at) {
            d->kill_at = 0;
            if (iv_cvm_end(d->c, 128 + SIGTERM)) {
                d->c->end_cause = IV_END_SIGNAL;
                iv_cvm_kick(d->c);
            }
            *p = d->next_stopping;
            d->stopping = 0;
        } else {
            if (!next || d->kill_at < next)
                next = d->kill_at;
            p = &d->next_stopping;
        }
    }
    for (struct dp_file *f = files; f; f = f->next) {
        while (f->begun && f->pending < f->ncvms) {
            struct dp_cvm *d = f->cvms[f->pending];
            if (dp_stop_signal()) {
                never_start(d);
                f->pending++;
                continue;
            }
            if (d->state != DP_CREATED) { /* started or stopped by hand meanwhile */
                f->pending++;
                continue;
            }
            if (!gate_open(f, now)) {
                if (!f->gate_cvm && (!next || f->gate_until < next))
                    next = f->gate_until;
                break;
            }
            run(d);
            f->pending++;
            f->gate_cvm = d->v->wait < 0 ? d : NULL;
            f->gate_until = d->v->wait > 0 ? now + d->v->wait : 0;
            if (f->gate_cvm)
                reap_all(); /* it may be over already */
        }
    }
    /* 10 ms while a cVM waits for its visitors to leave; 100 ms bounds how
     * late a stop signal is noticed (its cVMs' ends wake us anyway). */
    long ms = draining_list ? 10 : -1;
    if (next) {
        long t = (long)((next - dp_now_mono()) * 1000) + 1;
        t = t < 0 ? 0 : t;
        ms = ms < 0 || t < ms ? t : ms;
    }
    if (dp_active() && (ms < 0 || ms > 100))
        ms = 100;
    return ms;
}

int dp_active(void)
{
    if (nrunning)
        return 1;
    for (struct dp_file *f = files; f; f = f->next)
        if (f->begun && f->pending < f->ncvms)
            return 1;
    return 0;
}

void dp_begin(void)
{
    struct dp_file *f = files;
    while (f && f->next)
        f = f->next;
    if (f)
        f->begun = 1;
    dp_tick();
}

struct dp_cvm *dp_find(const char *name)
{
    for (struct dp_cvm *d = by_name[name_bucket(name)]; d; d = d->next_name)
        if (!strcmp(d->v->name, name))
            return d;
    return NULL;
}

struct dp_cvm *dp_next(struct dp_cvm *prev) { return prev ? prev->next : first; }
int dp_generation(struct dp_cvm *d) { return d->gen; }
int dp_output_fd(struct dp_cvm *d, int n) { return n == 1 ? d->cap_out : n == 2 ? d->cap_err : -1; }
struct dp_cvm **dp_file_cvms(struct dp_file *f, int *n)
{
    *n = f->ncvms;
    return f->cvms;
}
struct dp_file *dp_files(void) { return files; }

int dp_start(struct dp_cvm *d, char *why)
{
    if (d->state == DP_RUNNING) {
        snprintf(why, 128, "%s is already running", d->v->name);
        return -1;
    }
    if (dp_stop_signal()) {
        snprintf(why, 128, "the monitor is stopping");
        return -1;
    }
    if (!d->c && !(d->c = create(d))) {
        snprintf(why, 128, "%s cannot be created (see the monitor's stderr)", d->v->name);
        return -1;
    }
    run(d);
    return 0;
}

int dp_stop(struct dp_cvm *d, int sig, double grace_s, char *why)
{
    if (d->state == DP_CREATED) {
        never_start(d);
        return 0;
    }
    if (d->state != DP_RUNNING) {
        snprintf(why, 128, "%s is not running", d->v->name);
        return -1;
    }
    d->stop_req = 1;
    d->restart_req = 0;
    /* As `docker stop`: a program that handles (or ignores) SIGTERM is
     * passed it and has the grace to end; any other ends now, as SIGTERM's
     * default action would have it. */
    if (!sig && grace_s > 0 && iv_cvm_post_signal(d->c, SIGTERM)) {
        double at = dp_now_mono() + grace_s;
        if (!d->kill_at || at < d->kill_at)
            d->kill_at = at;
        if (!d->stopping) {
            d->stopping = 1;
            d->next_stopping = stopping_list;
            stopping_list = d;
        }
        return 0;
    }
    if (iv_cvm_end(d->c, 128 + (sig ? sig : SIGTERM))) {
        d->c->end_cause = IV_END_SIGNAL;
        iv_cvm_kick(d->c);
    }
    return 0;
}

int dp_signal(struct dp_cvm *d, int sig, char *why)
{
    if (d->state == DP_RUNNING && iv_cvm_post_signal(d->c, sig))
        return 0; /* the program handles it (core/sigpost.c) and goes on */
    if (d->state == DP_RUNNING && (sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT))
        return 0; /* their default action is to ignore them */
    return dp_stop(d, sig, 0, why);
}

int dp_restart(struct dp_cvm *d, char *why)
{
    if (d->state != DP_RUNNING)
        return dp_start(d, why);
    if (dp_stop(d, SIGTERM, 0, why))
        return -1;
    d->stop_req = 0;
    d->restart_req = 1;
    return 0;
}

static void close_out(int *fd)
{
    if (*fd >= 0 && *fd != nullfd)
        close(*fd);
    *fd = -1;
}

static void file_unref(struct dp_file *f)
{
    if (--f->refs)
        return;
    for (struct dp_file **p = &files; *p; p = &(*p)->next)
        if (*p == f) {
            *p = f->next;
            break;
        }
    cfg_free(&f->cfg);
    free(f->cvms);
    free(f);
}

static void cvm_free(struct dp_cvm *d)
{
    close_out(&d->out_fd);
    close_out(&d->err_fd);
    close_out(&d->cap_out);
    close_out(&d->cap_err);
    if (d->in_fd >= 0)
        close(d->in_fd);
    struct dp_file *f = d->file;
    for (int i = 0; i < f->ncvms; i++)
        if (f->cvms[i] == d)
            f->cvms[i] = NULL;
    free(d);
    file_unref(f);
}

int dp_remove(struct dp_cvm *d, char *why)
{
    if (d->state == DP_RUNNING) {
        snprintf(why, 128, "%s is running (stop it first)", d->v->name);
        return -1;
    }
    never_start(d);
    struct dp_file *f = d->file;
    /* Its place in the start sequence is taken by nothing. */
    for (int i = f->pending; i < f->ncvms; i++)
        if (f->cvms[i] == d) {
            memmove(&f->cvms[i], &f->cvms[i + 1], (size_t)(f->ncvms - i - 1) * sizeof *f->cvms);
            f->ncvms--;
            break;
        }
    if (f->gate_cvm == d)
        f->gate_cvm = NULL;
    struct dp_cvm **p = &first, *prev = NULL;
    for (; *p != d; p = &(*p)->next)
        prev = *p;
    *p = d->next;
    if (last == d)
        last = prev;
    for (p = &by_name[name_bucket(d->v->name)]; *p != d; p = &(*p)->next_name) {
    }
    *p = d->next_name;
    for (p = &stopping_list; *p; p = &(*p)->next_stopping)
        if (*p == d) {
            *p = d->next_stopping;
            break;
        }
    cvm_free(d);
    return 0;
}

/* Opens what cVM v's output n (1/2) goes to.  0 or -1 (message). */
static int open_output(struct dp_cvm *d, int n, FILE *errs)
{
    struct cfg_cvm *v = d->v;
    enum cfg_out m = n == 2 ? v->err_mode : v->out_mode;
    int *fd = n == 2 ? &d->err_fd : &d->out_fd;
    if (m == CFG_OUT_NULL) {
        *fd = nullfd;
    } else if (m == CFG_OUT_FILE) {
        const char *path = n == 2 ? v->err_path : v->out_path;
        /* Truncated once per deployment; O_APPEND so restarts and several
         * cVMs sharing a file add to it rather than overwrite each other. */
        *fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
        if (*fd < 0) {
            fprintf(errs, "intravisor: cvm %s: %s: cannot open '%s': %s\n", v->name, n == 2 ? "stderr" : "stdout",
                    path, strerror(errno));
            return -1;
        }
    } else if (capture) {
        int p[2];
        if (pipe2(p, O_CLOEXEC)) {
            fprintf(errs, "intravisor: cvm %s: pipe: %s\n", v->name, strerror(errno));
            return -1;
        }
        fcntl(p[0], F_SETFL, O_NONBLOCK);
        *fd = p[1];
        *(n == 2 ? &d->cap_err : &d->cap_out) = p[0];
    }
    return 0;
}

int dp_add(struct cfg *cfg, FILE *errs)
{
    int n = cfg->ncvms, bad = 0;
    /* Names are unique in the monitor, capfiles too. */
    for (int i = 0; i < n; i++)
        if (dp_find(cfg->cvms[i].name)) {
            fprintf(errs, "%s:%d:%d: a cVM named '%s' is already deployed\n", cfg->path, cfg->cvms[i].line,
                    cfg->cvms[i].col, cfg->cvms[i].name);
            bad = 1;
        }
    for (int i = 0; i < cfg->ncapfiles; i++)
        if (iv_capfile_exists(cfg->capfiles[i].name)) {
            fprintf(errs, "%s: capfile '%s' already exists in the monitor\n", cfg->path, cfg->capfiles[i].name);
            bad = 1;
        }
    if (bad)
        return -1;
    struct dp_file *f = calloc(1, sizeof *f);
    struct dp_cvm **ds = calloc((size_t)n + 1, sizeof *ds);
    if (!f || !ds)
        goto oom;
    for (int i = 0; i < n; i++) {
        if (!(ds[i] = calloc(1, sizeof **ds)))
            goto oom;
        struct dp_cvm *d = ds[i];
        d->v = &cfg->cvms[i]; /* the array moves into f->cfg below, unchanged */
        d->file = f;
        d->out_fd = d->err_fd = d->cap_out = d->cap_err = d->in_fd = -1;
    }
    f->cfg = *cfg; /* moved: the cVM entries keep their addresses */
    f->cvms = ds;
    f->ncvms = n;
    f->refs = n;
    for (int i = 0; i < n && !bad; i++)
        bad |= open_output(ds[i], 1, errs) || open_output(ds[i], 2, errs);
    /* Capfiles and their access tables exist before any cVM starts. */
    for (int i = 0; i < cfg->ncapfiles && !bad; i++) {
        struct cfg_capfile *c = &cfg->capfiles[i];
        long e = iv_capfile_new(c->name, c->size ? c->size : c->data_len, c->data, c->data_len, NULL);
        if (e) {
            fprintf(errs, "intravisor: capfile %s: cannot be created: %s\n", c->name, strerror((int)-e));
            bad = 1;
        }
    }
    for (int i = 0; i < n && !bad; i++) { /* streams and call grants too, before any cVM starts */
        const struct cfg_cvm *v = ds[i]->v;
        struct iv_ipc_cvm d = {v->name, v->ncalls, v->nstreams, v->calls, v->streams};
        static const struct iv_net_policy no_grant;
        bad |= iv_ipc_declare(&d) != 0 || iv_net_declare(v->name, v->net ? v->net : &no_grant) != 0;
    }
    /* After the declarations: a name declared again has just lost the old
     * cVM's access, and gets what this file says. */
    for (int i = 0; i < n && !bad; i++)
        for (int k = 0; k < ds[i]->v->ncapfiles; k++) {
            struct cfg_access *a = &ds[i]->v->capfiles[k];
            if (iv_capfile_set_access(a->name, ds[i]->v->name, a->writable ? IV_CAP_RW : IV_CAP_RO))
                bad = 1;
        }
    for (int i = 0; i < n && !bad; i++)
        if (!(ds[i]->c = create(ds[i]))) {
            fprintf(errs, "intravisor: cvm %s: cannot be created; nothing was started\n", ds[i]->v->name);
            bad = 1;
        }
    if (bad) {
        for (int i = 0; i < n; i++) {
            if (ds[i]->c)
                iv_cvm_destroy(ds[i]->c);
            close_out(&ds[i]->out_fd);
            close_out(&ds[i]->err_fd);
            close_out(&ds[i]->cap_out);
            close_out(&ds[i]->cap_err);
            free(ds[i]);
        }
        free(ds);
        free(f);
        return -1;
    }
    memset(cfg, 0, sizeof *cfg); /* now ours */
    struct dp_file **fp = &files;
    while (*fp)
        fp = &(*fp)->next;
    *fp = f;
    for (int i = 0; i < n; i++) {
        if (last)
            last->next = ds[i];
        else
            first = ds[i];
        last = ds[i];
        unsigned b = name_bucket(ds[i]->v->name);
        ds[i]->next_name = by_name[b];
        by_name[b] = ds[i];
    }
    return n;
oom:
    if (ds)
        for (int i = 0; i < n; i++)
            free(ds[i]);
    free(ds);
    free(f);
    fprintf(errs, "intravisor: out of memory\n");
    return -1;
}

void dp_set_stdin(struct dp_cvm *d, int fd) { d->in_fd = fd; }

void dp_info(struct dp_cvm *d, struct dp_info *o)
{
    memset(o, 0, sizeof *o);
    o->name = d->v->name;
    o->image = d->v->runtime;
    o->file = d->file->cfg.path;
    o->state = d->state;
    o->stopping = d->state == DP_RUNNING && (d->stop_req || d->restart_req);
    for (int i = 0; i < 32; i++)
        snprintf(o->hash + 2 * i, 3, "%02x", d->v->img->hash[i]);
    o->status = d->status;
    o->result = d->state == DP_ENDED ? d->result : d->state == DP_RUNNING ? "running"
                : d->state == DP_CREATED                                 ? "created"
                                                                         : "not started";
    o->runs = d->runs;
    o->restarts = d->restarts;
    o->peak = d->peak;
    o->cpu = (double)d->cpu_ns / 1e9;
    if (d->state == DP_RUNNING && d->c) {
        o->uptime = dp_now_mono() - d->t_run;
        o->memory = d->c->vm.used;
        if (d->c->vm.peak > o->peak)
            o->peak = d->c->vm.peak;
        o->cpu += (double)iv_cvm_cpu_ns(d->c) / 1e9;
    } else if (d->runs) {
        o->uptime = d->t_end - d->t_run_real;
    }
}

uint64_t dp_live_hc(struct dp_cvm *d, int k)
{
    struct iv_cvm *c = d->c;
    pthread_mutex_lock(&c->lock);
    uint64_t n = c->hc_count[k];
    for (int i = 0; i < c->nthreads; i++)
        if (c->threads[i]->started && !c->threads[i]->done)
            n += c->threads[i]->hc_count[k]; /* its own counter; a stale read is only late */
    pthread_mutex_unlock(&c->lock);
    return n;
}
