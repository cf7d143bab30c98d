/* Faults and kills.  Every handler runs on the thread's alternate stack
 * (SA_ONSTACK): when a signal hits cVM code, rsp is the cVM's and must not
 * be used.  A handler that decides a thread must leave the cVM does not
 * longjmp: it rewrites the interrupted context so that sigreturn resumes
 * in iv_leave on the monitor stack, with the monitor's MXCSR/x87 state and
 * the normal signal mask restored by the kernel. */
#include "core/signals.h"
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>
#include <asm/prctl.h>
#include <intravisor/sfi.h>
#include "core/arena.h"
#include "core/cvm.h"

static const int fault_sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP};
static struct sigaction old_fault[5];
static int use_wrgsbase;

#ifdef __SANITIZE_ADDRESS__
#define ALTSTACK_SIZE (1u << 20)
#else
#define ALTSTACK_SIZE (64u << 10)
#endif

void *iv_altstack_on(void)
{
    void *p = mmap(NULL, ALTSTACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    stack_t ss = {.ss_sp = p, .ss_size = ALTSTACK_SIZE, .ss_flags = 0};
    if (sigaltstack(&ss, NULL)) {
        munmap(p, ALTSTACK_SIZE);
        return NULL;
    }
    return p;
}

void iv_altstack_off(void *p)
{
    if (!p)
        return;
    stack_t ss = {.ss_flags = SS_DISABLE};
    sigaltstack(&ss, NULL);
    munmap(p, ALTSTACK_SIZE);
}

void iv_set_gsbase(uint64_t base)
{
    if (use_wrgsbase)
        __asm__ volatile("wrgsbase %0" ::"r"(base) : "memory");
    else
        syscall(SYS_arch_prctl, ARCH_SET_GS, base);
}

int iv_gsbase_fast(void) { return use_wrgsbase; }

static int pc_is_cvm(const struct iv_thread *t, uint64_t pc)
{
    return (pc - t->base < IV_REGION_SIZE) ||
           (pc >= (uint64_t)(uintptr_t)iv_tramp_start && pc < (uint64_t)(uintptr_t)iv_tramp_end);
}

/* Make sigreturn land in iv_leave(t, why) with sane FP/flags state. */
static void redirect_to_leave(ucontext_t *uc, struct iv_thread *t, long why)
{
    greg_t *g = uc->uc_mcontext.gregs;
    g[REG_RIP] = (greg_t)(uintptr_t)iv_leave;
    g[REG_RDI] = (greg_t)(uintptr_t)t;
    g[REG_RSI] = why;
    g[REG_RSP] = (greg_t)t->mon_rsp;
    g[REG_EFL] &= ~(greg_t)((1 << 10) | (1 << 18) | (1 << 8)); /* DF, AC, TF */
    if (uc->uc_mcontext.fpregs) {
        uc->uc_mcontext.fpregs->mxcsr = t->mon_mxcsr;
        uc->uc_mcontext.fpregs->cwd = t->mon_fcw;
    }
}

static void write_str(const char *s)
{
    ssize_t r = write(2, s, strlen(s));
    (void)r;
}

static void on_fault(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    uint64_t pc = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
    struct iv_thread *t = iv_self;
    if (t && pc_is_cvm(t, pc)) {
        t->fault_sig = sig;
        t->fault_pc = pc;
        t->fault_addr = (uint64_t)(uintptr_t)si->si_addr;
        t->fault_won = iv_cvm_end(t->cvm, 128 + sig);
        redirect_to_leave(uc, t, IV_LEAVE_FAULT);
        return;
    }
    /* A fault in monitor code is a monitor bug: never carry on. */
    write_str("intravisor: FATAL: fault in monitor code\n");
    int i = 0;
    while (fault_sigs[i] != sig)
        i++;
    struct sigaction *o = &old_fault[i];
    if ((o->sa_flags & SA_SIGINFO) && o->sa_sigaction) {
        o->sa_sigaction(sig, si, ucv); /* e.g. AddressSanitizer's report */
    } else if (o->sa_handler != SIG_DFL && o->sa_handler != SIG_IGN && o->sa_handler) {
        o->sa_handler(sig);
    }
    signal(sig, SIG_DFL);
    abort();
}

static void on_kill(int sig, siginfo_t *si, void *ucv)
{
    (void)sig;
    (void)si;
    ucontext_t *uc = ucv;
    struct iv_thread *t = iv_self;
    /* In a hostcall handler: return; the interrupted syscall fails with
     * EINTR and the trampoline sees the dying flag. */
    if (t && t->cvm->dying && pc_is_cvm(t, (uint64_t)uc->uc_mcontext.gregs[REG_RIP]))
        redirect_to_leave(uc, t, IV_LEAVE_KILLED);
}

int iv_signals_init(void)
{
    /* HWCAP2 bit 1: the kernel enabled the FSGSBASE instructions.
     * IV_GSBASE=arch_prctl forces the fallback (tests use it). */
    const char *m = getenv("IV_GSBASE");
    use_wrgsbase = (getauxval(AT_HWCAP2) & 2) != 0 && !(m && !strcmp(m, "arch_prctl"));
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, IV_SIG_KILL);
    for (int i = 0; i < 5; i++)
        if (sigaction(fault_sigs[i], &sa, &old_fault[i]))
            return -1;
    /* A cVM writing to a closed pipe gets -EPIPE; it must not kill the
     * monitor (and every other cVM) with SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    sa.sa_sigaction = on_kill;
    sigemptyset(&sa.sa_mask);
    if (sigaction(IV_SIG_KILL, &sa, NULL))
        return -1;
    return 0;
}
