/* The region arena: one PROT_NONE reservation carved into 4 GiB regions. */
#ifndef MONITOR_ARENA_H
#define MONITOR_ARENA_H
#include <stdint.h>

/* Reserves room for `nregions` regions (plus the trailing guard).  Once. */
int arena_init(unsigned nregions);
/* Region base of a free region, or 0 if all are in use. */
uint64_t arena_alloc(void);
/* Returns a region: everything in it goes back to PROT_NONE, no memory. */
void arena_free(uint64_t base);
/* [lo, hi) of the whole arena (for the fault handler and seccomp). */
extern uint64_t iv_arena_lo, iv_arena_hi;
static inline int arena_contains(uint64_t a) { return a >= iv_arena_lo && a < iv_arena_hi; }
#endif
