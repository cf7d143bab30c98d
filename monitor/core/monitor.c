/* Monitor-wide start-up shared by the run-style sub-commands, and the
 * watchdog thread. */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/arena.h"
#include "core/clock.h"
#include "core/cvm.h"
#include "core/imgcache.h"
#include "core/perfmap.h"
#include "core/quota.h"
#include "core/seccomp.h"
#include "core/signals.h"
#include "core/vcache.h"

static pthread_t watchdog;
volatile int iv_stop_signal;
static sigset_t wd_set;

void iv_watchdog_wake(void)
{
    pthread_kill(watchdog, IV_SIG_WAKE);
}

/* How long a cVM that handles SIGINT/SIGTERM has to end after the monitor
 * passed it on: IV_STOP_GRACE seconds, 10 by default (a container
 * engine's stop timeout; it sends SIGKILL after its own). */
static double stop_grace(void)
{
    const char *e = getenv("IV_STOP_GRACE");
    double g = e && *e ? atof(e) : 10;
    return g >= 0 && g <= 3600 ? g : 10;
}

/* SIGINT/SIGTERM are blocked in every thread and taken synchronously here,
 * so they never interrupt cVM or monitor code at a bad point: they end
 * every cVM cleanly (status 128+sig).  The same thread enforces timeouts
 * and keeps kicking the threads of dying cVMs (cvm.c). */
static void *watchdog_main(void *arg)
{
    /* A descriptor table of its own (it uses no descriptor but stderr,
     * which the copy keeps): the kernel then looks descriptors up without
     * reference counting for a monitor whose only other thread runs a
     * single-threaded cVM -- `run` of a server or a function -- about 15 ns
     * per hostcall that passes a descriptor.  Before seccomp, which does
     * not allow unshare (iv_monitor_init waits for this). */
    sem_t *ready = arg;
    if (unshare(CLONE_FILES)) {
    }
    sem_post(ready);
    for (;;) {
        long ms = iv_watchdog_tick();
        struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
        siginfo_t si;
        int sig = sigtimedwait(&wd_set, &si, ms < 0 ? NULL : &ts);
        if (sig == SIGINT || sig == SIGTERM) {
            /* First, so a deployer that checks it after making a cVM
             * live never misses the stop (cvm.c's live list is locked).
             * The first signal is passed on to the cVMs that handle it
             * (a graceful stop: sigpost.c), the others end; a second one
             * ends every cVM at once. */
            int none = 0; /* the status stays that of the first signal */
            int first = __atomic_compare_exchange_n(&iv_stop_signal, &none, sig, 0, __ATOMIC_SEQ_CST,
                                                    __ATOMIC_SEQ_CST);
            if (first)
                iv_cvm_stop_all(sig, stop_grace());
            else
                iv_cvm_end_all(128 + sig, sig == SIGINT ? "killed by SIGINT" : "killed by SIGTERM");
        }
    }
    return NULL;
}

int iv_monitor_init(unsigned nregions)
{
    if (iv_pool_init() || arena_init(nregions) || iv_signals_init() || iv_clock_init())
        return -1;
    iv_vcache_init(); /* its secret, while keyctl is allowed */
    iv_wall_init(); /* before any thread can enter cVM code (seccomp.c) */
    /* Every subsystem has registered its hostcalls (main): no more changes. */
    if (iv_hostcall_seal())
        return -1;
    iv_perfmap_init(); /* opens its file before any seccomp filter */
    /* A fixed arena limit keeps glibc malloc from reading the CPU count
     * from /sys when a later thread creates its arena (under seccomp). */
    mallopt(M_ARENA_MAX, 8);
    if (!iv_altstack_on()) /* the main thread's, kept for the process lifetime */
        return -1;
    sigemptyset(&wd_set);
    sigaddset(&wd_set, SIGINT);
    sigaddset(&wd_set, SIGTERM);
    sigaddset(&wd_set, IV_SIG_WAKE);
    /* Blocked before any other thread exists, so all inherit the mask. */
    if (pthread_sigmask(SIG_BLOCK, &wd_set, NULL))
        return -1;
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    sem_t ready;
    sem_init(&ready, 0, 0);
    int e = pthread_create(&watchdog, &at, watchdog_main, &ready);
    pthread_attr_destroy(&at);
    while (!e && sem_wait(&ready) && errno == EINTR)
        ;
    sem_destroy(&ready);
    return e ? -1 : 0;
}
