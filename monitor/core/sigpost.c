/* Signals from outside a cVM: a graceful stop (SIGTERM from a container
 * engine, `intravisor stop`, Ctrl-C) reaches a program that handles it.
 *
 * No host signal is ever delivered into cVM code.  Instead the LibOS gives
 * the monitor a struct iv_sigbox in the region (IV_HC_SIGBOX) whose
 * `caught` word says which signals the program handles or ignores.  To
 * post one, the monitor sets its bit in `posted` and IV_SIGBOX_POSTED in
 * `attention`, which the LibOS reads as every system call ends, and
 * interrupts the cVM's blocking hostcalls (IV_SIG_KILL without the dying
 * flag: the host call fails with EINTR, the cVM goes on).  A signal the
 * program does not catch is not posted: the caller applies its default
 * action, ending the cVM as before.  The box is the cVM's own memory: it
 * can only decide whether it is posted a signal or ended (and a posted
 * stop still ends it after its grace, cvm.c). */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <intravisor.h>
#include <intravisor/hostcall.h>
#include "core/cvm.h"
#include "core/vmem.h"

long hc_sigbox(uint64_t box)
{
    struct iv_cvm *c = iv_self->cvm;
    if (box) {
        if (box % 8)
            return -EINVAL;
        int locked = iv_vm_read_begin(c);
        void *p = vmem_check(&c->vm, box, sizeof(struct iv_sigbox), IV_P_R | IV_P_W);
        iv_vm_read_end(c, locked);
        if (!p)
            return -EFAULT;
    }
    __atomic_store_n(&c->sigbox, box, __ATOMIC_RELEASE);
    return 0;
}

int iv_cvm_post_signal(struct iv_cvm *c, int sig)
{
    uint64_t box = __atomic_load_n(&c->sigbox, __ATOMIC_ACQUIRE);
    if (!box || sig < 1 || sig > 64 || sig == SIGKILL || sig == SIGSTOP || c->dying)
        return 0;
    uint64_t bit = 1ull << (sig - 1);
    int posted = 0;
    /* Read-locked: the cVM cannot unmap or write-protect the box between
     * the check and the stores. */
    int locked = iv_vm_read_begin(c);
    struct iv_sigbox *b = vmem_check(&c->vm, box, sizeof *b, IV_P_R | IV_P_W);
    if (b && (__atomic_load_n(&b->caught, __ATOMIC_ACQUIRE) & bit)) {
        __atomic_or_fetch(&b->posted, bit, __ATOMIC_RELEASE);
        __atomic_or_fetch(&b->attention, IV_SIGBOX_POSTED, __ATOMIC_RELEASE);
        posted = 1;
    }
    iv_vm_read_end(c, locked);
    if (posted)
        iv_cvm_kick(c); /* not dying: blocking hostcalls fail with EINTR */
    return posted;
}
