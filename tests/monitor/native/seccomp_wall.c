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
 *              PROT_EXEC: allowed), trapped otherwise; both forms of the
 *              program (wall 1 in it, or by syscall user dispatch: then it
 *              must never read the PC, and prctl passes only to turn
 *              dispatch on with the monitor's range) -> exit 0
 *   mode       prints which wall 1 the monitor chose ("dispatch" or
 *              "filter") -> exit 0 */
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

static int every_form(int dispatch)
{
    struct sock_filter f[256];
    int n = iv_seccomp_program(f, 1, 0, dispatch), bad = 0;
    if (n <= 0)
        return 1;
    for (int i = 0; dispatch && i < n; i++)
        if (f[i].code == (BPF_LD | BPF_W | BPF_ABS) &&
            f[i].k - offsetof(struct seccomp_data, instruction_pointer) < 8) {
            fprintf(stderr, "dispatch form reads the PC at %d: no action cache\n", i);
            bad++;
        }
    for (int nr = 0; nr < 1024; nr++) {
        struct seccomp_data d = {.nr = nr, .arch = AUDIT_ARCH_X86_64, .instruction_pointer = (uint64_t)(uintptr_t)&every_form};
        uint32_t want = iv_seccomp_listed(nr) || nr == SYS_mmap || nr == SYS_mprotect ? SECCOMP_RET_ALLOW
                        : nr == SYS_openat || nr == SYS_open                            ? SECCOMP_RET_ERRNO | EACCES
                                                                                        : SECCOMP_RET_TRAP;
        uint32_t got = run_bpf(f, n, &d);
        if (got != want) {
            fprintf(stderr, "form %d nr %d: filter says %#x, want %#x\n", dispatch, nr, got, want);
            bad++;
        }
    }
    /* prctl: only PR_SET_SYSCALL_USER_DISPATCH, ON, from the regions' end. */
    uint64_t from = iv_arena_hi;
    const uint64_t cases[][4] = {
        {59, 1, from, dispatch ? SECCOMP_RET_ALLOW : SECCOMP_RET_TRAP},
        {59, 0, from, SECCOMP_RET_TRAP},                  /* off */
        {59, 1, from - 4096, SECCOMP_RET_TRAP},           /* another range */
        {59, 1, from + (1ull << 32), SECCOMP_RET_TRAP},   /* high half differs */
        {59 + (1ull << 32), 1, from, SECCOMP_RET_TRAP},   /* high half of the option */
        {38, 1, 0, SECCOMP_RET_TRAP},                     /* PR_SET_NO_NEW_PRIVS */
        {22, 2, 0, SECCOMP_RET_TRAP},                     /* PR_SET_SECCOMP */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct seccomp_data d = {.nr = SYS_prctl, .arch = AUDIT_ARCH_X86_64,
                                 .instruction_pointer = (uint64_t)(uintptr_t)&every_form,
                                 .args = {cases[i][0], cases[i][1], cases[i][2], ~0ull - cases[i][2], 0, 0}};
        uint32_t got = run_bpf(f, n, &d);
        if (got != cases[i][3]) {
            fprintf(stderr, "form %d prctl case %zu: filter says %#x, want %#x\n", dispatch, i, got,
                    (unsigned)cases[i][3]);
            bad++;
        }
    }
    /* The PC test, in the form that has it: a call from a region is killed. */
    struct seccomp_data r = {.nr = SYS_getpid, .arch = AUDIT_ARCH_X86_64, .instruction_pointer = iv_arena_lo + 0x100000};
    uint32_t want = dispatch ? SECCOMP_RET_ALLOW : SECCOMP_RET_KILL_PROCESS;
    if (run_bpf(f, n, &r) != want) {
        fprintf(stderr, "form %d: a call from the arena gets %#x\n", dispatch, run_bpf(f, n, &r));
        bad++;
    }
    return bad;
}

static int every(void) { return every_form(0) + every_form(1) ? 1 : 0; }

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
    if (!strcmp(argv[1], "mode")) {
        puts(iv_wall_is_dispatch() ? "dispatch" : "filter");
        return 0;
    }
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
