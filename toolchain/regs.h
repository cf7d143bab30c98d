/* x86-64 general-purpose register names as they appear in AT&T assembly. */
#ifndef IVCC_REGS_H
#define IVCC_REGS_H
#include <stddef.h>

/* Register families: one per 64-bit GPR, plus pseudo-registers. */
enum reg_family {
    R_NONE = -1,
    R_AX, R_CX, R_DX, R_BX, R_SP, R_BP, R_SI, R_DI,
    R_8, R_9, R_10, R_11, R_12, R_13, R_14, R_15,
    R_IP, R_IZ, /* %rip and the "no index" %riz/%eiz */
    R_NFAMILIES
};

struct reg {
    enum reg_family fam;
    int width; /* bits: 8, 16, 32, 64 */
};

/* Parses a register name without the leading '%' ("rax", "r8d", "spl").
 * Returns 0 on success (fills *r), -1 if NAME is not a GPR. */
int reg_parse(const char *name, size_t len, struct reg *r);
/* The name (without '%') of family FAM at WIDTH bits. */
const char *reg_name(enum reg_family fam, int width);

#endif
