/* Region arena.  Reserving the address space once (PROT_NONE, NORESERVE)
 * costs no memory; a region's pages become real only when the loader or a
 * hostcall maps them.  Freeing maps PROT_NONE over the region again, which
 * drops every page in one call and keeps the reservation. */
#include "core/arena.h"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <intravisor/sfi.h>

uint64_t iv_arena_lo, iv_arena_hi;
int iv_low_region;
static unsigned n_regions, next_hint; /* next_hint: where a free one may be */
static unsigned char *in_use;
static int low_in_use;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* The region at address 0.  A load through a non-zero GS base costs about
 * two cycles more than a plain one on Intel cores (bench/load_latency.c);
 * with GS base 0 it costs nothing, and `%gs:(%eax)` still reaches only
 * [0, 4 GiB): so one cVM per monitor -- the one `run` or an OCI container
 * starts, or the first of a deployment -- gets native load latency.  Its
 * guards: [0, mmap_min_addr) cannot be mapped by anyone but a root that
 * asks for it at a fixed address (the monitor never does); the rest of
 * [0, 64 KiB) and [4 GiB - 64 KiB, 4 GiB + 64 KiB) are reserved here with
 * the region; an access below 0 wraps to the kernel half and faults.
 * Needs the low 4 GiB free (not under ASan, whose shadow lives there):
 * otherwise every region comes from the arena, as with IV_LOW_REGION=off. */
static void low_region_init(void)
{
    const char *e = getenv("IV_LOW_REGION");
    if (e && !strcmp(e, "off"))
        return;
    uint64_t lo = IV_PAGE_SIZE;
    FILE *f = fopen("/proc/sys/vm/mmap_min_addr", "r");
    if (f) {
        unsigned long v;
        if (fscanf(f, "%lu", &v) == 1 && v > lo)
            lo = (v + IV_PAGE_SIZE - 1) & ~(uint64_t)(IV_PAGE_SIZE - 1);
        fclose(f);
    }
    if (lo > IV_RTCALL_TABLE_OFFSET)
        return; /* the runtime-call table could not be mapped */
    uint64_t hi = IV_REGION_SIZE + IV_GUARD_SIZE;
    void *p = mmap((void *)(uintptr_t)lo, hi - lo, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == MAP_FAILED)
        return;
    if ((uint64_t)(uintptr_t)p != lo) { /* a kernel without MAP_FIXED_NOREPLACE */
        munmap(p, hi - lo);
        return;
    }
    iv_low_region = 1;
}

int arena_init(unsigned nregions)
{
    if (iv_arena_lo)
        return 0;
    low_region_init();
    /* Over-reserve by one region so a 4 GiB-aligned start exists, plus the
     * guard that follows the last region and the one that precedes the
     * first: a push/call with rsp = B of region 0 writes B-8, which must
     * fault like the previous region's high guard does for the others
     * (docs/sfi.md §1), not land in whatever the monitor maps there later. */
    uint64_t want = (uint64_t)(nregions + 1) * IV_REGION_SIZE + 2 * IV_GUARD_SIZE;
    /* Low first, just above the low region's place (8 GiB, one region
     * apart from it): below the monitor's own code, so that every region
     * lies below everything else that executes (seccomp.c's syscall user
     * dispatch relies on that).  Elsewhere if taken (e.g. ASan's shadow). */
    uint64_t low = 2 * IV_REGION_SIZE - IV_GUARD_SIZE, exact = want - IV_REGION_SIZE;
    void *p = mmap((void *)(uintptr_t)low, exact, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    if (p != MAP_FAILED && (uint64_t)(uintptr_t)p != low) { /* an old kernel took it as a hint */
        munmap(p, exact);
        p = MAP_FAILED;
    }
    if (p != MAP_FAILED)
        want = exact;
    else
        p = mmap(NULL, want, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        fprintf(stderr, "intravisor: cannot reserve %u regions: %s\n", nregions, strerror(errno));
        return -1;
    }
    uint64_t start = (uint64_t)(uintptr_t)p;
    uint64_t lo = (start + IV_GUARD_SIZE + IV_REGION_SIZE - 1) & ~(IV_REGION_SIZE - 1);
    uint64_t hi = lo + (uint64_t)nregions * IV_REGION_SIZE;
    /* Give back the unaligned head below the low guard and whatever tail is
     * beyond the high guard. */
    if (lo - IV_GUARD_SIZE > start)
        munmap(p, lo - IV_GUARD_SIZE - start);
    uint64_t end = start + want, keep = hi + IV_GUARD_SIZE;
    if (end > keep)
        munmap((void *)(uintptr_t)keep, end - keep);
    in_use = calloc(nregions, 1);
    if (!in_use)
        return -1;
    n_regions = nregions;
    iv_arena_lo = lo;
    iv_arena_hi = hi;
    return 0;
}

int arena_alloc(uint64_t *out)
{
    int r = -1;
    pthread_mutex_lock(&lock);
    if (iv_low_region && !low_in_use) {
        low_in_use = 1;
        *out = 0;
        r = 0;
    }
    for (unsigned k = 0; k < n_regions && r; k++) {
        unsigned i = (next_hint + k) % n_regions; /* O(1) while regions are handed out in turn */
        if (!in_use[i]) {
            in_use[i] = 1;
            next_hint = i + 1;
            *out = iv_arena_lo + (uint64_t)i * IV_REGION_SIZE;
            r = 0;
        }
    }
    pthread_mutex_unlock(&lock);
    return r;
}

void arena_free(uint64_t base)
{
    /* Nothing is ever mapped in a region's low guard; the low region's
     * cannot be mapped over (mmap_min_addr). */
    uint64_t from = base + IV_GUARD_SIZE;
    void *p = mmap((void *)(uintptr_t)from, IV_REGION_SIZE - IV_GUARD_SIZE, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
    if (p == MAP_FAILED) {
        /* Cannot happen for a reserved range (the monitor's own share of
         * mappings is reserved, quota.h); leaking the region is safer than
         * reusing one with stale mappings.  Not perror: glibc's dups the
         * descriptor, which the seccomp filter forbids. */
        fprintf(stderr, "intravisor: arena_free: %s\n", strerror(errno));
        return;
    }
    pthread_mutex_lock(&lock);
    if (base == 0)
        low_in_use = 0;
    else
        in_use[(base - iv_arena_lo) / IV_REGION_SIZE] = 0;
    pthread_mutex_unlock(&lock);
}
