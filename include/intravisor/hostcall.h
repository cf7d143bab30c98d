/* Hostcall ABI v1: slot numbers and flag values shared by the monitor, the
 * cVM runtime (assembly) and cVM C code.  Only #defines, so that assembly
 * files can include it.  The contract is docs/hostcalls.md.
 *
 * A cVM calls hostcall N with the runtime-call form
 *     addr32 call *%gs:IV_HC_SLOT(N)
 * (ending on a bundle end), SysV arguments in rdi, rsi, rdx, rcx, r8, and
 * gets a 64-bit result in rax; a negative result in [-4095, -1] is -errno
 * (Linux errno values).  Registers follow the SysV call convention. */
#ifndef INTRAVISOR_HOSTCALL_H
#define INTRAVISOR_HOSTCALL_H

#define IV_HC_TABLE_OFFSET 0x10000 /* == IV_RTCALL_TABLE_OFFSET */
#define IV_HC_SLOT(n) (IV_HC_TABLE_OFFSET + 8 * (n))
#define IV_HC_MAX 512 /* == IV_RTCALL_SLOTS */

#define IV_HC_EXIT 0          /* (int status) -> never returns; ends the cVM */
#define IV_HC_WRITE 1         /* (int fd, const void *buf, size_t len) -> bytes | -errno */
#define IV_HC_READ 2          /* (int fd, void *buf, size_t len) -> bytes | -errno */
#define IV_HC_CLOCK 3         /* (int clock) -> nanoseconds | -EINVAL */
#define IV_HC_NANOSLEEP 4     /* (int64 ns) -> 0 | -EINTR | -EINVAL */
#define IV_HC_GETRANDOM 5     /* (void *buf, size_t len) -> bytes | -errno */
#define IV_HC_THREAD_CREATE 6 /* (entry, arg, stack_top, tls, int *ctid) -> tid | -errno */
#define IV_HC_THREAD_EXIT 7   /* () -> never returns */
#define IV_HC_THREAD_JOIN 8   /* (int tid) -> 0 | -errno */
#define IV_HC_THREAD_SELF 9   /* () -> tid */
#define IV_HC_FUTEX_WAIT 10   /* (int *addr, int val, int64 timeout_ns, int flags) -> 0 | -errno */
#define IV_HC_FUTEX_WAKE 11   /* (int *addr, int count, int flags) -> woken | -errno */
#define IV_HC_MMAP 12         /* (void *addr, size_t len, int prot, int flags) -> addr | -errno */
#define IV_HC_MUNMAP 13       /* (void *addr, size_t len) -> 0 | -errno */
#define IV_HC_MPROTECT 14     /* (void *addr, size_t len, int prot) -> 0 | -errno */
#define IV_HC_GETNAME 15      /* (char *buf, size_t len) -> name length | -errno */
#define IV_HC_COUNT 16

/* IV_HC_CLOCK clocks (Linux numbering). */
#define IV_CLOCK_REALTIME 0
#define IV_CLOCK_MONOTONIC 1

/* IV_HC_MMAP / IV_HC_MPROTECT protections: never executable. */
#define IV_PROT_NONE 0
#define IV_PROT_READ 1
#define IV_PROT_WRITE 2
/* IV_HC_MMAP flags. */
#define IV_MAP_FIXED 0x10

/* IV_HC_FUTEX_* flags: private (default) keys the futex on the address in
 * this process; shared keys it on the page, for memory two cVMs share at
 * different addresses. */
#define IV_FUTEX_SHARED 1

#endif
