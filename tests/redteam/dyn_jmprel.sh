#!/bin/bash
# PLT relocations (DT_JMPREL/DT_PLTRELSZ/DT_PLTREL), which ld.lld's static
# PIEs never carry, so nothing else tests them (found by `make coverage`):
# an image's RELATIVE relocations moved to DT_JMPREL are checked like
# DT_RELA ones (accepted; refused once one patches code), and a
# DT_PLTRELSZ without DT_JMPREL or a DT_PLTREL other than DT_RELA is
# refused.  Environment from tests/groups/12-redteam.sh: OUT BIN SANBIN LD.
source "$(dirname "$0")/../lib.sh"
D=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT/dyn"
cat >"$OUT/dyn/base.s" <<'ASM'
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	int3
	.data
ptr:	.quad _start	# an R_X86_64_RELATIVE relocation
ASM
# hand-linked, so marked as a cVM image as ivcc's links are (docs/ivcc.md)
clang -c "$OUT/dyn/base.s" -o "$OUT/dyn/base.o" && ld.lld $LD -o "$OUT/dyn/base" "$OUT/dyn/base.o" &&
    "$BIN/iv-mark" "$OUT/dyn/base" ||
    { fail redteam-dyn-build "cannot build the base image"; exit 0; }
VS=("$BIN/intravisor")
[ -x "$SANBIN/intravisor" ] && VS+=("$SANBIN/intravisor")
# case NAME PATCH WANT_EXIT REASON
case_() {
    local name=$1 patch=$2 want=$3 reason=$4 v tag out rc
    python3 "$D/dyn_patch.py" "$OUT/dyn/base" "$OUT/dyn/$name" "$patch" ||
        { fail "redteam-dyn-$name" "patch failed"; return; }
    for v in "${VS[@]}"; do
        tag=$([ "$v" = "$BIN/intravisor" ] && echo "" || echo "-san")
        out=$("$v" verify "$OUT/dyn/$name" 2>&1); rc=$?
        if [ $rc -eq "$want" ] && grep -qF -- "$reason" <<<"$out" && ! grep -q 'Sanitizer\|runtime error' <<<"$out"; then
            pass "redteam-dyn-$name$tag"
        else
            fail "redteam-dyn-$name$tag" "exit $rc (want $want, '$reason'): $out"
        fi
    done
}
case_ jmprel jmprel 0 ""
case_ jmprel-in-code jmprel_code 1 "relocation at 0x1000 does not patch a non-executable segment"
case_ pltrelsz-without-jmprel pltrelsz_alone 1 "DT_PLTRELSZ without DT_JMPREL"
case_ pltrel-not-rela pltrel_rel 1 "DT_PLTREL is not DT_RELA"
