/* hcfuzz SEED SECONDS THREADS: the hostcall fuzzer, a libc-free cVM.
 *
 * THREADS workers each issue random, typed hostcalls for SECONDS: every
 * argument is drawn from the values that matter for its type (pointers
 * into the cVM's own scratch memory and just across its end, the guard
 * pages, the runtime table, the monitor's trampolines, other regions,
 * kernel and non-canonical addresses; lengths at and around the limits;
 * open, closed and out-of-range fds; names of the right, wrong and
 * excessive length, unterminated; CAP handles, cVM names, capfile names).
 * The deployment (tests/fuzz/hcfuzz.yaml, docs/testing.md) runs it beside
 * canary cVMs under the ASan build of the monitor: nothing may crash, hang
 * or disturb a canary.  The same SEED replays the same per-thread call
 * sequences (thread interleaving differs).
 *
 * Excluded, because they legitimately end or block the fuzzer (not the
 * monitor): exit, thread_exit, cap_return (ends the caller's CAP call) and
 * cap_serve (waits for every caller to end); waits are bounded (futex and
 * cap_import timeouts <= 1 ms, nanosleep <= 1 ms, poll <= 2 ms); reads
 * never see a blocking descriptor (fd 0 is replaced by a file, pipes are
 * non-blocking and F_SETFL keeps O_NONBLOCK, the one stream (canary1 ->
 * hcfuzz, for epoll sets to watch) is opened non-blocking;
 * sockets, eventfds and timerfds are made non-blocking and every
 * sendmsg/recvmsg carries MSG_DONTWAIT; SO_LINGER is never turned on);
 * thread_join never names the main thread or a worker (they wait for each
 * other); munmap/mprotect/mmap(FIXED) never name the fuzzer's own live
 * memory (its scratch buffer, stacks), only a playground area and bad
 * addresses; new threads start at a real function (with random high bits,
 * which the monitor masks) on a stack of their own.  Writes from valid
 * buffers are cut to 512 bytes (disk use); nothing else limits what the
 * fuzzer consumes: the monitor's per-cVM shares must.  Prints "hcfuzz done calls=N" on a
 * descriptor kept aside (fd 1000). */
#include "../monitor/util.h"

#define MAXW 16
#define PAGE 4096ul
#define SCRATCH (1ul << 20)
#define PLAY (4ul << 20)
#define QSTACK (16ul << 10)
#define WSTACK (64ul << 10)
#define SLOT (2 * PAGE + QSTACK + WSTACK)
#define REPORT_FD 1000
#define O_NONBLOCK 04000
#define O_CREAT 0100

struct rng {
    unsigned long s;
};
static unsigned long rnd(struct rng *r)
{
    unsigned long x = r->s; /* xorshift64* */
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->s = x;
    return x * 0x2545f4914f6cdd1dul;
}
static unsigned long below(struct rng *r, unsigned long n) { return n ? rnd(r) % n : 0; }

static unsigned long base, scratch, play, mon_tramp;
static const char rodata[64] = "read-only data of the fuzzer";
static long worker_tid[MAXW + 1];
static int nworkers;
static long deadline_ns;
static volatile long total_calls;
static long hc_ok[IV_HC_COUNT], hc_all[IV_HC_COUNT]; /* per hostcall: successes, calls */

/* ---- argument generators ------------------------------------------------ */

/* A pointer of some kind; VALID_OK: scratch memory may be chosen. */
static unsigned long ptr(struct rng *r, int valid_ok)
{
    switch (below(r, valid_ok ? 20 : 13)) {
    case 0: return 0;
    case 1: return base + below(r, 0x10000);               /* low guard / image start */
    case 2: return base + 0x10000 + below(r, 0x1000);      /* runtime table (read-only) */
    case 3: return base + 0x20000 + below(r, 0x1000);      /* gap after the table */
    case 4: return base + (1ul << 32) + below(r, 1ul << 32); /* next region */
    case 5: return base - (1ul << 32) + below(r, 1ul << 32); /* previous region */
    case 6: return base + 0xffffffffull - below(r, 0x2000); /* high guard */
    case 7: return 0xffff800000000000ul + below(r, 1ul << 40); /* kernel */
    case 8: return 0x0000800000000000ul - below(r, 4096);   /* non-canonical edge */
    case 9: return mon_tramp + below(r, 64);               /* the monitor's code */
    case 10: return below(r, 1ul << 32);                   /* a region offset, not an address */
    case 11: return (unsigned long)rodata + below(r, 64);  /* read-only data */
    case 12: return play + below(r, PLAY);                 /* playground: any protection */
    case 13: return scratch + below(r, SCRATCH);
    case 14: return scratch + SCRATCH - below(r, 16);      /* just before the guard */
    case 15: return scratch + SCRATCH;                     /* the guard page after scratch */
    default: return scratch + below(r, 256);
    }
}

static unsigned long len(struct rng *r)
{
    static const unsigned long edge[] = {0, 1, 2, 7, 8, 15, 16, 63, 64, 255, 256, 4095, 4096, 4097,
                                         65535, 65536, 1ul << 20, (1ul << 20) + 1, 1ul << 31,
                                         1ul << 32, ~0ul, -4096ul, 4095 + 1, 4096 + 1, 1ul << 30};
    if (below(r, 3) == 0)
        return below(r, 100000);
    return edge[below(r, sizeof edge / sizeof edge[0])];
}

static long fd(struct rng *r)
{
    static const long edge[] = {-1, -100, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1023, 1024, 65536,
                                -2147483648l, 2147483647, 4294967296l + 3};
    if (below(r, 2))
        return 3 + below(r, 24); /* the ones the fuzzer is likely to hold */
    return edge[below(r, sizeof edge / sizeof edge[0])];
}

/* A string buffer in scratch (per worker): valid or hostile contents. */
static unsigned long str(struct rng *r, char *buf, const char *const *pool, unsigned npool)
{
    unsigned k = (unsigned)below(r, 10);
    if (k == 0)
        return ptr(r, 0);
    if (k == 1) { /* a long name/path: 63, 64, 4095, 4096, 4097 bytes */
        static const unsigned long n[] = {63, 64, 65, 4095, 4096, 4097, 8000};
        unsigned long l = n[below(r, 7)];
        for (unsigned long i = 0; i < l; i++)
            buf[i] = "ab/."[below(r, 4)];
        buf[l] = 0;
        return (unsigned long)buf;
    }
    if (k == 2) { /* unterminated up to the scratch guard */
        char *end = (char *)(scratch + SCRATCH);
        unsigned long l = 1 + below(r, 5000);
        for (unsigned long i = 0; i < l; i++)
            end[-(long)l + (long)i] = 'x';
        return (unsigned long)(end - l);
    }
    if (k == 3) { /* random bytes */
        unsigned long l = below(r, 80);
        for (unsigned long i = 0; i < l; i++)
            buf[i] = (char)(1 + below(r, 255));
        buf[l] = 0;
        return (unsigned long)buf;
    }
    const char *s = pool[below(r, npool)];
    unsigned long i = 0;
    for (; s[i]; i++)
        buf[i] = s[i];
    buf[i] = 0;
    return (unsigned long)buf;
}

static const char *const paths[] = {
    "a", "b", "d", "d/e", "d/../a", ".", "..", "../..", "/", "/etc/passwd", "../../../../etc/passwd",
    "/proc/self/mem", "/proc/self/fd/1", "/dev/zero", "ln", "ln/x", "loop", "", "a/", "//a", "d/./e/../..",
    "/cap/canary1", "/cap/canary1",
};
static const char *const names[] = {"fz", "cz", "r0", "r1", "r2", "nosuch", "", "canary0", "canary1",
                                     "hcfuzz", "add", "ping"};

/* ---- workers ------------------------------------------------------------ */

static void quick(void *arg)
{
    (void)arg;
    iv_thread_exit();
}

static int long_lived(long tid)
{
    for (int i = 0; i <= nworkers; i++)
        if (worker_tid[i] == tid)
            return 1;
    return tid == 1;
}

/* Within the playground (page aligned) or a bad address: never the
 * fuzzer's own live memory. */
static void map_range(struct rng *r, unsigned long *a, unsigned long *l)
{
    if (below(r, 4) == 0) {
        *a = below(r, 2) ? ptr(r, 0) : play + below(r, PLAY);
        *l = len(r);
        if (*a >= play && *a < play + PLAY && *l <= (1ul << 31) && *a + *l > play + PLAY)
            *l = play + PLAY - *a; /* within the heap zone a long range would reach our memory */
        return;
    }
    unsigned long off = below(r, PLAY / PAGE) * PAGE;
    *a = play + off;
    *l = (1 + below(r, (PLAY - off) / PAGE)) * PAGE;
    if (*l > 16 * PAGE && below(r, 2))
        *l = (1 + below(r, 16)) * PAGE;
}

static long hc(int n, unsigned long a, unsigned long b, unsigned long c, unsigned long d, unsigned long e);
static void count(int n, long res);

struct worker {
    int idx;
    struct rng r;
    char *sbuf, *sbuf2;    /* string buffers in scratch */
    unsigned long qstack;  /* stack top for quick threads */
    long handle;           /* last CAP import handle */
    long calls;
};


/* ---- network arguments (slots IV_HC_SYSINFO..IV_HC_RECV) --------------- */

#define NET_PORT_LO 47100 /* the loopback ports hcfuzz.yaml grants */
#define SOCK_NONBLOCK 04000
#define MSG_DONTWAIT 0x40

/* Per worker, in scratch: a sockaddr, a msghdr and its iovecs, option and
 * event buffers (reads into scratch may scribble on them: that is fuzzing). */
static unsigned long net_area(struct worker *w) { return scratch + (640ul << 10) + (unsigned long)w->idx * 4096; }

static unsigned short be16(unsigned v) { return (unsigned short)(((v & 0xff) << 8) | ((v >> 8) & 0xff)); }

/* A socket address at `at` (family, contents, sometimes garbage); its
 * length, plausible or not, in *alen. */
static unsigned long sockaddr_arg(struct rng *r, unsigned char *at, unsigned long *alen)
{
    for (int i = 0; i < 128; i++)
        at[i] = 0;
    unsigned k = (unsigned)below(r, 8);
    unsigned port = below(r, 4) ? NET_PORT_LO + (unsigned)below(r, 10) : (unsigned)below(r, 65536);
    unsigned long l;
    if (k <= 2) { /* AF_UNIX: a path of the pool, abstract, unterminated, full */
        at[0] = 1;
        const char *s = paths[below(r, sizeof paths / sizeof paths[0])];
        unsigned long i = 0;
        if (k == 1)
            at[2] = 0, i = 1; /* abstract */
        for (; *s && i < 108; s++, i++)
            at[2 + i] = (unsigned char)*s;
        if (k == 2)
            for (; i < 108; i++)
                at[2 + i] = 'u';
        l = below(r, 2) ? 2 + i + 1 : 110;
    } else if (k <= 4) { /* AF_INET 127.0.0.1, 0.0.0.0 or anything */
        at[0] = 2;
        *(unsigned short *)(at + 2) = be16(port);
        if (below(r, 3))
            at[4] = 127, at[7] = 1;
        else if (below(r, 2))
            for (int i = 4; i < 8; i++)
                at[i] = (unsigned char)rnd(r);
        l = 16;
    } else if (k <= 6) { /* AF_INET6 ::1, v4-mapped 127.0.0.1, :: */
        at[0] = 10;
        *(unsigned short *)(at + 2) = be16(port);
        if (below(r, 2))
            at[23] = 1;
        else if (below(r, 2))
            at[18] = at[19] = 0xff, at[20] = 127, at[23] = 1;
        l = 28;
    } else { /* any family, random bytes */
        for (int i = 0; i < 128; i++)
            at[i] = (unsigned char)rnd(r);
        l = below(r, 129);
    }
    if (below(r, 6) == 0) {
        static const unsigned long odd[] = {0, 1, 2, 3, 15, 27, 109, 111, 128, 129, 4096, 1ul << 31, ~0ul};
        l = odd[below(r, sizeof odd / sizeof odd[0])];
    }
    *alen = l;
    return below(r, 8) ? (unsigned long)at : ptr(r, 1);
}

/* A msghdr at area+256 (name at area, iovecs at area+512): iovecs into
 * scratch or anywhere, counts at and beyond the limit, control data
 * sometimes.  Lengths from valid buffers are cut to 512 bytes (disk use
 * through a file sendfile may later copy). */
static unsigned long msghdr_arg(struct rng *r, unsigned long area)
{
    unsigned long *m = (unsigned long *)(area + 256), *iov = (unsigned long *)(area + 512), alen = 0;
    unsigned long n = below(r, 4);
    for (unsigned long i = 0; i < n; i++) {
        iov[2 * i] = below(r, 4) ? scratch + below(r, SCRATCH / 2) : ptr(r, 1);
        iov[2 * i + 1] = below(r, 2) ? below(r, 513) : len(r);
    }
    m[0] = below(r, 2) ? 0 : sockaddr_arg(r, (unsigned char *)area, &alen);
    if (!m[0])
        alen = 0;
    m[1] = below(r, 4) ? alen : rnd(r); /* namelen (32 bits) and padding */
    m[2] = below(r, 6) ? (unsigned long)iov : ptr(r, 1);
    static const unsigned long cnt[] = {1024, 1025, 1ul << 32, ~0ul};
    m[3] = below(r, 6) ? n : cnt[below(r, 4)];
    m[4] = below(r, 10) ? 0 : ptr(r, 1);
    m[5] = below(r, 10) ? 0 : len(r);
    m[6] = rnd(r);
    return below(r, 10) ? (unsigned long)m : ptr(r, 1);
}

/* A listener, a client connected to it, the accepted end and a few bytes
 * both ways (TCP or AF_UNIX stream), so accept and the connected
 * paths are reached; the sockets stay open half of the time, for the
 * random calls to find. */
static void conversation(struct worker *w)
{
    struct rng *r = &w->r;
    unsigned char *a = (unsigned char *)(net_area(w) + 3584);
    unsigned long alen;
    int unix_ = (int)below(r, 2);
    for (int i = 0; i < 112; i++)
        a[i] = 0;
    if (unix_) {
        const char *name = "fzsock";
        a[0] = 1;
        for (int i = 0; name[i]; i++)
            a[2 + i] = (unsigned char)name[i];
        a[8] = (unsigned char)('a' + w->idx);
        alen = 2 + 8;
        hc(IV_HC_UNLINKAT, IV_AT_FDCWD, (unsigned long)(a + 2), 0, 0, 0);
    } else {
        a[0] = 2;
        *(unsigned short *)(a + 2) = be16(NET_PORT_LO + (unsigned)w->idx % 10);
        a[4] = 127, a[7] = 1;
        alen = 16;
    }
    long fam = unix_ ? 1 : 2;
    long l = hc(IV_HC_SOCKET, fam, 1 | SOCK_NONBLOCK, 0, 0, 0);
    long c = hc(IV_HC_SOCKET, fam, 1 | SOCK_NONBLOCK, 0, 0, 0);
    long one = 1;
    hc(IV_HC_SETSOCKOPT, l, 1, 2, (unsigned long)&one, sizeof one); /* SO_REUSEADDR */
    hc(IV_HC_BIND, l, (unsigned long)a, alen, 0, 0);
    hc(IV_HC_LISTEN, l, 8, 0, 0, 0);
    hc(IV_HC_CONNECT, c, (unsigned long)a, alen, 0, 0);
    long ac = -1;
    for (int i = 0; i < 50 && (ac = hc(IV_HC_ACCEPT, l, below(r, 2) ? net_area(w) : 0, net_area(w) + 1024,
                                       SOCK_NONBLOCK, 0)) == -11; i++)
        iv_nanosleep(20000); /* EAGAIN: the connection is on its way */
    unsigned long m = msghdr_arg(r, net_area(w));
    hc(IV_HC_SENDMSG, c, m, MSG_DONTWAIT, 0, 0);
    hc(IV_HC_RECVMSG, ac, msghdr_arg(r, net_area(w)), MSG_DONTWAIT | (below(r, 2) ? 2 : 0), 0, 0);
    hc(IV_HC_SENDMSG, ac, msghdr_arg(r, net_area(w)), MSG_DONTWAIT, 0, 0);
    hc(IV_HC_RECVMSG, c, msghdr_arg(r, net_area(w)), MSG_DONTWAIT, 0, 0);
    hc(IV_HC_SEND, c, below(r, 4) ? net_area(w) : ptr(r, 1), below(r, 4) ? below(r, 2048) : len(r), MSG_DONTWAIT, 0);
    hc(IV_HC_RECV, ac, below(r, 4) ? net_area(w) : ptr(r, 1), below(r, 4) ? below(r, 2048) : len(r),
       MSG_DONTWAIT | (below(r, 2) ? 2 : 0), 0);
    if (below(r, 2))
        hc(IV_HC_SHUTDOWN, below(r, 2) ? c : ac, below(r, 3), 0, 0, 0);
    if (below(r, 2)) {
        hc(IV_HC_CLOSE, l, 0, 0, 0, 0);
        hc(IV_HC_CLOSE, c, 0, 0, 0, 0);
        hc(IV_HC_CLOSE, ac, 0, 0, 0, 0);
    }
}

static void net_call(struct worker *w, int n)
{
    struct rng *r = &w->r;
    unsigned long area = net_area(w), alen = 0;
    static const long fam[] = {1, 2, 10, 16, 17, 0, 3, 41};
    static const long typ[] = {1, 2, 5, 3, 10, 1 | 02000000};
    long f = below(r, 6) ? fam[below(r, 3)] : (below(r, 2) ? fam[below(r, 8)] : (long)rnd(r));
    long t = (below(r, 6) ? typ[below(r, 3)] : (below(r, 2) ? typ[below(r, 6)] : (long)rnd(r))) | SOCK_NONBLOCK;
    long p = below(r, 4) ? 0 : (below(r, 2) ? (long)below(r, 20) : (long)rnd(r));
    switch (n) {
    case IV_HC_SYSINFO:
        hc(n, ptr(r, 1), len(r), 0, 0, 0);
        return;
    case IV_HC_SOCKET:
        hc(n, f, t, p, 0, 0);
        return;
    case IV_HC_SOCKETPAIR:
        hc(n, f, t, p, ptr(r, 1), 0);
        return;
    case IV_HC_BIND:
    case IV_HC_CONNECT: {
        unsigned long a = sockaddr_arg(r, (unsigned char *)area, &alen);
        hc(n, fd(r), a, below(r, 6) ? alen : len(r), 0, 0);
        return;
    }
    case IV_HC_LISTEN:
        hc(n, fd(r), below(r, 2) ? below(r, 8) : rnd(r), 0, 0, 0);
        return;
    case IV_HC_ACCEPT: { /* non-blocking accepts only: a blocking one would wait */
        if (below(r, 8) == 0) {
            conversation(w);
            return;
        }
        unsigned *lp = (unsigned *)(area + 1024);
        *lp = below(r, 2) ? 128 : (unsigned)len(r);
        hc(n, fd(r), below(r, 3) ? area : ptr(r, 1), below(r, 4) ? (unsigned long)lp : ptr(r, 1),
           SOCK_NONBLOCK | (below(r, 2) ? 02000000 : (rnd(r) & ~0x800ul)), 0);
        return;
    }
    case IV_HC_SENDMSG:
    case IV_HC_RECVMSG: { /* MSG_DONTWAIT always: descriptors may be blocking after dup of another's */
        static const unsigned long ok[] = {0, 1, 2, 0x20, 0x100, 0x4000, 0x8000, 0x80, 0x800, 0x20000000};
        unsigned long fl = below(r, 4) ? ok[below(r, sizeof ok / sizeof ok[0])] : below(r, 2) ? below(r, 0x10000) : rnd(r);
        hc(n, fd(r), msghdr_arg(r, area), fl | MSG_DONTWAIT, 0, 0);
        return;
    }
    case IV_HC_SEND:
    case IV_HC_RECV: { /* MSG_DONTWAIT always, as for sendmsg/recvmsg */
        static const unsigned long ok[] = {0, 1, 2, 0x20, 0x100, 0x4000, 0x8000, 0x80, 0x800, 0x20000000};
        unsigned long fl = below(r, 4) ? ok[below(r, sizeof ok / sizeof ok[0])] : below(r, 2) ? below(r, 0x10000) : rnd(r);
        hc(n, fd(r), below(r, 2) ? area : ptr(r, 1), below(r, 2) ? below(r, 4096) : len(r), fl | MSG_DONTWAIT, 0);
        return;
    }
    case IV_HC_SHUTDOWN:
        hc(n, fd(r), below(r, 2) ? below(r, 4) : rnd(r), 0, 0, 0);
        return;
    case IV_HC_SOCKNAME: {
        unsigned *lp = (unsigned *)(area + 1024);
        *lp = below(r, 2) ? (unsigned)below(r, 130) : (unsigned)len(r);
        hc(n, fd(r), ptr(r, 1), below(r, 4) ? (unsigned long)lp : ptr(r, 1), below(r, 2) ? below(r, 2) : rnd(r), 0);
        return;
    }
    case IV_HC_SETSOCKOPT:
    case IV_HC_GETSOCKOPT: {
        static const long lvl[] = {1, 6, 0, 41, 17};
        static const long opt[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 18, 19, 20, 21, 25, 26, 38, 39,
                                   11, 13, 14, 16, 23, 24, 36, 67, 26, 49, 1000};
        long level = below(r, 5) ? lvl[below(r, 5)] : (long)rnd(r);
        long name = below(r, 5) ? opt[below(r, sizeof opt / sizeof opt[0])] : (long)rnd(r);
        unsigned long *v = (unsigned long *)(area + 1536);
        for (int i = 0; i < 32; i++)
            v[i] = below(r, 2) ? below(r, 4) : rnd(r);
        unsigned long vp = below(r, 4) ? (unsigned long)v : ptr(r, 1);
        if (level == 1 && name == 13 && n == IV_HC_SETSOCKOPT) /* SO_LINGER on: a close would wait */
            v[0] = 0, vp = (unsigned long)v;
        unsigned *lp = (unsigned *)(area + 1024);
        *lp = below(r, 2) ? (unsigned)below(r, 260) : (unsigned)len(r);
        hc(n, fd(r), level, name, vp,
           n == IV_HC_SETSOCKOPT ? (below(r, 2) ? below(r, 260) : len(r))
                                 : (below(r, 4) ? (unsigned long)lp : ptr(r, 1)));
        return;
    }
    case IV_HC_EPOLL_CREATE:
        hc(n, below(r, 2) ? 0 : below(r, 2) ? 02000000 : rnd(r), 0, 0, 0, 0);
        return;
    case IV_HC_EPOLL_CTL: {
        unsigned *ev = (unsigned *)(area + 2048); /* packed: events, then 64-bit data */
        ev[0] = below(r, 2) ? (unsigned)below(r, 0x20) | (below(r, 2) ? 1u << 31 : 0) | (below(r, 2) ? 1u << 30 : 0)
                            : (unsigned)rnd(r);
        ev[1] = (unsigned)rnd(r), ev[2] = (unsigned)rnd(r);
        hc(n, fd(r), below(r, 4) ? 1 + below(r, 3) : rnd(r), fd(r), below(r, 6) ? (unsigned long)ev : ptr(r, 1), 0);
        return;
    }
    case IV_HC_EPOLL_WAIT: /* waits are bounded: <= 2 ms */
        hc(n, fd(r), ptr(r, 1), below(r, 2) ? below(r, 70) : len(r), below(r, 3), 0);
        return;
    case IV_HC_EVENTFD:
        hc(n, below(r, 2) ? below(r, 3) : rnd(r), (below(r, 2) ? below(r, 2) * 02000000 : rnd(r)) | 04000, 0, 0, 0);
        return;
    case IV_HC_TIMERFD_CREATE:
        hc(n, below(r, 2) ? below(r, 8) : rnd(r), (below(r, 2) ? below(r, 2) * 02000000 : rnd(r)) | 04000, 0, 0, 0);
        return;
    case IV_HC_TIMERFD_SETTIME: {
        unsigned long *ts = (unsigned long *)(area + 2560);
        for (int i = 0; i < 4; i++)
            ts[i] = below(r, 2) ? below(r, 3) : rnd(r);
        hc(n, fd(r), below(r, 2) ? below(r, 4) : rnd(r), below(r, 6) ? (unsigned long)ts : ptr(r, 1),
           below(r, 2) ? 0 : ptr(r, 1), 0);
        return;
    }
    case IV_HC_TIMERFD_GETTIME:
        hc(n, fd(r), ptr(r, 1), 0, 0, 0);
        return;
    case IV_HC_SENDFILE: { /* counts stay small: out may be a file (disk use) */
        long *off = (long *)(area + 3072);
        *off = below(r, 2) ? (long)below(r, 4096) : (long)rnd(r);
        hc(n, fd(r), fd(r), below(r, 2) ? 0 : below(r, 4) ? (unsigned long)off : ptr(r, 1), below(r, 4097), 0);
        return;
    }
    }
}

static void one_call(struct worker *w)
{
    struct rng *r = &w->r;
    unsigned long a, l;
    int n = (int)below(r, IV_HC_COUNT);
    w->calls++;
    switch (n) {
    case IV_HC_EXIT:
    case IV_HC_THREAD_EXIT:
    case IV_HC_CAP_RETURN:
    case IV_HC_CAP_SERVE:
        return; /* end the fuzzer or wait for its end: excluded */
    case IV_HC_WRITE:
    case IV_HC_PWRITE:
        a = ptr(r, 1);
        l = len(r);
        if (a >= scratch && a < scratch + SCRATCH && l > 512 && l <= SCRATCH)
            l = 512; /* disk use */
        hc(n, fd(r), a, l, n == IV_HC_PWRITE ? len(r) : 0, 0);
        return;
    case IV_HC_READ:
    case IV_HC_PREAD:
    case IV_HC_GETDENTS:
        hc(n, fd(r), ptr(r, 1), len(r), len(r), 0);
        return;
    case IV_HC_CLOCK:
        hc(n, below(r, 3) ? below(r, 4) : rnd(r), 0, 0, 0, 0);
        return;
    case IV_HC_NANOSLEEP:
        hc(n, below(r, 1000000) - 5, 0, 0, 0, 0);
        return;
    case IV_HC_GETRANDOM:
        hc(n, ptr(r, 1), len(r), 0, 0, 0);
        return;
    case IV_HC_THREAD_CREATE: {
        unsigned long entry = (unsigned long)quick;
        if (below(r, 2))
            entry = (rnd(r) << 32) | (entry & 0xffffffffu); /* masked by the monitor */
        unsigned long stack = w->qstack;
        if (below(r, 4) == 0) { /* any stack but the playground, which others unmap */
            stack = ptr(r, 1);
            if (stack >= play && stack < play + PLAY)
                stack = w->qstack;
        }
        long tid = hc(n, entry, rnd(r), stack, rnd(r), below(r, 3) ? 0 : ptr(r, 1) & ~3ul);
        long j = tid > 0 ? hc(IV_HC_THREAD_JOIN, tid, 0, 0, 0, 0) : 0;
        if (j != 0 && j != -3) { /* ESRCH: another worker joined it first */
            t_puts("FAILED hcfuzz: cannot join a thread it created\n");
            iv_exit(3);
        }
        return;
    }
    case IV_HC_THREAD_JOIN: {
        long tid = below(r, 2) ? (long)below(r, 2000) : (long)rnd(r);
        if (tid == iv_thread_self() ? below(r, 2) : !long_lived(tid))
            hc(n, tid, 0, 0, 0, 0); /* self: EDEADLK */
        return;
    }
    case IV_HC_THREAD_SELF:
        hc(n, 0, 0, 0, 0, 0);
        return;
    case IV_HC_FUTEX_WAIT:
        hc(n, ptr(r, 1), rnd(r) & 3, below(r, 1000001), below(r, 4) ? below(r, 2) : rnd(r), 0);
        return;
    case IV_HC_FUTEX_WAKE:
        hc(n, ptr(r, 1), below(r, 2) ? below(r, 4) : rnd(r), below(r, 4) ? below(r, 2) : rnd(r), 0, 0);
        return;
    case IV_HC_MMAP:
        map_range(r, &a, &l);
        if (below(r, 2)) /* not fixed: new memory anywhere in the heap zone */
            hc(n, ptr(r, 0), below(r, 2) ? l : len(r), rnd(r) & 7, below(r, 4) ? 0 : rnd(r) & ~0x10ul, 0);
        else
            hc(n, a, l, below(r, 4) ? 3 : rnd(r) & 7, IV_MAP_FIXED | (below(r, 8) ? 0 : rnd(r)), 0);
        return;
    case IV_HC_MUNMAP:
    case IV_HC_MPROTECT:
        map_range(r, &a, &l);
        hc(n, a, l, below(r, 4) ? below(r, 4) : rnd(r), 0, 0);
        return;
    case IV_HC_MADVISE: /* 14, 15: the two kinds of advice; the rest EINVAL */
        map_range(r, &a, &l);
        hc(n, a, l, below(r, 4) ? 14 + below(r, 2) : rnd(r), 0, 0);
        return;
    case IV_HC_GETNAME:
    case IV_HC_GETCWD:
        hc(n, ptr(r, 1), len(r), 0, 0, 0);
        return;
    case IV_HC_OPENAT: {
        static const long fl[] = {0, 1, 2, 0100 | 1, 0100 | 2 | 01000, 0200000, 010000000, 0400000, 02000 | 1,
                                  0100 | 0200 | 2, 020000000};
        long flags = below(r, 4) ? fl[below(r, sizeof fl / sizeof fl[0])] : (long)(rnd(r) & 0xffffffff);
        hc(n, below(r, 2) ? IV_AT_FDCWD : fd(r), str(r, w->sbuf, paths, sizeof paths / sizeof paths[0]),
           flags | O_NONBLOCK, below(r, 2) ? 0644 : rnd(r) & 07777, 0);
        return;
    }
    case IV_HC_CLOSE: { /* anywhere in the table too: a full table would starve every call that makes one */
        long f = below(r, 2) ? fd(r) : (long)below(r, 1024);
        if (f != REPORT_FD)
            hc(n, f, 0, 0, 0, 0);
        return;
    }
    case IV_HC_LSEEK:
    case IV_HC_FTRUNCATE:
    case IV_HC_FSYNC:
        hc(n, fd(r), below(r, 2) ? below(r, 100000) : len(r), below(r, 4) ? below(r, 5) : rnd(r), 0, 0);
        return;
    case IV_HC_STATFS:
        hc(n, below(r, 2) ? IV_AT_FDCWD : fd(r), below(r, 4) ? str(r, w->sbuf, paths, sizeof paths / sizeof paths[0]) : 0,
           ptr(r, 1), 0, 0);
        return;
    case IV_HC_FSTATAT:
    case IV_HC_READLINKAT: {
        static const unsigned long atfl[] = {0, 0x100, 0x1000, 0x1100, 0x800};
        hc(n, below(r, 2) ? IV_AT_FDCWD : fd(r),
           below(r, 6) ? str(r, w->sbuf, paths, sizeof paths / sizeof paths[0]) : 0, ptr(r, 1),
           n == IV_HC_READLINKAT ? len(r) : below(r, 4) ? atfl[below(r, 5)] : rnd(r), 0);
        return;
    }
    case IV_HC_FACCESSAT:
        hc(n, below(r, 2) ? IV_AT_FDCWD : fd(r), str(r, w->sbuf, paths, sizeof paths / sizeof paths[0]),
           below(r, 4) ? below(r, 8) : rnd(r), below(r, 4) ? 0 : rnd(r), 0);
        return;
    case IV_HC_MKDIRAT:
    case IV_HC_UNLINKAT:
    case IV_HC_CHDIR:
    case IV_HC_FCHMODAT:
        hc(n, below(r, 2) ? IV_AT_FDCWD : fd(r), str(r, w->sbuf, paths, sizeof paths / sizeof paths[0]),
           below(r, 2) ? below(r, 01000) : rnd(r), 0, 0);
        return;
    case IV_HC_RENAMEAT:
    case IV_HC_LINKAT:
        hc(n, below(r, 2) ? IV_AT_FDCWD : fd(r), str(r, w->sbuf, paths, sizeof paths / sizeof paths[0]),
           below(r, 2) ? IV_AT_FDCWD : fd(r), str(r, w->sbuf2, paths, sizeof paths / sizeof paths[0]),
           below(r, 2) ? below(r, 8) : rnd(r));
        return;
    case IV_HC_SYMLINKAT:
        hc(n, str(r, w->sbuf, paths, sizeof paths / sizeof paths[0]), below(r, 2) ? IV_AT_FDCWD : fd(r),
           str(r, w->sbuf2, paths, sizeof paths / sizeof paths[0]), 0, 0);
        return;
    case IV_HC_UTIMENSAT:
        hc(n, below(r, 2) ? IV_AT_FDCWD : fd(r),
           below(r, 3) ? str(r, w->sbuf, paths, sizeof paths / sizeof paths[0]) : 0,
           below(r, 3) ? ptr(r, 1) : 0, below(r, 2) ? 0 : rnd(r), 0);
        return;
    case IV_HC_FCNTL: {
        long cmd = below(r, 4) ? 1 + below(r, 4) : (long)rnd(r);
        hc(n, fd(r), cmd, (cmd == 4 ? (rnd(r) | O_NONBLOCK) : rnd(r)), 0, 0);
        return;
    }
    case IV_HC_DUP: {
        long nf = below(r, 2) ? -1 : fd(r);
        if (nf != REPORT_FD && nf != 0)
            hc(n, fd(r), nf, below(r, 2) ? below(r, 2) * IV_DUP_CLOEXEC : rnd(r), 0, 0);
        return;
    }
    case IV_HC_PIPE:
        hc(n, ptr(r, 1), below(r, 2) ? O_NONBLOCK : (rnd(r) | O_NONBLOCK), 0, 0, 0);
        return;
    case IV_HC_POLL:
        hc(n, ptr(r, 1), below(r, 2) ? below(r, 8) : len(r), below(r, 3), 0, 0);
        return;
    case IV_HC_ISATTY:
        hc(n, fd(r), below(r, 2) ? 0 : ptr(r, 1), 0, 0, 0);
        return;
    case IV_HC_CAP_FILE_MAP:
        a = hc(n, str(r, w->sbuf, names, sizeof names / sizeof names[0]), below(r, 2) ? 0 : ptr(r, 1),
               below(r, 4) ? 1 + below(r, 2) : rnd(r), 0, 0);
        if (!IV_IS_ERR(a) && below(r, 2))
            hc(IV_HC_CAP_FILE_UNMAP, a, 0, 0, 0, 0);
        return;
    case IV_HC_CAP_FILE_UNMAP:
        hc(n, below(r, 2) ? ptr(r, 1) : base + below(r, 1ul << 32), 0, 0, 0, 0);
        return;
    case IV_HC_CAP_FILE_READ:
    case IV_HC_CAP_FILE_WRITE:
        a = ptr(r, 1);
        l = len(r);
        hc(n, str(r, w->sbuf, names, sizeof names / sizeof names[0]), below(r, 2) ? below(r, 70000) : len(r), a,
           l, 0);
        return;
    case IV_HC_CAP_FILE_CREATE:
        hc(n, str(r, w->sbuf, names, sizeof names / sizeof names[0]), below(r, 2) ? below(r, 70000) : len(r), 0,
           0, 0);
        return;
    case IV_HC_CAP_FILE_GRANT:
    case IV_HC_CAP_FILE_REVOKE:
        hc(n, str(r, w->sbuf, names, sizeof names / sizeof names[0]),
           str(r, w->sbuf2, names, sizeof names / sizeof names[0]), below(r, 2) ? below(r, 4) : rnd(r), 0, 0);
        return;
    case IV_HC_STREAM_OPEN:
        hc(n, str(r, w->sbuf, names, sizeof names / sizeof names[0]),
           (below(r, 2) ? below(r, 3) : rnd(r)) | O_NONBLOCK, 0, 0, 0); /* a read end must never block */
        return;
    case IV_HC_CAP_CALL_SETUP: {
        /* bogus contexts (nobody calls the fuzzer) or bad pointers */
        unsigned long *ctx = (unsigned long *)(scratch + 8192 + 64 * (unsigned long)w->idx);
        for (int i = 0; i < 8; i++)
            ctx[i] = below(r, 2) ? ptr(r, 1) : rnd(r);
        hc(n, below(r, 3) ? (unsigned long)ctx : ptr(r, 1), below(r, 2) ? below(r, 5) : len(r),
           below(r, 2) ? (unsigned long)quick : rnd(r), 0, 0);
        return;
    }
    case IV_HC_CAP_EXPORT:
        hc(n, str(r, w->sbuf, names, sizeof names / sizeof names[0]), below(r, 2) ? (unsigned long)quick : rnd(r),
           0, 0, 0);
        return;
    case IV_HC_CAP_IMPORT: {
        long h = hc(n, str(r, w->sbuf, names, sizeof names / sizeof names[0]),
                    str(r, w->sbuf2, names, sizeof names / sizeof names[0]), below(r, 1000001), 0, 0);
        if (h >= 0)
            w->handle = h;
        return;
    }
    case IV_HC_CAP_CALL: {
        long h = below(r, 2) ? w->handle : (long)(below(r, 2) ? below(r, 300) : rnd(r));
        count(n, iv_cap_call(h, rnd(r), rnd(r), (long)ptr(r, 1), (long)len(r), rnd(r), rnd(r)));
        return;
    }
    default:
        if (n >= IV_HC_SYSINFO && n <= IV_HC_RECV) {
            net_call(w, n);
            return;
        }
        hc(n, rnd(r), rnd(r), rnd(r), rnd(r), rnd(r));
        return;
    }
}

static void count(int n, long res)
{
    __atomic_add_fetch(&hc_all[n], 1, __ATOMIC_RELAXED);
    if (!IV_IS_ERR(res))
        __atomic_add_fetch(&hc_ok[n], 1, __ATOMIC_RELAXED);
}

/* All hostcall stubs take at most five integer arguments in registers. */
typedef long (*hc5)(unsigned long, unsigned long, unsigned long, unsigned long, unsigned long);
static long hc(int n, unsigned long a, unsigned long b, unsigned long c, unsigned long d, unsigned long e)
{
    /* The runtime-call slot is read-only to the cVM, and every address in
     * it is a monitor entry; call it through the stub's bundle instead. */
    static const hc5 stubs[IV_HC_COUNT] = {
        [IV_HC_WRITE] = (hc5)iv_write, [IV_HC_READ] = (hc5)iv_read, [IV_HC_CLOCK] = (hc5)iv_clock,
        [IV_HC_NANOSLEEP] = (hc5)iv_nanosleep, [IV_HC_GETRANDOM] = (hc5)iv_getrandom,
        [IV_HC_THREAD_CREATE] = (hc5)iv_thread_create, [IV_HC_THREAD_JOIN] = (hc5)iv_thread_join,
        [IV_HC_THREAD_SELF] = (hc5)iv_thread_self, [IV_HC_FUTEX_WAIT] = (hc5)iv_futex_wait,
        [IV_HC_FUTEX_WAKE] = (hc5)iv_futex_wake, [IV_HC_MMAP] = (hc5)iv_mmap, [IV_HC_MUNMAP] = (hc5)iv_munmap,
        [IV_HC_MPROTECT] = (hc5)iv_mprotect, [IV_HC_MADVISE] = (hc5)iv_madvise, [IV_HC_GETNAME] = (hc5)iv_getname, [IV_HC_OPENAT] = (hc5)iv_openat,
        [IV_HC_CLOSE] = (hc5)iv_close, [IV_HC_PREAD] = (hc5)iv_pread, [IV_HC_PWRITE] = (hc5)iv_pwrite,
        [IV_HC_LSEEK] = (hc5)iv_lseek, [IV_HC_FSTATAT] = (hc5)iv_fstatat, [IV_HC_GETDENTS] = (hc5)iv_getdents,
        [IV_HC_READLINKAT] = (hc5)iv_readlinkat, [IV_HC_MKDIRAT] = (hc5)iv_mkdirat,
        [IV_HC_UNLINKAT] = (hc5)iv_unlinkat, [IV_HC_RENAMEAT] = (hc5)iv_renameat,
        [IV_HC_FTRUNCATE] = (hc5)iv_ftruncate, [IV_HC_FSYNC] = (hc5)iv_fsync, [IV_HC_FCNTL] = (hc5)iv_fcntl,
        [IV_HC_DUP] = (hc5)iv_dup, [IV_HC_FACCESSAT] = (hc5)iv_faccessat, [IV_HC_UTIMENSAT] = (hc5)iv_utimensat,
        [IV_HC_PIPE] = (hc5)iv_pipe, [IV_HC_POLL] = (hc5)iv_poll, [IV_HC_ISATTY] = (hc5)iv_isatty,
        [IV_HC_CHDIR] = (hc5)iv_chdir, [IV_HC_GETCWD] = (hc5)iv_getcwd, [IV_HC_SYMLINKAT] = (hc5)iv_symlinkat,
        [IV_HC_LINKAT] = (hc5)iv_linkat, [IV_HC_FCHMODAT] = (hc5)iv_fchmodat,
        [IV_HC_CAP_FILE_MAP] = (hc5)iv_cap_file_map, [IV_HC_CAP_FILE_UNMAP] = (hc5)iv_cap_file_unmap,
        [IV_HC_CAP_FILE_READ] = (hc5)iv_cap_file_read, [IV_HC_CAP_FILE_WRITE] = (hc5)iv_cap_file_write,
        [IV_HC_CAP_FILE_CREATE] = (hc5)iv_cap_file_create, [IV_HC_CAP_FILE_GRANT] = (hc5)iv_cap_file_grant,
        [IV_HC_CAP_FILE_REVOKE] = (hc5)iv_cap_file_revoke, [IV_HC_STREAM_OPEN] = (hc5)iv_stream_open,
        [IV_HC_CAP_CALL_SETUP] = (hc5)iv_hc_cap_call_setup, [IV_HC_CAP_EXPORT] = (hc5)iv_hc_cap_export,
        [IV_HC_CAP_IMPORT] = (hc5)iv_cap_import, [IV_HC_SYSINFO] = (hc5)iv_sysinfo,
        [IV_HC_SOCKET] = (hc5)iv_socket, [IV_HC_SOCKETPAIR] = (hc5)iv_socketpair, [IV_HC_BIND] = (hc5)iv_bind,
        [IV_HC_LISTEN] = (hc5)iv_listen, [IV_HC_ACCEPT] = (hc5)iv_accept, [IV_HC_CONNECT] = (hc5)iv_connect,
        [IV_HC_SENDMSG] = (hc5)iv_sendmsg, [IV_HC_RECVMSG] = (hc5)iv_recvmsg, [IV_HC_SHUTDOWN] = (hc5)iv_shutdown,
        [IV_HC_SOCKNAME] = (hc5)iv_sockname, [IV_HC_SETSOCKOPT] = (hc5)iv_setsockopt,
        [IV_HC_GETSOCKOPT] = (hc5)iv_getsockopt, [IV_HC_EPOLL_CREATE] = (hc5)iv_epoll_create,
        [IV_HC_EPOLL_CTL] = (hc5)iv_epoll_ctl, [IV_HC_EPOLL_WAIT] = (hc5)iv_epoll_wait,
        [IV_HC_EVENTFD] = (hc5)iv_eventfd, [IV_HC_TIMERFD_CREATE] = (hc5)iv_timerfd_create,
        [IV_HC_TIMERFD_SETTIME] = (hc5)iv_timerfd_settime, [IV_HC_TIMERFD_GETTIME] = (hc5)iv_timerfd_gettime,
        [IV_HC_SENDFILE] = (hc5)iv_sendfile, [IV_HC_SEND] = (hc5)iv_send, [IV_HC_RECV] = (hc5)iv_recv,
        [IV_HC_SCHED_YIELD] = (hc5)iv_sched_yield,
        [IV_HC_SIGBOX] = (hc5)iv_sigbox, [IV_HC_STATFS] = (hc5)iv_statfs,
    };
    __atomic_add_fetch(&total_calls, 1, __ATOMIC_RELAXED);
    if (n < 0 || n >= IV_HC_COUNT || !stubs[n])
        return -38; /* ENOSYS: not fuzzed this way */
    long res = stubs[n](a, b, c, d, e);
    count(n, res);
    return res;
}

static struct worker workers[MAXW + 1];
static int done_word[MAXW + 1];

static void run(struct worker *w)
{
    worker_tid[w->idx] = iv_thread_self();
    while (iv_clock(IV_CLOCK_MONOTONIC) < deadline_ns)
        for (int i = 0; i < 64; i++)
            one_call(w);
}

static void worker_main(void *arg)
{
    run(arg);
    iv_thread_exit();
}

static long num(const char *s)
{
    long v = 0;
    for (; *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (*s - '0');
    return v;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        t_puts("usage: hcfuzz SEED SECONDS THREADS\n");
        return 2;
    }
    unsigned long seed = (unsigned long)num(argv[1]);
    long secs = num(argv[2]);
    nworkers = (int)num(argv[3]);
    if (nworkers < 1)
        nworkers = 1;
    if (nworkers > MAXW)
        nworkers = MAXW;
    base = t_region_base();
    mon_tramp = *(volatile unsigned long *)(base + 0x10000);
    /* scratch + a guard page after it; the playground; quick-thread and
     * worker stacks, each with a guard below */
    long s = iv_mmap(0, SCRATCH + PAGE, IV_PROT_READ | IV_PROT_WRITE, 0);
    long p = iv_mmap(0, PLAY, IV_PROT_READ | IV_PROT_WRITE, 0);
    long st = iv_mmap(0, (MAXW + 1) * SLOT, IV_PROT_READ | IV_PROT_WRITE, 0);
    if (IV_IS_ERR(s) || IV_IS_ERR(p) || IV_IS_ERR(st)) {
        t_puts("FAILED hcfuzz: setup mmap\n");
        return 3;
    }
    scratch = (unsigned long)s;
    play = (unsigned long)p;
    iv_mprotect((void *)(scratch + SCRATCH), PAGE, IV_PROT_NONE);
    /* fd 1 kept aside for the report; fd 0 a regular file, never a terminal */
    if (iv_dup(1, REPORT_FD, 0) != REPORT_FD) {
        t_puts("FAILED hcfuzz: dup of stdout\n");
        return 3;
    }
    iv_close(0);
    iv_openat(IV_AT_FDCWD, "stdin", O_CREAT | 2, 0600);
    iv_mkdirat(IV_AT_FDCWD, "d", 0755);
    iv_symlinkat("..", IV_AT_FDCWD, "ln");
    iv_symlinkat("loop", IV_AT_FDCWD, "loop");
    deadline_ns = iv_clock(IV_CLOCK_MONOTONIC) + secs * 1000000000l;
    /* per worker a slot: guard, quick-thread stack, guard, worker stack */
    for (int i = 0; i <= nworkers; i++) {
        struct worker *w = &workers[i];
        unsigned long slot = (unsigned long)st + (unsigned long)i * SLOT;
        iv_mprotect((void *)slot, PAGE, IV_PROT_NONE);
        iv_mprotect((void *)(slot + PAGE + QSTACK), PAGE, IV_PROT_NONE);
        w->idx = i;
        w->r.s = seed * 0x9e3779b97f4a7c15ul + (unsigned long)i * 0xbf58476d1ce4e5b9ul + 1;
        w->sbuf = (char *)(scratch + 65536 + (unsigned long)i * 2 * 16384);
        w->sbuf2 = w->sbuf + 16384;
        w->handle = -1;
        w->qstack = slot + PAGE + QSTACK;
    }
    worker_tid[0] = 1;
    long tids[MAXW + 1];
    for (int i = 1; i <= nworkers; i++) {
        void *top = (void *)((unsigned long)st + (unsigned long)(i + 1) * SLOT);
        tids[i] = iv_thread_create(worker_main, &workers[i], top, 0, &done_word[i]);
        if (tids[i] <= 0) {
            t_puts("FAILED hcfuzz: thread_create\n");
            return 3;
        }
    }
    run(&workers[0]);
    for (int i = 1; i <= nworkers; i++)
        if (iv_thread_join((int)tids[i]) != 0) {
            t_puts("FAILED hcfuzz: join\n");
            return 3;
        }
    char b[24], line[96];
    unsigned long k = 0;
    for (const char *q = "hcfuzz done calls="; *q; q++)
        line[k++] = *q;
    for (const char *q = t_fmtnum(b, total_calls); *q; q++)
        line[k++] = *q;
    line[k++] = '\n';
    iv_write(REPORT_FD, line, k);
    /* "hc N: OK/ALL" per hostcall, to see that each one gets past its checks */
    for (int n = 0; n < IV_HC_COUNT; n++) {
        char b2[24];
        k = 0;
        for (const char *q = "hc "; *q; q++)
            line[k++] = *q;
        for (const char *q = t_fmtnum(b, n); *q; q++)
            line[k++] = *q;
        line[k++] = ':';
        line[k++] = ' ';
        for (const char *q = t_fmtnum(b, hc_ok[n]); *q; q++)
            line[k++] = *q;
        line[k++] = '/';
        for (const char *q = t_fmtnum(b2, hc_all[n]); *q; q++)
            line[k++] = *q;
        line[k++] = '\n';
        iv_write(REPORT_FD, line, k);
    }
    return 0;
}
