/* Clocks and sleeping. */
#include <errno.h>
#include <time.h>
#include <sys/time.h>
#include <sys/times.h>
#include <intravisor.h>
#include <intravisor/clock.h>
#include "syscall.h"
#include "libos.h"
#include "clock_page.h"

/* times() counts in the ticks sysconf(_SC_CLK_TCK) gives (musl: 100). */
#define TICKS_PER_SECOND 100

static long clock_to_timespec(int clock, struct timespec *ts)
{
	int64_t ns = __libos_page_clock(clock);
	if (ns < 0)
		ns = iv_clock(clock);
	if (ns < 0)
		return ns;
	ts->tv_sec = ns / 1000000000;
	ts->tv_nsec = ns % 1000000000;
	return 0;
}

/* A due alarm (signal.c) ends the sleep with EINTR and the time left in
 * *rem, as on Linux. */
static long sleep_for(int64_t ns, struct timespec *rem)
{
	long long left = 0;
	long r = __libos_sig_sleep(ns, &left);
	if (r == -EINTR && rem) {
		rem->tv_sec = left / 1000000000;
		rem->tv_nsec = left % 1000000000;
	}
	return r;
}

static long sleep_ns(const struct timespec *req, struct timespec *rem)
{
	if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000)
		return -EINVAL;
	return sleep_for((int64_t)req->tv_sec * 1000000000 + req->tv_nsec, rem);
}

/* clock_nanosleep on the process's CPU clock: until the cVM's threads have
 * used that much CPU (never, if none runs, as on Linux).  Polled: CPU time
 * cannot advance faster than the CPU allowance, so sleeping the time left
 * divided by it (at least 1 ms, at most 100 ms) never oversleeps by much. */
static long sleep_cpu(const struct timespec *req, int absolute)
{
	if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000)
		return -EINVAL;
	int64_t now = iv_clock(IV_CLOCK_PROCESS_CPUTIME);
	if (now < 0)
		return now;
	int64_t want = (int64_t)req->tv_sec * 1000000000 + req->tv_nsec;
	int64_t end = absolute ? want : now + want;
	struct iv_sysinfo si;
	int64_t cpus = iv_sysinfo(&si, sizeof si) >= 0 && si.cpus ? si.cpus : 1;
	while (now < end) {
		int64_t nap = (end - now) / cpus;
		nap = nap < 1000000 ? 1000000 : nap > 100000000 ? 100000000 : nap;
		long r = iv_nanosleep(nap);
		if (r)
			return r;
		if ((now = iv_clock(IV_CLOCK_PROCESS_CPUTIME)) < 0)
			return now;
	}
	return 0;
}

long libos_time(long n, LIBOS_ARGS, int *handled)
{
	(void)a5; (void)a6;
	*handled = 1;
	switch (n) {
	case SYS_clock_gettime: {
		int c = __libos_host_clock(a1);
		return c < 0 ? -EINVAL : clock_to_timespec(c, (struct timespec *)a2);
	}
	case SYS_clock_getres:
		if (__libos_host_clock(a1) < 0)
			return -EINVAL;
		if (a2) {
			((struct timespec *)a2)->tv_sec = 0;
			((struct timespec *)a2)->tv_nsec = 1;
		}
		return 0;
	case SYS_gettimeofday: {
		struct timespec ts;
		long r = clock_to_timespec(IV_CLOCK_REALTIME, &ts);
		if (r == 0 && a1) {
			((struct timeval *)a1)->tv_sec = ts.tv_sec;
			((struct timeval *)a1)->tv_usec = ts.tv_nsec / 1000;
		}
		return r;
	}
	case SYS_time: {
		struct timespec ts;
		long r = clock_to_timespec(IV_CLOCK_REALTIME, &ts);
		if (r)
			return r;
		if (a1)
			*(time_t *)a1 = ts.tv_sec;
		return ts.tv_sec;
	}
	case SYS_nanosleep:
		return sleep_ns((const struct timespec *)a1, (struct timespec *)a2);
	case SYS_times: {
		/* The cVM's CPU time, all of it as user time (the monitor counts
		 * user and system time of its threads together); no children. */
		long long cpu = iv_clock(IV_CLOCK_PROCESS_CPUTIME), now = iv_clock(IV_CLOCK_MONOTONIC);
		if (cpu < 0 || now < 0)
			return cpu < 0 ? cpu : now;
		if (a1)
			*(struct tms *)a1 = (struct tms){.tms_utime = cpu / (1000000000 / TICKS_PER_SECOND)};
		return now / (1000000000 / TICKS_PER_SECOND);
	}
	case SYS_clock_nanosleep: {
		const struct timespec *req = (const struct timespec *)a3;
		if (__libos_host_clock(a1) < 0 || a1 == CLOCK_THREAD_CPUTIME_ID)
			return -EINVAL; /* as Linux, for the thread's CPU clock */
		if (a1 == CLOCK_PROCESS_CPUTIME_ID)
			return sleep_cpu(req, a2 & TIMER_ABSTIME);
		if (a2 & TIMER_ABSTIME) {
			struct timespec now;
			long r = clock_to_timespec(__libos_host_clock(a1), &now);
			if (r)
				return r;
			int64_t d = (req->tv_sec - now.tv_sec) * 1000000000LL + (req->tv_nsec - now.tv_nsec);
			return d > 0 ? sleep_for(d, 0) : 0; /* absolute: no time left to report */
		}
		return sleep_ns(req, (struct timespec *)a4);
	}
	default:
		*handled = 0;
		return 0;
	}
}
