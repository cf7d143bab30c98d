/* capcheck: an independent re-implementation of the code rules of
 * docs/sfi.md (sections 3-6) on Capstone 4, used to cross-check the verifier.
 * It is written from the contract only (never from the verifier sources), and uses a
 * different decoder, so that a bug shared by the two is unlikely.
 *
 * Verdicts.  The differential invariant is "everything the verifier accepts,
 * capcheck accepts".  capcheck cannot mirror everything exactly (Capstone 4
 * lacks some instructions and mis-sizes a few; the verifier's ISA allow-list
 * ends in "..."), so a rejection carries a class:
 *   CC_REJECT   the bytes break a rule of the contract as capcheck reads it;
 *               verifier-accepted + CC_REJECT is a test failure.
 *   CC_SUSPECT  allowed by the letter of the contract but decoded
 *               differently across CPUs or decoders (e.g. both 64 and 65
 *               prefixes); reported, never a failure.
 *   CC_UNSURE   capcheck cannot judge (Capstone cannot decode the bytes, is
 *               known to mis-decode them, or the ISA extension is outside the
 *               contract's named list); reported, never a failure.
 * When an input has several problems, the most severe class wins
 * (REJECT > SUSPECT > UNSURE), so soft findings never hide a hard one. */
#ifndef DIFFTEST_CAPCHECK_H
#define DIFFTEST_CAPCHECK_H
#include <stddef.h>
#include <stdint.h>

enum cc_verdict { CC_ACCEPT = 0, CC_UNSURE = 1, CC_SUSPECT = 2, CC_REJECT = 3 };

struct cc_result {
    int verdict;        /* enum cc_verdict */
    uint64_t offset;    /* offset in `code` of the offending instruction */
    char insn[200];     /* Capstone's disassembly (Intel syntax), or "" */
    char reason[160];
};

int cc_init(void);      /* 0 on success */
void cc_fini(void);

/* Same arguments as iv_verify_code(): `code` runs at `vaddr` (bundle
 * aligned); RIP-relative operands must target [span_lo, span_hi).  Returns
 * the verdict (also stored in *res).  Not thread-safe. */
int capcheck(const uint8_t *code, size_t size, uint64_t vaddr,
             uint64_t span_lo, uint64_t span_hi, struct cc_result *res);

/* Capstone's disassembly of the one instruction at code[0..size), for
 * failure reports.  Writes "(undecodable)" if Capstone cannot decode it. */
int cc_disasm_one(const uint8_t *code, size_t size, uint64_t addr,
                  char *out, size_t outsz);

const char *cc_verdict_name(int v);
#endif
