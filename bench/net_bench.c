/* TCP micro-benchmarks between two processes or two cVMs (bench/net_bench.sh):
 *   accept PORT N   accepts and closes N connections
 *   connect PORT N  connects and closes N times; prints the rate
 *   pong PORT N     accepts one connection, echoes N 1-byte messages
 *   ping PORT N     sends N 1-byte messages, each after its echo; prints
 *                   the mean round trip
 * Loopback only. */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

static struct sockaddr_in lo(int port)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int listen_on(int port)
{
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = lo(port);
    if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 1024)) {
        perror("listen");
        exit(1);
    }
    return s;
}

static int connect_to(int port)
{
    struct sockaddr_in a = lo(port);
    for (int i = 0; i < 500; i++) { /* the server may not be up yet */
        int s = socket(AF_INET, SOCK_STREAM, 0);
        if (!connect(s, (struct sockaddr *)&a, sizeof a))
            return s;
        close(s);
        usleep(10000);
    }
    perror("connect");
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc < 4)
        return 2;
    int port = atoi(argv[2]), n = atoi(argv[3]), one = 1;
    char b = 'x';
    if (!strcmp(argv[1], "accept")) {
        int l = listen_on(port);
        for (int i = 0; i < n; i++) {
            int c = accept(l, NULL, NULL);
            if (c < 0)
                return 1;
            close(c);
        }
        return 0;
    }
    if (!strcmp(argv[1], "connect")) {
        /* closed with a reset (SO_LINGER 0): no TIME_WAIT left behind to
         * slow the next runs' port search */
        struct linger lg = {1, 0};
        int c = connect_to(port); /* the first one waits for the server */
        setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        close(c);
        double t = now();
        for (int i = 1; i < n; i++) {
            c = connect_to(port);
            setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
            close(c);
        }
        printf("%.0f connections/s\n", (n - 1) / (now() - t));
        return 0;
    }
    if (!strcmp(argv[1], "pong")) {
        int l = listen_on(port), c = accept(l, NULL, NULL);
        setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        for (int i = 0; i < n; i++)
            if (read(c, &b, 1) != 1 || write(c, &b, 1) != 1)
                return 1;
        return 0;
    }
    if (!strcmp(argv[1], "ping")) {
        int c = connect_to(port);
        setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        double t = now();
        for (int i = 0; i < n; i++)
            if (write(c, &b, 1) != 1 || read(c, &b, 1) != 1)
                return 1;
        printf("%.2f us round trip\n", (now() - t) / n * 1e6);
        return 0;
    }
    return 2;
}
