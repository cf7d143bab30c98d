/* Exercises the monitor's real seccomp filter (monitor/core/seccomp.c) without
 * an unverified cVM image: this native test maps a few bytes of code into
 * the region arena itself, installs the filter, and:
 *   arena      jumps to `syscall` (getpid) inside the arena  -> killed by SIGSYS
 *   open       openat from monitor code                     -> fails with EACCES
 *   forbidden  ptrace from monitor code (sockets are allowed: net/) -> SIGSYS trap, abort
 *   exec       mprotect(PROT_EXEC) outside the arena        -> SIGSYS trap, abort
 *   allowed    getppid + an exec mapping inside the arena   -> exit 0 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "core/arena.h"
#include "core/seccomp.h"

int main(int argc, char **argv)
{
    if (argc < 2 || arena_init(1))
        return 2;
    uint64_t base = arena_alloc();
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
