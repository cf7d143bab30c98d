/* Instruction allow-list (by ISA extension) and deny-list (by mnemonic):
 * docs/sfi.md §6.  This only decides which *kinds* of instructions may
 * appear; operand rules (memory, r14, rsp, branches) are checked in code.c. */
#include "internal.h"

/* ISA extensions whose instructions are unprivileged computation, ordinary
 * memory access (checked separately) or cache hints.  Everything else
 * (XSAVE, RTM, SGX, VTX, MPX, PKU, RDWRFSGS, MONITOR, CET, AMX, ...) is
 * rejected: we only allow what a compiler emits for user code. */
static const ZydisISAExt allowed_ext[] = {
    ZYDIS_ISA_EXT_BASE,     ZYDIS_ISA_EXT_LONGMODE, ZYDIS_ISA_EXT_X87,
    ZYDIS_ISA_EXT_MMX,      ZYDIS_ISA_EXT_SSE,      ZYDIS_ISA_EXT_SSE2,
    ZYDIS_ISA_EXT_SSE3,     ZYDIS_ISA_EXT_SSSE3,    ZYDIS_ISA_EXT_SSE4,
    ZYDIS_ISA_EXT_AVX,      ZYDIS_ISA_EXT_AVX2,     ZYDIS_ISA_EXT_AVX2GATHER,
    ZYDIS_ISA_EXT_AVX512EVEX, ZYDIS_ISA_EXT_AVX512VEX, ZYDIS_ISA_EXT_AVX_VNNI,
    ZYDIS_ISA_EXT_FMA,      ZYDIS_ISA_EXT_F16C,     ZYDIS_ISA_EXT_BMI1,
    ZYDIS_ISA_EXT_BMI2,     ZYDIS_ISA_EXT_LZCNT,    ZYDIS_ISA_EXT_MOVBE,
    ZYDIS_ISA_EXT_ADOX_ADCX, ZYDIS_ISA_EXT_AES,     ZYDIS_ISA_EXT_AVXAES,
    ZYDIS_ISA_EXT_VAES,     ZYDIS_ISA_EXT_PCLMULQDQ, ZYDIS_ISA_EXT_VPCLMULQDQ,
    ZYDIS_ISA_EXT_GFNI,     ZYDIS_ISA_EXT_SHA,      ZYDIS_ISA_EXT_RDRAND,
    ZYDIS_ISA_EXT_RDSEED,   ZYDIS_ISA_EXT_CLFSH,    ZYDIS_ISA_EXT_CLFLUSHOPT,
    ZYDIS_ISA_EXT_CLWB,     ZYDIS_ISA_EXT_PAUSE,    ZYDIS_ISA_EXT_RDTSCP,
    ZYDIS_ISA_EXT_AMD3DNOW_PREFETCH, /* prefetchw: compilers emit it */
};

/* Mnemonics denied whatever their ISA extension, with the rule they break.
 * Many are also privileged or outside the allowed extensions; naming them
 * here gives a precise reason and a second line of defence. */
static const struct {
    ZydisMnemonic m;
    const char *why;
} denied[] = {
    {ZYDIS_MNEMONIC_SYSCALL, "syscall is forbidden"},
    {ZYDIS_MNEMONIC_SYSENTER, "sysenter is forbidden"},
    {ZYDIS_MNEMONIC_SYSEXIT, "sysexit is forbidden"},
    {ZYDIS_MNEMONIC_SYSRET, "sysret is forbidden"},
    {ZYDIS_MNEMONIC_INT, "int n is forbidden"},
    {ZYDIS_MNEMONIC_INT1, "int1 is forbidden"},
    {ZYDIS_MNEMONIC_INTO, "into is forbidden"},
    {ZYDIS_MNEMONIC_IRET, "iret is forbidden (far transfer)"},
    {ZYDIS_MNEMONIC_IRETD, "iret is forbidden (far transfer)"},
    {ZYDIS_MNEMONIC_IRETQ, "iret is forbidden (far transfer)"},
    {ZYDIS_MNEMONIC_RET, "ret is forbidden (use pop/mask/jmp)"},
    {ZYDIS_MNEMONIC_ENTER, "enter is forbidden (implicit stack-pointer write)"},
    {ZYDIS_MNEMONIC_LEAVE, "leave is forbidden (implicit stack-pointer write)"},
    {ZYDIS_MNEMONIC_POPF, "popf is forbidden"},
    {ZYDIS_MNEMONIC_POPFD, "popf is forbidden"},
    {ZYDIS_MNEMONIC_POPFQ, "popf is forbidden"},
    {ZYDIS_MNEMONIC_LFS, "segment register write is forbidden"},
    {ZYDIS_MNEMONIC_LGS, "segment register write is forbidden"},
    {ZYDIS_MNEMONIC_LSS, "segment register write is forbidden"},
    {ZYDIS_MNEMONIC_SWAPGS, "swapgs is forbidden"},
    {ZYDIS_MNEMONIC_WRFSBASE, "wrfsbase is forbidden (segment base write)"},
    {ZYDIS_MNEMONIC_WRGSBASE, "wrgsbase is forbidden (segment base write)"},
    {ZYDIS_MNEMONIC_RDFSBASE, "rdfsbase is forbidden (reveals the monitor's FS base)"},
    {ZYDIS_MNEMONIC_RDGSBASE, "rdgsbase is forbidden"},
    {ZYDIS_MNEMONIC_WRPKRU, "wrpkru is forbidden"},
    {ZYDIS_MNEMONIC_RDPKRU, "rdpkru is forbidden"},
    {ZYDIS_MNEMONIC_FXSAVE, "fxsave/xsave family is forbidden"},
    {ZYDIS_MNEMONIC_FXSAVE64, "fxsave/xsave family is forbidden"},
    {ZYDIS_MNEMONIC_FXRSTOR, "fxsave/xsave family is forbidden"},
    {ZYDIS_MNEMONIC_FXRSTOR64, "fxsave/xsave family is forbidden"},
    {ZYDIS_MNEMONIC_XSAVE, "fxsave/xsave family is forbidden"},
    {ZYDIS_MNEMONIC_XSAVE64, "fxsave/xsave family is forbidden"},
    {ZYDIS_MNEMONIC_XSAVEC, "fxsave/xsave family is forbidden"},
    {ZYDIS_MNEMONIC_XSAVEC64, "fxsave/xsave family is forbidden"},
    {ZYDIS_MNEMONIC_XSAVEOPT, "fxsave/xsave family is forbidden"},
    {ZYDIS_MNEMONIC_XSAVEOPT64, "fxsave/xsave family is forbidden"},
    {ZYDIS_MNEMONIC_XSAVES, "fxsave/xsave family is forbidden"},
    {ZYDIS_MNEMONIC_XSAVES64, "fxsave/xsave family is forbidden"},
    {ZYDIS_MNEMONIC_XRSTOR, "fxsave/xsave family is forbidden"},
    {ZYDIS_MNEMONIC_XRSTOR64, "fxsave/xsave family is forbidden"},
    {ZYDIS_MNEMONIC_XRSTORS, "fxsave/xsave family is forbidden"},
    {ZYDIS_MNEMONIC_XRSTORS64, "fxsave/xsave family is forbidden"},
    {ZYDIS_MNEMONIC_XBEGIN, "xbegin is forbidden"},
    {ZYDIS_MNEMONIC_XABORT, "xabort is forbidden"},
    {ZYDIS_MNEMONIC_XEND, "xend is forbidden"},
    {ZYDIS_MNEMONIC_HLT, "hlt is forbidden (privileged)"},
    {ZYDIS_MNEMONIC_IN, "port I/O is forbidden"},
    {ZYDIS_MNEMONIC_OUT, "port I/O is forbidden"},
    {ZYDIS_MNEMONIC_INSB, "port I/O is forbidden"},
    {ZYDIS_MNEMONIC_INSW, "port I/O is forbidden"},
    {ZYDIS_MNEMONIC_INSD, "port I/O is forbidden"},
    {ZYDIS_MNEMONIC_OUTSB, "port I/O is forbidden"},
    {ZYDIS_MNEMONIC_OUTSW, "port I/O is forbidden"},
    {ZYDIS_MNEMONIC_OUTSD, "port I/O is forbidden"},
    {ZYDIS_MNEMONIC_CLI, "cli is forbidden"},
    {ZYDIS_MNEMONIC_STI, "sti is forbidden"},
    /* Zydis 4.0 does not mark lgdt privileged (found by the differential
     * check), so the system-table loads are named here, not left to the
     * privileged attribute. */
    {ZYDIS_MNEMONIC_LGDT, "system-table instruction is forbidden"},
    {ZYDIS_MNEMONIC_LIDT, "system-table instruction is forbidden"},
    {ZYDIS_MNEMONIC_LLDT, "system-table instruction is forbidden"},
    {ZYDIS_MNEMONIC_LTR, "system-table instruction is forbidden"},
    {ZYDIS_MNEMONIC_LMSW, "system-table instruction is forbidden"},
    {ZYDIS_MNEMONIC_SGDT, "system-table instruction is forbidden"},
    {ZYDIS_MNEMONIC_SIDT, "system-table instruction is forbidden"},
    {ZYDIS_MNEMONIC_SLDT, "system-table instruction is forbidden"},
    {ZYDIS_MNEMONIC_STR, "system-table instruction is forbidden"},
    {ZYDIS_MNEMONIC_SMSW, "system-table instruction is forbidden"},
    {ZYDIS_MNEMONIC_LAR, "system-table instruction is forbidden"},
    {ZYDIS_MNEMONIC_LSL, "system-table instruction is forbidden"},
    {ZYDIS_MNEMONIC_VERR, "system-table instruction is forbidden"},
    {ZYDIS_MNEMONIC_VERW, "system-table instruction is forbidden"},
    {ZYDIS_MNEMONIC_RDPMC, "rdpmc is forbidden"},
    {ZYDIS_MNEMONIC_RSM, "rsm is forbidden"},
    {ZYDIS_MNEMONIC_XLAT, "xlat is forbidden (implicit memory operand)"},
    {ZYDIS_MNEMONIC_MASKMOVQ, "maskmovq is forbidden (implicit memory operand)"},
    {ZYDIS_MNEMONIC_MASKMOVDQU, "maskmovdqu is forbidden (implicit memory operand)"},
    {ZYDIS_MNEMONIC_VMASKMOVDQU, "maskmovdqu is forbidden (implicit memory operand)"},
    {ZYDIS_MNEMONIC_MONITOR, "monitor is forbidden"},
    {ZYDIS_MNEMONIC_MWAIT, "mwait is forbidden"},
};

static uint8_t ext_ok[ZYDIS_ISA_EXT_MAX_VALUE + 1];
static const char *deny_why[ZYDIS_MNEMONIC_MAX_VALUE + 1];

/* Build the lookup tables once.  Called through pthread_once, so threads
 * verifying in parallel never see half-built tables. */
static void build_tables(void)
{
    for (size_t i = 0; i < sizeof allowed_ext / sizeof allowed_ext[0]; i++)
        ext_ok[allowed_ext[i]] = 1;
    for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++)
        deny_why[denied[i].m] = denied[i].why;
}

#include <pthread.h>
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

const char *iv_insn_denied(const ZydisDecodedInstruction *insn)
{
    pthread_once(&tables_once, build_tables);
    if ((unsigned)insn->mnemonic <= ZYDIS_MNEMONIC_MAX_VALUE && deny_why[insn->mnemonic])
        return deny_why[insn->mnemonic];
    if (insn->attributes & ZYDIS_ATTRIB_IS_PRIVILEGED)
        return "privileged instruction";
    /* endbr64 is a nop outside CET; it is the one CET instruction we allow. */
    if (insn->mnemonic == ZYDIS_MNEMONIC_ENDBR64)
        return NULL;
    if ((unsigned)insn->meta.isa_ext > ZYDIS_ISA_EXT_MAX_VALUE || !ext_ok[insn->meta.isa_ext])
        return "instruction set extension not on the allow-list";
    return NULL;
}
