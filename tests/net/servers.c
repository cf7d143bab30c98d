/* Small cVM programs for tests/groups/70-net.sh, one per MODE:
 *   echo PORT N TAG   epoll server on 127.0.0.1:PORT: answers each line
 *                     with TAG + the line; ends after N connections closed
 *   hostile           tries to use every descriptor number it does not own
 *   bindexit PORT     listens on PORT and ends without closing it
 *   bindlater PORT    after 300 ms, binds PORT (free only if freed)
 *   epollmt           two threads waiting on one epoll set
 * Every wait is bounded (timeouts), so a broken monitor fails, not hangs. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include "../libos/t.h"

static int listener(int port)
{
    int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 1024)) {
        printf("listen %d: %s\n", port, strerror(errno));
        exit(3);
    }
    return s;
}

static int echo(int port, int n, const char *tag)
{
    int l = listener(port), ep = epoll_create1(0), closed = 0, peak = 0, open_now = 0;
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = l}, evs[64];
    epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev);
    /* the bound port as the cVM sees it: the inside one, even if published */
    struct sockaddr_in me;
    socklen_t ml = sizeof me;
    getsockname(l, (struct sockaddr *)&me, &ml);
    printf("listening %d\n", ntohs(me.sin_port));
    fflush(stdout);
    while (closed < n) {
        int k = epoll_wait(ep, evs, 64, 30000);
        if (k <= 0) {
            printf("echo: epoll_wait %d (%s) after %d closed\n", k, strerror(errno), closed);
            return 1;
        }
        for (int i = 0; i < k; i++) {
            int fd = evs[i].data.fd;
            if (fd == l) {
                int c;
                while ((c = accept4(l, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    struct epoll_event ce = {.events = EPOLLIN | EPOLLRDHUP, .data.fd = c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, c, &ce);
                    if (++open_now > peak)
                        peak = open_now;
                }
                continue;
            }
            char buf[512], out[600];
            ssize_t r = read(fd, buf, sizeof buf);
            if (r > 0) {
                int m = snprintf(out, sizeof out, "%s:%.*s", tag, (int)r, buf);
                if (write(fd, out, (size_t)m) != m)
                    printf("echo: short write\n");
            } else if (r == 0 || (r < 0 && errno != EAGAIN)) {
                close(fd); /* leaves the set */
                open_now--;
                closed++;
            }
        }
    }
    printf("served %d peak %d\n", closed, peak);
    return 0;
}

static int hostile(void)
{
    /* Everything past stdio in this cVM's table is empty: any success
     * would mean reaching another cVM's or the monitor's descriptors. */
    int touched = 0;
    char b[16];
    struct sockaddr_in a;
    socklen_t al;
    for (int fd = 3; fd < 1024; fd++) {
        al = sizeof a;
        touched += read(fd, b, 0) >= 0;
        touched += getsockname(fd, (struct sockaddr *)&a, &al) == 0;
        touched += shutdown(fd, SHUT_RDWR) == 0;
        touched += accept4(fd, NULL, NULL, SOCK_NONBLOCK) >= 0;
        touched += close(fd) == 0;
    }
    T("hostile-touched-nothing", touched == 0);
    int ep = epoll_create1(0);
    int bad = 0;
    for (int fd = 4; fd < 1024; fd++)
        bad += epoll_ctl(ep, EPOLL_CTL_ADD, fd, &(struct epoll_event){.events = EPOLLIN}) == 0;
    T("hostile-epoll-adds-nothing", bad == 0);
    return t_fails;
}

static int bindexit(int port)
{
    listener(port);
    printf("bound %d\n", port);
    return 0; /* the socket stays open: the monitor must free it */
}

static int bindlater(int port)
{
    usleep(300000);
    int s = socket(AF_INET, SOCK_STREAM, 0); /* no SO_REUSEADDR */
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    T("port-freed-at-end", bind(s, (struct sockaddr *)&a, sizeof a) == 0 && listen(s, 1) == 0);
    return t_fails;
}

static int mt_ep, mt_efd, mt_got;
static void *mt_waiter(void *arg)
{
    (void)arg;
    struct epoll_event ev;
    int k = epoll_wait(mt_ep, &ev, 1, 5000);
    if (k == 1) {
        uint64_t v;
        if (read(mt_efd, &v, 8) == 8)
            __atomic_add_fetch(&mt_got, 1, __ATOMIC_SEQ_CST);
    }
    return NULL;
}

static int epollmt(void)
{
    mt_ep = epoll_create1(0);
    mt_efd = eventfd(0, EFD_NONBLOCK | EFD_SEMAPHORE);
    /* oneshot: a wake-up goes to one waiter, then the set is disarmed */
    struct epoll_event ev = {.events = EPOLLIN | EPOLLONESHOT};
    epoll_ctl(mt_ep, EPOLL_CTL_ADD, mt_efd, &ev);
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, mt_waiter, NULL);
    usleep(100000); /* both blocked in epoll_wait */
    uint64_t one = 1;
    T("mt-write-1", write(mt_efd, &one, 8) == 8);
    for (int i = 0; i < 200 && __atomic_load_n(&mt_got, __ATOMIC_SEQ_CST) < 1; i++)
        usleep(10000);
    T("mt-one-woken", __atomic_load_n(&mt_got, __ATOMIC_SEQ_CST) == 1);
    T("mt-rearm", epoll_ctl(mt_ep, EPOLL_CTL_MOD, mt_efd, &ev) == 0);
    T("mt-write-2", write(mt_efd, &one, 8) == 8);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    T("mt-both-served", mt_got == 2);
    return t_fails;
}

int main(int argc, char **argv)
{
    t_prefix = "net";
    const char *m = argc > 1 ? argv[1] : "";
    int port = argc > 2 ? atoi(argv[2]) : 0;
    if (!strcmp(m, "echo") && argc > 4)
        return echo(port, atoi(argv[3]), argv[4]);
    if (!strcmp(m, "hostile"))
        return hostile();
    if (!strcmp(m, "bindexit"))
        return bindexit(port);
    if (!strcmp(m, "bindlater"))
        return bindlater(port);
    if (!strcmp(m, "epollmt"))
        return epollmt();
    fprintf(stderr, "usage: servers echo|hostile|bindexit|bindlater|epollmt ...\n");
    return 2;
}
