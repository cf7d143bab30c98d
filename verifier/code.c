/* Code verification: docs/sfi.md §3–§6, the executable form of the rules.
 *
 * A segment is checked bundle by bundle (32 bytes).  Because no instruction
 * and no pseudo-instruction may cross a bundle boundary, every bundle can be
 * checked on its own, knowing nothing about the others: that is what lets us
 * split a big segment into chunks checked by several threads.  The only
 * cross-bundle rule is "direct branches land on legal targets"; it is checked
 * afterwards with two bitmaps (one bit per code byte):
 *   valid  - an instruction starts here and it is not the 2nd/3rd instruction
 *            of a pseudo-instruction;
 *   needed - some direct branch targets this byte.
 * The segment is correct iff (needed & ~valid) == 0.  Both are allocated once
 * per segment; nothing is allocated per instruction. */
#include "internal.h"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The re-base that must immediately follow an esp write: lea (%rsp,%r14,1),%rsp */
static const uint8_t rebase_bytes[4] = {0x4a, 0x8d, 0x24, 0x34};
/* The runtime call: addr32 call *%gs:DISP32, i.e. the prefixes 65 and 67 (in
 * either order: assemblers differ), then ff 14 25 and DISP32. */
static int is_rtcall_form(const uint8_t b[9])
{
    return ((b[0] == 0x65 && b[1] == 0x67) || (b[0] == 0x67 && b[1] == 0x65)) &&
           b[2] == 0xff && b[3] == 0x14 && b[4] == 0x25;
}

/* The thread-pointer load (docs/sfi.md section 7), the one access through
 * %fs: `mov`/`add %fs:IV_TP_SLOT, r64` with an absolute disp32 and nothing
 * else, i.e. exactly 64, REX.W (REX.R optional), 8b or 03, a modrm with
 * mod 00 and rm 100, the SIB "no base, no index" (25) and the displacement.
 * A read of one word of the monitor thread's TCB that holds this thread's
 * own thread pointer; the destination is under the register rules. */
static int is_tp_load(const uint8_t *b, size_t len)
{
    return len == 9 && b[0] == 0x64 && (b[1] == 0x48 || b[1] == 0x4c) &&
           (b[2] == 0x8b || b[2] == 0x03) && (b[3] & 0xc7) == 0x04 && b[4] == 0x25 &&
           b[5] == IV_TP_SLOT && b[6] == 0 && b[7] == 0 && b[8] == 0;
}

/* The canonical padding nops (docs/sfi.md §6): the multi-byte nops of the
 * Intel SDM that assemblers emit for alignment, `0f 1f /0` with the operand
 * 0(%rax) or 0(%rax,%rax,1) (no, 8- or 32-bit zero displacement), after any
 * number of 0x66 and at most one 0x2e (nopw %cs:...).  Their memory operand
 * is not under the memory rule: every x86-64 CPU must execute exactly these
 * bytes as nop, or no compiled program would run.  Returns the length, or 0. */
int iv_padding_nop(const uint8_t *p, size_t n)
{
    /* 0f 1f, then the modrm byte names the form, and every byte after it
     * (SIB 00, displacement 0) is zero:
     *   00: nopl (%rax)                 3 bytes
     *   40: nopl 0(%rax)                4 (disp8)
     *   44: nopl 0(%rax,%rax,1)         5 (SIB, disp8)
     *   80: nopl 0L(%rax)               7 (disp32)
     *   84: nopl 0L(%rax,%rax,1)        8 (SIB, disp32)
     * A table, not a memcmp per form: a fifth of a sandboxed image's
     * instructions are padding. */
    static const uint8_t form_len[256] = {[0x00] = 3, [0x40] = 4, [0x44] = 5, [0x80] = 7, [0x84] = 8};
    size_t i = 0;
    while (i < n && p[i] == 0x66)
        i++;
    if (i < n && p[i] == 0x2e)
        i++;
    if (i + 3 > n || p[i] != 0x0f || p[i + 1] != 0x1f)
        return 0;
    size_t len = form_len[p[i + 2]];
    if (!len || i + len > n || i + len > 15)
        return 0;
    for (size_t k = 3; k < len; k++)
        if (p[i + k])
            return 0;
    return (int)(i + len);
}

static ZydisDecoder decoder;
static ZydisFormatter formatter;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_ok;

static void init_zydis(void)
{
    iv_fastpath_init();
    /* 64-bit mode, Intel branch semantics (0x66 on branches is rejected
     * anyway, so AMD and Intel lengths agree on everything we accept), no
     * Knights Corner encodings. */
    init_ok = ZYAN_SUCCESS(ZydisDecoderInit(&decoder, ZYDIS_MACHINE_MODE_LONG_64,
                                            ZYDIS_STACK_WIDTH_64)) &&
              ZYAN_SUCCESS(ZydisDecoderEnableMode(&decoder, ZYDIS_DECODER_MODE_AMD_BRANCHES,
                                                  ZYAN_FALSE)) &&
              ZYAN_SUCCESS(ZydisDecoderEnableMode(&decoder, ZYDIS_DECODER_MODE_KNC, ZYAN_FALSE)) &&
              ZYAN_SUCCESS(ZydisFormatterInit(&formatter, ZYDIS_FORMATTER_STYLE_ATT));
}

int iv_fail(struct iv_verify_error *err, uint64_t offset, const char *fmt, ...)
{
    va_list ap;
    err->offset = offset;
    err->insn[0] = 0;
    va_start(ap, fmt);
    vsnprintf(err->reason, sizeof err->reason, fmt, ap);
    va_end(ap);
    return -1;
}

/* Size of the verified code: the file bytes plus int3 padding up to the next
 * bundle boundary (docs/sfi.md §5: the loader fills the tail so). */
static size_t padded_size(size_t size)
{
    return (size + IV_BUNDLE_SIZE - 1) & ~(size_t)(IV_BUNDLE_SIZE - 1);
}

/* Copy up to 15 bytes of the padded code stream at `off` into buf. */
static size_t fetch(const struct iv_seg *s, size_t off, uint8_t buf[ZYDIS_MAX_INSTRUCTION_LENGTH])
{
    size_t vsize = padded_size(s->size), n = 0;
    for (; n < ZYDIS_MAX_INSTRUCTION_LENGTH && off + n < vsize; n++)
        buf[n] = off + n < s->size ? s->code[off + n] : 0xCC;
    return n;
}

/* Report a code error at segment offset `off`: the reason, plus the
 * instruction there in AT&T syntax (decoded again: only on failure). */
static int report(const struct iv_seg *s, size_t off, struct iv_verify_error *err,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int report(const struct iv_seg *s, size_t off, struct iv_verify_error *err,
                  const char *fmt, ...)
{
    va_list ap;
    uint8_t buf[ZYDIS_MAX_INSTRUCTION_LENGTH];
    size_t n = fetch(s, off, buf);
    ZydisDecodedInstruction insn;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];

    err->offset = s->file_off + off;
    va_start(ap, fmt);
    vsnprintf(err->reason, sizeof err->reason, fmt, ap);
    va_end(ap);
    err->insn[0] = 0;
    if (ZYAN_SUCCESS(ZydisDecoderDecodeFull(&decoder, buf, n, &insn, ops)) &&
        ZYAN_SUCCESS(ZydisFormatterFormatInstruction(&formatter, &insn, ops,
                                                     insn.operand_count_visible, err->insn,
                                                     sizeof err->insn, s->vaddr + off, NULL))) {
        return -1;
    }
    /* Undecodable: show the bytes. */
    size_t len = 0;
    len += (size_t)snprintf(err->insn, sizeof err->insn, ".byte");
    for (size_t i = 0; i < n && i < 8 && len < sizeof err->insn; i++)
        len += (size_t)snprintf(err->insn + len, sizeof err->insn - len, "%s0x%02x",
                                i ? "," : " ", buf[i]);
    return -1;
}

static int is_rsp(ZydisRegister r)
{
    return r == ZYDIS_REGISTER_RSP || r == ZYDIS_REGISTER_ESP || r == ZYDIS_REGISTER_SP ||
           r == ZYDIS_REGISTER_SPL;
}

static int is_r14(ZydisRegister r)
{
    return r == ZYDIS_REGISTER_R14 || r == ZYDIS_REGISTER_R14D || r == ZYDIS_REGISTER_R14W ||
           r == ZYDIS_REGISTER_R14B;
}

static int is_gpr32(ZydisRegister r)
{
    return r >= ZYDIS_REGISTER_EAX && r <= ZYDIS_REGISTER_R15D;
}

static int is_gpr64(ZydisRegister r)
{
    return r >= ZYDIS_REGISTER_RAX && r <= ZYDIS_REGISTER_R15;
}

static int has_prefix(const ZydisDecodedInstruction *insn, uint8_t byte)
{
    for (unsigned i = 0; i < insn->raw.prefix_count && i < ZYDIS_MAX_INSTRUCTION_LENGTH; i++)
        if (insn->raw.prefixes[i].value == byte)   /* effective, mandatory or ignored */
            return 1;
    return 0;
}

/* Conflicting mandatory prefixes (docs/sfi.md §6).  F2, F3 and 66 select
 * different instructions in the same opcode slot; with two of them, which one
 * wins is decoder and CPU lore (e.g. f3 f2 49 0f 1e ce is a nop to Zydis and
 * rdsspq %r14 to a CPU that lets F3 win).  So never F2 with F3, and 66 with
 * either only where 66 is the operand size of an F2/F3 instruction that has
 * no 66 twin: popcnt, tzcnt, lzcnt (0f b8/bc/bd) and crc32 (0f 38 f1). */
static const char *prefix_conflict(const ZydisDecodedInstruction *insn)
{
    int f2 = has_prefix(insn, 0xf2), f3 = has_prefix(insn, 0xf3);
    if (f2 && f3)
        return "conflicting mandatory prefixes F2 and F3";
    if (!(f2 || f3) || !has_prefix(insn, 0x66))
        return NULL;
    int size_66 = insn->encoding == ZYDIS_INSTRUCTION_ENCODING_LEGACY &&
                  ((insn->opcode_map == ZYDIS_OPCODE_MAP_0F &&
                    (insn->opcode == 0xb8 || insn->opcode == 0xbc || insn->opcode == 0xbd)) ||
                   (insn->opcode_map == ZYDIS_OPCODE_MAP_0F38 && insn->opcode == 0xf1));
    return size_66 ? NULL : "conflicting mandatory prefixes 66 and F2/F3";
}

/* The hint-NOP space, legacy 0f 0d and 0f 18-1f (docs/sfi.md §6): reserved
 * nops on today's CPUs, and where new instructions keep appearing (MPX,
 * cldemote, new prefetches, CET).  Only the forms compilers emit may stay:
 * prefetchw (0f 0d /1) and prefetchnta/t0/t1/t2 (0f 18 /0-/3) with a memory
 * operand, which is under the memory rule; nop (0f 1f /0); endbr64 byte-exact
 * (f3 0f 1e fa).  And no nop outside this space but 90 without F2/F3 (f3 90
 * became pause: f2 90 may become something too). */
static int hint_space_allowed(const ZydisDecodedInstruction *insn, const struct iv_seg *s,
                              size_t off)
{
    int legacy_0f = insn->encoding == ZYDIS_INSTRUCTION_ENCODING_LEGACY &&
                    insn->opcode_map == ZYDIS_OPCODE_MAP_0F;
    int hint = legacy_0f && (insn->opcode == 0x0d || (insn->opcode >= 0x18 && insn->opcode <= 0x1f));
    if (!hint)
        return insn->mnemonic != ZYDIS_MNEMONIC_NOP ||
               (insn->opcode_map == ZYDIS_OPCODE_MAP_DEFAULT && insn->opcode == 0x90 &&
                !has_prefix(insn, 0xf2) && !has_prefix(insn, 0xf3));
    if (insn->opcode == 0x1e) {   /* endbr64, byte-exact */
        uint8_t b[ZYDIS_MAX_INSTRUCTION_LENGTH];
        return insn->length == 4 && fetch(s, off, b) >= 4 && !memcmp(b, "\xf3\x0f\x1e\xfa", 4);
    }
    if (has_prefix(insn, 0xf2) || has_prefix(insn, 0xf3))
        return 0;
    unsigned mem = insn->raw.modrm.mod != 3, reg = insn->raw.modrm.reg;
    switch (insn->opcode) {
    case 0x0d:
        return mem && reg == 1 && !has_prefix(insn, 0x66);   /* prefetchw */
    case 0x18:
        return mem && reg <= 3 && !has_prefix(insn, 0x66);   /* prefetchnta/t0/t1/t2 */
    case 0x1f:
        return reg == 0;                                     /* nop r/m */
    default:
        return 0;
    }
}

/* Within one bundle we remember what the last two instructions were, to
 * recognise the two pseudo-instructions (§4 and §5). */
#define K_OTHER IV_K_OTHER
#define K_MASK IV_K_MASK
#define K_ADDB IV_K_ADDB
#define K_ESPW IV_K_ESPW
#define K_BIT15 IV_K_BIT15
#define K_BIT31 IV_K_BIT31
#define K_BIT63 IV_K_BIT63

/* Instructions that may write %esp as the first half of the stack-pointer
 * pseudo-instruction (docs/sfi.md section 4): each always writes its 32-bit
 * destination, which zero-extends into rsp. */
static int esp_writer_allowed(ZydisMnemonic m)
{
    switch (m) {
    case ZYDIS_MNEMONIC_MOV: case ZYDIS_MNEMONIC_LEA: case ZYDIS_MNEMONIC_ADD:
    case ZYDIS_MNEMONIC_SUB: case ZYDIS_MNEMONIC_AND: case ZYDIS_MNEMONIC_OR:
    case ZYDIS_MNEMONIC_XOR: case ZYDIS_MNEMONIC_XCHG:
        return 1;
    default:
        return 0;
    }
}
struct prev {
    enum iv_kind kind;
    ZydisRegister reg;
    size_t off;
};

/* Per-chunk state. */
struct chunk {
    const struct iv_seg *seg;
    size_t begin, end;   /* bundle-aligned offsets */
    uint64_t *valid, *needed;
    int opts;
    int failed;
    struct iv_verify_error err;
};

static void set_bit(uint64_t *map, size_t i)
{
    map[i / 64] |= 1ull << (i % 64);
}

/* Atomic because a branch in one chunk may target another chunk's bytes. */
static void set_bit_atomic(uint64_t *map, size_t i)
{
    __atomic_fetch_or(&map[i / 64], 1ull << (i % 64), __ATOMIC_RELAXED);
}

static void clear_bit(uint64_t *map, size_t i)
{
    map[i / 64] &= ~(1ull << (i % 64));
}

static int test_bit(const uint64_t *map, size_t i)
{
    return (map[i / 64] >> (i % 64)) & 1;
}

static int reloc_at(const struct iv_seg *s, size_t off)
{
    return s->reloc && off < s->size && test_bit(s->reloc, off);
}

/* Check a direct branch at `off` with relative displacement `rel` (from the
 * end of the instruction) whose displacement field starts at `disp_off`. */
static int check_direct(struct chunk *c, size_t off, size_t len, int64_t rel, size_t disp_off)
{
    const struct iv_seg *s = c->seg;
    size_t vsize = padded_size(s->size);
    if (reloc_at(s, off + disp_off))
        return 0;   /* ET_REL: patched at link time */
    /* target = off + len + rel, computed without overflow */
    int64_t t = (int64_t)(off + len) + rel;
    if (t < 0 || (uint64_t)t >= vsize)
        return report(s, off, &c->err, "direct branch target 0x%llx outside the code segment",
                      (unsigned long long)(s->vaddr + (uint64_t)(off + len) + (uint64_t)rel));
    set_bit_atomic(c->needed, (size_t)t);
    return 0;
}

/* The memory-operand rule, §3, for operand `op` of the instruction at `off`. */
static int check_mem(struct chunk *c, size_t off, const ZydisDecodedInstruction *insn,
                     const ZydisDecodedOperand *op)
{
    const struct iv_seg *s = c->seg;
    const ZydisDecodedOperandMem *m = &op->mem;

    /* lea computes an address but never accesses memory; nor do the
     * canonical padding nops.  Any other nop is under the rule (§6). */
    if (m->type == ZYDIS_MEMOP_TYPE_AGEN)
        return 0;
    if (insn->mnemonic == ZYDIS_MNEMONIC_NOP) {
        uint8_t b[ZYDIS_MAX_INSTRUCTION_LENGTH];
        if (iv_padding_nop(b, fetch(s, off, b)) == (int)insn->length)
            return 0;
    }
    if (op->visibility != ZYDIS_OPERAND_VISIBILITY_EXPLICIT) {
        /* Implicit memory: only the stack accesses of push/pop/pushf/call,
         * which are at rsp (rule 4 keeps rsp inside the region). */
        int stack_op = insn->mnemonic == ZYDIS_MNEMONIC_PUSH ||
                       insn->mnemonic == ZYDIS_MNEMONIC_POP ||
                       insn->mnemonic == ZYDIS_MNEMONIC_PUSHF ||
                       insn->mnemonic == ZYDIS_MNEMONIC_PUSHFQ ||
                       insn->mnemonic == ZYDIS_MNEMONIC_CALL;
        if (stack_op && m->base == ZYDIS_REGISTER_RSP && m->index == ZYDIS_REGISTER_NONE)
            return 0;
        return report(s, off, &c->err,
                      "implicit memory operand (only push/pop/pushf/call may have one)");
    }
    /* moffs: mov A0-A3 with an absolute 64-bit address. */
    if (insn->encoding == ZYDIS_INSTRUCTION_ENCODING_LEGACY &&
        insn->opcode_map == ZYDIS_OPCODE_MAP_DEFAULT && insn->opcode >= 0xA0 &&
        insn->opcode <= 0xA3)
        return report(s, off, &c->err, "moffs absolute memory operand is forbidden");
    if (m->segment == ZYDIS_REGISTER_FS) {
        uint8_t b[ZYDIS_MAX_INSTRUCTION_LENGTH];
        size_t n = fetch(s, off, b);
        if (n >= insn->length && is_tp_load(b, insn->length))
            return 0;
    }
    /* Only GS may be named: other override bytes are ignored or, with two
     * overrides, "unpredictable" per Intel, so reject them outright. */
    if (has_prefix(insn, 0x26) || has_prefix(insn, 0x2e) || has_prefix(insn, 0x36) ||
        has_prefix(insn, 0x3e) || has_prefix(insn, 0x64)) {
        if (m->segment == ZYDIS_REGISTER_FS || has_prefix(insn, 0x64))
            return report(s, off, &c->err, "%%fs segment is forbidden");
        return report(s, off, &c->err, "segment override other than %%gs");
    }
    if (m->base == ZYDIS_REGISTER_EIP)
        return report(s, off, &c->err, "EIP-relative memory operand (addr32 with RIP) is forbidden");
    if (m->base == ZYDIS_REGISTER_RIP) {
        if (insn->address_width != 64 || has_prefix(insn, 0x65))
            return report(s, off, &c->err, "RIP-relative memory operand with segment or addr32");
        if (reloc_at(s, off + insn->raw.disp.offset))
            return 0;   /* ET_REL: the linker fills the displacement */
        uint64_t t = s->vaddr + off + insn->length + (uint64_t)m->disp.value;
        if (t < s->span_lo || t >= s->span_hi)
            return report(s, off, &c->err,
                          "RIP-relative target 0x%llx outside the image span", (unsigned long long)t);
        return 0;
    }
    if (m->segment == ZYDIS_REGISTER_GS && insn->address_width == 32 && has_prefix(insn, 0x65) &&
        has_prefix(insn, 0x67))
        return 0;
    /* rsp-relative: rsp is inside the region (rule 4) and the displacement
     * is smaller than the guard, so the access starts and ends inside the
     * region or an unmapped guard (§3 form 3). */
    if (m->base == ZYDIS_REGISTER_RSP && m->index == ZYDIS_REGISTER_NONE &&
        insn->address_width == 64 && !has_prefix(insn, 0x65)) {
        if (m->disp.value < IV_STACK_DISP_MIN || m->disp.value > IV_STACK_DISP_MAX)
            return report(s, off, &c->err, "rsp-relative displacement %lld beyond the guard "
                          "(needs %%gs and addr32)", (long long)m->disp.value);
        return 0;
    }
    if (m->segment == ZYDIS_REGISTER_GS)
        return report(s, off, &c->err, "%%gs memory operand with 64-bit addressing (needs addr32)");
    if (insn->address_width == 32)
        return report(s, off, &c->err, "addr32 memory operand without %%gs segment");
    return report(s, off, &c->err, "memory operand without %%gs segment");
}

/* Check one decoded instruction at segment offset `off` (inside a bundle
 * whose earlier instructions are summarised by p1 (previous) and p2 (the one
 * before)).  Sets *kind and *kreg for the pseudo-instruction tracker. */
static int check_insn(struct chunk *c, size_t off, const ZydisDecodedInstruction *insn,
                      const ZydisDecoderContext *ctx, const struct prev *p1,
                      const struct prev *p2, enum iv_kind *kind, ZydisRegister *kreg)
{
    const struct iv_seg *s = c->seg;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
    const char *why;
    int branch = insn->meta.branch_type != ZYDIS_BRANCH_TYPE_NONE ||
                 insn->meta.category == ZYDIS_CATEGORY_COND_BR ||
                 insn->meta.category == ZYDIS_CATEGORY_UNCOND_BR ||
                 insn->meta.category == ZYDIS_CATEGORY_CALL ||
                 insn->meta.category == ZYDIS_CATEGORY_RET;

    *kind = K_OTHER;
    *kreg = ZYDIS_REGISTER_NONE;

    if (insn->meta.branch_type == ZYDIS_BRANCH_TYPE_FAR)
        return report(s, off, &c->err, "far transfer is forbidden");
    if ((why = iv_insn_denied(insn)) != NULL) {
        if (insn->meta.isa_ext <= ZYDIS_ISA_EXT_MAX_VALUE &&
            !strncmp(why, "instruction set extension", 25))
            return report(s, off, &c->err, "%s (%s)", why,
                          ZydisISAExtGetString(insn->meta.isa_ext));
        return report(s, off, &c->err, "%s", why);
    }
    if ((why = prefix_conflict(insn)) != NULL)
        return report(s, off, &c->err, "%s", why);
    if (!hint_space_allowed(insn, s, off))
        return report(s, off, &c->err, "hint-nop space or reserved nop (only 90, 0f 1f /0, "
                      "prefetch, prefetchw and endbr64)");
    /* 0x66 changes the length of e8/e9/0f 8x differently on Intel and AMD. */
    if (branch && has_prefix(insn, 0x66))
        return report(s, off, &c->err, "operand-size prefix 0x66 on a branch is forbidden");

    if (!ZYAN_SUCCESS(ZydisDecoderDecodeOperands(&decoder, ctx, insn, ops, insn->operand_count)))
        return report(s, off, &c->err, "undecodable instruction operands");

    /* Control flow, §5. */
    if (insn->mnemonic == ZYDIS_MNEMONIC_JMP || insn->mnemonic == ZYDIS_MNEMONIC_CALL) {
        int call = insn->mnemonic == ZYDIS_MNEMONIC_CALL;
        const ZydisDecodedOperand *t = &ops[0];
        if (t->type == ZYDIS_OPERAND_TYPE_REGISTER) {
            /* Only as the last of: andl $-32,R32; addq %r14,R64; jmp/call *R64 */
            if (!(p1->kind == K_ADDB && p1->reg == t->reg.value && p2->kind == K_MASK &&
                  p2->reg == t->reg.value && is_gpr64(t->reg.value)))
                return report(s, off, &c->err, "indirect %s not masked in the same bundle "
                              "(needs andl $-32,R32; addq %%r14,R64 just before it)",
                              call ? "call" : "jump");
            /* The add and the jump are not legal branch targets. */
            clear_bit(c->valid, p1->off);
            clear_bit(c->valid, off);
            if (!call && t->reg.value == ZYDIS_REGISTER_R11 && s->jumps)
                set_bit_atomic(s->jumps, off);
        } else if (t->type == ZYDIS_OPERAND_TYPE_MEMORY) {
            if (!call)
                return report(s, off, &c->err, "memory-indirect jump is forbidden");
            /* The one memory-indirect call allowed: the runtime call, byte-exact. */
            uint8_t b[ZYDIS_MAX_INSTRUCTION_LENGTH];
            if (fetch(s, off, b) < 9 || insn->length != 9 || !is_rtcall_form(b))
                return report(s, off, &c->err,
                              "memory-indirect call is forbidden except addr32 call *%%gs:DISP32");
            uint32_t disp = (uint32_t)b[5] | (uint32_t)b[6] << 8 | (uint32_t)b[7] << 16 |
                            (uint32_t)b[8] << 24;
            if (disp % 8)
                return report(s, off, &c->err, "runtime call slot 0x%x not 8-byte aligned", disp);
            if (disp < IV_RTCALL_TABLE_OFFSET || disp >= IV_RTCALL_TABLE_OFFSET + IV_RTCALL_TABLE_SIZE)
                return report(s, off, &c->err, "runtime call slot 0x%x outside the runtime-call table",
                              disp);
        } else if (t->type == ZYDIS_OPERAND_TYPE_IMMEDIATE && t->imm.is_relative) {
            if (check_direct(c, off, insn->length, t->imm.value.s, insn->raw.imm[0].offset))
                return -1;
        } else {
            return report(s, off, &c->err, "unsupported branch form");
        }
        if (call && (s->vaddr + off + insn->length) % IV_BUNDLE_SIZE)
            return report(s, off, &c->err, "call does not end at a bundle end");
    } else if (branch) {
        /* jcc, loop*, jrcxz: direct only. */
        if (!(insn->attributes & ZYDIS_ATTRIB_IS_RELATIVE) || insn->operand_count_visible < 1 ||
            ops[0].type != ZYDIS_OPERAND_TYPE_IMMEDIATE || !ops[0].imm.is_relative)
            return report(s, off, &c->err, "unsupported branch form");
        if (check_direct(c, off, insn->length, ops[0].imm.value.s, insn->raw.imm[0].offset))
            return -1;
    }

    /* Registers (§2, §4) and memory operands (§3). */
    for (unsigned i = 0; i < insn->operand_count; i++) {
        const ZydisDecodedOperand *op = &ops[i];
        if (op->type == ZYDIS_OPERAND_TYPE_REGISTER && (op->actions & ZYDIS_OPERAND_ACTION_MASK_WRITE)) {
            ZydisRegister r = op->reg.value;
            if (is_r14(r))
                return report(s, off, &c->err, "write to reserved register r14");
            if (r >= ZYDIS_REGISTER_ES && r <= ZYDIS_REGISTER_GS)
                return report(s, off, &c->err, "segment register write is forbidden");
            /* Defence in depth: only the branches checked above may move rip
             * (and int3, which traps to the monitor). */
            if ((r == ZYDIS_REGISTER_RIP || r == ZYDIS_REGISTER_EIP || r == ZYDIS_REGISTER_IP) &&
                !branch && insn->mnemonic != ZYDIS_MNEMONIC_INT3)
                return report(s, off, &c->err, "unexpected control transfer");
            if (is_rsp(r)) {
                int stack_op = insn->mnemonic == ZYDIS_MNEMONIC_PUSH ||
                               insn->mnemonic == ZYDIS_MNEMONIC_POP ||
                               insn->mnemonic == ZYDIS_MNEMONIC_PUSHF ||
                               insn->mnemonic == ZYDIS_MNEMONIC_PUSHFQ ||
                               insn->mnemonic == ZYDIS_MNEMONIC_CALL;
                if (op->visibility != ZYDIS_OPERAND_VISIBILITY_EXPLICIT && stack_op &&
                    r == ZYDIS_REGISTER_RSP)
                    continue;   /* implicit push/pop/call move: ±8 with an access */
                if (op->visibility == ZYDIS_OPERAND_VISIBILITY_EXPLICIT &&
                    r == ZYDIS_REGISTER_ESP && (op->actions & ZYDIS_OPERAND_ACTION_WRITE)) {
                    /* Must write (a conditional write would leave the old
                     * 64-bit rsp for the re-base to add B to again).  bsf/bsr
                     * with a zero source leave the whole 64-bit register
                     * unchanged on AMD (and "undefined" on Intel), and
                     * lzcnt/tzcnt run as bsr/bsf on CPUs without LZCNT/BMI1:
                     * Zydis calls that a write, so name them here. */
                    if (insn->mnemonic == ZYDIS_MNEMONIC_BSF ||
                        insn->mnemonic == ZYDIS_MNEMONIC_BSR ||
                        insn->mnemonic == ZYDIS_MNEMONIC_LZCNT ||
                        insn->mnemonic == ZYDIS_MNEMONIC_TZCNT)
                        return report(s, off, &c->err,
                                      "write to %%esp that may leave %%rsp unchanged "
                                      "(bsf/bsr/lzcnt/tzcnt)");
                    /* Beyond those known cases, only the plain ALU and move
                     * forms compilers (and ivcc's rewrite) use may write esp:
                     * an allow-list, so an unknown CPU quirk in some other
                     * instruction cannot reopen this hole. */
                    if (!esp_writer_allowed(insn->mnemonic))
                        return report(s, off, &c->err,
                                      "write to %%esp by an instruction not allowed to "
                                      "(only mov/lea/add/sub/and/or/xor/xchg)");
                    /* mov from a segment register (8c /r) zero-fills the
                     * upper half of a 32-bit destination only on P6 and
                     * later; before that it was undefined. */
                    if (insn->mnemonic == ZYDIS_MNEMONIC_MOV &&
                        ops[1].type == ZYDIS_OPERAND_TYPE_REGISTER &&
                        ops[1].reg.value >= ZYDIS_REGISTER_ES && ops[1].reg.value <= ZYDIS_REGISTER_GS)
                        return report(s, off, &c->err,
                                      "write to %%esp from a segment register");
                    *kind = K_ESPW;
                    continue;
                }
                return report(s, off, &c->err,
                              "write to %%rsp (only push/pop/call, or an %%esp write followed "
                              "by leaq (%%rsp,%%r14,1),%%rsp)");
            }
        } else if (op->type == ZYDIS_OPERAND_TYPE_MEMORY) {
            if (check_mem(c, off, insn, op))
                return -1;
            /* bt/bts/btr/btc with a register bit offset address memory at
             * EA + offset/8 with a signed offset as wide as the register:
             * not confined by addr32.  Safe with an immediate offset (taken
             * modulo the operand size), or when an and just before it in
             * the bundle bounded the register to the operand's bits; that
             * and is then part of it: no branch may land between them. */
            if ((insn->mnemonic == ZYDIS_MNEMONIC_BT || insn->mnemonic == ZYDIS_MNEMONIC_BTS ||
                 insn->mnemonic == ZYDIS_MNEMONIC_BTR || insn->mnemonic == ZYDIS_MNEMONIC_BTC) &&
                insn->operand_count_visible > 1 && ops[1].type == ZYDIS_OPERAND_TYPE_REGISTER) {
                ZydisRegister r = ZydisRegisterGetLargestEnclosing(ZYDIS_MACHINE_MODE_LONG_64,
                                                                   ops[1].reg.value);
                int bound = p1->kind == K_BIT15 ? 16 : p1->kind == K_BIT31 ? 32 : p1->kind == K_BIT63 ? 64 : 0;
                if (!bound || p1->reg != r || bound > insn->operand_width)
                    return report(s, off, &c->err,
                                  "bit test on memory with a register bit offset not bounded by "
                                  "andl $M,R32 (M = 15, 31 or 63, at most %d) just before it in the "
                                  "same bundle", insn->operand_width - 1);
                clear_bit(c->valid, off);
            }
        }
    }

    /* Remember pseudo-instruction heads. */
    if (*kind == K_OTHER && insn->mnemonic == ZYDIS_MNEMONIC_AND && insn->operand_width == 32 &&
        ops[0].type == ZYDIS_OPERAND_TYPE_REGISTER && is_gpr32(ops[0].reg.value) &&
        ops[1].type == ZYDIS_OPERAND_TYPE_IMMEDIATE &&
        (uint32_t)ops[1].imm.value.u == (uint32_t)IV_BUNDLE_MASK_IMM) {
        *kind = K_MASK;
        *kreg = ZydisRegisterGetLargestEnclosing(ZYDIS_MACHINE_MODE_LONG_64, ops[0].reg.value);
    } else if (*kind == K_OTHER && insn->mnemonic == ZYDIS_MNEMONIC_AND && insn->operand_width == 32 &&
               ops[0].type == ZYDIS_OPERAND_TYPE_REGISTER && is_gpr32(ops[0].reg.value) &&
               ops[1].type == ZYDIS_OPERAND_TYPE_IMMEDIATE &&
               ((uint32_t)ops[1].imm.value.u == 15 || (uint32_t)ops[1].imm.value.u == 31 ||
                (uint32_t)ops[1].imm.value.u == 63)) {
        uint32_t m = (uint32_t)ops[1].imm.value.u;
        *kind = m == 15 ? K_BIT15 : m == 31 ? K_BIT31 : K_BIT63;
        *kreg = ZydisRegisterGetLargestEnclosing(ZYDIS_MACHINE_MODE_LONG_64, ops[0].reg.value);
    } else if (*kind == K_OTHER && insn->mnemonic == ZYDIS_MNEMONIC_ADD &&
               insn->operand_width == 64 && ops[0].type == ZYDIS_OPERAND_TYPE_REGISTER &&
               is_gpr64(ops[0].reg.value) && ops[1].type == ZYDIS_OPERAND_TYPE_REGISTER &&
               ops[1].reg.value == ZYDIS_REGISTER_R14 && p1->kind == K_MASK &&
               p1->reg == ops[0].reg.value) {
        *kind = K_ADDB;
        *kreg = ops[0].reg.value;
    }
    return 0;
}

/* The fast path recognised an instruction; check the things it leaves to
 * us (the same checks as check_insn and check_direct make).  Returns 1 if
 * all is well, 0 to let the Zydis path decide (and report).  Sets *kind and
 * *kreg for the pseudo-instruction tracker exactly as check_insn would. */
static int fast_ok(struct chunk *c, size_t off, size_t len, const struct iv_fp *fp,
                   const struct prev *p1, const struct prev *p2, enum iv_kind *kind,
                   ZydisRegister *kreg)
{
    const struct iv_seg *s = c->seg;
    ZydisRegister r = fp->reg >= 0 ? (ZydisRegister)(ZYDIS_REGISTER_RAX + fp->reg)
                                   : ZYDIS_REGISTER_NONE;
    *kind = fp->kind;
    *kreg = r;
    if (*kind == K_ADDB && !(p1->kind == K_MASK && p1->reg == r))
        *kind = K_OTHER;   /* an add of r14 that does not follow a mask */
    if (*kind == K_OTHER)
        *kreg = ZYDIS_REGISTER_NONE;
    if ((fp->flags & IV_FP_INDIRECT) &&
        !(p1->kind == K_ADDB && p1->reg == r && p2->kind == K_MASK && p2->reg == r))
        return 0;
    if ((fp->flags & IV_FP_CALL) && (s->vaddr + off + len) % IV_BUNDLE_SIZE)
        return 0;
    if ((fp->flags & IV_FP_BRANCH) && !reloc_at(s, off + (size_t)fp->disp_off)) {
        int64_t t = (int64_t)(off + len) + fp->rel;
        if (t < 0 || (uint64_t)t >= padded_size(s->size))
            return 0;
        set_bit_atomic(c->needed, (size_t)t);
    }
    if ((fp->flags & IV_FP_RIP) && !reloc_at(s, off + (size_t)fp->disp_off)) {
        uint64_t t = s->vaddr + off + len + (uint64_t)fp->rel;
        if (t < s->span_lo || t >= s->span_hi)
            return 0;
    }
    return 1;
}

/* Tests only (IV_OPT_CROSSCHECK): the Zydis path must agree with the fast
 * path's verdict on the instruction at off: same length, accepted, and the
 * same pseudo-instruction kind and register. */
static int crosscheck(struct chunk *c, size_t off, const uint8_t *p, size_t avail, size_t len,
                      const struct prev *p1, const struct prev *p2, enum iv_kind fk,
                      ZydisRegister freg)
{
    ZydisDecodedInstruction insn;
    ZydisDecoderContext ctx;
    enum iv_kind k;
    ZydisRegister kreg;
    if (!ZYAN_SUCCESS(ZydisDecoderDecodeInstruction(&decoder, &ctx, p, avail, &insn)))
        return report(c->seg, off, &c->err, "fast path accepted what Zydis cannot decode");
    if (insn.length != len)
        return report(c->seg, off, &c->err, "fast path length %zu, Zydis length %u", len,
                      insn.length);
    if (insn.length == 4 && !memcmp(p, rebase_bytes, 4))
        return report(c->seg, off, &c->err, "fast path accepted a re-base");
    if (check_insn(c, off, &insn, &ctx, p1, p2, &k, &kreg) == 0) {
        if (k == fk && kreg == freg)
            return 0;
        return report(c->seg, off, &c->err, "fast path kind %d/%d, Zydis path kind %d/%d",
                      (int)fk, (int)freg, (int)k, (int)kreg);
    }
    char why[sizeof c->err.reason];
    snprintf(why, sizeof why, "fast path accepted what the Zydis path rejects: %.130s",
             c->err.reason);
    return report(c->seg, off, &c->err, "%s", why);
}

/* Verify bundles [c->begin, c->end) of the segment. */
static int check_chunk(struct chunk *c)
{
    const struct iv_seg *s = c->seg;
    size_t vsize = padded_size(s->size);

    for (size_t b = c->begin; b < c->end; b += IV_BUNDLE_SIZE) {
        uint8_t pad[IV_BUNDLE_SIZE];
        const uint8_t *p = s->code + b;
        if (b + IV_BUNDLE_SIZE > s->size) {
            /* Last, partial bundle: the loader fills the rest with int3. */
            memset(pad, 0xCC, sizeof pad);
            memcpy(pad, s->code + b, s->size - b);
            p = pad;
        }
        struct prev p1 = {K_OTHER, ZYDIS_REGISTER_NONE, 0}, p2 = p1;
        size_t o = 0;
        while (o < IV_BUNDLE_SIZE) {
            size_t off = b + o;
            if (p1.kind == K_ESPW) {
                /* The only thing allowed after an esp write: the re-base,
                 * which is not a legal branch target. */
                if (IV_BUNDLE_SIZE - o < 4 || memcmp(p + o, rebase_bytes, 4))
                    return report(s, p1.off, &c->err,
                                  "write to %%esp not immediately followed by "
                                  "leaq (%%rsp,%%r14,1),%%rsp in the same bundle");
                p2 = p1;
                p1 = (struct prev){K_OTHER, ZYDIS_REGISTER_NONE, off};
                o += 4;
                continue;
            }
            if (IV_BUNDLE_SIZE - o >= 4 && !memcmp(p + o, rebase_bytes, 4))
                return report(s, off, &c->err,
                              "re-base of %%rsp without a preceding %%esp write in the same bundle");
            if (!(c->opts & IV_OPT_NO_FASTPATH)) {
                struct iv_fp fp;
                enum iv_kind fk;
                ZydisRegister freg;
                int len = iv_fastpath(p + o, IV_BUNDLE_SIZE - o, &fp);
                if (len > 0 && fast_ok(c, off, (size_t)len, &fp, &p1, &p2, &fk, &freg)) {
                    if ((c->opts & IV_OPT_CROSSCHECK) &&
                        crosscheck(c, off, p + o, IV_BUNDLE_SIZE - o, (size_t)len, &p1, &p2, fk,
                                   freg))
                        return -1;
                    set_bit(c->valid, off);
                    if (fp.flags & IV_FP_INDIRECT) {
                        /* The add and the jump are not legal branch targets. */
                        clear_bit(c->valid, p1.off);
                        clear_bit(c->valid, off);
                        if (!(fp.flags & IV_FP_CALL) && fp.reg == 11 && s->jumps)
                            set_bit_atomic(s->jumps, off);
                    }
                    p2 = p1;
                    p1 = (struct prev){fk, freg, off};
                    o += (size_t)len;
                    continue;
                }
            }
            ZydisDecodedInstruction insn;
            ZydisDecoderContext ctx;
            ZyanStatus st = ZydisDecoderDecodeInstruction(&decoder, &ctx, p + o,
                                                          IV_BUNDLE_SIZE - o, &insn);
            if (!ZYAN_SUCCESS(st)) {
                if (st == ZYDIS_STATUS_NO_MORE_DATA && off + IV_BUNDLE_SIZE - o < vsize) {
                    uint8_t buf[ZYDIS_MAX_INSTRUCTION_LENGTH];
                    size_t n = fetch(s, off, buf);
                    if (ZYAN_SUCCESS(ZydisDecoderDecodeInstruction(&decoder, NULL, buf, n, &insn)))
                        return report(s, off, &c->err, "instruction crosses a bundle boundary");
                }
                return report(s, off, &c->err, "undecodable instruction");
            }
            set_bit(c->valid, off);
            enum iv_kind k;
            ZydisRegister kreg;
            if (check_insn(c, off, &insn, &ctx, &p1, &p2, &k, &kreg))
                return -1;
            p2 = p1;
            p1 = (struct prev){k, kreg, off};
            o += insn.length;
        }
        if (p1.kind == K_ESPW)
            return report(s, p1.off, &c->err,
                          "write to %%esp not immediately followed by "
                          "leaq (%%rsp,%%r14,1),%%rsp in the same bundle");
    }
    return 0;
}

static void *chunk_thread(void *arg)
{
    struct chunk *c = arg;
    c->failed = check_chunk(c) != 0;
    return NULL;
}

/* After a bad branch target is found: find the first direct branch that
 * targets it (slow, only on failure) and report it there. */
static int report_bad_target(const struct iv_seg *s, size_t target, struct iv_verify_error *err)
{
    size_t vsize = padded_size(s->size), branch_off = SIZE_MAX;
    int is_start = 0;
    for (size_t off = 0; off < vsize;) {
        uint8_t buf[ZYDIS_MAX_INSTRUCTION_LENGTH];
        size_t n = fetch(s, off, buf);
        size_t lim = IV_BUNDLE_SIZE - off % IV_BUNDLE_SIZE;
        ZydisDecodedInstruction insn;
        if (!ZYAN_SUCCESS(ZydisDecoderDecodeInstruction(&decoder, NULL, buf, n < lim ? n : lim, &insn)))
            break;  /* cannot happen: the segment decoded before */
        if (off == target)
            is_start = 1;
        if ((insn.attributes & ZYDIS_ATTRIB_IS_RELATIVE) && branch_off == SIZE_MAX &&
            insn.raw.imm[0].is_relative && !reloc_at(s, off + insn.raw.imm[0].offset)) {
            int64_t t = (int64_t)(off + insn.length) + insn.raw.imm[0].value.s;
            if (t == (int64_t)target)
                branch_off = off;
        }
        off += insn.length;
    }
    if (branch_off == SIZE_MAX)
        branch_off = target;
    return report(s, branch_off, err, "branch target 0x%llx is %s",
                  (unsigned long long)(s->vaddr + target),
                  is_start ? "inside a pseudo-instruction"
                           : "not the start of an instruction");
}

static int ncpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 16 ? 16 : (int)n;
}

int iv_verify_seg(const struct iv_seg *s, int opts, struct iv_verify_error *err)
{
    pthread_once(&init_once, init_zydis);
    if (!init_ok)
        return iv_fail(err, s->file_off, "cannot initialise the Zydis decoder");
    if (s->vaddr % IV_BUNDLE_SIZE)
        return iv_fail(err, s->file_off, "code does not start on a bundle boundary");
    if (s->size == 0)
        return 0;
    if (s->size > ((size_t)1 << 40))
        return iv_fail(err, s->file_off, "code segment too large");
    size_t vsize = padded_size(s->size);
    size_t words = (vsize + 63) / 64;
    uint64_t *valid = calloc(words, sizeof *valid);
    uint64_t *needed = calloc(words, sizeof *needed);
    if (!valid || !needed) {
        free(valid);
        free(needed);
        return iv_fail(err, s->file_off, "out of memory");
    }

    /* Split into chunks on 2 KiB boundaries (so no two chunks share a word
     * of `valid`), one per CPU, if the segment is big enough to pay for it. */
    enum { GRAIN = 2048, MAX_THREADS = 16 };
    int nt = (opts & IV_OPT_ONE_THREAD) || vsize < 256 * 1024 ? 1 : ncpus();
    struct chunk ch[MAX_THREADS];
    pthread_t tid[MAX_THREADS];
    int started[MAX_THREADS] = {0};
    size_t per = (vsize / (size_t)nt + GRAIN - 1) / GRAIN * GRAIN;
    for (int i = 0; i < nt; i++) {
        size_t b = per * (size_t)i, e = b + per;
        ch[i] = (struct chunk){s, b < vsize ? b : vsize, e < vsize ? e : vsize, valid, needed,
                               opts, 0, {0, "", ""}};
    }
    ch[nt - 1].end = vsize;
    for (int i = 1; i < nt; i++)
        started[i] = pthread_create(&tid[i], NULL, chunk_thread, &ch[i]) == 0;
    ch[0].failed = check_chunk(&ch[0]) != 0;
    for (int i = 1; i < nt; i++) {
        if (started[i])
            pthread_join(tid[i], NULL);
        else
            ch[i].failed = check_chunk(&ch[i]) != 0;   /* no thread: do it here */
    }

    int rc = 0;
    /* Report the first failure in file order, whatever the thread count. */
    for (int i = 0; i < nt; i++)
        if (ch[i].failed) {
            *err = ch[i].err;
            rc = -1;
            break;
        }
    if (rc == 0) {
        for (size_t w = 0; w < words; w++) {
            uint64_t bad = needed[w] & ~valid[w];
            if (bad) {
                rc = report_bad_target(s, w * 64 + (size_t)__builtin_ctzll(bad), err);
                break;
            }
        }
    }
    free(valid);
    free(needed);
    return rc;
}

int iv_verify_code_opts(const uint8_t *code, size_t size, uint64_t vaddr, uint64_t span_lo,
                        uint64_t span_hi, int opts, struct iv_verify_error *err)
{
    struct iv_seg s = {code, size, vaddr, span_lo, span_hi, 0, NULL, NULL};
    return iv_verify_seg(&s, opts, err);
}

int iv_verify_code(const uint8_t *code, size_t size, uint64_t vaddr, uint64_t span_lo,
                   uint64_t span_hi, struct iv_verify_error *err)
{
    return iv_verify_code_opts(code, size, vaddr, span_lo, span_hi, 0, err);
}
