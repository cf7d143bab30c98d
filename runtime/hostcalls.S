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
    .section .note.GNU-stack,"",@progbits
