/* Resource isolation (docs/monitor.md "Resource isolation"): what the kernel
 * limits per *process* — descriptors (RLIMIT_NOFILE), mappings
 * (vm.max_map_count), threads (RLIMIT_NPROC, kernel.threads-max) — is one
 * pool shared by every cVM, so each cVM holds a *share* of each:
 *   - a limit: it can never hold more (its calls fail as Linux's would:
 *     EMFILE, ENOMEM, EAGAIN);
 *   - a reserve: taken from the pool when the cVM is admitted, so it can
 *     always use that much whatever its neighbours do.
 * Use between reserve and limit comes from what is left of the pool after
 * the monitor's own reserve and every admitted cVM's reserve.  So no cVM at
 * its limit can make a neighbour fail below its reserve, nor the monitor
 * fail at all.  The pools and a share's counts are atomic: no lock is
 * taken to charge or give back. */
#ifndef MONITOR_CORE_QUOTA_H
#define MONITOR_CORE_QUOTA_H
#include <pthread.h>

enum iv_res {
    IV_RES_FD,     /* host descriptors the monitor holds for the cVM */
    IV_RES_VMA,    /* kernel mappings (VMAs) in its region and for its threads */
    IV_RES_THREAD, /* host threads running its code */
    IV_RES_N
};

struct iv_share {
    long limit[IV_RES_N], reserve[IV_RES_N], used[IV_RES_N];
    long kept_fds; /* descriptors it may keep (YAML `fds`); limit adds those calls hold */
    int admitted;
};

/* Defaults per cVM (YAML `fds`, `mappings`, `threads`; docs/config.md). */
/* Reserves are small by default so that thousands of cVMs fit the
 * process's limits (a cVM with no root holds no host descriptor at all);
 * a cVM that must never fail gets larger ones in its YAML. */
#define IV_DEF_FD_LIMIT 1024
#define IV_DEF_FD_RESERVE 1
#define IV_DEF_MAP_LIMIT 4096   /* vmem entries: each may cost 2 VMAs */
#define IV_DEF_MAP_RESERVE 16
#define IV_DEF_THREAD_LIMIT 1024
#define IV_DEF_THREAD_RESERVE 1
/* Kernel mappings of one cVM thread: its host stack and guard, its
 * alternate signal stack. */
#define IV_THREAD_VMAS 3
/* Fixed VMAs of a region beyond its vmem entries (guards, reserved gaps). */
#define IV_REGION_VMAS 8

/* Measures the process limits and raises RLIMIT_NOFILE's soft limit to its
 * hard limit (allowed without privilege).  Once, at start-up; 0 or -1. */
int iv_pool_init(void);
/* Takes s's reserves from the pools.  0, or -1 with a message naming the
 * setting that is too low. */
int iv_share_admit(struct iv_share *s, const char *name);
/* Gives back s's reserve and anything still charged.  Once. */
void iv_share_release(struct iv_share *s);
/* Charges n units of r to s.  0, or -1: over s's limit, or the pool above
 * its reserve is empty. */
int iv_charge(struct iv_share *s, enum iv_res r, long n);
/* The same, but fails if s would hold more than `cap` (≤ its limit): for
 * what a cVM keeps, when its limit also leaves room for what its calls
 * hold only while they run. */
int iv_charge_upto(struct iv_share *s, enum iv_res r, long n, long cap);
void iv_uncharge(struct iv_share *s, enum iv_res r, long n);
/* What is left of each pool (statistics, tests). */
long iv_pool_free(enum iv_res r);
#endif
