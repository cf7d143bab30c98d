/* A cVM: a region, its image, its threads, its fate. */
#ifndef MONITOR_CVM_H
#define MONITOR_CVM_H
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <intravisor/hostcall.h>
#include <intravisor/sfi.h>
#include "core/ctx.h"
#include "core/quota.h"
#include "core/vmem.h"

struct iv_cvm;

/* The monitor context of one host thread running cVM code.  The first
 * fields are read by transition.S at the offsets in ctx.h. */
struct iv_thread {
    uint64_t mon_rsp;
    uint64_t cvm_rsp;
    uint64_t base;
    struct iv_cvm *cvm;
    uint32_t cvm_mxcsr;
    uint16_t cvm_fcw, pad0;
    uint32_t mon_mxcsr;
    uint16_t mon_fcw, pad1;
    /* Hostcalls made, per slot: counted by the trampoline (one increment,
     * no atomics: only this thread writes), summed into the cVM when the
     * thread ends (deployment statistics). */
    uint64_t hc_count[IV_HC_MAX];
    /* --- C only below --- */
    int tid;
    int started, done; /* under cvm->lock */
    int inline_;       /* runs on the thread that called iv_cvm_run */
    pthread_t host;
    uint64_t entry, sp, tp, arg; /* where the thread starts */
    uint64_t ctid;               /* cVM address cleared and woken at exit, or 0 */
    /* Set by the fault handler of this thread. */
    int fault_sig, fault_won;
    uint64_t fault_pc, fault_addr;
    /* CAP calls (capcall.c): `cvm` and `base` above name the cVM the thread
     * runs in now (the callee during a call; its own cVM is threads[] of
     * the one that created it).  call_ret carries the callee's result from
     * cap_return to hc_cap_call. */
    int host_tid;   /* kernel tid: kicks aimed at a visitor (capcall.c) */
    int call_depth; /* CAP calls in progress on this thread */
    long call_ret;
    void *call_ctx; /* the callee context of the innermost call, or NULL */
    int call_tid;   /* its thread number (thread_self inside the call) */
};

/* Where iv_enter_call enters a callee (offsets in ctx.h). */
struct iv_call_regs {
    uint64_t pc, sp, tp, rax;
    uint64_t arg[6];
};

#define IV_MAX_THREADS 1024
#define IV_CVM_HOOKS_MAX 8

struct iv_cvm {
    volatile int dying; /* must stay first: CVM_DYING */
    volatile int status; /* exit status, valid once dying */
    /* Must stay third (CVM_POST_DUE): a post waits for this cVM's own
     * thread to write it into the box at the end of a hostcall
     * (iv_sigpost_deliver; fast returns allow no other writer). */
    volatile int post_due;
    /* Must stay fourth (CVM_FAST_RET): fast returns (loader.c):
     * IV_FASTRET_ON while its code may return by `push %r11; ret` (and the
     * hostcall return path does by `ret`; the watchdog writes no post);
     * IV_FASTRET_PAUSED while its code is masked for its hostcall rate
     * (iv_fastret_look); IV_FASTRET_NEVER for good (iv_image_code_safe). */
    int fast_ret;
    /* Fifth (CVM_FAST_LEFT): hostcalls until the next look at their rate
     * (iv_fastret_look), ON or PAUSED. */
    int fast_left;
    int fast_busy;          /* windows in a row past the rate */
    int fast_pauses;        /* pauses so far (IV_FASTRET_MAX_PAUSES) */
    uint64_t fast_calm_ns;  /* paused: CPU time of the calm windows in a row */
    uint64_t fast_wall_ns;  /* paused: the wall clock at the last look */
    int fast_calm_window;   /* paused: hostcalls between looks (32 … 1,024) */
    uint64_t fast_cpu_ns;   /* the thread's CPU time at the last look */
    char name[64];
    uint64_t base;            /* region base */
    uint64_t image;           /* region base + IV_IMAGE_OFFSET */
    uint64_t image_span;      /* bytes from image start to the end of the last segment */
    uint64_t entry;           /* absolute entry PC */
    uint64_t sp;              /* initial rsp */
    struct iv_vmem vm;
    struct iv_share share;    /* its share of descriptors, mappings, threads (quota.h) */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct iv_thread **threads;
    int nthreads, threads_cap, nlive, next_tid;
    /* 1 while only the thread now running can make this cVM's hostcalls
     * (one live thread, no CAP Call contexts): that thread may then read
     * the cVM's tables without their locks, since every writer is itself
     * (writers still lock, for readers elsewhere in the monitor).  Cleared
     * for good by a second thread (cvm.c) or CAP Call set-up
     * (iv_cvm_not_solo). */
    int solo;
    /* With fast_ret, its code pages come from fast_img's fast template, or
     * (fast_img NULL) were patched in place at fast_sites (image offsets). */
    const struct iv_image *fast_img;
    uint32_t *fast_sites;
    size_t nfast_sites;
    struct iv_cvm *next_live, *prev_live; /* registry of running cVMs (watchdog, SIGINT/SIGTERM) */
    int is_live;
    uint64_t deadline_ns;     /* CLOCK_MONOTONIC; 0: no timeout */
    double timeout_s;
    /* Limits and accounting (YAML deployments, deploy.c). */
    int max_threads;          /* live threads allowed, 0: IV_MAX_THREADS */
    int small_pages;          /* iv_cvm_opts.small_pages */
    uint64_t cpu_limit_ns;    /* CPU time allowed (all threads), 0: none */
    uint64_t cpu_done_ns;     /* CPU time of threads that have ended (under lock) */
    int end_cause;            /* IV_END_*: why it ended, beyond the status */
    uint64_t hc_count[IV_HC_MAX]; /* hostcalls of ended threads (under lock) */
    /* Called once, from the last thread to leave, after the cVM is over
     * (c->lock not held).  iv_cvm_wait joins that thread, so the cVM
     * outlives the call. */
    void (*on_end)(struct iv_cvm *c, void *arg);
    void *on_end_arg;
    /* A thread of another cVM visiting this one (a nested entry,
     * iv_enter_call) faulted in it: the fault is then on no thread of
     * this cVM. */
    int call_fault_sig;
    /* Signals from outside (sigpost.c), all atomic: the region address of
     * the LibOS's struct iv_sigbox (0: none), the signals its program
     * catches or ignores (as it last said: the monitor decides on this
     * copy, never on cVM memory), the ones waiting for the watchdog to
     * write into the box, and how many more kicks an untaken post gets.
     * A posted stop: at stop_at_ns (CLOCK_MONOTONIC) the watchdog ends the
     * cVM with 128 + stop_sig unless it has ended (under live_lock). */
    uint64_t sigbox, sig_caught, sig_ignored, sig_post;
    int post_unseen;
    uint64_t post_kicked; /* fast returns: posts kicked for, not yet written (watchdog) */
    uint64_t stop_at_ns;
    int stop_sig;
    /* Per-cVM state of the subsystems built on the core, indexed by the
     * slot iv_cvm_hooks_register gave them; hooks_done: how many create
     * hooks succeeded (their destroy hooks run). */
    void *state[IV_CVM_HOOKS_MAX];
    int hooks_done;
};

/* end_cause: what ended the cVM when the status alone is ambiguous.  A
 * fault is recorded on the faulting thread (fault_won). */
#define IV_END_EXIT 0    /* exit hostcall or every thread ended */
#define IV_END_TIMEOUT 1 /* wall-clock timeout (status 124) */
#define IV_END_CPU 2     /* CPU-time limit (status 128+SIGXCPU) */
#define IV_END_SIGNAL 3  /* SIGINT/SIGTERM to the monitor (status 128+sig) */
#define IV_END_SETUP 4   /* could not start a thread (status 127) */

_Static_assert(__builtin_offsetof(struct iv_thread, mon_rsp) == CTX_MON_RSP, "ctx");
_Static_assert(__builtin_offsetof(struct iv_thread, cvm_rsp) == CTX_CVM_RSP, "ctx");
_Static_assert(__builtin_offsetof(struct iv_thread, base) == CTX_BASE, "ctx");
_Static_assert(__builtin_offsetof(struct iv_thread, cvm) == CTX_CVM, "ctx");
_Static_assert(__builtin_offsetof(struct iv_thread, cvm_mxcsr) == CTX_CVM_MXCSR, "ctx");
_Static_assert(__builtin_offsetof(struct iv_thread, cvm_fcw) == CTX_CVM_FCW, "ctx");
_Static_assert(__builtin_offsetof(struct iv_thread, mon_mxcsr) == CTX_MON_MXCSR, "ctx");
_Static_assert(__builtin_offsetof(struct iv_thread, mon_fcw) == CTX_MON_FCW, "ctx");
_Static_assert(__builtin_offsetof(struct iv_thread, hc_count) == CTX_HC_COUNT, "ctx");
_Static_assert(__builtin_offsetof(struct iv_cvm, dying) == CVM_DYING, "ctx");
_Static_assert(__builtin_offsetof(struct iv_cvm, post_due) == CVM_POST_DUE, "ctx");
_Static_assert(__builtin_offsetof(struct iv_cvm, fast_ret) == CVM_FAST_RET, "ctx");
_Static_assert(__builtin_offsetof(struct iv_cvm, fast_left) == CVM_FAST_LEFT, "ctx");
_Static_assert(__builtin_offsetof(struct iv_cvm, dying) == CVM_DYING, "ctx");
_Static_assert(__builtin_offsetof(struct iv_call_regs, pc) == CALLREGS_PC, "ctx");
_Static_assert(__builtin_offsetof(struct iv_call_regs, sp) == CALLREGS_SP, "ctx");
_Static_assert(__builtin_offsetof(struct iv_call_regs, tp) == CALLREGS_TP, "ctx");
_Static_assert(__builtin_offsetof(struct iv_call_regs, rax) == CALLREGS_RAX, "ctx");
_Static_assert(__builtin_offsetof(struct iv_call_regs, arg) == CALLREGS_ARG, "ctx");

/* The context of the calling host thread (NULL outside cVM threads). */
extern __thread struct iv_thread *iv_self __attribute__((tls_model("initial-exec")));

/* 1 if the calling thread is the only one that can make c's hostcalls now
 * (struct iv_cvm.solo): then it races no one on c's own state. */
static inline int iv_cvm_solo_self(const struct iv_cvm *c)
{
    return iv_self && iv_self->cvm == c && __atomic_load_n(&c->solo, __ATOMIC_ACQUIRE);
}

/* Adds k to a per-cVM statistics counter of c that other threads only read
 * (with atomic loads): a plain add when the caller is c's solo thread -- a
 * locked one right after a system call waits for the kernel's stores. */
static inline void iv_cvm_count(const struct iv_cvm *c, uint64_t *counter, uint64_t k)
{
    if (iv_cvm_solo_self(c))
        __atomic_store_n(counter, __atomic_load_n(counter, __ATOMIC_RELAXED) + k, __ATOMIC_RELAXED);
    else
        __atomic_add_fetch(counter, k, __ATOMIC_RELAXED);
}

/* A hostcall of c reads c's region map (vmem_check, then touching the
 * range): read-locks it, or not when nobody else can change the map
 * meanwhile -- the caller is c's only thread (iv_cvm.solo) and no other
 * cVM can rewrite a mapping of it (iv_vmem.foreign).  Two atomic
 * operations saved per pointer a hostcall checks.  Pass the result to
 * iv_vm_read_end. */
static inline int iv_vm_read_begin(struct iv_cvm *c)
{
    if (iv_cvm_solo_self(c) && !__atomic_load_n(&c->vm.foreign, __ATOMIC_ACQUIRE))
        return 0;
    pthread_rwlock_rdlock(&c->vm.lock);
    return 1;
}

static inline void iv_vm_read_end(struct iv_cvm *c, int locked)
{
    if (locked)
        pthread_rwlock_unlock(&c->vm.lock);
}

/* transition.S */
long iv_enter(struct iv_thread *t, uint64_t pc, uint64_t rsp, uint64_t tp, uint64_t arg0);
long iv_enter_call(struct iv_thread *t, const struct iv_call_regs *r);
void iv_scrub_x87(void);
_Noreturn void iv_leave(struct iv_thread *t, long why);
extern const char iv_tramp_start[], iv_tramp_end[], iv_hc_stubs[];

/* The thread pointer of the cVM thread this host thread runs: one word of
 * its own TCB (IV_TP_SLOT, docs/sfi.md section 7), which cVM code reads and
 * only the monitor writes (iv_enter, iv_enter_call, IV_HC_SET_TP). */
static inline uint64_t iv_tp_get(void)
{
    uint64_t tp;
    __asm__ volatile("movq %%fs:%c1, %0" : "=r"(tp) : "i"(IV_TP_SLOT));
    return tp;
}

static inline void iv_tp_set(uint64_t tp)
{
    __asm__ volatile("movq %0, %%fs:%c1" : : "r"(tp), "i"(IV_TP_SLOT) : "memory");
}

/* Options for one cVM. */
struct iv_cvm_opts {
    const char *name;
    uint64_t mem;             /* budget in bytes */
    int argc;
    char **argv;              /* argv[0] is the image path as given */
    int nenv;
    char **env;               /* "K=V" */
    /* Read by the subsystems' create hooks: */
    const char *root;         /* --root: host directory that is the cVM's "/", or NULL */
    int rw;                   /* --rw: the root is writable */
    const char *cwd;          /* working directory inside the root, or NULL: "/" */
    int host_paths;           /* the root is also seen at its host path (binfmt runs) */
    uint64_t stack;           /* main-thread stack bytes; 0: IV_MAIN_STACK_DEFAULT */
    int max_threads;          /* 0: IV_MAX_THREADS */
    double cpu_limit_s;       /* 0: none */
    int cpus;                 /* CPUs the cVM is told it has; 0: the host's online CPUs */
    const char *hostname;     /* its host name (uname); NULL: its name */
    int small_pages;          /* huge-page advice taken, never applied (its heap in 4 KiB pages) */
    /* Shares of the process-wide pools (quota.h); 0: the default.  Limits:
     * host descriptors, mapping entries; reserves likewise and threads. */
    int fd_limit, fd_reserve, map_limit, map_reserve, thread_reserve;
};

struct iv_image; /* loader.h */

/* How the subsystems built on the core (fs/, ipc/, ...) keep per-cVM state
 * and learn of a cVM's life.  The core calls them; it never names them.
 * Registered once at start-up, before any cVM exists, in dependency order
 * (create hooks run in that order, destroy hooks in reverse).  Any hook
 * may be NULL. */
struct iv_cvm_hooks {
    const char *name;
    /* c is being built (region reserved, nothing loaded): set up its state
     * with iv_cvm_state_set.  0, or -1 with a message on stderr. */
    int (*create)(struct iv_cvm *c, const struct iv_cvm_opts *o);
    /* c is ending; under c->lock.  Wake what of this subsystem holds
     * threads in c or waiting on it, so they notice.  Must not block. */
    void (*kick)(struct iv_cvm *c);
    /* c's own threads have all left.  1 when nothing of this subsystem
     * still runs in c's region (it may be destroyed), 0: ask again later.
     * Must not block. */
    int (*drain)(struct iv_cvm *c);
    /* c is being destroyed; its region still exists.  Free its state. */
    void (*destroy)(struct iv_cvm *c);
};
/* Returns the state slot of the subsystem, or -1 when the table is full. */
int iv_cvm_hooks_register(const struct iv_cvm_hooks *h);
static inline void *iv_cvm_state(const struct iv_cvm *c, int slot) { return c->state[slot]; }
static inline void iv_cvm_state_set(struct iv_cvm *c, int slot, void *p) { c->state[slot] = p; }

/* Hostcall handlers: the core fills the slots it serves; subsystems add
 * theirs at start-up (before iv_monitor_init, which seals the table
 * read-only).  Unfilled slots answer -ENOSYS. */
typedef long (*iv_hc_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
#define IV_HC_FN(f) ((iv_hc_fn)(void (*)(void))(f))
void iv_hostcall_register(int slot, iv_hc_fn fn);
/* Makes the table read-only (iv_monitor_init).  0 or -1. */
int iv_hostcall_seal(void);

/* Monitor-wide set-up: arena, signal handlers, GS method.  Once. */
int iv_monitor_init(unsigned nregions);
/* Builds a cVM (region, image, stack) without starting it.  NULL + message
 * on stderr on failure. */
struct iv_cvm *iv_cvm_create(const struct iv_image *img, const struct iv_cvm_opts *o);
/* Starts the main thread on a new host thread; the watchdog ends the cVM
 * with status 124 after timeout_s seconds (0: never). */
int iv_cvm_start(struct iv_cvm *c, double timeout_s);
/* Waits until every thread has ended.  Returns the exit status. */
int iv_cvm_wait(struct iv_cvm *c);
/* iv_cvm_start + iv_cvm_wait, but the main thread runs on the calling
 * thread (no thread creation or cross-thread wake-up: the fast path for
 * one-shot runs).  The caller must have an alternate signal stack. */
int iv_cvm_run(struct iv_cvm *c, double timeout_s);
/* Watchdog step (monitor.c): ends cVMs past their deadline and re-kicks
 * the threads of dying ones.  Returns ms until it wants to run again, or
 * -1 for "only when woken". */
long iv_watchdog_tick(void);
void iv_watchdog_wake(void);
void iv_cvm_destroy(struct iv_cvm *c);
/* Once c's own threads have ended: 1 when no subsystem still has anything
 * running in its region (the drain hooks), so it may be destroyed; 0: ask
 * again later.  Never blocks. */
int iv_cvm_drained(struct iv_cvm *c);
/* Ends the cVM with `status` unless it is already ending (first one wins).
 * Returns 1 if this call won.  Async-signal-safe. */
int iv_cvm_end(struct iv_cvm *c, int status);
/* From now on other threads may make c's hostcalls (struct iv_cvm.solo).
 * Called by the thread that will let them, before it does. */
void iv_cvm_not_solo(struct iv_cvm *c);
/* Signals every thread running in c (its own, and threads of other cVMs
 * visiting it in a CAP call) so they notice that it is dying. */
void iv_cvm_kick(struct iv_cvm *c);
/* Posts sig (1..64) to c's program if it catches it (its LibOS said so
 * through IV_HC_SIGBOX): 1, and the watchdog soon writes it into the box
 * and interrupts c's blocking hostcalls; 1 and nothing else if it ignores
 * it.  0 when the default action applies: the caller then ends c as that
 * action would. */
int iv_cvm_post_signal(struct iv_cvm *c, int sig);
/* Watchdog, under live_lock: writes c's waiting posts into its box and
 * kicks its threads again while a post is untaken.  1 if it needs another
 * look soon (the region's map was busy, or a post is untaken). */
int iv_cvm_post_step(struct iv_cvm *c);
/* Called at the end of a hostcall of c's own thread when c->post_due is
 * set (transition.S): writes what waits in c->sig_post into its box. */
void iv_sigpost_deliver(struct iv_cvm *c);
/* Called at the end of every IV_FASTRET_WINDOW-th hostcall of a cVM with
 * fast returns (every 32nd to 1,024th while they are paused), on its one thread
 * (transition.S): pauses them (loader.c) while it makes hostcalls at a
 * high rate, and resumes them after. */
void iv_fastret_look(struct iv_cvm *c);
#define IV_FASTRET_NEVER 0  /* values of fast_ret (transition.S: ON is 1) */
#define IV_FASTRET_ON 1
#define IV_FASTRET_PAUSED 2
_Static_assert(IV_FASTRET_ON == 1, "transition.S compares fast_ret with 1");
#define IV_FASTRET_WINDOW 1024
/* SIGINT/SIGTERM to the monitor (the watchdog): each running cVM that
 * catches sig is posted it and ended grace_s later if still running; every
 * other one ends now with 128 + sig, as iv_cvm_end_all. */
void iv_cvm_stop_all(int sig, double grace_s);
/* IV_HC_SIGBOX (sigpost.c): where the LibOS wants signals posted, which
 * ones its program catches and which it ignores. */
long hc_sigbox(uint64_t box, uint64_t caught, uint64_t ignored);
/* Prints the one-line report of a fault of thread t in cVM c; `caller`:
 * the cVM whose CAP call t was running in c, or NULL. */
void iv_report_fault(struct iv_cvm *c, struct iv_thread *t, const struct iv_cvm *caller);
/* Ends every running cVM (SIGINT/SIGTERM). */
void iv_cvm_end_all(int status, const char *why);
/* Set (to the signal) by the watchdog before it ends every cVM on
 * SIGINT/SIGTERM, so a deployer stops starting new ones. */
extern volatile int iv_stop_signal;
/* CPU time used so far by every thread of c, ended or running. */
uint64_t iv_cvm_cpu_ns(struct iv_cvm *c);
/* Starts a new thread of c (thread_create hostcall).  Returns tid or -errno. */
long iv_thread_spawn(struct iv_cvm *c, uint64_t entry, uint64_t arg, uint64_t sp, uint64_t tp,
                     uint64_t ctid);
/* Blocks until thread `tid` of c has ended. */
long iv_thread_join_tid(struct iv_cvm *c, int tid);
/* Sets the GS base of the calling thread. */
void iv_set_gsbase(uint64_t base);
/* 1 when that is one instruction (FSGSBASE), 0 when a system call.  Valid
 * after iv_monitor_init. */
int iv_gsbase_fast(void);
/* Installs the alternate signal stack of the calling thread. */
void *iv_altstack_on(void);
void iv_altstack_off(void *);
#endif
