/* Hostcall handlers (ABI v1, docs/hostcalls.md).  Each runs on the monitor
 * stack of the calling cVM thread, with the cVM's argument registers as its
 * arguments.  Nothing from the cVM is trusted: every pointer+length is
 * checked against the caller's region and its mappings (-EFAULT), every
 * number against its range. */
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <intravisor/hostcall.h>
#include <intravisor/sfi.h>
#include "core/clock.h"
#include "core/cvm.h"
#include "core/nocancel.h"

#define CVM (iv_self->cvm)
#define MAX_IO (1ull << 30)

#ifdef __SANITIZE_ADDRESS__
void __asan_handle_no_return(void);
#define NO_RETURN_HOOK() __asan_handle_no_return()
#else
#define NO_RETURN_HOOK() ((void)0)
#endif

/* Which vector registers transition.S scrubs before entering or returning
 * to a cVM: 0 = xmm0-15, 1 = AVX (vzeroupper + VEX zeroing), 2 = AVX-512 (also zmm16-31
 * and k0-7).  __builtin_cpu_supports also checks that the OS enabled the
 * state (XCR0). */
/* How transition.S clears the x87 state across a CAP call (SCRUB_X87_FAST;
 * docs/monitor.md "Transitions"):
 *   0  fninit + 8 fldz + fninit, every time (~54 ns; no XSAVE);
 *   1  XRSTOR from a header whose XSTATE_BV is 0, every time (~38 ns): the
 *      x87 component goes to its initial configuration -- registers zeroed,
 *      tags, FIP/FDP/FOP, status and control word reset;
 *   2  as 1, but only when XGETBV(1) says the x87 state is in use: when
 *      XINUSE bit 0 is clear the state *is* in its initial configuration
 *      (SDM 13.6), so there is nothing of anyone to clear (~5 ns).
 * IV_FP_SCRUB=fninit|xrstor forces 0 or 1 (tests run all three). */
unsigned char iv_vec_level, iv_x87_scrub;
_Alignas(64) const unsigned char iv_xinit_area[576]; /* all zero: XSTATE_BV = XCOMP_BV = 0 */
__attribute__((constructor)) static void iv_vec_level_init(void)
{
    __builtin_cpu_init();
    iv_vec_level = __builtin_cpu_supports("avx512f") ? 2 : __builtin_cpu_supports("avx") ? 1 : 0;
    uint32_t a, b, c, d;
    __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
    if (!(c & (1u << 27))) /* OSXSAVE: XSAVE enabled by the kernel (XCR0 bit 0 always set) */
        return;
    const char *force = getenv("IV_FP_SCRUB");
    if (force && !strcmp(force, "fninit"))
        return;
    iv_x87_scrub = 1;
    if (force && !strcmp(force, "xrstor"))
        return;
    __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0xd), "c"(1));
    if (a & (1u << 2)) /* XGETBV with ECX = 1 */
        iv_x87_scrub = 2;
}

static long hc_enosys(void) { return -ENOSYS; }

static long hc_exit(uint64_t status)
{
    iv_cvm_end(CVM, (int)(status & 0xff));
    NO_RETURN_HOOK();
    iv_leave(iv_self, IV_LEAVE_EXIT);
}

static long hc_thread_exit(void)
{
    NO_RETURN_HOOK();
    iv_leave(iv_self, IV_LEAVE_THREAD);
}

/* getrandom lets the kernel copy: if the cVM unmaps the buffer after our
 * check, the kernel answers EFAULT; nothing in the monitor touches the
 * bytes, so no lock is needed. */
static long hc_clock(uint64_t clk)
{
    struct timespec ts;
    switch (clk) {
    case IV_CLOCK_REALTIME:
    case IV_CLOCK_MONOTONIC:
        return iv_clock_now(clk == IV_CLOCK_REALTIME); /* on the clock page's line */
    case IV_CLOCK_PROCESS_CPUTIME:
        return (long)iv_cvm_cpu_ns(CVM);
    case IV_CLOCK_THREAD_CPUTIME: /* each cVM thread is a host thread of its own */
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return (long)ts.tv_sec * 1000000000 + ts.tv_nsec;
    default:
        return -EINVAL;
    }
}

static long hc_nanosleep(uint64_t ns)
{
    if ((int64_t)ns < 0)
        return -EINVAL;
    struct timespec ts = {(time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};
    int e = clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
    return e ? -e : 0;
}

/* Not nanosleep(0): that sleeps the kernel's timer slack (~50 us here), so
 * a lock that backs off by yielding (mimalloc's, musl's) waited that long. */
static long hc_sched_yield(void) { return sched_yield() ? -errno : 0; }

static long hc_getrandom(uint64_t buf, uint64_t len)
{
    if (len > 1 << 20)
        len = 1 << 20;
    int vm_locked = iv_vm_read_begin(CVM);
    void *p = vmem_check(&CVM->vm, buf, len, IV_P_R | IV_P_W);
    iv_vm_read_end(CVM, vm_locked);
    /* The kernel writes: a buffer unmapped since the check gives EFAULT. */
    return p ? IV_NCR(SYS_getrandom, p, len, 0, 0, 0, 0) : -EFAULT;
}

static long hc_thread_create(uint64_t entry, uint64_t arg, uint64_t stack_top, uint64_t tls, uint64_t ctid)
{
    struct iv_cvm *c = CVM;
    /* The entry is masked like any indirect branch: a bundle start in the
     * region (only verified code there is executable). */
    uint64_t pc = c->base + ((uint32_t)entry & ~(IV_BUNDLE_SIZE - 1));
    uint64_t sp = (stack_top & ~15ull) - 8; /* as if just called */
    pthread_rwlock_rdlock(&c->vm.lock);
    int ok = stack_top >= 64 && vmem_check(&c->vm, stack_top - 64, 64, IV_P_R | IV_P_W) &&
             (!ctid || (ctid % 4 == 0 && vmem_check(&c->vm, ctid, 4, IV_P_R | IV_P_W)));
    pthread_rwlock_unlock(&c->vm.lock);
    if (!ok)
        return -EFAULT;
    return iv_thread_spawn(c, pc, arg, sp, tls, ctid);
}

static long hc_thread_join(uint64_t tid)
{
    if (tid > (uint64_t)INT32_MAX)
        return -ESRCH;
    return iv_thread_join_tid(CVM, (int)tid);
}

/* Any value is harmless: cVM code only ever uses it as a base under
 * %gs and addr32, like any other register (docs/sfi.md section 7). */
static long hc_set_tp(uint64_t tp)
{
    iv_tp_set(tp);
    return 0;
}

/* Inside a CAP call: the number of the callee context in use, so the
 * callee never sees one of its own threads' numbers twice. */
static long hc_thread_self(void) { return iv_self->call_depth ? iv_self->call_tid : iv_self->tid; }

static long hc_futex_wait(uint64_t addr, uint64_t val, uint64_t timeout_ns, uint64_t flags)
{
    if (addr % 4 || flags & ~(uint64_t)IV_FUTEX_SHARED)
        return -EINVAL;
    pthread_rwlock_rdlock(&CVM->vm.lock);
    void *p = vmem_check(&CVM->vm, addr, 4, IV_P_R);
    pthread_rwlock_unlock(&CVM->vm.lock);
    if (!p)
        return -EFAULT;
    struct timespec ts, *tsp = NULL;
    if ((int64_t)timeout_ns >= 0) {
        ts.tv_sec = (time_t)(timeout_ns / 1000000000u);
        ts.tv_nsec = (long)(timeout_ns % 1000000000u);
        tsp = &ts;
    }
    /* The kernel reads *p itself (EFAULT if it vanished meanwhile). */
    int op = FUTEX_WAIT | (flags & IV_FUTEX_SHARED ? 0 : FUTEX_PRIVATE_FLAG);
    long r = syscall(SYS_futex, p, op, (uint32_t)val, tsp, NULL, 0);
    return r < 0 ? -errno : 0;
}

static long hc_futex_wake(uint64_t addr, uint64_t count, uint64_t flags)
{
    if (addr % 4 || flags & ~(uint64_t)IV_FUTEX_SHARED)
        return -EINVAL;
    pthread_rwlock_rdlock(&CVM->vm.lock);
    void *p = vmem_check(&CVM->vm, addr, 4, IV_P_R);
    pthread_rwlock_unlock(&CVM->vm.lock);
    if (!p)
        return -EFAULT;
    if (count > INT32_MAX)
        count = INT32_MAX;
    int op = FUTEX_WAKE | (flags & IV_FUTEX_SHARED ? 0 : FUTEX_PRIVATE_FLAG);
    long r = syscall(SYS_futex, p, op, (int)count, NULL, NULL, 0);
    return r < 0 ? -errno : r;
}

static int host_prot(uint64_t prot)
{
    return (prot & IV_PROT_READ ? PROT_READ : 0) | (prot & IV_PROT_WRITE ? PROT_WRITE : 0);
}

static int vm_prot(uint64_t prot)
{
    /* Writable pages are readable on x86 anyway: record what the CPU does. */
    return (prot & IV_PROT_READ ? IV_P_R : 0) | (prot & IV_PROT_WRITE ? IV_P_W | IV_P_R : 0);
}

/* Checks an (addr, len) page range the cVM wants to change: page aligned,
 * inside its heap zone.  Sets the region offsets. */
/* Page-aligned [addr, addr+len) as region offsets, inside the region. */
static int region_range(struct iv_vmem *vm, uint64_t addr, uint64_t len, uint64_t *lo, uint64_t *hi)
{
    if (!len || addr % IV_PAGE_SIZE || len > IV_REGION_SIZE)
        return -EINVAL;
    len = (len + IV_PAGE_SIZE - 1) & ~(uint64_t)(IV_PAGE_SIZE - 1);
    if (addr < vm->base || addr - vm->base >= IV_REGION_SIZE)
        return -EINVAL;
    *lo = addr - vm->base;
    *hi = *lo + len;
    return *hi > IV_REGION_SIZE ? -EINVAL : 0;
}

/* The same, inside the heap zone: where mappings may change. */
static int page_range(struct iv_vmem *vm, uint64_t addr, uint64_t len, uint64_t *lo, uint64_t *hi)
{
    int r = region_range(vm, addr, len, lo, hi);
    if (!r && (*lo < vm->heap_lo || *hi > vm->heap_hi))
        return -EINVAL;
    return r;
}

/* Pages mmap(FIXED)/munmap/mprotect may touch: the cVM's own anonymous memory.  The
 * image, the runtime table and the main stack are the monitor's to keep. */
static int own_range(struct iv_vmem *vm, uint64_t lo, uint64_t hi)
{
    for (size_t i = 0; i < vm->n; i++)
        if (vm->m[i].lo < hi && vm->m[i].hi > lo && vm->m[i].kind != IV_MK_ANON)
            return 0;
    return 1;
}

static long hc_mmap(uint64_t addr, uint64_t len, uint64_t prot, uint64_t flags)
{
    struct iv_vmem *vm = &CVM->vm;
    if (prot & ~(uint64_t)(IV_PROT_READ | IV_PROT_WRITE))
        return -EPERM; /* never executable (and nothing else exists) */
    if (flags & ~(uint64_t)IV_MAP_FIXED)
        return -EINVAL;
    if (!len || len > IV_REGION_SIZE)
        return -EINVAL;
    uint64_t plen = (len + IV_PAGE_SIZE - 1) & ~(uint64_t)(IV_PAGE_SIZE - 1);
    long r;
    pthread_rwlock_wrlock(&vm->lock);
    uint64_t lo, hi;
    if (flags & IV_MAP_FIXED) {
        r = page_range(vm, addr, plen, &lo, &hi);
        if (r)
            goto out;
        /* Only the cVM's own anonymous memory (or nothing) may be replaced. */
        if (!own_range(vm, lo, hi)) {
            r = -EINVAL;
            goto out;
        }
    } else {
        lo = vmem_find_free(vm, plen);
        if (!lo) {
            r = -ENOMEM;
            goto out;
        }
        hi = lo + plen;
    }
    /* A PROT_NONE mapping is a reservation: no memory, no charge. */
    if (vmem_over_budget(vm, vmem_charged(vm, lo, hi), prot ? plen : 0) || vmem_room(vm, lo, hi, VMEM_NEW)) {
        r = -ENOMEM; /* over the memory budget, or at the mapping limit */
        goto out;
    }
    void *p = mmap((void *)(uintptr_t)(vm->base + lo), plen, host_prot(prot),
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        vmem_set(vm, 0, 0, 0, 0); /* gives the room back */
        r = -ENOMEM;
        goto out;
    }
    vmem_set(vm, lo, hi, vm_prot(prot), IV_MK_ANON);
    r = (long)(vm->base + lo);
out:
    pthread_rwlock_unlock(&vm->lock);
    return r;
}

static long hc_munmap(uint64_t addr, uint64_t len)
{
    struct iv_vmem *vm = &CVM->vm;
    uint64_t lo, hi;
    pthread_rwlock_wrlock(&vm->lock);
    long r = page_range(vm, addr, len, &lo, &hi);
    if (!r && !own_range(vm, lo, hi))
        r = -EINVAL;
    if (!r && vmem_room(vm, lo, hi, VMEM_GONE))
        r = -ENOMEM; /* punching a hole splits a mapping: as Linux at its map limit */
    if (!r) {
        void *p = mmap((void *)(uintptr_t)(vm->base + lo), hi - lo, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
        r = p == MAP_FAILED ? -ENOMEM : 0;
        vmem_set(vm, lo, r ? lo : hi, 0, 0); /* records the hole, or gives the room back */
    }
    pthread_rwlock_unlock(&vm->lock);
    return r;
}

static long hc_mprotect(uint64_t addr, uint64_t len, uint64_t prot)
{
    struct iv_vmem *vm = &CVM->vm;
    if (prot & ~(uint64_t)(IV_PROT_READ | IV_PROT_WRITE))
        return -EPERM;
    uint64_t lo, hi;
    pthread_rwlock_wrlock(&vm->lock);
    long r = page_range(vm, addr, len, &lo, &hi);
    if (!r && !vmem_covered(vm, lo, hi, 0, 1u << IV_MK_ANON))
        r = -ENOMEM; /* like Linux: not all mapped */
    if (!r && prot && vmem_over_budget(vm, vmem_charged(vm, lo, hi), hi - lo))
        r = -ENOMEM; /* committing reserved pages beyond the budget */
    if (!r && vmem_room(vm, lo, hi, VMEM_KEEP))
        r = -ENOMEM; /* a split: as Linux at its map limit */
    if (!r) {
        r = mprotect((void *)(uintptr_t)(vm->base + lo), hi - lo, host_prot(prot)) ? -errno : 0;
        /* Charged once accessible, until unmapped (vmem.h); settles the
         * entries' charge either way. */
        if (r)
            vmem_set(vm, lo, lo, 0, 0);
        else
            vmem_protect(vm, lo, hi, vm_prot(prot));
    }
    pthread_rwlock_unlock(&vm->lock);
    return r;
}

/* IV_HUGE_PAGES=off: advice taken, never applied (measuring, density);
 * per cVM, iv_cvm_opts.small_pages.
 * Read once, by the constructor below. */
static int huge_pages_off;

/* Transparent huge pages for a range of the cVM's own anonymous memory,
 * or not.  Advice only: the memory, and so its charge, is unchanged; what
 * changes is the kernel mapping's flag, a split being paid for like an
 * mprotect's.  A mapped range that is not all the cVM's anonymous memory
 * (image, main stack, CAP Files: the monitor's to keep) is left as it is. */
static long hc_madvise(uint64_t addr, uint64_t len, uint64_t advice)
{
    struct iv_vmem *vm = &CVM->vm;
    if (advice != IV_MADV_HUGEPAGE && advice != IV_MADV_NOHUGEPAGE)
        return -EINVAL;
    uint64_t lo, hi;
    pthread_rwlock_wrlock(&vm->lock);
    /* Any mapped range takes advice, as on Linux (a program may advise
     * its .bss); only the heap zone holds the cVM's anonymous memory. */
    long r = region_range(vm, addr, len, &lo, &hi);
    if (!r && !vmem_covered(vm, lo, hi, 0, 0))
        r = -ENOMEM; /* like Linux: not all mapped */
    else if (!r && (!vmem_covered(vm, lo, hi, 0, 1u << IV_MK_ANON) || huge_pages_off || CVM->small_pages))
        goto out;
    if (!r && vmem_room(vm, lo, hi, VMEM_KEEP))
        r = -ENOMEM;
    if (!r) {
        int huge = advice == IV_MADV_HUGEPAGE;
        r = madvise((void *)(uintptr_t)(vm->base + lo), hi - lo, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE) ? -errno : 0;
        if (r)
            vmem_set(vm, lo, lo, 0, 0); /* gives the room back */
        else
            vmem_advise_huge(vm, lo, hi, huge);
    }
out:
    pthread_rwlock_unlock(&vm->lock);
    return r;
}

static long hc_getname(uint64_t buf, uint64_t len)
{
    struct iv_cvm *c = CVM;
    size_t n = strlen(c->name);
    if (!len)
        return (long)n;
    pthread_rwlock_rdlock(&c->vm.lock);
    char *p = vmem_check(&c->vm, buf, len, IV_P_R | IV_P_W);
    if (p) {
        size_t k = n < len - 1 ? n : len - 1;
        memcpy(p, c->name, k);
        p[k] = 0;
    }
    pthread_rwlock_unlock(&c->vm.lock);
    return p ? (long)n : -EFAULT;
}

/* Indexed by slot; transition.S calls through it.  One page of its own, so
 * that iv_hostcall_seal can make it read-only once every subsystem has
 * registered: nothing can redirect a hostcall later. */
iv_hc_fn iv_hostcall_table[IV_HC_MAX] __attribute__((aligned(4096)));
_Static_assert(sizeof iv_hostcall_table == 4096, "the table is one page");

void iv_hostcall_register(int slot, iv_hc_fn fn)
{
    if (slot >= 0 && slot < IV_HC_MAX)
        iv_hostcall_table[slot] = fn;
}

/* The core's own slots; the rest answer ENOSYS until a subsystem fills them. */
__attribute__((constructor)) static void core_hostcalls(void)
{
    const char *e = getenv("IV_HUGE_PAGES");
    huge_pages_off = e && !strcmp(e, "off");
    for (int i = 0; i < IV_HC_MAX; i++)
        iv_hostcall_table[i] = IV_HC_FN(hc_enosys);
    static const struct {
        int slot;
        iv_hc_fn fn;
    } core[] = {
        {IV_HC_EXIT, IV_HC_FN(hc_exit)},
        {IV_HC_CLOCK, IV_HC_FN(hc_clock)},
        {IV_HC_NANOSLEEP, IV_HC_FN(hc_nanosleep)},
        {IV_HC_SCHED_YIELD, IV_HC_FN(hc_sched_yield)},
        {IV_HC_SIGBOX, IV_HC_FN(hc_sigbox)},
        {IV_HC_GETRANDOM, IV_HC_FN(hc_getrandom)},
        {IV_HC_THREAD_CREATE, IV_HC_FN(hc_thread_create)},
        {IV_HC_THREAD_EXIT, IV_HC_FN(hc_thread_exit)},
        {IV_HC_THREAD_JOIN, IV_HC_FN(hc_thread_join)},
        {IV_HC_THREAD_SELF, IV_HC_FN(hc_thread_self)},
        {IV_HC_SET_TP, IV_HC_FN(hc_set_tp)},
        {IV_HC_FUTEX_WAIT, IV_HC_FN(hc_futex_wait)},
        {IV_HC_FUTEX_WAKE, IV_HC_FN(hc_futex_wake)},
        {IV_HC_MMAP, IV_HC_FN(hc_mmap)},
        {IV_HC_MUNMAP, IV_HC_FN(hc_munmap)},
        {IV_HC_MPROTECT, IV_HC_FN(hc_mprotect)},
        {IV_HC_MADVISE, IV_HC_FN(hc_madvise)},
        {IV_HC_GETNAME, IV_HC_FN(hc_getname)},
    };
    for (size_t i = 0; i < sizeof core / sizeof core[0]; i++)
        iv_hostcall_table[core[i].slot] = core[i].fn;
}

int iv_hostcall_seal(void)
{
    return mprotect(iv_hostcall_table, sizeof iv_hostcall_table, PROT_READ);
}
