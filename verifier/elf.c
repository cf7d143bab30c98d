/* ELF-level checks, docs/sfi.md §8, then code checks of every executable
 * segment (ET_DYN) or section (ET_REL).
 *
 * The file is untrusted and may be truncated or fuzzed: every offset and
 * size read from it is checked against the file size with overflow-safe
 * arithmetic (in_file) before anything is read through it, and every header
 * is copied out with memcpy (no unaligned struct access). */
#include "internal.h"
#include <elf.h>
#include <stdlib.h>
#include <string.h>

/* [off, off+len) lies inside a file of `size` bytes. */
static int in_file(uint64_t off, uint64_t len, size_t size)
{
    return off <= size && len <= size - off;
}

struct load {
    uint64_t lo, hi;   /* [p_vaddr, p_vaddr + p_memsz) */
    uint64_t off, filesz;
    uint32_t flags;
    size_t phdr_off;   /* file offset of its program header */
};

static int cmp_load(const void *a, const void *b)
{
    const struct load *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Translate a virtual address range to a file offset through the PT_LOADs
 * (file-backed part only).  Returns 0 and sets *off, or -1. */
static int vaddr_to_off(const struct load *l, size_t n, uint64_t va, uint64_t len, uint64_t *off)
{
    for (size_t i = 0; i < n; i++)
        if (va >= l[i].lo && va - l[i].lo <= l[i].filesz && len <= l[i].filesz - (va - l[i].lo)) {
            *off = l[i].off + (va - l[i].lo);
            return 0;
        }
    return -1;
}

/* Check the relocation table [va, va+sz) (Elf64_Rela entries). */
static int check_relocs(const uint8_t *data, size_t size, const struct load *l, size_t n,
                        uint64_t va, uint64_t sz, const char *what, struct iv_verify_error *err,
                        uint64_t dyn_off)
{
    uint64_t off;
    if (sz == 0)
        return 0;
    if (sz % sizeof(Elf64_Rela))
        return iv_fail(err, dyn_off, "%s size is not a multiple of the Rela entry size", what);
    if (vaddr_to_off(l, n, va, sz, &off) || !in_file(off, sz, size))
        return iv_fail(err, dyn_off, "%s table is not inside the file", what);
    for (uint64_t i = 0; i < sz / sizeof(Elf64_Rela); i++) {
        Elf64_Rela r;
        uint64_t ro = off + i * sizeof r;
        memcpy(&r, data + ro, sizeof r);
        uint32_t type = ELF64_R_TYPE(r.r_info);
        if (type == R_X86_64_NONE)
            continue;
        if (type != R_X86_64_RELATIVE)
            return iv_fail(err, ro, "relocation type %u is not R_X86_64_RELATIVE", type);
        /* The 8 patched bytes must lie in one non-executable PT_LOAD: code is
         * never patched after it was verified.  Loads are sorted and disjoint:
         * binary search (a fuzzed file may have 65535 loads and millions of
         * relocations). */
        size_t lo = 0, hi = n;
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            if (l[mid].lo <= r.r_offset)
                lo = mid;
            else
                hi = mid;
        }
        const struct load *t = &l[lo];
        if ((t->flags & PF_X) || r.r_offset < t->lo || r.r_offset >= t->hi || t->hi - r.r_offset < 8)
            return iv_fail(err, ro, "relocation at 0x%llx does not patch a non-executable segment",
                           (unsigned long long)r.r_offset);
    }
    return 0;
}

static int check_dynamic(const uint8_t *data, size_t size, const Elf64_Phdr *ph, size_t ph_off,
                         const struct load *l, size_t n, struct iv_verify_error *err)
{
    if (!in_file(ph->p_offset, ph->p_filesz, size))
        return iv_fail(err, ph_off, "PT_DYNAMIC is not inside the file");
    uint64_t rela = 0, relasz = 0, jmprel = 0, pltrelsz = 0, relaent = sizeof(Elf64_Rela);
    int have_rela = 0, have_jmprel = 0;
    uint64_t cnt = ph->p_filesz / sizeof(Elf64_Dyn);
    for (uint64_t i = 0; i < cnt; i++) {
        Elf64_Dyn d;
        uint64_t doff = ph->p_offset + i * sizeof d;
        memcpy(&d, data + doff, sizeof d);
        switch (d.d_tag) {
        case DT_NULL:
            i = cnt;
            break;
        case DT_NEEDED:
            return iv_fail(err, doff, "DT_NEEDED: image needs shared libraries");
        case DT_REL:
        case DT_RELSZ:
        case DT_RELENT:
            return iv_fail(err, doff, "DT_REL relocations are not allowed (only RELA)");
        case 36: /* DT_RELRSZ */
        case 35: /* DT_RELR */
        case 37: /* DT_RELRENT */
            return iv_fail(err, doff, "DT_RELR relocations are not allowed");
        case DT_TEXTREL:
            return iv_fail(err, doff, "DT_TEXTREL: text relocations are not allowed");
        case DT_FLAGS:
            if (d.d_un.d_val & DF_TEXTREL)
                return iv_fail(err, doff, "DF_TEXTREL: text relocations are not allowed");
            break;
        case DT_RELA:
            rela = d.d_un.d_ptr;
            have_rela = 1;
            break;
        case DT_RELASZ:
            relasz = d.d_un.d_val;
            break;
        case DT_RELAENT:
            relaent = d.d_un.d_val;
            break;
        case DT_JMPREL:
            jmprel = d.d_un.d_ptr;
            have_jmprel = 1;
            break;
        case DT_PLTRELSZ:
            pltrelsz = d.d_un.d_val;
            break;
        case DT_PLTREL:
            if (d.d_un.d_val != DT_RELA)
                return iv_fail(err, doff, "DT_PLTREL is not DT_RELA");
            break;
        default:
            break;
        }
    }
    if (relaent != sizeof(Elf64_Rela))
        return iv_fail(err, ph_off, "DT_RELAENT is not %zu", sizeof(Elf64_Rela));
    if (!have_rela && relasz)
        return iv_fail(err, ph_off, "DT_RELASZ without DT_RELA");
    if (!have_jmprel && pltrelsz)
        return iv_fail(err, ph_off, "DT_PLTRELSZ without DT_JMPREL");
    if (check_relocs(data, size, l, n, rela, relasz, "DT_RELA", err, ph_off) ||
        check_relocs(data, size, l, n, jmprel, pltrelsz, "DT_JMPREL", err, ph_off))
        return -1;
    return 0;
}

static int verify_dyn(const uint8_t *data, size_t size, const Elf64_Ehdr *eh, int opts,
                      struct iv_verify_error *err, void (*site)(void *arg, uint64_t vaddr), void *arg)
{
    if (eh->e_phnum == 0 || eh->e_phnum == PN_XNUM)
        return iv_fail(err, offsetof(Elf64_Ehdr, e_phnum), "no program headers");
    if (eh->e_phentsize != sizeof(Elf64_Phdr))
        return iv_fail(err, offsetof(Elf64_Ehdr, e_phentsize), "bad e_phentsize");
    if (!in_file(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr), size))
        return iv_fail(err, offsetof(Elf64_Ehdr, e_phoff), "program headers are not inside the file");

    struct load *l = calloc(eh->e_phnum, sizeof *l);
    if (!l)
        return iv_fail(err, 0, "out of memory");
    size_t n = 0, dyn_idx = SIZE_MAX;
    int rc = -1;
    for (size_t i = 0; i < eh->e_phnum; i++) {
        Elf64_Phdr ph;
        size_t po = eh->e_phoff + i * sizeof ph;
        memcpy(&ph, data + po, sizeof ph);
        switch (ph.p_type) {
        case PT_INTERP:
            /* ivcc's PT_INTERP holds a message without its NUL: no loader
             * can use it as a path, and Linux refuses to run the image
             * natively.  A real interpreter path ends in NUL. */
            if (ph.p_filesz == 0 || !in_file(ph.p_offset, ph.p_filesz, size) ||
                data[ph.p_offset + ph.p_filesz - 1] == 0) {
                iv_fail(err, po, "PT_INTERP: image asks for a dynamic loader");
                goto out;
            }
            break;
        case PT_GNU_STACK:
            if (ph.p_flags & PF_X) {
                iv_fail(err, po, "PT_GNU_STACK asks for an executable stack");
                goto out;
            }
            break;
        case PT_DYNAMIC:
            if (dyn_idx != SIZE_MAX) {
                iv_fail(err, po, "more than one PT_DYNAMIC");
                goto out;
            }
            dyn_idx = i;
            break;
        case PT_LOAD:
            if ((ph.p_flags & PF_W) && (ph.p_flags & PF_X)) {
                iv_fail(err, po, "PT_LOAD is both writable and executable");
                goto out;
            }
            if (ph.p_filesz > ph.p_memsz || !in_file(ph.p_offset, ph.p_filesz, size)) {
                iv_fail(err, po, "PT_LOAD file range is not inside the file");
                goto out;
            }
            if (ph.p_vaddr > IV_IMAGE_MAX_SPAN || ph.p_memsz > IV_IMAGE_MAX_SPAN) {
                iv_fail(err, po, "PT_LOAD address or size beyond the image span limit");
                goto out;
            }
            if ((ph.p_flags & PF_X) && ph.p_memsz != ph.p_filesz) {
                /* Bytes past p_filesz would be zero-filled by a loader:
                 * unverified code.  Linkers never emit this for text. */
                iv_fail(err, po, "executable PT_LOAD has p_memsz != p_filesz");
                goto out;
            }
            if ((ph.p_flags & PF_X) && ph.p_vaddr % IV_PAGE_SIZE) {
                iv_fail(err, po, "executable PT_LOAD does not start on a page boundary");
                goto out;
            }
            l[n++] = (struct load){ph.p_vaddr, ph.p_vaddr + ph.p_memsz, ph.p_offset, ph.p_filesz,
                                   ph.p_flags, po};
            break;
        default:
            break;
        }
    }
    if (n == 0) {
        iv_fail(err, offsetof(Elf64_Ehdr, e_phoff), "no PT_LOAD segment");
        goto out;
    }
    qsort(l, n, sizeof *l, cmp_load);
    for (size_t i = 1; i < n; i++)
        if (l[i].lo < l[i - 1].hi) {
            iv_fail(err, l[i].phdr_off, "PT_LOAD segments overlap");
            goto out;
        }
    /* Pages are mapped whole: no other load may be in an executable load's
     * pages (its data would run unverified, or the code be writable).  The
     * loader refuses this too; say so here, where it is checked.  Empty
     * loads map nothing (the loader skips them). */
    for (size_t i = 0, prev = SIZE_MAX; i < n; i++) {
        if (l[i].lo == l[i].hi)
            continue;
        if (prev != SIZE_MAX && ((l[i].flags | l[prev].flags) & PF_X) &&
            (l[prev].hi + IV_PAGE_SIZE - 1) / IV_PAGE_SIZE > l[i].lo / IV_PAGE_SIZE) {
            iv_fail(err, l[i].phdr_off, "an executable PT_LOAD shares a page with another PT_LOAD");
            goto out;
        }
        prev = i;
    }
    uint64_t span_lo = l[0].lo, span_hi = 0;
    for (size_t i = 0; i < n; i++)
        if (l[i].hi > span_hi)
            span_hi = l[i].hi;
    if (span_hi - span_lo > IV_IMAGE_MAX_SPAN) {
        iv_fail(err, l[n - 1].phdr_off, "image span exceeds %llu bytes",
                (unsigned long long)IV_IMAGE_MAX_SPAN);
        goto out;
    }
    /* Entry: a bundle start inside the verified code of an executable segment. */
    int entry_ok = 0;
    for (size_t i = 0; i < n; i++)
        if ((l[i].flags & PF_X) && eh->e_entry >= l[i].lo && eh->e_entry - l[i].lo < l[i].filesz &&
            eh->e_entry % IV_BUNDLE_SIZE == 0)
            entry_ok = 1;
    if (!entry_ok) {
        iv_fail(err, offsetof(Elf64_Ehdr, e_entry), "entry point 0x%llx is not a bundle start in "
                "an executable segment", (unsigned long long)eh->e_entry);
        goto out;
    }
    if (dyn_idx != SIZE_MAX) {
        Elf64_Phdr ph;
        size_t po = eh->e_phoff + dyn_idx * sizeof ph;
        memcpy(&ph, data + po, sizeof ph);
        if (check_dynamic(data, size, &ph, po, l, n, err))
            goto out;
    }
    /* Loads are sorted, so the sites come by ascending address. */
    for (size_t i = 0; i < n; i++) {
        if (!(l[i].flags & PF_X))
            continue;
        size_t words = (l[i].filesz + IV_BUNDLE_SIZE + 63) / 64;
        uint64_t *jumps = site ? calloc(words, sizeof *jumps) : NULL;
        if (site && !jumps) {
            iv_fail(err, 0, "out of memory");
            goto out;
        }
        struct iv_seg s = {data + l[i].off, l[i].filesz, l[i].lo, span_lo, span_hi, l[i].off, NULL, jumps};
        if (iv_verify_seg(&s, opts, err)) {
            free(jumps);
            goto out;
        }
        for (size_t w = 0; jumps && w < words; w++)
            for (uint64_t m = jumps[w]; m; m &= m - 1)
                site(arg, l[i].lo + w * 64 + (uint64_t)__builtin_ctzll(m));
        free(jumps);
    }
    rc = 0;
out:
    free(l);
    return rc;
}

static int verify_rel_sections(const uint8_t *data, size_t size, const Elf64_Ehdr *eh, size_t nsh,
                               const uint32_t *first, const uint32_t *next, int opts,
                               struct iv_verify_error *err);

static int verify_rel(const uint8_t *data, size_t size, const Elf64_Ehdr *eh, int opts,
                      struct iv_verify_error *err)
{
    if (eh->e_shnum == 0)
        return iv_fail(err, offsetof(Elf64_Ehdr, e_shnum), "no section headers");
    if (eh->e_shentsize != sizeof(Elf64_Shdr))
        return iv_fail(err, offsetof(Elf64_Ehdr, e_shentsize), "bad e_shentsize");
    if (!in_file(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr), size))
        return iv_fail(err, offsetof(Elf64_Ehdr, e_shoff), "section headers are not inside the file");
    const size_t nsh = eh->e_shnum;
#define SHDR(i, sh) memcpy(&(sh), data + eh->e_shoff + (size_t)(i) * sizeof(Elf64_Shdr), sizeof(sh))
    /* For each section, the list of SHT_RELA sections that apply to it
     * (first[i], then next[k]; indices + 1, 0 = end): linear, not quadratic. */
    uint32_t *first = calloc(nsh, sizeof *first), *next = calloc(nsh, sizeof *next);
    if (!first || !next) {
        free(first);
        free(next);
        return iv_fail(err, 0, "out of memory");
    }
    for (size_t k = nsh; k-- > 0;) {
        Elf64_Shdr rs;
        SHDR(k, rs);
        if (rs.sh_type == SHT_RELA && rs.sh_info < nsh) {
            next[k] = first[rs.sh_info];
            first[rs.sh_info] = (uint32_t)k + 1;
        }
    }
    int rc = verify_rel_sections(data, size, eh, nsh, first, next, opts, err);
    free(first);
    free(next);
    return rc;
}

static int verify_rel_sections(const uint8_t *data, size_t size, const Elf64_Ehdr *eh, size_t nsh,
                               const uint32_t *first, const uint32_t *next, int opts,
                               struct iv_verify_error *err)
{
    for (size_t i = 0; i < nsh; i++) {
        Elf64_Shdr sh;
        SHDR(i, sh);
        uint64_t sho = eh->e_shoff + i * sizeof sh;
        if (sh.sh_type == SHT_REL)
            return iv_fail(err, sho, "SHT_REL relocations are not allowed (only RELA)");
        if (!(sh.sh_flags & SHF_EXECINSTR) || sh.sh_size == 0)
            continue;
        if (sh.sh_flags & SHF_WRITE)
            return iv_fail(err, sho, "section is both writable and executable");
        if (sh.sh_type != SHT_PROGBITS)
            return iv_fail(err, sho, "executable section is not SHT_PROGBITS");
        if (!in_file(sh.sh_offset, sh.sh_size, size))
            return iv_fail(err, sho, "executable section is not inside the file");
        if (sh.sh_addralign < IV_BUNDLE_SIZE || sh.sh_addralign % IV_BUNDLE_SIZE)
            return iv_fail(err, sho, "executable section is not aligned to a bundle");
        /* Mark the bytes its relocations patch. */
        size_t words = (sh.sh_size + 63) / 64;
        uint64_t *reloc = calloc(words, sizeof *reloc);
        if (!reloc)
            return iv_fail(err, sho, "out of memory");
        for (size_t k1 = first[i]; k1; k1 = next[k1 - 1]) {
            size_t k = k1 - 1;
            Elf64_Shdr rs;
            SHDR(k, rs);
            uint64_t rso = eh->e_shoff + k * sizeof rs;
            if (rs.sh_entsize != sizeof(Elf64_Rela) || rs.sh_size % sizeof(Elf64_Rela) ||
                !in_file(rs.sh_offset, rs.sh_size, size)) {
                free(reloc);
                return iv_fail(err, rso, "malformed relocation section");
            }
            for (uint64_t j = 0; j < rs.sh_size / sizeof(Elf64_Rela); j++) {
                Elf64_Rela r;
                memcpy(&r, data + rs.sh_offset + j * sizeof r, sizeof r);
                if (r.r_offset < sh.sh_size)
                    reloc[r.r_offset / 64] |= 1ull << (r.r_offset % 64);
            }
        }
        struct iv_seg s = {data + sh.sh_offset, sh.sh_size, 0, 0, sh.sh_size, sh.sh_offset, reloc, NULL};
        int rc = iv_verify_seg(&s, opts, err);
        free(reloc);
        if (rc)
            return -1;
    }
#undef SHDR
    return 0;
}

int iv_verify_elf_opts(const uint8_t *data, size_t size, int opts, struct iv_verify_error *err)
{
    return iv_verify_elf_sites_opts(data, size, opts, err, NULL, NULL);
}

int iv_verify_elf_sites_opts(const uint8_t *data, size_t size, int opts, struct iv_verify_error *err,
                             void (*site)(void *arg, uint64_t vaddr), void *arg)
{
    Elf64_Ehdr eh;
    if (!data || size < sizeof eh)
        return iv_fail(err, 0, "file too small for an ELF header (%zu bytes)", size);
    memcpy(&eh, data, sizeof eh);
    if (memcmp(eh.e_ident, ELFMAG, SELFMAG))
        return iv_fail(err, 0, "not an ELF file");
    if (eh.e_ident[EI_CLASS] != ELFCLASS64)
        return iv_fail(err, EI_CLASS, "not ELF64");
    if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
        return iv_fail(err, EI_DATA, "not little-endian");
    if (eh.e_machine != EM_X86_64)
        return iv_fail(err, offsetof(Elf64_Ehdr, e_machine), "not x86-64 (e_machine %u)", eh.e_machine);
    if (eh.e_type == ET_DYN) {
        if (memcmp(eh.e_ident + IV_IMAGE_MARK_OFFSET, IV_IMAGE_MARK, IV_IMAGE_MARK_LEN))
            return iv_fail(err, IV_IMAGE_MARK_OFFSET, "no cVM image mark in e_ident (not linked by ivcc; "
                           "hand-linked images: iv-mark)");
        return verify_dyn(data, size, &eh, opts, err, site, arg);
    }
    if (eh.e_type == ET_REL)
        return verify_rel(data, size, &eh, opts, err);
    return iv_fail(err, offsetof(Elf64_Ehdr, e_type),
                   "ELF type %u is neither ET_DYN (static PIE) nor ET_REL", eh.e_type);
}

int iv_verify_elf(const uint8_t *data, size_t size, struct iv_verify_error *err)
{
    return iv_verify_elf_opts(data, size, 0, err);
}

int iv_verify_elf_sites(const uint8_t *data, size_t size, struct iv_verify_error *err,
                        void (*site)(void *arg, uint64_t vaddr), void *arg)
{
    return iv_verify_elf_sites_opts(data, size, 0, err, site, arg);
}
