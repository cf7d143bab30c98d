/* Spin-then-sleep waiting for the IPC fast paths (docs/ipc.md "Two
 * paths"): before a thread sleeps on a futex for another thread's
 * progress, it spins for a short, adaptive budget, so that back-to-back
 * exchanges between threads on their own cores need no system call. */
#ifndef MONITOR_IPC_SPIN_H
#define MONITOR_IPC_SPIN_H
#include <stdint.h>

/* Reads IV_CAPCALL_SPIN_NS (the budget's cap).  0, or -1 with a message.
 * Once, at start-up. */
int iv_spin_init(void);
/* The cap (the starting budget of a new waiter). */
uint32_t iv_spin_max(void);
/* Spins (pause) until ready(arg) or *budget ns have passed.  1 if ready.
 * Adapts *budget (one per waiter, a hint: racy updates are harmless): a
 * wait the spin satisfied doubles it, up to the cap; one that did not
 * halves it, down to 1 µs (or the cap if lower). */
int iv_spin_until(int (*ready)(void *), void *arg, uint32_t *budget);
#endif
