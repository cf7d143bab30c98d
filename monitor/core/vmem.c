/* Bookkeeping of a region's mappings: a sorted array of disjoint ranges.
 * cVMs have few mappings (image segments, stacks, heap chunks), so linear
 * updates are fine and the code stays obviously correct. */
#include "core/vmem.h"
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <intravisor/sfi.h>

int vmem_init(struct iv_vmem *vm, uint64_t base, uint64_t budget, struct iv_share *share)
{
    memset(vm, 0, sizeof *vm);
    vm->base = base;
    vm->budget = budget;
    vm->share = share;
    /* Writer-preferring: a cVM's threads issuing back-to-back hostcalls
     * (readers) must not keep a mapping change (a writer: its own, or a
     * neighbour's revoke of a capfile) waiting for ever. */
    pthread_rwlockattr_t at;
    pthread_rwlockattr_init(&at);
    pthread_rwlockattr_setkind_np(&at, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    int e = pthread_rwlock_init(&vm->lock, &at);
    pthread_rwlockattr_destroy(&at);
    return e ? -1 : 0;
}

/* Entries a change of [lo, hi) adds at most: every entry it touches is
 * replaced by its remainders outside [lo, hi) (VMEM_NEW, VMEM_GONE), or
 * keeps its middle piece too (VMEM_KEEP); VMEM_NEW adds one of its own. */
static long growth(const struct iv_vmem *vm, uint64_t lo, uint64_t hi, enum vmem_change how)
{
    long g = how == VMEM_NEW;
    for (size_t i = 0; i < vm->n; i++) {
        const struct iv_map *e = &vm->m[i];
        if (e->hi > lo && e->lo < hi)
            g += (e->lo < lo) + (e->hi > hi) - (how != VMEM_KEEP);
    }
    return g;
}

int vmem_room(struct iv_vmem *vm, uint64_t lo, uint64_t hi, enum vmem_change how)
{
    long g = growth(vm, lo, hi, how);
    if (g <= 0)
        return 0; /* nothing split: possible at the limit, as on Linux */
    if (vm->share && iv_charge(vm->share, IV_RES_VMA, g * IV_VMAS_PER_ENTRY))
        return -1;
    vm->charged += g;
    return 0;
}

/* The entries recorded are what is paid for: give back the difference, or
 * pay it (the region's own set-up, covered by the cVM's reserve). */
static void settle(struct iv_vmem *vm)
{
    long d = (long)vm->n - vm->charged;
    if (!vm->share)
        vm->charged = (long)vm->n;
    else if (d < 0) {
        iv_uncharge(vm->share, IV_RES_VMA, -d * IV_VMAS_PER_ENTRY);
        vm->charged += d;
    } else if (d > 0 && !iv_charge(vm->share, IV_RES_VMA, d * IV_VMAS_PER_ENTRY)) {
        vm->charged += d; /* if over: not recorded as paid, so never given back */
    }
}

void vmem_fini(struct iv_vmem *vm)
{
    if (vm->share && vm->charged > 0)
        iv_uncharge(vm->share, IV_RES_VMA, vm->charged * IV_VMAS_PER_ENTRY);
    vm->charged = 0;
    free(vm->m);
    vm->m = NULL;
    vm->n = vm->cap = 0;
    pthread_rwlock_destroy(&vm->lock);
}

uint64_t vmem_charged(const struct iv_vmem *vm, uint64_t lo, uint64_t hi)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < vm->n; i++) {
        uint64_t a = vm->m[i].lo > lo ? vm->m[i].lo : lo;
        uint64_t b = vm->m[i].hi < hi ? vm->m[i].hi : hi;
        if (a < b && vm->m[i].charged)
            sum += b - a;
    }
    return sum;
}

/* Room for a change that adds at most two entries (a split in two and
 * one more, or two remainders): grows the array and returns a scratch
 * array for the result, or NULL (after settling) if memory is short. */
static struct iv_map *room_for_two(struct iv_vmem *vm)
{
    if (vm->n + 2 > vm->cap) {
        size_t cap = vm->cap ? vm->cap * 2 : 16;
        struct iv_map *m = realloc(vm->m, cap * sizeof *m);
        if (!m) {
            settle(vm);
            return NULL;
        }
        vm->m = m;
        vm->cap = cap;
    }
    struct iv_map *out = malloc((vm->n + 2) * sizeof *out);
    if (!out)
        settle(vm);
    return out;
}

static int put(struct iv_vmem *vm, uint64_t lo, uint64_t hi, int prot, int kind, int charged)
{
    if (lo >= hi) {
        settle(vm);
        return 0;
    }
    /* Worst case: one entry is split in two and one is added. */
    struct iv_map *out = room_for_two(vm);
    if (!out)
        return -1;
    vm->used -= vmem_charged(vm, lo, hi);
    struct iv_map add = {lo, hi, (uint8_t)prot, (uint8_t)kind, (uint8_t)(charged != 0), ++vm->origins};
    size_t k = 0;
    int placed = 0;
    for (size_t i = 0; i < vm->n; i++) {
        struct iv_map e = vm->m[i];
        if (e.hi <= lo || e.lo >= hi) { /* untouched */
            if (!placed && e.lo >= hi && kind) {
                out[k++] = add;
                placed = 1;
            }
            out[k++] = e;
            continue;
        }
        if (e.lo < lo) { /* left remainder */
            out[k] = e;
            out[k++].hi = lo;
        }
        if (!placed && kind) {
            out[k++] = add;
            placed = 1;
        }
        if (e.hi > hi) { /* right remainder */
            out[k] = e;
            out[k++].lo = hi;
        }
    }
    if (!placed && kind)
        out[k++] = add;
    memcpy(vm->m, out, k * sizeof *out);
    vm->n = k;
    free(out);
    if (kind && charged)
        vm->used += hi - lo;
    if (vm->used > vm->peak)
        vm->peak = vm->used; /* for deployment statistics */
    settle(vm);
    return 0;
}

int vmem_set(struct iv_vmem *vm, uint64_t lo, uint64_t hi, int prot, int kind)
{
    return put(vm, lo, hi, prot, kind, kind != IV_MK_ANON || prot);
}

/* Merges neighbours cut from one mapping that have become equal again. */
static void coalesce(struct iv_vmem *vm)
{
    size_t k = 0;
    for (size_t i = 0; i < vm->n; i++) {
        struct iv_map *p = k ? &vm->m[k - 1] : NULL, *e = &vm->m[i];
        if (p && p->hi == e->lo && p->origin == e->origin && p->prot == e->prot &&
            p->kind == e->kind && p->charged == e->charged)
            p->hi = e->hi;
        else
            vm->m[k++] = *e;
    }
    vm->n = k;
}

/* The bits of `change` in each entry over [lo, hi) become those of `prot`. */
static int reprotect(struct iv_vmem *vm, uint64_t lo, uint64_t hi, int change, int prot)
{
    if (lo >= hi) {
        settle(vm);
        return 0;
    }
    /* Each entry overlapping [lo, hi) splits into at most three pieces,
     * but only the first and the last can leave a remainder. */
    struct iv_map *out = room_for_two(vm);
    if (!out)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < vm->n; i++) {
        struct iv_map e = vm->m[i];
        if (e.hi <= lo || e.lo >= hi) {
            out[k++] = e;
            continue;
        }
        if (e.lo < lo) { /* left remainder */
            out[k] = e;
            out[k++].hi = lo;
        }
        struct iv_map mid = e;
        mid.lo = e.lo > lo ? e.lo : lo;
        mid.hi = e.hi < hi ? e.hi : hi;
        mid.prot = (uint8_t)((e.prot & ~change) | (prot & change));
        mid.charged = e.charged || (mid.prot & IV_P_ACCESS);
        if (mid.charged && !e.charged)
            vm->used += mid.hi - mid.lo;
        out[k++] = mid;
        if (e.hi > hi) { /* right remainder */
            out[k] = e;
            out[k++].lo = hi;
        }
    }
    memcpy(vm->m, out, k * sizeof *out);
    vm->n = k;
    free(out);
    coalesce(vm);
    if (vm->used > vm->peak)
        vm->peak = vm->used;
    settle(vm);
    return 0;
}

int vmem_protect(struct iv_vmem *vm, uint64_t lo, uint64_t hi, int prot)
{
    return reprotect(vm, lo, hi, IV_P_ACCESS, prot);
}

int vmem_advise_huge(struct iv_vmem *vm, uint64_t lo, uint64_t hi, int huge)
{
    return reprotect(vm, lo, hi, IV_P_HUGE, huge ? IV_P_HUGE : 0);
}

uint64_t vmem_lazy_resident(const struct iv_vmem *vm)
{
    unsigned char v[4096];
    uint64_t pages = 0;
    for (uint64_t at = vm->lazy_lo; at < vm->lazy_hi;) {
        uint64_t n = (vm->lazy_hi - at) / IV_PAGE_SIZE;
        if (n > sizeof v)
            n = sizeof v;
        if (mincore((void *)(uintptr_t)(vm->base + at), n * IV_PAGE_SIZE, v))
            return vm->lazy_hi - vm->lazy_lo; /* cannot tell: charge it all */
        for (uint64_t i = 0; i < n; i++)
            pages += v[i] & 1;
        at += n * IV_PAGE_SIZE;
    }
    return pages * IV_PAGE_SIZE;
}

int vmem_over_budget(const struct iv_vmem *vm, uint64_t release, uint64_t add)
{
    uint64_t eager = vm->used - release + add;
    if (eager > vm->budget)
        return 1;
    if (eager + (vm->lazy_hi - vm->lazy_lo) <= vm->budget)
        return 0;
    return eager + vmem_lazy_resident(vm) > vm->budget;
}

/* Index of the first entry that ends above `at` (entries are sorted and
 * disjoint): every hostcall's pointer check starts here. */
static size_t first_above(const struct iv_vmem *vm, uint64_t at)
{
    size_t a = 0, b = vm->n;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (vm->m[mid].hi <= at)
            a = mid + 1;
        else
            b = mid;
    }
    return a;
}

static int covers(const struct iv_map *e, uint64_t lo, uint64_t hi, int prot, unsigned kinds)
{
    return e->lo <= lo && hi <= e->hi && (e->prot & prot) == prot && (!kinds || kinds & (1u << e->kind));
}

int vmem_covered(const struct iv_vmem *vm, uint64_t lo, uint64_t hi, int prot, unsigned kinds)
{
    /* Most ranges a hostcall passes lie in the entry the last one did (its
     * stack, one heap mapping): try that entry first.  Only a hint: any
     * entry that covers the whole range answers yes, whichever it is. */
    struct iv_vmem *w = (struct iv_vmem *)vm;
    size_t h = __atomic_load_n(&w->hint, __ATOMIC_RELAXED);
    if (h < vm->n && covers(&vm->m[h], lo, hi, prot, kinds))
        return 1;
    uint64_t at = lo;
    size_t first = first_above(vm, lo);
    if (first < vm->n)
        __atomic_store_n(&w->hint, first, __ATOMIC_RELAXED);
    for (size_t i = first; i < vm->n && at < hi; i++) {
        const struct iv_map *e = &vm->m[i];
        if (e->hi <= at)
            continue;
        if (e->lo > at)
            return 0; /* hole */
        if ((e->prot & prot) != prot)
            return 0;
        if (kinds && !(kinds & (1u << e->kind)))
            return 0;
        at = e->hi;
    }
    return at >= hi;
}

uint64_t vmem_find_free(const struct iv_vmem *vm, uint64_t len)
{
    uint64_t at = vm->heap_lo;
    for (size_t i = 0; i < vm->n; i++) {
        const struct iv_map *e = &vm->m[i];
        if (e->hi <= at)
            continue;
        if (e->lo >= at + len && at + len <= vm->heap_hi)
            return at;
        if (e->hi > at)
            at = e->hi;
    }
    return at + len <= vm->heap_hi && at + len > at ? at : 0;
}

void *vmem_check(struct iv_vmem *vm, uint64_t addr, uint64_t len, int prot)
{
    /* A pointer is a full address in the caller's own region: anything else
     * (NULL, another region, the monitor, the kernel half) fails here. */
    if (addr < vm->base || addr - vm->base >= IV_REGION_SIZE)
        return NULL;
    uint64_t off = addr - vm->base;
    if (len > IV_REGION_SIZE - off) /* also catches wrap-around */
        return NULL;
    if (len == 0)
        return (void *)(uintptr_t)addr;
    uint64_t lo = off & ~(uint64_t)(IV_PAGE_SIZE - 1);
    uint64_t hi = off + len;
    if (!vmem_covered(vm, lo, hi, prot, 0))
        return NULL;
    return (void *)(uintptr_t)addr;
}
