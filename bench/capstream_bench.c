/* CAP Stream throughput (bench/capstream_bench.sh): "w PEER BYTES" writes
 * BYTES in 64 KiB chunks, "r PEER" reads until EOF.  PEER "-" means
 * stdout / stdin, so the same source, built natively, measures a pipe
 * between two processes.
 * Small messages: "p PEER N" sends 1 byte to PEER and reads 1 byte back,
 * N times, and prints "pingpong NS-PER-ROUND-TRIP"; "q PEER" answers each
 * byte until EOF.  PEER "-" (p only): the same over two pipes to a forked
 * child. */
#include <fcntl.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (64 << 10)
static char buf[CHUNK];

static int end(const char *peer, int w)
{
    if (!strcmp(peer, "-"))
        return w ? 1 : 0;
    char p[80];
    snprintf(p, sizeof p, "/cap/%s", peer);
    return open(p, w ? O_WRONLY : O_RDONLY);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Answers each byte read from in on out, until EOF. */
static int pong(int in, int out)
{
    char c;
    while (read(in, &c, 1) == 1)
        if (write(out, &c, 1) != 1)
            return 1;
    return 0;
}

static int pingpong(const char *peer, long n)
{
    int in, out;
    if (!strcmp(peer, "-")) {
        int ab[2], ba[2];
        if (pipe(ab) || pipe(ba))
            return 1;
        if (fork() == 0) {
            close(ab[1]);
            close(ba[0]);
            _exit(pong(ab[0], ba[1]));
        }
        close(ab[0]);
        close(ba[1]);
        out = ab[1], in = ba[0];
    } else {
        out = end(peer, 1), in = end(peer, 0);
        if (in < 0 || out < 0)
            return perror(peer), 1;
    }
    char c = 'x';
    for (int i = 0; i < 1000; i++) /* warm up */
        if (write(out, &c, 1) != 1 || read(in, &c, 1) != 1)
            return 1;
    double t = now();
    for (long i = 0; i < n; i++)
        if (write(out, &c, 1) != 1 || read(in, &c, 1) != 1)
            return 1;
    t = now() - t;
    printf("pingpong %.1f\n", t / (double)n);
    close(out);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    if (argv[1][0] == 'p')
        return pingpong(argv[2], argc > 3 ? atol(argv[3]) : 100000);
    if (argv[1][0] == 'q') {
        int in = end(argv[2], 0), out = end(argv[2], 1);
        return in < 0 || out < 0 ? 1 : pong(in, out);
    }
    int w = argv[1][0] == 'w', fd = end(argv[2], w);
    if (fd < 0)
        return perror(argv[2]), 1;
    unsigned long long n = argc > 3 ? strtoull(argv[3], 0, 0) : 0, got = 0;
    memset(buf, 'x', sizeof buf);
    if (w) {
        while (n) {
            ssize_t r = write(fd, buf, n < CHUNK ? n : CHUNK);
            if (r <= 0)
                return perror("write"), 1;
            n -= (unsigned long long)r;
        }
        return 0;
    }
    ssize_t r;
    while ((r = read(fd, buf, CHUNK)) > 0)
        got += (unsigned long long)r;
    if (r < 0)
        return perror("read"), 1;
    fprintf(stderr, "read %llu\n", got);
    return 0;
}
