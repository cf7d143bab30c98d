/* Signal handling: faults in cVM code, ending cVM threads, alt stacks. */
#ifndef MONITOR_SIGNALS_H
#define MONITOR_SIGNALS_H
#include <signal.h>
/* Sent to a cVM thread to make it leave the cVM (the cVM is ending). */
#define IV_SIG_KILL (SIGRTMIN + 3)
/* Wakes the watchdog (a new deadline); blocked everywhere, taken by sigtimedwait. */
#define IV_SIG_WAKE (SIGRTMIN + 4)
int iv_signals_init(void);
#endif
