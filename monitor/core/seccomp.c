/* seccomp-BPF filter and syscall user dispatch.  Two walls:
 *  1. a system call from a PC inside a region kills the process: the
 *     verifier forbids every syscall instruction, so this can only mean
 *     the verifier is wrong, and nothing in the process is trusted after
 *     that.  Where the kernel has syscall user dispatch (Linux 5.11) and
 *     every region lies below everything else that executes (arena.c puts
 *     the arena low), each thread that enters cVM code asks the kernel to
 *     send SIGSYS for any system call made below the regions' end; the
 *     handler ends the process by that signal.  The filter then has no PC
 *     test, and a filter that looks only at the call number lets the
 *     kernel cache its verdict (seccomp's action cache) instead of running
 *     it on each system call: ~25 ns less per hostcall that reaches the
 *     kernel.  Otherwise (IV_SYSCALL_DISPATCH=off, ASan builds, old
 *     kernels) the filter tests the PC itself: the regions are 4 GiB
 *     aligned, so the test is on the high 32 bits only.
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
#include <ucontext.h>
#include <intravisor/sfi.h>
#include "core/arena.h"

#ifndef PR_SET_SYSCALL_USER_DISPATCH
#define PR_SET_SYSCALL_USER_DISPATCH 59
#define PR_SYS_DISPATCH_ON 1
#endif
#ifndef SYS_USER_DISPATCH
#define SYS_USER_DISPATCH 2 /* si_code of its SIGSYS */
#endif

static int sud_mode;        /* 1: wall 1 is syscall user dispatch */
static __thread int sud_on; /* this thread has it on */

/* System calls from [0, sud_from) are refused: every region is there. */
static uint64_t sud_from(void) { return iv_arena_hi; }

static int sud_enable(void)
{
    uint64_t from = sud_from();
    return prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, from, ~0ull - from, 0);
}

/* Whether no executable mapping but verified code in a region lies below
 * `end` (after the filter, PROT_EXEC is only granted inside the regions,
 * so nothing of the monitor can appear there later). */
static int nothing_runs_below(uint64_t end)
{
    FILE *f = fopen("/proc/self/maps", "re");
    if (!f)
        return 0;
    char line[512], perm[8];
    unsigned long lo, hi;
    int ok = 1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perm) == 3 && perm[2] == 'x' && lo < end &&
            !(arena_contains(lo) && arena_contains(hi - 1)))
            ok = 0;
    fclose(f);
    return ok;
}

void iv_wall_init(void)
{
    static int decided;
    const char *e = getenv("IV_SYSCALL_DISPATCH");
    if (decided++ || (e && !strcmp(e, "off")) || !iv_arena_hi || !nothing_runs_below(sud_from()))
        return;
    if (sud_enable())
        return; /* a kernel without it */
    sud_on = 1;
    sud_mode = 1;
}

int iv_wall_thread(void)
{
    if (!sud_mode || sud_on)
        return 0;
    if (sud_enable())
        return -1;
    sud_on = 1;
    return 0;
}

int iv_wall_is_dispatch(void) { return sud_mode; }

#define LD(off) (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define JEQ(v, t, f) (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (v), (t), (f))
#define JGE(v, t, f) (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (v), (t), (f))
#define RET(v) (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, (v))

static const int allowed[] = {
    SYS_read, SYS_write, SYS_readv, SYS_writev, SYS_close, SYS_fstat, SYS_fstatfs, SYS_newfstatat, SYS_lseek,
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
    SYS_recvmsg, SYS_sendto, SYS_recvfrom, SYS_shutdown, SYS_getsockname, SYS_getpeername,
    SYS_setsockopt, SYS_getsockopt, SYS_epoll_create1, SYS_epoll_ctl, SYS_epoll_wait, SYS_epoll_pwait,
    SYS_timerfd_create, SYS_timerfd_settime, SYS_timerfd_gettime, SYS_sendfile,
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
    char msg[160];
    int n;
    if (si->si_code == SYS_USER_DISPATCH) {
        /* Wall 1: a system call from cVM code.  Die by SIGSYS itself, as
         * the filter's kill would. */
        n = snprintf(msg, sizeof msg,
                     "intravisor: FATAL: system call %d from a region at pc %#llx: killed by wall 1\n",
                     si->si_syscall, (unsigned long long)((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP]);
        if (write(2, msg, (size_t)n) < 0) {
        }
        signal(SIGSYS, SIG_DFL);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGSYS);
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        raise(SIGSYS);
        _exit(128 + SIGSYS);
    }
    n = snprintf(msg, sizeof msg, "intravisor: FATAL: seccomp: monitor made forbidden system call %d\n",
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

#define JTO(at, to) ((uint8_t)((to) - (at)-1)) /* a jump offset from index `at` to index `to` */

int iv_seccomp_program(struct sock_filter *f, int allow_list, int allow_open, int dispatch)
{
    int n = 0;
    uint32_t lo = (uint32_t)(iv_arena_lo >> 32), hi = (uint32_t)(iv_arena_hi >> 32);
    f[n++] = LD(offsetof(struct seccomp_data, arch));
    f[n++] = JEQ(AUDIT_ARCH_X86_64, 1, 0);
    f[n++] = RET(SECCOMP_RET_KILL_PROCESS);
    /* Wall 1 by PC, unless syscall user dispatch does it: high half of the
     * instruction pointer not in a region (0: the low region, arena.c). */
    if (!dispatch) {
        f[n++] = LD(offsetof(struct seccomp_data, instruction_pointer) + 4);
        if (iv_low_region)
            f[n++] = JEQ(0, 2, 0);
        f[n++] = JGE(lo, 0, 2);
        f[n++] = JGE(hi, 1, 0);
        f[n++] = RET(SECCOMP_RET_KILL_PROCESS);
    }
    f[n++] = LD(offsetof(struct seccomp_data, nr));
    if (!allow_list) {
        f[n++] = RET(SECCOMP_RET_ALLOW);
        return n;
    }
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
    uint32_t nrs[sizeof allowed / sizeof allowed[0] + 17];
    int nallow = 0;
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
        nrs[nallow++] = (uint32_t)allowed[i];
    for (int i = 0; i < nextra; i++)
        nrs[nallow++] = (uint32_t)extra[i];
    if (allow_open)
        nrs[nallow++] = SYS_openat;
    qsort(nrs, (size_t)nallow, sizeof nrs[0], cmp_u32);
    /* After the tree (at k, where an unlisted number goes):
     *  - with dispatch, prctl is allowed only to turn it on for a new
     *    thread, with the one range (13 instructions);
     *  - mmap and mprotect may ask for PROT_EXEC only inside a region
     *    (the loader mapping verified code);
     *  - everything else traps.  A listed number jumps to `allow`. */
    int low = iv_low_region ? 1 : 0;
    int k = n + tree_size(0, nallow);
    int m = k + (dispatch ? 13 : 0);
    int trap = m + 7 + low, allow = trap + 1;
    if (allow > 255) { /* a leaf's jump to `allow` is 8 bits; f[] has 256 */
        fprintf(stderr, "intravisor: seccomp: allow list too long\n");
        return -1;
    }
    tree_emit(f, &n, nrs, 0, nallow, allow, k);
    if (dispatch) {
        uint64_t from = sud_from(); /* and the length: the kernel bounds it by the top */
        const struct {
            uint32_t off, want;
        } arg[6] = {
            {offsetof(struct seccomp_data, args[0]), PR_SET_SYSCALL_USER_DISPATCH},
            {offsetof(struct seccomp_data, args[0]) + 4, 0},
            {offsetof(struct seccomp_data, args[1]), PR_SYS_DISPATCH_ON},
            {offsetof(struct seccomp_data, args[1]) + 4, 0},
            {offsetof(struct seccomp_data, args[2]), (uint32_t)from},
            {offsetof(struct seccomp_data, args[2]) + 4, (uint32_t)(from >> 32)},
        };
        f[n] = JEQ(SYS_prctl, 0, JTO(n, m));
        n++;
        for (int i = 0; i < 6; i++) {
            f[n++] = LD(arg[i].off);
            f[n] = JEQ(arg[i].want, i == 5 ? JTO(n, allow) : 0, JTO(n, trap));
            n++;
        }
    }
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
    iv_wall_init();
    struct sock_filter f[256];
    int n = iv_seccomp_program(f, allow_list, allow_open, sud_mode);
    if (n < 0)
        return -1;
    struct sock_fprog prog = {.len = (unsigned short)n, .filter = f};
    if (allow_list || sud_mode) {
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
