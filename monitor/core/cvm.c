/* cVM lifecycle: create, threads, ending, waiting, destroying.
 *
 * Ending a cVM: whoever decides (exit hostcall, a fault, a timeout, SIGINT)
 * wins iv_cvm_end once; then every thread of the cVM must leave.  A thread
 * in cVM code (or in the trampoline) is sent IV_SIG_KILL, whose handler
 * rewrites its context to iv_leave; a thread inside a hostcall sees the
 * flag when the hostcall returns (blocking calls are interrupted by the same
 * signal: no SA_RESTART).  The waiter and the watchdog re-send the signal
 * every 10 ms until every thread is gone, so no race between a check and a
 * blocking call can hang it. */
#include "core/cvm.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <intravisor/sfi.h>
#include "core/arena.h"
#include "core/loader.h"
#include "core/perfmap.h"
#include "core/seccomp.h"
#include "core/signals.h"

/* What one thread costs the process beyond its record: a host thread and
 * its stacks' mappings.  (Descriptors a hostcall holds while it runs are
 * charged by the hostcall, fs/.) */

static const struct iv_cvm_hooks *hooks[IV_CVM_HOOKS_MAX];
static int nhooks;

int iv_cvm_hooks_register(const struct iv_cvm_hooks *h)
{
    if (nhooks >= IV_CVM_HOOKS_MAX)
        return -1;
    hooks[nhooks] = h;
    return nhooks++;
}

__thread struct iv_thread *iv_self __attribute__((tls_model("initial-exec")));

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static struct iv_cvm *live_list;

#ifdef __SANITIZE_ADDRESS__
void __asan_handle_no_return(void);
#endif

int iv_cvm_end(struct iv_cvm *c, int status)
{
    if (!__sync_bool_compare_and_swap(&c->dying, 0, 1))
        return 0;
    c->status = status;
    __sync_synchronize();
    return 1;
}

/* Under c->lock: signal every thread still running cVM code. */
static void kick_threads(struct iv_cvm *c)
{
    for (int i = 0; i < c->nthreads; i++) {
        struct iv_thread *t = c->threads[i];
        /* A thread visiting another cVM in a CAP call is left alone: the
         * signal would only break a blocking hostcall there with EINTR; it
         * sees the dying flag when the call returns. */
        if (t->started && !t->done && __atomic_load_n(&t->cvm, __ATOMIC_RELAXED) == c)
            pthread_kill(t->host, IV_SIG_KILL);
    }
    for (int i = 0; i < nhooks; i++)
        if (hooks[i]->kick)
            hooks[i]->kick(c);
    pthread_cond_broadcast(&c->cond);
}

void iv_cvm_kick(struct iv_cvm *c)
{
    pthread_mutex_lock(&c->lock);
    kick_threads(c);
    pthread_mutex_unlock(&c->lock);
}

/* Under live_lock: ends c with status for a stop signal, with a note. */
static void end_stopped(struct iv_cvm *c, int status, const char *why)
{
    if (!iv_cvm_end(c, status))
        return;
    c->end_cause = IV_END_SIGNAL;
    fprintf(stderr, "intravisor: cvm %s: %s\n", c->name, why);
    pthread_mutex_lock(&c->lock);
    kick_threads(c);
    pthread_mutex_unlock(&c->lock);
}

void iv_cvm_end_all(int status, const char *why)
{
    pthread_mutex_lock(&live_lock);
    for (struct iv_cvm *c = live_list; c; c = c->next_live)
        end_stopped(c, status, why);
    pthread_mutex_unlock(&live_lock);
}

void iv_cvm_stop_all(int sig, double grace_s)
{
    uint64_t at = now_ns() + (uint64_t)(grace_s * 1e9);
    pthread_mutex_lock(&live_lock);
    for (struct iv_cvm *c = live_list; c; c = c->next_live) {
        if (c->dying)
            continue;
        if (iv_cvm_post_signal(c, sig)) {
            if (!c->stop_at_ns || at < c->stop_at_ns) {
                c->stop_at_ns = at;
                c->stop_sig = sig;
            }
            fprintf(stderr, "intravisor: cvm %s: %s passed on (ends in at most %g s)\n", c->name,
                    sig == SIGINT ? "SIGINT" : "SIGTERM", grace_s);
        } else {
            end_stopped(c, 128 + sig, sig == SIGINT ? "killed by SIGINT" : "killed by SIGTERM");
        }
    }
    pthread_mutex_unlock(&live_lock);
}

void iv_report_fault(struct iv_cvm *c, struct iv_thread *t, const struct iv_cvm *caller)
{
    static const char *names[65] = {[SIGSEGV] = "SIGSEGV", [SIGBUS] = "SIGBUS", [SIGILL] = "SIGILL",
                                    [SIGFPE] = "SIGFPE", [SIGTRAP] = "SIGTRAP"};
    const char *n = t->fault_sig > 0 && t->fault_sig < 65 && names[t->fault_sig] ? names[t->fault_sig] : "signal";
    char pc[64], addr[64];
    if (t->fault_pc - c->image < c->image_span)
        snprintf(pc, sizeof pc, "image+0x%llx", (unsigned long long)(t->fault_pc - c->image));
    else
        snprintf(pc, sizeof pc, "region+0x%llx", (unsigned long long)(t->fault_pc - c->base));
    if (t->fault_addr - c->base < IV_REGION_SIZE)
        snprintf(addr, sizeof addr, "region+0x%llx", (unsigned long long)(t->fault_addr - c->base));
    else
        snprintf(addr, sizeof addr, "0x%llx", (unsigned long long)t->fault_addr);
    if (caller)
        fprintf(stderr, "intravisor: cvm %s: %s (signal %d) in a CAP call from cvm %s at pc %s, fault address %s\n",
                c->name, n, t->fault_sig, caller->name, pc, addr);
    else
        fprintf(stderr, "intravisor: cvm %s: %s (signal %d) in thread %d at pc %s, fault address %s\n", c->name, n,
                t->fault_sig, t->tid, pc, addr);
}

/* The cVM may have unmapped or re-protected *ctid since thread_create:
 * check again, under the read lock so it cannot change while we write. */
static void clear_ctid(struct iv_cvm *c, struct iv_thread *t)
{
    if (!t->ctid)
        return;
    pthread_rwlock_rdlock(&c->vm.lock);
    int *p = vmem_check(&c->vm, t->ctid, 4, IV_P_R | IV_P_W);
    if (p) {
        __atomic_store_n(p, 0, __ATOMIC_SEQ_CST);
        syscall(SYS_futex, p, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1 << 30, NULL, NULL, 0);
        syscall(SYS_futex, p, FUTEX_WAKE, 1 << 30, NULL, NULL, 0);
    }
    pthread_rwlock_unlock(&c->vm.lock);
}

/* Runs thread t of its cVM on the calling host thread until it leaves the
 * cVM, then does the bookkeeping.  The caller has an alternate signal
 * stack installed. */
static void run_thread(struct iv_thread *t)
{
    struct iv_cvm *c = t->cvm;
    iv_self = t;
    t->host_tid = (int)syscall(SYS_gettid);
    iv_set_gsbase(c->base);
    long why = IV_LEAVE_KILLED;
    if (iv_wall_thread()) { /* cannot happen once the kernel gave it to one thread */
        fprintf(stderr, "intravisor: cvm %s: cannot turn syscall user dispatch on for a thread\n", c->name);
        iv_cvm_end(c, 127);
    }
    if (!c->dying)
        why = iv_enter(t, t->entry, t->sp, t->tp, t->arg);
#ifdef __SANITIZE_ADDRESS__
    __asan_handle_no_return(); /* frames abandoned by iv_leave */
#endif
    iv_self = NULL;
    if (why == IV_LEAVE_FAULT && t->fault_won)
        iv_report_fault(c, t, NULL);
    clear_ctid(c, t);
    struct timespec cpu;
    pthread_mutex_lock(&c->lock);
    /* Accounting and `done` change together, so iv_cvm_cpu_ns never counts
     * a thread twice or not at all; read under the lock, so the final count
     * is never below what a reader summed for this thread before (the
     * process CPU clock must not go backwards). */
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
    c->cpu_done_ns += (uint64_t)cpu.tv_sec * 1000000000u + (uint64_t)cpu.tv_nsec;
    for (int i = 0; i < IV_HC_MAX; i++)
        c->hc_count[i] += t->hc_count[i];
    t->done = 1;
    c->nlive--;
    int last = c->nlive == 0;
    if (last)
        iv_cvm_end(c, 0); /* every thread exited: like Linux, status 0 */
    if (c->dying)
        kick_threads(c);
    pthread_cond_broadcast(&c->cond);
    pthread_mutex_unlock(&c->lock);
    if (last && c->on_end)
        c->on_end(c, c->on_end_arg);
}

uint64_t iv_cvm_cpu_ns(struct iv_cvm *c)
{
    pthread_mutex_lock(&c->lock);
    uint64_t sum = c->cpu_done_ns;
    for (int i = 0; i < c->nthreads; i++) {
        struct iv_thread *t = c->threads[i];
        clockid_t id;
        struct timespec ts;
        /* A thread not yet joined keeps its pthread_t valid (joins happen
         * under this lock or after nlive is 0). */
        if (t->started && !t->done && !pthread_getcpuclockid(t->host, &id) && !clock_gettime(id, &ts))
            sum += (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    }
    pthread_mutex_unlock(&c->lock);
    return sum;
}

static void *thread_main(void *arg)
{
    struct iv_thread *t = arg;
    void *alt = iv_altstack_on();
    if (alt) {
        run_thread(t);
        iv_altstack_off(alt);
        return NULL;
    }
    struct iv_cvm *c = t->cvm;
    if (iv_cvm_end(c, 127)) {
        c->end_cause = IV_END_SETUP;
        fprintf(stderr, "intravisor: cvm %s: cannot set up a thread\n", c->name);
    }
    pthread_mutex_lock(&c->lock);
    t->done = 1;
    c->nlive--;
    int last = c->nlive == 0;
    kick_threads(c);
    pthread_mutex_unlock(&c->lock);
    if (last && c->on_end)
        c->on_end(c, c->on_end_arg);
    return NULL;
}

/* Under c->lock. */
static struct iv_thread *new_thread(struct iv_cvm *c, uint64_t entry, uint64_t arg, uint64_t sp, uint64_t tp,
                                    uint64_t ctid)
{
    struct iv_thread *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->base = c->base;
    t->cvm = c;
    t->tid = ++c->next_tid;
    t->entry = entry;
    t->arg = arg;
    t->sp = sp;
    t->tp = tp;
    t->ctid = ctid;
    return t;
}

static int charge_thread(struct iv_cvm *c)
{
    if (iv_charge(&c->share, IV_RES_THREAD, 1))
        return -1;
    if (iv_charge(&c->share, IV_RES_VMA, IV_THREAD_VMAS)) {
        iv_uncharge(&c->share, IV_RES_THREAD, 1);
        return -1;
    }
    return 0;
}

static void uncharge_thread(struct iv_cvm *c)
{
    iv_uncharge(&c->share, IV_RES_VMA, IV_THREAD_VMAS);
    iv_uncharge(&c->share, IV_RES_THREAD, 1);
}

/* Under c->lock: records t (room for IV_MAX_THREADS, grown as needed). */
static int add_thread(struct iv_cvm *c, struct iv_thread *t)
{
    if (c->nthreads == c->threads_cap) {
        int cap = c->threads_cap * 2 > IV_MAX_THREADS ? IV_MAX_THREADS : c->threads_cap * 2;
        struct iv_thread **p = cap > c->nthreads ? realloc(c->threads, (size_t)cap * sizeof *p) : NULL;
        if (!p)
            return -1;
        c->threads = p;
        c->threads_cap = cap;
    }
    c->threads[c->nthreads++] = t;
    return 0;
}

/* Reaps ended threads so a long-lived cVM can keep creating them (c->lock
 * held).  Their host threads have left run_thread and need no lock to
 * finish, so joining here while holding c->lock cannot deadlock. */
static void reap_locked(struct iv_cvm *c)
{
    int k = 0;
    for (int i = 0; i < c->nthreads; i++) {
        struct iv_thread *o = c->threads[i];
        if (o->done && !o->inline_) {
            pthread_join(o->host, NULL);
            uncharge_thread(c);
            free(o);
        } else {
            c->threads[k++] = o;
        }
    }
    c->nthreads = k;
}

static long spawn_locked(struct iv_cvm *c, uint64_t entry, uint64_t arg, uint64_t sp, uint64_t tp, uint64_t ctid)
{
    if (c->dying)
        return -EAGAIN;
    if (c->max_threads && c->nlive >= c->max_threads)
        return -EAGAIN; /* the deployment's `threads` limit */
    if (c->nthreads >= IV_MAX_THREADS)
        reap_locked(c);
    if (c->nthreads >= IV_MAX_THREADS)
        return -EAGAIN;
    /* An ended thread keeps its charge until it is reaped: with threads of
     * its own the share (CAP Call workers, say) may run out first. */
    if (charge_thread(c)) {
        reap_locked(c);
        if (charge_thread(c))
            return -EAGAIN; /* its share of threads, mappings or descriptors */
    }
    /* A second thread could write the first one's return addresses
     * between the push and the ret: masked returns first. */
    if (c->nlive > 0 && iv_image_code_safe(c)) {
        uncharge_thread(c);
        return -EAGAIN;
    }
    struct iv_thread *t = new_thread(c, entry, arg, sp, tp, ctid);
    if (!t) {
        uncharge_thread(c);
        return -ENOMEM;
    }
    pthread_attr_t at;
    pthread_attr_init(&at);
#ifdef __SANITIZE_ADDRESS__
    pthread_attr_setstacksize(&at, 1 << 20);
#else
    /* Hostcall handlers only, but up to IV_CAP_CALL_DEPTH_MAX nested CAP
     * calls deep (capcall.c); untouched pages cost nothing. */
    pthread_attr_setstacksize(&at, 1 << 20);
#endif
    if (add_thread(c, t)) {
        pthread_attr_destroy(&at);
        uncharge_thread(c);
        free(t);
        return -ENOMEM;
    }
    c->nlive++;
    /* A second thread is only ever made by the cVM's own thread (the
     * thread_create hostcall; iv_cvm_start makes the first), so no hostcall
     * of it is running lock-free now (struct iv_cvm.solo). */
    if (c->nlive > 1)
        iv_cvm_not_solo(c);
    t->started = 1;
    int e = pthread_create(&t->host, &at, thread_main, t);
    pthread_attr_destroy(&at);
    if (e) {
        c->nthreads--;
        c->nlive--;
        uncharge_thread(c);
        free(t);
        return -EAGAIN;
    }
    return t->tid;
}

void iv_cvm_not_solo(struct iv_cvm *c) { __atomic_store_n(&c->solo, 0, __ATOMIC_RELEASE); }

long iv_thread_spawn(struct iv_cvm *c, uint64_t entry, uint64_t arg, uint64_t sp, uint64_t tp, uint64_t ctid)
{
    pthread_mutex_lock(&c->lock);
    long r = spawn_locked(c, entry, arg, sp, tp, ctid);
    pthread_mutex_unlock(&c->lock);
    return r;
}

/* Under c->lock: the record of thread `tid`, or NULL. */
static struct iv_thread *thread_of(struct iv_cvm *c, int tid)
{
    for (int i = 0; i < c->nthreads; i++)
        if (c->threads[i]->tid == tid)
            return c->threads[i];
    return NULL;
}

long iv_thread_join_tid(struct iv_cvm *c, int tid)
{
    pthread_mutex_lock(&c->lock);
    struct iv_thread *t = thread_of(c, tid);
    long r = !t ? -ESRCH : t == iv_self ? -EDEADLK : 1;
    /* Looked up again after every wait, never kept across one: a
     * thread_create meanwhile may reap ended threads and free their
     * records.  Numbers are never reused, so a number that is gone was a
     * thread that ended and was reaped. */
    while (r == 1) {
        t = thread_of(c, tid);
        if (!t || t->done)
            r = 0;
        else if (c->dying)
            r = -EINTR;
        else
            pthread_cond_wait(&c->cond, &c->lock);
    }
    pthread_mutex_unlock(&c->lock);
    return r;
}

static int or_default(int v, int d) { return v > 0 ? v : d; }

/* The cVM's limits and reserves, in the pools' units (quota.h). */
static void set_share(struct iv_share *s, const struct iv_cvm_opts *o)
{
    memset(s, 0, sizeof *s);
    long threads = or_default(o->max_threads, IV_MAX_THREADS);
    long tres = or_default(o->thread_reserve, IV_DEF_THREAD_RESERVE);
    long maps = or_default(o->map_limit, IV_DEF_MAP_LIMIT), mres = or_default(o->map_reserve, IV_DEF_MAP_RESERVE);
    long fds = or_default(o->fd_limit, IV_DEF_FD_LIMIT), fres = or_default(o->fd_reserve, IV_DEF_FD_RESERVE);
    if (tres > threads)
        tres = threads;
    if (mres > maps)
        mres = maps;
    if (fres > fds)
        fres = fds;
    s->limit[IV_RES_THREAD] = threads + 1; /* + the inline main thread of `run` */
    s->reserve[IV_RES_THREAD] = tres;
    s->limit[IV_RES_VMA] = maps * IV_VMAS_PER_ENTRY + IV_REGION_VMAS + (threads + 1) * IV_THREAD_VMAS;
    s->reserve[IV_RES_VMA] = mres * IV_VMAS_PER_ENTRY + IV_REGION_VMAS + tres * IV_THREAD_VMAS;
    /* What it keeps, plus the 2 a path hostcall holds while it runs, for
     * each thread (fs/). */
    s->kept_fds = fds;
    s->limit[IV_RES_FD] = fds + 2 * (threads + 1);
    s->reserve[IV_RES_FD] = fres;
}

struct iv_cvm *iv_cvm_create(const struct iv_image *img, const struct iv_cvm_opts *o)
{
    struct iv_cvm *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->threads_cap = 4; /* grows with the cVM's threads (add_thread) */
    c->threads = calloc((size_t)c->threads_cap, sizeof *c->threads);
    if (!c->threads || arena_alloc(&c->base)) {
        fprintf(stderr, "intravisor: no free region\n");
        free(c->threads);
        free(c);
        return NULL;
    }
    c->image = c->base + IV_IMAGE_OFFSET;
    c->solo = 1;
    snprintf(c->name, sizeof c->name, "%s", o->name);
    c->max_threads = o->max_threads;
    c->small_pages = o->small_pages;
    c->cpu_limit_ns = (uint64_t)(o->cpu_limit_s * 1e9);
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->cond, NULL);
    set_share(&c->share, o);
    if (iv_share_admit(&c->share, c->name)) {
        pthread_mutex_destroy(&c->lock);
        pthread_cond_destroy(&c->cond);
        arena_free(c->base);
        free(c->threads);
        free(c);
        return NULL;
    }
    vmem_init(&c->vm, c->base, o->mem, &c->share);
    /* The inline main thread of iv_cvm_run is charged like any other; a
     * spawned one is charged when it is spawned. */
    for (; c->hooks_done < nhooks; c->hooks_done++)
        if (hooks[c->hooks_done]->create && hooks[c->hooks_done]->create(c, o)) {
            iv_cvm_destroy(c);
            return NULL;
        }
    if (iv_image_load(c, img, o)) {
        iv_cvm_destroy(c);
        return NULL;
    }
    iv_perfmap_add(img, c->image);
    return c;
}

static void make_live(struct iv_cvm *c, double timeout_s)
{
    if (timeout_s > 0) {
        c->timeout_s = timeout_s;
        c->deadline_ns = now_ns() + (uint64_t)(timeout_s * 1e9);
    }
    pthread_mutex_lock(&live_lock);
    c->next_live = live_list;
    c->prev_live = NULL;
    if (live_list)
        live_list->prev_live = c;
    live_list = c;
    c->is_live = 1;
    pthread_mutex_unlock(&live_lock);
    if (timeout_s > 0 || c->cpu_limit_ns)
        iv_watchdog_wake();
}

int iv_cvm_start(struct iv_cvm *c, double timeout_s)
{
    make_live(c, timeout_s);
    long r = iv_thread_spawn(c, c->entry, 0, c->sp, 0, 0);
    if (r < 0) {
        fprintf(stderr, "intravisor: cvm %s: cannot start: %s\n", c->name, strerror((int)-r));
        if (iv_cvm_end(c, 127))
            c->end_cause = IV_END_SETUP;
        return -1;
    }
    return 0;
}

int iv_cvm_run(struct iv_cvm *c, double timeout_s)
{
    make_live(c, timeout_s);
    pthread_mutex_lock(&c->lock);
    struct iv_thread *t = NULL;
    /* (Were another thread live already: masked returns first, as in
     * spawn_locked.) */
    if (!charge_thread(c) && !(c->nlive > 0 && iv_image_code_safe(c)))
        t = new_thread(c, c->entry, 0, c->sp, 0, 0);
    if (t) {
        t->host = pthread_self();
        t->inline_ = 1;
        t->started = 1;
        if (add_thread(c, t)) {
            free(t);
            t = NULL;
        } else {
            c->nlive++;
            if (c->nlive > 1)
                iv_cvm_not_solo(c);
        }
    }
    pthread_mutex_unlock(&c->lock);
    if (!t) {
        iv_cvm_end(c, 127);
        return 127;
    }
    run_thread(t);
    return iv_cvm_wait(c);
}

int iv_cvm_drained(struct iv_cvm *c)
{
    int ok = 1;
    for (int i = 0; i < nhooks; i++)
        if (hooks[i]->drain)
            ok &= hooks[i]->drain(c);
    return ok;
}

int iv_cvm_wait(struct iv_cvm *c)
{
    pthread_mutex_lock(&c->lock);
    while (c->nlive > 0) {
        if (!c->dying) {
            pthread_cond_wait(&c->cond, &c->lock);
            continue;
        }
        /* Keep kicking until everyone is out (see the comment on top). */
        kick_threads(c);
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 10 * 1000 * 1000;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&c->cond, &c->lock, &ts);
    }
    pthread_mutex_unlock(&c->lock);
    while (!iv_cvm_drained(c)) { /* threads of other cVMs still inside it */
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    for (int i = 0; i < c->nthreads; i++)
        if (!c->threads[i]->inline_)
            pthread_join(c->threads[i]->host, NULL);
    return c->status;
}

long iv_watchdog_tick(void)
{
    uint64_t now = now_ns(), next = 0;
    int dying = 0;
    pthread_mutex_lock(&live_lock);
    int cpu_limited = 0, posting = 0;
    for (struct iv_cvm *c = live_list; c; c = c->next_live) {
        if (!c->dying && c->deadline_ns && now >= c->deadline_ns && iv_cvm_end(c, 124)) {
            c->end_cause = IV_END_TIMEOUT;
            fprintf(stderr, "intravisor: cvm %s: timeout after %g s\n", c->name, c->timeout_s);
        }
        if (!c->dying && c->stop_at_ns && now >= c->stop_at_ns && iv_cvm_end(c, 128 + c->stop_sig)) {
            c->end_cause = IV_END_SIGNAL;
            fprintf(stderr, "intravisor: cvm %s: still running after %s: killed\n", c->name,
                    c->stop_sig == SIGINT ? "SIGINT" : "SIGTERM");
        }
        if (iv_cvm_post_step(c))
            posting = 1;
        if (!c->dying && c->cpu_limit_ns) {
            /* Polled: a cVM overruns its CPU limit by at most one period. */
            uint64_t used = iv_cvm_cpu_ns(c);
            if (used >= c->cpu_limit_ns && iv_cvm_end(c, 128 + SIGXCPU)) {
                c->end_cause = IV_END_CPU;
                fprintf(stderr, "intravisor: cvm %s: CPU limit of %g s exceeded (used %.2f s)\n", c->name,
                        (double)c->cpu_limit_ns / 1e9, (double)used / 1e9);
            }
            cpu_limited = 1;
        }
        if (c->dying) {
            pthread_mutex_lock(&c->lock);
            if (c->nlive > 0) {
                kick_threads(c);
                dying = 1;
            }
            pthread_mutex_unlock(&c->lock);
        } else {
            if (c->deadline_ns && (!next || c->deadline_ns < next))
                next = c->deadline_ns;
            if (c->stop_at_ns && (!next || c->stop_at_ns < next))
                next = c->stop_at_ns;
        }
    }
    pthread_mutex_unlock(&live_lock);
    long wait_ms = next ? (long)((next - now) / 1000000 + 1) : -1;
    if (dying && (wait_ms < 0 || wait_ms > 10))
        wait_ms = 10; /* keep kicking a dying cVM's threads */
    if (cpu_limited && (wait_ms < 0 || wait_ms > 50))
        wait_ms = 50; /* CPU limits are polled */
    if (posting && (wait_ms < 0 || wait_ms > 10))
        wait_ms = 10; /* an untaken post is kicked again (sigpost.c) */
    return wait_ms;
}

void iv_cvm_destroy(struct iv_cvm *c)
{
    pthread_mutex_lock(&live_lock);
    if (c->is_live) { /* O(1): a deployment of thousands ends in linear time */
        if (c->prev_live)
            c->prev_live->next_live = c->next_live;
        else
            live_list = c->next_live;
        if (c->next_live)
            c->next_live->prev_live = c->prev_live;
        c->is_live = 0;
    }
    pthread_mutex_unlock(&live_lock);
    for (int i = 0; i < c->nthreads; i++)
        free(c->threads[i]); /* their charges go with the share below */
    free(c->threads);
    while (c->hooks_done > 0) { /* before its region goes */
        const struct iv_cvm_hooks *h = hooks[--c->hooks_done];
        if (h->destroy)
            h->destroy(c);
    }
    arena_free(c->base);
    vmem_fini(&c->vm);
    iv_share_release(&c->share);
    pthread_mutex_destroy(&c->lock);
    pthread_cond_destroy(&c->cond);
    free(c->fast_sites);
    free(c);
}
