/* The clock page (include/intravisor/clock.h): written here, mapped
 * read-only into every region by the loader. */
#ifndef IV_CORE_CLOCK_H
#define IV_CORE_CLOCK_H

#include <stdint.h>

/* Creates the page (before seccomp); -1 only if it cannot be created. */
int iv_clock_init(void);
/* Maps the page at IV_CLOCK_PAGE_OFFSET of the region at base. */
int iv_clock_map(uint64_t base);
/* CLOCK_MONOTONIC (realtime = 0) or CLOCK_REALTIME now, ns, on the same
 * line the page publishes (refreshed first if it has run out). */
int64_t iv_clock_now(int realtime);

#endif
