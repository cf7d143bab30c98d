/* fault KIND: dies in the way named.  Exits 0 only if it did not die. */
#include "util.h"

static char data_buf[64] __attribute__((aligned(64))) = {(char)0xc3};

/* Through a volatile so the address is in a register (an absolute address
 * operand is also fine by the contract, but keeps this test independent of
 * how the rewriter treats absolute operands). */
static void poke(unsigned long a)
{
    volatile unsigned long v = a;
    *(volatile int *)v = 1;
}

static int recurse(volatile int *p)
{
    volatile char pad[512];
    pad[0] = (char)*p;
    return recurse((volatile int *)pad) + pad[1];
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    const char *k = argv[1];
    volatile int zero = 0;
    if (t_streq(k, "guard-low"))
        poke(0x8);           /* region+8: low guard */
    else if (t_streq(k, "guard-high"))
        poke(0xfffffff0u);   /* high guard */
    else if (t_streq(k, "unmapped"))
        poke(0x40000000u);   /* never mapped */
    else if (t_streq(k, "stack"))
        return recurse(&zero);
    else if (t_streq(k, "ud2"))
        __builtin_trap();
    else if (t_streq(k, "int3"))
        __asm__ volatile("int3");
    else if (t_streq(k, "div0"))
        return 10 / zero;
    else if (t_streq(k, "jump-data"))
    {
        void (*volatile fp)(void) = (void (*)(void))(void *)data_buf; /* indirect */
        fp();
    }
    else if (t_streq(k, "rt-write"))
        poke(0x10000);      /* read-only table */
    else if (t_streq(k, "code-write"))
        *(volatile char *)(void *)main = 0;                 /* code is R-X */
    t_puts("survived\n");
    return 0;
}
