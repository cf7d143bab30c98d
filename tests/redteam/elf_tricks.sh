#!/bin/bash
# ELF-level red-team cases: an image built normally, then its program
# headers patched (tests/redteam/elf_patch.py).  Each case: the verifier
# rejects it with the given reason, or (for loader cases) `intravisor run`
# refuses to load it / contains it, never a monitor crash.
# Environment from tests/groups/12-redteam.sh: OUT BIN SANBIN LD.
source "$(dirname "$0")/../lib.sh"
D=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT/elf"
cat >"$OUT/elf/base.s" <<'ASM'
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	.fill 32, 1, 0x90	# falls through into the next bundle
	syscall			# cut off by elf_patch.py tail
	int3
	.data
	.quad 1
ASM
clang -c "$OUT/elf/base.s" -o "$OUT/elf/base.o" && ld.lld $LD -o "$OUT/elf/base" "$OUT/elf/base.o" &&
    "$BIN/iv-mark" "$OUT/elf/base" ||
    { fail redteam-elf-build "cannot build the base image"; exit 0; }

VS=("$BIN/intravisor")
[ -x "$SANBIN/intravisor" ] && VS+=("$SANBIN/intravisor")

# verify_rejects NAME PATCH REASON
verify_rejects() {
    local name=$1 patch=$2 reason=$3 v tag out rc
    python3 "$D/elf_patch.py" "$OUT/elf/base" "$OUT/elf/$name" $patch ||
        { fail "redteam-elf-$name" "patch failed"; return; }
    for v in "${VS[@]}"; do
        tag=$([ "$v" = "$BIN/intravisor" ] && echo "" || echo "-san")
        out=$("$v" verify "$OUT/elf/$name" 2>&1); rc=$?
        if [ $rc -eq 1 ] && grep -qF -- "$reason" <<<"$out" && ! grep -q 'Sanitizer\|runtime error' <<<"$out"; then
            pass "redteam-elf-$name$tag"
        else
            fail "redteam-elf-$name$tag" "exit $rc: $out"
        fi
        out=$(timeout 20 "$v" run "$OUT/elf/$name" 2>&1); rc=$?
        if [ $rc -ne 0 ] && [ $rc -lt 128 ] && ! grep -q 'FATAL\|Sanitizer\|runtime error' <<<"$out"; then
            pass "redteam-elf-$name-run$tag"
        else
            fail "redteam-elf-$name-run$tag" "exit $rc: $out"
        fi
    done
}

# run_result NAME PATCH WANT_EXIT WANT_MSG: verify accepts; run gives WANT_EXIT and WANT_MSG
run_result() {
    local name=$1 patch=$2 want=$3 msg=$4 v tag out rc
    python3 "$D/elf_patch.py" "$OUT/elf/base" "$OUT/elf/$name" $patch ||
        { fail "redteam-elf-$name" "patch failed"; return; }
    for v in "${VS[@]}"; do
        tag=$([ "$v" = "$BIN/intravisor" ] && echo "" || echo "-san")
        out=$(timeout 20 "$v" run "$OUT/elf/$name" 2>&1); rc=$?
        if [ "$rc" = "$want" ] && grep -qF -- "$msg" <<<"$out" && ! grep -q 'FATAL\|Sanitizer\|runtime error' <<<"$out"; then
            pass "redteam-elf-$name-run$tag"
        else
            fail "redteam-elf-$name-run$tag" "exit $rc (want $want, '$msg'): $out"
        fi
    done
}

# The bytes past p_filesz of the code (a syscall here) are never run: the
# loader fills the rest of the page with int3.
run_result tail_junk "tail" 133 "SIGTRAP"
# The data segment moved into the code page, past the code bytes: not an
# overlap byte-wise, but mapping it would make data executable or code
# writable.  The verifier (since the red-team pass) and the loader refuse.
verify_rejects data_in_code_page "datapage" "shares a page with another PT_LOAD"
verify_rejects offset_past_eof "offset" "not inside the file"
verify_rejects vaddr_wrap "vaddr" "beyond the image span limit"
verify_rejects phnum_xnum "xnum" "no program headers"
verify_rejects overlap "overlap" "overlap"
verify_rejects code_memsz "memsz" "p_memsz != p_filesz"
verify_rejects code_unaligned "codeaddr" "does not start on a page boundary"
verify_rejects entry_data "entry" "entry point"
verify_rejects wx "wx" "both writable and executable"
