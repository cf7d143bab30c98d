/* The region arena: one PROT_NONE reservation carved into 4 GiB regions. */
#ifndef MONITOR_ARENA_H
#define MONITOR_ARENA_H
#include <stdint.h>

/* Reserves room for `nregions` regions (plus the trailing guard).  Once. */
int arena_init(unsigned nregions);
/* *base := the base of a free region (the low region at 0 first, when
 * there is one); 0, or -1 if all are in use. */
int arena_alloc(uint64_t *base);
/* Returns a region: everything in it goes back to PROT_NONE, no memory. */
void arena_free(uint64_t base);
/* [lo, hi) of the whole arena (for the fault handler and seccomp). */
extern uint64_t iv_arena_lo, iv_arena_hi;
/* 1 if the region at address 0 is reserved (arena.c: a zero GS base). */
extern int iv_low_region;
static inline int arena_contains(uint64_t a)
{
    return (a >= iv_arena_lo && a < iv_arena_hi) || (iv_low_region && a < (1ull << 32));
}
#endif
