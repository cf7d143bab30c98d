/* CAP Streams test program (tests/groups/66-capstreams.sh): one image, the
 * role is argv[1].  Uses only open/read/write/poll/fcntl on "/cap/NAME",
 * as an unmodified program would, plus iv_stream_open for bad pointers.
 * Writers and readers print "SUM bytes checksum" so the group can compare
 * the two ends. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <intravisor.h>

#define CHUNK (64 << 10)
static unsigned char buf[CHUNK];
static int fails;

static void expect(const char *name, long got, long want)
{
    if (got == want)
        printf("PASS %s\n", name);
    else
        printf("FAIL %s: got %ld, want %ld\n", name, got, want), fails++;
}
/* -1 with errno, as libc reports it, turned into -errno */
static long E(long r) { return r < 0 ? -errno : r; }

static uint64_t sum = 1469598103934665603ull, total;
static void add(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sum = (sum ^ p[i]) * 1099511628211ull;
    total += n;
}
/* Deterministic data: a xorshift stream. */
static uint64_t rs = 88172645463325252ull;
static void fill(unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i += 8) {
        rs ^= rs << 13, rs ^= rs >> 7, rs ^= rs << 17;
        memcpy(p + i, &rs, n - i < 8 ? n - i : 8);
    }
}
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}
static int opn(const char *peer, int fl)
{
    char p[96];
    snprintf(p, sizeof p, "/cap/%s", peer);
    int fd = open(p, fl);
    if (fd < 0)
        printf("FAIL open-%s: %s\n", p, strerror(errno)), exit(1);
    return fd;
}
static int writeall(int fd, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0)
            return -errno;
        p += w, n -= (size_t)w;
    }
    return 0;
}
static void report(void) { printf("SUM %llu %016llx\n", (unsigned long long)total, (unsigned long long)sum); }

/* The 1 GiB run's checksum: every 64-bit word, position-dependent, so it
 * is cheap enough not to be the bottleneck yet covers every byte. */
static void addw(const unsigned char *p, size_t n)
{
    uint64_t w, s = sum;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&w, p + i, 8);
        s = (s ^ w) * 0x9E3779B97F4A7C15ull + i;
    }
    sum = s;
    add(p + i, n - i); /* a tail (the last chunk only) */
    total += i;
}
/* Reads a whole chunk unless EOF comes first: the two ends then checksum
 * the same 64 KiB pieces whatever sizes the reads return. */
static ssize_t readchunk(int fd, unsigned char *p, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0)
            return -1;
        if (!r)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* prod PEER BYTES: writes BYTES of data in 64 KiB chunks.  fast: one
 * random chunk, its first word replaced by the chunk number each time. */
static int prod(const char *peer, unsigned long long n, int fast)
{
    int fd = opn(peer, O_WRONLY);
    fill(buf, CHUNK);
    for (uint64_t c = 0; n; c++) {
        size_t k = n < CHUNK ? (size_t)n : CHUNK;
        if (!fast) {
            fill(buf, k);
            add(buf, k);
        } else {
            memcpy(buf, &c, 8);
            addw(buf, k);
        }
        int r = writeall(fd, buf, k);
        if (r) {
            printf("FAIL prod-write: %s\n", strerror(-r));
            return 1;
        }
        n -= k;
    }
    report();
    expect("prod-close", E(close(fd)), 0);
    return fails != 0;
}
static int cons(const char *peer, int fast)
{
    int fd = opn(peer, O_RDONLY);
    for (;;) {
        ssize_t r = readchunk(fd, buf, CHUNK);
        if (r < 0) {
            printf("FAIL cons-read: %s\n", strerror(errno));
            return 1;
        }
        if (!r)
            break;
        if (fast)
            addw(buf, (size_t)r);
        else
            add(buf, (size_t)r);
    }
    report();
    expect("cons-eof-again", E(read(fd, buf, 1)), 0);
    return fails != 0;
}
/* filter IN OUT: a pipeline stage, byte + 1 */
static int filter(const char *in, const char *out)
{
    int i = opn(in, O_RDONLY), o = opn(out, O_WRONLY);
    ssize_t r;
    while ((r = read(i, buf, CHUNK)) > 0) {
        for (ssize_t k = 0; k < r; k++)
            buf[k]++;
        if (writeall(o, buf, (size_t)r))
            return printf("FAIL filter-write: %s\n", strerror(errno)), 1;
    }
    expect("filter-eof", r, 0);
    return fails != 0;
}
/* gen PEER BYTES: the pipeline's source; also prints the checksum the
 * sink must see after two +1 stages. */
static int gen(const char *peer, unsigned long long n)
{
    int fd = opn(peer, O_WRONLY);
    uint64_t s2 = 1469598103934665603ull;
    while (n) {
        size_t k = n < CHUNK ? (size_t)n : CHUNK;
        fill(buf, k);
        for (size_t i = 0; i < k; i++)
            s2 = (s2 ^ (unsigned char)(buf[i] + 2)) * 1099511628211ull;
        total += k;
        if (writeall(fd, buf, k))
            return printf("FAIL gen-write: %s\n", strerror(errno)), 1;
        n -= k;
    }
    printf("SUM %llu %016llx\n", (unsigned long long)total, (unsigned long long)s2);
    return 0;
}
/* wdie PEER: writes 100000 bytes, then ends without closing */
static int wdie(const char *peer)
{
    int fd = opn(peer, O_WRONLY);
    fill(buf, 100000 % CHUNK);
    add(buf, 100000 % CHUNK);
    writeall(fd, buf, 100000 % CHUNK);
    fill(buf, 100000 - 100000 % CHUNK);
    add(buf, 100000 - 100000 % CHUNK);
    writeall(fd, buf, 100000 - 100000 % CHUNK);
    report();
    _exit(3); /* mid-stream, fd still open: the monitor closes it */
}
/* rdie PEER: reads 10 bytes and ends */
static int rdie(const char *peer)
{
    int fd = opn(peer, O_RDONLY);
    ssize_t r = read(fd, buf, 10);
    printf("rdie read %zd\n", r);
    _exit(0);
}
/* epipe PEER: writes until the reader is gone: EPIPE, and the cVM goes on
 * (no SIGPIPE) */
static int epipe(const char *peer)
{
    int fd = opn(peer, O_WRONLY);
    long r = 0;
    for (int i = 0; i < 100000 && !r; i++)
        r = writeall(fd, buf, CHUNK);
    expect("epipe", r, -EPIPE);
    expect("epipe-again", E(write(fd, buf, 1)), -EPIPE);
    struct pollfd p = {fd, POLLOUT, 0};
    expect("epipe-poll-err", E(poll(&p, 1, 0)) == 1 && (p.revents & POLLERR), 1);
    return fails != 0;
}
/* nbr PEER: non-blocking reader against a writer that waits 300 ms */
static int nbr(const char *peer)
{
    int fd = opn(peer, O_RDONLY | O_NONBLOCK);
    expect("nb-read-eagain", E(read(fd, buf, 10)), -EAGAIN);
    struct pollfd p = {fd, POLLIN, 0};
    double t = now();
    expect("poll-timeout", E(poll(&p, 1, 100)), 0);
    expect("poll-timeout-waited", now() - t >= 0.09, 1);
    p.revents = 0;
    expect("poll-in", E(poll(&p, 1, 5000)), 1);
    expect("poll-in-revents", !!(p.revents & POLLIN), 1);
    expect("nb-read-data", E(read(fd, buf, 10)), 5);
    expect("nb-read-content", !memcmp(buf, "hello", 5), 1);
    p.revents = 0;
    expect("poll-hup", E(poll(&p, 1, 5000)) == 1 && (p.revents & POLLHUP), 1);
    expect("nb-read-eof", E(read(fd, buf, 10)), 0);
    expect("getfl-nonblock", !!(fcntl(fd, F_GETFL) & O_NONBLOCK), 1);
    return fails != 0;
}
static int slow(const char *peer)
{
    int fd = opn(peer, O_WRONLY);
    usleep(300000);
    expect("slow-write", E(write(fd, "hello", 5)), 5);
    usleep(100000);
    return close(fd) != 0;
}
/* nbw PEER: non-blocking writer fills the stream (EAGAIN), poll POLLOUT
 * times out, then blocking writes 1 MiB more while the reader drains */
static int nbw(const char *peer)
{
    int fd = opn(peer, O_WRONLY | O_NONBLOCK);
    long r;
    fill(buf, CHUNK);
    while ((r = E(write(fd, buf, CHUNK))) > 0)
        add(buf, (size_t)r);
    expect("nb-write-eagain", r, -EAGAIN);
    expect("nb-write-filled", total >= CHUNK, 1);
    struct pollfd p = {fd, POLLOUT, 0};
    expect("poll-out-timeout", E(poll(&p, 1, 100)), 0);
    expect("setfl-blocking", E(fcntl(fd, F_SETFL, 0)), 0);
    for (int i = 0; i < 16; i++) {
        add(buf, CHUNK);
        expect(i ? "blocking-write-more" : "blocking-write", writeall(fd, buf, CHUNK), 0);
    }
    report();
    return close(fd) != 0;
}
static int lazy(const char *peer)
{
    usleep(500000); /* lets nbw fill the stream first */
    return cons(peer, 0);
}
/* deny-a: every refusal seen by "a" (streams: [b]; c exists, no stream) */
static int deny_a(void)
{
    expect("deny-wrong-direction", E(open("/cap/b", O_RDONLY)), -EACCES);
    expect("deny-not-granted", E(open("/cap/c", O_WRONLY)), -EACCES);
    expect("deny-self", E(open("/cap/a", O_WRONLY)), -EACCES);
    expect("deny-unknown", E(open("/cap/nosuch", O_WRONLY)), -ENOENT);
    expect("deny-empty", E(open("/cap/", O_WRONLY)), -ENOENT);
    expect("deny-rdwr", E(open("/cap/b", O_RDWR)), -EINVAL);
    char longname[200];
    memset(longname, 'x', sizeof longname);
    memcpy(longname, "/cap/", 5);
    longname[199] = 0;
    expect("deny-long-name", E(open(longname, O_WRONLY)), -ENAMETOOLONG);
    expect("efault-name", iv_stream_open((const char *)16, O_WRONLY), -EFAULT);
    int fd = open("/cap/b", O_WRONLY | O_CLOEXEC);
    expect("open-granted", fd >= 0, 1);
    expect("deny-second-opener", E(open("/cap/b", O_WRONLY)), -EBUSY);
    expect("efault-write", E(write(fd, (void *)16, 10)), -EFAULT);
    expect("write-ok", E(write(fd, "abc", 3)), 3);
    expect("read-on-write-end", E(read(fd, buf, 1)), -EBADF);
    expect("close", E(close(fd)), 0);
    expect("deny-reopen", E(open("/cap/b", O_WRONLY)), -EBUSY);
    return fails != 0;
}
static int deny_b(void)
{
    expect("b-deny-wrong-direction", E(open("/cap/a", O_WRONLY)), -EACCES);
    int fd = open("/cap/a", O_RDONLY);
    expect("b-open", fd >= 0, 1);
    expect("b-efault-read", E(read(fd, (void *)16, 10)), -EFAULT);
    expect("b-write-on-read-end", E(write(fd, "x", 1)), -EBADF);
    size_t n = 0;
    ssize_t r;
    while ((r = read(fd, buf + n, 10)) > 0)
        n += (size_t)r;
    expect("b-read-all", (long)n, 3);
    expect("b-content", !memcmp(buf, "abc", 3), 1);
    return fails != 0;
}
/* deny-c: a third cVM asks for the a -> b stream's ends */
static int deny_c(void)
{
    expect("c-deny-other-stream", E(open("/cap/a", O_RDONLY)), -EACCES);
    expect("c-deny-other-stream-w", E(open("/cap/b", O_WRONLY)), -EACCES);
    return fails != 0;
}

/* fdops-w PEER: every descriptor call on a write end behaves as on a
 * pipe; data written through a dup after the original is closed, then a
 * single 3 MiB write (three times the ring): all of it, in order. */
static unsigned char big[3 << 20];
static int fdops_w(const char *peer)
{
    int fd = opn(peer, O_WRONLY);
    struct stat st;
    expect("w-fstat", E(fstat(fd, &st)), 0);
    expect("w-fstat-fifo", S_ISFIFO(st.st_mode), 1);
    expect("w-lseek-espipe", E(lseek(fd, 0, SEEK_CUR)), -ESPIPE);
    expect("w-pwrite-espipe", E(pwrite(fd, "x", 1, 0)), -ESPIPE);
    expect("w-isatty", isatty(fd), 0);
    expect("w-fsync-einval", E(fsync(fd)), -EINVAL);
    expect("w-ftruncate-einval", E(ftruncate(fd, 0)), -EINVAL);
    expect("w-fchdir-enotdir", E(fchdir(fd)), -ENOTDIR);
    expect("w-getfl", E(fcntl(fd, F_GETFL)), O_WRONLY);
    expect("w-setfl-nonblock", E(fcntl(fd, F_SETFL, O_NONBLOCK)), 0);
    expect("w-getfl-nonblock", E(fcntl(fd, F_GETFL)), O_WRONLY | O_NONBLOCK);
    expect("w-setfl-blocking", E(fcntl(fd, F_SETFL, 0)), 0);
    expect("w-getfl-blocking", E(fcntl(fd, F_GETFL)), O_WRONLY);
    struct pollfd p = {fd, POLLIN | POLLOUT, 0};
    expect("w-poll-out", E(poll(&p, 1, 0)) == 1 && p.revents == POLLOUT, 1);
    expect("w-write-zero", E(write(fd, buf, 0)), 0);
    int d = dup(fd);
    expect("w-dup", d > fd, 1);
    expect("w-close-original", E(close(fd)), 0);
    struct iovec iov[3] = {{"ab", 2}, {"cd", 2}, {"ef", 2}};
    expect("w-writev", E(writev(d, iov, 3)), 6);
    add((const unsigned char *)"abcdef", 6);
    fill(big, sizeof big);
    add(big, sizeof big);
    expect("w-write-3MiB-whole", E(write(d, big, sizeof big)), (long)sizeof big);
    report();
    expect("w-close-dup", E(close(d)), 0);
    return fails != 0;
}
static int fdops_r(const char *peer)
{
    int fd = opn(peer, O_RDONLY);
    struct stat st;
    expect("r-fstat-fifo", !fstat(fd, &st) && S_ISFIFO(st.st_mode), 1);
    expect("r-lseek-espipe", E(lseek(fd, 0, SEEK_SET)), -ESPIPE);
    expect("r-pread-espipe", E(pread(fd, buf, 1, 0)), -ESPIPE);
    expect("r-isatty", isatty(fd), 0);
    expect("r-getfl", E(fcntl(fd, F_GETFL)), O_RDONLY);
    expect("r-read-zero", E(read(fd, buf, 0)), 0);
    char a[3], b[3];
    struct iovec iov[2] = {{a, 3}, {b, 3}};
    expect("r-readv", E(readv(fd, iov, 2)), 6);
    expect("r-readv-content", !memcmp(a, "abc", 3) && !memcmp(b, "def", 3), 1);
    add((const unsigned char *)"abcdef", 6);
    ssize_t r;
    while ((r = read(fd, buf, 1000)) > 0) /* small reads: many wrap-arounds */
        add(buf, (size_t)r);
    expect("r-eof", r, 0);
    report();
    struct pollfd p = {fd, POLLIN, 0};
    expect("r-poll-hup", E(poll(&p, 1, 0)) == 1 && p.revents == POLLHUP, 1);
    return fails != 0;
}

/* atomw PEER: two threads write 2000 records of 4096 bytes each (all
 * bytes 'A' in one thread, 'B' in the other) at the same time; a write of
 * PIPE_BUF bytes is never split, so the reader sees whole records. */
#define REC 4096
#define NREC 2000
static int atomfd;
static void *atomw_thread(void *arg)
{
    unsigned char r[REC];
    memset(r, (int)(intptr_t)arg, sizeof r);
    for (int i = 0; i < NREC; i++)
        if (write(atomfd, r, REC) != REC)
            return (void *)1;
    return NULL;
}
static int atomw(const char *peer)
{
    atomfd = opn(peer, O_WRONLY);
    pthread_t t[2];
    void *res[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, atomw_thread, (void *)(intptr_t)('A' + i));
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], &res[i]);
    expect("atom-writes", res[0] == NULL && res[1] == NULL, 1);
    return fails != 0;
}
static int atomr(const char *peer)
{
    int fd = opn(peer, O_RDONLY);
    long n[2] = {0, 0}, torn = 0;
    ssize_t r;
    while ((r = readchunk(fd, buf, REC)) == REC) {
        int c = buf[0] - 'A';
        for (int i = 1; i < REC; i++)
            torn += buf[i] != buf[0];
        if (c == 0 || c == 1)
            n[c]++;
        else
            torn++;
    }
    expect("atom-eof", r, 0);
    expect("atom-not-torn", torn, 0);
    expect("atom-records-A", n[0], NREC);
    expect("atom-records-B", n[1], NREC);
    return fails != 0;
}

/* pollr PEER / pollw PEER: poll and select on a read end mixed with a
 * pipe, two threads polling one stream end, POLLHUP at the end. */
static int pp[2];
static void *pipe_later(void *arg)
{
    (void)arg;
    usleep(100000);
    return (void *)(intptr_t)write(pp[1], "p", 1);
}
static int pollfd_;
static void *second_poller(void *arg)
{
    (void)arg;
    struct pollfd p = {pollfd_, POLLIN, 0};
    long r = poll(&p, 1, 10000);
    return (void *)(intptr_t)(r == 1 && (p.revents & POLLIN));
}
static int pollr(const char *peer)
{
    int fd = pollfd_ = opn(peer, O_RDONLY);
    expect("pipe", E(pipe(pp)), 0);
    pthread_t t, t2;
    pthread_create(&t, NULL, pipe_later, NULL);
    /* the writer waits 300 ms: the pipe is ready first */
    struct pollfd p[3] = {{fd, POLLIN, 0}, {pp[0], POLLIN, 0}, {-1, POLLIN, 0}};
    expect("poll-mixed-pipe-first", E(poll(p, 3, 10000)), 1);
    expect("poll-mixed-revents", p[0].revents == 0 && p[1].revents == POLLIN && p[2].revents == 0, 1);
    pthread_join(t, NULL);
    /* then the stream, seen by two pollers at once */
    pthread_create(&t2, NULL, second_poller, NULL);
    p[0].revents = p[1].revents = 0;
    p[1].fd = -1;
    expect("poll-stream", E(poll(p, 2, 10000)), 1);
    expect("poll-stream-revents", p[0].revents, POLLIN);
    void *ok;
    pthread_join(t2, &ok);
    expect("poll-second-poller", (long)(intptr_t)ok, 1);
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(fd, &rs);
    FD_SET(pp[0], &rs);
    struct timeval tv = {5, 0};
    expect("select-both", E(select((fd > pp[0] ? fd : pp[0]) + 1, &rs, NULL, NULL, &tv)), 2);
    expect("read-x", E(read(fd, buf, 10)), 1);
    FD_ZERO(&rs);
    FD_SET(fd, &rs);
    tv = (struct timeval){0, 50000};
    expect("select-timeout", E(select(fd + 1, &rs, NULL, NULL, &tv)), 0);
    /* the writer closes 200 ms later: POLLHUP wakes an infinite poll */
    p[0].revents = 0;
    expect("poll-hup-wakes", E(poll(p, 1, -1)) == 1 && p[0].revents == POLLHUP, 1);
    FD_ZERO(&rs);
    FD_SET(fd, &rs);
    expect("select-eof-readable", E(select(fd + 1, &rs, NULL, NULL, NULL)), 1);
    return fails != 0;
}
static int pollw(const char *peer)
{
    int fd = opn(peer, O_WRONLY);
    usleep(300000);
    expect("pollw-write", E(write(fd, "x", 1)), 1);
    usleep(200000);
    return close(fd) != 0;
}

/* fillblock PEER: fills the stream and blocks in write (the reader is
 * late); the cVM's timeout must end it */
static int fillblock(const char *peer)
{
    int fd = opn(peer, O_WRONLY);
    for (;;)
        if (write(fd, buf, CHUNK) < 0)
            return printf("FAIL fillblock-write: %s\n", strerror(errno)), 1;
}
/* pollblock PEER: blocks in poll on a read end that never becomes ready */
static int pollblock(const char *peer)
{
    int fd = opn(peer, O_RDONLY);
    struct pollfd p = {fd, POLLIN, 0};
    poll(&p, 1, -1);
    printf("FAIL pollblock-returned\n");
    return 1;
}
static int latecons(const char *peer)
{
    usleep(600000);
    return cons(peer, 0);
}

/* Shell-style stages on stdin/stdout: "lines PEER N" prints N lines with
 * stdio to a stream made its stdout; "upper IN OUT" is `tr a-z A-Z` with
 * stdin and stdout redirected to streams; "linecheck IN N" reads them
 * back from stdin. */
static void redirect(const char *peer, int fl, int to)
{
    int fd = opn(peer, fl);
    if (dup2(fd, to) != to || close(fd))
        printf("FAIL redirect-%s\n", peer), exit(1);
}
static int lines(const char *out, long n)
{
    redirect(out, O_WRONLY, 1);
    for (long i = 0; i < n; i++)
        printf("line %ld\n", i);
    return 0; /* exit flushes stdout; the end closes with the cVM */
}
static int upper(const char *in, const char *out)
{
    redirect(in, O_RDONLY, 0);
    redirect(out, O_WRONLY, 1);
    char l[256];
    while (fgets(l, sizeof l, stdin)) {
        for (char *c = l; *c; c++)
            *c = (char)toupper((unsigned char)*c);
        fputs(l, stdout);
    }
    return ferror(stdin) != 0;
}
static int linecheck(const char *in, long n)
{
    redirect(in, O_RDONLY, 0);
    char l[256], want[64];
    long i = 0, bad = 0;
    while (fgets(l, sizeof l, stdin)) {
        snprintf(want, sizeof want, "LINE %ld\n", i++);
        bad += strcmp(l, want) != 0;
    }
    expect("stdio-lines", i, n);
    expect("stdio-lines-content", bad, 0);
    return fails != 0;
}

int main(int argc, char **argv)
{
    const char *m = argc > 1 ? argv[1] : "", *p = argc > 2 ? argv[2] : "";
    unsigned long long n = argc > 3 ? strtoull(argv[3], 0, 0) : 0;
    if (!strcmp(m, "prod")) return prod(p, n, 0);
    if (!strcmp(m, "fastprod")) return prod(p, n, 1);
    if (!strcmp(m, "cons")) return cons(p, 0);
    if (!strcmp(m, "fastcons")) return cons(p, 1);
    if (!strcmp(m, "filter")) return filter(p, argc > 3 ? argv[3] : "");
    if (!strcmp(m, "gen")) return gen(p, n);
    if (!strcmp(m, "wdie")) return wdie(p);
    if (!strcmp(m, "rdie")) return rdie(p);
    if (!strcmp(m, "epipe")) return epipe(p);
    if (!strcmp(m, "nbr")) return nbr(p);
    if (!strcmp(m, "slow")) return slow(p);
    if (!strcmp(m, "nbw")) return nbw(p);
    if (!strcmp(m, "lazy")) return lazy(p);
    if (!strcmp(m, "deny-a")) return deny_a();
    if (!strcmp(m, "deny-b")) return deny_b();
    if (!strcmp(m, "deny-c")) return deny_c();
    if (!strcmp(m, "sleep")) return usleep(600000), 0;
    if (!strcmp(m, "fdops-w")) return fdops_w(p);
    if (!strcmp(m, "fdops-r")) return fdops_r(p);
    if (!strcmp(m, "atomw")) return atomw(p);
    if (!strcmp(m, "atomr")) return atomr(p);
    if (!strcmp(m, "pollr")) return pollr(p);
    if (!strcmp(m, "pollw")) return pollw(p);
    if (!strcmp(m, "fillblock")) return fillblock(p);
    if (!strcmp(m, "pollblock")) return pollblock(p);
    if (!strcmp(m, "latecons")) return latecons(p);
    if (!strcmp(m, "lines")) return lines(p, (long)n);
    if (!strcmp(m, "upper")) return upper(p, argc > 3 ? argv[3] : "");
    if (!strcmp(m, "linecheck")) return linecheck(p, (long)n);
    if (!strcmp(m, "none")) return 0; /* ends without opening its end */
    printf("FAIL usage: %s\n", m);
    return 2;
}
