/* Clocks and sleeping. */
#include <errno.h>
#include <time.h>
#include <sys/time.h>
#include <intravisor.h>
#include <intravisor/clock.h>
#include "syscall.h"
#include "libos.h"

/* The monitor's clock page (include/intravisor/clock.h): the time without
 * a hostcall while its line lasts, as Linux's vDSO gives it; -1 when the
 * line is missing, has run out or is being rewritten (then the hostcall,
 * which renews it). */
static int64_t page_clock(int clock)
{
	const volatile struct iv_clock_page *p =
		(const volatile struct iv_clock_page *)(uintptr_t)IV_CLOCK_PAGE_OFFSET;
	uint32_t seq = __atomic_load_n(&p->seq, __ATOMIC_ACQUIRE);
	if ((seq & 1) || !p->valid)
		return -1;
	uint64_t tsc0 = p->tsc0, mult = p->mult, span = p->span;
	int64_t ns = p->mono0;
	if (clock == IV_CLOCK_REALTIME)
		ns += p->real_off;
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
	uint64_t d = ((uint64_t)hi << 32 | lo) - tsc0;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (__atomic_load_n(&p->seq, __ATOMIC_RELAXED) != seq || d >= span)
		return -1;
	return ns + (int64_t)((d * mult) >> IV_CLOCK_SHIFT); /* d * mult < 2^63: span is 100 ms */
}

static int host_clock(long clk);

long long __libos_clock_fast(int clockid)
{
	int c = host_clock(clockid);
	return c < 0 ? -1 : page_clock(c);
}

static long clock_to_timespec(int clock, struct timespec *ts)
{
	int64_t ns = page_clock(clock);
	if (ns < 0)
		ns = iv_clock(clock);
	if (ns < 0)
		return ns;
	ts->tv_sec = ns / 1000000000;
	ts->tv_nsec = ns % 1000000000;
	return 0;
}

static int host_clock(long clk)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		return IV_CLOCK_REALTIME;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	/* Per-process/thread CPU clocks are approximated by the monotonic
	 * clock until the monitor accounts CPU time per cVM. */
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		return IV_CLOCK_MONOTONIC;
	default:
		return -1;
	}
}

static long sleep_ns(const struct timespec *req)
{
	if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000)
		return -EINVAL;
	return iv_nanosleep((int64_t)req->tv_sec * 1000000000 + req->tv_nsec);
}

long libos_time(long n, LIBOS_ARGS, int *handled)
{
	(void)a5; (void)a6;
	*handled = 1;
	switch (n) {
	case SYS_clock_gettime: {
		int c = host_clock(a1);
		return c < 0 ? -EINVAL : clock_to_timespec(c, (struct timespec *)a2);
	}
	case SYS_clock_getres:
		if (host_clock(a1) < 0)
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
		return sleep_ns((const struct timespec *)a1);
	case SYS_clock_nanosleep: {
		const struct timespec *req = (const struct timespec *)a3;
		if (host_clock(a1) < 0)
			return -EINVAL;
		if (a2 & TIMER_ABSTIME) {
			struct timespec now;
			long r = clock_to_timespec(host_clock(a1), &now);
			if (r)
				return r;
			int64_t d = (req->tv_sec - now.tv_sec) * 1000000000LL + (req->tv_nsec - now.tv_nsec);
			return d > 0 ? iv_nanosleep(d) : 0;
		}
		(void)a4;
		return sleep_ns(req);
	}
	default:
		*handled = 0;
		return 0;
	}
}
