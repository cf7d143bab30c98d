/* musl's gettimeofday for cVMs: the clock page inline (libos/src/clock_page.h)
 * instead of a call to clock_gettime, which Redis makes for every command;
 * the system call path only when the page cannot answer. */
#include <sys/time.h>
#include <time.h>
#include "../../libos/clock_page.h"

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	(void)tz;
	if (!tv)
		return 0;
	long long ns = __libos_clock_fast(CLOCK_REALTIME);
	if (ns < 0) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		tv->tv_sec = ts.tv_sec;
		tv->tv_usec = (int)ts.tv_nsec / 1000;
		return 0;
	}
	tv->tv_sec = ns / 1000000000;
	tv->tv_usec = (ns % 1000000000) / 1000;
	return 0;
}
