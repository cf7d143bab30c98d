/* brk: the program break, as Linux gives it.  musl uses it in one place
 * that matters: the bump allocator of programs that never call free
 * (src/malloc/lite_malloc.c).  Without a break it maps a fresh page for
 * every 4 KiB it hands out (its area growth never starts at one page), and
 * a program meets the cVM's mapping limit after ~20 MiB of small blocks.
 *
 * The break lives in one PROT_NONE reservation made at the first call: a
 * reservation costs address space only (the monitor charges accessible
 * memory).  Growing makes pages read-write with mprotect: charged and
 * refused beyond the budget, and the pieces of one mapping stay one
 * mapping entry (docs/monitor.md "Memory").  Shrinking maps fresh
 * PROT_NONE pages over the end, which gives memory and charge back. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <intravisor.h>
#include "lock.h"
#include "libos.h"

#define PAGE 4096ul
static const unsigned long sizes[] = {1ul << 30, 256ul << 20, 64ul << 20};
static volatile int lock[1];
static uintptr_t lo, cur, end; /* [lo, end) reserved, break at cur */

static uintptr_t page_up(uintptr_t a) { return (a + PAGE - 1) & ~(PAGE - 1); }

static long set_break(uintptr_t want)
{
	if (!lo) {
		for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0] && !lo; i++) {
			long p = iv_mmap(0, sizes[i], 0, 0);
			if (!IV_IS_ERR(p))
				lo = cur = (uintptr_t)p, end = lo + sizes[i];
		}
		if (!lo)
			return 0; /* no room: musl falls back to mmap */
	}
	if (want < lo || want > end)
		return cur; /* refused: Linux answers with the unchanged break */
	uintptr_t have = page_up(cur), need = page_up(want);
	if (need > have && iv_mprotect((void *)have, need - have, IV_PROT_READ | IV_PROT_WRITE))
		return cur; /* beyond the budget */
	if (need < have && IV_IS_ERR(iv_mmap((void *)need, have - need, 0, IV_MAP_FIXED)))
		return cur;
	return cur = want;
}

hidden long libos_brk(unsigned long want)
{
	LOCK(lock);
	long r = set_break(want);
	UNLOCK(lock);
	return r;
}
