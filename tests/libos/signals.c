/* Signals a program sends itself, run natively and in a cVM (group 46):
 * actions, masks, pending sets, SA_* flags, abort with a handler, alarms
 * that end sleeps and pause, sigtimedwait, sigsuspend, pthread_kill and
 * pthread_cancel.  Argument "alarm-default": an alarm with no handler must
 * end the program by SIGALRM. */
#define _GNU_SOURCE
#include <poll.h>
#include <sys/epoll.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/select.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "t.h"

static volatile sig_atomic_t hits, last_sig, last_code, last_pid_ok, usr1_blocked_inside, usr2_blocked_inside;
static volatile pthread_t handler_thread;
static sigjmp_buf jb;

static void count(int sig)
{
    hits++;
    last_sig = sig;
    handler_thread = pthread_self();
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    usr1_blocked_inside = sigismember(&now, SIGUSR1);
    usr2_blocked_inside = sigismember(&now, SIGUSR2);
}

static void info(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    hits++;
    last_sig = sig;
    last_code = si->si_code;
    last_pid_ok = si->si_pid == getpid();
}

static void jump(int sig)
{
    (void)sig;
    siglongjmp(jb, 1);
}

static int on(int sig, void (*h)(int), int flags, int also)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    if (also)
        sigaddset(&sa.sa_mask, also);
    return sigaction(sig, &sa, NULL);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void arm_ms(int ms)
{
    struct itimerval it = {{0, 0}, {ms / 1000, ms % 1000 * 1000}};
    setitimer(ITIMER_REAL, &it, NULL);
}

static volatile int worker_stop;
static void *worker(void *arg)
{
    (void)arg;
    while (!worker_stop)
        usleep(1000); /* a system call now and then: where its signals arrive */
    return NULL;
}

static void *sigwaiter(void *arg)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    int got = 0;
    sigwait(&s, &got);
    *(int *)arg = got;
    return NULL;
}

static void *cancelled(void *arg)
{
    (void)arg;
    for (;;) {
        usleep(1000);
        pthread_testcancel();
    }
    return NULL;
}

int main(int argc, char **argv)
{
    t_prefix = "sig";
    if (argc > 1 && !strcmp(argv[1], "alarm-default")) {
        arm_ms(20);
        for (;;)
            usleep(1000);
    }
    struct sigaction old;
    T("sigaction-reports-handler", !on(SIGUSR1, count, SA_RESTART, SIGUSR2) && !sigaction(SIGUSR1, NULL, &old) &&
                                       old.sa_handler == count && (old.sa_flags & SA_RESTART) &&
                                       sigismember(&old.sa_mask, SIGUSR2));
    T("sigaction-kill-refused", ERR(sigaction(SIGKILL, &old, NULL), EINVAL));
    T("raise-runs-handler", !raise(SIGUSR1) && hits == 1 && last_sig == SIGUSR1);
    T("handler-blocks-own-and-mask", usr1_blocked_inside && usr2_blocked_inside);
    T("mask-restored-after", !sigprocmask(SIG_BLOCK, NULL, (sigset_t *)&old.sa_mask) &&
                                 !sigismember(&old.sa_mask, SIGUSR1) && !sigismember(&old.sa_mask, SIGUSR2));
    hits = 0;
    T("nodefer", !on(SIGUSR1, count, SA_NODEFER, 0) && !raise(SIGUSR1) && hits == 1 && !usr1_blocked_inside);
    hits = 0;
    T("kill-own-pid", !on(SIGUSR2, count, 0, 0) && !kill(getpid(), SIGUSR2) && hits == 1 && last_sig == SIGUSR2);
    T("kill-probe", !kill(getpid(), 0));
    hits = 0;
    T("siginfo", !on(SIGUSR1, (void (*)(int))info, SA_SIGINFO, 0) && !raise(SIGUSR1) && hits == 1 &&
                     last_code == SI_TKILL && last_pid_ok);
    {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = info;
        sa.sa_flags = SA_SIGINFO;
        sigaction(SIGUSR1, &sa, NULL);
        hits = 0;
        T("siginfo-kill", !kill(getpid(), SIGUSR1) && hits == 1 && last_code == SI_USER);
    }
    hits = 0;
    T("resethand", !on(SIGUSR1, count, SA_RESETHAND, 0) && !raise(SIGUSR1) && hits == 1 &&
                       !sigaction(SIGUSR1, NULL, &old) && old.sa_handler == SIG_DFL);
    T("ignored-survives", signal(SIGTERM, SIG_IGN) != SIG_ERR && !raise(SIGTERM) && !kill(getpid(), SIGTERM));
    T("default-ignored-survives", !raise(SIGCHLD) && !raise(SIGWINCH) && !raise(SIGURG));

    /* Blocked: pending until unblocked, then delivered once. */
    sigset_t s, prev, pend;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    hits = 0;
    sigprocmask(SIG_BLOCK, &s, &prev);
    raise(SIGUSR2);
    raise(SIGUSR2);
    T("blocked-not-delivered", hits == 0);
    T("blocked-pending", !sigpending(&pend) && sigismember(&pend, SIGUSR2) && !sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_SETMASK, &prev, NULL);
    T("unblock-delivers-once", hits == 1 && !sigpending(&pend) && !sigismember(&pend, SIGUSR2));
    /* Ignoring a pending signal discards it. */
    sigprocmask(SIG_BLOCK, &s, &prev);
    raise(SIGUSR2);
    signal(SIGUSR2, SIG_IGN);
    T("ignore-discards-pending", !sigpending(&pend) && !sigismember(&pend, SIGUSR2));
    sigprocmask(SIG_SETMASK, &prev, NULL);

    /* sigwait/sigtimedwait take a blocked pending signal. */
    sigprocmask(SIG_BLOCK, &s, &prev);
    raise(SIGUSR2);
    int got = 0;
    T("sigwait-takes-pending", !sigwait(&s, &got) && got == SIGUSR2);
    struct timespec ts = {0, 30000000};
    double t0 = now_s();
    T("sigtimedwait-times-out", ERR(sigtimedwait(&s, NULL, &ts), EAGAIN) && now_s() - t0 >= 0.025);
    sigprocmask(SIG_SETMASK, &prev, NULL);

    /* abort() with a handler that jumps out: the program goes on. */
    on(SIGABRT, jump, 0, 0);
    int jumped = 0;
    if (!sigsetjmp(jb, 1))
        abort();
    else
        jumped = 1;
    T("abort-handler-longjmp", jumped);
    signal(SIGABRT, SIG_DFL);

    /* Alarms: pause and nanosleep end early with EINTR. */
    hits = 0;
    on(SIGALRM, count, 0, 0);
    arm_ms(30);
    t0 = now_s();
    T("alarm-ends-pause", ERR(pause(), EINTR) && hits == 1 && last_sig == SIGALRM && now_s() - t0 < 2);
    struct timespec req = {5, 0}, rem = {0, 0};
    hits = 0;
    arm_ms(30);
    T("alarm-ends-nanosleep", ERR(nanosleep(&req, &rem), EINTR) && hits == 1 && rem.tv_sec >= 3 && rem.tv_sec <= 5);
    struct itimerval it, cur;
    memset(&it, 0, sizeof it);
    it.it_value.tv_sec = 100;
    setitimer(ITIMER_REAL, &it, NULL);
    T("getitimer-remaining", !getitimer(ITIMER_REAL, &cur) && cur.it_value.tv_sec >= 98 && cur.it_value.tv_sec <= 100);
    T("alarm-returns-previous", alarm(0) >= 99 && alarm(0) == 0);
    hits = 0;
    struct itimerval per = {{0, 10000}, {0, 10000}};
    setitimer(ITIMER_REAL, &per, NULL);
    t0 = now_s();
    while (hits < 3 && now_s() - t0 < 5)
        usleep(2000);
    memset(&per, 0, sizeof per);
    setitimer(ITIMER_REAL, &per, NULL);
    T("interval-timer-repeats", hits >= 3);

    /* sigsuspend: the temporary mask lets the alarm in; the old one returns. */
    sigset_t alrm, none, after;
    sigemptyset(&alrm);
    sigaddset(&alrm, SIGALRM);
    sigemptyset(&none);
    sigprocmask(SIG_BLOCK, &alrm, &prev);
    hits = 0;
    arm_ms(20);
    T("sigsuspend", ERR(sigsuspend(&none), EINTR) && hits == 1 && !sigprocmask(SIG_BLOCK, NULL, &after) &&
                        sigismember(&after, SIGALRM));
    sigprocmask(SIG_SETMASK, &prev, NULL);

    /* pthread_kill: the handler runs in the target thread. */
    pthread_t w;
    on(SIGUSR1, count, 0, 0);
    hits = 0;
    pthread_create(&w, NULL, worker, NULL);
    pthread_kill(w, SIGUSR1);
    t0 = now_s();
    while (!hits && now_s() - t0 < 5)
        usleep(1000);
    T("pthread-kill-runs-in-target", hits == 1 && pthread_equal(handler_thread, w));
    worker_stop = 1;
    pthread_join(w, NULL);

    /* A signal left at its default action, blocked and taken by sigwait in
     * the thread it is sent to: it does not end the program. */
    signal(SIGUSR2, SIG_DFL);
    sigset_t u2;
    sigemptyset(&u2);
    sigaddset(&u2, SIGUSR2);
    sigprocmask(SIG_BLOCK, &u2, &prev); /* the thread inherits it */
    int waited = 0;
    pthread_create(&w, NULL, sigwaiter, &waited);
    usleep(20000);
    T("pthread-kill-to-sigwait", !pthread_kill(w, SIGUSR2) && !pthread_join(w, NULL) && waited == SIGUSR2);
    sigprocmask(SIG_SETMASK, &prev, NULL);
    T("tkill-no-such-thread", ERR(syscall(SYS_tkill, 0x3ffffff0, SIGUSR1), ESRCH) &&
                                  ERR(syscall(SYS_tkill, 0, SIGUSR1), EINVAL));

    /* ppoll's mask is the caller's for the call: a pending signal it lets
     * in ends it at once, with the handler run. */
    on(SIGUSR1, count, SA_RESTART, 0);
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigprocmask(SIG_BLOCK, &s, &prev);
    hits = 0;
    raise(SIGUSR1);
    struct timespec pt = {2, 0};
    sigset_t open_mask;
    sigemptyset(&open_mask);
    t0 = now_s();
    T("ppoll-mask-lets-pending-in", ERR(ppoll(NULL, 0, &pt, &open_mask), EINTR) && hits == 1 && now_s() - t0 < 1);
    T("ppoll-mask-restored", !sigprocmask(SIG_BLOCK, NULL, &after) && sigismember(&after, SIGUSR1));
    hits = 0;
    raise(SIGUSR1);
    fd_set none_set;
    FD_ZERO(&none_set);
    t0 = now_s();
    T("pselect-mask-lets-pending-in", ERR(pselect(0, &none_set, NULL, NULL, &pt, &open_mask), EINTR) && hits == 1 &&
                                          now_s() - t0 < 1);
    sigprocmask(SIG_SETMASK, &prev, NULL);

    /* A pending signal the call's mask lets in does not hide what is
     * ready: Linux looks at events first, returns them, and restores the
     * caller's mask (which still blocks the signal) before delivering. */
    int rp[2], rep = epoll_create1(0);
    struct epoll_event rev = {.events = EPOLLIN}, rout;
    int ready_ok = !pipe(rp) && write(rp[1], "x", 1) == 1 && !epoll_ctl(rep, EPOLL_CTL_ADD, rp[0], &rev);
    struct pollfd rpf = {.fd = rp[0], .events = POLLIN};
    fd_set rset;
    sigprocmask(SIG_BLOCK, &s, &prev);
    hits = 0;
    raise(SIGUSR1);
    T("epoll-pwait-ready-before-signal", ready_ok && epoll_pwait(rep, &rout, 1, 2000, &open_mask) == 1 && hits == 0);
    T("ppoll-ready-before-signal", ppoll(&rpf, 1, &pt, &open_mask) == 1 && rpf.revents == POLLIN && hits == 0);
    FD_ZERO(&rset);
    FD_SET(rp[0], &rset);
    T("pselect-ready-before-signal",
      pselect(rp[0] + 1, &rset, NULL, NULL, &pt, &open_mask) == 1 && FD_ISSET(rp[0], &rset) && hits == 0);
    sigprocmask(SIG_SETMASK, &prev, NULL);
    T("ready-before-signal-then-delivered", hits == 1);
    close(rp[0]);
    close(rp[1]);
    close(rep);

    /* Events are never lost to a signal: with an interval timer running,
     * epoll_pwait and ppoll on a ready descriptor always report it. */
    int pfd[2], ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN}, out;
    int ok_ep = 0, ok_pp = 0;
    if (!pipe(pfd) && write(pfd[1], "x", 1) == 1 && !epoll_ctl(ep, EPOLL_CTL_ADD, pfd[0], &ev)) {
        on(SIGALRM, count, 0, 0);
        struct itimerval fast = {{0, 1000}, {0, 1000}};
        setitimer(ITIMER_REAL, &fast, NULL);
        sigset_t none2;
        sigemptyset(&none2);
        struct pollfd pf = {.fd = pfd[0], .events = POLLIN};
        struct timespec ten = {0, 10000000};
        for (int i = 0; i < 300; i++) {
            ok_ep += epoll_pwait(ep, &out, 1, 10, &none2) == 1;
            ok_pp += ppoll(&pf, 1, &ten, NULL) == 1;
        }
        memset(&fast, 0, sizeof fast);
        setitimer(ITIMER_REAL, &fast, NULL);
    }
    T("events-kept-under-alarms", ok_ep == 300 && ok_pp == 300);

    /* pthread_cancel of another thread (deferred): it ends at a cancellation point. */
    void *res = NULL;
    T("pthread-cancel", !pthread_create(&w, NULL, cancelled, NULL) && !pthread_cancel(w) && !pthread_join(w, &res) &&
                            res == PTHREAD_CANCELED);
    return t_fails;
}
