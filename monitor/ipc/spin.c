/* Adaptive spinning before a futex sleep (spin.h).  Why adaptive: on idle
 * cores a short spin turns a hand-over into two cache-line transfers; on
 * cores shared with other work the partner is often not running, and a
 * spinner only burns the time slice it needs, so the budget shrinks to
 * almost nothing as soon as spinning stops paying (docs/ipc.md). */
#include "ipc/spin.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define SPIN_MIN_NS 1000u
static uint32_t spin_max = 50000; /* measured: docs/ipc.md "Two paths" */

int iv_spin_init(void)
{
    const char *sp = getenv("IV_CAPCALL_SPIN_NS");
    if (!sp || !*sp)
        return 0;
    char *end;
    unsigned long long v = strtoull(sp, &end, 10);
    if (*end || v > 1000000000ull) {
        fprintf(stderr, "intravisor: IV_CAPCALL_SPIN_NS=%s: expected 0 to 1000000000\n", sp);
        return -1;
    }
    spin_max = (uint32_t)v;
    return 0;
}

uint32_t iv_spin_max(void) { return spin_max; }

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int iv_spin_until(int (*ready)(void *), void *arg, uint32_t *budget)
{
    uint32_t limit = __atomic_load_n(budget, __ATOMIC_RELAXED);
    uint64_t start = 0;
    for (unsigned k = 1;; k++) {
        if (ready(arg)) {
            if (start && limit < spin_max)
                __atomic_store_n(budget, 2 * limit < spin_max ? 2 * limit : spin_max, __ATOMIC_RELAXED);
            return 1;
        }
        if (!(k & 63)) { /* the clock (vDSO) every 64 pauses */
            uint64_t now = now_ns();
            if (!start)
                start = now;
            else if (now - start >= limit)
                break;
        }
        __builtin_ia32_pause();
    }
    uint32_t floor = spin_max < SPIN_MIN_NS ? spin_max : SPIN_MIN_NS;
    __atomic_store_n(budget, limit / 2 > floor ? limit / 2 : floor, __ATOMIC_RELAXED);
    return 0;
}
