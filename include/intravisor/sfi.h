/* The sandbox contract as constants: shared by the verifier, the monitor and
 * the toolchain so that the three can never disagree.  See docs/sfi.md. */
#ifndef INTRAVISOR_SFI_H
#define INTRAVISOR_SFI_H

/* Code is verified and executed in bundles of 2^IV_BUNDLE_SHIFT bytes. */
#define IV_BUNDLE_SHIFT 5
#define IV_BUNDLE_SIZE (1u << IV_BUNDLE_SHIFT)
#define IV_BUNDLE_MASK_IMM (-(int)IV_BUNDLE_SIZE) /* and $-32, r32 */

/* A region is 4 GiB, 4 GiB aligned; GS base == r14 == region base. */
#define IV_REGION_SHIFT 32
#define IV_REGION_SIZE (1ull << IV_REGION_SHIFT)

/* Unmapped guards at both ends of every region.  The largest access beyond
 * a 32-bit effective address is 108 bytes (fnsave); the largest implicit
 * stack move is 8 bytes; an rsp-relative operand reaches at most
 * IV_STACK_DISP_MAX + 108 bytes above rsp (below). */
#define IV_GUARD_SIZE 0x10000ull

/* An explicit memory operand `disp(%rsp)` (no segment, no index, 64-bit
 * addressing) is allowed without %gs/addr32 when disp is in this range:
 * rsp is inside the region, and rsp + disp plus the widest access (108
 * bytes) stays within the 64 KiB guards around it (docs/sfi.md §3). */
#define IV_STACK_DISP_MIN (-0x8000ll)
#define IV_STACK_DISP_MAX 0x7fffll
#define IV_WIDEST_ACCESS 108
#ifndef __ASSEMBLER__
_Static_assert(IV_STACK_DISP_MAX + IV_WIDEST_ACCESS < (long long)IV_GUARD_SIZE &&
                   -IV_STACK_DISP_MIN <= (long long)IV_GUARD_SIZE,
               "rsp-relative operands must stay within the guards");
#endif

/* Read-only runtime-call table: IV_RTCALL_SLOTS 8-byte entries at a fixed
 * region offset.  The only memory-indirect branch the verifier accepts is
 * `addr32 call *%gs:DISP32` with DISP32 an 8-aligned offset inside it. */
#define IV_RTCALL_TABLE_OFFSET 0x10000u
#define IV_RTCALL_TABLE_SIZE 0x1000u
#define IV_RTCALL_SLOTS (IV_RTCALL_TABLE_SIZE / 8u)

/* Images are linked at address 0 and loaded at this region offset: 2 MiB
 * aligned, so that a copied image can be filled through one transparent
 * huge page (docs/monitor.md "Region layout"). */
#define IV_IMAGE_OFFSET 0x200000ull
/* Largest image span (lowest to highest PT_LOAD byte) the verifier accepts. */
#define IV_IMAGE_MAX_SPAN (1ull << 30)

#define IV_PAGE_SIZE 4096u

/* The cVM thread pointer lives in one word of the monitor thread's own TCB:
 * glibc's split-stack word (tcbhead_t.__private_ss, which gcc's
 * -fsplit-stack ABI fixes at %fs:0x70 on x86-64 and the monitor never
 * uses).  The monitor writes it on every entry into a cVM; cVM code may
 * only read it, with exactly `mov`/`add %fs:IV_TP_SLOT, r64`
 * (docs/sfi.md section 7). */
#define IV_TP_SLOT 0x70

/* Every cVM image carries this in e_ident's padding (bytes EI_PAD..):
 * binfmt_misc matches it (docs/ivcc.md "Running images like programs"),
 * and the verifier and loader refuse ET_DYN images without it, so a
 * native binary is never taken for a cVM.  ivcc writes it after linking. */
#define IV_IMAGE_MARK "ivcvm\x01"
#define IV_IMAGE_MARK_OFFSET 9u /* EI_PAD */
#define IV_IMAGE_MARK_LEN 6u

#endif
