/* capcheck: the code rules of docs/sfi.md (sections 3-6) re-implemented on
 * Capstone 4 (detail mode), independently of the verifier (see capcheck.h).
 *
 * Two sources of truth are combined on purpose:
 *  - Capstone's decode (length, instruction id, operands, access, groups);
 *  - a small raw-byte parse (struct raw, modrm_layout()) for the facts where
 *    Capstone 4 is unreliable or where a second derivation is cheap
 *    insurance: the effective segment (Capstone lets a CS/DS/ES/SS prefix
 *    override GS; the CPU ignores those in 64-bit mode), the 0x66/0x67
 *    prefixes, opcodes denied outright (caught even when Capstone cannot
 *    decode them), the memory form and RIP target of the ModRM operand,
 *    direct branch targets, and a cross-check of Capstone's length.
 *  Capstone is also given the prefixes in canonical order (canon_prefixes()),
 *  because it ignores a mandatory prefix that is not last.
 *
 * Where capcheck departs from the letter of the contract:
 *  Stricter, as CC_REJECT (real escapes the contract text lets through):
 *  - an esp write by cmpxchg/bsf/bsr: the rule's premise is that a 32-bit
 *    write zero-extends into rsp, and these may not write at all (cmpxchg on
 *    failure, bsf/bsr of 0; verified on this host's AMD CPU), so the re-base
 *    adds B twice;
 *  - (none left of this kind: bt/bts/btr/btc of memory with a register bit
 *    offset, which reaches up to 2^60 bytes past the operand, is now in the
 *    contract's text, docs/sfi.md section 3, and checked as written there.)
 *  Softer (CC_UNSURE / CC_SUSPECT, reported but never a failure):
 *  - the ISA allow-list is not mirrored: named extensions and base
 *    instructions (Capstone 4 has no group for POPCNT, RDRAND, ...) are
 *    accepted; unnamed ones (3DNow!, XOP, FMA4, TBM, SSE4A, RTM, SGX) are
 *    unsure.  "Privileged" is Zydis' notion in the contract: the plainly
 *    CPL0-only instructions are rejected, the rest of Capstone's PRIVILEGE
 *    group (cli, rdpmc, ...) is unsure;
 *  - whatever Capstone 4 cannot decode, or decodes with a length that does
 *    not match the re-derived ModRM/SIB/displacement layout, and EVEX
 *    register forms with static rounding (it counts a spurious imm8), is
 *    unsure, and decoding stops there.  ud0/ud1, pushw imm16, the fences and
 *    the hint-NOP space 0f 0d / 0f 18..1f are decoded by capcheck itself
 *    (self_decode());
 *  - a GS override followed by a null-segment prefix, or with FS also
 *    present, is suspect (vendor-dependent decoding).
 *  More permissive, where the contract is ambiguous:
 *  - a size that is not a bundle multiple is padded with int3 to the bundle
 *    end (the loader's rule), and direct branches may target those int3s;
 *  - 26/2e/36/3e prefixes are allowed (on RIP-relative operands too), and
 *    equivalent encodings of the pseudo-instructions are accepted (and via
 *    81/25, add via 03, re-base with disp8 0, extra prefixes on the jmp). */
#include "capcheck.h"

#include <capstone/capstone.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intravisor/sfi.h"

static csh cs;
static bool cs_ready;

/* ---------------------------------------------------------------- raw parse */

enum { ENC_LEGACY, ENC_VEX, ENC_EVEX, ENC_XOP };
enum { MAP_1B, MAP_0F, MAP_0F38, MAP_0F3A, MAP_OTHER };

struct raw {
    uint8_t seg;         /* effective FS/GS override: 0x64, 0x65 or 0 */
    bool fs_and_gs;      /* both 0x64 and 0x65 present */
    bool null_after_gs;  /* 26/2e/36/3e after the last FS/GS prefix */
    bool p66, p67, pf2, pf3, lock;
    uint8_t rex;
    int enc, map;
    int op;              /* opcode byte within its map, -1 if truncated */
    size_t op_off;       /* offset of the first opcode byte (0x0f, VEX, ...) */
    int modrm;           /* the byte after the opcode, -1 if absent */
    bool evex_rc;        /* EVEX.b set (broadcast, or rounding/SAE with mod 3) */
    bool ds_es_ss_cs;    /* a 26/2e/36/3e override byte anywhere */
    uint8_t xb;          /* SIB extension bits: 1 = B (base), 2 = X (index),
                          * from REX, VEX3 or EVEX (stored inverted there) */
};

static void raw_parse(const uint8_t *p, size_t n, struct raw *r)
{
    memset(r, 0, sizeof(*r));
    r->op = r->modrm = -1;
    if (n > 15)
        n = 15;
    size_t i = 0;
    bool saw64 = false, saw65 = false;
    for (; i < n; i++) {
        uint8_t b = p[i];
        if (b >= 0x40 && b <= 0x4f) { r->rex = b; continue; }
        switch (b) {
        case 0x26: case 0x2e: case 0x36: case 0x3e:
            r->ds_es_ss_cs = true;
            if (r->seg)
                r->null_after_gs = true;
            break;
        case 0x64: case 0x65:
            r->seg = b;
            r->null_after_gs = false;
            if (b == 0x64) saw64 = true; else saw65 = true;
            break;
        case 0x66: r->p66 = true; break;
        case 0x67: r->p67 = true; break;
        case 0xf2: r->pf2 = true; break;
        case 0xf3: r->pf3 = true; break;
        case 0xf0: r->lock = true; break;
        default: goto opcode;
        }
        r->rex = 0;   /* a REX not directly before the opcode is ignored */
    }
opcode:
    r->fs_and_gs = saw64 && saw65;
    r->op_off = i;
    r->xb = r->rex & 3;
#define AT(k) ((i + (k)) < n ? (int)p[i + (k)] : -1)
    int b = AT(0);
    if (b < 0)
        return;
    if (b == 0x0f) {
        int b1 = AT(1);
        if (b1 == 0x38 || b1 == 0x3a) {
            r->map = b1 == 0x38 ? MAP_0F38 : MAP_0F3A;
            r->op = AT(2);
            r->modrm = AT(3);
        } else {
            r->map = MAP_0F;
            r->op = b1;
            r->modrm = AT(2);
        }
    } else if (b == 0xc5) {
        r->enc = ENC_VEX;
        r->map = MAP_0F;
        r->op = AT(2);
        r->modrm = AT(3);
    } else if (b == 0xc4) {
        int m = AT(1) < 0 ? -1 : (AT(1) & 0x1f);
        r->xb = AT(1) < 0 ? 3 : (uint8_t)(((~AT(1) >> 5) & 1) | ((~AT(1) >> 5) & 2));
        r->enc = ENC_VEX;
        r->map = m == 1 ? MAP_0F : m == 2 ? MAP_0F38 : m == 3 ? MAP_0F3A : MAP_OTHER;
        r->op = AT(3);
        r->modrm = AT(4);
    } else if (b == 0x62) {
        int m = AT(1) < 0 ? -1 : (AT(1) & 0x07);
        r->xb = AT(1) < 0 ? 3 : (uint8_t)(((~AT(1) >> 5) & 1) | ((~AT(1) >> 5) & 2));
        r->enc = ENC_EVEX;
        r->evex_rc = AT(3) >= 0 && (AT(3) & 0x10);
        r->map = m == 1 ? MAP_0F : m == 2 ? MAP_0F38 : m == 3 ? MAP_0F3A : MAP_OTHER;
        r->op = AT(4);
        r->modrm = AT(5);
    } else if (b == 0x8f && AT(1) >= 0 && (AT(1) & 0x1f) >= 8) {
        r->enc = ENC_XOP;
        r->map = MAP_OTHER;
        r->op = AT(3);
        r->modrm = AT(4);
    } else {
        r->map = MAP_1B;
        r->op = b;
        r->modrm = AT(1);
    }
#undef AT
}

/* Capstone 4 only honours a mandatory prefix (66/f2/f3 of SSE encodings)
 * placed right before the opcode or REX, and mis-decodes e.g.
 * `f3 64 49 0f 7e ee` (movq %xmm14,%xmm5) as `movd r14, mm5`.  The CPU, like
 * Zydis, takes the last f2/f3 (else 66) wherever it sits among the legacy
 * prefixes, whose order is otherwise free.  So capcheck hands Capstone the
 * same prefixes reordered: others, then 66, then f2/f3, then the REX that
 * precedes the opcode.  The length and every offset past the prefixes are
 * unchanged. */
static void canon_prefixes(const uint8_t *ip, size_t n, const struct raw *r, uint8_t *out)
{
    size_t end = r->op_off, k = 0;
    bool rex_last = r->rex && end > 0;      /* r->rex is the REX before the opcode */
    size_t lim = rex_last ? end - 1 : end;
    for (size_t i = 0; i < lim; i++)
        if (ip[i] != 0x66 && ip[i] != 0xf2 && ip[i] != 0xf3)
            out[k++] = ip[i];
    for (size_t i = 0; i < lim; i++)
        if (ip[i] == 0x66)
            out[k++] = ip[i];
    for (size_t i = 0; i < lim; i++)
        if (ip[i] == 0xf2 || ip[i] == 0xf3)
            out[k++] = ip[i];
    memcpy(out + k, ip + k, n - k);         /* REX, opcode and the rest */
}

/* Opcode-level rules: instructions the contract denies outright (or that are
 * plainly CPL0-only), judged from the bytes alone so that they are caught
 * even where Capstone's naming differs or Capstone cannot decode them. */
static int raw_rules(const struct raw *r, const char **why)
{
    int op = r->op, m = r->modrm;
    int mod = m < 0 ? -1 : m >> 6, reg = m < 0 ? -1 : (m >> 3) & 7;
#define DENY(s) do { *why = (s); return CC_REJECT; } while (0)
#define UNSURE(s) do { *why = (s); return CC_UNSURE; } while (0)
    if (op < 0)
        return CC_ACCEPT;
    if (r->enc == ENC_XOP)
        UNSURE("XOP instruction (extension outside the contract's list)");
    if (r->enc == ENC_VEX && r->map == MAP_0F && op == 0xf7)
        DENY("vmaskmovdqu (implicit memory operand)");
    if (r->enc == ENC_EVEX && r->evex_rc && mod == 3)
        UNSURE("EVEX static rounding / SAE form (Capstone 4 counts a spurious imm8)");
    if (r->enc != ENC_LEGACY)
        return CC_ACCEPT;
    /* Conflicting mandatory prefixes (section 6): never F2 with F3; 66 with
     * either only as the operand size of popcnt/tzcnt/lzcnt and crc32. */
    if (r->pf2 && r->pf3)
        DENY("F2 and F3 together (conflicting mandatory prefixes)");
    if (r->p66 && (r->pf2 || r->pf3) &&
        !(r->map == MAP_0F && (op == 0xb8 || op == 0xbc || op == 0xbd)) &&
        !(r->map == MAP_0F38 && op == 0xf1))
        DENY("66 with F2/F3 (conflicting mandatory prefixes)");
    /* The hint-nop space with F2/F3 (the rest is self_decode()'s): only
     * endbr64, f3 0f 1e fa with no other prefix. */
    if (r->map == MAP_0F && (op == 0x0d || (op >= 0x18 && op <= 0x1f)) && (r->pf2 || r->pf3) &&
        !(r->pf3 && r->op_off == 1 && op == 0x1e && m == 0xfa))
        DENY("hint-nop space with F2/F3 other than endbr64");
    if (r->map == MAP_1B) {
        switch (op) {
        case 0xa0: case 0xa1: case 0xa2: case 0xa3: DENY("moffs form of mov");
        case 0xa4: case 0xa5: case 0xa6: case 0xa7: case 0xaa: case 0xab:
        case 0xac: case 0xad: case 0xae: case 0xaf:
            DENY("string instruction (implicit memory operand)");
        case 0x6c: case 0x6d: case 0x6e: case 0x6f: DENY("ins/outs");
        case 0xd7: DENY("xlat (implicit memory operand)");
        case 0x90:   /* a nop unless REX.B makes it xchg with r8 */
            if (r->pf2 && !(r->rex & 1)) DENY("f2 90 (a nop in a mandatory-prefix slot)");
            break;
        case 0xc8: DENY("enter");
        case 0xc9: DENY("leave");
        case 0xc2: case 0xc3: DENY("ret");
        case 0xca: case 0xcb: DENY("far ret");
        case 0xcf: DENY("iret");
        case 0xcd: DENY("int n");
        case 0xf1: DENY("int1");
        case 0xce: DENY("into");
        case 0x9d: DENY("popf");
        case 0xf4: DENY("hlt");
        case 0xe4: case 0xe5: case 0xe6: case 0xe7:
        case 0xec: case 0xed: case 0xee: case 0xef: DENY("in/out");
        case 0x8e: DENY("write of a segment register");
        case 0x9a: case 0xea: DENY("far call/jmp");
        case 0xff: if (reg == 3 || reg == 5) DENY("far call/jmp"); break;
        case 0xc7: if (m == 0xf8) DENY("xbegin"); break;
        }
        return CC_ACCEPT;
    }
    if (r->map == MAP_0F) {
        if (op == 0x7e && r->pf3 && (r->rex & 8))
            UNSURE("f3 REX.W 0f 7e (Capstone 4 decodes movq xmm as movq r64, mm)");
        switch (op) {
        case 0x05: DENY("syscall");
        case 0x07: DENY("sysret");
        case 0x34: DENY("sysenter");
        case 0x35: DENY("sysexit");
        case 0x00: DENY("system-table instruction (sldt/str/lldt/ltr/verr/verw)");
        case 0x02: DENY("lar");
        case 0x03: DENY("lsl");
        case 0x06: DENY("clts (privileged)");
        case 0x08: case 0x09: DENY("invd/wbinvd (privileged)");
        case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x26:
            DENY("mov to/from control/debug register (privileged)");
        case 0x30: case 0x32: DENY("rdmsr/wrmsr (privileged)");
        case 0xaa: DENY("rsm");
        case 0xa1: case 0xa9: DENY("pop %fs/%gs (segment register write)");
        case 0xb2: case 0xb4: case 0xb5: DENY("lss/lfs/lgs (segment register write)");
        case 0xf7: DENY("maskmovq/maskmovdqu (implicit memory operand)");
        case 0x78: case 0x79:
            if (!r->p66 && !r->pf2 && !r->pf3) DENY("vmread/vmwrite (privileged)");
            break;
        case 0x01:
            if (m < 0)
                break;
            if (mod != 3) {
                if (reg != 5) DENY("system-table instruction (sgdt/sidt/lgdt/lidt/smsw/lmsw/invlpg)");
                break;
            }
            switch (m) {
            case 0xc8: DENY("monitor (implicit memory operand)");
            case 0xfa: DENY("monitorx (implicit memory operand)");
            case 0xfc: DENY("clzero (implicit memory operand)");
            case 0xee: DENY("rdpkru");
            case 0xef: DENY("wrpkru");
            case 0xf8: DENY("swapgs");
            case 0xca: case 0xcb: DENY("clac/stac (privileged)");
            case 0xcf: DENY("encls (privileged)");
            case 0xd1: DENY("xsetbv (privileged)");
            case 0xc0: case 0xc1: case 0xc2: case 0xc3: case 0xc4:
                DENY("VMX instruction (privileged)");
            case 0xc9: case 0xfb: UNSURE("mwait/mwaitx");
            }
            if (m >= 0xd8 && m <= 0xdf) DENY("SVM instruction (privileged)");
            if (m >= 0xe0 && m <= 0xe7) DENY("smsw");
            if (m >= 0xf0 && m <= 0xf7) DENY("lmsw (privileged)");
            break;
        case 0xae:
            if (m < 0)
                break;
            if (mod != 3 && !r->pf2 && !r->pf3) {
                if (reg == 0 || reg == 1) DENY("fxsave/fxrstor");
                if (reg == 4 || reg == 5) DENY("xsave/xrstor");
                if (reg == 6 && !r->p66) DENY("xsaveopt");
            }
            if (mod == 3 && r->pf3 && !r->pf2) {
                if (reg <= 3) DENY("rd/wr fs/gs base");
                if (reg == 6) DENY("umonitor (implicit memory operand)");
            }
            break;
        case 0xc7:
            if (mod >= 0 && mod != 3) {
                if (reg >= 3 && reg <= 5) DENY("xrstors/xsavec/xsaves");
                if (reg >= 6) DENY("VMX instruction (privileged)");
            }
            break;
        }
        return CC_ACCEPT;
    }
    if (r->map == MAP_0F38) {
        if (op == 0xf8) DENY("movdir64b/enqcmd (memory operand through ES:reg)");
        if ((op == 0x80 || op == 0x81 || op == 0x82) && r->p66)
            DENY("invept/invvpid/invpcid (privileged)");
    }
    return CC_ACCEPT;
#undef DENY
#undef UNSURE
}

/* The ModRM / SIB / displacement bytes starting at ip[mo], from the raw
 * bytes (64-bit mode: no 16-bit addressing).  False if truncated. */
struct modrm_info {
    size_t end;          /* offset just past the displacement */
    uint8_t reg;         /* ModRM.reg */
    bool mem, rip;       /* memory form; RIP-relative (mod 00, r/m 101) */
    bool sib_sp;         /* SIB with base 100 and index 100 (before REX/VEX bits) */
    int32_t disp;
};

static bool modrm_layout(const uint8_t *ip, size_t avail, size_t mo, struct modrm_info *mi)
{
    if (mo >= avail)
        return false;
    uint8_t m = ip[mo], mod = m >> 6, rm = m & 7;
    bool sib = mod != 3 && rm == 4;
    if (sib && mo + 1 >= avail)
        return false;
    uint8_t sb = sib ? ip[mo + 1] : 0;
    size_t dsz = mod == 1 ? 1 : mod == 2 ? 4
               : (mod == 0 && (rm == 5 || (sib && (sb & 7) == 5))) ? 4 : 0;
    size_t d = mo + 1 + sib;
    if (d + dsz > avail)
        return false;
    mi->end = d + dsz;
    mi->reg = (m >> 3) & 7;
    mi->mem = mod != 3;
    mi->rip = mod == 0 && rm == 5;
    mi->sib_sp = sib && (sb & 7) == 4 && ((sb >> 3) & 7) == 4;
    mi->disp = dsz == 1 ? (int8_t)ip[d]
             : dsz == 4 ? (int32_t)((uint32_t)ip[d] | (uint32_t)ip[d + 1] << 8 |
                                    (uint32_t)ip[d + 2] << 16 | (uint32_t)ip[d + 3] << 24)
             : 0;
    return true;
}

/* Section 3 form 3, from the raw bytes: disp(%rsp) with no index, no
 * segment byte, 64-bit addressing and -32768 <= disp <= 32767.  (A VSIB
 * index 100 is xmm4, not "none": Capstone's operand check catches it.) */
static bool raw_stack_slot(const struct raw *r, const struct modrm_info *mi)
{
    return mi->mem && mi->sib_sp && !(r->xb & 3) && !r->seg && !r->ds_es_ss_cs && !r->p67 &&
           mi->disp >= -32768 && mi->disp <= 32767;
}

/* Section 7, from the raw bytes: the thread-pointer load, `mov` or `add`
 * %fs:0x70 into a 64-bit register.  FS is the only prefix (no 66, 67, F2,
 * F3, lock or other segment byte), then a REX with W and neither X nor B,
 * legacy opcode 8b or 03, ModRM mod 00 r/m 100, SIB "no index, no base"
 * (25) and the 32-bit displacement 0x70: nine bytes in all. */
static bool raw_tp_load(const struct raw *r, const uint8_t *ip, size_t len)
{
    return len == 9 && r->seg == 0x64 && !r->fs_and_gs && !r->ds_es_ss_cs && !r->p66 &&
           !r->p67 && !r->pf2 && !r->pf3 && !r->lock && r->enc == ENC_LEGACY &&
           r->map == MAP_1B && (r->op == 0x8b || r->op == 0x03) && r->op_off == 2 &&
           (r->rex & 0xfb) == 0x48 && (ip[3] & 0xc7) == 0x04 && ip[4] == 0x25 &&
           ip[5] == 0x70 && !ip[6] && !ip[7] && !ip[8];
}

/* Instructions capcheck decodes itself instead of asking Capstone 4, which
 * lacks the register forms of the hint-NOP space (0f 0d, 0f 18..1f) and of
 * the fences with a non-zero r/m, decodes ud0/ud1 without their ModRM byte
 * and `66 68 iw` (pushw) as push imm32.  All have a simple layout, no
 * register or memory effects the contract cares about except the memory
 * operand of prefetches and ud0/ud1 (checked), and pushw's implicit stack
 * move (allowed).  (ud0 takes no ModRM on AMD, but it traps either way and
 * nothing can branch into its ModRM bytes unnoticed: those are neither
 * instruction nor bundle starts.)  Returns false if not one of them;
 * otherwise *len is the length (0 if truncated) and *mi the ModRM layout
 * when *memrule says the memory rule applies. */
/* The assembler's padding nops (section 6), exempt from the memory rule:
 * 66s, at most one 2e, no REX, then 0f 1f with the operand 0(%rax) or
 * 0(%rax,%rax,1) and no, 8- or 32-bit zero displacement. */
static bool padding_nop(const uint8_t *ip, const struct raw *r, const struct modrm_info *mi)
{
    size_t k = 0;
    while (k < r->op_off && ip[k] == 0x66)
        k++;
    if (k < r->op_off && ip[k] == 0x2e)
        k++;
    if (k != r->op_off || r->map != MAP_0F || r->op != 0x1f)
        return false;
    uint8_t m = ip[k + 2];
    if (m != 0x00 && m != 0x40 && m != 0x44 && m != 0x80 && m != 0x84)
        return false;
    return ((m & 7) != 4 || ip[k + 3] == 0x00) && mi->disp == 0;
}

static bool self_decode(const uint8_t *ip, size_t avail, const struct raw *r, size_t *len,
                        bool *memrule, struct modrm_info *mi, const char **deny)
{
    *len = 0;
    *memrule = false;
    *deny = NULL;
    if (r->enc != ENC_LEGACY || r->op < 0)
        return false;
    if (r->map == MAP_1B && r->op == 0x68 && r->p66 && !(r->rex & 8)) {
        if (r->op_off + 3 <= avail)
            *len = r->op_off + 3;
        return true;
    }
    if (r->map != MAP_0F)
        return false;
    bool ud = r->op == 0xb9 || r->op == 0xff;
    /* with f2/f3 this space holds endbr64, rdssp, bndcl, ...: Capstone's */
    bool hint = !r->pf2 && !r->pf3 && (r->op == 0x0d || (r->op >= 0x18 && r->op <= 0x1f));
    bool fence = r->op == 0xae && !r->pf2 && !r->pf3 && !r->p66 && r->modrm >= 0xe8;
    if (!ud && !hint && !fence)
        return false;
    if (!modrm_layout(ip, avail, r->op_off + 2, mi) || mi->end > 15)
        return true;
    *len = mi->end;
    /* Of the hint-nop space only prefetchw (0f 0d /1), prefetchnta..t2
     * (0f 18 /0-/3), both on memory without 66, and nop (0f 1f /0) stay
     * (section 6); their memory operands are accesses, except the padding. */
    if (hint && !(r->op == 0x0d && mi->mem && mi->reg == 1 && !r->p66) &&
        !(r->op == 0x18 && mi->mem && mi->reg < 4 && !r->p66) && !(r->op == 0x1f && mi->reg == 0))
        *deny = "hint-nop space other than prefetch/prefetchw/nop";
    *memrule = mi->mem && (ud || hint) && !padding_nop(ip, r, mi);
    return true;
}

/* ---------------------------------------------------------------- registers */

static bool is_r14(x86_reg g)
{
    return g == X86_REG_R14 || g == X86_REG_R14D || g == X86_REG_R14W || g == X86_REG_R14B;
}

static bool is_rsp_family(x86_reg g)
{
    return g == X86_REG_RSP || g == X86_REG_ESP || g == X86_REG_SP || g == X86_REG_SPL;
}

static bool is_gpr64(x86_reg g)
{
    switch (g) {
    case X86_REG_RAX: case X86_REG_RCX: case X86_REG_RDX: case X86_REG_RBX:
    case X86_REG_RSP: case X86_REG_RBP: case X86_REG_RSI: case X86_REG_RDI:
    case X86_REG_R8: case X86_REG_R9: case X86_REG_R10: case X86_REG_R11:
    case X86_REG_R12: case X86_REG_R13: case X86_REG_R14: case X86_REG_R15:
        return true;
    default:
        return false;
    }
}

/* 16-bit GPR -> its 64-bit register, X86_REG_INVALID otherwise. */
static x86_reg gpr16_to_64(x86_reg g)
{
    static const x86_reg from[] = {X86_REG_AX, X86_REG_CX, X86_REG_DX, X86_REG_BX, X86_REG_SP, X86_REG_BP,
                                   X86_REG_SI, X86_REG_DI, X86_REG_R8W, X86_REG_R9W, X86_REG_R10W,
                                   X86_REG_R11W, X86_REG_R12W, X86_REG_R13W, X86_REG_R14W, X86_REG_R15W};
    static const x86_reg to[] = {X86_REG_RAX, X86_REG_RCX, X86_REG_RDX, X86_REG_RBX, X86_REG_RSP, X86_REG_RBP,
                                 X86_REG_RSI, X86_REG_RDI, X86_REG_R8, X86_REG_R9, X86_REG_R10,
                                 X86_REG_R11, X86_REG_R12, X86_REG_R13, X86_REG_R14, X86_REG_R15};
    for (size_t i = 0; i < sizeof from / sizeof from[0]; i++)
        if (from[i] == g)
            return to[i];
    return X86_REG_INVALID;
}

/* 32-bit GPR -> its 64-bit register, X86_REG_INVALID otherwise. */
static x86_reg gpr32_to_64(x86_reg g)
{
    switch (g) {
    case X86_REG_EAX: return X86_REG_RAX;
    case X86_REG_ECX: return X86_REG_RCX;
    case X86_REG_EDX: return X86_REG_RDX;
    case X86_REG_EBX: return X86_REG_RBX;
    case X86_REG_ESP: return X86_REG_RSP;
    case X86_REG_EBP: return X86_REG_RBP;
    case X86_REG_ESI: return X86_REG_RSI;
    case X86_REG_EDI: return X86_REG_RDI;
    case X86_REG_R8D: return X86_REG_R8;
    case X86_REG_R9D: return X86_REG_R9;
    case X86_REG_R10D: return X86_REG_R10;
    case X86_REG_R11D: return X86_REG_R11;
    case X86_REG_R12D: return X86_REG_R12;
    case X86_REG_R13D: return X86_REG_R13;
    case X86_REG_R14D: return X86_REG_R14;
    case X86_REG_R15D: return X86_REG_R15;
    default: return X86_REG_INVALID;
    }
}

/* A 16-, 32- or 64-bit GPR -> its 64-bit register, X86_REG_INVALID otherwise. */
static x86_reg gpr_to_64(x86_reg g)
{
    if (is_gpr64(g))
        return g;
    x86_reg r = gpr32_to_64(g);
    return r != X86_REG_INVALID ? r : gpr16_to_64(g);
}

static bool has_group(const cs_detail *d, uint8_t g)
{
    for (int i = 0; i < d->groups_count; i++)
        if (d->groups[i] == g)
            return true;
    return false;
}

/* Instruction ids the contract denies outright (section 6), plus the
 * implicit-memory ones of section 3.  The raw rules catch most of these by
 * opcode as well; both are kept so that neither derivation is trusted
 * alone.  MOVSD/CMPSD are left to the raw rules: Capstone uses the same id
 * for the SSE2 instructions. */
static bool denied_id(unsigned id)
{
    switch (id) {
    case X86_INS_SYSCALL: case X86_INS_SYSENTER: case X86_INS_SYSEXIT: case X86_INS_SYSRET:
    case X86_INS_INT: case X86_INS_INT1: case X86_INS_INTO:
    case X86_INS_IRET: case X86_INS_IRETD: case X86_INS_IRETQ:
    case X86_INS_LFS: case X86_INS_LGS: case X86_INS_LSS: case X86_INS_SWAPGS:
    case X86_INS_WRFSBASE: case X86_INS_WRGSBASE: case X86_INS_RDFSBASE: case X86_INS_RDGSBASE:
    case X86_INS_XSAVE: case X86_INS_XSAVE64: case X86_INS_XRSTOR: case X86_INS_XRSTOR64:
    case X86_INS_FXSAVE: case X86_INS_FXSAVE64: case X86_INS_FXRSTOR: case X86_INS_FXRSTOR64:
    case X86_INS_XSAVEOPT: case X86_INS_XSAVEOPT64: case X86_INS_XSAVEC: case X86_INS_XSAVEC64:
    case X86_INS_XSAVES: case X86_INS_XSAVES64: case X86_INS_XRSTORS: case X86_INS_XRSTORS64:
    case X86_INS_ENTER: case X86_INS_LEAVE:
    case X86_INS_POPF: case X86_INS_POPFD: case X86_INS_POPFQ:
    case X86_INS_RET: case X86_INS_RETF: case X86_INS_RETFQ:
    case X86_INS_HLT: case X86_INS_IN: case X86_INS_OUT:
    case X86_INS_INSB: case X86_INS_INSW: case X86_INS_INSD:
    case X86_INS_OUTSB: case X86_INS_OUTSW: case X86_INS_OUTSD:
    case X86_INS_SGDT: case X86_INS_SIDT: case X86_INS_SLDT: case X86_INS_STR: case X86_INS_SMSW:
    case X86_INS_LAR: case X86_INS_LSL: case X86_INS_VERR: case X86_INS_VERW:
    case X86_INS_LJMP: case X86_INS_LCALL: case X86_INS_XBEGIN:
    case X86_INS_MOVSB: case X86_INS_MOVSW: case X86_INS_MOVSQ:
    case X86_INS_CMPSB: case X86_INS_CMPSW: case X86_INS_CMPSQ:
    case X86_INS_STOSB: case X86_INS_STOSW: case X86_INS_STOSD: case X86_INS_STOSQ:
    case X86_INS_LODSB: case X86_INS_LODSW: case X86_INS_LODSD: case X86_INS_LODSQ:
    case X86_INS_SCASB: case X86_INS_SCASW: case X86_INS_SCASD: case X86_INS_SCASQ:
    case X86_INS_XLATB: case X86_INS_MASKMOVQ: case X86_INS_MASKMOVDQU: case X86_INS_VMASKMOVDQU:
    case X86_INS_MONITOR:
    /* plainly CPL0-only */
    case X86_INS_LGDT: case X86_INS_LIDT: case X86_INS_LLDT: case X86_INS_LTR: case X86_INS_LMSW:
    case X86_INS_CLTS: case X86_INS_INVD: case X86_INS_WBINVD: case X86_INS_INVLPG:
    case X86_INS_INVLPGA: case X86_INS_INVPCID: case X86_INS_INVEPT: case X86_INS_INVVPID:
    case X86_INS_RDMSR: case X86_INS_WRMSR: case X86_INS_RSM:
    case X86_INS_CLAC: case X86_INS_STAC: case X86_INS_CLGI: case X86_INS_STGI:
    case X86_INS_SKINIT: case X86_INS_ENCLS:
        return true;
    default:
        return false;
    }
}

/* ---------------------------------------------------------------- checker */

struct prev {           /* summary of a recently decoded instruction */
    bool valid;
    uint32_t off;
    enum { P_OTHER, P_AND_MASK, P_ADD_R14, P_AND_BITS } kind;
    x86_reg reg;        /* the 64-bit register it masks / re-bases / bounds */
    unsigned bits;      /* P_AND_BITS: the register is below 2^bits */
};

struct target { uint32_t to, from; };

struct state {
    int verdict;
    struct cc_result *res;
    uint64_t vaddr;
};

static uint8_t *pbuf;      /* code padded with int3 to a bundle multiple */
static uint8_t *pflags;    /* per byte: F_START, F_INTERIOR */
static size_t pcap;
static struct target *tgts;
static size_t tcap;
enum { F_START = 1, F_INTERIOR = 2 };

static void note(struct state *st, int verdict, uint64_t off, const cs_insn *in,
                 const uint8_t *bytes, size_t len, const char *why)
{
    /* Keep the first finding of the most severe class. */
    if (verdict <= st->verdict)
        return;
    st->verdict = verdict;
    struct cc_result *r = st->res;
    r->verdict = verdict;
    r->offset = off;
    if (in)
        snprintf(r->insn, sizeof(r->insn), "%s%s%s", in->mnemonic,
                 in->op_str[0] ? " " : "", in->op_str);
    else if (bytes)
        cc_disasm_one(bytes, len, st->vaddr + off, r->insn, sizeof(r->insn));
    else
        r->insn[0] = 0;
    snprintf(r->reason, sizeof(r->reason), "%s", why);
}

static bool is_rebase(const cs_insn *in, const struct raw *r)
{
    const cs_x86 *x = &in->detail->x86;
    if (in->id != X86_INS_LEA || x->op_count != 2 || r->p67)
        return false;
    const cs_x86_op *d = &x->operands[0], *s = &x->operands[1];
    return d->type == X86_OP_REG && d->reg == X86_REG_RSP && s->type == X86_OP_MEM &&
           s->mem.base == X86_REG_RSP && s->mem.index == X86_REG_R14 &&
           s->mem.scale == 1 && s->mem.disp == 0;
}

static bool no_index(x86_reg g)
{
    return g == X86_REG_INVALID || g == X86_REG_EIZ || g == X86_REG_RIZ;
}

int capcheck(const uint8_t *code, size_t size, uint64_t vaddr,
             uint64_t span_lo, uint64_t span_hi, struct cc_result *res)
{
    struct state st = { CC_ACCEPT, res, vaddr };
    memset(res, 0, sizeof(*res));
    if (!cs_ready && cc_init() != 0) {
        snprintf(res->reason, sizeof(res->reason), "capstone unavailable");
        return res->verdict = CC_UNSURE;
    }
    if (vaddr % IV_BUNDLE_SIZE) {
        note(&st, CC_REJECT, 0, NULL, NULL, 0, "code address not bundle aligned");
        return st.verdict;
    }
    if (size == 0)
        return CC_ACCEPT;   /* nothing to execute */
    size_t padded = (size + IV_BUNDLE_SIZE - 1) & ~(size_t)(IV_BUNDLE_SIZE - 1);
    if (padded > pcap) {
        free(pbuf);
        free(pflags);
        pbuf = malloc(padded);
        pflags = malloc(padded);
        if (!pbuf || !pflags) {
            free(pbuf); free(pflags); pbuf = pflags = NULL; pcap = 0;
            note(&st, CC_UNSURE, 0, NULL, NULL, 0, "out of memory");
            return st.verdict;
        }
        pcap = padded;
    }
    if (size)
        memcpy(pbuf, code, size);
    memset(pbuf + size, 0xcc, padded - size);   /* the loader's int3 fill */
    memset(pflags, 0, padded);
    size_t ntgt = 0;

    cs_insn *in = cs_malloc(cs);
    struct prev p1 = { 0 }, p2 = { 0 };          /* previous, and the one before */
    bool pending_esp = false;                    /* previous insn wrote esp */
    uint32_t esp_off = 0;
    const char *why;
    size_t off = 0;
    bool complete = false;

    while (off < padded) {
        size_t bstart = off & ~(size_t)(IV_BUNDLE_SIZE - 1), bend = bstart + IV_BUNDLE_SIZE;
        const uint8_t *ip = pbuf + off;
        size_t avail = padded - off;
        uint64_t addr = vaddr + off;
        struct raw r;
        raw_parse(ip, avail, &r);

        size_t len;
        bool memrule;
        struct modrm_info mi;
        const char *deny;
        if (self_decode(ip, avail, &r, &len, &memrule, &mi, &deny)) {
            if (!len) {
                note(&st, CC_UNSURE, off, NULL, NULL, 0, "truncated or over-long instruction");
                goto out;
            }
            if (deny) {
                note(&st, CC_REJECT, off, NULL, ip, len, deny);
                goto out;
            }
            if (off + len > bend) {
                note(&st, CC_REJECT, off, NULL, ip, avail, "instruction crosses a bundle boundary");
                goto out;
            }
            if (pending_esp) {
                note(&st, CC_REJECT, esp_off, NULL, pbuf + esp_off, padded - esp_off,
                     "esp write not immediately followed by leaq (%rsp,%r14,1),%rsp in the same bundle");
                goto out;
            }
            pflags[off] |= F_START;
            /* prefetches, ud0/ud1 and nops other than the padding have a
             * memory operand under the rule */
            if (memrule) {
                const char *bad = NULL;
                if (mi.rip && r.p67)
                    bad = "EIP-relative memory operand";
                else if (mi.rip && r.seg)
                    bad = "RIP-relative operand with an FS/GS override";
                else if (mi.rip) {
                    uint64_t t = addr + len + (uint64_t)(int64_t)mi.disp;
                    if (t < span_lo || t >= span_hi)
                        bad = "RIP-relative target outside the image span";
                } else if (raw_stack_slot(&r, &mi))
                    ;
                else if (r.seg != 0x65)
                    bad = "memory operand without %gs override";
                else if (!r.p67)
                    bad = "memory operand with 64-bit address size";
                if (bad) {
                    note(&st, CC_REJECT, off, NULL, ip, len, bad);
                    goto out;
                }
            }
            p2 = p1;
            p1 = (struct prev){ true, (uint32_t)off, P_OTHER, X86_REG_INVALID, 0 };
            off += len;
            continue;
        }

        uint8_t canon[16];
        size_t cavail = avail < sizeof(canon) ? avail : sizeof(canon);
        canon_prefixes(ip, cavail, &r, canon);
        const uint8_t *cp = canon;
        uint64_t caddr = addr;
        if (!cs_disasm_iter(cs, &cp, &cavail, &caddr, in)) {
            int v = raw_rules(&r, &why);
            if (v == CC_REJECT)
                note(&st, CC_REJECT, off, NULL, ip, avail, why);
            else
                note(&st, CC_UNSURE, off, NULL, NULL, 0,
                     v == CC_UNSURE ? why : "Capstone 4 cannot decode this instruction");
            goto out;
        }
        len = in->size;
        const cs_detail *d = in->detail;
        const cs_x86 *x = &d->x86;
        uint32_t o32 = (uint32_t)off;

        /* Outright denials (section 6) and implicit memory (section 3),
         * from the raw bytes: these hold whatever length Capstone says. */
        int v = raw_rules(&r, &why);
        if (v == CC_REJECT) {
            note(&st, CC_REJECT, off, in, NULL, 0, why);
            goto out;
        }
        if (v == CC_UNSURE) {
            /* Capstone may have the wrong length: nothing after it can be
             * trusted. */
            note(&st, CC_UNSURE, off, in, NULL, 0, why);
            goto out;
        }

        /* Capstone 4 sometimes gets the length wrong (e.g. it ignores the
         * SIB byte of some EVEX VSIB forms).  Re-derive the ModRM, SIB and
         * displacement bytes from the raw bytes; if Capstone's own layout
         * does not match, nothing from here on can be trusted. */
        bool have_mi = x->encoding.modrm_offset && x->encoding.modrm_offset < len;
        if (have_mi) {
            /* (Capstone's imm_size is unreliable, e.g. 4 for rorx's imm8,
             * so only the start of the immediate is compared) */
            size_t want = x->encoding.imm_size ? x->encoding.imm_offset : len;
            if (!modrm_layout(ip, avail, x->encoding.modrm_offset, &mi) || mi.end != want) {
                note(&st, CC_UNSURE, off, in, NULL, 0,
                     "Capstone's length disagrees with its ModRM/SIB/displacement bytes");
                goto out;
            }
        }

        /* Same for relative branches, whose layout is fixed (Capstone 4
         * mis-sizes e.g. `67 48 e8 rel32`).  With 0x66 they are rejected
         * below anyway. */
        size_t rel_at = 0, rel_size = 0;   /* the rel8/rel32 of a direct branch */
        if (r.enc == ENC_LEGACY && !r.p66 && r.op >= 0) {
            if (r.map == MAP_1B && (r.op == 0xe8 || r.op == 0xe9))
                rel_at = r.op_off + 1, rel_size = 4;
            else if (r.map == MAP_1B && (r.op == 0xeb || (r.op >= 0x70 && r.op <= 0x7f) ||
                                         (r.op >= 0xe0 && r.op <= 0xe3)))
                rel_at = r.op_off + 1, rel_size = 1;
            else if (r.map == MAP_0F && r.op >= 0x80 && r.op <= 0x8f)
                rel_at = r.op_off + 2, rel_size = 4;
            if (rel_size && rel_at + rel_size != len) {
                note(&st, CC_UNSURE, off, in, NULL, 0,
                     "Capstone's length of a relative branch disagrees with its encoding");
                goto out;
            }
        }

        /* Bundles: no instruction crosses a bundle boundary (section 5). */
        if (off + len > bend) {
            note(&st, CC_REJECT, off, in, NULL, 0, "instruction crosses a bundle boundary");
            goto out;
        }
        pflags[off] |= F_START;

        /* A pending esp write must be re-based by this very instruction, in
         * the same bundle (section 4, rule 2). */
        bool rebase = is_rebase(in, &r);
        if (pending_esp && (!rebase || off == bstart)) {
            note(&st, CC_REJECT, esp_off, NULL, pbuf + esp_off, padded - esp_off,
                 "esp write not immediately followed by leaq (%rsp,%r14,1),%rsp in the same bundle");
            goto out;
        }

        /* Capstone 4 does not know clwb (66 0f ae /6) and calls it xsaveopt */
        bool clwb = (in->id == X86_INS_XSAVEOPT || in->id == X86_INS_XSAVEOPT64) && r.p66;
        if (denied_id(in->id) && !clwb) {
            note(&st, CC_REJECT, off, in, NULL, 0, "instruction on the contract's deny-list");
            goto out;
        }
        if (has_group(d, X86_GRP_INT) && in->id != X86_INS_INT3) {
            note(&st, CC_REJECT, off, in, NULL, 0, "interrupt / system call");
            goto out;
        }
        if (has_group(d, X86_GRP_IRET) || has_group(d, X86_GRP_VM) ||
            has_group(d, X86_GRP_SMAP) || has_group(d, X86_GRP_FSGSBASE)) {
            note(&st, CC_REJECT, off, in, NULL, 0, "iret / VMX / SMAP / fs-gs base instruction");
            goto out;
        }
        /* Segment register writes, control/debug registers. */
        for (int i = 0; i < x->op_count; i++) {
            const cs_x86_op *o = &x->operands[i];
            if (o->type != X86_OP_REG)
                continue;
            bool sreg = o->reg == X86_REG_CS || o->reg == X86_REG_DS || o->reg == X86_REG_ES ||
                        o->reg == X86_REG_SS || o->reg == X86_REG_FS || o->reg == X86_REG_GS;
            if (sreg && (i == 0 && (in->id == X86_INS_MOV || in->id == X86_INS_POP))) {
                note(&st, CC_REJECT, off, in, NULL, 0, "write of a segment register");
                goto out;
            }
            if ((o->reg >= X86_REG_CR0 && o->reg <= X86_REG_CR15) ||
                (o->reg >= X86_REG_DR0 && o->reg <= X86_REG_DR15)) {
                note(&st, CC_REJECT, off, in, NULL, 0, "control/debug register access (privileged)");
                goto out;
            }
        }
        if (has_group(d, X86_GRP_PRIVILEGE))
            note(&st, CC_UNSURE, off, in, NULL, 0, "Capstone marks this instruction privileged");
        static const uint8_t unnamed_isa[] = { X86_GRP_3DNOW, X86_GRP_FMA4, X86_GRP_XOP,
                                               X86_GRP_TBM, X86_GRP_SSE4A, X86_GRP_RTM,
                                               X86_GRP_SGX };
        for (size_t i = 0; i < sizeof(unnamed_isa); i++)
            if (has_group(d, unnamed_isa[i]))
                note(&st, CC_UNSURE, off, in, NULL, 0,
                     "ISA extension outside the contract's named allow-list");

        bool is_branch = has_group(d, X86_GRP_JUMP) || has_group(d, X86_GRP_CALL) ||
                         has_group(d, X86_GRP_RET) || has_group(d, X86_GRP_BRANCH_RELATIVE) ||
                         in->id == X86_INS_JMP || in->id == X86_INS_CALL ||
                         in->id == X86_INS_LOOP || in->id == X86_INS_LOOPE ||
                         in->id == X86_INS_LOOPNE || in->id == X86_INS_JRCXZ ||
                         in->id == X86_INS_JECXZ || in->id == X86_INS_JCXZ;
        bool is_call = in->id == X86_INS_CALL;

        /* Memory operands (section 3). lea and nop do not access memory.
         * First from the raw ModRM (so that an operand Capstone forgets to
         * list is still checked), then from Capstone's operands. */
        if (in->id != X86_INS_LEA && in->id != X86_INS_NOP && have_mi && mi.mem) {
            const char *bad = NULL;
            if (mi.rip && r.p67)
                bad = "EIP-relative memory operand";
            else if (mi.rip && r.seg)
                bad = "RIP-relative operand with an FS/GS override";
            else if (mi.rip) {
                uint64_t t = addr + len + (uint64_t)(int64_t)mi.disp;
                if (t < span_lo || t >= span_hi)
                    bad = "RIP-relative target outside the image span";
            } else if (raw_stack_slot(&r, &mi))
                ;
            else if (raw_tp_load(&r, ip, len) &&
                     (in->id == X86_INS_MOV || in->id == X86_INS_ADD))
                ;
            else if (r.seg != 0x65)
                bad = "memory operand without %gs override";
            else if (!r.p67)
                bad = "memory operand with 64-bit address size";
            if (bad) {
                note(&st, CC_REJECT, off, in, NULL, 0, bad);
                goto out;
            }
        }
        if (in->id != X86_INS_LEA && in->id != X86_INS_NOP) {
            for (int i = 0; i < x->op_count; i++) {
                const cs_x86_op *o = &x->operands[i];
                if (o->type != X86_OP_MEM)
                    continue;
                if (o->mem.base == X86_REG_EIP || (o->mem.base == X86_REG_RIP && r.p67)) {
                    note(&st, CC_REJECT, off, in, NULL, 0, "EIP-relative memory operand");
                    goto out;
                }
                if (o->mem.base == X86_REG_RIP) {
                    if (r.seg) {
                        note(&st, CC_REJECT, off, in, NULL, 0,
                             "RIP-relative operand with an FS/GS override");
                        goto out;
                    }
                    uint64_t t = addr + len + (uint64_t)o->mem.disp;
                    if (t < span_lo || t >= span_hi) {
                        note(&st, CC_REJECT, off, in, NULL, 0,
                             "RIP-relative target outside the image span");
                        goto out;
                    }
                    continue;
                }
                if (o->mem.base == X86_REG_RSP && o->mem.index == X86_REG_INVALID &&
                    o->mem.segment == X86_REG_INVALID && !r.seg && !r.ds_es_ss_cs && !r.p67 &&
                    o->mem.disp >= -32768 && o->mem.disp <= 32767) {
                    if (!(have_mi && raw_stack_slot(&r, &mi)))
                        note(&st, CC_UNSURE, off, in, NULL, 0,
                             "Capstone's stack slot disagrees with the raw bytes");
                    continue;
                }
                if (o->mem.segment == X86_REG_FS && o->mem.base == X86_REG_INVALID &&
                    o->mem.index == X86_REG_INVALID && o->mem.disp == 0x70 && o->size == 8 &&
                    i == 1 && x->op_count == 2 && x->operands[0].type == X86_OP_REG &&
                    x->operands[0].size == 8 && raw_tp_load(&r, ip, len)) {
                    continue;   /* section 7: the thread-pointer load */
                }
                if (r.seg != 0x65) {
                    note(&st, CC_REJECT, off, in, NULL, 0,
                         r.seg == 0x64 ? "memory operand with %fs override"
                                       : "memory operand without %gs override");
                    goto out;
                }
                if (!r.p67) {
                    note(&st, CC_REJECT, off, in, NULL, 0,
                         "memory operand with 64-bit address size");
                    goto out;
                }
                if (x->addr_size != 4)
                    note(&st, CC_UNSURE, off, in, NULL, 0,
                         "Capstone's address size disagrees with the 0x67 prefix");
                if (r.fs_and_gs)
                    note(&st, CC_SUSPECT, off, in, NULL, 0,
                         "both %fs and %gs overrides (vendor-dependent which wins)");
                if (r.null_after_gs)
                    note(&st, CC_SUSPECT, off, in, NULL, 0,
                         "CS/DS/ES/SS override after %gs (ignored in 64-bit mode, but risky)");
            }
        }

        /* bt/bts/btr/btc with a register bit offset address memory at
         * EA + offset/8, with a signed offset of up to 2^31 (2^63 for 64-bit
         * operands): far beyond the 64-byte reach the guards allow for,
         * unless (sfi.md section 3) the instruction just before it in the
         * bundle bounded the offset's register below the operand's width:
         * the pair is then one, its second half no branch target. */
        if ((in->id == X86_INS_BT || in->id == X86_INS_BTS || in->id == X86_INS_BTR ||
             in->id == X86_INS_BTC) && x->op_count == 2 &&
            x->operands[0].type == X86_OP_MEM && x->operands[1].type == X86_OP_REG) {
            x86_reg R = gpr_to_64(x->operands[1].reg);
            unsigned width = 8u * x->operands[0].size;
            if (!(p1.valid && p1.kind == P_AND_BITS && p1.off >= bstart && R != X86_REG_INVALID &&
                  p1.reg == R && (1u << p1.bits) <= width)) {
                note(&st, CC_REJECT, off, in, NULL, 0,
                     "bit test on memory with a register bit offset not bounded just before it "
                     "(reaches beyond the operand)");
                goto out;
            }
            pflags[off] |= F_INTERIOR;
        }

        /* Register writes: cs_regs_access covers explicit and implicit ones. */
        cs_regs rr, rw;
        uint8_t nrr = 0, nrw = 0;
        if (cs_regs_access(cs, in, rr, &nrr, rw, &nrw) != CS_ERR_OK) {
            note(&st, CC_UNSURE, off, in, NULL, 0, "Capstone has no register access info");
            goto out;
        }
        bool w_esp = false, w_other_rsp = false, w_rsp_implicit = false;
        for (int i = 0; i < x->op_count; i++) {
            const cs_x86_op *o = &x->operands[i];
            if (o->type != X86_OP_REG)
                continue;
            bool r14 = is_r14(o->reg), rsp = is_rsp_family(o->reg);
            if (!r14 && !rsp)
                continue;
            if (o->access & CS_AC_WRITE) {
                if (r14) {
                    note(&st, CC_REJECT, off, in, NULL, 0, "writes r14");
                    goto out;
                }
                /* Capstone 4 names a 64-bit destination for movsxd without
                 * REX.W, which really writes (and zero-extends) the 32-bit
                 * register, like mov */
                bool movsxd32 = in->id == X86_INS_MOVSXD && !(r.rex & 8) && !r.p66;
                if (o->reg == X86_REG_ESP || (movsxd32 && o->reg == X86_REG_RSP))
                    w_esp = true;
                else
                    w_other_rsp = true;
            } else if (!(o->access & CS_AC_READ)) {
                note(&st, CC_UNSURE, off, in, NULL, 0,
                     "Capstone has no access info for an r14/rsp operand");
            }
        }
        for (int i = 0; i < nrw; i++) {
            if (is_r14(rw[i])) {
                note(&st, CC_REJECT, off, in, NULL, 0, "writes r14 (implicitly)");
                goto out;
            }
            if (is_rsp_family(rw[i])) {
                bool explicit_w = false;
                for (int k = 0; k < x->op_count; k++)
                    if (x->operands[k].type == X86_OP_REG && x->operands[k].reg == rw[i] &&
                        (x->operands[k].access & CS_AC_WRITE))
                        explicit_w = true;
                if (!explicit_w)
                    w_rsp_implicit = true;
            }
        }

        /* Stack pointer (section 4). */
        if (rebase) {
            if (!pending_esp) {
                note(&st, CC_REJECT, off, in, NULL, 0, "lone re-base of rsp");
                goto out;
            }
            pending_esp = false;
            pflags[off] |= F_INTERIOR;
        } else if (w_esp || w_other_rsp || w_rsp_implicit) {
            if (w_other_rsp) {
                note(&st, CC_REJECT, off, in, NULL, 0, "writes rsp/sp/spl other than via esp");
                goto out;
            }
            if (w_rsp_implicit && !w_esp) {
                if (in->id != X86_INS_PUSH && in->id != X86_INS_POP && in->id != X86_INS_PUSHF &&
                    in->id != X86_INS_PUSHFQ && in->id != X86_INS_CALL) {
                    note(&st, CC_REJECT, off, in, NULL, 0,
                         "implicit rsp write by an instruction other than push/pop/pushf/call");
                    goto out;
                }
            } else if (w_esp && !w_rsp_implicit) {
                pending_esp = true;
                esp_off = o32;
                /* Rule 4.2 relies on the 32-bit write zero-extending into
                 * rsp.  These three may not write at all (cmpxchg on
                 * failure, bsf/bsr of 0), leaving rsp = B + x, which the
                 * re-base turns into 2B + x: outside the region.  Observed
                 * on an AMD EPYC (Zen) host; AMD documents it, Intel says
                 * "undefined" for bsf/bsr. */
                if (r.map == MAP_1B && r.op == 0x8c) {
                    note(&st, CC_REJECT, off, in, NULL, 0,
                         "esp write from a segment register (zero extension only from P6 on)");
                    goto out;
                }
                if (in->id == X86_INS_CMPXCHG || in->id == X86_INS_BSF || in->id == X86_INS_BSR) {
                    note(&st, CC_REJECT, off, in, NULL, 0,
                         "esp write that may leave rsp's upper half (cmpxchg failure, bsf/bsr of 0): "
                         "the re-base then yields 2B+x");
                    goto out;
                }
            } else {
                note(&st, CC_REJECT, off, in, NULL, 0, "esp write combined with an implicit rsp move");
                goto out;
            }
        }

        /* Control flow (section 5). */
        struct prev cur = { true, o32, P_OTHER, X86_REG_INVALID, 0 };
        if (in->id == X86_INS_AND && x->op_count == 2 && !r.lock &&
            x->operands[0].type == X86_OP_REG && x->operands[1].type == X86_OP_IMM &&
            gpr32_to_64(x->operands[0].reg) != X86_REG_INVALID &&
            ((uint64_t)x->operands[1].imm & 0xffffffffu) == 0xffffffe0u) {
            cur.kind = P_AND_MASK;
            cur.reg = gpr32_to_64(x->operands[0].reg);
        } else if (in->id == X86_INS_AND && x->op_count == 2 && !r.lock &&
                   x->operands[0].type == X86_OP_REG && x->operands[1].type == X86_OP_IMM &&
                   gpr32_to_64(x->operands[0].reg) != X86_REG_INVALID &&
                   ((uint64_t)x->operands[1].imm & 0xffffffffu) + 1 <= 64 &&
                   ((((uint64_t)x->operands[1].imm & 0xffffffffu) + 1) &
                    ((uint64_t)x->operands[1].imm & 0xffffffffu)) == 0 &&
                   ((uint64_t)x->operands[1].imm & 0xffffffffu) >= 15) {
            /* andl $(2^k - 1), R32 for k = 4, 5, 6: R below 2^k */
            uint64_t m = (uint64_t)x->operands[1].imm & 0xffffffffu;
            cur.kind = P_AND_BITS;
            cur.reg = gpr32_to_64(x->operands[0].reg);
            cur.bits = m == 15 ? 4 : m == 31 ? 5 : 6;
        } else if (in->id == X86_INS_ADD && x->op_count == 2 && !r.lock &&
                   x->operands[0].type == X86_OP_REG && is_gpr64(x->operands[0].reg) &&
                   x->operands[1].type == X86_OP_REG && x->operands[1].reg == X86_REG_R14) {
            cur.kind = P_ADD_R14;
            cur.reg = x->operands[0].reg;
        }

        if (is_branch) {
            if (r.p66) {
                note(&st, CC_REJECT, off, in, NULL, 0, "operand-size prefix 0x66 on a branch");
                goto out;
            }
            if (x->op_count != 1) {
                note(&st, CC_REJECT, off, in, NULL, 0, "unexpected branch form");
                goto out;
            }
            const cs_x86_op *o = &x->operands[0];
            if (o->type == X86_OP_IMM) {
                /* The target from the raw displacement: Capstone 4 gets it
                 * wrong with some prefixes (e.g. 67 48 e9). */
                uint64_t t = (uint64_t)o->imm;
                if (rel_size == 1)
                    t = addr + len + (uint64_t)(int64_t)(int8_t)ip[rel_at];
                else if (rel_size == 4)
                    t = addr + len + (uint64_t)(int64_t)(int32_t)((uint32_t)ip[rel_at] |
                        (uint32_t)ip[rel_at + 1] << 8 | (uint32_t)ip[rel_at + 2] << 16 |
                        (uint32_t)ip[rel_at + 3] << 24);
                if (t < vaddr || t - vaddr >= padded) {
                    note(&st, CC_REJECT, off, in, NULL, 0, "direct branch target outside the code");
                    goto out;
                }
                if (ntgt == tcap) {
                    size_t nc = tcap ? 2 * tcap : 256;
                    struct target *nt = realloc(tgts, nc * sizeof(*nt));
                    if (!nt) {
                        note(&st, CC_UNSURE, off, in, NULL, 0, "out of memory");
                        goto out;
                    }
                    tgts = nt;
                    tcap = nc;
                }
                tgts[ntgt++] = (struct target){ (uint32_t)(t - vaddr), o32 };
            } else if (o->type == X86_OP_REG) {
                if (in->id != X86_INS_JMP && in->id != X86_INS_CALL) {
                    note(&st, CC_REJECT, off, in, NULL, 0, "unexpected register branch");
                    goto out;
                }
                x86_reg R = o->reg;
                if (!is_gpr64(R) || R == X86_REG_RSP || R == X86_REG_R14) {
                    note(&st, CC_REJECT, off, in, NULL, 0,
                         "indirect branch register must be a 64-bit GPR other than rsp/r14");
                    goto out;
                }
                if (!(p1.valid && p1.kind == P_ADD_R14 && p1.reg == R && p2.valid &&
                      p2.kind == P_AND_MASK && p2.reg == R && p2.off >= bstart)) {
                    note(&st, CC_REJECT, off, in, NULL, 0,
                         "indirect branch not preceded by andl $-32,R32; addq %r14,R64 in the same bundle");
                    goto out;
                }
                pflags[p1.off] |= F_INTERIOR;
                pflags[off] |= F_INTERIOR;
            } else if (o->type == X86_OP_MEM) {
                /* exactly 65 67 (either order) ff /2, no other prefix */
                bool ok = is_call && r.seg == 0x65 && r.p67 && r.op_off == 2 && !r.rex &&
                          o->mem.base == X86_REG_INVALID &&
                          no_index(o->mem.index) && o->mem.disp >= (int64_t)IV_RTCALL_TABLE_OFFSET &&
                          o->mem.disp < (int64_t)(IV_RTCALL_TABLE_OFFSET + IV_RTCALL_TABLE_SIZE) &&
                          o->mem.disp % 8 == 0;
                if (!ok) {
                    note(&st, CC_REJECT, off, in, NULL, 0,
                         "memory-indirect branch other than the runtime call");
                    goto out;
                }
            } else {
                note(&st, CC_REJECT, off, in, NULL, 0, "unexpected branch operand");
                goto out;
            }
            if (is_call && (off + len) % IV_BUNDLE_SIZE != 0) {
                note(&st, CC_REJECT, off, in, NULL, 0, "call does not end at a bundle end");
                goto out;
            }
        }
        p2 = p1;
        p1 = cur;
        off += len;
    }
    if (pending_esp) {
        note(&st, CC_REJECT, esp_off, NULL, pbuf + esp_off, padded - esp_off,
             "esp write not followed by the re-base");
        goto out;
    }
    complete = true;
out:
    cs_free(in, 1);
    if (complete) {
        for (size_t i = 0; i < ntgt; i++) {
            uint32_t t = tgts[i].to;
            if (!(pflags[t] & F_START)) {
                note(&st, CC_REJECT, tgts[i].from, NULL, pbuf + tgts[i].from,
                     padded - tgts[i].from, "direct branch target is not an instruction start");
                break;
            }
            if (pflags[t] & F_INTERIOR) {
                note(&st, CC_REJECT, tgts[i].from, NULL, pbuf + tgts[i].from,
                     padded - tgts[i].from, "direct branch target inside a pseudo-instruction");
                break;
            }
        }
    }
    res->verdict = st.verdict;
    return st.verdict;
}

int cc_disasm_one(const uint8_t *code, size_t size, uint64_t addr, char *out, size_t outsz)
{
    if (!cs_ready && cc_init() != 0) {
        snprintf(out, outsz, "(capstone unavailable)");
        return -1;
    }
    cs_insn *in = cs_malloc(cs);
    const uint8_t *p = code;
    size_t n = size > 15 ? 15 : size;
    int rc = -1;
    if (cs_disasm_iter(cs, &p, &n, &addr, in)) {
        snprintf(out, outsz, "%s%s%s", in->mnemonic, in->op_str[0] ? " " : "", in->op_str);
        rc = in->size;
    } else {
        snprintf(out, outsz, "(undecodable)");
    }
    cs_free(in, 1);
    return rc;
}

const char *cc_verdict_name(int v)
{
    switch (v) {
    case CC_ACCEPT: return "accept";
    case CC_UNSURE: return "unsure";
    case CC_SUSPECT: return "suspect";
    case CC_REJECT: return "reject";
    }
    return "?";
}

int cc_init(void)
{
    if (cs_ready)
        return 0;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK)
        return -1;
    if (cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON) != CS_ERR_OK) {
        cs_close(&cs);
        return -1;
    }
    cs_ready = true;
    return 0;
}

void cc_fini(void)
{
    if (cs_ready)
        cs_close(&cs);
    cs_ready = false;
    free(pbuf);
    free(pflags);
    free(tgts);
    pbuf = pflags = NULL;
    tgts = NULL;
    pcap = tcap = 0;
}
