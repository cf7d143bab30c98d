/* Signals from outside a cVM: a graceful stop (SIGTERM from a container
 * engine, `intravisor stop`, Ctrl-C) reaches a program that handles it.
 *
 * No host signal is ever delivered into cVM code.  Instead the LibOS gives
 * the monitor a struct iv_sigbox in the region (IV_HC_SIGBOX) and says,
 * each time they change, which signals its program catches (or waits for)
 * and which it ignores; the monitor keeps the sets in its own memory and
 * decides on them: an ignored signal is dropped.  A caught
 * signal is queued for the watchdog, which sets the signal's bit in the
 * box's `posted` and IV_SIGBOX_POSTED in its `attention` (the word the
 * LibOS reads as every system call ends) -- or, for a cVM with fast
 * returns (loader.c), which allow no writer but its own thread, leaves
 * that to the thread at the end of its next hostcall (iv_sigpost_deliver)
 * -- and interrupts the cVM's blocking
 * hostcalls (IV_SIG_KILL without the dying flag: the host call fails with
 * EINTR, the cVM goes on).  A thread may have passed its last look at the
 * box just before blocking, so while the post is untaken the watchdog
 * kicks again every 10 ms, for at most a second.  It only try-locks the region's map: it holds
 * live_lock, and a cVM can make its own map busy for long.  A signal the
 * program does not catch is not posted: the caller applies its default
 * action, ending the cVM as before.  The box is the cVM's own memory: it
 * can only decide whether it is posted a signal or ended (a posted stop
 * still ends it after its grace, cvm.c). */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <intravisor.h>
#include <intravisor/hostcall.h>
#include "core/cvm.h"
#include "core/vmem.h"

/* Kicks after a post while it is untaken: 1 s of them.  Bounded, so that a
 * cVM that never takes a post (no system call, or a box it keeps marked
 * itself) cannot keep the watchdog on 10 ms rounds of every live cVM. */
#define REKICKS 100

long hc_sigbox(uint64_t box, uint64_t caught, uint64_t ignored)
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
    const uint64_t never = 1ull << (SIGKILL - 1) | 1ull << (SIGSTOP - 1);
    __atomic_store_n(&c->sig_caught, box ? caught & ~never : 0, __ATOMIC_RELEASE);
    __atomic_store_n(&c->sig_ignored, box ? ignored & ~never : 0, __ATOMIC_RELEASE);
    __atomic_store_n(&c->sigbox, box, __ATOMIC_RELEASE);
    return 0;
}

int iv_cvm_post_signal(struct iv_cvm *c, int sig)
{
    if (sig < 1 || sig > 64 || c->dying)
        return 0;
    uint64_t bit = 1ull << (sig - 1);
    if (__atomic_load_n(&c->sig_ignored, __ATOMIC_ACQUIRE) & bit)
        return 1; /* the program ignores it: nothing to post, nobody to wake */
    if (!(__atomic_load_n(&c->sig_caught, __ATOMIC_ACQUIRE) & bit))
        return 0;
    __atomic_or_fetch(&c->sig_post, bit, __ATOMIC_RELEASE);
    iv_watchdog_wake();
    return 1;
}

/* Writes the posted bits into the box (the caller holds the map's read
 * lock and checked the box). */
static void write_box(struct iv_sigbox *b, uint64_t bits)
{
    __atomic_or_fetch(&b->posted, bits, __ATOMIC_RELEASE);
    __atomic_or_fetch(&b->attention, IV_SIGBOX_POSTED, __ATOMIC_RELEASE);
}

void iv_sigpost_deliver(struct iv_cvm *c)
{
    __atomic_store_n(&c->post_due, 0, __ATOMIC_RELAXED);
    int locked = iv_vm_read_begin(c);
    uint64_t box = __atomic_load_n(&c->sigbox, __ATOMIC_ACQUIRE);
    struct iv_sigbox *b = box ? vmem_check(&c->vm, box, sizeof *b, IV_P_R | IV_P_W) : NULL;
    uint64_t bits = b ? __atomic_exchange_n(&c->sig_post, 0, __ATOMIC_ACQ_REL) : 0;
    if (bits)
        write_box(b, bits);
    iv_vm_read_end(c, locked);
}

int iv_cvm_post_step(struct iv_cvm *c)
{
    if (c->dying || (!__atomic_load_n(&c->sig_post, __ATOMIC_ACQUIRE) && !c->post_unseen))
        return 0;
    if (pthread_rwlock_tryrdlock(&c->vm.lock))
        return 1; /* the cVM is changing its map: the next tick */
    uint64_t box = __atomic_load_n(&c->sigbox, __ATOMIC_ACQUIRE);
    struct iv_sigbox *b = box ? vmem_check(&c->vm, box, sizeof *b, IV_P_R | IV_P_W) : NULL;
    /* With fast returns (loader.c) nothing but the cVM's own thread may
     * write into its memory: that thread writes the post at the end of its
     * next hostcall, which the kick below makes come soon if it blocks.
     * (Fast returns end for good once it can have other writers; they
     * resume from a pause under this lock, taken for writing.) */
    int fast = __atomic_load_n(&c->fast_ret, __ATOMIC_ACQUIRE) == IV_FASTRET_ON;
    uint64_t bits = fast ? __atomic_load_n(&c->sig_post, __ATOMIC_ACQUIRE)
                         : __atomic_exchange_n(&c->sig_post, 0, __ATOMIC_ACQ_REL);
    c->post_kicked &= fast ? bits : 0; /* those still waiting for the thread */
    int kick = 0;
    if (!b) {
        c->post_unseen = 0; /* the box is gone: the program cannot be told */
    } else if (bits && fast) {
        /* Kicks while it makes no hostcall: REKICKS for each new signal,
         * not for one that was kicked for already. */
        __atomic_store_n(&c->post_due, 1, __ATOMIC_RELEASE);
        if (bits & ~c->post_kicked)
            c->post_unseen = REKICKS;
        else if (c->post_unseen > 0)
            c->post_unseen--;
        c->post_kicked |= bits;
        kick = c->post_unseen > 0;
    } else if (bits) {
        write_box(b, bits);
        c->post_unseen = REKICKS;
        kick = 1;
    } else if (c->post_unseen > 0 && __atomic_load_n(&b->attention, __ATOMIC_ACQUIRE) & IV_SIGBOX_POSTED) {
        c->post_unseen--; /* untaken: a thread may have blocked just after looking */
        kick = 1;
    } else {
        c->post_unseen = 0;
    }
    pthread_rwlock_unlock(&c->vm.lock);
    if (kick)
        iv_cvm_kick(c); /* not dying: blocking hostcalls fail with EINTR */
    return c->post_unseen;
}
