/* intravisor verify [-v] IMAGE...: check images against the sandbox contract
 * (docs/sfi.md).  Exit 0 if all pass; otherwise report each rejection as
 * "IMAGE: 0xOFFSET: INSN: REASON" (INSN omitted for ELF-level errors) and
 * exit 1 after checking every file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/commands.h"
#include "intravisor/verifier.h"

/* Count the bytes of executable code the verifier looked at (for -v). */
#include <elf.h>
static unsigned long long code_bytes(const unsigned char *d, size_t n)
{
    Elf64_Ehdr eh;
    unsigned long long sum = 0;
    if (n < sizeof eh)
        return 0;
    memcpy(&eh, d, sizeof eh);
    if (eh.e_type == ET_REL) {
        for (size_t i = 0; i < eh.e_shnum; i++) {
            Elf64_Shdr sh;
            memcpy(&sh, d + eh.e_shoff + i * sizeof sh, sizeof sh);
            if (sh.sh_flags & SHF_EXECINSTR)
                sum += sh.sh_size;
        }
        return sum;
    }
    for (size_t i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        memcpy(&ph, d + eh.e_phoff + i * sizeof ph, sizeof ph);
        if (ph.p_type == PT_LOAD && (ph.p_flags & PF_X))
            sum += ph.p_filesz;
    }
    return sum;
}

static int verify_one(const char *path, int verbose)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
        return 1;
    }
    struct stat st;
    if (fstat(fd, &st) < 0) {
        fprintf(stderr, "%s: cannot stat: %s\n", path, strerror(errno));
        close(fd);
        return 1;
    }
    if (!S_ISREG(st.st_mode)) {
        fprintf(stderr, "%s: not a regular file\n", path);
        close(fd);
        return 1;
    }
    size_t size = (size_t)st.st_size;
    const unsigned char *data = NULL;
    static const unsigned char empty[1];
    if (size == 0) {
        data = empty;
    } else {
        void *m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m == MAP_FAILED) {
            fprintf(stderr, "%s: cannot map: %s\n", path, strerror(errno));
            close(fd);
            return 1;
        }
        data = m;
    }
    close(fd);

    struct iv_verify_error err = {0, "", ""};
    int rc = iv_verify_elf(data, size, &err);
    if (rc) {
        if (err.insn[0])
            fprintf(stderr, "%s: 0x%llx: %s: %s\n", path, (unsigned long long)err.offset, err.insn,
                    err.reason);
        else
            fprintf(stderr, "%s: 0x%llx: %s\n", path, (unsigned long long)err.offset, err.reason);
    } else if (verbose) {
        /* Verified, so the headers read by code_bytes are known to be in bounds. */
        printf("%s: ok (%llu bytes of code)\n", path, code_bytes(data, size));
    }
    if (size)
        munmap((void *)data, size);
    return rc ? 1 : 0;
}

int cmd_verify(int argc, char **argv)
{
    int verbose = 0, status = 0, nfiles = 0, opts_done = 0;
    for (int i = 1; i < argc; i++) {
        if (opts_done || argv[i][0] != '-')
            continue;
        if (!strcmp(argv[i], "--")) {
            opts_done = 1;
        } else if (!strcmp(argv[i], "-v")) {
            verbose = 1;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("usage: intravisor verify [-v] IMAGE...\n");
            return 0;
        } else {
            fprintf(stderr, "intravisor verify: unknown option '%s'\n", argv[i]);
            return 2;
        }
    }
    opts_done = 0;
    for (int i = 1; i < argc; i++) {
        if (!opts_done && argv[i][0] == '-') {
            opts_done = !strcmp(argv[i], "--");
            continue;
        }
        nfiles++;
        if (verify_one(argv[i], verbose))
            status = 1;
    }
    if (!nfiles) {
        fprintf(stderr, "usage: intravisor verify [-v] IMAGE...\n");
        return 2;
    }
    return status;
}
