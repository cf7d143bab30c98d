/* CAP Stream throughput (bench/capstream_bench.sh): "w PEER BYTES" writes
 * BYTES in 64 KiB chunks, "r PEER" reads until EOF.  PEER "-" means
 * stdout / stdin, so the same source, built natively, measures a pipe
 * between two processes. */
#include <fcntl.h>
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

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
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
