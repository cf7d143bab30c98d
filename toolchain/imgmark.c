#include "imgmark.h"
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <intravisor/sfi.h>

static int bad(const char *path, const char *why)
{
    fprintf(stderr, "%s: error: %s: cannot mark as a cVM image: %s\n", program_invocation_short_name, path, why);
    return -1;
}

static int rw_at(int fd, void *buf, size_t len, off_t off, int write)
{
    ssize_t n = write ? pwrite(fd, buf, len, off) : pread(fd, buf, len, off);
    return n == (ssize_t)len ? 0 : -1;
}

static int mark_fd(int fd, const char *path, int cut_interp)
{
    Elf64_Ehdr eh;
    if (rw_at(fd, &eh, sizeof eh, 0, 0) || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
        eh.e_ident[EI_CLASS] != ELFCLASS64)
        return bad(path, "not an ELF64 file");
    if (cut_interp && eh.e_type != ET_DYN) /* iv-mark marks anything: tests forge */
        return bad(path, "not a static-PIE image (ET_DYN)");
    if (eh.e_phentsize != sizeof(Elf64_Phdr))
        return bad(path, "bad e_phentsize");
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        off_t at = (off_t)(eh.e_phoff + i * sizeof ph);
        if (rw_at(fd, &ph, sizeof ph, at, 0))
            return bad(path, "program headers are not inside the file");
        if (!cut_interp || ph.p_type != PT_INTERP || ph.p_filesz == 0)
            continue;
        char last;
        if (rw_at(fd, &last, 1, (off_t)(ph.p_offset + ph.p_filesz - 1), 0))
            return bad(path, "PT_INTERP is not inside the file");
        if (last == 0) {
            /* Linux refuses an interpreter path without its NUL before
             * anything is mapped: execve fails with ENOEXEC (shells: exit
             * 126, "Exec format error"). */
            ph.p_filesz--;
            if (rw_at(fd, &ph, sizeof ph, at, 1))
                return bad(path, strerror(errno));
        }
    }
    memcpy(eh.e_ident + IV_IMAGE_MARK_OFFSET, IV_IMAGE_MARK, IV_IMAGE_MARK_LEN);
    if (rw_at(fd, eh.e_ident, EI_NIDENT, 0, 1))
        return bad(path, strerror(errno));
    return 0;
}

int iv_mark_image(const char *path, int cut_interp)
{
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return bad(path, strerror(errno));
    int rc = mark_fd(fd, path, cut_interp);
    if (close(fd) && rc == 0)
        return bad(path, strerror(errno));
    return rc;
}
