/* musl's clock_gettime for cVMs (build-musl.sh puts it in src/time/x86_64/,
 * which musl's Makefile prefers to src/time/clock_gettime.c).  musl's own
 * asks a vDSO first, and a cVM has none, so every call went down the
 * system call path: __syscall, __libos_syscall, the time family's switch,
 * then the clock page.  Here the clock page is asked first, inline
 * (libos/src/clock_page.h; docs/monitor.md "Clock page"); the system call
 * path only when it cannot answer.  time and clock go through here too;
 * gettimeofday reads the page itself (gettimeofday.c). */
#include <time.h>
#include <errno.h>
#include "syscall.h"
#include "../../libos/clock_page.h"

int __clock_gettime(clockid_t clk, struct timespec *ts)
{
	long long ns = __libos_clock_fast(clk);
	if (ns >= 0) {
		ts->tv_sec = ns / 1000000000;
		ts->tv_nsec = ns % 1000000000;
		return 0;
	}
	return __syscall_ret(__syscall(SYS_clock_gettime, clk, ts));
}

weak_alias(__clock_gettime, clock_gettime);
