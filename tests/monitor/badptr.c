/* Passes every kind of bad pointer to the hostcalls that take one and
 * expects -EFAULT (14) each time, never a crash.  Prints one line per case
 * and exits with the number of failures. */
#include "util.h"

#define EFAULT 14
static const char rodata[64] = "read-only";


static void dummy(void *a)
{
    (void)a;
    iv_thread_exit();
}

int main(void)
{
    unsigned long base = t_region_base();
    volatile unsigned long rt = 0x10000;
    unsigned long mon = *(volatile unsigned long *)rt; /* a trampoline */
    char buf[16];
    long stk = iv_mmap(0, 65536, IV_PROT_READ | IV_PROT_WRITE, 0);
    struct {
        const char *name;
        unsigned long p;
    } bad[] = {
        {"NULL", 0},
        {"low-guard", base + 0x8},
        {"rt-gap", base + 0x20000},
        {"next-region", base + (1ul << 32) + 0x200000},
        {"prev-region", base - (1ul << 32) + 0x200000},
        {"monitor", mon},
        {"kernel", 0xffff800000000000ul},
        {"high-guard", base + 0xfffffff0ul},
        {"unmapped", base + 0x40000000ul},
        /* A region offset is not an address -- except in the low region
         * (B = 0, monitor/core/arena.c), where the two are the same: there
         * the case repeats next-region. */
        {"offset-only", base ? 0x200000 : (1ul << 32) + 0x200000},
        /* Beside a cVM in the low region (suite.sh runs one first), its
         * image; alone, nothing. */
        {"low-region", base ? 0x201000 : (1ul << 32) + 0x201000},
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        void *p = (void *)bad[i].p;
        t_puts(bad[i].name);
        t_puts("\n");
        expect("write", iv_write(1, p, 4), -EFAULT);
        expect("read", iv_read(0, p, 4), -EFAULT);
        expect("getrandom", iv_getrandom(p, 4), -EFAULT);
        expect("getname", iv_getname(p, 4), -EFAULT);
        expect("futex_wait", iv_futex_wait(p, 0, 0, 0), -EFAULT);
        expect("futex_wake", iv_futex_wake(p, 1, 0), -EFAULT);
        expect("thread_create stack", iv_thread_create(dummy, 0, p, 0, 0), -EFAULT);
        if (p) /* a NULL ctid means "none" */
            expect("thread_create ctid", iv_thread_create(dummy, 0, (char *)stk + 65536, 0, p), -EFAULT);
    }
    /* Lengths that run off the end or wrap around. */
    expect("wrap", iv_write(1, buf, (unsigned long)-8), -EFAULT);
    expect("wrap-read", iv_read(0, buf, ~0ul - 100), -EFAULT);
    expect("past-region", iv_write(1, (void *)(base + 0xffffff00ul), 0x200), -EFAULT);
    expect("past-stack", iv_write(1, buf, 1ul << 31), -EFAULT);
    /* Read-only memory as an output buffer. */
    expect("ro-read", iv_read(0, (void *)rodata, 4), -EFAULT);
    expect("ro-getrandom", iv_getrandom((void *)rodata, 4), -EFAULT);
    expect("ro-getname", iv_getname((char *)rodata, 4), -EFAULT);
    expect("code-read", iv_read(0, (void *)main, 4), -EFAULT);
    expect("rt-read", iv_read(0, (void *)(base + 0x10000), 8), -EFAULT);
    long pg = iv_mmap(0, 8192, IV_PROT_READ, 0);
    expect("mmap-ro", IV_IS_ERR(pg), 0);
    expect("ro-mmap-read", iv_read(0, (void *)pg, 4), -EFAULT);
    expect("ro-mmap-getrandom", iv_getrandom((void *)(pg + 4000), 200), -EFAULT);
    /* Memory management never makes anything executable or touches the image. */
    expect("mmap-exec", iv_mmap(0, 4096, 4 | IV_PROT_READ, 0), -1 /* EPERM */);
    expect("mprotect-exec", iv_mprotect((void *)pg, 4096, 4), -1);
    expect("munmap-image", iv_munmap((void *)((unsigned long)main & ~4095ul), 4096), -22);
    expect("mprotect-code", iv_mprotect((void *)((unsigned long)main & ~4095ul), 4096, 3), -22);
    expect("mmap-fixed-image", iv_mmap((void *)(base + 0x200000), 4096, 3, IV_MAP_FIXED), -22);
    expect("munmap-other", iv_munmap((void *)(base + (1ul << 32) + 0x200000), 4096), -22);
    /* After munmap the pages are gone for hostcalls too. */
    expect("munmap", iv_munmap((void *)pg, 8192), 0);
    expect("after-munmap", iv_write(1, (void *)pg, 4), -EFAULT);
    /* Good pointers still work. */
    expect("good-getrandom", iv_getrandom(buf, 16), 16);
    expect("good-write", iv_write(1, "good\n", 5), 5);
    t_puts(t_fails ? "badptr FAILED\n" : "badptr ok\n");
    return t_fails;
}
