/* advise: IV_HC_MADVISE (transparent huge pages for the cVM's own
 * anonymous memory; docs/hostcalls.md "Memory").  Run with --mem 64M.
 *   advise        the checks below; prints "advise ok"
 *   advise hold   commits 8 MiB of huge-page-advised memory, touches it,
 *                 prints "ready" and sleeps 5 s, so that the test can look
 *                 at the monitor's AnonHugePages from outside */
#include "util.h"
#include <intravisor/sfi.h>

#define MIB (1l << 20)
#define HUGE 14
#define NOHUGE 15

int main(int argc, char **argv)
{
    /* 128 MiB reserved; the 2 MiB-aligned part of it used below. */
    long p = iv_mmap(0, 128 * MIB, 0, 0);
    expect("reserve", IV_IS_ERR(p), 0);
    if (IV_IS_ERR(p))
        return 1;
    char *r = (char *)((p + 2 * MIB - 1) & ~(2 * MIB - 1));
    if (argc > 1 && t_streq(argv[1], "hold")) {
        expect("hold advise", iv_madvise(r, 8 * MIB, HUGE), 0);
        expect("hold commit", iv_mprotect(r, 8 * MIB, IV_PROT_READ | IV_PROT_WRITE), 0);
        for (long i = 0; i < 8 * MIB; i += 4096)
            r[i] = 1;
        t_puts("ready\n");
        iv_nanosleep(5000000000l);
        return t_fails;
    }
    /* Refused: advice other than the two, empty, unaligned, outside the
     * region, not mapped. */
    expect("advice dontneed", iv_madvise(r, 4096, 4), -22);
    expect("advice 0", iv_madvise(r, 4096, 0), -22);
    expect("advice huge|1<<32", iv_madvise(r, 4096, (int)(HUGE | 0x100)), -22);
    expect("len 0", iv_madvise(r, 0, HUGE), -22);
    expect("unaligned", iv_madvise(r + 1, 4096, HUGE), -22);
    expect("past the region", iv_madvise((char *)((unsigned long)main & ~4095ul) + IV_REGION_SIZE, 4096, HUGE), -22);
    /* Mapped but the monitor's (the image's code, as Linux would a
     * program's own text or .bss): taken, not applied; the code runs on. */
    expect("image", iv_madvise((void *)((unsigned long)main & ~4095ul), 4096, HUGE), 0);
    expect("image no huge", iv_madvise((void *)((unsigned long)main & ~4095ul), 4096, NOHUGE), 0);
    expect("past the reservation", iv_madvise((char *)p + 127 * MIB, 2 * MIB, HUGE), -12);
    /* A reservation advised holds no memory: the whole budget still fits. */
    expect("advise reservation", iv_madvise((char *)p, 128 * MIB, HUGE), 0);
    expect("commit 48 MiB", iv_mprotect(r, 48 * MIB, IV_PROT_READ | IV_PROT_WRITE), 0);
    for (long i = 0; i < 48 * MIB; i += 4096)
        r[i] = (char)(i >> 12);
    /* Advice changes no contents, either way, on part of a mapping. */
    expect("no huge", iv_madvise(r + 2 * MIB, 4 * MIB, NOHUGE), 0);
    expect("huge again", iv_madvise(r + 4 * MIB, 2 * MIB, HUGE), 0);
    long bad = 0;
    for (long i = 0; i < 48 * MIB; i += 4096)
        bad += r[i] != (char)(i >> 12);
    expect("contents kept", bad, 0);
    /* Nor the charge: 16 more MiB would pass the budget. */
    expect("budget unchanged", iv_mprotect(r + 48 * MIB, 17 * MIB, IV_PROT_READ | IV_PROT_WRITE), -12);
    /* Unmapped pages: ENOMEM, as Linux. */
    expect("unmap", iv_munmap(r, 2 * MIB), 0);
    expect("advise unmapped", iv_madvise(r, 4 * MIB, HUGE), -12);
    if (!t_fails)
        t_puts("advise ok\n");
    return t_fails;
}
