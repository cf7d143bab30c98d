/* libFuzzer harness: ELF parsing and the verifier, cross-checked by capcheck.
 *
 * An input that starts with the ELF magic goes through iv_verify_elf(); any
 * other input is raw code for iv_verify_code() at CODE_VADDR with a span
 * reaching SPAN_AFTER bytes past it.  Whatever the verifier accepts is
 * re-checked by capcheck (tests/difftest/capcheck.c, an independent checker
 * of docs/sfi.md on Capstone): every executable PT_LOAD of an accepted
 * ET_DYN image with the image's span, every executable section of an
 * accepted ET_REL object that no relocation patches (capcheck knows nothing
 * of relocated displacements), and accepted raw code.  A capcheck REJECT of
 * verifier-accepted bytes aborts (a finding); UNSURE/SUSPECT are tolerated
 * as in difftest (see its README).  ASan/UBSan catch the rest. */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include "capcheck.h"
#include "core/perfmap.h"
#include "intravisor/verifier.h"

#define CODE_VADDR 0x1000u
#define SPAN_AFTER 0x4000u

static void recheck(const uint8_t *code, size_t size, uint64_t vaddr, uint64_t lo, uint64_t hi,
                    const char *what)
{
    struct cc_result r;
    if (capcheck(code, size, vaddr, lo, hi, &r) != CC_REJECT)
        return;
    fprintf(stderr, "DISAGREEMENT (%s): the verifier accepts, capcheck rejects at +0x%llx: %s (%s)\n",
            what, (unsigned long long)r.offset, r.insn, r.reason);
    abort();
}

static int in_file(uint64_t off, uint64_t len, size_t size)
{
    return off <= size && len <= size - off;
}

static void recheck_dyn(const uint8_t *d, size_t size, const Elf64_Ehdr *eh)
{
    uint64_t lo = UINT64_MAX, hi = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < eh->e_phnum; i++) {
            Elf64_Phdr ph;
            memcpy(&ph, d + eh->e_phoff + i * sizeof ph, sizeof ph);
            if (ph.p_type != PT_LOAD)
                continue;
            if (pass == 0) { /* the span: every PT_LOAD, as the verifier computes it */
                if (ph.p_vaddr < lo)
                    lo = ph.p_vaddr;
                if (ph.p_vaddr + ph.p_memsz > hi)
                    hi = ph.p_vaddr + ph.p_memsz;
            } else if ((ph.p_flags & PF_X) && ph.p_filesz && in_file(ph.p_offset, ph.p_filesz, size)) {
                recheck(d + ph.p_offset, ph.p_filesz, ph.p_vaddr, lo, hi, "ET_DYN segment");
            }
        }
}

static void recheck_rel(const uint8_t *d, size_t size, const Elf64_Ehdr *eh)
{
    const size_t n = eh->e_shnum;
#define SHDR(i, sh) memcpy(&(sh), d + eh->e_shoff + (size_t)(i) * sizeof(Elf64_Shdr), sizeof(sh))
    for (size_t i = 0; i < n; i++) {
        Elf64_Shdr sh;
        SHDR(i, sh);
        if (!(sh.sh_flags & SHF_EXECINSTR) || !sh.sh_size || !in_file(sh.sh_offset, sh.sh_size, size))
            continue;
        int relocated = 0;
        for (size_t k = 0; k < n && !relocated; k++) {
            Elf64_Shdr rs;
            SHDR(k, rs);
            relocated = rs.sh_type == SHT_RELA && rs.sh_info == i && rs.sh_size;
        }
        if (!relocated)
            recheck(d + sh.sh_offset, sh.sh_size, 0, 0, sh.sh_size, "ET_REL section");
    }
#undef SHDR
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (cc_init()) {
        fprintf(stderr, "fuzz_verifier: capcheck (Capstone) does not initialise\n");
        exit(1);
    }
    iv_perfmap_use_fd(open("/dev/null", O_WRONLY | O_CLOEXEC));
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct iv_verify_error err;
    if (size >= SELFMAG && !memcmp(data, ELFMAG, SELFMAG)) {
        /* The monitor's perf map reads the section and symbol tables of
         * images (monitor/core/perfmap.c): any bytes, aligned as the
         * monitor's copy of a file is. */
        uint8_t *copy = malloc(size);
        if (copy) {
            memcpy(copy, data, size);
            struct iv_image img = {.data = copy, .size = size};
            iv_perfmap_add(&img, 0x7f0000100000ull);
            free(copy);
        }
        if (iv_verify_elf(data, size, &err))
            return 0;
        Elf64_Ehdr eh; /* accepted: the headers are sane */
        memcpy(&eh, data, sizeof eh);
        if (eh.e_type == ET_DYN)
            recheck_dyn(data, size, &eh);
        else
            recheck_rel(data, size, &eh);
        return 0;
    }
    if (iv_verify_code(data, size, CODE_VADDR, CODE_VADDR, CODE_VADDR + size + SPAN_AFTER, &err))
        return 0;
    recheck(data, size, CODE_VADDR, CODE_VADDR, CODE_VADDR + size + SPAN_AFTER, "raw code");
    return 0;
}
