/* Byte offsets into struct iv_thread and struct iv_cvm used by
 * transition.S.  cvm.h checks them with static asserts. */
#ifndef MONITOR_CTX_H
#define MONITOR_CTX_H
#define CTX_MON_RSP 0    /* monitor rsp saved by iv_enter (16-aligned) */
#define CTX_CVM_RSP 8    /* cVM rsp at the last hostcall */
#define CTX_BASE 16      /* region base (r14, GS base) */
#define CTX_CVM 24       /* struct iv_cvm * */
#define CTX_CVM_MXCSR 32 /* cVM MXCSR at the last hostcall */
#define CTX_CVM_FCW 36   /* cVM x87 control word at the last hostcall */
#define CTX_MON_MXCSR 40 /* monitor MXCSR */
#define CTX_MON_FCW 44   /* monitor x87 control word */
#define CTX_HC_COUNT 48  /* uint64_t[IV_HC_MAX]: hostcalls made, per slot */
/* struct iv_call_regs (capcall.h), read by iv_enter_call. */
#define CALLREGS_PC 0
#define CALLREGS_SP 8
#define CALLREGS_TP 16
#define CALLREGS_RAX 24
#define CALLREGS_ARG 32 /* uint64_t[6]: rdi, rsi, rdx, rcx, r8, r9 */
#define CVM_DYING 0      /* int: non-zero once the cVM is being ended */
#define CVM_POST_DUE 8   /* int: a signal post to write into its box (sigpost.c) */
#define CVM_FAST_RET 12  /* int: fast returns (loader.c): == 1, back to the cVM by ret */
#define CVM_FAST_LEFT 16 /* int: hostcalls until the next look at their rate */

/* Why iv_enter returned. */
#define IV_LEAVE_EXIT 1   /* exit hostcall: the whole cVM ends */
#define IV_LEAVE_THREAD 2 /* thread_exit hostcall */
#define IV_LEAVE_KILLED 3 /* the cVM is dying (another thread, timeout, signal) */
#define IV_LEAVE_FAULT 4  /* this thread faulted */
#define IV_LEAVE_RETURN 5 /* cap_return hostcall: the current CAP call is over */
#endif
