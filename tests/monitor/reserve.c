/* reserve: PROT_NONE mappings are reservations, not charged to the memory
 * budget; committing them with mprotect is (docs/monitor.md "Memory").
 * Run with --mem 64M. */
#include "util.h"

#define MIB (1l << 20)

int main(void)
{
    /* 1 GiB reserved under a 64 MiB budget. */
    long p = iv_mmap(0, 1024 * MIB, 0, 0);
    expect("reserve 1 GiB", IV_IS_ERR(p), 0);
    if (IV_IS_ERR(p))
        return 1;
    char *r = (char *)p;
    expect("commit 100 MiB refused", iv_mprotect(r, 100 * MIB, IV_PROT_READ | IV_PROT_WRITE), -12);
    expect("commit 32 MiB", iv_mprotect(r, 32 * MIB, IV_PROT_READ | IV_PROT_WRITE), 0);
    for (long i = 0; i < 32 * MIB; i += 4096)
        r[i] = 7;
    /* Inaccessible again, the pages keep their contents: still charged. */
    expect("protect none", iv_mprotect(r, 32 * MIB, 0), 0);
    expect("second 32 MiB refused", iv_mprotect(r + 32 * MIB, 32 * MIB, IV_PROT_READ | IV_PROT_WRITE), -12);
    expect("commit again", iv_mprotect(r, 32 * MIB, IV_PROT_READ | IV_PROT_WRITE), 0);
    expect("contents kept", r[4096 * 100], 7);
    /* A fresh PROT_NONE mapping over it holds nothing: no charge. */
    expect("remap none", iv_mmap(r, 32 * MIB, 0, IV_MAP_FIXED), p);
    expect("second 32 MiB now fits", iv_mprotect(r + 32 * MIB, 32 * MIB, IV_PROT_READ | IV_PROT_WRITE), 0);
    expect("unmap", iv_munmap(r, 1024 * MIB), 0);
    long q = iv_mmap(0, 40 * MIB, IV_PROT_READ | IV_PROT_WRITE, 0);
    expect("40 MiB after unmap", IV_IS_ERR(q), 0);
    if (!t_fails)
        t_puts("reserve ok\n");
    return t_fails;
}
