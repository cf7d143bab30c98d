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
    .section .note.GNU-stack,"",@progbits
