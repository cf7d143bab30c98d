/* misc CASE: smaller hostcall and thread behaviours, one per CASE (see
 * tests/monitor/suite.sh for the expected status of each). */
#include "util.h"

#define EAGAIN 11
#define ETIMEDOUT 110
#define EDEADLK 35
#define ESRCH 3
#define EINVAL 22
#define ENOSYS 38

static int word;


static void *stack(void)
{
    long p = iv_mmap(0, 65536, IV_PROT_READ | IV_PROT_WRITE, 0);
    return IV_IS_ERR(p) ? 0 : (char *)p + 65536;
}

static void faulter(void *a)
{
    (void)a;
    iv_nanosleep(20 * 1000 * 1000);
    __builtin_trap();
}

static void exiter(void *a)
{
    (void)a;
    iv_nanosleep(20 * 1000 * 1000);
    iv_exit(7);
}

static void quitter(void *a)
{
    (void)a;
    iv_nanosleep(20 * 1000 * 1000);
    t_puts("last thread out\n");
    iv_thread_exit();
}

/* Runtime calls to slots that have no hostcall: -ENOSYS. */
#define SLOT_CALL(disp)                                                                        \
    static long call_##disp(void)                                                              \
    {                                                                                          \
        long r;                                                                                \
        __asm__ volatile(".bundle_lock align_to_end\n\taddr32 call *%%gs:" #disp "\n\t.bundle_unlock" \
                         : "=a"(r)                                                             \
                         :                                                                     \
                         : "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory", "cc"); \
        return r;                                                                              \
    }
SLOT_CALL(0x10298) /* slot 83 (IV_HC_COUNT), the first unused */
_Static_assert(IV_HC_SLOT(IV_HC_COUNT) == 0x10298, "update the first unused slot");
SLOT_CALL(0x10ff8) /* slot 511, the last */

static void noop(void *a)
{
    (void)a;
    iv_thread_exit();
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    const char *k = argv[1];
    if (t_streq(k, "thread-fault")) { /* a thread faults while main waits */
        long tid = iv_thread_create(faulter, 0, stack(), 0, 0);
        iv_thread_join((int)tid);
        t_puts("main survived\n");
        return 0;
    }
    if (t_streq(k, "thread-exit")) { /* a thread calls exit while main blocks */
        iv_thread_create(exiter, 0, stack(), 0, 0);
        for (;;)
            iv_futex_wait(&word, 0, -1, 0);
    }
    if (t_streq(k, "all-exit")) { /* main leaves first; status 0 at the end */
        iv_thread_create(quitter, 0, stack(), 0, 0);
        iv_thread_exit();
    }
    if (t_streq(k, "churn")) { /* more threads over time than live at once */
        void *st = stack();
        static int ctid;
        for (int i = 0; i < 2500; i++) {
            ctid = -1;
            long tid = iv_thread_create(noop, 0, st, 0, &ctid);
            if (tid < 0) {
                t_puts("create failed at ");
                t_putnum(i);
                t_puts("\n");
                return 1;
            }
            while (__atomic_load_n(&ctid, __ATOMIC_ACQUIRE))
                iv_futex_wait(&ctid, -1, -1, 0);
        }
        t_puts("churn ok\n");
        return 0;
    }
    if (t_streq(k, "read-block")) { /* blocks in a host read until ended */
        char b[8];
        iv_read(0, b, sizeof b);
        return 0;
    }
    if (t_streq(k, "mprotect-fault")) {
        long p = iv_mmap(0, 4096, IV_PROT_READ | IV_PROT_WRITE, 0);
        *(volatile int *)p = 1;
        expect("mprotect", iv_mprotect((void *)p, 4096, IV_PROT_READ), 0);
        expect("still readable", *(volatile int *)p, 1);
        *(volatile int *)p = 2;
        return 0;
    }
    if (t_streq(k, "calls")) {
        expect("futex EAGAIN", iv_futex_wait(&word, 1, -1, 0), -EAGAIN);
        expect("futex timeout", iv_futex_wait(&word, 0, 10 * 1000 * 1000, 0), -ETIMEDOUT);
        expect("futex shared timeout", iv_futex_wait(&word, 0, 1000, IV_FUTEX_SHARED), -ETIMEDOUT);
        expect("futex misaligned", iv_futex_wait((int *)((char *)&word + 1), 0, 0, 0), -EINVAL);
        expect("futex bad flags", iv_futex_wake(&word, 1, 8), -EINVAL);
        expect("futex wake none", iv_futex_wake(&word, 1, 0), 0);
        int64_t t0 = iv_clock(IV_CLOCK_MONOTONIC);
        expect("nanosleep", iv_nanosleep(20 * 1000 * 1000), 0);
        int64_t dt = iv_clock(IV_CLOCK_MONOTONIC) - t0;
        expect("slept >= 20ms", dt >= 20 * 1000 * 1000, 1);
        expect("nanosleep negative", iv_nanosleep(-1), -EINVAL);
        expect("realtime sane", iv_clock(IV_CLOCK_REALTIME) > 1600000000LL * 1000000000LL, 1);
        expect("bad clock", iv_clock(7), -EINVAL);
        expect("self", iv_thread_self(), 1);
        expect("join self", iv_thread_join(1), -EDEADLK);
        expect("join none", iv_thread_join(999), -ESRCH);
        expect("bad fd", iv_write(5, "x", 1), -9);
        expect("bad fd big", iv_write(1 << 30, "x", 1), -9);
        char name[8];
        expect("getname len", iv_getname(name, sizeof name), 9);
        expect("getname trunc", t_streq(name, "misc-na"), 1);
        expect("getname 0", iv_getname(0, 0), 9);
        /* memory: fixed mappings, budget-neutral replace, holes */
        long a = iv_mmap(0, 3 * 4096, IV_PROT_READ | IV_PROT_WRITE, 0);
        expect("mmap", IV_IS_ERR(a), 0);
        expect("munmap middle", iv_munmap((void *)(a + 4096), 4096), 0);
        expect("write across hole", iv_write(1, (void *)a, 3 * 4096), -14);
        expect("fixed refill", iv_mmap((void *)(a + 4096), 4096, IV_PROT_READ | IV_PROT_WRITE, IV_MAP_FIXED),
               a + 4096);
        expect("fixed unaligned", iv_mmap((void *)(a + 1), 4096, 3, IV_MAP_FIXED), -EINVAL);
        expect("mmap zero", iv_mmap(0, 0, 3, 0), -EINVAL);
        expect("mmap flags", iv_mmap(0, 4096, 3, 1), -EINVAL);
        expect("munmap unaligned", iv_munmap((void *)(a + 1), 4096), -EINVAL);
        expect("mprotect none", iv_mprotect((void *)a, 4096, IV_PROT_NONE), 0);
        expect("write from none", iv_write(1, (void *)a, 1), -14);
        /* The cVM's MXCSR and x87 control word survive a hostcall (the
         * monitor runs with its own in between). */
        unsigned mx = 0x1f80 | (3u << 13) | (1u << 15), mx2 = 0; /* round to zero, FTZ */
        unsigned short cw = 0x37f & ~0x300, cw2 = 0;              /* single precision */
        __asm__ volatile("ldmxcsr %0" ::"m"(mx));
        __asm__ volatile("fldcw %0" ::"m"(cw));
        iv_thread_self();
        __asm__ volatile("stmxcsr %0" : "=m"(mx2));
        __asm__ volatile("fnstcw %0" : "=m"(cw2));
        expect("mxcsr kept", mx2, mx);
        expect("fcw kept", cw2, cw);
        mx = 0x1f80;
        cw = 0x37f;
        __asm__ volatile("ldmxcsr %0" ::"m"(mx));
        __asm__ volatile("fldcw %0" ::"m"(cw));
        expect("slot 83", call_0x10298(), -ENOSYS);
        expect("slot 511", call_0x10ff8(), -ENOSYS);
        t_puts(t_fails ? "calls FAILED\n" : "calls ok\n");
        return t_fails;
    }
    return 2;
}
