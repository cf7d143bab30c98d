/* difftest: differential check of the verifier against capcheck.
 *
 * Inputs of five kinds go through iv_verify_code(); whatever the verifier
 * accepts must also be accepted by capcheck (an independent checker of the
 * same contract on a different decoder).  Categories:
 *   selftest  hand-written snippets, one or more per rule: capcheck must
 *             reject each (so it is not vacuous) and the verifier too;
 *   baseline  the unmutated corpus (tests/difftest/corpus.s): both accept;
 *   random    uniform random bytes, 32..4096 long;
 *   biased    random instruction-shaped bytes (SFI prefixes, REX, common
 *             opcodes, pseudo-instructions), laid out in bundles;
 *   mutated   windows of the corpus with byte flips, insertions, deletions,
 *             bundle swaps and splices.
 * Results follow tests/lib.sh: one PASS/FAIL line per category (with counts)
 * and one FAIL line per kind of disagreement (the first few); other lines
 * (INFO, DETAIL) are for humans.  See README.md.  Every case is derived from (seed, category,
 * index) alone, so `--seed S --repro CAT:INDEX` replays one case verbosely. */
#include <Zydis/Zydis.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capcheck.h"
#include "intravisor/sfi.h"
#include "intravisor/verifier.h"

/* The corpus .text bytes, linked in by corpus_blob.S. */
extern const uint8_t dt_corpus[], dt_corpus_end[];
#define CORPUS ((const uint8_t *)dt_corpus)
#define CORPUS_LEN ((size_t)(dt_corpus_end - dt_corpus))
/* Where the corpus is verified, and how far its span reaches past the end
 * of the code (corpus.s has rip-relative operands up to 0x800 past its
 * labels). */
#define CORPUS_VADDR 0x1000u
#define CORPUS_DATA 0x4000u

#define MAX_INPUT 8192
static unsigned max_examples = 3;   /* INFO examples per kind and category */
static unsigned max_fails = 5;      /* FAIL lines (kinds) per category */

/* ------------------------------------------------------------------ PRNG */

struct rng { uint64_t s[4]; };

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t rnext(struct rng *r)   /* xoshiro256** */
{
    uint64_t *s = r->s, res = ((s[1] * 5) << 7 | (s[1] * 5) >> 57) * 9, t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t;
    s[3] = s[3] << 45 | s[3] >> 19;
    return res;
}

static uint64_t rbelow(struct rng *r, uint64_t n) { return n ? rnext(r) % n : 0; }
static bool chance(struct rng *r, unsigned pct) { return rbelow(r, 100) < pct; }

/* Each case has its own stream, so a case can be replayed alone. */
static void rng_for_case(struct rng *r, uint64_t seed, int cat, uint64_t idx)
{
    uint64_t x = seed ^ ((uint64_t)cat << 56) ^ (idx * 0xd1b54a32d192ed03ull);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix(&x);
}

/* ----------------------------------------------------------- Zydis helpers */

static ZydisDecoder zdec;

/* Length of the instruction at p per Zydis, 0 if it does not decode.  Only a
 * generator aid and a second disassembly for reports: never a judge. */
static size_t zlen(const uint8_t *p, size_t n)
{
    ZydisDecodedInstruction in;
    if (ZYAN_FAILED(ZydisDecoderDecodeInstruction(&zdec, NULL, p, n, &in)))
        return 0;
    return in.length;
}

static void zdisasm(const uint8_t *p, size_t n, uint64_t addr, char *out, size_t outsz)
{
    ZydisDisassembledInstruction in;
    if (ZYAN_SUCCESS(ZydisDisassembleATT(ZYDIS_MACHINE_MODE_LONG_64, addr, p, n, &in)))
        snprintf(out, outsz, "%s", in.text);
    else
        snprintf(out, outsz, "(undecodable)");
}

static void hex(const uint8_t *p, size_t n, char *out, size_t outsz)
{
    size_t k = 0;
    out[0] = 0;
    for (size_t i = 0; i < n && k + 4 < outsz; i++)
        k += (size_t)snprintf(out + k, outsz - k, i ? " %02x" : "%02x", p[i]);
}

/* Both decoders' view of the bundle holding `off`, for failure reports. */
static void dump_bundle(const uint8_t *code, size_t size, uint64_t vaddr, size_t off)
{
    size_t b = off & ~(size_t)(IV_BUNDLE_SIZE - 1), e = b + IV_BUNDLE_SIZE;
    if (e > size)
        e = size;
    char h[200], t[200];
    hex(code + b, e - b, h, sizeof(h));
    printf("DETAIL   bundle +0x%zx: %s\n", b, h);
    for (int dec = 0; dec < 2; dec++) {
        printf("DETAIL   %s:\n", dec ? "capstone (intel)" : "zydis (at&t)");
        size_t o = b;
        while (o < e) {
            int n;
            if (dec) {
                n = cc_disasm_one(code + o, size - o, vaddr + o, t, sizeof(t));
            } else {
                n = (int)zlen(code + o, size - o);
                zdisasm(code + o, size - o, vaddr + o, t, sizeof(t));
            }
            if (n <= 0)
                n = 1;
            hex(code + o, (size_t)n, h, sizeof(h));
            printf("DETAIL     +0x%zx%s %-40s %s\n", o, o == off ? "*" : " ", h, t);
            o += (size_t)n;
        }
    }
}

/* ------------------------------------------------------------- generators */

enum { CAT_SELFTEST, CAT_BASELINE, CAT_RANDOM, CAT_BIASED, CAT_MUTATED, NCAT };
static const char *cat_name[NCAT] = { "selftest", "baseline", "random", "biased", "mutated" };

struct input {
    uint8_t buf[MAX_INPUT];
    size_t len;
    uint64_t vaddr, span_lo, span_hi;
};

/* A random bundle-aligned address below 1 GiB, and a span around the code
 * that sometimes is tight and sometimes generous. */
static void place(struct rng *r, struct input *in)
{
    in->vaddr = rbelow(r, 1u << 25) * IV_BUNDLE_SIZE;
    /* now and then straddle 4 GiB or sit far above it, to catch address
     * arithmetic done in 32 bits */
    if (chance(r, 5))
        in->vaddr = (1ull << 32) - rbelow(r, 64) * IV_BUNDLE_SIZE;
    else if (chance(r, 3))
        in->vaddr = (1ull << 40) + rbelow(r, 1u << 20) * IV_BUNDLE_SIZE;
    uint64_t below = chance(r, 30) ? 0 : rbelow(r, 0x20000);
    in->span_lo = in->vaddr > below ? in->vaddr - below : 0;
    in->span_hi = in->vaddr + in->len + (chance(r, 30) ? 0 : rbelow(r, 0x20000));
}

static size_t pick_len(struct rng *r, size_t lo, size_t hi)
{
    /* log-uniform: mostly short inputs (fast, and more of them get
     * accepted), now and then long ones */
    unsigned e = (unsigned)rbelow(r, 8);
    size_t n = lo + rbelow(r, (uint64_t)IV_BUNDLE_SIZE << e);
    return n > hi ? hi : n;
}

static void gen_random(struct rng *r, struct input *in)
{
    in->len = pick_len(r, 32, 4096);
    for (size_t i = 0; i < in->len; i++)
        in->buf[i] = (uint8_t)rnext(r);
    place(r, in);
}

static const uint8_t interesting[] = {
    0x65, 0x67, 0x66, 0xf2, 0xf3, 0xf0, 0x64, 0x2e, 0x3e, 0x26, 0x36,
    0x40, 0x41, 0x44, 0x45, 0x48, 0x49, 0x4a, 0x4c, 0x4d, 0x4e, 0x4f,
    0x0f, 0x8d, 0x89, 0x8b, 0x83, 0x81, 0x01, 0x03, 0xff, 0xe8, 0xe9, 0xeb,
    0x74, 0xe3, 0xc3, 0xcc, 0x90, 0x24, 0x34, 0x25, 0x14, 0x04, 0x05, 0x15,
    0xe0, 0xe4, 0xec, 0xc4, 0xc5, 0x62, 0x00, 0xa4, 0xa1, 0x8e, 0x5c, 0x94,
};

static const uint8_t op1b[] = {
    0x00, 0x01, 0x02, 0x03, 0x08, 0x09, 0x0a, 0x0b, 0x20, 0x21, 0x22, 0x23,
    0x28, 0x29, 0x2a, 0x2b, 0x30, 0x31, 0x32, 0x33, 0x38, 0x39, 0x3a, 0x3b,
    0x50, 0x54, 0x58, 0x5c, 0x5d, 0x63, 0x68, 0x69, 0x6a, 0x6b, 0x80, 0x81,
    0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8b, 0x8b, 0x89,
    0x8c, 0x8d, 0x8d, 0x8e, 0x8f, 0x90, 0x94, 0x96, 0x98, 0x99, 0x9c, 0x9d,
    0xa1, 0xa4, 0xa8, 0xb8, 0xbc, 0xbe, 0xc0, 0xc1, 0xc3, 0xc6, 0xc7, 0xc8,
    0xc9, 0xcc, 0xcd, 0xd0, 0xd1, 0xd3, 0xd7, 0xd8, 0xd9, 0xdd, 0xdf, 0xe2,
    0xe3, 0xe4, 0xf4, 0xf6, 0xf7, 0xfe, 0xff, 0xff, 0xff,
};
static const uint8_t op0f[] = {
    0x00, 0x01, 0x05, 0x0b, 0x0d, 0x10, 0x11, 0x12, 0x16, 0x18, 0x1f, 0x1e,
    0x28, 0x29, 0x2a, 0x2c, 0x2e, 0x31, 0x40, 0x44, 0x4f, 0x51, 0x54, 0x57,
    0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x60, 0x6e, 0x6f, 0x70, 0x74, 0x7e, 0x7f,
    0x80, 0x84, 0x8f, 0x94, 0x9f, 0xa1, 0xa2, 0xa3, 0xa4, 0xa9, 0xab, 0xad,
    0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb4, 0xb6, 0xb7, 0xb8, 0xb9, 0xbc, 0xbd,
    0xbe, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc6, 0xc7, 0xc8, 0xce, 0xd4, 0xd6,
    0xdb, 0xe7, 0xeb, 0xef, 0xf7, 0xfe, 0xff,
};

static void emit(struct input *in, const uint8_t *p, size_t n)
{
    if (in->len + n > MAX_INPUT)
        return;
    memcpy(in->buf + in->len, p, n);
    in->len += n;
}

/* Pads with nop/int3 so that n more bytes fit in the current bundle (or,
 * for calls, end exactly at its end). */
static void pad_for(struct rng *r, struct input *in, size_t n, bool align_end)
{
    size_t used = in->len % IV_BUNDLE_SIZE, room = IV_BUNDLE_SIZE - used;
    size_t pad = 0;
    if (align_end)
        pad = n <= room ? room - n : room + IV_BUNDLE_SIZE - n;
    else if (n > room)
        pad = room;
    uint8_t fill = chance(r, 50) ? 0x90 : 0xcc;
    for (size_t i = 0; i < pad; i++)
        emit(in, &fill, 1);
}

/* One random instruction-shaped byte sequence; its length is taken from
 * Zydis when Zydis decodes it (plausible encodings), else random. */
static size_t gen_generic(struct rng *r, uint8_t *out)
{
    uint8_t tmp[32];
    size_t k = 0;
    if (chance(r, 60)) {
        if (chance(r, 50)) { tmp[k++] = 0x65; tmp[k++] = 0x67; }
        else { tmp[k++] = 0x67; tmp[k++] = 0x65; }
    } else if (chance(r, 20)) {
        tmp[k++] = chance(r, 50) ? 0x65 : 0x67;
    }
    if (chance(r, 8)) tmp[k++] = 0x66;
    if (chance(r, 6)) tmp[k++] = chance(r, 50) ? 0xf2 : 0xf3;
    if (chance(r, 3)) tmp[k++] = 0x64;
    if (chance(r, 3)) tmp[k++] = (uint8_t[]){ 0x26, 0x2e, 0x36, 0x3e }[rbelow(r, 4)];
    if (chance(r, 3)) tmp[k++] = 0xf0;
    if (chance(r, 5) && k > 1) {    /* shuffle the prefixes */
        size_t a = rbelow(r, k), b = rbelow(r, k);
        uint8_t t = tmp[a]; tmp[a] = tmp[b]; tmp[b] = t;
    }
    unsigned kind = (unsigned)rbelow(r, 100);
    if (kind < 45) {
        if (chance(r, 40)) tmp[k++] = (uint8_t)(0x40 | rbelow(r, 16));
        tmp[k++] = op1b[rbelow(r, sizeof(op1b))];
    } else if (kind < 75) {
        if (chance(r, 30)) tmp[k++] = (uint8_t)(0x40 | rbelow(r, 16));
        tmp[k++] = 0x0f;
        tmp[k++] = op0f[rbelow(r, sizeof(op0f))];
    } else if (kind < 82) {
        tmp[k++] = 0x0f;
        tmp[k++] = chance(r, 60) ? 0x38 : 0x3a;
        tmp[k++] = (uint8_t)rnext(r);
    } else if (kind < 90) {
        tmp[k++] = 0xc5;
        tmp[k++] = (uint8_t)rnext(r);
        tmp[k++] = (uint8_t)rnext(r);
    } else if (kind < 95) {
        tmp[k++] = 0xc4;
        tmp[k++] = (uint8_t)((rnext(r) & 0xe0) | (1 + rbelow(r, 3)));
        tmp[k++] = (uint8_t)rnext(r);
        tmp[k++] = (uint8_t)rnext(r);
    } else {
        tmp[k++] = 0x62;
        tmp[k++] = (uint8_t)((rnext(r) & 0xf0) | (1 + rbelow(r, 3)));
        tmp[k++] = (uint8_t)(rnext(r) | 0x04);
        tmp[k++] = (uint8_t)rnext(r);
        tmp[k++] = (uint8_t)rnext(r);
    }
    /* ModRM biased to shapes that matter: rip-relative, SIB, and register
     * forms naming rsp/r12 or rsi/r14 (REX.B decides). */
    uint8_t modrm = (uint8_t)rnext(r);
    if (chance(r, 15)) modrm = (uint8_t)((modrm & 0x38) | 0x05);          /* rip/disp32 */
    else if (chance(r, 15)) modrm = (uint8_t)((modrm & 0x38) | 0x04);     /* SIB */
    else if (chance(r, 20))
        modrm = (uint8_t)(0xc0 | (modrm & 0x38) | (chance(r, 50) ? 4 : 6));
    tmp[k++] = modrm;
    while (k < sizeof(tmp))
        tmp[k++] = chance(r, 50) ? 0 : (uint8_t)rnext(r);
    size_t n = zlen(tmp, sizeof(tmp));
    if (n == 0)
        n = 1 + rbelow(r, 8);
    memcpy(out, tmp, n);
    return n;
}

/* Pseudo-instructions and other contract shapes, sometimes subtly wrong. */
#define MAX_STARTS 256
static void add_start(size_t *starts, size_t *nstarts, size_t off)
{
    if (*nstarts < MAX_STARTS)
        starts[(*nstarts)++] = off;
}

static void gen_special(struct rng *r, struct input *in, size_t *starts, size_t *nstarts)
{
    uint8_t b[40];
    size_t n = 0;
    bool call_like = false;
    switch (rbelow(r, 11)) {
    case 9: { /* bit test on memory, its offset bounded by andl $15/$31/$63
               * just before (sfi.md section 3), now and then subtly wrong */
        static const uint8_t masks[] = { 0x0f, 0x1f, 0x3f, 0x3f, 0x7f, 0x1e, 0xe0 };
        static const uint8_t bt_ops[] = { 0xa3, 0xab, 0xb3, 0xbb };   /* bt, bts, btr, btc */
        unsigned R = (unsigned)rbelow(r, 16), R2 = chance(r, 90) ? R : (unsigned)rbelow(r, 16);
        uint8_t rex_and = (uint8_t)((R >= 8 ? 0x01 : 0) | (chance(r, 5) ? 0x08 : 0));   /* andq now and then */
        if (rex_and) b[n++] = (uint8_t)(0x40 | rex_and);
        b[n++] = 0x83;
        b[n++] = (uint8_t)(0xe0 | (R & 7));
        b[n++] = masks[rbelow(r, sizeof(masks))];
        size_t and_len = n;
        if (chance(r, 5)) b[n++] = 0x90;                   /* gap: invalid */
        if (!chance(r, 5)) { b[n++] = 0x65; b[n++] = 0x67; }
        unsigned w = (unsigned)rbelow(r, 3);                /* 16, 32, 64 bits */
        if (w == 0) b[n++] = 0x66;
        uint8_t rex = (uint8_t)((w == 2 ? 0x48 : 0x40) | (R2 >= 8 ? 0x04 : 0));
        if (rex != 0x40) b[n++] = rex;
        b[n++] = 0x0f;
        b[n++] = bt_ops[rbelow(r, 4)];
        unsigned rm = (unsigned)rbelow(r, 8);
        if (rm == 4 || rm == 5)
            rm = 0;                                     /* no SIB, no disp32/rip form */
        b[n++] = (uint8_t)(((R2 & 7) << 3) | (chance(r, 80) ? 0x00 : 0x40 | rm));
        if ((b[n - 1] & 0xc0) == 0x40) b[n++] = (uint8_t)rnext(r);   /* disp8 */
        pad_for(r, in, n, false);
        add_start(starts, nstarts, in->len);
        if (chance(r, 20))
            add_start(starts, nstarts, in->len + and_len);     /* a branch into the pair */
        emit(in, b, n);
        return;
    }
    case 0: { /* esp write + re-base */
        static const uint8_t w[][4] = { { 0x83, 0xec, 0x30 }, { 0x89, 0xec }, { 0x83, 0xe4, 0xf0 },
                                        { 0x8d, 0x65, 0x08 }, { 0x94 }, { 0x0f, 0xb1, 0xc4 },
                                        { 0x0f, 0xbc, 0xe0 }, { 0x0f, 0x44, 0xe1 } };
        static const uint8_t wl[] = { 3, 2, 3, 3, 1, 3, 3, 3 };
        unsigned i = (unsigned)rbelow(r, 8);
        memcpy(b, w[i], wl[i]);
        n = wl[i];
        if (chance(r, 10)) b[n++] = 0x90;                 /* gap: invalid */
        if (!chance(r, 5)) { memcpy(b + n, "\x4a\x8d\x24\x34", 4); n += 4; }
        break;
    }
    case 1: case 2: { /* masked jmp/call */
        unsigned R = (unsigned)rbelow(r, 16), R2 = chance(r, 90) ? R : (unsigned)rbelow(r, 16);
        if (R >= 8) b[n++] = 0x41;
        b[n++] = 0x83; b[n++] = (uint8_t)(0xe0 | (R & 7)); b[n++] = chance(r, 95) ? 0xe0 : 0xf0;
        b[n++] = (uint8_t)(0x4c | (R2 >= 8)); b[n++] = 0x01; b[n++] = (uint8_t)(0xf0 | (R2 & 7));
        if (R2 >= 8) b[n++] = 0x41;
        call_like = chance(r, 40);
        b[n++] = 0xff; b[n++] = (uint8_t)((call_like ? 0xd0 : 0xe0) | (R2 & 7));
        break;
    }
    case 3: { /* runtime call */
        static const uint32_t d[] = { 0x10000, 0x10008, 0x10ff8, 0x11000, 0x10004, 0xfff8, 0x80010000u };
        uint32_t disp = d[rbelow(r, 7)];
        if (chance(r, 50)) { b[n++] = 0x65; b[n++] = 0x67; } else { b[n++] = 0x67; b[n++] = 0x65; }
        b[n++] = 0xff; b[n++] = 0x14; b[n++] = 0x25;
        memcpy(b + n, &disp, 4); n += 4;
        call_like = true;
        break;
    }
    case 4: { /* direct call / jmp / jcc to an earlier instruction or nearby */
        int kind = (int)rbelow(r, 4);
        size_t len = kind == 0 ? 5 : kind == 1 ? 5 : kind == 2 ? 6 : 2;
        call_like = kind == 0;
        pad_for(r, in, len, call_like && !chance(r, 5));
        int64_t target;
        if (*nstarts && chance(r, 70))
            target = (int64_t)starts[rbelow(r, *nstarts)];
        else
            target = (int64_t)in->len + (int64_t)rbelow(r, 96) - 32;
        int64_t rel = target - (int64_t)(in->len + len);
        if (kind == 3 && (rel < -128 || rel > 127)) rel = (int8_t)rel;
        int32_t rel32 = (int32_t)rel;
        add_start(starts, nstarts, in->len);
        if (kind == 0) b[n++] = 0xe8; else if (kind == 1) b[n++] = 0xe9;
        else if (kind == 2) { b[n++] = 0x0f; b[n++] = (uint8_t)(0x80 | rbelow(r, 16)); }
        else b[n++] = (uint8_t)(0x70 | rbelow(r, 16));
        if (kind == 3) b[n++] = (uint8_t)rel32; else { memcpy(b + n, &rel32, 4); n += 4; }
        emit(in, b, n);
        return;
    }
    case 5: /* push / pop / pushf */
        b[n++] = (uint8_t[]){ 0x50, 0x53, 0x55, 0x5b, 0x5d, 0x9c, 0x54 }[rbelow(r, 7)];
        break;
    case 6: /* rip-relative load, target near the code */
        b[n++] = 0x48; b[n++] = 0x8b; b[n++] = 0x05;
        { int32_t d = (int32_t)rbelow(r, 0x40000) - 0x20000; memcpy(b + n, &d, 4); n += 4; }
        break;
    case 7: /* GS + addr32 load */
        memcpy(b, "\x65\x67\x48\x8b\x04\x88", 6); n = 6;
        b[5] = (uint8_t)rnext(r);
        break;
    case 8: { /* the thread-pointer load (section 7), now and then one byte off */
        static const uint8_t pre[] = { 0x67, 0x65, 0x66, 0xf0, 0x2e, 0xf3 };
        static const uint8_t rex[] = { 0x48, 0x4c, 0x48, 0x4c, 0x49, 0x4a, 0x40, 0x4f };
        static const uint8_t op[] = { 0x8b, 0x03, 0x8b, 0x03, 0x89, 0x01, 0x2b, 0x8d, 0x3b, 0x87 };
        static const uint32_t disp[] = { 0x70, 0x70, 0x70, 0x28, 0x30, 0x78, 0x6f, 0x1000070 };
        if (chance(r, 10)) b[n++] = pre[rbelow(r, sizeof(pre))];
        b[n++] = 0x64;
        if (chance(r, 5)) b[n++] = pre[rbelow(r, sizeof(pre))];
        b[n++] = rex[rbelow(r, sizeof(rex))];
        b[n++] = op[rbelow(r, sizeof(op))];
        b[n++] = (uint8_t)((rbelow(r, 8) << 3) | (chance(r, 90) ? 0x04 : rbelow(r, 256) & 0xc7));
        b[n++] = chance(r, 90) ? 0x25 : (uint8_t)rnext(r);
        uint32_t d = disp[rbelow(r, sizeof(disp) / sizeof(disp[0]))];
        memcpy(b + n, &d, 4); n += 4;
        break;
    }
    default: /* the re-base alone, or a write of r14 */
        if (chance(r, 50)) { memcpy(b, "\x4a\x8d\x24\x34", 4); n = 4; }
        else { memcpy(b, "\x4d\x89\xc6", 3); n = 3; }
        break;
    }
    pad_for(r, in, n, call_like && !chance(r, 5));
    add_start(starts, nstarts, in->len);
    emit(in, b, n);
}

/* Does the verifier accept this one instruction (int3-padded bundle)?  The
 * verifier is the cheap oracle; capcheck (Capstone) would cost 10x more. */
static bool alone_ok(const uint8_t *b, size_t n)
{
    uint8_t buf[IV_BUNDLE_SIZE];
    struct iv_verify_error err;
    memset(buf, 0xcc, sizeof(buf));
    memcpy(buf, b, n);
    return iv_verify_code(buf, sizeof(buf), 0x1000, 0, 0x100000, &err) == 0;
}

static void gen_biased(struct rng *r, struct input *in)
{
    size_t target = pick_len(r, 32, 1024);
    size_t starts[MAX_STARTS], nstarts = 0;
    in->len = 0;
    while (in->len < target && in->len + 48 < MAX_INPUT) {
        if (chance(r, 15)) {
            gen_special(r, in, starts, &nstarts);
            continue;
        }
        uint8_t b[32];
        size_t n = gen_generic(r, b);
        /* Most random instructions break some rule, and one bad instruction
         * sinks the whole input.  So most of the time keep only candidates
         * the verifier accepts on their own, which yields many accepted
         * inputs, where disagreements can show.  A few unfiltered ones stay
         * in the mix. */
        if (chance(r, 90)) {
            for (int tries = 0; tries < 8 && !alone_ok(b, n); tries++)
                n = gen_generic(r, b);
        }
        if (!chance(r, 3))
            pad_for(r, in, n, false);
        add_start(starts, &nstarts, in->len);
        emit(in, b, n);
    }
    place(r, in);
}

/* Instruction starts of the corpus (per Zydis), for instruction splices. */
static uint32_t *cstarts;
static size_t ncstarts;

static void corpus_index(void)
{
    cstarts = malloc(CORPUS_LEN * sizeof(*cstarts));
    for (size_t o = 0; o < CORPUS_LEN;) {
        size_t n = zlen(CORPUS + o, CORPUS_LEN - o);
        cstarts[ncstarts++] = (uint32_t)o;
        o += n ? n : 1;
    }
}

static void mutate(struct rng *r, struct input *in)
{
    size_t nb = (in->len + IV_BUNDLE_SIZE - 1) / IV_BUNDLE_SIZE;
    size_t cb = CORPUS_LEN / IV_BUNDLE_SIZE;
    switch (rbelow(r, 12)) {
    case 0: /* random byte */
        if (in->len) in->buf[rbelow(r, in->len)] = (uint8_t)rnext(r);
        break;
    case 1: /* bit flip */
        if (in->len) in->buf[rbelow(r, in->len)] ^= (uint8_t)(1u << rbelow(r, 8));
        break;
    case 2: /* interesting byte */
        if (in->len) in->buf[rbelow(r, in->len)] = interesting[rbelow(r, sizeof(interesting))];
        break;
    case 3: { /* insert 1..3 bytes */
        size_t k = 1 + rbelow(r, 3), at = rbelow(r, in->len + 1);
        if (in->len + k > MAX_INPUT) break;
        memmove(in->buf + at + k, in->buf + at, in->len - at);
        for (size_t i = 0; i < k; i++)
            in->buf[at + i] = chance(r, 50) ? interesting[rbelow(r, sizeof(interesting))]
                                            : (uint8_t)rnext(r);
        in->len += k;
        break;
    }
    case 4: { /* delete 1..3 bytes */
        if (!in->len) break;
        size_t at = rbelow(r, in->len), k = 1 + rbelow(r, 3);
        if (k > in->len - at) k = in->len - at;
        memmove(in->buf + at, in->buf + at + k, in->len - at - k);
        in->len -= k;
        break;
    }
    case 5: { /* swap two bundles */
        if (nb < 2 || in->len % IV_BUNDLE_SIZE) break;
        size_t a = rbelow(r, nb), b = rbelow(r, nb);
        uint8_t t[IV_BUNDLE_SIZE];
        memcpy(t, in->buf + a * 32, 32);
        memcpy(in->buf + a * 32, in->buf + b * 32, 32);
        memcpy(in->buf + b * 32, t, 32);
        break;
    }
    case 6: { /* overwrite a bundle with a corpus bundle */
        if (!nb || in->len < 32) break;
        size_t a = rbelow(r, in->len / 32);
        memcpy(in->buf + a * 32, CORPUS + rbelow(r, cb) * 32, 32);
        break;
    }
    case 7: { /* insert a corpus bundle at a bundle boundary */
        if (in->len + 32 > MAX_INPUT) break;
        size_t at = rbelow(r, nb + 1) * 32;
        if (at > in->len) at = in->len;
        memmove(in->buf + at + 32, in->buf + at, in->len - at);
        memcpy(in->buf + at, CORPUS + rbelow(r, cb) * 32, 32);
        in->len += 32;
        break;
    }
    case 8: { /* interesting 32-bit value (displacements, immediates) */
        static const uint32_t v[] = { 0, 0x10000, 0x10008, 0x10ff8, 0x11000, 0x10004,
                                      0xffffffe0u, 0xffffffffu, 0x7fffffffu, 0x80000000u,
                                      0x20, 0xfffffff0u, 0x1000, 0xfffff000u };
        if (in->len < 4) break;
        uint32_t x = v[rbelow(r, sizeof(v) / sizeof(v[0]))];
        memcpy(in->buf + rbelow(r, in->len - 3), &x, 4);
        break;
    }
    case 9: /* truncate */
        if (in->len > 1) in->len -= 1 + rbelow(r, in->len < 16 ? in->len - 1 : 16);
        break;
    case 10: { /* copy a byte range from elsewhere in the corpus */
        if (!in->len) break;
        size_t k = 1 + rbelow(r, 12), at = rbelow(r, in->len), from = rbelow(r, CORPUS_LEN - k);
        if (k > in->len - at) k = in->len - at;
        memcpy(in->buf + at, CORPUS + from, k);
        break;
    }
    default: { /* replace one instruction by another corpus instruction */
        if (!in->len || ncstarts < 2) break;
        size_t at = rbelow(r, in->len);
        size_t oldn = zlen(in->buf + at, in->len - at);
        if (!oldn) oldn = 1;
        size_t j = rbelow(r, ncstarts - 1);
        size_t newn = cstarts[j + 1] - cstarts[j];
        if (in->len - oldn + newn > MAX_INPUT) break;
        memmove(in->buf + at + newn, in->buf + at + oldn, in->len - at - oldn);
        memcpy(in->buf + at, CORPUS + cstarts[j], newn);
        in->len = in->len - oldn + newn;
        break;
    }
    }
}

static void gen_mutated(struct rng *r, struct input *in)
{
    size_t cb = CORPUS_LEN / IV_BUNDLE_SIZE;
    size_t b0, w;
    if (chance(r, 5)) {
        b0 = 0;
        w = cb;
    } else {
        b0 = rbelow(r, cb);
        w = 1 + rbelow(r, 16);
        if (b0 + w > cb) w = cb - b0;
    }
    memcpy(in->buf, CORPUS + b0 * 32, w * 32);
    in->len = w * 32;
    in->vaddr = CORPUS_VADDR + b0 * 32;
    in->span_lo = 0;
    in->span_hi = CORPUS_VADDR + CORPUS_LEN + CORPUS_DATA;
    unsigned k = 1 + (unsigned)rbelow(r, 4);
    for (unsigned i = 0; i < k; i++)
        mutate(r, in);
}

/* ------------------------------------------------------------- self-test */

/* Each must be rejected by capcheck (and by the verifier).  Code runs at
 * 0x1000 with span [0, 0x3000). */
struct snippet { const char *name; const char *hex; };
static const struct snippet bad[] = {
    { "mem without gs", "8b 00" },
    { "gs without addr32", "65 8b 00" },
    { "addr32 without gs", "67 8b 00" },
    { "fs + addr32", "64 67 8b 00" },
    { "gs then fs", "65 64 67 8b 00" },
    { "moffs with gs", "65 67 a1 00 00 00 00" },
    { "moffs64", "48 a1 00 00 00 00 00 00 00 00" },
    { "eip-relative", "65 67 8b 05 00 00 00 00" },
    { "rip-relative with gs", "65 8b 05 00 00 00 00" },
    { "rip-relative out of span", "8b 05 00 00 01 00" },
    { "vsib without gs", "c4 e2 7d 90 04 88" },
    { "rep movsb", "f3 a4" },
    { "movsb gs addr32", "65 67 a4" },
    { "xlat", "d7" },
    { "maskmovdqu", "66 0f f7 c1" },
    { "vmaskmovdqu", "c5 f9 f7 c1" },
    { "monitor", "0f 01 c8" },
    { "enter", "c8 08 00 00" },
    { "leave", "c9" },
    { "mov r14", "4d 89 c6" },
    { "xchg r14", "49 96" },
    { "pop r14", "41 5e" },
    { "mulx r14", "c4 42 fb f6 f0" },
    { "setcc r14b", "41 0f 94 c6" },
    { "mov rsp", "48 89 c4" },
    { "sub rsp", "48 83 ec 08" },
    { "pop rsp", "5c" },
    { "mov sp", "66 89 c4" },
    { "esp without rebase", "83 ec 08 90" },
    { "esp, rebase next bundle", "90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 83 ec 08 4a 8d 24 34" },
    { "lone rebase", "4a 8d 24 34" },
    { "jmp reg unmasked", "ff e0" },
    { "mask wrong imm", "83 e0 f0 4c 01 f0 ff e0" },
    { "mask other reg", "83 e1 e0 4c 01 f0 ff e0" },
    { "mask 64-bit and", "48 83 e0 e0 4c 01 f0 ff e0" },
    { "mask through rsp", "83 e4 e0 4c 01 f4 ff e4" },
    { "masked call not at end", "83 e0 e0 4c 01 f0 ff d0" },
    { "jmp mem", "65 67 ff 24 25 00 00 01 00" },
    { "rtcall unaligned", "90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 65 67 ff 14 25 04 00 01 00" },
    { "rtcall outside", "90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 65 67 ff 14 25 00 10 01 00" },
    { "rtcall no addr32", "90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 65 ff 14 25 00 00 01 00" },
    { "rtcall with REX.W", "90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 65 67 48 ff 14 25 00 00 01 00" },
    { "rtcall with cs prefix", "90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 2e 65 67 ff 14 25 00 00 01 00" },
    { "rtcall with 66", "90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 66 65 67 ff 14 25 00 00 01 00" },
    { "call not at end", "e8 00 00 00 00" },
    { "ret", "c3" },
    { "ret imm", "c2 08 00" },
    { "far ret", "cb" },
    { "iretq", "48 cf" },
    { "far jmp mem", "65 67 ff 28" },
    { "66 jmp", "66 e9 00 00 00 00" },
    { "66 jcc", "66 0f 84 00 00 00 00" },
    { "jmp out", "e9 00 01 00 00" },
    { "jmp mid-insn", "eb 01 b8 00 00 00 00" },
    { "jmp into rebase", "eb 03 83 ec 08 4a 8d 24 34" },
    { "jmp into mask", "eb 03 83 e0 e0 4c 01 f0 ff e0" },
    { "66 masked jmp", "83 e0 e0 4c 01 f0 66 ff e0" },
    { "66 call rel", "90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 66 e8 00 00 00 00" },
    { "mask: add to another reg", "83 e0 e0 4c 01 f1 ff e0" },
    { "mask: and in previous bundle", "90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 83 e0 e0 4c 01 f0 ff e0" },
    { "loop out", "e2 80" },
    { "jcc rel32 out", "0f 84 00 10 00 00" },
    { "xor r14d", "45 31 f6" },
    { "inc r14w", "66 41 ff c6" },
    { "push flat mem", "ff 30" },
    { "pop flat mem", "8f 00" },
    { "call flat mem", "90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 ff 10" },
    { "cmpxchg8b flat", "0f c7 08" },
    { "vsib addr32 without gs", "67 c4 e2 7d 90 04 88" },
    { "xchg rsp", "48 87 e0" },
    { "movsxd rsp + rebase", "48 63 e0 4a 8d 24 34" },
    { "mov spl", "40 b4 00" },
    { "mov sp imm", "66 bc 00 00" },
    { "pop sp", "66 5c" },
    { "sp write + rebase", "66 83 ec 08 4a 8d 24 34" },
    { "esp write + addr32 rebase", "89 c4 67 4a 8d 24 34" },
    { "esp write + 32-bit rebase", "89 c4 42 8d 24 34" },
    { "mask: 16-bit and", "66 83 e0 e0 4c 01 f0 ff e0" },
    { "mask: 32-bit add", "83 e0 e0 44 01 f0 ff e0" },
    { "crossing", "90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 b8 00 00 00 00" },
    { "syscall", "0f 05" },
    { "sysenter", "0f 34" },
    { "int 0x80", "cd 80" },
    { "int1", "f1" },
    { "mov gs", "8e e8" },
    { "pop fs", "0f a1" },
    { "lss", "65 67 0f b2 00" },
    { "swapgs", "0f 01 f8" },
    { "wrgsbase", "f3 48 0f ae d8" },
    { "rdfsbase", "f3 48 0f ae c0" },
    { "wrpkru", "0f 01 ef" },
    { "xsave", "65 67 0f ae 20" },
    { "fxrstor", "65 67 0f ae 08" },
    { "popf", "9d" },
    { "hlt", "f4" },
    { "in", "e4 60" },
    { "sgdt", "65 67 0f 01 00" },
    { "lar", "0f 02 c0" },
    { "xbegin", "c7 f8 00 00 00 00" },
    { "mov cr0", "0f 20 c0" },
    { "rdmsr", "0f 32" },
    { "wrmsr", "0f 30" },
    { "bt reg offset on memory", "65 67 0f a3 08" },
    { "btsq reg offset on memory", "65 67 48 0f ab 08" },
    { "lgdt", "65 67 0f 01 10" },
    { "lidt", "65 67 0f 01 18" },
    { "sidt", "65 67 0f 01 08" },
    { "lldt", "0f 00 d0" },
    { "ltr", "0f 00 d8" },
    { "str", "0f 00 c8" },
    { "verr", "0f 00 e0" },
    { "lmsw", "0f 01 f0" },
    { "invlpg", "65 67 0f 01 38" },
    { "clts", "0f 06" },
    { "wbinvd", "0f 09" },
    { "mov dr7", "0f 23 f8" },
    { "invpcid", "65 67 66 0f 38 82 00" },
    { "wbnoinvd", "f3 0f 09" },
    { "xsetbv", "0f 01 d1" },
    { "clac", "0f 01 ca" },
    { "stac", "0f 01 cb" },
    { "vmcall", "0f 01 c1" },
    { "vmrun", "0f 01 d8" },
    { "invlpga", "0f 01 df" },
    { "encls", "0f 01 cf" },
    { "rsm", "0f aa" },
    { "sysexit", "0f 35" },
    /* esp writes that may leave rsp's upper half (see capcheck.c): the
     * re-base then doubles the region base. */
    { "bsf esp + rebase", "31 c0 0f bc e0 4a 8d 24 34" },
    { "bsr esp + rebase", "31 c0 0f bd e0 4a 8d 24 34" },
    { "cmpxchg esp + rebase", "0f b1 cc 4a 8d 24 34" },
    { "cmpxchg esp (eax source) + rebase", "0f b1 c4 4a 8d 24 34" },
    /* decoder ambiguity (docs/verifier.md): the hint-nop space, conflicting
     * mandatory prefixes, esp from a segment register */
    { "0f 18 /4 (reserved nop, prefetchrst2)", "65 67 0f 18 20" },
    { "0f 18 register form", "0f 18 c0" },
    { "0f 19", "65 67 0f 19 00" },
    { "f3 0f 1c (cldemote slot)", "65 67 f3 0f 1c 00" },
    { "0f 1e memory (CET slot)", "65 67 0f 1e 00" },
    { "endbr64 with REX", "f3 48 0f 1e fa" },
    { "0f 1f /1", "0f 1f c8" },
    { "0f 0d register form", "0f 0d c0" },
    { "prefetch with 66", "66 65 67 0f 18 08" },
    { "nop fs", "64 0f 1f 00" },
    { "nop without gs", "0f 1f 40 08" },
    { "padding nop with a displacement", "66 2e 0f 1f 84 00 00 01 00 00" },
    { "f3 f2 rdsspq r14 / nop", "f3 f2 49 0f 1e ce" },
    { "66 f3 movss / movupd", "66 f3 0f 10 c1" },
    { "66 f3 adox / adcx", "66 f3 0f 38 f6 c8" },
    { "mov fs esp + rebase", "8c e4 4a 8d 24 34" },
    { "f2 90", "f2 90" },
};

/* Contract edge cases: the two verdicts are printed, never judged. */
static const struct snippet probes[] = {
    { "cmov esp + rebase (cmov zero-extends even when not taken)", "0f 44 e1 4a 8d 24 34" },
    { "gs then ds prefix", "65 3e 67 8b 00" },
    { "fs then gs prefix", "64 65 67 8b 00" },
    { "ds prefix on rip-relative", "3e 8b 05 00 00 00 00" },
    { "runtime call, sib scale bits", "90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 65 67 ff 14 65 00 00 01 00" },
    { "re-base with disp8 0", "83 ec 08 4a 8d 64 34 00" },
    { "mask: and via 81", "81 e0 e0 ff ff ff 4c 01 f0 ff e0" },
    { "mask: and eax via 25", "25 e0 ff ff ff 4c 01 f0 ff e0" },
    { "mask: add via 03", "83 e0 e0 49 03 c6 ff e0" },
    { "mask: bnd jmp", "83 e0 e0 4c 01 f0 f2 ff e0" },
    { "mask: notrack jmp", "83 e0 e0 4c 01 f0 3e ff e0" },
    { "movsxd esp (no REX.W: a 32-bit write) + rebase", "63 e4 4a 8d 24 34" },
    { "re-base with gs prefix", "89 c4 65 4a 8d 24 34" },
    { "re-base with 66 (REX.W wins)", "89 c4 66 4a 8d 24 34" },
    { "mask: add with 67", "83 e0 e0 67 4c 01 f0 ff e0" },
    { "mask: lea instead of add", "83 e0 e0 4a 8d 04 30 ff e0" },
    { "addr32 jmp rel8", "67 eb 00" },
    { "cs prefix on jcc", "2e 74 00" },
    { "rex.w jmp rel32", "48 e9 00 00 00 00" },
    { "jmp into the int3 fill past the size", "eb 01 90" },
    { "instruction running into the int3 fill", "b8 00" },
    { "push %fs", "0f a0" },
    { "mov %fs, %eax", "8c e0" },
    { "cli", "fa" },
    { "rdtsc", "0f 31" },
    { "rdtscp", "0f 01 f9" },
    { "rdpmc", "0f 33" },
    { "cpuid", "0f a2" },
    { "xgetbv", "0f 01 d0" },
    { "endbr64", "f3 0f 1e fa" },
    { "xend", "0f 01 d5" },
    { "xabort", "c6 f8 00" },
    { "nop with flat memory operand", "0f 1f 00" },
    { "prefetch with flat memory operand", "0f 18 00" },
    { "ud1 with flat memory operand", "0f b9 00" },
    { "lea with fs and flat address", "64 48 8d 04 25 00 00 00 00" },
    { "thread-pointer word stored to", "64 48 89 04 25 70 00 00 00" },
    { "fs stack canary load", "64 48 8b 04 25 28 00 00 00" },
    { "thread-pointer load, 32-bit", "64 8b 04 25 70 00 00 00" },
    { "thread-pointer load with REX.X (index r12)", "64 4a 8b 04 25 70 00 00 00" },
    { "thread-pointer load with addr32", "64 67 48 8b 04 25 70 00 00 00" },
    { "thread-pointer load into rsp", "64 48 8b 24 25 70 00 00 00" },
    { "thread-pointer load into r14", "64 4c 8b 34 25 70 00 00 00" },
    { "sub of the thread-pointer word", "64 48 2b 04 25 70 00 00 00" },
};

static void parse_hex(const char *s, uint8_t *out, size_t *n)
{
    *n = 0;
    while (*s) {
        while (*s == ' ') s++;
        if (!*s) break;
        out[(*n)++] = (uint8_t)strtoul(s, (char **)&s, 16);
    }
}

/* ------------------------------------------------------------- judging */

struct stats {
    uint64_t cases, v_acc, v_rej, both, checker_only, unsure, suspect, disagree;
    uint64_t first_disagree;
    unsigned ex_checker_only, ex_unsure, ex_suspect;
    /* kinds of disagreement already reported (capcheck's reason + the
     * mnemonic): one FAIL line per kind, not one per case */
    char kinds[16][160];
    unsigned nkinds;
};

static bool new_kind(struct stats *st, const char *reason, const char *insn)
{
    char key[160];
    snprintf(key, sizeof(key), "%.100s|%.*s", reason, (int)strcspn(insn, " "), insn);
    for (unsigned i = 0; i < st->nkinds; i++)
        if (!strcmp(st->kinds[i], key))
            return false;
    if (st->nkinds < sizeof(st->kinds) / sizeof(st->kinds[0]))
        snprintf(st->kinds[st->nkinds++], sizeof(st->kinds[0]), "%s", key);
    return true;
}

static uint64_t g_seed;
static const char *g_tag = "";
static bool g_verbose;

/* What the checkers see: the input padded with int3 to the bundle end. */
static uint8_t pview[MAX_INPUT + IV_BUNDLE_SIZE];
static size_t padded_view(const struct input *in)
{
    size_t n = (in->len + IV_BUNDLE_SIZE - 1) & ~(size_t)(IV_BUNDLE_SIZE - 1);
    memcpy(pview, in->buf, in->len);
    memset(pview + in->len, 0xcc, n - in->len);
    return n;
}

static void report_input(const struct input *in, size_t off)
{
    char h[3 * 16];
    size_t n = padded_view(in);
    if (off >= n)
        off = 0;
    hex(pview + off, n - off < 15 ? n - off : 15, h, sizeof(h));
    printf("DETAIL   vaddr=0x%llx span=[0x%llx,0x%llx) len=%zu (int3-padded to %zu), "
           "bytes at +0x%zx: %s\n",
           (unsigned long long)in->vaddr, (unsigned long long)in->span_lo,
           (unsigned long long)in->span_hi, in->len, n, off, h);
    if (n)
        dump_bundle(pview, n, in->vaddr, off);
}

/* The instruction at `off` as hex and per both decoders. */
struct insn_text { char hex[3 * 16], zydis[100], capstone[200]; };
static void describe(const struct input *in, size_t off, struct insn_text *t)
{
    size_t n = padded_view(in);
    if (off >= n)
        off = 0;
    size_t avail = n - off < 15 ? n - off : 15;
    size_t zl = zlen(pview + off, avail);
    int cl = cc_disasm_one(pview + off, avail, in->vaddr + off, t->capstone, sizeof(t->capstone));
    hex(pview + off, zl ? zl : cl > 0 ? (size_t)cl : avail, t->hex, sizeof(t->hex));
    zdisasm(pview + off, avail, in->vaddr + off, t->zydis, sizeof(t->zydis));
}

static const char *case_label(int cat, uint64_t idx, char *buf, size_t n)
{
    if (cat == CAT_SELFTEST)
        snprintf(buf, n, "'%s'", bad[idx].name);
    else
        snprintf(buf, n, "case %llu", (unsigned long long)idx);
    return buf;
}

/* Runs one input through both checkers and updates the stats.  Returns
 * false on a disagreement (verifier accepts, capcheck rejects). */
static bool judge(int cat, uint64_t idx, const struct input *in, struct stats *st)
{
    struct iv_verify_error err;
    memset(&err, 0, sizeof(err));
    int vr = iv_verify_code(in->buf, in->len, in->vaddr, in->span_lo, in->span_hi, &err);
    struct cc_result cr;
    int cv = capcheck(in->buf, in->len, in->vaddr, in->span_lo, in->span_hi, &cr);
    struct insn_text t;
    char lbl[80];
    case_label(cat, idx, lbl, sizeof(lbl));
    st->cases++;
    if (g_verbose) {
        printf("INFO %s %s len=%zu verifier=%s", cat_name[cat], lbl, in->len,
               vr == 0 ? "accept" : "reject");
        if (vr) printf(" (+0x%llx %s: %s)", (unsigned long long)err.offset, err.insn, err.reason);
        printf(" capcheck=%s", cc_verdict_name(cv));
        if (cv) printf(" (+0x%llx %s: %s)", (unsigned long long)cr.offset, cr.insn, cr.reason);
        printf("\n");
        report_input(in, cv ? cr.offset : vr ? err.offset : 0);
    }
    if (vr != 0) {
        st->v_rej++;
        if (cv == CC_ACCEPT) {
            st->checker_only++;
            if (st->ex_checker_only++ < max_examples) {
                describe(in, err.offset, &t);
                printf("INFO %s%s: capcheck-only accept, %s: verifier rejects at +0x%llx "
                       "(%s: %s); bytes %s; zydis '%s'; capstone '%s'\n",
                       g_tag, cat_name[cat], lbl, (unsigned long long)err.offset, err.insn,
                       err.reason, t.hex, t.zydis, t.capstone);
            }
        }
        return true;
    }
    st->v_acc++;
    if (cv == CC_ACCEPT) {
        st->both++;
        return true;
    }
    describe(in, cr.offset, &t);
    if (cv == CC_UNSURE || cv == CC_SUSPECT) {
        unsigned *ex = cv == CC_UNSURE ? &st->ex_unsure : &st->ex_suspect;
        if (cv == CC_UNSURE) st->unsure++; else st->suspect++;
        if ((*ex)++ < max_examples)
            printf("INFO %s%s: verifier accepts, capcheck %s, %s at +0x%llx: %s; "
                   "bytes %s; zydis '%s'; capstone '%s'\n",
                   g_tag, cat_name[cat], cc_verdict_name(cv), lbl,
                   (unsigned long long)cr.offset, cr.reason, t.hex, t.zydis, t.capstone);
        return true;
    }
    if (st->disagree++ == 0)
        st->first_disagree = idx;
    if (new_kind(st, cr.reason, t.zydis) && st->nkinds <= max_fails) {
        char name[64];
        if (cat == CAT_SELFTEST) {   /* stable names: a slug of the snippet's */
            size_t k = 0;
            for (const char *c = bad[idx].name; *c && k + 1 < sizeof(name); c++)
                name[k++] = isalnum((unsigned char)*c) ? *c : '-';
            name[k] = 0;
        } else {
            snprintf(name, sizeof(name), "case%llu", (unsigned long long)idx);
        }
        printf("FAIL difftest-%s%s-%s: seed %llu, %s: verifier accepts, capcheck rejects at "
               "+0x%llx (vaddr 0x%llx): %s; bytes %s; zydis '%s'; capstone '%s'\n",
               g_tag, cat_name[cat], name, (unsigned long long)g_seed, lbl,
               (unsigned long long)cr.offset, (unsigned long long)in->vaddr, cr.reason, t.hex,
               t.zydis, t.capstone);
        report_input(in, cr.offset);
    }
    return false;
}

static void summary(int cat, const struct stats *st, bool extra_ok, const char *extra)
{
    bool ok = st->disagree == 0 && extra_ok;
    printf("%s difftest-%s%s: %sseed=%llu cases=%llu verifier-accepted=%llu (capcheck agrees %llu, "
           "unsure %llu, suspect %llu) verifier-rejected=%llu (capcheck-only accepts %llu) "
           "disagreements=%llu",
           ok ? "PASS" : "FAIL", g_tag, cat_name[cat], ok ? "" : extra ? extra : "",
           (unsigned long long)g_seed, (unsigned long long)st->cases,
           (unsigned long long)st->v_acc, (unsigned long long)st->both,
           (unsigned long long)st->unsure, (unsigned long long)st->suspect,
           (unsigned long long)st->v_rej, (unsigned long long)st->checker_only,
           (unsigned long long)st->disagree);
    if (st->disagree)
        printf(" of %u kind%s", st->nkinds, st->nkinds == 1 ? "" : "s");
    if (st->disagree && cat >= CAT_RANDOM)
        printf(" (first: --seed %llu --repro %s:%llu)", (unsigned long long)g_seed,
               cat_name[cat], (unsigned long long)st->first_disagree);
    printf("\n");
}

static void selftest(void)
{
    struct stats st = { 0 };
    bool ok = true;
    char why[256] = "";
    struct input *in = calloc(1, sizeof(*in));
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        parse_hex(bad[i].hex, in->buf, &in->len);
        in->vaddr = 0x1000;
        in->span_lo = 0;
        in->span_hi = 0x3000;
        struct cc_result cr;
        int cv = capcheck(in->buf, in->len, in->vaddr, in->span_lo, in->span_hi, &cr);
        if (cv != CC_REJECT) {
            ok = false;
            printf("INFO selftest: capcheck does not reject '%s' (%s: %s)\n", bad[i].name,
                   cc_verdict_name(cv), cr.reason);
            snprintf(why, sizeof(why), "capcheck does not reject '%s'; ", bad[i].name);
        }
        judge(CAT_SELFTEST, i, in, &st);
    }
    free(in);
    summary(CAT_SELFTEST, &st, ok, why);
}

static void run_probes(void)
{
    struct input *in = calloc(1, sizeof(*in));
    for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
        parse_hex(probes[i].hex, in->buf, &in->len);
        struct iv_verify_error err;
        memset(&err, 0, sizeof(err));
        int vr = iv_verify_code(in->buf, in->len, 0x1000, 0, 0x3000, &err);
        struct cc_result cr;
        int cv = capcheck(in->buf, in->len, 0x1000, 0, 0x3000, &cr);
        printf("INFO probe %-58s verifier=%s", probes[i].name, vr ? "reject" : "accept");
        if (vr) printf(" (%s)", err.reason);
        printf(" capcheck=%s", cc_verdict_name(cv));
        if (cv) printf(" (%s)", cr.reason);
        printf("\n");
    }
    free(in);
}

static void baseline(void)
{
    struct stats st = { 0 };
    struct input *in = calloc(1, sizeof(*in));
    memcpy(in->buf, CORPUS, CORPUS_LEN);
    in->len = CORPUS_LEN;
    in->vaddr = CORPUS_VADDR;
    in->span_lo = 0;
    in->span_hi = CORPUS_VADDR + CORPUS_LEN + CORPUS_DATA;
    struct iv_verify_error err;
    int vr = iv_verify_code(in->buf, in->len, in->vaddr, in->span_lo, in->span_hi, &err);
    struct cc_result cr;
    int cv = capcheck(in->buf, in->len, in->vaddr, in->span_lo, in->span_hi, &cr);
    char why[600] = "";
    if (vr != 0) {
        snprintf(why, sizeof(why), "verifier rejects the corpus at +0x%llx (%s: %s); ",
                 (unsigned long long)err.offset, err.insn, err.reason);
        report_input(in, err.offset);
    }
    if (cv != CC_ACCEPT) {
        size_t k = strlen(why);
        snprintf(why + k, sizeof(why) - k, "capcheck %s at +0x%llx (%s: %s); ",
                 cc_verdict_name(cv), (unsigned long long)cr.offset, cr.insn, cr.reason);
        report_input(in, cr.offset);
    }
    st.cases = 1;
    if (vr == 0) st.v_acc = 1; else st.v_rej = 1;
    if (vr == 0 && cv == CC_ACCEPT) st.both = 1;
    printf("INFO baseline: corpus is %zu bytes\n", CORPUS_LEN);
    summary(CAT_BASELINE, &st, vr == 0 && cv == CC_ACCEPT, why);
    free(in);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void generate(int cat, uint64_t idx, struct input *in)
{
    struct rng r;
    rng_for_case(&r, g_seed, cat, idx);
    in->len = 0;
    switch (cat) {
    case CAT_RANDOM: gen_random(&r, in); break;
    case CAT_BIASED: gen_biased(&r, in); break;
    case CAT_MUTATED: gen_mutated(&r, in); break;
    }
}

static void usage(void)
{
    fprintf(stderr,
            "usage: difftest [--seed S] [--cases N] [--time SECONDS] [--cats LIST] [--tag T]\n"
            "                [--repro CAT:INDEX] [--examples N]\n"
            "  --cases N   cases per fuzzing category (0: unlimited, needs --time)\n"
            "  --cats      comma list of selftest,baseline,random,biased,mutated (default all)\n"
            "  --tag T     prefix for result names (difftest-T<category>)\n"
            "  --examples  INFO examples per kind of soft result and category (default 3),\n"
            "              and FAIL lines per category if more than 5\n");
    exit(2);
}

int main(int argc, char **argv)
{
    uint64_t cases = 1000;
    double seconds = 0;
    bool seeded = false;
    const char *cats = "selftest,baseline,random,biased,mutated", *repro = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--seed") && v) { g_seed = strtoull(v, NULL, 0); seeded = true; i++; }
        else if (!strcmp(a, "--cases") && v) { cases = strtoull(v, NULL, 0); i++; }
        else if (!strcmp(a, "--time") && v) { seconds = strtod(v, NULL); i++; }
        else if (!strcmp(a, "--cats") && v) { cats = v; i++; }
        else if (!strcmp(a, "--tag") && v) { g_tag = v; i++; }
        else if (!strcmp(a, "--repro") && v) { repro = v; i++; }
        else if (!strcmp(a, "--examples") && v) {
            max_examples = (unsigned)strtoul(v, NULL, 0);
            if (max_examples > max_fails) max_fails = max_examples;
            i++;
        }
        else usage();
    }
    if (!cases && seconds <= 0)
        usage();
    if (!seeded) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t x = (uint64_t)ts.tv_sec * 1000000007ull ^ (uint64_t)ts.tv_nsec;
        g_seed = splitmix(&x) & 0xffffffffffffull;
    }
    printf("INFO difftest seed %llu (replay with --seed %llu)\n", (unsigned long long)g_seed,
           (unsigned long long)g_seed);
    fflush(stdout);
    if (cc_init() != 0) {
        printf("FAIL difftest-%sinit: cannot open Capstone\n", g_tag);
        return 1;
    }
    ZydisDecoderInit(&zdec, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64);
    corpus_index();

    static struct input in;
    if (repro) {
        const char *colon = strchr(repro, ':');
        int cat = -1;
        for (int c = CAT_RANDOM; c < NCAT; c++)
            if (colon && (size_t)(colon - repro) == strlen(cat_name[c]) &&
                !strncmp(repro, cat_name[c], (size_t)(colon - repro)))
                cat = c;
        if (cat < 0)
            usage();
        uint64_t idx = strtoull(colon + 1, NULL, 0);
        generate(cat, idx, &in);
        g_verbose = true;
        struct stats st = { 0 };
        char h[3 * MAX_INPUT];
        hex(in.buf, in.len, h, sizeof(h));
        printf("INFO input: %s\n", h);
        judge(cat, idx, &in, &st);
        return st.disagree ? 1 : 0;
    }

    bool want[NCAT] = { false };
    for (int c = 0; c < NCAT; c++) {
        const char *p = strstr(cats, cat_name[c]);
        want[c] = p != NULL;
    }
    if (want[CAT_SELFTEST]) {
        selftest();
        run_probes();
    }
    if (want[CAT_BASELINE]) baseline();
    fflush(stdout);

    struct stats st[NCAT];
    memset(st, 0, sizeof(st));
    double t0 = now();
    bool any = false;
    for (int c = CAT_RANDOM; c < NCAT; c++)
        any |= want[c];
    for (uint64_t idx = 0; any; idx++) {
        bool more = false;
        for (int c = CAT_RANDOM; c < NCAT; c++) {
            if (!want[c] || (cases && idx >= cases))
                continue;
            generate(c, idx, &in);
            judge(c, idx, &in, &st[c]);
            more = true;
        }
        if (!more)
            break;
        if (seconds > 0 && (idx & 63) == 0 && now() - t0 >= seconds)
            break;
    }
    double dt = now() - t0;
    int rc = 0;
    for (int c = CAT_RANDOM; c < NCAT; c++) {
        if (!want[c])
            continue;
        summary(c, &st[c], true, NULL);
        if (st[c].disagree)
            rc = 1;
    }
    printf("INFO difftest: %.1f s\n", dt);
    cc_fini();
    free(cstarts);
    return rc;
}
