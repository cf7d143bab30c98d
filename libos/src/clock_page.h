/* The monitor's clock page (include/intravisor/clock.h), read inline: the
 * time without a hostcall while its line lasts, as Linux's vDSO gives it.
 * Inline in musl's clock_gettime and gettimeofday (libos/musl/time/) and
 * in time.c: a server reads the clock a few times per request, and every
 * call in a cVM returns through the masked sequence (docs/sfi.md §5). */
#ifndef LIBOS_CLOCK_PAGE_H
#define LIBOS_CLOCK_PAGE_H
#include <stdint.h>
#include <time.h>
#include <intravisor.h>
#include <intravisor/clock.h>

/* Nanoseconds on IV_CLOCK_*, or -1 when the line is missing, has run out
 * or is being rewritten (then the hostcall, which renews it). */
static inline int64_t __libos_page_clock(int clock)
{
	const volatile struct iv_clock_page *p =
		(const volatile struct iv_clock_page *)(uintptr_t)IV_CLOCK_PAGE_OFFSET;
	uint32_t seq = __atomic_load_n(&p->seq, __ATOMIC_ACQUIRE);
	if ((seq & 1) || !p->valid)
		return -1;
	uint64_t tsc0 = p->tsc0, mult = p->mult, span = p->span;
	if (clock != IV_CLOCK_REALTIME && clock != IV_CLOCK_MONOTONIC)
		return -1; /* CPU clocks: the monitor counts them */
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

/* A Linux clock id as the monitor's clock, or -1 for one it has not. */
static inline int __libos_host_clock(long clk)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		return IV_CLOCK_REALTIME;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		return IV_CLOCK_MONOTONIC;
	case CLOCK_PROCESS_CPUTIME_ID: /* the whole cVM's threads */
		return IV_CLOCK_PROCESS_CPUTIME;
	case CLOCK_THREAD_CPUTIME_ID:
		return IV_CLOCK_THREAD_CPUTIME;
	default:
		return -1;
	}
}

/* Linux clock id -> nanoseconds from the page, or -1 (then the system
 * call path: unknown clock, or the page cannot answer). */
static inline long long __libos_clock_fast(long clk)
{
	int c = __libos_host_clock(clk);
	return c < 0 ? -1 : __libos_page_clock(c);
}
#endif
