/* CAP Calls (docs/ipc.md "CAP Calls").
 *
 * A callee registers up to 63 call contexts (a stack top and a thread
 * pointer each, prepared by its LibOS) and an entry stub, then exports
 * functions by name.  A call takes a free context of the callee with one
 * atomic operation, switches the calling thread's view (t->cvm, t->base,
 * GS base) to the callee and enters it with iv_enter_call: a nested entry
 * on the same host thread, whose iv_leave comes back here.  So the ways a
 * call can end are the ways a thread leaves cVM code: cap_return (normal),
 * a fault, exit/thread_exit, or a kill because the callee is dying; all but
 * the first end the callee and give the caller -ECONNRESET.
 *
 * That is the migrating path.  On the hand-off path (chosen per callee at
 * setup: IV_CAPCALL, or auto = when GS writes are system calls) the call
 * is posted instead to a worker thread that owns the context and lives in
 * the callee (GS set once); the worker makes the same nested entry and
 * posts the result back.  Both sides wait by spinning, then sleeping on a
 * futex (ipc/spin.h).  Workers are charged to the callee's share, one per
 * context at most, and end once the callee is drained.
 *
 * Lifetime: a struct iv_callee is never freed (a caller may hold a pointer
 * to it after its cVM is gone).  Its `free` word has one bit per free
 * context and the CLOSED bit; the callee's struct iv_cvm (->c) may be used
 * only while holding a context: iv_capcall_drain sets CLOSED, and the cVM
 * is destroyed only once every context has come back.
 *
 * Kills: a visitor publishes its kernel tid in its context and then checks
 * the callee's dying flag; iv_cvm_end sets the flag and kick_threads then
 * reads the tids (both sequentially consistent), so either the visitor sees
 * the flag or the kick sees the visitor.  A tid, not a pthread_t: the
 * visitor may be gone by the time it is signalled, and a stale kick is
 * harmless (signals.c acts only on a thread inside a dying cVM). */
#include "ipc/capcall.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <intravisor/hostcall.h>
#include <intravisor/sfi.h>
#include "ipc/capfile.h"
#include "ipc/spin.h"
#include "core/cvm.h"
#include "core/loader.h"
#include "fs/fs.h"
#include "core/seccomp.h"
#include "core/signals.h"

#ifdef __SANITIZE_ADDRESS__
void __asan_handle_no_return(void);
#endif

#define CLOSED (1ull << 63)
/* Functions one cVM may export per run (each leaves a record the monitor
 * keeps, see top). */
#define IV_CAP_EXPORTS_MAX 256

/* The hand-off path's mailbox of one context (see "Two paths" in
 * docs/ipc.md): its worker, a host thread living in the callee, waits for
 * POSTED or EXIT; the caller posts and waits for DONE.  On a cache line
 * of its own: the two threads spin on `state`. */
enum { HO_IDLE, HO_POSTED, HO_DONE, HO_EXIT };
struct handoff {
    uint32_t state;            /* futex word: HO_* */
    int worker_sleeps;         /* set while the worker sleeps on state */
    int caller_sleeps;         /* likewise the caller */
    int worker_tid;            /* kernel tid once running; 0 none; -1 failed to start */
    struct iv_thread *wt;      /* the worker's record (owned by the worker) */
    struct iv_callee *ce;
    struct iv_cvm *caller;     /* of the posted call: its fault report names it */
    uint64_t fn, arg[6];
    int depth;                 /* the worker's call_depth during the call */
    long result;
    uint32_t worker_spin, caller_spin; /* adaptive spin budgets (wait_for) */
} __attribute__((aligned(64)));

struct call_ctx {
    uint64_t sp, tp;
    int tid;         /* the thread number reserved for it (thread_self) */
    int visitor_tid; /* kernel tid of the thread using it, 0 if free */
    int away;        /* its visitor is in a further call (not to be kicked) */
    struct handoff ho;
};

struct iv_callee {
    struct iv_cvm *c; /* valid while a context is held (see top) */
    uint64_t entry;   /* absolute, a bundle start in c's region */
    uint64_t free;    /* bit i: context i free; CLOSED: no more calls */
    int nexports;     /* under reg */
    int n;
    uint32_t seq;     /* futex: bumped when a context is given back to waiters */
    int nwait;        /* callers waiting for a context */
    int handoff;      /* calls are handed to a worker per context (chosen at setup) */
    int nworkers;     /* hand-off workers not yet gone (drain waits for 0) */
    struct call_ctx ctx[IV_CAP_CALL_CTX_MAX];
};

struct export {
    char cvm[IV_CAP_NAME_MAX], name[IV_CAP_NAME_MAX];
    struct iv_callee *ce;
    uint64_t fn; /* absolute, a bundle start in the callee's region */
};

struct iv_imports {
    int n; /* entries [0, n) are set and never change */
    struct export *e[IV_CAP_IMPORTS_MAX];
};

/* A cVM's CAP Call state (its slot of the core's per-cVM state): contexts
 * and exports as a callee, imports as a caller. */
struct cc_state {
    struct iv_callee *callee;
    struct iv_imports *imports;
};
static int cc_slot = -1;
#define CC(c) ((struct cc_state *)iv_cvm_state((c), cc_slot))

struct grant {
    char from[IV_CAP_NAME_MAX], to[IV_CAP_NAME_MAX];
};

struct name_state {
    char name[IV_CAP_NAME_MAX];
    int next; /* hash chain: index + 1, 0 ends it */
    int ended; /* its last run ended and it has not exported since */
    int final; /* over for good: ended with no restart to come, or never started */
};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void wait_step(uint64_t deadline);

/* How calls cross (IV_CAPCALL, read at start-up): migrate the calling
 * thread (two GS base writes per call), hand off to a worker in the callee
 * (no system call on the fast path), or auto: hand off when GS writes are
 * system calls (no FSGSBASE). */
enum { MODE_AUTO, MODE_MIGRATE, MODE_HANDOFF };
static int capcall_mode;

/* `reg` guards everything below and every cVM's callee/imports pointers
 * while they are set; the call path reads those without it (acquire). */
static pthread_mutex_t reg = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t exported = PTHREAD_COND_INITIALIZER;
static struct export **exports;
static int nexports, cap_exports;
static struct iv_callee **callees; /* every one ever made: kept (see top) */
static int ncallees, cap_callees;
static struct grant *grants;
static int ngrants;
static struct name_state *names;
static int nnames;

static void *room_for_one(void *arr, int n, int *cap, size_t elem);
static int ngrants_cap, nnames_cap;

#define NAME_BUCKETS 4096
static int name_head[NAME_BUCKETS]; /* index + 1 of a chain's first name (under reg) */

static unsigned name_bucket(const char *s)
{
    unsigned h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h % NAME_BUCKETS;
}

static struct name_state *name_of(const char *n);

int iv_capcall_known(const char *name)
{
    pthread_mutex_lock(&reg);
    int r = name_of(name) != NULL;
    pthread_mutex_unlock(&reg);
    return r;
}

int iv_capcall_declare(const char *name, int ncalls, char *const *calls)
{
    int rc = 0;
    pthread_mutex_lock(&reg);
    /* Declared again (a daemon removed the old cVM of this name): it
     * starts fresh, and its grants are exactly what this declaration
     * lists, not what the old one's did. */
    struct name_state *nv = name_of(name);
    if (nv) {
        nv->ended = nv->final = 0;
        int k = 0;
        for (int i = 0; i < ngrants; i++)
            if (strcmp(grants[i].from, name))
                grants[k++] = grants[i];
        ngrants = k;
    } else if ((nv = room_for_one(names, nnames, &nnames_cap, sizeof *names))) {
        names = nv;
        memset(&names[nnames], 0, sizeof *names);
        snprintf(names[nnames].name, IV_CAP_NAME_MAX, "%s", name);
        unsigned b = name_bucket(names[nnames].name);
        names[nnames].next = name_head[b];
        name_head[b] = ++nnames;
    }
    for (int k = 0; nv && k < ncalls; k++) {
        struct grant *g = room_for_one(grants, ngrants, &ngrants_cap, sizeof *grants);
        if (!g) {
            nv = NULL;
            break;
        }
        grants = g;
        snprintf(grants[ngrants].from, IV_CAP_NAME_MAX, "%s", name);
        snprintf(grants[ngrants++].to, IV_CAP_NAME_MAX, "%s", calls[k]);
    }
    if (!nv) {
        fprintf(stderr, "intravisor: cvm %s: calls: out of memory\n", name);
        rc = -1;
    }
    pthread_mutex_unlock(&reg);
    return rc;
}

/* Under reg.  O(1) on average: thousands of cVMs end in linear time. */
static struct name_state *name_of(const char *n)
{
    for (int i = name_head[name_bucket(n)]; i; i = names[i - 1].next)
        if (!strcmp(names[i - 1].name, n))
            return &names[i - 1];
    return NULL;
}

static int granted(const char *from, const char *to)
{
    for (int i = 0; i < ngrants; i++)
        if (!strcmp(grants[i].from, from) && !strcmp(grants[i].to, to))
            return 1;
    return 0;
}

/* The export (cvm, name) of a running callee, or NULL.  Under reg. */
static struct export *live_export(const char *cvm, const char *name)
{
    for (int i = 0; i < nexports; i++) {
        struct export *e = exports[i];
        if (!strcmp(e->cvm, cvm) && !strcmp(e->name, name) &&
            !(__atomic_load_n(&e->ce->free, __ATOMIC_ACQUIRE) & CLOSED))
            return e;
    }
    return NULL;
}

/* Under reg: the array arr of n elements (capacity *cap) with room for
 * one more, or NULL (arr unchanged) if memory ran out. */
static void *room_for_one(void *arr, int n, int *cap, size_t elem)
{
    if (n < *cap)
        return arr;
    int c = *cap ? 2 * *cap : 16;
    void *p = realloc(arr, (size_t)c * elem);
    if (p)
        *cap = c;
    return p;
}

long hc_cap_call_setup(uint64_t ctx, uint64_t n, uint64_t entry)
{
    struct iv_cvm *c = iv_self->cvm;
    uint64_t raw[2 * IV_CAP_CALL_CTX_MAX];
    if (!n || n > IV_CAP_CALL_CTX_MAX)
        return -EINVAL;
    if (fs_copy_in(c, raw, ctx, 16 * n))
        return -EFAULT;
    /* Aligned as its mailboxes are declared (a cache line each). */
    struct iv_callee *ce = aligned_alloc(64, sizeof *ce);
    if (!ce)
        return -ENOMEM;
    memset(ce, 0, sizeof *ce);
    ce->c = c;
    ce->n = (int)n;
    /* Visitors and workers will make hostcalls in c alongside its threads,
     * and run its code: masked returns first. */
    if (iv_image_code_safe(c)) {
        free(ce);
        return -ENOMEM;
    }
    iv_cvm_not_solo(c);
    /* Masked like any indirect branch target and any stack pointer: the
     * callee runs with rsp and the entry inside its own region whatever it
     * registered (a bad stack only faults the callee). */
    ce->entry = c->base + ((uint32_t)entry & ~(uint32_t)(IV_BUNDLE_SIZE - 1));
    for (uint64_t i = 0; i < n; i++) {
        ce->ctx[i].sp = c->base + ((uint32_t)raw[2 * i] & ~15u);
        ce->ctx[i].tp = raw[2 * i + 1];
    }
    ce->free = (1ull << n) - 1;
    ce->handoff = capcall_mode == MODE_HANDOFF || (capcall_mode == MODE_AUTO && !iv_gsbase_fast());
    /* Thread numbers of their own (thread_self inside a call, musl's lock
     * owners), from the cVM's sequence: never a real thread's. */
    pthread_mutex_lock(&c->lock);
    int first = c->next_tid + 1;
    c->next_tid += (int)n;
    pthread_mutex_unlock(&c->lock);
    for (uint64_t i = 0; i < n; i++)
        ce->ctx[i].tid = first + (int)i;
    pthread_mutex_lock(&reg);
    long r = 0;
    if (CC(c)->callee)
        r = -EBUSY;
    else {
        struct iv_callee **p = room_for_one(callees, ncallees, &cap_callees, sizeof *callees);
        if (p)
            callees = p;
        else
            r = -ENOMEM;
    }
    if (!r) {
        callees[ncallees++] = ce;
        __atomic_store_n(&CC(c)->callee, ce, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&reg);
    if (r)
        free(ce);
    return r ? r : first;
}

long hc_cap_export(uint64_t name, uint64_t fn)
{
    struct iv_cvm *c = iv_self->cvm;
    char n[IV_CAP_NAME_MAX];
    long r = iv_cap_name_in(c, name, n);
    if (r)
        return r;
    pthread_mutex_lock(&reg);
    if (!CC(c)->callee)
        r = -EINVAL; /* no call contexts: cap_call_setup first */
    else if (c->dying || (__atomic_load_n(&CC(c)->callee->free, __ATOMIC_ACQUIRE) & CLOSED))
        r = -EPIPE; /* ending: an export now would only mislead importers */
    else if (live_export(c->name, n))
        r = -EEXIST;
    else if (CC(c)->callee->nexports >= IV_CAP_EXPORTS_MAX)
        r = -ENOSPC; /* export records outlive the run: bounded per run */
    else {
        struct export **p = room_for_one(exports, nexports, &cap_exports, sizeof *exports);
        if (p)
            exports = p;
        else
            r = -ENOMEM;
    }
    struct export *e = r ? NULL : calloc(1, sizeof *e);
    if (!r && !e)
        r = -ENOMEM;
    if (e) {
        snprintf(e->cvm, sizeof e->cvm, "%s", c->name);
        snprintf(e->name, sizeof e->name, "%s", n);
        e->ce = CC(c)->callee;
        e->ce->nexports++;
        e->fn = c->base + ((uint32_t)fn & ~(uint32_t)(IV_BUNDLE_SIZE - 1));
        exports[nexports++] = e;
        struct name_state *ns = name_of(c->name);
        if (ns)
            ns->ended = 0;
        pthread_cond_broadcast(&exported);
    }
    pthread_mutex_unlock(&reg);
    return r;
}

/* Under reg: the handle of e in c's import table (added if new). */
static long add_import(struct iv_cvm *c, struct export *e)
{
    struct iv_imports *im = CC(c)->imports;
    if (!im) {
        im = calloc(1, sizeof *im);
        if (!im)
            return -ENOMEM;
        __atomic_store_n(&CC(c)->imports, im, __ATOMIC_RELEASE);
    }
    for (int i = 0; i < im->n; i++)
        if (im->e[i] == e)
            return i;
    if (im->n == IV_CAP_IMPORTS_MAX)
        return -EMFILE;
    im->e[im->n] = e;
    __atomic_store_n(&im->n, im->n + 1, __ATOMIC_RELEASE);
    return im->n - 1;
}

long hc_cap_import(uint64_t cvm, uint64_t name, uint64_t timeout_ns)
{
    struct iv_cvm *c = iv_self->cvm;
    char to[IV_CAP_NAME_MAX], n[IV_CAP_NAME_MAX];
    long r = iv_cap_name_in(c, cvm, to);
    if (!r)
        r = iv_cap_name_in(c, name, n);
    if (r)
        return r;
    uint64_t deadline = (int64_t)timeout_ns < 0 ? UINT64_MAX : now_ns() + timeout_ns;
    pthread_mutex_lock(&reg);
    struct name_state *ns = name_of(to);
    if (!ns)
        r = -ENOENT;
    else if (!granted(c->name, to))
        r = -EACCES;
    /* Wait for the export to appear: callees usually start beside their
     * callers.  In 10 ms steps, so that a kill of the caller is seen. */
    while (!r) {
        struct export *e = live_export(to, n);
        if (e) {
            r = add_import(c, e);
            break;
        }
        uint64_t now = now_ns();
        if (ns->ended || ns->final)
            r = -EPIPE;
        else if (now >= deadline)
            r = -ETIMEDOUT;
        else if (c->dying)
            r = -EINTR;
        else
            wait_step(deadline);
    }
    pthread_mutex_unlock(&reg);
    return r;
}

static int ctx_try(struct iv_callee *ce)
{
    uint64_t f = __atomic_load_n(&ce->free, __ATOMIC_SEQ_CST);
    for (;;) {
        if (f & CLOSED)
            return -EPIPE;
        if (!f)
            return -EAGAIN;
        int i = __builtin_ctzll(f);
        if (__atomic_compare_exchange_n(&ce->free, &f, f & ~(1ull << i), 1, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            return i;
    }
}

/* A free context of ce (its index), waiting while every one is in use;
 * -EPIPE once ce is closed, -EINTR if the caller is being ended.  The
 * waiter announces itself (nwait) before its last try and sleeps only if
 * seq is unchanged, and ctx_give frees before it reads nwait (all
 * sequentially consistent): a give is never missed. */
static int ctx_take(struct iv_callee *ce, struct iv_cvm *caller)
{
    int i = ctx_try(ce);
    while (i == -EAGAIN) {
        if (caller->dying)
            return -EINTR;
        uint32_t seq = __atomic_load_n(&ce->seq, __ATOMIC_SEQ_CST);
        __atomic_fetch_add(&ce->nwait, 1, __ATOMIC_SEQ_CST);
        i = ctx_try(ce);
        if (i == -EAGAIN) {
            /* Bounded, so a kill of the caller is seen even if no
             * context ever comes back (a deadlock of its own making). */
            struct timespec ts = {0, 10 * 1000000};
            syscall(SYS_futex, &ce->seq, FUTEX_WAIT_PRIVATE, seq, &ts, NULL, 0);
        }
        __atomic_fetch_sub(&ce->nwait, 1, __ATOMIC_SEQ_CST);
    }
    return i;
}

static void ctx_give(struct iv_callee *ce, int i)
{
    __atomic_store_n(&ce->ctx[i].visitor_tid, 0, __ATOMIC_RELAXED);
    __atomic_fetch_or(&ce->free, 1ull << i, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&ce->nwait, __ATOMIC_SEQ_CST)) {
        __atomic_fetch_add(&ce->seq, 1, __ATOMIC_SEQ_CST);
        syscall(SYS_futex, &ce->seq, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    }
}

/* The callee ended during the call (fault, exit, thread_exit, killed):
 * finish ending it and say so. */
static void callee_ended(struct iv_thread *t, struct iv_cvm *b, struct iv_cvm *a, long why)
{
    if (why == IV_LEAVE_FAULT && t->fault_won) {
        b->call_fault_sig = t->fault_sig;
        iv_report_fault(b, t, a);
    } else if (why == IV_LEAVE_THREAD && iv_cvm_end(b, 1)) {
        fprintf(stderr, "intravisor: cvm %s: thread_exit inside a CAP call from cvm %s\n", b->name, a->name);
    }
    t->fault_won = 0;
    iv_cvm_kick(b); /* its own threads must leave too */
}

/* --- The hand-off path --------------------------------------------- */

/* Waits until *w is a or b: spins for up to *budget ns (ipc/spin.h),
 * then sleeps on the futex, announcing it in *sleeps first so that post()
 * wakes it.  The announcement and the re-check, like post's store and
 * load, are sequentially consistent: a post is never missed.  Signals
 * (kicks) only interrupt the sleep. */
struct want {
    uint32_t *w, a, b;
};
static int wanted(void *arg)
{
    struct want *x = arg;
    uint32_t v = __atomic_load_n(x->w, __ATOMIC_ACQUIRE);
    return v == x->a || v == x->b;
}

static uint32_t wait_for(uint32_t *w, uint32_t a, uint32_t b, int *sleeps, uint32_t *budget)
{
    struct want x = {w, a, b};
    if (iv_spin_until(wanted, &x, budget))
        return __atomic_load_n(w, __ATOMIC_ACQUIRE);
    for (;;) {
        __atomic_store_n(sleeps, 1, __ATOMIC_SEQ_CST);
        uint32_t v = __atomic_load_n(w, __ATOMIC_SEQ_CST);
        if (v == a || v == b) {
            __atomic_store_n(sleeps, 0, __ATOMIC_RELAXED);
            return v;
        }
        syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, v, NULL, NULL, 0);
    }
}

static void post(uint32_t *w, uint32_t v, int *sleeps)
{
    __atomic_store_n(w, v, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(sleeps, __ATOMIC_SEQ_CST))
        syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* A worker: a host thread of the callee's (charged to its share) that
 * owns one call context.  Its GS base is set once; each posted call is a
 * nested entry on it exactly as on a migrating thread, so faults, exits
 * and kills unwind the same way and it reports them like the caller
 * would.  It ends when the drained callee posts EXIT. */
static void *worker_main(void *arg)
{
    struct call_ctx *x = arg;
    struct handoff *h = &x->ho;
    struct iv_callee *ce = h->ce;
    struct iv_thread *wt = h->wt;
    struct iv_cvm *b = wt->cvm;
    void *alt = iv_wall_thread() ? NULL : iv_altstack_on(); /* wall 1 on before any entry */
    if (!alt) {
        free(wt);
        iv_uncharge(&b->share, IV_RES_VMA, IV_THREAD_VMAS);
        iv_uncharge(&b->share, IV_RES_THREAD, 1);
        __atomic_fetch_sub(&ce->nworkers, 1, __ATOMIC_SEQ_CST);
        __atomic_store_n(&h->worker_tid, -1, __ATOMIC_SEQ_CST);
        syscall(SYS_futex, &h->worker_tid, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
        return NULL;
    }
    iv_self = wt;
    wt->host_tid = (int)syscall(SYS_gettid);
    iv_set_gsbase(b->base);
    __atomic_store_n(&h->worker_tid, wt->host_tid, __ATOMIC_SEQ_CST);
    syscall(SYS_futex, &h->worker_tid, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    while (wait_for(&h->state, HO_POSTED, HO_EXIT, &h->worker_sleeps, &h->worker_spin) == HO_POSTED) {
        wt->call_depth = h->depth;
        struct iv_call_regs r = {ce->entry, x->sp, x->tp, h->fn, {0}};
        memcpy(r.arg, h->arg, sizeof r.arg);
        long why = iv_enter_call(wt, &r);
#ifdef __SANITIZE_ADDRESS__
        __asan_handle_no_return(); /* frames abandoned by iv_leave */
#endif
        iv_scrub_x87(); /* the next caller's call starts clean too (iv_enter_call) */
        wt->call_depth = 0;
        long res = wt->call_ret;
        if (why != IV_LEAVE_RETURN) {
            callee_ended(wt, b, h->caller, why);
            res = -ECONNRESET;
        }
        h->result = res;
        post(&h->state, HO_DONE, &h->caller_sleeps);
    }
    /* The callee is drained: add what this thread did to it, then go. */
    struct timespec cpu;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
    pthread_mutex_lock(&b->lock);
    b->cpu_done_ns += (uint64_t)cpu.tv_sec * 1000000000u + (uint64_t)cpu.tv_nsec;
    for (int i = 0; i < IV_HC_MAX; i++)
        b->hc_count[i] += wt->hc_count[i];
    pthread_mutex_unlock(&b->lock);
    iv_uncharge(&b->share, IV_RES_VMA, IV_THREAD_VMAS);
    iv_uncharge(&b->share, IV_RES_THREAD, 1);
    iv_self = NULL;
    free(wt);
    iv_altstack_off(alt);
    __atomic_fetch_sub(&ce->nworkers, 1, __ATOMIC_SEQ_CST); /* b may go now */
    return NULL;
}

/* Context i (held by the caller, so no one else starts its worker) has a
 * running worker: 1, or 0 when none could be made (the callee's share of
 * threads or mappings is used up, or memory), and the call
 * then migrates like on the other path. */
static int worker_ready(struct iv_callee *ce, int i, struct iv_cvm *b)
{
    struct call_ctx *x = &ce->ctx[i];
    struct handoff *h = &x->ho;
    if (__atomic_load_n(&h->worker_tid, __ATOMIC_ACQUIRE) > 0)
        return 1;
    if (iv_charge(&b->share, IV_RES_THREAD, 1))
        return 0;
    if (iv_charge(&b->share, IV_RES_VMA, IV_THREAD_VMAS)) {
        iv_uncharge(&b->share, IV_RES_THREAD, 1);
        return 0;
    }
    struct iv_thread *wt = calloc(1, sizeof *wt);
    pthread_attr_t at;
    pthread_t th;
    int e = !wt || pthread_attr_init(&at);
    if (!e) {
        wt->cvm = b;
        wt->base = b->base;
        wt->tid = x->tid;
        wt->call_ctx = x;
        wt->call_tid = x->tid;
        h->wt = wt;
        h->ce = ce;
        h->worker_tid = 0;
        h->worker_spin = h->caller_spin = iv_spin_max();
        __atomic_store_n(&h->state, HO_IDLE, __ATOMIC_SEQ_CST);
        __atomic_fetch_add(&ce->nworkers, 1, __ATOMIC_SEQ_CST);
        pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
        pthread_attr_setstacksize(&at, 1 << 20); /* as a cVM thread's (cvm.c) */
        e = pthread_create(&th, &at, worker_main, x);
        pthread_attr_destroy(&at);
        if (e)
            __atomic_fetch_sub(&ce->nworkers, 1, __ATOMIC_SEQ_CST);
    }
    if (e) {
        free(wt);
        h->wt = NULL;
        iv_uncharge(&b->share, IV_RES_VMA, IV_THREAD_VMAS);
        iv_uncharge(&b->share, IV_RES_THREAD, 1);
        return 0;
    }
    int tid;
    while (!(tid = __atomic_load_n(&h->worker_tid, __ATOMIC_SEQ_CST)))
        syscall(SYS_futex, &h->worker_tid, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    if (tid < 0) { /* it could not run (it undid its charges): try again next time */
        h->worker_tid = 0;
        return 0;
    }
    return 1;
}

/* The caller's side: post the call to the context's worker and wait for
 * its result.  The caller's thread stays in the monitor meanwhile; a kill
 * of the caller only interrupts its sleep: like a migrated call, the call
 * is not torn out of the callee. */
static long call_handoff(struct iv_thread *t, struct iv_cvm *a, struct call_ctx *x, uint64_t fn, const uint64_t *args)
{
    struct handoff *h = &x->ho;
    h->caller = a;
    h->fn = fn;
    memcpy(h->arg, args, sizeof h->arg);
    h->depth = t->call_depth + 1;
    post(&h->state, HO_POSTED, &h->worker_sleeps);
    wait_for(&h->state, HO_DONE, HO_DONE, &h->caller_sleeps, &h->caller_spin);
    long res = h->result;
    __atomic_store_n(&h->state, HO_IDLE, __ATOMIC_RELEASE);
    iv_scrub_x87(); /* as after a migrated call: the caller's x87 stack comes back empty */
    return res;
}

/* --- The migrating path --------------------------------------------- */

/* The calling thread itself enters the callee (a nested entry). */
static long call_migrate(struct iv_thread *t, struct iv_cvm *a, struct iv_cvm *b, struct iv_callee *ce,
                         struct call_ctx *x, uint64_t fn, const uint64_t *args)
{
    /* What the callee's run overwrites, to be put back for the caller. */
    uint64_t mon_rsp = t->mon_rsp, cvm_rsp = t->cvm_rsp;
    uint32_t mxcsr = t->cvm_mxcsr;
    uint16_t fcw = t->cvm_fcw;
    uint64_t tp = iv_tp_get();
    struct call_ctx *outer = t->call_ctx;
    int outer_tid = t->call_tid;
    t->call_ctx = x;
    t->call_tid = x->tid;
    t->cvm = b;
    t->base = b->base;
    iv_set_gsbase(b->base);
    t->call_depth++;
    struct iv_call_regs r = {ce->entry, x->sp, x->tp, fn, {0}};
    memcpy(r.arg, args, sizeof r.arg);
    long why = iv_enter_call(t, &r);
#ifdef __SANITIZE_ADDRESS__
    __asan_handle_no_return(); /* frames abandoned by iv_leave */
#endif
    iv_scrub_x87(); /* the callee's long doubles stay with it */
    t->call_depth--;
    t->cvm = a;
    t->base = a->base;
    iv_set_gsbase(a->base);
    t->mon_rsp = mon_rsp;
    t->cvm_rsp = cvm_rsp;
    t->cvm_mxcsr = mxcsr;
    t->cvm_fcw = fcw;
    iv_tp_set(tp);
    t->call_ctx = outer;
    t->call_tid = outer_tid;
    long res = t->call_ret;
    if (why != IV_LEAVE_RETURN) {
        callee_ended(t, b, a, why);
        res = -ECONNRESET;
    }
    return res;
}

long hc_cap_call(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t handle)
{
    struct iv_thread *t = iv_self;
    struct iv_cvm *a = t->cvm;
    struct iv_imports *im = __atomic_load_n(&CC(a)->imports, __ATOMIC_ACQUIRE);
    if (!im || handle >= (uint64_t)__atomic_load_n(&im->n, __ATOMIC_ACQUIRE))
        return -EBADF;
    if (t->call_depth >= IV_CAP_CALL_DEPTH_MAX)
        return -ELOOP;
    if (a->dying)
        return -EINTR; /* the caller is ending: do not start anything in a callee */
    struct export *e = im->e[handle];
    struct iv_callee *ce = e->ce;
    int i = ctx_take(ce, a);
    if (i < 0)
        return i;
    struct iv_cvm *b = ce->c;
    struct call_ctx *x = &ce->ctx[i];
    int handoff = ce->handoff && worker_ready(ce, i, b);
    /* The visitor (the thread that will run in b) is published before the
     * dying check (see top). */
    __atomic_store_n(&x->visitor_tid, handoff ? x->ho.worker_tid : t->host_tid, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&b->dying, __ATOMIC_SEQ_CST)) {
        ctx_give(ce, i);
        return -EPIPE;
    }
    struct call_ctx *outer = t->call_ctx;
    if (outer) /* a kill of the cVM we are leaving must not interrupt b */
        __atomic_store_n(&outer->away, 1, __ATOMIC_SEQ_CST);
    const uint64_t args[6] = {a0, a1, a2, a3, a4, a5};
    long res = handoff ? call_handoff(t, a, x, e->fn, args) : call_migrate(t, a, b, ce, x, e->fn, args);
    if (outer)
        __atomic_store_n(&outer->away, 0, __ATOMIC_SEQ_CST);
    ctx_give(ce, i);
    return res;
}

long hc_cap_return(uint64_t result)
{
    struct iv_thread *t = iv_self;
    if (!t->call_depth)
        return -EINVAL; /* not inside a CAP call */
    t->call_ret = (long)result;
#ifdef __SANITIZE_ADDRESS__
    __asan_handle_no_return();
#endif
    iv_leave(t, IV_LEAVE_RETURN);
}

static void capcall_kick(struct iv_cvm *c)
{
    struct iv_callee *ce = __atomic_load_n(&CC(c)->callee, __ATOMIC_ACQUIRE);
    if (!ce)
        return;
    pid_t pid = getpid();
    for (int i = 0; i < ce->n; i++) {
        int tid = __atomic_load_n(&ce->ctx[i].visitor_tid, __ATOMIC_SEQ_CST);
        /* A visitor gone on into a further call is left alone: the signal
         * would only break a blocking hostcall of that healthy cVM with
         * EINTR; it comes back here when that call returns. */
        if (tid && !__atomic_load_n(&ce->ctx[i].away, __ATOMIC_SEQ_CST))
            syscall(SYS_tgkill, pid, tid, IV_SIG_KILL);
    }
}

static int capcall_drain(struct iv_cvm *c)
{
    pthread_mutex_lock(&reg);
    struct iv_callee *ce = CC(c)->callee;
    struct name_state *ns = name_of(c->name);
    if (ns)
        ns->ended = 1;
    pthread_mutex_unlock(&reg);
    if (!ce)
        return 1;
    if (!(__atomic_fetch_or(&ce->free, CLOSED, __ATOMIC_SEQ_CST) & CLOSED)) {
        __atomic_fetch_add(&ce->seq, 1, __ATOMIC_SEQ_CST); /* waiters: see CLOSED */
        syscall(SYS_futex, &ce->seq, FUTEX_WAKE_PRIVATE, INT32_MAX, NULL, NULL, 0);
    }
    if (__atomic_load_n(&ce->free, __ATOMIC_ACQUIRE) == (CLOSED | ((1ull << ce->n) - 1))) {
        /* No context can be taken again: the hand-off workers may go.  b
         * is released only once they have (they add to its accounting). */
        for (int i = 0; i < ce->n; i++)
            if (__atomic_load_n(&ce->ctx[i].ho.worker_tid, __ATOMIC_ACQUIRE) > 0)
                post(&ce->ctx[i].ho.state, HO_EXIT, &ce->ctx[i].ho.worker_sleeps);
        return __atomic_load_n(&ce->nworkers, __ATOMIC_SEQ_CST) == 0;
    }
    /* c is dying (its last thread ended it), so a visitor leaves at its
     * next kick or hostcall return; one that is in a further call comes
     * back when that call returns. */
    pthread_mutex_lock(&c->lock);
    capcall_kick(c);
    pthread_mutex_unlock(&c->lock);
    return 0;
}

void iv_capcall_final(const char *name)
{
    pthread_mutex_lock(&reg);
    struct name_state *ns = name_of(name);
    if (ns)
        ns->final = 1;
    pthread_cond_broadcast(&exported);
    pthread_mutex_unlock(&reg);
}

/* Under reg: 10 ms from now (or less, to a deadline), for a timed wait on
 * `exported` that still notices a kill of the waiting cVM. */
static void wait_step(uint64_t deadline)
{
    uint64_t now = now_ns();
    uint64_t step = deadline - now < 10000000u ? deadline - now : 10000000u;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t ns = (uint64_t)ts.tv_nsec + step;
    ts.tv_sec += (time_t)(ns / 1000000000u);
    ts.tv_nsec = (long)(ns % 1000000000u);
    pthread_cond_timedwait(&exported, &reg, &ts);
}

long hc_cap_serve(void)
{
    struct iv_cvm *c = iv_self->cvm;
    long r = 0;
    pthread_mutex_lock(&reg);
    for (;;) {
        int waiting = 0; /* a cVM that may call c is not over yet */
        for (int i = 0; i < ngrants && !waiting; i++)
            if (!strcmp(grants[i].to, c->name)) {
                struct name_state *ns = name_of(grants[i].from);
                waiting = ns && !ns->final;
            }
        if (!waiting)
            break;
        if (c->dying) {
            r = -EINTR;
            break;
        }
        wait_step(UINT64_MAX);
    }
    pthread_mutex_unlock(&reg);
    return r;
}

static int capcall_create(struct iv_cvm *c, const struct iv_cvm_opts *o)
{
    (void)o;
    struct cc_state *st = calloc(1, sizeof *st);
    if (!st) {
        fprintf(stderr, "intravisor: cvm %s: out of memory\n", c->name);
        return -1;
    }
    iv_cvm_state_set(c, cc_slot, st);
    return 0;
}

/* The callee record itself is kept (see top); the import table goes. */
static void capcall_destroy(struct iv_cvm *c)
{
    pthread_mutex_lock(&reg);
    struct cc_state *st = CC(c);
    iv_cvm_state_set(c, cc_slot, NULL);
    pthread_mutex_unlock(&reg);
    free(st->imports);
    free(st);
}

void iv_capcall_register(void)
{
    const char *m = getenv("IV_CAPCALL");
    if (!m || !*m || !strcmp(m, "auto"))
        capcall_mode = MODE_AUTO;
    else if (!strcmp(m, "migrate"))
        capcall_mode = MODE_MIGRATE;
    else if (!strcmp(m, "handoff"))
        capcall_mode = MODE_HANDOFF;
    else {
        fprintf(stderr, "intravisor: IV_CAPCALL=%s: expected auto, migrate or handoff\n", m);
        exit(2);
    }

    static const struct iv_cvm_hooks hooks = {.name = "capcall",
                                              .create = capcall_create,
                                              .kick = capcall_kick,
                                              .drain = capcall_drain,
                                              .destroy = capcall_destroy};
    cc_slot = iv_cvm_hooks_register(&hooks);
    iv_hostcall_register(IV_HC_CAP_CALL, IV_HC_FN(hc_cap_call)); /* its own entry (transition.S) */
    iv_hostcall_register(IV_HC_CAP_CALL_SETUP, IV_HC_FN(hc_cap_call_setup));
    iv_hostcall_register(IV_HC_CAP_EXPORT, IV_HC_FN(hc_cap_export));
    iv_hostcall_register(IV_HC_CAP_IMPORT, IV_HC_FN(hc_cap_import));
    iv_hostcall_register(IV_HC_CAP_RETURN, IV_HC_FN(hc_cap_return));
    iv_hostcall_register(IV_HC_CAP_SERVE, IV_HC_FN(hc_cap_serve));
}
