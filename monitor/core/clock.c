/* The clock page (include/intravisor/clock.h, docs/monitor.md "Clock
 * page").  A cVM has no vDSO, so every clock_gettime used to be a hostcall
 * (two of Redis's three per request).  The LibOS now reads a line the
 * monitor publishes through the TSC, as the vDSO does, and asks the monitor
 * only when the line runs out, every LINE_NS.
 *
 * There is a line only where the kernel itself trusts the TSC (its
 * clocksource is "tsc": synchronised across CPUs, constant rate).  The
 * rate is measured against the kernel's CLOCK_MONOTONIC from the monitor's
 * start, so it sharpens with time; a new line starts where the old one is
 * at that TSC when that is later than the kernel's clock (never backwards)
 * and is slewed to meet the kernel's clock by its end. */
#include "core/clock.h"
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <intravisor/clock.h>
#include <intravisor/sfi.h>

#define LINE_NS 100000000ll /* 100 ms: a step of the host's realtime is seen within it */
#define CALIBRATE_NS 50000ll /* the first line once the rate is measured over 50 µs */

static struct iv_clock_page *page; /* the monitor's writable view */
static int page_fd = -1;
static int usable;                 /* the TSC may be used */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER; /* writers; a leaf, held ~1 µs */
static uint64_t anchor_tsc;        /* calibration start (under lock) */
static int64_t anchor_mono;

static inline uint64_t tsc_now(void)
{
    uint32_t lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
    return (uint64_t)hi << 32 | lo;
}

static int64_t kclock(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The kernel's monotonic clock and the TSC at the same moment (the middle
 * of the tightest of three brackets), and realtime - monotonic. */
static void sample(uint64_t *tsc, int64_t *mono, int64_t *real_off)
{
    uint64_t best = UINT64_MAX;
    for (int i = 0; i < 3; i++) {
        uint64_t a = tsc_now();
        int64_t m = kclock(CLOCK_MONOTONIC);
        uint64_t b = tsc_now();
        if (b - a < best) {
            best = b - a;
            *tsc = a + (b - a) / 2;
            *mono = m;
        }
    }
    int64_t r = kclock(CLOCK_REALTIME);
    *real_off = r - kclock(CLOCK_MONOTONIC);
}

static int64_t line_at(const struct iv_clock_page *l, uint64_t tsc)
{
    int64_t d = (int64_t)(tsc - l->tsc0);
    if (d <= 0)
        return l->mono0;
    return l->mono0 + (int64_t)(((unsigned __int128)d * l->mult) >> IV_CLOCK_SHIFT);
}

static int clocksource_is_tsc(void)
{
    char s[16] = {0};
    int fd = open("/sys/devices/system/clocksource/clocksource0/current_clocksource", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, s, sizeof s - 1);
    close(fd);
    return n >= 3 && !strcmp(s, "tsc\n");
}

int iv_clock_init(void)
{
    page_fd = memfd_create("iv-clock", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (page_fd < 0 || ftruncate(page_fd, IV_PAGE_SIZE) ||
        fcntl(page_fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL))
        return -1;
    page = mmap(NULL, IV_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, page_fd, 0);
    if (page == MAP_FAILED)
        return -1;
    const char *e = getenv("IV_CLOCK_PAGE"); /* "off": every read is a hostcall (tests) */
    usable = clocksource_is_tsc() && !(e && !strcmp(e, "off"));
    if (usable) {
        int64_t off;
        sample(&anchor_tsc, &anchor_mono, &off);
    }
    return 0;
}

int iv_clock_map(uint64_t base)
{
    void *p = mmap((void *)(uintptr_t)(base + IV_CLOCK_PAGE_OFFSET), IV_PAGE_SIZE, PROT_READ,
                   MAP_SHARED | MAP_FIXED, page_fd, 0);
    return p == MAP_FAILED ? -1 : 0;
}

/* A new line from now (lock held).  Before the rate is measured there is
 * none, and readers ask the kernel. */
static void refresh(void)
{
    uint64_t t;
    int64_t m, off;
    sample(&t, &m, &off);
    if (m - anchor_mono < CALIBRATE_NS || t <= anchor_tsc)
        return;
    unsigned __int128 rate = ((unsigned __int128)(m - anchor_mono) << IV_CLOCK_SHIFT) / (t - anchor_tsc);
    int64_t start = m;
    if (page->valid && line_at(page, t) > start)
        start = line_at(page, t);
    /* Ahead of the kernel by `ahead`: run slower so as to meet it when
     * the line ends (at most half speed). */
    int64_t ahead = start - m;
    /* A line at most 4 times as long as the rate's measurement: the
     * first ones are short (a read's jitter over a short measurement is a
     * large rate error), then 100 ms each. */
    int64_t len = m - anchor_mono < LINE_NS / 4 ? 4 * (m - anchor_mono) : LINE_NS;
    if (ahead > len / 2)
        ahead = len / 2;
    uint64_t mult = (uint64_t)(rate * (unsigned __int128)(len - ahead) / len);
    uint64_t span = (uint64_t)(((unsigned __int128)len << IV_CLOCK_SHIFT) / rate);
    if (!mult || !span)
        return;
    /* Seqlock write: readers that see an odd or changed seq retry. */
    __atomic_store_n(&page->seq, page->seq + 1, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    page->tsc0 = t;
    page->mono0 = start;
    page->real_off = off;
    page->mult = mult;
    page->span = span;
    page->valid = 1;
    __atomic_store_n(&page->seq, page->seq + 1, __ATOMIC_RELEASE);
}

/* Lock-free while the line lasts (a cVM calling IV_HC_CLOCK in a loop
 * takes the lock at most once per line); the lock only to renew it. */
int64_t iv_clock_now(int realtime)
{
    if (!usable)
        return kclock(realtime ? CLOCK_REALTIME : CLOCK_MONOTONIC);
    uint32_t s = __atomic_load_n(&page->seq, __ATOMIC_ACQUIRE);
    if (!(s & 1) && __atomic_load_n(&page->valid, __ATOMIC_RELAXED)) {
        struct iv_clock_page l = {
            .tsc0 = __atomic_load_n(&page->tsc0, __ATOMIC_RELAXED),
            .mono0 = __atomic_load_n(&page->mono0, __ATOMIC_RELAXED),
            .real_off = __atomic_load_n(&page->real_off, __ATOMIC_RELAXED),
            .mult = __atomic_load_n(&page->mult, __ATOMIC_RELAXED),
            .span = __atomic_load_n(&page->span, __ATOMIC_RELAXED),
        };
        uint64_t t = tsc_now();
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (__atomic_load_n(&page->seq, __ATOMIC_RELAXED) == s && t - l.tsc0 < l.span)
            return line_at(&l, t) + (realtime ? l.real_off : 0);
    }
    pthread_mutex_lock(&lock);
    if (!page->valid || tsc_now() - page->tsc0 >= page->span)
        refresh();
    int64_t v = page->valid ? line_at(page, tsc_now()) + (realtime ? page->real_off : 0)
                            : kclock(realtime ? CLOCK_REALTIME : CLOCK_MONOTONIC);
    pthread_mutex_unlock(&lock);
    return v;
}
