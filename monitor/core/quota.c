/* Per-cVM shares of the process-wide pools (quota.h). */
#include "core/quota.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* Kept for the monitor itself: its own descriptors (images, log files,
 * eventfds of deployers, a control socket), its own threads' mappings and
 * malloc arenas, libraries. */
#define MON_FD_RESERVE 256
#define MON_VMA_RESERVE 4096
#define MON_THREAD_RESERVE 64

/* Free units above every reserve.  Atomic, without a lock: path hostcalls
 * of every cVM charge and give back transient descriptors here, and a
 * process-wide mutex there was both a cost (~4 lock pairs per call) and a
 * point where cVMs contend. */
static long pool[IV_RES_N];
static long total[IV_RES_N]; /* what the process may have in all */
static const char *const setting[IV_RES_N] = {
    "descriptors: the monitor's RLIMIT_NOFILE (ulimit -n)",
    "mappings: the kernel's vm.max_map_count",
    "threads: RLIMIT_NPROC (ulimit -u) / kernel.threads-max",
};

static long read_long(const char *path, long dflt)
{
    FILE *f = fopen(path, "re");
    long v;
    if (!f)
        return dflt;
    if (fscanf(f, "%ld", &v) != 1)
        v = dflt;
    fclose(f);
    return v;
}

int iv_pool_init(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl))
        return -1;
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl); /* best effort; the soft limit below is the truth */
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    total[IV_RES_FD] = rl.rlim_cur == RLIM_INFINITY ? 1 << 20 : (long)rl.rlim_cur;
    total[IV_RES_VMA] = read_long("/proc/sys/vm/max_map_count", 65530);
    long threads = read_long("/proc/sys/kernel/threads-max", 1 << 20);
    if (!getrlimit(RLIMIT_NPROC, &rl) && rl.rlim_cur != RLIM_INFINITY && (long)rl.rlim_cur < threads)
        threads = (long)rl.rlim_cur; /* per user, so an upper bound only */
    total[IV_RES_THREAD] = threads;
    pool[IV_RES_FD] = total[IV_RES_FD] - MON_FD_RESERVE;
    pool[IV_RES_VMA] = total[IV_RES_VMA] - MON_VMA_RESERVE;
    pool[IV_RES_THREAD] = total[IV_RES_THREAD] - MON_THREAD_RESERVE;
    for (int r = 0; r < IV_RES_N; r++)
        if (pool[r] < 0)
            pool[r] = 0;
    return 0;
}

/* Takes n units from the pool if it has them. */
static int pool_take(enum iv_res r, long n)
{
    long p = __atomic_load_n(&pool[r], __ATOMIC_RELAXED);
    do {
        if (p < n)
            return -1;
    } while (!__atomic_compare_exchange_n(&pool[r], &p, p - n, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
    return 0;
}

static void pool_give(enum iv_res r, long n) { __atomic_fetch_add(&pool[r], n, __ATOMIC_RELAXED); }

int iv_share_admit(struct iv_share *s, const char *name)
{
    int bad = -1;
    for (int r = 0; r < IV_RES_N && bad < 0; r++)
        if (pool_take((enum iv_res)r, s->reserve[r]))
            bad = r;
    if (bad >= 0) {
        for (int r = 0; r < bad; r++) /* all or nothing */
            pool_give((enum iv_res)r, s->reserve[r]);
        fprintf(stderr,
                "intravisor: cvm %s: cannot reserve %ld %s is %ld and only %ld are left after the reserves of "
                "the monitor and the other cVMs; raise it or lower the reserves (docs/monitor.md)\n",
                name, s->reserve[bad], setting[bad], total[bad], iv_pool_free((enum iv_res)bad));
        return -1;
    }
    s->admitted = 1;
    return 0;
}

/* Units of the pool (beyond the reserve) that holding `used` takes. */
static long beyond(const struct iv_share *s, enum iv_res r, long used)
{
    return used > s->reserve[r] ? used - s->reserve[r] : 0;
}

void iv_share_release(struct iv_share *s)
{
    if (!s->admitted)
        return;
    /* Exchanged to 0: a reference dropped after this (a file another
     * holder kept) then gives nothing back a second time. */
    for (int r = 0; r < IV_RES_N; r++)
        pool_give((enum iv_res)r, s->reserve[r] + beyond(s, r, __atomic_exchange_n(&s->used[r], 0, __ATOMIC_RELAXED)));
    s->admitted = 0;
}

int iv_charge(struct iv_share *s, enum iv_res r, long n) { return iv_charge_upto(s, r, n, s->limit[r]); }

/* Lock-free: every open and close charges or gives back a descriptor, so
 * a mutex here was two locked instructions per call more than one
 * compare-and-swap.  A charge that takes pool units and then loses the race
 * for `used` gives them back before it tries again, so the pool only ever
 * lends what some successful transition of `used` accounts for. */
int iv_charge_upto(struct iv_share *s, enum iv_res r, long n, long cap)
{
    long used = __atomic_load_n(&s->used[r], __ATOMIC_RELAXED);
    for (;;) {
        long after = used + n;
        if (after > s->limit[r] || after > cap)
            return -1;
        long more = beyond(s, r, after) - beyond(s, r, used);
        if (more && pool_take(r, more))
            return -1;
        if (__atomic_compare_exchange_n(&s->used[r], &used, after, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            return 0;
        if (more)
            pool_give(r, more); /* lost the race: `used` was reloaded, try again */
    }
}

void iv_uncharge(struct iv_share *s, enum iv_res r, long n)
{
    long used = __atomic_load_n(&s->used[r], __ATOMIC_RELAXED), after;
    do {
        after = used - n;
        if (after < 0)
            after = 0; /* never below zero, whatever a caller does */
    } while (!__atomic_compare_exchange_n(&s->used[r], &used, after, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
    long less = beyond(s, r, used) - beyond(s, r, after);
    if (less)
        pool_give(r, less);
}

long iv_pool_free(enum iv_res r) { return __atomic_load_n(&pool[r], __ATOMIC_RELAXED); }
