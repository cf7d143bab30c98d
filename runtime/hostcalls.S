/* Hostcall stubs (ABI v1, docs/hostcalls.md): SysV arguments pass through
 * untouched to the runtime call; the monitor returns to the bundle after
 * the call, which returns to our caller with the masked-return sequence. */
#include <intravisor/hostcall.h>
#include "sfi_asm.h"
    .bundle_align_mode 5
    .text

#define STUB(name, n) FUNC(name) HOSTCALL(n); RET; END(name)

STUB(iv_exit, IV_HC_EXIT)
STUB(iv_write, IV_HC_WRITE)
STUB(iv_read, IV_HC_READ)
STUB(iv_clock, IV_HC_CLOCK)
STUB(iv_nanosleep, IV_HC_NANOSLEEP)
STUB(iv_getrandom, IV_HC_GETRANDOM)
STUB(iv_thread_create, IV_HC_THREAD_CREATE)
STUB(iv_thread_exit, IV_HC_THREAD_EXIT)
STUB(iv_thread_join, IV_HC_THREAD_JOIN)
STUB(iv_thread_self, IV_HC_THREAD_SELF)
STUB(iv_futex_wait, IV_HC_FUTEX_WAIT)
STUB(iv_futex_wake, IV_HC_FUTEX_WAKE)
STUB(iv_mmap, IV_HC_MMAP)
STUB(iv_munmap, IV_HC_MUNMAP)
STUB(iv_mprotect, IV_HC_MPROTECT)
STUB(iv_getname, IV_HC_GETNAME)
STUB(iv_sysinfo, IV_HC_SYSINFO)
STUB(iv_openat, IV_HC_OPENAT)
STUB(iv_close, IV_HC_CLOSE)
STUB(iv_pread, IV_HC_PREAD)
STUB(iv_pwrite, IV_HC_PWRITE)
STUB(iv_lseek, IV_HC_LSEEK)
STUB(iv_fstatat, IV_HC_FSTATAT)
STUB(iv_getdents, IV_HC_GETDENTS)
STUB(iv_readlinkat, IV_HC_READLINKAT)
STUB(iv_mkdirat, IV_HC_MKDIRAT)
STUB(iv_unlinkat, IV_HC_UNLINKAT)
STUB(iv_renameat, IV_HC_RENAMEAT)
STUB(iv_ftruncate, IV_HC_FTRUNCATE)
STUB(iv_fsync, IV_HC_FSYNC)
STUB(iv_fcntl, IV_HC_FCNTL)
STUB(iv_dup, IV_HC_DUP)
STUB(iv_faccessat, IV_HC_FACCESSAT)
STUB(iv_utimensat, IV_HC_UTIMENSAT)
STUB(iv_pipe, IV_HC_PIPE)
STUB(iv_poll, IV_HC_POLL)
STUB(iv_isatty, IV_HC_ISATTY)
STUB(iv_chdir, IV_HC_CHDIR)
STUB(iv_getcwd, IV_HC_GETCWD)
STUB(iv_symlinkat, IV_HC_SYMLINKAT)
STUB(iv_linkat, IV_HC_LINKAT)
STUB(iv_fchmodat, IV_HC_FCHMODAT)
STUB(iv_cap_file_map, IV_HC_CAP_FILE_MAP)
STUB(iv_cap_file_unmap, IV_HC_CAP_FILE_UNMAP)
STUB(iv_cap_file_read, IV_HC_CAP_FILE_READ)
STUB(iv_cap_file_write, IV_HC_CAP_FILE_WRITE)
STUB(iv_cap_file_create, IV_HC_CAP_FILE_CREATE)
STUB(iv_cap_file_grant, IV_HC_CAP_FILE_GRANT)
STUB(iv_cap_file_revoke, IV_HC_CAP_FILE_REVOKE)
STUB(iv_stream_open, IV_HC_STREAM_OPEN)
STUB(iv_socket, IV_HC_SOCKET)
STUB(iv_socketpair, IV_HC_SOCKETPAIR)
STUB(iv_bind, IV_HC_BIND)
STUB(iv_listen, IV_HC_LISTEN)
STUB(iv_accept, IV_HC_ACCEPT)
STUB(iv_connect, IV_HC_CONNECT)
STUB(iv_sendmsg, IV_HC_SENDMSG)
STUB(iv_recvmsg, IV_HC_RECVMSG)
STUB(iv_shutdown, IV_HC_SHUTDOWN)
STUB(iv_sockname, IV_HC_SOCKNAME)
STUB(iv_setsockopt, IV_HC_SETSOCKOPT)
STUB(iv_getsockopt, IV_HC_GETSOCKOPT)
STUB(iv_epoll_create, IV_HC_EPOLL_CREATE)
STUB(iv_epoll_ctl, IV_HC_EPOLL_CTL)
STUB(iv_epoll_wait, IV_HC_EPOLL_WAIT)
STUB(iv_eventfd, IV_HC_EVENTFD)
STUB(iv_timerfd_create, IV_HC_TIMERFD_CREATE)
STUB(iv_timerfd_settime, IV_HC_TIMERFD_SETTIME)
STUB(iv_timerfd_gettime, IV_HC_TIMERFD_GETTIME)
STUB(iv_sendfile, IV_HC_SENDFILE)
STUB(iv_send, IV_HC_SEND)
STUB(iv_recv, IV_HC_RECV)
STUB(iv_sched_yield, IV_HC_SCHED_YIELD)
STUB(iv_sigbox, IV_HC_SIGBOX)
STUB(iv_set_tp, IV_HC_SET_TP)
STUB(iv_statfs, IV_HC_STATFS)
STUB(iv_madvise, IV_HC_MADVISE)
STUB(iv_hc_cap_call_setup, IV_HC_CAP_CALL_SETUP)
STUB(iv_hc_cap_export, IV_HC_CAP_EXPORT)
STUB(iv_cap_import, IV_HC_CAP_IMPORT)
STUB(iv_cap_serve, IV_HC_CAP_SERVE)
STUB(iv_hc_cap_return, IV_HC_CAP_RETURN)

/* long iv_cap_call(long handle, long a1, ..., long a6): the monitor wants
 * the handle in rax and the six arguments in rdi..r9 (a6 was on our stack,
 * above the return address). */
FUNC(iv_cap_call)
    movq %rdi, %rax
    movq %rsi, %rdi
    movq %rdx, %rsi
    movq %rcx, %rdx
    movq %r8, %rcx
    movq %r9, %r8
    movq %gs:8(%esp), %r9
    HOSTCALL(IV_HC_CAP_CALL)
    RET
END(iv_cap_call)

/* Where a CAP call enters the callee (registered with cap_call_setup): rax
 * = the exported function, rdi..r9 = its arguments, rsp = a call context's
 * stack top (16-aligned), and its thread pointer set (docs/sfi.md section 7).  The function's result
 * goes back to the caller through cap_return. */
FUNC(iv_cap_entry)
    .bundle_lock align_to_end
    andl $-32, %eax
    addq %r14, %rax
    call *%rax
    .bundle_unlock
    movq %rax, %rdi
    HOSTCALL(IV_HC_CAP_RETURN)
    ud2
END(iv_cap_entry)
    .section .note.GNU-stack,"",@progbits
