/* The clock page (ABI v1, docs/hostcalls.md "Clock page"): one read-only
 * page at a fixed offset of every region, shared by all cVMs, that lets
 * the LibOS read CLOCK_MONOTONIC and CLOCK_REALTIME without a hostcall, the
 * way a Linux process reads them through the vDSO.
 *
 * The monitor publishes a line through one TSC reading:
 *     monotonic ns = mono0 + (((tsc - tsc0) * mult) >> IV_CLOCK_SHIFT)
 *     realtime ns  = monotonic ns + real_off
 * good for `span` ticks after tsc0.  A reader takes seq (even), the fields,
 * the TSC (after an lfence) and seq again; if seq changed, or was odd,
 * it retries.  If `valid` is 0 or tsc - tsc0 (unsigned) is not below span,
 * it asks the monitor with IV_HC_CLOCK, which refreshes the line. */
#ifndef INTRAVISOR_CLOCK_H
#define INTRAVISOR_CLOCK_H

#include <stdint.h>

#define IV_CLOCK_PAGE_OFFSET 0x11000u /* right after the runtime-call table */
#define IV_CLOCK_SHIFT 32

struct iv_clock_page {
    uint32_t seq;      /* odd while the monitor rewrites the line */
    uint32_t valid;    /* 0: no line (no usable TSC, or not calibrated yet) */
    uint64_t tsc0;     /* the TSC at the line's start */
    int64_t mono0;     /* CLOCK_MONOTONIC there, ns */
    int64_t real_off;  /* CLOCK_REALTIME - CLOCK_MONOTONIC, ns */
    uint64_t mult;     /* ns per tick << IV_CLOCK_SHIFT */
    uint64_t span;     /* ticks after tsc0 the line may be used for */
};

#endif
