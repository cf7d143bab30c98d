/* The assembly rewriter.  Two passes over the statements of one assembly
 * file: the first learns which code labels need a bundle start (function
 * symbols, globals, labels whose address is taken), the second prints the
 * text with every instruction put into the form docs/sfi.md requires.
 * Everything the rewriter does not understand is passed through: the
 * verifier, not this file, is what makes the result safe. */
#include "rewrite.h"
#include "asmlex.h"
#include "rename.h"
#include "symtab.h"
#include <intravisor/sfi.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAXOPS 8

struct section {
    char name[128];
    int exec;
};

struct rw {
    const struct rw_opts *o;
    FILE *out;
    int errors;
    struct symtab syms;
    /* where we are */
    const struct stmt *st;
    char *files[256]; /* .file N names */
    int loc_file, loc_line;
    const char *mark_file; /* gcc inline-asm line marker */
    int mark_line, mark_asmline;
    struct section cur, prev, stack[32];
    int sp;
    int skipping; /* inside a dropped .debug_* section */
    int in_app;   /* between #APP and #NO_APP: inline asm, written by hand */
    char pending_prefix[64];
};

/* ---------------------------------------------------------------- output */

static void out(struct rw *rw, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out(struct rw *rw, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(rw->out, fmt, ap);
    va_end(ap);
}

static void where(struct rw *rw, const char **file, int *line)
{
    if (rw->mark_file && rw->mark_file[0]) {
        *file = rw->mark_file;
        *line = rw->mark_line + (rw->st->line - rw->mark_asmline - 1);
    } else if (rw->loc_line > 0 && rw->loc_file >= 0 && rw->loc_file < 256 && rw->files[rw->loc_file]) {
        *file = rw->files[rw->loc_file];
        *line = rw->loc_line;
    } else {
        *file = rw->o->asm_name;
        *line = rw->st->line;
    }
}

static void error(struct rw *rw, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void error(struct rw *rw, const char *fmt, ...)
{
    const char *file;
    int line;
    where(rw, &file, &line);
    fprintf(stderr, "%s:%d: ", file, line);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (file != rw->o->asm_name)
        fprintf(stderr, " [%s:%d]", rw->o->asm_name, rw->st->line);
    fputc('\n', stderr);
    rw->errors++;
}

static void forbid(struct rw *rw, const char *insn, const char *why)
{
    error(rw, "instruction not allowed in a cVM: %s (%s)", insn, why);
}

/* -------------------------------------------------------------- sections */

static void set_section(struct rw *rw, const char *name, const char *flags)
{
    struct section s;
    memset(&s, 0, sizeof s);
    snprintf(s.name, sizeof s.name, "%s", name);
    if (flags)
        s.exec = strchr(flags, 'x') != NULL;
    else
        s.exec = !strncmp(name, ".text", 5) || !strncmp(name, ".init", 5) || !strncmp(name, ".fini", 5);
    rw->prev = rw->cur;
    rw->cur = s;
}

static int is_debug_section(const char *name)
{
    return !strncmp(name, ".debug", 6) || !strncmp(name, ".zdebug", 7);
}

/* Handles the section-switching directives; returns 1 if D was one. */
static int section_directive(struct rw *rw, const char *d, const char *args)
{
    if (!strcmp(d, ".text") || !strcmp(d, ".data") || !strcmp(d, ".bss")) {
        set_section(rw, d, NULL);
        return 1;
    }
    if (!strcmp(d, ".section") || !strcmp(d, ".pushsection")) {
        if (!strcmp(d, ".pushsection") && rw->sp < 32)
            rw->stack[rw->sp++] = rw->cur;
        char *ops[MAXOPS];
        int n = split_operands(args, ops, MAXOPS);
        if (n <= 0) {
            set_section(rw, ".text", NULL);
            return 1;
        }
        char name[128];
        const char *nm = ops[0];
        size_t l = strcspn(nm, " \t");
        if (nm[0] == '"') {
            nm++;
            l = strcspn(nm, "\"");
        }
        snprintf(name, sizeof name, "%.*s", (int)l, nm);
        const char *flags = n >= 2 && ops[1][0] == '"' ? ops[1] : NULL;
        set_section(rw, name, flags);
        for (int i = 0; i < n; i++)
            free(ops[i]);
        return 1;
    }
    if (!strcmp(d, ".popsection")) {
        if (rw->sp > 0) {
            rw->prev = rw->cur;
            rw->cur = rw->stack[--rw->sp];
        }
        return 1;
    }
    if (!strcmp(d, ".previous")) {
        struct section t = rw->cur;
        rw->cur = rw->prev;
        rw->prev = t;
        return 1;
    }
    return 0;
}

static void reset_sections(struct rw *rw)
{
    memset(&rw->cur, 0, sizeof rw->cur);
    strcpy(rw->cur.name, ".text");
    rw->cur.exec = 1;
    rw->prev = rw->cur;
    rw->sp = 0;
}

/* ------------------------------------------------------------ mnemonics */

/* MN is BASE, optionally followed by one of the suffix letters SUF. */
static int mn_is(const char *mn, const char *base, const char *suf)
{
    size_t l = strlen(base);
    if (strncmp(mn, base, l) != 0)
        return 0;
    if (mn[l] == 0)
        return 1;
    return suf && mn[l + 1] == 0 && strchr(suf, mn[l]) != NULL;
}

static int mn_in(const char *mn, const char *const *list, const char *suf)
{
    for (; *list; list++)
        if (mn_is(mn, *list, suf))
            return 1;
    return 0;
}

static int is_prefix_word(const char *w)
{
    static const char *const p[] = {"lock", "rep", "repe", "repz", "repne", "repnz", "notrack",
                                    "data16", "data32", "addr32", "addr16", "rex", "rex64",
                                    "xacquire", "xrelease", "bnd", "cs", "ds", "es", "ss",
                                    "fs", "gs", "{vex}", "{vex2}", "{vex3}", "{evex}", NULL};
    if (!strncmp(w, "rex.", 4))
        return 1;
    return mn_in(w, p, NULL);
}

static int is_cond_jump(const char *mn)
{
    return mn[0] == 'j' && strncmp(mn, "jmp", 3) != 0;
}

static int is_direct_branch_mn(const char *mn)
{
    static const char *const b[] = {"jmp", "call", "loop", "loope", "loopne", "loopz", "loopnz", "xbegin", NULL};
    return mn_in(mn, b, "qlw") || is_cond_jump(mn);
}

struct forbidden {
    const char *base, *suf, *why;
};

static const struct forbidden forbidden[] = {
    {"syscall", NULL, "system call"},
    {"sysenter", NULL, "system call"},
    {"sysexit", "ql", "system call return"},
    {"sysret", "ql", "system call return"},
    {"int", NULL, "software interrupt"},
    {"int1", NULL, "software interrupt"},
    {"into", NULL, "software interrupt"},
    {"icebp", NULL, "software interrupt"},
    {"iret", "qlwd", "far transfer"},
    {"lcall", "qlw", "far transfer"},
    {"ljmp", "qlw", "far transfer"},
    {"lret", "qlw", "far transfer"},
    {"hlt", NULL, "privileged"},
    {"cli", NULL, "privileged"},
    {"sti", NULL, "privileged"},
    {"clts", NULL, "privileged"},
    {"invd", NULL, "privileged"},
    {"wbinvd", NULL, "privileged"},
    {"invlpg", NULL, "privileged"},
    {"rdmsr", NULL, "privileged"},
    {"wrmsr", NULL, "privileged"},
    {"rdpmc", NULL, "privileged"},
    {"lgdt", "ql", "privileged"},
    {"lidt", "ql", "privileged"},
    {"lldt", NULL, "privileged"},
    {"ltr", NULL, "privileged"},
    {"lmsw", NULL, "privileged"},
    {"sgdt", "ql", "system-table instruction"},
    {"sidt", "ql", "system-table instruction"},
    {"sldt", NULL, "system-table instruction"},
    {"str", NULL, "system-table instruction"},
    {"smsw", "wlq", "system-table instruction"},
    {"lar", "wlq", "system-table instruction"},
    {"lsl", "wlq", "system-table instruction"},
    {"verr", NULL, "system-table instruction"},
    {"verw", NULL, "system-table instruction"},
    {"swapgs", NULL, "segment base write"},
    {"wrfsbase", "lq", "segment base write"},
    {"wrgsbase", "lq", "segment base write"},
    {"rdfsbase", "lq", "reveals the monitor's FS base"},
    {"rdgsbase", "lq", "reveals the region base"},
    {"lfs", "wlq", "segment register write"},
    {"lgs", "wlq", "segment register write"},
    {"lss", "wlq", "segment register write"},
    {"wrpkru", NULL, "protection-key write"},
    {"rdpkru", NULL, "protection-key access"},
    {"xsave", NULL, "xsave family"},
    {"xsave64", NULL, "xsave family"},
    {"xsaveopt", NULL, "xsave family"},
    {"xsaveopt64", NULL, "xsave family"},
    {"xsavec", NULL, "xsave family"},
    {"xsavec64", NULL, "xsave family"},
    {"xsaves", NULL, "xsave family"},
    {"xsaves64", NULL, "xsave family"},
    {"xrstor", NULL, "xsave family"},
    {"xrstor64", NULL, "xsave family"},
    {"xrstors", NULL, "xsave family"},
    {"xrstors64", NULL, "xsave family"},
    {"fxsave", NULL, "xsave family"},
    {"fxsave64", NULL, "xsave family"},
    {"fxrstor", NULL, "xsave family"},
    {"fxrstor64", NULL, "xsave family"},
    {"in", "bwl", "port I/O"},
    {"out", "bwl", "port I/O"},
    {"ins", "bwld", "port I/O"},
    {"outs", "bwld", "port I/O"},
    {"enter", "qlw", "enter writes rsp unmasked"},
    {"popf", "qlw", "popf can set the trap and alignment-check flags"},
    {"xlat", "b", "implicit memory operand"},
    {"maskmovq", NULL, "implicit memory operand"},
    {"maskmovdqu", NULL, "implicit memory operand"},
    {"vmaskmovdqu", NULL, "implicit memory operand"},
    {"monitor", NULL, "implicit memory operand"},
    {"mwait", NULL, "privileged"},
    {"xbegin", NULL, "transactional memory"},
    {"xabort", NULL, "transactional memory"},
    {"xend", NULL, "transactional memory"},
    {"vmcall", NULL, "privileged"},
    {NULL, NULL, NULL},
};

static const char *forbidden_reason(const char *mn, int nops, char **ops)
{
    for (const struct forbidden *f = forbidden; f->base; f++)
        if (mn_is(mn, f->base, f->suf))
            return f->why;
    /* String instructions (implicit %ds:(%rsi)/%es:(%rdi) operands).  The
     * SSE movsd/cmpsd share a spelling but take register operands. */
    static const char *const str[] = {"movs", "cmps", "stos", "lods", "scas", NULL};
    if (mn_in(mn, str, "bwlqd")) {
        int allmem = 1;
        for (int i = 0; i < nops; i++)
            if (!is_memory_operand(ops[i]))
                allmem = 0;
        if (strlen(mn) == 4 || nops == 0 || allmem)
            return "string instruction (implicit memory operands)";
    }
    return NULL;
}

/* Instructions that only read their last (destination-position) operand. */
static int reads_only(const char *mn)
{
    static const char *const r[] = {"cmp", "test", "bt", "push", NULL};
    return mn_in(mn, r, "bwlq");
}

/* ------------------------------------------------------- memory operands */

static int is_seg_reg(const char *op)
{
    static const char *const s[] = {"%cs", "%ds", "%es", "%fs", "%gs", "%ss", NULL};
    for (int i = 0; s[i]; i++)
        if (!strcmp(op, s[i]))
            return 1;
    return 0;
}

/* Appends the 32-bit spelling of register R to BUF. */
static int reg32(struct rw *rw, struct reg r, char *buf, size_t n)
{
    if (r.fam == R_NONE) {
        buf[0] = 0;
        return 0;
    }
    if (r.width != 64 && r.width != 32) {
        error(rw, "ivcc: 16/8-bit address register in memory operand");
        return -1;
    }
    snprintf(buf, n, "%%%s", reg_name(r.fam, 32));
    return 0;
}

/* Rewrites memory operand OP into sandboxed form (without any leading
 * '*').  Sets *addr32 if the instruction needs an explicit addr32 prefix.
 * Returns a new string or NULL after reporting an error. */
static char *sandbox_mem(struct rw *rw, const char *op, int *addr32)
{
    struct memop m;
    char buf[512];
    if (parse_memop(op, &m) != 0) {
        error(rw, "ivcc: cannot parse memory operand '%s'", op);
        return NULL;
    }
    char *res = NULL;
    const char *seg = m.seg;
    if (!strcmp(seg, "ds") || !strcmp(seg, "ss") || !strcmp(seg, "es"))
        seg = ""; /* the default segments: flat, so just drop them */
    int regs = m.base.fam != R_NONE || m.index.fam != R_NONE || m.vindex[0];
    if (m.base.fam == R_IP) {
        if (seg[0] || m.base.width != 64)
            error(rw, "ivcc: segment override or eip on a rip-relative operand '%s'", op);
        else
            res = xstrdup(op[0] == '*' ? op + 1 : op);
        goto done;
    }
    if (!strcmp(seg, "cs")) {
        error(rw, "ivcc: %%cs segment override in '%s'", op);
        goto done;
    }
    long long v;
    if (!seg[0] && m.base.fam == R_SP && m.base.width == 64 && m.index.fam == R_NONE &&
        !m.vindex[0] && disp_is_numeric(m.disp) && disp_value(m.disp, &v) == 0 &&
        v >= IV_STACK_DISP_MIN && v <= IV_STACK_DISP_MAX) {
        /* A stack slot: rsp is always inside the region and the guards
         * cover the displacement, so it needs no %gs/addr32 (sfi.md §3). */
        snprintf(buf, sizeof buf, "%s(%%rsp)%s", m.disp, m.tail);
        res = xstrdup(buf);
        goto done;
    }
    char b[16], x[16];
    if (reg32(rw, m.base, b, sizeof b) || reg32(rw, m.index, x, sizeof x))
        goto done;
    if (m.vindex[0])
        snprintf(x, sizeof x, "%%%s", m.vindex);
    if (!strcmp(seg, "fs")) {
        /* Only the thread-pointer load (tp_operand) may name %fs. */
        error(rw, "ivcc: %%fs operand other than the thread pointer (mov or add %%fs:0 to a "
                  "64-bit register): '%s'", op);
        goto done;
    }
    if (!regs) {
        if (!seg[0] && !disp_is_numeric(m.disp)) {
            /* A bare symbol: position-independent code wants rip. */
            snprintf(buf, sizeof buf, "%s(%%rip)%s", m.disp, m.tail);
        } else {
            snprintf(buf, sizeof buf, "%%gs:%s%s", m.disp, m.tail);
            *addr32 = 1;
        }
        res = xstrdup(buf);
        goto done;
    }
    /* A vector index (gathers, scatters) cannot be named at 32 bits, so
     * without a 32-bit base nothing implies the address size: say it.
     * With addr32 every element's address is truncated to 32 bits too. */
    if (m.vindex[0] && m.base.fam == R_NONE)
        *addr32 = 1;
    if (m.index.fam != R_NONE || m.vindex[0])
        snprintf(buf, sizeof buf, "%%gs:%s(%s,%s,%d)%s", m.disp, b, x, m.scale, m.tail);
    else
        snprintf(buf, sizeof buf, "%%gs:%s(%s)%s", m.disp, b, m.tail);
    res = xstrdup(buf);
done:
    memop_free(&m);
    return res;
}

/* The thread pointer (docs/sfi.md section 7).  Compilers under
 * -mno-tls-direct-seg-refs reach TLS only through `movq %fs:0, %reg` or
 * `addq %fs:0, %reg` (what musl's __get_tp writes too): %fs:0 is the
 * thread pointer, and in a cVM the word the monitor keeps it in is
 * %fs:IV_TP_SLOT.  Returns the new operand for OPS[I], or NULL (error
 * reported) for any other use of %fs. */
static char *tp_operand(struct rw *rw, const char *mn, int nops, char **ops, int i)
{
    struct memop m;
    struct reg r;
    long long v;
    if (parse_memop(ops[i], &m) != 0) {
        error(rw, "ivcc: cannot parse memory operand '%s'", ops[i]);
        return NULL;
    }
    int ok = (mn_is(mn, "mov", "q") || mn_is(mn, "add", "q")) && nops == 2 && i == 0 &&
             parse_reg_operand(ops[1], &r) == 0 && r.width == 64 && r.fam < R_IP &&
             !strcmp(m.seg, "fs") && m.base.fam == R_NONE && m.index.fam == R_NONE &&
             !m.vindex[0] && !m.tail[0] && disp_is_numeric(m.disp) &&
             disp_value(m.disp, &v) == 0 && v == 0;
    memop_free(&m);
    if (!ok) {
        error(rw, "ivcc: %%fs operand other than the thread pointer (mov or add %%fs:0 to a "
                  "64-bit register): '%s %s, %s'", mn, ops[0], nops > 1 ? ops[1] : "");
        return NULL;
    }
    char buf[32];
    snprintf(buf, sizeof buf, "%%fs:%#x", IV_TP_SLOT);
    return xstrdup(buf);
}

/* --------------------------------------------------------- instructions */

static void emit_masked_branch(struct rw *rw, int is_call, enum reg_family r)
{
    out(rw, "\t.bundle_lock%s\n", is_call ? " align_to_end" : "");
    out(rw, "\tandl $-32, %%%s\n", reg_name(r, 32));
    out(rw, "\taddq %%r14, %%%s\n", reg_name(r, 64));
    out(rw, "\t%s *%%%s\n", is_call ? "call" : "jmp", reg_name(r, 64));
    out(rw, "\t.bundle_unlock\n");
}

static void emit_return(struct rw *rw)
{
    out(rw, "\t.bundle_lock\n\tpopq %%r11\n\tandl $-32, %%r11d\n\taddq %%r14, %%r11\n"
            "\tjmp *%%r11\n\t.bundle_unlock\n");
}

static int prefix_has(const char *prefixes, const char *w)
{
    size_t l = strlen(w);
    for (const char *p = prefixes; (p = strstr(p, w)); p += l)
        if ((p == prefixes || p[-1] == ' ') && (p[l] == 0 || p[l] == ' '))
            return 1;
    return 0;
}

/* Indirect jmp/call: OP starts with '*'. */
static void indirect_branch(struct rw *rw, int is_call, const char *op, const char *insn)
{
    const char *t = op + 1;
    while (isspace((unsigned char)*t))
        t++;
    struct reg r;
    if (t[0] == '%' && !strchr(t, ':')) {
        if (parse_reg_operand(t, &r) != 0 || r.width != 64) {
            error(rw, "ivcc: cannot sandbox indirect branch '%s'", insn);
            return;
        }
        if (r.fam == R_SP || r.fam == R_14 || r.fam == R_IP) {
            forbid(rw, insn, "indirect branch through rsp/r14");
            return;
        }
        emit_masked_branch(rw, is_call, r.fam);
        return;
    }
    struct memop m;
    if (parse_memop(t, &m) != 0) {
        error(rw, "ivcc: cannot parse branch target '%s'", insn);
        return;
    }
    long long v;
    int is_rtcall = is_call && (!m.seg[0] || !strcmp(m.seg, "gs")) && m.base.fam == R_NONE &&
                    m.index.fam == R_NONE && disp_is_numeric(m.disp) && disp_value(m.disp, &v) == 0 &&
                    v >= 0x10000 && v < 0x11000 && (v & 7) == 0;
    if (is_rtcall) {
        /* The runtime call (docs/sfi.md §5): exactly 65 67 ff 14 25 disp32. */
        out(rw, "\t.bundle_lock align_to_end\n\tgs\n\taddr32 call *%s\n\t.bundle_unlock\n", m.disp);
        memop_free(&m);
        return;
    }
    memop_free(&m);
    int a32 = 0;
    char *mem = sandbox_mem(rw, t, &a32);
    if (!mem)
        return;
    /* r11 is dead at calls and tail jumps in the SysV ABI. */
    if (a32) /* see the note on addr32 in instruction() */
        out(rw, "\t.bundle_lock\n\taddr32 movq %s, %%r11\n\t.bundle_unlock\n", mem);
    else
        out(rw, "\tmovq %s, %%r11\n", mem);
    free(mem);
    emit_masked_branch(rw, is_call, R_11);
}

/* A single (non-rep) string instruction, which gcc's combine pass makes out
 * of `*d++ = *s++` loops (the *strmov*_rex_1 patterns), with the implicit
 * %ds:(%rsi)/%es:(%rdi) operands made explicit and sandboxed.  DF is clear
 * (SysV).  The flags come out as the original sets them (mov, lea, push and
 * pop leave them alone).  movs and cmps need a scratch register: rax is
 * saved on the stack below the red zone, which the compiler may be using. */
static int string_insn(struct rw *rw, const char *prefixes, const char *mn, int nops, char **ops)
{
    static const char *const bases[] = {"movs", "stos", "lods", "scas", "cmps", NULL};
    int k;
    for (k = 0; bases[k]; k++)
        if (mn_is(mn, bases[k], "bwlqd"))
            break;
    if (!bases[k] || strlen(mn) != 5 || prefixes[0])
        return 0;
    for (int i = 0; i < nops; i++)
        if (!is_memory_operand(ops[i]))
            return 0; /* SSE movsd/cmpsd */
    int size;
    switch (mn[4]) {
    case 'b': size = 8; break;
    case 'w': size = 16; break;
    case 'q': size = 64; break;
    default: size = 32; break;
    }
    if (nops && !((k == 0 || k == 4) && nops == 2) && !((k == 1 || k == 2 || k == 3) && nops <= 2))
        return 0;
    const char *a = reg_name(R_AX, size);
    char sfx = "bwlq"[size == 8 ? 0 : size == 16 ? 1 : size == 32 ? 2 : 3];
    int n = size / 8;
    const char *save = "\t.bundle_lock\n\tleal -128(%rsp), %esp\n\tleaq (%rsp,%r14,1), %rsp\n\t.bundle_unlock\n"
                       "\tpushq %rax\n";
    const char *restore = "\tpopq %rax\n\t.bundle_lock\n\tleal 128(%rsp), %esp\n\tleaq (%rsp,%r14,1), %rsp\n"
                          "\t.bundle_unlock\n";
    switch (k) {
    case 0: /* movs: [rdi] := [rsi] */
        out(rw, "%s\tmov%c %%gs:(%%esi), %%%s\n\tmov%c %%%s, %%gs:(%%edi)\n%s", save, sfx, a, sfx, a, restore);
        out(rw, "\tleaq %d(%%rsi), %%rsi\n\tleaq %d(%%rdi), %%rdi\n", n, n);
        break;
    case 1: /* stos: [rdi] := a */
        out(rw, "\tmov%c %%%s, %%gs:(%%edi)\n\tleaq %d(%%rdi), %%rdi\n", sfx, a, n);
        break;
    case 2: /* lods: a := [rsi] */
        out(rw, "\tmov%c %%gs:(%%esi), %%%s\n\tleaq %d(%%rsi), %%rsi\n", sfx, a, n);
        break;
    case 3: /* scas: flags of a - [rdi] */
        out(rw, "\tcmp%c %%gs:(%%edi), %%%s\n\tleaq %d(%%rdi), %%rdi\n", sfx, a, n);
        break;
    case 4: /* cmps: flags of [rsi] - [rdi] */
        out(rw, "%s\tmov%c %%gs:(%%esi), %%%s\n\tcmp%c %%gs:(%%edi), %%%s\n%s", save, sfx, a, sfx, a, restore);
        out(rw, "\tleaq %d(%%rsi), %%rsi\n\tleaq %d(%%rdi), %%rdi\n", n, n);
        break;
    }
    return 1;
}

/* The instructions that may write rsp/esp: exactly the verifier's
 * allow-list (verifier/code.c esp_writer_allowed, minus xchg, which ivcc
 * refuses), so ivcc never emits an esp write the verifier refuses
 * (bsf/bsr, lzcnt/tzcnt and the like may leave it unchanged). */
static const char *const rsp_writers[] = {"add", "sub", "and", "or", "xor", "mov", "lea", NULL};

/* Makes a 64-bit write of rsp a 32-bit write of esp followed by the
 * re-base, all in one bundle. */
static void rsp_write(struct rw *rw, const char *prefixes, const char *mn, char **ops, int nops, const char *insn)
{
    char newmn[32];
    snprintf(newmn, sizeof newmn, "%s", mn);
    size_t l = strlen(newmn);
    const char *const *ok = rsp_writers;
    int lea = mn_is(mn, "lea", "q");
    if (mn_is(mn, "pop", "q")) {
        /* popq %rsp: rsp := [rsp] */
        out(rw, "\t.bundle_lock\n\tmovl %%gs:(%%esp), %%esp\n\tleaq (%%rsp,%%r14,1), %%rsp\n\t.bundle_unlock\n");
        return;
    }
    if (!mn_in(mn, ok, "q")) {
        forbid(rw, insn, "writes rsp in a way ivcc cannot re-sandbox");
        return;
    }
    if (newmn[l - 1] == 'q' && !mn_in(mn, ok, NULL))
        newmn[l - 1] = 'l';
    char line[512];
    int n = snprintf(line, sizeof line, "%s%s%s", prefixes, prefixes[0] ? " " : "", newmn);
    int a32 = 0;
    for (int i = 0; i < nops; i++) {
        const char *o = ops[i];
        char *conv = NULL;
        struct reg r;
        if (i == nops - 1) {
            conv = xstrdup("%esp");
        } else if (parse_reg_operand(o, &r) == 0 && r.width == 64) {
            char b[16];
            snprintf(b, sizeof b, "%%%s", reg_name(r.fam, 32));
            conv = xstrdup(b);
        } else if (!lea && is_memory_operand(o)) {
            conv = sandbox_mem(rw, o, &a32);
            if (!conv)
                return;
        } else {
            conv = xstrdup(o);
        }
        n += snprintf(line + n, sizeof line - (size_t)n, "%s%s", i ? ", " : " ", conv);
        free(conv);
    }
    out(rw, "\t.bundle_lock\n\t%s%s\n\tleaq (%%rsp,%%r14,1), %%rsp\n\t.bundle_unlock\n", a32 ? "addr32 " : "", line);
}

static void instruction(struct rw *rw, const char *text)
{
    char word[64], prefixes[128] = "";
    const char *rest = text;
    snprintf(prefixes, sizeof prefixes, "%s", rw->pending_prefix);
    rw->pending_prefix[0] = 0;
    for (;;) {
        const char *r2 = lex_word(rest, word, sizeof word);
        if (!is_prefix_word(word))
            break;
        size_t pl = strlen(prefixes);
        snprintf(prefixes + pl, sizeof prefixes - pl, "%s%s", pl ? " " : "", word);
        rest = r2;
        if (!*rest) {
            /* "lock;" on its own: it belongs to the next instruction, and
             * must stay in the same bundle as it. */
            snprintf(rw->pending_prefix, sizeof rw->pending_prefix, "%s", prefixes);
            return;
        }
    }
    char mn[64];
    const char *opstr = lex_word(rest, mn, sizeof mn);
    char insn[600];
    snprintf(insn, sizeof insn, "%s%s%s", prefixes, prefixes[0] ? " " : "", rest);
    /* One space between words, as people write it (compilers use tabs). */
    for (char *p = insn; *p; p++)
        if (*p == '\t')
            *p = ' ';
    char *ops[MAXOPS];
    int nops = split_operands(opstr, ops, MAXOPS);
    if (nops < 0) {
        error(rw, "ivcc: too many operands: %s", insn);
        return;
    }
    const char *why;
    int is_call = mn_is(mn, "call", "q"), is_jmp = mn_is(mn, "jmp", "q");

    if (prefix_has(prefixes, "fs") || prefix_has(prefixes, "gs") || prefix_has(prefixes, "cs")) {
        error(rw, "ivcc: segment prefix words are not supported, write %%seg: operands: %s", insn);
        goto done;
    }
    if (string_insn(rw, prefixes, mn, nops, ops))
        goto done;
    if ((why = forbidden_reason(mn, nops, ops))) {
        forbid(rw, insn, why);
        goto done;
    }
    if (mn_is(mn, "ret", "qlw")) {
        if (nops)
            forbid(rw, insn, "ret with an immediate");
        else
            emit_return(rw);
        goto done;
    }
    if (mn_is(mn, "leave", "qlw")) {
        out(rw, "\t.bundle_lock\n\tmovl %%ebp, %%esp\n\tleaq (%%rsp,%%r14,1), %%rsp\n\t.bundle_unlock\n"
                "\tpopq %%rbp\n");
        goto done;
    }
    if (prefix_has(prefixes, "data16") && is_direct_branch_mn(mn)) {
        forbid(rw, insn, "operand-size prefix on a branch");
        goto done;
    }
    if ((is_call || is_jmp) && nops == 1 && ops[0][0] == '*') {
        indirect_branch(rw, is_call, ops[0], insn);
        goto done;
    }
    if (is_call) {
        if (nops != 1 || is_memory_operand(ops[0]) == 0) {
            forbid(rw, insn, "far or unusual call");
            goto done;
        }
        out(rw, "\t.bundle_lock align_to_end\n\tcall %s\n\t.bundle_unlock\n", ops[0]);
        goto done;
    }
    if (is_jmp && nops != 1) {
        forbid(rw, insn, "far jump");
        goto done;
    }
    if (is_direct_branch_mn(mn)) {
        out(rw, "\t%s\n", insn);
        goto done;
    }
    if (mn_is(mn, "movabs", "bwlq")) {
        for (int i = 0; i < nops; i++)
            if (is_memory_operand(ops[i])) {
                forbid(rw, insn, "64-bit absolute memory address");
                goto done;
            }
    }
    /* Register writes the contract cares about. */
    if (nops > 0) {
        struct reg r;
        const char *last = ops[nops - 1];
        int xchg_like = mn_is(mn, "xchg", "bwlq") || mn_is(mn, "xadd", "bwlq") || mn_is(mn, "cmpxchg", "bwlq");
        for (int i = 0; i < nops; i++) {
            if (parse_reg_operand(ops[i], &r) == 0 && r.fam == R_14 &&
                ((i == nops - 1 && !reads_only(mn)) || xchg_like)) {
                forbid(rw, insn, "writes r14, the region base");
                goto done;
            }
        }
        if (is_seg_reg(last) && !reads_only(mn)) {
            forbid(rw, insn, "segment register write");
            goto done;
        }
        if (mn_is(mn, "pop", "qw") && is_seg_reg(last)) {
            forbid(rw, insn, "segment register write");
            goto done;
        }
        if (parse_reg_operand(last, &r) == 0 && r.fam == R_SP && !reads_only(mn)) {
            if (xchg_like || r.width < 32 || (r.width == 32 && !mn_in(mn, rsp_writers, "l"))) {
                forbid(rw, insn, "writes rsp in a way ivcc cannot re-sandbox");
            } else if (r.width == 32) {
                /* Already 32-bit (hand-written): just add the re-base. */
                out(rw, "\t.bundle_lock\n\t%s\n\tleaq (%%rsp,%%r14,1), %%rsp\n\t.bundle_unlock\n", insn);
            } else {
                rsp_write(rw, prefixes, mn, ops, nops, insn);
            }
            goto done;
        }
        if (xchg_like) {
            for (int i = 0; i < nops; i++)
                if (parse_reg_operand(ops[i], &r) == 0 && r.fam == R_SP) {
                    forbid(rw, insn, "writes rsp in a way ivcc cannot re-sandbox");
                    goto done;
                }
        }
    }
    /* bt/bts/btr/btc with a register bit offset on memory address a bit
     * string: EA + offset/8, beyond any 32-bit truncation.  Compilers emit
     * them for atomic bit test-and-set/reset/complement of `1 << n`, where
     * n is below the operand's width (or the C is undefined), so bounding
     * n to the width, as sfi.md §3 requires, changes nothing; hand-written
     * code may mean the bit string, so it is refused there. */
    if ((mn_is(mn, "bt", "wlq") || mn_is(mn, "bts", "wlq") || mn_is(mn, "btr", "wlq") ||
         mn_is(mn, "btc", "wlq")) && nops == 2 && is_memory_operand(ops[1])) {
        struct reg r;
        if (parse_reg_operand(ops[0], &r) == 0) {
            if (!rw->o->compiler_output || rw->in_app) {
                forbid(rw, insn, "bit test on memory with a register bit offset (a bit string "
                                 "reaching past the operand); use the immediate form, or mask "
                                 "the offset in C");
                goto done;
            }
            if (r.fam == R_14 || r.fam == R_SP || r.width < 16) {
                forbid(rw, insn, "bit test with rsp, r14 or a byte register as its bit offset");
                goto done;
            }
            char last = mn[strlen(mn) - 1];
            int width = last == 'w' ? 16 : last == 'l' ? 32 : last == 'q' ? 64 : r.width;
            int a32 = 0;
            char *m = !strncmp(ops[1], "%fs:", 4) ? NULL : sandbox_mem(rw, ops[1], &a32);
            if (!m) {
                if (!strncmp(ops[1], "%fs:", 4))
                    forbid(rw, insn, "bit test on a %fs operand");
                goto done;
            }
            out(rw, "\t.bundle_lock\n\tandl $%d, %%%s\n\t%s%s%s%s %s, %s\n\t.bundle_unlock\n", width - 1,
                reg_name(r.fam, 32), a32 && !prefix_has(prefixes, "addr32") ? "addr32 " : "", prefixes,
                prefixes[0] ? " " : "", mn, ops[0], m);
            free(m);
            goto done;
        }
    }
    /* Everything else: sandbox the memory operands. */
    {
        /* lea does not access memory.  A nop's memory operand is under the
         * rule too (docs/sfi.md §6: only the assembler's own padding bytes
         * are exempt), so a hand-written `nopw %cs:0(%rax,%rax,1)` becomes
         * `nopw %gs:0(%eax,%eax,1)`: the %cs is meaningless on a nop. */
        int exempt = mn_is(mn, "lea", "wlq");
        int nop = mn_is(mn, "nop", "wlq");
        int changed = 0, a32 = 0;
        char *conv[MAXOPS];
        for (int i = 0; i < nops; i++) {
            conv[i] = NULL;
            if (!exempt && is_memory_operand(ops[i])) {
                const char *op = ops[i];
                if (nop && !strncmp(op, "%cs:", 4))
                    op += 4;
                if (!strncmp(op, "%fs:", 4))
                    conv[i] = tp_operand(rw, mn, nops, ops, i);
                else
                    conv[i] = sandbox_mem(rw, op, &a32);
                if (!conv[i]) {
                    for (int k = 0; k < i; k++)
                        free(conv[k]);
                    goto done;
                }
                changed = 1;
            }
        }
        /* LLVM's assembler emits a separate `addr32` prefix statement as a
         * fragment of its own, and in bundle mode may put padding between
         * it and the instruction; lock the two together. */
        int lock = a32 || prefix_has(prefixes, "addr32");
        if (lock)
            out(rw, "\t.bundle_lock\n");
        if (!changed && !prefix_has(prefixes, "notrack")) {
            out(rw, "\t%s\n", insn);
        } else {
            out(rw, "\t%s", a32 && !prefix_has(prefixes, "addr32") ? "addr32 " : "");
            if (prefixes[0])
                out(rw, "%s ", prefixes);
            out(rw, "%s", mn);
            for (int i = 0; i < nops; i++)
                out(rw, "%s%s", i ? ", " : " ", conv[i] ? conv[i] : ops[i]);
            out(rw, "\n");
        }
        if (lock)
            out(rw, "\t.bundle_unlock\n");
        for (int i = 0; i < nops; i++)
            free(conv[i]);
    }
done:
    for (int i = 0; i < nops; i++)
        free(ops[i]);
}

/* ----------------------------------------------------------- directives */

static int is_data_directive(const char *d)
{
    static const char *const dd[] = {".quad", ".long", ".int", ".word", ".short", ".value", ".byte",
                                     ".2byte", ".4byte", ".8byte", ".dc.a", ".dc.l", ".dc.w", ".dc.b",
                                     ".uleb128", ".sleb128", ".set", ".equ", ".reloc", NULL};
    return mn_in(d, dd, NULL);
}

struct markctx {
    struct symtab *t;
    unsigned flag;
};

static void mark_cb(const char *name, size_t len, void *ctx)
{
    struct markctx *m = ctx;
    symtab_or(m->t, name, len, m->flag);
}

/* Pass 1: learn symbol facts. */
static void collect(struct rw *rw, struct stmts *s)
{
    reset_sections(rw);
    for (size_t i = 0; i < s->n; i++) {
        if (s->v[i].kind != ST_TEXT)
            continue;
        const char *t = s->v[i].text, *rest;
        size_t l;
        while ((l = lex_label(t, &rest))) {
            symtab_or(&rw->syms, t, l, rw->cur.exec ? SYM_CODE : SYM_DATA);
            t = rest;
            while (isspace((unsigned char)*t))
                t++;
        }
        if (!*t)
            continue;
        char w[64];
        const char *args = lex_word(t, w, sizeof w);
        struct markctx mc = {&rw->syms, SYM_ADDR};
        if (w[0] == '.') {
            if (section_directive(rw, w, args))
                continue;
            if (!strcmp(w, ".type") && strstr(args, "function")) {
                size_t n = strcspn(args, ", \t");
                symtab_or(&rw->syms, args, n, SYM_FUNC);
            } else if (!strcmp(w, ".globl") || !strcmp(w, ".global") || !strcmp(w, ".weak")) {
                mc.flag = SYM_GLOBAL;
                scan_symbols(args, mark_cb, &mc);
            } else if (is_data_directive(w) && !is_debug_section(rw->cur.name) &&
                       strcmp(rw->cur.name, ".eh_frame") != 0) {
                scan_symbols(args, mark_cb, &mc);
            }
            continue;
        }
        const char *rest2 = t;
        for (;;) {
            const char *r2 = lex_word(rest2, w, sizeof w);
            if (!is_prefix_word(w) || !*r2)
                break;
            rest2 = r2;
        }
        const char *ops = lex_word(rest2, w, sizeof w);
        if (is_direct_branch_mn(w) && ops[0] != '*')
            continue;
        scan_symbols(ops, mark_cb, &mc);
    }
}

/* A code label must start a bundle if an indirect branch may target it:
 * its address is taken in this file, or it is visible to other files.  A
 * static function only ever called directly need not (calls and jumps to
 * it are direct), which saves the padding in front of it. */
static int needs_align(struct rw *rw, const char *name, size_t len)
{
    unsigned f = symtab_get(&rw->syms, name, len);
    return (f & SYM_CODE) && (f & (SYM_GLOBAL | SYM_ADDR));
}

/* Directives about symbols rather than section contents.  They may follow
 * a dropped .debug_* section (clang puts aliases such as musl's weak_alias
 * `.weak x; .set x, y` after its debug sections) and must survive it; a .set
 * naming a local label could name one inside the dropped section, and local
 * labels are never aliases of code, so those stay dropped. */
static int symbol_directive(const char *w, const char *args)
{
    static const char *const names[] = {".weak", ".globl", ".global", ".hidden", ".protected",
                                        ".internal", ".type", ".symver", ".ident", NULL};
    for (int i = 0; names[i]; i++)
        if (!strcmp(w, names[i]))
            return 1;
    if (!strcmp(w, ".set") || !strcmp(w, ".equ") || !strcmp(w, ".equiv"))
        return strstr(args, ".L") == NULL;
    return 0;
}

static void directive(struct rw *rw, const char *w, const char *args, const char *text)
{
    if (section_directive(rw, w, args)) {
        int dbg = rw->o->strip_debug && is_debug_section(rw->cur.name);
        rw->skipping = dbg;
        if (!dbg)
            out(rw, "\t%s\n", text);
        return;
    }
    if (rw->skipping && !symbol_directive(w, args))
        return;
    if (!strcmp(w, ".bundle_align_mode"))
        return; /* ours is the first line */
    if (!strcmp(w, ".intel_syntax")) {
        error(rw, "ivcc: .intel_syntax is not supported (use AT&T syntax)");
        return;
    }
    if (!strcmp(w, ".code16") || !strcmp(w, ".code32")) {
        error(rw, "ivcc: %s: cVM code is 64-bit", w);
        return;
    }
    if (!strcmp(w, ".macro") || !strcmp(w, ".rept") || !strcmp(w, ".irp") || !strcmp(w, ".irpc")) {
        error(rw, "ivcc: assembler macros (%s) are not supported by the rewriter", w);
        return;
    }
    if (!strcmp(w, ".file")) {
        char *end;
        long n = strtol(args, &end, 10);
        if (end != args) {
            /* .file N "name" or (DWARF 5) .file N "dir" "name" [md5 ...] */
            const char *q1 = strchr(end, '"');
            const char *name = NULL;
            size_t nl = 0;
            if (q1) {
                const char *e1 = strchr(q1 + 1, '"');
                name = q1 + 1;
                nl = e1 ? (size_t)(e1 - name) : 0;
                const char *q2 = e1 ? strchr(e1 + 1, '"') : NULL;
                if (q2 && (size_t)(q2 - e1) < 4) {
                    const char *e2 = strchr(q2 + 1, '"');
                    if (e2) {
                        name = q2 + 1;
                        nl = (size_t)(e2 - name);
                    }
                }
            }
            if (n >= 0 && n < 256 && name) {
                free(rw->files[n]);
                rw->files[n] = xstrndup(name, nl);
            }
            if (rw->o->strip_debug)
                return;
        }
        out(rw, "\t%s\n", text);
        return;
    }
    if (!strcmp(w, ".loc")) {
        char *end;
        long f = strtol(args, &end, 10);
        long ln = strtol(end, NULL, 10);
        rw->loc_file = (int)f;
        rw->loc_line = (int)ln;
        if (!rw->o->strip_debug)
            out(rw, "\t%s\n", text);
        return;
    }
    out(rw, "\t%s\n", text);
}

static void emit(struct rw *rw, struct stmts *s)
{
    reset_sections(rw);
    out(rw, "\t.bundle_align_mode 5\n");
    for (size_t i = 0; i < s->n; i++) {
        struct stmt *st = &s->v[i];
        rw->st = st;
        if (st->kind == ST_LINEMARK) {
            rw->mark_file = st->mark_line > 0 ? st->mark_file : NULL;
            rw->mark_line = st->mark_line;
            rw->mark_asmline = st->line;
            continue;
        }
        if (st->kind == ST_APP) {
            rw->in_app = 1;
            continue;
        }
        if (st->kind == ST_NOAPP) {
            rw->mark_file = NULL;
            rw->in_app = 0;
            continue;
        }
        if (st->kind != ST_TEXT)
            continue;
        const char *t = st->text, *rest;
        size_t l;
        while ((l = lex_label(t, &rest))) {
            if (!rw->skipping) {
                if (rw->pending_prefix[0]) {
                    error(rw, "ivcc: prefix '%s' before a label", rw->pending_prefix);
                    rw->pending_prefix[0] = 0;
                }
                if (needs_align(rw, t, l))
                    out(rw, "\t.p2align 5\n");
                out(rw, "%.*s:\n", (int)l, t);
            }
            t = rest;
            while (isspace((unsigned char)*t))
                t++;
        }
        if (!*t)
            continue;
        char w[64];
        const char *args = lex_word(t, w, sizeof w);
        if (w[0] == '.') {
            directive(rw, w, args, t);
            continue;
        }
        if (rw->skipping)
            continue;
        instruction(rw, t);
    }
    if (rw->pending_prefix[0])
        error(rw, "ivcc: dangling prefix '%s'", rw->pending_prefix);
}

int rw_rewrite(const char *buf, FILE *o, const struct rw_opts *opts)
{
    struct rw rw;
    memset(&rw, 0, sizeof rw);
    rw.o = opts;
    rw.out = o;
    rw.loc_file = -1;
    struct stmts s = {0};
    lex_statements(buf, &s);
    int rc = RW_OK;
    if (opts->rename_reserved) {
        char *bad = NULL;
        if (rename_reserved(&s, &bad) != 0) {
            if (opts->verbose)
                fprintf(stderr, "%s: note: no free register to move r14 to in function %s\n",
                        opts->asm_name, bad);
            free(bad);
            rc = RW_NO_RENAME;
            goto out;
        }
    }
    symtab_init(&rw.syms);
    collect(&rw, &s);
    emit(&rw, &s);
    symtab_free(&rw.syms);
    if (rw.errors)
        rc = RW_ERROR;
out:
    for (int i = 0; i < 256; i++)
        free(rw.files[i]);
    stmts_free(&s);
    return rc;
}
