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
static unsigned n_regions, next_hint; /* next_hint: where a free one may be */
static unsigned char *in_use;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

int arena_init(unsigned nregions)
{
    if (iv_arena_lo)
        return 0;
    /* Over-reserve by one region so a 4 GiB-aligned start exists, plus the
     * guard that follows the last region and the one that precedes the
     * first: a push/call with rsp = B of region 0 writes B-8, which must
     * fault like the previous region's high guard does for the others
     * (docs/sfi.md §1), not land in whatever the monitor maps there later. */
    uint64_t want = (uint64_t)(nregions + 1) * IV_REGION_SIZE + 2 * IV_GUARD_SIZE;
    void *p = mmap(NULL, want, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
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

uint64_t arena_alloc(void)
{
    uint64_t base = 0;
    pthread_mutex_lock(&lock);
    for (unsigned k = 0; k < n_regions; k++) {
        unsigned i = (next_hint + k) % n_regions; /* O(1) while regions are handed out in turn */
        if (!in_use[i]) {
            in_use[i] = 1;
            next_hint = i + 1;
            base = iv_arena_lo + (uint64_t)i * IV_REGION_SIZE;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return base;
}

void arena_free(uint64_t base)
{
    void *p = mmap((void *)(uintptr_t)base, IV_REGION_SIZE, PROT_NONE,
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
    in_use[(base - iv_arena_lo) / IV_REGION_SIZE] = 0;
    pthread_mutex_unlock(&lock);
}
