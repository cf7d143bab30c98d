/* epoll with a CAP Stream end (a virtual file) in one set with a pipe, an
 * eventfd and a socket pair (tests/groups/70-net.sh, a two-cVM deployment):
 *   epoll_stream w   opens the stream to r, writes "hello" after 200 ms,
 *                    closes it after 400 ms
 *   epoll_stream r   watches the stream from w in one set with the others */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include "../libos/t.h"

/* Waits for the reader's go-ahead (one byte on the stream back). */
static int go(int a)
{
    char c;
    return read(a, &c, 1) == 1;
}

static int writer(void)
{
    int s = open("/cap/r", O_WRONLY), a = open("/cap/r", O_RDONLY);
    usleep(200000);
    int ok = write(s, "hello", 5) == 5;
    ok &= go(a) && write(s, "a", 1) == 1; /* edge-triggered: one edge per write */
    ok &= go(a) && write(s, "b", 1) == 1;
    ok &= go(a) && write(s, "c", 1) == 1; /* poll on a set, a set in a set */
    ok &= go(a);
    usleep(200000);
    close(s);
    return !ok;
}

static int reader(void)
{
    t_prefix = "net-epoll-stream";
    int s = open("/cap/w", O_RDONLY | O_NONBLOCK), ack = open("/cap/w", O_WRONLY);
    T("open-stream", s >= 0);
    T("open-stream-back", ack >= 0);
    int ep = epoll_create1(0), p[2], sv[2];
    int e = eventfd(0, EFD_NONBLOCK);
    T("pipe", pipe(p) == 0);
    T("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 1}, out[8];
    T("add-stream", epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev) == 0);
    T("add-stream-again-eexist", ERR(epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev), EEXIST));
    ev.data.u64 = 2;
    T("add-pipe", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0);
    ev.data.u64 = 3;
    T("add-eventfd", epoll_ctl(ep, EPOLL_CTL_ADD, e, &ev) == 0);
    ev.data.u64 = 4;
    T("add-socket", epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev) == 0);
    int f = open("/", O_RDONLY | O_DIRECTORY);
    T("add-directory-eperm", f < 0 || ERR(epoll_ctl(ep, EPOLL_CTL_ADD, f, &ev), EPERM));
    T("nothing-ready", epoll_wait(ep, out, 8, 0) == 0);
    uint64_t one = 1;
    T("eventfd-write", write(e, &one, 8) == 8);
    T("host-fd-ready-with-virtual-in-set", epoll_wait(ep, out, 8, 0) == 1 && out[0].data.u64 == 3);
    uint64_t v;
    T("eventfd-drain", read(e, &v, 8) == 8);
    /* blocks until the writer's "hello" arrives on the stream */
    int k = epoll_wait(ep, out, 8, 5000);
    T("stream-wakes-epoll", k == 1 && out[0].data.u64 == 1 && (out[0].events & EPOLLIN));
    char b[16] = {0};
    T("stream-read", read(s, b, sizeof b) == 5 && !strcmp(b, "hello"));
    /* EPOLLET: reported once per write, even while data is still unread */
    ev.events = EPOLLIN | EPOLLET;
    ev.data.u64 = 1;
    T("mod-stream-et", epoll_ctl(ep, EPOLL_CTL_MOD, s, &ev) == 0);
    T("et-nothing-pending", epoll_wait(ep, out, 8, 0) == 0);
    T("go-a", write(ack, "1", 1) == 1);
    T("et-edge", epoll_wait(ep, out, 8, 5000) == 1 && out[0].data.u64 == 1);
    T("et-once", epoll_wait(ep, out, 8, 0) == 0);
    T("go-b", write(ack, "2", 1) == 1);
    T("et-new-edge-while-readable", epoll_wait(ep, out, 8, 5000) == 1 && out[0].data.u64 == 1);
    T("et-once-again", epoll_wait(ep, out, 8, 0) == 0);
    memset(b, 0, sizeof b);
    T("et-read-both", read(s, b, sizeof b) == 2 && !strcmp(b, "ab"));
    /* a set with the stream, in poll and in another set */
    int in = epoll_create1(0), outer = epoll_create1(0);
    ev.events = EPOLLIN;
    ev.data.u64 = 9;
    T("inner-add-stream", epoll_ctl(in, EPOLL_CTL_ADD, s, &ev) == 0);
    ev.data.u64 = 10;
    T("outer-add-inner", epoll_ctl(outer, EPOLL_CTL_ADD, in, &ev) == 0);
    T("outer-add-outer-eloop", ERR(epoll_ctl(in, EPOLL_CTL_ADD, outer, &ev), ELOOP));
    int outer_et = epoll_create1(0);
    ev.events = EPOLLIN | EPOLLET;
    ev.data.u64 = 11;
    T("outer-et-add-inner", epoll_ctl(outer_et, EPOLL_CTL_ADD, in, &ev) == 0);
    ev.events = EPOLLIN;
    struct pollfd pf = {in, POLLIN, 0};
    T("poll-set-quiet", poll(&pf, 1, 0) == 0);
    T("nested-quiet", epoll_wait(outer, out, 8, 0) == 0);
    T("go-c", write(ack, "3", 1) == 1);
    T("poll-set-wakes", poll(&pf, 1, 5000) == 1 && (pf.revents & POLLIN));
    T("nested-stream-ready", epoll_wait(outer, out, 8, 5000) == 1 && out[0].data.u64 == 10);
    T("nested-level", epoll_wait(outer, out, 8, 0) == 1);
    T("inner-reports-stream", epoll_wait(in, out, 8, 0) == 1 && out[0].data.u64 == 9);
    T("nested-et-edge", epoll_wait(outer_et, out, 8, 0) == 1 && out[0].data.u64 == 11);
    T("nested-et-once", epoll_wait(outer_et, out, 8, 0) == 0);
    T("nested-level-still", epoll_wait(outer, out, 8, 0) == 1 && poll(&pf, 1, 0) == 1);
    T("nested-et-no-extra-edge", epoll_wait(outer_et, out, 8, 0) == 0);
    T("c-read", read(s, b, sizeof b) == 1 && b[0] == 'c');
    /* exact at once: the outer set and poll see the inner one drained
     * without anyone waiting on the inner set first */
    T("nested-drained", epoll_wait(outer, out, 8, 0) == 0);
    struct pollfd po = {outer, POLLIN, 0};
    T("poll-outer-drained", poll(&po, 1, 0) == 0);
    T("poll-set-drained", poll(&pf, 1, 0) == 0);
    T("inner-drained", epoll_wait(in, out, 8, 0) == 0);
    close(outer_et);
    close(outer);
    close(in);
    T("go-close", write(ack, "4", 1) == 1);
    ev.data.u64 = 1;
    ev.events = EPOLLIN | EPOLLONESHOT;
    ev.data.u64 = 1;
    T("mod-stream-oneshot", epoll_ctl(ep, EPOLL_CTL_MOD, s, &ev) == 0);
    /* the writer closes: EOF is readiness (EPOLLIN/HUP), once with ONESHOT */
    k = epoll_wait(ep, out, 8, 5000);
    T("stream-eof-wakes", k == 1 && out[0].data.u64 == 1);
    T("stream-eof-read", read(s, b, sizeof b) == 0);
    T("oneshot-disarmed", epoll_wait(ep, out, 8, 0) == 0);
    T("mod-rearm", epoll_ctl(ep, EPOLL_CTL_MOD, s, &ev) == 0);
    T("rearmed", epoll_wait(ep, out, 8, 0) == 1);
    T("del-stream", epoll_ctl(ep, EPOLL_CTL_DEL, s, NULL) == 0);
    T("del-again-enoent", ERR(epoll_ctl(ep, EPOLL_CTL_DEL, s, NULL), ENOENT));
    ev.events = EPOLLIN;
    T("re-add-stream", epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev) == 0);
    close(s); /* closed while registered: leaves the set */
    T("closed-stream-gone", epoll_wait(ep, out, 8, 0) == 0);
    T("pipe-still-works", write(p[1], "x", 1) == 1 && epoll_wait(ep, out, 8, 0) == 1 && out[0].data.u64 == 2);
    close(ep);
    return t_fails;
}

int main(int argc, char **argv)
{
    return argc > 1 && !strcmp(argv[1], "w") ? writer() : reader();
}
