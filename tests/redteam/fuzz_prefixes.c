/* Red-team differential fuzz of the fast path against the Zydis path, over
 * what tests/groups/10-verifier-fastpath.sh does not enumerate: every legacy
 * prefix (26 2e 36 3e 64 65 66 67 f0 f2 f3), repeated and in any order,
 * REX before and after legacy prefixes, 0f 38 / 0f 3a opcodes, VEX/EVEX/XOP
 * leads and the fast path's own opcodes, with random modrm/sib/disp/imm.
 * Each case is one instruction followed by int3 padding; the three modes
 * (cross-checked fast path, Zydis only, production) must agree exactly.
 * Usage: fuzz_prefixes ITERATIONS SEED.  Exit 1 on any mismatch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../verifier/internal.h"

static uint64_t rng;
static uint32_t rnd(void)
{
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return (uint32_t)rng;
}

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    long iters = atol(argv[1]), mism = 0, accepted = 0;
    rng = strtoull(argv[2], NULL, 0) * 2 + 1;
    static const unsigned char pfx[] = {0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67,
                                        0xf0, 0xf2, 0xf3, 0x65, 0x67, 0x66};
    static const unsigned char lead[] = {0x0f, 0x0f, 0xc4, 0xc5, 0x62, 0x8f, 0xd9, 0xdd,
                                         0x8d, 0x89, 0x8b, 0x83, 0x81, 0xff, 0xc7, 0xf7,
                                         0x01, 0x31, 0x63, 0x87, 0xe8, 0xe9, 0xeb, 0x74,
                                         0x50, 0x58, 0xb8, 0x90, 0xcc, 0xa5, 0xe3};
    for (long it = 0; it < iters; it++) {
        unsigned char buf[32];
        int pos = 0;
        int np = (int)(rnd() % 5);
        for (int k = 0; k < np; k++) {
            if (rnd() % 5 == 0)
                buf[pos++] = (unsigned char)(0x40 | (rnd() & 15));   /* REX among prefixes */
            buf[pos++] = pfx[rnd() % sizeof pfx];
        }
        if (rnd() % 2)
            buf[pos++] = (unsigned char)(0x40 | (rnd() & 15));
        unsigned char op = lead[rnd() % sizeof lead];
        buf[pos++] = op;
        if (op == 0x0f) {
            unsigned k = rnd() % 4;
            if (k == 0) buf[pos++] = 0x38;
            else if (k == 1) buf[pos++] = 0x3a;
        }
        int tail = 1 + (int)(rnd() % 10);
        for (int k = 0; k < tail && pos < 32; k++)
            buf[pos++] = (unsigned char)rnd();
        while (pos < 32)
            buf[pos++] = 0xcc;
        struct iv_verify_error e1, e2, e3;
        int a = iv_verify_code_opts(buf, 32, 0, 0, 32, IV_OPT_CROSSCHECK, &e1);
        int b = iv_verify_code_opts(buf, 32, 0, 0, 32, IV_OPT_NO_FASTPATH, &e2);
        int c = iv_verify_code_opts(buf, 32, 0, 0, 32, 0, &e3);
        accepted += !b;
        if (a != b || b != c || (a && (e1.offset != e2.offset || e2.offset != e3.offset ||
                                       strcmp(e2.reason, e3.reason)))) {
            if (++mism < 5) {
                printf("mismatch:");
                for (int i = 0; i < 32; i++) printf(" %02x", buf[i]);
                printf("\n cross: %d %s\n zydis: %d %s\n fast: %d %s\n", a, e1.reason, b,
                       e2.reason, c, e3.reason);
            }
        }
    }
    printf("%ld iterations, %ld accepted, %ld mismatches\n", iters, accepted, mism);
    return mism != 0;
}
