/* Fast path: a tiny decoder for the commonest *harmless* instruction forms of
 * sandboxed code (moves, ALU, lea, shifts, a few SSE forms, direct branches,
 * push/pop, nops).  Zydis costs ~100 ns per instruction; this costs a few.
 *
 * Its only job is to say "this is an instruction of length L that breaks no
 * rule" (branch targets, call placement and RIP-relative spans excepted: it
 * reports those to the caller, which checks them).  Whenever it is not sure
 * it returns 0 and Zydis decides.  It never rejects anything, so a gap in it
 * costs speed, never correctness; the danger is only accepting too much or
 * mis-measuring a length.  Hence:
 *   - it accepts only encodings whose every byte it understands;
 *   - it refuses any register operand numbered 4 (rsp/esp/sp/spl/ah) or 14
 *     (r14*) in a position it does not know to be a vector register, so it
 *     never has to think about rules 2 and 4 or the pseudo-instructions;
 *   - every verdict it gives is compared with the Zydis path in the tests
 *     (IV_OPT_CROSSCHECK: tests/groups/10-verifier-fastpath.sh), over the
 *     benchmark image, the escape corpus and structured random instructions.
 */
#include "internal.h"

/* What an opcode (in map 1 or map 0F) looks like to us. */
enum {
    F_MODRM = 1,     /* has a modrm byte */
    F_IMM8 = 2,      /* then an 8-bit immediate */
    F_IMMZ = 4,      /* then a 16/32-bit immediate (16 with 0x66, 32 with REX.W too) */
    F_MEMOK = 8,     /* may have a memory operand (checked: GS+addr32 or RIP-relative) */
    F_NOMEMRULE = 16,/* lea: memory operand is not accessed */
    F_SSE = 32,      /* map 0F vector op: reg (and rm if mod=3) are xmm/mm registers */
    F_OK = 128,      /* known opcode */
    F_66OK = 256,    /* 0x66 allowed (operand size or mandatory prefix) */
    F_F2F3OK = 512,  /* F2/F3 allowed as mandatory prefix (SSE scalar forms) */
    F_RMGPRW = 1024, /* SSE form whose rm (mod=3) is a general register it writes */
    F_REXW = 2048,   /* REX.W allowed on this SSE form */
    F_X87 = 4096,    /* x87 escape (d8-df): validity by the tables below */
};

static uint16_t map1[256], map2[256];
static uint8_t is_prefix[256];   /* the legacy prefixes we know */
static uint8_t is_exact_lead[256];   /* first bytes of the exact forms */

static void set(uint16_t *m, unsigned lo, unsigned hi, uint16_t f)
{
    for (unsigned i = lo; i <= hi; i++)
        m[i] = f | F_OK;
}

/* Called once (under pthread_once) before any verification. */
void iv_fastpath_init(void)
{
    is_prefix[0x65] = is_prefix[0x67] = is_prefix[0x66] = is_prefix[0x2e] = 1;
    is_prefix[0xf2] = is_prefix[0xf3] = 1;
    static const uint8_t lead[] = {0x41, 0x83, 0xff, 0x4c, 0x4d, 0x81, 0x65, 0x67};
    for (size_t k = 0; k < sizeof lead; k++)
        is_exact_lead[lead[k]] = 1;
    const uint16_t RM = F_MODRM | F_MEMOK | F_66OK;
    /* ALU r/m,r and r,r/m forms: add or adc sbb and sub xor cmp */
    for (unsigned b = 0x00; b <= 0x38; b += 8)
        set(map1, b, b + 3, RM);
    set(map1, 0x63, 0x63, RM);                    /* movsxd */
    set(map1, 0x69, 0x69, RM | F_IMMZ);           /* imul r, r/m, imm32 */
    set(map1, 0x6b, 0x6b, RM | F_IMM8);           /* imul r, r/m, imm8 */
    set(map1, 0x80, 0x80, RM | F_IMM8);           /* grp1 r/m8, imm8 */
    set(map1, 0x81, 0x81, RM | F_IMMZ);           /* grp1 r/m, imm32 */
    set(map1, 0x83, 0x83, RM | F_IMM8);           /* grp1 r/m, imm8 */
    set(map1, 0x84, 0x8b, RM);                    /* test, xchg, mov */
    set(map1, 0x8d, 0x8d, RM | F_NOMEMRULE);      /* lea */
    set(map1, 0xc0, 0xc1, RM | F_IMM8);           /* shifts by imm8 */
    set(map1, 0xc6, 0xc6, RM | F_IMM8); /* mov r/m8, imm8 */
    set(map1, 0xc7, 0xc7, RM | F_IMMZ); /* mov r/m, imm32 */
    set(map1, 0xd0, 0xd1, RM);                    /* shifts by 1 */
    set(map1, 0xd3, 0xd3, RM);                    /* shifts by cl */
    set(map1, 0xf6, 0xf7, RM);                    /* grp3: imm only for /0 (below) */
    set(map1, 0xfe, 0xff, RM);                    /* inc/dec only (below) */
    /* map 0F */
    set(map2, 0x1f, 0x1f, F_MODRM | F_MEMOK | F_66OK); /* nop r/m (not the padding forms: below) */
    set(map2, 0x40, 0x4f, RM);                    /* cmovcc */
    set(map2, 0x90, 0x9f, F_MODRM | F_MEMOK);     /* setcc */
    set(map2, 0xaf, 0xaf, RM);                    /* imul r, r/m */
    set(map2, 0xb6, 0xb7, RM);                    /* movzx */
    set(map2, 0xbe, 0xbf, RM);                    /* movsx */
    const uint16_t V = F_MODRM | F_MEMOK | F_SSE;
    set(map2, 0x10, 0x11, V | F_66OK | F_F2F3OK); /* movups/movupd/movss/movsd */
    set(map2, 0x28, 0x29, V | F_66OK);            /* movaps/movapd */
    set(map2, 0x54, 0x57, V | F_66OK);            /* and/andn/or/xor ps/pd */
    set(map2, 0x58, 0x59, V | F_66OK | F_F2F3OK); /* add, mul */
    set(map2, 0x5c, 0x5c, V | F_66OK | F_F2F3OK); /* sub */
    set(map2, 0x5e, 0x5e, V | F_66OK | F_F2F3OK); /* div */
    set(map2, 0x2e, 0x2f, V | F_66OK);            /* ucomis/comis */
    set(map2, 0xef, 0xef, V | F_66OK);            /* pxor */
    set(map2, 0x6e, 0x6e, V | F_66OK | F_REXW);   /* movd/movq mm/xmm, r/m */
    set(map2, 0x7e, 0x7e, V | F_66OK | F_REXW | F_RMGPRW); /* movd/movq r/m, mm/xmm */
    /* x87: memory forms need GS+addr32 like any access */
    set(map1, 0xd8, 0xdf, F_MODRM | F_MEMOK | F_X87);
}

/* x87 memory forms (mod != 3), bit r set = /r is valid and a plain load or
 * store.  Not the state saves/restores (fldenv d9/4, fnstenv d9/6, frstor
 * dd/4, fnsave dd/6): rare, so Zydis handles them. */
static const uint8_t x87_mem[8] = {
    0xff,       /* d8: fadd..fdivr m32fp */
    0xad,       /* d9: fld, fst, fstp, fldcw, fnstcw (/0 /2 /3 /5 /7) */
    0xff,       /* da: fiadd..fidivr m32int */
    0xaf,       /* db: fild, fisttp, fist, fistp, fld m80, fstp m80 (/0-3 /5 /7) */
    0xff,       /* dc: m64fp arithmetic */
    0x8f,       /* dd: fld, fisttp, fst, fstp m64, fnstsw (/0-3 /7) */
    0xff,       /* de: m16int arithmetic */
    0xff,       /* df: fild, fisttp, fist, fistp, fbld, fild m64, fbstp, fistp m64 */
};

/* x87 register forms (mod == 3) the fast path knows; all touch only the x87
 * stack, except fnstsw %ax (df e0) which writes ax. */
static int x87_reg_ok(unsigned op, unsigned m)
{
    switch (op) {
    case 0xd8:
        return 1;                                     /* fadd..fdivr st, st(i) */
    case 0xd9:
        return m <= 0xcf || m == 0xe0 || m == 0xe1 || m == 0xe4 || m == 0xe5 ||
               (m >= 0xe8 && m <= 0xee) || m >= 0xf0;  /* fld/fxch, fchs.., constants, f2xm1.. */
    case 0xda:
        return m <= 0xdf || m == 0xe9;                /* fcmov*, fucompp */
    case 0xdb:
        return m <= 0xdf || (m >= 0xe8 && m <= 0xf7); /* fcmovn*, fucomi, fcomi */
    case 0xdc:
        return m <= 0xcf || m >= 0xe0;                /* fadd/fmul st(i),st; fsub, fdiv forms */
    case 0xdd:
        return m <= 0xc7 || (m >= 0xd0 && m <= 0xdf) || (m >= 0xe0 && m <= 0xef); /* ffree, fst(p), fucom(p) */
    case 0xde:
        return m <= 0xcf || m == 0xd9 || m >= 0xe0;   /* faddp, fmulp, fcompp, fsubp.., fdivp.. */
    case 0xdf:
        return m == 0xe0 || (m >= 0xe8 && m <= 0xf7); /* fnstsw %ax, fucomip, fcomip */
    }
    return 0;
}

/* Register number 4 or 14: could be rsp or r14 (or ah): leave it to Zydis. */
static int risky(unsigned r)
{
    return r == 4 || r == 14;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The exact byte forms of the pseudo-instruction parts, esp writes and the
 * runtime call (docs/sfi.md §4, §5).  Returns the length or 0. */
static int exact_forms(const uint8_t *p, size_t n, struct iv_fp *fp)
{
    unsigned b = 0;
    size_t j = 0;
    if (n >= 1 && p[0] == 0x41) {   /* REX.B: r8..r15 */
        b = 8;
        j = 1;
    }
    if (n >= j + 3 && p[j] == 0x83 && (p[j + 1] & 0xf8) == 0xe0 && p[j + 2] == 0xe0) {
        unsigned r = b | (p[j + 1] & 7u);   /* andl $-32, R32 */
        if (r == 4 || r == 14)
            return 0;
        fp->kind = IV_K_MASK;
        fp->reg = (int)r;
        return (int)j + 3;
    }
    if (n >= j + 2 && p[j] == 0xff && ((p[j + 1] & 0xf8) == 0xe0 || (p[j + 1] & 0xf8) == 0xd0)) {
        unsigned r = b | (p[j + 1] & 7u);   /* jmp *R64 (ff /4), call *R64 (ff /2) */
        if (r == 4 || r == 14)
            return 0;
        fp->flags = IV_FP_INDIRECT | ((p[j + 1] & 0xf8) == 0xd0 ? IV_FP_CALL : 0);
        fp->reg = (int)r;
        return (int)j + 2;
    }
    if (n >= 3 && (p[0] == 0x4c || p[0] == 0x4d) && p[1] == 0x01 && (p[2] & 0xf8) == 0xf0) {
        unsigned r = (p[0] & 1u) << 3 | (p[2] & 7u);   /* addq %r14, R64 */
        if (r == 4 || r == 14)
            return 0;
        fp->kind = IV_K_ADDB;
        fp->reg = (int)r;
        return 3;
    }
    /* subl/addl/andl $imm8, %esp and subl/addl $imm32, %esp: esp writes */
    if (n >= 3 && p[0] == 0x83 && (p[1] == 0xec || p[1] == 0xc4 || p[1] == 0xe4)) {
        fp->kind = IV_K_ESPW;
        return 3;
    }
    if (n >= 6 && p[0] == 0x81 && (p[1] == 0xec || p[1] == 0xc4)) {
        fp->kind = IV_K_ESPW;
        return 6;
    }
    /* addr32 call *%gs:DISP32 with DISP32 an 8-aligned slot of the table */
    if (n >= 9 && ((p[0] == 0x65 && p[1] == 0x67) || (p[0] == 0x67 && p[1] == 0x65)) &&
        p[2] == 0xff && p[3] == 0x14 && p[4] == 0x25) {
        uint32_t d = le32(p + 5);
        if (d % 8 || d < IV_RTCALL_TABLE_OFFSET || d >= IV_RTCALL_TABLE_OFFSET + IV_RTCALL_TABLE_SIZE)
            return 0;
        fp->flags = IV_FP_CALL;
        return 9;
    }
    /* push/pop %r12 (x4 with REX.B, which the general path leaves alone) */
    if (n >= 2 && p[0] == 0x41 && (p[1] == 0x54 || p[1] == 0x5c))
        return 2;
    return 0;
}

int iv_fastpath(const uint8_t *p, size_t n, struct iv_fp *fp)
{
    size_t i = 0;
    unsigned gs = 0, a32 = 0, osz = 0, cs = 0, rep = 0, rex = 0;
    int len;

    fp->flags = 0;
    fp->kind = IV_K_OTHER;
    fp->reg = -1;
    if (n > 15)
        n = 15;
    if (n && is_exact_lead[p[0]] && (len = exact_forms(p, n, fp)) > 0)
        return len;
    fp->flags = 0;
    fp->kind = IV_K_OTHER;
    fp->reg = -1;
    /* Legacy prefixes: only these, each at most once (0x66 repeats in nops). */
    for (; i < n && is_prefix[p[i]]; i++) {
        uint8_t b = p[i];
        if (b == 0x65 && !gs) gs = 1;
        else if (b == 0x67 && !a32) a32 = 1;
        else if (b == 0x66) osz++;
        else if (b == 0x2e && !cs) cs = 1;
        else if ((b == 0xf2 || b == 0xf3) && !rep) rep = b;
        else break;
    }
    if (i < n && (p[i] & 0xf0) == 0x40)
        rex = p[i++];
    if (i >= n)
        return 0;
    unsigned op = p[i++];
    int prefixed = gs || a32 || osz || cs || rep || rex;

    /* Opcodes without modrm. */
    switch (op) {
    case 0x90:  /* nop, 66 nop (but 41 90 is xchg %eax,%r8d, f3 90 is pause) */
        if (gs || a32 || cs || rep || rex || osz > 1)
            return 0;
        return (int)i;
    case 0xcc:  /* int3 */
        return prefixed ? 0 : (int)i;
    case 0x50: case 0x51: case 0x52: case 0x53: case 0x55: case 0x56: case 0x57:
    case 0x58: case 0x59: case 0x5a: case 0x5b: case 0x5d: case 0x5e: case 0x5f:
        /* push/pop r64 (x4 = rsp excluded by the case list); REX only. */
        if (gs || a32 || osz || cs || rep || (rex && rex != 0x41))
            return 0;
        if (risky(((rex & 1u) << 3) | (op & 7)))
            return 0;
        return (int)i;
    case 0x70: case 0x71: case 0x72: case 0x73: case 0x74: case 0x75: case 0x76: case 0x77:
    case 0x78: case 0x79: case 0x7a: case 0x7b: case 0x7c: case 0x7d: case 0x7e: case 0x7f:
    case 0xeb:  /* jcc rel8, jmp rel8 */
        if (prefixed || i + 1 > n)
            return 0;
        fp->flags = IV_FP_BRANCH;
        fp->rel = (int8_t)p[i];
        fp->disp_off = (int)i;
        return (int)i + 1;
    case 0xe8: case 0xe9:  /* call rel32, jmp rel32 */
        if (prefixed || i + 4 > n)
            return 0;
        fp->flags = op == 0xe8 ? IV_FP_BRANCH | IV_FP_CALL : IV_FP_BRANCH;
        fp->rel = (int32_t)le32(p + i);
        fp->disp_off = (int)i;
        return (int)i + 4;
    case 0xb8: case 0xb9: case 0xba: case 0xbb: case 0xbd: case 0xbe: case 0xbf: {
        /* mov $imm, r (x4 excluded above; r12/r14 checked here) */
        if (gs || a32 || osz || cs || rep || risky(((rex & 1u) << 3) | (op & 7)))
            return 0;
        size_t imm = (rex & 8) ? 8 : 4;
        return i + imm <= n ? (int)(i + imm) : 0;
    }
    case 0x6a:  /* push $imm8 */
        if (prefixed || i + 1 > n)
            return 0;
        return (int)i + 1;
    case 0x68:  /* push $imm32 */
        if (prefixed || i + 4 > n)
            return 0;
        return (int)i + 4;
    case 0x98: case 0x99:  /* cwtl/cltq, cltd/cqto: write rax/rdx only */
        if (gs || a32 || osz || cs || rep || (rex && rex != 0x48))
            return 0;
        return (int)i;
    case 0x04: case 0x0c: case 0x14: case 0x1c: case 0x24: case 0x2c: case 0x34: case 0x3c:
    case 0xa8:  /* alu/test %al, $imm8 */
        if (gs || a32 || osz || cs || rep || rex || i + 1 > n)
            return 0;
        return (int)i + 1;
    case 0x05: case 0x0d: case 0x15: case 0x1d: case 0x25: case 0x2d: case 0x35: case 0x3d:
    case 0xa9: {  /* alu/test %eax (or %rax with REX.W), $imm32 */
        if (gs || a32 || osz || cs || rep || (rex && rex != 0x48) || i + 4 > n)
            return 0;
        if (op == 0x25 && !rex &&
            (le32(p + i) == 0xffffffe0u || le32(p + i) == 15 || le32(p + i) == 31 || le32(p + i) == 63))
            return 0;   /* andl $-32 / $15 / $31 / $63, %eax: a head the Zydis path tracks */
        return (int)i + 4;
    }
    case 0x0f:
        break;
    default:
        if (!(map1[op] & F_OK))
            return 0;
        break;
    }

    uint16_t f;
    if (op == 0x0f) {
        if (i >= n)
            return 0;
        op = 0x100 | p[i++];
        if ((op & 0xf0) == 0x80) {  /* jcc rel32 */
            if (prefixed || i + 4 > n)
                return 0;
            fp->flags = IV_FP_BRANCH;
            fp->rel = (int32_t)le32(p + i);
            fp->disp_off = (int)i;
            return (int)i + 4;
        }
        if (op == 0x10b)  /* ud2 */
            return prefixed ? 0 : (int)i;
        /* The canonical padding nops: their operand is exempt (sfi.md §6). */
        if (op == 0x11f && (len = iv_padding_nop(p, n)) > 0)
            return len;
        f = map2[op & 0xff];
        if (!(f & F_OK))
            return 0;
    } else {
        f = map1[op];
    }

    /* Prefix policy. */
    if (cs || osz > 1)
        return 0;                    /* only in the padding nops (above) */
    if (osz && !(f & F_66OK))
        return 0;
    if (rep && !(f & F_F2F3OK))
        return 0;
    if (rep && osz)
        return 0;                    /* 66 with f2/f3: leave precedence to Zydis */
    if ((f & F_SSE) && (rex & 8) && !(f & F_REXW))
        return 0;                    /* REX.W on SSE: keep the table simple */
    if ((f & F_X87) && (osz || rep || (rex & 8)))
        return 0;

    /* modrm, sib, displacement */
    if (i >= n)
        return 0;
    unsigned modrm = p[i++];
    unsigned mod = modrm >> 6, reg = (modrm >> 3) & 7, rm = modrm & 7;
    unsigned regn = ((rex & 4u) << 1) | reg, rmn = ((rex & 1u) << 3) | rm;
    int rip = 0;
    size_t disp = 0;
    if (mod != 3) {
        if (!(f & F_MEMOK))
            return 0;
        int rsp_base = 0;
        if (rm == 4) {
            if (i >= n)
                return 0;
            unsigned sib = p[i++];
            if (mod == 0 && (sib & 7) == 5)
                disp = 4;
            /* base rsp (not r12: REX.B clear), no index (100 without REX.X) */
            rsp_base = (sib & 7) == 4 && !(rex & 1u) && ((sib >> 3) & 7) == 4 && !(rex & 2u);
        } else if (mod == 0 && rm == 5) {
            rip = 1;
            disp = 4;
        }
        if (mod == 1)
            disp = 1;
        else if (mod == 2)
            disp = 4;
        fp->disp_off = (int)i;
        if (i + disp > n)
            return 0;
        if (rip) {
            /* RIP-relative: no segment, 64-bit addressing; the caller checks
             * the target unless this is lea or nop. */
            if (gs || a32 || cs)
                return 0;
            if (!(f & F_NOMEMRULE)) {
                fp->flags |= IV_FP_RIP;
                fp->rel = (int32_t)le32(p + i);
            }
        } else if (!(f & F_NOMEMRULE) && !(gs && a32)) {
            /* rsp-relative within the guard (sfi.md §3 form 3), else Zydis
             * reports it */
            if (!rsp_base || gs || a32 || cs)
                return 0;
            if (mod == 2) {
                int32_t d = (int32_t)le32(p + i);
                if (d < IV_STACK_DISP_MIN || d > IV_STACK_DISP_MAX)
                    return 0;
            }
        }
        i += disp;
    } else if (gs || a32) {
        return 0;                    /* prefixes on a register form: rare, let Zydis judge */
    }

    /* Group opcodes: which /reg values we accept. */
    switch (op) {
    case 0x8d:
        if (mod == 3)
            return 0;                /* lea needs a memory operand */
        break;
    case 0xc0: case 0xc1: case 0xd0: case 0xd1: case 0xd3:
        if (reg == 6)
            return 0;                /* undocumented sal alias */
        break;
    case 0xc6: case 0xc7:
        if (reg != 0)
            return 0;                /* c7 f8 is xbegin, c6 f8 xabort */
        break;
    case 0xf6: case 0xf7:
        if (reg == 1)
            return 0;
        if (reg == 0)
            f |= op == 0xf6 ? F_IMM8 : F_IMMZ;   /* test r/m, imm */
        break;
    case 0xfe:
        if (reg > 1)
            return 0;
        break;
    case 0xff:
        if (reg > 1)
            return 0;                /* call/jmp/push forms: Zydis */
        break;
    case 0x11f:
        if (reg != 0)
            return 0;
        break;
    case 0x81: case 0x83:
        /* and $-32 or $15/$31/$63: possibly the head of a masked branch
         * or of a bit test on memory: Zydis tracks it */
        if (reg == 4)
            return 0;
        break;
    default:
        break;
    }

    if (f & F_X87) {
        if (mod == 3 ? !x87_reg_ok(op, modrm) : !((x87_mem[op - 0xd8] >> reg) & 1))
            return 0;
        return (int)i;               /* no immediate; touches no general register */
    }

    /* Register operands that could be rsp or r14 (or ah): Zydis decides. */
    if ((f & F_RMGPRW) && mod == 3 && risky(rmn))
        return 0;
    if (f & F_SSE) {
        /* reg and rm are vector registers here, except that none of the
         * forms in the table writes a general-purpose register. */
    } else {
        if (risky(regn) && op != 0x80 && op != 0x81 && op != 0x83 && op != 0xc0 && op != 0xc1 &&
            op != 0xc6 && op != 0xc7 && op != 0xd0 && op != 0xd1 && op != 0xd3 && op != 0xf6 &&
            op != 0xf7 && op != 0xfe && op != 0xff && op != 0x11f)
            return 0;                /* reg field names a register (not an opcode extension) */
        if (mod == 3 && risky(rmn))
            return 0;
        if (op == 0x11f && mod == 3)
            return 0;
    }

    /* Immediate. */
    if (f & F_IMM8)
        i += 1;
    else if (f & F_IMMZ)
        i += (osz && !(rex & 8)) ? 2 : 4;
    if (i > n)
        return 0;
    return (int)i;
}
