/* Signals a program makes for itself (docs/libos.md "Signals").
 *
 * No host signal ever reaches cVM code: the monitor ends a cVM that faults,
 * and nothing outside can interrupt a cVM thread.  What a program sends
 * itself -- raise, abort, kill of its own pid, pthread_kill, alarm and
 * setitimer(ITIMER_REAL) -- follows Linux's rules here: actions, a blocked
 * mask per thread, pending sets per thread and per process, SA_RESETHAND,
 * SA_NODEFER, SA_SIGINFO, ignored signals discarded, default actions.  It
 * is delivered synchronously, when a thread that has it unblocked ends a
 * system call: at once for a signal a thread sends itself, when a thread
 * unblocks one that is pending (musl's raise blocks signals around its
 * tkill), otherwise at the target's next system call.  Sleeps (nanosleep,
 * pause, sigsuspend, sigtimedwait) end early for a due alarm; a thread that
 * makes no system call, or one blocked in another call, sees a signal only
 * when that call returns. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>
#include <sys/time.h>
#include <intravisor.h>
#include "pthread_impl.h"
#include "syscall.h"
#include "libos.h"
#include "clock_page.h"

/* The kernel's struct sigaction, as musl passes it (src/internal/ksigaction.h). */
struct ksa {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

#define NSIGS 64 /* signals 1..64; musl passes 8-byte sets */
#define BIT(s) (1ull << ((s) - 1))
#define UNBLOCKABLE (BIT(SIGKILL) | BIT(SIGSTOP))
#define MAX_TARGETS 64 /* threads with signals pending for them */

/* Everything below is under `lock` except `blocked` (the thread's own). */
static volatile int lock;
static struct ksa act[NSIGS + 1];
static uint64_t proc_pending;
static struct {
	int tid;
	uint64_t pending;
} target[MAX_TARGETS];
static int64_t alarm_at, alarm_every; /* CLOCK_MONOTONIC ns; 0: no alarm */
static __thread uint64_t blocked;

/* Writers hold the lock; the first look of __libos_sig_boundary reads
 * these two without it. */
static void set_proc(uint64_t v) { __atomic_store_n(&proc_pending, v, __ATOMIC_RELAXED); }
static void set_alarm(int64_t at) { __atomic_store_n(&alarm_at, at, __ATOMIC_RELAXED); }

/* The box the monitor posts signals from outside into (IV_HC_SIGBOX,
 * given at the first handler a program installs).  Its attention word is
 * what every system call checks as it ends: ATTN_LOCAL while a signal is
 * pending here or an alarm is armed, IV_SIGBOX_POSTED when the monitor
 * posted (it sets only that bit, atomically). */
hidden struct iv_sigbox __libos_sigbox;
#define ATTN_LOCAL 1

/* What the monitor may post rather than end the cVM: signals with a
 * handler, and those a thread has waited for in sigtimedwait (kept: a
 * sigwait loop is between two calls most of the time); and what it drops
 * without waking anyone, the ignored ones.  Told to the monitor when they
 * change, under the lock (so the last word is the newest). */
static uint64_t handled, waited, ignored_set, told_caught, told_ignored;

static void take(void)
{
	while (__sync_lock_test_and_set(&lock, 1))
		iv_sched_yield();
}

static void drop(void) { __sync_lock_release(&lock); }

static int64_t now_ns(void)
{
	int64_t ns = __libos_page_clock(IV_CLOCK_MONOTONIC);
	return ns >= 0 ? ns : iv_clock(IV_CLOCK_MONOTONIC);
}

/* The time, if an alarm is armed (read before taking the lock). */
static int64_t now_if_alarm(void) { return __atomic_load_n(&alarm_at, __ATOMIC_RELAXED) ? now_ns() : 0; }

static int my_tid(void) { return __pthread_self()->tid; }

/* Under the lock: tells the monitor changed sets (a hostcall that never
 * waits for long; sigaction calls are few). */
static void tell_monitor(void)
{
	uint64_t c = handled | waited, i = ignored_set & ~c;
	if (c != told_caught || i != told_ignored) {
		told_caught = c;
		told_ignored = i;
		iv_sigbox(&__libos_sigbox, c, i);
	}
}

/* Some thread has a signal pending for it (read without the lock by
 * __libos_sig_boundary's first look). */
static int targets_busy;

/* Under the lock. */
static void recompute_attention(void)
{
	int busy = 0;
	for (int i = 0; i < MAX_TARGETS && !busy; i++)
		busy = target[i].pending != 0;
	__atomic_store_n(&targets_busy, busy, __ATOMIC_RELAXED);
	if (busy || proc_pending || alarm_at)
		__atomic_or_fetch(&__libos_sigbox.attention, ATTN_LOCAL, __ATOMIC_RELEASE);
	else
		__atomic_and_fetch(&__libos_sigbox.attention, ~ATTN_LOCAL, __ATOMIC_RELEASE);
}

/* Under the lock: tid's pending set, made if `make` (NULL when full). */
static uint64_t *pending_of(int tid, int make)
{
	int free_slot = -1;
	for (int i = 0; i < MAX_TARGETS; i++) {
		if (target[i].tid == tid)
			return &target[i].pending;
		if (free_slot < 0 && !target[i].pending)
			free_slot = i;
	}
	if (!make || free_slot < 0)
		return 0;
	target[free_slot].tid = tid;
	return &target[free_slot].pending;
}

/* Under the lock: a due alarm becomes a pending SIGALRM for the process. */
static void alarm_check(int64_t now)
{
	if (!alarm_at || now < alarm_at)
		return;
	set_proc(proc_pending | BIT(SIGALRM));
	if (alarm_every) {
		int64_t missed = (now - alarm_at) / alarm_every; /* one signal for several periods, as Linux */
		set_alarm(alarm_at + (missed + 1) * alarm_every);
	} else {
		set_alarm(0);
	}
}

/* Linux's default action "ignore" (and "stop", which a cVM cannot). */
static int default_ignores(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT || sig == SIGSTOP ||
	       sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static int ignored(const struct ksa *a, int sig)
{
	return a->handler == SIG_IGN || (a->handler == SIG_DFL && default_ignores(sig));
}

/* A signal that reached the cVM: its handler, or its default action. */
static void deliver(int sig, int code)
{
	take();
	struct ksa a = act[sig];
	if ((a.flags & SA_RESETHAND) && a.handler != SIG_DFL && a.handler != SIG_IGN) {
		act[sig].handler = SIG_DFL;
		act[sig].flags &= ~(unsigned long)SA_SIGINFO;
		handled &= ~BIT(sig);
		tell_monitor();
	}
	drop();
	if (a.handler == SIG_IGN || (a.handler == SIG_DFL && default_ignores(sig)))
		return;
	if (a.handler == SIG_DFL)
		__libos_end_by_signal(sig);
	uint64_t old = blocked;
	blocked = (blocked | a.mask | ((a.flags & SA_NODEFER) ? 0 : BIT(sig))) & ~UNBLOCKABLE;
	if (a.flags & SA_SIGINFO) {
		siginfo_t si;
		ucontext_t uc;
		memset(&si, 0, sizeof si);
		memset(&uc, 0, sizeof uc);
		si.si_signo = sig;
		si.si_code = code;
		si.si_pid = IV_CVM_PID; /* getpid */
		memcpy(&uc.uc_sigmask, &old, sizeof old);
		((void (*)(int, siginfo_t *, void *))(void *)a.handler)(sig, &si, &uc);
		memcpy(&old, &uc.uc_sigmask, sizeof old); /* as sigreturn: the handler may change it */
		old &= ~UNBLOCKABLE;
	} else {
		a.handler(sig);
	}
	blocked = old;
}

/* Under the lock: takes the lowest signal of `want` pending for the caller
 * (its own first, then the process's); 0 if none.  *code: how it came. */
static int dequeue(uint64_t want, int *code)
{
	uint64_t *mine = pending_of(my_tid(), 0);
	uint64_t m = mine ? *mine & want : 0, p = proc_pending & want;
	if (!m && !p)
		return 0;
	int sig;
	if (m) {
		sig = __builtin_ctzll(m) + 1;
		*mine &= ~BIT(sig);
		*code = SI_TKILL;
	} else {
		sig = __builtin_ctzll(p) + 1;
		set_proc(proc_pending & ~BIT(sig));
		*code = sig == SIGALRM ? SI_KERNEL : SI_USER;
	}
	return sig;
}

/* Under the lock: what the monitor posted joins the process's pending set. */
static void take_posted(void)
{
	if (!(__atomic_load_n(&__libos_sigbox.attention, __ATOMIC_ACQUIRE) & IV_SIGBOX_POSTED))
		return;
	/* Clear the flag first: a post after the exchange sets it again. */
	__atomic_and_fetch(&__libos_sigbox.attention, ~IV_SIGBOX_POSTED, __ATOMIC_ACQ_REL);
	uint64_t bits = __atomic_exchange_n(&__libos_sigbox.posted, 0, __ATOMIC_ACQ_REL);
	set_proc(proc_pending | bits);
}

/* First look, without the lock: an armed alarm not yet due is the common
 * case (an interval timer), and costs a clock read.  What another thread
 * sends meanwhile waits for the next call. */
static int nothing_due(void)
{
	if ((__atomic_load_n(&__libos_sigbox.attention, __ATOMIC_ACQUIRE) & IV_SIGBOX_POSTED) ||
	    (__atomic_load_n(&proc_pending, __ATOMIC_RELAXED) & ~blocked) ||
	    __atomic_load_n(&targets_busy, __ATOMIC_RELAXED))
		return 0;
	int64_t at = __atomic_load_n(&alarm_at, __ATOMIC_RELAXED);
	return !at || now_ns() < at;
}

/* Calls Linux never restarts after a handler (SA_RESTART or not): they
 * return EINTR.  The sleeps of the LibOS (signal.c, time.c) are among them. */
static int never_restarted(long n)
{
	switch (n) {
	case SYS_poll: case SYS_ppoll: case SYS_select: case SYS_pselect6: case SYS_epoll_wait:
	case SYS_epoll_pwait: case SYS_nanosleep: case SYS_clock_nanosleep:
	case 441: /* epoll_pwait2 (not in musl 1.2.3's list; ENOSYS here anyway) */
		return 1;
	}
	return 0;
}

/* Never made again at all: they return EINTR by design. */
static int waits_for_signals(long n)
{
	return n == SYS_pause || n == SYS_rt_sigsuspend || n == SYS_rt_sigtimedwait;
}

/* As system call n ends with result r while __libos_sigbox.attention is
 * set or r is -EINTR (syscall.c): delivers what the caller has pending and
 * unblocked.  Returns 1 if the call is to be made again: it failed with
 * EINTR because the monitor interrupted it to post a signal, and no
 * handler ran that asks for EINTR (one without SA_RESTART, or any for the
 * calls Linux never restarts) -- as the kernel restarts a call a signal
 * interrupted. */
static int deliverable(void);

/* Set by a call that already ran a handler and returns EINTR for it
 * (ppoll, pselect6, epoll_pwait with a mask): not to be made again. */
static __thread int eintr_final;

/* Delivers what the caller has pending and unblocked; *ran_plain: a
 * handler without SA_RESTART ran.  Whether any handler ran. */
static int deliver_pending(int *ran_plain)
{
	int ran = 0;
	*ran_plain = 0;
	while (!nothing_due()) {
		int code = 0;
		int64_t now = now_if_alarm();
		take();
		take_posted();
		alarm_check(now);
		int sig = dequeue(~blocked, &code);
		unsigned long flags = sig ? act[sig].flags : 0;
		int handled = sig && act[sig].handler != SIG_DFL && act[sig].handler != SIG_IGN;
		recompute_attention();
		drop();
		if (!sig)
			break;
		deliver(sig, code);
		ran |= handled;
		*ran_plain |= handled && !(flags & SA_RESTART);
	}
	return ran;
}

hidden int __libos_sig_boundary(long n, long r)
{
	int final = eintr_final; /* before a handler's own calls see it */
	eintr_final = 0;
	int ran_plain, ran = deliver_pending(&ran_plain);
	if (r != -EINTR || waits_for_signals(n) || final)
		return 0;
	return never_restarted(n) ? !ran : !ran_plain;
}

hidden int __libos_sig_mask_enter(const void *set, unsigned long size, unsigned long long *old)
{
	*old = blocked;
	if (!set)
		return 0;
	if (size != 8)
		return -EINVAL;
	blocked = *(const uint64_t *)set & ~UNBLOCKABLE;
	return deliverable() ? 1 : 0;
}

hidden long __libos_sig_mask_leave(unsigned long long old, long r)
{
	/* As Linux: only a call that ends with EINTR runs handlers under its
	 * mask; one with events (or a timeout) keeps its result, and what is
	 * pending is delivered under the old mask as the call ends. */
	if (r == -EINTR) {
		int ran_plain;
		if (deliver_pending(&ran_plain))
			eintr_final = 1;
	}
	blocked = old;
	return r;
}

/* Whether the caller has a signal it would take now (a due alarm included). */
static int deliverable(void)
{
	int64_t now = now_if_alarm();
	take();
	take_posted();
	alarm_check(now);
	uint64_t *mine = pending_of(my_tid(), 0);
	int r = (((mine ? *mine : 0) | proc_pending) & ~blocked) != 0;
	recompute_attention();
	drop();
	return r;
}

/* Sleeps ns, or less if a signal the caller takes becomes pending (an
 * alarm falls due): 0, or -EINTR with *left the time not slept. */
hidden long __libos_sig_sleep(long long ns, long long *left)
{
	if (ns < 0)
		return -EINVAL;
	int64_t end = now_ns() + (ns > INT64_MAX / 2 ? INT64_MAX / 2 : ns);
	if (!__atomic_load_n(&__libos_sigbox.attention, __ATOMIC_ACQUIRE)) {
		long r = iv_nanosleep(ns);
		if (r != -EINTR)
			return r;
		/* The monitor interrupted it to post a signal: see below. */
	}
	for (;;) {
		int ran_plain;
		if (deliverable() && deliver_pending(&ran_plain)) {
			/* A handler ran: the sleep ends (and is not made again). */
			int64_t now = now_ns();
			*left = end > now ? end - now : 0;
			eintr_final = 1;
			return -EINTR;
		}
		int64_t now = now_ns();
		if (now >= end)
			return 0;
		int64_t nap = end - now;
		take();
		if (alarm_at && alarm_at - now < nap)
			nap = alarm_at > now ? alarm_at - now : 0;
		drop();
		/* A signal another thread sends is seen within 50 ms. */
		if (nap > 50000000)
			nap = 50000000;
		long r = iv_nanosleep(nap);
		if (r && r != -EINTR) /* EINTR: the monitor posted; looked at above */
			return r;
	}
}

/* Sleeps until the caller has a signal to take (pause, sigsuspend). */
static void wait_for_signal(void)
{
	long long left;
	while (__libos_sig_sleep(50000000, &left) != -EINTR)
		;
}

/* kill/tkill/tgkill: to the process (tid 0) or to one thread. */
static long send(int sig, int tid)
{
	if (sig < 0 || sig > NSIGS)
		return -EINVAL;
	if (sig == 0)
		return 0;
	if (sig == SIGKILL)
		__libos_end_by_signal(sig);
	int self = !tid || tid == my_tid();
	take();
	struct ksa a = act[sig];
	long r = 0;
	if (self) {
		/* Linux keeps a blocked signal pending even if ignored now. */
		if ((blocked & BIT(sig)) || !ignored(&a, sig)) {
			uint64_t *set = tid ? pending_of(tid, 1) : 0;
			if (!tid)
				set_proc(proc_pending | BIT(sig));
			else if (set)
				*set |= BIT(sig);
			else
				r = -EAGAIN;
		}
	} else if (sig == SIGCANCEL) {
		/* pthread_cancel has set the target's flag: cancellation is
		 * deferred to its next cancellation point (cancel.c). */
	} else if (sig == SIGSYNCCALL) {
		/* musl's __synccall (setuid & co. in a threaded program) would
		 * wait for a handler the target may never reach: refused, it
		 * gives up and the call fails with EAGAIN. */
		r = -ESRCH;
	} else if (!ignored(&a, sig) || (waited & BIT(sig))) {
		/* Pending for the target, which takes it (or sigwaits for it, or
		 * dies of it: a fatal default still ends the whole cVM) as its
		 * next system call ends. */
		drop();
		__tl_lock(); /* a thread leaves musl's list under it, then its slot goes */
		int alive = 0;
		pthread_t me = __pthread_self(), t = me;
		do {
			alive = t->tid == tid;
			t = t->next;
		} while (!alive && t != me);
		take();
		if (!alive) {
			r = -ESRCH;
		} else {
			uint64_t *set = pending_of(tid, 1);
			if (set)
				*set |= BIT(sig);
			else
				r = -EAGAIN;
		}
		recompute_attention();
		drop();
		__tl_unlock();
		return r;
	}
	recompute_attention();
	drop();
	return r;
}

static long sigaction_call(int sig, const struct ksa *sa, struct ksa *old, unsigned long size)
{
	if (size != 8 || sig < 1 || sig > NSIGS)
		return -EINVAL;
	if (sa && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	take();
	if (old)
		*old = act[sig];
	if (sa) {
		act[sig] = *sa;
		act[sig].mask &= ~UNBLOCKABLE;
		/* What the monitor may post instead of ending the cVM. */
		handled = sa->handler != SIG_DFL && sa->handler != SIG_IGN ? handled | BIT(sig) : handled & ~BIT(sig);
		ignored_set = sa->handler == SIG_IGN ? ignored_set | BIT(sig) : ignored_set & ~BIT(sig);
		tell_monitor();
		if (ignored(sa, sig)) { /* pending ones are discarded, as Linux */
			set_proc(proc_pending & ~BIT(sig));
			for (int i = 0; i < MAX_TARGETS; i++)
				target[i].pending &= ~BIT(sig);
			recompute_attention();
		}
	}
	drop();
	return 0;
}

static long sigprocmask_call(int how, const uint64_t *set, uint64_t *old, unsigned long size)
{
	if (size != 8)
		return -EINVAL;
	uint64_t was = blocked, now = was;
	if (set) {
		switch (how) {
		case SIG_BLOCK:
			now = was | *set;
			break;
		case SIG_UNBLOCK:
			now = was & ~*set;
			break;
		case SIG_SETMASK:
			now = *set;
			break;
		default:
			return -EINVAL;
		}
	}
	if (old)
		*old = was;
	blocked = now & ~UNBLOCKABLE;
	/* What this unblocks is delivered as the call ends (syscall.c). */
	return 0;
}

static long sigpending_call(uint64_t *set, unsigned long size)
{
	if (size != 8)
		return -EINVAL;
	take();
	uint64_t *mine = pending_of(my_tid(), 0);
	*set = ((mine ? *mine : 0) | proc_pending) & blocked;
	drop();
	return 0;
}

/* A timeout as a CLOCK_MONOTONIC deadline (far ones capped: no overflow). */
static int64_t deadline(const struct timespec *ts)
{
	int64_t s = ts->tv_sec > 100000000 ? 100000000 : ts->tv_sec; /* three years */
	return now_ns() + s * 1000000000 + ts->tv_nsec;
}

/* A thread waits for signals in `want` (sigtimedwait): from outside too,
 * they are posted rather than ending the cVM (the program blocks them and
 * takes them here, with their default action left as it is). */
static void waiting(uint64_t want)
{
	if (!(want & ~__atomic_load_n(&waited, __ATOMIC_RELAXED)))
		return;
	take();
	waited |= want;
	tell_monitor();
	drop();
}

static long sigtimedwait_wait(uint64_t want, siginfo_t *info, const struct timespec *ts, int64_t end);

static long sigtimedwait_call(const uint64_t *set, siginfo_t *info, const struct timespec *ts,
                              unsigned long size)
{
	if (size != 8)
		return -EINVAL;
	uint64_t want = *set & ~UNBLOCKABLE;
	int64_t end = 0;
	if (ts) {
		if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000)
			return -EINVAL;
		end = deadline(ts);
	}
	waiting(want);
	return sigtimedwait_wait(want, info, ts, end);
}

static long sigtimedwait_wait(uint64_t want, siginfo_t *info, const struct timespec *ts, int64_t end)
{
	for (;;) {
		int code = 0;
		int64_t now = now_ns();
		take();
		take_posted();
		alarm_check(now);
		int sig = dequeue(want, &code);
		int64_t nap = 50000000; /* a signal another thread sends is seen within it */
		if (alarm_at && alarm_at - now < nap)
			nap = alarm_at > now ? alarm_at - now : 0;
		recompute_attention();
		drop();
		if (sig) {
			if (info) {
				memset(info, 0, sizeof *info);
				info->si_signo = sig;
				info->si_code = code;
				info->si_pid = IV_CVM_PID;
			}
			return sig;
		}
		/* A signal outside the set that runs a handler ends the wait. */
		int ran_plain;
		if (deliverable() && deliver_pending(&ran_plain)) {
			eintr_final = 1;
			return -EINTR;
		}
		if (ts && now >= end)
			return -EAGAIN;
		if (ts && end - now < nap)
			nap = end - now;
		long r = iv_nanosleep(nap);
		if (r && r != -EINTR)
			return r;
	}
}

static long sigsuspend_call(const uint64_t *set, unsigned long size)
{
	if (size != 8)
		return -EINVAL;
	uint64_t was = blocked;
	blocked = *set & ~UNBLOCKABLE;
	wait_for_signal();
	__libos_sig_boundary(SYS_rt_sigsuspend, -EINTR); /* under the temporary mask, as Linux */
	blocked = was;
	return -EINTR;
}

static void to_timeval(int64_t ns, struct timeval *tv)
{
	tv->tv_sec = ns / 1000000000;
	tv->tv_usec = ns % 1000000000 / 1000;
	if (ns > 0 && !tv->tv_sec && !tv->tv_usec)
		tv->tv_usec = 1; /* armed, less than 1 µs left: not "disarmed" */
}

static long itimer_call(int which, const struct itimerval *set, struct itimerval *old)
{
	if (which != ITIMER_REAL)
		return -ENOSYS; /* CPU-time timers (ITIMER_VIRTUAL/PROF): not implemented */
	if (set && (set->it_value.tv_sec < 0 || set->it_value.tv_usec < 0 || set->it_value.tv_usec >= 1000000 ||
	            set->it_interval.tv_sec < 0 || set->it_interval.tv_usec < 0 ||
	            set->it_interval.tv_usec >= 1000000))
		return -EINVAL;
	int64_t now = now_ns();
	take();
	if (old) {
		memset(old, 0, sizeof *old);
		if (alarm_at) {
			to_timeval(alarm_at > now ? alarm_at - now : 1000, &old->it_value);
			to_timeval(alarm_every, &old->it_interval);
		}
	}
	if (set) {
		/* Capped at three years: no overflow, and as good as for ever. */
		int64_t vs = set->it_value.tv_sec > 100000000 ? 100000000 : set->it_value.tv_sec;
		int64_t is = set->it_interval.tv_sec > 100000000 ? 100000000 : set->it_interval.tv_sec;
		int64_t v = vs * 1000000000 + (int64_t)set->it_value.tv_usec * 1000;
		int64_t i = is * 1000000000 + (int64_t)set->it_interval.tv_usec * 1000;
		set_alarm(v ? now + v : 0);
		alarm_every = v ? i : 0;
		recompute_attention();
	}
	drop();
	return 0;
}

hidden void __libos_sig_thread_exit(void)
{
	take();
	uint64_t *mine = pending_of(my_tid(), 0);
	if (mine)
		*mine = 0; /* its tid may be given to a new thread */
	recompute_attention();
	drop();
}

long libos_signal(long n, LIBOS_ARGS, int *handled)
{
	(void)a5; (void)a6;
	*handled = 1;
	switch (n) {
	case SYS_rt_sigaction:
		return sigaction_call(a1, (const struct ksa *)a2, (struct ksa *)a3, a4);
	case SYS_rt_sigprocmask:
		return sigprocmask_call(a1, (const uint64_t *)a2, (uint64_t *)a3, a4);
	case SYS_rt_sigpending:
		return sigpending_call((uint64_t *)a1, a2);
	case SYS_rt_sigtimedwait:
		return sigtimedwait_call((const uint64_t *)a1, (siginfo_t *)a2, (const struct timespec *)a3, a4);
	case SYS_rt_sigsuspend:
		return sigsuspend_call((const uint64_t *)a1, a2);
	case SYS_pause:
		wait_for_signal();
		return -EINTR;
	case SYS_sigaltstack:
		/* Accepted: a handler runs on the stack of the call that delivers it. */
		if (a2)
			memset((void *)a2, 0, sizeof(stack_t));
		if (a2)
			((stack_t *)a2)->ss_flags = SS_DISABLE;
		return 0;
	case SYS_kill:
		/* The cVM is one process (getpid); 0 and -1 name it too. */
		if (a1 != IV_CVM_PID && a1 != 0 && a1 != -1)
			return -ESRCH;
		return send(a2, 0);
	case SYS_tkill:
		return (int)a1 <= 0 ? -EINVAL : send(a2, a1);
	case SYS_tgkill:
		if ((int)a1 <= 0 || (int)a2 <= 0)
			return -EINVAL;
		if (a1 != IV_CVM_PID)
			return -ESRCH;
		return send(a3, a2);
	case SYS_setitimer:
		return itimer_call(a1, (const struct itimerval *)a2, (struct itimerval *)a3);
	case SYS_getitimer:
		return itimer_call(a1, 0, (struct itimerval *)a2);
	case SYS_alarm: {
		struct itimerval it = {.it_value.tv_sec = (unsigned)a1}, old;
		itimer_call(ITIMER_REAL, &it, &old);
		/* Linux: to the nearest second, and an armed alarm is at least 1. */
		long left = old.it_value.tv_sec + (old.it_value.tv_usec >= 500000);
		return !left && old.it_value.tv_usec ? 1 : left;
	}
	default:
		*handled = 0;
		return 0;
	}
}
