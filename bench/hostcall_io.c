/* What a system call costs natively and as a hostcall from a cVM: the I/O
 * calls a server makes per request, each in a loop, best of 5 rounds of
 * 200,000 (bench/net_bench.sh runs both builds and prints the ratio).
 * Output: "NAME ns" per line. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define N 200000

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

#define BENCH(name, body)                                 \
    do {                                                  \
        double best = 1e18;                               \
        for (int r = 0; r < 5; r++) {                     \
            double t0 = now_ns();                         \
            for (int i = 0; i < N; i++) {                 \
                body;                                     \
            }                                             \
            double d = (now_ns() - t0) / N;               \
            best = d < best ? d : best;                   \
        }                                                 \
        printf("%s %.0f\n", name, best);                  \
    } while (0)

int main(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    socklen_t len = sizeof one;
    int sp[2], p[2];
    if (s < 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, sp) || pipe(p))
        return 1;
    char b[64] = {0};
    struct stat st;
    struct iovec iov = {b, 1};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};
    BENCH("setsockopt", setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one));
    BENCH("getsockopt", getsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, &len));
    BENCH("fstat", fstat(p[0], &st));
    BENCH("pipe-write+read", (void)(write(p[1], b, 1) + read(p[0], b, 1)));
    BENCH("unix-sendmsg+recvmsg", (void)(sendmsg(sp[0], &m, 0) + recvmsg(sp[1], &m, 0)));
    /* A static file server's per-request file calls (nginx: openat, fstat,
     * close), on a file named relative to the working directory, which
     * the bench makes the cVM's root. */
    int t = open("hostcall_io.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (t < 0 || write(t, b, sizeof b) != sizeof b || close(t))
        return 1;
    BENCH("open+fstat+close", {
        int fd = open("hostcall_io.txt", O_RDONLY | O_NONBLOCK);
        (void)fstat(fd, &st);
        close(fd);
    });
    unlink("hostcall_io.txt");
    return 0;
}
