#!/bin/bash
# ivcc part 1: the assembly rewriter on snippets (expected output, and the
# assembled object passes the verifier), its errors, and the driver's flags.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
OUT=$ROOT/build/test/ivcc
rm -rf "$OUT"
mkdir -p "$OUT"
RW=$BIN/iv-rewrite
IVCC=$BIN/ivcc
VERIFY=$BIN/intravisor
[ -x "$RW" ] && [ -x "$IVCC" ] || { fail ivcc-build "build/bin/ivcc or iv-rewrite missing (make host-tools)"; exit 0; }

# verify_obj OBJ: the verifier accepts it (skipped if there is no verifier).
verify_obj() { [ ! -x "$VERIFY" ] || "$VERIFY" verify "$1" >/dev/null; }

# rw_ok NAME 'asm text' 'expected line' ...: rewrite, check every expected
# line appears (whitespace-normalised), assemble, verify.
rw_ok() {
    local name=$1 src=$2
    shift 2
    printf '%s\n' "$src" >"$OUT/$name.s"
    if ! "$RW" "$OUT/$name.s" -o "$OUT/$name.out.s" 2>"$OUT/$name.err"; then
        fail "rw-$name" "rewriter failed: $(head -3 "$OUT/$name.err")"
        return
    fi
    local norm
    norm=$(sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]\+/ /g' "$OUT/$name.out.s")
    for want in "$@"; do
        if ! grep -qxF -- "$want" <<<"$norm"; then
            fail "rw-$name" "missing '$want' in output"
            return
        fi
    done
    if ! clang -c -x assembler "$OUT/$name.out.s" -o "$OUT/$name.o" 2>"$OUT/$name.err"; then
        fail "rw-$name" "does not assemble: $(head -3 "$OUT/$name.err")"
        return
    fi
    if ! verify_obj "$OUT/$name.o"; then
        fail "rw-$name" "verifier rejects: $("$VERIFY" verify "$OUT/$name.o" 2>&1 | head -2)"
        return
    fi
    pass "rw-$name"
}

# rw_err NAME 'asm text' 'expected message': the rewriter fails with it.
rw_err() {
    local name=$1 src=$2 want=$3
    printf '%s\n' "$src" >"$OUT/$name.s"
    if "$RW" "$OUT/$name.s" -o "$OUT/$name.out.s" 2>"$OUT/$name.err"; then
        fail "rw-$name" "rewriter accepted it"
    elif ! grep -qF -- "$want" "$OUT/$name.err"; then
        fail "rw-$name" "expected '$want', got: $(head -2 "$OUT/$name.err")"
    elif [ -e "$OUT/$name.out.s" ]; then
        fail "rw-$name" "output left behind after an error"
    else
        pass "rw-$name"
    fi
}

F='.text
.globl f
.type f,@function
f:'

rw_ok first-line "$F
nop" '.bundle_align_mode 5'
rw_ok mem-base-index "$F
movq 8(%rdi,%rsi,8), %rax
movl %eax, -4(%rsp)
addl (%r8), %r9d
vmovdqu (%rax,%rcx), %ymm0" \
    'movq %gs:8(%edi,%esi,8), %rax' 'movl %eax, -4(%rsp)' 'addl %gs:(%r8d), %r9d' \
    'vmovdqu %gs:(%eax,%ecx,1), %ymm0'
# Stack slots within the guard window stay rsp-relative without prefixes
# (sfi.md §3 form 3); beyond it, with an index, or with a symbolic
# displacement they are sandboxed through %gs like any operand.
rw_ok stack-slots "$F
movq 32767(%rsp), %rax
movq %rax, -32768(%rsp)
movq (%rsp), %rcx
movq 32768(%rsp), %rdx
movq -32769(%rsp), %rsi
movq 8(%rsp,%rax,2), %rdi
movq x(%rsp), %r8
movq 16+8(%rsp), %r9" \
    'movq 32767(%rsp), %rax' 'movq %rax, -32768(%rsp)' 'movq (%rsp), %rcx' \
    'movq %gs:32768(%esp), %rdx' 'movq %gs:-32769(%esp), %rsi' 'movq %gs:8(%esp,%eax,2), %rdi' \
    'movq %gs:x(%esp), %r8' 'movq 16+8(%rsp), %r9'
# lea is left alone; a hand-written nop's operand is sandboxed like any
# other (its %cs dropped): only the assembler's padding bytes are exempt.
rw_ok mem-rip-and-lea "$F
movq x(%rip), %rax
leaq 16(%rdi,%rsi,4), %rax
nopw %cs:0(%rax,%rax,1)
nopl 8(%rdi)
.data
x: .quad 0" 'movq x(%rip), %rax' 'leaq 16(%rdi,%rsi,4), %rax' 'nopw %gs:0(%eax,%eax,1)' \
    'nopl %gs:8(%edi)'
rw_ok mem-absolute "$F
movl 0x10, %eax
movl %gs:0x20, %ecx" 'addr32 movl %gs:0x10, %eax' 'addr32 movl %gs:0x20, %ecx'
rw_ok mem-bare-symbol "$F
movl x, %eax
.data
x: .long 0" 'movl x(%rip), %eax'
# TLS: the thread pointer is read from the word the monitor keeps it in
# (docs/sfi.md section 7); every other %fs operand is refused.
rw_ok tls "$F
movq %fs:0, %rax
mov %fs:0x0, %r15
addq %fs:0, %rcx
movl x@tpoff(%rax), %edx
.section .tbss,\"awT\",@nobits
x: .zero 4" \
    'movq %fs:0x70, %rax' 'mov %fs:0x70, %r15' 'addq %fs:0x70, %rcx' 'movl %gs:x@tpoff(%eax), %edx'
TPERR='other than the thread pointer'
rw_err tls-base-index "$F
movl %fs:(%rax,%rcx,4), %edx" "$TPERR"
rw_err tls-disp "$F
movl %fs:8, %edx" "$TPERR"
rw_err tls-base "$F
movq %fs:0(%rcx), %rdx" "$TPERR"
rw_err tls-canary "$F
subq %fs:40, %rdx" "$TPERR"
rw_err tls-store "$F
movq %rax, %fs:0" "$TPERR"
rw_err tls-32bit "$F
movl %fs:0, %eax" "$TPERR"
rw_err tls-symbol "$F
movl %fs:x@tpoff, %eax" "$TPERR"
rw_ok rsp-sub "$F
subq \$40, %rsp
addq \$40, %rsp
andq \$-16, %rsp
movq %rbp, %rsp
leaq -8(%rbp), %rsp
movq 8(%rdi), %rsp
popq %rsp
ret" \
    'subl $40, %esp' 'addl $40, %esp' 'andl $-16, %esp' 'movl %ebp, %esp' 'leal -8(%rbp), %esp' \
    'movl %gs:8(%edi), %esp' 'movl %gs:(%esp), %esp' 'leaq (%rsp,%r14,1), %rsp'
rw_ok leave "$F
pushq %rbp
movq %rsp, %rbp
leave
ret" 'movl %ebp, %esp' 'popq %rbp' 'popq %r11' 'andl $-32, %r11d' 'addq %r14, %r11' 'jmp *%r11'
rw_ok rep-ret "$F
rep ret" 'popq %r11' 'jmp *%r11'
rw_ok indirect "$F
jmp *%rax
call *%rdx
notrack jmp *%rcx
call *8(%rdi)
jmp *fp(%rip)
.data
fp: .quad f" \
    'andl $-32, %eax' 'addq %r14, %rax' 'jmp *%rax' 'call *%rdx' 'jmp *%rcx' \
    'movq %gs:8(%edi), %r11' 'movq fp(%rip), %r11' 'call *%r11' 'jmp *%r11' '.bundle_lock align_to_end'
rw_ok direct-call "$F
call g
callq h@PLT
jmp f
je f
g: h: nop" '.bundle_lock align_to_end' 'call g' 'call h@PLT' 'jmp f' 'je f'
rw_ok runtime-call "$F
call *%gs:0x10008
addr32 call *%gs:65536" 'gs' 'addr32 call *0x10008' 'addr32 call *65536'
rw_ok label-align "$F
leaq .L2(%rip), %rax
jmp *%rax
nop
.L2:
nop
.L3:
jmp .L3
.section .rodata
.quad .L4
.text
.L4: nop" '.p2align 5'
# .L2 and .L4 are address-taken: aligned; .L3 is only a branch target: not.
if [ "$(grep -B1 -E '^\.L[234]:' "$OUT/label-align.out.s" | grep -c 'p2align 5')" = 2 ] &&
   ! grep -B1 '^\.L3:' "$OUT/label-align.out.s" | grep -q p2align; then
    pass rw-label-align-exact
else
    fail rw-label-align-exact "expected .p2align 5 before .L2 and .L4 only"
fi
rw_ok prefixes-and-statements "$F
lock; addq \$1, (%rdi)
lock cmpxchgq %rsi, 8(%rdi)  # comment ; with ; semicolons
movl \$1, %eax ; /* c comment */ movl \$2, %ecx
.section .rodata
.ascii \"a;b#c\" # not a statement" \
    'lock addq $1, %gs:(%edi)' 'lock cmpxchgq %rsi, %gs:8(%edi)' 'movl $1, %eax' 'movl $2, %ecx' \
    '.ascii "a;b#c"'
rw_ok sections "$F
.pushsection .text.cold,\"ax\",@progbits
g: movq (%rax), %rax
.popsection
.section .text.hot
movq (%rcx), %rcx
.cfi_startproc
.cfi_endproc" 'movq %gs:(%eax), %rax' 'movq %gs:(%ecx), %rcx' '.cfi_startproc'
rw_ok x87-and-avx512 "$F
fldt 8(%rsp)
faddp %st, %st(1)
vmovdqu64 (%rax), %zmm1 {%k1}
vaddps (%rdi){1to16}, %zmm0, %zmm2" \
    'fldt 8(%rsp)' 'faddp %st, %st(1)' 'vaddps %gs:(%edi){1to16}, %zmm0, %zmm2'
# Gathers and scatters (VSIB): a 32-bit base implies the address size; a
# vector index alone does not, so addr32 is written out (what gcc emits for
# a gather through a vector of pointers, e.g. at -O3 -march=native).
rw_ok vsib "$F
vpgatherdd %ymm2, (%rax,%ymm1,4), %ymm3
vpgatherqd 4(,%zmm2,1), %ymm4{%k2}
vpgatherqq %ymm1, (,%ymm0,1), %ymm2
vpscatterdd %zmm0, 8(%rdx,%zmm1,4){%k1}" \
    'vpgatherdd %ymm2, %gs:(%eax,%ymm1,4), %ymm3' 'addr32 vpgatherqd %gs:4(,%zmm2,1), %ymm4{%k2}' \
    'addr32 vpgatherqq %ymm1, %gs:(,%ymm0,1), %ymm2' 'vpscatterdd %zmm0, %gs:8(%edx,%zmm1,4){%k1}'
# ... and run: the same results as natively (tests/ivcc/gather.c).
if "$IVCC" -O2 tests/ivcc/gather.c -o "$OUT/gather" 2>"$OUT/gather.err" &&
    gcc -O2 tests/ivcc/gather.c -o "$OUT/gather.native" && "$OUT/gather.native" >"$OUT/gather.want" &&
    "$VERIFY" run "$OUT/gather" >"$OUT/gather.got" 2>>"$OUT/gather.err" && cmp -s "$OUT/gather.want" "$OUT/gather.got"; then
    pass vsib-run
    grep -q '^avx2 ' "$OUT/gather.got" || echo "SKIP vsib-run-avx2: this CPU has no AVX2 (the AVX2 gathers did not run)"
    grep -q '^avx512 ' "$OUT/gather.got" || echo "SKIP vsib-run-avx512: this CPU has no AVX-512 (its gathers did not run)"
else
    fail vsib-run "$(head -c 300 "$OUT/gather.err") want $(tr '\n' ' ' <"$OUT/gather.want" 2>/dev/null) got $(tr '\n' ' ' <"$OUT/gather.got" 2>/dev/null)"
fi
# Bit tests with a register offset on memory (gcc's atomic bit
# test-and-set): bounded by an andl in the same bundle, same results as
# natively (tests/ivcc/bitops.c); in inline asm, refused with the C line.
if "$IVCC" -O2 -S tests/ivcc/bitops.c -o "$OUT/bitops.s" 2>"$OUT/bitops.err" &&
    grep -A1 -E '^\s+andl \$(31|63), %e' "$OUT/bitops.s" | grep -qE '^\s+lock bts[lq] %' &&
    "$IVCC" -O2 tests/ivcc/bitops.c -o "$OUT/bitops" 2>>"$OUT/bitops.err" &&
    gcc -O2 tests/ivcc/bitops.c -o "$OUT/bitops.native" && "$OUT/bitops.native" >"$OUT/bitops.want" &&
    "$VERIFY" run "$OUT/bitops" >"$OUT/bitops.got" 2>>"$OUT/bitops.err" && cmp -s "$OUT/bitops.want" "$OUT/bitops.got"; then
    pass bitmem-bounded-run
else
    fail bitmem-bounded-run "$(head -c 300 "$OUT/bitops.err") want $(cat "$OUT/bitops.want" 2>/dev/null) got $(cat "$OUT/bitops.got" 2>/dev/null)"
fi
printf 'void f(unsigned long *p, long n)\n{\n    __asm__ volatile("btsq %%1, %%0" : "+m"(*p) : "r"(n));\n}\n' >"$OUT/btsasm.c"
if "$IVCC" -O2 -c "$OUT/btsasm.c" -o "$OUT/btsasm.o" 2>"$OUT/btsasm.err"; then
    fail bitmem-inline-asm-refused "a bit string in inline asm was accepted"
elif grep -q 'btsasm.c:3: .*bit test on memory with a register bit offset' "$OUT/btsasm.err"; then
    pass bitmem-inline-asm-refused
else
    fail bitmem-inline-asm-refused "message: $(head -2 "$OUT/btsasm.err")"
fi
# File-scope asm too (clang marks it with comments of its own, not #APP).
printf '__asm__(".text\\n.globl g\\ng: btsq %%rsi, (%%rdi)\\n");\nint h(int x) { return x + 1; }\n' >"$OUT/btsfile.c"
for be in gcc clang; do
    if "$IVCC" --backend=$be -O2 -c "$OUT/btsfile.c" -o "$OUT/btsfile-$be.o" 2>"$OUT/btsfile-$be.err"; then
        fail "bitmem-file-asm-refused-$be" "a bit string in file-scope asm was accepted"
    elif grep -q 'bit test on memory with a register bit offset' "$OUT/btsfile-$be.err"; then
        pass "bitmem-file-asm-refused-$be"
    else
        fail "bitmem-file-asm-refused-$be" "message: $(head -2 "$OUT/btsfile-$be.err")"
    fi
done
rw_err bitmem-hand-written "$F
btsq %rcx, (%rax)" 'bit test on memory with a register bit offset'

# Forbidden instructions: an error naming the file and line.
rw_err syscall "$F
syscall" 'syscall.s:5: instruction not allowed in a cVM: syscall (system call)'
rw_err int80 "$F
int \$0x80" 'instruction not allowed in a cVM: int $0x80'
rw_ok string-single "$F
movsb
stosq
lodsl
scasw
cmpsb
movsd %xmm1, %xmm0" \
    'movb %gs:(%esi), %al' 'movb %al, %gs:(%edi)' 'leaq 1(%rsi), %rsi' 'movq %rax, %gs:(%edi)' \
    'leaq 8(%rdi), %rdi' 'movl %gs:(%esi), %eax' 'cmpw %gs:(%edi), %ax' 'cmpb %gs:(%edi), %al' \
    'leal -128(%rsp), %esp' 'movsd %xmm1, %xmm0'
rw_err rep-movs "$F
rep movsb" 'string instruction'
rw_err rep-stos-split "$F
rep; stosq" 'string instruction'
rw_err r14-write "$F
movq %rax, %r14" 'writes r14'
rw_err r14-xchg "$F
xchgq %r14, %rax" 'writes r14'
rw_err seg-write "$F
movw %ax, %fs" 'segment register write'
rw_err wrfsbase "$F
wrfsbase %rax" 'segment base write'
rw_err popf "$F
popfq" 'popf'
rw_err ret-imm "$F
ret \$8" 'ret with an immediate'
rw_err ljmp "$F
ljmp *(%rax)" 'far transfer'
rw_err xsave "$F
xsave (%rdi)" 'xsave family'
rw_err enter "$F
enter \$16, \$0" 'enter'
rw_err hlt "$F
hlt" 'privileged'
rw_err intel "$F
.intel_syntax noprefix
mov rax, [rbx]" '.intel_syntax is not supported'
rw_err xchg-rsp "$F
xchgq %rax, %rsp" 'writes rsp'
rw_err movabs-moffs "$F
movabsq 0x1122334455, %rax" '64-bit absolute'
# .loc and gcc's inline-asm line markers name the C source line.
rw_err loc-names-c-line "$F
.file 1 \"prog.c\"
.loc 1 42 3
syscall" 'prog.c:42: instruction not allowed in a cVM: syscall'
rw_err app-marker "$F
#APP
# 17 \"lib.c\" 1
	nop
	sysenter
# 0 \"\" 2
#NO_APP" 'lib.c:18: instruction not allowed in a cVM: sysenter'

# clang back end: r14 allocated by the compiler is renamed; r15 is an
# ordinary register (docs/sfi.md section 7) and stays.
printf '%s\n' "$F" '.cfi_startproc' 'pushq %r14' '.cfi_offset %r14, -16' 'pushq %r15' 'movq %rdi, %r14' \
    'movl %esi, %r15d' 'addq %r15, %r14' 'movq %r14, %rax' 'popq %r15' 'popq %r14' 'retq' '.cfi_endproc' \
    '.Lfunc_end0:' '.size f, .Lfunc_end0-f' >"$OUT/rename.s"
if "$RW" --rename-r14 "$OUT/rename.s" -o "$OUT/rename.out.s" 2>"$OUT/rename.err" &&
   [ -z "$(grep -E '%r14' "$OUT/rename.out.s" | grep -v 'addq %r14, %r11')" ] &&
   grep -q 'pushq %r13' "$OUT/rename.out.s" && grep -q 'addq %r15, %r13' "$OUT/rename.out.s" &&
   grep -q '.cfi_offset %r13' "$OUT/rename.out.s" &&
   clang -c "$OUT/rename.out.s" -o "$OUT/rename.o" && verify_obj "$OUT/rename.o"; then
    pass rw-rename-r14
else
    fail rw-rename-r14 "r14 not renamed: $(grep -E '%r1[2345]' "$OUT/rename.out.s" 2>/dev/null | head -3 | tr '\n' ' ')"
fi
# ... and when every callee-saved register is in use, iv-rewrite says so (3).
printf '%s\n' "$F" 'pushq %r14' 'pushq %rbx' 'pushq %r12' 'pushq %r13' 'pushq %rbp' 'movq %rdi, %r14' \
    'popq %rbp' 'popq %r13' 'popq %r12' 'popq %rbx' 'popq %r14' 'retq' '.size f, .-f' >"$OUT/norename.s"
"$RW" --rename-r14 "$OUT/norename.s" -o "$OUT/norename.out.s" 2>/dev/null
[ $? = 3 ] && pass rw-rename-impossible || fail rw-rename-impossible "expected exit status 3"
# Inline asm that reads r14 (the region base) on purpose is left alone.
printf '%s\n' "$F" '#APP' 'movq %r14, %rax' '#NO_APP' 'retq' '.size f, .-f' >"$OUT/appr14.s"
"$RW" --rename-r14 "$OUT/appr14.s" -o "$OUT/appr14.out.s" && grep -q 'movq %r14, %rax' "$OUT/appr14.out.s" &&
    pass rw-rename-keeps-asm-r14 || fail rw-rename-keeps-asm-r14 "inline-asm read of r14 was changed"

# ---------------------------------------------------------------- driver
cat >"$OUT/d.c" <<'EOF'
#ifndef VALUE
#error VALUE not defined
#endif
#include "d.h"
int get(int i) { return i + VALUE + HVALUE; }
EOF
mkdir -p "$OUT/inc"
echo '#define HVALUE 5' >"$OUT/inc/d.h"
for be in gcc clang; do
    if "$IVCC" --backend=$be -O2 -DVALUE=3 -I"$OUT/inc" -c "$OUT/d.c" -o "$OUT/d-$be.o" &&
       verify_obj "$OUT/d-$be.o" && readelf -h "$OUT/d-$be.o" | grep -q REL; then
        pass "driver-c-$be"
    else
        fail "driver-c-$be" "ivcc -c failed"
    fi
    if IVCC_CC=$be "$IVCC" -S -DVALUE=1 -I"$OUT/inc" "$OUT/d.c" -o "$OUT/d-$be.s" &&
       head -1 "$OUT/d-$be.s" | grep -q bundle_align_mode && ! grep -qw ret "$OUT/d-$be.s"; then
        pass "driver-S-$be"
    else
        fail "driver-S-$be" "ivcc -S output is not sandboxed assembly"
    fi
done
"$IVCC" -E -DVALUE=7 -I"$OUT/inc" "$OUT/d.c" -o "$OUT/d.i" && grep -q 'i + 7 + 5' "$OUT/d.i" &&
    pass driver-E || fail driver-E "ivcc -E"
(cd "$OUT" && "$IVCC" -c -DVALUE=1 -Iinc d.c && [ -f d.o ]) && pass driver-default-output ||
    fail driver-default-output "ivcc -c d.c did not write d.o"
"$IVCC" -c -DVALUE=1 -I"$OUT/inc" -MMD -MP "$OUT/d.c" -o "$OUT/dep.o" && grep -q 'inc/d.h' "$OUT/dep.d" &&
    grep -q "^$OUT/dep.o:" "$OUT/dep.d" && pass driver-deps || fail driver-deps "-MMD did not write dep.d for dep.o"
"$IVCC" -c -x c -DVALUE=1 -I"$OUT/inc" - -o "$OUT/stdin.o" <"$OUT/d.c" && verify_obj "$OUT/stdin.o" &&
    pass driver-stdin || fail driver-stdin "ivcc -c -x c - (C from standard input)"
"$IVCC" -O2 -g -Wall -Wextra -fno-strict-aliasing -funroll-loops -march=x86-64-v2 -std=gnu11 -DVALUE=1 \
    -I"$OUT/inc" -c "$OUT/d.c" -o "$OUT/flags.o" && verify_obj "$OUT/flags.o" && pass driver-passthrough-flags ||
    fail driver-passthrough-flags "ordinary compiler flags broke the build"
# Flags whose argument is a separate word: the word is the flag's, not an
# input (gcc's `--param NAME=V`, the linker's `-z KEYWORD`).
printf 'int main(void) { return 0; }\n' >"$OUT/sep.c"
if "$IVCC" -v -O2 --param max-inline-insns-auto=20 -z now -zrelro "$OUT/sep.c" -o "$OUT/sep.img" 2>"$OUT/sep.err" && "$VERIFY" verify "$OUT/sep.img" >/dev/null &&
    grep -q -- '--param max-inline-insns-auto=20 ' "$OUT/sep.err" && grep -q -- '-z now -z relro' "$OUT/sep.err"; then
    pass driver-separate-arguments
else
    fail driver-separate-arguments "--param/-z with a separate word: $(grep -m2 -i error "$OUT/sep.err")"
fi
"$IVCC" --version | grep -qi -E 'gcc|clang' && pass driver-version || fail driver-version "--version"
# -shared makes a relocatable object (e_type 1) under the .so name; linking
# it is in 73-ecosystem.sh.
"$IVCC" -shared -fPIC -Wl,-soname,libx.so.1 -DVALUE=1 -I"$OUT/inc" "$OUT/d.c" -o "$OUT/x.so" &&
    [ "$(od -An -tx1 -j16 -N1 "$OUT/x.so" | tr -d ' ')" = 01 ] && verify_obj "$OUT/x.so" &&
    pass driver-shared-relocatable || fail driver-shared-relocatable "-shared should write a relocatable object"

# A forbidden instruction in inline asm: the error names the C file and line.
cat >"$OUT/bad.c" <<'EOF'
long f(long n)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n) : "rcx", "r11");
    return r;
}
EOF
for be in gcc clang; do
    if "$IVCC" --backend=$be -O2 -c "$OUT/bad.c" -o "$OUT/bad-$be.o" 2>"$OUT/bad-$be.err"; then
        fail "driver-inline-asm-error-$be" "syscall in inline asm was accepted"
    elif grep -q "bad.c:4: instruction not allowed in a cVM: syscall" "$OUT/bad-$be.err" && [ ! -e "$OUT/bad-$be.o" ]; then
        pass "driver-inline-asm-error-$be"
    else
        fail "driver-inline-asm-error-$be" "message: $(head -2 "$OUT/bad-$be.err")"
    fi
done

# .s and .S inputs are rewritten; -fsfi-sandboxed-asm passes them through.
printf '%s\n' '.text' '.globl g' '.type g,@function' 'g:' 'movq (%rdi), %rax' 'ret' >"$OUT/plain.s"
"$IVCC" -c "$OUT/plain.s" -o "$OUT/plain.o" && verify_obj "$OUT/plain.o" && pass driver-asm-rewritten ||
    fail driver-asm-rewritten "plain .s"
printf '%s\n' '#define LOAD(r) movq (%rdi), r' '.text' '.globl g' 'g:' 'LOAD(%rax)' 'ret' >"$OUT/pp.S"
"$IVCC" -c "$OUT/pp.S" -o "$OUT/pp.o" && verify_obj "$OUT/pp.o" && pass driver-S-preprocessed ||
    fail driver-S-preprocessed ".S input"
"$IVCC" -c -fsfi-sandboxed-asm -Iinclude tests/programs/hostcall.S -o "$OUT/hc.o" && verify_obj "$OUT/hc.o" &&
    pass driver-sandboxed-asm || fail driver-sandboxed-asm "sandboxed .S pass-through"
# Pass-through means no rewriting: an unsandboxed ret reaches the verifier.
if [ -x "$VERIFY" ]; then
    "$IVCC" -c -fsfi-sandboxed-asm "$OUT/plain.s" -o "$OUT/plain-pt.o" 2>"$OUT/pt.err"
    [ $? = 1 ] && [ ! -e "$OUT/plain-pt.o" ] && grep -q 'rejected by the verifier' "$OUT/pt.err" &&
        pass driver-verifier-rejects-object || fail driver-verifier-rejects-object "unsandboxed object was not rejected"
fi
# Fail closed without a verifier; IVCC_NO_VERIFY=1 is the explicit way out.
IVCC_VERIFIER=$OUT/no-such-verifier "$IVCC" -c -DVALUE=1 -I"$OUT/inc" "$OUT/d.c" -o "$OUT/nv.o" 2>"$OUT/nv.err"
[ $? = 1 ] && [ ! -e "$OUT/nv.o" ] && grep -q 'verifier .* not found' "$OUT/nv.err" &&
    pass driver-fails-closed || fail driver-fails-closed "output kept without a verifier"
IVCC_VERIFIER=$OUT/no-such-verifier IVCC_NO_VERIFY=1 "$IVCC" -c -DVALUE=1 -I"$OUT/inc" "$OUT/d.c" -o "$OUT/nv.o" \
    2>"$OUT/nv.err" && grep -q 'not verified' "$OUT/nv.err" && pass driver-no-verify-opt-out ||
    fail driver-no-verify-opt-out "IVCC_NO_VERIFY=1"
# An absolute-address operand needs a separate addr32 prefix statement; at
# every padding position the prefix must stay glued to its instruction
# (LLVM's bundler could otherwise pad between them).
a32_bad=""
for n in $(seq 0 40); do
    { echo "int f(void){"; for i in $(seq 1 $n); do echo '__asm__ volatile("nop");'; done
      echo "return *(volatile char *)-1; }"
      echo "void g(void){ for (int i = 0; i < $n; i++) __asm__ volatile(\"nop\"); *(volatile long *)16 = 0; }"
    } >"$OUT/a32.c"
    "$IVCC" -O2 -c "$OUT/a32.c" -o "$OUT/a32.o" 2>"$OUT/a32.err" || a32_bad="$a32_bad $n"
done
[ -z "$a32_bad" ] && pass addr32-prefix-every-padding || fail addr32-prefix-every-padding "rejected at nop counts:$a32_bad"
exit 0
