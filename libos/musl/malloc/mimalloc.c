/* mimalloc as musl's allocator in the cVM sysroot (build-musl.sh builds
 * musl with MALLOC_DIR=mimalloc and this file as that directory's only
 * source; docs/libos.md "The allocator").
 *
 * Debian's mimalloc 2.0.9 is compiled in whole (its src/static.c) without
 * MI_MALLOC_OVERRIDE: it defines only mi_* names, and the functions below
 * give musl what its MALLOC_DIR must provide.  musl's own src/malloc/ adds
 * malloc (lite_malloc.c's weak alias to __libc_malloc_impl), free, realloc,
 * calloc, memalign and posix_memalign on top, so the program and musl's
 * internal allocations share one allocator. */

/* musl's internal <features.h> defines `weak` as a macro; mimalloc uses
 * the word as a field name. */
#include <features.h>
#undef weak
#include "static.c"

#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <intravisor.h>

/* mimalloc decommits memory it no longer uses with madvise(MADV_DONTNEED)
 * and recommits it with mprotect before use.  In a cVM, DONTNEED'd pages
 * stay accessible, so they stay charged to the memory budget: mimalloc
 * would hold "decommitted" memory the budget still counts, and fail to
 * commit new spans at the budget's edge with plenty freed.  This file is
 * compiled with -Dmadvise=libos_mimalloc_madvise (and mprotect, munmap,
 * mmap likewise): a decommit maps fresh PROT_NONE pages instead --
 * mimalloc's own (disabled) MAP_FIXED decommit on Linux -- which frees the
 * memory and its charge (docs/monitor.md).  Resets, which must leave the
 * pages accessible, are never made: page_reset is forced off below.
 *
 * The remap is deferred.  Allocation churn decommits and recommits the
 * same spans over and over, and each round trip was two hostcalls and a
 * page fault per page (Lua binary-trees spent 20 % of its time there).  A
 * decommit only records the range (pending_max bytes at most, oldest out
 * first); a recommit of a recorded range then finds its pages still there
 * (one mprotect, no page faults).  A cVM that frees still shrinks, to
 * within pending_max; a commit that fails with ENOMEM (the budget) makes
 * every recorded decommit real and tries again; unmapping or mapping over
 * a recorded range forgets that part first. */
#undef madvise
#undef mprotect
#undef munmap
#undef mmap
/* The headers declared the renamed names: the real ones, here. */
int madvise(void *, size_t, int);
int mprotect(void *, size_t, int);
int munmap(void *, size_t);
void *mmap(void *, size_t, int, int, int, off_t);
#define PENDING_N 64
/* How much freed memory is kept back: an eighth of the budget, between
 * 4 and 32 MiB (glibc keeps up to 32 MiB too: its mmap threshold grows to
 * the largest block freed, so a program that churns 8 MiB buffers reuses
 * one heap; here each round was a remap and a page fault per page touched
 * again, 9x native).  Set at start-up from iv_sysinfo. */
static size_t pending_max = 4u << 20;
static struct range {
	uintptr_t lo, hi;
} pending[PENDING_N];
static int npending;
static size_t pending_bytes;
static volatile int pending_lock;

static void lock(void)
{
	while (__atomic_exchange_n(&pending_lock, 1, __ATOMIC_ACQUIRE))
		sched_yield();
}

static void unlock(void) { __atomic_store_n(&pending_lock, 0, __ATOMIC_RELEASE); }

/* Which pages mimalloc can access now: mapped or made read-write by it,
 * and not given back for real since (a recorded decommit keeps them).  One
 * bit per page of the 4 GiB region (.bss: 128 KiB, charged to the budget
 * like the rest of the image, of which only the words for the heap's
 * addresses are ever touched, so resident).  It lets
 *  - a decommit record (or remap) only the accessible parts of its range:
 *    freeing the last block of a 32 MiB segment decommits the whole
 *    segment, of which one large block's 1 MiB was ever committed, and the
 *    remap of the rest was a 32 MiB mapping change per malloc+free of a
 *    block of 256 KiB or more (6 us; glibc: 20 ns);
 *  - a commit of pages that are all still accessible (a recorded decommit
 *    not made yet) skip its hostcall.
 * Region offsets: the region is 4 GiB-aligned.  Under the lock. */
#define PAGE 4096u
#define REGION_PAGES (1u << 20)
static uint64_t accessible[REGION_PAGES / 64];

static size_t page_lo(uintptr_t a) { return (size_t)(a & 0xffffffffu) / PAGE; }
static size_t page_hi(uintptr_t a) { return (size_t)((a - 1) & 0xffffffffu) / PAGE + 1; } /* a > lo: one past */

/* The first page in [pg, end) whose mark is `on`, or end: a word at a
 * time (a segment is 8,192 pages). */
static size_t next_page(size_t pg, size_t end, int on)
{
	while (pg < end) {
		uint64_t w = (on ? accessible[pg / 64] : ~accessible[pg / 64]) >> (pg % 64);
		if (w) {
			size_t r = pg + (size_t)__builtin_ctzll(w);
			return r < end ? r : end;
		}
		pg = (pg / 64 + 1) * 64;
	}
	return end;
}

/* Bytes marked accessible: when the heap is large enough for huge pages. */
static size_t accessible_bytes;

/* Marks [lo, hi) (whole pages touched) accessible or not. */
static void mark(uintptr_t lo, uintptr_t hi, int on)
{
	if (hi <= lo)
		return;
	for (size_t pg = page_lo(lo), end = page_hi(hi); pg < end;) {
		size_t n = 64 - pg % 64;
		if (n > end - pg)
			n = end - pg;
		uint64_t m = (n == 64 ? ~0ull : ((1ull << n) - 1)) << (pg % 64);
		uint64_t was = accessible[pg / 64];
		accessible[pg / 64] = on ? was | m : was & ~m;
		size_t flipped = (size_t)__builtin_popcountll(was ^ accessible[pg / 64]);
		accessible_bytes = on ? accessible_bytes + flipped * PAGE : accessible_bytes - flipped * PAGE;
		pg += n;
	}
}

/* Huge pages.  A heap that has grown past huge_after (bytes accessible)
 * is committed in whole 2 MiB blocks advised MADV_HUGEPAGE, so that its
 * first touch maps one transparent huge page instead of 512 small ones:
 * fewer page faults, and one TLB entry where there were 512 (SQLite's
 * speedtest1 runs 2-7 % faster, Lua binary-trees 9 %; docs/benchmarks.md
 * "Stop 22").  Below it, small pages: a small cVM's memory stays small, and
 * 8 MiB is within the TLB's reach anyway.  The pages a rounded commit adds
 * beyond what mimalloc asked for are free memory: they are recorded as
 * kept back (decommits not made yet), so they stay within pending_max
 * and are given up under pressure like any.  A block is rounded into only
 * if all of it is mimalloc's own reservation: one bit per 2 MiB block of
 * the region, set when a mapping of mimalloc's covers the whole block,
 * cleared when an unmap touches it. */
#define HUGE_PAGE (2u << 20)
#define REGION_BLOCKS (1u << 11)
static uint64_t owned_block[REGION_BLOCKS / 64];
static size_t huge_after = 8u << 20;

static void own(uintptr_t lo, uintptr_t hi, int on)
{
	size_t first = on ? ((lo & 0xffffffffu) + HUGE_PAGE - 1) / HUGE_PAGE : (lo & 0xffffffffu) / HUGE_PAGE;
	size_t end = on ? ((hi - 1) & 0xffffffffu) / HUGE_PAGE + ((hi & (HUGE_PAGE - 1)) == 0)
	                : ((hi - 1) & 0xffffffffu) / HUGE_PAGE + 1;
	for (size_t b = first; b < end && b < REGION_BLOCKS; b++)
		owned_block[b / 64] = on ? owned_block[b / 64] | 1ull << (b % 64) : owned_block[b / 64] & ~(1ull << (b % 64));
}

static int all_owned(uintptr_t lo, uintptr_t hi)
{
	for (size_t b = (lo & 0xffffffffu) / HUGE_PAGE, end = ((hi - 1) & 0xffffffffu) / HUGE_PAGE + 1; b < end; b++)
		if (!(owned_block[b / 64] >> (b % 64) & 1))
			return 0;
	return 1;
}

static int all_accessible(uintptr_t lo, uintptr_t hi)
{
	return hi > lo && next_page(page_lo(lo), page_hi(hi), 0) == page_hi(hi);
}

static int remap_none(uintptr_t lo, uintptr_t hi)
{
	void *p = mmap((void *)lo, hi - lo, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
	if (p != (void *)lo)
		return -1;
	mark(lo, hi, 0);
	return 0;
}

/* Entry i made real (decommitted) and dropped.  Under the lock. */
static void flush_one(int i)
{
	remap_none(pending[i].lo, pending[i].hi);
	pending_bytes -= pending[i].hi - pending[i].lo;
	pending[i] = pending[--npending];
}

/* Forgets [lo, hi) in the recorded ranges (their pages are mimalloc's
 * again, or gone).  A piece that no longer fits is made real instead.
 * Under the lock. */
static void forget(uintptr_t lo, uintptr_t hi)
{
	for (int i = 0; i < npending;) {
		struct range r = pending[i];
		if (r.hi <= lo || r.lo >= hi) {
			i++;
			continue;
		}
		pending_bytes -= r.hi - r.lo;
		pending[i] = pending[--npending];
		struct range left = {r.lo, lo}, right = {hi, r.hi};
		struct range piece[2] = {left, right};
		for (int k = 0; k < 2; k++) {
			if (piece[k].lo >= piece[k].hi || piece[k].lo < r.lo || piece[k].hi > r.hi)
				continue;
			if (npending < PENDING_N) {
				pending[npending++] = piece[k];
				pending_bytes += piece[k].hi - piece[k].lo;
			} else {
				remap_none(piece[k].lo, piece[k].hi);
			}
		}
		/* entry i now holds another range (or a piece): look at it again */
	}
}

static void flush_all(void)
{
	while (npending)
		flush_one(npending - 1);
}

/* Records the decommit of [lo, hi), all of it accessible, or makes it
 * now if it is too large to keep.  Under the lock. */
static int decommit_run(uintptr_t lo, uintptr_t hi)
{
	size_t len = hi - lo;
	if (len > pending_max)
		return remap_none(lo, hi);
	while (npending && (npending == PENDING_N || pending_bytes + len > pending_max))
		flush_one(0); /* the oldest-ish: entry 0 */
	pending[npending++] = (struct range){lo, hi};
	pending_bytes += len;
	return 0;
}

/* Calls fn on each run of the pages of [lo, hi) (page-aligned) whose
 * accessibility is `which`, in order.  Every run is visited; the first
 * failure is the result.  Under the lock. */
static int each_run(uintptr_t lo, uintptr_t hi, int which, int (*fn)(uintptr_t, uintptr_t))
{
	int r = 0;
	size_t first = page_lo(lo), end = page_hi(hi);
	for (size_t pg = next_page(first, end, which); pg < end;) {
		size_t run = next_page(pg, end, !which);
		uintptr_t a = lo + (pg - first) * PAGE, b = lo + (run - first) * PAGE;
		int e = fn(a, b < hi ? b : hi);
		r = r ? r : e;
		pg = next_page(run, end, which);
	}
	return r;
}

/* Decommits the accessible runs of [lo, hi): pages that are not
 * accessible are decommitted already.  Under the lock. */
static int keep_back(uintptr_t lo, uintptr_t hi)
{
	return each_run(lo, hi, 1, decommit_run);
}

/* libos/src/mem.c asks (__libos_mem_pressure) when a mapping outside the allocator (a thread's
 * stack, the program's own mmap) meets the budget: everything kept back is
 * given up.  Not while this thread or another is inside the bookkeeping
 * (the caller's ENOMEM stands then).  Whether anything was given up. */
static int give_up_kept(void)
{
	if (__atomic_exchange_n(&pending_lock, 1, __ATOMIC_ACQUIRE))
		return 0;
	int had = npending > 0;
	flush_all();
	unlock();
	return had;
}

int libos_mimalloc_madvise(void *addr, size_t len, int advice)
{
	if (advice != MADV_DONTNEED)
		return madvise(addr, len, advice);
	/* Whole pages only (mimalloc's decommits are page-aligned anyway). */
	uintptr_t lo = ((uintptr_t)addr + PAGE - 1) & ~(uintptr_t)(PAGE - 1), hi = ((uintptr_t)addr + len) & ~(uintptr_t)(PAGE - 1);
	if (hi <= lo)
		return 0;
	lock();
	forget(lo, hi);
	int r = keep_back(lo, hi);
	unlock();
	return r;
}

/* A run of pages just made read-write that were not accessible: counted
 * as accessible, and kept back (a decommit not yet made).  Under the lock. */
static int keep_back_made(uintptr_t lo, uintptr_t hi)
{
	mark(lo, hi, 1);
	return decommit_run(lo, hi);
}

/* Records the pages of [lo, hi) that were not accessible as kept back.
 * Under the lock. */
static void keep_back_new(uintptr_t lo, uintptr_t hi)
{
	(void)each_run(lo, hi, 0, keep_back_made);
}

/* A commit of [lo, hi) as whole huge pages (see HUGE_PAGE): 0 if made,
 * -1 if not (small heap, not all mimalloc's, over the budget): then the
 * caller commits exactly what was asked.  All under the lock: the added
 * pages may hold kept-back ranges, which another thread must not make
 * real between this mprotect and the marking (they would be marked
 * accessible while PROT_NONE). */
static int commit_huge(uintptr_t lo, uintptr_t hi)
{
	uintptr_t l2 = lo & ~(uintptr_t)(HUGE_PAGE - 1), h2 = (hi + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	lock();
	if (accessible_bytes < huge_after || !all_owned(l2, h2) || mprotect((void *)l2, h2 - l2, PROT_READ | PROT_WRITE)) {
		unlock();
		return -1;
	}
	mark(lo, hi, 1);
	keep_back_new(l2, lo);
	keep_back_new(hi, h2);
	unlock();
	madvise((void *)l2, h2 - l2, MADV_HUGEPAGE); /* advice: without THP, small pages */
	return 0;
}

int libos_mimalloc_mprotect(void *addr, size_t len, int prot)
{
	uintptr_t lo = (uintptr_t)addr, hi = lo + len;
	int rw = prot == (PROT_READ | PROT_WRITE);
	lock();
	forget(lo, hi);
	/* A commit of pages a recorded decommit kept: they are read-write
	 * already (and charged).  mimalloc assumes nothing of their contents. */
	int done = rw && all_accessible(lo, hi);
	unlock();
	if (done)
		return 0;
	if (rw && commit_huge(lo, hi) == 0)
		return 0;
	int r = mprotect(addr, len, prot);
	if (r && errno == ENOMEM) {
		lock();
		flush_all();
		unlock();
		r = mprotect(addr, len, prot);
	}
	lock();
	if (!r)
		mark(lo, hi, rw);
	else
		keep_back(lo, hi); /* changed nothing: what forget dropped is kept back again */
	unlock();
	return r;
}

int libos_mimalloc_munmap(void *addr, size_t len)
{
	lock();
	forget((uintptr_t)addr, (uintptr_t)addr + len);
	mark((uintptr_t)addr, (uintptr_t)addr + len, 0);
	own((uintptr_t)addr, (uintptr_t)addr + len, 0);
	unlock();
	return munmap(addr, len);
}

void *libos_mimalloc_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if (flags & MAP_FIXED) {
		lock();
		forget((uintptr_t)addr, (uintptr_t)addr + len);
		unlock();
	}
	void *p = mmap(addr, len, prot, flags, fd, off);
	if (p == MAP_FAILED && errno == ENOMEM) {
		lock();
		flush_all();
		unlock();
		p = mmap(addr, len, prot, flags, fd, off);
	}
	if (p != MAP_FAILED) {
		lock();
		mark((uintptr_t)p, (uintptr_t)p + len, prot == (PROT_READ | PROT_WRITE) && fd < 0);
		own((uintptr_t)p, (uintptr_t)p + len, fd < 0);
		unlock();
	}
	return p;
}

void *__libc_malloc_impl(size_t n) { return mi_malloc(n); }
void *__libc_realloc(void *p, size_t n) { return mi_realloc(p, n); }
void __libc_free(void *p) { mi_free(p); }
size_t malloc_usable_size(void *p) { return p ? mi_usable_size(p) : 0; }

void *aligned_alloc(size_t align, size_t len)
{
	if (!align || (align & (align - 1))) { /* musl's answer for a bad alignment */
		errno = EINVAL;
		return 0;
	}
	return mi_malloc_aligned(len, align);
}

/* calloc.c asks whether a block is known to be zero already: say no. */
int __malloc_allzerop(void *p) { (void)p; return 0; }

/* Only the dynamic linker donates memory; cVM images are static. */
void __malloc_donate(char *start, char *end) { (void)start; (void)end; }

/* Set before any constructor of the program can allocate:
 *  - segments are committed in 64 KiB slices as they are used, not 32 MiB
 *    at once: the budget charges accessible memory only, and a PROT_NONE
 *    reservation is free;
 *  - freed spans are decommitted at once, not 25 ms later: the budget
 *    sees what is free, so a program that hit ENOMEM and freed can
 *    allocate again, and a cVM that frees shrinks (tests/libc/
 *    malloc_budget.c).  It costs hostcalls on allocation churn (Lua
 *    binary-trees 0.77 s -> 0.95 s; oldmalloc took 1.09 s);
 *  - no page resets (see libos_mimalloc_madvise). */
extern int (*__libos_mem_pressure)(void); /* libos/src/mem.c */

__attribute__((constructor(101))) static void libos_mimalloc_options(void)
{
	__libos_mem_pressure = give_up_kept;
	struct iv_sysinfo si;
	if (iv_sysinfo(&si, sizeof si) >= (long)(offsetof(struct iv_sysinfo, mem_total) + sizeof si.mem_total)) {
		uint64_t m = si.mem_total / 8;
		pending_max = m < (4u << 20) ? (4u << 20) : m > (32u << 20) ? (32u << 20) : (size_t)m;
	}
	mi_option_set(mi_option_eager_commit, 0);
	mi_option_set(mi_option_decommit_delay, 0);
	mi_option_set(mi_option_page_reset, 0);
}
