/* intravisor replacement for musl's arch/x86_64/syscall_arch.h.
 * A cVM cannot execute `syscall`; every system call musl makes becomes an
 * ordinary call into the in-cVM LibOS, which implements it inside the region
 * or forwards it through a hostcall.  Same return convention as the kernel:
 * a value in [-4095, -1] is -errno. */
#define __SYSCALL_LL_E(x) (x)
#define __SYSCALL_LL_O(x) (x)

__attribute__((__visibility__("hidden"))) long __libos_syscall(long n, long a1, long a2, long a3, long a4, long a5, long a6);

static __inline long __syscall0(long n)
{
	return __libos_syscall(n, 0, 0, 0, 0, 0, 0);
}

static __inline long __syscall1(long n, long a1)
{
	return __libos_syscall(n, a1, 0, 0, 0, 0, 0);
}

static __inline long __syscall2(long n, long a1, long a2)
{
	return __libos_syscall(n, a1, a2, 0, 0, 0, 0);
}

static __inline long __syscall3(long n, long a1, long a2, long a3)
{
	return __libos_syscall(n, a1, a2, a3, 0, 0, 0);
}

static __inline long __syscall4(long n, long a1, long a2, long a3, long a4)
{
	return __libos_syscall(n, a1, a2, a3, a4, 0, 0);
}

static __inline long __syscall5(long n, long a1, long a2, long a3, long a4, long a5)
{
	return __libos_syscall(n, a1, a2, a3, a4, a5, 0);
}

static __inline long __syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	return __libos_syscall(n, a1, a2, a3, a4, a5, a6);
}

/* No vDSO inside a cVM: clock_gettime goes through the LibOS. */

#define IPC_64 0
