/* GPR name tables.  Kept separate so the rewriter and the clang register
 * renamer agree on every spelling of a register. */
#include "regs.h"
#include <string.h>

static const char *const names[R_NFAMILIES][4] = {
    /* 8, 16, 32, 64 */
    [R_AX] = {"al", "ax", "eax", "rax"},     [R_CX] = {"cl", "cx", "ecx", "rcx"},
    [R_DX] = {"dl", "dx", "edx", "rdx"},     [R_BX] = {"bl", "bx", "ebx", "rbx"},
    [R_SP] = {"spl", "sp", "esp", "rsp"},    [R_BP] = {"bpl", "bp", "ebp", "rbp"},
    [R_SI] = {"sil", "si", "esi", "rsi"},    [R_DI] = {"dil", "di", "edi", "rdi"},
    [R_8] = {"r8b", "r8w", "r8d", "r8"},     [R_9] = {"r9b", "r9w", "r9d", "r9"},
    [R_10] = {"r10b", "r10w", "r10d", "r10"}, [R_11] = {"r11b", "r11w", "r11d", "r11"},
    [R_12] = {"r12b", "r12w", "r12d", "r12"}, [R_13] = {"r13b", "r13w", "r13d", "r13"},
    [R_14] = {"r14b", "r14w", "r14d", "r14"}, [R_15] = {"r15b", "r15w", "r15d", "r15"},
    [R_IP] = {NULL, "ip", "eip", "rip"},     [R_IZ] = {NULL, NULL, "eiz", "riz"},
};

static int width_index(int width)
{
    switch (width) {
    case 8: return 0;
    case 16: return 1;
    case 32: return 2;
    default: return 3;
    }
}

int reg_parse(const char *name, size_t len, struct reg *r)
{
    static const int widths[4] = {8, 16, 32, 64};
    for (int f = 0; f < R_NFAMILIES; f++)
        for (int w = 0; w < 4; w++) {
            const char *n = names[f][w];
            if (n && strlen(n) == len && strncmp(n, name, len) == 0) {
                r->fam = (enum reg_family)f;
                r->width = widths[w];
                return 0;
            }
        }
    /* The legacy high-byte registers: only their family matters here. */
    static const char *const high[4] = {"ah", "ch", "dh", "bh"};
    static const enum reg_family highfam[4] = {R_AX, R_CX, R_DX, R_BX};
    for (int i = 0; i < 4; i++)
        if (len == 2 && strncmp(high[i], name, 2) == 0) {
            r->fam = highfam[i];
            r->width = 8;
            return 0;
        }
    return -1;
}

const char *reg_name(enum reg_family fam, int width)
{
    if (fam < 0 || fam >= R_NFAMILIES)
        return NULL;
    return names[fam][width_index(width)];
}
