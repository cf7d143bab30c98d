/* Process-level calls: identity, exit, signals, limits, system info.
 * A cVM is one process of its own as far as its program can tell. */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <intravisor.h>
#include "syscall.h"
#include "libos.h"

#define CVM_PID IV_CVM_PID

/* The cVM's machine (CPU allowance, memory budget, host name), from the
 * monitor; zeros if it cannot tell (then one CPU, no name). */
static void machine(struct iv_sysinfo *si)
{
	memset(si, 0, sizeof *si);
	if (iv_sysinfo(si, sizeof *si) < 0)
		memset(si, 0, sizeof *si);
	if (!si->cpus)
		si->cpus = 1;
}

/* getrusage: CPU time as the monitor counts it (user and system time of
 * the cVM's threads together, reported as user time), its peak mapped
 * memory as the maximum resident size (for a thread too, as Linux); the
 * other fields are not kept (zero), and a cVM has no children.  Only the
 * kernel's struct is written: musl's has reserved words after it that a
 * raw system call's caller need not have. */
#define KERNEL_RUSAGE_SIZE (offsetof(struct rusage, ru_nivcsw) + sizeof(long))
_Static_assert(KERNEL_RUSAGE_SIZE == 144, "the kernel's struct rusage");
static long usage(long who_arg, struct rusage *ru)
{
	int who = (int)who_arg; /* an int: the upper half of the register is undefined */
	int clk = who == RUSAGE_SELF ? IV_CLOCK_PROCESS_CPUTIME : who == 1 /* RUSAGE_THREAD */ ? IV_CLOCK_THREAD_CPUTIME : -1;
	if (clk < 0 && who != RUSAGE_CHILDREN)
		return -EINVAL;
	memset(ru, 0, KERNEL_RUSAGE_SIZE);
	if (clk < 0)
		return 0;
	long long ns = iv_clock(clk);
	if (ns < 0)
		return ns;
	ru->ru_utime.tv_sec = ns / 1000000000;
	ru->ru_utime.tv_usec = ns % 1000000000 / 1000;
	{
		struct iv_sysinfo si;
		machine(&si);
		ru->ru_maxrss = (long)(si.mem_peak / 1024);
	}
	return 0;
}

static int unsupported_logged;

static long no_processes(const char *what)
{
	if (!unsupported_logged) {
		unsupported_logged = 1;
		libos_log("libos: ");
		libos_log(what);
		libos_log(" is not supported inside a cVM (no processes); returning ENOSYS\n");
	}
	return -ENOSYS;
}

/* A fatal signal the program sent itself (raise, abort; signal.c): report
 * it the way the monitor reports a fault, then end with the status a shell
 * shows. */
hidden _Noreturn void __libos_end_by_signal(int sig)
{
	char name[64], num[4];
	if (iv_getname(name, sizeof name) < 0)
		strcpy(name, "?");
	num[0] = '0' + sig / 10;
	num[1] = '0' + sig % 10;
	num[2] = 0;
	libos_log("libos: cvm ");
	libos_log(name);
	libos_log(": ended by signal ");
	libos_log(sig >= 10 ? num : num + 1);
	libos_log(sig == SIGABRT ? " (SIGABRT, abort)" : " raised by the program");
	libos_log("\n");
	iv_exit(128 + sig);
}

static long fill_uname(struct utsname *u)
{
	memset(u, 0, sizeof *u);
	strcpy(u->sysname, "Linux");
	struct iv_sysinfo si;
	machine(&si);
	_Static_assert(sizeof u->nodename >= sizeof si.hostname, "host name fits");
	memcpy(u->nodename, si.hostname, sizeof si.hostname);
	if (!u->nodename[0])
		strcpy(u->nodename, "cvm");
	strcpy(u->release, "6.1.0-intravisor");
	strcpy(u->version, "#1 intravisor cVM");
	strcpy(u->machine, "x86_64");
	return 0;
}

long libos_proc(long n, LIBOS_ARGS, int *handled)
{
	(void)a5; (void)a6;
	*handled = 1;
	switch (n) {
	case SYS_exit_group:
		iv_exit(a1);
	case SYS_getpid:
		return CVM_PID;
	case SYS_getppid:
		return 0;
	case SYS_getuid: case SYS_geteuid: case SYS_getgid: case SYS_getegid:
		return 0;
	case SYS_getpgid: case SYS_getsid:
		return CVM_PID;
	case SYS_uname:
		return fill_uname((struct utsname *)a1);
	case SYS_getrandom:
		return iv_getrandom((void *)a1, a2);
	case SYS_prlimit64:
		if (a3)
			return -EPERM;
		if (a4) {
			/* The same values as /proc/self/limits (the monitor's). */
			struct rlimit *r = (struct rlimit *)a4;
			struct iv_sysinfo si;
			r->rlim_cur = r->rlim_max = RLIM_INFINITY;
			if (a2 == RLIMIT_AS || a2 == RLIMIT_CPU || a2 == RLIMIT_NPROC)
				machine(&si);
			if (a2 == RLIMIT_STACK)
				r->rlim_cur = r->rlim_max = 8 << 20;
			if (a2 == RLIMIT_NOFILE)
				r->rlim_cur = r->rlim_max = 1024;
			if (a2 == RLIMIT_CORE)
				r->rlim_cur = r->rlim_max = 0;
			if (a2 == RLIMIT_AS && si.mem_total)
				r->rlim_cur = r->rlim_max = si.mem_total;
			if (a2 == RLIMIT_CPU && si.cpu_limit_ns)
				r->rlim_cur = r->rlim_max = (si.cpu_limit_ns + 999999999) / 1000000000;
			if (a2 == RLIMIT_NPROC && si.max_threads)
				r->rlim_cur = r->rlim_max = si.max_threads;
		}
		return 0;
	case SYS_getrusage:
		return usage(a1, (struct rusage *)a2);
	case SYS_getrlimit:
		return libos_proc(SYS_prlimit64, 0, a1, 0, a2, 0, 0, handled);
	case SYS_sysinfo: {
		struct sysinfo *si = (struct sysinfo *)a1;
		struct iv_sysinfo m;
		machine(&m);
		memset(si, 0, sizeof *si);
		si->uptime = m.uptime_ns / 1000000000;
		si->totalram = m.mem_total;
		si->freeram = m.mem_total > m.mem_used ? m.mem_total - m.mem_used : 0;
		si->procs = m.threads ? m.threads : 1;
		si->mem_unit = 1;
		return 0;
	}
	case SYS_sched_getaffinity: {
		/* The CPU allowance: what sysconf(_SC_NPROCESSORS_*) and
		 * get_nprocs count.  The kernel's answer is the mask size it
		 * wrote, a multiple of sizeof(long). */
		struct iv_sysinfo m;
		machine(&m);
		unsigned long need = (m.cpus + 63) / 64 * 8;
		if ((unsigned long)a2 < need || (a2 & 7))
			return -EINVAL;
		memset((void *)a3, 0, need);
		for (unsigned i = 0; i < m.cpus; i++)
			((unsigned char *)a3)[i / 8] |= 1 << (i % 8);
		return need;
	}
	case SYS_sched_setaffinity:
		return 0; /* accepted: the monitor does not pin threads */
	case SYS_sethostname:
		return -EPERM; /* the deployment names the host */
	case SYS_fork:
	case SYS_vfork:
		return no_processes("fork");
	case SYS_execve:
	case SYS_execveat:
		return no_processes("execve");
	case SYS_clone:
		return no_processes("clone without threads");
	default:
		(void)a4;
		*handled = 0;
		return 0;
	}
}
