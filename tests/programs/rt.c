/* The C part of the test runtime: entry, TLS set-up, output, memcpy. */
#include "rt.h"

/* Thread-local storage for the main thread.  x86-64 TLS lies below the
 * thread pointer, and the word at the thread pointer points to itself
 * (what `%fs:0` reads).  In a cVM the monitor keeps the thread pointer and
 * a hostcall sets it (docs/sfi.md section 7).  Only
 * zero-initialised __thread data is supported here (no .tdata copy). */
static long tls_area[512] __attribute__((aligned(64)));

#ifdef NATIVE
#define SET_TP(tp) set_fs(tp)
void set_fs(void *tp);
#else
#define SET_TP(tp) hc_set_tp(tp)
#endif

__attribute__((used, noreturn)) void start_c(long *sp)
{
    long *tp = &tls_area[448];
    tp[0] = (long)tp;
    SET_TP(tp);
    int argc = (int)sp[0];
    char **argv = (char **)(sp + 1);
    int r = main(argc, argv);
    out_flush();
    hc_exit(r);
}

/* The entry: the kernel/monitor leaves rsp at argc.  This top-level asm is
 * rewritten by ivcc like compiler output (the andq on rsp becomes a 32-bit
 * and plus the re-base). */
__asm__(".text\n"
        ".globl _start\n"
        ".type _start,@function\n"
        "_start:\n"
        "\txorl %ebp, %ebp\n"
        "\tmovq %rsp, %rdi\n"
        "\tandq $-16, %rsp\n"
        "\tcall start_c\n"
        "\tud2\n");

/* For programs built with -fstack-protector*: ivcc has the canary read
 * from this global (-mstack-protector-guard=global), as musl provides. */
unsigned long __stack_chk_guard = 0x2a5ab1e0c0ffee00ul;
__attribute__((noreturn)) void __stack_chk_fail(void);
__attribute__((noreturn)) void __stack_chk_fail(void)
{
    out_str("stack smashing detected\n");
    out_flush();
    hc_exit(127);
}

void *memcpy(void *d, const void *s, unsigned long n)
{
    unsigned char *a = d;
    const unsigned char *b = s;
    while (n--)
        *a++ = *b++;
    return d;
}

void *memset(void *d, int c, unsigned long n)
{
    unsigned char *a = d;
    while (n--)
        *a++ = (unsigned char)c;
    return d;
}

static char obuf[8192];
static unsigned long olen;

void out_flush(void)
{
    if (olen)
        hc_write(1, obuf, olen);
    olen = 0;
}

void out_str(const char *s)
{
    while (*s) {
        if (olen == sizeof obuf)
            out_flush();
        obuf[olen++] = *s++;
    }
}

void out_num(long v)
{
    char b[24];
    int i = 23;
    unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
    b[i] = 0;
    do
        b[--i] = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        b[--i] = '-';
    out_str(b + i);
}

void out_hex(unsigned long v)
{
    char b[20];
    int i = 19;
    b[i] = 0;
    do
        b[--i] = "0123456789abcdef"[v & 15];
    while (v >>= 4);
    out_str(b + i);
}
