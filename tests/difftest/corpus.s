# Seed corpus for the differential check: valid sandboxed code (docs/sfi.md)
# covering as many instruction shapes as possible.  Assembled with clang's
# integrated assembler in bundle mode; the build extracts the .text bytes.
# Everything here must be accepted by both the verifier and capcheck (the
# "baseline" test).  Only local labels are used, so the assembler resolves
# every branch and RIP-relative displacement itself (no relocations).
#
# The bytes are verified at CORPUS_VADDR (see difftest.c) with a span that
# reaches CORPUS_DATA bytes past the end of the code, for the rip-relative
# operands that point past .text.

        .text
        .bundle_align_mode 5

# A masked indirect jump / call through register R (R32 is its low half).
        .macro MJMP r32, r64
        .bundle_lock
        andl    $-32, \r32
        addq    %r14, \r64
        jmpq    *\r64
        .bundle_unlock
        .endm
        .macro MCALL r32, r64
        .bundle_lock align_to_end
        andl    $-32, \r32
        addq    %r14, \r64
        callq   *\r64
        .bundle_unlock
        .endm
# esp write + re-base pseudo-instruction.
        .macro ESPW insn:vararg
        .bundle_lock
        \insn
        leaq    (%rsp,%r14,1), %rsp
        .bundle_unlock
        .endm
# Runtime call through table slot N.
        .macro RTCALL slot
        .bundle_lock align_to_end
        addr32 callq *%gs:0x10000 + 8 * \slot
        .bundle_unlock
        .endm
# Direct call, ending at a bundle end.
        .macro DCALL target
        .bundle_lock align_to_end
        callq   \target
        .bundle_unlock
        .endm
# Function return: pop + masked jump.
        .macro RET
        popq    %r11
        MJMP    %r11d, %r11
        .endm

        .p2align 5
f_entry:
        pushq   %rbp
        movq    %rsp, %rbp
        pushq   %rbx
        pushq   %r12
        pushq   %r13
        pushq   %r15
        ESPW    subl $64, %esp
        ESPW    andl $-16, %esp
        movl    $1, %eax
        movq    $-1, %rcx
        movabsq $0x123456789abcdef0, %rdx
        xorl    %ebx, %ebx
        DCALL   f_gpr
        DCALL   f_sse
        DCALL   f_avx
        DCALL   f_avx512
        DCALL   f_misc
        DCALL   f_branches
        RTCALL  0
        RTCALL  1
        RTCALL  511
        ESPW    leal 64(%rbp), %esp
        ESPW    movl %ebp, %esp
        popq    %r15
        popq    %r13
        popq    %r12
        popq    %rbx
        popq    %rbp
        RET

# General-purpose loads and stores of every width through %gs + addr32.
        .p2align 5
f_gpr:
        movb    %gs:(%eax), %cl
        movw    %gs:2(%eax), %cx
        movl    %gs:4(%eax), %ecx
        movq    %gs:8(%eax), %rcx
        movb    %dl, %gs:(%ebx,%ecx,1)
        movw    %dx, %gs:(%ebx,%ecx,2)
        movl    %edx, %gs:-4(%ebx,%ecx,4)
        movq    %rdx, %gs:0x7ffffff0(%ebx,%ecx,8)
        movq    %gs:(%r15d), %rax
        movq    %gs:16(%r15d,%eax,1), %rax
        movq    %fs:0x70, %rax          # the thread pointer (sfi.md section 7)
        addq    %fs:0x70, %r11
        movq    %fs:0x70, %r15
        movl    %gs:(%r8d,%r9d,4), %r10d
        movq    %r11, %gs:(%r12d,%r13d,8)
        movl    %gs:(%esp), %eax
        movq    %gs:8(%esp,%ebx,2), %rax
        movl    %gs:(%ebp), %eax
        movq    %gs:0x10(,%eiz,1), %rax
        movq    %gs:(,%ecx,8), %rax
        movl    %gs:(%r14d), %eax
        movq    %gs:(%r14d,%eax,1), %rdx
        movb    $7, %gs:(%eax)
        movw    $0x1234, %gs:(%eax)
        movl    $0x12345678, %gs:(%eax)
        movq    $-5, %gs:(%eax)
        movzbl  %gs:(%eax), %ecx
        movzwl  %gs:(%eax), %ecx
        movsbq  %gs:(%eax), %rcx
        movswq  %gs:(%eax), %rcx
        movslq  %gs:(%eax), %rcx
        addl    %gs:(%eax), %ecx
        addq    %rcx, %gs:(%eax)
        subq    $1, %gs:8(%eax)
        andl    $0xff, %gs:(%ecx)
        orb     $1, %gs:(%ecx)
        xorq    %gs:(%edx), %rax
        cmpl    $5, %gs:(%eax)
        testq   %rax, %gs:(%eax)
        incl    %gs:(%eax)
        decq    %gs:(%eax,%ebx,4)
        negl    %gs:(%eax)
        notq    %gs:(%eax)
        imull   $7, %gs:(%eax), %ecx
        imulq   %gs:(%eax), %rcx
        mull    %gs:(%eax)
        idivq   %gs:(%ecx)
        shll    $3, %gs:4(%eax)
        sarq    %cl, %gs:(%eax)
        rolw    %gs:(%eax)
        btsq    $5, %gs:(%eax)
        setne   %gs:(%eax)
        cmovneq %gs:(%eax), %rcx
        cmovll  %gs:(%eax), %edx
        xchgq   %rcx, %gs:(%eax)
        lock xaddl %ecx, %gs:(%eax)
        lock cmpxchgq %rcx, %gs:(%eax)
        lock cmpxchg8b %gs:(%eax)
        lock cmpxchg16b %gs:(%eax)
        lock incq %gs:(%eax)
        lock orl $1, %gs:(%eax)
        movbel  %gs:(%eax), %ecx
        movbeq  %rcx, %gs:(%eax)
        crc32l  %gs:(%eax), %ecx
        crc32b  %gs:(%eax), %ecx
        popcntq %gs:(%eax), %rcx
        lzcntl  %gs:(%eax), %ecx
        tzcntq  %gs:(%eax), %rcx
        andnl   %gs:(%eax), %ecx, %edx
        bextrq  %rcx, %gs:(%eax), %rdx
        blsiq   %gs:(%eax), %rcx
        pdepq   %gs:(%eax), %rcx, %rdx
        pextl   %gs:(%eax), %ecx, %edx
        shlxq   %rcx, %gs:(%eax), %rdx
        rorxl   $3, %gs:(%eax), %ecx
        mulxq   %gs:(%eax), %rcx, %rdx
        adcxq   %gs:(%eax), %rcx
        adoxl   %gs:(%eax), %ecx
        pushq   %gs:(%eax)
        popq    %gs:8(%eax)
        pushq   %gs:(%r15d)
        prefetcht0 %gs:(%eax)
        prefetchnta %gs:64(%eax)
        prefetchw %gs:(%eax)
        clflush %gs:(%eax)
        clflushopt %gs:(%eax)
        # RIP-relative: inside .text and past it (but inside the span).
        movq    f_gpr(%rip), %rax
        movl    %ecx, f_misc(%rip)
        cmpl    $5, f_entry(%rip)
        addq    f_gpr+0x800(%rip), %rax
        incl    f_gpr+16(%rip)
        leaq    f_gpr(%rip), %rax
        leaq    0x12345678(%rip), %rax
        leaq    (%rax,%rbx,8), %rcx
        leal    -1(%rax,%rbx), %ecx
        leaq    (%r14,%rax), %rcx
        # Register-only instructions, reads of r14, writes of r15.
        movq    %r14, %rax
        cmpq    %r14, %rax
        addq    %r14, %rax
        movq    %rax, %r15
        xorl    %r15d, %r15d
        movl    %eax, %r13d
        bswapq  %rcx
        cqto
        cltq
        cwtl
        cltd
        divq    %rcx
        imulq   %rdx, %rcx
        shldq   $3, %rax, %rbx
        shrdl   %cl, %eax, %ebx
        bsfq    %rax, %rcx
        bsrl    %eax, %ecx
        setb    %al
        cmovaq  %rcx, %rax
        xchgq   %rax, %rbx
        xchgl   %eax, %ecx
        rdrandq %rax
        rdseedl %ecx
        movw    %ax, %cx
        addw    $3, %ax
        movb    %ah, %cl
        movzbl  %ah, %ecx
        pushq   $5
        pushq   $0x12345678
        pushq   %r14
        pushq   %rsp
        popq    %rax
        popq    %rax
        popq    %rax
        pushfq
        popq    %rax
        pushw   %ax
        popw    %ax
        clc
        stc
        cld
        cmc
        RET

# SSE .. SSE4.2, AES, PCLMUL, SHA; MMX; x87.
        .p2align 5
f_sse:
        movss   %gs:(%eax), %xmm0
        movsd   %gs:8(%eax), %xmm1
        movups  %gs:(%eax), %xmm2
        movaps  %xmm2, %gs:(%eax,%ecx,1)
        movdqu  %gs:(%eax), %xmm3
        movdqa  %xmm3, %gs:16(%eax)
        movntdq %xmm3, %gs:(%eax)
        movnti  %ecx, %gs:(%eax)
        movntps %xmm0, %gs:(%eax)
        movlps  %gs:(%eax), %xmm0
        movhpd  %xmm1, %gs:(%eax)
        addps   %gs:(%eax), %xmm0
        mulsd   %gs:(%eax), %xmm1
        divpd   %gs:(%edx), %xmm2
        sqrtss  %gs:(%eax), %xmm3
        cvtsi2sdl %gs:(%eax), %xmm0
        cvttsd2si %gs:(%eax), %rcx
        cvtss2sd %xmm0, %xmm1
        cvtdq2ps %xmm1, %xmm2
        ucomiss %gs:(%eax), %xmm0
        comisd  %xmm1, %xmm0
        pxor    %gs:(%eax), %xmm4
        paddd   %xmm4, %xmm5
        pshufb  %gs:(%eax), %xmm5
        pshufd  $0x1b, %gs:(%eax), %xmm6
        palignr $4, %xmm5, %xmm6
        pmulld  %gs:(%eax), %xmm7
        pminsd  %xmm7, %xmm6
        ptest   %gs:(%eax), %xmm6
        pblendvb %xmm0, %gs:(%eax), %xmm1
        roundps $1, %gs:(%eax), %xmm2
        dpps    $0xff, %xmm2, %xmm3
        pextrb  $1, %xmm0, %gs:(%eax)
        pextrq  $1, %xmm0, %rcx
        pinsrd  $2, %gs:(%eax), %xmm0
        pinsrq  $1, %rcx, %xmm0
        insertps $0x10, %gs:(%eax), %xmm1
        pcmpestri $0x0c, %gs:(%eax), %xmm0
        pcmpistrm $0x40, %xmm1, %xmm0
        pcmpgtq %gs:(%eax), %xmm2
        movq    %xmm0, %rax
        movd    %ecx, %xmm1
        movmskps %xmm1, %ecx
        pmovmskb %xmm1, %edx
        ldmxcsr %gs:(%eax)
        stmxcsr %gs:4(%eax)
        lfence
        mfence
        sfence
        pause
        aesenc  %gs:(%eax), %xmm0
        aesdeclast %xmm1, %xmm0
        aeskeygenassist $1, %xmm0, %xmm1
        pclmulqdq $0x11, %gs:(%eax), %xmm2
        sha1rnds4 $0, %gs:(%eax), %xmm0
        sha256rnds2 %xmm0, %xmm1, %xmm2
        sha1msg1 %xmm1, %xmm2
        movq    %gs:(%eax), %mm0
        paddb   %gs:8(%eax), %mm0
        pmaddwd %mm0, %mm1
        movq    %mm1, %gs:(%eax)
        movd    %mm1, %ecx
        emms
        flds    %gs:(%eax)
        fldl    %gs:8(%eax)
        fldt    %gs:16(%eax)
        fildq   %gs:(%eax)
        fadds   %gs:(%eax)
        fmul    %st(1), %st
        faddp   %st, %st(1)
        fxch    %st(1)
        fld1
        fldz
        fsqrt
        fchs
        fstps   %gs:(%eax)
        fstpl   %gs:(%eax)
        fistpll %gs:(%eax)
        fisttpl %gs:(%eax)
        fnstcw  %gs:(%eax)
        fldcw   %gs:(%eax)
        fnstsw  %ax
        fnstsw  %gs:(%eax)
        fcomip  %st(1), %st
        fucomi  %st(1), %st
        fstp    %st(0)
        fninit
        RET

# AVX, AVX2, FMA, F16C; gathers (VSIB through %gs + addr32).
        .p2align 5
f_avx:
        vmovups %gs:(%eax), %ymm0
        vmovaps %ymm0, %gs:32(%eax)
        vmovdqu %gs:(%eax,%ecx,4), %ymm1
        vmovdqa %xmm1, %gs:(%eax)
        vmovss  %gs:(%eax), %xmm2
        vmovsd  %xmm2, %gs:(%eax)
        vbroadcastss %gs:(%eax), %ymm3
        vbroadcastsd f_avx(%rip), %ymm3
        vpbroadcastd %gs:(%eax), %ymm4
        vaddps  %gs:(%eax), %ymm0, %ymm1
        vmulpd  %ymm1, %ymm2, %ymm3
        vxorps  %xmm0, %xmm0, %xmm0
        vpaddq  %gs:(%eax), %ymm4, %ymm5
        vpshufb %ymm5, %ymm6, %ymm7
        vpermq  $0x1b, %gs:(%eax), %ymm8
        vperm2i128 $0x21, %ymm8, %ymm9, %ymm10
        vinserti128 $1, %gs:(%eax), %ymm10, %ymm11
        vextracti128 $1, %ymm11, %gs:(%eax)
        vpmaskmovd %gs:(%eax), %ymm1, %ymm2
        vpmaskmovd %ymm2, %ymm1, %gs:(%eax)
        vmaskmovps %gs:(%eax), %ymm1, %ymm2
        vmaskmovpd %ymm2, %ymm1, %gs:(%eax)
        vblendvps %ymm0, %gs:(%eax), %ymm1, %ymm2
        vptest  %ymm1, %ymm2
        vpmovmskb %ymm1, %eax
        vmovd   %xmm1, %ecx
        vmovq   %rcx, %xmm1
        vpextrd $1, %xmm1, %gs:(%eax)
        vcvtsi2sd %gs:(%eax), %xmm1, %xmm1
        vcvttss2si %xmm1, %rcx
        vfmadd231ps %gs:(%eax), %ymm1, %ymm2
        vfmadd132sd %xmm1, %xmm2, %xmm3
        vfnmsub213pd %ymm1, %ymm2, %ymm3
        vcvtph2ps %gs:(%eax), %ymm1
        vcvtps2ph $0, %ymm1, %gs:(%eax)
        vpgatherdd %ymm2, %gs:(%eax,%ymm1,4), %ymm0
        vgatherqpd %ymm3, %gs:8(%ecx,%ymm4,8), %ymm5
        vpgatherqd %xmm6, %gs:(%edx,%ymm7,4), %xmm8
        vgatherdps %xmm9, %gs:(%r15d,%xmm10,2), %xmm11
        vaesenc %gs:(%eax), %xmm1, %xmm2
        vpclmulqdq $0, %xmm1, %xmm2, %xmm3
        vzeroupper
        vzeroall
        vldmxcsr %gs:(%eax)
        vstmxcsr %gs:(%eax)
        RET

# AVX-512 (F, BW, DQ, VL, CD): 64-byte accesses, masks, broadcasts,
# gathers and scatters.
        .p2align 5
f_avx512:
        vmovdqu64 %gs:(%eax), %zmm0
        vmovdqu64 %zmm0, %gs:64(%eax)
        vmovdqa32 %gs:(%eax,%ecx,8), %zmm1 {%k1}
        vmovups %zmm1, %gs:(%eax) {%k2}
        vmovdqu8 %gs:(%eax), %zmm2 {%k3} {z}
        vpaddd  %gs:(%eax){1to16}, %zmm1, %zmm2
        vaddpd  %gs:64(%eax), %zmm2, %zmm3 {%k1}
        vpcmpeqd %gs:(%eax), %zmm1, %k1
        vpcmpud $1, %zmm1, %zmm2, %k2 {%k1}
        kmovw   %k1, %eax
        kandw   %k1, %k2, %k3
        kortestw %k1, %k1
        vpbroadcastd %ecx, %zmm4
        vpbroadcastq %gs:(%eax), %zmm5
        vextracti64x4 $1, %zmm5, %gs:(%eax)
        vinserti32x8 $1, %gs:(%eax), %zmm5, %zmm6
        vpmovqd %zmm6, %gs:(%eax)
        vpconflictd %zmm1, %zmm2
        vplzcntq %gs:(%eax), %zmm3
        vcompressps %zmm1, %gs:(%eax) {%k1}
        vexpandpd %gs:(%eax), %zmm2 {%k1}
        vmovdqu32 %ymm1, %gs:(%eax) {%k1}
        vpaddw  %xmm1, %xmm2, %xmm3 {%k1}
        vpgatherdd %gs:(%eax,%zmm1,4), %zmm0 {%k1}
        vgatherqpd %gs:(%ecx,%zmm2,8), %zmm3 {%k2}
        vpscatterdd %zmm0, %gs:(%eax,%zmm1,4) {%k1}
        vscatterqps %ymm4, %gs:16(%eax,%zmm5,2) {%k3}
        vpscatterqq %zmm6, %gs:(%edx,%zmm7,8) {%k4}
        vpgatherdq %gs:(%eax,%ymm8,8), %zmm9 {%k5}
        vmovdqu64 %zmm16, %gs:(%eax)
        vmovaps %zmm31, %zmm30
        vcvtusi2sd %gs:(%eax), %xmm1, %xmm1
        vcvttss2usi %xmm1, %ecx
        RET

# Miscellany: esp writes of many kinds, int3/ud2/nop padding, r15 use.
        .p2align 5
f_misc:
        ESPW    subl $48, %esp
        ESPW    addl $48, %esp
        ESPW    andl $-64, %esp
        ESPW    movl %ebp, %esp
        ESPW    leal 8(%rbp), %esp
        ESPW    leal -8(%rsp), %esp
        ESPW    movl %gs:(%eax), %esp
        ESPW    movl $0x100000, %esp
        ESPW    xchgl %eax, %esp
        ESPW    orl $0, %esp
        ESPW    movl %esp, %esp
        ESPW    xorl %eax, %esp
        ESPW    subl %gs:(%eax), %esp
        pushq   %rax
        pushq   %rbx
        popq    %rbx
        popq    %rax
        nop
        nopl    (%rax)
        .byte   0x66, 0x0f, 0x1f, 0x44, 0, 0   # nopw 0(%rax,%rax,1), as assemblers pad
        .byte   0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0   # nopw %cs:0x0(%rax,%rax,1), as assemblers pad
        nopl    %gs:8(%eax)
        int3
        ud2
        movq    %gs:(%r15d), %r15
        leaq    8(%r15), %r15
        movl    %gs:-8(%r15d), %eax
        MCALL   %eax, %rax
        MCALL   %ecx, %rcx
        MCALL   %r11d, %r11
        MCALL   %r15d, %r15
        RET

# Control flow: direct jumps of both sizes, every jcc, loop/jrcxz, masked
# jumps through every allowed register, calls aligned to bundle ends.
        .p2align 5
f_branches:
        xorl    %ecx, %ecx
1:      testl   %ecx, %ecx
        je      2f
        jne     2f
        jb      1b
        jae     2f
        ja      2f
        jbe     1b
        jl      2f
        jge     2f
        jg      2f
        jle     1b
        js      2f
        jns     2f
        jo      2f
        jno     2f
        jp      2f
        jnp     2f
2:      jrcxz   3f
        loop    3f
        loope   3f
        loopne  3f
3:      jmp     4f
        .p2align 5
        .fill   40, 1, 0x90
4:      je      f_entry
        jne     f_sse
        jmp     1b
        jmp     f_gpr
        jmp     f_misc
        DCALL   f_gpr
        DCALL   f_branches
        MJMP    %eax, %rax
        MJMP    %ecx, %rcx
        MJMP    %edx, %rdx
        MJMP    %ebx, %rbx
        MJMP    %ebp, %rbp
        MJMP    %esi, %rsi
        MJMP    %edi, %rdi
        MJMP    %r8d, %r8
        MJMP    %r9d, %r9
        MJMP    %r10d, %r10
        MJMP    %r11d, %r11
        MJMP    %r12d, %r12
        MJMP    %r13d, %r13
        MJMP    %r15d, %r15
        MCALL   %edx, %rdx
        MCALL   %r9d, %r9
        MCALL   %r13d, %r13
        RTCALL  2
        RTCALL  100
        jmp     5f
        int3
5:      movl    $5, %eax
        jmp     6f
        ESPW    subl $16, %esp
6:      addl    $1, %eax
        jmp     f_branches
        .p2align 5
