/* Test driver for the verifier (not part of the trusted core).
 *   verifier-test elf MODE FILE...   verify ELF files; MODE is one of
 *                                    fast (production), zydis (no fast path),
 *                                    cross (fast path re-checked by Zydis), one (one thread)
 *                                    prints "ok" or "0xOFF: INSN: REASON" per file
 *   verifier-test raw MODE FILE      verify FILE's bytes as code at vaddr 0
 *   verifier-test random N SEED      random bundles: production and Zydis-only verdicts
 *                                    must agree, and fast path must agree with Zydis
 *   verifier-test structured N SEED  like random, but the bundles are built from instructions
 *                                    shaped like the fast path's forms (its prefixes, REX,
 *                                    opcodes, modrm/sib/disp/imm), to exercise its corners
 *   verifier-test exhaustive         every 1- and 2-byte opcode (and 0f map) with every modrm
 *                                    byte, under a set of prefix combinations, then fixed
 *                                    tails: the cross-checked fast path and the Zydis path
 *                                    must give the same verdict, offset and reason
 *   verifier-test mutate FILE N SEED mutate a valid ELF N times (header fields set to
 *                                    boundary values, random bytes, truncation) and verify
 *                                    each copy from an exact-size heap buffer (for ASan) */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../verifier/internal.h"

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    unsigned char *b = malloc(cap);
    size_t r;
    while (b && (r = fread(b + len, 1, cap - len, f)) > 0) {
        len += r;
        if (len == cap)
            b = realloc(b, cap *= 2);
    }
    fclose(f);
    *n = len;
    return b;
}

static int mode_opts(const char *m)
{
    if (!strcmp(m, "fast")) return 0;
    if (!strcmp(m, "zydis")) return IV_OPT_NO_FASTPATH;
    if (!strcmp(m, "cross")) return IV_OPT_CROSSCHECK;
    if (!strcmp(m, "one")) return IV_OPT_ONE_THREAD | IV_OPT_NO_FASTPATH;
    fprintf(stderr, "bad mode %s\n", m);
    exit(2);
}

static void print_result(const char *name, int rc, const struct iv_verify_error *e)
{
    if (!rc)
        printf("%s: ok\n", name);
    else
        printf("%s: 0x%llx: %s: %s\n", name, (unsigned long long)e->offset, e->insn, e->reason);
}

static uint64_t rng;
static uint32_t rnd(void)
{
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return (uint32_t)rng;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && !strcmp(argv[1], "elf")) {
        int opts = mode_opts(argv[2]), status = 0;
        for (int i = 3; i < argc; i++) {
            size_t n;
            unsigned char *d = slurp(argv[i], &n);
            if (!d) { printf("%s: unreadable\n", argv[i]); status = 1; continue; }
            struct iv_verify_error e;
            int rc = iv_verify_elf_opts(d, n, opts, &e);
            print_result(argv[i], rc, &e);
            status |= rc != 0;
            free(d);
        }
        return status;
    }
    if (argc == 4 && !strcmp(argv[1], "raw")) {
        size_t n;
        unsigned char *d = slurp(argv[3], &n);
        if (!d) return 2;
        struct iv_verify_error e;
        int rc = iv_verify_code_opts(d, n, 0, 0, n, mode_opts(argv[2]), &e);
        print_result(argv[3], rc, &e);
        return rc != 0;
    }
    if (argc == 4 && (!strcmp(argv[1], "random") || !strcmp(argv[1], "structured"))) {
        int structured = !strcmp(argv[1], "structured");
        long iters = atol(argv[2]);
        rng = strtoull(argv[3], NULL, 0) * 2 + 1;
        long mism = 0, accepted = 0;
        static const unsigned char pfx[] = {0x65, 0x67, 0x66, 0x2e, 0xf2, 0xf3, 0x66, 0x65, 0x67};
        static const unsigned char ops1[] = {
            0x00, 0x01, 0x02, 0x03, 0x09, 0x0b, 0x21, 0x23, 0x29, 0x2b, 0x31, 0x33, 0x38, 0x39,
            0x3b, 0x63, 0x69, 0x6b, 0x80, 0x81, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a,
            0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0xc0, 0xc1, 0xc6, 0xc7, 0xd0, 0xd1, 0xd3, 0xf6,
            0xf7, 0xfe, 0xff, 0x50, 0x54, 0x58, 0x5c, 0x5e, 0xb8, 0xbc, 0xbe, 0x70, 0x7f, 0xeb,
            0xe8, 0xe9, 0xcc, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x0f, 0x6a, 0x68, 0x98, 0x99,
            0x04, 0x05, 0x0c, 0x0d, 0x25, 0x25, 0x3c, 0x3d, 0xa8, 0xa9, 0xd8, 0xd9, 0xda, 0xdb,
            0xdc, 0xdd, 0xde, 0xdf, 0xd9, 0xdb, 0xdd, 0xdf};
        static const unsigned char ops2[] = {
            0x0b, 0x1f, 0x1f, 0x10, 0x11, 0x28, 0x29, 0x2e, 0x2f, 0x40, 0x4f, 0x54, 0x55, 0x56,
            0x57, 0x58, 0x59, 0x5c, 0x5e, 0x80, 0x8f, 0x90, 0x9f, 0xaf, 0xb6, 0xb7, 0xbe, 0xbf,
            0xef, 0xa3, 0xab, 0xb3, 0xbb, 0x6e, 0x7e, 0x2c, 0x2d, 0xd6, 0x6e, 0x7e, 0x6f, 0x7f};
        for (long it = 0; it < iters; it++) {
            unsigned char buf[64];
            for (int i = 0; i < 64; i++) buf[i] = (unsigned char)rnd();
            for (int pos = 0; structured && pos < 56;) {
                if (rnd() % 3 == 0) {
                    /* The exact forms the fast path matches (mask, add of r14,
                     * jmp/call *R, esp writes, re-base, runtime call), with
                     * random registers, prefixes and now and then a bad byte. */
                    unsigned r = rnd() & 15, pick = rnd() % 8;
                    unsigned char t[16];
                    int tl = 0;
                    if (pick == 0) { if (r & 8) t[tl++] = 0x41; t[tl++] = 0x83; t[tl++] = (unsigned char)(0xe0 | (r & 7)); t[tl++] = 0xe0; }
                    else if (pick == 1) { t[tl++] = (unsigned char)(0x4c | (r >> 3)); t[tl++] = 0x01; t[tl++] = (unsigned char)(0xf0 | (r & 7)); }
                    else if (pick == 2) { if (r & 8) t[tl++] = 0x41; t[tl++] = 0xff; t[tl++] = (unsigned char)((rnd() & 1 ? 0xe0 : 0xd0) | (r & 7)); }
                    else if (pick == 3) { t[tl++] = rnd() & 1 ? 0x83 : 0x81; t[tl++] = (unsigned char)(0xc0 | (rnd() & 0x38) | (rnd() & 7)); for (int k = 0; k < 4; k++) t[tl++] = (unsigned char)rnd(); }
                    else if (pick == 4) { t[tl++] = 0x4a; t[tl++] = 0x8d; t[tl++] = 0x24; t[tl++] = 0x34; }
                    else if (pick == 5) { t[tl++] = rnd() & 1 ? 0x65 : 0x67; t[tl++] = rnd() & 1 ? 0x67 : 0x65; t[tl++] = 0xff; t[tl++] = 0x14; t[tl++] = 0x25;
                                          uint32_t d = 0x10000 + (rnd() % 0x1010); for (int k = 0; k < 4; k++) t[tl++] = (unsigned char)(d >> (8 * k)); }
                    else if (pick == 6) { t[tl++] = (unsigned char)(0x40 | (rnd() & 15)); t[tl++] = rnd() & 1 ? 0x54 : 0x5c; }
                    else {   /* the padding nops: 66 ... [2e] 0f 1f 00|40 00|44 00 00|80 0*4|84 00 0*4 */
                        static const unsigned char tail[] = {0x00, 0x40, 0x44, 0x80, 0x84}, tlen[] = {1, 2, 3, 5, 6};
                        unsigned f = rnd() % 5;
                        for (unsigned k = rnd() % 4; k; k--) t[tl++] = 0x66;
                        if (rnd() & 1) t[tl++] = 0x2e;
                        t[tl++] = 0x0f; t[tl++] = 0x1f; t[tl++] = tail[f];
                        for (unsigned k = 1; k < tlen[f]; k++) t[tl++] = 0x00;
                    }
                    if (rnd() % 8 == 0) t[rnd() % tl] = (unsigned char)rnd();
                    if (pos + tl > 64) break;
                    memcpy(buf + pos, t, (size_t)tl);
                    pos += tl;
                    continue;
                }
                int np = rnd() % 4 == 0 ? (int)(rnd() % 4) : 0;
                for (int k = 0; k < np && pos < 60; k++) buf[pos++] = pfx[rnd() % sizeof pfx];
                if (rnd() % 2) buf[pos++] = (unsigned char)(0x40 | (rnd() & 15));
                unsigned char op = ops1[rnd() % sizeof ops1];
                if ((op & 0xf0) == 0x50 || (op & 0xf0) == 0xb0 || (op & 0xf0) == 0x70)
                    op |= (unsigned char)(rnd() & 7);
                buf[pos++] = op;
                if (op == 0x0f) buf[pos++] = ops2[rnd() % sizeof ops2];
                /* modrm, sib, disp, imm: random bytes; a quarter of the time
                 * an rsp-relative operand with a displacement at the edges of
                 * the guard window (sfi.md §3 form 3) */
                if (rnd() % 4 == 0 && pos < 56) {
                    static const int32_t edge[] = {0x7fff, 0x8000, -0x8000, -0x8001, 0x7fff - 108,
                                                   0, -1, 0x7fffffff, -0x7fffffff - 1};
                    unsigned mod = 1 + rnd() % 2;
                    buf[pos++] = (unsigned char)(mod << 6 | (rnd() & 7) << 3 | 4);
                    buf[pos++] = rnd() % 8 ? 0x24 : (unsigned char)rnd();
                    uint32_t d = (uint32_t)edge[rnd() % (sizeof edge / sizeof edge[0])] + (uint32_t)(rnd() % 3) - 1u;
                    memcpy(buf + pos, &d, mod == 1 ? 1 : 4);
                    pos += mod == 1 ? 1 : 4;
                    pos += (int)(rnd() % 3);
                } else {
                    pos += 1 + (int)(rnd() % 7);
                }
                if (it % 2) {   /* half the time: this one instruction, then int3s */
                    memset(buf + pos, 0xcc, sizeof buf - (size_t)pos);
                    break;
                }
            }
            struct iv_verify_error e1, e2, e3;
            int a = iv_verify_code_opts(buf, 64, 0, 0, 64, IV_OPT_CROSSCHECK, &e1);
            int b = iv_verify_code_opts(buf, 64, 0, 0, 64, IV_OPT_NO_FASTPATH, &e2);
            int c = iv_verify_code_opts(buf, 64, 0, 0, 64, 0, &e3);
            accepted += !b;
            if (a != b || b != c || (a && (e1.offset != e2.offset || e2.offset != e3.offset ||
                                           strcmp(e2.reason, e3.reason)))) {
                mism++;
                if (mism < 5) {
                    printf("mismatch:");
                    for (int i = 0; i < 64; i++) printf(" %02x", buf[i]);
                    printf("\n cross: %d %s\n zydis: %d %s\n fast: %d %s\n", a, e1.reason, b, e2.reason, c, e3.reason);
                }
            }
        }
        printf("%ld iterations, %ld accepted, %ld mismatches\n", iters, accepted, mism);
        return mism != 0;
    }
    if (argc == 2 && !strcmp(argv[1], "exhaustive")) {
        static const unsigned char pfx[][4] = {{0}, {0x65, 0x67}, {0x66}, {0xf2}, {0xf3}, {0x41},
                                               {0x48}, {0x4c}, {0x65, 0x67, 0x49}, {0x66, 0x2e}};
        static const int pfxlen[] = {0, 2, 1, 1, 1, 1, 1, 1, 3, 2};
        static const unsigned char tails[][8] = {{0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00},
                                                 {0xe0, 0xff, 0xff, 0xff, 0x25, 0x10, 0x00, 0x01}};
        long n = 0, mism = 0, accepted = 0;
        for (int pi = 0; pi < 10; pi++)
            for (int map = 0; map < 2; map++)
                for (int b1 = 0; b1 < 256; b1++)
                    for (int b2 = 0; b2 < 256; b2++)
                        for (int t = 0; t < 2; t++) {
                            unsigned char buf[32];
                            memset(buf, 0xcc, sizeof buf);
                            int k = 0;
                            memcpy(buf, pfx[pi], (size_t)pfxlen[pi]);
                            k = pfxlen[pi];
                            if (map) buf[k++] = 0x0f;
                            buf[k++] = (unsigned char)b1;
                            buf[k++] = (unsigned char)b2;
                            memcpy(buf + k, tails[t], 8);
                            struct iv_verify_error e1, e2;
                            int a = iv_verify_code_opts(buf, 32, 0, 0, 32, IV_OPT_CROSSCHECK, &e1);
                            int b = iv_verify_code_opts(buf, 32, 0, 0, 32, IV_OPT_NO_FASTPATH, &e2);
                            n++;
                            accepted += !b;
                            if (a != b || (a && (e1.offset != e2.offset || strcmp(e1.reason, e2.reason)))) {
                                if (++mism < 8) {
                                    printf("mismatch:");
                                    for (int i = 0; i < 16; i++) printf(" %02x", buf[i]);
                                    printf("\n fast+cross: %d %s\n zydis: %d %s\n", a, e1.reason, b, e2.reason);
                                }
                            }
                        }
        printf("%ld encodings, %ld accepted, %ld mismatches\n", n, accepted, mism);
        return mism != 0;
    }
    if (argc == 5 && !strcmp(argv[1], "mutate")) {
        size_t n;
        unsigned char *orig = slurp(argv[2], &n);
        long iters = atol(argv[3]), rejected = 0;
        rng = strtoull(argv[4], NULL, 0) | 1;
        if (!orig || n < sizeof(Elf64_Ehdr)) return 2;
        static const uint64_t vals[] = {0, 1, 7, 8, 32, 0x40, 0xfff, 0x1000, 0x7fffffff,
                                        0x80000000, 0xffffffff, 0x100000000ull, 1ull << 40,
                                        1ull << 62, 1ull << 63, ~0ull, ~0ull - 7};
        for (long it = 0; it < iters; it++) {
            size_t len = n;
            unsigned char *d = malloc(n);
            memcpy(d, orig, n);
            int muts = 1 + (int)(rnd() % 4);
            for (int k = 0; k < muts; k++) {
                Elf64_Ehdr eh;
                memcpy(&eh, d, sizeof eh);
                uint64_t v = rnd() % 3 ? vals[rnd() % (sizeof vals / sizeof vals[0])]
                                       : ((uint64_t)rnd() << 32 | rnd()) % (2 * n + 1);
                size_t at;
                switch (rnd() % 6) {
                case 0: /* an ELF header field */
                    at = 16 + rnd() % (sizeof eh - 16);
                    break;
                case 1: case 2: /* a program header field */
                    if (eh.e_phoff >= n || eh.e_phnum == 0) { at = rnd() % n; break; }
                    at = eh.e_phoff + (rnd() % eh.e_phnum) * sizeof(Elf64_Phdr) + 8 * (rnd() % 7);
                    break;
                case 3: /* a section header field */
                    if (eh.e_shoff >= n || eh.e_shnum == 0) { at = rnd() % n; break; }
                    at = eh.e_shoff + (rnd() % eh.e_shnum) * sizeof(Elf64_Shdr) + 8 * (rnd() % 8);
                    break;
                case 4: /* random bytes anywhere */
                    at = rnd() % n;
                    v = rnd();
                    break;
                default: /* truncate */
                    len = rnd() % (len + 1);
                    continue;
                }
                size_t w = 1u << (rnd() % 4);
                for (size_t b = 0; b < w && at + b < n; b++)
                    d[at + b] = (unsigned char)(v >> (8 * b));
            }
            unsigned char *exact = malloc(len ? len : 1);
            memcpy(exact, d, len);
            struct iv_verify_error e;
            int opts = (int)(rnd() % 8);
            rejected += iv_verify_elf_opts(exact, len, opts, &e) != 0;
            free(exact);
            free(d);
        }
        printf("%ld mutants, %ld rejected\n", iters, rejected);
        free(orig);
        return 0;
    }
    fprintf(stderr, "usage: see source\n");
    return 2;
}
