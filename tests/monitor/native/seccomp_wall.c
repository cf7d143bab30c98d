/* Exercises the monitor's real seccomp filter (monitor/core/seccomp.c) without
 * an unverified cVM image: this native test maps a few bytes of code into
 * the region arena itself, installs the filter, and:
 *   arena      jumps to `syscall` (getpid) inside the arena  -> killed by SIGSYS
 *   open       openat from monitor code                     -> fails with EACCES
 *   forbidden  ptrace from monitor code (sockets are allowed: net/) -> SIGSYS trap, abort
 *   exec       mprotect(PROT_EXEC) outside the arena        -> SIGSYS trap, abort
 *   allowed    getppid + an exec mapping inside the arena   -> exit 0
 *   every      runs the filter program in a small BPF interpreter for
 *              every system call number 0-1023 from monitor code: allowed
 *              exactly when listed (openat: EACCES; mmap/mprotect without
 *              PROT_EXEC: allowed), trapped otherwise -> exit 0 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stddef.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include "core/arena.h"
#include "core/seccomp.h"

/* The classic-BPF subset the filter uses, over one seccomp_data. */
static uint32_t run_bpf(const struct sock_filter *f, int n, const struct seccomp_data *d)
{
    uint32_t a = 0;
    for (int pc = 0; pc < n; pc++) {
        const struct sock_filter *i = &f[pc];
        switch (i->code) {
        case BPF_LD | BPF_W | BPF_ABS:
            memcpy(&a, (const char *)d + i->k, 4);
            break;
        case BPF_JMP | BPF_JEQ | BPF_K:
            pc += a == i->k ? i->jt : i->jf;
            break;
        case BPF_JMP | BPF_JGE | BPF_K:
            pc += a >= i->k ? i->jt : i->jf;
            break;
        case BPF_JMP | BPF_JSET | BPF_K:
            pc += a & i->k ? i->jt : i->jf;
            break;
        case BPF_JMP | BPF_JA:
            pc += (int)i->k;
            break;
        case BPF_RET | BPF_K:
            return i->k;
        default:
            return 0xdead;
        }
    }
    return 0xdead; /* fell off the end */
}

static int every(void)
{
    struct sock_filter f[256];
    int n = iv_seccomp_program(f, 1, 0), bad = 0;
    if (n <= 0)
        return 2;
    for (int nr = 0; nr < 1024; nr++) {
        struct seccomp_data d = {.nr = nr, .arch = AUDIT_ARCH_X86_64, .instruction_pointer = (uint64_t)(uintptr_t)&every};
        uint32_t want = iv_seccomp_listed(nr) || nr == SYS_mmap || nr == SYS_mprotect ? SECCOMP_RET_ALLOW
                        : nr == SYS_openat || nr == SYS_open                            ? SECCOMP_RET_ERRNO | EACCES
                                                                                        : SECCOMP_RET_TRAP;
        uint32_t got = run_bpf(f, n, &d);
        if (got != want) {
            fprintf(stderr, "nr %d: filter says %#x, want %#x\n", nr, got, want);
            bad++;
        }
    }
    return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || arena_init(1))
        return 2;
    if (!strcmp(argv[1], "every"))
        return every();
    uint64_t base;
    if (arena_alloc(&base))
        return 2;
    unsigned char *code = (unsigned char *)(uintptr_t)(base + 0x100000);
    if (mmap(code, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
        return 2;
    /* mov $SYS_getpid, %eax; syscall; ret */
    static const unsigned char insn[] = {0xb8, SYS_getpid, 0, 0, 0, 0x0f, 0x05, 0xc3};
    memcpy(code, insn, sizeof insn);
    if (mprotect(code, 4096, PROT_READ | PROT_EXEC))
        return 2;
    if (iv_seccomp_install(1, 0))
        return 3;
    if (!strcmp(argv[1], "arena")) {
        ((long (*)(void))(void *)code)();
        puts("arena syscall survived");
        return 1;
    }
    if (!strcmp(argv[1], "open"))
        return open("/dev/null", O_RDONLY) == -1 && errno == EACCES ? 0 : 1;
    if (!strcmp(argv[1], "forbidden")) {
        syscall(SYS_ptrace, 0, 0, 0, 0); /* PTRACE_TRACEME */
        return 1;
    }
    if (!strcmp(argv[1], "exec")) {
        static char page[8192] __attribute__((aligned(4096)));
        mprotect(page, 4096, PROT_READ | PROT_EXEC);
        return 1;
    }
    if (!strcmp(argv[1], "allowed")) {
        syscall(SYS_getppid);
        if (mprotect(code, 4096, PROT_READ | PROT_EXEC))
            return 1;
        return 0;
    }
    return 2;
}
