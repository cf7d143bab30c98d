/* seccomp-BPF filter.  Two walls:
 *  1. a system call from a PC inside the region arena kills the process:
 *     the verifier forbids every syscall instruction, so this can only
 *     mean the verifier is wrong, and nothing in the process is trusted
 *     after that.  The arena is 4 GiB aligned, so the test is on the high
 *     32 bits of the PC only.
 *  2. an allow-list of what the monitor itself needs after start-up (no
 *     exec; PROT_EXEC only inside the arena; the socket calls net/ makes
 *     for cVMs after its policy checks).  A violation
 *     raises SIGSYS and the monitor aborts with the number.  open/openat
 *     fail with EACCES instead (glibc tolerates that on its rare internal
 *     opens). */
#include "core/seccomp.h"
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <intravisor/sfi.h>
#include "core/arena.h"

#define LD(off) (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define JEQ(v, t, f) (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (v), (t), (f))
#define JGE(v, t, f) (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (v), (t), (f))
#define RET(v) (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, (v))

static const int allowed[] = {
    SYS_read, SYS_write, SYS_readv, SYS_writev, SYS_close, SYS_fstat, SYS_newfstatat, SYS_lseek,
    SYS_munmap, SYS_madvise, SYS_brk, SYS_mremap, SYS_rt_sigaction, SYS_rt_sigprocmask,
    SYS_rt_sigreturn, SYS_rt_sigtimedwait, SYS_sigaltstack, SYS_clone, SYS_clone3, SYS_exit,
    SYS_exit_group, SYS_futex, SYS_set_robust_list, SYS_rseq, SYS_gettid, SYS_getpid, SYS_tgkill,
    SYS_tkill, SYS_nanosleep, SYS_clock_nanosleep, SYS_clock_gettime, SYS_getrandom,
    SYS_sched_yield, SYS_arch_prctl, SYS_getppid, SYS_sched_getaffinity, SYS_prlimit64,
    SYS_ioctl, SYS_membarrier, SYS_sysinfo, SYS_uname, SYS_restart_syscall, SYS_fcntl,
    SYS_getuid, SYS_geteuid, SYS_getgid, SYS_getegid, SYS_sched_getparam, SYS_sched_getscheduler,
    /* cVM files (fs.c, hc_fs.c, hc_fd.c): paths are opened only with
     * openat2 inside a root, so open/openat stay refused below. */
    SYS_openat2, SYS_pread64, SYS_pwrite64, SYS_getdents64, SYS_readlinkat, SYS_mkdirat,
    SYS_unlinkat, SYS_renameat2, SYS_symlinkat, SYS_linkat, SYS_ftruncate, SYS_fsync,
    SYS_fdatasync, SYS_faccessat2, SYS_utimensat, SYS_fchmod, SYS_fchmodat, SYS_pipe2, SYS_poll,
    SYS_ppoll,
    /* poll on CAP Stream ends (hc_fd.c) */
    SYS_eventfd2,
    /* CAP Files created at run time (capfile.c); mapped never executable. */
    SYS_memfd_create,
    /* The main stack is charged for its resident pages (vmem.c). */
    SYS_mincore,
    /* cVM sockets and events (net/) */
    SYS_socket, SYS_socketpair, SYS_bind, SYS_listen, SYS_accept4, SYS_connect, SYS_sendmsg,
    SYS_recvmsg, SYS_shutdown, SYS_getsockname, SYS_getpeername, SYS_setsockopt, SYS_getsockopt,
    SYS_epoll_create1, SYS_epoll_ctl, SYS_epoll_wait, SYS_epoll_pwait, SYS_timerfd_create,
    SYS_timerfd_settime, SYS_timerfd_gettime, SYS_sendfile,
};

static int extra[16], nextra;

void iv_seccomp_allow(const int *nrs, int n)
{
    for (int i = 0; i < n && nextra < 16; i++)
        extra[nextra++] = nrs[i];
}

static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    char msg[96];
    int n = snprintf(msg, sizeof msg, "intravisor: FATAL: seccomp: monitor made forbidden system call %d\n",
                     si->si_syscall);
    if (write(2, msg, (size_t)n) < 0) {
    }
    signal(SIGABRT, SIG_DFL);
    raise(SIGABRT);
    _exit(134);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The allow list as a binary search tree over sorted numbers (~7
 * comparisons instead of ~55 in a linear list; the filter runs on every
 * system call the monitor makes, i.e. in every hostcall that reaches the
 * kernel).  A leaf of up to LEAF numbers compares each and jumps to
 * `hit`, or else to `miss` (absolute instruction indexes after the tree). */
#define LEAF 4
static int tree_size(int lo, int hi)
{
    if (hi - lo <= LEAF)
        return hi - lo + 1;
    int mid = lo + (hi - lo) / 2;
    return 1 + tree_size(lo, mid) + tree_size(mid, hi);
}

static void tree_emit(struct sock_filter *f, int *n, const uint32_t *nrs, int lo, int hi, int hit, int miss)
{
    if (hi - lo <= LEAF) {
        for (int i = lo; i < hi; i++, (*n)++)
            f[*n] = JEQ(nrs[i], (uint8_t)(hit - *n - 1), 0);
        f[*n] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA, (uint32_t)(miss - *n - 1));
        (*n)++;
        return;
    }
    int mid = lo + (hi - lo) / 2;
    f[*n] = JGE(nrs[mid], (uint8_t)tree_size(lo, mid), 0); /* >= mid: skip the left subtree */
    (*n)++;
    tree_emit(f, n, nrs, lo, mid, hit, miss);
    tree_emit(f, n, nrs, mid, hi, hit, miss);
}

int iv_seccomp_program(struct sock_filter *f, int allow_list, int allow_open)
{
    int n = 0;
    uint32_t lo = (uint32_t)(iv_arena_lo >> 32), hi = (uint32_t)(iv_arena_hi >> 32);
    f[n++] = LD(offsetof(struct seccomp_data, arch));
    f[n++] = JEQ(AUDIT_ARCH_X86_64, 1, 0);
    f[n++] = RET(SECCOMP_RET_KILL_PROCESS);
    /* high half of the instruction pointer: not in a region (0: the low
     * region, arena.c) */
    f[n++] = LD(offsetof(struct seccomp_data, instruction_pointer) + 4);
    if (iv_low_region)
        f[n++] = JEQ(0, 2, 0);
    f[n++] = JGE(lo, 0, 2);
    f[n++] = JGE(hi, 1, 0);
    f[n++] = RET(SECCOMP_RET_KILL_PROCESS);
    f[n++] = LD(offsetof(struct seccomp_data, nr));
    if (!allow_list) {
        f[n++] = RET(SECCOMP_RET_ALLOW);
    } else {
        /* x32 numbers have bit 30 set: refuse them. */
        f[n++] = JGE(0x40000000u, 0, 1);
        f[n++] = RET(SECCOMP_RET_TRAP);
        /* Opening files fails softly (EACCES) rather than aborting: glibc
         * opens /sys or /proc files on rare internal paths (CPU counts for
         * malloc arenas, ...) and copes with a failure. */
        if (!allow_open) {
            f[n++] = JEQ(SYS_openat, 1, 0);
            f[n++] = JEQ(SYS_open, 0, 1);
            f[n++] = RET(SECCOMP_RET_ERRNO | EACCES);
        }
        /* After the list (k = its end): mmap and mprotect may ask for
         * PROT_EXEC only inside the arena (the loader mapping verified
         * code); everything else unlisted traps.
         *   k: mmap?  k+1: mprotect?  k+2: load prot  k+3: PROT_EXEC?
         *   k+4: load addr high  k+5: >= arena lo?  k+6: >= arena hi?
         *   k+7: TRAP  k+8: ALLOW.   A listed number jumps to k+8.
         * With the low region, k+5 is "high half 0?" (to ALLOW) and the
         * rest move down by one. */
        int low = iv_low_region ? 1 : 0;
        uint32_t nrs[sizeof allowed / sizeof allowed[0] + 17];
        int nallow = 0;
        for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
            nrs[nallow++] = (uint32_t)allowed[i];
        for (int i = 0; i < nextra; i++)
            nrs[nallow++] = (uint32_t)extra[i];
        if (allow_open)
            nrs[nallow++] = SYS_openat;
        qsort(nrs, (size_t)nallow, sizeof nrs[0], cmp_u32);
        int k = n + tree_size(0, nallow);
        if (k + 9 + low > 255) { /* a leaf's jump to `hit` is 8 bits; f[] has 256 */
            fprintf(stderr, "intravisor: seccomp: allow list too long\n");
            return -1;
        }
        tree_emit(f, &n, nrs, 0, nallow, k + 8 + low, k);
        f[n++] = JEQ(SYS_mmap, 1, 0);
        f[n++] = JEQ(SYS_mprotect, 0, (uint8_t)(5 + low));
        f[n++] = LD(offsetof(struct seccomp_data, args[2]));
        f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, PROT_EXEC, 0, (uint8_t)(4 + low));
        f[n++] = LD(offsetof(struct seccomp_data, args[0]) + 4);
        if (low)
            f[n++] = JEQ(0, 3, 0);
        f[n++] = JGE(lo, 0, 1);
        f[n++] = JGE(hi, 0, 1);
        f[n++] = RET(SECCOMP_RET_TRAP);
        f[n++] = RET(SECCOMP_RET_ALLOW);
    }
    return n;
}

int iv_seccomp_listed(int nr)
{
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
        if (allowed[i] == nr)
            return 1;
    for (int i = 0; i < nextra; i++)
        if (extra[i] == nr)
            return 1;
    return 0;
}

int iv_seccomp_install(int allow_list, int allow_open)
{
    struct sock_filter f[256];
    int n = iv_seccomp_program(f, allow_list, allow_open);
    if (n < 0)
        return -1;
    struct sock_fprog prog = {.len = (unsigned short)n, .filter = f};
    if (allow_list) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = on_sigsys;
        sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigaction(SIGSYS, &sa, NULL);
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
        syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog)) {
        fprintf(stderr, "intravisor: seccomp: %s\n", strerror(errno));
        return -1;
    }
    return 0;
}
