/* CAP Calls test program (tests/groups/67-capcalls.sh).  One image, many
 * roles: `cc callee` and `cc leaf` export functions and serve; `cc caller
 * SCENARIO [N]` imports from cVM "b" (and exports "ping" for call-backs)
 * and prints PASS/FAIL lines, exiting 0 only if every check held. */
#define _GNU_SOURCE /* gettid */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <intravisor.h>

static int failures;
#define CHECK(name, cond)                                                  \
    do {                                                                   \
        if (cond)                                                          \
            printf("PASS %s\n", name);                                     \
        else {                                                             \
            printf("FAIL %s (line %d)\n", name, __LINE__);                 \
            failures++;                                                    \
        }                                                                  \
    } while (0)

static long import(const char *cvm, const char *fn)
{
    long h = iv_cap_import(cvm, fn, 10 * 1000000000ll);
    if (h < 0) {
        printf("FAIL import %s.%s: %ld\n", cvm, fn, h);
        exit(2);
    }
    return h;
}

/* ---- callee functions ---- */
static long add(long a, long b, long c, long d, long e, long f)
{
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f;
}

/* errno lives in the call context's thread descriptor: concurrent calls
 * must each see their own. */
static long set_errno(long v, long b, long c, long d, long e, long f)
{
    (void)b, (void)c, (void)d, (void)e, (void)f;
    errno = (int)v;
    sched_yield();
    return errno;
}

/* A callee that points its thread pointer anywhere (IV_HC_SET_TP) and
 * returns without touching TLS: the monitor must give the caller its own
 * back, and the next call into this context the context's. */
static long settp(long v, long b, long c, long d, long e, long f)
{
    (void)b, (void)c, (void)d, (void)e, (void)f;
    iv_set_tp((void *)(uintptr_t)v);
    return v & 0xff;
}

static __thread long tls_calls;
static long alloc(long n, long b, long c, long d, long e, long f)
{
    (void)b, (void)c, (void)d, (void)e, (void)f;
    unsigned char *p = malloc((size_t)n);
    if (!p)
        return -1;
    memset(p, 7, (size_t)n);
    long s = 0;
    for (long i = 0; i < n; i += 64)
        s += p[i];
    free(p);
    tls_calls++;
    return s;
}

/* The registers a callee sees on entry hold nothing of its caller. */
static long regs(long a, long b, long c, long d, long e, long f)
{
    (void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
    long rbx, rbp, r12, r13;
    __asm__ volatile("movq %%rbx, %0" : "=r"(rbx));
    __asm__ volatile("movq %%rbp, %0" : "=r"(rbp));
    __asm__ volatile("movq %%r12, %0" : "=r"(r12));
    __asm__ volatile("movq %%r13, %0" : "=r"(r13));
    return rbx | rbp | r12 | r13;
}

/* A misbehaving callee: callee-saved registers changed behind the
 * compiler's back; the monitor must give the caller its own back. */
static long clobber(long a, long b, long c, long d, long e, long f)
{
    (void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
    __asm__ volatile("movq $0x666, %%rbx\n\tmovq $0x666, %%r12\n\tmovq $0x666, %%r13" ::: "memory");
    return 1;
}

/* What the x87 state holds beyond its initial configuration: 1 if any
 * data register holds something (fnsave stores all eight, empty or not),
 * 2 if the environment does (status word, tags, last instruction pointer,
 * opcode or operand pointer: an address and an opcode of whoever ran x87
 * code last).  fnsave leaves the x87 initialised. */
static long x87_dirty(void)
{
    unsigned char st[108];
    __asm__ volatile("fnsave %0" : "=m"(st));
    long nz = 0;
    for (int i = 28; i < 108; i++)
        nz |= st[i];
    uint16_t fsw = (uint16_t)(st[4] | st[5] << 8), ftw = (uint16_t)(st[8] | st[9] << 8);
    uint32_t fip, fop, fdp;
    memcpy(&fip, st + 12, 4);
    memcpy(&fop, st + 16, 4);
    memcpy(&fdp, st + 20, 4);
    return (nz ? 1 : 0) | (fsw || ftw != 0xffff || fip || (fop >> 16 & 0x7ff) || fdp ? 2 : 0);
}

/* The x87 control word the callee starts with, and one it leaves behind. */
static long fcw(long a, long b, long c, long d, long e, long f)
{
    (void)b, (void)c, (void)d, (void)e, (void)f;
    uint16_t cw, mine = (uint16_t)a;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    __asm__ volatile("fldcw %0" ::"m"(mine));
    return cw;
}

/* x87 registers hold nothing of the caller; the callee's stay behind. */
static long x87(long a, long b, long c, long d, long e, long f)
{
    (void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
    long dirty = x87_dirty();
    __asm__ volatile("fldpi\n\tfldl2e\n\tfstp %%st(0)\n\tfstp %%st(0)" ::: "memory");
    return dirty;
}

/* stdio from concurrent calls: musl's FILE locks use thread ids as
 * owners, which must be unique per call context. */
static long say(long a, long b, long c, long d, long e, long f)
{
    (void)b, (void)c, (void)d, (void)e, (void)f;
    printf("callee says %ld\n", a);
    puts("callee puts");
    fflush(stdout);
    return a;
}

static pthread_mutex_t rm;
static long rmutex(long a, long b, long c, long d, long e, long f)
{
    (void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
    if (pthread_mutex_lock(&rm) || pthread_mutex_lock(&rm))
        return -1;
    sched_yield();
    return pthread_mutex_unlock(&rm) || pthread_mutex_unlock(&rm) ? -2 : 0;
}

static void *twice(void *p) { return (void *)(2 * (uintptr_t)p); }
/* A thread created and joined inside a call (musl's thread list). */
static long spawn(long a, long b, long c, long d, long e, long f)
{
    (void)b, (void)c, (void)d, (void)e, (void)f;
    pthread_t th;
    void *r;
    if (pthread_create(&th, NULL, twice, (void *)(uintptr_t)a) || pthread_join(th, &r))
        return -1;
    return (long)(uintptr_t)r;
}

static long main_tid;
static long ctx_tid(long a, long b, long c, long d, long e, long f)
{
    (void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
    long t = gettid();
    return t > 0 && t != main_tid ? t : -1;
}

/* Sleeps 500 ms and says whether anything cut the sleep short: the
 * caller being ended meanwhile must not. */
static long nap(long a, long b, long c, long d, long e, long f)
{
    (void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
    struct timespec ts = {0, 500 * 1000000};
    int r = nanosleep(&ts, &ts);
    printf("nap: %s\n", r ? "interrupted" : "slept 500 ms");
    return r;
}

static long fault(long a, long b, long c, long d, long e, long f)
{
    (void)b, (void)c, (void)d, (void)e, (void)f;
    *(volatile long *)(uintptr_t)a = 1;
    return 0;
}

static long spin(long a, long b, long c, long d, long e, long f)
{
    (void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
    for (volatile long i = 0;; i++)
        ;
    return 0;
}

static long do_exit(long a, long b, long c, long d, long e, long f)
{
    (void)b, (void)c, (void)d, (void)e, (void)f;
    exit((int)a);
}

/* Nested: b calls c ("leaf") and adds a million. */
static long h_leaf = -1;
static long fwd(long a, long b, long c, long d, long e, long f)
{
    if (h_leaf < 0)
        h_leaf = import("c", "add");
    return iv_cap_call(h_leaf, a, b, c, d, e, f) + 1000000;
}

/* Call-back: b calls its caller a's "ping" during a call from a. */
static long h_ping = -1;
static long back(long a, long b, long c, long d, long e, long f)
{
    (void)b, (void)c, (void)d, (void)e, (void)f;
    if (h_ping < 0)
        h_ping = import("a", "ping");
    return iv_cap_call(h_ping, a, 0, 0, 0, 0, 0) + 1;
}

static long ping(long a, long b, long c, long d, long e, long f)
{
    (void)b, (void)c, (void)d, (void)e, (void)f;
    return 2 * a;
}

/* A hostile callee: its one call context claims a stack in another cVM's
 * region (the caller's, say).  The monitor keeps the stack pointer inside
 * the callee's own region, where nothing is mapped there: the callee
 * faults, the caller gets an error and its memory is untouched. */
static int hostile(void)
{
    uint64_t ctx[2] = {0x7ffff0000000ull + 0xfff00000ull, 0};
    long r = iv_hc_cap_call_setup(ctx, 1, iv_cap_entry); /* > 0: the context's thread number */
    if (r > 0)
        r = iv_hc_cap_export("add", (void *)add);
    if (r) {
        printf("FAIL hostile setup: %ld\n", r);
        return 2;
    }
    return iv_cap_serve() ? 1 : 0;
}

static int callee(int quick)
{
    static const struct {
        const char *name;
        iv_cap_fn fn;
    } ex[] = {{"add", add},     {"errno", set_errno}, {"alloc", alloc}, {"regs", regs}, {"clobber", clobber},
              {"fault", fault}, {"spin", spin},       {"exit", do_exit}, {"fwd", fwd},  {"back", back},
              {"x87", x87},     {"fcw", fcw},         {"say", say},         {"rmutex", rmutex}, {"spawn", spawn}, {"tid", ctx_tid},
              {"nap", nap},     {"settp", settp}};
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&rm, &ma);
    main_tid = gettid();
    /* "add" twice first, before anything a caller may fault or end this
     * cVM with is exported: the check's line must always be printed. */
    int r = iv_cap_export("add", add);
    if (r) {
        printf("FAIL export add: %d\n", r);
        return 2;
    }
    r = iv_cap_export("add", add);
    CHECK("export-twice-eexist", r == -EEXIST);
    fflush(stdout);
    for (size_t i = 1; i < sizeof ex / sizeof ex[0]; i++) {
        r = iv_cap_export(ex[i].name, ex[i].fn);
        if (r) {
            printf("FAIL export %s: %d\n", ex[i].name, r);
            return 2;
        }
    }
    if (quick) { /* the "ended" scenario: gone before the caller calls */
        usleep(300 * 1000);
        return 0;
    }
    long s = iv_cap_serve();
    printf("callee served: %ld\n", s);
    return s == 0 ? 0 : 1;
}

/* ---- caller scenarios ---- */
struct stress {
    long h_add, h_alloc, n;
    int bad;
};

static void *stress_thread(void *p)
{
    struct stress *s = p;
    for (long i = 0; i < s->n; i++) {
        long r = iv_cap_call(s->h_add, i, 1, 2, 3, 4, 5);
        if (r != i + 2 + 6 + 12 + 20 + 30)
            s->bad++;
        if (i % 4096 == 0 && iv_cap_call(s->h_alloc, 4096, 0, 0, 0, 0, 0) != 64 * 7)
            s->bad++;
    }
    return NULL;
}

/* Several callers at once through stdio, a recursive mutex and tids. */
static void *mixed_thread(void *p)
{
    long v = (long)(uintptr_t)p, hs = import("b", "say"), hr = import("b", "rmutex"), ht = import("b", "tid");
    for (int i = 0; i < 200; i++)
        if (iv_cap_call(hs, v, 0, 0, 0, 0, 0) != v || iv_cap_call(hr, 0, 0, 0, 0, 0, 0) != 0 ||
            iv_cap_call(ht, 0, 0, 0, 0, 0, 0) <= 0)
            return (void *)1;
    return NULL;
}

static void *errno_thread(void *p)
{
    long v = (long)(uintptr_t)p, h = import("b", "errno");
    for (int i = 0; i < 2000; i++)
        if (iv_cap_call(h, v, 0, 0, 0, 0, 0) != v)
            return (void *)1;
    return NULL;
}

static int caller(const char *what, long n)
{
    if (!strcmp(what, "basic")) {
        long h = import("b", "add");
        CHECK("six-args", iv_cap_call(h, 1, 10, 100, 1000, 10000, 100000) == 1 + 20 + 300 + 4000 + 50000 + 600000);
        CHECK("same-handle", iv_cap_import("b", "add", 0) == h);
        CHECK("negative-result", iv_cap_call(h, -7, 0, 0, 0, 0, 0) == -7);
        long ha = import("b", "alloc");
        CHECK("malloc-in-callee", iv_cap_call(ha, 1 << 20, 0, 0, 0, 0, 0) == 7 * (1 << 14));
        CHECK("unknown-export-etimedout", iv_cap_import("b", "nosuch", 50 * 1000000ll) == -ETIMEDOUT);
        CHECK("unknown-cvm-enoent", iv_cap_import("nosuch", "add", 0) == -ENOENT);
        CHECK("self-eacces", iv_cap_import("a", "ping", 0) == -EACCES);
        CHECK("bad-handle-ebadf", iv_cap_call(4096, 0, 0, 0, 0, 0, 0) == -EBADF);
        CHECK("negative-handle-ebadf", iv_cap_call(-1, 0, 0, 0, 0, 0, 0) == -EBADF);
        CHECK("bad-name-efault", iv_cap_import((const char *)16, "add", 0) == -EFAULT);
        CHECK("return-outside-call-einval", iv_hc_cap_return(5) == -EINVAL);
        uint64_t ctx[2] = {0, 0};
        CHECK("setup-zero-einval", iv_hc_cap_call_setup(ctx, 0, iv_cap_entry) == -EINVAL);
        CHECK("setup-too-many-einval", iv_hc_cap_call_setup(ctx, IV_CAP_CALL_CTX_MAX + 1, iv_cap_entry) == -EINVAL);
        CHECK("setup-bad-pointer-efault", iv_hc_cap_call_setup((const uint64_t *)16, 1, iv_cap_entry) == -EFAULT);
        CHECK("export-before-setup-einval", iv_hc_cap_export("x", (void *)add) == -EINVAL);
        /* The LibOS sets up its contexts, then the monitor refuses the name. */
        CHECK("export-without-name-efault", iv_cap_export((const char *)16, add) == -EFAULT);
        pthread_t th[4];
        for (long i = 0; i < 4; i++)
            pthread_create(&th[i], NULL, errno_thread, (void *)(uintptr_t)(i + 1));
        int bad = 0;
        for (int i = 0; i < 4; i++) {
            void *r;
            pthread_join(th[i], &r);
            bad |= r != NULL;
        }
        CHECK("errno-per-context", !bad);
        for (long i = 0; i < 4; i++)
            pthread_create(&th[i], NULL, mixed_thread, (void *)(uintptr_t)(i + 1));
        bad = 0;
        for (int i = 0; i < 4; i++) {
            void *r;
            pthread_join(th[i], &r);
            bad |= r != NULL;
        }
        CHECK("stdio-rmutex-tid-concurrent", !bad);
        CHECK("thread-in-callee", iv_cap_call(import("b", "spawn"), 21, 0, 0, 0, 0, 0) == 42);
        /* The thread pointer (docs/sfi.md section 7): the caller's TLS is
         * its own again after calls whose callees use theirs or move it. */
        static __thread long mine = 77;
        pthread_t self = pthread_self();
        errno = 1234;
        long hs = import("b", "settp");
        int tp_ok = iv_cap_call(hs, 0x5a5a5a5a, 0, 0, 0, 0, 0) == 0x5a;
        tp_ok &= iv_cap_call(import("b", "errno"), 9, 0, 0, 0, 0, 0) == 9; /* its TLS is its context's again */
        tp_ok &= iv_cap_call(hs, 0, 0, 0, 0, 0, 0) == 0;
        CHECK("caller-tls-after-call", tp_ok && errno == 1234 && mine == 77 && pthread_equal(self, pthread_self()));
        CHECK("setup-twice-ebusy", iv_hc_cap_call_setup(ctx, 1, iv_cap_entry) == -EBUSY);
    } else if (!strcmp(what, "denied")) {
        CHECK("not-granted-eacces", iv_cap_import("b", "add", 0) == -EACCES);
    } else if (!strcmp(what, "stress")) {
        struct stress s[8];
        pthread_t th[8];
        for (int i = 0; i < 8; i++) {
            s[i] = (struct stress){import("b", "add"), import("b", "alloc"), n, 0};
            pthread_create(&th[i], NULL, stress_thread, &s[i]);
        }
        int bad = 0;
        for (int i = 0; i < 8; i++) {
            pthread_join(th[i], NULL);
            bad += s[i].bad;
        }
        printf("stress: 8 threads x %ld calls, %d wrong\n", n, bad);
        CHECK("stress-8-threads", bad == 0);
    } else if (!strcmp(what, "nested")) {
        CHECK("nested-a-b-c", iv_cap_call(import("b", "fwd"), 1, 1, 1, 1, 1, 1) == 21 + 1000000);
    } else if (!strcmp(what, "callback")) {
        CHECK("export-ping", iv_cap_export("ping", ping) == 0);
        CHECK("callback-a-b-a", iv_cap_call(import("b", "back"), 21, 0, 0, 0, 0, 0) == 43);
    } else if (!strcmp(what, "regs")) {
        long hr = import("b", "regs"), hc = import("b", "clobber");
        register long s1 __asm__("rbx") = 0x1111;
        register long s2 __asm__("r12") = 0x2222;
        register long s3 __asm__("r13") = 0x3333;
        __asm__ volatile("" : "+r"(s1), "+r"(s2), "+r"(s3));
        long seen = iv_cap_call(hr, 0, 0, 0, 0, 0, 0);
        long c = iv_cap_call(hc, 0, 0, 0, 0, 0, 0);
        __asm__ volatile("" : "+r"(s1), "+r"(s2), "+r"(s3));
        CHECK("callee-sees-no-caller-registers", seen == 0);
        CHECK("caller-registers-kept", c == 1 && s1 == 0x1111 && s2 == 0x2222 && s3 == 0x3333);
        long hx = import("b", "x87");
        static const double one = 1.0;
        __asm__ volatile("fldpi\n\tfldl %0\n\tfstp %%st(0)\n\tfstp %%st(0)" ::"m"(one) : "memory");
        CHECK("x87-check-works", x87_dirty() == 3); /* the caller's own values and addresses are seen */
        __asm__ volatile("fldpi\n\tfldl %0\n\tfstp %%st(0)\n\tfstp %%st(0)" ::"m"(one) : "memory");
        long callee_saw = iv_cap_call(hx, 0, 0, 0, 0, 0, 0);
        long caller_sees = x87_dirty();
        CHECK("callee-sees-no-caller-x87", callee_saw == 0);
        CHECK("caller-sees-no-callee-x87", caller_sees == 0);
        /* Control words: the callee starts with the monitor's (0x37f), the
         * caller keeps its own whatever the callee leaves. */
        long hf = import("b", "fcw");
        uint16_t cw = 0x27f, after = 0, dflt = 0x37f;
        __asm__ volatile("fldcw %0" ::"m"(cw));
        long callee_cw = iv_cap_call(hf, 0x7f, 0, 0, 0, 0, 0);
        __asm__ volatile("fnstcw %0" : "=m"(after));
        __asm__ volatile("fldcw %0" ::"m"(dflt));
        CHECK("callee-starts-with-default-fcw", callee_cw == 0x37f);
        CHECK("caller-fcw-kept", after == 0x27f);
        callee_cw = iv_cap_call(hf, 0x37f, 0, 0, 0, 0, 0);
        CHECK("callee-fcw-not-kept", callee_cw == 0x37f);
    } else if (!strcmp(what, "fault") || !strcmp(what, "exit") || !strcmp(what, "spin")) {
        long h = import("b", what), ha = import("b", "add");
        long r = iv_cap_call(h, !strcmp(what, "exit") ? 5 : 0, 0, 0, 0, 0, 0);
        CHECK("callee-ended-econnreset", r == -ECONNRESET);
        CHECK("then-epipe", iv_cap_call(ha, 1, 0, 0, 0, 0, 0) == -EPIPE);
        printf("caller carries on\n");
    } else if (!strcmp(what, "nap")) {
        iv_cap_call(import("b", "nap"), 0, 0, 0, 0, 0, 0);
        printf("FAIL caller-ended-during-call: still running after the call\n");
    } else if (!strcmp(what, "hostile")) {
        static volatile long canary[512];
        for (int i = 0; i < 512; i++)
            canary[i] = 0x5a5a5a5a;
        CHECK("hostile-stack-contained", iv_cap_call(import("b", "add"), 1, 2, 3, 4, 5, 6) == -ECONNRESET);
        int ok = 1;
        for (int i = 0; i < 512; i++)
            ok &= canary[i] == 0x5a5a5a5a;
        CHECK("caller-memory-intact", ok);
    } else if (!strcmp(what, "ended")) {
        long h = import("b", "add");
        usleep(800 * 1000);
        CHECK("ended-callee-epipe", iv_cap_call(h, 1, 0, 0, 0, 0, 0) == -EPIPE);
        CHECK("ended-import-epipe", iv_cap_import("b", "errno", -1) == -EPIPE);
    } else if (!strcmp(what, "fault-self")) {
        /* The caller faults; the callee carries on serving others. */
        iv_cap_call(import("b", "add"), 1, 0, 0, 0, 0, 0);
        volatile int *volatile wild = (volatile int *)16;
        *wild = 1;
    } else {
        printf("FAIL unknown scenario %s\n", what);
        return 2;
    }
    return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc >= 2 && !strcmp(argv[1], "callee"))
        return callee(argc >= 3 && !strcmp(argv[2], "quick"));
    if (argc >= 2 && !strcmp(argv[1], "hostile"))
        return hostile();
    if (argc >= 2 && !strcmp(argv[1], "leaf")) {
        if (iv_cap_export("add", add))
            return 2;
        return iv_cap_serve() ? 1 : 0;
    }
    if (argc >= 3 && !strcmp(argv[1], "caller"))
        return caller(argv[2], argc >= 4 ? atol(argv[3]) : 1000);
    fprintf(stderr, "usage: cc callee [quick] | leaf | caller SCENARIO [N]\n");
    return 2;
}
