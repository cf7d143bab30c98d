/* Per-cVM record of what is mapped where inside its region, used to check
 * every pointer a hostcall receives and to keep mmap within the budget.
 * Offsets are region offsets (address - region base). */
#ifndef MONITOR_VMEM_H
#define MONITOR_VMEM_H
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include "core/quota.h"

enum iv_map_kind { IV_MK_RT = 1, IV_MK_CODE, IV_MK_IMAGE, IV_MK_STACK, IV_MK_ANON, IV_MK_CAPFILE };
#define IV_P_R 1
#define IV_P_W 2
#define IV_P_X 4
/* Not a protection: the kernel mapping is advised MADV_HUGEPAGE.  Kept
 * with the protections so that pieces merge here only when the kernel's
 * VMAs can (their flags equal), and the entry count stays an upper bound
 * of the VMAs it charges for. */
#define IV_P_HUGE 8
#define IV_P_ACCESS (IV_P_R | IV_P_W | IV_P_X)

struct iv_map {
    uint64_t lo, hi; /* [lo, hi), page aligned */
    uint8_t prot;    /* IV_P_* */
    uint8_t kind;    /* enum iv_map_kind */
    /* Counted in `used`: every mapping but an anonymous one that has never
     * been accessible -- a PROT_NONE reservation holds no memory, so
     * allocators that reserve big and commit with mprotect (mimalloc) pay
     * for what they commit.  Once accessible, charged until unmapped or
     * replaced: pages made PROT_NONE again keep their contents. */
    uint8_t charged;
    /* Which mapping (vmem_set) this piece was cut from.  Pieces of one
     * kernel mapping share its anon_vma, so the kernel re-merges adjacent
     * ones whose protections become equal again; pieces of different
     * mappings need not merge (distinct anon_vmas), so their entries are
     * never merged here either and each stays charged (IV_RES_VMA). */
    uint64_t origin;
};

struct iv_vmem {
    /* Readers: hostcalls that check a range and then touch it from monitor
     * code.  Writers: anything that changes mappings.  So a checked range
     * cannot disappear under the monitor's feet. */
    pthread_rwlock_t lock;
    struct iv_map *m;
    size_t n, cap;
    uint64_t base;            /* region base address */
    uint64_t used, budget;    /* bytes charged (struct iv_map) / allowed */
    uint64_t peak;            /* highest `used` so far */
    uint64_t heap_lo, heap_hi; /* where the cVM's own mmaps may go */
    /* Part of the main stack charged only for its pages in memory (the
     * rest of `used` is charged as mapped): [lazy_lo, lazy_hi), or empty. */
    uint64_t lazy_lo, lazy_hi;
    /* Kernel mappings are a process-wide resource (vm.max_map_count):
     * every entry is charged to the cVM's share as 2 VMAs (the entry and
     * the reserved gap it may split off).  charged: entries paid for. */
    struct iv_share *share;
    long charged;
    uint64_t origins; /* the last struct iv_map.origin handed out */
    /* Set for good once another cVM's thread may change this map (the
     * cVM mapped a CAP File, whose revoke rewrites the mapping). */
    int foreign;
    /* The entry the last pointer check started at (vmem_covered tries it
     * first); any index, checked against n before use. */
    size_t hint;
};
#define IV_VMAS_PER_ENTRY 2

int vmem_init(struct iv_vmem *vm, uint64_t base, uint64_t budget, struct iv_share *share);
void vmem_fini(struct iv_vmem *vm);
/* What a change of [lo, hi) records: a new mapping over it (vmem_set with
 * a kind), a hole (vmem_set with kind 0), or new protections or advice for
 * what is there (vmem_protect, vmem_advise_huge). */
enum vmem_change { VMEM_NEW, VMEM_GONE, VMEM_KEEP };
/* Before a change of the kernel's mappings that vmem_set, vmem_protect or
 * vmem_advise_huge will record: pays for the entries it adds (splits of
 * the entries it cuts through, and a new one).  0, or -1: the cVM is at
 * its mapping limit (answer ENOMEM, as Linux does at vm.max_map_count).  A
 * change that splits nothing always has room, so a cVM at its limit can
 * still give mappings back.  Caller holds the write lock. */
int vmem_room(struct iv_vmem *vm, uint64_t lo, uint64_t hi, enum vmem_change how);
/* Records [lo, hi) as `prot`/`kind` (kind 0: unmapped), replacing whatever
 * was there, and settles the charge for the entries.  Bookkeeping only;
 * caller holds the write lock or is alone. */
int vmem_set(struct iv_vmem *vm, uint64_t lo, uint64_t hi, int prot, int kind);
/* Records an mprotect of [lo, hi), which must be covered by anonymous
 * entries (vmem_covered): each piece keeps its origin and stays charged if
 * it was (see struct iv_map); adjacent pieces of one origin whose
 * protections are now equal merge again, as the kernel's VMAs do. */
int vmem_protect(struct iv_vmem *vm, uint64_t lo, uint64_t hi, int prot);
/* Records madvise(MADV_[NO]HUGEPAGE) of [lo, hi) (covered as for
 * vmem_protect): sets or clears IV_P_HUGE, which vmem_protect keeps, as
 * mprotect keeps the kernel's flag. */
int vmem_advise_huge(struct iv_vmem *vm, uint64_t lo, uint64_t hi, int huge);
/* Bytes charged in [lo, hi). */
uint64_t vmem_charged(const struct iv_vmem *vm, uint64_t lo, uint64_t hi);
/* 1 if every page of [lo, hi) is mapped with all of `prot` and (if kinds is
 * non-zero) of a kind in the bit mask `kinds` (1 << kind). */
int vmem_covered(const struct iv_vmem *vm, uint64_t lo, uint64_t hi, int prot, unsigned kinds);
/* 1 if charging `add` bytes after releasing `release` would exceed the
 * budget.  The lazily charged stack counts its resident pages (mincore),
 * looked at only when its full size would not fit anyway. */
int vmem_over_budget(const struct iv_vmem *vm, uint64_t release, uint64_t add);
/* Bytes of the lazily charged stack that are in memory. */
uint64_t vmem_lazy_resident(const struct iv_vmem *vm);
/* Lowest free [x, x+len) inside [heap_lo, heap_hi), or 0 if none. */
uint64_t vmem_find_free(const struct iv_vmem *vm, uint64_t len);

/* Checks that the cVM address range [addr, addr+len) lies inside the region
 * and in mappings with `prot`.  Returns the host pointer or NULL.  len 0 is
 * accepted for any address in the region.  Caller holds the lock (read). */
void *vmem_check(struct iv_vmem *vm, uint64_t addr, uint64_t len, int prot);
#endif
